//! What the consolidated plan says on a given day, computed once for every
//! output: the « Suivi » of each action and the late ones (`Plan`), money
//! by status group, axis, dispositif and year with the CAF share (`money`),
//! the coverage of communes and objectives by status (`coverage`), the flat
//! breakdown by commune, public and champ (`breakdown`), and how fresh each
//! partner's file is (`freshness`). Outputs only lay these figures out.
//!
//! [`Plan::of`] is the one place that chooses the actions every figure
//! counts: an action carried by several partners counts once, as its
//! lead's row, touching the communes of all its rows
//! (`consolidate::joint`).

pub mod breakdown;
pub mod coverage;
pub mod freshness;
pub mod money;

use chrono::NaiveDate;

use crate::consolidate::Consolidation;
use crate::finding::Code;
use crate::model::tracking::{Assessment, Tracking};
use crate::model::{Action, Communes};
use crate::referentiel::{Referentiel, StatusKind};

/// An action's status as the partner's file gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StatusRead {
    /// A status of the list.
    Known(StatusKind),
    /// Filled in, but not a status of the list (« Validée »): set aside
    /// until corrected, and not to be read as left empty.
    Unrecognised,
    /// Left empty.
    Empty,
}

impl StatusRead {
    /// Every column a count by status shows, in order: the configured
    /// statuses, then unrecognised, then empty.
    pub fn columns(r: &Referentiel) -> Vec<StatusRead> {
        let mut columns: Vec<StatusRead> = r
            .statuses
            .iter()
            .map(|s| StatusRead::Known(s.kind))
            .collect();
        columns.extend([StatusRead::Unrecognised, StatusRead::Empty]);
        columns
    }

    /// French label, as counts by status head it.
    pub fn label(self, r: &Referentiel) -> String {
        match self {
            StatusRead::Known(kind) => r.status_label(kind).to_owned(),
            StatusRead::Unrecognised => "Statut non reconnu (à corriger)".to_owned(),
            StatusRead::Empty => "Statut non renseigné".to_owned(),
        }
    }
}

/// One action of the plan, with what is derived from it.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// Code of its partner.
    pub partner: &'a str,
    /// The action.
    pub action: &'a Action,
    /// Its status as given.
    pub status: StatusRead,
    /// Its « Suivi » on the plan's day.
    pub suivi: Assessment,
    /// The partners' rows it stands for, (partner code, action): itself
    /// alone, or every row of its joint action, the lead's first.
    pub rows: Vec<(&'a str, &'a Action)>,
}

impl Entry<'_> {
    /// The communes it touches: those of all its rows (« Toutes » when one
    /// of them is).
    pub fn communes(&self) -> Communes {
        let mut names: Vec<String> = Vec::new();
        for (_, a) in &self.rows {
            match &a.communes {
                Communes::All => return Communes::All,
                Communes::Some(some) => {
                    for n in some {
                        if !names.contains(n) {
                            names.push(n.clone());
                        }
                    }
                }
                Communes::Unspecified => {}
            }
        }
        if names.is_empty() {
            Communes::Unspecified
        } else {
            Communes::Some(names)
        }
    }

    /// The codes of the partners carrying it.
    pub fn partners(&self) -> impl Iterator<Item = &str> {
        self.rows.iter().map(|(p, _)| *p)
    }
}

/// The actions of a plan on a given day.
#[derive(Debug, Clone)]
pub struct Plan<'a> {
    /// The référentiel they are counted against.
    pub referentiel: &'a Referentiel,
    /// The day lateness is judged on.
    pub today: NaiveDate,
    /// Every action counted, ordered by number.
    pub entries: Vec<Entry<'a>>,
}

impl<'a> Plan<'a> {
    /// The plan of a consolidation, on the day it was made: the one place
    /// that chooses which actions the figures count.
    pub fn of(c: &'a Consolidation, r: &'a Referentiel) -> Plan<'a> {
        let counted = c.counted_actions();
        let actions = counted.iter().map(|(p, a)| {
            let unrecognised = p.errors_of(a).iter().any(|f| f.code == Code::StatusUnknown);
            let status = match a.status {
                Some(kind) => StatusRead::Known(kind),
                None if unrecognised => StatusRead::Unrecognised,
                None => StatusRead::Empty,
            };
            (p.code.as_str(), *a, status)
        });
        let mut plan = Plan::new(r, c.generated_at.date(), actions);
        // A joint action stands for every partner's row of it.
        for e in &mut plan.entries {
            if c.joint.of(&e.action.number).is_none() {
                continue;
            }
            if let Some(p) = c.partners.iter().find(|p| p.code == e.partner) {
                e.rows = c
                    .rows_of(p, e.action)
                    .into_iter()
                    .map(|(p, a)| (p.code.as_str(), a))
                    .collect();
            }
        }
        plan
    }

    /// The plan of `actions` (partner code, action, status as given) on
    /// `today`, ordered by number, each carried by its partner alone.
    pub fn new(
        r: &'a Referentiel,
        today: NaiveDate,
        actions: impl IntoIterator<Item = (&'a str, &'a Action, StatusRead)>,
    ) -> Plan<'a> {
        let mut entries: Vec<Entry> = actions
            .into_iter()
            .map(|(partner, action, status)| Entry {
                partner,
                action,
                status,
                suivi: action.tracking(today),
                rows: vec![(partner, action)],
            })
            .collect();
        entries.sort_by(|a, b| a.action.number.cmp(&b.action.number));
        Plan {
            referentiel: r,
            today,
            entries,
        }
    }

    /// The late actions (late start, past deadline, past postponement),
    /// by number.
    pub fn late(&self) -> Vec<&Entry<'a>> {
        self.entries
            .iter()
            .filter(|e| e.suivi.tracking.is_late())
            .collect()
    }

    /// The actions of the axis coded `code` (by their objective).
    pub fn in_axis<'p>(&'p self, code: &'p str) -> impl Iterator<Item = &'p Entry<'a>> {
        self.entries.iter().filter(move |e| {
            self.referentiel
                .objective(&e.action.objective)
                .is_some_and(|o| o.axis_code() == code)
        })
    }

    /// How many actions have this status as given.
    pub fn count_status(&self, status: StatusRead) -> usize {
        self.entries.iter().filter(|e| e.status == status).count()
    }

    /// For each status column ([`StatusRead::columns`]), how many actions
    /// are in each « Suivi » state ([`Tracking::ALL`] order).
    pub fn status_by_tracking(&self) -> Vec<(StatusRead, [usize; Tracking::ALL.len()])> {
        StatusRead::columns(self.referentiel)
            .into_iter()
            .map(|status| {
                let mut counts = [0; Tracking::ALL.len()];
                for (i, t) in Tracking::ALL.iter().enumerate() {
                    counts[i] = self
                        .entries
                        .iter()
                        .filter(|e| e.status == status && e.suivi.tracking == *t)
                        .count();
                }
                (status, counts)
            })
            .collect()
    }
}

/// Sum of amounts. Why not `Iterator::sum`: it returns -0.0 for no amount
/// at all, which a workbook stores and shows as « -0 € ».
pub fn total(amounts: impl Iterator<Item = f64>) -> f64 {
    amounts.fold(0.0, |sum, x| sum + x)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::Communes;
    use crate::referentiel::Config;

    /// The embedded configuration.
    pub(crate) fn config() -> Config {
        Config::embedded().unwrap_or_else(|e| panic!("embedded configuration: {e}"))
    }

    /// The day plans are judged on in these tests.
    pub(crate) fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    /// An action built in code.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn action(
        number: &str,
        objective: &str,
        status: Option<StatusKind>,
        dates: (NaiveDate, NaiveDate),
        progress: f64,
        budget: f64,
        caf: f64,
        communes: Communes,
    ) -> Action {
        Action {
            number: number.to_owned(),
            title: format!("Action {number}"),
            objective: objective.to_owned(),
            status,
            start: Some(dates.0),
            end: Some(dates.1),
            progress: Some(progress),
            budget: Some(budget),
            funding: [("caf".to_owned(), caf)].into_iter().collect(),
            communes,
            ..Action::default()
        }
    }

    #[test]
    fn the_plan_judges_every_action_on_its_day_and_lists_the_late_ones() {
        use StatusKind::*;
        let c = config();
        let r = &c.referentiel;
        let long = (day(2024, 1, 1), day(2027, 6, 30));
        let actions = [
            action(
                "A-002",
                "1.1.1",
                Some(InProgress),
                long,
                40.0,
                100.0,
                0.0,
                Communes::All,
            ),
            action(
                "A-001",
                "1.1.1",
                Some(Planned),
                (day(2024, 9, 2), day(2026, 12, 31)),
                0.0,
                100.0,
                0.0,
                Communes::All,
            ),
            action(
                "A-003",
                "1.1.1",
                Some(Postponed),
                (day(2024, 3, 1), day(2025, 9, 30)),
                0.0,
                100.0,
                0.0,
                Communes::All,
            ),
            action("A-004", "1.1.1", None, long, 0.0, 100.0, 0.0, Communes::All),
            action("A-005", "1.1.1", None, long, 0.0, 100.0, 0.0, Communes::All),
        ];
        let statuses = [
            StatusRead::Known(InProgress),
            StatusRead::Known(Planned),
            StatusRead::Known(Postponed),
            StatusRead::Unrecognised,
            StatusRead::Empty,
        ];
        let plan = Plan::new(
            r,
            day(2026, 11, 29),
            actions.iter().zip(statuses).map(|(a, s)| ("A", a, s)),
        );
        let late: Vec<(&str, Tracking)> = plan
            .late()
            .iter()
            .map(|e| (e.action.number.as_str(), e.suivi.tracking))
            .collect();
        assert_eq!(
            late,
            [
                ("A-001", Tracking::LateStart),
                ("A-003", Tracking::PastPostponement)
            ]
        );
        // An unknown status is counted apart from an empty one.
        assert_eq!(plan.count_status(StatusRead::Unrecognised), 1);
        assert_eq!(plan.count_status(StatusRead::Empty), 1);
        let table = plan.status_by_tracking();
        let row = |s: StatusRead| table.iter().find(|(x, _)| *x == s).map(|(_, c)| *c);
        let not_assessed = Tracking::ALL
            .iter()
            .position(|t| *t == Tracking::NotAssessed);
        assert_eq!(
            row(StatusRead::Unrecognised)
                .zip(not_assessed)
                .map(|(c, i)| c[i]),
            Some(1)
        );
        assert_eq!(
            row(StatusRead::Known(InProgress)).map(|c| c.iter().sum::<usize>()),
            Some(1)
        );
        assert_eq!(
            StatusRead::columns(r)
                .iter()
                .map(|s| s.label(r))
                .collect::<Vec<_>>()[5..],
            ["Statut non reconnu (à corriger)", "Statut non renseigné"]
        );
    }
}
