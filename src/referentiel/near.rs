//! List values that nearly match one value of a list: « Familles » for
//! « Familles / Parents », « Enfance (3-11 ans) » for « Enfants (3-11
//! ans) », « Jeunes (12-17 ans) » for « Adolescents (13-17 ans) ». A
//! confident match is taken (the caller warns, naming the value kept); a
//! real unknown stays unknown, with the closest value as a suggestion.

use crate::text::{fold, similarity};

/// How a value typed in a list column was understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListMatch<'a> {
    /// A value of the list, as the list writes it.
    Exact(&'a str),
    /// Not written as in the list, but one value is a confident match.
    Near(&'a str),
    /// No value matches; the closest one, if close enough to suggest.
    Unknown(Option<&'a str>),
}

/// Words at least this close to one value (or one of its « / »
/// alternatives), plural marks aside, name it. Measured on the examples of
/// `near_thresholds_are_measured`: the near values partners write score
/// 0.889 or more (« Jeunnesse »), the real unknowns 0.875 at most
/// (« Habitat » against « Habitants »). One typo in a word of fewer than
/// nine letters is as far as « Habitat » from « Habitants »: it stays an
/// error, with the value as a suggestion.
const NEAR_WORDS: f64 = 0.88;

/// The part of a typed age range a value must cover to be named by it.
/// Measured on the same examples: « Jeunes (12-17 ans) » is 5/6 inside
/// « Adolescents (13-17 ans) » (0.833), « Jeunes (11-25 ans) » at most
/// 2/3 inside any value.
const NEAR_AGES: f64 = 0.75;

/// The value matched must lead the next one by this much: half the
/// smallest lead of the examples (0.222, « Familles » before « Familles
/// vulnérables »), to keep near ties out.
const NEAR_MARGIN: f64 = 0.1;

/// A value this close is worth suggesting, as `text::closest` does.
const SUGGEST: f64 = 0.6;

/// A list value taken apart: its words without the age range, its
/// « / » alternatives, and its age range (« (3-11 ans) »).
#[derive(Debug)]
struct Shape {
    /// Folded words of the whole value, age range left out.
    words: String,
    /// Folded words of each alternative (« Familles / Parents »).
    alternatives: Vec<String>,
    /// Age range, first and last year included.
    ages: Option<(u32, u32)>,
}

impl Shape {
    fn of(text: &str) -> Shape {
        let (words, ages) = without_ages(&fold(text));
        let alternatives = if text.contains('/') {
            text.split('/')
                .map(|a| without_ages(&fold(a)).0)
                .filter(|a| !a.is_empty())
                .collect()
        } else {
            Vec::new()
        };
        Shape {
            words,
            alternatives,
            ages,
        }
    }
}

/// Words without their plural mark (« publics » → « public », « aux » →
/// « au »), so that number alone never makes two values differ.
fn singular(words: &str) -> String {
    words
        .split(' ')
        .map(|w| {
            if w.len() > 2 {
                w.strip_suffix(['s', 'x']).unwrap_or(w)
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Folded words with an age range (« 3 11 ans », « 3 a 11 ans ») taken
/// out, and that range.
fn without_ages(folded: &str) -> (String, Option<(u32, u32)>) {
    let words: Vec<&str> = folded.split(' ').collect();
    for i in 0..words.len() {
        let (from, to, len) = match words[i..] {
            [a, "a", b, "ans", ..] => (a, b, 4),
            [a, b, "ans", ..] => (a, b, 3),
            _ => continue,
        };
        if let (Ok(from), Ok(to)) = (from.parse::<u32>(), to.parse::<u32>())
            && from <= to
        {
            let rest: Vec<&str> = words[..i]
                .iter()
                .chain(&words[i + len..])
                .copied()
                .collect();
            return (singular(&rest.join(" ")), Some((from, to)));
        }
    }
    (singular(folded), None)
}

/// How well `value` matches what was typed, from 0 to 1. When both give an
/// age range, the range decides (« Jeunes (12-17 ans) » are the
/// « Adolescents (13-17 ans) », not the « Jeunes (16-25 ans) »): the part
/// of the typed range the value covers. Otherwise, how close the words are
/// to the value or to one of its alternatives.
fn score(typed: &Shape, value: &Shape) -> f64 {
    if let (Some((a, b)), Some((c, d))) = (typed.ages, value.ages) {
        let inside = b.min(d).saturating_add(1).saturating_sub(a.max(c));
        return f64::from(inside) / f64::from(b - a + 1);
    }
    if typed.words.is_empty() {
        return 0.0;
    }
    std::iter::once(&value.words)
        .chain(&value.alternatives)
        .map(|w| similarity(&typed.words, w))
        .fold(0.0, f64::max)
}

/// Resolves `text` in `list` (whose values are `folded`, in the same order).
pub(super) fn resolve_in<'a>(list: &'a [String], folded: &[String], text: &str) -> ListMatch<'a> {
    let typed = fold(text);
    if let Some(v) = folded
        .iter()
        .position(|v| *v == typed)
        .and_then(|i| list.get(i))
    {
        return ListMatch::Exact(v);
    }
    let shape = Shape::of(text);
    let mut ranked: Vec<(&'a str, f64, bool)> = list
        .iter()
        .map(|v| {
            let value = Shape::of(v);
            let by_ages = shape.ages.is_some() && value.ages.is_some();
            (v.as_str(), score(&shape, &value), by_ages)
        })
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let Some(&(best, first, by_ages)) = ranked.first() else {
        return ListMatch::Unknown(None);
    };
    let second = ranked.get(1).map_or(0.0, |r| r.1);
    let threshold = if by_ages { NEAR_AGES } else { NEAR_WORDS };
    if first >= threshold && first - second >= NEAR_MARGIN {
        ListMatch::Near(best)
    } else {
        ListMatch::Unknown((first >= SUGGEST).then_some(best))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referentiel::{Config, Referentiel};

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    /// Which list of the embedded référentiel an example is typed in.
    #[derive(Clone, Copy)]
    enum List {
        Domains,
        Audiences,
    }

    fn resolve<'a>(r: &'a Referentiel, list: List, typed: &str) -> ListMatch<'a> {
        match list {
            List::Domains => r.resolve_domain(typed),
            List::Audiences => r.resolve_audience(typed),
        }
    }

    /// Near values partners write, with the value they mean.
    const NEAR: [(List, &str, &str); 20] = [
        (List::Audiences, "Familles", "Familles / Parents"),
        (List::Audiences, "Parents", "Familles / Parents"),
        (List::Audiences, "Enfance (3-11 ans)", "Enfants (3-11 ans)"),
        (
            List::Audiences,
            "Jeunes (12-17 ans)",
            "Adolescents (13-17 ans)",
        ),
        (
            List::Audiences,
            "Ados (13-17 ans)",
            "Adolescents (13-17 ans)",
        ),
        (
            List::Audiences,
            "Jeunes adultes (18-25 ans)",
            "Jeunes (16-25 ans)",
        ),
        (List::Audiences, "Enfants (6-11 ans)", "Enfants (3-11 ans)"),
        (List::Audiences, "Adolescents", "Adolescents (13-17 ans)"),
        (
            List::Audiences,
            "Préados (10-12 ans)",
            "Préadolescents (10-12 ans)",
        ),
        (List::Audiences, "Tous publics", "Tout public"),
        (List::Audiences, "Professionnel", "Professionnels"),
        (
            List::Audiences,
            "Familles vulnérable",
            "Familles vulnérables",
        ),
        (List::Audiences, "Elu", "Élus"),
        (List::Domains, "Handicap", "Inclusion / Handicap"),
        (List::Domains, "Logement", "Logement / Cadre de vie"),
        (List::Domains, "Cadre de vie", "Logement / Cadre de vie"),
        (List::Domains, "Accès au droit", "Accès aux droits"),
        (List::Domains, "Solidarités", "Solidarité"),
        (List::Domains, "Jeunnesse", "Jeunesse"),
        (
            List::Domains,
            "Dynamiques territoriales",
            "Dynamique territoriale",
        ),
    ];

    /// Values that mean something else, or nothing of the list: errors.
    const UNKNOWN: [(List, &str); 24] = [
        (List::Audiences, "Habitat"),
        (List::Audiences, "Seniors"),
        (List::Audiences, "Personnes"),
        (List::Audiences, "Jeunes parents"),
        (List::Audiences, "Parents d'ados"),
        (List::Audiences, "Enfants (0-6 ans)"),
        (List::Audiences, "Jeunes (11-25 ans)"),
        (List::Audiences, "Associations"),
        (List::Audiences, "Étudiants"),
        (List::Audiences, "Enfance"),
        (List::Audiences, "Bénévoles"),
        (List::Audiences, "Personnes handicapées"),
        (List::Audiences, "Élus locaux"),
        (List::Audiences, "Grand public"),
        (List::Domains, "Numérique"),
        (List::Domains, "Sport"),
        (List::Domains, "Culture"),
        (List::Domains, "Mobilité"),
        (List::Domains, "Insertion"),
        (List::Domains, "Insertion professionnelle"),
        (List::Domains, "Prévention"),
        (List::Domains, "Education populaire"),
        (List::Domains, "Enfance jeunesse"),
        (List::Domains, "Logement social"),
    ];

    /// The best score of `typed` in `list`, whether the age range decided it,
    /// and its lead over the next value.
    fn best(r: &Referentiel, list: List, typed: &str) -> (f64, bool, f64) {
        let values = match list {
            List::Domains => &r.domains,
            List::Audiences => &r.audiences,
        };
        let shape = Shape::of(typed);
        let mut scores: Vec<(f64, bool)> = values
            .iter()
            .map(|v| {
                let value = Shape::of(v);
                (
                    score(&shape, &value),
                    shape.ages.is_some() && value.ages.is_some(),
                )
            })
            .collect();
        scores.sort_by(|a, b| b.0.total_cmp(&a.0));
        (scores[0].0, scores[0].1, scores[0].0 - scores[1].0)
    }

    #[test]
    fn near_values_are_taken_as_the_value_they_mean() -> TestResult {
        let r = Config::embedded()?.referentiel;
        for (list, typed, meant) in NEAR {
            assert_eq!(resolve(&r, list, typed), ListMatch::Near(meant), "{typed}");
        }
        Ok(())
    }

    #[test]
    fn real_unknowns_stay_unknown() -> TestResult {
        let r = Config::embedded()?.referentiel;
        for (list, typed) in UNKNOWN {
            assert!(
                matches!(resolve(&r, list, typed), ListMatch::Unknown(_)),
                "{typed}: {:?}",
                resolve(&r, list, typed)
            );
        }
        // The closest value is still suggested when there is one.
        assert_eq!(
            r.resolve_audience("Enfance"),
            ListMatch::Unknown(Some("Enfants (3-11 ans)"))
        );
        assert_eq!(r.resolve_domain("Culture"), ListMatch::Unknown(None));
        Ok(())
    }

    /// The thresholds sit between the examples: every near value scores
    /// above them, every unknown below (closest: « Jeunnesse » 0.889 and
    /// « Habitat » 0.875 by words; « Jeunes (12-17 ans) » 0.833 and
    /// « Jeunes (11-25 ans) » 0.667 by age range), and the smallest lead
    /// of a near value over the next value (0.222, « Familles ») is at least
    /// twice the margin.
    #[test]
    fn near_thresholds_are_measured() -> TestResult {
        let r = Config::embedded()?.referentiel;
        for (list, typed, _) in NEAR {
            let (score, by_ages, lead) = best(&r, list, typed);
            let threshold = if by_ages { NEAR_AGES } else { NEAR_WORDS };
            assert!(score >= threshold, "{typed}: {score}");
            assert!(lead >= 2.0 * NEAR_MARGIN, "{typed}: lead {lead}");
        }
        for (list, typed) in UNKNOWN {
            let (score, by_ages, _) = best(&r, list, typed);
            let threshold = if by_ages { NEAR_AGES } else { NEAR_WORDS };
            assert!(score < threshold, "{typed}: {score}");
        }
        Ok(())
    }
}
