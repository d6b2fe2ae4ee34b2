//! The plan broken down flat: one line per action and commune, per action
//! and public, per action and champ d'intervention, so that a pivot table
//! counts what multi-valued cells (« Enfance; Éducation ») hide. Each line
//! carries its share of the action (1 over the action's values), so that
//! budgets summed over a dimension add up to the plan's.
//!
//! A territory-wide action (« Toutes ») is one line, [`ALL_COMMUNES`]: spread
//! over every commune, it would make communes no action targets look
//! covered, and multiply the lines by the communes (past a sheet's
//! 1,048,576 rows at a thousand partners).

use std::collections::{HashMap, HashSet};

use super::{Entry, Plan, total};
use crate::model::Communes;

/// What a line breaks an action down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    /// Communes concernées.
    Commune,
    /// Public cible.
    Audience,
    /// Champ d'intervention.
    Domain,
}

/// The value of the line of a territory-wide action.
pub const ALL_COMMUNES: &str = "Toutes les communes";

impl Dimension {
    /// Every dimension, in the order of the breakdown sheet.
    pub const ALL: [Dimension; 3] = [Dimension::Commune, Dimension::Audience, Dimension::Domain];

    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            Dimension::Commune => "Commune",
            Dimension::Audience => "Public cible",
            Dimension::Domain => "Champ d'intervention",
        }
    }

    /// The value of a line for an action that gives none.
    pub fn not_given(self) -> &'static str {
        match self {
            Dimension::Commune => "(non renseignée)",
            Dimension::Audience | Dimension::Domain => "(non renseigné)",
        }
    }
}

/// How a line's value comes from its action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The action names it.
    Named,
    /// A territory-wide action (« Toutes »): [`ALL_COMMUNES`].
    Territory,
    /// The action gives no value.
    NotGiven,
}

impl Scope {
    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            Scope::Named => "nommée par l'action",
            Scope::Territory => "tout le territoire",
            Scope::NotGiven => "non renseignée",
        }
    }
}

/// One line of the breakdown.
#[derive(Debug, Clone)]
pub struct Line<'p, 'a> {
    /// The action.
    pub entry: &'p Entry<'a>,
    /// What it breaks the action down by.
    pub dimension: Dimension,
    /// The commune, public or champ.
    pub value: String,
    /// Where the value comes from.
    pub scope: Scope,
    /// Its share of the action: 1 over the number of the action's lines
    /// in this dimension.
    pub share: f64,
}

/// The totals of one value of a dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    /// The commune, public or champ.
    pub value: String,
    /// The actions it is a value of.
    pub actions: usize,
    /// The budget shares of its lines, €.
    pub budget: f64,
}

impl<'a> Plan<'a> {
    /// Every line of the breakdown: actions by number, then dimension.
    pub fn breakdown(&self) -> Vec<Line<'_, 'a>> {
        let mut lines = Vec::new();
        for e in &self.entries {
            for dimension in Dimension::ALL {
                let (values, scope): (Vec<String>, Scope) = match dimension {
                    Dimension::Commune => match e.communes() {
                        Communes::All => (vec![ALL_COMMUNES.to_owned()], Scope::Territory),
                        Communes::Some(names) => (names, Scope::Named),
                        Communes::Unspecified => (Vec::new(), Scope::NotGiven),
                    },
                    Dimension::Audience => (e.action.audiences.clone(), Scope::Named),
                    Dimension::Domain => (e.action.domains.clone(), Scope::Named),
                };
                let (values, scope) = if values.is_empty() {
                    (vec![dimension.not_given().to_owned()], Scope::NotGiven)
                } else {
                    (values, scope)
                };
                let share = 1.0 / values.len() as f64;
                lines.extend(values.into_iter().map(|value| Line {
                    entry: e,
                    dimension,
                    value,
                    scope,
                    share,
                }));
            }
        }
        lines
    }

    /// The totals of each value of `dimension`: the référentiel's values in
    /// order, then any other, then territory-wide actions, then actions
    /// without value; values no action has are left out.
    pub fn tallies(&self, dimension: Dimension) -> Vec<Tally> {
        let r = self.referentiel;
        let mut values: Vec<String> = match dimension {
            Dimension::Commune => r.communes.iter().map(|c| c.name.clone()).collect(),
            Dimension::Audience => r.audiences.clone(),
            Dimension::Domain => r.domains.clone(),
        };
        let known: HashSet<String> = values.iter().cloned().collect();
        // Each value's budget shares, in the lines' order (one pass).
        let mut shares: HashMap<String, Vec<f64>> = HashMap::new();
        let mut others: Vec<String> = Vec::new();
        for l in self.breakdown() {
            if l.dimension != dimension {
                continue;
            }
            if l.scope == Scope::Named && !known.contains(&l.value) {
                others.push(l.value.clone());
            }
            let share = l.entry.action.budget.unwrap_or(0.0) * l.share;
            shares.entry(l.value).or_default().push(share);
        }
        others.sort();
        others.dedup();
        values.extend(others);
        if dimension == Dimension::Commune {
            values.push(ALL_COMMUNES.to_owned());
        }
        values.push(dimension.not_given().to_owned());
        values
            .into_iter()
            .filter_map(|value| {
                let of = shares.get(&value)?;
                Some(Tally {
                    actions: of.len(),
                    budget: total(of.iter().copied()),
                    value,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::StatusRead;
    use super::super::tests::{action, config, day};
    use super::*;
    use crate::model::Action;
    use crate::referentiel::StatusKind;

    #[test]
    fn one_line_per_action_and_value_adding_up_to_the_plan() {
        let c = config();
        let r = &c.referentiel;
        let d = (day(2024, 1, 1), day(2026, 12, 31));
        let some = |names: &[&str]| Communes::Some(names.iter().map(|n| (*n).to_owned()).collect());
        let base = |n: &str, communes| {
            action(
                n,
                "1.1.1",
                Some(StatusKind::InProgress),
                d,
                40.0,
                2_100.0,
                0.0,
                communes,
            )
        };
        let actions = [
            Action {
                domains: vec!["Enfance".to_owned(), "Éducation".to_owned()],
                audiences: vec!["Familles / Parents".to_owned()],
                ..base("A-001", some(&["Lavaur", "Teulat"]))
            },
            Action {
                domains: vec!["Jeunesse".to_owned()],
                ..base("A-002", Communes::All)
            },
            base("A-003", Communes::Unspecified),
        ];
        let plan = Plan::new(
            r,
            day(2026, 11, 29),
            actions
                .iter()
                .map(|a| ("A", a, StatusRead::Known(StatusKind::InProgress))),
        );
        let lines = plan.breakdown();
        // 2 communes + 1 public + 2 champs; A-002: the whole
        // territory + 1 public not given + 1 champ; A-003: 1 + 1 + 1,
        // nothing given.
        assert_eq!(lines.len(), 5 + 3 + 3);
        for dimension in Dimension::ALL {
            let budget = total(
                lines
                    .iter()
                    .filter(|l| l.dimension == dimension)
                    .map(|l| l.entry.action.budget.unwrap_or(0.0) * l.share),
            );
            assert!((budget - 6_300.0).abs() < 1e-6, "{dimension:?}: {budget}");
        }
        let communes = plan.tallies(Dimension::Commune);
        let budget_of = |value: &str| {
            communes
                .iter()
                .find(|t| t.value == value)
                .map(|t| (t.actions, t.budget))
        };
        // Lavaur: only the action that names it, with half its budget.
        assert_eq!(budget_of("Lavaur"), Some((1, 1_050.0)));
        assert_eq!(budget_of(ALL_COMMUNES), Some((1, 2_100.0)));
        let order: Vec<&str> = communes.iter().map(|t| t.value.as_str()).collect();
        assert_eq!(
            order,
            ["Lavaur", "Teulat", ALL_COMMUNES, "(non renseignée)"]
        );
        let domains: Vec<String> = plan
            .tallies(Dimension::Domain)
            .into_iter()
            .map(|t| t.value)
            .collect();
        assert_eq!(
            domains,
            ["Enfance", "Jeunesse", "Éducation", "(non renseigné)"]
        );
    }
}
