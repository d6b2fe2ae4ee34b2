//! The HTML pages of a consolidation: the coordinator's status page, one
//! feedback page per partner and one per file whose partner is unknown, built with maud templates so that every piece
//! of text is escaped unless a template says otherwise. `follow` lays out
//! where the actions stand (late, at risk, money by state) for both.

pub mod charts;
pub mod dashboard;
pub mod evaluation;
pub mod feedback;
pub mod follow;
pub mod frame;
pub mod orphan;
pub mod overview;
