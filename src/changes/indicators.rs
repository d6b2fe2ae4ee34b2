//! Matching and comparing the indicators of two versions of a plan.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{ChangeKind, FieldChange, IndicatorChange};
use crate::model::{Indicator, IndicatorValue, TargetHorizon};
use crate::referentiel::columns::Column;
use crate::referentiel::{ChangeSettings, Referentiel};
use crate::text::fold;

use super::fields::{Fields, number_text, same_text};

fn value_text(v: Option<&IndicatorValue>) -> String {
    match v {
        Some(IndicatorValue::Number(n)) => number_text(*n),
        Some(IndicatorValue::Text(t)) => t.clone(),
        None => String::new(),
    }
}

fn indicator_key<'a>(
    i: &'a Indicator,
    renumbered: &'a HashMap<String, String>,
) -> (&'a str, String) {
    (
        renumbered
            .get(&i.action)
            .map_or(i.action.as_str(), String::as_str),
        fold(&i.name),
    )
}

pub(super) fn indicator_changes(
    old: &[Indicator],
    new: &[Indicator],
    renumbered: &HashMap<String, String>,
    r: &Referentiel,
    s: &ChangeSettings,
) -> Vec<IndicatorChange> {
    let none = HashMap::new();
    let old_by: BTreeMap<(&str, String), &Indicator> = old
        .iter()
        .map(|i| (indicator_key(i, renumbered), i))
        .collect();
    let new_by: BTreeMap<(&str, String), &Indicator> =
        new.iter().map(|i| (indicator_key(i, &none), i)).collect();
    let mut out = Vec::new();
    for (k, b) in &new_by {
        let (kind, fields) = match old_by.get(k) {
            Some(a) => (ChangeKind::Modified, indicator_fields(a, b, r, s)),
            None => (ChangeKind::Added, Vec::new()),
        };
        if kind == ChangeKind::Added || !fields.is_empty() {
            out.push(IndicatorChange {
                kind,
                action: b.action.clone(),
                indicator: b.name.clone(),
                fields,
            });
        }
    }
    for (k, a) in &old_by {
        if !new_by.contains_key(k) {
            out.push(IndicatorChange {
                kind: ChangeKind::Removed,
                action: k.0.to_owned(),
                indicator: a.name.clone(),
                fields: Vec::new(),
            });
        }
    }
    out.sort_by(|x, y| {
        x.action
            .cmp(&y.action)
            .then(fold(&x.indicator).cmp(&fold(&y.indicator)))
            .then(x.kind.cmp(&y.kind))
    });
    out
}

fn indicator_fields(
    a: &Indicator,
    b: &Indicator,
    r: &Referentiel,
    s: &ChangeSettings,
) -> Vec<FieldChange> {
    use crate::referentiel::columns::IndicatorColumn::{
        self, Baseline, Comment, Horizon, Kind, Nature, Result, Target, Unit,
    };
    let mut f = Fields {
        settings: s,
        out: Vec::new(),
    };
    let key =
        |c: IndicatorColumn| crate::referentiel::columns::indicator_key(c).unwrap_or_default();
    let label = |c: IndicatorColumn| c.header(r);
    let value = |f: &mut Fields,
                 c: IndicatorColumn,
                 x: Option<&IndicatorValue>,
                 y: Option<&IndicatorValue>| {
        let same = match (x, y) {
            (Some(IndicatorValue::Number(p)), Some(IndicatorValue::Number(q))) => {
                (p - q).abs() <= s.tolerance
            }
            (Some(IndicatorValue::Text(p)), Some(IndicatorValue::Text(q))) => same_text(p, q),
            (None, None) => true,
            _ => false,
        };
        if !same {
            let delta = match (x, y) {
                (Some(IndicatorValue::Number(p)), Some(IndicatorValue::Number(q))) => Some(q - p),
                _ => None,
            };
            f.push(key(c), label(c), value_text(x), value_text(y), delta, None);
        }
    };
    let labels = [
        (Kind, a.kind.map(|k| k.label()), b.kind.map(|k| k.label())),
        (
            Nature,
            a.nature.map(|n| n.label()),
            b.nature.map(|n| n.label()),
        ),
    ];
    for (c, x, y) in labels {
        if x != y {
            let show = |v: Option<&str>| v.unwrap_or_default().to_owned();
            f.push(key(c), label(c), show(x), show(y), None, None);
        }
    }
    f.text(key(Unit), label(Unit), &a.unit, &b.unit);
    value(&mut f, Baseline, a.baseline.as_ref(), b.baseline.as_ref());
    value(&mut f, Target, a.target.as_ref(), b.target.as_ref());
    if a.horizon != b.horizon {
        let show = |h| TargetHorizon::describe(h).to_owned();
        f.push(
            key(Horizon),
            label(Horizon),
            show(a.horizon),
            show(b.horizon),
            None,
            None,
        );
    }
    let years: BTreeSet<&i32> = a.results.keys().chain(b.results.keys()).collect();
    for y in years {
        value(&mut f, Result(*y), a.results.get(y), b.results.get(y));
    }
    f.text(key(Comment), label(Comment), &a.comment, &b.comment);
    f.out
}
