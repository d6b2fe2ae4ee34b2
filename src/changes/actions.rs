//! Matching the actions of two versions of a plan: by number first, then
//! by resemblance for the numbers that changed (renumbered actions).

use std::collections::{BTreeMap, HashMap};

use super::{ActionChange, ChangeKind, FieldChange};
use crate::model::Action;
use crate::referentiel::{ChangeSettings, Referentiel};
use crate::text::{fold, similarity};

use super::fields::{axis, field_changes};

/// Below this resemblance, an action with a new number is a new action.
const RENUMBER_THRESHOLD: f64 = 0.75;

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
pub(super) fn action_changes(
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
