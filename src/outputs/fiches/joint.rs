//! Fiches of actions carried by several partners: one fiche per joint
//! action, its lead's, naming each co-carrier and its contribution, with
//! every partner's indicators.

use std::collections::BTreeSet;

use crate::consolidate::joint::{JointAction, JointPlan, Role};
use crate::history::CurrentPlan;
use crate::model::{Action, Indicator};
use crate::text::euros;

/// The rows `kept` with each row of a joint action replaced by its lead's
/// row, each once: a joint action is one fiche, whichever partner's row a
/// filter kept.
pub(super) fn leads<'a>(
    plan: &'a CurrentPlan,
    joint: &JointPlan,
    kept: Vec<(&'a str, &'a Action)>,
) -> Vec<(&'a str, &'a Action)> {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut out = Vec::new();
    for (code, a) in kept {
        let (code, a) = joint
            .of(&a.number)
            .and_then(|j| row(plan, &j.lead.partner, &j.lead.number))
            .unwrap_or((code, a));
        if seen.insert(a.number.as_str()) {
            out.push((code, a));
        }
    }
    out
}

/// The row numbered `number` of partner `code`, with the code as the plan
/// holds it.
fn row<'a>(plan: &'a CurrentPlan, code: &str, number: &str) -> Option<(&'a str, &'a Action)> {
    let (code, p) = plan.snapshot.partners.get_key_value(code)?;
    let a = p.actions.iter().find(|a| a.number == number)?;
    Some((code.as_str(), a))
}

/// « Service Jeunesse (SJ-001, contribution 3 000 €) ; … »: the
/// co-carriers of a joint action, for its fiche.
pub(super) fn co_carriers(j: &JointAction) -> String {
    j.others
        .iter()
        .map(|c| {
            let part = match (c.role, c.budget) {
                (Role::Copy, _) => "mêmes montants que le porteur, comptés une fois".to_owned(),
                (_, Some(b)) => format!("contribution {}", euros(b)),
                (_, None) => "contribution non renseignée".to_owned(),
            };
            format!("{} ({}, {part})", c.name, c.number)
        })
        .collect::<Vec<_>>()
        .join(" ; ")
}

/// The co-carriers' indicators, each with its action's number.
pub(super) fn co_carriers_indicators<'a>(
    plan: &'a CurrentPlan,
    j: &JointAction,
) -> Vec<(&'a str, &'a Indicator)> {
    j.others
        .iter()
        .filter_map(|c| Some((c, plan.snapshot.partners.get(&c.partner)?)))
        .flat_map(|(c, p)| {
            p.indicators
                .iter()
                .filter(move |i| i.action == c.number)
                .map(|i| (i.action.as_str(), i))
        })
        .collect()
}
