//! What the pages say of where the actions stand (`analysis`): on the
//! status page, the statuses split by « Suivi », the late actions and the
//! money by state of the actions, with the CAF share; on a partner's page,
//! its own late actions and what to do about them.

use chrono::NaiveDate;
use maud::{Markup, html};

use super::charts::{BarChart, Layout, bars_in};
use super::{feedback, frame};
use crate::analysis::Plan;
use crate::consolidate::PartnerEntry;
use crate::model::tracking::Tracking;
use crate::referentiel::Referentiel;
use crate::text::{capitalised, count, euros};

/// A date the French way.
fn day(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "—".to_owned(), |d| d.format("%d/%m/%Y").to_string())
}

/// A share as « 33,7 % ».
fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "—".to_owned(), crate::text::percent)
}

/// The status page's section: statuses by « Suivi », the late actions
/// (each linked to its partner's page, under `feedback`), money by state.
pub fn overview(plan: &Plan, feedback_dir: &str) -> Markup {
    let r = plan.referentiel;
    let late = plan.late();
    let chart = BarChart {
        title: format!(
            "Actions par statut et par suivi au {}",
            plan.today.format("%d/%m/%Y")
        ),
        series: Tracking::ALL
            .iter()
            .map(|t| capitalised(t.label()))
            .collect(),
        rows: plan
            .status_by_tracking()
            .into_iter()
            .filter(|(_, counts)| counts.iter().any(|n| *n > 0))
            .map(|(status, counts)| (status.label(r), counts.iter().map(|n| *n as f64).collect()))
            .collect(),
        layout: Layout::Stacked,
        format: |x| format!("{x}"),
    };
    let colours: Vec<String> = Tracking::ALL
        .iter()
        .map(|t| format!("#{:06X}", crate::outputs::tracking_colour(*t)))
        .collect();
    html! {
        h2 { "Où en sont les actions" }
        p {
            (count(late.len(), "action est en retard", "actions sont en retard"))
            " au " (plan.today.format("%d/%m/%Y")) " ; "
            (count(
                plan.entries.iter().filter(|e| e.suivi.tracking == Tracking::AtRisk).count(),
                "est à risque",
                "sont à risque",
            ))
            " (en cours, échéance dans moins de " (crate::model::tracking::RISK_MONTHS)
            " mois, avancement inférieur à " (crate::model::tracking::LOW_PROGRESS) " %)."
        }
        (bars_in(&chart, &colours))
        @if !late.is_empty() {
            div.table-wrap { table {
                caption { "Actions en retard" }
                thead { tr {
                    th scope="col" { "Action" }
                    th scope="col" { "Partenaire" }
                    th scope="col" { "Suivi" }
                    th scope="col" { "Depuis le" }
                    th scope="col" { "Ce qui est en retard" }
                } }
                tbody {
                    @for e in &late {
                        tr {
                            th scope="row" { (e.action.number) " — " (e.action.title) }
                            td { a href={ (feedback_dir) (feedback::file_name(e.partner)) } { (e.partner) } }
                            td { (frame::tracking_badge(e.suivi.tracking)) }
                            td.num { (day(e.suivi.since)) }
                            td { (e.suivi.what(r)) }
                        }
                    }
                }
            } }
        }
        (money(plan))
    }
}

/// Money by state of the actions, with the CAF share.
fn money(plan: &Plan) -> Markup {
    let r = plan.referentiel;
    let all = plan.amounts();
    let idle = plan.idle();
    html! {
        h3 { "Financements par état des actions" }
        p {
            "Part CAF (financement CAF ÷ budget) : " strong { (percent(all.caf_share())) } ". "
            (euros(idle.caf)) " de financement CAF sur " (euros(all.caf))
            " portent sur des actions pas commencées, reportées ou abandonnées."
        }
        div.table-wrap { table {
            thead { tr {
                th scope="col" { "Statut" }
                th scope="col" class="num" { "Actions" }
                th scope="col" class="num" { "Budget prévisionnel" }
                th scope="col" class="num" { "Financement CAF" }
                th scope="col" class="num" { "Part CAF" }
            } }
            tbody {
                @for (group, a) in plan.by_status_group() {
                    tr {
                        th scope="row" { (group.label(r)) }
                        td.num { (a.actions) }
                        td.num { (euros(a.budget)) }
                        td.num { (euros(a.caf)) }
                        td.num { (percent(a.caf_share())) }
                    }
                }
            }
        } }
    }
}

/// A partner's page's section: its late actions, what is late and what to
/// do; nothing when none is.
pub fn partner(entry: &PartnerEntry, today: NaiveDate, r: &Referentiel) -> Markup {
    let late: Vec<_> = entry
        .actions()
        .iter()
        .map(|a| (a, a.tracking(today)))
        .filter(|(_, s)| s.tracking.is_late())
        .collect();
    html! {
        @if !late.is_empty() {
            h2 { "Actions en retard (" (late.len()) ")" }
            p {
                "D'après leurs dates et leur statut au " (today.format("%d/%m/%Y"))
                ", ces actions sont en retard. Mettez à jour leur statut (« "
                (r.status_label(crate::referentiel::StatusKind::Done)) " », « "
                (r.status_label(crate::referentiel::StatusKind::Postponed)) " »…), leur avancement ou leurs dates : "
                "la CAF voit ces actions signalées en retard dans le plan d'actions consolidé."
            }
            ul {
                @for (a, s) in &late {
                    li { strong { (a.number) } " — " (a.title) " : " (s.what(r)) "." }
                }
            }
        }
    }
}
