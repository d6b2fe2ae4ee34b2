//! The memory of a shared folder, in `.ctg/`: an archive of every file
//! version received (named by content hash) and an SQLite history of runs.
//!
//! The history is built for change reports and `ctg historique`: each run
//! records, per partner, which file version was used and what it meant. A
//! partner's parsed content is stored once per distinct content (`contents`),
//! so a watcher running thousands of times adds a few small rows per run.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::fs::IoError;
use crate::model::{Action, Indicator, RejectedRow};
use crate::model::{PartnerPlan, Snapshot};

/// Version of the schema below; bumped with each migration. Adding an index
/// is not one: an older ctg reads the database as before.
const SCHEMA_VERSION: i64 = 1;

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
";

/// Name of the history database inside `.ctg/`.
pub const HISTORY_FILE: &str = "historique.sqlite";

/// Hex SHA-256 of some bytes.
pub fn hash_bytes(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A file version known to the store.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredVersion {
    /// Content hash.
    pub hash: String,
    /// Path of the archived copy.
    pub archived: PathBuf,
    /// Path under `depots/` it was received as.
    pub path: String,
    /// When it was received (file modification time).
    pub received_at: NaiveDateTime,
}

/// What a run records for one partner.
#[derive(Debug, Clone)]
pub struct PartnerRecord<'a> {
    /// Partner code.
    pub partner: &'a str,
    /// Structure name.
    pub name: &'a str,
    /// State code (`a_jour`, `avec_erreurs`, `illisible`, `version_precedente`, `jamais_depose`).
    pub state: &'a str,
    /// Current file under `depots/`, if any.
    pub path: Option<&'a str>,
    /// Hash of the current file, if it could be read from disk.
    pub file_hash: Option<&'a str>,
    /// Hash of the version whose content was used (the current one, or the
    /// last valid one when the current is unreadable).
    pub used_hash: Option<&'a str>,
    /// When the used version was received.
    pub received_at: Option<NaiveDateTime>,
    /// The content used.
    pub actions: &'a [Action],
    /// Its indicators.
    pub indicators: &'a [Indicator],
    /// Its refused rows.
    pub rejected: &'a [RejectedRow],
    /// Its findings.
    pub findings: &'a [Finding],
}

/// The archive of received file versions, one copy per content. Separate
/// from the history so that files can be archived from several threads.
#[derive(Debug, Clone)]
pub struct Archive {
    dir: PathBuf,
}

impl Archive {
    /// The folder of the copies.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the copy of a version with this hash and extension lives.
    pub fn path(&self, hash: &str, extension: &str) -> PathBuf {
        self.dir
            .join(format!("{hash}.{}", extension.to_lowercase()))
    }

    /// Keeps a copy of `bytes` (once per content); returns its hash and path.
    pub fn keep(&self, bytes: &[u8], extension: &str) -> Result<(String, PathBuf)> {
        let hash = hash_bytes(bytes);
        let path = self.path(&hash, extension);
        if !path.exists() {
            crate::fs::write_atomic(&path, bytes)?;
        }
        Ok((hash, path))
    }
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
    /// Opens (creating if needed) the store in `dir`.
    pub fn open(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir.join("archive"))
            .map_err(|e| Error::io("Impossible de créer le dossier", dir, &e))?;
        let path = dir.join(HISTORY_FILE);
        let db = Connection::open(&path).map_err(|e| db_error(&path, e))?;
        let fail = |e| db_error(&path, e);
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
        db.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(fail)?;
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
        Ok(Store {
            dir: dir.to_path_buf(),
            archive: Archive {
                dir: dir.join("archive"),
            },
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

    /// Starts a run; returns its id. Nothing is visible to readers until
    /// [`Store::finish_run`] commits.
    pub fn begin_run(
        &mut self,
        started_at: NaiveDateTime,
        config_hash: &str,
    ) -> Result<RunWriter<'_>> {
        let tx = self.db.transaction().map_err(|e| db_error(&self.dir, e))?;
        tx.execute(
            "INSERT INTO runs (started_at, ctg_version, config_hash) VALUES (?1, ?2, ?3)",
            params![
                started_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
                env!("CARGO_PKG_VERSION"),
                config_hash
            ],
        )
        .map_err(|e| db_error(&self.dir, e))?;
        let run_id = tx.last_insert_rowid();
        Ok(RunWriter {
            tx,
            run_id,
            config_hash: config_hash.to_owned(),
            dir: self.dir.clone(),
        })
    }

    /// The last version of `partner` that could be read, before this run.
    pub fn last_readable(&self, partner: &str) -> Result<Option<StoredVersion>> {
        self.db
            .query_row(
                "SELECT f.hash, f.extension, ps.path, ps.received_at FROM partner_states ps
                 JOIN files f ON f.hash = ps.used_hash
                 WHERE ps.partner = ?1 AND ps.content_id IS NOT NULL
                 ORDER BY ps.run_id DESC LIMIT 1",
                params![partner],
                |r| {
                    let hash: String = r.get(0)?;
                    let ext: String = r.get(1)?;
                    let path: Option<String> = r.get(2)?;
                    let received: Option<String> = r.get(3)?;
                    Ok((hash, ext, path, received))
                },
            )
            .optional()
            .map_err(|e| self.fail(e))
            .map(|found| {
                found.map(|(hash, ext, path, received)| StoredVersion {
                    archived: self.archive.path(&hash, &ext),
                    hash,
                    path: path.unwrap_or_default(),
                    received_at: received.as_deref().and_then(parse_time).unwrap_or_default(),
                })
            })
    }

    /// The partner a path under `depots/` was last attributed to.
    pub fn partner_of_path(&self, path: &str) -> Result<Option<String>> {
        self.db
            .query_row(
                "SELECT partner FROM partner_states WHERE path = ?1 ORDER BY run_id DESC LIMIT 1",
                params![path],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.fail(e))
    }

    /// Every partner the history knows, by code, with its latest name.
    pub fn partners(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self
            .db
            .prepare(
                "SELECT ps.partner, ps.name FROM partner_states ps
                 WHERE ps.run_id = (SELECT max(run_id) FROM partner_states WHERE partner = ps.partner)
                 ORDER BY ps.partner",
            )
            .map_err(|e| self.fail(e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.fail(e))?;
        rows.collect::<std::result::Result<_, _>>()
            .map_err(|e| self.fail(e))
    }

    /// The database itself, for diagnostics and tests.
    pub fn connection(&self) -> &Connection {
        &self.db
    }

    /// Finished runs, oldest first.
    pub fn runs(&self) -> Result<Vec<RunInfo>> {
        self.query_runs("", [])
    }

    /// The last finished run, if any (without listing them all: the
    /// watcher asks at every run).
    pub fn latest_run(&self) -> Result<Option<RunInfo>> {
        Ok(self
            .query_runs(
                "AND r.id = (SELECT max(id) FROM runs WHERE finished_at IS NOT NULL)",
                [],
            )?
            .pop())
    }

    fn query_runs(&self, filter: &str, args: impl rusqlite::Params) -> Result<Vec<RunInfo>> {
        let sql = format!(
            "SELECT r.id, r.started_at, COUNT(ps.partner), COALESCE(SUM(ps.errors), 0), COALESCE(SUM(ps.warnings), 0)
             FROM runs r LEFT JOIN partner_states ps ON ps.run_id = r.id
             WHERE r.finished_at IS NOT NULL {filter} GROUP BY r.id ORDER BY r.id"
        );
        let mut stmt = self.db.prepare(&sql).map_err(|e| self.fail(e))?;
        let rows = stmt
            .query_map(args, |r| {
                Ok(RunInfo {
                    id: r.get(0)?,
                    started_at: r.get::<_, String>(1)?,
                    partners: r.get(2)?,
                    errors: r.get(3)?,
                    warnings: r.get(4)?,
                })
            })
            .map_err(|e| self.fail(e))?;
        rows.collect::<std::result::Result<Vec<RunInfo>, _>>()
            .map_err(|e| self.fail(e))
    }

    /// The plan as a finished run recorded it.
    pub fn snapshot(&self, run: &RunInfo) -> Result<Snapshot> {
        let states = self.query_states("ps.run_id = ?1", [run.id])?;
        let contents = self.contents(states.iter().filter_map(|s| s.content_id))?;
        let partners = states
            .into_iter()
            .map(|s| {
                let content = s
                    .content_id
                    .and_then(|id| contents.get(&id))
                    .cloned()
                    .unwrap_or_default();
                (s.partner.clone(), s.plan(&content))
            })
            .collect();
        Ok(Snapshot {
            label: run.label(),
            taken_at: run.started(),
            partners,
        })
    }

    /// What every finished run recorded, without contents: by run, then by
    /// partner. Cheap (no JSON is read): what changed between two runs can
    /// be told first by [`RecordedState::content_id`].
    pub fn states(&self) -> Result<Vec<RecordedState>> {
        self.query_states("1 = 1", [])
    }

    /// Every finished run's record of one partner, oldest first, with its
    /// content. Each distinct content is read once and shared: a watcher's
    /// thousands of runs mostly repeat the same few.
    pub fn partner_versions(&self, partner: &str) -> Result<Vec<PartnerVersion>> {
        let states = self.query_states("ps.partner = ?1", [partner])?;
        let contents = self.contents(states.iter().filter_map(|s| s.content_id))?;
        Ok(states
            .into_iter()
            .map(|record| PartnerVersion {
                content: record
                    .content_id
                    .and_then(|id| contents.get(&id))
                    .cloned()
                    .unwrap_or_default(),
                record,
            })
            .collect())
    }

    /// The contents with these ids, each read once.
    pub fn contents(
        &self,
        ids: impl IntoIterator<Item = i64>,
    ) -> Result<HashMap<i64, Arc<Content>>> {
        let ids: BTreeSet<i64> = ids.into_iter().collect();
        let mut stmt = self
            .db
            .prepare_cached("SELECT actions, indicators FROM contents WHERE id = ?1")
            .map_err(|e| self.fail(e))?;
        let mut out = HashMap::with_capacity(ids.len());
        for id in ids {
            let found: Option<(String, String)> = stmt
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()
                .map_err(|e| self.fail(e))?;
            if let Some((actions, indicators)) = found {
                // Contents are written by ctg itself; one it cannot read
                // (written by another version) counts as empty rather than
                // making the whole history unusable.
                let content = Content {
                    actions: serde_json::from_str(&actions).unwrap_or_default(),
                    indicators: serde_json::from_str(&indicators).unwrap_or_default(),
                };
                out.insert(id, Arc::new(content));
            }
        }
        Ok(out)
    }

    fn query_states(
        &self,
        filter: &str,
        args: impl rusqlite::Params,
    ) -> Result<Vec<RecordedState>> {
        let sql = format!(
            "SELECT ps.run_id, r.started_at, ps.partner, ps.name, ps.state, ps.path, ps.file_hash, f.received_at,
                    ps.used_hash, ps.received_at, ps.content_id, ps.errors, ps.warnings
             FROM partner_states ps JOIN runs r ON r.id = ps.run_id
             LEFT JOIN files f ON f.hash = ps.file_hash
             WHERE r.finished_at IS NOT NULL AND {filter} ORDER BY ps.run_id, ps.partner"
        );
        let mut stmt = self.db.prepare(&sql).map_err(|e| self.fail(e))?;
        let time = |s: Option<String>| s.as_deref().and_then(parse_time);
        let rows = stmt
            .query_map(args, |r| {
                Ok(RecordedState {
                    run: r.get(0)?,
                    run_at: time(r.get(1)?).unwrap_or_default(),
                    partner: r.get(2)?,
                    name: r.get(3)?,
                    state: r.get(4)?,
                    path: r.get(5)?,
                    current_hash: r.get(6)?,
                    current_received_at: time(r.get(7)?),
                    used_hash: r.get(8)?,
                    received_at: time(r.get(9)?),
                    content_id: r.get(10)?,
                    errors: r.get(11)?,
                    warnings: r.get(12)?,
                })
            })
            .map_err(|e| self.fail(e))?;
        rows.collect::<std::result::Result<_, _>>()
            .map_err(|e| self.fail(e))
    }
}

/// A finished run of the history.
#[derive(Debug, Clone, PartialEq)]
pub struct RunInfo {
    /// Its number.
    pub id: i64,
    /// When it started, as stored.
    pub started_at: String,
    /// Partners recorded.
    pub partners: i64,
    /// Errors found.
    pub errors: i64,
    /// Warnings found.
    pub warnings: i64,
}

impl RunInfo {
    /// When it started.
    pub fn started(&self) -> Option<NaiveDateTime> {
        parse_time(&self.started_at)
    }

    /// « la consolidation du 12/03/2024 à 14:05 ».
    pub fn label(&self) -> String {
        match self.started() {
            Some(t) => format!("la consolidation du {}", t.format("%d/%m/%Y à %H:%M")),
            None => format!("la consolidation n° {}", self.id),
        }
    }
}

/// What one finished run recorded for one partner, without its content.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedState {
    /// The run.
    pub run: i64,
    /// When the run started.
    pub run_at: NaiveDateTime,
    /// Partner code.
    pub partner: String,
    /// Structure name.
    pub name: String,
    /// State code (`a_jour`, `illisible`…).
    pub state: String,
    /// Current file under `depots/`.
    pub path: Option<String>,
    /// Hash of the current file, when it could be read from disk.
    pub current_hash: Option<String>,
    /// When the current file was first received.
    pub current_received_at: Option<NaiveDateTime>,
    /// Hash of the file version whose content was used (the current one,
    /// or the last readable one standing in).
    pub used_hash: Option<String>,
    /// When that version was received.
    pub received_at: Option<NaiveDateTime>,
    /// Id of its content (same id, same content; none when no version could
    /// be used).
    pub content_id: Option<i64>,
    /// Errors.
    pub errors: i64,
    /// Warnings.
    pub warnings: i64,
}

impl RecordedState {
    /// The partner's plan as this record and its content make it.
    pub fn plan(&self, content: &Content) -> PartnerPlan {
        PartnerPlan {
            name: self.name.clone(),
            state: Some(self.state.clone()),
            source: self.path.clone(),
            actions: content.actions.clone(),
            indicators: content.indicators.clone(),
        }
    }
}

/// What a file version means for its partner: its accepted actions and
/// indicators.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Content {
    /// Accepted actions.
    pub actions: Vec<Action>,
    /// Accepted indicators.
    pub indicators: Vec<Indicator>,
}

/// What one run recorded for one partner, with its content (shared between
/// the runs that used the same one).
#[derive(Debug, Clone)]
pub struct PartnerVersion {
    /// The record.
    pub record: RecordedState,
    /// Its content (empty when no version could be used).
    pub content: Arc<Content>,
}

/// Parses the timestamps the store writes.
pub fn parse_time(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").ok()
}

/// A run being recorded, inside one SQLite transaction: a process killed
/// mid-run leaves the history as it was before the run.
pub struct RunWriter<'a> {
    tx: rusqlite::Transaction<'a>,
    run_id: i64,
    config_hash: String,
    dir: PathBuf,
}

impl RunWriter<'_> {
    /// This run's id.
    pub fn run_id(&self) -> i64 {
        self.run_id
    }

    fn fail(&self, e: rusqlite::Error) -> Error {
        db_error(&self.dir, e)
    }

    /// Records a file version seen by this run (once per content).
    pub fn file(
        &self,
        hash: &str,
        size: u64,
        extension: &str,
        path: &str,
        received_at: NaiveDateTime,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT OR IGNORE INTO files (hash, size, extension, first_run, first_path, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .and_then(|mut st| {
                st.execute(params![hash, size as i64, extension.to_lowercase(), self.run_id, path, received_at.format("%Y-%m-%dT%H:%M:%S").to_string()])
            })
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// The id of the row of `table` keyed `hash`, inserted by `insert` with
    /// the values `args` gives when it does not exist yet (so that values
    /// are only built when new).
    fn dedup(
        &self,
        table: &str,
        insert: &str,
        hash: &str,
        args: impl FnOnce() -> Vec<Box<dyn rusqlite::ToSql>>,
    ) -> Result<i64> {
        // Statements are prepared once per run, not once per partner: a
        // watcher's runs are many and mostly repeat known contents.
        let existing: Option<i64> = self
            .tx
            .prepare_cached(&format!("SELECT id FROM {table} WHERE hash = ?1"))
            .and_then(|mut st| st.query_row(params![hash], |r| r.get(0)).optional())
            .map_err(|e| self.fail(e))?;
        if let Some(id) = existing {
            return Ok(id);
        }
        let args = args();
        self.tx
            .prepare_cached(insert)
            .and_then(|mut st| st.execute(rusqlite::params_from_iter(args.iter())))
            .map_err(|e| self.fail(e))?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Records what this run used for one partner.
    pub fn partner(&self, rec: &PartnerRecord) -> Result<()> {
        // What a file version means depends only on its bytes, the
        // configuration and ctg's version: keyed by them, an unchanged
        // partner costs no serialisation at all.
        let content_id = match rec.used_hash {
            Some(used) => {
                let key = hash_bytes(
                    format!(
                        "{}\u{0}{used}\u{0}{}\u{0}{}",
                        rec.partner,
                        self.config_hash,
                        env!("CARGO_PKG_VERSION")
                    )
                    .as_bytes(),
                );
                Some(self.dedup(
                    "contents",
                    "INSERT INTO contents (hash, partner, actions, indicators, rejected) VALUES (?1, ?2, ?3, ?4, ?5)",
                    &key,
                    || {
                        vec![
                            Box::new(key.clone()),
                            Box::new(rec.partner.to_owned()),
                            Box::new(to_json(rec.actions)),
                            Box::new(to_json(rec.indicators)),
                            Box::new(to_json(rec.rejected)),
                        ]
                    },
                )?)
            }
            None => None,
        };
        let findings: Vec<StoredFinding> = rec.findings.iter().map(StoredFinding::from).collect();
        let f = to_json(&findings);
        let fhash = hash_bytes(f.as_bytes());
        let findings_id = self.dedup(
            "finding_sets",
            "INSERT INTO finding_sets (hash, findings) VALUES (?1, ?2)",
            &fhash,
            || vec![Box::new(fhash.clone()), Box::new(f.clone())],
        )?;
        let errors = rec
            .findings
            .iter()
            .filter(|f| f.severity == crate::finding::Severity::Error)
            .count() as i64;
        let warnings = rec.findings.len() as i64 - errors;
        self.tx
            .prepare_cached(
                "INSERT INTO partner_states (run_id, partner, name, state, path, file_hash, used_hash, received_at, content_id, findings_id, errors, warnings)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )
            .and_then(|mut st| {
                st.execute(params![
                    self.run_id,
                    rec.partner,
                    rec.name,
                    rec.state,
                    rec.path,
                    rec.file_hash,
                    rec.used_hash,
                    rec.received_at.map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string()),
                    content_id,
                    findings_id,
                    errors,
                    warnings
                ])
            })
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// Commits the run.
    pub fn finish(self, finished_at: NaiveDateTime) -> Result<i64> {
        self.tx
            .execute(
                "UPDATE runs SET finished_at = ?1 WHERE id = ?2",
                params![
                    finished_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
                    self.run_id
                ],
            )
            .map_err(|e| db_error(&self.dir, e))?;
        let id = self.run_id;
        let dir = self.dir.clone();
        self.tx.commit().map_err(|e| db_error(&dir, e))?;
        Ok(id)
    }
}

/// A finding as stored in the history.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StoredFinding {
    /// `erreur` or `avertissement`.
    pub severity: String,
    /// Finding code.
    pub code: String,
    /// File.
    pub file: String,
    /// `Actions!C12`, or empty.
    pub location: String,
    /// Message.
    pub message: String,
    /// Suggestion.
    pub suggestion: Option<String>,
}

impl From<&Finding> for StoredFinding {
    fn from(f: &Finding) -> Self {
        StoredFinding {
            severity: f.severity.label().to_owned(),
            code: f.code.as_str().to_owned(),
            file: f.file.clone(),
            location: f
                .location
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            message: f.message.clone(),
            suggestion: f.suggestion.clone(),
        }
    }
}

/// JSON of stored data (plain data always serialises; an empty list
/// stands in for the impossible failure).
fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".to_owned())
}
