//! From raw cells to the partner's tables: which sheet holds the actions, the
//! indicators and the partner's identity, whatever their names and layout.

pub mod headers;
pub mod table;
pub mod value;

use std::collections::BTreeMap;

use crate::referentiel::columns::{ActionColumn, Column, IndicatorColumn, PartnerField};
use headers::{Matcher, Synonyms};
pub use table::{Table, TableColumn, TableRow};

use crate::finding::{Code, Finding, Location, Severity};
use crate::referentiel::Referentiel;
use crate::text::fold;
use crate::workbook::{CellValue, Format, RawSheet, RawWorkbook};

/// The Partenaire sheet: each field found, with its cell.
#[derive(Debug, Clone, Default)]
pub struct PartnerSheet {
    /// Sheet name, when one was found.
    pub sheet: Option<String>,
    /// Values by field.
    pub values: BTreeMap<PartnerField, (CellValue, Location)>,
}

impl PartnerSheet {
    /// The text of a field, trimmed; empty when absent.
    pub fn text(&self, field: PartnerField) -> String {
        self.values
            .get(&field)
            .map(|(v, _)| value::text(v))
            .unwrap_or_default()
    }
}

/// What was found in a workbook, before validation.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// Format of the file.
    pub format: Format,
    /// Partner identity.
    pub partner: PartnerSheet,
    /// The actions table, if found.
    pub actions: Option<Table<ActionColumn>>,
    /// The indicators table, if found.
    pub indicators: Option<Table<IndicatorColumn>>,
    /// Structural findings (sheets, headers, columns, merged cells).
    pub findings: Vec<Finding>,
}

/// Sheet names partners give each part, folded, best first.
const ACTION_SHEETS: &[&str] = &[
    "actions",
    "plan d actions",
    "plan d action",
    "plan actions",
    "fiches actions",
    "actions ctg",
    "action",
];
const INDICATOR_SHEETS: &[&str] = &[
    "indicateurs",
    "indicateur",
    "evaluation",
    "indicateurs d evaluation",
    "suivi",
    "indicateurs ctg",
];
const PARTNER_SHEETS: &[&str] = &[
    "partenaire",
    "structure",
    "identification",
    "coordonnees",
    "porteur",
    "fiche partenaire",
    "identite",
];

fn by_name<'a>(sheets: &[&'a RawSheet], names: &[&str], word: &str) -> Option<&'a RawSheet> {
    names
        .iter()
        .find_map(|n| sheets.iter().find(|s| fold(&s.name) == *n))
        .or_else(|| {
            sheets
                .iter()
                .find(|s| fold(&s.name).split(' ').any(|w| w.starts_with(word)))
        })
        .copied()
}

/// The names of every column and label of a partner's workbook, folded once
/// per run rather than once per file.
#[derive(Debug, Clone)]
pub struct Columns {
    actions: Matcher<ActionColumn>,
    indicators: Matcher<IndicatorColumn>,
    partner: Synonyms<PartnerField>,
}

impl Columns {
    /// The columns of the templates of référentiel `r`.
    pub fn new(r: &Referentiel) -> Columns {
        Columns {
            actions: headers::matcher(r),
            indicators: headers::matcher(r),
            partner: headers::partner_labels(r),
        }
    }
}

/// Reads the partner's tables out of a workbook.
pub fn parse(raw: &RawWorkbook, file: &str, r: &Referentiel, names: &Columns) -> Parsed {
    let mut findings = Vec::new();
    let visible: Vec<&RawSheet> = raw.sheets.iter().filter(|s| s.visible).collect();
    for s in raw.sheets.iter().filter(|s| s.truncated) {
        findings.push(Finding {
            severity: Severity::Error,
            code: Code::SheetTruncated,
            file: file.to_owned(),
            location: None,
            message: format!("La feuille « {} » contient trop de cellules remplies : seule une partie a été lue. Supprimez les lignes et colonnes inutiles (souvent des mises en forme copiées jusqu'en bas de la feuille).", s.name),
            suggestion: None,
        });
    }

    let action_columns = &names.actions;
    let actions_sheet = by_name(&visible, ACTION_SHEETS, "action")
        .filter(|s| !fold(&s.name).contains("indicateur"))
        .or_else(|| {
            // A partner who pasted the table into « Feuil1 »: find it by its header.
            visible
                .iter()
                .copied()
                .find(|s| table::has_required_header(&table::rows_of(s), action_columns))
        });
    let actions = match actions_sheet {
        None => {
            let names: Vec<String> = raw
                .sheets
                .iter()
                .map(|s| format!("« {} »", s.name))
                .collect();
            let hidden: Vec<&RawSheet> = raw.sheets.iter().filter(|s| !s.visible).collect();
            let message = match by_name(&hidden, ACTION_SHEETS, "action") {
                Some(sheet) => format!(
                    "La feuille « {} » est masquée : seules les feuilles visibles sont lues. Affichez-la (clic droit sur un onglet, puis « Afficher ») et déposez à nouveau le fichier.",
                    sheet.name
                ),
                None => format!(
                    "Aucune feuille « Actions » dans ce classeur (feuilles présentes : {}). Utilisez le modèle fourni par le coordinateur, ou renommez en « Actions » la feuille qui contient votre plan d'actions.",
                    if names.is_empty() {
                        "aucune".to_owned()
                    } else {
                        names.join(", ")
                    }
                ),
            };
            findings.push(Finding {
                severity: Severity::Error,
                code: Code::ActionsSheetMissing,
                file: file.to_owned(),
                location: None,
                message,
                suggestion: None,
            });
            None
        }
        Some(sheet) => read_sheet(sheet, action_columns, r, file, &mut findings),
    };

    let indicators_sheet = by_name(&visible, INDICATOR_SHEETS, "indicateur")
        .filter(|s| Some(s.name.as_str()) != actions_sheet.map(|a| a.name.as_str()));
    let indicators = match indicators_sheet {
        None => {
            if actions_sheet.is_some() {
                findings.push(Finding {
                    severity: Severity::Warning,
                    code: Code::IndicatorsSheetMissing,
                    file: file.to_owned(),
                    location: None,
                    message: "Aucune feuille « Indicateurs » dans ce classeur : les actions seront prises en compte, mais sans indicateur d'évaluation. Ajoutez la feuille « Indicateurs » du modèle pour suivre vos résultats.".to_owned(),
                    suggestion: None,
                });
            }
            None
        }
        Some(sheet) => read_sheet(sheet, &names.indicators, r, file, &mut findings),
    };

    let partner_sheet = by_name(&visible, PARTNER_SHEETS, "partenaire");
    let partner = match partner_sheet {
        Some(sheet) => read_partner(sheet, &names.partner),
        None => {
            findings.push(Finding {
                severity: Severity::Warning,
                code: Code::PartnerSheetMissing,
                file: file.to_owned(),
                location: None,
                message: "Aucune feuille « Partenaire » dans ce classeur : le partenaire est déduit du nom du fichier ou des numéros d'action. Ajoutez la feuille « Partenaire » du modèle avec votre code, votre référent et votre courriel.".to_owned(),
                suggestion: None,
            });
            PartnerSheet::default()
        }
    };

    // Only one sheet of actions is read: another one holding actions (a
    // partner who split them by year) must not be lost silently.
    if let Some(main) = actions_sheet {
        let read: Vec<&str> = [Some(main), indicators_sheet, partner_sheet]
            .into_iter()
            .flatten()
            .map(|s| s.name.as_str())
            .collect();
        for s in visible.iter().filter(|s| !read.contains(&s.name.as_str())) {
            if table::has_required_header(&table::rows_of(s), action_columns) {
                findings.push(Finding {
                    severity: Severity::Warning,
                    code: Code::SheetNotRead,
                    file: file.to_owned(),
                    location: None,
                    message: format!(
                        "La feuille « {} » contient un tableau d'actions qui n'est pas lu : seule la feuille « {} » est lue. Réunissez toutes vos actions dans la feuille « {} », une ligne par action.",
                        s.name, main.name, main.name
                    ),
                    suggestion: None,
                });
            }
        }
    }

    Parsed {
        format: raw.format,
        partner,
        actions,
        indicators,
        findings,
    }
}

/// Reads the table of `sheet` whose columns `m` recognises, wherever its
/// header row is; a finding when the sheet is empty or has no header row.
pub fn read_sheet<C: Column>(
    sheet: &RawSheet,
    m: &Matcher<C>,
    r: &Referentiel,
    file: &str,
    findings: &mut Vec<Finding>,
) -> Option<Table<C>> {
    let rows = table::rows_of(sheet);
    match table::find_header(&rows, m) {
        Some((header_row, _)) => Some(table::read_table(
            sheet, rows, header_row, m, r, file, findings,
        )),
        None => {
            let expected: Vec<String> = C::required().iter().map(|c| c.header(r)).collect();
            let message = if rows.is_empty() {
                format!(
                    "La feuille « {} » est vide. Remplissez le tableau du modèle.",
                    sheet.name
                )
            } else {
                format!(
                    "Impossible de trouver la ligne de titres du tableau dans la feuille « {} » : aucune des 30 premières lignes ne contient les titres {}. Remettez la ligne de titres du modèle au-dessus de vos données.",
                    sheet.name,
                    crate::text::quoted_list(&expected, "et")
                )
            };
            findings.push(Finding {
                severity: if rows.is_empty() {
                    Severity::Warning
                } else {
                    Severity::Error
                },
                code: if rows.is_empty() {
                    C::empty_sheet_code()
                } else {
                    Code::HeaderNotFound
                },
                file: file.to_owned(),
                location: None,
                message,
                suggestion: None,
            });
            None
        }
    }
}

/// Reads the label → value layout of the Partenaire sheet: each known label
/// and the cell just right of it (right of its merged area, if merged), or
/// the cell below it when nothing stands to its right.
fn read_partner(sheet: &RawSheet, labels: &Synonyms<PartnerField>) -> PartnerSheet {
    let rows = table::rows_of(sheet);
    let mut values = BTreeMap::new();
    // Exact labels first; typos are looked for only if some label is still
    // missing, as forgiving them costs a comparison with every known label.
    for exact in [true, false] {
        if !exact && values.len() == PartnerField::ALL.len() {
            break;
        }
        read_labels(
            sheet,
            &rows,
            |t| {
                if exact {
                    labels.find_exact(t)
                } else {
                    labels.find(t)
                }
            },
            labels,
            &mut values,
        );
    }
    PartnerSheet {
        sheet: Some(sheet.name.clone()),
        values,
    }
}

fn read_labels(
    sheet: &RawSheet,
    rows: &BTreeMap<u32, BTreeMap<u32, CellValue>>,
    recognise: impl Fn(&str) -> Option<PartnerField>,
    labels: &Synonyms<PartnerField>,
    values: &mut BTreeMap<PartnerField, (CellValue, Location)>,
) {
    for (row, cells) in rows {
        for (col, v) in cells {
            let CellValue::Text(label) = v else { continue };
            let Some(field) = recognise(label) else {
                continue;
            };
            if values.contains_key(&field) {
                continue;
            }
            let label_end = sheet
                .merged
                .iter()
                .find(|m| {
                    m.first_row <= *row
                        && *row <= m.last_row
                        && m.first_col <= *col
                        && *col <= m.last_col
                })
                .map_or(*col, |m| m.last_col);
            let at = |r: u32, c: u32| Location {
                sheet: sheet.name.clone(),
                row: r,
                col: Some(c),
            };
            let found = match cells.get(&(label_end + 1)) {
                Some(v) => Some((v, at(*row, label_end + 1))),
                None if cells.range(col + 1..).next().is_none() => rows
                    .get(&(row + 1))
                    .and_then(|r| r.get(col))
                    .filter(|v| !matches!(v, CellValue::Text(t) if labels.find(t).is_some()))
                    .map(|v| (v, at(row + 1, *col))),
                None => None,
            };
            if let Some((v, loc)) = found {
                values.insert(field, (v.clone(), loc));
            }
        }
    }
}
