//! The feedback page of one partner, written in `retours/`: what was
//! received, what was accepted, which cells to fix and how, and what to do
//! next — in plain French, addressed to the partner.

use std::fmt::Write;

use super::html::{self, escape};
use crate::consolidate::{Consolidation, PartnerEntry, PartnerState};
use crate::finding::{Finding, Severity};
use crate::referentiel::Config;
use crate::text::count;

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

/// Renders the feedback page of a partner.
pub fn render(entry: &PartnerEntry, c: &Consolidation, config: &Config) -> String {
    let who = if entry.name.is_empty() {
        entry.code.clone()
    } else {
        format!("{} ({})", entry.name, entry.code)
    };
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<h1>Retour sur votre plan d'actions — {}</h1>",
        escape(&who)
    );
    let _ = writeln!(
        body,
        "<p class=\"meta\">{} — retour établi le {}.</p>",
        escape(&config.referentiel.convention.name),
        html::datetime(c.generated_at)
    );
    let _ = writeln!(body, "<p>Bonjour,</p>");
    match &entry.current {
        Some(_) => {
            let _ = writeln!(
                body,
                "<p>Voici le retour sur le fichier que vous avez déposé dans le dossier partagé de la CTG.</p>"
            );
        }
        None => {
            let _ = writeln!(
                body,
                "<p>Voici où en est votre contribution au plan d'actions de la CTG.</p>"
            );
        }
    }
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
    verdict(&mut body, entry, errors.len(), warnings.len());
    received(&mut body, entry);
    accepted(&mut body, entry);
    problems(
        &mut body,
        "À corriger",
        "Ces points empêchent de prendre en compte une partie de vos informations. Pour chacun, ouvrez la feuille indiquée, allez à la cellule et corrigez-la comme expliqué :",
        &errors,
        entry,
    );
    problems(
        &mut body,
        "À vérifier",
        "Ces points n'empêchent pas la prise en compte de votre fichier, mais semblent inhabituels : vérifiez-les et corrigez-les si nécessaire.",
        &warnings,
        entry,
    );
    if entry.findings.iter().any(|f| f.location.is_some()) {
        let _ = writeln!(
            body,
            "<p class=\"hint\">Astuce : pour aller directement à une cellule, ouvrez la feuille indiquée (par exemple « Actions »), \
             tapez la cellule (par exemple C12) dans la zone de nom en haut à gauche, puis appuyez sur Entrée.</p>"
        );
    }
    rejected(&mut body, entry);
    next_steps(&mut body, entry, errors.len(), warnings.len());
    html::page(&format!("Retour — {who}"), &body)
}

/// The one-paragraph answer to « is my file all right? ».
fn verdict(out: &mut String, entry: &PartnerEntry, errors: usize, warnings: usize) {
    let file = entry
        .current
        .as_ref()
        .map(|r| escape(&r.rel))
        .unwrap_or_default();
    let (class, text) = match entry.state {
        PartnerState::UpToDate if warnings == 0 => ("ok", "Tout est en ordre : votre fichier a été accepté tel quel, sans aucune remarque. Merci pour ce travail soigné !".to_owned()),
        PartnerState::UpToDate => (
            "ok",
            format!("Votre fichier a été accepté. {} ci-dessous, sans urgence : rien ne bloque.", count(warnings, "point est à vérifier", "points sont à vérifier")),
        ),
        PartnerState::WithErrors => (
            "bad",
            format!(
                "Votre fichier a bien été lu, mais {} : les informations concernées ne sont pas prises en compte tant qu'elles ne sont pas corrigées.",
                count(errors, "erreur est à corriger", "erreurs sont à corriger")
            ),
        ),
        PartnerState::PreviousVersion(at) => (
            "warn",
            format!(
                "Votre fichier actuel « {file} » n'a pas pu être lu. En attendant que vous déposiez un fichier corrigé, \
                 la version que vous aviez déposée le {} est utilisée : les actions ci-dessous sont celles de cette version.",
                html::datetime(at)
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
    let _ = writeln!(
        out,
        "<div class=\"notice {class}\"><p>État de votre dossier : {}</p><p>{text}</p></div>",
        html::state_badge(entry.state)
    );
}

fn received(out: &mut String, entry: &PartnerEntry) {
    let Some(current) = &entry.current else {
        return;
    };
    let _ = writeln!(out, "<h2>Ce que nous avons reçu</h2>\n<dl class=\"facts\">");
    let _ = writeln!(out, "<dt>Fichier</dt><dd>{}</dd>", escape(&current.rel));
    let _ = writeln!(
        out,
        "<dt>Enregistré le</dt><dd>{}</dd>",
        html::datetime(current.modified)
    );
    let format = current
        .submission
        .format
        .map_or("non reconnu : le fichier n'a pas pu être lu", |f| {
            f.label()
        });
    let _ = writeln!(
        out,
        "<dt>Format</dt><dd>{format} — {}</dd>",
        crate::workbook::human_size(current.size)
    );
    if let PartnerState::PreviousVersion(at) = entry.state {
        let _ = writeln!(
            out,
            "<dt>Version utilisée à la place</dt><dd>celle que vous aviez déposée le {}</dd>",
            html::datetime(at)
        );
    }
    let _ = writeln!(out, "</dl>");
    if !entry.ignored.is_empty() {
        let names: Vec<String> = entry
            .ignored
            .iter()
            .map(|f| format!("« {} »", escape(f)))
            .collect();
        let _ = writeln!(
            out,
            "<p>Le dossier contient aussi {} à votre nom, plus ancien et donc ignoré : {}. Retirez-le du dossier « depots » pour éviter toute confusion.</p>",
            count(names.len(), "autre fichier", "autres fichiers"),
            names.join(", ")
        );
    }
}

fn accepted(out: &mut String, entry: &PartnerEntry) {
    if entry.used.is_none() {
        return;
    }
    let actions = entry.actions();
    let indicators = entry.indicators();
    let _ = writeln!(out, "<h2>Ce qui a été retenu</h2>");
    let _ = writeln!(
        out,
        "<p>{} et {} figurent dans le plan d'actions consolidé.</p>",
        count(actions.len(), "action", "actions"),
        count(indicators.len(), "indicateur", "indicateurs")
    );
    if actions.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">N° action</th><th scope=\"col\">Intitulé</th>\
         <th scope=\"col\" class=\"num\">Indicateurs</th></tr></thead>\n<tbody>"
    );
    for a in actions {
        let n = indicators.iter().filter(|i| i.action == a.number).count();
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td class=\"num\">{n}</td></tr>",
            escape(&a.number),
            escape(&a.title)
        );
    }
    let _ = writeln!(out, "</tbody>\n</table></div>");
}

/// One list of findings (kept in report order: sheet order, then cell).
fn problems(
    out: &mut String,
    title: &str,
    intro: &str,
    findings: &[&Finding],
    entry: &PartnerEntry,
) {
    if findings.is_empty() {
        return;
    }
    let current = entry.current.as_ref().map(|r| r.rel.as_str());
    let _ = writeln!(
        out,
        "<h2>{title} ({})</h2>\n<p>{intro}</p>\n<ol class=\"findings\">",
        findings.len()
    );
    for f in findings {
        // Findings of the version standing in name their file; the current
        // file is implied.
        let other = if Some(f.file.as_str()) == current {
            String::new()
        } else {
            format!(" — fichier « {} »", escape(&f.file))
        };
        let _ = writeln!(
            out,
            "<li><p>{} {}{other}</p><p>{}</p></li>",
            html::severity_badge(f.severity),
            html::place(f),
            html::finding_text(f)
        );
    }
    let _ = writeln!(out, "</ol>");
}

fn rejected(out: &mut String, entry: &PartnerEntry) {
    let rows = entry
        .used
        .as_ref()
        .map_or(&[][..], |r| r.submission.rejected.as_slice());
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "<h2>Lignes non retenues ({})</h2>", rows.len());
    let _ = writeln!(
        out,
        "<p>Ces lignes de votre fichier n'ont pas été prises en compte. Rien n'est perdu : leur contenu est rappelé ci-dessous, \
         et elles seront reprises dès que vous les aurez corrigées dans votre fichier.</p>"
    );
    for row in rows {
        let _ = writeln!(
            out,
            "<h3>Feuille « {} », ligne {}</h3>",
            escape(&row.sheet),
            row.row
        );
        let _ = writeln!(out, "<p>Pourquoi :</p>\n<ul>");
        for reason in &row.reasons {
            let _ = writeln!(out, "<li>{}</li>", escape(reason));
        }
        let _ = writeln!(out, "</ul>");
        if !row.values.is_empty() {
            let _ = writeln!(
                out,
                "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Colonne</th><th scope=\"col\">Valeur saisie</th></tr></thead>\n<tbody>"
            );
            for (header, value) in &row.values {
                let _ = writeln!(
                    out,
                    "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
                    escape(header),
                    escape(value)
                );
            }
            let _ = writeln!(out, "</tbody>\n</table></div>");
        }
    }
}

fn next_steps(out: &mut String, entry: &PartnerEntry, errors: usize, warnings: usize) {
    let _ = writeln!(out, "<h2>Et maintenant ?</h2>");
    let step = |text: &str| format!("<li>{text}</li>\n");
    let steps = match (entry.state, errors + warnings) {
        (PartnerState::UpToDate, 0) => {
            let _ = writeln!(
                out,
                "<p>Vous n'avez rien à faire pour l'instant. Lorsque vos actions avancent (statut, avancement, réalisé de l'année), \
                 mettez à jour ce même fichier et déposez-le à nouveau dans le dossier partagé « depots », en remplaçant l'ancien.</p>"
            );
            String::new()
        }
        (PartnerState::NeverSubmitted, _) => {
            step(
                "Remplissez le modèle de plan d'actions qui vous a été transmis, dans Excel ou LibreOffice.",
            ) + &step("Enregistrez-le.")
                + &step("Déposez-le dans le dossier partagé « depots ».")
        }
        (PartnerState::Withdrawn, _) => step(
            "Si votre fichier a été retiré par erreur, déposez-le à nouveau dans le dossier partagé « depots ».",
        ),
        _ => {
            let fix = if errors > 0 {
                "Ouvrez votre fichier dans Excel ou LibreOffice et corrigez les points « À corriger » ci-dessus ; profitez-en pour vérifier les points « À vérifier »."
            } else {
                "Ouvrez votre fichier dans Excel ou LibreOffice et vérifiez les points « À vérifier » ci-dessus ; corrigez-les si nécessaire."
            };
            step(fix)
                + &step(
                    "Enregistrez-le au format Excel (.xlsx) ou LibreOffice (.ods), sans mot de passe.",
                )
                + &step(
                    "Déposez-le à nouveau dans le dossier partagé « depots », en remplaçant l'ancien fichier (gardez le même nom).",
                )
        }
    };
    if !steps.is_empty() {
        let _ = writeln!(out, "<ol>\n{steps}</ol>");
    }
    let _ = writeln!(
        out,
        "<p>Ce retour sera mis à jour après chaque dépôt. Merci pour votre participation à la CTG !</p>"
    );
}
