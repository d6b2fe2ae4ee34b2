//! Rules for the values an action takes from the référentiel: its
//! objective, statut, champs, publics and communes.

use super::{Reporter, SET_ASIDE};
use crate::finding::{Code, Severity};
use crate::model::Communes;
use crate::referentiel::columns::ActionColumn;
use crate::referentiel::{CommuneMatch, ListMatch, ObjectiveMatch, Referentiel, StatusKind};

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
                report.warn(Code::ObjectiveLabelMismatch, row.loc(Objective), format!("Le code {} correspond à l'objectif « {} », pas au libellé écrit « {typed} » : {} retient l'objectif {}. Vérifiez-le et choisissez l'objectif dans la liste déroulante.", objective.code, objective.label, report.tool(), objective.code));
            }
            Some(objective.code.clone())
        }
        ObjectiveMatch::FromLead { objective, lead } => {
            report.push(Severity::Warning, Code::ObjectiveFromLead, Some(row.loc(Objective)), format!("« {typed} » n'est pas un objectif opérationnel mais une piste de travail de l'objectif {} (« {lead} ») : {} rattache {} à cet objectif. Choisissez l'objectif dans la liste déroulante de la colonne « Objectif opérationnel » ; la piste peut aller dans l'intitulé ou la description.", objective.code, report.tool(), lower_who(who)), Some(format!("Choisissez « {} » dans la liste.", objective.choice())));
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
                    "« {typed} » n'est pas un statut possible : {SET_ASIDE} Choisissez {}.",
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

/// The codes and words of one list column (champs, publics, dispositif
/// CAF).
pub(super) struct ListColumn {
    /// The column.
    pub(super) column: ActionColumn,
    /// Code of a value read as the list value it nearly matches.
    pub(super) near: Code,
    /// Code of a value not in the list.
    pub(super) unknown: Code,
    /// What a value is, after « un » (« champ d'intervention »).
    pub(super) what: &'static str,
}

/// The values of a list column, each resolved by `resolve`, in the list's
/// spelling; an empty cell is reported with `absent`.
pub(super) fn check_list<'r>(
    row: &mut Row,
    list: &ListColumn,
    absent: Code,
    resolve: impl Fn(&str) -> ListMatch<'r>,
    who: &str,
    report: &mut Reporter,
) -> Vec<String> {
    let (c, what) = (list.column, list.what);
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
    let mut out: Vec<String> = Vec::new();
    for v in crate::text::split_list(&typed) {
        let hint = " (plusieurs valeurs se séparent par « ; »)";
        if let Some(value) = resolved(row, list, &v, &resolve, hint, report)
            && !out.contains(&value)
        {
            out.push(value);
        }
    }
    out
}

/// An optional value chosen in a list (the dispositif CAF): nothing when
/// the cell is empty, else the list's own spelling of it.
pub(super) fn check_choice<'r>(
    row: &mut Row,
    list: &ListColumn,
    resolve: impl Fn(&str) -> ListMatch<'r>,
    report: &mut Reporter,
) -> Option<String> {
    let typed = row.text(list.column, report);
    if typed.is_empty() {
        return None;
    }
    resolved(row, list, &typed, &resolve, "", report)
}

/// One value of a list, as the list spells it. A value that nearly matches
/// one list value is taken as it, with a warning naming it; an unknown
/// value is reported (with the closest one) and set aside, the rest of the
/// action kept (README, « Les actions gardées avec des erreurs »).
fn resolved<'r>(
    row: &Row,
    list: &ListColumn,
    v: &str,
    resolve: &impl Fn(&str) -> ListMatch<'r>,
    hint: &str,
    report: &mut Reporter,
) -> Option<String> {
    let (c, what) = (list.column, list.what);
    match resolve(v) {
        ListMatch::Exact(canonical) => Some(canonical.to_owned()),
        ListMatch::Near(canonical) => {
            report.warn(list.near, row.loc(c), format!("« {v} » n'est pas écrit comme dans la liste : {} retient « {canonical} », la valeur la plus proche. Vérifiez-le et choisissez la valeur dans la liste déroulante.", report.tool()));
            Some(canonical.to_owned())
        }
        ListMatch::Unknown(suggestion) => {
            report.push(Severity::Error, list.unknown, Some(row.loc(c)), format!("« {v} » n'est pas un {what} de la liste : {SET_ASIDE} Choisissez une valeur de la liste déroulante{hint}."), suggestion.map(|s| format!("Vouliez-vous dire « {s} » ?")));
            None
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
                report.push(Severity::Error, Code::CommuneUnknown, Some(row.loc(Col)), format!("« {v} » n'est pas une commune du territoire ({}) : {SET_ASIDE} Corrigez le nom, ou écrivez « Toutes » si l'action concerne tout le territoire.", r.convention.territory), suggestion.map(|s| format!("Vouliez-vous dire {s} ?")));
            }
        }
    }
    if all {
        Communes::All
    } else if names.is_empty() {
        // Every name was set aside: said by their errors.
        Communes::Unspecified
    } else {
        Communes::Some(names)
    }
}
