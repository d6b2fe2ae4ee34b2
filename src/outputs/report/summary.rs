//! The terminal summary of a consolidation, as `ctg consolider` prints it:
//! partners by state, what was read, what changed, and where every output
//! was written.

use crate::outputs::{Recorded, Written};
use std::fmt::Write;

use crate::changes::ChangeReport;
use crate::consolidate::Consolidation;
use crate::finding::Severity;
use crate::text::count;

/// Partner states in words, singular and plural: « 3 jamais déposé » or
/// « illisible(s) » read badly.
const STATES: [(&str, &str, &str); 6] = [
    ("a_jour", "lu sans erreur", "lus sans erreur"),
    ("avec_erreurs", "avec erreurs", "avec erreurs"),
    (
        "version_precedente",
        "illisible, version précédente utilisée",
        "illisibles, version précédente utilisée",
    ),
    (
        "illisible",
        "illisible sans version utilisable",
        "illisibles sans version utilisable",
    ),
    (
        "jamais_depose",
        "n'a jamais déposé de fichier",
        "n'ont jamais déposé de fichier",
    ),
    ("retire", "a retiré son fichier", "ont retiré leur fichier"),
];

/// The summary of consolidation `c`, written to `w`, with the changes since
/// the run before (none for the first run) and what the history holds of
/// it; `referentiel` says which configuration was used.
pub fn summary(
    c: &Consolidation,
    w: &Written,
    changes: Option<&ChangeReport>,
    recorded: &Recorded,
    referentiel: &str,
) -> String {
    let states: Vec<String> = STATES
        .iter()
        .filter_map(|(code, one, many)| {
            let n = c
                .partners
                .iter()
                .filter(|p| p.state.code() == *code)
                .count();
            (n > 0).then(|| count(n, one, many))
        })
        .collect();
    let findings = c.findings();
    let severity = |s: Severity| findings.iter().filter(|(_, f)| f.severity == s).count();
    let rejected: usize = c
        .partners
        .iter()
        .filter_map(|p| p.used.as_ref())
        .map(|u| u.submission.rejected.len())
        .sum();
    let mut out = format!("Consolidation terminée — {referentiel}\n");
    let _ = writeln!(
        out,
        "  {} : {}",
        count(c.partners.len(), "partenaire", "partenaires"),
        states.join(", ")
    );
    if !c.orphans.is_empty() {
        let _ = writeln!(
            out,
            "  {} dont le partenaire n'a pas pu être identifié",
            count(c.orphans.len(), "fichier", "fichiers")
        );
    }
    if !c.committee.files.is_empty() {
        let problems = c
            .committee
            .findings()
            .filter(|f| f.severity == Severity::Error)
            .count();
        let _ = writeln!(
            out,
            "  Avis du comité : {} en vigueur, lus dans {}{}",
            count(
                c.committee.standing.len(),
                "action avec avis",
                "actions avec avis"
            ),
            count(
                c.committee.files.len(),
                "classeur de coordination/",
                "classeurs de coordination/"
            ),
            if problems > 0 {
                format!(
                    " ; {} (voir le tableau de bord)",
                    count(
                        problems,
                        "avis non pris en compte",
                        "avis non pris en compte"
                    )
                )
            } else {
                String::new()
            }
        );
    }
    // Kept with errors (README, « Les actions gardées avec des erreurs »).
    let actions = match c.actions_to_correct().len() {
        0 => count(c.actions().len(), "action", "actions"),
        n => format!(
            "{} (dont {})",
            count(c.actions().len(), "action", "actions"),
            count(
                n,
                "avec des points à corriger",
                "avec des points à corriger"
            )
        ),
    };
    let _ = writeln!(
        out,
        "  {actions}, {}, {} ; {}",
        count(c.indicators().len(), "indicateur", "indicateurs"),
        count(rejected, "ligne à corriger", "lignes à corriger"),
        crate::text::severities(
            severity(Severity::Error),
            severity(Severity::Warning),
            severity(Severity::Info)
        ),
    );
    let _ = match (changes, &w.report) {
        // A repeat of the first run: the history line says it all.
        (None, _) if matches!(recorded, Recorded::Repeat { .. }) => Ok(()),
        (None, _) => writeln!(
            out,
            "  Modifications : première consolidation de ce dossier, rien à comparer."
        ),
        (Some(r), Some(path)) => writeln!(
            out,
            "  Modifications depuis {} : {} (rapport : {})",
            r.since,
            count(
                r.partners.len(),
                "partenaire concerné",
                "partenaires concernés"
            ),
            path.display()
        ),
        (Some(r), None) => writeln!(out, "  Aucune modification depuis {}.", r.since),
    };
    let _ = writeln!(out, "  Historique : {}.", recorded.line());
    let _ = writeln!(out, "  Classeur consolidé : {}", w.workbook.display());
    let _ = writeln!(out, "  Tableau de bord : {}", w.dashboard.display());
    if w.feedback > 0 {
        let _ = writeln!(
            out,
            "  Retours aux partenaires : {} dans {}",
            count(w.feedback, "fichier", "fichiers"),
            w.feedback_dir.display()
        );
    }
    out
}
