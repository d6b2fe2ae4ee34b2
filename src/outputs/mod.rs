//! What ctg writes for people: the consolidated workbook for the CAF, the
//! partner template, one feedback page per partner, the status page, and the
//! reports of the terminal commands.

pub mod consolidated;
pub mod decisions;
pub mod fiches;
pub mod pages;
pub mod print;
pub mod report;
pub mod template;

use std::path::PathBuf;

/// What a run wrote, for the summary.
pub struct Written {
    /// The consolidated workbook.
    pub workbook: PathBuf,
    /// The change report (Markdown; JSON beside it), when something changed.
    pub report: Option<PathBuf>,
    /// The status page.
    pub dashboard: PathBuf,
    /// The feedback folder.
    pub feedback_dir: PathBuf,
    /// Feedback files written.
    pub feedback: usize,
}
