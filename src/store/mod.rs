//! The memory of a shared folder, in `.ctg/`: an archive of every file
//! version received (named by content hash) and an SQLite history of runs.
//!
//! The history is built for change reports and `ctg historique`: each run
//! records, per partner, which file version was used and what it meant. A
//! partner's parsed content is stored once per distinct content (`contents`),
//! so a watcher running thousands of times adds a few small rows per run.
//!
//! - `schema`: the tables, their numbered migrations, and the version
//!   checks made on opening;
//! - `encoding`: how contents are stored, and decoded whichever version
//!   wrote them;
//! - `archive`: the copies of received file versions;
//! - `writer`: recording one run, all or nothing;
//! - `queries`: reading runs, states, contents and snapshots back;
//! - `records`: what the queries give back;
//! - `check`: the integrity check of `ctg controler`, and its safe repairs;
//! - `backup`, `restore`: `ctg sauvegarder` and `ctg restaurer`.

mod archive;
mod backup;
mod check;
mod encoding;
mod queries;
mod records;
mod restore;
mod schema;
mod writer;

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rusqlite::{Connection, params};

use crate::error::{Error, Result};
use crate::fs::IoError;

pub use archive::{Archive, hash_bytes};
pub use backup::{BackupSummary, backup};
pub use check::{CheckOptions, CheckReport, Problem, ProblemKind, check, check_folder};
pub use records::{Content, PartnerVersion, RecordedState, RunInfo, StoredVersion, run_label};
pub use restore::{RestoreSummary, restore};
pub use schema::{BACKUPS, SCHEMA_VERSION};
pub use writer::{PartnerRecord, RunWriter, StoredFinding, content_key};

/// Name of the history database inside `.ctg/`.
pub const HISTORY_FILE: &str = "historique.sqlite";

/// The lock file of a state folder (`folder::lock`): held by a running
/// consolidation, no part of its history.
const LOCK_FILE: &str = "verrou";

/// How the store writes its timestamps.
const TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

/// Parses the timestamps the store writes.
pub fn parse_time(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, TIME_FORMAT).ok()
}

/// A timestamp as the store writes it.
fn format_time(t: NaiveDateTime) -> String {
    t.format(TIME_FORMAT).to_string()
}

/// The `.ctg/` folder of a shared folder.
pub struct Store {
    dir: PathBuf,
    archive: Archive,
    db: Connection,
}

fn db_error(path: &Path, e: rusqlite::Error) -> Error {
    Error::Io(IoError {
        action: "Historique inutilisable",
        path: path.to_path_buf(),
        reason: format!(
            "base SQLite en erreur ({e}) ; si le disque n'est pas plein, renommez le dossier .ctg pour repartir d'un historique vide"
        ),
    })
}

impl Store {
    /// Opens (creating if needed) the store in `dir`, bringing an older
    /// history to this version's schema (copied aside first). A history
    /// written by a newer ctg is refused, left exactly as it was.
    pub fn open(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io("Impossible de créer le dossier", dir, &e))?;
        let path = dir.join(HISTORY_FILE);
        let mut db = Connection::open(&path).map_err(|e| db_error(&path, e))?;
        let fail = |e| db_error(&path, e);
        db.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(fail)?;
        // Before anything is written, the journal mode included.
        schema::refuse_newer(&db, dir, &path)?;
        std::fs::create_dir_all(dir.join("archive"))
            .map_err(|e| Error::io("Impossible de créer le dossier", dir, &e))?;
        // WAL needs memory shared between the processes using the base: not
        // possible across machines on a network share, where the classic
        // journal is the safe choice.
        let journal = if crate::fs::remote_file_system(dir).is_some() {
            "DELETE"
        } else {
            "WAL"
        };
        db.pragma_update(None, "journal_mode", journal)
            .map_err(fail)?;
        db.pragma_update(None, "synchronous", "NORMAL")
            .map_err(fail)?;
        schema::migrate(&mut db, dir, &path)?;
        Ok(Store {
            dir: dir.to_path_buf(),
            archive: Archive::new(dir.join("archive")),
            db,
        })
    }

    /// True when `dir` holds a history (without creating one, as
    /// [`Store::open`] would).
    pub fn exists(dir: &Path) -> bool {
        dir.join(HISTORY_FILE).is_file()
    }

    fn fail(&self, e: rusqlite::Error) -> Error {
        db_error(&self.dir.join(HISTORY_FILE), e)
    }

    /// The archive of file versions.
    pub fn archive(&self) -> &Archive {
        &self.archive
    }

    /// The database itself, for diagnostics and tests.
    pub fn connection(&self) -> &Connection {
        &self.db
    }

    /// Starts a run; returns its writer. Nothing is visible to readers
    /// until [`RunWriter::finish`] commits.
    pub fn begin_run(
        &mut self,
        started_at: NaiveDateTime,
        config_hash: &str,
    ) -> Result<RunWriter<'_>> {
        let tx = self.db.transaction().map_err(|e| db_error(&self.dir, e))?;
        tx.execute(
            "INSERT INTO runs (started_at, ctg_version, config_hash) VALUES (?1, ?2, ?3)",
            params![
                format_time(started_at),
                env!("CARGO_PKG_VERSION"),
                config_hash
            ],
        )
        .map_err(|e| db_error(&self.dir, e))?;
        let run_id = tx.last_insert_rowid();
        Ok(RunWriter::new(tx, run_id, config_hash, self.dir.clone()))
    }
}

#[cfg(test)]
mod tests;
