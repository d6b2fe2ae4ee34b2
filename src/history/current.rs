//! The current plan, as the commands that prepare a committee need it
//! (`ctg fiches`, `ctg avis`): the last consolidation with its decisions
//! and the date each action last changed; or, in a folder never
//! consolidated, the plan read afresh (nothing is written to the folder).

use std::collections::BTreeMap;

use chrono::NaiveDateTime;

use super::alone;
use crate::changes::{self, ChangeKind};
use crate::consolidate::{self, Reading};
use crate::error::{Error, Result};
use crate::folder::Layout;
use crate::model::{PartnerPlan, Snapshot};
use crate::referentiel::Config;
use crate::store::Store;

/// Where the current plan comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanSource {
    /// The last consolidation of the history, by number.
    Run(i64),
    /// The folder read now: it has no consolidation yet.
    Fresh,
}

/// The plan a committee is prepared from.
#[derive(Debug, Clone)]
pub struct CurrentPlan {
    /// The plan, with the decisions standing for its actions.
    pub snapshot: Snapshot,
    /// When each action last changed, by number, as the history tells it
    /// (empty for a fresh read, which has no history).
    pub last_changes: BTreeMap<String, NaiveDateTime>,
    /// Where it comes from.
    pub source: PlanSource,
}

/// The current plan of `layout`: its last consolidation, or a fresh read
/// of its files when it has none, taken `now`.
pub fn current_plan(
    layout: &Layout,
    config: &Config,
    now: NaiveDateTime,
    reading: &Reading,
) -> Result<CurrentPlan> {
    if Store::exists(&layout.state) {
        let store = Store::open(&layout.state)?;
        if let Some(run) = store.latest_run()? {
            let snapshot = store.snapshot(&run)?;
            let last_changes = last_changes(&store, config, &snapshot)?;
            return Ok(CurrentPlan {
                snapshot,
                last_changes,
                source: PlanSource::Run(run.id),
            });
        }
    }
    // A store of its own, dropped after: reading must leave no `.ctg/`.
    let scratch = tempfile::tempdir().map_err(|e| {
        Error::io(
            "Impossible de créer un dossier temporaire",
            std::env::temp_dir(),
            &e,
        )
    })?;
    let store = Store::open(scratch.path())?;
    let (files, unlisted) = crate::folder::scan::workbooks_in(&layout.deposits)
        .map_err(|e| Error::io("Impossible de lire le dossier", &layout.deposits, &e))?;
    let inputs = consolidate::Inputs {
        deposits: &layout.deposits,
        files: &files,
        unlisted: &unlisted,
        coordination: &layout.coordination,
    };
    let c = consolidate::consolidate(&inputs, config, &store, now, reading)?;
    Ok(CurrentPlan {
        snapshot: c.snapshot(),
        last_changes: BTreeMap::new(),
        source: PlanSource::Fresh,
    })
}

/// When each action of `now` last changed: the consecutive distinct
/// versions of each partner's plan are compared, and the latest run that
/// changed an action (or created it) is kept, under its latest number.
fn last_changes(
    store: &Store,
    config: &Config,
    now: &Snapshot,
) -> Result<BTreeMap<String, NaiveDateTime>> {
    let mut out = BTreeMap::new();
    for code in now.partners.keys() {
        let mut old: Option<PartnerPlan> = None;
        let mut previous = None;
        for v in store.partner_versions(code)? {
            let key = (v.record.content_id, v.record.state.clone());
            if previous.as_ref() == Some(&key) {
                continue;
            }
            previous = Some(key);
            let new = v.record.plan(&v.content);
            let report = changes::compare(
                &alone(code, old.take()),
                &alone(code, Some(new.clone())),
                &config.referentiel,
                &config.changes,
            );
            old = Some(new);
            for p in report.partners {
                for a in p.actions.iter().filter(|a| a.kind != ChangeKind::Removed) {
                    out.insert(a.number.clone(), v.record.run_at);
                }
                for i in &p.indicators {
                    out.insert(i.action.clone(), v.record.run_at);
                }
            }
        }
    }
    Ok(out)
}
