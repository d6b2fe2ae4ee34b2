//! The evaluation on the pages: on a partner's retour page, the section
//! « À compléter pour l'évaluation AAAA » with the exact cells to fill; on
//! the status page, the median « Taux d'atteinte » per axe and per year,
//! and how far the results campaign has got, partner by partner.

use maud::{Markup, html};

use super::charts::{self, BarChart, Layout, RateChart};
use crate::evaluation::{Campaign, Evaluation, GapKind, PartnerCampaign, ToFill};
use crate::referentiel::Referentiel;
use crate::text::count;

/// The section of a partner's retour page; nothing when the partner has
/// nothing to complete.
pub fn to_complete(p: &PartnerCampaign, year: i32) -> Markup {
    if p.gaps.is_empty() {
        return html! {};
    }
    html! {
        section.notice.info {
            h2 { "À compléter pour l'évaluation " (year) }
            p {
                "Chaque année, la CTG fait le bilan de l'année écoulée. Pour que vos actions y figurent, complétez "
                @if let Some(file) = &p.file { "dans votre fichier « " (file) " » " }
                "les " (count(p.gaps.iter().map(|g| g.cells.len()).sum(), "cellule", "cellules"))
                " ci-dessous, puis déposez-le à nouveau dans le dossier partagé « depots »."
            }
            @for kind in GapKind::ALL {
                @let gaps: Vec<_> = p.of_kind(kind).collect();
                @if !gaps.is_empty() {
                    h3 { (kind.title()) " (" (gaps.len()) ")" }
                    p { (kind.ask(year)) }
                    div.table-wrap { table {
                        thead { tr {
                            th scope="col" { "Cellule" }
                            th scope="col" { "À saisir" }
                            th scope="col" { "Action" }
                            @if kind != GapKind::NoIndicator && kind != GapKind::MissingSpending {
                                th scope="col" { "Indicateur" }
                            }
                        } }
                        tbody {
                            @for g in &gaps {
                                @for cell in &g.cells {
                                    tr {
                                        td { (place(cell)) }
                                        td { (cell.field) }
                                        td { (g.action) " — " (g.title) }
                                        @if let Some(i) = &g.indicator { td { (i) } }
                                    }
                                }
                            }
                        }
                    } }
                }
            }
        }
    }
}

/// Where to type, in the partner's own file; a sheet without the column
/// gets the row and what to add.
fn place(cell: &ToFill) -> Markup {
    html! {
        span.cell { (cell.cell.in_words()) }
        @if cell.cell.col.is_none() {
            br;
            span.hint { "Votre feuille n'a pas de colonne « " (cell.field) " » : ajoutez-la, ou demandez au coordinateur votre nouveau modèle." }
        }
    }
}

/// The evaluation section of the status page.
pub fn overview(e: &Evaluation, r: &Referentiel, campaign: Option<&Campaign>) -> Markup {
    let median = |axis: &str, year: &i32| {
        e.axes
            .get(axis)
            .and_then(|t| t.years.get(year))
            .and_then(|y| y.median())
    };
    // Only the years with something measured: the years to come would
    // only say « nothing yet ».
    let years: Vec<i32> = e
        .years
        .iter()
        .copied()
        .filter(|y| r.axes.iter().any(|a| median(&a.code, y).is_some()))
        .collect();
    let series = years
        .iter()
        .map(|y| {
            if Some(*y) == e.current_year {
                format!("{y} (partiel)")
            } else {
                y.to_string()
            }
        })
        .collect();
    let rows = r
        .axes
        .iter()
        .map(|axis| {
            let medians = years.iter().map(|y| median(&axis.code, y)).collect();
            (format!("Axe {} — {}", axis.code, axis.label), medians)
        })
        .collect();
    let achievement = RateChart {
        title: "Taux d'atteinte médian des indicateurs, par axe et par année".to_owned(),
        series,
        rows,
    };
    html! {
        h2 { "Évaluation" }
        p.hint {
            "Taux d'atteinte d'un indicateur : le chemin parcouru depuis la valeur de départ vers la cible, "
            "(réalisé − départ) ÷ (cible − départ) ; sans valeur de départ, réalisé ÷ cible. "
            "Le détail par objectif est dans la feuille « Évaluation » du classeur consolidé."
        }
        (charts::rates(&achievement))
        @if let Some(campaign) = campaign { (progress(campaign)) }
    }
}

/// How many of the expected results of the campaign's year have arrived,
/// partner by partner.
fn progress(campaign: &Campaign) -> Markup {
    let expected: usize = campaign.partners.iter().map(|p| p.expected).sum();
    let received: usize = campaign.partners.iter().map(|p| p.received).sum();
    let chart = BarChart {
        title: format!(
            "Campagne de résultats {} : résultats reçus par partenaire",
            campaign.year
        ),
        series: vec!["Reçus".to_owned(), "Manquants".to_owned()],
        rows: campaign
            .partners
            .iter()
            .filter(|p| p.expected > 0)
            .map(|p| {
                let values = vec![p.received as f64, (p.expected - p.received) as f64];
                (format!("{} — {}", p.code, p.name), values)
            })
            .collect(),
        layout: Layout::Stacked,
        format: |v| format!("{v}"),
    };
    let late: Vec<&PartnerCampaign> = campaign
        .partners
        .iter()
        .filter(|p| !p.gaps.is_empty())
        .collect();
    html! {
        h3 { "Campagne de résultats " (campaign.year) }
        p {
            (received) " résultat" @if received > 1 { "s" } " reçu" @if received > 1 { "s" }
            " sur " (expected) " attendu" @if expected > 1 { "s" } " pour " (campaign.year) ". "
            @if late.is_empty() {
                "Tous les partenaires ont complété leur plan pour l'évaluation."
            } @else {
                (count(late.len(), "partenaire a", "partenaires ont")) " encore des cellules à compléter : "
                "chacun les trouve en tête de sa page de retour, et « ctg evaluation » en donne la liste."
            }
        }
        (charts::bars(&chart))
    }
}
