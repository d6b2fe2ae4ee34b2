//! Comparing two snapshots, partner by partner: who arrived, left or became
//! unreadable, and each partner's action and indicator changes.

use std::collections::BTreeSet;

use super::{ChangeReport, PartnerChanges, PartnerEvent};
use crate::model::{PartnerPlan, Snapshot};
use crate::referentiel::{ChangeSettings, Referentiel};

use super::actions::action_changes;
use super::indicators::indicator_changes;

/// The change report from `old` to `new`.
pub fn compare(
    old: &Snapshot,
    new: &Snapshot,
    r: &Referentiel,
    settings: &ChangeSettings,
) -> ChangeReport {
    let title = |partner: &str, number: &str| {
        new.partners
            .get(partner)?
            .actions
            .iter()
            .find(|a| a.number == number)
            .map(|a| a.title.clone())
    };
    compare_with(old, new, r, settings, title)
}

/// [`compare`] of two snapshots that may leave out the same partners (the
/// ones whose plan and state did not change: nothing to report);
/// `title(partner, number)` is the title of an action of the whole newer
/// plan, for the committee's avis.
pub fn compare_with(
    old: &Snapshot,
    new: &Snapshot,
    r: &Referentiel,
    settings: &ChangeSettings,
    title: impl Fn(&str, &str) -> Option<String>,
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
        decisions: super::decisions::decision_changes(old, new, title),
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
