//! What the history of a shared folder holds: the list of consolidations,
//! every change of one action over time, the file versions a partner sent.
//!
//! Everything is read from `.ctg/historique.sqlite`, never from the files:
//! the history is what was accepted at each run. The answers are plain
//! data; `outputs::report::history` puts them into words.

mod action;
mod current;
mod links;
mod runs;
mod submissions;

pub use action::{ActionStep, ActionTimeline, TrackedChange, action_timeline};
pub use current::{CurrentPlan, PlanSource, current_plan};
pub use links::LinkChange;
pub use runs::{RunLine, RunList, Since, before_day, run_list, run_ranges, starting_run};
pub use submissions::{Submissions, Submitted, submissions};

use std::path::Path;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::model::{PartnerPlan, Snapshot};
use crate::store::{Content, RecordedState, RunInfo, Store};

/// Opens the history of `folder` (its `.ctg/`) with its finished runs,
/// oldest first; a French error when there is none yet. Never creates a
/// `.ctg/`: looking at a history must not leave one behind.
pub fn open(folder: &Path) -> Result<(Store, Vec<RunInfo>)> {
    if !folder.is_dir() {
        return Err(Error::Usage(format!(
            "Le dossier « {} » n'existe pas.",
            folder.display()
        )));
    }
    let none_yet = || {
        Error::Usage(format!(
            "Pas encore d'historique dans « {} » : il se constitue à chaque consolidation. Lancez d'abord « ctg consolider {} ». Pour un simple dossier de classeurs consolidé avec --sortie, indiquez ici son dossier de sortie.",
            folder.display(),
            crate::fs::shell_arg(folder)
        ))
    };
    let state = folder.join(".ctg");
    if !Store::exists(&state) {
        return Err(none_yet());
    }
    let store = Store::open(&state)?;
    let runs = store.runs()?;
    if runs.is_empty() {
        return Err(none_yet());
    }
    Ok((store, runs))
}

/// The latest content the history of `folder` holds for a partner, with
/// the record of the run that used it (the latest run, unless the
/// partner's file has since left the folder or become unusable); a French
/// error when there is none, for `ctg modele --avec-actions`.
pub fn latest_content(folder: &Path, code: &str) -> Result<(RecordedState, Arc<Content>)> {
    let (store, _) = open(folder)?;
    store
        .partner_versions(code)?
        .into_iter()
        .rev()
        .find(|v| v.record.content_id.is_some())
        .map(|v| (v.record, v.content))
        .ok_or_else(|| {
            Error::Usage(format!(
                "L'historique de « {} » ne contient aucune version lisible du plan d'actions {} : il n'y a rien à reprendre. Sans --avec-actions, le modèle est produit vide.",
                folder.display(),
                crate::text::de(code)
            ))
        })
}

/// The plan of a partner alone, as a snapshot, for [`crate::changes::compare`].
fn alone(code: &str, plan: Option<PartnerPlan>) -> Snapshot {
    Snapshot {
        partners: plan.into_iter().map(|p| (code.to_owned(), p)).collect(),
        ..Snapshot::default()
    }
}

/// Partners the history knows, for error messages.
fn known_partners(store: &Store) -> Result<String> {
    let known = store.partners()?;
    Ok(known
        .iter()
        .map(|(code, name)| format!("{code} ({name})"))
        .collect::<Vec<_>>()
        .join(", "))
}
