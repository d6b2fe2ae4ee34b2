//! The « Anomalies » sheet: every finding of the consolidation (errors,
//! warnings and informations, partner by partner, then files without a
//! partner and the folder's own problems), with the action it is about,
//! the cell it points at, and the label of its kind beside its stable code.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::styles::Styles;
use super::table::{Cell, TableWriter};
use crate::consolidate::Consolidation;
use crate::finding::Severity;

/// Header and width of each column.
const COLUMNS: [(&str, f64); 10] = [
    ("Partenaire", 11.0),
    ("N° action", 13.0),
    ("Fichier", 28.0),
    ("Feuille", 14.0),
    ("Cellule", 9.0),
    ("Gravité", 14.0),
    ("Constat", 30.0),
    ("Code", 22.0),
    ("Message", 90.0),
    ("Suggestion", 36.0),
];

/// Writes the content of the Anomalies sheet.
pub(super) fn write(ws: &mut Worksheet, c: &Consolidation, s: &Styles) -> Result<(), XlsxError> {
    let mut t = TableWriter::new(ws, s, 0, COLUMNS)?;
    for (partner, f) in c.findings() {
        let severity = match f.severity {
            Severity::Error => &s.error,
            Severity::Warning => &s.warning,
            Severity::Info => &s.info,
        };
        let action = c
            .partners
            .iter()
            .find(|p| p.code == partner)
            .and_then(|p| p.action_of(f))
            .or_else(|| c.orphans.iter().find_map(|o| o.submission.action_of(f)));
        t.push(&[
            Cell::Text(partner),
            Cell::Text(action.unwrap_or_default()),
            Cell::Text(&f.file),
            Cell::Owned(
                f.location
                    .as_ref()
                    .map(|l| l.sheet.clone())
                    .unwrap_or_default(),
            ),
            Cell::Owned(f.location.as_ref().map(|l| l.cell()).unwrap_or_default()),
            Cell::Styled(f.severity.label().to_owned(), severity),
            Cell::Text(f.code.label()),
            Cell::Text(f.code.as_str()),
            Cell::Text(&f.message),
            Cell::Owned(f.suggestion.clone().unwrap_or_default()),
        ])?;
    }
    t.finish("Anomalies")
}
