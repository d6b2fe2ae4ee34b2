//! How the template's cells look, and which of them partners may edit:
//! input formats are unlocked and every sheet is protected, so headers and
//! the partner code stay as ctg wrote them while the rest can be typed in.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, ProtectionOptions};

/// Formats shared by the sheets.
pub(super) struct Styles {
    /// Sheet titles.
    pub(super) title: Format,
    /// Table headers (locked).
    pub(super) header: Format,
    /// Cells partners fill in (unlocked, bordered).
    pub(super) input: Format,
    /// Input cells holding long text.
    pub(super) wrap_input: Format,
    /// Input cells holding dates.
    pub(super) date: Format,
    /// Input cells holding amounts in euros.
    pub(super) money: Format,
    /// Input cells holding other numbers.
    pub(super) number: Format,
    /// Labels in front of values.
    pub(super) label: Format,
    /// Explanations next to the cells.
    pub(super) help: Format,
    /// Values partners must not change (the code, the template version).
    pub(super) locked_value: Format,
    /// Section headings of the instructions.
    pub(super) heading: Format,
    /// Running text of the instructions.
    pub(super) body: Format,
}

impl Styles {
    /// The formats, built once per workbook.
    pub(super) fn new() -> Styles {
        let border = Color::RGB(0xBFBFBF);
        let input = Format::new()
            .set_unlocked()
            .set_border(FormatBorder::Thin)
            .set_border_color(border)
            .set_align(FormatAlign::Top);
        Styles {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_font_color(Color::RGB(0x1F4E78)),
            header: Format::new()
                .set_bold()
                .set_font_color(Color::White)
                .set_background_color(Color::RGB(0x1F4E78))
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter)
                .set_border(FormatBorder::Thin)
                .set_locked(),
            wrap_input: input.clone().set_text_wrap(),
            date: input.clone().set_num_format("dd/mm/yyyy"),
            money: input.clone().set_num_format("#,##0.00\\ \"€\""),
            number: input.clone().set_num_format("General"),
            input,
            label: Format::new().set_bold().set_align(FormatAlign::Top),
            help: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x595959))
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            locked_value: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xE7EEF6))
                .set_border(FormatBorder::Thin),
            heading: Format::new()
                .set_bold()
                .set_font_size(12)
                .set_font_color(Color::RGB(0x1F4E78)),
            body: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        }
    }
}

/// The protection of every sheet: no password, and partners may still
/// format, insert and delete rows, sort and filter.
pub(super) fn protection() -> ProtectionOptions {
    ProtectionOptions {
        format_cells: true,
        format_columns: true,
        format_rows: true,
        insert_rows: true,
        delete_rows: true,
        sort: true,
        use_autofilter: true,
        ..ProtectionOptions::default()
    }
}
