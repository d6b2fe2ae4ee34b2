//! When a workbook says it was last saved: the document's own properties
//! (`docProps/core.xml` of Office Open XML, `meta.xml` of OpenDocument).
//!
//! A file's modification time on disk changes when it is copied, moved
//! to a share or checked out, so a workbook last edited two years ago can
//! look new. The application that saved it wrote the date inside: that
//! one travels with the file.

use chrono::{DateTime, Local, NaiveDateTime};
use quick_xml::events::Event;

/// The last-saved date in an Office Open XML `core.xml` (`dcterms:modified`,
/// in UTC), as local time.
pub fn in_core_properties(xml: &str) -> Option<NaiveDateTime> {
    let text = element_text(xml, "modified")?;
    let utc = DateTime::parse_from_rfc3339(text.trim()).ok()?;
    Some(utc.with_timezone(&Local).naive_local())
}

/// The last-saved date in an OpenDocument `meta.xml` (`dc:date`, local
/// time, maybe with fractions of a second).
pub fn in_open_document_meta(xml: &str) -> Option<NaiveDateTime> {
    let text = element_text(xml, "date")?;
    let text = text.trim();
    // Some writers add a zone, most do not: both are read.
    if let Ok(zoned) = DateTime::parse_from_rfc3339(text) {
        return Some(zoned.with_timezone(&Local).naive_local());
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").ok()
}

/// The text of the first element named `local` (any namespace prefix).
fn element_text(xml: &str, local: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut inside = false;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if e.local_name().as_ref() == local => inside = true,
            // A date holds no entity: its raw text is its value.
            Event::Text(t) if inside => return Some(AsRef::<str>::as_ref(&t).to_owned()),
            Event::End(_) if inside => return None,
            Event::Eof => return None,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_dates_are_utc_and_read_as_local_time() {
        let xml = r#"<?xml version="1.0"?><cp:coreProperties xmlns:cp="c" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="x"><dcterms:created xsi:type="dcterms:W3CDTF">2023-01-02T08:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2024-06-03T08:00:00Z</dcterms:modified></cp:coreProperties>"#;
        let expected = DateTime::parse_from_rfc3339("2024-06-03T08:00:00Z")
            .map(|d| d.with_timezone(&Local).naive_local())
            .ok();
        assert_eq!(in_core_properties(xml), expected);
    }

    #[test]
    fn opendocument_dates_with_or_without_fractions() {
        let meta = |d: &str| {
            format!(
                r#"<office:document-meta xmlns:office="o" xmlns:dc="d" xmlns:meta="m"><office:meta><meta:creation-date>2023-01-02T08:00:00</meta:creation-date><dc:date>{d}</dc:date></office:meta></office:document-meta>"#
            )
        };
        let day = chrono::NaiveDate::from_ymd_opt(2024, 6, 3).and_then(|d| d.and_hms_opt(8, 0, 0));
        assert_eq!(in_open_document_meta(&meta("2024-06-03T08:00:00")), day);
        assert_eq!(
            in_open_document_meta(&meta("2024-06-03T08:00:00.123456789")).map(|d| d.date()),
            day.map(|d| d.date())
        );
    }

    #[test]
    fn missing_or_garbled_dates_are_none() {
        assert_eq!(in_core_properties("<cp:coreProperties/>"), None);
        assert_eq!(
            in_core_properties("<a><dcterms:modified>hier</dcterms:modified></a>"),
            None
        );
        assert_eq!(in_open_document_meta("<not xml"), None);
    }
}
