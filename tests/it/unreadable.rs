//! Unreadable and hostile files: each one ends as ONE clear French finding
//! for that file — never a panic, a crash, a hang or a memory blowup — and
//! the other files of the same `ctg verifier` run are still checked.
//!
//! Every file is built here, in code, except workbooks protected by a
//! password: those come from `tests/fixtures/` (see its README.md).

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::common::*;
use ctg::finding::{Code, Severity};
use ctg::model::Submission;
use ctg::validate::{self, Context};
use ctg::workbook::{self, Isolation, Limits, ReadError, isolate};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

// ---------------------------------------------------------------------------
// Assertions
// ---------------------------------------------------------------------------

/// Words a raw library message (English) would bring into a finding.
const ENGLISH: &[&str] = &[
    "the",
    "invalid",
    "error",
    "failed",
    "could",
    "cannot",
    "found",
    "unexpected",
    "checksum",
    "missing",
    "unsupported",
    "password",
    "eof",
    "while",
    "expected",
    "decode",
    "sequence",
    "bytes",
    "index",
];

/// A user-facing message: French sentences, no library text.
fn assert_french(message: &str) {
    let words: Vec<String> = message
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    for english in ENGLISH {
        assert!(
            !words.iter().any(|w| w == english),
            "English « {english} » in « {message} »"
        );
    }
    assert!(
        message.chars().next().is_some_and(char::is_uppercase),
        "« {message} » does not start with a capital"
    );
    assert!(
        message.ends_with('.'),
        "« {message} » does not end a sentence"
    );
}

/// The file could not be read: exactly one finding, an error about the
/// whole file, in French, containing `fragment`.
fn assert_unreadable(s: &Submission, code: Code, fragment: &str) {
    assert_eq!(s.findings.len(), 1, "one finding expected:\n{}", dump(s));
    let f = assert_finding(s, code, Severity::Error, None, fragment);
    assert!(!s.is_readable(), "{} read as a workbook", s.file);
    assert!(s.actions.is_empty() && s.indicators.is_empty());
    assert_french(&f.message);
}

/// Checks a file in-process with the embedded configuration, under `limits`.
fn check_with(path: &Path, limits: &Limits, isolation: &Isolation) -> Submission {
    let config = config();
    let ctx = Context::new(&config, today());
    let display = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    validate::check_file(path, &display, &ctx, limits, isolation)
}

/// Checks a file in-process with default limits.
fn check(path: &Path) -> Submission {
    check_with(path, &Limits::default(), &Isolation::InProcess)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> Res<PathBuf> {
    let path = dir.join(name);
    std::fs::write(&path, bytes)?;
    Ok(path)
}

// ---------------------------------------------------------------------------
// Files built in code
// ---------------------------------------------------------------------------

/// A valid partner workbook with one accepted action.
fn good_book() -> Book {
    Book::standard("MJCL", "MJC de Lavaur")
        .action(valid_action("MJCL", 1))
        .indicator(valid_indicator("MJCL-001"))
}

/// A zip of `parts`, deflated (`mimetype` first and stored, as ODF wants).
fn zip_of(parts: &[(&str, Vec<u8>)]) -> Res<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in parts {
        let method = if *name == "mimetype" {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        zip.start_file(
            *name,
            SimpleFileOptions::default().compression_method(method),
        )?;
        zip.write_all(data)?;
    }
    Ok(zip.finish()?.into_inner())
}

const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The parts of a one-sheet xlsx written by hand, the sheet named
/// `Actions` at `xl/worksheets/sheet1.xml`, with an optional shared-strings
/// part. `dir` is the package folder of the workbook (`xl` normally).
fn xlsx_parts(dir: &str, sheet: &str, shared: Option<&str>) -> Vec<(String, Vec<u8>)> {
    let header = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;
    let shared_type = if shared.is_some() {
        format!(
            r#"<Override PartName="/{dir}/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#
        )
    } else {
        String::new()
    };
    let shared_rel = if shared.is_some() {
        format!(
            r#"<Relationship Id="rId2" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>"#
        )
    } else {
        String::new()
    };
    let mut parts = vec![
        (
            "[Content_Types].xml".to_owned(),
            format!(
                r#"{header}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/{dir}/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/{dir}/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>{shared_type}</Types>"#
            ),
        ),
        (
            "_rels/.rels".to_owned(),
            format!(
                r#"{header}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="{dir}/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            format!("{dir}/workbook.xml"),
            format!(
                r#"{header}<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets><sheet name="Actions" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        (
            format!("{dir}/_rels/workbook.xml.rels"),
            format!(
                r#"{header}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>{shared_rel}</Relationships>"#
            ),
        ),
        (format!("{dir}/worksheets/sheet1.xml"), sheet.to_owned()),
    ];
    if let Some(sst) = shared {
        parts.push((format!("{dir}/sharedStrings.xml"), sst.to_owned()));
    }
    parts
        .into_iter()
        .map(|(n, s)| (n, s.into_bytes()))
        .collect()
}

fn xlsx(parts: Vec<(String, Vec<u8>)>) -> Res<Vec<u8>> {
    let parts: Vec<(&str, Vec<u8>)> = parts.iter().map(|(n, d)| (n.as_str(), d.clone())).collect();
    zip_of(&parts)
}

/// A worksheet part: its declared dimension and its `<sheetData>` content.
fn sheet_xml(dimension: &str, rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MAIN_NS}"><dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>"#
    )
}

/// One text cell, inline.
fn text_cell(at: &str, text: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// A sheet declaring the whole grid A1:XFD1048576, with one cell in each
/// corner: seventeen billion cells if a reader lays it out densely.
fn dense_xlsx() -> Res<Vec<u8>> {
    let rows = format!(
        r#"<row r="1">{}</row><row r="1048576">{}</row>"#,
        text_cell("A1", "N° action"),
        text_cell("XFD1048576", "fin")
    );
    xlsx(xlsx_parts("xl", &sheet_xml("A1:XFD1048576", &rows), None))
}

/// A shared-strings table announcing four billion strings: decoders reserve
/// room for the count announced.
fn shared_strings_bomb(dir: &str) -> Res<Vec<u8>> {
    let sst = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{MAIN_NS}" count="4000000000" uniqueCount="4000000000"><si><t>N° action</t></si></sst>"#
    );
    let rows = r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#;
    let mut parts = xlsx_parts(dir, &sheet_xml("A1", rows), Some(&sst));
    if dir != "xl" {
        // What makes ctg take it for an Excel workbook; the real one is
        // where `_rels/.rels` points.
        parts.push(("xl/workbook.xml".to_owned(), b"<workbook/>".to_vec()));
    }
    xlsx(parts)
}

/// An OpenDocument spreadsheet whose only sheet holds `rows`.
fn ods(rows: &str) -> Res<Vec<u8>> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:spreadsheet><table:table table:name="Actions">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_of(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet".to_vec(),
        ),
        ("META-INF/manifest.xml", manifest.as_bytes().to_vec()),
        ("content.xml", content.into_bytes()),
    ])
}

/// One filled cell repeated over the whole grid (16 384 columns × 1 048 576
/// rows): tiny on disk, seventeen billion cells once expanded.
fn ods_bomb() -> Res<Vec<u8>> {
    ods(
        r#"<table:table-row table:number-rows-repeated="1048576"><table:table-cell office:value-type="string" table:number-columns-repeated="16384"><text:p>x</text:p></table:table-cell></table:table-row>"#,
    )
}

/// What LibreOffice really writes for a sheet formatted down to its last
/// row: empty cells repeated over the whole grid. Not hostile.
fn ods_formatted_to_the_end() -> Res<Vec<u8>> {
    ods(
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>N° action</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16383"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#,
    )
}

/// A Word document (.docx) with nothing but its text part.
fn docx() -> Res<Vec<u8>> {
    zip_of(&[
        (
            "[Content_Types].xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_vec(),
        ),
        (
            "word/document.xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Plan d'actions MJCL</w:t></w:r></w:p></w:body></w:document>"#.to_vec(),
        ),
    ])
}

/// Bytes from a fixed-seed generator: the same "random" file every run.
fn random_bytes(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Zip bombs, written bit by bit: compressing hundreds of megabytes with a
// real (unoptimised, in tests) compressor would take seconds; a deflate
// stream of back-references costs nothing to write.
// ---------------------------------------------------------------------------

/// A single final deflate block with the fixed Huffman codes (RFC 1951).
struct Deflate {
    out: Vec<u8>,
    bits: u64,
    count: u32,
}

impl Deflate {
    fn new() -> Deflate {
        let mut d = Deflate {
            out: Vec::new(),
            bits: 0,
            count: 0,
        };
        d.put(1, 1); // BFINAL
        d.put(1, 2); // BTYPE = fixed Huffman
        d
    }

    /// Extra bits and headers: least significant bit first.
    fn put(&mut self, value: u32, len: u32) {
        self.bits |= u64::from(value) << self.count;
        self.count += len;
        while self.count >= 8 {
            self.out.push(self.bits as u8);
            self.bits >>= 8;
            self.count -= 8;
        }
    }

    /// Huffman codes: most significant bit first.
    fn code(&mut self, code: u32, len: u32) {
        self.put(code.reverse_bits() >> (32 - len), len);
    }

    fn literal(&mut self, byte: u8) {
        if byte < 144 {
            self.code(0x30 + u32::from(byte), 8);
        } else {
            self.code(0x190 + u32::from(byte) - 144, 9);
        }
    }

    /// Copies the previous 258 bytes one byte back: 258 more of the last byte.
    fn repeat_258(&mut self) {
        self.code(0xC5, 8); // length symbol 285 = 258
        self.code(0, 5); // distance symbol 0 = 1
    }

    fn finish(mut self) -> Vec<u8> {
        self.code(0, 7); // end of block
        if self.count > 0 {
            self.out.push(self.bits as u8);
        }
        self.out
    }
}

/// CRC-32 as zip uses it, with a shortcut for long runs of one byte: each
/// byte is an affine map of the register, so a run is that map raised to a
/// power, computed by squaring.
struct Crc {
    table: [u32; 256],
    register: u32,
}

/// `r ↦ L·r ⊕ c` over GF(2)³²; `cols[i]` is the image of bit `i` by `L`.
#[derive(Clone, Copy)]
struct Affine {
    cols: [u32; 32],
    c: u32,
}

impl Affine {
    fn identity() -> Affine {
        Affine {
            cols: std::array::from_fn(|i| 1 << i),
            c: 0,
        }
    }

    fn linear(&self, r: u32) -> u32 {
        (0..32)
            .filter(|i| r >> i & 1 == 1)
            .fold(0, |acc, i| acc ^ self.cols[i])
    }

    fn apply(&self, r: u32) -> u32 {
        self.linear(r) ^ self.c
    }

    /// `self` after `first`.
    fn after(&self, first: &Affine) -> Affine {
        Affine {
            cols: std::array::from_fn(|i| self.linear(first.cols[i])),
            c: self.apply(first.c),
        }
    }
}

impl Crc {
    fn new() -> Crc {
        let table = std::array::from_fn(|n| {
            (0..8).fold(n as u32, |c, _| {
                if c & 1 == 1 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                }
            })
        });
        Crc {
            table,
            register: !0,
        }
    }

    fn update(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.register =
                self.table[((self.register ^ u32::from(b)) & 0xFF) as usize] ^ (self.register >> 8);
        }
    }

    fn repeat(&mut self, byte: u8, mut count: u64) {
        let table = self.table;
        let linear = |r: u32| table[(r & 0xFF) as usize] ^ (r >> 8);
        let mut step = Affine {
            cols: std::array::from_fn(|i| linear(1 << i)),
            c: table[usize::from(byte)],
        };
        let mut run = Affine::identity();
        while count > 0 {
            if count & 1 == 1 {
                run = step.after(&run);
            }
            step = step.after(&step);
            count >>= 1;
        }
        self.register = run.apply(self.register);
    }

    fn value(&self) -> u32 {
        !self.register
    }
}

fn crc_of(bytes: &[u8]) -> u32 {
    let mut crc = Crc::new();
    crc.update(bytes);
    crc.value()
}

/// One entry of a zip written by hand.
struct RawEntry {
    name: String,
    /// 0 stored, 8 deflated.
    method: u16,
    crc: u32,
    /// Uncompressed size as declared in the headers.
    size: u64,
    data: Vec<u8>,
}

impl RawEntry {
    fn stored(name: &str, data: Vec<u8>) -> RawEntry {
        RawEntry {
            name: name.to_owned(),
            method: 0,
            crc: crc_of(&data),
            size: data.len() as u64,
            data,
        }
    }
}

/// A zip archive (no zip64: every size under 4 Gio).
fn raw_zip(entries: &[RawEntry]) -> Res<Vec<u8>> {
    fn u16le(out: &mut Vec<u8>, v: u16) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    fn u32le(out: &mut Vec<u8>, v: u32) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = u32::try_from(out.len())?;
        let (packed, size) = (u32::try_from(e.data.len())?, u32::try_from(e.size)?);
        let name_len = u16::try_from(e.name.len())?;
        // Local header.
        u32le(&mut out, 0x0403_4B50);
        for v in [20, 0, e.method, 0, 0x21] {
            u16le(&mut out, v); // version, flags, method, time, date
        }
        for v in [e.crc, packed, size] {
            u32le(&mut out, v);
        }
        u16le(&mut out, name_len);
        u16le(&mut out, 0);
        out.extend_from_slice(e.name.as_bytes());
        out.extend_from_slice(&e.data);
        // Central directory header.
        u32le(&mut central, 0x0201_4B50);
        for v in [20, 20, 0, e.method, 0, 0x21] {
            u16le(&mut central, v); // made by, needed, flags, method, time, date
        }
        for v in [e.crc, packed, size] {
            u32le(&mut central, v);
        }
        for v in [name_len, 0, 0, 0, 0] {
            u16le(&mut central, v); // name, extra, comment, disk, internal
        }
        u32le(&mut central, 0); // external attributes
        u32le(&mut central, offset);
        central.extend_from_slice(e.name.as_bytes());
    }
    let (cd_offset, cd_size) = (u32::try_from(out.len())?, u32::try_from(central.len())?);
    let count = u16::try_from(entries.len())?;
    out.extend_from_slice(&central);
    u32le(&mut out, 0x0605_4B50);
    for v in [0, 0, count, count] {
        u16le(&mut out, v);
    }
    u32le(&mut out, cd_size);
    u32le(&mut out, cd_offset);
    u16le(&mut out, 0);
    Ok(out)
}

/// A valid xlsx whose worksheet part is `head`, `count` times `byte`, then
/// `tail`: a few kilobytes on disk for any size once decompressed. With
/// `declared`, the headers announce that size instead of the real one.
fn run_workbook(
    head: &str,
    byte: u8,
    count: u64,
    tail: &str,
    declared: Option<u64>,
) -> Res<Vec<u8>> {
    let mut deflate = Deflate::new();
    let mut crc = Crc::new();
    for b in head.bytes() {
        deflate.literal(b);
    }
    crc.update(head.as_bytes());
    if count > 0 {
        deflate.literal(byte);
        for _ in 0..(count - 1) / 258 {
            deflate.repeat_258();
        }
        for _ in 0..(count - 1) % 258 {
            deflate.literal(byte);
        }
        crc.repeat(byte, count);
    }
    for b in tail.bytes() {
        deflate.literal(b);
    }
    crc.update(tail.as_bytes());
    let real = head.len() as u64 + count + tail.len() as u64;
    let sheet = RawEntry {
        name: "xl/worksheets/sheet1.xml".to_owned(),
        method: 8,
        crc: crc.value(),
        size: declared.unwrap_or(real),
        data: deflate.finish(),
    };
    let mut entries: Vec<RawEntry> = xlsx_parts("xl", "", None)
        .into_iter()
        .filter(|(n, _)| !n.ends_with("sheet1.xml"))
        .map(|(n, d)| RawEntry::stored(&n, d))
        .collect();
    entries.push(sheet);
    raw_zip(&entries)
}

fn sheet_head() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MAIN_NS}"><dimension ref="A1"/><sheetData>"#
    )
}

/// One cell after `spaces` bytes of whitespace.
fn whitespace_bomb(spaces: u64, declared: Option<u64>) -> Res<Vec<u8>> {
    let tail = format!(
        r#"<row r="1">{}</row></sheetData></worksheet>"#,
        text_cell("A1", "N° action")
    );
    run_workbook(&sheet_head(), b' ', spaces, &tail, declared)
}

/// One cell holding `len` bytes of text: its reader must allocate them.
fn long_text_cell(len: u64) -> Res<Vec<u8>> {
    let head = format!(
        r#"{}<row r="1"><c r="A1" t="inlineStr"><is><t>"#,
        sheet_head()
    );
    run_workbook(
        &head,
        b'x',
        len,
        "</t></is></c></row></sheetData></worksheet>",
        None,
    )
}

/// Over the default limit of one part (200 Mio) once decompressed.
const BIG_BOMB_SPACES: u64 = 210 << 20;

// ---------------------------------------------------------------------------
// The helpers above, checked
// ---------------------------------------------------------------------------

#[test]
fn the_hand_written_zip_helpers_are_correct() -> TestResult {
    assert_eq!(crc_of(b"123456789"), 0xCBF4_3926);
    let mut run = Crc::new();
    run.update(b"<a>");
    run.repeat(b' ', 1000);
    assert_eq!(run.value(), crc_of(&[&b"<a>"[..], &[b' '; 1000]].concat()));
    // A small bomb is a valid workbook: the zip layer checks every CRC and
    // size, calamine finds the cell after the whitespace.
    let dir = tempfile::tempdir()?;
    let path = write(dir.path(), "petit.xlsx", &whitespace_bomb(100_000, None)?)?;
    let raw = workbook::read_in_process(&path, &Limits::default())?;
    assert_eq!(raw.sheets.len(), 1);
    assert_eq!(raw.sheets[0].cells.len(), 1);
    assert_eq!(raw.sheets[0].cells[0].value.to_string(), "N° action");
    Ok(())
}

// ---------------------------------------------------------------------------
// Files that are not there, or empty, or not files
// ---------------------------------------------------------------------------

#[test]
fn a_missing_file_is_reported() -> TestResult {
    let dir = tempfile::tempdir()?;
    let s = check(&dir.path().join("plan-mjcl.xlsx"));
    assert_unreadable(&s, Code::FileNotFound, "introuvable");
    Ok(())
}

#[test]
fn an_empty_file_is_reported() -> TestResult {
    let dir = tempfile::tempdir()?;
    let s = check(&write(dir.path(), "plan-mjcl.xlsx", b"")?);
    assert_unreadable(&s, Code::FileEmpty, "vide (0 octet)");
    Ok(())
}

#[test]
fn a_folder_given_as_a_file_is_reported() -> TestResult {
    let dir = tempfile::tempdir()?;
    let folder = dir.path().join("plan-mjcl.xlsx");
    std::fs::create_dir(&folder)?;
    let s = check(&folder);
    assert_unreadable(&s, Code::FileInaccessible, "dossier");
    Ok(())
}

// ---------------------------------------------------------------------------
// Damaged workbooks
// ---------------------------------------------------------------------------

#[test]
fn a_truncated_workbook_is_reported_as_damaged() -> TestResult {
    let dir = tempfile::tempdir()?;
    let bytes = good_book().to_bytes();
    let s = check(&write(
        dir.path(),
        "plan-mjcl.xlsx",
        &bytes[..bytes.len() / 2],
    )?);
    assert_unreadable(&s, Code::FileDamaged, "endommagé ou incomplet");
    Ok(())
}

#[test]
fn a_workbook_with_flipped_bytes_is_reported_as_damaged() -> TestResult {
    let dir = tempfile::tempdir()?;
    let mut bytes = good_book().to_bytes();
    let middle = bytes.len() / 2;
    for b in &mut bytes[middle..middle + 64] {
        *b ^= 0xFF;
    }
    let s = check(&write(dir.path(), "plan-mjcl.xlsx", &bytes)?);
    assert_unreadable(&s, Code::FileDamaged, "endommagé ou incomplet");
    Ok(())
}

/// Headers announcing a small part whose data decompresses to much more:
/// the zip layer stops at the announced size and the checksum fails.
#[test]
fn a_part_larger_than_it_declares_is_reported_as_damaged() -> TestResult {
    let dir = tempfile::tempdir()?;
    let bytes = whitespace_bomb(5 << 20, Some(1000))?;
    let s = check(&write(dir.path(), "plan-mjcl.xlsx", &bytes)?);
    assert_unreadable(&s, Code::FileDamaged, "endommagé ou incomplet");
    Ok(())
}

// ---------------------------------------------------------------------------
// Other kinds of files under a workbook's name
// ---------------------------------------------------------------------------

#[test]
fn a_csv_renamed_xlsx_is_named() -> TestResult {
    let dir = tempfile::tempdir()?;
    let csv = "N° action;Intitulé;Statut\nMJCL-001;Ateliers parents-enfants;En cours\n";
    let s = check(&write(dir.path(), "plan-mjcl.xlsx", csv.as_bytes())?);
    assert_unreadable(&s, Code::NotAWorkbook, "CSV");
    Ok(())
}

#[test]
fn a_pdf_renamed_xlsx_is_named() -> TestResult {
    let dir = tempfile::tempdir()?;
    let pdf = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n";
    let s = check(&write(dir.path(), "plan-mjcl.xlsx", pdf)?);
    assert_unreadable(&s, Code::NotAWorkbook, "un document PDF");
    Ok(())
}

#[test]
fn an_html_table_renamed_xls_is_named() -> TestResult {
    let dir = tempfile::tempdir()?;
    let html = "<html><head><meta charset=\"utf-8\"></head><body><table><tr><td>N° action</td><td>Intitulé</td></tr><tr><td>MJCL-001</td><td>Ateliers</td></tr></table></body></html>";
    let s = check(&write(dir.path(), "export.xls", html.as_bytes())?);
    assert_unreadable(&s, Code::NotAWorkbook, "page web (HTML)");
    Ok(())
}

#[test]
fn a_word_document_renamed_xlsx_is_named() -> TestResult {
    let dir = tempfile::tempdir()?;
    let s = check(&write(dir.path(), "plan-mjcl.xlsx", &docx()?)?);
    assert_unreadable(&s, Code::NotAWorkbook, "document Word (.docx)");
    Ok(())
}

#[test]
fn random_bytes_are_an_unknown_kind_of_file() -> TestResult {
    let dir = tempfile::tempdir()?;
    let s = check(&write(dir.path(), "plan-mjcl.xlsx", &random_bytes(8192))?);
    assert_unreadable(&s, Code::NotAWorkbook, "type inconnu");
    Ok(())
}

// ---------------------------------------------------------------------------
// Password-protected workbooks (fixtures: see tests/fixtures/README.md)
// ---------------------------------------------------------------------------

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn an_encrypted_xlsx_asks_for_a_copy_without_password() {
    // Agile encryption in a CFB container, as Excel writes it.
    let s = check(&fixture("protege.xlsx"));
    assert_unreadable(&s, Code::PasswordProtected, "protégé par un mot de passe");
}

#[test]
fn an_encrypted_ods_asks_for_a_copy_without_password() {
    // A readable zip whose parts are AES-encrypted: its content.xml is noise.
    let s = check(&fixture("protege.ods"));
    assert_unreadable(&s, Code::PasswordProtected, "protégé par un mot de passe");
}

#[test]
fn an_encrypted_xls_asks_for_a_copy_without_password() {
    let s = check(&fixture("protege.xls"));
    assert_unreadable(&s, Code::PasswordProtected, "protégé par un mot de passe");
}

// ---------------------------------------------------------------------------
// A workbook, but not the partner's plan
// ---------------------------------------------------------------------------

#[test]
fn a_workbook_without_actions_sheet_lists_its_sheets() {
    let mut first = SheetSpec::new("Feuil1");
    first.rows = vec![vec![Some(t("Budget 2024")), Some(n(5000.0))]];
    let book = Book {
        sheets: vec![first, SheetSpec::new("Notes")],
    };
    let s = book.check();
    let f = assert_finding(
        &s,
        Code::ActionsSheetMissing,
        Severity::Error,
        None,
        "feuilles présentes : « Feuil1 », « Notes »",
    );
    assert_french(&f.message);
    assert!(s.is_readable());
}

// ---------------------------------------------------------------------------
// Hostile workbooks
// ---------------------------------------------------------------------------

/// Limits low enough for small test files to cross them.
fn low_limits() -> Limits {
    Limits {
        max_part_bytes: 1 << 20,
        max_total_bytes: 2 << 20,
        ..Limits::default()
    }
}

#[test]
fn a_zip_bomb_is_refused_once_over_the_limit() -> TestResult {
    let dir = tempfile::tempdir()?;
    let bytes = whitespace_bomb(3 << 20, None)?;
    assert!(bytes.len() < 100 << 10, "{} bytes on disk", bytes.len());
    let path = write(dir.path(), "plan-mjcl.xlsx", &bytes)?;
    let s = check_with(&path, &low_limits(), &Isolation::InProcess);
    assert_unreadable(&s, Code::AbnormalStructure, "bombe ZIP");
    // The same file is a valid workbook under the default limits.
    let raw = workbook::read_in_process(&path, &Limits::default())?;
    assert_eq!(raw.sheets[0].cells.len(), 1);
    Ok(())
}

#[test]
fn a_zip_bomb_over_the_default_limit_is_refused_quickly() -> TestResult {
    let dir = tempfile::tempdir()?;
    let bytes = whitespace_bomb(BIG_BOMB_SPACES, None)?;
    let path = write(dir.path(), "plan-mjcl.xlsx", &bytes)?;
    let started = Instant::now();
    let s = check(&path);
    assert_unreadable(&s, Code::AbnormalStructure, "bombe ZIP");
    assert!(started.elapsed() < Duration::from_secs(10), "no hang");
    Ok(())
}

#[test]
fn a_sheet_declaring_the_whole_grid_is_read_sparsely() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = write(dir.path(), "plan-mjcl.xlsx", &dense_xlsx()?)?;
    let raw = workbook::read_in_process(&path, &Limits::default())?;
    let cells: Vec<(u32, u32, String)> = raw.sheets[0]
        .cells
        .iter()
        .map(|c| (c.row, c.col, c.value.to_string()))
        .collect();
    assert_eq!(
        cells,
        [
            (0, 0, "N° action".to_owned()),
            (1_048_575, 16_383, "fin".to_owned())
        ]
    );
    // And checking it is an ordinary (if poor) plan: findings, no crash.
    let s = check(&path);
    assert!(s.is_readable(), "{}", dump(&s));
    for f in &s.findings {
        assert_french(&f.message);
    }
    Ok(())
}

#[test]
fn a_shared_strings_table_announcing_billions_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = write(dir.path(), "plan-mjcl.xlsx", &shared_strings_bomb("xl")?)?;
    let s = check(&path);
    assert_unreadable(&s, Code::AbnormalStructure, "4000000000 entrées");
    Ok(())
}

/// The workbook part may live anywhere `_rels/.rels` says; decoders follow
/// it, so the guard must too (this one would abort the process in-process).
#[test]
fn a_shared_strings_bomb_outside_xl_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = write(
        dir.path(),
        "plan-mjcl.xlsx",
        &shared_strings_bomb("feuilles")?,
    )?;
    // Through the child first: should the guard miss it, only the child dies.
    let isolated = check_with(&path, &Limits::default(), &Isolation::Subprocess(ctg_bin()));
    assert_unreadable(&isolated, Code::AbnormalStructure, "4000000000 entrées");
    assert_unreadable(&check(&path), Code::AbnormalStructure, "4000000000 entrées");
    Ok(())
}

#[test]
fn an_ods_cell_repeated_over_the_whole_grid_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = write(dir.path(), "plan-mjcl.ods", &ods_bomb()?)?;
    let s = check(&path);
    assert_unreadable(
        &s,
        Code::AbnormalStructure,
        "1048576 lignes et 16384 colonnes",
    );
    Ok(())
}

#[test]
fn an_ods_formatted_down_to_its_last_row_is_read() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = write(dir.path(), "plan-mjcl.ods", &ods_formatted_to_the_end()?)?;
    // Through the child first: should the decoder expand empty cells, only
    // the child dies.
    let isolated = workbook::read(&path, &Limits::default(), &Isolation::Subprocess(ctg_bin()));
    let raw = isolated?;
    assert_eq!(raw.sheets[0].cells.len(), 1);
    let raw = workbook::read_in_process(&path, &Limits::default())?;
    assert_eq!(raw.sheets[0].cells.len(), 1);
    Ok(())
}

// ---------------------------------------------------------------------------
// The same answers through the child reader `ctg verifier` uses
// ---------------------------------------------------------------------------

#[test]
fn the_child_reader_gives_the_same_answers() -> TestResult {
    let dir = tempfile::tempdir()?;
    let d = dir.path();
    let good = good_book().to_bytes();
    let cases: Vec<(PathBuf, Code)> = vec![
        (d.join("absent.xlsx"), Code::FileNotFound),
        (write(d, "vide.xlsx", b"")?, Code::FileEmpty),
        (
            write(d, "tronque.xlsx", &good[..good.len() / 2])?,
            Code::FileDamaged,
        ),
        (
            write(d, "pdf.xlsx", b"%PDF-1.4\n%%EOF\n")?,
            Code::NotAWorkbook,
        ),
        (write(d, "word.xlsx", &docx()?)?, Code::NotAWorkbook),
        (fixture("protege.xlsx"), Code::PasswordProtected),
        (fixture("protege.ods"), Code::PasswordProtected),
        (
            write(d, "textes.xlsx", &shared_strings_bomb("xl")?)?,
            Code::AbnormalStructure,
        ),
        (
            write(d, "grille.ods", &ods_bomb()?)?,
            Code::AbnormalStructure,
        ),
    ];
    let child = Isolation::Subprocess(ctg_bin());
    for (path, code) in &cases {
        let limits = Limits::default();
        let in_process = workbook::read(path, &limits, &Isolation::InProcess);
        let isolated = workbook::read(path, &limits, &child);
        assert_eq!(
            in_process.as_ref().map_err(ReadError::code).err(),
            Some(*code),
            "{}: {in_process:?}",
            path.display()
        );
        assert_eq!(in_process.err(), isolated.err(), "{}", path.display());
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// The child process really contains what would kill a process
// ---------------------------------------------------------------------------

#[test]
fn an_abort_in_the_reader_kills_only_the_child() -> TestResult {
    let dir = tempfile::tempdir()?;
    // 8 Mio of text in one cell, 50 Kio on disk.
    let path = write(dir.path(), "plan-mjcl.xlsx", &long_text_cell(8 << 20)?)?;
    // Under the default limits the child reads it.
    let raw = isolate::read_in_child(&ctg_bin(), &path, &Limits::default())?;
    assert_eq!(raw.sheets[0].cells.len(), 1);
    // With 1 Mio of address space the child's allocations fail: it aborts
    // (an allocation failure is not a panic), or says it lacks memory when
    // the allocation that fails is one that can report it. Either way only
    // the child is gone, and this process gets a finding.
    let starved = Limits {
        max_memory_bytes: 1 << 20,
        ..Limits::default()
    };
    let err = match isolate::read_in_child(&ctg_bin(), &path, &starved) {
        Ok(raw) => return Err(format!("read with 1 Mio: {} sheets", raw.sheets.len()).into()),
        Err(e) => e,
    };
    assert!(matches!(err, ReadError::Crashed(_)), "{err:?}");
    let s = check_with(&path, &starved, &Isolation::Subprocess(ctg_bin()));
    assert_unreadable(&s, Code::ReadInterrupted, "La lecture du classeur a échoué");
    Ok(())
}

#[test]
fn a_reader_that_cannot_start_or_answer_is_reported() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = good_book().save(dir.path(), "plan-mjcl.xlsx");
    let limits = Limits::default();
    let cases = [
        (
            dir.path().join("ctg-disparu"),
            "lancement du lecteur impossible",
        ),
        (PathBuf::from("/bin/true"), "réponse du lecteur invalide"),
        (PathBuf::from("/bin/false"), "arrêté brutalement"),
    ];
    for (exe, fragment) in cases {
        if exe.starts_with("/bin") && !exe.exists() {
            continue;
        }
        let err = match isolate::read_in_child(&exe, &path, &limits) {
            Ok(_) => return Err(format!("{} read a workbook", exe.display()).into()),
            Err(e) => e,
        };
        let s = validate::unreadable("plan-mjcl.xlsx", &err);
        assert_unreadable(&s, Code::ReadInterrupted, fragment);
    }
    Ok(())
}

#[test]
fn a_reader_over_its_time_is_stopped() -> TestResult {
    let dir = tempfile::tempdir()?;
    // 50 Mio of whitespace: under the size limits, long enough to read.
    let path = write(
        dir.path(),
        "plan-mjcl.xlsx",
        &whitespace_bomb(50 << 20, None)?,
    )?;
    let no_time = Limits {
        max_seconds: 0,
        ..Limits::default()
    };
    let started = Instant::now();
    let err = match isolate::read_in_child(&ctg_bin(), &path, &no_time) {
        Ok(raw) => return Err(format!("read in no time: {raw:?}").into()),
        Err(e) => e,
    };
    assert!(started.elapsed() < Duration::from_secs(10), "no hang");
    assert!(matches!(err, ReadError::Crashed(_)), "{err:?}");
    let s = validate::unreadable("plan-mjcl.xlsx", &err);
    assert_unreadable(&s, Code::ReadInterrupted, "lecture interrompue au bout de");
    Ok(())
}

// ---------------------------------------------------------------------------
// End to end: bad files among good ones
// ---------------------------------------------------------------------------

/// The folder of the end-to-end runs: one good workbook and four bad ones.
fn mixed_folder(dir: &Path) -> Res<Vec<PathBuf>> {
    Ok(vec![
        good_book().save(dir, "good.xlsx"),
        write(dir, "bomb.xlsx", &whitespace_bomb(BIG_BOMB_SPACES, None)?)?,
        write(dir, "dense.xlsx", &dense_xlsx()?)?,
        dir.join("missing.xlsx"),
        write(
            dir,
            "pdf.xlsx",
            b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n%%EOF\n",
        )?,
    ])
}

fn args<'a>(paths: &'a [PathBuf], extra: &[&'a str]) -> Res<Vec<&'a str>> {
    let mut args = vec!["verifier"];
    args.extend_from_slice(extra);
    for p in paths {
        args.push(p.to_str().ok_or("non-UTF-8 temporary path")?);
    }
    Ok(args)
}

/// The report's block for the file whose path ends with `name`.
fn block<'a>(stdout: &'a str, name: &str) -> Res<&'a str> {
    stdout
        .split("■ ")
        .find(|b| b.lines().next().is_some_and(|l| l.contains(name)))
        .ok_or_else(|| format!("no block for {name} in:\n{stdout}").into())
}

#[test]
fn bad_files_do_not_stop_the_others() -> TestResult {
    let dir = tempfile::tempdir()?;
    let paths = mixed_folder(dir.path())?;
    let (code, stdout, stderr) = run_ctg(&args(&paths, &[])?);
    // missing.xlsx could not be checked: 2, not 1 (issue 12, point 7).
    assert_eq!(code, 2, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stdout.contains("Vérification de 5 fichiers"), "{stdout}");
    let good = block(&stdout, "good.xlsx")?;
    assert!(good.contains("MJC de Lavaur (MJCL)"), "{good}");
    assert!(good.contains("1 action acceptée"), "{good}");
    assert!(!good.contains("ERREUR"), "{good}");
    for (name, code) in [
        ("bomb.xlsx", "[structure-anormale]"),
        ("missing.xlsx", "[fichier-introuvable]"),
        ("pdf.xlsx", "[pas-un-classeur]"),
    ] {
        let b = block(&stdout, name)?;
        assert!(b.contains(code), "{name}:\n{b}");
        assert_eq!(b.matches("ERREUR").count(), 1, "{name}:\n{b}");
    }
    assert!(block(&stdout, "pdf.xlsx")?.contains("un document PDF"));
    // The grid-wide sheet is read, not refused.
    let dense = block(&stdout, "dense.xlsx")?;
    assert!(dense.contains("0 action acceptée"), "{dense}");
    assert!(!dense.contains("[structure-anormale]") && !dense.contains("[lecture-interrompue]"));
    assert!(stdout.contains("Bilan : 5 fichiers vérifiés"), "{stdout}");
    Ok(())
}

#[test]
fn bad_files_do_not_stop_the_others_in_json() -> TestResult {
    let dir = tempfile::tempdir()?;
    let paths = mixed_folder(dir.path())?;
    let (code, stdout, stderr) = run_ctg(&args(&paths, &["--format", "json"])?);
    assert_eq!(code, 2, "stdout:\n{stdout}\nstderr:\n{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout)?;
    let files = report["fichiers"].as_array().ok_or("no fichiers")?;
    assert_eq!(files.len(), 5);
    let file = |name: &str| {
        files
            .iter()
            .find(|f| f["fichier"].as_str().is_some_and(|p| p.ends_with(name)))
            .ok_or_else(|| format!("no {name} in {stdout}"))
    };
    let codes = |f: &serde_json::Value| -> Vec<String> {
        f["constats"]
            .as_array()
            .map(|c| {
                c.iter()
                    .filter_map(|x| x["code"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let good = file("good.xlsx")?;
    assert_eq!(good["lisible"], true);
    assert_eq!(good["partenaire"], "MJCL");
    assert_eq!(good["actions_acceptees"], 1);
    assert_eq!(good["erreurs"], 0);
    for (name, code) in [
        ("bomb.xlsx", "structure-anormale"),
        ("missing.xlsx", "fichier-introuvable"),
        ("pdf.xlsx", "pas-un-classeur"),
    ] {
        let f = file(name)?;
        assert_eq!(f["lisible"], false, "{name}");
        assert_eq!(codes(f), [code], "{name}");
        let finding = &f["constats"][0];
        assert_eq!(finding["gravite"], "erreur", "{name}");
        assert_eq!(finding["cellule"], serde_json::Value::Null, "{name}");
        assert_french(finding["message"].as_str().ok_or("no message")?);
    }
    let dense = file("dense.xlsx")?;
    assert_eq!(dense["lisible"], true);
    let dense_codes = codes(dense);
    assert!(
        !dense_codes
            .iter()
            .any(|c| c == "structure-anormale" || c == "lecture-interrompue"),
        "{dense_codes:?}"
    );
    Ok(())
}

#[test]
fn a_child_that_dies_costs_only_its_file_and_the_batch_goes_on() -> TestResult {
    let dir = tempfile::tempdir()?;
    let good: Vec<PathBuf> = (0..4)
        .map(|i| good_book().save(dir.path(), &format!("bon-{i}.xlsx")))
        .collect();
    // 40 Mio of text in one cell: several copies of it exceed the memory
    // given to the reader below, small workbooks do not.
    let far = write(dir.path(), "long.xlsx", &long_text_cell(40 << 20)?)?;
    // Good files before and after the one that kills its reader, in one batch.
    let paths: Vec<&Path> = vec![&good[0], &far, &good[1], &good[2], &good[3]];
    let limits = Limits {
        max_memory_bytes: 100 << 20,
        ..Limits::default()
    };
    let exe = ctg_bin();
    for workers in [1, 2] {
        let answers =
            isolate::read_many_in_children(&exe, &paths, &limits, workers, &|i, answer| {
                (i, answer.map(|raw| raw.sheets.len()))
            });
        let indices: Vec<usize> = answers.iter().map(|(i, _)| *i).collect();
        assert_eq!(indices, [0, 1, 2, 3, 4], "one answer per file, in order");
        for (i, answer) in &answers {
            if *i == 1 {
                assert!(matches!(answer, Err(ReadError::Crashed(_))), "{answer:?}");
            } else {
                assert!(matches!(answer, Ok(3)), "file {i}: {answer:?}");
            }
        }
    }
    Ok(())
}
