//! Files out of sight: a sub-folder of `depots/` that cannot be listed
//! (its rights changed, a share went away) hides its workbooks, which have
//! not left. Each partner whose file was last seen there gets a current
//! file that cannot be read, so that its last readable version stands in,
//! as the watcher keeps the files it read before: its actions do not
//! vanish from the plan, and every output says why.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::finding::{Code, Finding, Severity};
use crate::fs::relative;
use crate::model::Submission;
use crate::store::{RecordedState, Store};

use super::Received;

/// The files the history last saw under the sub-folders `unlisted` of
/// `deposits` (each with why it cannot be listed), for partners none of
/// whose `listed` files is in sight: one unreadable current file each.
pub fn out_of_sight(
    deposits: &Path,
    unlisted: &[(PathBuf, std::io::Error)],
    listed: &[PathBuf],
    store: &Store,
) -> Result<Vec<Received>> {
    if unlisted.is_empty() {
        return Ok(Vec::new());
    }
    let listed: Vec<String> = listed.iter().map(|p| relative(deposits, p)).collect();
    // Each partner's latest record, runs being read oldest first.
    let mut latest: BTreeMap<String, RecordedState> = BTreeMap::new();
    for state in store.states()? {
        latest.insert(state.partner.clone(), state);
    }
    let mut hidden = Vec::new();
    for record in latest.into_values() {
        let Some(path) = record.path.clone() else {
            continue;
        };
        if listed.contains(&path) {
            continue;
        }
        let Some((dir, e)) = unlisted.iter().find(|(dir, _)| {
            let dir = relative(deposits, dir);
            path.starts_with(&format!("{dir}/"))
        }) else {
            continue;
        };
        let folder = relative(deposits, dir);
        let finding = Finding {
            severity: Severity::Error,
            code: Code::FolderUnreadable,
            file: path.clone(),
            location: None,
            message: format!(
                "Le dossier « {folder} » ne peut pas être lu ({}) : ce fichier n'a pas pu être relu. Sa dernière version lisible reste utilisée jusqu'à ce que le dossier soit de nouveau accessible ; vérifiez ses droits d'accès.",
                crate::fs::io_reason(e)
            ),
            suggestion: None,
        };
        hidden.push(Received {
            extension: Path::new(&path)
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default(),
            path: deposits.join(&path),
            rel: path,
            hash: None,
            size: 0,
            // When the file was last received, as far as the history
            // knows: the folder hides its real time.
            modified: record
                .current_received_at
                .or(record.received_at)
                .unwrap_or(record.run_at),
            submission: std::sync::Arc::new(Submission::unchecked(finding)),
            archive_failure: None,
        });
    }
    Ok(hidden)
}
