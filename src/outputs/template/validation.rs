//! The checks Excel and LibreOffice apply as partners type: dates within
//! the convention's years (give or take five), values from a dropdown, and
//! numbers in range. Each shows a short help when the cell is selected.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Formula,
};

use super::XlsxResult;
use crate::referentiel::Referentiel;

/// A plausible date: a warning (not a refusal) outside the convention's
/// years widened by five on each side.
pub(super) fn date(r: &Referentiel) -> XlsxResult<DataValidation> {
    let first = ExcelDateTime::from_ymd(
        r.convention.start_year.saturating_sub(5).max(1990) as u16,
        1,
        1,
    )?;
    let last = ExcelDateTime::from_ymd(
        r.convention.end_year.saturating_add(5).min(2100) as u16,
        12,
        31,
    )?;
    DataValidation::new()
        .allow_date(DataValidationRule::Between(first, last))
        .set_input_title("Date")?
        .set_input_message("Écrivez la date sous la forme JJ/MM/AAAA, par exemple 15/03/2024.")?
        .set_error_title("Date non valide")?
        .set_error_message("Ce n'est pas une date plausible. Écrivez-la sous la forme JJ/MM/AAAA, par exemple 15/03/2024.")
        .map(|v| v.set_error_style(DataValidationErrorStyle::Warning))
}

/// What a dropdown does with a value that is not in its list.
pub(super) enum OffList<'a> {
    /// Refuses it.
    Refused,
    /// Accepts it after a question reminding that several values are
    /// separated by « ; » (such a cell is not in the list).
    SeveralAllowed,
    /// Accepts it after this question (a cell holding one value).
    Asked(&'a str),
}

/// A dropdown of the values in the range formula `source`.
pub(super) fn list(
    source: &str,
    title: &str,
    message: &str,
    off_list: OffList,
) -> XlsxResult<DataValidation> {
    let v = DataValidation::new()
        .allow_list_formula(Formula::new(source))
        .set_input_title(title)?
        .set_input_message(message)?
        .set_error_title("Valeur hors liste")?;
    Ok(match off_list {
        OffList::Refused => v
            .set_error_message("Choisissez une valeur dans la liste déroulante.")?
            .set_error_style(DataValidationErrorStyle::Stop),
        OffList::SeveralAllowed => v
            .set_error_message("Cette valeur n'est pas dans la liste. Plusieurs valeurs se séparent par « ; ». Continuer ?")?
            .set_error_style(DataValidationErrorStyle::Information),
        OffList::Asked(question) => v
            .set_error_message(question)?
            .set_error_style(DataValidationErrorStyle::Information),
    })
}

/// A number from `min`, up to `max` when there is one.
pub(super) fn number(
    min: f64,
    max: Option<f64>,
    title: &str,
    message: &str,
    error: &str,
) -> XlsxResult<DataValidation> {
    let rule = match max {
        Some(max) => DataValidationRule::Between(min, max),
        None => DataValidationRule::GreaterThanOrEqualTo(min),
    };
    DataValidation::new()
        .allow_decimal_number(rule)
        .set_input_title(title)?
        .set_input_message(message)?
        .set_error_title("Valeur non valide")?
        .set_error_message(error)
}
