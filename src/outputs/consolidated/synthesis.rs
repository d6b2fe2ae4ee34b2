//! The « Synthèse » sheet, the one the workbook opens on: the key figures
//! with the native charts beside them (the first screen a reader sees),
//! then the tables the charts are fed by and those a CAF officer asks for
//! (`tables`, written through `grid`): late actions, money by state, axis,
//! dispositif and year, breakdowns by champ, public and commune.

mod grid;
mod tables;

use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartFormat, ChartSolidFill, ChartType, Format, Worksheet, XlsxError,
};

use super::styles::{Styles, WHOLE_EUROS};
use crate::analysis::breakdown::Dimension;
use crate::analysis::{Plan, StatusRead, freshness};
use crate::consolidate::{Consolidation, PartnerState};
use crate::finding::Severity;
use crate::model::tracking::Tracking;
use crate::referentiel::Config;
use grid::Placed;

/// Column of the charts, right of the key figures.
const CHART_COL: u16 = 3;
/// Height of the funding and axis charts, in pixels (12.5 rows); the
/// status chart, with its legend, is 80 pixels taller.
const CHART_HEIGHT: u32 = 250;
/// Rows below the first key figure where each chart starts, and the rows
/// the three span.
const CHART_ROWS: [u32; 3] = [0, 17, 30];
const CHARTS_SPAN: u32 = 43;

/// Writes the content of the Synthèse sheet.
pub(super) fn write(
    ws: &mut Worksheet,
    c: &Consolidation,
    config: &Config,
    plan: &Plan,
    s: &Styles,
) -> Result<(), XlsxError> {
    let r = &config.referentiel;
    ws.set_column_width(0, 46)?;
    for col in 1..=10 {
        ws.set_column_width(col, 14)?;
    }
    ws.write_string_with_format(
        0,
        0,
        format!("Plan d'actions consolidé — {}", r.convention.name),
        &s.title,
    )?;
    ws.write_string_with_format(
        1,
        0,
        format!(
            "{} et {} · consolidé le {} à partir de {}",
            r.convention.territory,
            r.convention.caf,
            c.generated_at.format("%d/%m/%Y à %H:%M"),
            crate::text::count(
                c.partners.iter().filter(|p| p.used.is_some()).count(),
                "fichier de partenaire",
                "fichiers de partenaires"
            )
        ),
        &s.subtitle,
    )?;
    ws.write_string_with_format(
        2,
        0,
        format!(
            "Budgets : {} (réglage budgets de [suivi] dans ctg.toml). Retards jugés au {}.",
            config.follow.budgets.describe(),
            plan.today.format("%d/%m/%Y")
        ),
        &s.subtitle,
    )?;

    let mut row = 4u32;
    ws.write_string_with_format(row, 0, "Chiffres clés", &s.heading)?;
    row += 1;
    let first_figure = row;
    for (label, value, format) in &key_figures(c, config, plan, s) {
        ws.write_string_with_format(row, 0, label, &s.label)?;
        ws.write_number_with_format(row, 1, *value, format)?;
        row += 1;
    }
    // The tables start below the key figures and the charts beside them.
    let mut at = row.max(first_figure + CHARTS_SPAN) + 1;
    let mut block = |ws: &mut Worksheet, b: grid::Block| -> Result<Placed, XlsxError> {
        let placed = grid::write(ws, at, &b, s)?;
        at = placed.next;
        Ok(placed)
    };
    let by_axis = block(ws, tables::axis_by_status(plan))?;
    let by_tracking = block(ws, tables::status_by_tracking(plan))?;
    block(ws, tables::late_actions(plan))?;
    block(ws, tables::money_by_status_group(plan))?;
    let funding = block(ws, tables::funding_by_axis(plan))?;
    block(ws, tables::by_caf_scheme(plan))?;
    block(ws, tables::budget_per_year(plan, config.follow.budgets))?;
    for dimension in [Dimension::Domain, Dimension::Audience, Dimension::Commune] {
        block(ws, tables::breakdown(plan, dimension))?;
    }
    charts(ws, first_figure, plan, &by_axis, &by_tracking, &funding)
}

/// The key figures: label, value and format, top to bottom.
fn key_figures<'s>(
    c: &Consolidation,
    config: &Config,
    plan: &Plan,
    s: &'s Styles,
) -> Vec<(String, f64, &'s Format)> {
    let r = &config.referentiel;
    let count_state =
        |f: fn(&PartnerState) -> bool| c.partners.iter().filter(|p| f(&p.state)).count() as f64;
    // Files whose partner could not be told count too.
    let findings = |severity: Severity| {
        (c.partners.iter().map(|p| p.count(severity)).sum::<usize>()
            + c.orphans
                .iter()
                .map(|o| o.submission.count(severity))
                .sum::<usize>()) as f64
    };
    let n = |x: usize| x as f64;
    let all = plan.amounts();
    let idle = plan.idle();
    // Kept with errors (README, « Les actions gardées avec des erreurs »).
    let to_correct = c.actions_to_correct();
    let old = c
        .partners
        .iter()
        .filter(|p| freshness::of(p, plan.today, plan.referentiel, &config.follow).old)
        .count();
    let mut figures: Vec<(String, f64, &Format)> = vec![
        ("Partenaires".into(), n(c.partners.len()), &s.integer),
        (
            format!("  dont {}", PartnerState::UpToDate.label()),
            count_state(|st| *st == PartnerState::UpToDate),
            &s.integer,
        ),
        (
            "  dont avec erreurs à corriger".into(),
            count_state(|st| *st == PartnerState::WithErrors),
            &s.integer,
        ),
        (
            "  dont fichier illisible".into(),
            count_state(|st| {
                matches!(
                    st,
                    PartnerState::PreviousVersion(_) | PartnerState::Unreadable
                )
            }),
            &s.integer,
        ),
        (
            "  dont sans fichier".into(),
            count_state(|st| matches!(st, PartnerState::NeverSubmitted | PartnerState::Withdrawn)),
            &s.integer,
        ),
        (
            format!(
                "  fichiers anciens (non modifiés depuis {} mois ou plus)",
                config.follow.freshness_months
            ),
            n(old),
            &s.integer,
        ),
        ("Actions".into(), n(plan.entries.len()), &s.integer),
        (
            "  dont avec des points à corriger (voir « Actions »)".into(),
            n(to_correct.len()),
            &s.integer,
        ),
    ];
    for status in StatusRead::columns(r) {
        let label = match status {
            StatusRead::Known(_) => format!("  dont « {} »", status.label(r)),
            _ => format!("  dont {}", status.label(r).to_lowercase()),
        };
        figures.push((label, n(plan.count_status(status)), &s.integer));
    }
    let late = plan.late();
    figures.push((
        "Actions en retard (voir « Actions en retard »)".into(),
        n(late.len()),
        &s.integer,
    ));
    for t in [
        Tracking::LateStart,
        Tracking::PastDeadline,
        Tracking::PastPostponement,
    ] {
        figures.push((
            format!("  dont {}", t.label()),
            n(late.iter().filter(|e| e.suivi.tracking == t).count()),
            &s.integer,
        ));
    }
    figures.push((
        format!("Actions {}", Tracking::AtRisk.label()),
        n(plan
            .entries
            .iter()
            .filter(|e| e.suivi.tracking == Tracking::AtRisk)
            .count()),
        &s.integer,
    ));
    figures.push(("Indicateurs".into(), n(c.indicators().len()), &s.integer));
    figures.push((
        "Budget prévisionnel total".into(),
        all.budget,
        &s.total_money,
    ));
    figures.push((
        "  dont actions avec des points à corriger".into(),
        crate::analysis::total(to_correct.iter().filter_map(|(_, a)| a.budget)),
        &s.total_money,
    ));
    figures.push(("Financements (total)".into(), all.funded, &s.total_money));
    for f in &r.funders {
        let amount = crate::analysis::total(
            plan.entries
                .iter()
                .filter_map(|e| e.action.funding.get(&f.code).copied()),
        );
        figures.push((format!("  {}", f.label), amount, &s.total_money));
    }
    if let Some(share) = all.caf_share() {
        figures.push((
            "Part CAF (financement CAF ÷ budget)".into(),
            share,
            &s.share_cell,
        ));
    }
    figures.push((
        "Financement CAF sur des actions pas commencées, reportées ou abandonnées".into(),
        idle.caf,
        &s.total_money,
    ));
    if all.caf > 0.0 {
        figures.push((
            "  soit, du financement CAF".into(),
            idle.caf / all.caf,
            &s.share_cell,
        ));
    }
    figures.push((
        "Anomalies : erreurs (voir « Anomalies »)".into(),
        findings(Severity::Error),
        &s.integer,
    ));
    figures.push((
        "Anomalies : avertissements".into(),
        findings(Severity::Warning),
        &s.integer,
    ));
    figures.push((
        "Anomalies : informations (rien à corriger)".into(),
        findings(Severity::Info),
        &s.integer,
    ));
    let used = || c.partners.iter().filter_map(|p| p.used.as_ref());
    figures.push((
        "Lignes non prises en compte (voir « À corriger »)".into(),
        n(used().map(|u| u.submission.rejected.len()).sum()),
        &s.integer,
    ));
    figures.push((
        "  leur budget prévisionnel".into(),
        crate::analysis::total(used().map(|u| u.submission.rejected_budget())),
        &s.total_money,
    ));
    figures
}

/// Native charts beside the key figures, fed by the tables: actions by
/// status split by « Suivi », funding by funder, actions by axis. Each
/// writes its values on its bars.
fn charts(
    ws: &mut Worksheet,
    top: u32,
    plan: &Plan,
    by_axis: &Placed,
    by_tracking: &Placed,
    funding: &Placed,
) -> Result<(), XlsxError> {
    // The charts read the tables of this very sheet.
    let name = ws.name();
    let sheet = name.as_str();
    // Zero values would crowd the bars: their labels are hidden.
    let mut labels = ChartDataLabel::new();
    labels.show_value().set_num_format("0;;;");

    let mut split = Chart::new(ChartType::BarStacked);
    for (i, t) in Tracking::ALL.iter().enumerate() {
        let col = 1 + i as u16;
        split
            .add_series()
            .set_name((sheet, by_tracking.header, col))
            .set_categories((sheet, by_tracking.first, 0, by_tracking.last, 0))
            .set_values((sheet, by_tracking.first, col, by_tracking.last, col))
            .set_format(ChartFormat::new().set_solid_fill(
                ChartSolidFill::new().set_color(crate::outputs::tracking_colour(*t)),
            ))
            .set_data_label(&labels)
            .set_gap(60);
    }
    split.title().set_name(&format!(
        "Actions par statut et par suivi au {}",
        plan.today.format("%d/%m/%Y")
    ));
    // Statuses top to bottom, in the table's order.
    split.y_axis().set_reverse();
    split.set_height(CHART_HEIGHT + 80);
    ws.insert_chart(top + CHART_ROWS[0], CHART_COL, &split)?;

    let funders_end = funding.header;
    let funded_col = by_funder_end(plan);
    let mut funders = Chart::new(ChartType::Bar);
    let mut money = ChartDataLabel::new();
    money.show_value().set_num_format(WHOLE_EUROS);
    if let Some(total) = funding.total {
        funders
            .add_series()
            .set_name("Financements")
            .set_categories((sheet, funders_end, 2, funders_end, funded_col))
            .set_values((sheet, total, 2, total, funded_col))
            .set_data_label(&money);
    }
    funders.title().set_name("Financements par financeur");
    funders.x_axis().set_num_format(WHOLE_EUROS);
    funders.y_axis().set_reverse();
    funders.legend().set_hidden();
    funders.set_height(CHART_HEIGHT);
    ws.insert_chart(top + CHART_ROWS[1], CHART_COL, &funders)?;

    let total_col = by_axis_total_col(plan);
    let mut per_axis = Chart::new(ChartType::Column);
    per_axis
        .add_series()
        .set_name("Actions")
        .set_categories((sheet, by_axis.first, 0, by_axis.last, 0))
        .set_values((sheet, by_axis.first, total_col, by_axis.last, total_col))
        .set_data_label(&labels);
    per_axis.title().set_name("Actions par axe");
    per_axis.legend().set_hidden();
    per_axis.set_height(CHART_HEIGHT);
    ws.insert_chart(top + CHART_ROWS[2], CHART_COL, &per_axis)?;
    Ok(())
}

/// Column of the last funder in the funding table (after the axis and
/// the budget).
fn by_funder_end(plan: &Plan) -> u16 {
    1 + plan.referentiel.funders.len() as u16
}

/// Column of the totals by axis in the axis × status table.
fn by_axis_total_col(plan: &Plan) -> u16 {
    1 + StatusRead::columns(plan.referentiel).len() as u16
}
