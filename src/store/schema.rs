//! The tables of the history, and the version check made on opening it.

use std::path::Path;

use rusqlite::Connection;

use super::db_error;
use crate::error::{Error, Result};

/// Version of the schema below; bumped with each migration. Adding an index
/// is not one: an older ctg reads the database as before.
const SCHEMA_VERSION: i64 = 2;

const SCHEMA: &str = "
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
-- Version 2: the committee's decisions (workbooks of coordination/), each
-- distinct set once, and the set each run read. A run without a row read
-- none (every run of version 1).
CREATE TABLE IF NOT EXISTS decision_sets (
    id INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    decisions TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS run_decisions (
    run_id INTEGER PRIMARY KEY REFERENCES runs(id),
    decisions_id INTEGER NOT NULL REFERENCES decision_sets(id)
);
";

/// Creates the tables of the history `db` (at `path`, in the store `dir`)
/// when missing; refuses a history written by a newer ctg.
pub(super) fn apply(db: &Connection, dir: &Path, path: &Path) -> Result<()> {
    let fail = |e| db_error(path, e);
    let version: i64 = db
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(fail)?;
    if version > SCHEMA_VERSION {
        return Err(Error::Usage(format!(
            "L'historique de {} a été créé par une version plus récente de ctg : mettez ctg à jour.",
            dir.display()
        )));
    }
    db.execute_batch(SCHEMA).map_err(fail)?;
    db.pragma_update(None, "user_version", SCHEMA_VERSION)
        .map_err(fail)?;
    Ok(())
}
