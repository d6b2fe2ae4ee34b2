//! Pistes de travail typed where the objective belongs. The template's Mode
//! d'emploi lists them under each objective, and partners copy one into
//! the objective column: each piste names its objective, so a text that
//! matches the pistes of one objective only is that objective. Suggestions
//! for other texts rank objectives by their label and their pistes.

use super::{Objective, Referentiel};
use crate::text::{fold, similarity};

/// A piste at least this close to the text is the one the partner copied.
/// Measured on the 69 pistes of the embedded référentiel (test
/// `lead_thresholds_are_measured`): with a letter dropped, two letters
/// swapped or its last word missing, a piste scores 0.85 or more against
/// itself (but one four-word piste); two pistes of different objectives
/// score 0.835 at most against each other.
const LEAD_MATCH: f64 = 0.85;

/// The objective matched must lead every other by this much: two pistes
/// of two objectives that say nearly the same thing name neither.
const LEAD_MARGIN: f64 = 0.05;

/// A text this close to an objective's label or pistes is worth suggesting.
const SUGGEST: f64 = 0.6;

/// A text cut from the start of a piste matches it when it is at least this
/// long (folded bytes): shorter starts are common words (« Développer les »).
const LEAD_PREFIX: usize = 24;

/// How close `typed` (folded) is to a piste (folded), from 0 to 1.
fn lead_score(typed: &str, lead: &str) -> f64 {
    if typed == lead {
        return 1.0;
    }
    // The piste cut after its first part (« Mettre en place des actions
    // citoyennes » for « … citoyennes : Conseil des Jeunes »).
    if typed.len() >= LEAD_PREFIX && lead.starts_with(typed) {
        return 0.95;
    }
    similarity(typed, lead)
}

impl Referentiel {
    /// The objective whose pistes `text` matches, and no other's, with the
    /// piste matched.
    pub(super) fn objective_by_lead(&self, text: &str) -> Option<(&Objective, &str)> {
        let typed = fold(text);
        if typed.is_empty() {
            return None;
        }
        // Best piste of each objective: (index in the folded list, score).
        let mut best: Vec<Option<(usize, f64)>> = vec![None; self.objectives.len()];
        for (k, (i, lead)) in self.folded().leads.iter().enumerate() {
            let score = lead_score(&typed, lead);
            if let Some(slot) = best.get_mut(*i)
                && slot.is_none_or(|(_, s)| score > s)
            {
                *slot = Some((k, score));
            }
        }
        let mut ranked: Vec<(usize, usize, f64)> = best
            .iter()
            .enumerate()
            .filter_map(|(i, b)| b.map(|(k, s)| (i, k, s)))
            .collect();
        ranked.sort_by(|a, b| b.2.total_cmp(&a.2));
        let (i, k, score) = *ranked.first()?;
        let runner_up = ranked.get(1).map_or(0.0, |r| r.2);
        if score < LEAD_MATCH || score - runner_up < LEAD_MARGIN {
            return None;
        }
        Some((self.objectives.get(i)?, self.piste_text(k)?))
    }

    /// True when `text` is one of the pistes of the objective at index `i`.
    pub(super) fn is_lead_of(&self, text: &str, i: usize) -> bool {
        let typed = fold(text);
        self.folded()
            .leads
            .iter()
            .any(|(j, lead)| *j == i && *lead == typed)
    }

    /// The objective closest to `text` by its label or one of its pistes,
    /// as `code — label`, if one is close enough to suggest.
    pub(super) fn closest_objective(&self, text: &str) -> Option<String> {
        let typed = fold(text);
        if typed.is_empty() {
            return None;
        }
        let folded = self.folded();
        let mut scores: Vec<f64> = folded
            .objective_labels
            .iter()
            .map(|label| similarity(&typed, label))
            .collect();
        for (i, lead) in &folded.leads {
            if let Some(s) = scores.get_mut(*i) {
                *s = s.max(lead_score(&typed, lead));
            }
        }
        let (i, score) = scores
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))?;
        (*score >= SUGGEST)
            .then(|| self.objectives.get(i).map(Objective::choice))
            .flatten()
    }

    /// The piste at index `k` of the folded list, as written.
    fn piste_text(&self, k: usize) -> Option<&str> {
        self.objectives
            .iter()
            .flat_map(|o| o.leads.iter())
            .nth(k)
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referentiel::{Config, ObjectiveMatch};

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    /// The code `text` resolves to, and how.
    fn resolved(r: &Referentiel, text: &str) -> String {
        match r.resolve_objective(text) {
            ObjectiveMatch::Found { objective, .. } => format!("objectif {}", objective.code),
            ObjectiveMatch::FromLead { objective, .. } => format!("piste {}", objective.code),
            ObjectiveMatch::Unknown { suggestion } => format!("inconnu {suggestion:?}"),
        }
    }

    #[test]
    fn every_piste_resolves_to_its_own_objective() -> TestResult {
        let r = Config::embedded()?.referentiel;
        let mut seen = 0;
        for o in &r.objectives {
            for lead in &o.leads {
                assert_eq!(
                    r.resolve_objective(lead),
                    ObjectiveMatch::FromLead {
                        objective: o,
                        lead: lead.as_str()
                    },
                    "{lead}"
                );
                // As partners retype it: another case, no accents, a full stop.
                let retyped = format!("{}.", fold(lead).to_uppercase());
                assert_eq!(
                    resolved(&r, &retyped),
                    format!("piste {}", o.code),
                    "{retyped}"
                );
                seen += 1;
            }
        }
        assert_eq!(seen, 69, "the embedded référentiel has 69 pistes");
        Ok(())
    }

    #[test]
    fn the_issue_examples_resolve_to_their_objective() -> TestResult {
        let r = Config::embedded()?.referentiel;
        let cases = [
            (
                "Mettre en place des actions citoyennes : Conseil des Jeunes",
                "1.2.1",
            ),
            ("Sensibiliser les professionnels à la parentalité", "2.2.2"),
            ("Étudier l'opportunité d'actions itinérantes", "2.2.1"),
            // Cut after its first part, or with a typo.
            ("Mettre en place des actions citoyennes", "1.2.1"),
            ("Sensibiliser les profesionnels à la parentalité", "2.2.2"),
        ];
        for (typed, code) in cases {
            assert_eq!(resolved(&r, typed), format!("piste {code}"), "{typed}");
        }
        Ok(())
    }

    #[test]
    fn a_text_that_matches_nothing_stays_unknown() -> TestResult {
        let r = Config::embedded()?.referentiel;
        for typed in [
            "n'importe quoi",
            "Séjour ski jeunes 2024",
            "Conseil des Jeunes",
        ] {
            assert_eq!(resolved(&r, typed), "inconnu None", "{typed}");
        }
        Ok(())
    }

    #[test]
    fn suggestions_rank_objectives_by_their_pistes_too() -> TestResult {
        let r = Config::embedded()?.referentiel;
        // Too far from any piste to be taken, close enough to suggest its
        // objective rather than the label it shares words with.
        let choice = r.objective("3.2.1").ok_or("3.2.1")?.choice();
        assert_eq!(
            resolved(&r, "Développer des accueils"),
            format!("inconnu {:?}", Some(choice))
        );
        Ok(())
    }

    /// Variants of a piste as partners type it: a letter dropped, two
    /// letters swapped, the last word missing.
    fn variants(lead: &str) -> Vec<String> {
        let chars: Vec<char> = lead.chars().collect();
        let mid = chars.len() / 2;
        let mut dropped = chars.clone();
        dropped.remove(mid);
        let mut swapped = chars.clone();
        swapped.swap(mid, mid + 1);
        let words: Vec<&str> = lead.split(' ').collect();
        vec![
            dropped.into_iter().collect(),
            swapped.into_iter().collect(),
            words[..words.len() - 1].join(" "),
        ]
    }

    /// LEAD_MATCH sits between the pistes of different objectives (0.835 at
    /// most against each other: « Identifier les acteurs de l'action sociale
    /// du territoire… », 3.1.4 and 4.1.3) and the variants of a piste
    /// (0.85 or more against it, but « Développer des accueils », whose
    /// piste is four words long: 0.835).
    #[test]
    fn lead_thresholds_are_measured() -> TestResult {
        let r = Config::embedded()?.referentiel;
        let leads = &r.folded().leads;
        let mut across: f64 = 0.0;
        let mut own: Vec<(f64, String)> = Vec::new();
        for (i, a) in leads {
            for (j, b) in leads {
                if i != j {
                    across = across.max(lead_score(a, b));
                }
            }
            own.extend(variants(a).into_iter().map(|v| (lead_score(&v, a), v)));
        }
        assert!(across < LEAD_MATCH, "{across}");
        let below: Vec<&String> = own
            .iter()
            .filter(|(s, _)| *s < LEAD_MATCH)
            .map(|(_, v)| v)
            .collect();
        assert_eq!(below, ["developper des accueils"]);
        Ok(())
    }
}
