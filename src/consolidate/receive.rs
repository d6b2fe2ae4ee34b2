//! Reading the files of `depots/`: each one read once from disk, archived,
//! then decoded and checked from its archived copy, in parallel.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, NaiveDateTime};
use rayon::prelude::*;

use crate::fs::relative;
use crate::store::Archive;
use crate::validate::{self, Context};
use crate::workbook::{Isolation, Limits, ReadError};

use super::Received;

/// A file copied to the archive, or why it could not be read.
pub(super) struct Arrived {
    pub(super) rel: String,
    pub(super) path: PathBuf,
    pub(super) extension: String,
    pub(super) size: u64,
    pub(super) modified: NaiveDateTime,
    /// The content hash and the copy to read (the archived one, or the
    /// file itself when archiving failed).
    pub(super) copy: std::result::Result<(String, PathBuf), ReadError>,
    /// Why archiving failed, if it did.
    pub(super) archive_failure: Option<String>,
}

/// Reads one file from disk and archives it. What gets checked is the
/// archived copy: exactly what was hashed, even if the partner saves again
/// meanwhile.
pub(super) fn arrive(path: &Path, rel: String, archive: &Archive, limits: &Limits) -> Arrived {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let meta = std::fs::metadata(path);
    let modified = meta
        .as_ref()
        .ok()
        .and_then(|m| m.modified().ok())
        .map(|t| {
            DateTime::<Local>::from(t)
                .naive_local()
                .with_nanosecond_zero()
        })
        .unwrap_or_default();
    let size = meta.as_ref().map(|m| m.len()).unwrap_or(0);
    let mut archive_failure = None;
    let copy = if size > limits.max_file_bytes {
        Err(ReadError::TooLarge {
            size: crate::workbook::human_size(size),
            limit: crate::workbook::human_size(limits.max_file_bytes),
        })
    } else {
        match std::fs::read(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(ReadError::NotFound),
            Err(e) => Err(ReadError::Unreadable(crate::fs::io_reason(&e))),
            Ok(bytes) if bytes.is_empty() => Err(ReadError::Empty),
            Ok(bytes) => match archive.keep(&bytes, &extension) {
                Ok(kept) => Ok(kept),
                // Without an archive copy, the file itself is read, and the
                // coordinator is told (see `assemble`).
                Err(e) => {
                    archive_failure = Some(e.to_string());
                    Ok((crate::store::hash_bytes(&bytes), path.to_path_buf()))
                }
            },
        }
    };
    Arrived {
        rel,
        path: path.to_path_buf(),
        extension,
        size,
        modified,
        copy,
        archive_failure,
    }
}

trait NoNanos {
    fn with_nanosecond_zero(self) -> Self;
}

impl NoNanos for NaiveDateTime {
    fn with_nanosecond_zero(self) -> Self {
        use chrono::Timelike;
        self.with_nanosecond(0).unwrap_or(self)
    }
}

/// How to read files for a consolidation.
pub struct Reading<'a> {
    /// Limits per file.
    pub limits: &'a Limits,
    /// Where decoders run.
    pub isolation: &'a Isolation,
    /// Called after each file is read (progress bars).
    pub on_file: &'a (dyn Fn() + Sync),
}

/// Reads, archives and checks `files` (found under `deposits`), in parallel.
/// SQLite connections are not shareable across threads: this touches only
/// the archive; the history is consulted by [`assemble`](super::assemble()).
pub fn receive(
    deposits: &Path,
    files: &[PathBuf],
    archive: &Archive,
    ctx: &Context,
    reading: &Reading,
) -> Vec<Received> {
    let arrived: Vec<Arrived> = files
        .par_iter()
        .map(|p| arrive(p, relative(deposits, p), archive, reading.limits))
        .collect();
    let copies: Vec<(&str, &Path)> = arrived
        .iter()
        .filter_map(|a| {
            a.copy
                .as_ref()
                .ok()
                .map(|(_, p)| (a.rel.as_str(), p.as_path()))
        })
        .collect();
    let paths: Vec<&Path> = copies.iter().map(|(_, p)| *p).collect();
    let checked =
        crate::workbook::read_many(&paths, reading.limits, reading.isolation, &|i, read| {
            let saved = read.as_ref().ok().and_then(|raw| raw.saved);
            let s = validate::check_read(read, copies[i].0, ctx);
            (reading.on_file)();
            (s, saved)
        });
    let mut checked = checked.into_iter();
    let received: Vec<Received> = arrived
        .into_iter()
        .map(|a| {
            let (hash, (submission, saved)) = match a.copy {
                Ok((hash, _)) => (
                    Some(hash),
                    checked.next().unwrap_or_else(|| {
                        let lost = ReadError::Internal("réponse du lecteur perdue".to_owned());
                        (validate::unreadable(&a.rel, &lost), None)
                    }),
                ),
                Err(e) => {
                    (reading.on_file)();
                    (None, (validate::unreadable(&a.rel, &e), None))
                }
            };
            Received {
                rel: a.rel,
                path: a.path,
                hash,
                extension: a.extension,
                size: a.size,
                // A copy or a checkout makes the file look new on disk; the
                // date the workbook itself records stays (an earlier one
                // wins, a later one is a wrong clock).
                modified: saved.map_or(a.modified, |s| s.min(a.modified)),
                submission: std::sync::Arc::new(submission),
                archive_failure: a.archive_failure,
            }
        })
        .collect();
    received
}
