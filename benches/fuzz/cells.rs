//! Value mutations inside the XML parts of xlsx and ods files: the numbers
//! decoders parse (shared-string indexes, cell references, repeat counts,
//! numbers and dates), set to values at or past their limits.

use rand::RngExt;
use rand::seq::IndexedRandom;

use super::{Applied, Body, Container, Kind, Part, Rng, Source, zip_parts};

/// Numbers a decoder must survive.
pub const NUMBERS: [&str; 24] = [
    "1e308",
    "-1e308",
    "1.7976931348623157e308",
    "1e309",
    "-1e309",
    "4.9e-324",
    "1e-400",
    "-0",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "99999999999999999999999999",
    "-99999999999999999999",
    "9007199254740993",
    "1,5",
    "1.5.5",
    "0x1F",
    " 42 ",
    "",
    "1e",
    "--1",
    "-45000",
];

/// The same limits typed as text by a partner.
pub const NUMBER_TEXTS: [&str; 12] = [
    "NaN",
    "Infinity",
    "-Infinity",
    "1e308 €",
    "-1e308",
    "999 999 999 999 999 999 999 €",
    "1,5e308",
    "100000000000000000000000000000 %",
    "-0 €",
    "12,34,56",
    "∞",
    "-45 000,00 €",
];

/// Date serial numbers around the ends of what spreadsheets allow.
pub const DATE_SERIALS: [&str; 16] = [
    "-1",
    "0",
    "0.5",
    "1",
    "59",
    "60",
    "61",
    "-693594",
    "2958465",
    "2958465.9999999",
    "2958466",
    "1e10",
    "-1e10",
    "NaN",
    "1e308",
    "-0.0000001",
];

/// Dates typed as text, possible and impossible.
pub const DATE_TEXTS: [&str; 20] = [
    "31/12/1899",
    "01/01/1900",
    "29/02/1900",
    "00/00/0000",
    "31/12/9999",
    "01/01/10000",
    "32/13/2024",
    "29/02/2023",
    "1/1/1",
    "15/03/-2024",
    "15/03/99999",
    "0001-01-01",
    "-0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2024-02-30",
    "1899-12-30T00:00:00",
    "15.03.2024",
    "mars 2024",
    "2024",
];

/// OpenDocument date values (ISO 8601, which allows years past 9999).
pub const ODS_DATES: [&str; 16] = [
    "0001-01-01",
    "-0001-01-01",
    "-0044-03-15",
    "1582-10-10",
    "1899-12-30",
    "1900-02-29",
    "9999-12-31",
    "10000-01-01",
    "99999-12-31",
    "2024-02-30",
    "2024-13-01",
    "2024-06-15T25:61:61",
    "9999-12-31T23:59:59.999999999",
    "",
    "NaN",
    "+2024-06-15",
];

/// Indexes into a shared-string table of `n` entries that do not exist.
fn string_indexes(n: usize) -> Vec<String> {
    let mut v: Vec<String> = [n, n + 1, n + 1000].iter().map(usize::to_string).collect();
    v.extend(
        [
            "4294967295",
            "4294967296",
            "18446744073709551615",
            "99999999999999999999",
            "-1",
            "-4294967296",
            "1.5",
            "1e3",
            "",
            "abc",
            "0x1",
            " 0 ",
        ]
        .map(String::from),
    );
    v
}

/// Cell references outside any sheet, or not references at all.
pub const CELL_REFS: [&str; 15] = [
    "XFD1048576",
    "XFE1",
    "A1048577",
    "A0",
    "ZZZZZZZZZZ1",
    "A4294967296",
    "A99999999999",
    "AAAAAAAAAAAAAAAAA1",
    "1A",
    "",
    "a1",
    "$A$1",
    "A-1",
    "R1C1",
    "ÉA1",
];

/// Row numbers outside any sheet.
pub const ROWS: [&str; 8] = [
    "0",
    "1048577",
    "4294967295",
    "4294967296",
    "-1",
    "",
    "x",
    "1e6",
];

/// Ranges for dimensions and merges.
pub const RANGES: [&str; 9] = [
    "A1:XFD1048576",
    "XFD1048576:A1",
    "A1:ZZZZZZ99999999",
    "B5:A1",
    "A0:A0",
    "",
    "A1:",
    ":B2",
    "A1:B2:C3",
];

/// Repeat and span counts of OpenDocument cells and rows.
pub const REPEATS: [&str; 12] = [
    "1048576",
    "1048577",
    "16384",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "99999999999999999999",
    "0",
    "-1",
    "1000000000",
    "",
    "x",
];

/// A value site in XML: the byte range of a value to replace.
type Site = std::ops::Range<usize>;

/// The value ranges of attribute `attr` (`r="…"`) inside start tags named `tag`.
fn attr_sites(xml: &[u8], tag: &str, attr: &str) -> Vec<Site> {
    let open = format!("<{tag} ");
    let needle = format!(" {attr}=\"");
    let mut sites = Vec::new();
    for start in memchr::memmem::find_iter(xml, open.as_bytes()) {
        let Some(end) = memchr::memchr(b'>', &xml[start..]).map(|e| start + e) else {
            continue;
        };
        let Some(a) = memchr::memmem::find(&xml[start..end], needle.as_bytes()) else {
            continue;
        };
        let from = start + a + needle.len();
        if let Some(len) = memchr::memchr(b'"', &xml[from..end]) {
            sites.push(from..from + len);
        }
    }
    sites
}

/// The text ranges between `open` and `close` (`<v>` and `</v>`).
fn text_sites(xml: &[u8], open: &str, close: &str) -> Vec<Site> {
    memchr::memmem::find_iter(xml, open.as_bytes())
        .filter_map(|at| {
            let from = at + open.len();
            let len = memchr::memmem::find(&xml[from..], close.as_bytes())?;
            Some(from..from + len)
        })
        .collect()
}

/// The `<v>` ranges of xlsx cells, with their type attribute (`s`, `str`,
/// `b`, `e`, `n` or none).
fn value_sites(xml: &[u8]) -> Vec<(Option<String>, Site)> {
    let mut out = Vec::new();
    for start in memchr::memmem::find_iter(xml, b"<c ") {
        let Some(end) = memchr::memchr(b'>', &xml[start..]).map(|e| start + e) else {
            continue;
        };
        if xml[end - 1] == b'/' {
            continue;
        }
        let tag = String::from_utf8_lossy(&xml[start..end]);
        let kind = tag
            .split(" t=\"")
            .nth(1)
            .and_then(|t| t.split('"').next())
            .map(str::to_owned);
        let Some(close) = memchr::memmem::find(&xml[end..], b"</c>").map(|c| end + c) else {
            continue;
        };
        if let Some(v) = text_sites(&xml[end..close], "<v>", "</v>")
            .into_iter()
            .next()
        {
            out.push((kind, end + v.start..end + v.end));
        }
    }
    out
}

/// Replaces 1 to 3 of `sites` (sorted, not overlapping) with values drawn
/// from `values`; returns the new text and what was written.
fn replace_sites(
    xml: &[u8],
    sites: &[Site],
    values: &[String],
    rng: &mut Rng,
) -> Option<(Vec<u8>, Vec<String>)> {
    if sites.is_empty() || values.is_empty() {
        return None;
    }
    let mut chosen: Vec<&Site> = (0..rng.random_range(1..=3))
        .filter_map(|_| sites.choose(rng))
        .collect();
    chosen.sort_by_key(|s| s.start);
    chosen.dedup_by_key(|s| s.start);
    let mut out = Vec::with_capacity(xml.len());
    let mut written = Vec::new();
    let mut last = 0;
    for site in chosen {
        let value = values.choose(rng)?;
        out.extend_from_slice(&xml[last..site.start]);
        out.extend_from_slice(value.as_bytes());
        written.push(format!(
            "« {} » → « {value} »",
            String::from_utf8_lossy(&xml[site.clone()])
        ));
        last = site.end;
    }
    out.extend_from_slice(&xml[last..]);
    Some((out, written))
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| (*v).to_owned()).collect()
}

/// Value mutations inside the XML parts of a zip container.
pub fn mutate(kind: Kind, s: &Source, rng: &mut Rng) -> Applied {
    let mut parts = s.parts.clone();
    let candidates: Vec<usize> = (0..parts.len())
        .filter(|&i| match s.container {
            Container::Ods => parts[i].name == "content.xml",
            _ => {
                parts[i].name.starts_with("xl/worksheets/")
                    || (kind != Kind::CellReference && parts[i].name.ends_with("sharedStrings.xml"))
            }
        })
        .collect();
    let i = *candidates.choose(rng)?;
    let Body::Bytes(xml) = &parts[i].body else {
        return None;
    };
    let (sites, values) = sites_for(kind, s.container, &parts[i].name, xml, &s.parts, rng);
    let (changed, written) = replace_sites(xml, &sites, &values, rng)?;
    let name = parts[i].name.clone();
    parts[i].body = Body::Bytes(changed);
    Some((
        zip_parts(&parts).ok()?,
        format!("{name} : {}", written.join(", ")),
    ))
}

/// Where a kind of mutation writes in one part, and what.
fn sites_for(
    kind: Kind,
    container: Container,
    name: &str,
    xml: &[u8],
    parts: &[Part],
    rng: &mut Rng,
) -> (Vec<Site>, Vec<String>) {
    let shared = name.ends_with("sharedStrings.xml");
    match (kind, container) {
        (Kind::SharedStringIndex, _) if shared => {
            let attr = if rng.random_bool(0.5) {
                "count"
            } else {
                "uniqueCount"
            };
            (
                attr_sites(xml, "sst", attr),
                strings(&[
                    "4294967295",
                    "18446744073709551615",
                    "-1",
                    "0",
                    "x",
                    "1000000000",
                ]),
            )
        }
        (Kind::SharedStringIndex, _) => {
            let n = parts
                .iter()
                .find(|p| p.name.ends_with("sharedStrings.xml"))
                .and_then(|p| match &p.body {
                    Body::Bytes(b) => Some(memchr::memmem::find_iter(b, b"<si>").count()),
                    Body::Padded { .. } => None,
                })
                .unwrap_or(0);
            let sites = value_sites(xml)
                .into_iter()
                .filter(|(t, _)| t.as_deref() == Some("s"))
                .map(|(_, s)| s)
                .collect();
            (sites, string_indexes(n))
        }
        (Kind::CellReference, Container::Ods) => {
            let (tag, attr) = *[
                ("table:table-cell", "table:number-columns-repeated"),
                ("table:table-row", "table:number-rows-repeated"),
                ("table:table-cell", "table:number-columns-spanned"),
                ("table:table-cell", "table:number-rows-spanned"),
                ("table:table-column", "table:number-columns-repeated"),
            ]
            .choose(rng)
            .unwrap_or(&("table:table-cell", "table:number-columns-repeated"));
            let mut sites = attr_sites(xml, tag, attr);
            if sites.is_empty() || rng.random_bool(0.5) {
                // No such attribute yet: give one to a start tag (an empty
                // range just after the tag name).
                let open = format!("<{tag}");
                sites = memchr::memmem::find_iter(xml, open.as_bytes())
                    .filter(|&at| matches!(xml.get(at + open.len()), Some(b' ' | b'>' | b'/')))
                    .map(|at| at + open.len()..at + open.len())
                    .collect();
                let values = REPEATS.iter().map(|v| format!(" {attr}=\"{v}\"")).collect();
                return (sites, values);
            }
            (sites, strings(&REPEATS))
        }
        (Kind::CellReference, _) => match rng.random_range(0..4) {
            0 => (attr_sites(xml, "c", "r"), strings(&CELL_REFS)),
            1 => (attr_sites(xml, "row", "r"), strings(&ROWS)),
            2 => (attr_sites(xml, "dimension", "ref"), strings(&RANGES)),
            _ => (attr_sites(xml, "mergeCell", "ref"), strings(&RANGES)),
        },
        (Kind::NumberLimits, Container::Ods) => {
            if rng.random_bool(0.6) {
                (
                    attr_sites(xml, "table:table-cell", "office:value"),
                    strings(&NUMBERS),
                )
            } else {
                (
                    text_sites(xml, "<text:p>", "</text:p>"),
                    strings(&NUMBER_TEXTS),
                )
            }
        }
        (Kind::NumberLimits, _) if shared => {
            (text_sites(xml, "<t>", "</t>"), strings(&NUMBER_TEXTS))
        }
        (Kind::NumberLimits, _) => {
            let sites = value_sites(xml)
                .into_iter()
                .filter(|(t, _)| t.is_none() || t.as_deref() == Some("n"))
                .map(|(_, s)| s)
                .collect();
            (sites, strings(&NUMBERS))
        }
        (Kind::DateLimits, Container::Ods) => {
            if rng.random_bool(0.7) {
                (
                    attr_sites(xml, "table:table-cell", "office:date-value"),
                    strings(&ODS_DATES),
                )
            } else {
                (
                    text_sites(xml, "<text:p>", "</text:p>"),
                    strings(&DATE_TEXTS),
                )
            }
        }
        (Kind::DateLimits, _) if shared => (text_sites(xml, "<t>", "</t>"), strings(&DATE_TEXTS)),
        (Kind::DateLimits, _) => {
            // Date cells are numbers in date style: those that read as a
            // date between 1954 and 2119 are taken for dates.
            let sites = value_sites(xml)
                .into_iter()
                .filter(|(t, s)| {
                    t.is_none()
                        && std::str::from_utf8(&xml[s.clone()])
                            .ok()
                            .and_then(|v| v.parse::<f64>().ok())
                            .is_some_and(|v| (20_000.0..80_000.0).contains(&v))
                })
                .map(|(_, s)| s)
                .collect();
            (sites, strings(&DATE_SERIALS))
        }
        _ => (Vec::new(), Vec::new()),
    }
}
