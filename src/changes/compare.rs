//! Comparing two snapshots, partner by partner.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use similar::{ChangeTag, TextDiff};

use super::{
    ActionChange, ChangeKind, ChangeReport, FieldChange, IndicatorChange, PartnerChanges,
    PartnerEvent, Segment,
};
use crate::model::{Action, Indicator, IndicatorValue, PartnerPlan, Snapshot};
use crate::referentiel::columns::{ActionColumn, Column, field_key};
use crate::referentiel::{ChangeSettings, Referentiel, StatusKind};
use crate::text::{euros, fold, similarity};
use crate::workbook::CellValue;

/// Below this resemblance, an action with a new number is a new action.
const RENUMBER_THRESHOLD: f64 = 0.75;
/// Texts longer than this are shown as a word-level diff.
const LONG_TEXT: usize = 60;

/// The change report from `old` to `new`.
pub fn compare(
    old: &Snapshot,
    new: &Snapshot,
    r: &Referentiel,
    settings: &ChangeSettings,
) -> ChangeReport {
    let codes: BTreeSet<&String> = old.partners.keys().chain(new.partners.keys()).collect();
    let partners = codes
        .into_iter()
        .map(|code| {
            partner_changes(
                code,
                old.partners.get(code),
                new.partners.get(code),
                r,
                settings,
            )
        })
        .filter(|p| !p.is_empty())
        .collect();
    ChangeReport {
        since: old.label.clone(),
        since_at: old.taken_at,
        until: new.label.clone(),
        until_at: new.taken_at,
        partners,
    }
}

fn has_file(p: &PartnerPlan) -> bool {
    !matches!(p.state.as_deref(), Some("jamais_depose" | "retire"))
}

fn readable(p: &PartnerPlan) -> bool {
    !matches!(p.state.as_deref(), Some("illisible" | "version_precedente"))
}

fn event(old: Option<&PartnerPlan>, new: Option<&PartnerPlan>) -> Option<PartnerEvent> {
    match (old, new) {
        (None, Some(n)) if has_file(n) => Some(PartnerEvent::FirstDeposit),
        (Some(o), Some(n)) if o.state.as_deref() == Some("jamais_depose") && has_file(n) => {
            Some(PartnerEvent::FirstDeposit)
        }
        (Some(o), None) if has_file(o) => Some(PartnerEvent::FileWithdrawn),
        (Some(o), Some(n)) if has_file(o) && !has_file(n) => Some(PartnerEvent::FileWithdrawn),
        (Some(o), Some(n)) if has_file(n) && readable(o) && !readable(n) => {
            Some(PartnerEvent::BecameUnreadable)
        }
        (Some(o), Some(n)) if has_file(o) && !readable(o) && readable(n) => {
            Some(PartnerEvent::ReadableAgain)
        }
        _ => None,
    }
}

fn partner_changes(
    code: &str,
    old: Option<&PartnerPlan>,
    new: Option<&PartnerPlan>,
    r: &Referentiel,
    s: &ChangeSettings,
) -> PartnerChanges {
    let empty = PartnerPlan::default();
    let (o, n) = (old.unwrap_or(&empty), new.unwrap_or(&empty));
    let name = [n.name.as_str(), o.name.as_str()]
        .into_iter()
        .find(|x| !x.is_empty())
        .unwrap_or(code)
        .to_owned();
    let (actions, renumbered) = action_changes(&o.actions, &n.actions, r, s);
    let indicators = indicator_changes(&o.indicators, &n.indicators, &renumbered, r, s);
    PartnerChanges {
        code: code.to_owned(),
        name,
        event: event(old, new),
        actions,
        indicators,
    }
}

fn axis(r: &Referentiel, a: &Action) -> String {
    r.objective(&a.objective).map_or_else(
        || {
            crate::referentiel::parent_code(crate::referentiel::parent_code(&a.objective))
                .to_owned()
        },
        |o| o.axis_code().to_owned(),
    )
}

/// How much two actions look alike, from 0 to 1: mostly the title, then
/// the objective, the description and the start date.
fn resemblance(a: &Action, b: &Action) -> f64 {
    // The beginning of a text says enough, and comparing every pair of long
    // descriptions in full would cost seconds when a partner renumbers all.
    let text = |x: &str, y: &str| {
        let cut = |s: &str| fold(&s.chars().take(300).collect::<String>());
        let (x, y) = (cut(x), cut(y));
        if x == y { 1.0 } else { similarity(&x, &y) }
    };
    0.5 * text(&a.title, &b.title)
        + 0.2 * f64::from(u8::from(a.objective == b.objective))
        + 0.2 * text(&a.description, &b.description)
        + 0.1 * f64::from(u8::from(a.start == b.start))
}

/// Action changes, and the renumbering found (old number → new number).
fn action_changes(
    old: &[Action],
    new: &[Action],
    r: &Referentiel,
    s: &ChangeSettings,
) -> (Vec<ActionChange>, HashMap<String, String>) {
    let old_by: BTreeMap<&str, &Action> = old.iter().map(|a| (a.number.as_str(), a)).collect();
    let new_by: BTreeMap<&str, &Action> = new.iter().map(|a| (a.number.as_str(), a)).collect();
    let mut changes = Vec::new();
    for (number, b) in &new_by {
        if let Some(a) = old_by.get(number) {
            let fields = field_changes(a, b, r, s);
            if !fields.is_empty() {
                changes.push(change(ChangeKind::Modified, b, None, None, fields, r));
            }
        }
    }
    let gone: Vec<&Action> = old_by
        .iter()
        .filter(|(n, _)| !new_by.contains_key(*n))
        .map(|(_, a)| *a)
        .collect();
    let came: Vec<&Action> = new_by
        .iter()
        .filter(|(n, _)| !old_by.contains_key(*n))
        .map(|(_, a)| *a)
        .collect();
    // Renumbered actions: the most alike pairs first, each action once.
    let mut pairs: Vec<(f64, usize, usize)> = gone
        .iter()
        .enumerate()
        .flat_map(|(i, a)| {
            came.iter()
                .enumerate()
                .map(move |(j, b)| (resemblance(a, b), i, j))
        })
        .filter(|(score, _, _)| *score >= RENUMBER_THRESHOLD)
        .collect();
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let (mut used_old, mut used_new) = (vec![false; gone.len()], vec![false; came.len()]);
    let mut renumbered = HashMap::new();
    for (score, i, j) in pairs {
        if used_old[i] || used_new[j] {
            continue;
        }
        used_old[i] = true;
        used_new[j] = true;
        let (a, b) = (gone[i], came[j]);
        renumbered.insert(a.number.clone(), b.number.clone());
        let fields = field_changes(a, b, r, s);
        changes.push(change(
            ChangeKind::Renumbered,
            b,
            Some(a.number.clone()),
            Some((score * 100.0).round() / 100.0),
            fields,
            r,
        ));
    }
    for (_, b) in came.iter().enumerate().filter(|(j, _)| !used_new[*j]) {
        changes.push(change(ChangeKind::Added, b, None, None, Vec::new(), r));
    }
    for (_, a) in gone.iter().enumerate().filter(|(i, _)| !used_old[*i]) {
        changes.push(change(ChangeKind::Removed, a, None, None, Vec::new(), r));
    }
    changes.sort_by(|x, y| x.number.cmp(&y.number).then(x.kind.cmp(&y.kind)));
    (changes, renumbered)
}

fn change(
    kind: ChangeKind,
    a: &Action,
    old_number: Option<String>,
    resemblance: Option<f64>,
    fields: Vec<FieldChange>,
    r: &Referentiel,
) -> ActionChange {
    ActionChange {
        kind,
        number: a.number.clone(),
        old_number,
        title: a.title.clone(),
        axis: axis(r, a),
        resemblance,
        fields,
    }
}

/// Texts equal but for trailing spaces and line endings.
fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.replace("\r\n", "\n")
            .lines()
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n")
            .trim_end()
            .to_owned()
    };
    norm(a) == norm(b)
}

fn same_number(a: Option<f64>, b: Option<f64>, tolerance: f64) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => (x - y).abs() <= tolerance,
        _ => false,
    }
}

/// Lists whose order carries no meaning (« Lavaur; Teulat » = « Teulat; Lavaur »).
fn same_set(a: &[String], b: &[String]) -> bool {
    let set = |v: &[String]| {
        v.iter()
            .map(|x| x.trim().to_owned())
            .collect::<BTreeSet<_>>()
    };
    set(a) == set(b)
}

fn number_text(n: f64) -> String {
    CellValue::Number(n).to_string()
}

fn words(old: &str, new: &str) -> Option<Vec<Segment>> {
    if old.chars().count() <= LONG_TEXT && new.chars().count() <= LONG_TEXT {
        return None;
    }
    let diff = TextDiff::from_words(old, new);
    let changes: Vec<(ChangeTag, &str)> = diff
        .iter_all_changes()
        .map(|c| (c.tag(), c.value()))
        .collect();
    // A change block runs over words changed on either side and the blanks
    // between them, so that « par mois » → « sur deux » reads as one
    // replacement, not word by word.
    let mut segments: Vec<Segment> = Vec::new();
    let mut i = 0;
    while i < changes.len() {
        let (tag, text) = changes[i];
        if tag == ChangeTag::Equal {
            match segments.last_mut() {
                Some(Segment::Same(t)) => t.push_str(text),
                _ => segments.push(Segment::Same(text.to_owned())),
            }
            i += 1;
            continue;
        }
        // The block ends at its last changed word before an unchanged word.
        let mut end = i;
        for (j, &(tag, text)) in changes.iter().enumerate().skip(i) {
            if tag == ChangeTag::Equal && !text.trim().is_empty() {
                break;
            }
            if tag != ChangeTag::Equal {
                end = j + 1;
            }
        }
        let (mut deleted, mut inserted) = (String::new(), String::new());
        for &(tag, text) in &changes[i..end] {
            if tag != ChangeTag::Insert {
                deleted.push_str(text);
            }
            if tag != ChangeTag::Delete {
                inserted.push_str(text);
            }
        }
        if !deleted.trim().is_empty() {
            segments.push(Segment::Removed(deleted));
        }
        if !inserted.trim().is_empty() {
            segments.push(Segment::Added(inserted));
        }
        i = end;
    }
    Some(segments)
}

/// Builds field changes, skipping the fields the settings ignore.
struct Fields<'a> {
    settings: &'a ChangeSettings,
    out: Vec<FieldChange>,
}

impl Fields<'_> {
    fn push(
        &mut self,
        key: String,
        field: String,
        old: String,
        new: String,
        delta: Option<f64>,
        note: Option<String>,
    ) {
        if self.settings.ignored.contains(&key) {
            return;
        }
        self.out.push(FieldChange {
            key,
            field,
            old,
            new,
            words: None,
            delta,
            note,
        });
    }

    /// A free text: long ones are shown word by word (not coded values
    /// such as an objective, which read better whole).
    fn text(&mut self, key: String, field: String, a: &str, b: &str) {
        if !same_text(a, b) {
            let before = self.out.len();
            self.push(
                key,
                field,
                a.trim_end().to_owned(),
                b.trim_end().to_owned(),
                None,
                None,
            );
            if let Some(f) = self.out.get_mut(before) {
                f.words = words(&f.old, &f.new);
            }
        }
    }

    fn amount(&mut self, key: String, field: String, a: Option<f64>, b: Option<f64>) {
        if !same_number(a, b, self.settings.tolerance) {
            let delta = b.unwrap_or(0.0) - a.unwrap_or(0.0);
            let sign = if delta > 0.0 { "+" } else { "" };
            self.push(
                key,
                field,
                a.map(euros).unwrap_or_default(),
                b.map(euros).unwrap_or_default(),
                Some(delta),
                Some(format!("{sign}{}", euros(delta))),
            );
        }
    }
}

fn field_changes(a: &Action, b: &Action, r: &Referentiel, s: &ChangeSettings) -> Vec<FieldChange> {
    use ActionColumn::*;
    let mut f = Fields {
        settings: s,
        out: Vec::new(),
    };
    let key = |c| field_key(c, r);
    let label = |c: ActionColumn| {
        c.header(r)
            .trim_end_matches(" (€)")
            .trim_end_matches(" (%)")
            .to_owned()
    };
    f.text(key(Title), label(Title), &a.title, &b.title);
    if a.objective != b.objective {
        let shown = |code: &str| {
            r.objective(code)
                .map_or_else(|| code.to_owned(), |o| o.choice())
        };
        let (ax, bx) = (axis(r, a), axis(r, b));
        let note = if ax == bx {
            format!("même axe ({ax})")
        } else {
            format!("changement d'axe : {ax} → {bx}")
        };
        f.push(
            key(Objective),
            label(Objective),
            shown(&a.objective),
            shown(&b.objective),
            None,
            Some(note),
        );
    }
    for (column, old, new) in [
        (Domains, &a.domains, &b.domains),
        (Audiences, &a.audiences, &b.audiences),
    ] {
        if !same_set(old, new) {
            f.push(
                key(column),
                label(column),
                old.join("; "),
                new.join("; "),
                None,
                None,
            );
        }
    }
    let communes_differ = match (&a.communes, &b.communes) {
        (crate::model::Communes::Some(x), crate::model::Communes::Some(y)) => !same_set(x, y),
        (x, y) => x != y,
    };
    if communes_differ {
        f.push(
            key(Communes),
            label(Communes),
            a.communes.display(),
            b.communes.display(),
            None,
            None,
        );
    }
    f.text(
        key(Description),
        label(Description),
        &a.description,
        &b.description,
    );
    f.text(key(Contact), label(Contact), &a.contact, &b.contact);
    f.text(
        key(Associates),
        label(Associates),
        &a.associates,
        &b.associates,
    );
    for (c, x, y) in [(Start, a.start, b.start), (End, a.end, b.end)] {
        if x != y {
            let show = |d: Option<chrono::NaiveDate>| {
                d.map(|d| d.format("%d/%m/%Y").to_string())
                    .unwrap_or_default()
            };
            f.push(key(c), label(c), show(x), show(y), None, None);
        }
    }
    if a.status != b.status {
        let show =
            |k: Option<StatusKind>| k.map(|k| r.status_label(k).to_owned()).unwrap_or_default();
        let backwards = matches!((a.status, b.status), (Some(x), Some(y)) if y.progress_rank() < x.progress_rank());
        f.push(
            key(Status),
            label(Status),
            show(a.status),
            show(b.status),
            None,
            backwards.then(|| "statut en recul".to_owned()),
        );
    }
    if !same_number(a.progress, b.progress, s.tolerance) {
        let show = |p: Option<f64>| {
            p.map(|p| format!("{} %", number_text(p)))
                .unwrap_or_default()
        };
        let delta = b.progress.unwrap_or(0.0) - a.progress.unwrap_or(0.0);
        f.push(
            key(Progress),
            label(Progress),
            show(a.progress),
            show(b.progress),
            Some(delta),
            (delta < 0.0).then(|| "avancement en recul".to_owned()),
        );
    }
    f.amount(key(Budget), label(Budget), a.budget, b.budget);
    for (i, funder) in r.funders.iter().enumerate() {
        // An empty amount and zero are the same funding.
        let get = |x: &Action| x.funding.get(&funder.code).copied().filter(|v| *v != 0.0);
        f.amount(key(Funding(i)), label(Funding(i)), get(a), get(b));
    }
    f.text(key(Comments), label(Comments), &a.comments, &b.comments);
    let extras = |x: &Action| {
        x.extra
            .iter()
            .cloned()
            .collect::<BTreeMap<String, String>>()
    };
    let (ea, eb) = (extras(a), extras(b));
    for header in ea.keys().chain(eb.keys()).collect::<BTreeSet<_>>() {
        let (x, y) = (
            ea.get(header).map_or("", String::as_str),
            eb.get(header).map_or("", String::as_str),
        );
        f.text(format!("colonne:{header}"), header.clone(), x, y);
    }
    f.out
}

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

fn indicator_changes(
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
        self, Baseline, Comment, Kind, Result, Target, Unit,
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
    if a.kind != b.kind {
        let show = |k: Option<crate::model::IndicatorKind>| {
            k.map(|k| k.label().to_owned()).unwrap_or_default()
        };
        f.push(
            key(Kind),
            label(Kind),
            show(a.kind),
            show(b.kind),
            None,
            None,
        );
    }
    f.text(key(Unit), label(Unit), &a.unit, &b.unit);
    value(&mut f, Baseline, a.baseline.as_ref(), b.baseline.as_ref());
    value(&mut f, Target, a.target.as_ref(), b.target.as_ref());
    let years: BTreeSet<&i32> = a.results.keys().chain(b.results.keys()).collect();
    for y in years {
        value(&mut f, Result(*y), a.results.get(y), b.results.get(y));
    }
    f.text(key(Comment), label(Comment), &a.comment, &b.comment);
    f.out
}
