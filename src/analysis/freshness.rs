//! How fresh each partner's contribution is, beyond « read without error »:
//! when its file last changed and how many months ago (old past `[suivi]
//! fraicheur_mois`), how many of its actions are late, and how many of its
//! indicators still lack a result for the last finished year.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use crate::consolidate::PartnerEntry;
use crate::model::Action;
use crate::referentiel::{FollowSettings, Referentiel, StatusKind};

/// The indicators of a partner still without a result for a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MissingResults {
    /// The year (the last one finished).
    pub year: i32,
    /// Indicators whose action ran that year.
    pub expected: usize,
    /// … of which those without a result for it.
    pub missing: usize,
}

/// How fresh a partner's contribution is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Freshness {
    /// When the partner's file in the folder last changed.
    pub saved: Option<NaiveDateTime>,
    /// Whole months since then.
    pub months: Option<u32>,
    /// True when that is at least `[suivi] fraicheur_mois`.
    pub old: bool,
    /// Its late actions.
    pub late: usize,
    /// Its results for the last finished year, when that year is one of
    /// the convention's.
    pub results: Option<MissingResults>,
}

/// Whole months from `from` to `to` (none when `to` comes first).
pub fn months_between(from: NaiveDate, to: NaiveDate) -> u32 {
    let months = (to.year() - from.year()) * 12 + to.month() as i32
        - from.month() as i32
        - i32::from(to.day() < from.day());
    u32::try_from(months).unwrap_or(0)
}

/// True when `a` ran at some point of `year`: started, and its dates (when
/// given) meet the year.
fn ran_in(a: &Action, year: i32) -> bool {
    a.status != Some(StatusKind::Planned)
        && a.start.is_none_or(|s| s.year() <= year)
        && a.end.is_none_or(|e| e.year() >= year)
}

/// The freshness on `today` of partner `p`'s contribution, its file old
/// after `settings`, its results expected for the years of `r`.
pub fn of(
    p: &PartnerEntry,
    today: NaiveDate,
    r: &Referentiel,
    settings: &FollowSettings,
) -> Freshness {
    // The file in the folder, as the Fichier column beside it names it; an
    // unreadable one still says when the partner last saved.
    let saved = p.current.as_ref().or(p.used.as_ref()).map(|u| u.modified);
    let months = saved.map(|s| months_between(s.date(), today));
    let year = today.year() - 1;
    let results = r.convention.years().any(|y| y == year).then(|| {
        let expected: Vec<_> = p
            .indicators()
            .iter()
            .filter(|i| {
                p.actions()
                    .iter()
                    .any(|a| a.number == i.action && ran_in(a, year))
            })
            .collect();
        MissingResults {
            year,
            expected: expected.len(),
            missing: expected
                .iter()
                .filter(|i| !i.results.contains_key(&year))
                .count(),
        }
    });
    Freshness {
        saved,
        months,
        old: months.is_some_and(|m| m >= settings.freshness_months),
        late: p
            .actions()
            .iter()
            .filter(|a| a.tracking(today).tracking.is_late())
            .count(),
        results,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::day;
    use super::*;

    #[test]
    fn whole_months_count_the_day_of_the_month() {
        assert_eq!(months_between(day(2024, 6, 3), day(2024, 12, 2)), 5);
        assert_eq!(months_between(day(2024, 6, 3), day(2024, 12, 3)), 6);
        assert_eq!(months_between(day(2024, 6, 3), day(2026, 11, 29)), 29);
        assert_eq!(months_between(day(2026, 12, 1), day(2026, 11, 29)), 0);
    }

    #[test]
    fn an_action_ran_in_a_year_its_dates_meet_once_started() {
        let a = |status, start, end| Action {
            status: Some(status),
            start: Some(start),
            end: Some(end),
            ..Action::default()
        };
        assert!(ran_in(
            &a(StatusKind::InProgress, day(2023, 1, 1), day(2025, 3, 1)),
            2025
        ));
        assert!(!ran_in(
            &a(StatusKind::Done, day(2023, 1, 1), day(2024, 12, 31)),
            2025
        ));
        assert!(!ran_in(
            &a(StatusKind::Planned, day(2023, 1, 1), day(2026, 12, 31)),
            2025
        ));
        assert!(
            ran_in(&Action::default(), 2025),
            "without dates nor status, results are asked"
        );
    }
}
