//! How every sheet ctg writes prints: A4 landscape, one page wide, the
//! header row repeated on each page, and a footer naming the CTG, the date
//! and « page X / Y » (the consolidated workbook, the partner template, the
//! committee's workbook).
//!
//! And the height of rows with wrapped text. Excel and LibreOffice do not
//! agree on the height of a row left to them: LibreOffice keeps the
//! default height of a row written without one, so the lines of a wrapped
//! text overlap the next row. Rows are given the height their text needs,
//! counted the way both render it: characters per line from the column
//! width, one line per paragraph at least.

use chrono::NaiveDate;
use rust_xlsxwriter::{Worksheet, XlsxError};

/// Excel's paper size code for A4.
const A4: u8 = 9;

/// Height of one line of text at the default font size (11 pt), in points.
pub const LINE_HEIGHT: f64 = 15.0;

/// The footer every printed page shows.
#[derive(Debug, Clone)]
pub struct Footer {
    /// Left: the CTG's name.
    pub name: String,
    /// Centre: the date the document was made, when it has one.
    pub date: Option<NaiveDate>,
}

impl Footer {
    /// The footer in Excel's header-and-footer language: `&L`, `&C` and
    /// `&R` start the three parts, `&P` and `&N` are the page and the
    /// number of pages; a `&` of the name is doubled to be shown as such.
    fn code(&self) -> String {
        // Excel refuses a footer over 255 characters: a long name is cut.
        let name: String = self.name.replace('&', "&&").chars().take(150).collect();
        let date = self
            .date
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default();
        format!("&L{name}&C{date}&Rpage &P / &N")
    }
}

/// How a sheet is laid out on paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// One page wide, as many pages tall as needed; this row (0-based,
    /// the header of its table) repeated on every page.
    Width { repeat: Option<u32> },
}

/// Sets `ws` to print on A4 landscape as `fit` says, with `footer`.
pub fn a4_landscape(ws: &mut Worksheet, fit: Fit, footer: &Footer) -> Result<(), XlsxError> {
    ws.set_paper_size(A4);
    ws.set_landscape();
    ws.set_footer(footer.code());
    let Fit::Width { repeat } = fit;
    ws.set_print_fit_to_pages(1, 0);
    if let Some(row) = repeat {
        ws.set_repeat_rows(row, row)?;
    }
    Ok(())
}

/// Lines a text takes in a column `width` characters wide (Excel's unit),
/// wrapped at words: each paragraph at least one line. Slightly pessimistic
/// (a proportional font fits a few more characters), so that no line is
/// ever cut.
pub fn lines(text: &str, width: f64) -> usize {
    // Characters that fit on a line: the width is in digits of the default
    // font; words are cut where they would pass it.
    let per_line = ((width - 1.0) * 1.05).floor().max(1.0) as usize;
    text.split('\n')
        .map(|paragraph| {
            let mut count = 1;
            let mut used = 0;
            for word in paragraph.split_whitespace() {
                let len = word.chars().count();
                if used > 0 && used + 1 + len <= per_line {
                    used += 1 + len;
                    continue;
                }
                if used > 0 {
                    count += 1;
                }
                // The word starts a line; one longer than a line is cut.
                let extra = len.saturating_sub(1) / per_line;
                count += extra;
                used = len - extra * per_line;
            }
            count
        })
        .sum::<usize>()
        .max(1)
}

/// Excel's highest row, in points.
const MAX_ROW_HEIGHT: f64 = 409.0;

/// The height of a row whose tallest cell holds `lines` lines of text
/// (at most Excel's highest row).
pub fn row_height(lines: usize) -> f64 {
    (LINE_HEIGHT * lines.max(1) as f64 + 2.0).min(MAX_ROW_HEIGHT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_footer_names_the_ctg_the_date_and_the_page() {
        let footer = Footer {
            name: "CTG Tarn & Agout".to_owned(),
            date: NaiveDate::from_ymd_opt(2024, 7, 4),
        };
        assert_eq!(
            footer.code(),
            "&LCTG Tarn && Agout&C04/07/2024&Rpage &P / &N"
        );
    }

    #[test]
    fn lines_count_wrapped_words_and_paragraphs() {
        assert_eq!(lines("", 20.0), 1);
        assert_eq!(lines("court", 20.0), 1);
        // 19 characters per line at width 19: three words of 8 take two lines.
        assert_eq!(lines("abcdefgh abcdefgh abcdefgh", 19.0), 2);
        assert_eq!(lines("un\ndeux\ntrois", 40.0), 3);
        // A word longer than the column is cut over several lines.
        assert_eq!(lines(&"x".repeat(50), 11.0), 5);
    }
}
