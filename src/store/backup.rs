//! Backups: a consistent copy of a live history database (SQLite's online
//! backup API, never a copy of the file, which a running consolidation may
//! be halfway through changing), and `ctg sauvegarder`'s zip of a shared
//! folder's state (`.ctg/`, `ctg.toml`, `coordination/`).
//!
//! A backup is safe while a consolidation or the watcher runs: the database
//! is copied first, as one read transaction; archived files are then
//! added, and every file that copy refers to is already there (files are
//! archived before the run that uses them is recorded, and never removed).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;
use rusqlite::backup::{Backup, StepResult};
use zip::write::SimpleFileOptions;

use super::{HISTORY_FILE, LOCK_FILE, db_error};
use crate::error::{Error, Result};
use crate::fs::IoError;

/// How long a copy waits for a database locked by a writer (the classic
/// journal, on network shares, locks readers out while a run commits).
const BUSY_WAIT: Duration = Duration::from_secs(60);

/// Name prefix and suffix of every temporary file or folder ctg makes:
/// one left behind is a leftover of an interrupted operation.
pub(super) const TEMP_PREFIX: &str = ".ctg-";
/// See [`TEMP_PREFIX`].
pub(super) const TEMP_SUFFIX: &str = ".tmp";

/// The folder of `path`, for temporary files beside it.
pub(super) fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// A temporary file in `dir`, named so that `ctg controler` knows it.
pub(super) fn temp_file(dir: &Path) -> Result<tempfile::NamedTempFile> {
    temporary(dir, |b, d| b.tempfile_in(d))
}

/// A temporary folder in `dir`, named so that `ctg controler` knows it.
pub(super) fn temp_dir(dir: &Path) -> Result<tempfile::TempDir> {
    temporary(dir, |b, d| b.tempdir_in(d))
}

fn temporary<T>(
    dir: &Path,
    make: impl FnOnce(&tempfile::Builder, &Path) -> std::io::Result<T>,
) -> Result<T> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::io("Impossible de créer le dossier", dir, &e))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    make(&builder, dir).map_err(|e| Error::io("Impossible d'écrire dans le dossier", dir, &e))
}

/// Copies the database `src` (at `src_path`, for messages) to the new file
/// `to`, never overwriting one, with SQLite's online backup: one step, so
/// that the copy is the state of one moment even while another process
/// writes. The copy uses the classic journal: it is one self-contained
/// file.
pub(super) fn copy_database(src: &Connection, to: &Path, src_path: &Path) -> Result<()> {
    let tmp = temp_file(parent(to))?;
    let fail = |e| db_error(src_path, e);
    {
        let mut dst = Connection::open(tmp.path()).map_err(fail)?;
        let backup = Backup::new(src, &mut dst).map_err(fail)?;
        let mut waited = Duration::ZERO;
        loop {
            match backup.step(-1).map_err(fail)? {
                StepResult::Done => break,
                StepResult::More => {}
                // Busy or locked: a writer holds the database.
                _ if waited < BUSY_WAIT => {
                    std::thread::sleep(Duration::from_millis(100));
                    waited += Duration::from_millis(100);
                }
                _ => {
                    return Err(fail(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                        Some("base occupée trop longtemps par une autre consolidation".to_owned()),
                    )));
                }
            }
        }
    }
    // The pages copied carry the source's journal mode: opened again, the
    // copy is switched to the classic journal, which needs no side file.
    let dst = Connection::open(tmp.path()).map_err(fail)?;
    dst.pragma_update(None, "journal_mode", "DELETE")
        .map_err(fail)?;
    drop(dst);
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io("Impossible d'écrire", to, &e))?;
    tmp.persist_noclobber(to)
        .map_err(|e| Error::io("Impossible d'écrire", to, &e.error))?;
    Ok(())
}

/// What `ctg sauvegarder` wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct BackupSummary {
    /// The zip written.
    pub path: PathBuf,
    /// Finished consolidations in the history saved.
    pub runs: i64,
    /// Files in the zip, the database included.
    pub files: usize,
    /// Size of the zip, in bytes.
    pub bytes: u64,
}

/// Saves the state of the shared folder `folder` into the zip `out`
/// (replaced if it exists): `.ctg/` (its database copied online),
/// `ctg.toml` and `coordination/` when present. Safe while a consolidation
/// or the watcher runs.
pub fn backup(folder: &Path, out: &Path) -> Result<BackupSummary> {
    let state = folder.join(".ctg");
    let db_path = state.join(HISTORY_FILE);
    if !db_path.is_file() {
        return Err(Error::Usage(format!(
            "Pas d'historique à sauvegarder dans « {} » (il n'a pas de .ctg/{HISTORY_FILE}) : indiquez le dossier partagé, celui qui contient depots/ et .ctg/.",
            folder.display()
        )));
    }
    crate::folder::refuse_in_depots(out, "sortie")?;
    if crate::fs::resolved(out).starts_with(crate::fs::resolved(&state)) {
        return Err(Error::Usage(format!(
            "« {} » est dans le dossier .ctg qu'il doit sauvegarder : écrivez la sauvegarde ailleurs, de préférence sur un autre disque.",
            out.display()
        )));
    }
    // The copy of the database is made beside the zip: on its disk, not
    // in a system temporary folder that may be too small.
    let scratch = temp_dir(parent(out))?;
    let copy = scratch.path().join(HISTORY_FILE);
    {
        let src = Connection::open(&db_path).map_err(|e| db_error(&db_path, e))?;
        copy_database(&src, &copy, &db_path)?;
    }
    let runs: i64 = Connection::open(&copy)
        .and_then(|db| {
            db.query_row(
                "SELECT count(*) FROM runs WHERE finished_at IS NOT NULL",
                [],
                |r| r.get(0),
            )
        })
        .map_err(|e| db_error(&db_path, e))?;

    let mut entries = vec![(copy, format!(".ctg/{HISTORY_FILE}"))];
    // After the database: every file its copy refers to is already there.
    entries.extend(
        files_under(&state, ".ctg")?
            .into_iter()
            .filter(|(_, name)| {
                let own = name.strip_prefix(".ctg/").unwrap_or(name);
                !(own.starts_with(HISTORY_FILE) || own == LOCK_FILE)
            }),
    );
    let config = folder.join("ctg.toml");
    if config.is_file() {
        entries.push((config, "ctg.toml".to_owned()));
    }
    let coordination = folder.join("coordination");
    if coordination.is_dir() {
        entries.extend(files_under(&coordination, "coordination")?);
    }
    let bytes = write_zip(out, &entries)?;
    Ok(BackupSummary {
        path: out.to_path_buf(),
        runs,
        files: entries.len(),
        bytes,
    })
}

/// Every file under `dir`, with its name in the zip (`prefix/…`, with `/`),
/// temporary files left out; sorted, for a stable zip.
fn files_under(dir: &Path, prefix: &str) -> Result<Vec<(PathBuf, String)>> {
    let mut found = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), prefix.to_owned())];
    while let Some((d, name)) = stack.pop() {
        let entries = std::fs::read_dir(&d)
            .map_err(|e| Error::io("Impossible de lire le dossier", &d, &e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io("Impossible de lire le dossier", &d, &e))?;
            let file_name = entry.file_name().to_string_lossy().into_owned();
            if file_name.starts_with(TEMP_PREFIX) && file_name.ends_with(TEMP_SUFFIX) {
                continue;
            }
            let path = entry.path();
            let entry_name = format!("{name}/{file_name}");
            if path.is_dir() {
                stack.push((path, entry_name));
            } else {
                found.push((path, entry_name));
            }
        }
    }
    found.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(found)
}

/// Writes `entries` (file, name in the zip) into the zip `out`, through a
/// temporary file renamed over it once complete; returns its size.
fn write_zip(out: &Path, entries: &[(PathBuf, String)]) -> Result<u64> {
    let tmp = temp_file(parent(out))?;
    let fail = |e: std::io::Error| Error::io("Impossible d'écrire la sauvegarde", out, &e);
    let zip_fail = |e: zip::result::ZipError| {
        Error::Io(IoError {
            action: "Impossible d'écrire la sauvegarde",
            path: out.to_path_buf(),
            reason: format!("erreur zip ({e})"),
        })
    };
    let mut zip = zip::ZipWriter::new(BufWriter::new(tmp.as_file()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (path, name) in entries {
        let mut file = File::open(path).map_err(|e| Error::io("Impossible de lire", path, &e))?;
        let options = match modified(&file) {
            Some(time) => options.last_modified_time(time),
            None => options,
        };
        zip.start_file(name.as_str(), options).map_err(zip_fail)?;
        std::io::copy(&mut file, &mut zip)
            .map_err(|e| Error::io("Impossible de lire", path, &e))?;
    }
    let mut writer = zip.finish().map_err(zip_fail)?;
    writer.flush().map_err(fail)?;
    drop(writer);
    tmp.as_file().sync_all().map_err(fail)?;
    let bytes = tmp.as_file().metadata().map_err(fail)?.len();
    tmp.persist(out).map_err(|e| fail(e.error))?;
    Ok(bytes)
}

/// When `file` was last modified, as a zip entry's date (local time, to
/// the 2 seconds zip keeps).
fn modified(file: &File) -> Option<zip::DateTime> {
    use chrono::{Datelike, Timelike};
    let time = file.metadata().and_then(|m| m.modified()).ok()?;
    let t = chrono::DateTime::<chrono::Local>::from(time).naive_local();
    zip::DateTime::from_date_and_time(
        u16::try_from(t.year()).ok()?,
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
    )
    .ok()
}
