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
use crate::text::{content_words, same_word, word_resemblance_by};

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

/// The words of the compared texts, each distinct folded word numbered
/// once, and which pairs of different words are the same word
/// ([`same_word`]), each pair computed once: the plans of one objective
/// share most of their words, and comparing them letter by letter for every
/// pair of actions was most of the detection's time.
#[derive(Default)]
struct Vocabulary {
    numbers: HashMap<String, u32>,
    words: Vec<String>,
    near: HashMap<(u32, u32), bool>,
}

impl Vocabulary {
    /// The numbers of `words`, in order.
    fn number(&mut self, words: Vec<String>) -> Vec<u32> {
        words
            .into_iter()
            .map(|w| match self.numbers.get(&w) {
                Some(&n) => n,
                None => {
                    let n = self.words.len() as u32;
                    self.words.push(w.clone());
                    self.numbers.insert(w, n);
                    n
                }
            })
            .collect()
    }

    /// The word numbered `n`.
    fn word(&self, n: u32) -> &str {
        &self.words[n as usize]
    }

    /// [`crate::text::word_resemblance`] of two numbered texts.
    fn resemblance(&mut self, a: &[u32], b: &[u32]) -> f64 {
        let (words, near) = (&self.words, &mut self.near);
        word_resemblance_by(a, b, |&x, &y| {
            *near
                .entry((x, y))
                .or_insert_with(|| same_word(&words[x as usize], &words[y as usize]))
        })
    }
}

/// What the comparison needs of an action, computed once; its
/// description's words only when a pair gets that far.
struct Profile<'a> {
    title: Vec<u32>,
    description: &'a str,
    description_words: OnceCell<Vec<u32>>,
    /// The numbers of its title, in order (years, ages, editions).
    numbers: Vec<u32>,
    period: (NaiveDate, NaiveDate),
}

/// Whether a folded word is a number.
fn is_number(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_digit())
}

impl<'a> Profile<'a> {
    fn of(a: &'a Action, period: (NaiveDate, NaiveDate), words: &mut Vocabulary) -> Profile<'a> {
        let title = words.number(content_words(&a.title));
        let numbers = title
            .iter()
            .copied()
            .filter(|&w| is_number(words.word(w)))
            .collect();
        Profile {
            title,
            description: &a.description,
            description_words: OnceCell::new(),
            numbers,
            period,
        }
    }

    fn new(row: &Row<'a>, words: &mut Vocabulary) -> Option<Profile<'a>> {
        Some(Profile::of(row.action, row.period()?, words))
    }

    fn description(&self, words: &mut Vocabulary) -> &[u32] {
        self.description_words
            .get_or_init(|| words.number(content_words(self.description)))
    }

    fn resemblance(&self, other: &Profile, words: &mut Vocabulary) -> f64 {
        let title = words.resemblance(&self.title, &other.title);
        let (a, b) = (self.description(words), other.description(words));
        if a.is_empty() || b.is_empty() {
            title
        } else {
            (title + words.resemblance(a, b)) / 2.0
        }
    }
}

/// How alike two actions are, from 0 to 1: the mean of the resemblance of
/// their titles and of their descriptions, word by word
/// ([`crate::text::word_resemblance`]); the titles alone when either has no
/// description.
pub fn resemblance(a: &Action, b: &Action) -> f64 {
    let always = (NaiveDate::MIN, NaiveDate::MAX);
    let mut words = Vocabulary::default();
    let (a, b) = (
        Profile::of(a, always, &mut words),
        Profile::of(b, always, &mut words),
    );
    a.resemblance(&b, &mut words)
}

/// Titles whose numbers differ name different actions (« séjour 2023 » and
/// « séjour 2024 », « 11-14 ans » and « 15-17 ans »): the numbers of one
/// must all appear, in order, in the other.
fn numbers_agree(a: &[u32], b: &[u32]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut rest = long.iter();
    short.iter().all(|n| rest.any(|m| m == n))
}

/// Finds the likely joint actions among rows that no declared link joins
/// (`group_of`: each row's joint action), and tells both partners.
pub(super) fn detect(rows: &Rows, group_of: &[Option<usize>], plan: &mut JointPlan) {
    let mut words = Vocabulary::default();
    let profiles: Vec<Option<Profile>> = rows
        .all
        .iter()
        .map(|r| Profile::new(r, &mut words))
        .collect();
    let mut by_objective: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, r) in rows.all.iter().enumerate() {
        if profiles[i].is_some() && !r.action.objective.is_empty() {
            by_objective.entry(&r.action.objective).or_default().push(i);
        }
    }
    let mut found = Vec::new();
    for members in by_objective.values() {
        for (i, j) in candidates(rows, &profiles, &words, members) {
            let (Some(a), Some(b)) = (&profiles[i], &profiles[j]) else {
                continue;
            };
            let joined = group_of[i].is_some() && group_of[i] == group_of[j];
            if joined || !overlap(a.period, b.period) || !numbers_agree(&a.numbers, &b.numbers) {
                continue;
            }
            let score = a.resemblance(b, &mut words);
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
fn candidates<'w>(
    rows: &Rows,
    profiles: &[Option<Profile>],
    words: &'w Vocabulary,
    members: &[usize],
) -> Vec<(usize, usize)> {
    let mut by_stem: HashMap<&'w str, Vec<usize>> = HashMap::new();
    for &i in members {
        let Some(p) = &profiles[i] else { continue };
        let stems: BTreeSet<&str> = p
            .title
            .iter()
            .map(|&w| words.word(w))
            .filter(|w| !is_number(w))
            .map(stem)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::word_resemblance;

    /// The numbered words and the remembered pairs score every pair of
    /// texts as the words themselves do, also when one vocabulary serves
    /// many pairs (as in [`detect`]) and the pairs it remembers come back.
    #[test]
    fn numbered_words_score_as_the_words() {
        let texts = [
            "Chantiers jeunes itinérants été 2024",
            "chantier jeune itinerant ete 2024",
            "Séjour montagne 11-14 ans",
            "Sejours montagnes 15-17 ans",
            "Ateliers parents enfants au centre social",
            "Atelier parent-enfant, centre socail",
            "",
        ];
        let mut words = Vocabulary::default();
        let numbered: Vec<Vec<u32>> = texts
            .iter()
            .map(|t| words.number(content_words(t)))
            .collect();
        for _ in 0..2 {
            for (a, x) in texts.iter().zip(&numbered) {
                for (b, y) in texts.iter().zip(&numbered) {
                    let plain = word_resemblance(&content_words(a), &content_words(b));
                    assert_eq!(words.resemblance(x, y), plain, "{a} / {b}");
                }
            }
        }
    }
}
