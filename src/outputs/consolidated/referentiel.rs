//! The « Référentiel » sheet: the CTG's structure the consolidation was
//! checked against (axes, orientations, operational objectives and their
//! « pistes de travail »), so the workbook explains itself.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::coded;
use super::styles::Styles;
use super::table::{Cell, TableWriter};
use crate::referentiel::Referentiel;

/// Header and width of each column.
const COLUMNS: [(&str, f64); 5] = [
    ("Axe", 40.0),
    ("Orientation", 40.0),
    ("Code objectif", 12.0),
    ("Objectif opérationnel", 50.0),
    ("Pistes de travail", 80.0),
];

/// Writes the content of the Référentiel sheet.
pub(super) fn write(ws: &mut Worksheet, r: &Referentiel, s: &Styles) -> Result<(), XlsxError> {
    let mut t = TableWriter::new(ws, s, 0, COLUMNS)?;
    for o in &r.objectives {
        let orientation = r.orientation(o.orientation_code());
        let axis = r.axis(o.axis_code());
        t.push(&[
            Cell::Owned(axis.map(|a| coded(&a.code, &a.label)).unwrap_or_default()),
            Cell::Owned(
                orientation
                    .map(|x| coded(&x.code, &x.label))
                    .unwrap_or_default(),
            ),
            Cell::Text(&o.code),
            Cell::Text(&o.label),
            Cell::Owned(
                o.leads
                    .iter()
                    .map(|l| format!("• {l}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        ])?;
    }
    t.finish("Referentiel")
}
