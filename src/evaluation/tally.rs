//! The figures of the *Évaluation* sheet and of the status page: per
//! objective, orientation, axe and for the whole CTG, how many actions and
//! indicators, and year by year how many results, their median
//! achievement and how many reach each band; planned budget and spending.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::achievement::{Band, achievement, median};
use crate::consolidate::Consolidation;
use crate::model::{Action, Indicator, IndicatorNature};
use crate::referentiel::Referentiel;

/// One year of a [`Tally`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct YearTally {
    /// Indicators with a result for the year (numbers or words).
    pub with_result: usize,
    /// The achievements that can be measured.
    pub rates: Vec<f64>,
}

impl YearTally {
    /// Median achievement.
    pub fn median(&self) -> Option<f64> {
        median(&self.rates)
    }

    /// How many achievements fall in `band`.
    pub fn in_band(&self, band: Band) -> usize {
        self.rates.iter().filter(|r| Band::of(**r) == band).count()
    }
}

/// The figures of one row of the *Évaluation* sheet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    /// Actions.
    pub actions: usize,
    /// Actions with at least one indicator.
    pub with_indicator: usize,
    /// Indicators.
    pub indicators: usize,
    /// Result indicators.
    pub result_indicators: usize,
    /// Means indicators.
    pub means_indicators: usize,
    /// Indicators without a baseline.
    pub without_baseline: usize,
    /// Year by year, every year of the convention.
    pub years: BTreeMap<i32, YearTally>,
    /// Budget prévisionnel of the actions, €.
    pub budget: f64,
    /// Dépenses réalisées per year, € (years without any spending absent).
    pub spending: BTreeMap<i32, f64>,
}

impl Tally {
    fn add(&mut self, a: &Action, indicators: &[&Indicator], years: &[i32], today: NaiveDate) {
        self.actions += 1;
        self.with_indicator += usize::from(!indicators.is_empty());
        self.budget += a.budget.unwrap_or(0.0);
        for (y, amount) in &a.spending {
            *self.spending.entry(*y).or_insert(0.0) += amount;
        }
        for i in indicators {
            self.indicators += 1;
            match i.nature {
                Some(IndicatorNature::Result) => self.result_indicators += 1,
                Some(IndicatorNature::Means) => self.means_indicators += 1,
                None => {}
            }
            self.without_baseline += usize::from(i.baseline.is_none());
            for y in years {
                let year = self.years.entry(*y).or_default();
                year.with_result += usize::from(i.results.contains_key(y));
                year.rates.extend(achievement(i, *y, today).map(|a| a.rate));
            }
        }
    }

    /// Total spending over the years, € (`None` when none was given).
    pub fn spent(&self) -> Option<f64> {
        (!self.spending.is_empty()).then(|| self.spending.values().sum())
    }
}

/// An indicator without a baseline, for the list under the sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct NoBaseline {
    /// Objective code.
    pub objective: String,
    /// Partner code.
    pub partner: String,
    /// Action number.
    pub action: String,
    /// Indicator name.
    pub indicator: String,
}

/// Every tally of a consolidation.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// The years of the convention.
    pub years: Vec<i32>,
    /// The year not over yet on the day of the consolidation, if it is one
    /// of the convention's.
    pub current_year: Option<i32>,
    /// By objective code.
    pub objectives: BTreeMap<String, Tally>,
    /// By orientation code.
    pub orientations: BTreeMap<String, Tally>,
    /// By axe code.
    pub axes: BTreeMap<String, Tally>,
    /// The whole plan, actions whose objective is not in the référentiel
    /// included.
    pub total: Tally,
    /// Indicators without a baseline, by objective then action.
    pub without_baseline: Vec<NoBaseline>,
}

impl Evaluation {
    /// The tallies of a consolidation.
    pub fn of(c: &Consolidation, r: &Referentiel) -> Evaluation {
        let today = c.generated_at.date();
        let years: Vec<i32> = r.convention.years().collect();
        let mut e = Evaluation {
            current_year: years
                .iter()
                .copied()
                .find(|y| *y == chrono::Datelike::year(&today)),
            years,
            objectives: BTreeMap::new(),
            orientations: BTreeMap::new(),
            axes: BTreeMap::new(),
            total: Tally::default(),
            without_baseline: Vec::new(),
        };
        // Indicators by partner and action, looked up once per action.
        let mut by_action: BTreeMap<(&str, &str), Vec<&Indicator>> = BTreeMap::new();
        for (p, i) in c.indicators() {
            by_action
                .entry((p.code.as_str(), i.action.as_str()))
                .or_default()
                .push(i);
        }
        // An action carried by several partners is one action, its lead's
        // budget, measured by every partner's indicators.
        for (p, a) in c.counted_actions() {
            // (partner, action number, indicator) of every row.
            let mut by_row: Vec<(&str, &str, &Indicator)> = Vec::new();
            for (q, row) in c.rows_of(p, a) {
                let of_row = by_action.remove(&(q.code.as_str(), row.number.as_str()));
                by_row.extend(
                    of_row
                        .into_iter()
                        .flatten()
                        .map(|i| (q.code.as_str(), row.number.as_str(), i)),
                );
            }
            let measured: Vec<&Indicator> = by_row.iter().map(|(_, _, i)| *i).collect();
            e.total.add(a, &measured, &e.years, today);
            let Some(o) = r.objective(&a.objective) else {
                continue;
            };
            for (level, code) in [
                (&mut e.objectives, o.code.as_str()),
                (&mut e.orientations, o.orientation_code()),
                (&mut e.axes, o.axis_code()),
            ] {
                level
                    .entry(code.to_owned())
                    .or_default()
                    .add(a, &measured, &e.years, today);
            }
            e.without_baseline
                .extend(by_row.iter().filter(|(_, _, i)| i.baseline.is_none()).map(
                    |(partner, action, i)| NoBaseline {
                        objective: o.code.clone(),
                        partner: (*partner).to_owned(),
                        action: (*action).to_owned(),
                        indicator: i.name.clone(),
                    },
                ));
        }
        e.without_baseline
            .sort_by(|a, b| (&a.objective, &a.action).cmp(&(&b.objective, &b.action)));
        e
    }
}
