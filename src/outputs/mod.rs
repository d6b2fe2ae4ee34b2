//! What ctg writes for people: the consolidated workbook for the CAF, the
//! partner template, one feedback page per partner, the status page, and the
//! reports of the terminal commands.

pub mod consolidated;
pub mod pages;
pub mod report;
pub mod template;
