//! The hidden « Listes » sheet: one column per dropdown of the Actions
//! sheet (objectives, domains, audiences, statuses, communes, dispositifs
//! CAF), taken from the référentiel, so the choices follow `ctg.toml`.

use rust_xlsxwriter::Worksheet;

use super::XlsxResult;
use super::styles::protection;
use crate::referentiel::Referentiel;

/// Name of the hidden sheet feeding the dropdowns.
const LISTS_SHEET: &str = "Listes";

/// The hidden sheet of dropdown values, and the ranges of each list.
pub(super) struct Lists {
    /// The sheet, pushed last into the workbook.
    pub(super) sheet: Worksheet,
    /// Range of the operational objectives (« code — label »).
    pub(super) objectives: String,
    /// Range of the domains (champs d'intervention).
    pub(super) domains: String,
    /// Range of the target audiences.
    pub(super) audiences: String,
    /// Range of the status labels.
    pub(super) statuses: String,
    /// Range of the communes, « Toutes » first.
    pub(super) communes: String,
    /// Range of the dispositifs CAF.
    pub(super) caf_schemes: String,
}

/// Writes the lists of `r` into a hidden, protected sheet, and gives the
/// range formula of each (`=Listes!$A$2:$A$27`).
pub(super) fn sheet(r: &Referentiel) -> XlsxResult<Lists> {
    let mut ws = Worksheet::new();
    ws.set_name(LISTS_SHEET)?;
    let mut column = |col: u16, title: &str, values: Vec<String>| -> XlsxResult<String> {
        ws.write_string(0, col, title)?;
        for (i, v) in values.iter().enumerate() {
            ws.write_string(i as u32 + 1, col, v)?;
        }
        let letter = crate::finding::column_letters(col as u32);
        Ok(format!(
            "={LISTS_SHEET}!${letter}$2:${letter}${}",
            values.len().max(1) + 1
        ))
    };
    let objectives = column(
        0,
        "Objectifs opérationnels",
        r.objectives.iter().map(|o| o.choice()).collect(),
    )?;
    let domains = column(1, "Champs d'intervention", r.domains.clone())?;
    let audiences = column(2, "Publics cibles", r.audiences.clone())?;
    let statuses = column(
        3,
        "Statuts",
        r.statuses.iter().map(|s| s.label.clone()).collect(),
    )?;
    let communes = column(
        4,
        "Communes",
        std::iter::once("Toutes".to_owned())
            .chain(r.communes.iter().map(|c| c.name.clone()))
            .collect(),
    )?;
    let caf_schemes = column(5, "Dispositifs CAF", r.caf_schemes.clone())?;
    ws.set_column_width(0, 80)?;
    ws.set_column_width(1, 30)?;
    ws.set_column_width(2, 30)?;
    ws.set_column_width(4, 28)?;
    ws.set_column_width(5, 30)?;
    ws.set_hidden(true);
    ws.protect_with_options(&protection());
    Ok(Lists {
        sheet: ws,
        objectives,
        domains,
        audiences,
        statuses,
        communes,
        caf_schemes,
    })
}
