//! Recording one run: the file versions it saw and what it used for each
//! partner, all in one SQLite transaction.

use std::path::PathBuf;

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, params};

use super::encoding::{CONTENT_ENCODING, FINDINGS_ENCODING, encode};
use super::{db_error, format_time, hash_bytes};
use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::fs::IoError;
use crate::model::{Action, Decision, Indicator, RejectedRow};

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

/// A run being recorded, inside one SQLite transaction: a process killed
/// mid-run leaves the history as it was before the run.
pub struct RunWriter<'a> {
    tx: rusqlite::Transaction<'a>,
    run_id: i64,
    config_hash: String,
    dir: PathBuf,
}

/// Values to insert, built only when the row is new.
type Row = Vec<Box<dyn rusqlite::ToSql>>;

impl<'a> RunWriter<'a> {
    /// A writer for the run `run_id`, already inserted by `tx`.
    pub(super) fn new(
        tx: rusqlite::Transaction<'a>,
        run_id: i64,
        config_hash: &str,
        dir: PathBuf,
    ) -> RunWriter<'a> {
        RunWriter {
            tx,
            run_id,
            config_hash: config_hash.to_owned(),
            dir,
        }
    }

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
                st.execute(params![hash, size as i64, extension.to_lowercase(), self.run_id, path, format_time(received_at)])
            })
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// The id of the row of `table` keyed `hash`, inserted by `insert` with
    /// the values `row` gives when it does not exist yet (so that values
    /// are only built when new).
    fn dedup(
        &self,
        table: &str,
        insert: &str,
        hash: &str,
        row: impl FnOnce() -> Result<Row>,
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
        let row = row()?;
        self.tx
            .prepare_cached(insert)
            .and_then(|mut st| st.execute(rusqlite::params_from_iter(row.iter())))
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
                let key = content_key(rec.partner, used, &self.config_hash);
                Some(self.dedup(
                    "contents",
                    "INSERT INTO contents (hash, partner, actions, indicators, rejected, encoding) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    &key,
                    || {
                        Ok(vec![
                            Box::new(key.clone()),
                            Box::new(rec.partner.to_owned()),
                            Box::new(self.to_json(rec.actions)?),
                            Box::new(self.to_json(rec.indicators)?),
                            Box::new(self.to_json(rec.rejected)?),
                            Box::new(CONTENT_ENCODING),
                        ])
                    },
                )?)
            }
            None => None,
        };
        let findings: Vec<StoredFinding> = rec.findings.iter().map(StoredFinding::from).collect();
        let f = self.to_json(&findings)?;
        let fhash = hash_bytes(f.as_bytes());
        let findings_id = self.dedup(
            "finding_sets",
            "INSERT INTO finding_sets (hash, findings, encoding) VALUES (?1, ?2, ?3)",
            &fhash,
            || {
                Ok(vec![
                    Box::new(fhash.clone()),
                    Box::new(f.clone()),
                    Box::new(FINDINGS_ENCODING),
                ])
            },
        )?;
        let errors = rec
            .findings
            .iter()
            .filter(|f| f.severity == crate::finding::Severity::Error)
            .count() as i64;
        // Informations ask for nothing: they are not counted as warnings.
        let warnings = rec
            .findings
            .iter()
            .filter(|f| f.severity == crate::finding::Severity::Warning)
            .count() as i64;
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
                    rec.received_at.map(format_time),
                    content_id,
                    findings_id,
                    errors,
                    warnings
                ])
            })
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// Records the committee's decisions this run read (every accepted
    /// one, of every workbook of `coordination/`), once per distinct set.
    pub fn decisions(&self, decisions: &[Decision]) -> Result<()> {
        if decisions.is_empty() {
            return Ok(());
        }
        let json = self.to_json(decisions)?;
        let hash = hash_bytes(json.as_bytes());
        let id = self.dedup(
            "decision_sets",
            "INSERT INTO decision_sets (hash, decisions) VALUES (?1, ?2)",
            &hash,
            || Ok(vec![Box::new(hash.clone()), Box::new(json.clone())]),
        )?;
        self.tx
            .prepare_cached("INSERT INTO run_decisions (run_id, decisions_id) VALUES (?1, ?2)")
            .and_then(|mut st| st.execute(params![self.run_id, id]))
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// The number of the latest finished run when this one, as written so
    /// far, would record nothing new: the same ctg version and
    /// configuration, no file version seen for the first time, and for
    /// every partner the same record (state, files, content, findings).
    /// Such a run is better not recorded (dropping the writer rolls it
    /// back): a watcher started again, or `ctg consolider` run twice, would
    /// otherwise fill the history with copies.
    pub fn repeats(&self) -> Result<Option<i64>> {
        let previous: Option<(i64, String, String)> = self
            .tx
            .query_row(
                "SELECT id, config_hash, ctg_version FROM runs
                 WHERE finished_at IS NOT NULL AND id < ?1 ORDER BY id DESC LIMIT 1",
                params![self.run_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(|e| self.fail(e))?;
        let Some((previous, config_hash, version)) = previous else {
            return Ok(None);
        };
        if config_hash != self.config_hash || version != env!("CARGO_PKG_VERSION") {
            return Ok(None);
        }
        // Rows of one run missing from the other, both ways, and files
        // first seen now: all zero when the two runs record the same.
        let columns = "partner, name, state, path, file_hash, used_hash, received_at, content_id, findings_id, errors, warnings";
        let differences: i64 = self
            .tx
            .query_row(
                &format!(
                    "SELECT (SELECT count(*) FROM (SELECT {columns} FROM partner_states WHERE run_id = ?1
                                                   EXCEPT SELECT {columns} FROM partner_states WHERE run_id = ?2))
                          + (SELECT count(*) FROM (SELECT {columns} FROM partner_states WHERE run_id = ?2
                                                   EXCEPT SELECT {columns} FROM partner_states WHERE run_id = ?1))
                          + (SELECT count(*) FROM files WHERE first_run = ?1)"
                ),
                params![self.run_id, previous],
                |r| r.get(0),
            )
            .map_err(|e| self.fail(e))?;
        Ok((differences == 0).then_some(previous))
    }

    /// Commits the run.
    pub fn finish(self, finished_at: NaiveDateTime) -> Result<i64> {
        self.tx
            .execute(
                "UPDATE runs SET finished_at = ?1 WHERE id = ?2",
                params![format_time(finished_at), self.run_id],
            )
            .map_err(|e| db_error(&self.dir, e))?;
        let id = self.run_id;
        let dir = self.dir.clone();
        self.tx.commit().map_err(|e| db_error(&dir, e))?;
        Ok(id)
    }

    /// Stored data, in the current encoding. Plain data always
    /// serialises; should it ever not, the run fails rather than store an
    /// empty plan in its place.
    fn to_json<T: serde::Serialize + ?Sized>(&self, value: &T) -> Result<String> {
        encode(value).map_err(|e| {
            Error::Io(IoError {
                action: "Impossible d'enregistrer la consolidation dans l'historique",
                path: self.dir.clone(),
                reason: format!(
                    "erreur interne de ctg ({e}) : signalez-la aux développeurs avec le dossier .ctg"
                ),
            })
        })
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

/// The key of what a file version means for its partner: its bytes
/// (`used`, their hash), the configuration (`config_hash`) and ctg's
/// version decide it.
pub fn content_key(partner: &str, used: &str, config_hash: &str) -> String {
    hash_bytes(
        format!(
            "{partner}\u{0}{used}\u{0}{config_hash}\u{0}{}",
            env!("CARGO_PKG_VERSION")
        )
        .as_bytes(),
    )
}
