//! The « Synthèse » sheet, the one the workbook opens on: the key figures
//! with the native charts beside them (the first screen a reader sees),
//! then the tables the charts are fed by and those a CAF officer asks for
//! (`tables`, written through `grid`): late actions, money by state, axis,
//! dispositif and year, breakdowns by champ, public and commune.

mod tables;

use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartFormat, ChartSolidFill, ChartType, Worksheet, XlsxError,
};

use super::grid::{self, Placed, Value, Widths};
use super::styles::{MONEY, Styles, WHOLE_EUROS};
use crate::analysis::breakdown::Dimension;
use crate::analysis::{Plan, StatusRead, freshness};
use crate::consolidate::{Consolidation, PartnerState};
use crate::finding::Severity;
use crate::model::tracking::Tracking;
use crate::referentiel::Config;

/// Width of the first column, where labels go (axes in full), then of
/// the others.
const WIDTHS: Widths = Widths(&[52.0, 14.0]);

/// Column of the charts, right of the key figures.
const CHART_COL: u16 = 3;
/// Height of the funding and axis charts, in pixels (12.5 rows); the
/// status chart, with its legend, is 80 pixels taller.
const CHART_HEIGHT: u32 = 250;
/// Width of the charts, in pixels: room for amounts with their cents.
const CHART_WIDTH: u32 = 560;
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
    ws.set_column_width(0, WIDTHS.0[0])?;
    for col in 1..=10 {
        ws.set_column_width(col, WIDTHS.0[1])?;
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
            "Budgets : {} (choix du coordinateur pour cette CTG). Retards jugés au {}.",
            config.follow.budgets.describe(),
            plan.today.format("%d/%m/%Y")
        ),
        &s.subtitle,
    )?;

    let mut row = 4u32;
    ws.write_string_with_format(row, 0, "Chiffres clés", &s.heading)?;
    row += 1;
    let first_figure = row;
    for (label, value) in key_figures(c, config, plan) {
        grid::line(ws, row, &[Value::Label(label), value], WIDTHS, s, false)?;
        row += 1;
    }
    // The tables start below the key figures and the charts beside them.
    let mut at = row.max(first_figure + CHARTS_SPAN) + 1;
    let mut block = |ws: &mut Worksheet, b: grid::Block| -> Result<Placed, XlsxError> {
        let placed = grid::write(ws, at, &b, WIDTHS, s)?;
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

/// The key figures: label and value, top to bottom.
fn key_figures(c: &Consolidation, config: &Config, plan: &Plan) -> Vec<(String, Value)> {
    let r = &config.referentiel;
    let count_state = |f: fn(&PartnerState) -> bool| {
        Value::Count(c.partners.iter().filter(|p| f(&p.state)).count())
    };
    // As the Anomalies sheet lists them: files whose partner could not be
    // told count too, a problem between two partners once.
    let all_findings = c.findings();
    let findings = |severity: Severity| {
        Value::Count(
            all_findings
                .iter()
                .filter(|(_, f)| f.severity == severity)
                .count(),
        )
    };
    let all = plan.amounts();
    let idle = plan.idle();
    // Kept with errors (README, « Les actions gardées avec des erreurs »).
    let to_correct = c.actions_to_correct();
    let old = c
        .partners
        .iter()
        .filter(|p| freshness::of(p, plan.today, r, &config.follow).old)
        .count();
    let mut figures: Vec<(String, Value)> = vec![
        ("Partenaires".into(), Value::Count(c.partners.len())),
        (
            format!("  dont {}", PartnerState::UpToDate.label()),
            count_state(|st| *st == PartnerState::UpToDate),
        ),
        (
            "  dont avec erreurs à corriger".into(),
            count_state(|st| *st == PartnerState::WithErrors),
        ),
        (
            "  dont fichier illisible".into(),
            count_state(|st| {
                matches!(
                    st,
                    PartnerState::PreviousVersion(_) | PartnerState::Unreadable
                )
            }),
        ),
        (
            "  dont sans fichier".into(),
            count_state(|st| matches!(st, PartnerState::NeverSubmitted | PartnerState::Withdrawn)),
        ),
        (
            format!(
                "  fichiers anciens (non modifiés depuis {} mois ou plus)",
                config.follow.freshness_months
            ),
            Value::Count(old),
        ),
        ("Actions".into(), Value::Count(plan.entries.len())),
        (
            "  dont avec des points à corriger (voir « Actions »)".into(),
            Value::Count(to_correct.len()),
        ),
    ];
    for status in StatusRead::columns(r) {
        let label = match status {
            StatusRead::Known(_) => format!("  dont « {} »", status.label(r)),
            _ => format!("  dont {}", status.label(r).to_lowercase()),
        };
        figures.push((label, Value::Count(plan.count_status(status))));
    }
    let late = plan.late();
    figures.push((
        "Actions en retard (voir « Actions en retard »)".into(),
        Value::Count(late.len()),
    ));
    for t in [
        Tracking::LateStart,
        Tracking::PastDeadline,
        Tracking::PastPostponement,
    ] {
        figures.push((
            format!("  dont {}", t.label()),
            Value::Count(late.iter().filter(|e| e.suivi.tracking == t).count()),
        ));
    }
    figures.push((
        format!("Actions {}", Tracking::AtRisk.label()),
        Value::Count(
            plan.entries
                .iter()
                .filter(|e| e.suivi.tracking == Tracking::AtRisk)
                .count(),
        ),
    ));
    // The cooperation the CTG's axis 4.2 asks to make visible.
    figures.push((
        "Actions communes (comptées une fois)".into(),
        Value::Count(c.joint.actions.len()),
    ));
    figures.push((
        "  partenaires qui les portent".into(),
        Value::Count(c.joint.partners_involved()),
    ));
    figures.push(("Indicateurs".into(), Value::Count(c.indicators().len())));
    let decided = |e: &&crate::analysis::Entry| c.committee.standing.get(&e.action.number);
    figures.push((
        "Avis du comité (voir « Actions »)".into(),
        Value::Count(plan.entries.iter().filter(|e| decided(e).is_some()).count()),
    ));
    for v in &r.verdicts {
        figures.push((
            format!("  dont « {v} »"),
            Value::Count(
                plan.entries
                    .iter()
                    .filter(|e| decided(e).is_some_and(|d| d.verdict == *v))
                    .count(),
            ),
        ));
    }
    figures.push(("Budget prévisionnel total".into(), Value::Money(all.budget)));
    figures.push((
        "  dont actions avec des points à corriger".into(),
        Value::Money(crate::analysis::total(
            to_correct.iter().filter_map(|(_, a)| a.budget),
        )),
    ));
    figures.push(("Financements (total)".into(), Value::Money(all.funded)));
    for f in &r.funders {
        let amount = crate::analysis::total(
            plan.entries
                .iter()
                .filter_map(|e| e.action.funding.get(&f.code).copied()),
        );
        figures.push((format!("  {}", f.label), Value::Money(amount)));
    }
    figures.push((
        "Part CAF (financement CAF ÷ budget)".into(),
        Value::Share(all.caf_share()),
    ));
    figures.push((
        "Financement CAF sur des actions pas commencées, reportées ou abandonnées".into(),
        Value::Money(idle.caf),
    ));
    figures.push((
        "  soit, du financement CAF".into(),
        Value::Share((all.caf > 0.0).then(|| idle.caf / all.caf)),
    ));
    figures.push((
        "Anomalies : erreurs (voir « Anomalies »)".into(),
        findings(Severity::Error),
    ));
    figures.push((
        "Anomalies : avertissements".into(),
        findings(Severity::Warning),
    ));
    figures.push((
        "Anomalies : informations (rien à corriger)".into(),
        findings(Severity::Info),
    ));
    let used = || c.partners.iter().filter_map(|p| p.used.as_ref());
    figures.push((
        "Lignes non prises en compte (voir « À corriger »)".into(),
        Value::Count(used().map(|u| u.submission.rejected.len()).sum()),
    ));
    figures.push((
        "  leur budget prévisionnel".into(),
        Value::Money(crate::analysis::total(
            used().map(|u| u.submission.rejected_budget()),
        )),
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
    split.set_height(CHART_HEIGHT + 80).set_width(CHART_WIDTH);
    ws.insert_chart(top + CHART_ROWS[0], CHART_COL, &split)?;

    let funders_end = funding.header;
    // After the axis, its short label and the budget.
    let first_funder = tables::SHORT_COL + 2;
    let funded_col = first_funder + plan.referentiel.funders.len() as u16 - 1;
    let mut funders = Chart::new(ChartType::Bar);
    // Labels keep the cents the tables show; the axis reads whole euros.
    let mut money = ChartDataLabel::new();
    money.show_value().set_num_format(MONEY);
    if let Some(total) = funding.total {
        funders
            .add_series()
            .set_name("Financements")
            .set_categories((sheet, funders_end, first_funder, funders_end, funded_col))
            .set_values((sheet, total, first_funder, total, funded_col))
            .set_data_label(&money);
    }
    funders.title().set_name("Financements par financeur");
    funders.x_axis().set_num_format(WHOLE_EUROS);
    funders.y_axis().set_reverse();
    funders.legend().set_hidden();
    funders.set_height(CHART_HEIGHT).set_width(CHART_WIDTH);
    ws.insert_chart(top + CHART_ROWS[1], CHART_COL, &funders)?;

    let total_col = by_axis_total_col(plan);
    // Horizontal like the others, axes named short (« Axe 1 »).
    let mut per_axis = Chart::new(ChartType::Bar);
    per_axis
        .add_series()
        .set_name("Actions")
        .set_categories((
            sheet,
            by_axis.first,
            tables::SHORT_COL,
            by_axis.last,
            tables::SHORT_COL,
        ))
        .set_values((sheet, by_axis.first, total_col, by_axis.last, total_col))
        .set_data_label(&labels);
    per_axis.title().set_name("Actions par axe");
    per_axis.y_axis().set_reverse();
    per_axis.legend().set_hidden();
    per_axis.set_height(CHART_HEIGHT).set_width(CHART_WIDTH);
    ws.insert_chart(top + CHART_ROWS[2], CHART_COL, &per_axis)?;
    Ok(())
}

/// Column of the totals by axis in the axis × status table (after the
/// axis, its short label and the statuses).
fn by_axis_total_col(plan: &Plan) -> u16 {
    tables::SHORT_COL + 1 + StatusRead::columns(plan.referentiel).len() as u16
}
