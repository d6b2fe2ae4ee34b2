//! The « Répartition » sheet: the plan broken down flat for pivot tables,
//! one row per action and commune, per action and public, per action and
//! champ d'intervention (`analysis::breakdown`). Each row carries its share
//! of the action's budget and CAF funding, so that sums add up to the
//! plan's whatever the dimension filtered.

use rust_xlsxwriter::{Note, Worksheet, XlsxError};

use super::styles::Styles;
use super::table::{Cell, TableWriter};
use super::{axis_of, coded};
use crate::analysis::breakdown::Dimension;
use crate::analysis::{Plan, StatusRead, money};

/// Header and width of each column.
const COLUMNS: [(&str, f64); 15] = [
    ("Dimension", 20.0),
    ("Valeur", 28.0),
    ("Portée", 18.0),
    ("N° action", 13.0),
    ("Partenaire", 11.0),
    ("Intitulé", 36.0),
    ("Axe", 30.0),
    ("Objectif opérationnel", 36.0),
    ("Statut", 14.0),
    ("Suivi", 16.0),
    ("Part de l'action", 10.0),
    ("Budget de l'action (€)", 14.0),
    ("Budget réparti (€)", 14.0),
    ("Financement CAF de l'action (€)", 14.0),
    ("Financement CAF réparti (€)", 14.0),
];

/// Writes the content of the Répartition sheet.
pub(super) fn write(ws: &mut Worksheet, plan: &Plan, s: &Styles) -> Result<(), XlsxError> {
    let r = plan.referentiel;
    let mut t = TableWriter::new(ws, s, 0, COLUMNS)?;
    for line in plan.breakdown() {
        let e = line.entry;
        let a = e.action;
        let caf = money::caf(a);
        let status = match e.status {
            StatusRead::Empty => String::new(),
            other => other.label(r),
        };
        t.push(&[
            Cell::Text(line.dimension.label()),
            Cell::Owned(line.value),
            Cell::Text(match line.dimension {
                Dimension::Commune => line.scope.label(),
                Dimension::Audience | Dimension::Domain => "",
            }),
            Cell::Text(&a.number),
            Cell::Text(e.partner),
            Cell::Text(&a.title),
            Cell::Owned(
                axis_of(r, a)
                    .map(|x| coded(&x.code, &x.label))
                    .unwrap_or_default(),
            ),
            Cell::Owned(
                r.objective(&a.objective)
                    .map_or_else(|| a.objective.clone(), |o| o.choice()),
            ),
            Cell::Owned(status),
            Cell::Text(e.suivi.tracking.label()),
            Cell::Number(Some(line.share), &s.share),
            Cell::Number(a.budget, &s.money),
            Cell::Number(a.budget.map(|b| b * line.share), &s.money),
            Cell::Number(Some(caf), &s.money),
            Cell::Number(Some(caf * line.share), &s.money),
        ])?;
    }
    t.finish("Repartition")?;
    // Summing every row would count each action three times.
    let note = Note::new(
        "Chaque action figure ici une fois par dimension (commune, public, champ d'intervention) : filtrez sur une seule dimension avant d'additionner. Chacune redonne alors le budget et le financement CAF du plan.",
    )
    .add_author_prefix(false);
    ws.insert_note(0, 0, &note)?;
    Ok(())
}
