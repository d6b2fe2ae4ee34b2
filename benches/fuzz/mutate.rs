//! Mutants of real partner workbooks, for the fuzz test (`tests/it/fuzz.rs`)
//! and the fuzz bench (`benches/fuzz.rs`), which include this file.
//!
//! The corpus is every workbook of `sample-workbooks/` and `tests/fixtures/`
//! (xlsx, ods, xls), plus an xlsm made from each xlsx written by ctg or by
//! LibreOffice. Mutant `index` of seed `seed` is always the same file: its
//! generator is ChaCha8 seeded with `seed`, on stream `index`, so any one
//! mutant can be rebuilt without the ones before it.
//!
//! The mutations aim where readers trust the file: the container (bits,
//! length, zip records and entries), the XML inside it (then zipped again),
//! and the values decoders turn into numbers (shared-string indexes, cell
//! references, repeat counts, numbers and dates at their limits). Legacy
//! .xls files get the same kinds through their BIFF records.
#![allow(dead_code)]

mod biff;
mod cells;

use std::io::{Cursor, Read, Write};
use std::path::Path;

use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// The generator of one mutant.
pub type Rng = ChaCha8Rng;

/// What was done to a workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Bits flipped anywhere in the file, or in its first or last kilobyte.
    BitFlip,
    /// The file cut short.
    Truncate,
    /// One zip entry's data or record fields damaged in place.
    EntryCorrupt,
    /// One zip entry stored twice.
    EntryDuplicate,
    /// One zip entry left out.
    EntryMissing,
    /// Zip entries larger than they say, larger than the limits, or too many.
    EntryOversized,
    /// The XML of one entry mangled, then zipped again.
    XmlMangle,
    /// Shared-string indexes and counts out of range.
    SharedStringIndex,
    /// Cell references, dimensions, merges and repeat counts out of range.
    CellReference,
    /// Numbers at their limits (huge, negative, NaN-like text…).
    NumberLimits,
    /// Dates before 1900, after 9999, or impossible.
    DateLimits,
}

impl Kind {
    /// Every kind, in report order.
    pub const ALL: [Kind; 11] = [
        Kind::BitFlip,
        Kind::Truncate,
        Kind::EntryCorrupt,
        Kind::EntryDuplicate,
        Kind::EntryMissing,
        Kind::EntryOversized,
        Kind::XmlMangle,
        Kind::SharedStringIndex,
        Kind::CellReference,
        Kind::NumberLimits,
        Kind::DateLimits,
    ];

    /// Short name, used in file names and summaries.
    pub fn name(self) -> &'static str {
        match self {
            Kind::BitFlip => "bits",
            Kind::Truncate => "tronque",
            Kind::EntryCorrupt => "entree-alteree",
            Kind::EntryDuplicate => "entree-doublee",
            Kind::EntryMissing => "entree-absente",
            Kind::EntryOversized => "entree-enorme",
            Kind::XmlMangle => "xml",
            Kind::SharedStringIndex => "index-textes",
            Kind::CellReference => "references",
            Kind::NumberLimits => "nombres",
            Kind::DateLimits => "dates",
        }
    }

    /// The kind of this short name.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Whether this kind applies to a container.
    fn applies(self, container: Container) -> bool {
        match self {
            Kind::BitFlip | Kind::Truncate | Kind::CellReference => true,
            Kind::NumberLimits | Kind::DateLimits => true,
            Kind::SharedStringIndex => container != Container::Ods,
            _ => container != Container::Cfb,
        }
    }
}

/// How a source workbook is packed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// Office Open XML in a zip (xlsx, xlsm).
    Xlsx,
    /// OpenDocument in a zip.
    Ods,
    /// Compound file: legacy .xls, or an encrypted workbook.
    Cfb,
}

/// One entry of a zip container.
#[derive(Debug, Clone)]
pub struct Part {
    /// Name inside the zip.
    pub name: String,
    /// Stored rather than deflated (`mimetype` of an ODF file).
    pub stored: bool,
    /// Content.
    pub body: Body,
}

/// The content of an entry: bytes, or bytes with a run of filler in the
/// middle that is streamed into the zip and never held in memory.
#[derive(Debug, Clone)]
pub enum Body {
    /// Plain bytes.
    Bytes(Vec<u8>),
    /// `head`, then `fill` times `byte`, then `tail`.
    Padded {
        /// Before the filler.
        head: Vec<u8>,
        /// Filler byte.
        byte: u8,
        /// Filler length.
        fill: u64,
        /// After the filler.
        tail: Vec<u8>,
    },
}

/// A workbook of the corpus.
#[derive(Debug, Clone)]
pub struct Source {
    /// File name, as in the corpus (`plan-actions-SJ.xlsm` for a derived xlsm).
    pub name: String,
    /// Extension to give its mutants.
    pub extension: String,
    /// The file.
    pub bytes: Vec<u8>,
    /// How it is packed.
    pub container: Container,
    /// Its entries, for zip containers.
    pub parts: Vec<Part>,
}

/// One mutant, ready to be written to disk.
#[derive(Debug, Clone)]
pub struct Mutant {
    /// The seed of the run.
    pub seed: u64,
    /// Its number in the run (the generator's stream).
    pub index: u64,
    /// What was done.
    pub kind: Kind,
    /// The corpus file it comes from.
    pub source: String,
    /// Extension of the file to write.
    pub extension: String,
    /// Where and how, in a few words.
    pub detail: String,
    /// The file.
    pub bytes: Vec<u8>,
}

impl Mutant {
    /// The name to give the file: its seed, index and kind, and no partner
    /// code, so that the partner of a mutant only comes from its content.
    pub fn file_name(&self) -> String {
        format!(
            "mutant-{}-{:06}-{}.{}",
            self.seed,
            self.index,
            self.kind.name(),
            self.extension
        )
    }

    /// A mutant saved by an earlier run, read back under its own name
    /// (`mutant-SEED-INDEX-KIND.EXT`, as [`Mutant::file_name`] makes it).
    pub fn load(path: &Path) -> Res<Mutant> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bad = || format!("{name} n'est pas nommé mutant-GRAINE-NUMÉRO-TYPE.EXT");
        let (stem, extension) = name.rsplit_once('.').ok_or_else(bad)?;
        let mut fields = stem.splitn(4, '-');
        let (Some("mutant"), Some(seed), Some(index), Some(kind)) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err(bad().into());
        };
        Ok(Mutant {
            seed: seed.parse()?,
            index: index.parse()?,
            kind: Kind::from_name(kind).ok_or_else(bad)?,
            source: path.display().to_string(),
            extension: extension.to_owned(),
            detail: String::new(),
            bytes: std::fs::read(path)?,
        })
    }
}

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// Loads the corpus: the workbooks of `sample-workbooks/` and
/// `tests/fixtures/` under `root`, sorted by name (so that a seed means the
/// same mutants on every machine), then an xlsm made from each xlsx
/// written by ctg or LibreOffice that holds actions.
pub fn corpus(root: &Path) -> Res<Vec<Source>> {
    let mut sources = Vec::new();
    for dir in ["sample-workbooks", "tests/fixtures"] {
        let mut names: Vec<_> = std::fs::read_dir(root.join(dir))?
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| {
                p.extension()
                    .is_some_and(|e| ["xlsx", "xls", "ods"].contains(&&*e.to_string_lossy()))
            })
            .collect();
        names.sort();
        for path in names {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let extension = path
                .extension()
                .map(|e| e.to_string_lossy().into_owned())
                .unwrap_or_default();
            sources.push(source(name, extension, std::fs::read(&path)?)?);
        }
    }
    for from in ["plan-actions-SJ.xlsx", "modele-rempli-libreoffice.xlsx"] {
        let Some(xlsx) = sources.iter().find(|s| s.name == from) else {
            return Err(format!("{from} is missing from the corpus").into());
        };
        let name = from.replace(".xlsx", ".xlsm");
        let parts: Vec<Part> = xlsx
            .parts
            .iter()
            .map(|p| match (&p.body, p.name.as_str()) {
                (Body::Bytes(b), "[Content_Types].xml") => Part {
                    body: Body::Bytes(replace_bytes(
                        b,
                        b"sheet.main+xml",
                        b"sheet.macroEnabled.main+xml",
                    )),
                    ..p.clone()
                },
                _ => p.clone(),
            })
            .collect();
        sources.push(source(name, "xlsm".to_owned(), zip_parts(&parts)?)?);
    }
    Ok(sources)
}

fn source(name: String, extension: String, bytes: Vec<u8>) -> Res<Source> {
    let (container, parts) = if bytes.starts_with(b"PK") {
        let parts = unzip(&bytes)?;
        let ods = parts.iter().any(|p| p.name == "content.xml");
        (if ods { Container::Ods } else { Container::Xlsx }, parts)
    } else {
        (Container::Cfb, Vec::new())
    };
    Ok(Source {
        name,
        extension,
        bytes,
        container,
        parts,
    })
}

/// The entries of a zip, in order.
pub fn unzip(bytes: &[u8]) -> Res<Vec<Part>> {
    let mut archive = ZipArchive::new(Cursor::new(bytes))?;
    let mut parts = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let mut data = Vec::new();
        entry.read_to_end(&mut data)?;
        parts.push(Part {
            name: entry.name()?.into_owned(),
            stored: entry.compression() == CompressionMethod::Stored,
            body: Body::Bytes(data),
        });
    }
    Ok(parts)
}

/// Zips `parts` in order. Two parts may share a name: the second is written
/// under a placeholder of the same length, renamed in the bytes afterwards
/// (the zip writer refuses duplicates; readers meet them in the wild).
pub fn zip_parts(parts: &[Part]) -> Res<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let mut seen = std::collections::HashSet::new();
    let mut renames = Vec::new();
    let filler = vec![b' '; 1 << 20];
    for part in parts {
        let mut name = part.name.clone();
        if !seen.insert(name.clone()) {
            let placeholder: String = std::iter::repeat_n('~', name.len()).collect();
            renames.push((placeholder.clone(), name));
            name = placeholder;
        }
        let method = if part.stored {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .large_file(
                matches!(part.body, Body::Padded { fill, .. } if fill > u32::MAX as u64 / 2),
            );
        zip.start_file(name, options)?;
        match &part.body {
            Body::Bytes(b) => zip.write_all(b)?,
            Body::Padded {
                head,
                byte,
                fill,
                tail,
            } => {
                zip.write_all(head)?;
                let chunk: Vec<u8> = filler.iter().map(|_| *byte).collect();
                let mut left = *fill;
                while left > 0 {
                    let n = left.min(chunk.len() as u64) as usize;
                    zip.write_all(&chunk[..n])?;
                    left -= n as u64;
                }
                zip.write_all(tail)?;
            }
        }
    }
    let mut bytes = zip.finish()?.into_inner();
    for (placeholder, name) in renames {
        bytes = replace_bytes(&bytes, placeholder.as_bytes(), name.as_bytes());
    }
    Ok(bytes)
}

/// Every occurrence of `from` replaced by `to`.
pub fn replace_bytes(hay: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(hay.len());
    let mut rest = hay;
    while let Some(at) = memchr::memmem::find(rest, from) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(to);
        rest = &rest[at + from.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// Mutant `index` of `seed`. Each mutant draws its source and kind, then
/// mutates; a kind that finds nothing to change in that source (no date in
/// a sheet, no BIFF record in an encrypted file) gives way to another, and
/// bit flips always apply.
pub fn mutant(sources: &[Source], seed: u64, index: u64) -> Mutant {
    let mut rng = Rng::seed_from_u64(seed);
    rng.set_stream(index);
    let source = &sources[rng.random_range(0..sources.len())];
    let kinds: Vec<Kind> = Kind::ALL
        .into_iter()
        .filter(|k| k.applies(source.container))
        .collect();
    let mut first = *kinds.choose(&mut rng).unwrap_or(&Kind::BitFlip);
    let (kind, bytes, detail) = loop {
        if let Some((bytes, detail)) = apply(first, source, &mut rng) {
            break (first, bytes, detail);
        }
        first = if first == Kind::BitFlip {
            Kind::BitFlip
        } else {
            *kinds.choose(&mut rng).unwrap_or(&Kind::BitFlip)
        };
    };
    Mutant {
        seed,
        index,
        kind,
        source: source.name.clone(),
        extension: source.extension.clone(),
        detail,
        bytes,
    }
}

/// A mutated file and what was done, or `None` when the mutation found
/// nothing to change.
type Applied = Option<(Vec<u8>, String)>;

fn apply(kind: Kind, s: &Source, rng: &mut Rng) -> Applied {
    match kind {
        Kind::BitFlip => Some(bit_flip(&s.bytes, rng)),
        Kind::Truncate => {
            let len = rng.random_range(0..s.bytes.len());
            Some((
                s.bytes[..len].to_vec(),
                format!("{len} octets sur {}", s.bytes.len()),
            ))
        }
        Kind::EntryCorrupt => entry_corrupt(&s.bytes, rng),
        Kind::EntryDuplicate => entry_duplicate(&s.parts, rng),
        Kind::EntryMissing => {
            let i = pick_part(&s.parts, rng, |_| true)?;
            let mut parts = s.parts.clone();
            let gone = parts.remove(i);
            Some((zip_parts(&parts).ok()?, gone.name))
        }
        Kind::EntryOversized => entry_oversized(s, rng),
        Kind::XmlMangle => {
            let i = pick_part(&s.parts, rng, is_xml)?;
            let mut parts = s.parts.clone();
            let Body::Bytes(xml) = &parts[i].body else {
                return None;
            };
            let (xml, what) = xml_mangle(xml, rng);
            parts[i].body = Body::Bytes(xml);
            Some((
                zip_parts(&parts).ok()?,
                format!("{} : {what}", parts[i].name),
            ))
        }
        Kind::SharedStringIndex | Kind::CellReference | Kind::NumberLimits | Kind::DateLimits => {
            match s.container {
                Container::Cfb => biff::mutate(kind, &s.bytes, rng),
                Container::Xlsx | Container::Ods => cells::mutate(kind, s, rng),
            }
        }
    }
}

fn bit_flip(bytes: &[u8], rng: &mut Rng) -> (Vec<u8>, String) {
    let mut out = bytes.to_vec();
    let len = out.len();
    // Headers and directories sit at both ends of both containers.
    let (from, to, zone) = match rng.random_range(0..3) {
        0 => (0, len.min(1024), "début"),
        1 => (len.saturating_sub(1024), len, "fin"),
        _ => (0, len, "partout"),
    };
    let flips = rng.random_range(1..=16);
    for _ in 0..flips {
        let at = rng.random_range(from..to);
        out[at] ^= 1 << rng.random_range(0..8);
    }
    (out, format!("{flips} bits ({zone})"))
}

/// A central-directory record of a zip: where it is and where its entry's
/// local header is.
struct Record {
    central: usize,
    local: usize,
    compressed: usize,
    name: String,
}

fn u16_at(b: &[u8], at: usize) -> Option<usize> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?) as usize)
}

fn u32_at(b: &[u8], at: usize) -> Option<usize> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?) as usize)
}

/// The central directory of a (non-zip64) zip, read by hand: mutations
/// patch its fields in place.
fn records(b: &[u8]) -> Vec<Record> {
    let Some(end) = memchr::memmem::rfind(b, b"PK\x05\x06") else {
        return Vec::new();
    };
    let (Some(count), Some(mut at)) = (u16_at(b, end + 10), u32_at(b, end + 16)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for _ in 0..count {
        if b.get(at..at + 4) != Some(b"PK\x01\x02") {
            break;
        }
        let (Some(n), Some(m), Some(k), Some(compressed), Some(local)) = (
            u16_at(b, at + 28),
            u16_at(b, at + 30),
            u16_at(b, at + 32),
            u32_at(b, at + 20),
            u32_at(b, at + 42),
        ) else {
            break;
        };
        let name = String::from_utf8_lossy(b.get(at + 46..at + 46 + n).unwrap_or_default());
        out.push(Record {
            central: at,
            local,
            compressed,
            name: name.into_owned(),
        });
        at += 46 + n + m + k;
    }
    out
}

fn put_u16(b: &mut [u8], at: usize, v: u16) {
    if let Some(s) = b.get_mut(at..at + 2) {
        s.copy_from_slice(&v.to_le_bytes());
    }
}

fn put_u32(b: &mut [u8], at: usize, v: u32) {
    if let Some(s) = b.get_mut(at..at + 4) {
        s.copy_from_slice(&v.to_le_bytes());
    }
}

fn entry_corrupt(bytes: &[u8], rng: &mut Rng) -> Applied {
    let records = records(bytes);
    let r = records.choose(rng)?;
    let mut out = bytes.to_vec();
    let what = match rng.random_range(0..6) {
        0 => {
            // Damaged compressed data: the CRC or the inflater notices.
            let n = u16_at(bytes, r.local + 26)?;
            let m = u16_at(bytes, r.local + 28)?;
            let data = r.local + 30 + n + m;
            if r.compressed == 0 {
                return None;
            }
            let flips = rng.random_range(1..=8);
            for _ in 0..flips {
                let at = data + rng.random_range(0..r.compressed);
                *out.get_mut(at)? ^= 1 << rng.random_range(0..8);
            }
            format!("{flips} bits dans les données")
        }
        1 => {
            let method = *[1u16, 6, 9, 12, 14, 93, 95, 98, 99, 0xFFFF].choose(rng)?;
            put_u16(&mut out, r.central + 10, method);
            if rng.random_bool(0.5) {
                put_u16(&mut out, r.local + 8, method);
            }
            format!("méthode de compression {method}")
        }
        2 => {
            // Encrypted (bit 0), strong encryption (bit 6), data descriptor (bit 3).
            let flag = *[1u16, 1 << 3, 1 << 6, 0xFFFF].choose(rng)?;
            put_u16(&mut out, r.central + 8, flag);
            put_u16(&mut out, r.local + 6, flag);
            format!("drapeaux {flag:#x}")
        }
        3 => {
            let crc = rng.random::<u32>();
            put_u32(&mut out, r.central + 16, crc);
            put_u32(&mut out, r.local + 14, crc);
            "CRC faux".to_owned()
        }
        4 => {
            let offset = *[0u32, 1, u32::MAX, out.len() as u32, r.central as u32].choose(rng)?;
            put_u32(&mut out, r.central + 42, offset);
            format!("position de l'en-tête local {offset}")
        }
        _ => {
            let len = *[0u16, 1, 0xFFFF, 300].choose(rng)?;
            put_u16(&mut out, r.local + 26 + 2 * rng.random_range(0..2), len);
            format!("longueur de nom ou d'extra locale {len}")
        }
    };
    Some((out, format!("{} : {what}", r.name)))
}

/// The parts worth aiming at: what every decoder opens first.
fn is_key(name: &str) -> bool {
    name == "[Content_Types].xml"
        || name.ends_with(".rels")
        || name.starts_with("xl/worksheets/")
        || matches!(
            name,
            "xl/workbook.xml"
                | "xl/sharedStrings.xml"
                | "xl/styles.xml"
                | "content.xml"
                | "styles.xml"
                | "mimetype"
                | "META-INF/manifest.xml"
        )
}

fn is_xml(p: &Part) -> bool {
    p.name.ends_with(".xml") || p.name.ends_with(".rels")
}

/// A part matching `keep`; key parts two times out of three.
fn pick_part(parts: &[Part], rng: &mut Rng, keep: impl Fn(&Part) -> bool) -> Option<usize> {
    let all: Vec<usize> = (0..parts.len()).filter(|&i| keep(&parts[i])).collect();
    let key: Vec<usize> = all
        .iter()
        .copied()
        .filter(|&i| is_key(&parts[i].name))
        .collect();
    let from = if !key.is_empty() && rng.random_bool(0.67) {
        &key
    } else {
        &all
    };
    from.choose(rng).copied()
}

fn entry_duplicate(parts: &[Part], rng: &mut Rng) -> Applied {
    let i = pick_part(parts, rng, |_| true)?;
    let mut copy = parts[i].clone();
    let what = match (rng.random_range(0..3), &copy.body) {
        (0, Body::Bytes(b)) if is_xml(&copy) => {
            let (mangled, what) = xml_mangle(b, rng);
            copy.body = Body::Bytes(mangled);
            format!("copie modifiée ({what})")
        }
        (1, _) => {
            copy.body = Body::Bytes(Vec::new());
            "copie vide".to_owned()
        }
        _ => "copie identique".to_owned(),
    };
    let mut out = parts.to_vec();
    let at = if rng.random_bool(0.5) { i } else { i + 1 };
    out.insert(at, copy);
    Some((zip_parts(&out).ok()?, format!("{} : {what}", parts[i].name)))
}

fn entry_oversized(s: &Source, rng: &mut Rng) -> Applied {
    let mut parts = s.parts.clone();
    match rng.random_range(0..10) {
        // Sizes that lie: readers must measure, not believe.
        0..=3 => {
            let mut out = s.bytes.clone();
            let records = records(&out);
            let r = records.choose(rng)?;
            let size = *[0u32, 1, 0x7FFF_FFFF, 0xFFFF_FFFE, 0xFFFF_FFFF].choose(rng)?;
            let (field, what) = if rng.random_bool(0.5) {
                (24, "taille décompressée")
            } else {
                (20, "taille compressée")
            };
            put_u32(&mut out, r.central + field, size);
            if rng.random_bool(0.5) {
                put_u32(&mut out, r.local + field - 2, size);
            }
            Some((out, format!("{} : {what} annoncée {size}", r.name)))
        }
        // Real bulk: whitespace after the XML declaration keeps the part
        // well-formed; past 200 Mo (one part) or 400 Mo (all) it is a bomb.
        4..=6 => {
            let i = pick_part(&parts, rng, is_xml)?;
            let Body::Bytes(xml) = &parts[i].body else {
                return None;
            };
            let mb = *[1u64, 20, 201, 201].choose(rng)?;
            let copies = if mb == 201 && rng.random_bool(0.3) {
                3
            } else {
                1
            };
            let mb = if copies == 3 { 150 } else { mb };
            let split = memchr::memmem::find(xml, b"?>").map_or(0, |at| at + 2);
            let padded = Body::Padded {
                head: xml[..split].to_vec(),
                byte: b' ',
                fill: mb << 20,
                tail: xml[split..].to_vec(),
            };
            let name = parts[i].name.clone();
            parts[i].body = padded.clone();
            for k in 1..copies {
                parts.push(Part {
                    name: format!("xl/media/copie{k}.xml"),
                    stored: false,
                    body: padded.clone(),
                });
            }
            Some((
                zip_parts(&parts).ok()?,
                format!("{name} : {copies} × {mb} Mo d'espaces"),
            ))
        }
        // One text cell far longer than a spreadsheet cell may hold.
        7 | 8 => {
            let (i, tag) = match s.container {
                Container::Ods => (
                    parts.iter().position(|p| p.name == "content.xml")?,
                    "<text:p>",
                ),
                _ => (
                    parts
                        .iter()
                        .position(|p| p.name.ends_with("sharedStrings.xml"))?,
                    "<t>",
                ),
            };
            let Body::Bytes(xml) = &parts[i].body else {
                return None;
            };
            let sites: Vec<usize> = memchr::memmem::find_iter(xml, tag.as_bytes())
                .map(|at| at + tag.len())
                .collect();
            let at = *sites.choose(rng)?;
            let len = *[32_768u64, 40_000, 1 << 20, 20 << 20].choose(rng)?;
            parts[i].body = Body::Padded {
                head: xml[..at].to_vec(),
                byte: b'A',
                fill: len,
                tail: xml[at..].to_vec(),
            };
            let name = parts[i].name.clone();
            Some((
                zip_parts(&parts).ok()?,
                format!("{name} : texte de {len} caractères"),
            ))
        }
        // Too many parts, or just under the limit.
        _ => {
            let n = *[5_000usize, 10_001].choose(rng)?;
            for k in 0..n {
                parts.push(Part {
                    name: format!("xl/media/vide{k}.bin"),
                    stored: true,
                    body: Body::Bytes(Vec::new()),
                });
            }
            Some((
                zip_parts(&parts).ok()?,
                format!("{n} parties vides en plus"),
            ))
        }
    }
}

/// Mangles XML text the ways real damage and hostile files do.
pub fn xml_mangle(xml: &[u8], rng: &mut Rng) -> (Vec<u8>, String) {
    let mut out = xml.to_vec();
    let len = out.len().max(1);
    let at = rng.random_range(0..len).min(out.len());
    let what = match rng.random_range(0..14) {
        0 => {
            let n = rng.random_range(1..=64).min(out.len() - at);
            out.drain(at..at + n);
            format!("{n} octets supprimés en {at}")
        }
        1 => {
            let n = rng.random_range(1..=256).min(out.len() - at);
            let chunk = out[at..at + n].to_vec();
            let to = rng.random_range(0..=out.len());
            out.splice(to..to, chunk);
            format!("{n} octets de {at} recopiés en {to}")
        }
        2 => {
            let junk: Vec<u8> = (0..rng.random_range(1..=16))
                .map(|_| rng.random::<u8>())
                .collect();
            out.splice(at..at, junk);
            format!("octets aléatoires en {at}")
        }
        3 => {
            out.truncate(at);
            format!("coupé à {at} octets")
        }
        4 => {
            let marks: Vec<usize> = (0..out.len())
                .filter(|&i| b"<>\"/=".contains(&out[i]))
                .collect();
            let Some(&i) = marks.choose(rng) else {
                return (out, "rien".to_owned());
            };
            let by = *b"<>\"/= x".choose(rng).unwrap_or(&b'x');
            out[i] = by;
            format!(
                "« {} » remplacé par « {} » en {i}",
                out[i] as char, by as char
            )
        }
        5 => {
            let bad = *[
                &b"\xFF\xFE"[..],
                b"\xC3",
                b"\xC0\x80",
                b"\xED\xA0\x80",
                b"\x00",
            ]
            .choose(rng)
            .unwrap_or(&&b"\xFF"[..]);
            let at = after_tag(&out, rng);
            out.splice(at..at, bad.iter().copied());
            format!("UTF-8 invalide en {at}")
        }
        6 => {
            let entity = *[
                "&bogus;",
                "&#0;",
                "&#xD800;",
                "&#x110000;",
                "&#99999999999999999999;",
                "&amp",
                "&;",
                "&#x;",
            ]
            .choose(rng)
            .unwrap_or(&"&x;");
            let at = after_tag(&out, rng);
            out.splice(at..at, entity.bytes());
            format!("entité {entity} en {at}")
        }
        7 => {
            // The billion laughs: decoders must not expand entities.
            let mut dtd = String::from("<!DOCTYPE r [<!ENTITY l0 \"ha\">");
            for i in 1..10 {
                let prev = format!("&l{};", i - 1);
                dtd.push_str(&format!("<!ENTITY l{i} \"{}\">", prev.repeat(10)));
            }
            dtd.push_str("]>");
            let at = memchr::memmem::find(&out, b"?>").map_or(0, |i| i + 2);
            out.splice(at..at, dtd.bytes());
            let at = after_tag(&out, rng);
            out.splice(at..at, b"&l9;".iter().copied());
            "DTD avec entités imbriquées".to_owned()
        }
        8 => {
            let depth = *[1_000usize, 100_000, 1_000_000]
                .choose(rng)
                .unwrap_or(&1000);
            let at = after_tag(&out, rng);
            let nested = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
            out.splice(at..at, nested.into_bytes());
            format!("{depth} éléments imbriqués en {at}")
        }
        9 => {
            let tags: Vec<usize> = memchr::memchr_iter(b'<', &out).collect();
            let Some(&i) = tags.choose(rng) else {
                return (out, "rien".to_owned());
            };
            let end = (i + 1..out.len())
                .find(|&k| !out[k].is_ascii_alphanumeric() && out[k] != b':' && out[k] != b'/')
                .unwrap_or(out.len());
            out.splice(i + 1..end, b"zz".iter().copied());
            format!("balise renommée en {i}")
        }
        10 => {
            let tags: Vec<usize> = memchr::memchr_iter(b'<', &out)
                .filter(|&i| out.get(i + 1).is_some_and(u8::is_ascii_alphabetic))
                .collect();
            let Some(&i) = tags.choose(rng) else {
                return (out, "rien".to_owned());
            };
            let end = (i..out.len())
                .find(|&k| out[k] == b' ' || out[k] == b'>')
                .unwrap_or(i);
            let attr = format!(
                " zz=\"{}\"",
                "A".repeat(
                    *[1usize << 10, 1 << 20, 8 << 20]
                        .choose(rng)
                        .unwrap_or(&1024)
                )
            );
            out.splice(end..end, attr.into_bytes());
            format!("attribut énorme en {end}")
        }
        11 => {
            let junk = *["<![CDATA[", "<!--", "<?pi", "<", "</", "]]>"]
                .choose(rng)
                .unwrap_or(&"<");
            let at = after_tag(&out, rng);
            out.splice(at..at, junk.bytes());
            format!("« {junk} » non fermé en {at}")
        }
        12 => {
            let from: &[u8] = if rng.random_bool(0.5) {
                b"xmlns"
            } else {
                b"encoding=\"UTF-8\""
            };
            let to: &[u8] = [
                &b"xmlnz"[..],
                b"encoding=\"UTF-16\"",
                b"encoding=\"EBCDIC\"",
            ]
            .choose(rng)
            .unwrap_or(&&b"x"[..]);
            out = replace_bytes(&out, from, to);
            format!(
                "{} → {}",
                String::from_utf8_lossy(from),
                String::from_utf8_lossy(to)
            )
        }
        _ => {
            // Swap two elements' worth of bytes.
            let tags: Vec<usize> = memchr::memchr_iter(b'<', &out).collect();
            let (Some(&a), Some(&b)) = (tags.choose(rng), tags.choose(rng)) else {
                return (out, "rien".to_owned());
            };
            let (a, b) = (a.min(b), a.max(b));
            let n = rng.random_range(1..=200).min(b - a).min(out.len() - b);
            let first = out[a..a + n].to_vec();
            let second = out[b..b + n].to_vec();
            out[a..a + n].copy_from_slice(&second);
            out[b..b + n].copy_from_slice(&first);
            format!("{n} octets échangés entre {a} et {b}")
        }
    };
    (out, what)
}

/// A position just after some `>`: where text or elements can go.
fn after_tag(xml: &[u8], rng: &mut Rng) -> usize {
    let ends: Vec<usize> = memchr::memchr_iter(b'>', xml).map(|i| i + 1).collect();
    ends.choose(rng).copied().unwrap_or(0)
}
