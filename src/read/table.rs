//! Finding a table in a sheet: its header row wherever it is, its columns in
//! any order and under any of their usual names, its data rows. Nothing is
//! dropped: unknown columns are kept and reported.

use std::collections::{BTreeMap, HashMap};

use super::headers::Matcher;
use crate::finding::{Code, Finding, Location, Severity, column_letters};
use crate::referentiel::Referentiel;
use crate::referentiel::columns::Column;
use crate::text::count;
use crate::workbook::{CellValue, RawSheet};

/// How many rows from the top of a sheet may precede the header row.
const HEADER_SEARCH_ROWS: usize = 30;
/// Longest merged region (in rows) whose value is copied down.
const MAX_MERGE_ROWS: u32 = 5_000;

/// A column of a table as found in the file.
#[derive(Debug, Clone)]
pub struct TableColumn<C> {
    /// 0-based column index in the sheet.
    pub col: u32,
    /// Header text as written (or `Colonne X` when it had none).
    pub header: String,
    /// What the column holds, if ctg knows it.
    pub field: Option<C>,
}

/// A data row: its non-empty cells by 0-based column.
#[derive(Debug, Clone, Default)]
pub struct TableRow {
    /// 0-based row index in the sheet.
    pub row: u32,
    /// Non-empty cells by column.
    pub cells: BTreeMap<u32, CellValue>,
}

/// A table read from a sheet.
#[derive(Debug, Clone)]
pub struct Table<C> {
    /// Sheet name.
    pub sheet: String,
    /// 0-based header row.
    pub header_row: u32,
    /// Columns, left to right.
    pub columns: Vec<TableColumn<C>>,
    /// Data rows with at least one non-empty cell, top to bottom.
    pub rows: Vec<TableRow>,
    fields: HashMap<C, u32>,
}

impl<C: Column> Table<C> {
    /// The sheet column holding `field`.
    pub fn col_of(&self, field: C) -> Option<u32> {
        self.fields.get(&field).copied()
    }

    /// The value of `field` in `row`, if the cell is not empty.
    pub fn get<'a>(&self, row: &'a TableRow, field: C) -> Option<&'a CellValue> {
        row.cells.get(&self.col_of(field)?)
    }

    /// Where `field` of `row` is, for messages (the row alone when the
    /// column is missing).
    pub fn location(&self, row: u32, field: C) -> Location {
        Location {
            sheet: self.sheet.clone(),
            row,
            col: self.col_of(field),
        }
    }

    /// Cells of columns ctg does not read, as (header, cell text).
    pub fn extras(&self, row: &TableRow) -> Vec<(String, String)> {
        self.columns
            .iter()
            .filter(|c| c.field.is_none())
            .filter_map(|c| {
                let v = row.cells.get(&c.col)?;
                Some((c.header.clone(), v.to_string()))
            })
            .collect()
    }

    /// Every cell of a row, as (header, text), for rows that cannot be used.
    pub fn raw_values(&self, row: &TableRow) -> Vec<(String, String)> {
        row.cells
            .iter()
            .map(|(col, v)| {
                let header = self.columns.iter().find(|c| c.col == *col).map_or_else(
                    || format!("Colonne {}", column_letters(*col)),
                    |c| c.header.clone(),
                );
                (header, v.to_string())
            })
            .collect()
    }
}

/// Groups a sheet's cells by row.
pub fn rows_of(sheet: &RawSheet) -> BTreeMap<u32, BTreeMap<u32, CellValue>> {
    let mut rows: BTreeMap<u32, BTreeMap<u32, CellValue>> = BTreeMap::new();
    for cell in &sheet.cells {
        rows.entry(cell.row)
            .or_default()
            .insert(cell.col, cell.value.clone());
    }
    rows
}

/// Recognised fields of a row read as a header (typos forgiven).
fn header_fields<C: Column>(row: &BTreeMap<u32, CellValue>, m: &Matcher<C>) -> Vec<(u32, C)> {
    fields_of(row, |t| m.find(t))
}

fn fields_of<C: Column>(
    row: &BTreeMap<u32, CellValue>,
    recognise: impl Fn(&str) -> Option<C>,
) -> Vec<(u32, C)> {
    row.iter()
        .filter_map(|(col, v)| match v {
            CellValue::Text(t) => recognise(t).map(|f| (*col, f)),
            _ => None,
        })
        .collect()
}

/// Finds the header row: the row among the first ones naming the most known
/// columns, including at least one anchor. Returns its index and score.
/// Exact names are tried first: forgiving typos costs a comparison with
/// every known name, too much for every data cell of the first rows.
pub fn find_header<C: Column>(
    rows: &BTreeMap<u32, BTreeMap<u32, CellValue>>,
    m: &Matcher<C>,
) -> Option<(u32, usize)> {
    best_header(rows, |t| m.find_exact(t)).or_else(|| best_header(rows, |t| m.find(t)))
}

fn best_header<C: Column>(
    rows: &BTreeMap<u32, BTreeMap<u32, CellValue>>,
    recognise: impl Fn(&str) -> Option<C>,
) -> Option<(u32, usize)> {
    let mut best: Option<(u32, usize)> = None;
    for (row, cells) in rows.iter().take(HEADER_SEARCH_ROWS) {
        let fields = fields_of(cells, &recognise);
        let mut distinct: Vec<C> = fields.iter().map(|(_, f)| *f).collect();
        distinct.sort();
        distinct.dedup();
        let anchored = C::anchors().iter().any(|a| distinct.contains(a));
        if anchored && distinct.len() >= 2 && best.is_none_or(|(_, n)| distinct.len() > n) {
            best = Some((*row, distinct.len()));
        }
    }
    best
}

/// True when the sheet's header row names every required column: how a
/// table is recognised in a sheet whose name says nothing.
pub fn has_required_header<C: Column>(
    rows: &BTreeMap<u32, BTreeMap<u32, CellValue>>,
    m: &Matcher<C>,
) -> bool {
    find_header(rows, m).is_some_and(|(row, _)| {
        let fields: Vec<C> = rows
            .get(&row)
            .map(|cells| {
                header_fields(cells, m)
                    .into_iter()
                    .map(|(_, f)| f)
                    .collect()
            })
            .unwrap_or_default();
        C::required().iter().all(|c| fields.contains(c))
    })
}

/// Reads the table of `sheet` whose header is at `header_row`, reporting
/// column problems into `findings`.
pub fn read_table<C: Column>(
    sheet: &RawSheet,
    mut rows: BTreeMap<u32, BTreeMap<u32, CellValue>>,
    header_row: u32,
    m: &Matcher<C>,
    r: &Referentiel,
    file: &str,
    findings: &mut Vec<Finding>,
) -> Table<C> {
    let at = |row: u32, col: Option<u32>| Location {
        sheet: sheet.name.clone(),
        row,
        col,
    };
    let finding = |severity, code, location, message: String| Finding {
        severity,
        code,
        file: file.to_owned(),
        location: Some(location),
        message,
        suggestion: None,
    };
    let header_cells = rows.remove(&header_row).unwrap_or_default();
    let mut headers: BTreeMap<u32, String> = header_cells
        .iter()
        .map(|(col, v)| (*col, v.to_string().trim().to_owned()))
        .filter(|(_, h)| !h.is_empty())
        .collect();

    // A two-row header (« Financements » merged above « CAF | CCTA »): the
    // lower row's titles fill the columns the upper row leaves blank or
    // covers with one horizontally merged title.
    let first_data = header_row + 1;
    if let Some(below) = rows.get(&first_data) {
        let merged_title = |col: u32| {
            sheet.merged.iter().any(|m| {
                m.first_row <= header_row
                    && header_row <= m.last_row
                    && m.first_col < m.last_col
                    && (m.first_col..=m.last_col).contains(&col)
            })
        };
        let gaps: Vec<u32> = below
            .keys()
            .copied()
            .filter(|col| !headers.contains_key(col) || merged_title(*col))
            .collect();
        // Sub-titles are text only, and named exactly: a data row costs
        // nothing here.
        let all_text = below.values().all(|v| matches!(v, CellValue::Text(_)));
        if all_text
            && fields_of(below, |t| m.find_exact(t))
                .iter()
                .any(|(col, _)| gaps.contains(col))
        {
            for col in gaps {
                if let Some(v) = below.get(&col) {
                    headers.insert(col, v.to_string().trim().to_owned());
                }
            }
            rows.remove(&first_data);
        }
    }

    apply_vertical_merges(sheet, header_row, &mut rows, file, findings);

    // Columns: every titled column, plus untitled ones holding data.
    let mut columns: Vec<TableColumn<C>> = Vec::new();
    let mut fields: HashMap<C, u32> = HashMap::new();
    let mut data_cols: Vec<u32> = rows.values().flat_map(|c| c.keys().copied()).collect();
    data_cols.sort_unstable();
    data_cols.dedup();
    let mut all_cols: Vec<u32> = headers
        .keys()
        .copied()
        .chain(data_cols.iter().copied())
        .collect();
    all_cols.sort_unstable();
    all_cols.dedup();
    for col in all_cols {
        let letter = column_letters(col);
        let Some(header) = headers.get(&col) else {
            findings.push(finding(
                Severity::Warning,
                Code::UnknownColumn,
                at(header_row, Some(col)),
                format!("La colonne {letter} contient des valeurs mais n'a pas de titre : elles sont conservées telles quelles sous le nom « Colonne {letter} ». Donnez un titre à cette colonne, ou déplacez ces valeurs dans la bonne colonne du modèle."),
            ));
            columns.push(TableColumn {
                col,
                header: format!("Colonne {letter}"),
                field: None,
            });
            continue;
        };
        let field = m.find(header);
        match field {
            Some(f) if fields.contains_key(&f) && !f.repeatable() => {
                let first = fields[&f];
                findings.push(finding(
                    Severity::Warning,
                    Code::DuplicateColumn,
                    at(header_row, Some(col)),
                    format!("La colonne « {header} » ({letter}) reprend la même information que la colonne {} : seule la colonne {} est lue, les valeurs de la colonne {letter} sont conservées à part. Supprimez ou renommez l'une des deux.", column_letters(first), column_letters(first)),
                ));
                columns.push(TableColumn {
                    col,
                    header: header.clone(),
                    field: None,
                });
            }
            Some(f) => {
                fields.entry(f).or_insert(col);
                columns.push(TableColumn {
                    col,
                    header: header.clone(),
                    field: Some(f),
                });
            }
            None => {
                if data_cols.binary_search(&col).is_ok() {
                    findings.push(finding(
                        Severity::Warning,
                        Code::UnknownColumn,
                        at(header_row, Some(col)),
                        format!("La colonne « {header} » ({letter}) ne fait pas partie du modèle : ses valeurs sont conservées telles quelles dans le classeur consolidé. Si elle correspond à une colonne du modèle, donnez-lui le titre du modèle."),
                    ));
                }
                columns.push(TableColumn {
                    col,
                    header: header.clone(),
                    field: None,
                });
            }
        }
    }

    let template = C::template(r);
    let missing_required: Vec<String> = C::required()
        .iter()
        .filter(|f| !fields.contains_key(f))
        .map(|f| format!("« {} »", f.header(r)))
        .collect();
    if !missing_required.is_empty() {
        findings.push(finding(
            Severity::Error,
            Code::RequiredColumnMissing,
            at(header_row, None),
            format!(
                "Le tableau de la feuille « {} » n'a pas de colonne {} (titres lus en ligne {}) : aucune ligne ne peut être prise en compte. Ajoutez {} avec le titre du modèle.",
                sheet.name,
                missing_required.join(", "),
                header_row + 1,
                if missing_required.len() > 1 { "ces colonnes" } else { "cette colonne" }
            ),
        ));
    }
    // Columns of template ctg-2 are optional: a workbook made with an older
    // template lacks them all, and gets one finding for that (in `validate`).
    let missing_optional: Vec<String> = template
        .iter()
        .filter(|f| !fields.contains_key(f) && !C::required().contains(f))
        .filter(|f| !f.since_template_2())
        .map(|f| format!("« {} »", f.header(r)))
        .collect();
    if !missing_optional.is_empty() {
        findings.push(finding(
            Severity::Warning,
            Code::ColumnMissing,
            at(header_row, None),
            format!(
                "{} du modèle {} dans la feuille « {} » : {}. Les informations correspondantes resteront vides ; ajoutez {} si vous les connaissez.",
                if missing_optional.len() > 1 { "Des colonnes" } else { "Une colonne" },
                if missing_optional.len() > 1 { "manquent" } else { "manque" },
                sheet.name,
                missing_optional.join(", "),
                if missing_optional.len() > 1 { "ces colonnes" } else { "cette colonne" }
            ),
        ));
    }

    let rows = rows
        .into_iter()
        .filter(|(row, _)| *row > header_row)
        .map(|(row, cells)| TableRow { row, cells })
        .collect();
    Table {
        sheet: sheet.name.clone(),
        header_row,
        columns,
        rows,
        fields,
    }
}

/// Copies the value of a vertically merged region onto each of its rows (a
/// partner merging « 1.1.1 » over three actions means it for all three).
fn apply_vertical_merges(
    sheet: &RawSheet,
    header_row: u32,
    rows: &mut BTreeMap<u32, BTreeMap<u32, CellValue>>,
    file: &str,
    findings: &mut Vec<Finding>,
) {
    for m in &sheet.merged {
        if m.first_row <= header_row || m.last_row == m.first_row {
            continue;
        }
        let Some(value) = rows
            .get(&m.first_row)
            .and_then(|r| r.get(&m.first_col))
            .cloned()
        else {
            continue;
        };
        let last = m.last_row.min(m.first_row + MAX_MERGE_ROWS);
        for row in m.first_row + 1..=last {
            rows.entry(row)
                .or_default()
                .insert(m.first_col, value.clone());
        }
        let span = format!(
            "{}{}:{}{}",
            column_letters(m.first_col),
            m.first_row + 1,
            column_letters(m.last_col),
            m.last_row + 1
        );
        findings.push(Finding {
            severity: Severity::Warning,
            code: Code::MergedCells,
            file: file.to_owned(),
            location: Some(Location { sheet: sheet.name.clone(), row: m.first_row, col: Some(m.first_col) }),
            message: format!(
                "Les cellules {span} sont fusionnées : la valeur « {value} » a été reprise sur chacune des {}. Évitez de fusionner des cellules dans le tableau : remplissez chaque ligne.",
                count((last - m.first_row + 1) as usize, "ligne", "lignes")
            ),
            suggestion: None,
        });
    }
}
