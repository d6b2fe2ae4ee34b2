//! The small tables of the Synthèse: a heading, a header row, rows of
//! labelled figures and an optional total row, bordered, each value in
//! the format of its kind. The charts read them back by position.

use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use crate::outputs::consolidated::styles::Styles;

/// A cell of a small table.
pub(super) enum Value {
    /// A row label (wrapped when long).
    Label(String),
    /// Plain text.
    Text(String),
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

/// Writes `block` from `row` on.
pub(super) fn write(
    ws: &mut Worksheet,
    row: u32,
    block: &Block,
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
    for (c, h) in block.headers.iter().enumerate() {
        ws.write_string_with_format(at, c as u16, h, &s.header)?;
    }
    at += 1;
    let first = at;
    for values in &block.rows {
        cells(ws, at, values, s, false)?;
        at += 1;
    }
    let last = at.saturating_sub(1).max(header);
    let total = match &block.total {
        Some(values) => {
            cells(ws, at, values, s, true)?;
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

/// Writes one row of values.
fn cells(
    ws: &mut Worksheet,
    row: u32,
    values: &[Value],
    s: &Styles,
    is_total: bool,
) -> Result<(), XlsxError> {
    let pick = |plain, total| pick(is_total, plain, total);
    for (c, v) in values.iter().enumerate() {
        let col = c as u16;
        match v {
            Value::Label(t) => {
                let f = pick(&s.label_wrap, &s.total_label);
                ws.write_string_with_format(row, col, crate::text::for_excel(t), f)?;
            }
            Value::Text(t) => {
                let f = pick(&s.label, &s.total_label);
                ws.write_string_with_format(row, col, crate::text::for_excel(t), f)?;
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
    Ok(())
}

/// The total format when the row is a total, else the plain one.
fn pick<'f>(is_total: bool, plain: &'f Format, total: &'f Format) -> &'f Format {
    if is_total { total } else { plain }
}
