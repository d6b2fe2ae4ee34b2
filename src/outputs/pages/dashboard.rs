//! The status page `sortie/tableau-de-bord.html`: where every partner
//! stands, the totals of the plan d'actions, and every anomaly to follow up,
//! for the coordinator.

use maud::{Markup, html};

use super::frame;
use crate::consolidate::{Consolidation, PartnerEntry, PartnerState};
use crate::finding::{Finding, Severity};
use crate::referentiel::Config;
use crate::text::{count, euros, severities};

/// Partner states as counted in the headline, in the order shown.
const STATE_TOTALS: [(&str, &str, &str); 6] = [
    ("a_jour", "partenaire à jour", "partenaires à jour"),
    (
        "avec_erreurs",
        "partenaire avec erreurs",
        "partenaires avec erreurs",
    ),
    (
        "version_precedente",
        "fichier illisible, version précédente utilisée",
        "fichiers illisibles, version précédente utilisée",
    ),
    (
        "illisible",
        "fichier illisible sans version utilisable",
        "fichiers illisibles sans version utilisable",
    ),
    (
        "jamais_depose",
        "partenaire n'a jamais déposé",
        "partenaires n'ont jamais déposé",
    ),
    (
        "retire",
        "fichier retiré du dossier",
        "fichiers retirés du dossier",
    ),
];

/// Renders the status page of a consolidation.
pub fn render(c: &Consolidation, config: &Config) -> String {
    let convention = &config.referentiel.convention;
    let body = html! {
        h1 { (convention.name) }
        p.meta {
            "Tableau de bord de la consolidation — " (convention.territory) " et "
            (convention.caf) ". Mis à jour le " (frame::datetime(c.generated_at)) "."
        }
        (headline(c))
        (budget(c, config))
        (joint(c))
        (partners(c))
        (anomalies(c))
        (orphans(c))
    };
    frame::page(&format!("Tableau de bord — {}", convention.name), body)
}

fn headline(c: &Consolidation) -> Markup {
    let findings = c.findings();
    let severity = |s: Severity| findings.iter().filter(|(_, f)| f.severity == s).count();
    html! {
        h2 { "En bref" }
        ul.cards {
            @for (code, singular, plural) in STATE_TOTALS {
                @let n = c.partners.iter().filter(|p| p.state.code() == code).count();
                @if n > 0 {
                    (card(n, singular, plural))
                }
            }
            @if !c.orphans.is_empty() {
                (card(c.orphans.len(), "fichier sans partenaire", "fichiers sans partenaire"))
            }
            (card(c.actions().len(), "action acceptée", "actions acceptées"))
            (card(c.indicators().len(), "indicateur", "indicateurs"))
            (card(severity(Severity::Error), "erreur à corriger", "erreurs à corriger"))
            (card(severity(Severity::Warning), "avertissement", "avertissements"))
            (card(severity(Severity::Info), "information", "informations"))
        }
    }
}

fn card(n: usize, singular: &str, plural: &str) -> Markup {
    let text = count(n, singular, plural);
    let words = text.split_once(' ').map_or("", |(_, w)| w);
    html! { li { strong { (n) } " " (words) } }
}

fn budget(c: &Consolidation, config: &Config) -> Markup {
    // A joint action counts once, with its lead's amounts.
    let actions = c.counted_actions();
    let total: f64 = actions.iter().filter_map(|(_, a)| a.budget).sum();
    html! {
        h2 { "Budget des actions acceptées" }
        div.table-wrap { table {
            thead { tr {
                th scope="col" { "Financeur" }
                th scope="col" class="num" { "Montant" }
            } }
            tbody {
                @for funder in &config.referentiel.funders {
                    @let amount: f64 = actions
                        .iter()
                        .filter_map(|(_, a)| a.funding.get(&funder.code))
                        .sum();
                    tr { td { (funder.label) } td.num { (euros(amount)) } }
                }
            }
            tfoot { tr {
                th scope="row" { "Budget prévisionnel total" }
                td.num { strong { (euros(total)) } }
            } }
        } }
    }
}

/// The actions carried by several partners (each counted once, its rows
/// and contributions shown), and the likely ones nobody declared.
fn joint(c: &Consolidation) -> Markup {
    let joint = &c.joint;
    if joint.actions.is_empty() && joint.likely.is_empty() {
        return html! {};
    }
    let titles: std::collections::HashMap<&str, &str> = c
        .actions()
        .into_iter()
        .map(|(_, a)| (a.number.as_str(), a.title.as_str()))
        .collect();
    let title = |number: &str| titles.get(number).copied().unwrap_or_default();
    let amount = |x: Option<f64>| x.map_or_else(|| "—".to_owned(), euros);
    html! {
        h2 { "Actions communes" }
        @if !joint.actions.is_empty() {
            p {
                (count(joint.actions.len(), "action est portée", "actions sont portées"))
                " à plusieurs, par " (count(joint.partners_involved(), "partenaire", "partenaires"))
                " : chacune compte une seule fois dans les totaux, avec le budget de son porteur ; "
                "les co-porteurs indiquent leur contribution."
            }
            div.table-wrap { table {
                thead { tr {
                    th scope="col" { "Action" }
                    th scope="col" { "Partenaire" }
                    th scope="col" { "Rôle" }
                    th scope="col" class="num" { "Budget déclaré" }
                } }
                tbody {
                    @for j in &joint.actions {
                        @for (k, carrier) in j.carriers().enumerate() {
                            tr {
                                @if k == 0 {
                                    th scope="row" rowspan=(j.others.len() + 1) {
                                        (carrier.number) " — " (title(&carrier.number))
                                    }
                                }
                                td { (carrier.number) " — " (carrier.name) }
                                td { (carrier.role.label()) }
                                td.num { (amount(carrier.budget)) }
                            }
                        }
                    }
                }
            } }
        }
        @if !joint.likely.is_empty() {
            p {
                (count(joint.likely.len(), "paire d'actions ressemble", "paires d'actions ressemblent"))
                " à une action commune que personne n'a déclarée (même objectif, des dates en commun, "
                "intitulés et descriptions proches) : les deux partenaires en sont avertis dans leur retour. "
                "Tant que le lien n'est pas déclaré, chacune est comptée."
            }
            ul {
                @for l in &joint.likely {
                    li {
                        (l.first.1) " (« " (title(&l.first.1)) " ») et "
                        (l.second.1) " (« " (title(&l.second.1)) " ») — ressemblance "
                        ((l.resemblance * 100.0).round()) " %"
                    }
                }
            }
        }
    }
}

fn needs_attention(p: &PartnerEntry) -> bool {
    p.state != PartnerState::UpToDate
}

fn partners(c: &Consolidation) -> Markup {
    let attention = c.partners.iter().filter(|p| needs_attention(p)).count();
    html! {
        h2 { "Partenaires" }
        p {
            (count(c.partners.len(), "partenaire", "partenaires")) " ; "
            (count(attention, "demande votre attention", "demandent votre attention"))
            ". Les lignes marquées d'un trait rouge à gauche sont à suivre."
        }
        div.table-wrap { table {
            thead { tr {
                th scope="col" { "Code" }
                th scope="col" { "Structure" }
                th scope="col" { "État" }
                th scope="col" { "Fichier" }
                th scope="col" { "Enregistré le" }
                th scope="col" class="num" { "Actions" }
                th scope="col" class="num" { "Erreurs" }
                th scope="col" class="num" { "Avertissements" }
                th scope="col" class="num" { "Informations" }
            } }
            tbody {
                // `Consolidation::partners` is kept sorted by code.
                @for p in &c.partners {
                    tr class=[needs_attention(p).then_some("attention")] {
                        th scope="row" { (p.code) }
                        td { (p.name) }
                        td { (frame::state_badge(p.state)) }
                        @match &p.current {
                            Some(r) => {
                                td { (r.rel) }
                                td { (frame::datetime(r.modified)) }
                            }
                            None => { td { "—" } td { "—" } }
                        }
                        td.num { (p.actions().len()) }
                        td.num { (p.count(Severity::Error)) }
                        td.num { (p.count(Severity::Warning)) }
                        td.num { (p.count(Severity::Info)) }
                    }
                }
            }
        } }
    }
}

fn anomalies(c: &Consolidation) -> Markup {
    let with_findings: Vec<&PartnerEntry> = c
        .partners
        .iter()
        .filter(|p| !p.findings.is_empty())
        .collect();
    html! {
        h2 { "Anomalies" }
        @if with_findings.is_empty() {
            p { "Aucune anomalie dans les fichiers des partenaires." }
        } @else {
            p.hint {
                "Cliquez sur un partenaire pour afficher le détail de ses anomalies, fichier par fichier."
            }
            @for p in with_findings {
                details {
                    summary {
                        (p.code) " — " (p.name) " : "
                        (severities(p.count(Severity::Error), p.count(Severity::Warning), p.count(Severity::Info)))
                    }
                    (findings_by_file(&p.findings))
                }
            }
        }
    }
}

/// Findings grouped by file, files in the order they first appear.
fn findings_by_file(findings: &[Finding]) -> Markup {
    let mut files: Vec<&str> = Vec::new();
    for f in findings {
        if !files.contains(&f.file.as_str()) {
            files.push(&f.file);
        }
    }
    html! {
        @for file in files {
            div.table-wrap { table {
                caption { "Fichier « " (file) " »" }
                thead { tr {
                    th scope="col" { "Gravité" }
                    th scope="col" { "Cellule" }
                    th scope="col" { "Problème et correction" }
                } }
                tbody {
                    @for f in findings.iter().filter(|f| f.file == file) {
                        tr {
                            td { (frame::severity_badge(f.severity)) }
                            td { (frame::place(f)) }
                            td { (frame::finding_text(f)) }
                        }
                    }
                }
            } }
        }
    }
}

fn orphans(c: &Consolidation) -> Markup {
    html! {
        @if !c.orphans.is_empty() {
            h2 { "Fichiers sans partenaire" }
            p {
                "ctg n'a pas pu rattacher ces fichiers à un partenaire : ils ne sont pas pris en compte. \
                 Vérifiez qu'il s'agit bien d'un classeur établi à partir du modèle, avec le code partenaire renseigné \
                 dans la feuille « Partenaire », ou retirez-les du dossier « depots »."
            }
            @for o in &c.orphans {
                details {
                    summary {
                        (o.rel) " — enregistré le " (frame::datetime(o.modified)) " : "
                        (count(o.submission.findings.len(), "anomalie", "anomalies"))
                    }
                    (findings_by_file(&o.submission.findings))
                }
            }
        }
    }
}
