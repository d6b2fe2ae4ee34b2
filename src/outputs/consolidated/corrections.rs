//! The « À corriger » sheet: every row of a partner's workbook that could
//! not be accepted, why, and what it held, so the coordinator can follow up
//! with the partner.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::key_values;
use super::styles::Styles;
use super::table::{Cell, TableWriter};
use crate::consolidate::Consolidation;

/// Header and width of each column.
const COLUMNS: [(&str, f64); 6] = [
    ("Partenaire", 11.0),
    ("Fichier", 30.0),
    ("Feuille", 14.0),
    ("Ligne", 8.0),
    ("Pourquoi la ligne n'est pas prise en compte", 60.0),
    ("Contenu de la ligne", 70.0),
];

/// Writes the content of the À corriger sheet.
pub(super) fn write(ws: &mut Worksheet, c: &Consolidation, s: &Styles) -> Result<(), XlsxError> {
    let mut t = TableWriter::new(ws, s, 0, COLUMNS)?;
    for p in &c.partners {
        let Some(used) = &p.used else { continue };
        for row in &used.submission.rejected {
            t.push(&[
                Cell::Text(&p.code),
                Cell::Text(&used.rel),
                Cell::Text(&row.sheet),
                Cell::Number(Some(row.row as f64), &s.text),
                Cell::Owned(row.reasons.join("\n")),
                Cell::Owned(key_values(&row.values)),
            ])?;
        }
    }
    t.finish("ACorriger")
}
