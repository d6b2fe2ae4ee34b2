//! The fiches actions as one self-contained HTML page
//! (`fiches-actions.html`): the same content as the Word document, with a
//! print stylesheet (A4, one fiche per printed page) and nothing fetched.

use maud::{Markup, PreEscaped, html};

use super::content::{ContentsLine, Fiche, Fiches};
use crate::outputs::pages::frame;

/// What the fiches add to the stylesheet of every page.
const CSS: &str = r#"
.cover{min-height:60vh}
.cover h1{font-size:2.2rem;margin-top:3rem}
nav.contents ul{list-style:none;padding-left:1.25rem}
nav.contents li.h0{font-weight:700;margin-top:.75rem}
nav.contents li.h1{font-weight:600}
nav.contents li.h2{font-style:italic}
section.fiche{border-top:3px solid var(--line);margin-top:2rem;padding-top:.5rem}
section.fiche h2{border:none}
section.fiche p.text{white-space:pre-line}
p.stamp{color:var(--muted);font-style:italic}
@page{size:A4;margin:15mm}
@media print{
.cover,nav.contents,section.fiche,section.shadows{break-before:page}
.cover{break-before:auto}
section.fiche{border:none;margin:0}
table{font-size:9.5pt}
}
"#;

fn fiche(f: &Fiche) -> Markup {
    html! {
        section.fiche id=(f.number) {
            h2 { (f.number) " — " (f.title) }
            dl.facts {
                @for (label, value) in &f.facts {
                    dt { (label) } dd { (value) }
                }
            }
            @for (label, body) in &f.texts {
                h3 { (label) }
                p.text { (body) }
            }
            h3 { "Budget" }
            div.table-wrap { table {
                tbody {
                    @for (label, value) in &f.budget {
                        tr { th scope="row" { (label) } td.num { (value) } }
                    }
                }
            } }
            h3 { "Indicateurs" }
            @if f.indicators.is_empty() {
                p { "Aucun indicateur renseigné." }
            } @else {
                div.table-wrap { table {
                    thead { tr {
                        th scope="col" { "Indicateur" }
                        th scope="col" { "Départ" }
                        th scope="col" { "Cible" }
                        @for y in &f.years { th scope="col" { "Réalisé " (y) } }
                    } }
                    tbody {
                        @for i in &f.indicators {
                            tr {
                                td { (i.name) @if !i.kind.is_empty() { br; span.hint { (i.kind) } } }
                                td { (i.baseline) }
                                td { (i.target) }
                                @for (_, v) in &i.results { td { (v) } }
                            }
                        }
                    }
                } }
                p.hint { "Entre parenthèses : le taux d'atteinte de l'année (réalisé ÷ cible)." }
            }
            h3 { "Avis du comité" }
            p { (f.decision.as_deref().unwrap_or("Aucun avis rendu.")) }
            p.stamp { (f.last_change) }
        }
    }
}

/// The page of `f`.
pub fn render(f: &Fiches) -> String {
    let c = &f.cover;
    let body = html! {
        div.cover {
            h1 { "Fiches actions" }
            p { strong { (c.name) } }
            p { (c.territory) }
            p { "Période de la convention : " (c.period) }
            p { "Fiches établies le " (c.date.format("%d/%m/%Y")) }
            p { "Plan d'actions : " (c.plan) }
            @if let Some(filters) = &c.filters { p { "Fiches retenues : " (filters) } }
            h2 { "Fichiers des partenaires" }
            ul { @for s in &c.sources { li { (s) } } }
        }
        nav.contents {
            h2 { "Sommaire" }
            ul {
                @for line in &f.contents {
                    @match line {
                        ContentsLine::Heading(depth, t) => li class={ "h" (depth) } { (t) },
                        ContentsLine::Fiche(n, t) => li { a href={ "#" (n) } { (n) " — " (t) } },
                    }
                }
            }
        }
        @for fiche in &f.fiches { (self::fiche(fiche)) }
        section.shadows {
            h2 { "Zones d'ombre" }
            @if f.shadows.is_empty() {
                p { "Chaque objectif opérationnel est couvert par au moins une action." }
            } @else {
                p { "Objectifs opérationnels qu'aucune action ne couvre :" }
                ul { @for s in &f.shadows { li { (s) } } }
            }
        }
        // A constant of this file, not text from a partner.
        style { (PreEscaped(CSS)) }
    };
    frame::page(&format!("Fiches actions — {}", c.name), body)
}
