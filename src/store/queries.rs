//! Reading the history back: runs, what they recorded for each partner,
//! the contents of file versions, and whole plans as a run saw them.
//!
//! A record this version of ctg cannot read is an error that names it
//! (`Error::UnreadableHistory`), never an empty plan or a made-up date:
//! change reports built on it would otherwise be wrong without a word.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, params};

use super::encoding::{decode_content, decode_decisions, decode_rejected};
use super::parse_time;
use super::records::run_label;
use super::{Content, HISTORY_FILE, PartnerVersion, RecordedState, RunInfo, Store, StoredVersion};
use crate::error::{Error, Result};
use crate::model::{Decision, PartnerPlan, RejectedRow, Snapshot};

impl Store {
    /// The last version of `partner` that could be read, before this run.
    pub fn last_readable(&self, partner: &str) -> Result<Option<StoredVersion>> {
        let found = self
            .db
            .query_row(
                "SELECT f.hash, f.extension, ps.path, ps.received_at, ps.run_id FROM partner_states ps
                 JOIN files f ON f.hash = ps.used_hash
                 WHERE ps.partner = ?1 AND ps.content_id IS NOT NULL
                 ORDER BY ps.run_id DESC LIMIT 1",
                params![partner],
                |r| {
                    let hash: String = r.get(0)?;
                    let ext: String = r.get(1)?;
                    let path: Option<String> = r.get(2)?;
                    let received: Option<String> = r.get(3)?;
                    let run: i64 = r.get(4)?;
                    Ok((hash, ext, path, received, run))
                },
            )
            .optional()
            .map_err(|e| self.fail(e))?;
        let Some((hash, ext, path, received, run)) = found else {
            return Ok(None);
        };
        // A record with a content always has its reception time (both come
        // from the version used): one without is damaged, not 1970.
        let received_at = self.required_time(received, || {
            format!("l'état du partenaire {partner} dans la consolidation n° {run}")
        })?;
        Ok(Some(StoredVersion {
            archived: self.archive.path(&hash, &ext),
            hash,
            path: path.unwrap_or_default(),
            received_at,
        }))
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

    // Runs keep their start time as stored text: `RunInfo::label` names a
    // run whose time does not parse by its number instead.
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
        self.partial_snapshot(run, |_| true, |_| false)
    }

    /// The plan as a finished run recorded it, with the partners `wanted`
    /// keeps only: the others' contents are not read (a repeated run
    /// compares only the partners that changed). `held_elsewhere` tells
    /// whether an action number belongs to the plan of a partner left out,
    /// for the committee's avis standing on it.
    pub fn partial_snapshot(
        &self,
        run: &RunInfo,
        wanted: impl Fn(&RecordedState) -> bool,
        held_elsewhere: impl Fn(&str) -> bool,
    ) -> Result<Snapshot> {
        let mut states = self.query_states("ps.run_id = ?1", [run.id])?;
        states.retain(|s| wanted(s));
        let contents = self.contents(states.iter().filter_map(|s| s.content_id))?;
        let partners: BTreeMap<String, PartnerPlan> = states
            .into_iter()
            .map(|s| {
                let content = self.content_of(&s, &contents)?;
                Ok((s.partner.clone(), s.plan(&content)))
            })
            .collect::<Result<_>>()?;
        let numbers: HashSet<&str> = partners
            .values()
            .flat_map(|p| p.actions.iter().map(|a| a.number.as_str()))
            .collect();
        let decisions = crate::model::standing(&self.decisions(run.id)?, |n| {
            numbers.contains(n) || held_elsewhere(n)
        });
        Ok(Snapshot {
            label: run.label(),
            taken_at: run.started(),
            partners,
            decisions,
        })
    }

    /// What a finished run recorded for each partner, without the contents.
    pub fn states_of(&self, run: &RunInfo) -> Result<Vec<RecordedState>> {
        self.query_states("ps.run_id = ?1", [run.id])
    }

    /// The id of the content keyed `key` ([`super::content_key`]), if the
    /// history holds it.
    pub fn content_id(&self, key: &str) -> Result<Option<i64>> {
        self.db
            .prepare_cached("SELECT id FROM contents WHERE hash = ?1")
            .and_then(|mut st| st.query_row([key], |r| r.get(0)).optional())
            .map_err(|e| self.fail(e))
    }

    /// Every committee decision a finished run read (none for a run made
    /// before ctg read them).
    pub fn decisions(&self, run: i64) -> Result<Vec<Decision>> {
        let found: Option<String> = self
            .db
            .query_row(
                "SELECT d.decisions FROM run_decisions rd JOIN decision_sets d ON d.id = rd.decisions_id
                 WHERE rd.run_id = ?1",
                [run],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.fail(e))?;
        match found {
            None => Ok(Vec::new()),
            Some(json) => decode_decisions(&json).map_err(|reason| {
                self.unreadable(
                    format!("les avis du comité lus par la consolidation n° {run}"),
                    reason,
                )
            }),
        }
    }

    /// Every action number a finished run's plan held, with the latest run
    /// that held it (« la consolidation n° 4 du 12/05/2024 à 10:15 »).
    /// Reads every content once: asked only when a committee's workbook
    /// names an action the current plan lacks.
    pub fn last_held(&self) -> Result<BTreeMap<String, String>> {
        let states = self.states()?;
        let contents = self.contents(states.iter().filter_map(|s| s.content_id))?;
        let mut last = BTreeMap::new();
        // By run: a later run's label replaces an earlier one's.
        for s in &states {
            let Some(content) = s.content_id.and_then(|id| contents.get(&id)) else {
                continue;
            };
            for a in &content.actions {
                last.insert(a.number.clone(), run_label(s.run, Some(s.run_at)));
            }
        }
        Ok(last)
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
        states
            .into_iter()
            .map(|record| {
                Ok(PartnerVersion {
                    content: self.content_of(&record, &contents)?,
                    record,
                })
            })
            .collect()
    }

    /// The contents with these ids, each read once. Every id asked for is
    /// in the map: one missing from the history, or that this version of
    /// ctg cannot decode, is an error.
    pub fn contents(
        &self,
        ids: impl IntoIterator<Item = i64>,
    ) -> Result<HashMap<i64, Arc<Content>>> {
        let ids: BTreeSet<i64> = ids.into_iter().collect();
        let mut stmt = self
            .db
            .prepare_cached("SELECT encoding, actions, indicators FROM contents WHERE id = ?1")
            .map_err(|e| self.fail(e))?;
        let mut out = HashMap::with_capacity(ids.len());
        for id in ids {
            let found: Option<(i64, String, String)> = stmt
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()
                .map_err(|e| self.fail(e))?;
            let Some((encoding, actions, indicators)) = found else {
                return Err(self.missing_content(id));
            };
            let content = decode_content(encoding, &actions, &indicators)
                .map_err(|reason| self.unreadable(self.describe_content(id), reason))?;
            out.insert(id, Arc::new(content));
        }
        Ok(out)
    }

    /// The rows each of these contents refused, by content id: read only
    /// when asked (`ctg historique --action` tells when an action's row was
    /// refused). Every id asked for is in the map, as for [`Store::contents`].
    pub fn refused_rows(
        &self,
        ids: impl IntoIterator<Item = i64>,
    ) -> Result<HashMap<i64, Vec<RejectedRow>>> {
        let ids: BTreeSet<i64> = ids.into_iter().collect();
        let mut stmt = self
            .db
            .prepare_cached("SELECT encoding, rejected FROM contents WHERE id = ?1")
            .map_err(|e| self.fail(e))?;
        let mut out = HashMap::with_capacity(ids.len());
        for id in ids {
            let found: Option<(i64, String)> = stmt
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()
                .map_err(|e| self.fail(e))?;
            let Some((encoding, rejected)) = found else {
                return Err(self.missing_content(id));
            };
            let rows = decode_rejected(encoding, &rejected)
                .map_err(|reason| self.unreadable(self.describe_content(id), reason))?;
            out.insert(id, rows);
        }
        Ok(out)
    }

    /// The content `state` used, from `contents` (read by
    /// [`Store::contents`] for its id); the empty plan when no version
    /// could be used.
    fn content_of(
        &self,
        state: &RecordedState,
        contents: &HashMap<i64, Arc<Content>>,
    ) -> Result<Arc<Content>> {
        match state.content_id {
            None => Ok(Arc::default()),
            Some(id) => contents
                .get(&id)
                .cloned()
                .ok_or_else(|| self.missing_content(id)),
        }
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
        let rows = stmt
            .query_map(args, |r| {
                // Times are parsed below, where an unreadable one can be
                // told with the record it belongs to.
                let times: [Option<String>; 3] = [r.get(1)?, r.get(7)?, r.get(9)?];
                let state = RecordedState {
                    run: r.get(0)?,
                    run_at: NaiveDateTime::default(),
                    partner: r.get(2)?,
                    name: r.get(3)?,
                    state: r.get(4)?,
                    path: r.get(5)?,
                    current_hash: r.get(6)?,
                    current_received_at: None,
                    used_hash: r.get(8)?,
                    received_at: None,
                    content_id: r.get(10)?,
                    errors: r.get(11)?,
                    warnings: r.get(12)?,
                };
                Ok((state, times))
            })
            .map_err(|e| self.fail(e))?;
        let mut states = Vec::new();
        for row in rows {
            let (state, [run_at, current, received]) = row.map_err(|e| self.fail(e))?;
            let record = || {
                format!(
                    "l'état du partenaire {} dans la consolidation n° {}",
                    state.partner, state.run
                )
            };
            let run_at = self.required_time(run_at, record)?;
            let current_received_at = self.time(current, record)?;
            let received_at = self.time(received, record)?;
            states.push(RecordedState {
                run_at,
                current_received_at,
                received_at,
                ..state
            });
        }
        Ok(states)
    }

    /// A stored time: absent stays absent, one that does not parse is an
    /// error about `record` rather than a wrong date.
    fn time(
        &self,
        value: Option<String>,
        record: impl Fn() -> String,
    ) -> Result<Option<NaiveDateTime>> {
        value
            .map(|s| {
                parse_time(&s)
                    .ok_or_else(|| self.unreadable(record(), format!("date « {s} » illisible")))
            })
            .transpose()
    }

    /// A stored time that `record` cannot lack.
    fn required_time(
        &self,
        value: Option<String>,
        record: impl Fn() -> String,
    ) -> Result<NaiveDateTime> {
        self.time(value, &record)?
            .ok_or_else(|| self.unreadable(record(), "date manquante".to_owned()))
    }

    /// A content id that a record uses but the history does not hold.
    fn missing_content(&self, id: i64) -> Error {
        self.unreadable(
            self.describe_content(id),
            "ce contenu est absent de l'historique".to_owned(),
        )
    }

    fn unreadable(&self, record: String, reason: String) -> Error {
        Error::UnreadableHistory {
            path: self.dir.join(HISTORY_FILE),
            record,
            reason,
        }
    }

    /// « le contenu n° 12 (partenaire MJCL, consolidation n° 3, version
    /// « depots/MJCL.xlsx » d'empreinte 3fa2…) »: enough to find the run
    /// and the archived file concerned.
    pub(super) fn describe_content(&self, id: i64) -> String {
        let first_use = self
            .db
            .query_row(
                "SELECT ps.partner, ps.run_id, ps.used_hash, f.first_path FROM partner_states ps
                 LEFT JOIN files f ON f.hash = ps.used_hash
                 WHERE ps.content_id = ?1 ORDER BY ps.run_id LIMIT 1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                    ))
                },
            )
            .optional();
        match first_use {
            Ok(Some((partner, run, hash, path))) => format!(
                "le contenu n° {id} (partenaire {partner}, consolidation n° {run}, version « {} » d'empreinte {})",
                path.as_deref().unwrap_or("?"),
                hash.as_deref().unwrap_or("?")
            ),
            // Only the description is lost, not the error being described:
            // the content id still locates the record.
            Ok(None) | Err(_) => format!("le contenu n° {id}"),
        }
    }
}
