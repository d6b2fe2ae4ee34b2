//! Money in the plan as a CAF officer reads it: budgets and funding by
//! status group (what is running, done, planned, stopped), by axis and by
//! dispositif CAF, the CAF share (CAF funding over budget), and the
//! planned budget of each year of the convention.

use chrono::{Datelike, NaiveDate};

use super::{Entry, Plan, StatusRead, total};
use crate::model::Action;
use crate::referentiel::{Axis, BudgetBasis, CAF_FUNDER, Referentiel, StatusKind};

/// The CAF funding of an action, € (none given counts as none).
pub fn caf(a: &Action) -> f64 {
    a.funding.get(CAF_FUNDER).copied().unwrap_or(0.0)
}

/// The CAF share of an action: its CAF funding over its budget; `None`
/// without a budget to divide by.
pub fn caf_share(a: &Action) -> Option<f64> {
    a.budget.filter(|b| *b > 0.0).map(|b| caf(a) / b)
}

/// Where the money of a group of actions stands.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Amounts {
    /// How many actions.
    pub actions: usize,
    /// Their budgets, €.
    pub budget: f64,
    /// Their CAF funding, €.
    pub caf: f64,
    /// All their funding, €.
    pub funded: f64,
}

impl Amounts {
    /// The amounts of `entries`.
    pub fn of<'e, 'a: 'e>(entries: impl IntoIterator<Item = &'e Entry<'a>>) -> Amounts {
        let actions: Vec<&Action> = entries.into_iter().map(|e| e.action).collect();
        Amounts {
            actions: actions.len(),
            budget: total(actions.iter().filter_map(|a| a.budget)),
            caf: total(actions.iter().map(|a| caf(a))),
            funded: total(actions.iter().map(|a| a.funding_total())),
        }
    }

    /// CAF funding over budget; `None` without budget.
    pub fn caf_share(&self) -> Option<f64> {
        (self.budget > 0.0).then(|| self.caf / self.budget)
    }
}

/// A group of statuses, as the CAF reads its money: what runs, what is
/// done, what has not started, what stopped, and, apart, a status not
/// recognised and none at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusGroup {
    /// « En cours ».
    Running,
    /// « Réalisée ».
    Done,
    /// « À venir ».
    Planned,
    /// « Reportée » or « Abandonnée ».
    Stopped,
    /// A status not of the list: to correct.
    Unrecognised,
    /// No status given.
    Empty,
}

impl StatusGroup {
    /// Every group, in the order the Synthèse shows them.
    pub const ALL: [StatusGroup; 6] = [
        StatusGroup::Running,
        StatusGroup::Done,
        StatusGroup::Planned,
        StatusGroup::Stopped,
        StatusGroup::Unrecognised,
        StatusGroup::Empty,
    ];

    /// The group of a status as given.
    pub fn of(status: StatusRead) -> StatusGroup {
        match status {
            StatusRead::Known(StatusKind::InProgress) => StatusGroup::Running,
            StatusRead::Known(StatusKind::Done) => StatusGroup::Done,
            StatusRead::Known(StatusKind::Planned) => StatusGroup::Planned,
            StatusRead::Known(StatusKind::Postponed | StatusKind::Abandoned) => {
                StatusGroup::Stopped
            }
            StatusRead::Unrecognised => StatusGroup::Unrecognised,
            StatusRead::Empty => StatusGroup::Empty,
        }
    }

    /// French label, with the statuses' configured names.
    pub fn label(self, r: &Referentiel) -> String {
        let l = |k| r.status_label(k);
        match self {
            StatusGroup::Running => l(StatusKind::InProgress).to_owned(),
            StatusGroup::Done => l(StatusKind::Done).to_owned(),
            StatusGroup::Planned => format!("{} (pas commencée)", l(StatusKind::Planned)),
            StatusGroup::Stopped => format!(
                "{} ou {}",
                l(StatusKind::Postponed),
                l(StatusKind::Abandoned).to_lowercase()
            ),
            StatusGroup::Unrecognised => StatusRead::Unrecognised.label(r),
            StatusGroup::Empty => StatusRead::Empty.label(r),
        }
    }

    /// True for the money the CAF reads as committed though it does not
    /// run: not started, postponed or abandoned.
    pub fn is_idle(self) -> bool {
        matches!(self, StatusGroup::Planned | StatusGroup::Stopped)
    }
}

impl Plan<'_> {
    /// The amounts of the whole plan.
    pub fn amounts(&self) -> Amounts {
        Amounts::of(&self.entries)
    }

    /// The amounts of each status group, in [`StatusGroup::ALL`] order.
    pub fn by_status_group(&self) -> Vec<(StatusGroup, Amounts)> {
        StatusGroup::ALL
            .into_iter()
            .map(|g| {
                let of = self
                    .entries
                    .iter()
                    .filter(|e| StatusGroup::of(e.status) == g);
                (g, Amounts::of(of))
            })
            .collect()
    }

    /// The amounts of the actions not started, postponed or abandoned.
    pub fn idle(&self) -> Amounts {
        Amounts::of(
            self.entries
                .iter()
                .filter(|e| StatusGroup::of(e.status).is_idle()),
        )
    }

    /// The amounts of each axis, in référentiel order.
    pub fn by_axis(&self) -> Vec<(&Axis, Amounts)> {
        self.referentiel
            .axes
            .iter()
            .map(|axis| (axis, Amounts::of(self.in_axis(&axis.code))))
            .collect()
    }

    /// The amounts of each dispositif CAF: those of the list in order, then
    /// any other value, then (`None`) actions with CAF funding and no
    /// dispositif. Dispositifs no action names are left out.
    pub fn by_caf_scheme(&self) -> Vec<(Option<String>, Amounts)> {
        let mut schemes: Vec<String> = self.referentiel.caf_schemes.clone();
        for e in &self.entries {
            if let Some(s) = &e.action.caf_scheme
                && !schemes.contains(s)
            {
                schemes.push(s.clone());
            }
        }
        let mut rows: Vec<(Option<String>, Amounts)> = schemes
            .into_iter()
            .map(|s| {
                let amounts = Amounts::of(
                    self.entries
                        .iter()
                        .filter(|e| e.action.caf_scheme.as_ref() == Some(&s)),
                );
                (Some(s), amounts)
            })
            .filter(|(_, a)| a.actions > 0)
            .collect();
        let unnamed = Amounts::of(
            self.entries
                .iter()
                .filter(|e| e.action.caf_scheme.is_none() && caf(e.action) > 0.0),
        );
        if unnamed.actions > 0 {
            rows.push((None, unnamed));
        }
        rows
    }

    /// The planned budget of each year of the convention, spread from the
    /// actions' dates (see [`spread`]).
    pub fn budget_per_year(&self, basis: BudgetBasis) -> YearSpread {
        let years: Vec<i32> = self.referentiel.convention.years().collect();
        let mut spread_total = YearSpread {
            years: years.iter().map(|y| (*y, 0.0)).collect(),
            outside: 0.0,
            undated: 0.0,
        };
        for e in &self.entries {
            let one = spread(e.action, basis, &years);
            for ((_, sum), (_, x)) in spread_total.years.iter_mut().zip(one.years) {
                *sum += x;
            }
            spread_total.outside += one.outside;
            spread_total.undated += one.undated;
        }
        spread_total
    }
}

/// A budget spread over the years of the convention.
#[derive(Debug, Clone, PartialEq)]
pub struct YearSpread {
    /// Each year of the convention and its part, €.
    pub years: Vec<(i32, f64)>,
    /// The part of days outside the convention's years, €.
    pub outside: f64,
    /// Budgets of actions without usable dates (one missing, or the end
    /// before the start), €: they cannot be placed in a year.
    pub undated: f64,
}

/// The budget of `a` over `years`. A whole-action budget is spread in
/// proportion to the days of the action in each year (an action from
/// 01/09/2024 to 31/08/2025 puts a third of its budget in 2024); an annual
/// budget counts in each year for the share of that year the action covers
/// (the same action counts a third of its budget in 2024, two thirds in
/// 2025).
pub fn spread(a: &Action, basis: BudgetBasis, years: &[i32]) -> YearSpread {
    let mut out = YearSpread {
        years: years.iter().map(|y| (*y, 0.0)).collect(),
        outside: 0.0,
        undated: 0.0,
    };
    let Some(budget) = a.budget else {
        return out;
    };
    let (Some(start), Some(end)) = (a.start, a.end) else {
        out.undated = budget;
        return out;
    };
    if end < start {
        out.undated = budget;
        return out;
    }
    let days = |from: NaiveDate, to: NaiveDate| (to - from).num_days() as f64 + 1.0;
    let length = days(start, end);
    let mut placed = 0.0;
    for year in start.year()..=end.year() {
        let (Some(first), Some(last)) = (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year, 12, 31),
        ) else {
            continue;
        };
        let covered = days(start.max(first), end.min(last));
        let part = match basis {
            BudgetBasis::WholeAction => budget * covered / length,
            BudgetBasis::Annual => budget * covered / days(first, last),
        };
        match out.years.iter_mut().find(|(y, _)| *y == year) {
            Some((_, x)) => *x += part,
            None => out.outside += part,
        }
        placed += part;
    }
    if placed == 0.0 && budget != 0.0 {
        out.undated = budget;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::{action, config, day};
    use super::*;
    use crate::model::Communes;

    fn near(a: f64, b: f64) -> bool {
        (a - b).abs() < 0.01
    }

    #[test]
    fn caf_funding_by_status_group_and_the_caf_share() {
        use StatusKind::*;
        let c = config();
        let r = &c.referentiel;
        let d = (day(2024, 1, 1), day(2026, 12, 31));
        let actions = [
            action(
                "A-001",
                "1.1.1",
                Some(InProgress),
                d,
                40.0,
                10_000.0,
                4_000.0,
                Communes::All,
            ),
            action(
                "A-002",
                "2.1.1",
                Some(Done),
                d,
                100.0,
                2_000.0,
                1_000.0,
                Communes::All,
            ),
            action(
                "A-003",
                "2.1.1",
                Some(Planned),
                d,
                0.0,
                3_000.0,
                1_500.0,
                Communes::All,
            ),
            action(
                "A-004",
                "3.1.1",
                Some(Postponed),
                d,
                0.0,
                5_000.0,
                2_500.0,
                Communes::All,
            ),
            action(
                "A-005",
                "3.1.1",
                Some(Abandoned),
                d,
                0.0,
                1_000.0,
                500.0,
                Communes::All,
            ),
            action("A-006", "4.1.1", None, d, 0.0, 4_000.0, 0.0, Communes::All),
        ];
        let statuses = actions.iter().map(|a| match a.status {
            Some(k) => StatusRead::Known(k),
            None => StatusRead::Unrecognised,
        });
        let plan = Plan::new(
            r,
            day(2026, 11, 29),
            actions.iter().zip(statuses).map(|(a, s)| ("A", a, s)),
        );
        let groups = plan.by_status_group();
        let caf_of = |g: StatusGroup| {
            groups
                .iter()
                .find(|(x, _)| *x == g)
                .map(|(_, a)| (a.actions, a.caf))
        };
        assert_eq!(caf_of(StatusGroup::Running), Some((1, 4_000.0)));
        assert_eq!(caf_of(StatusGroup::Done), Some((1, 1_000.0)));
        assert_eq!(caf_of(StatusGroup::Planned), Some((1, 1_500.0)));
        assert_eq!(caf_of(StatusGroup::Stopped), Some((2, 3_000.0)));
        assert_eq!(caf_of(StatusGroup::Unrecognised), Some((1, 0.0)));
        assert_eq!(caf_of(StatusGroup::Empty), Some((0, 0.0)));
        // Not started, postponed or abandoned: 1 500 + 2 500 + 500.
        assert!(near(plan.idle().caf, 4_500.0));
        // CAF share overall: 9 500 of 25 000.
        let all = plan.amounts();
        assert!(all.caf_share().is_some_and(|s| near(s, 0.38)), "{all:?}");
        // Per axis: axis 2 is 2 500 of 5 000.
        let axis2 = plan
            .by_axis()
            .into_iter()
            .find(|(a, _)| a.code == "2")
            .map(|(_, x)| x);
        assert!(
            axis2
                .and_then(|a| a.caf_share())
                .is_some_and(|s| near(s, 0.5))
        );
        // Per action, and none without a budget.
        assert!(caf_share(&actions[0]).is_some_and(|s| near(s, 0.4)));
        let no_budget = Action {
            budget: None,
            ..actions[0].clone()
        };
        assert_eq!(caf_share(&no_budget), None);
    }

    #[test]
    fn dispositif_totals() {
        let c = config();
        let r = &c.referentiel;
        let d = (day(2024, 1, 1), day(2026, 12, 31));
        let with = |n: &str, scheme: Option<&str>, caf: f64| Action {
            caf_scheme: scheme.map(str::to_owned),
            ..action(
                n,
                "1.1.1",
                Some(StatusKind::InProgress),
                d,
                40.0,
                10_000.0,
                caf,
                Communes::All,
            )
        };
        let actions = [
            with("A-001", Some("Prestation de service"), 3_000.0),
            with("A-002", Some("REAAP"), 1_200.0),
            with("A-003", Some("Prestation de service"), 2_000.0),
            with("A-004", None, 800.0),
            with("A-005", None, 0.0),
        ];
        let plan = Plan::new(
            r,
            day(2026, 11, 29),
            actions
                .iter()
                .map(|a| ("A", a, StatusRead::Known(StatusKind::InProgress))),
        );
        let rows: Vec<(Option<String>, usize, f64)> = plan
            .by_caf_scheme()
            .into_iter()
            .map(|(s, a)| (s, a.actions, a.caf))
            .collect();
        let named = |s: &str| Some(s.to_owned());
        // In the order of the list; dispositifs no action names left out;
        // CAF funding without dispositif last, an action without CAF
        // funding nowhere.
        assert_eq!(
            rows,
            [
                (named("Prestation de service"), 2, 5_000.0),
                (named("REAAP"), 1, 1_200.0),
                (None, 1, 800.0)
            ]
        );
    }

    #[test]
    fn budgets_are_spread_over_the_years_by_days() {
        let years = [2023, 2024, 2025, 2026];
        let a = |start, end| Action {
            budget: Some(3_660.0),
            start: Some(start),
            end: Some(end),
            ..Action::default()
        };
        // 2024 is a leap year: 366 days, 10 € a day.
        let whole = spread(
            &a(day(2024, 1, 1), day(2024, 12, 31)),
            BudgetBasis::WholeAction,
            &years,
        );
        assert!(near(whole.years[1].1, 3_660.0));
        // 122 of its 242 days in 2024, the rest in 2025.
        let two = spread(
            &a(day(2024, 9, 1), day(2025, 4, 30)),
            BudgetBasis::WholeAction,
            &years,
        );
        assert!(near(two.years[1].1, 3_660.0 * 122.0 / 242.0), "{two:?}");
        assert!(near(two.years[1].1 + two.years[2].1, 3_660.0));
        // Annual: each year for the share of it covered.
        let annual = spread(
            &a(day(2024, 7, 1), day(2026, 12, 31)),
            BudgetBasis::Annual,
            &years,
        );
        assert!(near(annual.years[1].1, 3_660.0 * 184.0 / 366.0));
        assert!(near(annual.years[2].1, 3_660.0));
        assert!(near(annual.years[3].1, 3_660.0));
        // Days outside the convention, and actions without usable dates.
        let late = spread(
            &a(day(2026, 7, 1), day(2027, 6, 30)),
            BudgetBasis::WholeAction,
            &years,
        );
        assert!(near(late.outside + late.years[3].1, 3_660.0) && late.outside > 0.0);
        let reversed = spread(
            &a(day(2025, 1, 1), day(2024, 1, 1)),
            BudgetBasis::WholeAction,
            &years,
        );
        assert_eq!(reversed.undated, 3_660.0);
        let undated = spread(
            &Action {
                start: None,
                ..a(day(2024, 1, 1), day(2024, 2, 1))
            },
            BudgetBasis::Annual,
            &years,
        );
        assert_eq!(undated.undated, 3_660.0);
    }
}
