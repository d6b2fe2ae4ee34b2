//! Recognising headers and labels as partners write them: exactly once
//! folded, or, failing that, despite a typo. The names themselves come from
//! the référentiel ([`Column::synonyms`]).

use std::collections::HashMap;

use crate::referentiel::Referentiel;
use crate::referentiel::columns::{Column, PartnerField};
use crate::text::{fold, similarity};

/// A header with the plural and gender marks partners write spelt out:
/// « Commune(s) concernée(s) » → « Communes concernées », « Référent·e »
/// → « Référente », « Lieu(x) » → « Lieux ».
fn spelt_out(header: &str) -> String {
    const MARKS: [&str; 5] = ["es", "s", "e", "x", "ne"];
    let mut out = String::with_capacity(header.len());
    let mut rest = header;
    while let Some(c) = rest.chars().next() {
        let after_letter = out.chars().last().is_some_and(char::is_alphabetic);
        if after_letter && matches!(c, '(' | '·' | '.') {
            let inner = &rest[c.len_utf8()..];
            let found = MARKS.iter().find_map(|m| {
                let tail = inner.strip_prefix(m)?;
                match c {
                    '(' => tail.strip_prefix(')').map(|t| (m, t)),
                    // « Référent·e », « concerné.e.s »: the mark ends the word.
                    _ => (!tail.starts_with(char::is_alphabetic)).then_some((m, tail)),
                }
            });
            if let Some((mark, tail)) = found {
                out.push_str(mark);
                rest = tail;
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A header without what partners add in brackets (« Date de début
/// (JJ/MM/AAAA) », « Communes (séparées par ;) »), when it has any.
fn without_brackets(header: &str) -> Option<String> {
    let mut out = String::with_capacity(header.len());
    let mut depth = 0usize;
    for c in header.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    (out.len() < header.len() && !fold(&out).is_empty()).then_some(out)
}

/// Strips the unit words partners add to headers (« en euros », « en % »).
fn core_of(header: &str) -> String {
    let mut folded = fold(&spelt_out(header));
    for suffix in [
        " en euros",
        " euros",
        " en eur",
        " eur",
        " en",
        " ttc",
        " ht",
    ] {
        if let Some(stripped) = folded.strip_suffix(suffix) {
            folded = stripped.to_owned();
        }
    }
    folded
}

/// A table of names → things, folded once, to recognise headers and labels
/// as partners write them.
#[derive(Debug, Clone)]
pub struct Synonyms<T> {
    exact: HashMap<String, T>,
    table: Vec<(T, Vec<String>)>,
    /// Longest name, in bytes: longer texts are data, not names, and are
    /// not worth folding.
    longest: usize,
}

impl<T: Copy + PartialEq> Synonyms<T> {
    /// Builds the table; names are folded here, once.
    pub fn new(table: Vec<(T, Vec<String>)>) -> Synonyms<T> {
        let table: Vec<(T, Vec<String>)> = table
            .into_iter()
            .map(|(t, names)| (t, names.iter().map(|n| fold(n)).collect()))
            .collect();
        let mut exact = HashMap::new();
        for (t, names) in &table {
            for n in names {
                // The first entry naming a text wins, as in the table's order.
                exact.entry(n.clone()).or_insert(*t);
            }
        }
        let longest = table
            .iter()
            .flat_map(|(_, names)| names.iter().map(String::len))
            .max()
            .unwrap_or(0);
        Synonyms {
            exact,
            table,
            longest,
        }
    }

    /// True for a text too long to be any name, even with units or
    /// punctuation around it.
    fn too_long(&self, text: &str) -> bool {
        text.len() > 2 * self.longest + 16
    }

    /// The entry `text` names exactly, once folded, with or without what
    /// it adds in brackets.
    pub fn find_exact(&self, text: &str) -> Option<T> {
        if self.too_long(text) {
            return None;
        }
        self.exact.get(&core_of(text)).copied().or_else(|| {
            // The whole header first: « Montant (CAF) » is the CAF's column.
            let bare = without_brackets(text)?;
            self.exact.get(&core_of(&bare)).copied()
        })
    }

    /// The entry `text` names exactly once folded, or, failing that, very
    /// closely (typos such as « Statu » or « Intitlé »).
    pub fn find(&self, text: &str) -> Option<T> {
        if self.too_long(text) {
            return None;
        }
        let core = core_of(text);
        if core.is_empty() {
            return None;
        }
        if let Some(t) = self.find_exact(text) {
            return Some(t);
        }
        // Typos only: long texts are data, not titles, and a number
        // (« Réalisé 2027 ») must match exactly.
        let len = core.chars().count();
        if len > 40 || core.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        // Best score per entry; a typo must point clearly at one entry.
        let mut scores: Vec<(T, f64)> = self
            .table
            .iter()
            .filter_map(|(t, names)| {
                let best = names
                    .iter()
                    .filter(|n| n.len() >= 5 && n.chars().count().abs_diff(len) <= 4)
                    .map(|n| similarity(&core, n))
                    .fold(0.0, f64::max);
                (best >= 0.85).then_some((*t, best))
            })
            .collect();
        scores.sort_by(|a, b| b.1.total_cmp(&a.1));
        match scores.as_slice() {
            [(t, _)] => Some(*t),
            [(t, first), (_, second), ..] if first - second >= 0.04 => Some(*t),
            _ => None,
        }
    }
}

/// The columns of one kind of sheet, recognised from their headers.
pub type Matcher<C> = Synonyms<C>;

/// The matcher of a kind of column for a référentiel.
pub fn matcher<C: Column>(r: &Referentiel) -> Matcher<C> {
    Synonyms::new(C::synonyms(r))
}

/// The labels of the Partenaire sheet for a référentiel.
pub fn partner_labels(r: &Referentiel) -> Synonyms<PartnerField> {
    Synonyms::new(PartnerField::synonyms(r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referentiel::Config;
    use crate::referentiel::columns::{ActionColumn, IndicatorColumn};

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn template_headers_are_recognised() -> TestResult {
        let r = Config::embedded()?.referentiel;
        let actions = matcher::<ActionColumn>(&r);
        for c in ActionColumn::template(&r) {
            assert_eq!(actions.find(&c.header(&r)), Some(c), "{c:?}");
        }
        let indicators = matcher::<IndicatorColumn>(&r);
        for c in IndicatorColumn::template(&r) {
            assert_eq!(indicators.find(&c.header(&r)), Some(c), "{c:?}");
        }
        let labels = partner_labels(&r);
        for f in PartnerField::ALL {
            assert_eq!(labels.find(f.label()), Some(f));
        }
        Ok(())
    }

    #[test]
    fn drifted_headers_are_recognised() -> TestResult {
        let r = Config::embedded()?.referentiel;
        let actions = matcher::<ActionColumn>(&r);
        let cases = [
            ("  NUMÉRO ", ActionColumn::Number),
            ("Intitulé de l'action", ActionColumn::Title),
            ("Intitlé", ActionColumn::Title),
            ("Statu", ActionColumn::Status),
            ("Budget en euros", ActionColumn::Budget),
            ("Part CAF", ActionColumn::Funding(0)),
            ("CCTA (€)", ActionColumn::Funding(1)),
            ("Autres financeurs", ActionColumn::Funding(3)),
            ("Orientation stratégique", ActionColumn::Derived),
        ];
        for (header, expected) in cases {
            assert_eq!(actions.find(header), Some(expected), "{header}");
        }
        assert_eq!(actions.find("Couleur préférée"), None);
        // Plurals, genders, brackets and abbreviations as partners write them.
        let variants = [
            ("Commune(s)", ActionColumn::Communes),
            ("Commune(s) concernée(s)", ActionColumn::Communes),
            ("Communes concerné.e.s", ActionColumn::Communes),
            ("Lieu(x) d'intervention", ActionColumn::Communes),
            ("Public(s) cible(s)", ActionColumn::Audiences),
            ("Champ(s) d'intervention", ActionColumn::Domains),
            ("Partenaire(s) associé(s)", ActionColumn::Associates),
            ("Référent·e de l'action", ActionColumn::Contact),
            ("Date de début (JJ/MM/AAAA)", ActionColumn::Start),
            ("Date déb.", ActionColumn::Start),
            ("Fin prévue", ActionColumn::End),
            ("Obj. opérationnel", ActionColumn::Objective),
            (
                "Objectif opérationnel (voir la liste)",
                ActionColumn::Objective,
            ),
            ("Budget prév. (€ TTC)", ActionColumn::Budget),
            ("Statut [À venir, En cours…]", ActionColumn::Status),
            ("Montant (CAF)", ActionColumn::Funding(0)),
            ("Commentaires / Observations", ActionColumn::Comments),
        ];
        for (header, expected) in variants {
            assert_eq!(actions.find(header), Some(expected), "{header}");
        }
        // Brackets aside, nothing left to name a column.
        assert_eq!(actions.find("(à remplir)"), None);
        // Data is not mistaken for a title, however close.
        assert_eq!(
            actions.find("Ateliers parents-enfants du mercredi après-midi au centre social"),
            None
        );
        let indicators = matcher::<IndicatorColumn>(&r);
        assert_eq!(
            indicators.find("Résultat 2024"),
            Some(IndicatorColumn::Result(2024))
        );
        assert_eq!(indicators.find("2025"), Some(IndicatorColumn::Result(2025)));
        assert_eq!(indicators.find("Réalisé 2019"), None);
        assert_eq!(indicators.find("Réalisé 2027"), None);
        assert_eq!(
            indicators.find("Valeur(s) cible(s)"),
            Some(IndicatorColumn::Target)
        );
        assert_eq!(
            indicators.find("Type (quanti / quali)"),
            Some(IndicatorColumn::Kind)
        );
        Ok(())
    }
}
