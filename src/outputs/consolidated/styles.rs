//! The cell formats of the consolidated workbook: one set, made once per
//! workbook and shared by every sheet, so a colour means the same thing on
//! every sheet (red: error or removed, yellow: warning or modified, green:
//! fine or added, blue: information).

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

/// Euros with cents, as every amount shows: what the CAF reads adds up to
/// the cent.
pub(super) const MONEY: &str = "#,##0.00\\ \"€\"";

/// Whole euros, for chart axes (« 50 000 € »).
pub(super) const WHOLE_EUROS: &str = "#,##0\\ \"€\"";

/// A share, one decimal (« 33,7 % »).
const SHARE: &str = "0.0\\ %";

/// The formats the sheets write with.
pub(super) struct Styles {
    /// Sheet title.
    pub(super) title: Format,
    /// Line under a title: context, explanations.
    pub(super) subtitle: Format,
    /// Heading of a block within a sheet.
    pub(super) heading: Format,
    /// Header cell of a hand-made table (white on dark blue).
    pub(super) header: Format,
    /// Row label of a hand-made table.
    pub(super) label: Format,
    /// Row label of a hand-made table, wrapped and top-aligned (long labels).
    pub(super) label_wrap: Format,
    /// Plain value, top-aligned like the wrapped text beside it.
    pub(super) text: Format,
    /// Partners' text, wrapped.
    pub(super) wrap: Format,
    /// Date.
    pub(super) date: Format,
    /// Amount in euros, with cents.
    pub(super) money: Format,
    /// Count in a hand-made table.
    pub(super) integer: Format,
    /// Rate of achievement.
    pub(super) percent: Format,
    /// A share (CAF share) in a table column.
    pub(super) share: Format,
    /// A share in a hand-made table.
    pub(super) share_cell: Format,
    /// A date in a hand-made table.
    pub(super) date_cell: Format,
    /// Rate of achievement of a year not over yet (partial).
    pub(super) percent_partial: Format,
    /// Label of a total row.
    pub(super) total_label: Format,
    /// Count in a total row or column.
    pub(super) total: Format,
    /// Amount in a total, with cents.
    pub(super) total_money: Format,
    /// A share in a total row.
    pub(super) total_share: Format,
    /// Label of a subtotal row (an orientation).
    pub(super) subtotal_label: Format,
    /// Amount in a hand-made table, with cents like every amount.
    pub(super) money_cell: Format,
    /// Rate in a hand-made table.
    pub(super) percent_cell: Format,
    /// Rate in a total row.
    pub(super) total_percent: Format,
    /// A « zone d'ombre »: no action there.
    pub(super) shadow: Format,
    /// Error, removal, unreadable file (red).
    pub(super) error: Format,
    /// Warning, modification (yellow).
    pub(super) warning: Format,
    /// Up to date, addition (green).
    pub(super) ok: Format,
    /// Information, renumbering (blue).
    pub(super) info: Format,
    /// A row of an action kept with errors to correct (red fill, the text
    /// left as it is: the rule colours whole rows).
    pub(super) to_correct: Format,
}

impl Styles {
    /// Every format of the workbook, made once.
    pub(super) fn new() -> Styles {
        let border = |f: Format| {
            f.set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0xBFBFBF))
        };
        Styles {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_font_color(Color::RGB(0x1F4E78)),
            subtitle: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x595959)),
            heading: Format::new()
                .set_bold()
                .set_font_size(12)
                .set_font_color(Color::RGB(0x1F4E78)),
            header: border(
                Format::new()
                    .set_bold()
                    .set_font_color(Color::White)
                    .set_background_color(Color::RGB(0x1F4E78))
                    .set_text_wrap()
                    .set_align(FormatAlign::VerticalCenter),
            ),
            label: border(Format::new()),
            label_wrap: border(Format::new().set_text_wrap().set_align(FormatAlign::Top)),
            text: Format::new().set_align(FormatAlign::Top),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            date: Format::new()
                .set_num_format("dd/mm/yyyy")
                .set_align(FormatAlign::Top),
            money: Format::new()
                .set_num_format(MONEY)
                .set_align(FormatAlign::Top),
            integer: border(Format::new().set_num_format("0")),
            percent: Format::new()
                .set_num_format("0%")
                .set_align(FormatAlign::Top),
            share: Format::new()
                .set_num_format(SHARE)
                .set_align(FormatAlign::Top),
            share_cell: border(Format::new().set_num_format(SHARE)),
            date_cell: border(Format::new().set_num_format("dd/mm/yyyy")),
            percent_partial: Format::new()
                .set_num_format("0%")
                .set_italic()
                .set_font_color(Color::RGB(0x595959))
                .set_align(FormatAlign::Top),
            total_label: border(
                Format::new()
                    .set_bold()
                    .set_background_color(Color::RGB(0xE7EEF6)),
            ),
            total: border(
                Format::new()
                    .set_bold()
                    .set_num_format("0")
                    .set_background_color(Color::RGB(0xE7EEF6)),
            ),
            total_money: border(
                Format::new()
                    .set_bold()
                    .set_num_format(MONEY)
                    .set_background_color(Color::RGB(0xE7EEF6)),
            ),
            total_share: border(
                Format::new()
                    .set_bold()
                    .set_num_format(SHARE)
                    .set_background_color(Color::RGB(0xE7EEF6)),
            ),
            subtotal_label: border(Format::new().set_bold()),
            money_cell: border(Format::new().set_num_format(MONEY)),
            percent_cell: border(Format::new().set_num_format("0%")),
            total_percent: border(
                Format::new()
                    .set_bold()
                    .set_num_format("0%")
                    .set_background_color(Color::RGB(0xE7EEF6)),
            ),
            shadow: border(
                Format::new()
                    .set_num_format("0")
                    .set_background_color(Color::RGB(0xF8CBAD))
                    .set_font_color(Color::RGB(0x833C0B)),
            ),
            error: Format::new()
                .set_font_color(Color::RGB(0x9C0006))
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_align(FormatAlign::Top),
            warning: Format::new()
                .set_font_color(Color::RGB(0x7F6000))
                .set_background_color(Color::RGB(0xFFEB9C))
                .set_align(FormatAlign::Top),
            ok: Format::new()
                .set_font_color(Color::RGB(0x006100))
                .set_background_color(Color::RGB(0xC6EFCE))
                .set_align(FormatAlign::Top),
            info: Format::new()
                .set_font_color(Color::RGB(0x1F4E78))
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_align(FormatAlign::Top),
            to_correct: Format::new().set_background_color(Color::RGB(0xFFC7CE)),
        }
    }
}
