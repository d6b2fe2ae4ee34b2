//! The HTML pages of a consolidation: the coordinator's status page, one
//! feedback page per partner and one per file whose partner is unknown, built with maud templates so that every piece
//! of text is escaped unless a template says otherwise.

pub mod charts;
pub mod dashboard;
pub mod evaluation;
pub mod feedback;
pub mod frame;
pub mod orphan;
pub mod overview;
