//! One action over time: every change of it (and of its indicators), run by
//! run, followed under its new number when it was renumbered.

use std::collections::{BTreeMap, BTreeSet};

use super::{alone, known_partners};
use crate::changes::{self, ActionChange, IndicatorChange, PartnerEvent};
use crate::error::{Error, Result};
use crate::model::{Action, PartnerPlan};
use crate::referentiel::Config;
use crate::store::RecordedState;
use crate::validate::{normalise_number, number_prefix};

/// Every change of one action, run by run.
#[derive(Debug, Clone)]
pub struct ActionTimeline {
    /// The number asked for, normalised (« MJCL-002 »).
    pub number: String,
    /// Its partner's code.
    pub code: String,
    /// Its partner's name at the latest run.
    pub name: String,
    /// The runs that changed the action, oldest first.
    pub steps: Vec<ActionStep>,
    /// The latest run that recorded the partner.
    pub last_run: i64,
    /// The action as that run holds it (under its latest number), or none
    /// when it has left the plan.
    pub now: Option<Action>,
}

/// One run that changed the action.
#[derive(Debug, Clone)]
pub struct ActionStep {
    /// What the run recorded for the partner (where its plan came from).
    pub record: RecordedState,
    /// The changes of the action itself.
    pub actions: Vec<TrackedChange>,
    /// The changes of its indicators.
    pub indicators: Vec<IndicatorChange>,
    /// Links to it that other partners made or broke in their own plans
    /// (its own links are changes of its « Action commune avec »).
    pub links: Vec<LinkChange>,
}

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

/// A change of the followed action.
#[derive(Debug, Clone)]
pub struct TrackedChange {
    /// The change.
    pub change: ActionChange,
    /// True when the action had already appeared at an earlier run, so an
    /// addition is a return rather than its creation.
    pub seen_before: bool,
    /// What happened to the partner as a whole at that run.
    pub event: Option<PartnerEvent>,
}

/// Every change of the action numbered `typed` (as the user typed it):
/// consecutive distinct versions of its partner's plan are compared, and
/// the changes that concern the action (or its indicators) kept. A French
/// error when the history never saw its partner or the action.
pub fn action_timeline(
    store: &crate::store::Store,
    config: &Config,
    typed: &str,
) -> Result<ActionTimeline> {
    let number = normalise_number(typed, "").unwrap_or_else(|| typed.trim().to_uppercase());
    let code = number_prefix(&number).to_owned();
    let versions = store.partner_versions(&code)?;
    let Some(last) = versions.last() else {
        return Err(Error::Usage(format!(
            "Le partenaire « {code} » (préfixe du numéro {number}) n'apparaît dans aucune consolidation de l'historique. Partenaires connus : {}.",
            known_partners(store)?
        )));
    };
    let mut tracked: BTreeSet<String> = BTreeSet::from([number.clone()]);
    let mut seen = false;
    let mut steps = Vec::new();
    let mut old: Option<PartnerPlan> = None;
    let mut previous_key = None;
    for v in &versions {
        let r = &v.record;
        // Runs that used the same content in the same state change nothing.
        let key = (r.content_id, r.state.clone());
        if previous_key.as_ref() == Some(&key) {
            continue;
        }
        previous_key = Some(key);
        let new = r.plan(&v.content);
        let report = changes::compare(
            &alone(&code, old.take()),
            &alone(&code, Some(new.clone())),
            &config.referentiel,
            &config.changes,
        );
        old = Some(new);
        let Some(p) = report.partners.into_iter().next() else {
            continue;
        };
        let mut actions = Vec::new();
        for a in p.actions {
            let concerned = tracked.contains(&a.number)
                || a.old_number.as_ref().is_some_and(|n| tracked.contains(n));
            if concerned {
                tracked.insert(a.number.clone());
                actions.push(TrackedChange {
                    change: a,
                    seen_before: seen,
                    event: p.event,
                });
                seen = true;
            }
        }
        let indicators: Vec<IndicatorChange> = p
            .indicators
            .into_iter()
            .filter(|i| tracked.contains(&i.action))
            .collect();
        if !actions.is_empty() || !indicators.is_empty() {
            steps.push(ActionStep {
                record: r.clone(),
                actions,
                indicators,
                links: Vec::new(),
            });
        }
    }
    if steps.is_empty() {
        let numbers: BTreeSet<&str> = versions
            .iter()
            .flat_map(|v| v.content.actions.iter().map(|a| a.number.as_str()))
            .collect();
        let known = if numbers.is_empty() {
            format!("{code} n'a encore aucune action acceptée")
        } else {
            format!(
                "actions connues de {code} : {}",
                numbers.into_iter().collect::<Vec<_>>().join(", ")
            )
        };
        return Err(Error::Usage(format!(
            "L'action {number} n'apparaît dans aucune consolidation de l'historique ({known})."
        )));
    }
    let links = links_by_others(store, &code, &versions, &tracked)?;
    add_links(&mut steps, links, &versions);
    let now = last
        .content
        .actions
        .iter()
        .find(|a| tracked.contains(&a.number))
        .cloned();
    Ok(ActionTimeline {
        name: last.record.name.clone(),
        last_run: last.record.run,
        number,
        code,
        steps,
        now,
    })
}

/// Links that other partners' actions made to, or broke with, any number
/// of the followed action, at each run that recorded its partner (the
/// partner's `versions`): run → changes.
fn links_by_others(
    store: &crate::store::Store,
    code: &str,
    versions: &[crate::store::PartnerVersion],
    tracked: &BTreeSet<String>,
) -> Result<BTreeMap<i64, Vec<LinkChange>>> {
    let states: Vec<RecordedState> = store
        .states()?
        .into_iter()
        .filter(|s| s.partner != code)
        .collect();
    let contents = store.contents(states.iter().filter_map(|s| s.content_id))?;
    // Each run's set of (number, partner name) naming the action.
    let mut naming: BTreeMap<i64, BTreeSet<(String, String)>> = BTreeMap::new();
    for s in &states {
        let Some(content) = s.content_id.and_then(|id| contents.get(&id)) else {
            continue;
        };
        let set = naming.entry(s.run).or_default();
        for a in &content.actions {
            if a.joint_with.iter().any(|n| tracked.contains(n)) {
                set.insert((a.number.clone(), s.name.clone()));
            }
        }
    }
    let mut out = BTreeMap::new();
    let mut before: BTreeSet<(String, String)> = BTreeSet::new();
    for v in versions {
        let now = naming.remove(&v.record.run).unwrap_or_default();
        let mut changes: Vec<LinkChange> = now
            .difference(&before)
            .map(|(number, name)| (number, name, true))
            .chain(
                before
                    .difference(&now)
                    .map(|(number, name)| (number, name, false)),
            )
            .map(|(number, name, made)| LinkChange {
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
/// run that changed nothing else, and keeps the steps in run order.
fn add_links(
    steps: &mut Vec<ActionStep>,
    mut links: BTreeMap<i64, Vec<LinkChange>>,
    versions: &[crate::store::PartnerVersion],
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
                links: l,
            });
        }
    }
    steps.sort_by_key(|s| s.record.run);
}
