//! The « Couverture » sheet, the CTG's « zones d'ombre », as they stand:
//! first the two ranked lists a reader looks for (communes no running
//! action names, objectives without a running action), then, for each
//! operational objective, its running or completed actions — those that
//! name communes and territory-wide ones side by side — its planned ones
//! apart, and the grid of the communes its running actions name. The
//! figures are `analysis::coverage`'s.

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use super::grid::{self, Block, Value, Widths};
use super::styles::Styles;
use crate::analysis::Plan;

/// Columns of the objectives' grid before the communes.
const GRID_HEADERS: [&str; 6] = [
    "En cours ou réalisées",
    "dont nommant des communes",
    "dont « Toutes »",
    "Prévues ou en attente",
    "Partenaires",
    "Budget (€)",
];

/// First column of the communes, after a blank one.
const COMMUNES_COL: u16 = 1 + GRID_HEADERS.len() as u16 + 1;

/// Widths of the objectives' column and of the figures beside it.
const WIDTHS: Widths = Widths(&[60.0, 13.0]);

/// A count, in orange when it is nought: a « zone d'ombre ».
fn shaded(n: usize, s: &Styles) -> &Format {
    if n == 0 { &s.shadow } else { &s.integer }
}

/// Writes the content of the Couverture sheet.
pub(super) fn write(ws: &mut Worksheet, plan: &Plan, s: &Styles) -> Result<(), XlsxError> {
    ws.set_column_width(0, WIDTHS.0[0])?;
    ws.write_string_with_format(
        0,
        0,
        "Couverture de la CTG : les « zones d'ombre »",
        &s.title,
    )?;
    ws.write_string_with_format(1, 0, format!("Au {} : seules les actions en cours ou réalisées couvrent ; celles à venir, reportées ou au statut à préciser sont comptées à part (« prévues ou en attente »), les abandonnées ne comptent pas. Une action « Toutes » couvre le territoire sans cibler de commune : elle est comptée à part, pas dans la grille des communes.", plan.today.format("%d/%m/%Y")), &s.subtitle)?;

    let communes = plan.communes_without_targeted_action();
    let listed = grid::write(
        ws,
        3,
        &Block {
            title: format!(
                "Communes qu'aucune action en cours ou réalisée ne nomme ({})",
                communes.len()
            ),
            note: Some("Celles qu'aucune action ne nomme, même prévue, d'abord.".to_owned()),
            headers: [
                "Commune",
                "Actions prévues ou en attente qui la nomment",
                "Actions « Toutes » en cours ou réalisées",
            ]
            .map(str::to_owned)
            .to_vec(),
            rows: communes
                .iter()
                .map(|c| {
                    vec![
                        Value::Label(c.commune.name.clone()),
                        Value::Count(c.pending_named),
                        Value::Count(c.active_territory),
                    ]
                })
                .collect(),
            total: None,
        },
        WIDTHS,
        s,
    )?;
    let objectives = plan.objectives_without_running_action();
    let listed = grid::write(
        ws,
        listed.next,
        &Block {
            title: format!(
                "Objectifs sans action en cours ou réalisée ({})",
                objectives.len()
            ),
            note: Some("Ceux sans aucune action d'abord.".to_owned()),
            headers: [
                "Objectif opérationnel",
                "Actions prévues ou en attente",
                "Actions abandonnées",
            ]
            .map(str::to_owned)
            .to_vec(),
            rows: objectives
                .iter()
                .map(|o| {
                    vec![
                        Value::Label(o.objective.choice()),
                        Value::Count(o.pending),
                        Value::Count(o.abandoned),
                    ]
                })
                .collect(),
            total: None,
        },
        WIDTHS,
        s,
    )?;
    let mut row = listed.next - 1;
    row += 1;
    ws.write_string_with_format(
        row,
        0,
        "Actions par objectif et communes nommées par les actions en cours ou réalisées",
        &s.heading,
    )?;
    row += 1;
    grid(ws, row, plan, s)?;
    ws.set_freeze_panes(0, 1)?;
    Ok(())
}

/// The objectives' grid, its header at `row`.
fn grid(ws: &mut Worksheet, mut row: u32, plan: &Plan, s: &Styles) -> Result<(), XlsxError> {
    let r = plan.referentiel;
    ws.write_string_with_format(row, 0, "Objectif opérationnel", &s.header)?;
    for (i, h) in GRID_HEADERS.iter().enumerate() {
        ws.write_string_with_format(row, 1 + i as u16, *h, &s.header)?;
        ws.set_column_width(1 + i as u16, WIDTHS.0[1])?;
    }
    ws.write_string_with_format(row, COMMUNES_COL - 1, "", &s.text)?;
    ws.set_column_width(COMMUNES_COL - 1, 3)?;
    for (i, commune) in r.communes.iter().enumerate() {
        ws.write_string_with_format(row, COMMUNES_COL + i as u16, &commune.name, &s.header)?;
        ws.set_column_width(COMMUNES_COL + i as u16, 11)?;
    }
    ws.set_row_height(row, 60)?;
    // Printed, the grid's header is repeated on every page.
    ws.set_repeat_rows(row, row)?;
    row += 1;
    for o in plan.coverage_by_objective() {
        let label = o.objective.choice();
        ws.write_string_with_format(row, 0, &label, &s.label_wrap)?;
        grid::fit(ws, row, &label, WIDTHS.0[0])?;
        ws.write_number_with_format(row, 1, o.active as f64, shaded(o.active, s))?;
        ws.write_number_with_format(row, 2, o.active_named as f64, &s.integer)?;
        ws.write_number_with_format(row, 3, o.active_territory as f64, &s.integer)?;
        ws.write_number_with_format(row, 4, o.pending as f64, &s.integer)?;
        ws.write_number_with_format(row, 5, o.partners.len() as f64, &s.integer)?;
        ws.write_number_with_format(row, 6, o.budget, &s.total_money)?;
        for (i, n) in o.per_commune.iter().enumerate() {
            // A commune no running action names, but a territory-wide one
            // covers, is not a zone d'ombre: only blank.
            let format = if *n == 0 && o.active_territory > 0 {
                &s.integer
            } else {
                shaded(*n, s)
            };
            ws.write_number_with_format(row, COMMUNES_COL + i as u16, *n as f64, format)?;
        }
        row += 1;
    }
    ws.write_string_with_format(
        row,
        0,
        "Actions en cours ou réalisées qui nomment la commune",
        &s.total_label,
    )?;
    let pending_row = row + 1;
    ws.write_string_with_format(
        pending_row,
        0,
        "Actions prévues ou en attente qui la nomment",
        &s.total_label,
    )?;
    for (i, c) in plan.coverage_by_commune().iter().enumerate() {
        let col = COMMUNES_COL + i as u16;
        ws.write_number_with_format(row, col, c.active_named as f64, &s.total)?;
        ws.write_number_with_format(pending_row, col, c.pending_named as f64, &s.total)?;
    }
    let unspecified = plan
        .entries
        .iter()
        .filter(|e| e.communes() == crate::model::Communes::Unspecified)
        .count();
    if unspecified > 0 {
        ws.write_string_with_format(
            pending_row + 2,
            0,
            format!(
                "{} sans commune renseignée ne figurent pas dans la grille des communes.",
                crate::text::count(unspecified, "action", "actions")
            ),
            &s.subtitle,
        )?;
    }
    Ok(())
}
