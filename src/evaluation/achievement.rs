//! The « Taux d'atteinte » of an indicator, measured the way evaluators
//! measure it: the progress made from the baseline towards the target,
//! (réalisé − départ) ÷ (cible − départ). The same formula serves a target
//! below the baseline (a number to bring down). Without a baseline, the
//! rate falls back to réalisé ÷ cible, and says so.
//!
//! The one definition every output uses: *Indicateurs*, *Évaluation*, the
//! status page, the campaign and the fiches.

use chrono::{Datelike, NaiveDate};

use crate::model::{Indicator, IndicatorValue, TargetHorizon};

/// How a rate was measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// (réalisé − départ) ÷ (cible − départ).
    FromBaseline,
    /// réalisé ÷ cible: the indicator has no numeric baseline.
    WithoutBaseline,
    /// réalisé ÷ cible: the target equals the baseline (a level to keep),
    /// so there is no way to go from one to the other.
    TargetIsBaseline,
}

/// Where a rate stands, in the three bands the *Évaluation* sheet counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Band {
    /// Target reached: 100 % or more.
    Reached,
    /// Half the way or more: 50 to 99 %.
    Halfway,
    /// Less than half the way, or going backwards: below 50 %.
    Behind,
}

impl Band {
    /// The three bands, best first.
    pub const ALL: [Band; 3] = [Band::Reached, Band::Halfway, Band::Behind];

    /// The band of a rate (1.0 is 100 %).
    pub fn of(rate: f64) -> Band {
        if rate >= 1.0 {
            Band::Reached
        } else if rate >= 0.5 {
            Band::Halfway
        } else {
            Band::Behind
        }
    }

    /// French label, as in the headers of the *Évaluation* sheet.
    pub fn label(self) -> &'static str {
        match self {
            Band::Reached => "≥ 100 %",
            Band::Halfway => "50 à 99 %",
            Band::Behind => "< 50 %",
        }
    }
}

/// The achievement of an indicator in one year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Achievement {
    /// The year of the result.
    pub year: i32,
    /// The rate: 1.0 is the target reached, 0.0 the baseline, below 0 a
    /// step backwards.
    pub rate: f64,
    /// How it was measured.
    pub basis: Basis,
    /// When the target is due (an empty horizon means the end of the CTG).
    pub horizon: TargetHorizon,
    /// True for a result of a year not over yet: a partial figure.
    pub partial: bool,
}

impl Achievement {
    /// Its band.
    pub fn band(&self) -> Band {
        Band::of(self.rate)
    }

    /// What a reader must know to read the rate right, in French, for a
    /// cell's note: the fallback without a baseline, a target equal to
    /// the baseline, a partial year. `None` when the rate is the plain one.
    pub fn note(&self) -> Option<String> {
        let mut parts = Vec::new();
        match self.basis {
            Basis::FromBaseline => {}
            Basis::WithoutBaseline => parts.push(
                "Sans valeur de départ chiffrée, ce taux est calculé comme réalisé ÷ cible : il ne mesure pas le chemin parcouru. Demandez la valeur de départ au partenaire.".to_owned(),
            ),
            Basis::TargetIsBaseline => parts.push(
                "La cible est égale à la valeur de départ (un niveau à maintenir) : ce taux est calculé comme réalisé ÷ cible.".to_owned(),
            ),
        }
        if self.partial {
            parts.push(format!(
                "Année {} en cours : résultat partiel, à compléter en fin d'année.",
                self.year
            ));
        }
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// The number of a value, when it is one.
fn number(v: Option<&IndicatorValue>) -> Option<f64> {
    v.and_then(IndicatorValue::as_number)
}

/// The achievement of indicator `i` in `year`, on `today` (which tells a
/// partial year). `None` when it cannot be measured: no numeric result or
/// target, or a target of zero with nothing to measure from.
pub fn achievement(i: &Indicator, year: i32, today: NaiveDate) -> Option<Achievement> {
    let result = number(i.results.get(&year))?;
    let target = number(i.target.as_ref())?;
    let (rate, basis) = match number(i.baseline.as_ref()) {
        Some(baseline) if baseline != target => (
            (result - baseline) / (target - baseline),
            Basis::FromBaseline,
        ),
        Some(_) if target != 0.0 => (result / target, Basis::TargetIsBaseline),
        None if target != 0.0 => (result / target, Basis::WithoutBaseline),
        _ => return None,
    };
    Some(Achievement {
        year,
        rate,
        basis,
        horizon: i.horizon.unwrap_or(TargetHorizon::EndOfConvention),
        partial: year >= today.year(),
    })
}

/// How the overall rate of an indicator was made.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Overall {
    /// An annual target: the mean of the yearly rates of the years over
    /// (the partial year only when no year is over), and how many years.
    Mean {
        /// The mean.
        rate: f64,
        /// Years averaged.
        years: usize,
        /// True when the only year is the current one.
        partial: bool,
    },
    /// An end-of-CTG target: the progress reached so far, from the latest
    /// result.
    SoFar(Achievement),
}

impl Overall {
    /// The rate.
    pub fn rate(&self) -> f64 {
        match self {
            Overall::Mean { rate, .. } => *rate,
            Overall::SoFar(a) => a.rate,
        }
    }

    /// What a reader must know to read the overall rate, in French, for a
    /// cell's note: how it was made when it rests on a fallback or on a
    /// partial year; `None` for the plain case, which [`OVERALL_RULE`]
    /// explains once for the column.
    pub fn note(&self, yearly: &[Achievement]) -> Option<String> {
        let fallback = yearly
            .iter()
            .filter_map(|a| match a.basis {
                Basis::FromBaseline => None,
                _ => a.note(),
            })
            .next();
        let (what, partial) = match self {
            Overall::Mean { years, partial, .. } => (
                format!(
                    "Cible annuelle : moyenne des taux d'atteinte de {}.",
                    if *partial {
                        "l'année en cours, partielle".to_owned()
                    } else {
                        crate::text::count(*years, "année écoulée", "années écoulées")
                    }
                ),
                *partial,
            ),
            Overall::SoFar(a) => (
                format!(
                    "Cible de fin de CTG : progression obtenue au dernier résultat connu ({}){}.",
                    a.year,
                    if a.partial { ", partiel" } else { "" }
                ),
                a.partial,
            ),
        };
        match fallback {
            Some(f) => Some(format!("{what} {f}")),
            None => partial.then_some(what),
        }
    }
}

/// How the overall rate of an indicator is made, for the note on its
/// column's header.
pub const OVERALL_RULE: &str = "Taux d'atteinte global. Cible annuelle : moyenne des taux d'atteinte des années écoulées. Cible de fin de CTG (ou horizon non précisé) : progression obtenue au dernier résultat connu.";

/// The yearly achievements of `i` over `years`, in order.
pub fn yearly(
    i: &Indicator,
    years: impl IntoIterator<Item = i32>,
    today: NaiveDate,
) -> Vec<Achievement> {
    years
        .into_iter()
        .filter_map(|y| achievement(i, y, today))
        .collect()
}

/// The overall achievement of an indicator from its yearly ones: an annual
/// target is judged every year (the mean of the years over), an
/// end-of-CTG target by the progress reached so far (the latest result).
pub fn overall(i: &Indicator, yearly: &[Achievement]) -> Option<Overall> {
    match i.horizon.unwrap_or(TargetHorizon::EndOfConvention) {
        TargetHorizon::EndOfConvention => yearly.last().copied().map(Overall::SoFar),
        TargetHorizon::Annual => {
            let over: Vec<f64> = yearly
                .iter()
                .filter(|a| !a.partial)
                .map(|a| a.rate)
                .collect();
            let (rates, partial) = if over.is_empty() {
                (yearly.iter().map(|a| a.rate).collect(), true)
            } else {
                (over, false)
            };
            (!rates.is_empty()).then(|| Overall::Mean {
                rate: rates.iter().sum::<f64>() / rates.len() as f64,
                years: rates.len(),
                partial,
            })
        }
    }
}

/// The median of `rates` (the mean of the two middle ones for an even
/// count); `None` for none.
pub fn median(rates: &[f64]) -> Option<f64> {
    let mut sorted: Vec<f64> = rates.iter().copied().filter(|r| r.is_finite()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    Some(if sorted.len().is_multiple_of(2) {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    } else {
        sorted[mid]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indicator(baseline: Option<f64>, target: f64, results: &[(i32, f64)]) -> Indicator {
        Indicator {
            baseline: baseline.map(IndicatorValue::Number),
            target: Some(IndicatorValue::Number(target)),
            results: results
                .iter()
                .map(|(y, v)| (*y, IndicatorValue::Number(*v)))
                .collect(),
            ..Indicator::default()
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn progress_is_measured_from_the_baseline() {
        let today = day(2025, 2, 1);
        // RPE-001: 142 → 150, 136 reached: six steps back of the eight to go.
        let rpe = indicator(Some(142.0), 150.0, &[(2024, 136.0)]);
        let a = achievement(&rpe, 2024, today).unwrap_or_else(|| panic!("measured"));
        assert!(close(a.rate, -0.75), "{}", a.rate);
        assert_eq!(
            (a.basis, a.band(), a.partial),
            (Basis::FromBaseline, Band::Behind, false)
        );
        assert_eq!(a.note(), None);
        // ALSH-006: 9 % → 15 %, 12 % reached: half the way.
        let alsh = indicator(Some(9.0), 15.0, &[(2024, 12.0)]);
        let a = achievement(&alsh, 2024, today).unwrap_or_else(|| panic!("measured"));
        assert!(close(a.rate, 0.5));
        assert_eq!(a.band(), Band::Halfway);
    }

    #[test]
    fn a_target_below_the_baseline_uses_the_same_formula() {
        // 30 → 20: 25 is half the way, 18 beyond the target, 32 backwards.
        let today = day(2025, 2, 1);
        let rate = |r: f64| {
            achievement(&indicator(Some(30.0), 20.0, &[(2024, r)]), 2024, today).map(|a| a.rate)
        };
        assert!(rate(25.0).is_some_and(|r| close(r, 0.5)));
        assert!(rate(18.0).is_some_and(|r| close(r, 1.2)));
        assert!(rate(32.0).is_some_and(|r| close(r, -0.2)));
    }

    #[test]
    fn without_a_baseline_the_rate_falls_back_and_says_so() {
        let a = achievement(
            &indicator(None, 150.0, &[(2024, 120.0)]),
            2024,
            day(2025, 1, 1),
        )
        .unwrap_or_else(|| panic!("measured"));
        assert!(close(a.rate, 0.8));
        assert_eq!(a.basis, Basis::WithoutBaseline);
        assert!(a.note().is_some_and(|n| n.contains("réalisé ÷ cible")));
        // A target equal to the baseline: a level to keep.
        let keep = achievement(
            &indicator(Some(10.0), 10.0, &[(2024, 9.0)]),
            2024,
            day(2025, 1, 1),
        )
        .unwrap_or_else(|| panic!("measured"));
        assert!(close(keep.rate, 0.9));
        assert_eq!(keep.basis, Basis::TargetIsBaseline);
        // Nothing to measure: no result, a zero target without baseline, text.
        assert_eq!(
            achievement(&indicator(None, 0.0, &[(2024, 3.0)]), 2024, day(2025, 1, 1)),
            None
        );
        assert_eq!(
            achievement(&indicator(Some(1.0), 5.0, &[]), 2024, day(2025, 1, 1)),
            None
        );
    }

    #[test]
    fn the_current_year_is_partial() {
        let i = indicator(Some(0.0), 10.0, &[(2024, 5.0)]);
        let a = achievement(&i, 2024, day(2024, 6, 15)).unwrap_or_else(|| panic!("measured"));
        assert!(a.partial);
        assert!(a.note().is_some_and(|n| n.contains("partiel")));
    }

    #[test]
    fn annual_and_end_of_ctg_targets_are_summed_up_differently() {
        let today = day(2025, 6, 1);
        let mut i = indicator(
            Some(0.0),
            80.0,
            &[(2023, 60.0), (2024, 100.0), (2025, 20.0)],
        );
        let years = 2023..=2026;
        // End of CTG: the progress so far is the latest result's, partial.
        let so_far = overall(&i, &yearly(&i, years.clone(), today));
        assert!(matches!(so_far, Some(Overall::SoFar(a)) if close(a.rate, 0.25) && a.partial));
        // Annual: 75 % and 125 %, the partial 2025 left out: 100 %.
        i.horizon = Some(TargetHorizon::Annual);
        let by_year = yearly(&i, years, today);
        let mean = overall(&i, &by_year);
        assert!(
            matches!(mean, Some(Overall::Mean { rate, years: 2, partial: false }) if close(rate, 1.0))
        );
        // The plain case needs no note of its own; a partial year does.
        assert_eq!(mean.and_then(|m| m.note(&by_year)), None);
        let partial = so_far.and_then(|o| o.note(&yearly(&i, 2023..=2026, today)));
        assert!(partial.is_some_and(|n| n.contains("partiel")));
    }

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[0.2, 0.9, 0.5]), Some(0.5));
        assert_eq!(median(&[1.0, -0.75, 0.5, 0.25]), Some(0.375));
    }
}
