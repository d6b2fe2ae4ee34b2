//! The workbook handed to each partner (`ctg modele`): their identity,
//! an Actions table with dropdowns and checks as they type, an Indicateurs
//! table, and instructions in French with the CTG's work leads as examples.
//!
//! One module per sheet (`instructions`, `partner`, `actions`,
//! `indicators`, and the hidden `lists` feeding the dropdowns), with the
//! formats and protection in `styles` and the checks as partners type in
//! `validation`. Headers come from [`crate::referentiel::columns`], so what
//! the template writes is exactly what the reader expects.

mod actions;
mod indicators;
mod instructions;
mod lists;
mod marks;
mod partner;
mod styles;
mod validation;

use std::path::Path;

use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};

use crate::error::{Error, Result};
use crate::model::{Action, Indicator};
use crate::outputs::print::{Fit, Footer, a4_landscape};
use crate::referentiel::{Partner, Referentiel};
use crate::validate::TEMPLATE_VERSION;
use styles::Styles;

pub use marks::Mark;

/// What building one sheet gives: the sheet, or what rust_xlsxwriter
/// refused.
type XlsxResult<T> = std::result::Result<T, XlsxError>;

/// Rows covered by dropdowns and checks, in the Actions and Indicateurs
/// sheets (the indicators' action numbers point at the same rows).
const INPUT_ROWS: u32 = 500;

/// What to put in a partner's template.
#[derive(Debug, Clone)]
pub struct TemplateSpec<'a> {
    /// The partner.
    pub partner: &'a Partner,
    /// Actions to pre-fill (their current accepted actions), possibly none.
    pub actions: &'a [Action],
    /// Indicators to pre-fill.
    pub indicators: &'a [Indicator],
    /// Creation date written in the document properties (not the clock:
    /// the same spec gives the same bytes).
    pub created: chrono::NaiveDateTime,
}

/// Writes the template of `spec` to `path` (atomically).
pub fn write(path: &Path, spec: &TemplateSpec, r: &Referentiel) -> Result<()> {
    write_marked(path, spec, r, &[])
}

/// Writes the template of `spec` to `path` (atomically), with `marks`
/// pointing out the cells to fill.
pub fn write_marked(
    path: &Path,
    spec: &TemplateSpec,
    r: &Referentiel,
    marks: &[Mark],
) -> Result<()> {
    let bytes = build_marked(spec, r, marks).map_err(|e| Error::workbook(path, &e))?;
    Ok(crate::fs::write_atomic(path, &bytes)?)
}

/// Builds the template workbook in memory.
pub fn build(spec: &TemplateSpec, r: &Referentiel) -> std::result::Result<Vec<u8>, XlsxError> {
    build_marked(spec, r, &[])
}

/// Builds the template workbook in memory, with `marks` pointing out the
/// cells to fill.
pub fn build_marked(
    spec: &TemplateSpec,
    r: &Referentiel,
    marks: &[Mark],
) -> std::result::Result<Vec<u8>, XlsxError> {
    let styles = Styles::new();
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("Plan d'actions CTG — {}", spec.partner.name))
            .set_subject(r.convention.name.clone())
            .set_author("ctg")
            .set_comment(format!(
                "Modèle {TEMPLATE_VERSION} généré par ctg pour le partenaire {}",
                spec.partner.code
            ))
            .set_creation_datetime(&spec.created),
    );
    let lists = lists::sheet(r)?;
    let footer = Footer {
        name: r.convention.name.clone(),
        date: Some(spec.created.date()),
    };
    let mut guide = instructions::sheet(r, &styles)?;
    guide.set_active(true);
    // Tables print with their header row on every page.
    let table = Fit::Width { repeat: Some(0) };
    let mut actions = actions::sheet(spec, r, &styles, &lists)?;
    let mut indicators = indicators::sheet(spec, r, &styles)?;
    marks::apply(&mut actions, &mut indicators, marks, r)?;
    let sheets = [
        (guide, Fit::Width { repeat: None }),
        (
            partner::sheet(spec.partner, r, &styles)?,
            Fit::Width { repeat: None },
        ),
        (actions, table),
        (indicators, table),
    ];
    for (mut ws, fit) in sheets {
        a4_landscape(&mut ws, fit, &footer)?;
        wb.push_worksheet(ws);
    }
    wb.push_worksheet(lists.sheet);
    wb.save_to_buffer()
}
