//! The small hand-made tables of the Synthèse and the Couverture: a
//! heading, a header row, rows of labelled figures and an optional total
//! row, bordered, each value in the format of its kind. The charts read
//! them back by position. Rows are as high as their longest wrapped text
//! (`outputs::print`): LibreOffice does not fit a row to the wrapped text
//! of a file it opens, and a label cut in the middle misleads.

use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use super::styles::Styles;
use crate::outputs::print::{lines, row_height};

/// A cell of a small table.
pub(super) enum Value {
    /// A row label (wrapped when long).
    Label(String),
    /// Plain text, wrapped in its column.
    Text(String),
    /// Text that runs on over the empty cells on its right (the last
    /// column of a table).
    Note(String),
    /// A count.
    Count(usize),
    /// An amount, €.
    Money(f64),
    /// A share; empty when there is none to compute.
    Share(Option<f64>),
    /// A date; empty when none.
    Day(Option<NaiveDate>),
}

/// A small table to write.
pub(super) struct Block {
    /// Its heading.
    pub(super) title: String,
    /// A line under the heading, saying how to read it.
    pub(super) note: Option<String>,
    /// Column headers.
    pub(super) headers: Vec<String>,
    /// Rows.
    pub(super) rows: Vec<Vec<Value>>,
    /// The total row, in total formats.
    pub(super) total: Option<Vec<Value>>,
}

/// Where a block was written.
#[derive(Debug, Clone, Copy)]
pub(super) struct Placed {
    /// Row of its header.
    pub(super) header: u32,
    /// Row of its first data row.
    pub(super) first: u32,
    /// Row of its last data row (the header's when it has none).
    pub(super) last: u32,
    /// Row of its total, when it has one.
    pub(super) total: Option<u32>,
    /// The first free row after it, a blank line left.
    pub(super) next: u32,
}

/// The widths of a sheet's columns, left to right; columns beyond the
/// list are as wide as its last.
#[derive(Debug, Clone, Copy)]
pub(super) struct Widths<'a>(pub(super) &'a [f64]);

impl Widths<'_> {
    /// The width of column `c`.
    fn of(self, c: usize) -> f64 {
        self.0.get(c).or(self.0.last()).copied().unwrap_or(10.0)
    }
}

/// Writes `block` from `row` on, in columns `widths` wide.
pub(super) fn write(
    ws: &mut Worksheet,
    row: u32,
    block: &Block,
    widths: Widths,
    s: &Styles,
) -> Result<Placed, XlsxError> {
    let mut at = row;
    ws.write_string_with_format(at, 0, &block.title, &s.heading)?;
    at += 1;
    if let Some(note) = &block.note {
        ws.write_string_with_format(at, 0, note, &s.subtitle)?;
        at += 1;
    }
    let header = at;
    let mut height = 1;
    for (c, h) in block.headers.iter().enumerate() {
        ws.write_string_with_format(at, c as u16, h, &s.header)?;
        height = height.max(lines(h, widths.of(c)));
    }
    ws.set_row_height(at, row_height(height))?;
    at += 1;
    let first = at;
    for values in &block.rows {
        line(ws, at, values, widths, s, false)?;
        at += 1;
    }
    let last = at.saturating_sub(1).max(header);
    let total = match &block.total {
        Some(values) => {
            line(ws, at, values, widths, s, true)?;
            at += 1;
            Some(at - 1)
        }
        None => None,
    };
    Ok(Placed {
        header,
        first,
        last,
        total,
        next: at + 1,
    })
}

/// Makes row `row` as high as `text` wrapped in a column `width` wide.
pub(super) fn fit(ws: &mut Worksheet, row: u32, text: &str, width: f64) -> Result<(), XlsxError> {
    let height = lines(text, width);
    if height > 1 {
        ws.set_row_height(row, row_height(height))?;
    }
    Ok(())
}

/// Writes one row of values, as high as its longest wrapped text.
pub(super) fn line(
    ws: &mut Worksheet,
    row: u32,
    values: &[Value],
    widths: Widths,
    s: &Styles,
    is_total: bool,
) -> Result<(), XlsxError> {
    let pick = |plain, total| pick(is_total, plain, total);
    let mut height = 1;
    for (c, v) in values.iter().enumerate() {
        let col = c as u16;
        match v {
            Value::Label(t) | Value::Text(t) => {
                let f = pick(&s.label_wrap, &s.total_label);
                ws.write_string_with_format(row, col, crate::text::for_excel(t), f)?;
                height = height.max(lines(t, widths.of(c)));
            }
            Value::Note(t) => {
                ws.write_string_with_format(row, col, crate::text::for_excel(t), &s.label)?;
            }
            Value::Count(n) => {
                let f = pick(&s.integer, &s.total);
                ws.write_number_with_format(row, col, *n as f64, f)?;
            }
            Value::Money(x) => {
                ws.write_number_with_format(row, col, *x, &s.total_money)?;
            }
            Value::Share(x) => {
                let f = pick(&s.share_cell, &s.total_share);
                match x {
                    Some(x) => ws.write_number_with_format(row, col, *x, f)?,
                    None => ws.write_blank(row, col, f)?,
                };
            }
            Value::Day(d) => {
                match d {
                    Some(d) => ws.write_datetime_with_format(row, col, d, &s.date_cell)?,
                    None => ws.write_blank(row, col, &s.date_cell)?,
                };
            }
        }
    }
    if height > 1 {
        ws.set_row_height(row, row_height(height))?;
    }
    Ok(())
}

/// The total format when the row is a total, else the plain one.
fn pick<'f>(is_total: bool, plain: &'f Format, total: &'f Format) -> &'f Format {
    if is_total { total } else { plain }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_beyond_the_list_are_as_wide_as_its_last() {
        let widths = Widths(&[46.0, 14.0]);
        assert_eq!(
            (widths.of(0), widths.of(1), widths.of(5)),
            (46.0, 14.0, 14.0)
        );
    }
}
