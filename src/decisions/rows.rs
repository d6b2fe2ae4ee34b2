//! The rows of a workbook of decisions: each filled avis becomes a
//! decision, or a finding with its cell and a suggestion (an action number
//! neither the plan nor its history knows, an avis outside the `[avis]`
//! list); an avis on an action that has left the plan is kept, with an
//! information.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::Known;
use crate::finding::{Code, Finding, Location, Severity};
use crate::model::Decision;
use crate::read::Table;
use crate::read::value;
use crate::referentiel::Referentiel;
use crate::referentiel::committee::{DecisionColumn, SHEET};
use crate::text::{closest, quoted_list};
use crate::validate::normalise_number;
use crate::workbook::RawWorkbook;

/// The meeting the rows belong to.
pub(super) struct Meeting<'a> {
    pub(super) instance: &'a str,
    pub(super) date: NaiveDate,
    pub(super) file: &'a str,
}

/// The finding for a workbook without any table of decisions.
pub(super) fn no_sheet(file: &str, raw: &RawWorkbook) -> Finding {
    let names: Vec<String> = raw.sheets.iter().map(|s| s.name.clone()).collect();
    Finding {
        severity: Severity::Error,
        code: Code::DecisionSheetMissing,
        file: file.to_owned(),
        location: None,
        message: format!(
            "Aucune feuille « {SHEET} » dans ce classeur (feuilles présentes : {}) : aucun avis n'en est pris en compte. Les classeurs du dossier coordination/ sont ceux que prépare « ctg avis » ; déplacez ailleurs tout autre fichier.",
            if names.is_empty() {
                "aucune".to_owned()
            } else {
                quoted_list(&names, "et")
            }
        ),
        suggestion: None,
    }
}

/// The decisions of `table`, each row checked; problems go to `findings`.
pub(super) fn check(
    table: &Table<DecisionColumn>,
    meeting: &Meeting,
    known: &Known,
    r: &Referentiel,
    findings: &mut Vec<Finding>,
) -> Vec<Decision> {
    let mut report = |severity, code, location: Location, message: String, suggestion| {
        findings.push(Finding {
            severity,
            code,
            file: meeting.file.to_owned(),
            location: Some(location),
            message,
            suggestion,
        });
    };
    let mut decisions: Vec<Decision> = Vec::new();
    // Row (1-based) of the decision already read for each action.
    let mut first_row: BTreeMap<String, u32> = BTreeMap::new();
    for row in &table.rows {
        let text = |c| table.get(row, c).map(value::text).unwrap_or_default();
        let (typed, verdict, comment) = (
            text(DecisionColumn::Number),
            text(DecisionColumn::Verdict),
            text(DecisionColumn::Comment),
        );
        let at = |c| table.location(row.row, c);
        // A row left as prepared: the committee gave no avis on it.
        if verdict.is_empty() {
            if !comment.is_empty() {
                report(
                    Severity::Warning,
                    Code::VerdictMissing,
                    at(DecisionColumn::Verdict),
                    format!(
                        "Un commentaire est écrit pour {} mais aucun avis n'est choisi : le commentaire n'est pas pris en compte. Choisissez l'avis du comité dans la liste ({}).",
                        if typed.is_empty() {
                            "cette ligne".to_owned()
                        } else {
                            typed.clone()
                        },
                        quoted_list(&r.verdicts, "ou")
                    ),
                    None,
                );
            }
            continue;
        }
        // A number the plan lacks may be an action that has left it since:
        // its avis is kept, and said to stand for nothing.
        let found = normalise_number(&typed, "").and_then(|n| {
            if known.plan.contains(&n) {
                Some((n, None))
            } else {
                (known.withdrawn)(&n).map(|last| (n, Some(last)))
            }
        });
        let Some((number, left)) = found else {
            let suggestion = closest(&typed, known.plan.iter().map(String::as_str))
                .map(|n| format!("Vouliez-vous dire {n} ?"));
            let message = if typed.is_empty() {
                format!(
                    "L'avis « {verdict} » n'a pas de numéro d'action : il n'est pas pris en compte. Indiquez le numéro de l'action concernée."
                )
            } else {
                format!(
                    "L'action « {typed} » ne figure ni dans le plan d'actions consolidé ni dans son historique : l'avis « {verdict} » n'est pas pris en compte. Corrigez le numéro (il commence par le code du partenaire, par exemple MJCL-004)."
                )
            };
            report(
                Severity::Error,
                Code::DecisionActionUnknown,
                at(DecisionColumn::Number),
                message,
                suggestion,
            );
            continue;
        };
        let verdict = match r.resolve_verdict(&verdict) {
            Ok(v) => v.to_owned(),
            Err(suggestion) => {
                report(
                    Severity::Error,
                    Code::VerdictUnknown,
                    at(DecisionColumn::Verdict),
                    format!(
                        "« {verdict} » n'est pas un avis de la liste ({}) : l'avis sur {number} n'est pas pris en compte. Choisissez-le dans la liste déroulante, ou ajoutez cette valeur à [avis] dans ctg.toml.",
                        quoted_list(&r.verdicts, "ou")
                    ),
                    suggestion.map(|s| format!("Vouliez-vous dire « {s} » ?")),
                );
                continue;
            }
        };
        if let Some(first) = first_row.get(&number) {
            report(
                Severity::Error,
                Code::DecisionDuplicate,
                at(DecisionColumn::Number),
                format!(
                    "L'action {number} a déjà un avis ligne {first} de ce classeur : cette ligne n'est pas prise en compte. Gardez une seule ligne par action."
                ),
                None,
            );
            continue;
        }
        first_row.insert(number.clone(), row.row + 1);
        let decision = Decision {
            action: number,
            instance: meeting.instance.to_owned(),
            date: meeting.date,
            verdict,
            comment,
            file: meeting.file.to_owned(),
            row: row.row + 1,
        };
        if let Some(last) = left {
            report(
                Severity::Info,
                Code::DecisionActionWithdrawn,
                at(DecisionColumn::Number),
                format!(
                    "L'action {} n'est plus dans le plan d'actions (elle y figurait pour la dernière fois à {last}) : l'avis « {} » du {} est conservé dans l'historique, mais n'apparaît plus dans le classeur consolidé, les retours ni les fiches. Rien à corriger.",
                    decision.action,
                    decision.verdict,
                    decision.meeting_title()
                ),
                None,
            );
        }
        decisions.push(decision);
    }
    decisions
}
