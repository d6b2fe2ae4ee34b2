//! The plan at a glance, on the status page: actions per axe and statut,
//! budget per financer, coverage of objectives × communes (an action
//! carried by several partners counted once), and the committee's avis.
//! Charts are inline SVG (`charts`); each one's rows use short labels
//! (« Axe 1 ») with the full labels listed beside it.

use maud::{Markup, html};

use super::charts::{self, BarChart, HeatMap, Layout};
use crate::consolidate::Consolidation;
use crate::referentiel::{Referentiel, StatusKind};
use crate::text::euros;

/// A count as written on a bar.
fn whole(n: f64) -> String {
    format!("{n:.0}")
}

/// The axis code of an objective code (« 1.2.3 » → « 1 »).
fn axis_code(objective: &str) -> &str {
    objective.split('.').next().unwrap_or(objective)
}

/// Actions per axe, one bar each, split by statut.
fn by_axis_and_status(c: &Consolidation, r: &Referentiel) -> BarChart {
    let mut series: Vec<(String, Option<StatusKind>)> = r
        .statuses
        .iter()
        .map(|s| (s.label.clone(), Some(s.kind)))
        .collect();
    series.push(("Non renseigné".to_owned(), None));
    let actions = c.counted_actions();
    let rows = r
        .axes
        .iter()
        .map(|axis| {
            let values = series
                .iter()
                .map(|(_, kind)| {
                    actions
                        .iter()
                        .filter(|(_, a)| {
                            a.status == *kind
                                && r.objective(&a.objective)
                                    .is_some_and(|o| axis_code(&o.code) == axis.code)
                        })
                        .count() as f64
                })
                .collect();
            (format!("Axe {}", axis.code), values)
        })
        .collect();
    BarChart {
        title: "Actions par axe et par statut".to_owned(),
        series: series.into_iter().map(|(label, _)| label).collect(),
        rows,
        layout: Layout::Stacked,
        format: whole,
    }
}

/// Planned funding per financer.
fn budget_by_funder(c: &Consolidation, r: &Referentiel) -> BarChart {
    let actions = c.counted_actions();
    let rows = r
        .funders
        .iter()
        .map(|f| {
            let amount = actions
                .iter()
                .filter_map(|(_, a)| a.funding.get(&f.code))
                .fold(0.0, |sum, x| sum + x);
            (f.label.clone(), vec![amount])
        })
        .collect();
    BarChart {
        title: "Financements prévus par financeur".to_owned(),
        series: vec!["Montant".to_owned()],
        rows,
        layout: Layout::Stacked,
        format: euros,
    }
}

/// How many actions of each objective touch each commune.
fn coverage(c: &Consolidation, r: &Referentiel) -> HeatMap {
    let actions = c.counted_actions();
    HeatMap {
        title: "Couverture : actions par objectif et par commune".to_owned(),
        columns: r.communes.iter().map(|m| m.name.clone()).collect(),
        rows: r
            .objectives
            .iter()
            .map(|o| {
                // A joint action touches the communes of all its rows.
                let of: Vec<_> = actions
                    .iter()
                    .filter(|(_, a)| a.objective == o.code)
                    .map(|(p, a)| c.rows_of(p, a))
                    .collect();
                let counts = r
                    .communes
                    .iter()
                    .map(|m| {
                        of.iter()
                            .filter(|rows| rows.iter().any(|(_, a)| a.communes.covers(&m.name)))
                            .count() as u32
                    })
                    .collect();
                (format!("{} {}", o.code, o.label), counts)
            })
            .collect(),
    }
}

/// The charts of the status page, with the full labels of the axes.
pub fn charts(c: &Consolidation, r: &Referentiel) -> Markup {
    html! {
        h2 { "Le plan d'actions en graphiques" }
        (charts::bars(&by_axis_and_status(c, r)))
        ul.hint {
            @for axis in &r.axes {
                li { "Axe " (axis.code) " : " (axis.label) }
            }
        }
        (charts::bars(&budget_by_funder(c, r)))
        (charts::heat_map(&coverage(c, r)))
        p.hint {
            "Chaque case compte les actions de l'objectif qui touchent la commune (les actions « Toutes » comptent pour chaque commune) ; "
            "un point marque une commune qu'aucune action de l'objectif ne touche."
        }
    }
}

/// The committee's avis: how many actions got each one.
pub fn verdicts(c: &Consolidation, r: &Referentiel) -> Markup {
    let actions = c.actions();
    let standing = &c.committee.standing;
    let with = |v: &str| {
        actions
            .iter()
            .filter(|(_, a)| standing.get(&a.number).is_some_and(|d| d.verdict == v))
            .count()
    };
    let without = actions
        .iter()
        .filter(|(_, a)| !standing.contains_key(&a.number))
        .count();
    let mut meetings: Vec<String> = standing.values().map(|d| d.meeting_title()).collect();
    meetings.sort();
    meetings.dedup();
    html! {
        h2 { "Avis du comité" }
        @if standing.is_empty() {
            p {
                "Aucun avis de comité n'est encore enregistré. Après un COPIL, préparez le classeur des avis avec "
                "« ctg avis --instance COPIL --date AAAA-MM-JJ », remplissez-le, puis consolidez."
            }
        } @else {
            p { "Avis en vigueur, rendus par : " (meetings.join(", ")) "." }
            div.table-wrap { table {
                thead { tr {
                    th scope="col" { "Avis" }
                    th scope="col" class="num" { "Actions" }
                } }
                tbody {
                    @for v in &r.verdicts {
                        tr { td { (v) } td.num { (with(v)) } }
                    }
                    tr { td { "Sans avis" } td.num { (without) } }
                }
            } }
        }
    }
}
