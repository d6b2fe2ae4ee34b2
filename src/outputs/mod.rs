//! What a consolidation produces: the workbook for the CAF, one feedback
//! page per partner, and the status page.

pub mod dashboard;
pub mod feedback;
pub mod html;
pub mod workbook;
