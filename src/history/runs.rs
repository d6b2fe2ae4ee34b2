//! The consolidations of a history: how many partners each one changed,
//! ranges of consecutive runs, and the run a report starts from.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, NaiveTime};

use super::alone;
use crate::changes;
use crate::error::{Error, Result};
use crate::referentiel::Config;
use crate::store::{RecordedState, RunInfo, Store};

/// Runs listed by default: a watcher adds many, the latest matter.
pub const SHOWN_RUNS: usize = 50;

/// The runs of a history, the latest ones or all of them.
#[derive(Debug, Clone)]
pub struct RunList {
    /// How many runs the history holds.
    pub total: usize,
    /// The runs listed, oldest first.
    pub shown: Vec<RunLine>,
}

/// One run, with what it changed.
#[derive(Debug, Clone)]
pub struct RunLine {
    /// The run.
    pub run: RunInfo,
    /// Partners whose plan changed in substance since the run before; none
    /// for the first run of the history, which has nothing to compare with.
    pub changed: Option<usize>,
}

/// The runs to list (the last `SHOWN_RUNS`, or `all`), each with the
/// number of partners it changed.
pub fn run_list(store: &Store, runs: &[RunInfo], config: &Config, all: bool) -> Result<RunList> {
    let counts = changed_counts(store, config)?;
    let shown = if all {
        runs
    } else {
        &runs[runs.len().saturating_sub(SHOWN_RUNS)..]
    };
    let first = runs.first().map(|r| r.id);
    Ok(RunList {
        total: runs.len(),
        shown: shown
            .iter()
            .map(|r| RunLine {
                run: r.clone(),
                changed: (Some(r.id) != first).then(|| counts.get(&r.id).copied().unwrap_or(0)),
            })
            .collect(),
    })
}

/// How many partners changed at each run, against the run before.
///
/// Records are first compared by content id and state, which costs no JSON
/// at all; only the partners whose id or state moved are compared for real
/// with [`changes::compare`] (contents read once each), so that a file read
/// again under a new configuration, identical in substance, does not count.
/// The cost follows the number of real changes, not the number of runs.
fn changed_counts(store: &Store, config: &Config) -> Result<BTreeMap<i64, usize>> {
    let states = store.states()?;
    let mut by_run: BTreeMap<i64, BTreeMap<&str, &RecordedState>> = BTreeMap::new();
    for s in &states {
        by_run
            .entry(s.run)
            .or_default()
            .insert(s.partner.as_str(), s);
    }
    fn key<'a>(s: Option<&&'a RecordedState>) -> Option<(Option<i64>, &'a str)> {
        s.map(|s| (s.content_id, s.state.as_str()))
    }
    // (run, old record, new record) of each partner that may have changed.
    let mut candidates = Vec::new();
    let mut previous: Option<&BTreeMap<&str, &RecordedState>> = None;
    for (run, partners) in &by_run {
        if let Some(before) = previous {
            let codes: BTreeSet<&str> = before.keys().chain(partners.keys()).copied().collect();
            for code in codes {
                let (old, new) = (before.get(code), partners.get(code));
                if key(old) != key(new) {
                    candidates.push((*run, code, old.copied(), new.copied()));
                }
            }
        }
        previous = Some(partners);
    }
    let contents = store.contents(
        candidates
            .iter()
            .flat_map(|(_, _, o, n)| [o.and_then(|s| s.content_id), n.and_then(|s| s.content_id)])
            .flatten(),
    )?;
    let plan = |s: Option<&RecordedState>| {
        s.map(|s| {
            let content = s
                .content_id
                .and_then(|id| contents.get(&id))
                .cloned()
                .unwrap_or_default();
            s.plan(&content)
        })
    };
    let mut counts: BTreeMap<i64, usize> = by_run.keys().map(|r| (*r, 0)).collect();
    for (run, code, old, new) in candidates {
        let report = changes::compare(
            &alone(code, plan(old)),
            &alone(code, plan(new)),
            &config.referentiel,
            &config.changes,
        );
        // A file become unreadable, its last version standing in, is an
        // event, not a change of the plan: only actions and indicators count.
        if report
            .partners
            .iter()
            .any(|p| !p.actions.is_empty() || !p.indicators.is_empty())
        {
            *counts.entry(run).or_default() += 1;
        }
    }
    Ok(counts)
}

/// `ids` as ranges (first, last) of consecutive runs of the history — not
/// of ids: a run killed leaves no number behind.
pub fn run_ranges(ids: &[i64], all: &[RunInfo]) -> Vec<(i64, i64)> {
    let position: BTreeMap<i64, usize> = all.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    let mut ranges: Vec<(i64, i64, usize)> = Vec::new();
    for &id in ids {
        let pos = position.get(&id).copied().unwrap_or(usize::MAX);
        match ranges.last_mut() {
            Some((_, last, p)) if pos != usize::MAX && *p + 1 == pos => {
                *last = id;
                *p = pos;
            }
            _ => ranges.push((id, id, pos)),
        }
    }
    ranges.into_iter().map(|(a, b, _)| (a, b)).collect()
}

/// Where a report starts.
#[derive(Debug, Clone, Copy)]
pub enum Since {
    /// The plan as it stood at the end of that day.
    Date(NaiveDate),
    /// The run with this number.
    Run(i64),
}

/// The run a report since `since` starts from; a French error naming the
/// runs there are when none fits.
pub fn starting_run(runs: &[RunInfo], since: Since) -> Result<&RunInfo> {
    match since {
        Since::Date(date) => {
            // « Since the 3rd » means the state at the end of the 3rd.
            let end = date.and_time(NaiveTime::MIN) + chrono::Duration::days(1);
            runs.iter()
                .rev()
                .find(|r| r.started().is_some_and(|t| t < end))
                .ok_or_else(|| {
                    let first = runs
                        .first()
                        .map(|r| format!(" : la première est {}", r.label()))
                        .unwrap_or_default();
                    Error::Usage(format!(
                        "Aucune consolidation n'a été faite le {} ou avant{first}. Choisissez une date plus récente, ou une consolidation avec --depuis-run N° (« ctg historique » les liste).",
                        date.format("%d/%m/%Y")
                    ))
                })
        }
        Since::Run(n) => runs.iter().find(|r| r.id == n).ok_or_else(|| {
            let range = match (runs.first(), runs.last()) {
                (Some(a), Some(b)) if a.id != b.id => format!("n° {} à {}", a.id, b.id),
                (Some(a), _) => format!("n° {}", a.id),
                _ => String::new(),
            };
            Error::Usage(format!(
                "La consolidation n° {n} n'existe pas dans l'historique (consolidations enregistrées : {range}). « ctg historique » les liste."
            ))
        }),
    }
}

/// The run to start from to see what changed during `date`, when the run
/// a report since that day starts from (`from`, the last of the day) is
/// also the latest: the last run before the day, or else the first run of
/// the day. None when `from` is the only run up to then.
pub fn before_day<'a>(runs: &'a [RunInfo], date: NaiveDate, from: &RunInfo) -> Option<&'a RunInfo> {
    let start = date.and_time(NaiveTime::MIN);
    let earlier: Vec<&RunInfo> = runs.iter().take_while(|r| r.id != from.id).collect();
    earlier
        .iter()
        .rev()
        .find(|r| r.started().is_some_and(|t| t < start))
        .or(earlier.first())
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(id: i64, started_at: &str) -> RunInfo {
        RunInfo {
            id,
            started_at: started_at.to_owned(),
            partners: 0,
            errors: 0,
            warnings: 0,
        }
    }

    #[test]
    fn ranges_follow_the_runs_of_the_history_not_their_ids() {
        // Run 3 was killed: 2 and 4 are consecutive runs.
        let all: Vec<RunInfo> = [1, 2, 4, 5, 6]
            .map(|id| run(id, "2024-03-01T10:00:00"))
            .to_vec();
        assert_eq!(run_ranges(&[1, 2, 4, 6], &all), [(1, 4), (6, 6)]);
        assert_eq!(run_ranges(&[5], &all), [(5, 5)]);
    }

    #[test]
    fn a_report_since_a_day_starts_from_its_last_run() -> Result<()> {
        let runs = [
            run(1, "2024-03-01T10:00:00"),
            run(2, "2024-03-03T09:00:00"),
            run(3, "2024-03-03T18:00:00"),
            run(4, "2024-03-04T08:00:00"),
        ];
        let day = |m, d| {
            NaiveDate::from_ymd_opt(2024, m, d)
                .map(Since::Date)
                .ok_or_else(|| Error::Usage(format!("2024-{m}-{d}")))
        };
        assert_eq!(starting_run(&runs, day(3, 3)?)?.id, 3);
        // Since the day of the latest run: start from the day before it.
        let date = |m, d| {
            NaiveDate::from_ymd_opt(2024, m, d).ok_or_else(|| Error::Usage(format!("2024-{m}-{d}")))
        };
        let latest = starting_run(&runs, day(3, 4)?)?;
        assert_eq!(latest.id, 4);
        assert_eq!(
            before_day(&runs, date(3, 4)?, latest).map(|r| r.id),
            Some(3)
        );
        // Two runs on the day, none before: start from its first one.
        assert_eq!(
            before_day(&runs[1..3], date(3, 3)?, &runs[2]).map(|r| r.id),
            Some(2)
        );
        assert_eq!(before_day(&runs, date(3, 1)?, &runs[0]), None);
        assert!(starting_run(&runs, day(2, 1)?).is_err());
        assert_eq!(starting_run(&runs, Since::Run(2))?.id, 2);
        assert!(starting_run(&runs, Since::Run(9)).is_err());
        Ok(())
    }
}
