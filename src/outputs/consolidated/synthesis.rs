//! The « Synthèse » sheet, the one the workbook opens on: key figures,
//! actions by axis and status, budget and funding by axis, and native
//! charts fed by those tables.

use rust_xlsxwriter::{Chart, ChartType, Format, Worksheet, XlsxError};

use super::styles::Styles;
use super::{axis_of, coded, total};
use crate::consolidate::{Consolidation, PartnerEntry, PartnerState};
use crate::finding::Severity;
use crate::model::Action;
use crate::outputs::print::{lines, row_height};
use crate::referentiel::{Referentiel, StatusKind};

/// Column of the short label of an axis (« Axe 1 »): the categories of
/// the charts, whose full label is in the first column.
const SHORT_COL: u16 = 1;
/// Header of that column.
const SHORT_HEADER: &str = "Dans les graphiques";
/// First column of figures in the tables by axis.
const FIRST_VALUE: u16 = 2;
/// Width of the first column, where the full labels wrap.
const LABEL_WIDTH: f64 = 46.0;

/// « Axe 1 »: an axis as the charts name it.
fn short(code: &str) -> String {
    format!("Axe {code}")
}

/// The height of a table row showing an axis's full label, wrapped.
fn axis_row_height(label: &str) -> f64 {
    row_height(lines(&format!("1 — {label}"), LABEL_WIDTH))
}

/// Every accepted action with its partner, as `Consolidation::actions`.
type Actions<'a> = [(&'a PartnerEntry, &'a Action)];

/// Writes the content of the Synthèse sheet.
pub(super) fn write(
    ws: &mut Worksheet,
    c: &Consolidation,
    r: &Referentiel,
    s: &Styles,
) -> Result<(), XlsxError> {
    ws.set_column_width(0, LABEL_WIDTH)?;
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

    // A joint action is one line of every total, as its lead's row.
    let actions = c.counted_actions();
    let mut row = 3u32;
    ws.write_string_with_format(row, 0, "Chiffres clés", &s.heading)?;
    row += 1;
    for (label, value, format) in &key_figures(c, r, &actions, s) {
        ws.write_string_with_format(row, 0, label, &s.label)?;
        ws.write_number_with_format(row, 1, *value, format)?;
        row += 1;
    }
    let statuses = status_table(ws, row + 1, r, &actions, s)?;
    let funding = funding_table(ws, statuses.total_row + 2, r, &actions, s)?;
    charts(ws, &statuses, &funding)?;
    Ok(())
}

/// The key figures: label, value and format, top to bottom.
fn key_figures<'s>(
    c: &Consolidation,
    r: &Referentiel,
    actions: &Actions,
    s: &'s Styles,
) -> Vec<(String, f64, &'s Format)> {
    let count_state =
        |f: fn(&PartnerState) -> bool| c.partners.iter().filter(|p| f(&p.state)).count() as f64;
    // As the Anomalies sheet lists them: files whose partner could not be
    // told count too, a problem between two partners once.
    let all_findings = c.findings();
    let findings = |severity: Severity| {
        all_findings
            .iter()
            .filter(|(_, f)| f.severity == severity)
            .count() as f64
    };
    let budget = total(actions.iter().filter_map(|(_, a)| a.budget));
    // Kept with errors (README, « Les actions gardées avec des erreurs »).
    let to_correct = c.actions_to_correct();
    let mut figures: Vec<(String, f64, &Format)> = vec![
        ("Partenaires".into(), c.partners.len() as f64, &s.integer),
        (
            "  dont à jour".into(),
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
        ("Actions".into(), actions.len() as f64, &s.integer),
        (
            "  dont avec des points à corriger (voir « Actions »)".into(),
            to_correct.len() as f64,
            &s.integer,
        ),
    ];
    for st in &r.statuses {
        figures.push((
            format!("  dont « {} »", st.label),
            actions
                .iter()
                .filter(|(_, a)| a.status == Some(st.kind))
                .count() as f64,
            &s.integer,
        ));
    }
    figures.push((
        "  dont statut non renseigné".into(),
        actions.iter().filter(|(_, a)| a.status.is_none()).count() as f64,
        &s.integer,
    ));
    // The cooperation the CTG's axis 4.2 asks to make visible.
    figures.push((
        "Actions communes (comptées une fois)".into(),
        c.joint.actions.len() as f64,
        &s.integer,
    ));
    figures.push((
        "  partenaires qui les portent".into(),
        c.joint.partners_involved() as f64,
        &s.integer,
    ));
    figures.push((
        "Indicateurs".into(),
        c.indicators().len() as f64,
        &s.integer,
    ));
    let with_verdict = |v: &str| {
        actions
            .iter()
            .filter(|(_, a)| {
                c.committee
                    .standing
                    .get(&a.number)
                    .is_some_and(|d| d.verdict == v)
            })
            .count() as f64
    };
    figures.push((
        "Avis du comité (voir « Actions »)".into(),
        actions
            .iter()
            .filter(|(_, a)| c.committee.standing.contains_key(&a.number))
            .count() as f64,
        &s.integer,
    ));
    for v in &r.verdicts {
        figures.push((format!("  dont « {v} »"), with_verdict(v), &s.integer));
    }
    figures.push(("Budget prévisionnel total".into(), budget, &s.total_money));
    figures.push((
        "  dont actions avec des points à corriger".into(),
        total(to_correct.iter().filter_map(|(_, a)| a.budget)),
        &s.total_money,
    ));
    for f in &r.funders {
        let amount = total(
            actions
                .iter()
                .filter_map(|(_, a)| a.funding.get(&f.code).copied()),
        );
        figures.push((format!("  financement {}", f.label), amount, &s.total_money));
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
    figures.push((
        "Lignes non prises en compte (voir « À corriger »)".into(),
        c.partners
            .iter()
            .filter_map(|p| p.used.as_ref())
            .map(|u| u.submission.rejected.len())
            .sum::<usize>() as f64,
        &s.integer,
    ));
    figures
}

/// Whether an action belongs to the axis `code`.
fn in_axis(r: &Referentiel, a: &Action, code: &str) -> bool {
    axis_of(r, a).is_some_and(|x| x.code == code)
}

/// Where the axis × status table lies, for the charts it feeds.
#[derive(Clone, Copy)]
struct StatusTable {
    /// Row of its header, which names the statuses.
    header: u32,
    /// Row of the first axis.
    first_axis: u32,
    /// Row of the last axis.
    last_axis: u32,
    /// Row of the totals by status.
    total_row: u32,
    /// Column of the totals by axis.
    total_col: u16,
}

/// Writes the content of the number of actions by axis and status, from `row` on.
fn status_table(
    ws: &mut Worksheet,
    mut row: u32,
    r: &Referentiel,
    actions: &Actions,
    s: &Styles,
) -> Result<StatusTable, XlsxError> {
    ws.write_string_with_format(row, 0, "Actions par axe et par statut", &s.heading)?;
    row += 1;
    let header = row;
    ws.write_string_with_format(row, 0, "Axe", &s.header)?;
    ws.write_string_with_format(row, SHORT_COL, SHORT_HEADER, &s.header)?;
    let mut columns: Vec<(String, Option<StatusKind>)> = r
        .statuses
        .iter()
        .map(|st| (st.label.clone(), Some(st.kind)))
        .collect();
    columns.push(("Non renseigné".into(), None));
    for (i, (label, _)) in columns.iter().enumerate() {
        ws.write_string_with_format(row, FIRST_VALUE + i as u16, label, &s.header)?;
    }
    let total_col = FIRST_VALUE + columns.len() as u16;
    ws.write_string_with_format(row, total_col, "Total", &s.header)?;
    row += 1;
    let first_axis = row;
    for axis in &r.axes {
        ws.write_string_with_format(row, 0, coded(&axis.code, &axis.label), &s.label_wrap)?;
        ws.write_string_with_format(row, SHORT_COL, short(&axis.code), &s.label)?;
        let of_axis: Vec<&Action> = actions
            .iter()
            .filter(|(_, a)| in_axis(r, a, &axis.code))
            .map(|(_, a)| *a)
            .collect();
        for (i, (_, kind)) in columns.iter().enumerate() {
            let n = of_axis.iter().filter(|a| a.status == *kind).count();
            ws.write_number_with_format(row, FIRST_VALUE + i as u16, n as f64, &s.integer)?;
        }
        ws.write_number_with_format(row, total_col, of_axis.len() as f64, &s.total)?;
        ws.set_row_height(row, axis_row_height(&axis.label))?;
        row += 1;
    }
    ws.write_string_with_format(row, 0, "Total", &s.total_label)?;
    ws.write_string_with_format(row, SHORT_COL, "", &s.total_label)?;
    for (i, (_, kind)) in columns.iter().enumerate() {
        let n = actions.iter().filter(|(_, a)| a.status == *kind).count();
        ws.write_number_with_format(row, FIRST_VALUE + i as u16, n as f64, &s.total)?;
    }
    ws.write_number_with_format(row, total_col, actions.len() as f64, &s.total)?;
    Ok(StatusTable {
        header,
        first_axis,
        last_axis: row - 1,
        total_row: row,
        total_col,
    })
}

/// Where the axis × funder table lies, for the chart it feeds.
#[derive(Clone, Copy)]
struct FundingTable {
    /// Row of its header, which names the funders.
    header: u32,
    /// Row of the totals by funder.
    total_row: u32,
    /// Column of the total funded by axis.
    funded_col: u16,
}

/// Writes the content of the budget and the funding by axis and funder, from `row` on.
fn funding_table(
    ws: &mut Worksheet,
    mut row: u32,
    r: &Referentiel,
    actions: &Actions,
    s: &Styles,
) -> Result<FundingTable, XlsxError> {
    ws.write_string_with_format(row, 0, "Budget et financements par axe (€)", &s.heading)?;
    row += 1;
    let header = row;
    ws.write_string_with_format(row, 0, "Axe", &s.header)?;
    ws.write_string_with_format(row, SHORT_COL, SHORT_HEADER, &s.header)?;
    ws.write_string_with_format(row, FIRST_VALUE, "Budget prévisionnel", &s.header)?;
    for (i, f) in r.funders.iter().enumerate() {
        ws.write_string_with_format(row, FIRST_VALUE + 1 + i as u16, &f.label, &s.header)?;
    }
    let funded_col = FIRST_VALUE + 1 + r.funders.len() as u16;
    ws.write_string_with_format(row, funded_col, "Total financé", &s.header)?;
    row += 1;
    let sum_for = |pred: &dyn Fn(&Action) -> bool, value: &dyn Fn(&Action) -> f64| -> f64 {
        total(
            actions
                .iter()
                .filter(|(_, a)| pred(a))
                .map(|(_, a)| value(a)),
        )
    };
    // One row per axis, then the total: the row without an axis.
    let mut axis_rows: Vec<(Option<&str>, String)> = r
        .axes
        .iter()
        .map(|a| (Some(a.code.as_str()), coded(&a.code, &a.label)))
        .collect();
    axis_rows.push((None, "Total".into()));
    for (code, label) in &axis_rows {
        match code {
            Some(code) => {
                ws.write_string_with_format(row, SHORT_COL, short(code), &s.label)?;
                ws.set_row_height(row, axis_row_height(label))?;
            }
            None => {
                ws.write_string_with_format(row, SHORT_COL, "", &s.total_label)?;
            }
        }
        let pred = |a: &Action| code.is_none_or(|c| in_axis(r, a, c));
        let label_format = if code.is_none() {
            &s.total_label
        } else {
            &s.label_wrap
        };
        let nf = &s.total_money;
        ws.write_string_with_format(row, 0, label, label_format)?;
        ws.write_number_with_format(
            row,
            FIRST_VALUE,
            sum_for(&pred, &|a| a.budget.unwrap_or(0.0)),
            nf,
        )?;
        for (i, f) in r.funders.iter().enumerate() {
            ws.write_number_with_format(
                row,
                FIRST_VALUE + 1 + i as u16,
                sum_for(&pred, &|a| a.funding.get(&f.code).copied().unwrap_or(0.0)),
                nf,
            )?;
        }
        ws.write_number_with_format(row, funded_col, sum_for(&pred, &|a| a.funding_total()), nf)?;
        row += 1;
    }
    Ok(FundingTable {
        header,
        total_row: row - 1,
        funded_col,
    })
}

/// Native charts, fed by the tables: actions by axis, by status, and
/// funding by funder.
fn charts(
    ws: &mut Worksheet,
    statuses: &StatusTable,
    funding: &FundingTable,
) -> Result<(), XlsxError> {
    // The charts read the tables of this very sheet.
    let name = ws.name();
    let sheet = name.as_str();
    let chart_col = 11u16;
    let StatusTable {
        header,
        first_axis,
        last_axis,
        total_row,
        total_col,
    } = *statuses;
    let mut per_axis = Chart::new(ChartType::Column);
    per_axis
        .add_series()
        .set_name("Actions")
        .set_categories((sheet, first_axis, SHORT_COL, last_axis, SHORT_COL))
        .set_values((sheet, first_axis, total_col, last_axis, total_col));
    per_axis.title().set_name("Actions par axe");
    per_axis.legend().set_hidden();
    ws.insert_chart(3, chart_col, &per_axis)?;

    let mut by_status = Chart::new(ChartType::Pie);
    by_status
        .add_series()
        .set_name("Statuts")
        .set_categories((sheet, header, FIRST_VALUE, header, total_col - 1))
        .set_values((sheet, total_row, FIRST_VALUE, total_row, total_col - 1));
    by_status.title().set_name("Actions par statut");
    ws.insert_chart(19, chart_col, &by_status)?;

    let FundingTable {
        header,
        total_row,
        funded_col,
    } = *funding;
    let mut funders = Chart::new(ChartType::Bar);
    funders
        .add_series()
        .set_name("Financements")
        .set_categories((sheet, header, FIRST_VALUE + 1, header, funded_col - 1))
        .set_values((sheet, total_row, FIRST_VALUE + 1, total_row, funded_col - 1));
    funders.title().set_name("Financements par financeur (€)");
    funders.legend().set_hidden();
    ws.insert_chart(35, chart_col, &funders)?;
    Ok(())
}
