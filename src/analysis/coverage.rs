//! The coverage of the CTG, its « zones d'ombre », as it stands: only
//! actions under way or done cover (planned ones are counted apart), and an
//! action that names a commune is told apart from a territory-wide one
//! (« Toutes »), which covers every commune without targeting any.

use super::{Plan, StatusRead, total};
use crate::model::Communes;
use crate::referentiel::{Commune, Objective, StatusKind};

/// What an action's status makes of it, for coverage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// « En cours » or « Réalisée »: it covers.
    Active,
    /// « À venir », « Reportée », or a status still to say: it may cover.
    Pending,
    /// « Abandonnée »: it will not.
    Abandoned,
}

impl Reach {
    /// The reach of an action of this status.
    pub fn of(status: StatusRead) -> Reach {
        match status {
            StatusRead::Known(StatusKind::InProgress | StatusKind::Done) => Reach::Active,
            StatusRead::Known(StatusKind::Abandoned) => Reach::Abandoned,
            _ => Reach::Pending,
        }
    }
}

/// The coverage of one operational objective.
#[derive(Debug, Clone)]
pub struct ObjectiveCoverage<'r> {
    /// The objective.
    pub objective: &'r Objective,
    /// Its actions under way or done.
    pub active: usize,
    /// … of which those that name communes.
    pub active_named: usize,
    /// … of which territory-wide ones.
    pub active_territory: usize,
    /// Its actions planned, postponed or whose status is still to say.
    pub pending: usize,
    /// Its abandoned actions.
    pub abandoned: usize,
    /// The partners carrying its actions (abandoned ones aside), by code.
    pub partners: Vec<String>,
    /// The budget of its actions (abandoned ones aside), €.
    pub budget: f64,
    /// For each commune of the référentiel, in order: its actions under way
    /// or done that name it.
    pub per_commune: Vec<usize>,
}

/// The coverage of one commune.
#[derive(Debug, Clone)]
pub struct CommuneCoverage<'r> {
    /// The commune.
    pub commune: &'r Commune,
    /// Actions under way or done that name it.
    pub active_named: usize,
    /// Actions planned or postponed (or status to say) that name it.
    pub pending_named: usize,
    /// Actions under way or done for the whole territory, which cover it
    /// without targeting it.
    pub active_territory: usize,
}

impl<'a> Plan<'a> {
    /// The coverage of every objective, in référentiel order.
    pub fn coverage_by_objective(&self) -> Vec<ObjectiveCoverage<'a>> {
        let r = self.referentiel;
        r.objectives
            .iter()
            .map(|o| {
                let of: Vec<_> = self
                    .entries
                    .iter()
                    .filter(|e| e.action.objective == o.code)
                    .collect();
                let active: Vec<_> = of
                    .iter()
                    .filter(|e| Reach::of(e.status) == Reach::Active)
                    .collect();
                let kept: Vec<_> = of
                    .iter()
                    .filter(|e| Reach::of(e.status) != Reach::Abandoned)
                    .collect();
                let mut partners: Vec<String> = kept
                    .iter()
                    .flat_map(|e| e.partners())
                    .map(str::to_owned)
                    .collect();
                partners.sort_unstable();
                partners.dedup();
                ObjectiveCoverage {
                    objective: o,
                    active: active.len(),
                    active_named: active
                        .iter()
                        .filter(|e| matches!(e.communes(), Communes::Some(_)))
                        .count(),
                    active_territory: active
                        .iter()
                        .filter(|e| e.communes() == Communes::All)
                        .count(),
                    pending: of
                        .iter()
                        .filter(|e| Reach::of(e.status) == Reach::Pending)
                        .count(),
                    abandoned: of.len() - kept.len(),
                    partners,
                    budget: total(kept.iter().filter_map(|e| e.action.budget)),
                    per_commune: r
                        .communes
                        .iter()
                        .map(|c| active.iter().filter(|e| names(&e.communes(), c)).count())
                        .collect(),
                }
            })
            .collect()
    }

    /// The coverage of every commune, in référentiel order.
    pub fn coverage_by_commune(&self) -> Vec<CommuneCoverage<'a>> {
        let active_territory = self
            .entries
            .iter()
            .filter(|e| Reach::of(e.status) == Reach::Active && e.communes() == Communes::All)
            .count();
        self.referentiel
            .communes
            .iter()
            .map(|c| {
                let named = |reach: Reach| {
                    self.entries
                        .iter()
                        .filter(|e| Reach::of(e.status) == reach && names(&e.communes(), c))
                        .count()
                };
                CommuneCoverage {
                    commune: c,
                    active_named: named(Reach::Active),
                    pending_named: named(Reach::Pending),
                    active_territory,
                }
            })
            .collect()
    }

    /// The communes no action under way or done names, those no action
    /// names at all first, then by how few planned ones do (référentiel
    /// order among equals).
    pub fn communes_without_targeted_action(&self) -> Vec<CommuneCoverage<'a>> {
        let mut list: Vec<CommuneCoverage> = self
            .coverage_by_commune()
            .into_iter()
            .filter(|c| c.active_named == 0)
            .collect();
        list.sort_by_key(|c| c.pending_named);
        list
    }

    /// The objectives without an action under way or done, those without
    /// any action first, then by how few planned ones they have
    /// (référentiel order among equals).
    pub fn objectives_without_running_action(&self) -> Vec<ObjectiveCoverage<'a>> {
        let mut list: Vec<ObjectiveCoverage> = self
            .coverage_by_objective()
            .into_iter()
            .filter(|o| o.active == 0)
            .collect();
        list.sort_by_key(|o| o.pending);
        list
    }
}

/// True when `communes` names `c` (a territory-wide action names none).
fn names(communes: &Communes, c: &Commune) -> bool {
    matches!(communes, Communes::Some(_)) && communes.covers(&c.name)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{action, config, day};
    use super::*;
    use crate::model::Action;

    #[test]
    fn targeted_and_territory_wide_actions_are_counted_apart() {
        use StatusKind::*;
        let c = config();
        let r = &c.referentiel;
        let d = (day(2024, 1, 1), day(2027, 12, 31));
        let some = |names: &[&str]| Communes::Some(names.iter().map(|n| (*n).to_owned()).collect());
        let actions: Vec<Action> = vec![
            action(
                "A-001",
                "1.1.1",
                Some(InProgress),
                d,
                40.0,
                1_000.0,
                0.0,
                some(&["Lavaur"]),
            ),
            action(
                "A-002",
                "1.1.1",
                Some(Done),
                d,
                100.0,
                1_000.0,
                0.0,
                Communes::All,
            ),
            action(
                "A-003",
                "1.1.1",
                Some(Planned),
                d,
                0.0,
                1_000.0,
                0.0,
                some(&["Teulat"]),
            ),
            action(
                "A-004",
                "2.2.3",
                Some(Planned),
                d,
                0.0,
                1_000.0,
                0.0,
                Communes::All,
            ),
            action(
                "A-005",
                "2.2.3",
                Some(Abandoned),
                d,
                0.0,
                1_000.0,
                0.0,
                some(&["Lavaur"]),
            ),
        ];
        let plan = Plan::new(
            r,
            day(2026, 11, 29),
            actions
                .iter()
                .map(|a| ("A", a, StatusRead::Known(a.status.unwrap_or(Planned)))),
        );
        let objectives = plan.coverage_by_objective();
        let o = |code: &str| {
            objectives
                .iter()
                .find(|o| o.objective.code == code)
                .ok_or(code.to_owned())
        };
        let first = o("1.1.1").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (
                first.active,
                first.active_named,
                first.active_territory,
                first.pending
            ),
            (2, 1, 1, 1)
        );
        let lavaur = r
            .communes
            .iter()
            .position(|c| c.name == "Lavaur")
            .unwrap_or(usize::MAX);
        let teulat = r
            .communes
            .iter()
            .position(|c| c.name == "Teulat")
            .unwrap_or(usize::MAX);
        // The grid counts what names the commune and runs: not « Toutes »,
        // not a planned action.
        assert_eq!(first.per_commune.get(lavaur), Some(&1));
        assert_eq!(first.per_commune.get(teulat), Some(&0));
        let second = o("2.2.3").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((second.active, second.pending, second.abandoned), (0, 1, 1));
        assert_eq!(
            second.budget, 1_000.0,
            "the abandoned action's budget is left out"
        );

        let communes = plan.coverage_by_commune();
        let of = |name: &str| {
            communes
                .iter()
                .find(|c| c.commune.name == name)
                .map(|c| (c.active_named, c.pending_named, c.active_territory))
        };
        assert_eq!(of("Lavaur"), Some((1, 0, 1)));
        assert_eq!(of("Teulat"), Some((0, 1, 1)));
        assert_eq!(of("Belcastel"), Some((0, 0, 1)));

        // Ranked: communes without any targeted action first.
        let without: Vec<&str> = plan
            .communes_without_targeted_action()
            .iter()
            .map(|c| c.commune.name.as_str())
            .collect();
        assert_eq!(without.len(), r.communes.len() - 1);
        assert_eq!(without.last(), Some(&"Teulat"));
        assert!(!without.contains(&"Lavaur"));
        let objectives: Vec<&str> = plan
            .objectives_without_running_action()
            .iter()
            .map(|o| o.objective.code.as_str())
            .collect();
        assert_eq!(objectives.len(), r.objectives.len() - 1);
        assert_eq!(objectives.last(), Some(&"2.2.3"));
    }
}
