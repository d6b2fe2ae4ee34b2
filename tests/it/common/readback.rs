//! Reads a consolidated workbook back with calamine directly, not through
//! ctg: shared by the watcher tests and the benchmarks.

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};

/// Number and title of every action of the consolidated workbook's Actions sheet.
pub fn consolidated_actions(
    workbook: &Path,
) -> Result<Vec<(String, String)>, Box<dyn std::error::Error>> {
    let mut wb = open_workbook_auto(workbook)?;
    let range = wb.worksheet_range("Actions")?;
    let mut rows = range.rows();
    let headers: Vec<String> = rows
        .next()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .unwrap_or_default();
    let col = |h: &str| {
        headers
            .iter()
            .position(|x| x == h)
            .ok_or_else(|| format!("colonne « {h} » absente de {headers:?}"))
    };
    let (number, title) = (col("N° action")?, col("Intitulé")?);
    Ok(rows
        .filter(|r| r.iter().any(|c| *c != Data::Empty))
        .map(|r| (r[number].to_string(), r[title].to_string()))
        .collect())
}
