//! The fiches actions presented to a committee (`ctg fiches`): a Word
//! document and the same content as one self-contained HTML page. What
//! they say is built once (`content`), then written by `word` (docx-rs)
//! and `web` (maud).

mod content;
mod joint;
mod web;
mod word;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::history::CurrentPlan;
use crate::referentiel::Config;

pub use content::{Filters, plan_date};

/// Name of the Word document in `sortie/`.
pub const DOCX: &str = "fiches-actions.docx";

/// What `write` wrote.
#[derive(Debug, Clone)]
pub struct Written {
    /// The Word document.
    pub docx: PathBuf,
    /// The HTML page beside it.
    pub html: PathBuf,
    /// How many fiches.
    pub fiches: usize,
    /// How many objectives no action covers.
    pub shadows: usize,
}

/// Writes the fiches of `plan` kept by `filters`, dated `date`, to `docx`
/// and to the HTML page beside it (same name, `.html`), each atomically.
pub fn write(
    docx: &Path,
    plan: &CurrentPlan,
    config: &Config,
    filters: &Filters,
    date: NaiveDate,
) -> Result<Written> {
    let f = content::fiches(plan, config, filters, date);
    let bytes = word::build(&f).map_err(|reason| {
        Error::Io(crate::fs::IoError {
            action: "Impossible de produire le document Word",
            path: docx.to_path_buf(),
            reason,
        })
    })?;
    crate::fs::write_atomic(docx, &bytes)?;
    let html = docx.with_extension("html");
    crate::fs::write_atomic(&html, web::render(&f).as_bytes())?;
    Ok(Written {
        docx: docx.to_path_buf(),
        html,
        fiches: f.fiches.len(),
        shadows: f.shadows.len(),
    })
}
