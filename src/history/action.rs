//! One action over time: every change of it (and of its indicators), run by
//! run, under each number it had (asked by its new number after a
//! renumbering, its life under the old one is told too), and the runs where
//! its row was deposited but refused.

use std::collections::{BTreeSet, HashSet};

use super::links::{LinkChange, add_links, links_by_others};
use super::{alone, known_partners};
use crate::changes::{self, ActionChange, IndicatorChange, PartnerChanges, PartnerEvent};
use crate::error::{Error, Result};
use crate::model::{Action, PartnerPlan, RejectedRow};
use crate::referentiel::columns::{ActionColumn, Column, IndicatorColumn};
use crate::referentiel::{Config, Referentiel};
use crate::store::{PartnerVersion, RecordedState};
use crate::text::fold;
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
    /// The runs that changed the action or refused its row, oldest first.
    pub steps: Vec<ActionStep>,
    /// The latest run that recorded the partner.
    pub last_run: i64,
    /// The action as that run holds it (under its latest number), or none
    /// when it is not in the plan.
    pub now: Option<Action>,
    /// True when that run refused the action's row.
    pub refused_now: bool,
}

/// One run that changed the action, or refused its row.
#[derive(Debug, Clone)]
pub struct ActionStep {
    /// What the run recorded for the partner (where its plan came from).
    pub record: RecordedState,
    /// The changes of the action itself.
    pub actions: Vec<TrackedChange>,
    /// The changes of its indicators.
    pub indicators: Vec<IndicatorChange>,
    /// The action's rows that the file version refused, each with its
    /// number as the partner typed it.
    pub refused: Vec<(String, RejectedRow)>,
    /// True when the version before this one refused its row too.
    pub still_refused: bool,
    /// Links to it that other partners made or broke in their own plans
    /// (its own links are changes of its « Action commune avec »).
    pub links: Vec<LinkChange>,
}

/// A change of the followed action.
#[derive(Debug, Clone)]
pub struct TrackedChange {
    /// The change.
    pub change: ActionChange,
    /// True when the action had already appeared at an earlier run, so an
    /// addition is a return rather than its creation.
    pub seen_before: bool,
    /// True when its row had been refused before: an addition is then its
    /// row accepted at last.
    pub refused_before: bool,
    /// What happened to the partner as a whole at that run.
    pub event: Option<PartnerEvent>,
}

/// Every number the action had: `number`, and those linked to it by a
/// renumbering at any run, either way.
fn linked(number: &str, reports: &[Option<PartnerChanges>]) -> BTreeSet<String> {
    let moves: Vec<(&str, &str)> = reports
        .iter()
        .flatten()
        .flat_map(|p| &p.actions)
        .filter_map(|a| Some((a.old_number.as_deref()?, a.number.as_str())))
        .collect();
    let mut numbers = BTreeSet::from([number.to_owned()]);
    loop {
        let before = numbers.len();
        for (old, new) in &moves {
            if numbers.contains(*old) || numbers.contains(*new) {
                numbers.insert((*old).to_owned());
                numbers.insert((*new).to_owned());
            }
        }
        if numbers.len() == before {
            return numbers;
        }
    }
}

/// The refused rows of an actions sheet among `rows` that carry one of
/// `numbers`, each with that number as typed. A content's refused rows come sheet by sheet, actions first;
/// a sheet is the indicators' when its name says so, or when one of its
/// rows has a column only they have (« Indicateur », « Réalisé 2024 »…:
/// not a name the actions sheet knows).
fn refused_actions<'a>(
    rows: &'a [RejectedRow],
    numbers: &BTreeSet<String>,
    code: &str,
    r: &Referentiel,
) -> Vec<(&'a str, &'a RejectedRow)> {
    let folded = |names: Vec<String>| names.into_iter().map(|n| fold(&n));
    let action_names: HashSet<String> = ActionColumn::synonyms(r)
        .into_iter()
        .flat_map(|(_, names)| folded(names))
        .collect();
    let indicator_only: HashSet<String> = IndicatorColumn::synonyms(r)
        .into_iter()
        .flat_map(|(_, names)| folded(names))
        .filter(|n| !action_names.contains(n))
        .collect();
    let indicator_sheets: HashSet<&str> = rows
        .iter()
        .filter(|row| {
            fold(&row.sheet).contains("indicateur")
                || row
                    .values
                    .iter()
                    .any(|(h, _)| indicator_only.contains(&fold(h)))
        })
        .map(|row| row.sheet.as_str())
        .collect();
    rows.iter()
        .filter(|row| !indicator_sheets.contains(row.sheet.as_str()))
        .filter_map(|row| {
            let (_, typed) = row
                .values
                .iter()
                .find(|(_, v)| normalise_number(v, code).is_some_and(|n| numbers.contains(&n)))?;
            Some((typed.as_str(), row))
        })
        .collect()
}

/// Every change of the action numbered `typed` (as the user typed it):
/// consecutive distinct versions of its partner's plan are compared, and
/// the changes that concern the action (or its indicators) kept, with the
/// versions that refused its row. A French error when the history never
/// saw its partner or the action.
pub fn action_timeline(
    store: &crate::store::Store,
    config: &Config,
    typed: &str,
) -> Result<ActionTimeline> {
    let number = normalise_number(typed, "").unwrap_or_else(|| typed.trim().to_uppercase());
    let code = number_prefix(&number).to_owned();
    let all = store.partner_versions(&code)?;
    let Some(last) = all.last() else {
        return Err(Error::Usage(format!(
            "Le partenaire « {code} » (préfixe du numéro {number}) n'apparaît dans aucune consolidation de l'historique. Partenaires connus : {}.",
            known_partners(store)?
        )));
    };
    // Runs that used the same content in the same state change nothing.
    let mut versions: Vec<&PartnerVersion> = Vec::new();
    for v in &all {
        let key = |v: &PartnerVersion| (v.record.content_id, v.record.state.clone());
        if versions.last().is_none_or(|p| key(p) != key(v)) {
            versions.push(v);
        }
    }
    let mut reports = Vec::with_capacity(versions.len());
    let mut old: Option<PartnerPlan> = None;
    for v in &versions {
        let new = v.record.plan(&v.content);
        let report = changes::compare(
            &alone(&code, old.take()),
            &alone(&code, Some(new.clone())),
            &config.referentiel,
            &config.changes,
        );
        reports.push(report.partners.into_iter().next());
        old = Some(new);
    }
    let tracked = linked(&number, &reports);
    let refused_rows = store.refused_rows(versions.iter().filter_map(|v| v.record.content_id))?;
    let refused_in = |v: &PartnerVersion| -> Vec<(String, RejectedRow)> {
        v.record
            .content_id
            .and_then(|id| refused_rows.get(&id))
            .map(|rows| refused_actions(rows, &tracked, &code, &config.referentiel))
            .unwrap_or_default()
            .into_iter()
            .map(|(typed, row)| (typed.to_owned(), row.clone()))
            .collect()
    };
    let (mut seen, mut was_refused, mut ever_refused) = (false, false, false);
    let mut steps = Vec::new();
    for (v, report) in versions.iter().zip(reports) {
        let refused = refused_in(v);
        let (actions, indicators, event) = match report {
            Some(p) => (p.actions, p.indicators, p.event),
            None => (Vec::new(), Vec::new(), None),
        };
        let actions: Vec<TrackedChange> = actions
            .into_iter()
            .filter(|a| {
                tracked.contains(&a.number)
                    || a.old_number.as_ref().is_some_and(|n| tracked.contains(n))
            })
            .map(|change| {
                let t = TrackedChange {
                    change,
                    seen_before: seen,
                    refused_before: ever_refused,
                    event,
                };
                seen = true;
                t
            })
            .collect();
        let indicators: Vec<IndicatorChange> = indicators
            .into_iter()
            .filter(|i| tracked.contains(&i.action))
            .collect();
        let still_refused = was_refused;
        was_refused = !refused.is_empty();
        ever_refused |= was_refused;
        if !actions.is_empty() || !indicators.is_empty() || !refused.is_empty() {
            steps.push(ActionStep {
                record: v.record.clone(),
                actions,
                indicators,
                refused,
                still_refused,
                links: Vec::new(),
            });
        }
    }
    if steps.is_empty() {
        let numbers: BTreeSet<&str> = all
            .iter()
            .flat_map(|v| v.content.actions.iter().map(|a| a.number.as_str()))
            .collect();
        let known = if numbers.is_empty() {
            format!("{code} n'a encore aucune action acceptée")
        } else {
            format!(
                "actions connues {} : {}",
                crate::text::de(&code),
                numbers.into_iter().collect::<Vec<_>>().join(", ")
            )
        };
        return Err(Error::Usage(format!(
            "L'action {number} n'apparaît dans aucune consolidation de l'historique ({known})."
        )));
    }
    add_links(
        &mut steps,
        links_by_others(store, &code, &all, &tracked)?,
        &all,
    );
    let now = last
        .content
        .actions
        .iter()
        .find(|a| tracked.contains(&a.number))
        .cloned();
    Ok(ActionTimeline {
        name: last.record.name.clone(),
        last_run: last.record.run,
        refused_now: !refused_in(last).is_empty(),
        number,
        code,
        steps,
        now,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(sheet: &str, values: &[(&str, &str)]) -> RejectedRow {
        RejectedRow {
            sheet: sheet.to_owned(),
            row: 5,
            values: values
                .iter()
                .map(|(h, v)| ((*h).to_owned(), (*v).to_owned()))
                .collect(),
            reasons: vec!["raison".to_owned()],
        }
    }

    #[test]
    fn refused_rows_of_the_actions_sheet_are_told_from_the_indicators() -> Result<()> {
        let r = Config::embedded()?.referentiel;
        let rows = [
            row(
                "Actions",
                &[("N° action", "mjcl 2"), ("Intitulé", "Ateliers")],
            ),
            row("Actions", &[("N° action", "MJCL-003")]),
            row(
                "Suivi",
                &[("N° action", "MJCL-002"), ("Indicateur", "Familles")],
            ),
            // Same sheet as an indicator row: an indicator row too.
            row("Suivi", &[("N° action", "MJCL-002")]),
            row("Indicateurs", &[("N° action", "MJCL-002")]),
        ];
        let numbers = BTreeSet::from(["MJCL-002".to_owned()]);
        let found = refused_actions(&rows, &numbers, "MJCL", &r);
        assert_eq!(found, [("mjcl 2", &rows[0])]);
        Ok(())
    }
}
