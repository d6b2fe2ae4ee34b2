//! The plan at a glance, on the status page: actions per axe and statut,
//! budget per financer, coverage of objectives × communes (the figures of
//! `analysis`, as the workbook's), and the committee's avis. Charts are inline SVG (`charts`); each one's rows use
//! short labels (« Axe 1 ») with the full labels listed beside it.

use maud::{Markup, html};

use super::charts::{self, BarChart, HeatMap, Layout};
use crate::analysis::{Plan, StatusRead};
use crate::consolidate::Consolidation;
use crate::referentiel::Referentiel;
use crate::text::euros;

/// A count as written on a bar.
fn whole(n: f64) -> String {
    format!("{n:.0}")
}

/// Actions per axe, one bar each, split by statut (a statut not of the
/// list apart from an empty one).
fn by_axis_and_status(plan: &Plan) -> BarChart {
    let r = plan.referentiel;
    let series = StatusRead::columns(r);
    let rows = r
        .axes
        .iter()
        .map(|axis| {
            let values = series
                .iter()
                .map(|status| {
                    plan.in_axis(&axis.code)
                        .filter(|e| e.status == *status)
                        .count() as f64
                })
                .collect();
            (format!("Axe {}", axis.code), values)
        })
        .collect();
    BarChart {
        title: "Actions par axe et par statut".to_owned(),
        series: series.iter().map(|s| s.label(r)).collect(),
        rows,
        layout: Layout::Stacked,
        format: whole,
    }
}

/// Planned funding per financer.
fn budget_by_funder(plan: &Plan) -> BarChart {
    let rows = plan
        .referentiel
        .funders
        .iter()
        .map(|f| {
            let amount = crate::analysis::total(
                plan.entries
                    .iter()
                    .filter_map(|e| e.action.funding.get(&f.code).copied()),
            );
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

/// How many actions under way or done of each objective name each commune
/// (`analysis::coverage`, as the Couverture sheet counts them).
fn coverage(plan: &Plan) -> HeatMap {
    let r = plan.referentiel;
    HeatMap {
        title: "Couverture : actions en cours ou réalisées par objectif et par commune nommée"
            .to_owned(),
        columns: r.communes.iter().map(|m| m.name.clone()).collect(),
        rows: plan
            .coverage_by_objective()
            .into_iter()
            .map(|o| {
                let counts = o.per_commune.iter().map(|n| *n as u32).collect();
                (
                    format!("{} {}", o.objective.code, o.objective.label),
                    counts,
                )
            })
            .collect(),
    }
}

/// The charts of the status page, with the full labels of the axes.
pub fn charts(plan: &Plan) -> Markup {
    let r = plan.referentiel;
    html! {
        h2 { "Le plan d'actions en graphiques" }
        (charts::bars(&by_axis_and_status(plan)))
        ul.hint {
            @for axis in &r.axes {
                li { "Axe " (axis.code) " : " (axis.label) }
            }
        }
        (charts::bars(&budget_by_funder(plan)))
        (charts::heat_map(&coverage(plan)))
        p.hint {
            "Chaque case compte les actions en cours ou réalisées de l'objectif qui nomment la commune ; "
            "les actions « Toutes », qui couvrent tout le territoire sans cibler de commune, et les actions prévues "
            "sont comptées à part dans la feuille « Couverture » du classeur consolidé. "
            "Un point marque une commune qu'aucune action en cours ou réalisée de l'objectif ne nomme."
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
