//! Rules for the values an action takes from the référentiel: its
//! objective, statut, champs, publics and communes.

use super::Reporter;
use crate::finding::{Code, Severity};
use crate::model::Communes;
use crate::referentiel::columns::ActionColumn;
use crate::referentiel::{CommuneMatch, ObjectiveMatch, Referentiel, StatusKind};

use super::actions::Row;

pub(super) fn check_objective(
    row: &mut Row,
    who: &str,
    r: &Referentiel,
    report: &mut Reporter,
) -> Option<String> {
    use ActionColumn::Objective;
    let typed = row.text(Objective, report);
    if typed.is_empty() {
        row.refuse(report, Code::ObjectiveMissing, Objective, format!("{who} n'est rattachée à aucun objectif opérationnel : elle n'est pas prise en compte. Choisissez son objectif dans la liste déroulante de la colonne « Objectif opérationnel »."), None);
        return None;
    }
    match r.resolve_objective(&typed) {
        ObjectiveMatch::Found {
            objective,
            label_differs,
        } => {
            if label_differs {
                report.warn(Code::ObjectiveLabelMismatch, row.loc(Objective), format!("Le code {} correspond à l'objectif « {} », pas au libellé écrit « {typed} » : ctg retient l'objectif {}. Vérifiez-le et choisissez l'objectif dans la liste déroulante.", objective.code, objective.label, objective.code));
            }
            Some(objective.code.clone())
        }
        ObjectiveMatch::Unknown { suggestion } => {
            let suggestion = suggestion.map(|s| format!("Vouliez-vous dire « {s} » ?"));
            row.refuse(report, Code::ObjectiveUnknown, Objective, format!("« {typed} » n'est pas un objectif opérationnel de la CTG : {} n'est pas prise en compte. Choisissez son objectif dans la liste déroulante (code et libellé, par exemple « 1.1.1 — … »).", lower_who(who)), suggestion);
            None
        }
    }
}

pub(super) fn check_status(
    row: &mut Row,
    who: &str,
    r: &Referentiel,
    report: &mut Reporter,
) -> Option<StatusKind> {
    use ActionColumn::Status;
    let typed = row.text(Status, report);
    let labels: Vec<&str> = r.statuses.iter().map(|s| s.label.as_str()).collect();
    if typed.is_empty() {
        report.warn(
            Code::StatusMissing,
            row.loc(Status),
            format!(
                "Le statut de {} n'est pas renseigné : choisissez {}.",
                lower_who(who),
                or_list(&labels)
            ),
        );
        return None;
    }
    match r.resolve_status(&typed) {
        Ok(s) => Some(s.kind),
        Err(suggestion) => {
            report.push(
                Severity::Error,
                Code::StatusUnknown,
                Some(row.loc(Status)),
                format!(
                    "« {typed} » n'est pas un statut possible : choisissez {}. L'action est retenue sans statut en attendant.",
                    or_list(&labels)
                ),
                suggestion.map(|s| format!("Vouliez-vous dire « {s} » ?")),
            );
            None
        }
    }
}

pub(super) fn lower_who(who: &str) -> String {
    match who.strip_prefix("L'action") {
        Some(rest) => format!("l'action{rest}"),
        None => "cette action".to_owned(),
    }
}

fn or_list(items: &[&str]) -> String {
    crate::text::quoted_list(items, "ou")
}

#[allow(clippy::too_many_arguments)]
pub(super) fn check_list<'r>(
    row: &mut Row,
    c: ActionColumn,
    resolve: impl Fn(&str) -> Result<&'r str, Option<&'r str>>,
    absent: Code,
    unknown: Code,
    what: &str,
    who: &str,
    report: &mut Reporter,
) -> Vec<String> {
    let typed = row.text(c, report);
    if typed.is_empty() {
        report.warn(
            absent,
            row.loc(c),
            format!(
                "Le {what} de {} n'est pas renseigné : choisissez-le dans la liste déroulante.",
                lower_who(who)
            ),
        );
        return Vec::new();
    }
    crate::text::split_list(&typed)
        .into_iter()
        .map(|v| {
            let hint = " (plusieurs valeurs se séparent par « ; »)";
            resolved(row, c, v, &resolve, unknown, what, hint, report)
        })
        .collect()
}

/// An optional value chosen in a list (the dispositif CAF): nothing when
/// the cell is empty, else the list's own spelling of it, or the value as
/// typed with an error.
pub(super) fn check_choice<'r>(
    row: &mut Row,
    c: ActionColumn,
    resolve: impl Fn(&str) -> Result<&'r str, Option<&'r str>>,
    unknown: Code,
    what: &str,
    report: &mut Reporter,
) -> Option<String> {
    let typed = row.text(c, report);
    (!typed.is_empty()).then(|| resolved(row, c, typed, &resolve, unknown, what, "", report))
}

/// One value of a list, as the list spells it; a value not in the list is
/// reported (with the closest one) and kept as typed.
#[allow(clippy::too_many_arguments)]
fn resolved<'r>(
    row: &Row,
    c: ActionColumn,
    v: String,
    resolve: &impl Fn(&str) -> Result<&'r str, Option<&'r str>>,
    unknown: Code,
    what: &str,
    hint: &str,
    report: &mut Reporter,
) -> String {
    match resolve(&v) {
        Ok(canonical) => canonical.to_owned(),
        Err(suggestion) => {
            report.push(Severity::Error, unknown, Some(row.loc(c)), format!("« {v} » n'est pas un {what} de la liste : choisissez une valeur de la liste déroulante{hint}. La valeur est conservée telle quelle en attendant."), suggestion.map(|s| format!("Vouliez-vous dire « {s} » ?")));
            v
        }
    }
}

pub(super) fn check_communes(
    row: &mut Row,
    who: &str,
    r: &Referentiel,
    report: &mut Reporter,
) -> Communes {
    use ActionColumn::Communes as Col;
    let typed = row.text(Col, report);
    if typed.is_empty() {
        report.warn(Code::CommunesMissing, row.loc(Col), format!("Les communes concernées par {} ne sont pas renseignées : écrivez « Toutes » ou la liste des communes séparées par « ; ».", lower_who(who)));
        return Communes::Unspecified;
    }
    let mut names = Vec::new();
    let mut all = false;
    for v in crate::text::split_list(&typed) {
        match r.resolve_commune(&v) {
            CommuneMatch::All => all = true,
            CommuneMatch::One(c) => {
                if !names.contains(&c.name) {
                    names.push(c.name.clone());
                }
            }
            CommuneMatch::Unknown { suggestion } => {
                report.push(Severity::Error, Code::CommuneUnknown, Some(row.loc(Col)), format!("« {v} » n'est pas une commune du territoire ({}) : corrigez le nom, ou écrivez « Toutes » si l'action concerne tout le territoire.", r.convention.territory), suggestion.map(|s| format!("Vouliez-vous dire {s} ?")));
                names.push(v);
            }
        }
    }
    if all {
        Communes::All
    } else {
        Communes::Some(names)
    }
}
