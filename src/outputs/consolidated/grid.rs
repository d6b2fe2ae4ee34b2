//! The small hand-made tables of the Synthèse and the Couverture: a
//! heading, a header row, rows of labelled figures and an optional total
//! row, bordered, each value in the format of its kind. The charts read
//! them back by position. Rows are as high as their longest wrapped text:
//! spreadsheets do not fit a row to wrapped text they open, and a label
//! cut in the middle misleads.

/// Height of one line of text, in points.
const LINE_HEIGHT: f64 = 15.0;

use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use super::styles::Styles;

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
    let mut lines = 1;
    for (c, h) in block.headers.iter().enumerate() {
        ws.write_string_with_format(at, c as u16, h, &s.header)?;
        lines = lines.max(wrapped_lines(h, widths.of(c)));
    }
    ws.set_row_height(at, lines as f64 * LINE_HEIGHT)?;
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

/// How many lines `text` takes wrapped in a column `width` wide (a width
/// unit holds about one character; words are not cut).
fn wrapped_lines(text: &str, width: f64) -> usize {
    let room = (width * 1.2).floor().max(1.0) as usize;
    let mut lines = 1;
    let mut used = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        let needed = if used == 0 { n } else { used + 1 + n };
        if needed <= room {
            used = needed;
            continue;
        }
        if used > 0 {
            lines += 1;
        }
        // A word longer than a line spills over the next ones.
        lines += (n - 1) / room;
        used = (n - 1) % room + 1;
    }
    lines
}

/// Makes row `row` as high as `text` wrapped in a column `width` wide.
pub(super) fn fit(ws: &mut Worksheet, row: u32, text: &str, width: f64) -> Result<(), XlsxError> {
    let lines = wrapped_lines(text, width);
    if lines > 1 {
        ws.set_row_height(row, lines as f64 * LINE_HEIGHT)?;
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
    let mut lines = 1;
    for (c, v) in values.iter().enumerate() {
        let col = c as u16;
        match v {
            Value::Label(t) | Value::Text(t) => {
                let f = pick(&s.label_wrap, &s.total_label);
                ws.write_string_with_format(row, col, crate::text::for_excel(t), f)?;
                lines = lines.max(wrapped_lines(t, widths.of(c)));
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
    if lines > 1 {
        ws.set_row_height(row, lines as f64 * LINE_HEIGHT)?;
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
    fn wrapped_lines_count_words_that_fit() {
        assert_eq!(wrapped_lines("Total", 46.0), 1);
        let axis = "1 — Garantir une offre de services qui s'adapte à l'évolution des besoins de la population";
        assert_eq!(wrapped_lines(axis, 46.0), 2);
        assert_eq!(wrapped_lines("Statut non reconnu (à corriger)", 14.0), 3);
        assert_eq!(wrapped_lines("", 14.0), 1);
        // A word longer than a line spills over.
        assert_eq!(wrapped_lines("Saint-Sulpice-la-Pointe", 10.0), 2);
        let widths = Widths(&[46.0, 14.0]);
        assert_eq!((widths.of(0), widths.of(5)), (46.0, 14.0));
    }
}
