//! The status page `sortie/tableau-de-bord.html`: where every partner
//! stands (with a link to its feedback page), what changed since the run
//! before (with a link to the change report), the totals of the plan
//! d'actions, and every anomaly to follow up, for the coordinator.

use maud::{Markup, html};

use chrono::Datelike;

use super::{evaluation, feedback, follow, frame, orphan, overview};
use crate::analysis::{Plan, freshness};
use crate::changes::ChangeReport;
use crate::consolidate::{Consolidation, PartnerEntry, PartnerState};
use crate::evaluation::{Campaign, Evaluation};
use crate::finding::{Finding, Severity};
use crate::outputs::report::changes::{narrative, partner_sentence};
use crate::referentiel::Config;
use crate::text::{count, euros, severities};

/// Partner states as counted in the headline, in the order shown.
const STATE_TOTALS: [(&str, &str, &str); 6] = [
    (
        "a_jour",
        "partenaire lu sans erreur",
        "partenaires lus sans erreur",
    ),
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

/// Where the status page links to, relative to it.
#[derive(Debug, Clone)]
pub struct Links {
    /// The folder of the feedback pages, ending with `/` (`../retours/`).
    pub feedback: String,
    /// The file name of this run's change report (Markdown), when one was
    /// written: it sits beside the page.
    pub report: Option<String>,
}

/// Renders the status page of a consolidation, with the `changes` since
/// the run before (none for the first run) and the results `campaign`
/// under way, if there is one.
pub fn render(
    c: &Consolidation,
    config: &Config,
    changes: Option<&ChangeReport>,
    links: &Links,
    campaign: Option<&Campaign>,
) -> String {
    let r = &config.referentiel;
    let convention = &config.referentiel.convention;
    let plan = Plan::of(c, &config.referentiel);
    let body = html! {
        h1 { (convention.name) }
        p.meta {
            "Tableau de bord de la consolidation — " (convention.territory) " et "
            (convention.caf) ". Mis à jour le " (frame::datetime(c.generated_at)) "."
        }
        (headline(c, &plan))
        (what_changed(changes, c, config, links))
        (follow::overview(&plan, &links.feedback))
        (budget(c, config))
        (joint(c))
        (overview::charts(&plan))
        (overview::verdicts(c, r))
        (evaluation::overview(&Evaluation::of(c, r), r, campaign))
        (partners(c, config, &plan, links))
        (anomalies(c))
        (committee(c))
        (orphans(c, links))
    };
    frame::page(&format!("Tableau de bord — {}", convention.name), body)
}

fn headline(c: &Consolidation, plan: &Plan) -> Markup {
    let findings = c.findings();
    let severity = |s: Severity| findings.iter().filter(|(_, f)| f.severity == s).count();
    // Kept with errors (README, « Les actions gardées avec des erreurs »).
    let to_correct = c.actions_to_correct();
    let to_correct_budget = crate::analysis::total(to_correct.iter().filter_map(|(_, a)| a.budget));
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
            (card(to_correct.len(), "action avec des points à corriger", "actions avec des points à corriger"))
            li { strong { (euros(to_correct_budget)) } " de budget sur ces actions à corriger" }
            (card(plan.late().len(), "action en retard", "actions en retard"))
            (card(c.indicators().len(), "indicateur", "indicateurs"))
            (card(severity(Severity::Error), "erreur à corriger", "erreurs à corriger"))
            (card(severity(Severity::Warning), "avertissement", "avertissements"))
            (card(severity(Severity::Info), "information", "informations"))
        }
    }
}

/// « Ce qui a changé »: one sentence per partner that changed, linked to
/// its feedback page, and the link to the full report.
fn what_changed(
    changes: Option<&ChangeReport>,
    c: &Consolidation,
    config: &Config,
    links: &Links,
) -> Markup {
    let r = &config.referentiel;
    html! {
        h2 { "Ce qui a changé" }
        @match changes {
            None => p { "Première consolidation de ce dossier : rien à comparer." },
            Some(report) => {
                @let lines = narrative(report, r);
                p { (lines.first().cloned().unwrap_or_default()) }
                @if !report.is_empty() {
                    ul {
                        @for p in report.partners.iter().filter(|p| !p.is_empty()) {
                            li {
                                (partner_sentence(p, r))
                                // A partner gone from the registry and the
                                // folder has no page any more.
                                @if c.partners.iter().any(|e| e.code == p.code) {
                                    " (" a href={ (links.feedback) (feedback::file_name(&p.code)) } { "son retour" } ")"
                                }
                            }
                        }
                    }
                }
                @if let Some(file) = &links.report {
                    p {
                        "Le détail, action par action et champ par champ : "
                        a href=(file) { (file) }
                        " (texte ; le même au format JSON à côté)."
                    }
                }
            }
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

/// A partner to follow: its file has errors or cannot be read, is old, or
/// holds late actions (« lu sans erreur » says nothing of those).
fn needs_attention(p: &PartnerEntry, f: &freshness::Freshness) -> bool {
    p.state != PartnerState::UpToDate || f.old || f.late > 0
}

fn partners(c: &Consolidation, config: &Config, plan: &Plan, links: &Links) -> Markup {
    let fresh =
        |p: &PartnerEntry| freshness::of(p, plan.today, &config.referentiel, &config.follow);
    let attention = c
        .partners
        .iter()
        .filter(|p| needs_attention(p, &fresh(p)))
        .count();
    let year = plan.today.year() - 1;
    html! {
        h2 { "Partenaires" }
        p {
            (count(c.partners.len(), "partenaire", "partenaires")) " ; "
            (count(attention, "demande votre attention", "demandent votre attention"))
            " (erreurs, fichier ancien ou actions en retard). Les lignes marquées d'un trait rouge à gauche sont à suivre ; le code de chaque partenaire ouvre son retour. Un fichier non modifié depuis "
            (config.follow.freshness_months) " mois ou plus est signalé comme ancien."
        }
        div.table-wrap { table {
            thead { tr {
                th scope="col" { "Code" }
                th scope="col" { "Structure" }
                th scope="col" { "État" }
                th scope="col" { "Fichier" }
                th scope="col" { "Enregistré le" }
                th scope="col" class="num" { "Actions" }
                th scope="col" class="num" { "En retard" }
                th scope="col" class="num" { "Sans résultat " (year) }
                th scope="col" class="num" { "Erreurs" }
                th scope="col" class="num" { "Avertissements" }
                th scope="col" class="num" { "Informations" }
            } }
            tbody {
                // `Consolidation::partners` is kept sorted by code.
                @for p in &c.partners {
                    @let f = fresh(p);
                    tr class=[needs_attention(p, &f).then_some("attention")] {
                        th scope="row" {
                            a href={ (links.feedback) (feedback::file_name(&p.code)) } { (p.code) }
                        }
                        td { (p.name) }
                        td { (frame::state_badge(p.state)) }
                        @match &p.current {
                            Some(r) => {
                                td { (r.rel) }
                                td {
                                    (frame::datetime(r.modified))
                                    @if let Some(m) = f.months {
                                        br; span.hint { "il y a " (count(m as usize, "mois", "mois")) }
                                    }
                                    @if f.old {
                                        " " span class="badge warn" { "⚠ fichier ancien" }
                                    }
                                }
                            }
                            None => { td { "—" } td { "—" } }
                        }
                        td.num { (p.actions().len()) }
                        td.num { (f.late) }
                        td.num {
                            @match f.results {
                                Some(m) => { (m.missing) " sur " (m.expected) }
                                None => "—",
                            }
                        }
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

/// The problems found in the committee's workbooks of `coordination/`.
fn committee(c: &Consolidation) -> Markup {
    let findings: Vec<Finding> = c.committee.findings().cloned().collect();
    html! {
        @if !findings.is_empty() {
            h2 { "Classeurs des avis du comité" }
            @if findings.iter().any(|f| f.severity != Severity::Info) {
                p {
                    "Ces avis n'ont pas pu être pris en compte tels quels. Corrigez les classeurs indiqués du dossier « coordination », "
                    "puis consolidez à nouveau."
                }
            } @else {
                p { "Rien à corriger : ces remarques sur les classeurs du dossier « coordination » sont données pour information." }
            }
            (findings_by_file(&findings))
        }
    }
}

fn orphans(c: &Consolidation, links: &Links) -> Markup {
    html! {
        @if !c.orphans.is_empty() {
            h2 { "Fichiers sans partenaire" }
            p {
                "Ces fichiers n'ont pas pu être rattachés à un partenaire : ils ne sont pas pris en compte. \
                 Vérifiez qu'il s'agit bien d'un classeur établi à partir du modèle, avec le code partenaire renseigné \
                 dans la feuille « Partenaire », ou retirez-les du dossier « depots ». \
                 Chacun a son retour, à transmettre à qui l'a déposé."
            }
            @for (o, page) in c.orphans.iter().zip(orphan::file_names(&c.orphans)) {
                details {
                    summary {
                        (o.rel) " — enregistré le " (frame::datetime(o.modified)) " : "
                        (count(o.submission.findings.len(), "anomalie", "anomalies"))
                    }
                    p { a href={ (links.feedback) (page) } { "Retour sur ce fichier" } }
                    (findings_by_file(&o.submission.findings))
                }
            }
        }
    }
}
