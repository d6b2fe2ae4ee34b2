//! Checks on a container before a decoder trusts anything it declares.
//!
//! Decoders allocate from what a file says about itself: declared string
//! counts, repeated rows and columns, part sizes. A file that lies can make
//! them reserve terabytes and abort the process. These checks measure instead
//! of trusting: real decompressed sizes (stopping at the limit), declared
//! counts against the bytes that would hold them, and the area covered by
//! non-empty cells in an OpenDocument sheet.

use std::io::{BufReader, Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;
use zip::result::ZipError;

use super::{Format, Limits, ReadError, human_size};

type Archive<'a> = ZipArchive<Cursor<&'a [u8]>>;

fn open(bytes: &[u8]) -> Result<Archive<'_>, ReadError> {
    ZipArchive::new(Cursor::new(bytes)).map_err(zip_error)
}

/// The zip library's messages are English and technical; the reason given
/// to a partner names the problem in French instead.
fn zip_error(e: ZipError) -> ReadError {
    match e {
        ZipError::UnsupportedArchive(msg) if msg.to_lowercase().contains("password") => {
            ReadError::Encrypted
        }
        ZipError::InvalidPassword => ReadError::Encrypted,
        ZipError::UnsupportedArchive(_) | ZipError::CompressionMethodNotSupported(_) => {
            ReadError::Corrupt("archive ZIP d'un type inhabituel".to_owned())
        }
        ZipError::FileNotFound => ReadError::Corrupt("partie interne absente".to_owned()),
        _ => ReadError::Corrupt("archive ZIP invalide ou tronquée".to_owned()),
    }
}

/// Tells what a zip container holds.
pub fn zip_kind(bytes: &[u8]) -> Result<Format, ReadError> {
    let mut archive = open(bytes)?;
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.into_owned())
        .collect();
    let has = |name: &str| names.iter().any(|n| n.eq_ignore_ascii_case(name));
    let not = |what: &str| Err(ReadError::NotAWorkbook(what.to_owned()));
    if has("xl/workbook.xml") {
        let types = read_small(&mut archive, "[Content_Types].xml").unwrap_or_default();
        return Ok(if types.contains("macroEnabled") {
            Format::Xlsm
        } else {
            Format::Xlsx
        });
    }
    if has("xl/workbook.bin") {
        return Ok(Format::Xlsb);
    }
    if has("mimetype") || has("content.xml") {
        let mimetype = read_small(&mut archive, "mimetype").unwrap_or_default();
        return match mimetype.trim() {
            m if m.contains("opendocument.text") => not("un document texte LibreOffice (.odt)"),
            m if m.contains("opendocument.presentation") => {
                not("une présentation LibreOffice (.odp)")
            }
            m if m.is_empty() || m.contains("opendocument.spreadsheet") => Ok(Format::Ods),
            _ => not("un document OpenDocument qui n'est pas un classeur"),
        };
    }
    if has("word/document.xml") {
        return not("un document Word (.docx)");
    }
    if has("ppt/presentation.xml") {
        return not("une présentation PowerPoint (.pptx)");
    }
    not("une archive ZIP qui ne contient pas de classeur")
}

/// Reads a small part as text (at most 64 Kio), for format detection.
fn read_small(archive: &mut Archive<'_>, name: &str) -> Option<String> {
    let entry = archive.by_name(name).ok()?;
    let mut text = String::new();
    entry.take(64 << 10).read_to_string(&mut text).ok()?;
    Some(text)
}

/// What the guard learnt about a container that the decoder can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checked {
    /// The format to decode.
    pub format: Format,
    /// False when no worksheet declares merged cells: the decoder then
    /// skips a second pass over every sheet to look for them.
    pub merges: bool,
    /// When the document says it was last saved (zip formats only).
    pub saved: Option<chrono::NaiveDateTime>,
}

/// Checks a container of the given format.
pub fn check(bytes: &[u8], format: Format, limits: &Limits) -> Result<Checked, ReadError> {
    match format {
        Format::Xls => {
            super::cfb::check(bytes, limits)?;
            Ok(Checked {
                format,
                merges: true,
                saved: None,
            })
        }
        Format::Xlsx | Format::Xlsm | Format::Xlsb | Format::Ods => {
            let mut archive = open(bytes)?;
            let (sizes, merges) = measure_parts(&mut archive, limits)?;
            match format {
                Format::Xlsx | Format::Xlsm => check_shared_strings(&mut archive, &sizes)?,
                Format::Ods => {
                    // First: an encrypted content.xml would only look damaged.
                    check_ods_encryption(&mut archive)?;
                    check_ods_area(&mut archive, limits)?;
                }
                _ => {}
            }
            let saved = match format {
                Format::Ods => read_small(&mut archive, "meta.xml")
                    .and_then(|m| super::properties::in_open_document_meta(&m)),
                _ => read_small(&mut archive, "docProps/core.xml")
                    .and_then(|c| super::properties::in_core_properties(&c)),
            };
            Ok(Checked {
                format,
                merges,
                saved,
            })
        }
    }
}

/// Decompresses every part, counting real bytes, and stops at the limits.
/// Also proves every part is intact (CRC checked at the end of each), and
/// tells whether any worksheet declares merged cells.
fn measure_parts(
    archive: &mut Archive<'_>,
    limits: &Limits,
) -> Result<(Vec<(String, u64)>, bool), ReadError> {
    const MERGE: &[u8] = b"<mergeCell ";
    let mut merges = false;
    const MAX_PARTS: usize = 10_000;
    if archive.len() > MAX_PARTS {
        return Err(ReadError::Hostile(format!(
            "{} parties internes, au lieu de quelques dizaines",
            archive.len()
        )));
    }
    let mut total = 0u64;
    let mut sizes = Vec::with_capacity(archive.len());
    let mut buf = vec![0u8; 64 << 10];
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(zip_error)?;
        if entry.encrypted() {
            return Err(ReadError::Encrypted);
        }
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let sheet = name.starts_with("xl/worksheets/");
        // The end of the previous chunk, for a tag cut across two chunks.
        let mut tail: Vec<u8> = Vec::new();
        let mut size = 0u64;
        loop {
            // A bad checksum or broken compressed data: the library's
            // (English) text would tell a partner nothing more.
            let n = entry
                .read(&mut buf)
                .map_err(|_| ReadError::Corrupt(format!("partie « {name} » altérée")))?;
            if n == 0 {
                break;
            }
            if sheet && !merges {
                tail.extend_from_slice(&buf[..n.min(MERGE.len())]);
                merges = memchr::memmem::find(&tail, MERGE).is_some()
                    || memchr::memmem::find(&buf[..n], MERGE).is_some();
                tail.clear();
                tail.extend_from_slice(&buf[n.saturating_sub(MERGE.len())..n]);
            }
            size += n as u64;
            total += n as u64;
            if size > limits.max_part_bytes || total > limits.max_total_bytes {
                return Err(ReadError::Hostile(format!(
                    "une fois décompressé, son contenu dépasse {} (« bombe ZIP »)",
                    human_size(if size > limits.max_part_bytes {
                        limits.max_part_bytes
                    } else {
                        limits.max_total_bytes
                    })
                )));
            }
        }
        sizes.push((name, size));
    }
    Ok((sizes, merges))
}

fn attr_u64(e: &BytesStart<'_>, name: &str) -> Option<u64> {
    let attr = e.attributes().flatten().find(|a| a.key.as_ref() == name)?;
    attr.value.trim().parse().ok()
}

/// The shared-strings table declares how many strings it holds, and decoders
/// reserve room for that many up front. Each string takes at least a few
/// bytes of XML, so a count larger than the bytes allow is a lie.
///
/// Decoders look for the table next to the workbook part, wherever
/// `_rels/.rels` puts it, not only in `xl/`: every part with that name is
/// checked.
fn check_shared_strings(
    archive: &mut Archive<'_>,
    sizes: &[(String, u64)],
) -> Result<(), ReadError> {
    for (name, size) in sizes {
        let base = name.rsplit('/').next().unwrap_or(name);
        if base.eq_ignore_ascii_case("sharedStrings.xml") {
            check_shared_strings_part(archive, name, *size)?;
        }
    }
    Ok(())
}

fn check_shared_strings_part(
    archive: &mut Archive<'_>,
    name: &str,
    size: u64,
) -> Result<(), ReadError> {
    let entry = archive.by_name(name).map_err(zip_error)?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(entry));
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                let declared = attr_u64(&e, "uniqueCount").unwrap_or(0);
                // `<si/>` is the shortest possible entry: 5 bytes.
                if declared > size / 5 + 1 {
                    return Err(ReadError::Hostile(format!(
                        "la table des textes annonce {declared} entrées pour {} de données",
                        human_size(size)
                    )));
                }
                return Ok(());
            }
            Ok(Event::Eof) => return Ok(()),
            Err(_) => {
                return Err(ReadError::Corrupt("table des textes illisible".to_owned()));
            }
            _ => {}
        }
        buf.clear();
    }
}

/// An OpenDocument file saved with a password is still a readable zip, but
/// its parts are encrypted; the manifest lists how, part by part.
fn check_ods_encryption(archive: &mut Archive<'_>) -> Result<(), ReadError> {
    let entry = match archive.by_name("META-INF/manifest.xml") {
        Ok(e) => e,
        // No manifest: nothing is declared encrypted; the decoder judges.
        Err(_) => return Ok(()),
    };
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(entry));
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e))
                if e.local_name().as_ref() == "encryption-data" =>
            {
                return Err(ReadError::Encrypted);
            }
            // A broken manifest is left to the decoder, which reports it.
            Ok(Event::Eof) | Err(_) => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// OpenDocument compresses runs of identical cells into one element with a
/// repeat count; decoders expand them. Computes the area spanned by non-empty
/// cells of each sheet, as decoders will lay it out, and refuses absurd ones.
fn check_ods_area(archive: &mut Archive<'_>, limits: &Limits) -> Result<(), ReadError> {
    let entry = match archive.by_name("content.xml") {
        Ok(e) => e,
        Err(ZipError::FileNotFound) => {
            return Err(ReadError::Corrupt("partie content.xml absente".to_owned()));
        }
        Err(e) => return Err(zip_error(e)),
    };
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(entry));
    let mut buf = Vec::new();
    let (mut row, mut col) = (0u64, 0u64);
    let mut row_repeat = 1u64;
    let mut bounds: Option<(u64, u64, u64, u64)> = None;
    let max_area = limits.max_cells as u64 * 20;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|_| ReadError::Corrupt("contenu XML illisible".to_owned()))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => match e.name().as_ref() {
                "table:table" => {
                    (row, col, bounds) = (0, 0, None);
                }
                "table:table-row" => {
                    row_repeat = attr_u64(e, "table:number-rows-repeated")
                        .unwrap_or(1)
                        .max(1);
                    col = 0;
                    if matches!(event, Event::Empty(_)) {
                        row = row.saturating_add(row_repeat);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let repeat = attr_u64(e, "table:number-columns-repeated")
                        .unwrap_or(1)
                        .max(1);
                    let filled = e
                        .attributes()
                        .flatten()
                        .any(|a| a.key.as_ref() == "office:value-type")
                        || matches!(event, Event::Start(_));
                    if filled {
                        let last_row = row.saturating_add(row_repeat - 1);
                        let last_col = col.saturating_add(repeat - 1);
                        let (r0, c0, r1, c1) = bounds.unwrap_or((row, col, last_row, last_col));
                        let b = (r0.min(row), c0.min(col), r1.max(last_row), c1.max(last_col));
                        bounds = Some(b);
                        let area = (b.2 - b.0 + 1).saturating_mul(b.3 - b.1 + 1);
                        if area > max_area {
                            return Err(ReadError::Hostile(format!(
                                "une feuille s'étend sur {} lignes et {} colonnes remplies",
                                b.2 - b.0 + 1,
                                b.3 - b.1 + 1
                            )));
                        }
                    }
                    col = col.saturating_add(repeat);
                }
                _ => {}
            },
            Event::End(ref e) if e.name().as_ref() == "table:table-row" => {
                row = row.saturating_add(row_repeat);
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}
