//! The workbook `ctg avis` prepares for a committee, in `coordination/`:
//! the meeting at the top, then one row per current action (what it is,
//! where it stands, the avis standing for it) with the « Avis » dropdown
//! and the « Commentaire du comité » to fill in during the meeting.
//!
//! Its layout and headers come from [`crate::referentiel::committee`], the
//! reader's own schema. Partners' text is written as text.

use std::path::Path;

use chrono::NaiveDate;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DocProperties, Format, FormatAlign,
    FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

use crate::error::{Error, Result};
use crate::model::Snapshot;
use crate::outputs::print::{Fit, Footer, a4_landscape, lines, row_height};
use crate::referentiel::Referentiel;
use crate::referentiel::columns::Column;
use crate::referentiel::committee::{
    DATE_LABEL, DecisionColumn, HEADER_ROW, INSTANCE_LABEL, SHEET,
};

/// The meeting a workbook is prepared for.
#[derive(Debug, Clone)]
pub struct Meeting {
    /// The committee (« COPIL »).
    pub instance: String,
    /// Its date.
    pub date: NaiveDate,
}

impl Meeting {
    /// `avis-2024-07-04-COPIL.xlsx`: the date first, so that files sort by
    /// meeting; the committee's name without what a file name cannot hold.
    pub fn file_name(&self) -> String {
        let instance: String = self
            .instance
            .trim()
            .chars()
            .map(|c| if c.is_whitespace() { '_' } else { c })
            .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
            .collect();
        format!("avis-{}-{instance}.xlsx", self.date.format("%Y-%m-%d"))
    }
}

/// Rows covered by the dropdown below the actions, for actions the
/// coordinator adds by hand.
const SPARE_ROWS: u32 = 50;

/// Writes the workbook of `meeting` to `path`, atomically.
pub fn write(path: &Path, meeting: &Meeting, plan: &Snapshot, r: &Referentiel) -> Result<()> {
    let bytes = build(meeting, plan, r).map_err(|e| Error::workbook(path, &e))?;
    Ok(crate::fs::write_atomic(path, &bytes)?)
}

/// The width of each column.
fn width(c: DecisionColumn) -> f64 {
    use DecisionColumn::*;
    match c {
        Number | Partner | Status => 12.0,
        Budget => 14.0,
        Title | Objective => 34.0,
        Previous => 28.0,
        Verdict => 22.0,
        Comment => 44.0,
    }
}

/// Builds the workbook in memory.
pub fn build(
    meeting: &Meeting,
    plan: &Snapshot,
    r: &Referentiel,
) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // Dated by the meeting, not the clock: same plan, same bytes.
    let created = meeting.date.and_time(chrono::NaiveTime::MIN);
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "Avis du {} du {}",
                meeting.instance,
                meeting.date.format("%d/%m/%Y")
            ))
            .set_author("ctg")
            .set_creation_datetime(&created),
    );
    let mut lists = Worksheet::new();
    lists.set_name("Listes")?;
    for (i, v) in r.verdicts.iter().enumerate() {
        lists.write_string(i as u32, 0, v)?;
    }
    lists.set_hidden(true);
    let mut ws = Worksheet::new();
    ws.set_name(SHEET)?;
    let rows = actions(&mut ws, meeting, plan, r)?;
    let verdict_col = column_of(DecisionColumn::Verdict, r);
    let validation = DataValidation::new()
        .allow_list_formula(Formula::new(format!(
            "Listes!$A$1:$A${}",
            r.verdicts.len().max(1)
        )))
        .set_error_title("Avis hors de la liste")?
        .set_error_message("Choisissez un avis de la liste : ctg signalera toute autre valeur.")?
        .set_error_style(DataValidationErrorStyle::Warning);
    ws.add_data_validation(
        HEADER_ROW + 1,
        verdict_col,
        HEADER_ROW + rows + SPARE_ROWS,
        verdict_col,
        &validation,
    )?;
    let footer = Footer {
        name: r.convention.name.clone(),
        date: Some(meeting.date),
    };
    a4_landscape(
        &mut ws,
        Fit::Width {
            repeat: Some(HEADER_ROW),
        },
        &footer,
    )?;
    ws.set_active(true);
    wb.push_worksheet(ws);
    wb.push_worksheet(lists);
    wb.save_to_buffer()
}

fn column_of(c: DecisionColumn, r: &Referentiel) -> u16 {
    DecisionColumn::template(r)
        .iter()
        .position(|x| *x == c)
        .unwrap_or_default() as u16
}

/// Writes the meeting and the table; returns how many actions it lists.
fn actions(
    ws: &mut Worksheet,
    meeting: &Meeting,
    plan: &Snapshot,
    r: &Referentiel,
) -> std::result::Result<u32, XlsxError> {
    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_font_color(Color::RGB(0x1F4E78));
    let help = Format::new()
        .set_italic()
        .set_font_color(Color::RGB(0x595959));
    let label = Format::new().set_bold();
    let input = Format::new()
        .set_background_color(Color::RGB(0xFFF2CC))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Left);
    let date = input.clone().set_num_format("dd/mm/yyyy");
    let header = Format::new()
        .set_bold()
        .set_font_color(Color::White)
        .set_background_color(Color::RGB(0x1F4E78))
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let money = Format::new()
        .set_num_format("#,##0\\ \"€\"")
        .set_align(FormatAlign::Top);
    let fill = wrap.clone().set_background_color(Color::RGB(0xFFF2CC));

    ws.write_string_with_format(
        0,
        0,
        format!("Avis du comité — {}", r.convention.name),
        &title,
    )?;
    ws.set_row_height(0, 24)?;
    ws.write_string_with_format(
        1,
        0,
        "Pendant ou après la séance, choisissez l'avis de chaque action examinée dans la colonne « Avis » et notez le commentaire du comité ; laissez vide une action non examinée (son avis précédent reste en vigueur). Enregistrez ce fichier à sa place : la prochaine consolidation le lit.",
        &help,
    )?;
    ws.write_string_with_format(2, 0, INSTANCE_LABEL, &label)?;
    ws.write_string_with_format(2, 1, &meeting.instance, &input)?;
    ws.write_string_with_format(3, 0, DATE_LABEL, &label)?;
    ws.write_datetime_with_format(3, 1, meeting.date, &date)?;
    let columns = DecisionColumn::template(r);
    for (i, c) in columns.iter().enumerate() {
        ws.set_column_width(i as u16, width(*c))?;
        ws.write_string_with_format(HEADER_ROW, i as u16, c.header(r), &header)?;
    }
    ws.set_row_height(HEADER_ROW, 32)?;
    ws.set_freeze_panes(HEADER_ROW + 1, 1)?;
    let mut row = HEADER_ROW + 1;
    let mut listed = 0;
    for (code, p) in &plan.partners {
        for a in &p.actions {
            let previous = plan.decisions.get(&a.number).map(|d| {
                let comment = if d.comment.is_empty() {
                    String::new()
                } else {
                    format!(" : {}", d.comment)
                };
                format!("{} ({}){comment}", d.verdict, d.meeting_title())
            });
            let objective = r
                .objective(&a.objective)
                .map_or_else(|| a.objective.clone(), |o| o.choice());
            let status = a
                .status
                .map(|k| r.status_label(k).to_owned())
                .unwrap_or_default();
            let mut tallest = 1;
            for (i, c) in columns.iter().enumerate() {
                let col = i as u16;
                use DecisionColumn::*;
                let text = match c {
                    Number => Some(a.number.clone()),
                    Partner => Some(code.clone()),
                    Title => Some(a.title.clone()),
                    Objective => Some(objective.clone()),
                    Status => Some(status.clone()),
                    Previous => previous.clone(),
                    Budget | Verdict | Comment => None,
                };
                match (c, text) {
                    (Budget, _) => {
                        if let Some(b) = a.budget {
                            ws.write_number_with_format(row, col, b, &money)?;
                        }
                    }
                    (Verdict | Comment, _) => {
                        ws.write_blank(row, col, &fill)?;
                    }
                    (_, Some(t)) => {
                        tallest = tallest.max(lines(&t, width(*c)));
                        ws.write_string_with_format(row, col, crate::text::for_excel(&t), &wrap)?;
                    }
                    (_, None) => {}
                }
            }
            ws.set_row_height(row, row_height(tallest))?;
            row += 1;
            listed += 1;
        }
    }
    Ok(listed)
}
