//! The consolidated workbook sent to the CAF: a synthesis with native
//! charts, every action and indicator in filterable tables, the evaluation
//! per objective, the coverage of the CTG (« zones d'ombre »), the plan
//! broken down flat for pivot tables, what could not be accepted, every
//! anomaly, the partners' states and the référentiel used. The derived
//! figures of the plan come from `analysis`, computed once per workbook
//! ([`Plan::of`]).
//!
//! One module per sheet; `styles` holds the formats they share,
//! `table` the table writer most of them write through, `grid` the small
//! hand-made tables of the Synthèse and the Couverture, and `columns`
//! the widths of the columns that come from the shared schema. This module
//! builds the workbook and sets the order of its sheets.
//!
//! Partners' text is always written as text: a cell starting with `=`,
//! `+`, `-` or `@` never becomes a formula.

mod actions;
mod anomalies;
mod breakdown;
mod campaign;
mod changes;
mod columns;
mod corrections;
mod coverage;
mod evaluation;
mod grid;
mod indicators;
mod partners;
mod referentiel;
mod styles;
mod synthesis;
mod table;

use std::path::Path;

use rayon::prelude::*;
use rust_xlsxwriter::{DocProperties, Workbook, Worksheet, XlsxError};

use crate::analysis::Plan;
use crate::changes::ChangeReport;
use crate::consolidate::Consolidation;
use crate::error::{Error, Result};
use crate::model::Action;
use crate::outputs::print::{Fit, Footer, a4_landscape};
use crate::referentiel::sheets::SHEETS;
use crate::referentiel::{Axis, Config, Referentiel};
use styles::Styles;

pub use campaign::build_campaign;

/// What the Modifications sheet reports.
#[derive(Debug, Clone, Copy)]
pub enum Changes<'a> {
    /// The first consolidation of a folder: nothing to compare with.
    FirstRun,
    /// The changes since the previous consolidation.
    Since(&'a ChangeReport),
}

/// Writes the consolidated workbook to `path`, atomically.
pub fn write(path: &Path, c: &Consolidation, config: &Config, changes: Changes) -> Result<()> {
    let bytes = build(c, config, changes).map_err(|e| Error::workbook(path, &e))?;
    Ok(crate::fs::write_atomic(path, &bytes)?)
}

/// Builds the consolidated workbook in memory.
pub fn build(
    c: &Consolidation,
    config: &Config,
    changes: Changes,
) -> std::result::Result<Vec<u8>, XlsxError> {
    let r = &config.referentiel;
    let s = Styles::new();
    let mut wb = Workbook::new();
    // Compressing is most of the cost of saving ten thousand actions; the
    // fastest level makes the file about a third larger.
    wb.set_zip_compression_level(1);
    // Dated by the consolidation, not the clock: same inputs, same bytes.
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("Plan d'actions consolidé — {}", r.convention.name))
            .set_author("ctg")
            .set_company(r.convention.territory.clone())
            .set_creation_datetime(&c.generated_at),
    );
    let plan = Plan::of(c, r);
    // Sheets are independent: they are written in parallel, the Actions
    // and Indicateurs tables being most of the work. In tab order, as
    // `SHEETS` names them.
    let writers: [&SheetWriter; SHEETS.len()] = [
        &|ws| synthesis::write(ws, c, config, &plan, &s),
        &|ws| changes::write(ws, changes, r, &s),
        &|ws| actions::write(ws, c, &plan, &s),
        &|ws| indicators::write(ws, c, r, &s),
        &|ws| evaluation::write(ws, c, r, &s),
        &|ws| coverage::write(ws, &plan, &s),
        &|ws| breakdown::write(ws, &plan, &s),
        &|ws| corrections::write(ws, c, &s),
        &|ws| anomalies::write(ws, c, &s),
        &|ws| partners::write(ws, c, config, &plan, &s),
        &|ws| referentiel::write(ws, r, &s),
    ];
    let sheets: Vec<Worksheet> = SHEETS
        .par_iter()
        .zip(writers.par_iter())
        .map(|(name, write)| sheet(name, write))
        .collect::<std::result::Result<_, _>>()?;
    let footer = Footer {
        name: r.convention.name.clone(),
        date: Some(c.generated_at.date()),
    };
    for (i, mut ws) in sheets.into_iter().enumerate() {
        // The workbook opens on the Synthèse.
        ws.set_active(i == 0);
        // Every sheet prints one page wide, the header row of its table
        // repeated (set by the table writer, and by the Couverture's own
        // writer: its grid comes below its lists). The Synthèse, a page of
        // key figures and charts then a dozen tables, is too long to fit
        // on one page readably.
        a4_landscape(&mut ws, Fit::Width { repeat: None }, &footer)?;
        wb.push_worksheet(ws);
    }
    wb.save_to_buffer()
}

/// A workbook with only the Modifications sheet (`ctg comparer --format
/// xlsx`).
pub fn build_changes(
    report: &ChangeReport,
    r: &Referentiel,
) -> std::result::Result<Vec<u8>, XlsxError> {
    let s = Styles::new();
    let mut wb = Workbook::new();
    let mut ws = sheet(SHEETS[1], &|ws| {
        changes::write(ws, Changes::Since(report), r, &s)
    })?;
    let footer = Footer {
        name: r.convention.name.clone(),
        // Two files compared have no date of their own.
        date: report.until_at.map(|t| t.date()),
    };
    a4_landscape(&mut ws, Fit::Width { repeat: None }, &footer)?;
    wb.push_worksheet(ws);
    wb.save_to_buffer()
}

/// Writes the content of a sheet.
type SheetWriter<'a> = dyn Fn(&mut Worksheet) -> std::result::Result<(), XlsxError> + Sync + 'a;

/// A sheet named `name`, written by `write`.
fn sheet(name: &str, write: &SheetWriter) -> std::result::Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(name)?;
    write(&mut ws)?;
    Ok(ws)
}

// Values that several sheets show the same way.

/// `code — label`.
fn coded(code: &str, label: &str) -> String {
    format!("{code} — {label}")
}

/// The axis of an action, from its objective.
fn axis_of<'a>(r: &'a Referentiel, a: &Action) -> Option<&'a Axis> {
    r.objective(&a.objective)
        .and_then(|o| r.axis(o.axis_code()))
}

/// `header : value` pairs, one per line (a partner's own columns, the
/// content of a refused row).
fn key_values(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(h, v)| format!("{h} : {v}"))
        .collect::<Vec<_>>()
        .join("\n")
}
