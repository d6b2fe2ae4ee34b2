//! What the history gives back: runs, what a run recorded for a partner,
//! and what a file version meant.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDateTime;

use super::parse_time;
use crate::model::PartnerPlan;
use crate::model::{Action, Indicator};

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

    /// « la consolidation n° 3 du 12/03/2024 à 14:05 ».
    pub fn label(&self) -> String {
        run_label(self.id, self.started())
    }
}

/// « la consolidation n° 3 du 12/03/2024 à 14:05 »: a run named by its
/// number (what `--depuis-run` takes) and its time.
pub fn run_label(id: i64, started: Option<NaiveDateTime>) -> String {
    match started {
        Some(t) => format!(
            "la consolidation n° {id} du {}",
            t.format("%d/%m/%Y à %H:%M")
        ),
        None => format!("la consolidation n° {id}"),
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
