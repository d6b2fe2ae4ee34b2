//! The workbook of a results campaign, `sortie/evaluation-AAAA.xlsx`: a
//! summary per partner, then one sheet per kind of gap, each cell to fill
//! named in the partner's own file.

use rust_xlsxwriter::{DocProperties, Workbook, Worksheet, XlsxError};

use super::sheet;
use super::styles::Styles;
use super::table::{Cell, TableWriter};
use crate::evaluation::{Campaign, GapKind};
use crate::outputs::print::{Fit, Footer, a4_landscape};
use crate::referentiel::Referentiel;

/// Name of the summary sheet.
const SUMMARY: &str = "Par partenaire";
/// Row of every sheet's table header, under a title and a line of text.
const TABLE_ROW: u32 = 3;

/// Builds the campaign workbook in memory; `at` dates it (not the clock:
/// same campaign, same bytes).
pub fn build_campaign(
    campaign: &Campaign,
    r: &Referentiel,
    at: chrono::NaiveDateTime,
) -> Result<Vec<u8>, XlsxError> {
    let s = Styles::new();
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "Campagne de résultats {} — {}",
                campaign.year, r.convention.name
            ))
            .set_author("ctg")
            .set_creation_datetime(&at),
    );
    // Printed as every sheet (`outputs::print`): the lists are handed out
    // on paper too.
    let footer = Footer {
        name: r.convention.name.clone(),
        date: Some(at.date()),
    };
    let fit = Fit::Width {
        repeat: Some(TABLE_ROW),
    };
    let mut first = sheet(SUMMARY, &|ws| summary(ws, campaign, &s))?;
    first.set_active(true);
    a4_landscape(&mut first, fit, &footer)?;
    wb.push_worksheet(first);
    for kind in GapKind::ALL {
        let mut ws = sheet(kind.title(), &|ws| gaps(ws, campaign, kind, &s))?;
        a4_landscape(&mut ws, fit, &footer)?;
        wb.push_worksheet(ws);
    }
    wb.save_to_buffer()
}

/// What each partner has sent and has still to complete.
fn summary(ws: &mut Worksheet, campaign: &Campaign, s: &Styles) -> Result<(), XlsxError> {
    let year = campaign.year;
    ws.write_string_with_format(0, 0, format!("Campagne de résultats {year}"), &s.title)?;
    ws.write_string_with_format(
        1,
        0,
        "Résultats attendus : les indicateurs des actions menées pendant l'année (ni « À venir », ni terminées ou abandonnées avant). Les feuilles suivantes donnent chaque cellule à compléter.",
        &s.subtitle,
    )?;
    let mut columns = vec![
        ("Code".to_owned(), 11.0),
        ("Structure".to_owned(), 30.0),
        ("Fichier".to_owned(), 30.0),
        ("Résultats attendus".to_owned(), 19.0),
        ("Résultats reçus".to_owned(), 17.0),
        (format!("Taux d'atteinte médian {year}"), 28.0),
    ];
    columns.extend(GapKind::ALL.map(|k| (k.title().to_owned(), 32.0)));
    let mut t = TableWriter::new(ws, s, TABLE_ROW, columns)?;
    for p in &campaign.partners {
        let mut cells = vec![
            Cell::Text(&p.code),
            Cell::Text(&p.name),
            Cell::Text(p.file.as_deref().unwrap_or_default()),
            Cell::Number(Some(p.expected as f64), &s.text),
            Cell::Number(Some(p.received as f64), &s.text),
            Cell::Number(p.median, &s.percent),
        ];
        cells
            .extend(GapKind::ALL.map(|k| Cell::Number(Some(p.of_kind(k).count() as f64), &s.text)));
        t.push(&cells)?;
    }
    t.finish("Campagne")
}

/// The gaps of one kind, one row per cell to fill.
fn gaps(
    ws: &mut Worksheet,
    campaign: &Campaign,
    kind: GapKind,
    s: &Styles,
) -> Result<(), XlsxError> {
    let all: Vec<_> = campaign.gaps(kind).collect();
    ws.write_string_with_format(
        0,
        0,
        format!("{} — campagne {}", kind.title(), campaign.year),
        &s.title,
    )?;
    let intro = if all.is_empty() {
        "Rien ne manque.".to_owned()
    } else {
        kind.ask(campaign.year)
    };
    ws.write_string_with_format(1, 0, intro, &s.subtitle)?;
    let columns = [
        ("Partenaire", 11.0),
        ("N° action", 12.0),
        ("Intitulé", 40.0),
        ("Indicateur", 36.0),
        ("À saisir", 22.0),
        ("Cellule dans le fichier du partenaire", 30.0),
    ];
    let mut t = TableWriter::new(ws, s, TABLE_ROW, columns)?;
    for g in all {
        for cell in &g.cells {
            t.push(&[
                Cell::Text(&g.partner),
                Cell::Text(&g.action),
                Cell::Text(&g.title),
                Cell::Text(g.indicator.as_deref().unwrap_or_default()),
                Cell::Text(&cell.field),
                Cell::Owned(cell.cell.to_string()),
            ])?;
        }
    }
    let name: String = kind
        .key()
        .split('_')
        .map(|w| w[..1].to_uppercase() + &w[1..])
        .collect();
    t.finish(&name)
}
