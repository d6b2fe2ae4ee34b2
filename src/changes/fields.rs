//! Field-by-field comparison of two versions of one action: what counts as
//! the same value, and word-level diffs of long texts.

use std::collections::{BTreeMap, BTreeSet};

use similar::{ChangeTag, TextDiff};

use super::{FieldChange, Segment};
use crate::model::Action;
use crate::referentiel::columns::{ActionColumn, Column, field_key};
use crate::referentiel::{ChangeSettings, Referentiel, StatusKind};
use crate::text::euros;
use crate::workbook::CellValue;

/// Texts longer than this are shown as a word-level diff.
const LONG_TEXT: usize = 60;

/// Texts equal but for trailing spaces and line endings.
pub(super) fn same_text(a: &str, b: &str) -> bool {
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

pub(super) fn number_text(n: f64) -> String {
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
pub(super) struct Fields<'a> {
    pub(super) settings: &'a ChangeSettings,
    pub(super) out: Vec<FieldChange>,
}

impl Fields<'_> {
    pub(super) fn push(
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
    pub(super) fn text(&mut self, key: String, field: String, a: &str, b: &str) {
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

    pub(super) fn amount(&mut self, key: String, field: String, a: Option<f64>, b: Option<f64>) {
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

pub(super) fn field_changes(
    a: &Action,
    b: &Action,
    r: &Referentiel,
    s: &ChangeSettings,
) -> Vec<FieldChange> {
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
    f.text(key(Need), label(Need), &a.need, &b.need);
    f.text(
        key(Description),
        label(Description),
        &a.description,
        &b.description,
    );
    f.text(key(Means), label(Means), &a.means, &b.means);
    f.text(key(Contact), label(Contact), &a.contact, &b.contact);
    f.text(
        key(Associates),
        label(Associates),
        &a.associates,
        &b.associates,
    );
    if !same_set(&a.joint_with, &b.joint_with) {
        f.push(
            key(JointWith),
            label(JointWith),
            a.joint_with.join("; "),
            b.joint_with.join("; "),
            None,
            Some(links_note(&a.joint_with, &b.joint_with)),
        );
    }
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
    let scheme = |x: &Action| x.caf_scheme.clone().unwrap_or_default();
    f.text(key(CafScheme), label(CafScheme), &scheme(a), &scheme(b));
    for year in r.convention.years() {
        let spent = |x: &Action| x.spending.get(&year).copied();
        let c = Spending(year);
        f.amount(key(c), label(c), spent(a), spent(b));
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

/// The links to other partners' actions made and broken: « lien créé avec
/// SJ-001 ; lien rompu avec EFS-002 ».
fn links_note(old: &[String], new: &[String]) -> String {
    let made: Vec<&str> = new
        .iter()
        .filter(|n| !old.contains(n))
        .map(String::as_str)
        .collect();
    let broken: Vec<&str> = old
        .iter()
        .filter(|n| !new.contains(n))
        .map(String::as_str)
        .collect();
    let part = |numbers: &[&str], one: &str, many: &str| {
        (!numbers.is_empty()).then(|| {
            let word = if numbers.len() > 1 { many } else { one };
            format!("{word} {}", numbers.join(", "))
        })
    };
    [
        part(&made, "lien créé avec", "liens créés avec"),
        part(&broken, "lien rompu avec", "liens rompus avec"),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ; ")
}

/// Axis code of an action's objective, for reports.
pub(super) fn axis(r: &Referentiel, a: &Action) -> String {
    r.objective(&a.objective).map_or_else(
        || {
            crate::referentiel::parent_code(crate::referentiel::parent_code(&a.objective))
                .to_owned()
        },
        |o| o.axis_code().to_owned(),
    )
}
