//! Which meeting a workbook of decisions records: the committee and its
//! date, from the cells `ctg avis` writes above the table (« Instance »,
//! « Date de la séance »), or else from the file's name
//! (`avis-2024-07-04-COPIL.xlsx`). Neither: a finding says what to type.

use chrono::NaiveDate;

use crate::finding::{Code, Finding, Location, Severity};
use crate::read::table::rows_of;
use crate::read::value;
use crate::referentiel::committee::{DATE_LABEL, INSTANCE_LABEL};
use crate::text::fold;
use crate::workbook::{CellValue, RawSheet};

/// Rows above the table where the meeting is looked for.
const SEARCH_ROWS: u32 = 10;

/// The committee and the date of the meeting `sheet` records, each when
/// it can be told; a finding in `findings` for each that cannot.
pub(super) fn find(
    sheet: &RawSheet,
    file: &str,
    findings: &mut Vec<Finding>,
) -> (Option<String>, Option<NaiveDate>) {
    let rows = rows_of(sheet);
    // (label folded, value, where the value is).
    let mut labelled: Vec<(String, &CellValue, Location)> = Vec::new();
    for (row, cells) in rows.range(..SEARCH_ROWS) {
        for (col, v) in cells {
            if let (CellValue::Text(label), Some(value)) = (v, cells.get(&(col + 1))) {
                let at = Location {
                    sheet: sheet.name.clone(),
                    row: *row,
                    col: Some(col + 1),
                };
                labelled.push((fold(label), value, at));
            }
        }
    }
    let value_of = |label: &str| {
        let label = fold(label);
        labelled
            .iter()
            .find(|(l, _, _)| *l == label)
            .map(|(_, v, at)| (*v, at.clone()))
    };
    let (from_name_instance, from_name_date) = from_file_name(file);
    let instance = value_of(INSTANCE_LABEL)
        .map(|(v, _)| value::text(v))
        .filter(|t| !t.is_empty())
        .or(from_name_instance);
    let date = match value_of(DATE_LABEL) {
        Some((v, at)) => match value::date(v) {
            Some(d) => Some(d),
            None => {
                findings.push(Finding {
                    severity: Severity::Error,
                    code: Code::MeetingUnknown,
                    file: file.to_owned(),
                    location: Some(at),
                    message: format!(
                        "« {v} » n'est pas une date : aucun avis de ce classeur n'est pris en compte. Écrivez la date de la séance sous la forme JJ/MM/AAAA."
                    ),
                    suggestion: None,
                });
                return (instance, None);
            }
        },
        None => from_name_date,
    };
    let mut missing = Vec::new();
    if instance.is_none() {
        missing.push(format!(
            "l'instance (cellule à droite de « {INSTANCE_LABEL} »)"
        ));
    }
    if date.is_none() {
        missing.push(format!("la date (cellule à droite de « {DATE_LABEL} »)"));
    }
    if !missing.is_empty() {
        findings.push(Finding {
            severity: Severity::Error,
            code: Code::MeetingUnknown,
            file: file.to_owned(),
            location: None,
            message: format!(
                "Ce classeur ne dit pas de quelle séance il s'agit : il manque {}. Aucun avis n'en est pris en compte. Indiquez-les en haut de la feuille « {} », comme dans les classeurs préparés par « ctg avis ».",
                missing.join(" et "),
                sheet.name
            ),
            suggestion: Some(
                "préparez le classeur de la séance avec « ctg avis --instance COPIL --date AAAA-MM-JJ »".to_owned(),
            ),
        });
    }
    (instance, date)
}

/// The committee and the date in a name such as `avis-2024-07-04-COPIL.xlsx`.
fn from_file_name(file: &str) -> (Option<String>, Option<NaiveDate>) {
    let name = std::path::Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Some(rest) = name.strip_prefix("avis-") else {
        return (None, None);
    };
    let (date, instance) = match (rest.get(..10), rest.get(10..)) {
        (Some(d), Some(i)) => (d, i.trim_start_matches('-')),
        _ => return (None, None),
    };
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
    let instance = (!instance.is_empty()).then(|| instance.replace('_', " "));
    (instance, date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_meeting_is_told_by_the_name_ctg_avis_gives() {
        let (instance, date) = from_file_name("avis-2024-07-04-COPIL.xlsx");
        assert_eq!(instance.as_deref(), Some("COPIL"));
        assert_eq!(date, NaiveDate::from_ymd_opt(2024, 7, 4));
        assert_eq!(from_file_name("compte-rendu.xlsx"), (None, None));
        assert_eq!(from_file_name("avis-juillet.xlsx").1, None);
    }
}
