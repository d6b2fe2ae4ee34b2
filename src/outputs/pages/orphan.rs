//! The feedback page of a file whose partner could not be told, written in
//! `retours/` and named after the file (`retour-fichier-piece-jointe-xlsx.html`):
//! someone dropped it and waits for an answer too. It says that the file is
//! not in the plan, why, and how to make it count.

use maud::{Markup, html};

use super::feedback::problems;
use super::frame;
use crate::consolidate::{Consolidation, Received};
use crate::finding::{Finding, Severity};
use crate::referentiel::Config;
use crate::text::{count, fold};

/// What the names of these pages start with: no partner page does.
const PREFIX: &str = "retour-fichier-";

/// The page names of `orphans`, in their order: the file's path folded
/// (`AFR/Pièce jointe.xlsx` → `retour-fichier-afr-piece-jointe-xlsx.html`),
/// numbered when two paths fold alike.
pub fn file_names(orphans: &[Received]) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(orphans.len());
    for o in orphans {
        let slug = fold(&o.rel).replace(' ', "-");
        let mut name = format!("{PREFIX}{slug}.html");
        let mut n = 2;
        while names.contains(&name) {
            name = format!("{PREFIX}{slug}-{n}.html");
            n += 1;
        }
        names.push(name);
    }
    names
}

/// True for the name of such a page.
pub fn is_page_name(name: &str) -> bool {
    name.starts_with(PREFIX) && name.ends_with(".html")
}

/// Renders the page of a file without partner.
pub fn render(o: &Received, c: &Consolidation, config: &Config) -> String {
    let s = &o.submission;
    let of = |severity| -> Vec<&Finding> {
        s.findings
            .iter()
            .filter(|f| f.severity == severity)
            .collect()
    };
    let (errors, warnings, infos) = (
        of(Severity::Error),
        of(Severity::Warning),
        of(Severity::Info),
    );
    let body = html! {
        h1 { "Retour sur le fichier « " (o.rel) " »" }
        p.meta {
            (config.referentiel.convention.name) " — retour établi le "
            (frame::datetime(c.generated_at)) "."
        }
        p { "Bonjour," }
        (verdict(o, config))
        h2 { "Ce que nous avons reçu" }
        dl.facts {
            dt { "Fichier" } dd { (o.rel) }
            dt { "Enregistré le" } dd { (frame::datetime(o.modified)) }
            dt { "Format" } dd { (frame::file_format(o)) }
        }
        (problems(
            "À corriger",
            "Ces points empêchent de prendre en compte le fichier, ou une partie de ses informations :",
            &errors,
            Some(o.rel.as_str()),
            None,
        ))
        (problems(
            "À vérifier",
            "Ces points semblent inhabituels : vérifiez-les et corrigez-les si nécessaire.",
            &warnings,
            Some(o.rel.as_str()),
            None,
        ))
        (problems(
            "Pour information",
            "Rien à corriger ici : ces remarques vous sont données pour la suite.",
            &infos,
            Some(o.rel.as_str()),
            None,
        ))
        h2 { "Et maintenant ?" }
        ol {
            @if s.is_readable() {
                li {
                    "Ouvrez le fichier dans Excel ou LibreOffice. Dans la feuille « Partenaire », à côté de « Code partenaire », \
                     inscrivez le code de votre structure (par exemple « MJCL ») : c'est aussi le début de chacun de vos numéros d'action. \
                     Si vous ne le connaissez pas, demandez-le au coordinateur de la CTG."
                }
                li { "Corrigez les autres points ci-dessus, s'il y en a." }
            } @else {
                li {
                    "Partez du modèle de plan d'actions que le coordinateur de la CTG vous a transmis (demandez-le-lui au besoin), \
                     et enregistrez-le au format Excel (.xlsx) ou LibreOffice (.ods), sans mot de passe."
                }
            }
            li { "Déposez le fichier dans le dossier partagé « depots », en remplaçant celui-ci." }
        }
        p { "Ce retour sera mis à jour après chaque dépôt. Merci pour votre participation à la CTG !" }
    };
    frame::page(&format!("Retour — fichier {}", o.rel), body)
}

/// Why the file is not in the plan.
fn verdict(o: &Received, config: &Config) -> Markup {
    let s = &o.submission;
    let held = if s.is_readable() {
        format!(
            "Il contient {} et {} lisibles, qui ne figurent pas dans le plan d'actions consolidé tant qu'on ne sait pas de quel partenaire il vient.",
            count(s.actions.len(), "action", "actions"),
            count(s.indicators.len(), "indicateur", "indicateurs")
        )
    } else {
        "Il n'a pas pu être lu : rien de ce qu'il contient ne figure dans le plan d'actions consolidé.".to_owned()
    };
    html! {
        div class="notice bad" {
            p {
                "Ce fichier n'a pas été pris en compte : " (config.tool_name)
                " n'a pas pu savoir de quel partenaire il vient \
                 (ni la feuille « Partenaire », ni le nom du fichier, ni un dépôt précédent ne le disent)."
            }
            p { (held) }
        }
    }
}
