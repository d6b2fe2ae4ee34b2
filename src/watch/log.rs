//! The watcher's log: one timestamped French line per thing worth knowing,
//! and the wording of the longer lines (a file read, a consolidation).

use std::path::Path;
use std::time::Duration;

use crate::changes::ChangeReport;
use crate::consolidate::{Consolidation, Received};
use crate::finding::Severity;
use crate::publish::Recorded;
use crate::text::count;

/// One line of the log, with the time.
pub(super) fn log(message: &str) {
    use std::io::Write;
    // Not println!: it panics when stdout is gone (a closed pipe, `| tee`
    // killed), and the watcher must outlive its log reader.
    let _ = writeln!(
        std::io::stdout(),
        "[{}] {message}",
        chrono::Local::now().format("%H:%M:%S")
    );
}

/// One line on a file just read, of partner `code` when it is known.
pub(super) fn describe(r: &Received, code: Option<&str>) -> String {
    let s = &r.submission;
    let who = code.map_or(String::new(), |c| format!("{c} — "));
    if !s.is_readable() {
        let why = s
            .findings
            .first()
            .map_or(String::new(), |f| f.message.clone());
        return format!("{who}{} illisible : {why}", r.rel);
    }
    format!(
        "{who}{} lu : {}, {}",
        r.rel,
        count(s.actions.len(), "action", "actions"),
        crate::text::severities(
            s.count(Severity::Error),
            s.count(Severity::Warning),
            s.count(Severity::Info)
        )
    )
}

/// One line on a consolidation just published: its counts, then what
/// changed since the previous one (`changes`, with the report written at
/// `report`), when it was compared with one, and what the history holds of
/// it.
pub(super) fn summary(
    c: &Consolidation,
    changes: Option<&ChangeReport>,
    report: Option<&Path>,
    recorded: &Recorded,
) -> String {
    let errors = c
        .findings()
        .iter()
        .filter(|(_, f)| f.severity == Severity::Error)
        .count();
    let mut line = format!(
        "Consolidation : {}, {}, {}",
        count(c.partners.len(), "partenaire", "partenaires"),
        count(c.actions().len(), "action", "actions"),
        count(errors, "erreur", "erreurs")
    );
    match (changes, report) {
        (Some(r), Some(path)) => line.push_str(&format!(
            " ; {} (rapport : {})",
            count(
                r.partners.len(),
                "partenaire modifié",
                "partenaires modifiés"
            ),
            path.display()
        )),
        (Some(_), None) => line.push_str(" ; aucune modification"),
        (None, _) => {}
    }
    line.push_str(&match recorded {
        Recorded::New(id) => format!(" ; consolidation n° {id}"),
        Recorded::Repeat { label, .. } => {
            format!(
                " ; rien de nouveau depuis {label} : pas de nouvel enregistrement dans l'historique"
            )
        }
    });
    line
}

/// A duration in seconds, in French (« 2 secondes », « 0,5 secondes »).
pub(super) fn format_duration(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs.fract() == 0.0 {
        count(secs as usize, "seconde", "secondes")
    } else {
        format!("{secs} secondes").replace('.', ",")
    }
}
