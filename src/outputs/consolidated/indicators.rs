//! The « Indicateurs » sheet: every accepted indicator, one row each, in a
//! filterable table, with the axe, objective and statut of its action, its
//! results by year and the « Taux d'atteinte » of each year and overall
//! (`evaluation::achievement`). A rate that needs explaining (measured
//! without a baseline, a partial year) carries a note; a partial year's
//! rate is in grey italics.

use std::collections::BTreeMap;

use rust_xlsxwriter::{Note, Worksheet, XlsxError};

use super::columns::indicators_width;
use super::styles::Styles;
use super::table::{Cell, TableWriter};
use super::{axis_of, coded};
use crate::consolidate::Consolidation;
use crate::evaluation::{self, Achievement};
use crate::model::{Action, IndicatorValue, TargetHorizon};
use crate::referentiel::Referentiel;
use crate::referentiel::columns::IndicatorColumn;
use crate::referentiel::sheets::IndicatorsColumn;

/// Writes the content of the Indicateurs sheet.
pub(super) fn write(
    ws: &mut Worksheet,
    c: &Consolidation,
    r: &Referentiel,
    s: &Styles,
) -> Result<(), XlsxError> {
    let columns = IndicatorsColumn::all(r);
    let today = c.generated_at.date();
    let actions: BTreeMap<(&str, &str), &Action> = c
        .actions()
        .into_iter()
        .map(|(p, a)| ((p.code.as_str(), a.number.as_str()), a))
        .collect();
    let indicators = c.indicators();
    let mut t = TableWriter::streamed(
        ws,
        s,
        "Indicateurs",
        columns
            .iter()
            .map(|col| (col.header(r), indicators_width(*col))),
        indicators.len(),
    )?;
    let value = |v: Option<&IndicatorValue>| match v {
        Some(IndicatorValue::Number(n)) => Cell::Number(Some(*n), &s.text),
        Some(IndicatorValue::Text(x)) => Cell::Owned(x.clone()),
        None => Cell::Owned(String::new()),
    };
    let rate = |a: Option<&Achievement>| match a {
        Some(a) => Cell::Noted(
            Some(a.rate),
            if a.partial {
                &s.percent_partial
            } else {
                &s.percent
            },
            a.note(),
        ),
        None => Cell::Noted(None, &s.percent, None),
    };
    for (p, i) in indicators {
        let action = actions.get(&(p.code.as_str(), i.action.as_str())).copied();
        let yearly = evaluation::yearly(i, r.convention.years(), today);
        let overall = evaluation::overall(i, &yearly);
        let cell = |col: &IndicatorsColumn| {
            use IndicatorColumn as I;
            match *col {
                IndicatorsColumn::Field(I::Action) => Cell::Text(&i.action),
                IndicatorsColumn::Partner => Cell::Text(&p.code),
                IndicatorsColumn::ActionTitle => Cell::Text(action.map_or("", |a| &a.title)),
                IndicatorsColumn::Axis => Cell::Owned(
                    action
                        .and_then(|a| axis_of(r, a))
                        .map(|x| coded(&x.code, &x.label))
                        .unwrap_or_default(),
                ),
                IndicatorsColumn::Objective => Cell::Owned(action.map_or_else(String::new, |a| {
                    r.objective(&a.objective)
                        .map_or_else(|| a.objective.clone(), |o| o.choice())
                })),
                IndicatorsColumn::Status => Cell::Text(
                    action
                        .and_then(|a| a.status)
                        .map_or("", |k| r.status_label(k)),
                ),
                IndicatorsColumn::Field(I::Name) => Cell::Text(&i.name),
                IndicatorsColumn::Field(I::Kind) => {
                    Cell::Owned(i.kind.map(|k| k.label().to_owned()).unwrap_or_default())
                }
                IndicatorsColumn::Field(I::Nature) => {
                    Cell::Text(i.nature.map(|n| n.label()).unwrap_or_default())
                }
                IndicatorsColumn::Field(I::Horizon) => {
                    Cell::Text(TargetHorizon::describe(i.horizon))
                }
                IndicatorsColumn::Field(I::Unit) => Cell::Text(&i.unit),
                IndicatorsColumn::Field(I::Baseline) => value(i.baseline.as_ref()),
                IndicatorsColumn::Field(I::Target) => value(i.target.as_ref()),
                IndicatorsColumn::Field(I::Result(y)) => value(i.results.get(&y)),
                IndicatorsColumn::Rate(y) => rate(yearly.iter().find(|a| a.year == y)),
                IndicatorsColumn::OverallRate => match &overall {
                    Some(o) => Cell::Noted(Some(o.rate()), &s.percent, o.note(&yearly)),
                    None => Cell::Noted(None, &s.percent, None),
                },
                IndicatorsColumn::Field(I::Comment) => Cell::Text(&i.comment),
            }
        };
        t.push(&columns.iter().map(cell).collect::<Vec<_>>())?;
    }
    t.finish("Indicateurs")?;
    // How the overall rate is made, said once on its header.
    if let Some(col) = columns
        .iter()
        .position(|c| *c == IndicatorsColumn::OverallRate)
    {
        let note = Note::new(evaluation::OVERALL_RULE).add_author_prefix(false);
        ws.insert_note(0, col as u16, &note)?;
    }
    Ok(())
}
