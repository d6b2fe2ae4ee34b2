//! calamine → raw cells. Sheets are read cell by cell where the format allows
//! it (xlsx, xlsb), so a sheet with one cell in A1 and one in XFD1048576 costs
//! two cells, not seventeen billion.

use std::io::Cursor;

use calamine::{Data, DataRef, Dimensions, Ods, Reader, SheetVisible, Xls, Xlsb, Xlsx};

use super::guard::Checked;
use super::{CellValue, Format, Limits, RawCell, RawSheet, RawWorkbook, ReadError, Region};

type Source = Cursor<Vec<u8>>;

/// Decodes a workbook already checked by the guard.
pub fn decode(bytes: Vec<u8>, checked: Checked, limits: &Limits) -> Result<RawWorkbook, ReadError> {
    let format = checked.format;
    let mut budget = limits.max_cells;
    let sheets = match format {
        Format::Xlsx | Format::Xlsm => {
            let mut wb = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_error)?;
            let mut sheets = Vec::new();
            for (name, visible) in sheet_list(&wb) {
                let mut sheet = empty_sheet(name, visible);
                let mut reader = wb.worksheet_cells_reader(&sheet.name).map_err(xlsx_error)?;
                stream(&mut sheet, &mut budget, || {
                    Ok(reader.next_cell().map_err(xlsx_error)?.map(|cell| {
                        let (row, col) = cell.get_position();
                        (row, col, from_ref(cell.get_value()))
                    }))
                })?;
                drop(reader);
                if checked.merges {
                    sheet.merged = wb
                        .merge_cells_by_sheet_name(&sheet.name)
                        .map(|dims| dims.iter().map(region).collect())
                        .unwrap_or_default();
                }
                sheets.push(sheet);
            }
            sheets
        }
        Format::Xlsb => {
            let mut wb = Xlsb::new(Cursor::new(bytes)).map_err(|e| match e {
                calamine::XlsbError::Password => ReadError::Encrypted,
                _ => invalid_content(format),
            })?;
            let mut sheets = Vec::new();
            for (name, visible) in sheet_list(&wb) {
                let mut sheet = empty_sheet(name, visible);
                let mut reader = wb
                    .worksheet_cells_reader(&sheet.name)
                    .map_err(|_| invalid_content(format))?;
                stream(&mut sheet, &mut budget, || {
                    let next = reader.next_cell().map_err(|_| invalid_content(format))?;
                    Ok(next.map(|cell| {
                        let (row, col) = cell.get_position();
                        (row, col, from_ref(cell.get_value()))
                    }))
                })?;
                drop(reader);
                sheets.push(sheet);
            }
            sheets
        }
        Format::Ods => {
            let wb: Ods<Source> = Ods::new(Cursor::new(bytes)).map_err(|e| match e {
                calamine::OdsError::Password => ReadError::Encrypted,
                _ => invalid_content(format),
            })?;
            dense_sheets(wb, format, &mut budget, |_, _| Vec::new())?
        }
        Format::Xls => {
            // An encrypted .xlsx is a CFB container too: calamine's xlsx
            // reader recognises it.
            if let Err(calamine::XlsxError::Password) = Xlsx::new(Cursor::new(bytes.clone())) {
                return Err(ReadError::Encrypted);
            }
            let wb: Xls<Source> = Xls::new(Cursor::new(bytes)).map_err(|e| match e {
                calamine::XlsError::Password => ReadError::Encrypted,
                _ => invalid_content(format),
            })?;
            dense_sheets(wb, format, &mut budget, |wb, name| {
                wb.merge_cells_by_sheet_name(name)
                    .map(|dims| dims.iter().map(region).collect())
                    .unwrap_or_default()
            })?
        }
    };
    Ok(RawWorkbook {
        format,
        sheets,
        saved: checked.saved,
    })
}

/// Reads formats whose decoder only offers whole ranges (xls, ods); the
/// guard and the child's memory limit bound their size.
fn dense_sheets<R>(
    mut wb: R,
    format: Format,
    budget: &mut usize,
    merged: impl Fn(&R, &str) -> Vec<Region>,
) -> Result<Vec<RawSheet>, ReadError>
where
    R: Reader<Source>,
{
    let mut sheets = Vec::new();
    for (name, visible) in sheet_list(&wb) {
        let mut sheet = empty_sheet(name, visible);
        let range = wb
            .worksheet_range(&sheet.name)
            .map_err(|_| invalid_content(format))?;
        for (row, col, value) in range.used_cells() {
            let (row, col) = (
                range.start().map_or(0, |s| s.0) + row as u32,
                range.start().map_or(0, |s| s.1) + col as u32,
            );
            if !push(&mut sheet, budget, row, col, from_data(value)) {
                break;
            }
        }
        sheet.merged = merged(&wb, &sheet.name);
        sheets.push(sheet);
    }
    Ok(sheets)
}

fn sheet_list<R: Reader<Source>>(wb: &R) -> Vec<(String, bool)> {
    wb.sheets_metadata()
        .iter()
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible == SheetVisible::Visible))
        .collect()
}

fn empty_sheet(name: String, visible: bool) -> RawSheet {
    RawSheet {
        name,
        visible,
        cells: Vec::new(),
        merged: Vec::new(),
        truncated: false,
    }
}

/// Adds the cells a streaming reader yields until it ends or the workbook's
/// budget is spent.
fn stream(
    sheet: &mut RawSheet,
    budget: &mut usize,
    mut next: impl FnMut() -> Result<Option<(u32, u32, Option<CellValue>)>, ReadError>,
) -> Result<(), ReadError> {
    while let Some((row, col, value)) = next()? {
        if !push(sheet, budget, row, col, value) {
            break;
        }
    }
    Ok(())
}

/// Adds a cell unless the workbook's budget is spent; returns false to stop.
fn push(
    sheet: &mut RawSheet,
    budget: &mut usize,
    row: u32,
    col: u32,
    value: Option<CellValue>,
) -> bool {
    let Some(value) = value else { return true };
    if *budget == 0 {
        sheet.truncated = true;
        return false;
    }
    *budget -= 1;
    sheet.cells.push(RawCell { row, col, value });
    true
}

fn region(d: &Dimensions) -> Region {
    Region {
        first_row: d.start.0,
        first_col: d.start.1,
        last_row: d.end.0,
        last_col: d.end.1,
    }
}

/// calamine's messages are English and technical; the reason a partner
/// reads names the problem in French instead.
fn xlsx_error(e: calamine::XlsxError) -> ReadError {
    use calamine::XlsxError as E;
    match e {
        E::Password => ReadError::Encrypted,
        E::Zip(_) => ReadError::Corrupt("archive ZIP invalide ou tronquée".to_owned()),
        E::Xml(_) | E::XmlAttr(_) | E::XmlEof(_) | E::UnexpectedNode(_) => {
            ReadError::Corrupt("contenu XML invalide".to_owned())
        }
        E::FileNotFound(part) => ReadError::Corrupt(format!("partie « {part} » absente")),
        _ => invalid_content(Format::Xlsx),
    }
}

/// A decoder refused the content, for a reason too technical to show.
fn invalid_content(format: Format) -> ReadError {
    ReadError::Corrupt(format!(
        "contenu inattendu pour un classeur {}",
        format.label()
    ))
}

fn text(s: &str) -> Option<CellValue> {
    (!s.trim().is_empty()).then(|| CellValue::Text(s.to_owned()))
}

fn date_time(dt: &calamine::ExcelDateTime) -> Option<CellValue> {
    // calamine panics turning a serial below about -1e11 into a date (its
    // duration overflows); past a billion days there is no date anyway.
    if dt.is_duration() || dt.as_f64().abs() >= 1e9 {
        return Some(CellValue::Number(dt.as_f64()));
    }
    Some(match dt.as_datetime() {
        Some(d) => CellValue::DateTime(d),
        None => CellValue::Number(dt.as_f64()),
    })
}

fn iso_date_time(s: &str) -> Option<CellValue> {
    let parsed = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").or_else(|_| {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map(|d| d.and_time(chrono::NaiveTime::MIN))
    });
    match parsed {
        Ok(d) => Some(CellValue::DateTime(d)),
        Err(_) => text(s),
    }
}

fn from_ref(v: &DataRef<'_>) -> Option<CellValue> {
    match v {
        DataRef::Empty => None,
        DataRef::String(s) => text(s),
        DataRef::SharedString(s) => text(s),
        DataRef::Float(f) => Some(CellValue::Number(*f)),
        DataRef::Int(i) => Some(CellValue::Number(*i as f64)),
        DataRef::Bool(b) => Some(CellValue::Bool(*b)),
        DataRef::DateTime(dt) => date_time(dt),
        DataRef::DateTimeIso(s) => iso_date_time(s),
        DataRef::DurationIso(s) => text(s),
        DataRef::Error(e) => Some(CellValue::Error(e.to_string())),
    }
}

fn from_data(v: &Data) -> Option<CellValue> {
    match v {
        Data::Empty => None,
        Data::String(s) => text(s),
        Data::Float(f) => Some(CellValue::Number(*f)),
        Data::Int(i) => Some(CellValue::Number(*i as f64)),
        Data::Bool(b) => Some(CellValue::Bool(*b)),
        Data::DateTime(dt) => date_time(dt),
        Data::DateTimeIso(s) => iso_date_time(s),
        Data::DurationIso(s) => text(s),
        Data::Error(e) => Some(CellValue::Error(e.to_string())),
    }
}
