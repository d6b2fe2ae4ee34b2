//! The history of a shared folder in words, for the terminal: the list of
//! consolidations, one action's changes run by run, a partner's deposits,
//! and what `ctg modele --avec-actions` takes back from the history.

use std::fmt::Write;
use std::path::Path;

use chrono::NaiveDateTime;
use comfy_table::{CellAlignment, ContentArrangement, LineStyle, Table, TableStyle};

use super::changes::{event_text, field_line};
use crate::changes::ChangeKind;
use crate::history::{ActionStep, ActionTimeline, RunList, Submissions, TrackedChange};
use crate::referentiel::Referentiel;
use crate::store::{Content, RecordedState};
use crate::text::count;

/// Characters of a content hash shown to identify a file version.
const SHORT_HASH: usize = 8;

/// « 12/03/2024 à 14:05 ».
fn at(t: NaiveDateTime) -> String {
    t.format("%d/%m/%Y à %H:%M").to_string()
}

fn short(hash: &str) -> &str {
    hash.get(..SHORT_HASH).unwrap_or(hash)
}

/// A table for the terminal: columns as wide as their widest cell, the
/// header underlined with dashes, numbers (`right`) aligned right. Plain
/// ASCII with no frame: it reads the same in any Windows console.
pub(super) fn table(headers: &[&str], right: &[bool], rows: Vec<Vec<String>>) -> String {
    let style = TableStyle::new().header_separator(LineStyle::none().fill('-').junction(' '));
    let mut t = Table::new();
    t.load_style(style)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(headers.to_vec())
        .add_rows(rows);
    for (column, right) in t.column_iter_mut().zip(right) {
        if *right {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    t.lines().map(|l| format!("{}\n", l.trim_end())).collect()
}

/// « n° 3 », « n° 3 à 7 », « n° 1, 4 à 6 ».
fn ranges(ranges: &[(i64, i64)]) -> String {
    let parts: Vec<String> = ranges
        .iter()
        .map(|(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a} à {b}")
            }
        })
        .collect();
    format!("n° {}", parts.join(", "))
}

/// The list of consolidations of the history of `folder`.
pub fn run_list(list: &RunList, folder: &Path) -> String {
    let rows: Vec<Vec<String>> = list
        .shown
        .iter()
        .map(|line| {
            let r = &line.run;
            vec![
                r.id.to_string(),
                r.started().map(at).unwrap_or_else(|| r.started_at.clone()),
                r.partners.to_string(),
                r.errors.to_string(),
                r.warnings.to_string(),
                match line.changed {
                    Some(n) => n.to_string(),
                    None => "première consolidation".to_owned(),
                },
            ]
        })
        .collect();
    let d = crate::fs::shell_arg(folder);
    let mut out = format!(
        "Historique de « {} » : {}\n",
        folder.display(),
        count(list.total, "consolidation", "consolidations")
    );
    if list.shown.len() < list.total {
        let _ = writeln!(
            out,
            "(les {} dernières ; « ctg historique {d} --toutes » pour les voir toutes)",
            list.shown.len()
        );
    }
    out.push('\n');
    out.push_str(&table(
        &[
            "N°",
            "Date",
            "Partenaires",
            "Erreurs",
            "Avertissements",
            "Partenaires modifiés",
        ],
        &[true, false, true, true, true, true],
        rows,
    ));
    let _ = write!(
        out,
        "\n« Partenaires modifiés » : partenaires dont le plan d'actions a changé en substance depuis la consolidation précédente (mêmes règles que le rapport de modifications).\n\
         Pour le détail : « ctg rapport {d} --depuis-run N° » ; une action : « ctg historique {d} --action N°_ACTION » ; un partenaire : « ctg historique {d} --partenaire CODE ».\n"
    );
    out
}

/// Where a version of the partner's plan comes from, in words.
fn source(r: &RecordedState) -> String {
    let path = r.path.as_deref().unwrap_or_default();
    let received = r.received_at.map(at).unwrap_or_default();
    match (&r.used_hash, r.state.as_str()) {
        (Some(hash), "version_precedente") => format!(
            "« {path} » illisible : version enregistrée le {received} utilisée (empreinte {})",
            short(hash)
        ),
        (Some(hash), _) => format!(
            "« {path} » enregistré le {received} (empreinte {})",
            short(hash)
        ),
        (None, "retire") => "fichier retiré du dossier partagé".to_owned(),
        (None, "jamais_depose") => "aucun fichier déposé".to_owned(),
        (None, _) => format!("« {path} » illisible, aucune version utilisable"),
    }
}

/// The lines of one change of the followed action, indented.
fn action_lines(out: &mut String, t: &TrackedChange) {
    let a = &t.change;
    let why = t
        .event
        .map(|e| format!(" — {}", event_text(e)))
        .unwrap_or_default();
    let _ = match a.kind {
        ChangeKind::Added => writeln!(
            out,
            "    {} {} : « {} » (axe {}){why}",
            if t.seen_before {
                "ajoutée de nouveau"
            } else if t.refused_before {
                "acceptée après correction de sa ligne,"
            } else {
                "créée"
            },
            a.number,
            a.title,
            a.axis
        ),
        ChangeKind::Removed => writeln!(out, "    supprimée : {}{why}", a.number),
        ChangeKind::Renumbered => writeln!(
            out,
            "    renumérotée : {} → {} (retrouvée par ressemblance à {:.0} %)",
            a.old_number.as_deref().unwrap_or_default(),
            a.number,
            a.resemblance.unwrap_or(0.0) * 100.0
        ),
        ChangeKind::Modified => writeln!(out, "    modifiée :"),
    };
    for f in &a.fields {
        let _ = writeln!(out, "      {}", field_line(f, false));
    }
}

/// The action's rows a file version refused, with why, indented.
fn refused_lines(out: &mut String, step: &ActionStep) {
    for (typed, row) in &step.refused {
        let _ = writeln!(
            out,
            "    ligne {}refusée (« {typed} ») : feuille « {} », ligne {}",
            if step.still_refused { "toujours " } else { "" },
            row.sheet,
            row.row
        );
        for reason in &row.reasons {
            let _ = writeln!(out, "      {reason}");
        }
    }
}

/// One action's changes, run by run, then where it stands now.
pub fn action(t: &ActionTimeline, r: &Referentiel) -> String {
    let (number, code) = (&t.number, &t.code);
    let mut out = format!("Historique de l'action {number} — {} ({code})\n", t.name);
    for step in &t.steps {
        let rec = &step.record;
        let _ = writeln!(
            out,
            "\nConsolidation n° {} du {} — {}",
            rec.run,
            at(rec.run_at),
            source(rec)
        );
        refused_lines(&mut out, step);
        for a in &step.actions {
            action_lines(&mut out, a);
        }
        for l in &step.links {
            let what = if l.made {
                "déclarée action commune par"
            } else {
                "n'est plus déclarée action commune par"
            };
            let _ = writeln!(out, "    {what} {} ({})", l.number, l.name);
        }
        for i in &step.indicators {
            let what = match i.kind {
                ChangeKind::Added => " : ajouté",
                ChangeKind::Removed => " : supprimé",
                _ => "",
            };
            let _ = writeln!(out, "    indicateur « {} »{what}", i.indicator);
            for f in &i.fields {
                let _ = writeln!(out, "      {}", field_line(f, false));
            }
        }
    }
    let _ = match &t.now {
        None if t.refused_now => writeln!(
            out,
            "\nÀ la dernière consolidation (n° {}), la ligne de l'action est refusée : elle ne figure pas dans le plan {} tant que le partenaire ne l'a pas corrigée.",
            t.last_run,
            crate::text::de(code)
        ),
        Some(a) => writeln!(
            out,
            "\nÀ la dernière consolidation (n° {}) : {} « {} », statut {}.",
            t.last_run,
            a.number,
            a.title,
            a.status
                .map(|k| r.status_label(k).to_owned())
                .unwrap_or_else(|| "non renseigné".to_owned())
        ),
        None => writeln!(
            out,
            "\nÀ la dernière consolidation (n° {}), l'action ne figure plus dans le plan {}.",
            t.last_run,
            crate::text::de(code)
        ),
    };
    out
}

/// A partner's state at a run, in words.
fn state_label(code: &str) -> &'static str {
    match code {
        "a_jour" => "lu sans erreur",
        "avec_erreurs" => "avec erreurs",
        "version_precedente" => "illisible (version précédente utilisée)",
        "illisible" => "illisible",
        "jamais_depose" => "jamais déposé",
        "retire" => "fichier retiré du dossier",
        _ => "inconnu",
    }
}

/// The file versions a partner sent, as a table, then its latest state.
pub fn submissions(s: &Submissions) -> String {
    let r = &s.latest;
    let who = if r.name.is_empty() {
        crate::text::de(&s.code)
    } else {
        format!("{} ({})", crate::text::de(&r.name), s.code)
    };
    let mut out = format!(
        "Dépôts {who} : {}\n",
        count(
            s.versions.len(),
            "version de fichier",
            "versions de fichier"
        )
    );
    if !s.versions.is_empty() {
        let rows: Vec<Vec<String>> = s
            .versions
            .iter()
            .map(|v| {
                let rec = &v.record;
                vec![
                    rec.current_received_at.map(at).unwrap_or_default(),
                    rec.path.clone().unwrap_or_default(),
                    short(&v.hash).to_owned(),
                    state_label(&rec.state).to_owned(),
                    v.actions.map_or_else(|| "—".to_owned(), |n| n.to_string()),
                    rec.errors.to_string(),
                    rec.warnings.to_string(),
                    ranges(&v.runs),
                ]
            })
            .collect();
        out.push('\n');
        out.push_str(&table(
            &[
                "Enregistré le",
                "Fichier",
                "Empreinte",
                "État",
                "Actions",
                "Erreurs",
                "Avertissements",
                "Consolidations",
            ],
            &[false, false, false, false, true, true, true, false],
            rows,
        ));
        out.push_str("\nÉtat, actions, erreurs et avertissements : à la dernière consolidation qui a lu la version.\n");
    }
    let _ = writeln!(
        out,
        "À la dernière consolidation (n° {} du {}) : {}.",
        r.run,
        at(r.run_at),
        state_label(&r.state)
    );
    out
}

/// Where the actions of a template come from: « Actions reprises de la
/// consolidation n° 3 du … : 4 actions et 6 indicateurs (fichier « … »). »
pub fn reused(record: &RecordedState, content: &Content) -> String {
    let received = record
        .received_at
        .map(|t| format!(", enregistré le {}", at(t)))
        .unwrap_or_default();
    format!(
        "Actions reprises de la consolidation n° {} du {} : {} et {} (fichier « {} »{received}).",
        record.run,
        at(record.run_at),
        count(content.actions.len(), "action", "actions"),
        count(content.indicators.len(), "indicateur", "indicateurs"),
        record.path.as_deref().unwrap_or_default(),
    )
}

/// The warning for actions taken back from the history whose objective
/// has left the référentiel, if any.
pub fn stale_objectives(content: &Content, r: &Referentiel) -> Option<String> {
    let stale: Vec<String> = content
        .actions
        .iter()
        .filter(|a| r.objective(&a.objective).is_none())
        .map(|a| format!("{} (objectif {})", a.number, a.objective))
        .collect();
    if stale.is_empty() {
        return None;
    }
    let (keeps, them) = if stale.len() == 1 {
        (
            "garde son ancien code",
            "cette action ne sera pas prise en compte",
        )
    } else {
        (
            "garde leur ancien code",
            "ces actions ne seront pas prises en compte",
        )
    };
    Some(format!(
        "l'objectif de {} n'existe plus dans le référentiel : {}. Le modèle {keeps}, signalé par une note sur la cellule ; le partenaire doit choisir le nouvel objectif dans la liste déroulante, sinon {them}.",
        count(stale.len(), "action", "actions"),
        stale.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_underline_headers_and_align_numbers_right() {
        let out = table(
            &["N°", "Date"],
            &[true, false],
            vec![
                vec!["9".to_owned(), "01/03/2024 à 10:00".to_owned()],
                vec!["10".to_owned(), "é".to_owned()],
            ],
        );
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines,
            [
                " N°   Date",
                "---- --------------------",
                "  9   01/03/2024 à 10:00",
                " 10   é",
            ]
        );
        assert_eq!(ranges(&[(1, 1), (4, 6)]), "n° 1, 4 à 6");
    }
}
