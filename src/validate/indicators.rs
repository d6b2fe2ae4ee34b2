//! Rules for the rows of the Indicateurs sheet.

use std::collections::{BTreeMap, HashMap};

use chrono::Datelike;

use super::{Context, Reporter, cell_value, normalise_number, rejected_row};
use crate::finding::{Code, Severity};
use crate::model::{
    Action, Indicator, IndicatorKind, IndicatorNature, IndicatorValue, RejectedRow, TargetHorizon,
};
use crate::read::{Table, TableRow, value};
use crate::referentiel::StatusKind;
use crate::referentiel::columns::{ActionColumn, IndicatorColumn};
use crate::text::{closest, content_words, fold, similarity, word_resemblance};
use crate::workbook::CellValue;

/// Checks every indicator row against the accepted actions.
pub(super) fn check(
    table: &Table<IndicatorColumn>,
    code: &str,
    actions: &[Action],
    refused_numbers: &[String],
    ctx: &Context,
    report: &mut Reporter,
    rejected: &mut Vec<RejectedRow>,
) -> Vec<Indicator> {
    let mut indicators: Vec<Indicator> = Vec::new();
    let mut seen: HashMap<(String, String), u32> = HashMap::new();
    let missing = super::missing_required(table, &ctx.config.referentiel);
    for row in &table.rows {
        if let Some(reason) = &missing {
            rejected.push(rejected_row(table, row, vec![reason.clone()]));
            continue;
        }
        let before = report.mark();
        let (indicator, refused) =
            check_row(table, row, code, actions, refused_numbers, ctx, report);
        if refused {
            rejected.push(rejected_row(table, row, report.errors_since(before)));
            continue;
        }
        let Some(ind) = indicator else { continue };
        let key = (ind.action.clone(), fold(&ind.name));
        if let Some(first) = seen.get(&key) {
            report.warn(Code::DuplicateIndicator, table.location(row.row, IndicatorColumn::Name), format!("L'indicateur « {} » de l'action {} figure déjà ligne {} : supprimez le doublon ou précisez son libellé.", ind.name, ind.action, first));
        } else {
            seen.insert(key, ind.row);
        }
        indicators.push(ind);
    }
    indicators
}

/// Warns, on the action's own row, of each action under way or done that
/// no indicator measures.
pub(super) fn actions_without_indicator(
    actions: &[Action],
    indicators: &[Indicator],
    actions_table: &Table<ActionColumn>,
    indicators_sheet: &str,
    ctx: &Context,
    report: &mut Reporter,
) {
    for a in actions
        .iter()
        .filter(|a| matches!(a.status, Some(StatusKind::InProgress | StatusKind::Done)))
    {
        if !indicators.iter().any(|i| i.action == a.number) {
            report.warn(
                Code::ActionWithoutIndicator,
                actions_table.location(a.row.saturating_sub(1), ActionColumn::Number),
                format!("L'action {} (« {} ») est « {} » mais n'a aucun indicateur : ajoutez au moins une ligne dans la feuille « {indicators_sheet} » pour pouvoir l'évaluer.", a.number, a.title, ctx.config.referentiel.status_label(a.status.unwrap_or(StatusKind::InProgress))),
            );
        }
    }
}

fn check_row(
    table: &Table<IndicatorColumn>,
    row: &TableRow,
    code: &str,
    actions: &[Action],
    refused_numbers: &[String],
    ctx: &Context,
    report: &mut Reporter,
) -> (Option<Indicator>, bool) {
    use IndicatorColumn::*;
    let loc = |c| table.location(row.row, c);
    let text = |c, report: &mut Reporter| -> String {
        cell_value(table, row, c, report).map_or_else(String::new, value::text)
    };
    let mut refused = false;
    let raw_action = text(Action, report);
    let name = text(Name, report);
    let action = if raw_action.is_empty() {
        refused = true;
        report.error(Code::IndicatorWithoutAction, loc(Action), "Cet indicateur n'est rattaché à aucune action : indiquez le numéro de l'action qu'il mesure (colonne « N° action »).".to_owned());
        None
    } else {
        let number = normalise_number(&raw_action, code).unwrap_or_else(|| raw_action.clone());
        if actions.iter().any(|a| a.number == number) {
            Some(number)
        } else {
            refused = true;
            if refused_numbers.contains(&number) {
                report.error(Code::IndicatorActionUnknown, loc(Action), format!("L'action {number} n'a pas pu être prise en compte (voir ses erreurs dans la feuille des actions) : cet indicateur est mis de côté en attendant."));
            } else {
                let suggestion = likely_action(&number, &name, actions)
                    .map(|a| format!("Vouliez-vous dire {} (« {} ») ?", a.number, a.title));
                report.push(Severity::Error, Code::IndicatorActionUnknown, Some(loc(Action)), format!("Aucune action ne porte le numéro « {raw_action} » dans ce fichier : l'indicateur n'est pas pris en compte. Indiquez le numéro d'une de vos actions."), suggestion);
            }
            None
        }
    };
    if name.is_empty() {
        refused = true;
        report.error(Code::IndicatorWithoutName, loc(Name), "Cet indicateur n'a pas de libellé : écrivez ce qui est mesuré (par exemple « Nombre de familles accueillies »).".to_owned());
    }

    let kind_text = text(Kind, report);
    let mut kind = match fold(&kind_text).as_str() {
        "" => None,
        k if k.starts_with("quanti")
            || matches!(k, "nombre" | "chiffre" | "numerique" | "taux") =>
        {
            Some(IndicatorKind::Quantitative)
        }
        k if k.starts_with("quali") => Some(IndicatorKind::Qualitative),
        _ => {
            report.warn(Code::IndicatorKindUnknown, loc(Kind), format!("Le type « {kind_text} » n'existe pas : choisissez « Quantitatif » (un nombre) ou « Qualitatif » (une appréciation)."));
            None
        }
    };
    let nature = choice(
        table,
        row,
        Nature,
        IndicatorNature::ALL.map(|n| (n, n.label())),
        |k| match k
            .trim_start_matches("indicateur ")
            .trim_start_matches("de ")
        {
            "resultat" | "resultats" => Some(IndicatorNature::Result),
            "moyen" | "moyens" => Some(IndicatorNature::Means),
            _ => None,
        },
        (
            Code::IndicatorNatureUnknown,
            "La nature",
            "« Résultat » (ce que l'action change pour son public : familles accueillies, satisfaction…) ou « Moyens » (ce qu'elle mobilise : heures d'animation, séances tenues…). Le type quantitatif ou qualitatif va dans la colonne « Type ».",
        ),
        report,
    );
    let horizon = choice(
        table,
        row,
        Horizon,
        TargetHorizon::ALL.map(|h| (h, h.label())),
        |k| match k {
            "annuelle" | "annuel" | "annuellement" | "par an" | "chaque annee" => {
                Some(TargetHorizon::Annual)
            }
            "fin de ctg"
            | "fin de la ctg"
            | "fin ctg"
            | "fin de convention"
            | "fin de la convention"
            | "pluriannuelle" => Some(TargetHorizon::EndOfConvention),
            _ => None,
        },
        (
            Code::IndicatorHorizonUnknown,
            "L'horizon",
            "« Annuelle » (la cible vaut pour chaque année) ou « Fin de CTG » (elle est à atteindre à la fin de la convention). Laissée vide, la cible vaut pour la fin de la CTG.",
        ),
        report,
    );
    let mut value_cols: Vec<IndicatorColumn> = vec![Baseline, Target];
    value_cols.extend(ctx.config.referentiel.convention.years().map(Result));
    if kind.is_none() {
        // Deduce the type from the values: all numbers means quantitative.
        let values: Vec<&CellValue> = value_cols
            .iter()
            .filter_map(|c| table.get(row, *c))
            .collect();
        if !values.is_empty() {
            kind = Some(if values.iter().all(|v| value::number(v).is_some()) {
                IndicatorKind::Quantitative
            } else {
                IndicatorKind::Qualitative
            });
        }
    }
    let read_value = |c: IndicatorColumn, report: &mut Reporter| -> Option<IndicatorValue> {
        let v = cell_value(table, row, c, report)?;
        if kind == Some(IndicatorKind::Quantitative) {
            if let Some(n) = value::number(v) {
                return Some(IndicatorValue::Number(n));
            }
            report.error(Code::IndicatorValueInvalid, loc(c), format!("L'indicateur est quantitatif mais « {v} » n'est pas un nombre : écrivez seulement le nombre (l'unité va dans la colonne « Unité »), ou passez l'indicateur en « Qualitatif »."));
        }
        Some(IndicatorValue::Text(value::text(v)))
    };
    let baseline = read_value(Baseline, report);
    let target = read_value(Target, report);
    let mut results = BTreeMap::new();
    let this_year = ctx.today.year();
    for year in ctx.config.referentiel.convention.years() {
        if let Some(v) = read_value(Result(year), report) {
            if year > this_year {
                report.warn(Code::ResultForFutureYear, loc(Result(year)), format!("Un résultat est saisi pour {year}, année qui n'a pas commencé : vérifiez la colonne (la valeur visée va dans « Cible »)."));
            }
            results.insert(year, v);
        }
    }
    if target.is_none() && !refused {
        report.warn(Code::IndicatorWithoutTarget, loc(Target), format!("L'indicateur « {name} » n'a pas de cible : indiquez la valeur visée à la fin de la convention."));
    }
    let indicator = (!refused).then(|| Indicator {
        action: action.unwrap_or_default(),
        name,
        kind,
        nature,
        unit: text(Unit, report),
        baseline,
        target,
        horizon,
        results,
        comment: text(Comment, report),
        row: row.row + 1,
    });
    (indicator, refused)
}

/// How much a resemblance in words weighs against one in number when
/// suggesting the action an indicator measures: the words say what is
/// measured, the number is often one key away from several actions.
const NUMBER_WEIGHT: f64 = 0.25;

/// Below this resemblance in words (and [`closest`]'s in number), an
/// action is not suggested.
const WORDS_ENOUGH: f64 = 0.2;

/// The action an indicator pointing at no action most likely measures: the
/// one whose title or description its name resembles most in words, the
/// closest number weighing less; `None` when no action resembles it in
/// words or in number.
fn likely_action<'a>(number: &str, name: &str, actions: &'a [Action]) -> Option<&'a Action> {
    let words = content_words(name);
    let by_number = closest(number, actions.iter().map(|a| a.number.as_str()));
    actions
        .iter()
        .map(|a| {
            let in_words = word_resemblance(&words, &content_words(&a.title))
                .max(word_resemblance(&words, &content_words(&a.description)));
            let in_number = similarity(&fold(number), &fold(&a.number));
            (a, in_words, in_words + NUMBER_WEIGHT * in_number)
        })
        .filter(|(a, in_words, _)| {
            (!words.is_empty() && *in_words >= WORDS_ENOUGH) || by_number == Some(a.number.as_str())
        })
        .max_by(|x, y| x.2.total_cmp(&y.2))
        .map(|(a, _, _)| a)
}

/// A value an indicator takes from a dropdown (nature, horizon): `parse`
/// reads it folded. A value it does not know is reported with `unknown`
/// (code, « La nature », the choices) and the closest label, and is not
/// kept.
fn choice<T: Copy, const N: usize>(
    table: &Table<IndicatorColumn>,
    row: &TableRow,
    column: IndicatorColumn,
    labels: [(T, &str); N],
    parse: impl Fn(&str) -> Option<T>,
    unknown: (Code, &str, &str),
    report: &mut Reporter,
) -> Option<T> {
    let typed = cell_value(table, row, column, report).map_or_else(String::new, value::text);
    let folded = fold(&typed);
    if folded.is_empty() {
        return None;
    }
    let found = labels
        .iter()
        .find(|(_, label)| fold(label) == folded)
        .map(|(t, _)| *t)
        .or_else(|| parse(&folded));
    if found.is_none() {
        let (code, what, choices) = unknown;
        let suggestion = closest(&typed, labels.iter().map(|(_, label)| *label))
            .map(|s| format!("Vouliez-vous dire « {s} » ?"));
        report.push(Severity::Warning, code, Some(table.location(row.row, column)), format!("{what} « {typed} » n'existe pas : choisissez {choices} Cette valeur n'est pas prise en compte en attendant."), suggestion);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(number: &str, title: &str, description: &str) -> Action {
        Action {
            number: number.to_owned(),
            title: title.to_owned(),
            description: description.to_owned(),
            ..Action::default()
        }
    }

    #[test]
    fn the_action_suggested_is_the_one_the_indicator_speaks_of() {
        let actions = [
            action(
                "MLJ-001",
                "Accompagnement « Projet Pro » des 16-25 ans",
                "Parcours de douze semaines pour définir un projet professionnel.",
            ),
            action(
                "MLJ-006",
                "Cinémathèque des métiers locaux",
                "Courtes vidéos de jeunes en entreprise, diffusées par les Promeneurs du Net.",
            ),
        ];
        let suggested = |number: &str, name: &str| {
            likely_action(number, name, &actions).map(|a| a.number.as_str())
        };
        // The number is as close to both: the words decide.
        assert_eq!(
            suggested("MLJ-009", "Nombre de vidéos métiers réalisées"),
            Some("MLJ-006")
        );
        assert_eq!(
            suggested(
                "MLJ-009",
                "Jeunes accompagnés dans leur projet professionnel"
            ),
            Some("MLJ-001")
        );
        // Words that match nothing: the closest number, as before.
        assert_eq!(
            suggested("MLJ-0001", "Taux de satisfaction"),
            Some("MLJ-001")
        );
        // Nothing close in words nor in number: no suggestion.
        assert_eq!(suggested("ZZZ-999", "Taux de satisfaction"), None);
    }
}
