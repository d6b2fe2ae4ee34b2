//! Where an action stands against its own dates on a given day, its
//! « Suivi »: on time, late to start, past its end date, past the date it
//! was postponed to, or at risk. Decided here only: the `action-en-retard`
//! finding, the consolidated workbook, the status page and the partners'
//! retours all ask [`assess`].

use chrono::{Months, NaiveDate};

use crate::referentiel::{Referentiel, StatusKind};

/// Below this avancement (%), an action « En cours » whose end date is
/// less than [`RISK_MONTHS`] away is at risk: with a quarter of a year
/// left, less than half of it is done.
pub const LOW_PROGRESS: f64 = 50.0;

/// How close an end date must be, in months, for a low avancement to put
/// an action at risk.
pub const RISK_MONTHS: u32 = 3;

/// The « Suivi » of an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tracking {
    /// Within its dates.
    OnTime,
    /// « En cours », its end date less than [`RISK_MONTHS`] away and its
    /// avancement below [`LOW_PROGRESS`].
    AtRisk,
    /// « À venir » though its start date has passed.
    LateStart,
    /// « À venir » or « En cours » though its end date has passed.
    PastDeadline,
    /// « Reportée », and the end date it was postponed to has passed.
    PastPostponement,
    /// « Réalisée » or « Abandonnée »: nothing left to follow.
    Closed,
    /// Its status, or the date its status is judged by, is not given.
    NotAssessed,
}

impl Tracking {
    /// Every state, in the order outputs show them.
    pub const ALL: [Tracking; 7] = [
        Tracking::OnTime,
        Tracking::AtRisk,
        Tracking::LateStart,
        Tracking::PastDeadline,
        Tracking::PastPostponement,
        Tracking::Closed,
        Tracking::NotAssessed,
    ];

    /// French label, as outputs show it.
    pub fn label(self) -> &'static str {
        match self {
            Tracking::OnTime => "à l'heure",
            Tracking::AtRisk => "à risque",
            Tracking::LateStart => "en retard de démarrage",
            Tracking::PastDeadline => "échéance dépassée",
            Tracking::PastPostponement => "report dépassé",
            Tracking::Closed => "clôturée",
            Tracking::NotAssessed => "non évaluable",
        }
    }

    /// True for the three ways of being late (not « à risque »: not yet).
    pub fn is_late(self) -> bool {
        matches!(
            self,
            Tracking::LateStart | Tracking::PastDeadline | Tracking::PastPostponement
        )
    }
}

/// The « Suivi » of an action on a day, with the date it is judged by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assessment {
    /// The state.
    pub tracking: Tracking,
    /// The status it was judged from.
    pub status: Option<StatusKind>,
    /// Since when it is late (the start or end date passed), or when it
    /// is due (at risk); `None` otherwise.
    pub since: Option<NaiveDate>,
    /// Its avancement, when given (at risk).
    pub progress: Option<f64>,
}

/// The « Suivi » on `today` of an action of `status`, `progress`, `start`
/// and `end`: the one rule of lateness.
pub fn assess(
    status: Option<StatusKind>,
    progress: Option<f64>,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    today: NaiveDate,
) -> Assessment {
    let judged = |tracking, since| Assessment {
        tracking,
        status,
        since,
        progress,
    };
    let passed = |d: Option<NaiveDate>| d.filter(|d| *d < today);
    match status {
        None => judged(Tracking::NotAssessed, None),
        Some(StatusKind::Done | StatusKind::Abandoned) => judged(Tracking::Closed, None),
        Some(StatusKind::Planned) => match (passed(end), passed(start)) {
            // Not even started, when it should be over: the end date says most.
            (Some(e), _) => judged(Tracking::PastDeadline, Some(e)),
            (None, Some(s)) => judged(Tracking::LateStart, Some(s)),
            _ if start.is_none() && end.is_none() => judged(Tracking::NotAssessed, None),
            _ => judged(Tracking::OnTime, None),
        },
        Some(StatusKind::InProgress) => match end {
            None => judged(Tracking::NotAssessed, None),
            Some(e) if e < today => judged(Tracking::PastDeadline, Some(e)),
            Some(e) => {
                let soon = today
                    .checked_add_months(Months::new(RISK_MONTHS))
                    .is_none_or(|limit| e <= limit);
                if soon && progress.is_some_and(|p| p < LOW_PROGRESS) {
                    judged(Tracking::AtRisk, Some(e))
                } else {
                    judged(Tracking::OnTime, None)
                }
            }
        },
        Some(StatusKind::Postponed) => match end {
            None => judged(Tracking::NotAssessed, None),
            Some(e) if e < today => judged(Tracking::PastPostponement, Some(e)),
            Some(_) => judged(Tracking::OnTime, None),
        },
    }
}

impl Assessment {
    /// What is late or at risk, in words (« devait démarrer le
    /// 02/09/2024 »); why it cannot be judged; empty when on time or closed.
    pub fn what(&self, r: &Referentiel) -> String {
        let day =
            |d: Option<NaiveDate>| d.map_or_else(String::new, |d| d.format("%d/%m/%Y").to_string());
        let status = self.status.map_or("", |k| r.status_label(k));
        match self.tracking {
            Tracking::OnTime | Tracking::Closed => String::new(),
            Tracking::AtRisk => format!(
                "se termine le {} avec un avancement de {} %",
                day(self.since),
                self.progress
                    .map_or_else(String::new, |p| p.to_string().replace('.', ","))
            ),
            Tracking::LateStart => format!(
                "devait démarrer le {} ; toujours « {status} »",
                day(self.since)
            ),
            Tracking::PastDeadline => format!(
                "devait se terminer le {} ; toujours « {status} »",
                day(self.since)
            ),
            Tracking::PastPostponement => {
                format!("reportée jusqu'au {}, date dépassée", day(self.since))
            }
            Tracking::NotAssessed => match self.status {
                None => "statut non renseigné ou non reconnu".to_owned(),
                Some(StatusKind::Planned) => "dates de début et de fin non renseignées".to_owned(),
                Some(_) => "date de fin non renseignée".to_owned(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    fn on(
        status: Option<StatusKind>,
        progress: Option<f64>,
        start: Option<NaiveDate>,
        end: Option<NaiveDate>,
    ) -> Assessment {
        let today = day(2026, 11, 29).unwrap_or_default();
        assess(status, progress, start, end, today)
    }

    #[test]
    fn one_case_per_state_at_a_fixed_date() {
        use StatusKind::*;
        let cases = [
            (
                Some(InProgress),
                Some(40.0),
                day(2024, 1, 1),
                day(2027, 6, 30),
                Tracking::OnTime,
                None,
            ),
            (
                Some(InProgress),
                Some(40.0),
                day(2024, 1, 1),
                day(2026, 12, 31),
                Tracking::AtRisk,
                day(2026, 12, 31),
            ),
            (
                Some(Planned),
                Some(0.0),
                day(2024, 9, 2),
                day(2026, 12, 31),
                Tracking::LateStart,
                day(2024, 9, 2),
            ),
            (
                Some(Planned),
                Some(0.0),
                day(2024, 10, 1),
                day(2024, 12, 31),
                Tracking::PastDeadline,
                day(2024, 12, 31),
            ),
            (
                Some(InProgress),
                Some(60.0),
                day(2023, 1, 1),
                day(2026, 6, 30),
                Tracking::PastDeadline,
                day(2026, 6, 30),
            ),
            (
                Some(Postponed),
                Some(10.0),
                day(2024, 3, 1),
                day(2025, 9, 30),
                Tracking::PastPostponement,
                day(2025, 9, 30),
            ),
            (
                Some(Done),
                Some(100.0),
                day(2023, 6, 1),
                day(2023, 6, 30),
                Tracking::Closed,
                None,
            ),
            (
                None,
                None,
                day(2023, 6, 1),
                day(2023, 6, 30),
                Tracking::NotAssessed,
                None,
            ),
        ];
        for (status, progress, start, end, tracking, since) in cases {
            let a = on(status, progress, start, end);
            assert_eq!(
                (a.tracking, a.since),
                (tracking, since),
                "{status:?} {start:?} {end:?}"
            );
        }
    }

    #[test]
    fn the_edges_of_lateness_and_risk() {
        use StatusKind::*;
        // The end date itself is not late yet.
        assert_eq!(
            on(Some(InProgress), Some(90.0), None, day(2026, 11, 29)).tracking,
            Tracking::OnTime
        );
        // Half done is not low; exactly three months left is close.
        assert_eq!(
            on(Some(InProgress), Some(50.0), None, day(2027, 2, 28)).tracking,
            Tracking::OnTime
        );
        assert_eq!(
            on(Some(InProgress), Some(49.0), None, day(2027, 2, 28)).tracking,
            Tracking::AtRisk
        );
        assert_eq!(
            on(Some(InProgress), Some(10.0), None, day(2027, 3, 1)).tracking,
            Tracking::OnTime
        );
        // An unknown avancement is not a risk by itself.
        assert_eq!(
            on(Some(InProgress), None, None, day(2026, 12, 31)).tracking,
            Tracking::OnTime
        );
        // What cannot be judged says why.
        let r = crate::referentiel::Config::embedded().map(|c| c.referentiel);
        let what = on(Some(InProgress), None, day(2024, 1, 1), None);
        assert_eq!(what.tracking, Tracking::NotAssessed);
        assert!(r.is_ok_and(|r| what.what(&r) == "date de fin non renseignée"));
        // A postponed action within its new dates is on time.
        assert_eq!(
            on(Some(Postponed), None, None, day(2027, 1, 31)).tracking,
            Tracking::OnTime
        );
    }
}
