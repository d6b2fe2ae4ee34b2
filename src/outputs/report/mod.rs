//! Reports for the terminal and for other programs: the findings of `ctg
//! verifier`, change reports (French narrative, Markdown, JSON, workbook),
//! the history of a shared folder, the summary of a consolidation, and the
//! results campaign of `ctg evaluation`.

pub mod campaign;
pub mod changes;
pub mod findings;
mod format;
pub mod history;
pub mod summary;

pub use format::{Format, change_text, write_changes};
