//! What a fuzz run found, and its summary.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use super::{Kind, Outcome, PANIC_LABEL, max_parent_rss_kb};

/// One batch's runs, for the slowest list.
#[derive(Debug, Clone)]
pub struct BatchTime {
    /// Mutant indexes in the batch.
    pub indexes: Vec<u64>,
    /// `ctg verifier` wall time.
    pub check: Duration,
    /// `ctg consolider` wall time.
    pub consolidate: Duration,
}

/// Everything a run found.
#[derive(Debug, Default)]
pub struct Report {
    /// One per mutant, in index order.
    pub outcomes: Vec<Outcome>,
    /// One per batch.
    pub times: Vec<BatchTime>,
    /// Highest peak resident memory of a parent `ctg`, in KiB.
    pub parent_rss_kb: u64,
    /// Wall time of the whole run.
    pub elapsed: Duration,
}

impl Report {
    /// Mutants that made a decoder panic (caught, the file refused).
    pub fn caught_panics(&self) -> Vec<&Outcome> {
        self.outcomes
            .iter()
            .filter(|o| o.label == PANIC_LABEL)
            .collect()
    }

    /// Mutants that broke a promise.
    pub fn failures(&self) -> Vec<&Outcome> {
        self.outcomes
            .iter()
            .filter(|o| !o.problems.is_empty())
            .collect()
    }

    /// The summary, in French like every report of ctg.
    pub fn summary(&self, failures_dir: &Path) -> String {
        let mut s = format!(
            "{} mutants en {:.1} s ({} lots)\n",
            self.outcomes.len(),
            self.elapsed.as_secs_f64(),
            self.times.len()
        );
        let mut kinds: BTreeMap<Kind, usize> = BTreeMap::new();
        let mut labels: BTreeMap<&str, usize> = BTreeMap::new();
        let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
        for o in &self.outcomes {
            *kinds.entry(o.kind).or_default() += 1;
            *labels.entry(&o.label).or_default() += 1;
            let mut seen: Vec<&str> = o.codes.iter().map(String::as_str).collect();
            seen.sort();
            seen.dedup();
            for c in seen {
                *codes.entry(c).or_default() += 1;
            }
        }
        s.push_str("\nMutants par type :\n");
        for (k, n) in &kinds {
            s.push_str(&format!("  {:<16} {n:>6}\n", k.name()));
        }
        s.push_str("\nRésultats (lu, ou code du constat qui refuse le fichier) :\n");
        let mut labels: Vec<_> = labels.into_iter().collect();
        labels.sort_by_key(|l| std::cmp::Reverse(l.1));
        for (l, n) in labels {
            s.push_str(&format!("  {l:<34} {n:>6}\n"));
        }
        s.push_str("\nConstats (mutants qui en ont au moins un) :\n");
        let mut codes: Vec<_> = codes.into_iter().collect();
        codes.sort_by_key(|c| std::cmp::Reverse(c.1));
        for (c, n) in codes {
            s.push_str(&format!("  {c:<34} {n:>6}\n"));
        }
        let mut slow: Vec<&BatchTime> = self.times.iter().collect();
        slow.sort_by_key(|t| std::cmp::Reverse(t.check + t.consolidate));
        s.push_str("\nLots les plus lents (vérifier + consolider) :\n");
        for t in slow.iter().take(5) {
            s.push_str(&format!(
                "  {:.2} s + {:.2} s : mutants {:?}\n",
                t.check.as_secs_f64(),
                t.consolidate.as_secs_f64(),
                t.indexes
            ));
        }
        s.push_str(&format!(
            "\nMémoire résidente maximale : {:.1} Mio pour un processus ctg principal (limite {} Mio), {:.1} Mio pour ce processus ou un de ses descendants (lecteurs compris)\n",
            self.parent_rss_kb as f64 / 1024.0,
            max_parent_rss_kb() >> 10,
            descendants_peak_rss_kb() as f64 / 1024.0
        ));
        let panics = self.caught_panics();
        if !panics.is_empty() {
            s.push_str(&format!(
                "\n{} paniques interceptées dans un décodeur (fichier refusé avec un constat ; enregistrés dans {}) :\n",
                panics.len(),
                failures_dir.display()
            ));
            for o in panics {
                s.push_str(&format!("  {} ({})\n", o.file, o.source));
            }
        }
        let failures = self.failures();
        if failures.is_empty() {
            s.push_str("\nAucun échec.\n");
        } else {
            s.push_str(&format!(
                "\n{} échecs, enregistrés dans {} :\n",
                failures.len(),
                failures_dir.display()
            ));
            for o in failures {
                s.push_str(&format!(
                    "  {} ({}) : {}\n",
                    o.file,
                    o.source,
                    o.problems.join(" ; ")
                ));
            }
        }
        s
    }
}

/// The largest peak resident memory of any finished descendant of this
/// process (the kernel's accounting, reader children included).
#[cfg(unix)]
fn descendants_peak_rss_kb() -> u64 {
    // SAFETY: zeroed rusage is a valid value; getrusage only writes into it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: valid pointer to a rusage struct.
    if unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) } != 0 {
        return 0;
    }
    usage.ru_maxrss.max(0) as u64
}

/// Not told by this system: the summary shows 0.
#[cfg(not(unix))]
fn descendants_peak_rss_kb() -> u64 {
    0
}
