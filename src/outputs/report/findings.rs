//! The report of `ctg verifier`: findings grouped by file, sorted by cell,
//! as readable French text or as JSON.

use std::fmt::Write;

use serde::Serialize;

use super::Format;
use crate::finding::{Finding, Severity};
use crate::model::Submission;
use crate::text::count;

/// Renders the report of several submissions: JSON, or else readable text
/// (the only other form `ctg verifier` offers).
pub fn render(submissions: &[Submission], referentiel: &str, format: Format) -> String {
    match format {
        Format::Json => json(submissions, referentiel),
        Format::Text | Format::Md | Format::Xlsx => text(submissions, referentiel),
    }
}

/// One line of totals for a submission: « 12 actions acceptées, 1 ligne refusée, 18 indicateurs ».
pub fn summary_line(s: &Submission) -> String {
    let mut parts = vec![count(
        s.actions.len(),
        "action acceptée",
        "actions acceptées",
    )];
    if !s.rejected.is_empty() {
        parts.push(count(s.rejected.len(), "ligne refusée", "lignes refusées"));
    }
    parts.push(count(s.indicators.len(), "indicateur", "indicateurs"));
    parts.join(", ")
}

fn text(submissions: &[Submission], referentiel: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Vérification de {} — {referentiel}",
        count(submissions.len(), "fichier", "fichiers")
    );
    for s in submissions {
        let _ = writeln!(out);
        let who = if s.partner.code.is_empty() {
            String::new()
        } else if s.partner.name.is_empty() {
            format!(" — {}", s.partner.code)
        } else {
            format!(" — {} ({})", s.partner.name, s.partner.code)
        };
        let _ = writeln!(out, "■ {}{who}", s.file);
        if s.is_readable() {
            let _ = writeln!(out, "  {}", summary_line(s));
        }
        if s.findings.is_empty() {
            let _ = writeln!(out, "  Aucun problème.");
        }
        for f in &s.findings {
            write_finding(&mut out, f);
        }
    }
    let errors: usize = submissions.iter().map(|s| s.count(Severity::Error)).sum();
    let warnings: usize = submissions.iter().map(|s| s.count(Severity::Warning)).sum();
    let infos: usize = submissions.iter().map(|s| s.count(Severity::Info)).sum();
    let with_errors = submissions
        .iter()
        .filter(|s| s.count(Severity::Error) > 0)
        .count();
    let _ = writeln!(out);
    let infos = if infos == 0 {
        String::new()
    } else {
        format!(", {}", count(infos, "information", "informations"))
    };
    let _ = writeln!(
        out,
        "Bilan : {}, {} ({} à corriger), {}{infos}.",
        count(submissions.len(), "fichier vérifié", "fichiers vérifiés"),
        count(errors, "erreur", "erreurs"),
        count(with_errors, "fichier", "fichiers"),
        count(warnings, "avertissement", "avertissements"),
    );
    out
}

fn write_finding(out: &mut String, f: &Finding) {
    let tag = match f.severity {
        Severity::Error => "ERREUR",
        Severity::Warning => "Attention",
        Severity::Info => "Information",
    };
    let place = f
        .location
        .as_ref()
        .map(|l| format!("{l} "))
        .unwrap_or_default();
    let _ = writeln!(out, "  {tag} {place}[{}]", f.code);
    let _ = writeln!(out, "    {}", f.message);
    if let Some(s) = &f.suggestion {
        let _ = writeln!(out, "    → {s}");
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    referentiel: &'a str,
    fichiers: Vec<JsonFile<'a>>,
    bilan: JsonTotals,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    fichier: &'a str,
    lisible: bool,
    format: Option<&'static str>,
    partenaire: Option<&'a str>,
    structure: &'a str,
    actions_acceptees: usize,
    lignes_refusees: usize,
    indicateurs: usize,
    erreurs: usize,
    avertissements: usize,
    informations: usize,
    constats: &'a [Finding],
}

#[derive(Serialize)]
struct JsonTotals {
    fichiers: usize,
    erreurs: usize,
    avertissements: usize,
    informations: usize,
}

fn json(submissions: &[Submission], referentiel: &str) -> String {
    let report = JsonReport {
        version: 1,
        referentiel,
        fichiers: submissions
            .iter()
            .map(|s| JsonFile {
                fichier: &s.file,
                lisible: s.is_readable(),
                format: s.format.map(|f| f.label()),
                partenaire: (!s.partner.code.is_empty()).then_some(s.partner.code.as_str()),
                structure: &s.partner.name,
                actions_acceptees: s.actions.len(),
                lignes_refusees: s.rejected.len(),
                indicateurs: s.indicators.len(),
                erreurs: s.count(Severity::Error),
                avertissements: s.count(Severity::Warning),
                informations: s.count(Severity::Info),
                constats: &s.findings,
            })
            .collect(),
        bilan: JsonTotals {
            fichiers: submissions.len(),
            erreurs: submissions.iter().map(|s| s.count(Severity::Error)).sum(),
            avertissements: submissions.iter().map(|s| s.count(Severity::Warning)).sum(),
            informations: submissions.iter().map(|s| s.count(Severity::Info)).sum(),
        },
    };
    let mut s = serde_json::to_string_pretty(&report)
        .unwrap_or_else(|e| format!("{{\"erreur\": \"{e}\"}}"));
    s.push('\n');
    s
}
