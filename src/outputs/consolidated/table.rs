//! The generic table writer: rows of cells under a header, as an Excel
//! table with filters and a frozen header. Every filterable sheet
//! (Actions, Indicateurs, À corriger, Anomalies, Partenaires, Référentiel,
//! Modifications) writes through it.
//!
//! Partners' text is always written as text, never as a formula.
//!
//! The big tables (Actions, Indicateurs, Répartition, Anomalies) are
//! written to sheets in constant-memory mode (`super::STREAMED`): each row
//! goes to a temporary file as soon as the next one starts, so a row can
//! never be written again. Their table is declared before their rows
//! ([`TableWriter::streamed`]): declaring it writes the header row.
//!
//! Past [`LARGEST_TABLE_ROWS`] rows, a table is a filtered range under a
//! styled header instead of an Excel table (see the constant).

use rust_xlsxwriter::{
    ConditionalFormatFormula, ConditionalFormatText, ConditionalFormatTextRule, Format, Note,
    Table, TableColumn, TableStyle, Worksheet, XlsxError,
};

use super::styles::Styles;
use crate::outputs::print::{lines, row_height};

/// The most rows written as an Excel table. rust_xlsxwriter records every
/// cell of a table to check that tables do not overlap: at a thousand
/// partners, some 15 million cells, 17 % of the time and 0.6 Gio of
/// memory. Larger tables get the same filters, frozen header and header
/// style, without the table's banded rows; a CTG's plan stays far below.
pub(super) const LARGEST_TABLE_ROWS: u32 = 50_000;

/// A cell value of a table row.
pub(super) enum Cell<'a> {
    /// Text borrowed from the plan.
    Text(&'a str),
    /// Text made for the sheet.
    Owned(String),
    /// A number in a format; an empty cell for `None`.
    Number(Option<f64>, &'a Format),
    /// A date; an empty cell for `None`.
    Date(Option<chrono::NaiveDate>),
    /// Text in its own format, cell by cell (a state, a severity).
    Styled(String, &'a Format),
    /// A number in its own format, cell by cell, with a note telling how
    /// to read it when it needs one (a rate measured without a baseline).
    Noted(Option<f64>, &'a Format, Option<String>),
}

/// Writes a list of rows as an Excel table with filters and a frozen header.
///
/// Each column takes the format of the first value written in it, as a
/// column format: formatting every cell would cost a format lookup per cell,
/// the main cost of writing ten thousand actions.
pub(super) struct TableWriter<'a> {
    ws: &'a mut Worksheet,
    styles: &'a Styles,
    first_row: u32,
    headers: Vec<String>,
    row: u32,
    formatted: Vec<bool>,
    widths: Vec<f64>,
    /// Rows whose cell in this column is filled take this format, whole.
    marked: Option<(u16, &'a Format)>,
    /// Cells of a column that read a text take a format: (column, text,
    /// format).
    tagged: Vec<(u16, String, &'a Format)>,
    /// The name and last row of the table when it was declared before its
    /// rows ([`TableWriter::streamed`]).
    declared: Option<(String, u32)>,
}

impl<'a> TableWriter<'a> {
    /// Starts a table whose header is at `first_row`, with its columns'
    /// headers and widths, left to right.
    pub(super) fn new(
        ws: &'a mut Worksheet,
        styles: &'a Styles,
        first_row: u32,
        columns: impl IntoIterator<Item = (impl Into<String>, f64)>,
    ) -> Result<TableWriter<'a>, XlsxError> {
        let mut headers = Vec::new();
        let mut widths = Vec::new();
        for (i, (header, width)) in columns.into_iter().enumerate() {
            ws.set_column_width(i as u16, width)?;
            headers.push(header.into());
            widths.push(width);
        }
        ws.set_freeze_panes(first_row + 1, 0)?;
        // Printed, the header row heads every page.
        ws.set_repeat_rows(first_row, first_row)?;
        Ok(TableWriter {
            ws,
            styles,
            first_row,
            formatted: vec![false; headers.len()],
            headers,
            row: first_row + 1,
            widths,
            marked: None,
            tagged: Vec::new(),
            declared: None,
        })
    }

    /// Starts a table at the top of a sheet in constant-memory mode, with
    /// its columns' headers and widths, left to right, and the number of
    /// rows to come: the table is declared at once, its header row first.
    pub(super) fn streamed(
        ws: &'a mut Worksheet,
        styles: &'a Styles,
        name: &str,
        columns: impl IntoIterator<Item = (impl Into<String>, f64)>,
        rows: usize,
    ) -> Result<TableWriter<'a>, XlsxError> {
        let mut t = TableWriter::new(ws, styles, 0, columns)?;
        let rows = u32::try_from(rows).map_err(|_| XlsxError::RowColumnLimitError)?;
        let last = t.last_row(rows);
        t.add_table(name, last)?;
        t.declared = Some((name.to_owned(), last));
        Ok(t)
    }

    /// The last row of the table for `rows` data rows: an Excel table
    /// needs at least one.
    fn last_row(&self, rows: u32) -> u32 {
        self.first_row.saturating_add(rows.max(1))
    }

    /// Gives the whole row `format` wherever its cell in column `col` is
    /// filled: a conditional format, so the mark follows the row when the
    /// table is sorted or filtered.
    pub(super) fn mark_rows_where_filled(&mut self, col: u16, format: &'a Format) {
        self.marked = Some((col, format));
    }

    /// Gives `format` to the cells of column `col` that read `text`: a
    /// conditional format, so the mark follows the cell when the table is
    /// sorted or filtered.
    pub(super) fn mark_cells_reading(&mut self, col: u16, text: &str, format: &'a Format) {
        self.tagged.push((col, text.to_owned(), format));
    }

    /// Writes a row, its cells in the order of the columns.
    pub(super) fn push(&mut self, cells: &[Cell]) -> Result<(), XlsxError> {
        let (ws, row, s) = (&mut *self.ws, self.row, self.styles);
        // The height its wrapped texts need: LibreOffice keeps the default
        // height of a row written without one, and lines would overlap.
        let tallest = cells
            .iter()
            .zip(&self.widths)
            .map(|(cell, width)| match cell {
                Cell::Text(t) => lines(t, *width),
                Cell::Owned(t) | Cell::Styled(t, _) => lines(t, *width),
                Cell::Number(..) | Cell::Date(_) | Cell::Noted(..) => 1,
            })
            .max()
            .unwrap_or(1);
        if tallest > 1 {
            ws.set_row_height(row, row_height(tallest))?;
        }
        for (i, cell) in cells.iter().enumerate() {
            let col = i as u16;
            let format = match cell {
                Cell::Text(_) | Cell::Owned(_) => Some(&s.wrap),
                Cell::Number(Some(_), f) => Some(*f),
                Cell::Date(Some(_)) => Some(&s.date),
                Cell::Number(None, _) | Cell::Date(None) | Cell::Styled(..) | Cell::Noted(..) => {
                    None
                }
            };
            if let (Some(f), Some(done)) = (format, self.formatted.get_mut(i))
                && !*done
            {
                ws.set_column_format(col, f)?;
                *done = true;
            }
            match cell {
                Cell::Text(t) => write_text(ws, row, col, t)?,
                Cell::Owned(t) => write_text(ws, row, col, t)?,
                Cell::Number(Some(n), _) => {
                    ws.write_number(row, col, *n)?;
                }
                Cell::Date(Some(d)) => {
                    ws.write_datetime(row, col, d)?;
                }
                Cell::Number(None, _) | Cell::Date(None) => {}
                Cell::Styled(t, f) => {
                    ws.write_string_with_format(row, col, crate::text::for_excel(t), f)?;
                }
                Cell::Noted(n, f, note) => {
                    if let Some(n) = n {
                        ws.write_number_with_format(row, col, *n, f)?;
                    }
                    if let Some(note) = note {
                        ws.insert_note(row, col, &Note::new(note).add_author_prefix(false))?;
                    }
                }
            }
        }
        self.row += 1;
        Ok(())
    }

    /// Makes the rows written an Excel table named `name` (a streamed
    /// table checks it got the rows and the name it was declared with).
    pub(super) fn finish(mut self, name: &str) -> Result<(), XlsxError> {
        let written = self.row - self.first_row - 1;
        let last = match &self.declared {
            Some((declared, last)) if declared == name && *last == self.last_row(written) => *last,
            // The table declared would not cover the rows written.
            Some(_) => {
                return Err(XlsxError::ParameterError(format!(
                    "table {name}: {written} rows written, not as declared"
                )));
            }
            None => {
                let last = self.last_row(written);
                self.add_table(name, last)?;
                last
            }
        };
        let last_col = self.last_col();
        if let Some((col, format)) = self.marked {
            let first = self.first_row + 1;
            let cell = format!(
                "${}{}",
                crate::finding::column_letters(u32::from(col)),
                first + 1
            );
            let rule = ConditionalFormatFormula::new()
                .set_rule(format!("=LEN({cell})>0").as_str())
                .set_format(format);
            self.ws
                .add_conditional_format(first, 0, last, last_col, &rule)?;
        }
        for (col, text, format) in &self.tagged {
            let rule = ConditionalFormatText::new()
                .set_rule(ConditionalFormatTextRule::Contains(text.clone()))
                .set_format(*format);
            self.ws
                .add_conditional_format(self.first_row + 1, *col, last, *col, &rule)?;
        }
        Ok(())
    }

    /// The last column of the table.
    fn last_col(&self) -> u16 {
        (self.headers.len().max(1) - 1) as u16
    }

    /// Declares the Excel table, down to row `last`: writes its header row.
    /// A table longer than [`LARGEST_TABLE_ROWS`] is a filtered range.
    fn add_table(&mut self, name: &str, last: u32) -> Result<(), XlsxError> {
        let last_col = self.last_col();
        if last - self.first_row > LARGEST_TABLE_ROWS {
            for (col, header) in self.headers.iter().enumerate() {
                self.ws.write_string_with_format(
                    self.first_row,
                    col as u16,
                    header,
                    &self.styles.header,
                )?;
            }
            self.ws.autofilter(self.first_row, 0, last, last_col)?;
            return Ok(());
        }
        let columns: Vec<TableColumn> = self
            .headers
            .iter()
            .map(|h| TableColumn::new().set_header(h))
            .collect();
        let table = Table::new()
            .set_name(name)
            .set_style(TableStyle::Medium2)
            .set_columns(&columns);
        self.ws
            .add_table(self.first_row, 0, last, last_col, &table)?;
        Ok(())
    }
}

/// Writes partners' text as text (never a formula), within Excel's limits.
fn write_text(ws: &mut Worksheet, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
    if !text.is_empty() {
        ws.write_string(row, col, crate::text::for_excel(text))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read};

    use rust_xlsxwriter::Workbook;

    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    /// The parts of a workbook of one sheet holding a table of `rows` rows,
    /// streamed as the big sheets are: (part names, the sheet's XML).
    fn written(rows: u32) -> Result<(Vec<String>, String), Box<dyn std::error::Error>> {
        let styles = Styles::new();
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet_with_constant_memory()?;
        let mut t = TableWriter::streamed(ws, &styles, "Essai", [("N°", 10.0)], rows as usize)?;
        for i in 0..rows {
            t.push(&[Cell::Number(Some(f64::from(i)), &styles.integer)])?;
        }
        t.finish("Essai")?;
        let mut zip = zip::ZipArchive::new(Cursor::new(wb.save_to_buffer()?))?;
        let names: Vec<String> = zip
            .file_names()
            .filter_map(Result::ok)
            .map(|n| n.into_owned())
            .collect();
        let mut sheet = String::new();
        zip.by_name("xl/worksheets/sheet1.xml")?
            .read_to_string(&mut sheet)?;
        Ok((names, sheet))
    }

    #[test]
    fn a_table_is_an_excel_table_up_to_its_largest_size() -> TestResult {
        let (names, _) = written(LARGEST_TABLE_ROWS)?;
        assert!(
            names.iter().any(|n| n.starts_with("xl/tables/")),
            "{names:?}"
        );
        Ok(())
    }

    #[test]
    fn a_larger_table_is_a_filtered_range_under_its_header() -> TestResult {
        let (names, sheet) = written(LARGEST_TABLE_ROWS + 1)?;
        assert!(
            !names.iter().any(|n| n.starts_with("xl/tables/")),
            "{names:?}"
        );
        let last = LARGEST_TABLE_ROWS + 2;
        assert!(
            sheet.contains(&format!(r#"<autoFilter ref="A1:A{last}"/>"#)),
            "no filter over the rows"
        );
        assert!(sheet.contains("<pane "), "frozen header");
        assert!(sheet.contains(">N°<"), "header written");
        Ok(())
    }
}
