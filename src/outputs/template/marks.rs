//! Cells of a pre-filled template pointed out to the partner: the ones a
//! results campaign asks for (`ctg evaluation --classeurs`). Each is
//! coloured and carries a note saying what to type; the colour goes away
//! once the cell is filled (for an action without indicator, once the
//! Indicateurs sheet names the action).

use rust_xlsxwriter::{Color, ConditionalFormatFormula, Format, Note, Worksheet};

use super::XlsxResult;
use crate::evaluation::Slot;
use crate::finding::column_letters;
use crate::referentiel::Referentiel;
use crate::referentiel::columns::{ActionColumn, Column, IndicatorColumn};

/// A cell to point out, and what to tell the partner about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// Where, in the template's rows (the partner's accepted plan, in order).
    pub slot: Slot,
    /// What to type, in French.
    pub note: String,
}

/// Colours and annotates the marked cells of the Actions and Indicateurs
/// sheets.
pub(super) fn apply(
    actions: &mut Worksheet,
    indicators: &mut Worksheet,
    marks: &[Mark],
    r: &Referentiel,
) -> XlsxResult<()> {
    let highlight = Format::new()
        .set_background_color(Color::RGB(0xFFEB9C))
        .set_font_color(Color::RGB(0x7F6000));
    let action_cols = ActionColumn::template(r);
    let indicator_cols = IndicatorColumn::template(r);
    for mark in marks {
        // Rows of the plan start under the header row.
        let (ws, row, col, rule) = match mark.slot {
            Slot::Action(index, column) => {
                let Some(col) = action_cols.iter().position(|c| *c == column) else {
                    continue;
                };
                let row = index as u32 + 1;
                let cell = format!("{}{}", column_letters(col as u32), row + 1);
                let rule = if column == ActionColumn::Number {
                    format!("=COUNTIF(Indicateurs!$A:$A,{cell})=0")
                } else {
                    format!("=ISBLANK({cell})")
                };
                (&mut *actions, row, col, rule)
            }
            Slot::Indicator(index, column) => {
                let Some(col) = indicator_cols.iter().position(|c| *c == column) else {
                    continue;
                };
                let row = index as u32 + 1;
                let cell = format!("{}{}", column_letters(col as u32), row + 1);
                (&mut *indicators, row, col, format!("=ISBLANK({cell})"))
            }
        };
        let col = col as u16;
        let format = ConditionalFormatFormula::new()
            .set_rule(rule.as_str())
            .set_format(&highlight);
        ws.add_conditional_format(row, col, row, col, &format)?;
        ws.insert_note(row, col, &Note::new(&mark.note).add_author_prefix(false))?;
    }
    Ok(())
}
