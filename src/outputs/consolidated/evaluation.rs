//! The « Évaluation » sheet: one row per objective, with a subtotal row
//! per axe and per orientation above its objectives and one for the whole
//! CTG; for each year the results received, the median « Taux d'atteinte »
//! and how many indicators reach each band; the planned budget and the
//! spending per year. A sparkline per row shows the median over the years,
//! a chart the median per axe per year, and a list the indicators without a
//! baseline (their rate falls back to réalisé ÷ cible).
//!
//! Colours explain themselves: a median is green, amber or red like the
//! headers « ≥ 100 % », « 50 à 99 % » and « < 50 % » of the columns that
//! count each band, and every figure is written as a number.

use rust_xlsxwriter::{
    Chart, ChartType, ConditionalFormatBlank, ConditionalFormatCell, ConditionalFormatCellRule,
    Format, Sparkline, SparklineType, Worksheet, XlsxError,
};

use super::styles::Styles;
use crate::consolidate::Consolidation;
use crate::evaluation::{Band, Evaluation, Tally};
use crate::referentiel::Referentiel;

/// Rows above the table: title, subtitle, blank.
const HEADER: u32 = 3;
/// Fixed columns on the left: level, code, label, then five counts.
const FIXED: u16 = 8;

/// Where each group of columns starts.
struct Columns {
    /// The convention's years, in order.
    list: Vec<i32>,
    years: u16,
    medians: u16,
    sparkline: u16,
    with_result: u16,
    bands: [u16; 3],
    budget: u16,
    spending: u16,
    spent: u16,
    share: u16,
}

impl Columns {
    fn new(list: &[i32]) -> Columns {
        let n = list.len() as u16;
        let medians = FIXED;
        let sparkline = medians + n;
        let with_result = sparkline + 1;
        let bands = [with_result + n, with_result + 2 * n, with_result + 3 * n];
        let budget = with_result + 4 * n;
        let spending = budget + 1;
        Columns {
            list: list.to_vec(),
            years: n,
            medians,
            sparkline,
            with_result,
            bands,
            budget,
            spending,
            spent: spending + n,
            share: spending + n + 1,
        }
    }
}

/// How a row of the table looks.
#[derive(Clone, Copy, PartialEq)]
enum Level {
    Axis,
    Orientation,
    Objective,
    Total,
}

impl Level {
    fn word(self) -> &'static str {
        match self {
            Level::Axis => "Axe",
            Level::Orientation => "Orientation",
            Level::Objective => "Objectif",
            Level::Total => "Ensemble",
        }
    }
}

/// Writes the content of the Évaluation sheet.
pub(super) fn write(
    ws: &mut Worksheet,
    c: &Consolidation,
    r: &Referentiel,
    s: &Styles,
) -> Result<(), XlsxError> {
    let e = Evaluation::of(c, r);
    let cols = Columns::new(&e.years);
    ws.write_string_with_format(0, 0, "Évaluation du plan d'actions", &s.title)?;
    let partial = e
        .current_year
        .map(|y| format!(" L'année {y} n'est pas terminée : ses chiffres sont partiels."))
        .unwrap_or_default();
    ws.write_string_with_format(
        1,
        0,
        format!(
            "Taux d'atteinte d'un indicateur : (réalisé − valeur de départ) ÷ (cible − valeur de départ) ; sans valeur de départ, réalisé ÷ cible (voir la liste sous le tableau). Taux médian : la moitié des indicateurs font mieux, l'autre moitié moins bien.{partial}"
        ),
        &s.subtitle,
    )?;
    headers(ws, &e, &cols, s)?;
    let mut row = HEADER + 2;
    let mut axis_rows = Vec::new();
    for axis in &r.axes {
        let label = format!("Axe {} — {}", axis.code, axis.label);
        axis_rows.push((row, format!("Axe {}", axis.code)));
        write_row(
            ws,
            row,
            Level::Axis,
            &axis.code,
            &label,
            e.axes.get(&axis.code),
            &cols,
            s,
        )?;
        row += 1;
        for o in r
            .orientations
            .iter()
            .filter(|o| o.code.starts_with(&format!("{}.", axis.code)))
        {
            write_row(
                ws,
                row,
                Level::Orientation,
                &o.code,
                &o.label,
                e.orientations.get(&o.code),
                &cols,
                s,
            )?;
            row += 1;
            for obj in r
                .objectives
                .iter()
                .filter(|x| x.orientation_code() == o.code)
            {
                write_row(
                    ws,
                    row,
                    Level::Objective,
                    &obj.code,
                    &obj.label,
                    e.objectives.get(&obj.code),
                    &cols,
                    s,
                )?;
                row += 1;
            }
        }
    }
    write_row(
        ws,
        row,
        Level::Total,
        "",
        "Ensemble de la CTG",
        Some(&e.total),
        &cols,
        s,
    )?;
    colours(ws, HEADER + 2, row, &cols, s)?;
    ws.set_freeze_panes(HEADER + 2, 3)?;
    // Printed as every sheet (`outputs::print`), with both header rows on
    // every page.
    ws.set_repeat_rows(HEADER, HEADER + 1)?;
    let chart_row = row + 2;
    chart(ws, &axis_rows, &cols, chart_row)?;
    without_baseline(ws, &e, chart_row + 18, s)
}

/// The two header rows: groups of columns, then the years under them.
fn headers(
    ws: &mut Worksheet,
    e: &Evaluation,
    cols: &Columns,
    s: &Styles,
) -> Result<(), XlsxError> {
    let (top, sub) = (HEADER, HEADER + 1);
    let fixed = [
        ("Niveau", 12.0),
        ("Code", 8.0),
        ("Libellé", 46.0),
        ("Actions", 9.0),
        ("Actions avec indicateur", 11.0),
        ("Indicateurs", 11.0),
        ("dont résultat", 10.0),
        ("dont moyens", 10.0),
    ];
    for (i, (h, w)) in fixed.iter().enumerate() {
        let col = i as u16;
        ws.merge_range(top, col, sub, col, h, &s.header)?;
        ws.set_column_width(col, *w)?;
    }
    let year_label = |y: i32| {
        if Some(y) == e.current_year {
            format!("{y} (partiel)")
        } else {
            y.to_string()
        }
    };
    let group = |ws: &mut Worksheet, first: u16, title: &str, f: &Format, width: f64| {
        let last = first + cols.years - 1;
        if cols.years > 1 {
            ws.merge_range(top, first, top, last, title, f)?;
        } else {
            ws.write_string_with_format(top, first, title, f)?;
        }
        for (k, y) in e.years.iter().enumerate() {
            let col = first + k as u16;
            ws.write_string_with_format(sub, col, year_label(*y), &s.header)?;
            ws.set_column_width(col, width)?;
        }
        Ok::<(), XlsxError>(())
    };
    group(ws, cols.medians, "Taux d'atteinte médian", &s.header, 10.0)?;
    group(
        ws,
        cols.with_result,
        "Indicateurs avec un résultat",
        &s.header,
        9.0,
    )?;
    for (band, first) in Band::ALL.iter().zip(cols.bands) {
        let title = format!("Indicateurs à {}", band.label());
        group(ws, first, &title, band_format(*band, s), 9.0)?;
    }
    group(ws, cols.spending, "Dépenses réalisées (€)", &s.header, 12.0)?;
    for (col, title, width) in [
        (cols.sparkline, "Évolution du taux médian", 14.0),
        (cols.budget, "Budget prévisionnel (€)", 14.0),
        (cols.spent, "Total dépensé (€)", 13.0),
        (cols.share, "Part du budget dépensée", 11.0),
    ] {
        ws.merge_range(top, col, sub, col, title, &s.header)?;
        ws.set_column_width(col, width)?;
    }
    ws.set_row_height(top, 30)?;
    ws.set_row_height(sub, 30)?;
    Ok(())
}

/// The colour of a band, the same on its header and on the medians.
fn band_format(band: Band, s: &Styles) -> &Format {
    match band {
        Band::Reached => &s.ok,
        Band::Halfway => &s.warning,
        Band::Behind => &s.error,
    }
}

/// One row of the table; an objective without any action shows zeros.
#[allow(clippy::too_many_arguments)]
fn write_row(
    ws: &mut Worksheet,
    row: u32,
    level: Level,
    code: &str,
    label: &str,
    tally: Option<&Tally>,
    cols: &Columns,
    s: &Styles,
) -> Result<(), XlsxError> {
    let empty = Tally::default();
    let t = tally.unwrap_or(&empty);
    let strong = matches!(level, Level::Axis | Level::Total);
    let (text, count, rate, money) = if strong {
        (&s.total_label, &s.total, &s.total_percent, &s.total_money)
    } else {
        let label = if level == Level::Orientation {
            &s.subtotal_label
        } else {
            &s.label
        };
        (label, &s.integer, &s.percent_cell, &s.money_cell)
    };
    ws.write_string_with_format(row, 0, level.word(), text)?;
    ws.write_string_with_format(row, 1, code, text)?;
    ws.write_string_with_format(row, 2, crate::text::for_excel(label), text)?;
    let counts = [
        t.actions,
        t.with_indicator,
        t.indicators,
        t.result_indicators,
        t.means_indicators,
    ];
    for (k, n) in counts.iter().enumerate() {
        ws.write_number_with_format(row, 3 + k as u16, *n as f64, count)?;
    }
    for (k, y) in (0u16..).zip(&cols.list) {
        let year = t.years.get(y);
        let col = |first: u16| first + k;
        match year.and_then(|y| y.median()) {
            Some(m) => ws.write_number_with_format(row, col(cols.medians), m, rate)?,
            None => ws.write_blank(row, col(cols.medians), rate)?,
        };
        let with_result = year.map_or(0, |y| y.with_result);
        ws.write_number_with_format(row, col(cols.with_result), with_result as f64, count)?;
        for (band, first) in Band::ALL.iter().zip(cols.bands) {
            let n = year.map_or(0, |y| y.in_band(*band));
            ws.write_number_with_format(row, col(first), n as f64, count)?;
        }
    }
    for (k, y) in (0u16..).zip(&cols.list) {
        match t.spending.get(y) {
            Some(v) => ws.write_number_with_format(row, cols.spending + k, *v, money)?,
            None => ws.write_blank(row, cols.spending + k, money)?,
        };
    }
    ws.write_number_with_format(row, cols.budget, t.budget, money)?;
    match t.spent() {
        Some(spent) => {
            ws.write_number_with_format(row, cols.spent, spent, money)?;
            if t.budget > 0.0 {
                ws.write_number_with_format(row, cols.share, spent / t.budget, rate)?;
            } else {
                ws.write_blank(row, cols.share, rate)?;
            }
        }
        None => {
            ws.write_blank(row, cols.spent, money)?;
            ws.write_blank(row, cols.share, rate)?;
        }
    }
    ws.write_blank(row, cols.sparkline, text)?;
    let last = cols.medians + cols.years - 1;
    let line = Sparkline::new()
        .set_range((ws.name().as_str(), row, cols.medians, row, last))
        .set_type(SparklineType::Line)
        .show_markers(true)
        .show_negative_points(true);
    ws.add_sparkline(row, cols.sparkline, &line)?;
    Ok(())
}

/// Medians in the colour of their band; zero counts in grey, so that the
/// figures that matter stand out.
fn colours(
    ws: &mut Worksheet,
    first: u32,
    last: u32,
    cols: &Columns,
    s: &Styles,
) -> Result<(), XlsxError> {
    let medians = (cols.medians, cols.medians + cols.years - 1);
    // A year without any measure stays blank, not red: checked first.
    let blank = ConditionalFormatBlank::new()
        .set_format(Format::new())
        .set_stop_if_true(true);
    ws.add_conditional_format(first, medians.0, last, medians.1, &blank)?;
    let rules = [
        (
            ConditionalFormatCellRule::GreaterThanOrEqualTo(1.0),
            Band::Reached,
        ),
        (
            ConditionalFormatCellRule::Between(0.5, 0.999_999),
            Band::Halfway,
        ),
        (ConditionalFormatCellRule::LessThan(0.5), Band::Behind),
    ];
    for (rule, band) in rules {
        let f = ConditionalFormatCell::new()
            .set_rule(rule)
            .set_format(band_format(band, s))
            .set_stop_if_true(true);
        ws.add_conditional_format(first, medians.0, last, medians.1, &f)?;
    }
    let grey = Format::new().set_font_color(rust_xlsxwriter::Color::RGB(0xA6A6A6));
    let zero = ConditionalFormatCell::new()
        .set_rule(ConditionalFormatCellRule::EqualTo(0))
        .set_format(&grey);
    ws.add_conditional_format(first, 3, last, 7, &zero)?;
    ws.add_conditional_format(first, cols.with_result, last, cols.budget - 1, &zero)?;
    Ok(())
}

/// The median per axe per year, one series per axe.
fn chart(
    ws: &mut Worksheet,
    axes: &[(u32, String)],
    cols: &Columns,
    at: u32,
) -> Result<(), XlsxError> {
    let name = ws.name();
    let sheet = name.as_str();
    let last = cols.medians + cols.years - 1;
    let mut chart = Chart::new(ChartType::Column);
    for (row, label) in axes {
        chart
            .add_series()
            .set_name(label.as_str())
            .set_categories((sheet, HEADER + 1, cols.medians, HEADER + 1, last))
            .set_values((sheet, *row, cols.medians, *row, last));
    }
    chart
        .title()
        .set_name("Taux d'atteinte médian par axe et par année");
    chart.y_axis().set_num_format("0%");
    chart.set_width(720).set_height(320);
    ws.insert_chart(at, 2, &chart)?;
    Ok(())
}

/// The indicators without a baseline, by objective.
fn without_baseline(
    ws: &mut Worksheet,
    e: &Evaluation,
    at: u32,
    s: &Styles,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(
        at,
        0,
        "Objectifs dont des indicateurs n'ont pas de valeur de départ (leur taux d'atteinte est calculé comme réalisé ÷ cible)",
        &s.heading,
    )?;
    if e.without_baseline.is_empty() {
        ws.write_string_with_format(
            at + 1,
            0,
            "Aucun : chaque indicateur a sa valeur de départ.",
            &s.subtitle,
        )?;
        return Ok(());
    }
    let headers = ["Objectif", "N° action — indicateur", "Partenaire"];
    for (col, h) in (1u16..).zip(headers) {
        ws.write_string_with_format(at + 1, col, h, &s.header)?;
    }
    for (row, n) in (at + 2..).zip(&e.without_baseline) {
        let indicator = format!("{} — {}", n.action, n.indicator);
        for (col, v) in (1u16..).zip([&n.objective, &indicator, &n.partner]) {
            ws.write_string_with_format(row, col, crate::text::for_excel(v), &s.label)?;
        }
    }
    Ok(())
}
