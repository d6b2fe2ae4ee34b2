//! Forgiving lookups in the référentiel: what a partner typed → what it means.

use super::near::{ListMatch, resolve_in};
use super::{Commune, Objective, Referentiel, Status};
use crate::text::{closest, fold, fold_place};

/// How an objective cell was understood.
#[derive(Debug, Clone, PartialEq)]
pub enum ObjectiveMatch<'a> {
    /// Found. `label_differs` is set when the cell gives a code and a label
    /// that is not this objective's (a stale or edited dropdown value).
    Found {
        /// The objective.
        objective: &'a Objective,
        /// The cell's label disagrees with the objective's.
        label_differs: bool,
    },
    /// Not an objective but one of its pistes de travail: the text matches
    /// the pistes of this objective and of no other.
    FromLead {
        /// The objective the piste belongs to.
        objective: &'a Objective,
        /// The piste matched, as the référentiel writes it.
        lead: &'a str,
    },
    /// Not found; the closest objective if one is near.
    Unknown {
        /// Closest objective, as `code — label`.
        suggestion: Option<String>,
    },
}

/// How a commune was understood.
#[derive(Debug, Clone, PartialEq)]
pub enum CommuneMatch<'a> {
    /// « Toutes » or an equivalent: the whole territory.
    All,
    /// One commune.
    One(&'a Commune),
    /// Not a commune of the territory; the closest name if one is near.
    Unknown {
        /// Closest commune name.
        suggestion: Option<&'a str>,
    },
}

/// Splits `1.2.1 — label` into the code and what follows, accepting the
/// prefixes partners add (`OO 1.2.1`, `Objectif 1.2.1 :`).
fn split_code(text: &str) -> Option<(String, &str)> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let prefix = fold(&text[..start]);
    if !matches!(
        prefix.as_str(),
        "" | "oo" | "objectif" | "objectif operationnel" | "obj"
    ) {
        return None;
    }
    let rest = &text[start..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let code = rest[..end].trim_end_matches('.');
    let parts: Vec<&str> = code.split('.').collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    // « 1.02.1 » is 1.2.1: compare numbers, not digits.
    let normalised: Vec<String> = parts
        .iter()
        .map(|p| p.trim_start_matches('0'))
        .map(|p| {
            if p.is_empty() {
                "0".to_owned()
            } else {
                p.to_owned()
            }
        })
        .collect();
    let label = rest[end..].trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '-' | '—' | '–' | ':' | '.' | ')')
    });
    Some((normalised.join("."), label))
}

impl Referentiel {
    /// Resolves an objective cell: `1.2.1`, `1.2.1 — label`, or the label alone.
    pub fn resolve_objective(&self, text: &str) -> ObjectiveMatch<'_> {
        let text = text.trim();
        if let Some((code, label)) = split_code(text) {
            if let Some(i) = self.objectives.iter().position(|o| o.code == code) {
                let objective = &self.objectives[i];
                // The dropdown's own text is the common case: no folding.
                let label_differs = !label.is_empty()
                    && label != objective.label
                    && !labels_agree(label, &self.folded().objective_labels[i])
                    && !self.is_lead_of(label, i);
                return ObjectiveMatch::Found {
                    objective,
                    label_differs,
                };
            }
            // A wrong code with a right label: trust the label and suggest it.
            let suggestion = self
                .objective_by_label(label)
                .map(Objective::choice)
                .or_else(|| self.closest_objective(label));
            return ObjectiveMatch::Unknown { suggestion };
        }
        if let Some(objective) = self.objective_by_label(text) {
            return ObjectiveMatch::Found {
                objective,
                label_differs: false,
            };
        }
        if let Some((objective, lead)) = self.objective_by_lead(text) {
            return ObjectiveMatch::FromLead { objective, lead };
        }
        ObjectiveMatch::Unknown {
            suggestion: self.closest_objective(text),
        }
    }

    fn objective_by_label(&self, label: &str) -> Option<&Objective> {
        let folded = fold(label);
        if folded.is_empty() {
            return None;
        }
        let i = self
            .folded()
            .objective_labels
            .iter()
            .position(|l| *l == folded)?;
        self.objectives.get(i)
    }

    /// Resolves a status by label or synonym, ignoring case, accents, gender
    /// and number (« terminé », « Terminées » and « TERMINEE » are one).
    pub fn resolve_status(&self, text: &str) -> Result<&Status, Option<&str>> {
        let typed = stem(text);
        let found = self
            .statuses
            .iter()
            .zip(&self.folded().statuses)
            .find(|(_, names)| !typed.is_empty() && names.contains(&typed))
            .map(|(s, _)| s);
        found.ok_or_else(|| {
            let names = self
                .statuses
                .iter()
                .flat_map(|s| std::iter::once(&s.label).chain(&s.synonyms))
                .map(String::as_str);
            closest(text, names).and_then(|name| {
                self.statuses
                    .iter()
                    .find(|s| s.label == name || s.synonyms.iter().any(|syn| syn == name))
                    .map(|s| s.label.as_str())
            })
        })
    }

    /// Resolves a commune: official name, INSEE code, or a forgiving
    /// spelling (`St Sulpice`, `saint sulpice la pointe`, `LAVAUR`).
    pub fn resolve_commune(&self, text: &str) -> CommuneMatch<'_> {
        let folded = fold_place(text);
        if matches!(
            folded.as_str(),
            "toutes"
                | "tous"
                | "toutes les communes"
                | "tout le territoire"
                | "territoire"
                | "intercommunal"
                | "intercommunalite"
                | "ccta"
                | "cc tarn agout"
        ) {
            return CommuneMatch::All;
        }
        if let Some(c) = self.communes.iter().find(|c| c.insee == text.trim()) {
            return CommuneMatch::One(c);
        }
        let folded_names = &self.folded().communes;
        if let Some(i) = folded_names.iter().position(|n| *n == folded) {
            return CommuneMatch::One(&self.communes[i]);
        }
        // « Saint Sulpice » for « Saint-Sulpice-la-Pointe »: accept a unique
        // name that starts with every word typed.
        if !folded.is_empty() {
            let prefixed = format!("{folded} ");
            let mut starts = folded_names
                .iter()
                .enumerate()
                .filter(|(_, n)| n.starts_with(&prefixed));
            if let (Some((i, _)), None) = (starts.next(), starts.next()) {
                return CommuneMatch::One(&self.communes[i]);
            }
        }
        let suggestion =
            closest(&folded, self.communes.iter().map(|c| c.name.as_str())).or_else(|| {
                // Compare on the expanded spelling too (« St Lieu » → Saint-Lieux…).
                let i = folded_names
                    .iter()
                    .enumerate()
                    .map(|(i, n)| (i, crate::text::similarity(&folded, n)))
                    .filter(|&(_, s)| s >= 0.6)
                    .max_by(|a, b| a.1.total_cmp(&b.1))?
                    .0;
                Some(self.communes[i].name.as_str())
            });
        CommuneMatch::Unknown { suggestion }
    }

    /// Resolves a champ d'intervention: the canonical entry, a confident
    /// near match, or the closest one as a suggestion.
    pub fn resolve_domain(&self, text: &str) -> ListMatch<'_> {
        resolve_in(&self.domains, &self.folded().domains, text)
    }

    /// Resolves a public cible: the canonical entry, a confident near
    /// match, or the closest one as a suggestion.
    pub fn resolve_audience(&self, text: &str) -> ListMatch<'_> {
        resolve_in(&self.audiences, &self.folded().audiences, text)
    }

    /// Resolves a dispositif CAF: the canonical entry, a confident near
    /// match, or the closest one as a suggestion.
    pub fn resolve_caf_scheme(&self, text: &str) -> ListMatch<'_> {
        resolve_in(&self.caf_schemes, &self.folded().caf_schemes, text)
    }

    /// Resolves an avis of a committee: the canonical entry, or the
    /// closest one as a suggestion. A committee's decision is not guessed:
    /// a near value is refused too, with the value it is near to.
    pub fn resolve_verdict(&self, text: &str) -> Result<&str, Option<&str>> {
        match resolve_in(&self.verdicts, &self.folded().verdicts, text) {
            ListMatch::Exact(v) => Ok(v),
            ListMatch::Near(v) => Err(Some(v)),
            ListMatch::Unknown(suggestion) => Err(suggestion),
        }
    }

    pub(super) fn folded(&self) -> &Folded {
        self.folded.get_or_init(|| Folded {
            objective_labels: self.objectives.iter().map(|o| fold(&o.label)).collect(),
            leads: self
                .objectives
                .iter()
                .enumerate()
                .flat_map(|(i, o)| o.leads.iter().map(move |l| (i, fold(l))))
                .collect(),
            statuses: self
                .statuses
                .iter()
                .map(|s| {
                    std::iter::once(&s.label)
                        .chain(&s.synonyms)
                        .map(|n| stem(n))
                        .collect()
                })
                .collect(),
            communes: self.communes.iter().map(|c| fold_place(&c.name)).collect(),
            domains: self.domains.iter().map(|d| fold(d)).collect(),
            audiences: self.audiences.iter().map(|a| fold(a)).collect(),
            caf_schemes: self.caf_schemes.iter().map(|a| fold(a)).collect(),
            verdicts: self.verdicts.iter().map(|a| fold(a)).collect(),
        })
    }
}

/// The référentiel's names folded once: resolving runs for every cell of
/// every partner's file, and folding is the costly part.
#[derive(Debug, Clone, Default)]
pub(crate) struct Folded {
    pub(super) objective_labels: Vec<String>,
    /// Every piste de travail: (index of its objective, folded text).
    pub(super) leads: Vec<(usize, String)>,
    /// Stems of each status's label and synonyms.
    statuses: Vec<Vec<String>>,
    communes: Vec<String>,
    domains: Vec<String>,
    audiences: Vec<String>,
    caf_schemes: Vec<String>,
    verdicts: Vec<String>,
}

/// A status name without case, accents, gender or number: « terminé »,
/// « Terminées » and « TERMINEE » are one.
fn stem(s: &str) -> String {
    fold(s)
        .trim_end_matches('s')
        .trim_end_matches('e')
        .to_owned()
}

/// Labels agree when equal once folded, or when the typed one is a long
/// enough prefix of the other (dropdown texts get truncated by some tools).
fn labels_agree(typed: &str, folded_label: &str) -> bool {
    let typed = fold(typed);
    typed == folded_label || (typed.len() >= 20 && folded_label.starts_with(&typed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referentiel::{Config, StatusKind};

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn referentiel() -> Result<Referentiel, Box<dyn std::error::Error>> {
        Ok(Config::embedded()?.referentiel)
    }

    fn found_code(m: ObjectiveMatch) -> Option<String> {
        match m {
            ObjectiveMatch::Found { objective, .. } => Some(objective.code.clone()),
            ObjectiveMatch::FromLead { .. } | ObjectiveMatch::Unknown { .. } => None,
        }
    }

    #[test]
    fn objective_by_code_code_and_label_or_label() -> TestResult {
        let r = referentiel()?;
        assert_eq!(
            found_code(r.resolve_objective("1.2.1")).as_deref(),
            Some("1.2.1")
        );
        assert_eq!(
            found_code(r.resolve_objective(" OO 1.2.1 : ")).as_deref(),
            Some("1.2.1")
        );
        let choice = r.objective("2.2.3").ok_or("2.2.3")?.choice();
        assert_eq!(
            r.resolve_objective(&choice),
            ObjectiveMatch::Found {
                objective: r.objective("2.2.3").ok_or("2.2.3")?,
                label_differs: false
            }
        );
        assert_eq!(
            found_code(r.resolve_objective("favoriser l'inclusion numérique")).as_deref(),
            Some("3.2.3")
        );
        Ok(())
    }

    #[test]
    fn objective_with_foreign_label_is_flagged() -> TestResult {
        let r = referentiel()?;
        let m = r.resolve_objective("1.2.1 - Favoriser l'inclusion Numérique");
        assert!(
            matches!(
                m,
                ObjectiveMatch::Found {
                    label_differs: true,
                    ..
                }
            ),
            "{m:?}"
        );
        Ok(())
    }

    #[test]
    fn unknown_objective_suggests_closest() -> TestResult {
        let r = referentiel()?;
        let m = r.resolve_objective("Favoriser l'inclusion numerik");
        assert_eq!(
            m,
            ObjectiveMatch::Unknown {
                suggestion: Some(r.objective("3.2.3").ok_or("3.2.3")?.choice())
            }
        );
        let m = r.resolve_objective("1.4.1 — Renforcer les partenariats");
        assert_eq!(
            m,
            ObjectiveMatch::Unknown {
                suggestion: Some(r.objective("1.3.3").ok_or("1.3.3")?.choice())
            }
        );
        assert_eq!(
            r.resolve_objective("n'importe quoi"),
            ObjectiveMatch::Unknown { suggestion: None }
        );
        Ok(())
    }

    #[test]
    fn statuses_by_label_or_synonym() -> TestResult {
        let r = referentiel()?;
        assert_eq!(
            r.resolve_status("a venir").map(|s| s.kind),
            Ok(StatusKind::Planned)
        );
        assert_eq!(
            r.resolve_status("TERMINÉE").map(|s| s.kind),
            Ok(StatusKind::Done)
        );
        assert_eq!(
            r.resolve_status("terminé").map(|s| s.kind),
            Ok(StatusKind::Done)
        );
        assert_eq!(
            r.resolve_status("Reporté").map(|s| s.kind),
            Ok(StatusKind::Postponed)
        );
        assert_eq!(
            r.resolve_status("annulés").map(|s| s.kind),
            Ok(StatusKind::Abandoned)
        );
        assert_eq!(
            r.resolve_status("En court").map(|s| s.kind),
            Err(Some("En cours"))
        );
        Ok(())
    }

    #[test]
    fn communes_are_forgiving() -> TestResult {
        let r = referentiel()?;
        let name = |m: CommuneMatch| match m {
            CommuneMatch::One(c) => c.name.clone(),
            other => format!("{other:?}"),
        };
        assert_eq!(
            name(r.resolve_commune("St Sulpice")),
            "Saint-Sulpice-la-Pointe"
        );
        assert_eq!(
            name(r.resolve_commune("saint sulpice la pointe")),
            "Saint-Sulpice-la-Pointe"
        );
        assert_eq!(
            name(r.resolve_commune("ST LIEUX LES LAVAUR")),
            "Saint-Lieux-lès-Lavaur"
        );
        assert_eq!(name(r.resolve_commune("81140")), "Lavaur");
        assert_eq!(name(r.resolve_commune("massac seran")), "Massac-Séran");
        assert_eq!(r.resolve_commune("Toutes"), CommuneMatch::All);
        assert_eq!(
            r.resolve_commune("Lavour"),
            CommuneMatch::Unknown {
                suggestion: Some("Lavaur")
            }
        );
        // « Saint » alone is ambiguous: no silent pick.
        assert!(matches!(
            r.resolve_commune("Saint"),
            CommuneMatch::Unknown { .. }
        ));
        assert_eq!(
            r.resolve_commune("Toulouse"),
            CommuneMatch::Unknown { suggestion: None }
        );
        Ok(())
    }

    #[test]
    fn list_values_are_canonicalised() -> TestResult {
        let r = referentiel()?;
        assert_eq!(
            r.resolve_domain("petite ENFANCE"),
            ListMatch::Exact("Petite enfance")
        );
        assert_eq!(
            r.resolve_domain("Parentalite"),
            ListMatch::Exact("Parentalité")
        );
        assert_eq!(r.resolve_domain("Jeunnesse"), ListMatch::Near("Jeunesse"));
        assert_eq!(r.resolve_caf_scheme("reaap"), ListMatch::Exact("REAAP"));
        assert_eq!(
            r.resolve_caf_scheme("Prestation de services"),
            ListMatch::Near("Prestation de service")
        );
        assert_eq!(
            r.resolve_caf_scheme("Contrat enfance jeunesse"),
            ListMatch::Unknown(None)
        );
        Ok(())
    }
}
