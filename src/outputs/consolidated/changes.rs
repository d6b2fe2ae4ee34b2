//! The « Modifications » sheet: what changed in the plan since the previous
//! consolidation (or between the two workbooks of `ctg comparer`), told in
//! sentences and then row by row: one row per changed field, coloured by
//! the nature of the change.

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use super::Changes;
use super::styles::Styles;
use super::table::{Cell, TableWriter};
use crate::changes::{ChangeKind, FieldChange};
use crate::outputs::report::changes::{event_text, narrative};
use crate::referentiel::Referentiel;

/// Header and width of each column.
const COLUMNS: [(&str, f64); 9] = [
    ("Partenaire", 11.0),
    ("N° action", 14.0),
    ("Intitulé", 36.0),
    ("Nature", 13.0),
    ("Champ", 22.0),
    ("Ancienne valeur", 36.0),
    ("Nouvelle valeur", 36.0),
    ("Écart", 11.0),
    ("Remarque", 30.0),
];

/// Width of the only column when there is no table: the sentences.
const TEXT_WIDTH: f64 = 100.0;

/// Writes the content of the Modifications sheet.
pub(super) fn write(
    ws: &mut Worksheet,
    changes: Changes,
    r: &Referentiel,
    s: &Styles,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(0, 0, "Modifications du plan d'actions", &s.title)?;
    let report = match changes {
        Changes::FirstRun => {
            ws.write_string_with_format(1, 0, "Première consolidation de ce dossier : les modifications apparaîtront à partir de la prochaine.", &s.subtitle)?;
            ws.set_column_width(0, TEXT_WIDTH)?;
            return Ok(());
        }
        Changes::Since(report) => report,
    };
    let lines = narrative(report, r);
    for (i, line) in lines.iter().enumerate() {
        ws.write_string_with_format(
            1 + i as u32,
            0,
            crate::text::for_excel(line),
            if i == 0 { &s.subtitle } else { &s.text },
        )?;
    }
    if report.is_empty() {
        ws.set_column_width(0, TEXT_WIDTH)?;
        return Ok(());
    }
    let mut t = TableWriter::new(ws, s, lines.len() as u32 + 2, COLUMNS)?;
    for p in &report.partners {
        if let Some(event) = p.event {
            t.push(&[
                Cell::Text(&p.code),
                Cell::Text(""),
                Cell::Text(""),
                Cell::Styled("partenaire".into(), &s.warning),
                Cell::Text(""),
                Cell::Text(""),
                Cell::Text(event_text(event)),
                Cell::Number(None, &s.text),
                Cell::Text(""),
            ])?;
        }
        for a in &p.actions {
            let number = match &a.old_number {
                Some(old) => format!("{} (ex-{old})", a.number),
                None => a.number.clone(),
            };
            let nature = (a.kind.label(), change_format(a.kind, s));
            push_change(&mut t, s, &p.code, &number, &a.title, nature, &a.fields)?;
        }
        for i in &p.indicators {
            let title = format!("Indicateur « {} »", i.indicator);
            let nature = (i.kind.masculine(), change_format(i.kind, s));
            push_change(&mut t, s, &p.code, &i.action, &title, nature, &i.fields)?;
        }
    }
    t.finish("Modifications")
}

/// Writes a change of an action or an indicator: one row per changed
/// field, or a single row when no field is concerned (added, removed,
/// renumbered).
fn push_change(
    t: &mut TableWriter,
    s: &Styles,
    partner: &str,
    number: &str,
    title: &str,
    (nature, format): (&str, &Format),
    fields: &[FieldChange],
) -> Result<(), XlsxError> {
    let rows: Vec<Option<&FieldChange>> = if fields.is_empty() {
        vec![None]
    } else {
        fields.iter().map(Some).collect()
    };
    for f in rows {
        t.push(&[
            Cell::Text(partner),
            Cell::Text(number),
            Cell::Text(title),
            Cell::Styled(nature.to_owned(), format),
            Cell::Text(f.map_or("", |f| &f.field)),
            Cell::Text(f.map_or("", |f| &f.old)),
            Cell::Text(f.map_or("", |f| &f.new)),
            Cell::Number(f.and_then(|f| f.delta), &s.text),
            Cell::Text(f.and_then(|f| f.note.as_deref()).unwrap_or_default()),
        ])?;
    }
    Ok(())
}

/// Added in green, removed in red, modified in yellow, renumbered in blue.
fn change_format(kind: ChangeKind, s: &Styles) -> &Format {
    match kind {
        ChangeKind::Added => &s.ok,
        ChangeKind::Removed => &s.error,
        ChangeKind::Modified => &s.warning,
        ChangeKind::Renumbered => &s.info,
    }
}
