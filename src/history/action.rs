//! One action over time: every change of it (and of its indicators), run by
//! run, followed under its new number when it was renumbered.

use std::collections::BTreeSet;

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
