//! The HTML pages of a consolidation: the coordinator's status page and one
//! feedback page per partner, built with maud templates so that every piece
//! of text is escaped unless a template says otherwise.

pub mod charts;
pub mod dashboard;
pub mod feedback;
pub mod frame;
pub mod overview;
