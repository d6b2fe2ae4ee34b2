//! Joint actions nobody declared: actions of different partners under the
//! same objective, with a day in common, whose titles and descriptions are
//! alike ([`resemblance`] at least [`LIKELY_THRESHOLD`]). Both partners are
//! warned at their row, the coordinator once for the pair; the totals are
//! left as they are until a partner declares the link.

use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;

use super::{JointPlan, LikelyJoint, Row, Rows, SharedFinding, overlap};
use crate::finding::{Code, Severity};
use crate::model::Action;
use crate::text::{content_words, word_resemblance};

/// From this [`resemblance`] on, two actions are likely one joint action.
/// Measured on examples written down in `tests/it/joint.rs`
/// (`likely_threshold_parts_the_examples`): the pairs that must match (the
/// same action reworded by two partners) score 0.71 and more; the pairs
/// that must not — the closest pairs of the sample plan, actions with
/// similar titles — 0.61 at most. The threshold sits between the two.
pub const LIKELY_THRESHOLD: f64 = 0.66;

/// Characters of a title word that make its stem, for finding which pairs
/// to compare (« chantier » and « chantiers » share « chant »).
const STEM_CHARS: usize = 5;

/// A stem found in more titles of one objective than this does not make
/// pairs by itself: it tells nothing of which actions are alike, and at a
/// thousand partners it would compare every pair.
const COMMON_STEM: usize = 50;

/// What the comparison needs of an action, computed once; its
/// description's words only when a pair gets that far.
struct Profile<'a> {
    title: Vec<String>,
    description: &'a str,
    description_words: OnceCell<Vec<String>>,
    /// The numbers of its title, in order (years, ages, editions).
    numbers: Vec<String>,
    period: (NaiveDate, NaiveDate),
}

impl<'a> Profile<'a> {
    fn of(a: &'a Action, period: (NaiveDate, NaiveDate)) -> Profile<'a> {
        let title = content_words(&a.title);
        let numbers = title
            .iter()
            .filter(|w| w.chars().all(|c| c.is_ascii_digit()))
            .cloned()
            .collect();
        Profile {
            title,
            description: &a.description,
            description_words: OnceCell::new(),
            numbers,
            period,
        }
    }

    fn new(row: &Row<'a>) -> Option<Profile<'a>> {
        Some(Profile::of(row.action, row.period()?))
    }

    fn description(&self) -> &[String] {
        self.description_words
            .get_or_init(|| content_words(self.description))
    }

    fn resemblance(&self, other: &Profile) -> f64 {
        let title = word_resemblance(&self.title, &other.title);
        let (a, b) = (self.description(), other.description());
        if a.is_empty() || b.is_empty() {
            title
        } else {
            (title + word_resemblance(a, b)) / 2.0
        }
    }
}

/// How alike two actions are, from 0 to 1: the mean of the resemblance of
/// their titles and of their descriptions, word by word
/// ([`word_resemblance`]); the titles alone when either has no
/// description.
pub fn resemblance(a: &Action, b: &Action) -> f64 {
    let always = (NaiveDate::MIN, NaiveDate::MAX);
    Profile::of(a, always).resemblance(&Profile::of(b, always))
}

/// Titles whose numbers differ name different actions (« séjour 2023 » and
/// « séjour 2024 », « 11-14 ans » and « 15-17 ans »): the numbers of one
/// must all appear, in order, in the other.
fn numbers_agree(a: &[String], b: &[String]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut rest = long.iter();
    short.iter().all(|n| rest.any(|m| m == n))
}

/// Finds the likely joint actions among rows that no declared link joins
/// (`group_of`: each row's joint action), and tells both partners.
pub(super) fn detect(rows: &Rows, group_of: &[Option<usize>], plan: &mut JointPlan) {
    let profiles: Vec<Option<Profile>> = rows.all.iter().map(Profile::new).collect();
    let mut by_objective: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, r) in rows.all.iter().enumerate() {
        if profiles[i].is_some() && !r.action.objective.is_empty() {
            by_objective.entry(&r.action.objective).or_default().push(i);
        }
    }
    let mut found = Vec::new();
    for members in by_objective.values() {
        for (i, j) in candidates(rows, &profiles, members) {
            let (Some(a), Some(b)) = (&profiles[i], &profiles[j]) else {
                continue;
            };
            let joined = group_of[i].is_some() && group_of[i] == group_of[j];
            if joined || !overlap(a.period, b.period) || !numbers_agree(&a.numbers, &b.numbers) {
                continue;
            }
            let score = a.resemblance(b);
            if score >= LIKELY_THRESHOLD {
                found.push((i, j, score));
            }
        }
    }
    for (i, j, score) in found {
        let (x, y) = (&rows.all[i], &rows.all[j]);
        let (x, y) = if x.action.number <= y.action.number {
            (x, y)
        } else {
            (y, x)
        };
        tell(x, y, plan);
        plan.likely.push(LikelyJoint {
            first: (x.plan.code.to_owned(), x.action.number.clone()),
            second: (y.plan.code.to_owned(), y.action.number.clone()),
            resemblance: (score * 100.0).round() / 100.0,
        });
    }
}

/// The pairs of rows of one objective worth comparing: rows of different
/// partners whose titles share a word stem that is not common to most of
/// them. Numbers make no pairs: they tell editions apart, not alike.
fn candidates(rows: &Rows, profiles: &[Option<Profile>], members: &[usize]) -> Vec<(usize, usize)> {
    let mut by_stem: HashMap<&str, Vec<usize>> = HashMap::new();
    for &i in members {
        let Some(p) = &profiles[i] else { continue };
        let stems: BTreeSet<&str> = p
            .title
            .iter()
            .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
            .map(|w| stem(w))
            .collect();
        for stem in stems {
            by_stem.entry(stem).or_default().push(i);
        }
    }
    let mut pairs = Vec::new();
    for posting in by_stem.values().filter(|p| p.len() <= COMMON_STEM) {
        for (k, &i) in posting.iter().enumerate() {
            for &j in &posting[k + 1..] {
                if rows.all[i].plan.code != rows.all[j].plan.code {
                    pairs.push((i.min(j), i.max(j)));
                }
            }
        }
    }
    // Each pair once, in a stable order (Promise 5).
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// The first [`STEM_CHARS`] characters of a word.
fn stem(word: &str) -> &str {
    word.char_indices()
        .nth(STEM_CHARS)
        .map_or(word, |(end, _)| &word[..end])
}

/// Warns both partners at their row, and the coordinator once.
fn tell(x: &Row, y: &Row, plan: &mut JointPlan) {
    for (r, other) in [(x, y), (y, x)] {
        let message = format!(
            "Votre action {} ressemble à {} : même objectif opérationnel, des dates en commun, des intitulés et des descriptions proches. S'il s'agit de la même action, indiquez-le dans « Action commune avec » : elle sera comptée une seule fois dans le plan. S'il s'agit de deux actions différentes, rien à corriger.",
            r.action.number,
            other.named()
        );
        let f = r.finding(
            Severity::Warning,
            Code::JointActionLikely,
            message,
            Some(format!("« Action commune avec » : {}", other.action.number)),
        );
        plan.partner_findings.push((r.plan.code.to_owned(), f));
    }
    let message = format!(
        "{} et {} se ressemblent (objectif {}, des dates en commun, intitulés et descriptions proches) mais aucune ne déclare l'autre dans « Action commune avec » : s'il s'agit de la même action, elle est comptée deux fois. Chaque partenaire en est averti dans son retour.",
        x.named(),
        y.named(),
        x.action.objective
    );
    plan.shared_findings
        .push(SharedFinding::about(x, y, Code::JointActionLikely, message));
}
