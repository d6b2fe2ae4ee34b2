//! The « Indicateurs » sheet: every accepted indicator, one row each, in a
//! filterable table, with its results by year and the rate of achievement
//! of each year.

use std::collections::BTreeMap;

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::columns::indicators_width;
use super::styles::Styles;
use super::table::{Cell, TableWriter};
use crate::consolidate::Consolidation;
use crate::model::{IndicatorValue, TargetHorizon};
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
    let titles: BTreeMap<&str, &str> = c
        .actions()
        .into_iter()
        .map(|(_, a)| (a.number.as_str(), a.title.as_str()))
        .collect();
    let mut t = TableWriter::new(
        ws,
        s,
        0,
        columns
            .iter()
            .map(|col| (col.header(r), indicators_width(*col))),
    )?;
    let value = |v: Option<&IndicatorValue>| match v {
        Some(IndicatorValue::Number(n)) => Cell::Number(Some(*n), &s.text),
        Some(IndicatorValue::Text(x)) => Cell::Owned(x.clone()),
        None => Cell::Owned(String::new()),
    };
    for (p, i) in c.indicators() {
        let cell = |col: &IndicatorsColumn| {
            use IndicatorColumn as I;
            match *col {
                IndicatorsColumn::Field(I::Action) => Cell::Text(&i.action),
                IndicatorsColumn::Partner => Cell::Text(&p.code),
                IndicatorsColumn::ActionTitle => Cell::Owned(
                    titles
                        .get(i.action.as_str())
                        .map(|t| t.to_string())
                        .unwrap_or_default(),
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
                IndicatorsColumn::Rate(y) => Cell::Number(i.achievement(y), &s.percent),
                IndicatorsColumn::Field(I::Comment) => Cell::Text(&i.comment),
            }
        };
        t.push(&columns.iter().map(cell).collect::<Vec<_>>())?;
    }
    t.finish("Indicateurs")
}
