//! The links other partners make to an action over time: each run's
//! « Action commune avec » of every other partner's plan naming it, and the
//! runs where one appeared or went away. Its own links are changes of its
//! own field, told with the rest of its changes.

use std::collections::{BTreeMap, BTreeSet};

use super::action::ActionStep;
use crate::error::Result;
use crate::store::{PartnerVersion, RecordedState, Store};

/// Another partner's action that started or stopped naming the followed
/// action in its « Action commune avec ».
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LinkChange {
    /// The other action's number.
    pub number: String,
    /// Its partner's name.
    pub name: String,
    /// True when the link was made, false when broken.
    pub made: bool,
}

/// The links that other partners' actions made to, or broke with, any of
/// the followed action's `numbers`, at each run that recorded its partner
/// `code` (`versions`, every run): run → changes.
pub(super) fn links_by_others(
    store: &Store,
    code: &str,
    versions: &[PartnerVersion],
    numbers: &BTreeSet<String>,
) -> Result<BTreeMap<i64, Vec<LinkChange>>> {
    let states: Vec<RecordedState> = store
        .states()?
        .into_iter()
        .filter(|s| s.partner != code)
        .collect();
    // Each distinct content is read once: a watcher's runs repeat a few.
    let contents = store.contents(states.iter().filter_map(|s| s.content_id))?;
    let mut naming: BTreeMap<i64, BTreeSet<(String, String)>> = BTreeMap::new();
    for s in &states {
        let Some(content) = s.content_id.and_then(|id| contents.get(&id)) else {
            continue;
        };
        let set = naming.entry(s.run).or_default();
        for a in &content.actions {
            if a.joint_with.iter().any(|n| numbers.contains(n)) {
                set.insert((a.number.clone(), s.name.clone()));
            }
        }
    }
    let mut out = BTreeMap::new();
    let mut before: BTreeSet<(String, String)> = BTreeSet::new();
    for v in versions {
        let now = naming.remove(&v.record.run).unwrap_or_default();
        let made = now.difference(&before).map(|link| (link, true));
        let broken = before.difference(&now).map(|link| (link, false));
        let mut changes: Vec<LinkChange> = made
            .chain(broken)
            .map(|((number, name), made)| LinkChange {
                number: number.clone(),
                name: name.clone(),
                made,
            })
            .collect();
        if !changes.is_empty() {
            changes.sort();
            out.insert(v.record.run, changes);
        }
        before = now;
    }
    Ok(out)
}

/// Puts each run's link changes in that run's step, making a step for a
/// run that changed nothing else (from its record in `versions`), and
/// keeps the steps in run order.
pub(super) fn add_links(
    steps: &mut Vec<ActionStep>,
    mut links: BTreeMap<i64, Vec<LinkChange>>,
    versions: &[PartnerVersion],
) {
    for step in steps.iter_mut() {
        if let Some(l) = links.remove(&step.record.run) {
            step.links = l;
        }
    }
    for v in versions {
        if let Some(l) = links.remove(&v.record.run) {
            steps.push(ActionStep {
                record: v.record.clone(),
                actions: Vec::new(),
                indicators: Vec::new(),
                refused: Vec::new(),
                still_refused: false,
                links: l,
            });
        }
    }
    steps.sort_by_key(|s| s.record.run);
}
