//! The « Couverture » sheet, the CTG's « zones d'ombre »: for each
//! operational objective, its actions, partners and budget, and how many
//! of its actions touch each commune. An objective without action, or a
//! commune no action touches, stands out in orange.

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use super::styles::Styles;
use super::total;
use crate::consolidate::{Consolidation, PartnerEntry};
use crate::model::{Action, Communes};
use crate::referentiel::Referentiel;

/// Row of the table's header (objectives × communes).
pub(super) const HEADER_ROW: u32 = 3;

/// First column of the communes, after a blank one.
const COMMUNES_COL: u16 = 5;

/// A count, in orange when it is nought: a « zone d'ombre ».
fn shaded(n: f64, s: &Styles) -> &Format {
    if n == 0.0 { &s.shadow } else { &s.integer }
}

/// Writes the content of the Couverture sheet.
pub(super) fn write(
    ws: &mut Worksheet,
    c: &Consolidation,
    r: &Referentiel,
    s: &Styles,
) -> Result<(), XlsxError> {
    ws.set_column_width(0, 60)?;
    ws.write_string_with_format(
        0,
        0,
        "Couverture de la CTG : les « zones d'ombre »",
        &s.title,
    )?;
    ws.write_string_with_format(1, 0, "Les cases orangées signalent un objectif sans action, ou une commune qu'aucune action ne touche pour cet objectif.", &s.subtitle)?;
    // A joint action is one action, carried by all its partners, touching
    // all their communes.
    let actions = c.counted_actions();
    let mut row = HEADER_ROW;
    ws.write_string_with_format(row, 0, "Objectif opérationnel", &s.header)?;
    for (i, h) in ["Actions", "Partenaires", "Budget (€)"].iter().enumerate() {
        ws.write_string_with_format(row, 1 + i as u16, *h, &s.header)?;
        ws.set_column_width(1 + i as u16, 12)?;
    }
    ws.write_string_with_format(row, COMMUNES_COL - 1, "", &s.text)?;
    for (i, commune) in r.communes.iter().enumerate() {
        ws.write_string_with_format(row, COMMUNES_COL + i as u16, &commune.name, &s.header)?;
        ws.set_column_width(COMMUNES_COL + i as u16, 11)?;
    }
    ws.set_row_height(row, 60)?;
    row += 1;
    for o in &r.objectives {
        let of: Vec<(&PartnerEntry, &Action)> = actions
            .iter()
            .filter(|(_, a)| a.objective == o.code)
            .copied()
            .collect();
        let rows: Vec<Vec<(&PartnerEntry, &Action)>> =
            of.iter().map(|(p, a)| c.rows_of(p, a)).collect();
        let mut partners: Vec<&str> = rows
            .iter()
            .flatten()
            .map(|(p, _)| p.code.as_str())
            .collect();
        partners.sort_unstable();
        partners.dedup();
        ws.write_string_with_format(row, 0, o.choice(), &s.label)?;
        let n = of.len() as f64;
        ws.write_number_with_format(row, 1, n, shaded(n, s))?;
        let n = partners.len() as f64;
        ws.write_number_with_format(row, 2, n, shaded(n, s))?;
        ws.write_number_with_format(
            row,
            3,
            total(of.iter().filter_map(|(_, a)| a.budget)),
            &s.total_money,
        )?;
        for (i, commune) in r.communes.iter().enumerate() {
            let n = rows
                .iter()
                .filter(|line| line.iter().any(|(_, a)| a.communes.covers(&commune.name)))
                .count() as f64;
            ws.write_number_with_format(row, COMMUNES_COL + i as u16, n, shaded(n, s))?;
        }
        row += 1;
    }
    let unspecified = actions
        .iter()
        .filter(|(_, a)| a.communes == Communes::Unspecified)
        .count();
    if unspecified > 0 {
        row += 1;
        ws.write_string_with_format(
            row,
            0,
            format!(
                "{} sans commune renseignée ne figurent pas dans le tableau des communes.",
                crate::text::count(unspecified, "action", "actions")
            ),
            &s.subtitle,
        )?;
    }
    ws.set_freeze_panes(4, 1)?;
    Ok(())
}
