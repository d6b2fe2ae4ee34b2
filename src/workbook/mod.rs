//! Turning a file on disk into raw cells, whatever the file turns out to be.
//!
//! A partner's file is untrusted input: it may be a PDF renamed `.xlsx`, a
//! truncated download, a zip bomb, or a sheet claiming a million rows. Reading
//! goes through three layers so that no single file can take a run down:
//!
//! 1. [`sniff`] names the format from the content, not the extension;
//! 2. `guard` checks the container before any decoder allocates from it
//!    (real decompressed sizes, declared counts, repeated cells; for
//!    compound files, `cfb`: sector chains, sheet sizes declared and spanned);
//! 3. [`isolate`] runs the decoder in a child process with memory and time
//!    limits, so even an abort inside a decoder only costs that one file.

mod cfb;
mod decode;
mod guard;
pub mod isolate;
pub mod properties;
pub mod sniff;

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::finding::Code;

pub use isolate::Isolation;
pub use sniff::{Detected, Format};

/// The value of one cell as read from the file, before any interpretation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CellValue {
    /// Text.
    Text(String),
    /// A number (integers included).
    Number(f64),
    /// TRUE / FALSE.
    Bool(bool),
    /// A cell the file marks as a date or date-time.
    DateTime(chrono::NaiveDateTime),
    /// A formula error such as `#REF!` or `#DIV/0!`.
    Error(String),
}

impl fmt::Display for CellValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CellValue::Text(s) | CellValue::Error(s) => f.write_str(s),
            CellValue::Number(n) => {
                if n.fract() == 0.0 && n.abs() < 1e15 {
                    write!(f, "{}", *n as i64)
                } else {
                    f.write_str(&n.to_string().replace('.', ","))
                }
            }
            CellValue::Bool(true) => f.write_str("VRAI"),
            CellValue::Bool(false) => f.write_str("FAUX"),
            CellValue::DateTime(d) => {
                if d.time() == chrono::NaiveTime::MIN {
                    write!(f, "{}", d.format("%d/%m/%Y"))
                } else {
                    write!(f, "{}", d.format("%d/%m/%Y %H:%M"))
                }
            }
        }
    }
}

/// One non-empty cell, 0-based.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawCell {
    /// Row, 0-based.
    pub row: u32,
    /// Column, 0-based.
    pub col: u32,
    /// Value.
    pub value: CellValue,
}

/// A rectangle of merged cells, 0-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    /// Top row.
    pub first_row: u32,
    /// Left column.
    pub first_col: u32,
    /// Bottom row.
    pub last_row: u32,
    /// Right column.
    pub last_col: u32,
}

/// One sheet: its non-empty cells in reading order (row, then column).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawSheet {
    /// Name as shown on the tab.
    pub name: String,
    /// False for hidden and very hidden sheets.
    pub visible: bool,
    /// Non-empty cells, sorted by row then column.
    pub cells: Vec<RawCell>,
    /// Merged regions.
    pub merged: Vec<Region>,
    /// Set when the sheet held more cells than ctg reads.
    pub truncated: bool,
}

/// A whole workbook as read from disk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawWorkbook {
    /// The format found in the content.
    pub format: Format,
    /// Sheets in tab order.
    pub sheets: Vec<RawSheet>,
    /// When the workbook says it was last saved (its document properties),
    /// if it says so.
    pub saved: Option<chrono::NaiveDateTime>,
}

/// Bounds on what one file may cost to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_file_bytes: u64,
    /// Largest decompressed size of one part of a zip container, in bytes.
    pub max_part_bytes: u64,
    /// Largest decompressed size of a whole zip container, in bytes.
    pub max_total_bytes: u64,
    /// Most non-empty cells read from one workbook.
    pub max_cells: usize,
    /// Memory a reading child process may use, in bytes.
    pub max_memory_bytes: u64,
    /// Wall-clock time a reading child process may take, in seconds.
    pub max_seconds: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 50 << 20,
            max_part_bytes: 200 << 20,
            max_total_bytes: 400 << 20,
            max_cells: 1_000_000,
            max_memory_bytes: 2 << 30,
            max_seconds: 60,
        }
    }
}

/// Why a file could not be read as a workbook. Every variant's message says,
/// in French, what the file is and what to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum ReadError {
    /// The file does not exist (any more).
    #[error(
        "le fichier est introuvable : il a peut-être été déplacé ou supprimé. Vérifiez son nom et son emplacement."
    )]
    NotFound,
    /// The file could not be opened (permissions, locked, a folder…).
    #[error(
        "le fichier ne peut pas être ouvert ({0}). Vérifiez qu'il n'est pas verrouillé et que vous avez le droit de le lire."
    )]
    Unreadable(String),
    /// 0 bytes.
    #[error(
        "le fichier est vide (0 octet) : l'enregistrement a probablement échoué. Enregistrez à nouveau le classeur depuis Excel ou LibreOffice et déposez-le une nouvelle fois."
    )]
    Empty,
    /// Larger than the limit.
    #[error(
        "le fichier pèse {size} ; un classeur ne peut pas dépasser {limit}. Supprimez les images et les feuilles inutiles, puis enregistrez-le à nouveau."
    )]
    TooLarge {
        /// Its size, formatted.
        size: String,
        /// The limit, formatted.
        limit: String,
    },
    /// Some other kind of file.
    #[error(
        "ce fichier n'est pas un classeur mais {0}. Ouvrez-le, copiez son contenu dans le modèle fourni par le coordinateur, puis enregistrez au format Excel (.xlsx) ou LibreOffice (.ods)."
    )]
    NotAWorkbook(String),
    /// A spreadsheet format ctg does not read.
    #[error(
        "ce classeur est au format {0}, qui ne peut pas être lu. Ouvrez-le dans Excel ou LibreOffice et enregistrez-le au format .xlsx ou .ods."
    )]
    Unsupported(String),
    /// Damaged or truncated container.
    #[error(
        "le classeur est endommagé ou incomplet ({0}) : la copie ou l'enregistrement a sans doute été interrompu. Ouvrez-le dans Excel ou LibreOffice ; s'il s'ouvre, enregistrez-le à nouveau, sinon redéposez la version d'origine."
    )]
    Corrupt(String),
    /// Protected by a password.
    #[error(
        "le classeur est protégé par un mot de passe à l'ouverture : il ne peut donc pas être lu. Enregistrez une copie sans mot de passe (dans Excel : Fichier > Informations > Protéger le classeur > Chiffrer avec mot de passe, effacez le mot de passe puis OK ; dans LibreOffice : Fichier > Enregistrer sous, en décochant « Enregistrer avec mot de passe »)."
    )]
    Encrypted,
    /// Built to exhaust a reader (or absurdly large once unpacked).
    #[error(
        "le classeur a une structure anormale ({0}) et n'a pas été lu, pour protéger le traitement des autres fichiers. Copiez vos données dans un modèle vierge et déposez ce nouveau fichier."
    )]
    Hostile(String),
    /// The reading process died or took too long.
    #[error(
        "la lecture du classeur a échoué ({0}) : le fichier est probablement malformé. Ouvrez-le dans Excel ou LibreOffice, enregistrez-le sous un nouveau nom au format .xlsx et déposez-le à nouveau."
    )]
    Crashed(String),
    /// ctg itself failed around the file (its reader could not start or
    /// answer): not the partner's doing.
    #[error(
        "ce classeur n'a pas pu être lu à cause d'un problème technique lors de la lecture ({0}), pas à cause du fichier. Relancez la consolidation ; si le problème persiste, signalez-le à la personne qui installe l'outil de suivi."
    )]
    Internal(String),
}

impl ReadError {
    /// The finding code naming this kind of failure.
    pub fn code(&self) -> Code {
        match self {
            ReadError::NotFound => Code::FileNotFound,
            ReadError::Unreadable(_) => Code::FileInaccessible,
            ReadError::Empty => Code::FileEmpty,
            ReadError::TooLarge { .. } => Code::FileTooLarge,
            ReadError::NotAWorkbook(_) => Code::NotAWorkbook,
            ReadError::Unsupported(_) => Code::UnsupportedFormat,
            ReadError::Corrupt(_) => Code::FileDamaged,
            ReadError::Encrypted => Code::PasswordProtected,
            ReadError::Hostile(_) => Code::AbnormalStructure,
            ReadError::Crashed(_) | ReadError::Internal(_) => Code::ReadInterrupted,
        }
    }
}

/// A size in bytes, the French way (« 12,3 Mo »).
pub(crate) fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["octets", "Ko", "Mo", "Go"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} octets")
    } else {
        format!("{:.1} {}", value, UNITS[unit]).replace('.', ",")
    }
}

/// Reads a workbook in this process: sniff, guard, decode. Panics inside
/// the guard or a decoder are caught; aborts are not — use [`read`] with
/// [`Isolation::Subprocess`] where that matters.
pub fn read_in_process(path: &Path, limits: &Limits) -> Result<RawWorkbook, ReadError> {
    let bytes = load_bytes(path, limits)?;
    // The guard runs zip and XML code on untrusted bytes too (the deflate
    // decoder, for one, panics when an allocation fails).
    std::panic::catch_unwind(|| {
        let format = match sniff::sniff(&bytes) {
            Detected::Workbook(format) => format,
            Detected::Zip => guard::zip_kind(&bytes)?,
            Detected::Other(what) => return Err(what),
        };
        let checked = guard::check(&bytes, format, limits)?;
        decode::decode(bytes, checked, limits)
    })
    .unwrap_or_else(|_| {
        Err(ReadError::Crashed(
            "erreur interne du lecteur de classeurs".to_owned(),
        ))
    })
}

/// Reads a workbook, isolated as asked.
pub fn read(path: &Path, limits: &Limits, isolation: &Isolation) -> Result<RawWorkbook, ReadError> {
    let mut answers = read_many(&[path], limits, isolation, &|_, answer| answer);
    answers
        .pop()
        .unwrap_or_else(|| Err(ReadError::Internal("réponse du lecteur perdue".to_owned())))
}

/// Reads many workbooks, isolated as asked, in parallel; `done` receives
/// each file's index and result as soon as it is read (so that checking
/// overlaps reading). Returns what `done` returned, in the order of `paths`.
pub fn read_many<T: Send>(
    paths: &[&Path],
    limits: &Limits,
    isolation: &Isolation,
    done: &(dyn Fn(usize, Result<RawWorkbook, ReadError>) -> T + Sync),
) -> Vec<T> {
    use rayon::prelude::*;
    match isolation {
        Isolation::InProcess => paths
            .par_iter()
            .enumerate()
            .map(|(i, p)| done(i, read_in_process(p, limits)))
            .collect(),
        Isolation::Subprocess(exe) => {
            // Cheap checks here give the precise message without a child.
            let (readable, refused): (Vec<_>, Vec<_>) = paths
                .iter()
                .enumerate()
                .map(|(i, p)| (i, *p, metadata(p, limits)))
                .partition(|(_, _, m)| m.is_ok());
            let files: Vec<&Path> = readable.iter().map(|(_, p, _)| *p).collect();
            let index: Vec<usize> = readable.iter().map(|(i, _, _)| *i).collect();
            let read = isolate::read_many_in_children(
                exe,
                &files,
                limits,
                rayon::current_num_threads(),
                &|k, answer| (index[k], done(index[k], answer)),
            );
            let mut all: Vec<(usize, T)> = read;
            all.extend(
                refused
                    .into_iter()
                    .filter_map(|(i, _, m)| m.err().map(|e| (i, done(i, Err(e))))),
            );
            all.sort_by_key(|(i, _)| *i);
            all.into_iter().map(|(_, t)| t).collect()
        }
    }
}

/// Checks existence and size.
fn metadata(path: &Path, limits: &Limits) -> Result<(), ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound,
        _ => ReadError::Unreadable(crate::fs::io_reason(&e)),
    })?;
    if meta.is_dir() {
        return Err(ReadError::Unreadable("c'est un dossier".to_owned()));
    }
    let size = meta.len();
    if size == 0 {
        return Err(ReadError::Empty);
    }
    if size > limits.max_file_bytes {
        return Err(ReadError::TooLarge {
            size: human_size(size),
            limit: human_size(limits.max_file_bytes),
        });
    }
    Ok(())
}

fn load_bytes(path: &Path, limits: &Limits) -> Result<Vec<u8>, ReadError> {
    metadata(path, limits)?;
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound,
        // The reading process ran out of memory (its limit, in a child):
        // the file is fine as far as anyone knows, the reading is not.
        std::io::ErrorKind::OutOfMemory => {
            ReadError::Crashed("mémoire insuffisante pour charger le fichier".to_owned())
        }
        _ => ReadError::Unreadable(crate::fs::io_reason(&e)),
    })?;
    // The file may have changed between the two calls (a partner saving).
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_french() {
        assert_eq!(human_size(512), "512 octets");
        assert_eq!(human_size(50 << 20), "50,0 Mo");
    }

    #[test]
    fn numbers_display_without_spurious_decimals() {
        assert_eq!(CellValue::Number(45366.0).to_string(), "45366");
        assert_eq!(CellValue::Number(0.5).to_string(), "0,5");
    }
}
