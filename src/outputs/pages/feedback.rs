//! The feedback page of one partner, written in `retours/`: what was
//! received, what was accepted, which cells to fix and how, and what to do
//! next — in plain French, addressed to the partner.

use maud::{Markup, html};

use super::{evaluation, follow, frame};
use crate::analysis::freshness;
use crate::consolidate::{Consolidation, PartnerEntry, PartnerState};
use crate::evaluation::Campaign;
use crate::finding::{Finding, Severity};
use crate::referentiel::Config;
use crate::text::count;
use crate::workbook::ReadError;

/// Name of the feedback file of a partner: `retour-MJCL.html`. Characters
/// that could leave `retours/` or trouble a file system are replaced.
pub fn file_name(code: &str) -> String {
    let safe: String = code
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if safe.is_empty() {
        "retour-sans-code.html".to_owned()
    } else {
        format!("retour-{safe}.html")
    }
}

/// Renders the feedback page of a partner; with a results `campaign`
/// under way, what the partner has to complete for it comes first.
pub fn render(
    entry: &PartnerEntry,
    c: &Consolidation,
    config: &Config,
    campaign: Option<&Campaign>,
) -> String {
    let to_complete = campaign.and_then(|campaign| {
        let p = campaign.partners.iter().find(|p| p.code == entry.code)?;
        Some(evaluation::to_complete(p, campaign.year))
    });
    let who = if entry.name.is_empty() {
        entry.code.clone()
    } else {
        format!("{} ({})", entry.name, entry.code)
    };
    let errors: Vec<&Finding> = entry
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    let warnings: Vec<&Finding> = entry
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .collect();
    let infos: Vec<&Finding> = entry
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Info)
        .collect();
    let current = entry.current.as_ref().map(|r| r.rel.as_str());
    let today = c.generated_at.date();
    let body = html! {
        h1 { "Retour sur votre plan d'actions — " (who) }
        p.meta {
            (config.referentiel.convention.name) " — retour établi le "
            (frame::datetime(c.generated_at)) "."
        }
        @if let Some(section) = to_complete { (section) }
        p { "Bonjour," }
        p {
            @if entry.current.is_some() {
                "Voici le retour sur le fichier que vous avez déposé dans le dossier partagé de la CTG."
            } @else {
                "Voici où en est votre contribution au plan d'actions de la CTG."
            }
        }
        (verdict(entry, errors.len(), warnings.len(), infos.len(), today))
        (received(entry, c, config))
        (accepted(entry, c, today))
        (follow::partner(entry, today, &config.referentiel))
        (decisions(entry, c))
        (problems(
            "À corriger",
            "Ces points empêchent de prendre en compte une partie de vos informations : chacun dit ce qui est mis de côté en attendant. Pour chacun, ouvrez la feuille indiquée, allez à la cellule et corrigez-la comme expliqué :",
            &errors,
            current,
            Some(entry),
        ))
        (problems(
            "À vérifier",
            "Ces points n'empêchent pas la prise en compte de votre fichier, mais semblent inhabituels : vérifiez-les et corrigez-les si nécessaire.",
            &warnings,
            current,
            Some(entry),
        ))
        (problems(
            "Pour information",
            "Rien à corriger ici : ces remarques vous sont données pour la suite.",
            &infos,
            current,
            Some(entry),
        ))
        @if entry.findings.iter().any(|f| f.location.is_some()) {
            p.hint {
                "Astuce : pour aller directement à une cellule, ouvrez la feuille indiquée (par exemple « Actions »), \
                 tapez la cellule (par exemple C12) dans la zone de nom en haut à gauche, puis appuyez sur Entrée."
            }
        }
        (rejected(entry))
        (next_steps(entry, errors.len(), warnings.len(), config))
    };
    frame::page(&format!("Retour — {who}"), body)
}

/// The one-paragraph answer to « is my file all right? ».
fn verdict(
    entry: &PartnerEntry,
    errors: usize,
    warnings: usize,
    infos: usize,
    today: chrono::NaiveDate,
) -> Markup {
    let late = entry
        .actions()
        .iter()
        .filter(|a| a.tracking(today).tracking.is_late())
        .count();
    let file = entry
        .current
        .as_ref()
        .map(|r| r.rel.as_str())
        .unwrap_or_default();
    let (class, text) = match entry.state {
        PartnerState::UpToDate if warnings == 0 && infos == 0 => ("ok", "Tout est en ordre : votre fichier a été accepté tel quel, sans aucune remarque. Merci pour ce travail soigné !".to_owned()),
        PartnerState::UpToDate if warnings == 0 => ("ok", "Tout est en ordre : votre fichier a été accepté tel quel, sans rien à corriger ni à vérifier. Merci pour ce travail soigné ! Une information vous est donnée plus bas, pour la suite.".to_owned()),
        PartnerState::UpToDate => (
            "ok",
            format!("Votre fichier a été accepté. {} ci-dessous, sans urgence : rien ne bloque.", count(warnings, "point est à vérifier", "points sont à vérifier")),
        ),
        PartnerState::WithErrors => ("bad", kept_with_errors(entry, errors)),
        PartnerState::PreviousVersion(at) => (
            "warn",
            format!(
                "Votre fichier actuel « {file} » n'a pas pu être lu. En attendant que vous déposiez un fichier corrigé, \
                 la version que vous aviez déposée le {} est utilisée : les actions ci-dessous sont celles de cette version.",
                frame::datetime(at)
            ),
        ),
        PartnerState::Unreadable => (
            "bad",
            format!(
                "Votre fichier « {file} » n'a pas pu être lu, et aucune version précédente n'est disponible : \
                 aucune de vos actions n'est prise en compte pour le moment."
            ),
        ),
        PartnerState::NeverSubmitted => ("neutral", "Nous n'avons encore reçu aucun fichier de votre part : vos actions ne figurent pas encore dans le plan d'actions.".to_owned()),
        PartnerState::Withdrawn => (
            "warn",
            "Votre fichier n'est plus dans le dossier partagé : vos actions ne figurent plus dans le plan d'actions consolidé.".to_owned(),
        ),
    };
    html! {
        div class={ "notice " (class) } {
            p { "État de votre dossier : " (frame::state_badge(entry.state)) }
            p { (text) }
            @if late > 0 {
                p {
                    (count(
                        late,
                        "de vos actions est en retard d'après ses dates et son statut",
                        "de vos actions sont en retard d'après leurs dates et leur statut",
                    ))
                    " : voir « Actions en retard » ci-dessous."
                }
            }
        }
    }
}

/// The verdict of a file read with errors, after the rule of the README
/// (« Les actions gardées avec des erreurs »): what is kept, what is set
/// aside, what is not taken at all.
fn kept_with_errors(entry: &PartnerEntry, errors: usize) -> String {
    let actions = entry.actions();
    let flagged = actions
        .iter()
        .filter(|a| !entry.errors_of(a).is_empty())
        .count();
    let refused = entry
        .used
        .as_ref()
        .map_or(0, |u| u.submission.rejected.len());
    let mut text = format!(
        "Votre fichier a bien été lu, mais {}. Ce qui a pu être lu est repris dans le plan d'actions consolidé : {}",
        count(errors, "erreur est à corriger", "erreurs sont à corriger"),
        count(actions.len(), "action", "actions"),
    );
    if flagged > 0 {
        text += &format!(
            ", dont {} : seules les valeurs en erreur (une commune inconnue, une date ou un montant illisible…) sont mises de côté, tout le reste est repris, et la CAF voit ces actions marquées « à corriger »",
            count(
                flagged,
                "avec des points à corriger",
                "avec des points à corriger"
            )
        );
    }
    text.push('.');
    if refused > 0 {
        text += &format!(
            " {} (voir « Lignes non retenues »).",
            count(
                refused,
                "ligne ne peut pas être reprise tant qu'elle n'est pas corrigée",
                "lignes ne peuvent pas être reprises tant qu'elles ne sont pas corrigées"
            )
        );
    }
    text + " Chaque point ci-dessous dit ce qui est mis de côté en attendant."
}

fn received(entry: &PartnerEntry, c: &Consolidation, config: &Config) -> Markup {
    let Some(current) = &entry.current else {
        return html! {};
    };
    let format = frame::file_format(current);
    let fresh = freshness::of(
        entry,
        c.generated_at.date(),
        &config.referentiel,
        &config.follow,
    );
    let names: Vec<String> = entry.ignored.iter().map(|f| format!("« {f} »")).collect();
    html! {
        h2 { "Ce que nous avons reçu" }
        dl.facts {
            dt { "Fichier" } dd { (current.rel) }
            dt { "Enregistré le" } dd {
                (frame::datetime(current.modified))
                @if fresh.old {
                    " — il y a plus de " (config.follow.freshness_months)
                    " mois : pensez à mettre votre plan d'actions à jour (statuts, avancement, résultats)."
                }
            }
            dt { "Format" } dd { (format) " — " (crate::workbook::human_size(current.size)) }
            @if let PartnerState::PreviousVersion(at) = entry.state {
                dt { "Version utilisée à la place" }
                dd { "celle que vous aviez déposée le " (frame::datetime(at)) }
            }
            @if let Some(m) = fresh.results.filter(|m| m.missing > 0) {
                dt { "Résultats " (m.year) }
                dd {
                    (count(m.missing, "indicateur n'a", "indicateurs n'ont")) " pas encore de résultat pour "
                    (m.year) " (sur " (m.expected) " dont l'action s'est déroulée cette année-là) : remplissez la colonne « Réalisé "
                    (m.year) " » de la feuille « Indicateurs »."
                }
            }
        }
        @if !names.is_empty() {
            p {
                "Le dossier contient aussi " (count(names.len(), "autre fichier", "autres fichiers"))
                " à votre nom, plus ancien et donc ignoré : " (names.join(", "))
                ". Retirez-le du dossier « depots » pour éviter toute confusion."
            }
        }
    }
}

fn accepted(entry: &PartnerEntry, c: &Consolidation, today: chrono::NaiveDate) -> Markup {
    if entry.used.is_none() {
        return html! {};
    }
    let actions = entry.actions();
    let indicators = entry.indicators();
    // Actions carried with other partners say how they count.
    let joint = |number: &str| c.joint.of(number).map(|j| j.describe(number));
    let any_joint = actions.iter().any(|a| c.joint.of(&a.number).is_some());
    html! {
        h2 { "Ce qui a été retenu" }
        p {
            (count(actions.len(), "action", "actions")) " et "
            (count(indicators.len(), "indicateur", "indicateurs"))
            " figurent dans le plan d'actions consolidé."
        }
        @if !actions.is_empty() {
            div.table-wrap { table {
                thead { tr {
                    th scope="col" { "N° action" }
                    th scope="col" { "Intitulé" }
                    th scope="col" { "Suivi" }
                    th scope="col" class="num" { "Indicateurs" }
                    th scope="col" { "Points à corriger" }
                    @if any_joint { th scope="col" { "Action commune" } }
                } }
                tbody {
                    @for a in actions {
                        @let errors = entry.errors_of(a).len();
                        tr class=[(errors > 0).then_some("attention")] {
                            th scope="row" { (a.number) }
                            td { (a.title) }
                            td { (frame::tracking_badge(a.tracking(today).tracking)) }
                            td.num { (indicators.iter().filter(|i| i.action == a.number).count()) }
                            td {
                                @if errors > 0 {
                                    (frame::severity_badge(Severity::Error)) " " (count(errors, "point", "points"))
                                } @else {
                                    "—"
                                }
                            }
                            @if any_joint { td { (joint(&a.number).unwrap_or_default()) } }
                        }
                    }
                }
            } }
        }
    }
}

/// « Avis du comité »: the decision standing for each of the partner's
/// actions, as a sentence addressed to them.
fn decisions(entry: &PartnerEntry, c: &Consolidation) -> Markup {
    let given: Vec<(&crate::model::Action, &crate::model::Decision)> = entry
        .actions()
        .iter()
        .filter_map(|a| c.committee.standing.get(&a.number).map(|d| (a, d)))
        .collect();
    if given.is_empty() {
        return html! {};
    }
    html! {
        h2 { "Avis du comité" }
        p { "Les instances de la CTG ont rendu ces avis sur vos actions :" }
        ul {
            // The comment keeps the lines the committee's workbook gave it.
            @for (a, d) in &given {
                li.typed { (d.sentence(&a.title)) }
            }
        }
    }
}

/// One list of findings (kept in report order: sheet order, then cell);
/// those of another file than `current` name it. On a partner's page
/// (`entry`), each error says what it means for its row.
pub(super) fn problems(
    title: &str,
    intro: &str,
    findings: &[&Finding],
    current: Option<&str>,
    entry: Option<&PartnerEntry>,
) -> Markup {
    if findings.is_empty() {
        return html! {};
    }
    html! {
        h2 { (title) " (" (findings.len()) ")" }
        p { (intro) }
        ol.findings {
            @for f in findings {
                li {
                    p {
                        (frame::severity_badge(f.severity)) " " (frame::place(f))
                        // Findings of the version standing in name their
                        // file; the current file is implied.
                        @if Some(f.file.as_str()) != current {
                            " — fichier « " (f.file) " »"
                        }
                    }
                    p { (frame::finding_text(f)) }
                    @if let Some(what) = entry.and_then(|e| consequence(f, e)) {
                        p.hint { "→ " (what) }
                    }
                }
            }
        }
    }
}

/// What an error means for the row it is on, when it is on a row of the
/// version used: not taken at all, or kept and marked « à corriger » (the
/// message itself says which value is set aside or kept as written).
fn consequence(f: &Finding, entry: &PartnerEntry) -> Option<String> {
    let used = &entry.used.as_ref()?.submission;
    let at = f.location.as_ref()?;
    if f.severity != Severity::Error || f.file != used.file {
        return None;
    }
    if used
        .rejected
        .iter()
        .any(|r| r.sheet == at.sheet && r.row == at.row + 1)
    {
        return Some("Cette ligne n'est pas reprise dans le plan d'actions consolidé tant qu'elle n'est pas corrigée (voir « Lignes non retenues »).".to_owned());
    }
    let action = entry
        .actions()
        .iter()
        .find(|a| used.errors_of(a).any(|e| e == f))?;
    Some(format!(
        "L'action {} est reprise dans le plan d'actions consolidé, marquée « à corriger ».",
        action.number
    ))
}

fn rejected(entry: &PartnerEntry) -> Markup {
    let rows = entry
        .used
        .as_ref()
        .map_or(&[][..], |r| r.submission.rejected.as_slice());
    if rows.is_empty() {
        return html! {};
    }
    html! {
        h2 { "Lignes non retenues (" (rows.len()) ")" }
        p {
            "Ces lignes de votre fichier n'ont pas été prises en compte. Rien n'est perdu : leur contenu est rappelé ci-dessous, \
             et elles seront reprises dès que vous les aurez corrigées dans votre fichier."
        }
        @for row in rows {
            h3 { "Feuille « " (row.sheet) " », ligne " (row.row) }
            p { "Pourquoi :" }
            ul {
                @for reason in &row.reasons {
                    li { (reason) }
                }
            }
            @if !row.values.is_empty() {
                div.table-wrap { table {
                    thead { tr {
                        th scope="col" { "Colonne" }
                        th scope="col" { "Valeur saisie" }
                    } }
                    tbody {
                        @for (header, value) in &row.values {
                            tr { th scope="row" { (header) } td { (value) } }
                        }
                    }
                } }
            }
        }
    }
}

/// What to do to send a readable file again, when the current one could
/// not be read: about the file itself, never « open it in Excel » for a
/// file that is no workbook.
fn send_again(entry: &PartnerEntry, config: &Config) -> Vec<String> {
    let Some(current) = &entry.current else {
        return Vec::new();
    };
    let first = match &current.submission.unread {
        Some(ReadError::NotAWorkbook(what)) => format!(
            "« {} » n'est pas un classeur mais {what} : {} ne peut rien en lire. Retrouvez votre plan d'actions lui-même, dans Excel ou LibreOffice : le classeur que vous remplissez, ou le modèle qui vous a été transmis.",
            current.rel, config.tool_name
        ),
        _ => "Suivez l'indication du point « À corriger » ci-dessus : elle dit ce qui empêche de lire le fichier.".to_owned(),
    };
    vec![
        first,
        "Enregistrez-le au format Excel (.xlsx) ou LibreOffice (.ods), sans mot de passe."
            .to_owned(),
        format!(
            "Déposez-le dans le dossier partagé « depots » à la place de « {} », que vous retirez.",
            current.rel
        ),
    ]
}

fn next_steps(entry: &PartnerEntry, errors: usize, warnings: usize, config: &Config) -> Markup {
    let steps: Vec<String> = match (entry.state, errors + warnings) {
        (PartnerState::UpToDate, 0) => Vec::new(),
        (PartnerState::NeverSubmitted, _) => vec![
            "Remplissez le modèle de plan d'actions qui vous a été transmis, dans Excel ou LibreOffice.".to_owned(),
            "Enregistrez-le.".to_owned(),
            "Déposez-le dans le dossier partagé « depots ».".to_owned(),
        ],
        (PartnerState::Withdrawn, _) => vec![
            "Si votre fichier a été retiré par erreur, déposez-le à nouveau dans le dossier partagé « depots ».".to_owned(),
        ],
        (PartnerState::PreviousVersion(_) | PartnerState::Unreadable, _) => {
            send_again(entry, config)
        }
        _ => vec![
            if errors > 0 {
                "Ouvrez votre fichier dans Excel ou LibreOffice et corrigez les points « À corriger » ci-dessus ; profitez-en pour vérifier les points « À vérifier »."
            } else {
                "Ouvrez votre fichier dans Excel ou LibreOffice et vérifiez les points « À vérifier » ci-dessus ; corrigez-les si nécessaire."
            }
            .to_owned(),
            "Enregistrez-le au format Excel (.xlsx) ou LibreOffice (.ods), sans mot de passe.".to_owned(),
            "Déposez-le à nouveau dans le dossier partagé « depots », en remplaçant l'ancien fichier (gardez le même nom).".to_owned(),
        ],
    };
    html! {
        h2 { "Et maintenant ?" }
        @if steps.is_empty() {
            p {
                "Vous n'avez rien à faire pour l'instant. Lorsque vos actions avancent (statut, avancement, réalisé de l'année), \
                 mettez à jour ce même fichier et déposez-le à nouveau dans le dossier partagé « depots », en remplaçant l'ancien."
            }
        } @else {
            ol {
                @for step in &steps {
                    li { (step) }
                }
            }
        }
        p { "Ce retour sera mis à jour après chaque dépôt. Merci pour votre participation à la CTG !" }
    }
}
