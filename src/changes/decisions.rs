//! The committee's avis between two snapshots: the ones given since, and
//! the ones that changed (« À retravailler → Validée »).

use super::DecisionChange;
use crate::model::Snapshot;
use crate::validate::number_prefix;

/// Avis new or different in `new`, by action number, with the title
/// `title(partner, number)` gives. An avis confirmed as it was by a later
/// meeting, comment included, is no change.
pub(super) fn decision_changes(
    old: &Snapshot,
    new: &Snapshot,
    title: impl Fn(&str, &str) -> Option<String>,
) -> Vec<DecisionChange> {
    new.decisions
        .iter()
        .filter_map(|(number, d)| {
            let before = old.decisions.get(number);
            if before.is_some_and(|b| b.verdict == d.verdict && b.comment == d.comment) {
                return None;
            }
            let partner = number_prefix(number).to_owned();
            let title = title(&partner, number).unwrap_or_default();
            Some(DecisionChange {
                number: number.clone(),
                title,
                partner,
                old: before.map(|b| b.verdict.clone()),
                new: d.verdict.clone(),
                instance: d.instance.clone(),
                date: d.date,
                comment: d.comment.clone(),
            })
        })
        .collect()
}
