//! The XML inside an .xlsx or .ods file, for what calamine does not read:
//! data validations (dropdowns), sheet states.

use std::io::Read;
use std::path::Path;

/// The zip archive of a workbook.
pub fn open_zip(path: &Path) -> zip::ZipArchive<std::fs::File> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => panic!("{}: {e}", path.display()),
    };
    match zip::ZipArchive::new(file) {
        Ok(a) => a,
        Err(e) => panic!("{} is not a zip: {e}", path.display()),
    }
}

/// The text of a zip entry.
pub fn entry(archive: &mut zip::ZipArchive<std::fs::File>, name: &str) -> String {
    let mut text = String::new();
    match archive.by_name(name) {
        Ok(mut f) => {
            if let Err(e) = f.read_to_string(&mut text) {
                panic!("{name}: {e}");
            }
        }
        Err(e) => panic!("no {name} in the archive: {e}"),
    }
    text
}

/// The value of attribute `key` in the tag starting `tag`.
pub fn attr<'a>(tag: &'a str, key: &str) -> Option<&'a str> {
    let needle = format!(" {key}=\"");
    let start = tag.find(&needle)? + needle.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// Start tags `<name …>` of an XML text.
pub fn tags<'a>(xml: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name} ");
    xml.match_indices(&open)
        .filter_map(|(i, _)| xml[i..].find('>').map(|end| &xml[i..i + end + 1]))
        .collect()
}

/// The worksheet XML of sheet `sheet`, found through the workbook's
/// relationships.
pub fn sheet_xml(archive: &mut zip::ZipArchive<std::fs::File>, sheet: &str) -> String {
    let workbook = entry(archive, "xl/workbook.xml");
    let Some(id) = tags(&workbook, "sheet")
        .into_iter()
        .find(|t| attr(t, "name") == Some(sheet))
        .and_then(|t| attr(t, "r:id"))
    else {
        panic!("no sheet {sheet} in xl/workbook.xml");
    };
    let rels = entry(archive, "xl/_rels/workbook.xml.rels");
    let Some(target) = tags(&rels, "Relationship")
        .into_iter()
        .find(|t| attr(t, "Id") == Some(id))
        .and_then(|t| attr(t, "Target"))
    else {
        panic!("no relationship {id}");
    };
    let path = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("xl/{target}"),
    };
    entry(archive, &path)
}

/// (type, sqref, formula1) of every data validation of a worksheet.
pub fn validations(xml: &str) -> Vec<(String, String, String)> {
    xml.match_indices("<dataValidation ")
        .map(|(i, _)| {
            let rest = &xml[i..];
            let end = rest.find("</dataValidation>").unwrap_or(rest.len());
            let element = &rest[..end];
            let tag = &element[..element.find('>').unwrap_or(element.len())];
            let formula = element
                .split_once("<formula1>")
                .and_then(|(_, f)| f.split_once("</formula1>"))
                .map_or("", |(f, _)| f);
            (
                attr(tag, "type").unwrap_or("").to_owned(),
                attr(tag, "sqref").unwrap_or("").to_owned(),
                formula.to_owned(),
            )
        })
        .collect()
}
