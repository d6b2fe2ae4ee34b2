//! Rules for an action's typed values: dates, progress, amounts, funding
//! and spending, and the numbers of the same action in other plans.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::{KEPT_FLAGGED, Reporter, SET_ASIDE, normalise_number, number_prefix};
use crate::finding::Code;
use crate::read::value;
use crate::referentiel::Referentiel;
use crate::referentiel::columns::ActionColumn;
use crate::text::euros;
use crate::workbook::CellValue;

use super::actions::Row;
use super::lists::lower_who;

/// Amounts differing by less than this are equal (rounding in partners' sheets).
const EURO_TOLERANCE: f64 = 0.5;

/// The date of column `c`: a full date, or a month or a year alone read as
/// its first day (a start) or its last day (an end), with a warning.
pub(super) fn date_of(row: &mut Row, c: ActionColumn, report: &mut Reporter) -> Option<NaiveDate> {
    let v = row.cell(c, report)?.clone();
    if let Some(d) = value::date(&v) {
        return Some(d);
    }
    if let Some(period) = value::period(&v) {
        let (d, which) = if c == ActionColumn::End {
            (period.last_day(), "dernier")
        } else {
            (period.first_day(), "premier")
        };
        if let Some(d) = d {
            report.warn(Code::DateApproximate, row.loc(c), format!("« {v} » a été lu comme le {}, {which} jour {} : écrivez la date exacte sous la forme JJ/MM/AAAA si vous la connaissez.", d.format("%d/%m/%Y"), period.unit()));
            return Some(d);
        }
    }
    report.error(Code::DateInvalid, row.loc(c), format!("« {v} » n'est pas une date : {SET_ASIDE} Écrivez-la sous la forme JJ/MM/AAAA, par exemple 15/03/2024."));
    None
}

pub(super) fn check_dates(
    row: &mut Row,
    who: &str,
    r: &Referentiel,
    report: &mut Reporter,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    use ActionColumn::{End, Start};
    let had_start = row.table.get(row.row, Start).is_some();
    let start = date_of(row, Start, report);
    let end = date_of(row, End, report);
    if !had_start {
        report.warn(Code::DateMissing, row.loc(Start), format!("La date de début de {} n'est pas renseignée : indiquez-la, même approximative (JJ/MM/AAAA).", lower_who(who)));
    }
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        report.error(Code::DatesReversed, row.loc(End), format!("La date de fin ({}) est antérieure à la date de début ({}) : {KEPT_FLAGGED} Corrigez l'une des deux.", e.format("%d/%m/%Y"), s.format("%d/%m/%Y")));
    }
    let (first, last) = (r.convention.start_year, r.convention.end_year);
    for (c, d, what) in [(Start, start, "de début"), (End, end, "de fin")] {
        if let Some(d) = d
            && (d.year() < first || d.year() > last)
        {
            report.warn(Code::DateOutsidePeriod, row.loc(c), format!("La date {what} {} est en dehors de la période de la convention ({first}-{last}) : vérifiez l'année.", d.format("%d/%m/%Y")));
        }
    }
    (start, end)
}

pub(super) fn check_progress(row: &mut Row, report: &mut Reporter) -> Option<f64> {
    use ActionColumn::Progress;
    let v = row.cell(Progress, report)?.clone();
    match value::percent(&v) {
        Some(p) if (0.0..=100.0).contains(&p) => Some(p),
        Some(p) => {
            report.error(
                Code::ProgressInvalid,
                row.loc(Progress),
                format!(
                    "L'avancement ({} %) doit être compris entre 0 et 100 : {SET_ASIDE} Corrigez-le.",
                    CellValue::Number(p)
                ),
            );
            None
        }
        None => {
            report.error(Code::ProgressInvalid, row.loc(Progress), format!("« {v} » n'est pas un pourcentage d'avancement : {SET_ASIDE} Indiquez un nombre entre 0 et 100 (par exemple 50 pour la moitié)."));
            None
        }
    }
}

pub(super) fn amount(row: &mut Row, c: ActionColumn, report: &mut Reporter) -> Option<f64> {
    let v = row.cell(c, report)?.clone();
    if value::is_nil(&v) {
        return None;
    }
    match value::number(&v) {
        Some(n) if n < 0.0 => {
            report.error(
                Code::AmountNegative,
                row.loc(c),
                format!(
                    "Le montant {} est négatif : {SET_ASIDE} Indiquez un montant positif ou nul.",
                    euros(n)
                ),
            );
            None
        }
        Some(n) => Some(n),
        None => {
            report.error(Code::AmountInvalid, row.loc(c), format!("« {v} » n'est pas un montant : {SET_ASIDE} Écrivez seulement un nombre en euros, par exemple 1 200,50 (sans texte autour)."));
            None
        }
    }
}

pub(super) fn check_funding(
    row: &mut Row,
    budget: Option<f64>,
    funding: &BTreeMap<String, f64>,
    r: &Referentiel,
    report: &mut Reporter,
) {
    let total: f64 = funding.values().sum();
    if total <= 0.0 {
        return;
    }
    let detail: Vec<String> = r
        .funders
        .iter()
        .filter_map(|f| {
            funding
                .get(&f.code)
                .filter(|a| **a > 0.0)
                .map(|a| format!("{} {}", f.label, euros(*a)))
        })
        .collect();
    match budget {
        Some(b) if total > b + EURO_TOLERANCE => {
            report.error(Code::FundingAboveBudget, row.loc(ActionColumn::Budget), format!("Les financements ({} ; total {}) dépassent le budget prévisionnel ({}) de {} : {KEPT_FLAGGED} Corrigez le budget ou les financements.", detail.join(", "), euros(total), euros(b), euros(total - b)));
        }
        None => {
            report.warn(Code::FundingWithoutBudget, row.loc(ActionColumn::Budget), format!("Des financements sont indiqués ({}) mais pas le budget prévisionnel : indiquez le coût total de l'action.", euros(total)));
        }
        _ => {}
    }
}

/// Dépenses réalisées of each year of the convention, read like the budget.
pub(super) fn spending(
    row: &mut Row,
    r: &Referentiel,
    report: &mut Reporter,
) -> BTreeMap<i32, f64> {
    r.convention
        .years()
        .filter_map(|year| Some((year, amount(row, ActionColumn::Spending(year), report)?)))
        .collect()
}

/// « Action commune avec »: action numbers of other partners separated by
/// « ; », each in its standard form. Anything else (this action's own
/// number, another action of the same plan, a text that is no number) is
/// reported and left out.
pub(super) fn joint_with(row: &mut Row, number: &str, report: &mut Reporter) -> Vec<String> {
    let column = ActionColumn::JointWith;
    let typed = row.text(column, report);
    let mut numbers: Vec<String> = Vec::new();
    for v in crate::text::split_list(&typed) {
        // Other partners' numbers: no code of ours to read « SJ001 » with.
        match normalise_number(&v, "") {
            Some(n) if n == number => report.error(Code::JointActionInvalid, row.loc(column), format!("« {v} » est le numéro de cette action elle-même : dans « Action commune avec », indiquez le numéro que porte la même action dans le fichier de l'autre partenaire (par exemple SJ-001). Il n'est pas pris en compte.")),
            // A link joins partners: two rows of one plan are one action twice.
            Some(n) if number_prefix(&n) == number_prefix(number) => report.error(Code::JointActionInvalid, row.loc(column), format!("« {v} » est une autre action de votre propre plan : « Action commune avec » relie la même action chez d'autres partenaires. Si {n} et cette action sont la même, gardez-en une seule ligne ; sinon, retirez {n} de cette cellule. Il n'est pas pris en compte en attendant.")),
            Some(n) => {
                if !numbers.contains(&n) {
                    numbers.push(n);
                }
            }
            None => report.error(Code::JointActionInvalid, row.loc(column), format!("« {v} » n'est pas un numéro d'action : dans « Action commune avec », indiquez le numéro que porte la même action dans le fichier de l'autre partenaire, sous la forme SJ-001 (plusieurs numéros se séparent par « ; »). Il n'est pas pris en compte en attendant.")),
        }
    }
    numbers
}
