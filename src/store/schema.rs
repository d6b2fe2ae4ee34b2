//! The tables of the history, their numbered migrations, and the version
//! checks made on opening it.
//!
//! `PRAGMA user_version` is the schema version. Opening an older history
//! first copies it to `.ctg/sauvegardes/historique-avant-vN.sqlite` (SQLite's
//! online backup), then runs every missing migration in one transaction: a
//! failure leaves the history as it was. A history written by a newer ctg
//! (schema or content encoding above what this version knows) is refused
//! before anything is written to it, naming the version that wrote it.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use super::encoding::{CONTENT_ENCODING, FINDINGS_ENCODING};
use super::{backup, db_error};
use crate::error::{Error, Result};

/// Version of the schema below; bumped with each migration. Adding an index
/// is not one: an older ctg reads the database as before.
pub const SCHEMA_VERSION: i64 = 3;

/// Folder of `.ctg/` where a history is copied before each migration.
pub const BACKUPS: &str = "sauvegardes";

/// `MIGRATIONS[n]` brings the schema from version `n` to `n + 1`. Never
/// edit one that was released: add the next.
const MIGRATIONS: [&str; SCHEMA_VERSION as usize] = [V1, V2, V3];

/// Version 1 (ctg 0.1.0, tag `historique-v1`).
const V1: &str = "
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    ctg_version TEXT NOT NULL,
    config_hash TEXT NOT NULL
);
-- Every distinct file content ever received, and where its copy is.
CREATE TABLE IF NOT EXISTS files (
    hash TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    extension TEXT NOT NULL,
    first_run INTEGER NOT NULL REFERENCES runs(id),
    first_path TEXT NOT NULL,
    received_at TEXT NOT NULL
);
-- What each file version means for its partner (actions, indicators, rows
-- refused), keyed by partner, file hash, configuration and ctg version.
CREATE TABLE IF NOT EXISTS contents (
    id INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    partner TEXT NOT NULL,
    actions TEXT NOT NULL,
    indicators TEXT NOT NULL,
    rejected TEXT NOT NULL
);
-- Distinct sets of findings.
CREATE TABLE IF NOT EXISTS finding_sets (
    id INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    findings TEXT NOT NULL
);
-- What each run used for each partner.
CREATE TABLE IF NOT EXISTS partner_states (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    partner TEXT NOT NULL,
    name TEXT NOT NULL,
    state TEXT NOT NULL,
    path TEXT,
    file_hash TEXT REFERENCES files(hash),
    used_hash TEXT REFERENCES files(hash),
    received_at TEXT,
    content_id INTEGER REFERENCES contents(id),
    findings_id INTEGER REFERENCES finding_sets(id),
    errors INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    PRIMARY KEY (run_id, partner)
);
CREATE INDEX IF NOT EXISTS partner_states_partner ON partner_states(partner, run_id);
-- Attributing a file to a partner by its path (`partner_of_path`, once per
-- file and per run) would otherwise scan every record of every run.
CREATE INDEX IF NOT EXISTS partner_states_path ON partner_states(path, run_id);
";

/// Version 2: the encoding of each stored content (every v1 one is
/// encoding 1), and which ctg last changed the schema, so that an older
/// one can say which version to install.
const V2: &str = "
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
ALTER TABLE contents ADD COLUMN encoding INTEGER NOT NULL DEFAULT 1;
ALTER TABLE finding_sets ADD COLUMN encoding INTEGER NOT NULL DEFAULT 1;
-- Checked at every opening: without them, reading every content.
CREATE INDEX contents_encoding ON contents(encoding);
CREATE INDEX finding_sets_encoding ON finding_sets(encoding);
";

/// Version 3: the committee's decisions (workbooks of coordination/), each
/// distinct set once, and the set each run read. A run without a row read
/// none (every run before version 3).
const V3: &str = "
CREATE TABLE decision_sets (
    id INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    decisions TEXT NOT NULL
);
CREATE TABLE run_decisions (
    run_id INTEGER PRIMARY KEY REFERENCES runs(id),
    decisions_id INTEGER NOT NULL REFERENCES decision_sets(id)
);
";

/// The schema version of `db`.
fn user_version(db: &Connection) -> rusqlite::Result<i64> {
    db.pragma_query_value(None, "user_version", |r| r.get(0))
}

/// Refuses the history `db` (at `path`, in the store `dir`) when a newer
/// ctg wrote it: a later schema, or contents in a later encoding. Only
/// reads.
pub(super) fn refuse_newer(db: &Connection, dir: &Path, path: &Path) -> Result<()> {
    let fail = |e| db_error(path, e);
    let version = user_version(db).map_err(fail)?;
    if version > SCHEMA_VERSION {
        let written_by = meta(db, "ctg_version").or_else(|| latest_run_version(db));
        return Err(newer(dir, written_by));
    }
    if version < 0 {
        return Err(Error::UnreadableHistory {
            path: path.to_path_buf(),
            record: "son numéro de version".to_owned(),
            reason: format!("version {version}"),
        });
    }
    // Encodings are recorded from version 2 on.
    if version < 2 {
        return Ok(());
    }
    for (table, known) in [
        ("contents", CONTENT_ENCODING),
        ("finding_sets", FINDINGS_ENCODING),
    ] {
        let latest: Option<i64> = db
            .query_row(&format!("SELECT max(encoding) FROM {table}"), [], |r| {
                r.get(0)
            })
            .map_err(fail)?;
        if latest.is_some_and(|e| e > known) {
            return Err(newer(dir, encoding_writer(db, table, known)));
        }
    }
    Ok(())
}

fn newer(dir: &Path, written_by: Option<String>) -> Error {
    Error::NewerStore {
        path: dir.to_path_buf(),
        written_by,
    }
}

/// A value of the `meta` table, if it has one.
fn meta(db: &Connection, key: &str) -> Option<String> {
    db.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()
        .ok()
        .flatten()
}

/// The ctg version of the latest run recorded.
fn latest_run_version(db: &Connection) -> Option<String> {
    db.query_row(
        "SELECT ctg_version FROM runs ORDER BY id DESC LIMIT 1",
        [],
        |r| r.get(0),
    )
    .ok()
}

/// The ctg version of the first run that stored a row of `table` in an
/// encoding above `known`.
fn encoding_writer(db: &Connection, table: &str, known: i64) -> Option<String> {
    let column = if table == "contents" {
        "content_id"
    } else {
        "findings_id"
    };
    db.query_row(
        &format!(
            "SELECT r.ctg_version FROM {table} t JOIN partner_states ps ON ps.{column} = t.id
             JOIN runs r ON r.id = ps.run_id WHERE t.encoding > ?1 ORDER BY r.id LIMIT 1"
        ),
        [known],
        |r| r.get(0),
    )
    .ok()
    .or_else(|| meta(db, "ctg_version"))
}

/// Brings the history `db` (at `path`, in the store `dir`) to
/// [`SCHEMA_VERSION`]: creates it when new, otherwise copies it aside then
/// runs the missing migrations in one transaction. Call after
/// [`refuse_newer`].
pub(super) fn migrate(db: &mut Connection, dir: &Path, path: &Path) -> Result<()> {
    let fail = |e| db_error(path, e);
    let found = user_version(db).map_err(fail)?;
    if found >= SCHEMA_VERSION {
        return Ok(());
    }
    let tables: i64 = db
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(fail)?;
    if tables > 0 {
        backup::copy_database(db, &backup_path(dir, SCHEMA_VERSION), path)?;
    }
    let tx = db
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(fail)?;
    // Another process may have migrated it since it was read above.
    let found = user_version(&tx).map_err(fail)?;
    if found < SCHEMA_VERSION {
        for sql in MIGRATIONS.iter().skip(found.max(0) as usize) {
            tx.execute_batch(sql).map_err(fail)?;
        }
        tx.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('ctg_version', ?1)",
            [env!("CARGO_PKG_VERSION")],
        )
        .map_err(fail)?;
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)
            .map_err(fail)?;
    }
    tx.commit().map_err(fail)
}

/// Where the history of `dir` is copied before migrating to `version`:
/// `sauvegardes/historique-avant-vN.sqlite`, or `…-vN-2.sqlite` and so on
/// when an earlier attempt left one (never overwritten).
fn backup_path(dir: &Path, version: i64) -> PathBuf {
    let folder = dir.join(BACKUPS);
    let mut path = folder.join(format!("historique-avant-v{version}.sqlite"));
    let mut n = 2;
    while path.exists() {
        path = folder.join(format!("historique-avant-v{version}-{n}.sqlite"));
        n += 1;
    }
    path
}
