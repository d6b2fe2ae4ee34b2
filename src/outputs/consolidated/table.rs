//! The generic table writer: rows of cells under a header, as an Excel
//! table with filters and a frozen header. Every filterable sheet
//! (Actions, Indicateurs, À corriger, Anomalies, Partenaires, Référentiel,
//! Modifications) writes through it.
//!
//! Partners' text is always written as text, never as a formula.

use rust_xlsxwriter::{
    ConditionalFormatFormula, ConditionalFormatText, ConditionalFormatTextRule, Format, Note,
    Table, TableColumn, TableStyle, Worksheet, XlsxError,
};

use super::styles::Styles;
use crate::outputs::print::{lines, row_height};

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
        })
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

    /// Makes the rows written an Excel table named `name`.
    pub(super) fn finish(self, name: &str) -> Result<(), XlsxError> {
        let columns: Vec<TableColumn> = self
            .headers
            .iter()
            .map(|h| TableColumn::new().set_header(h))
            .collect();
        // An Excel table needs at least one data row.
        let last = self.row.max(self.first_row + 2) - 1;
        let last_col = (self.headers.len().max(1) - 1) as u16;
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
