//! `ctg restaurer`: putting a backup made by `ctg sauvegarder` back in
//! place. The zip is extracted beside its destination and checked there as
//! `ctg controler` would; only an intact backup is moved in. Nothing in
//! place is deleted: what it replaces is set aside under a dated name, and
//! a `.ctg/` holding a history is only replaced when asked.

use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use zip::ZipArchive;

use super::backup::temp_dir;
use super::check::{CheckOptions, check};
use super::{HISTORY_FILE, LOCK_FILE};
use crate::error::{Error, Result};
use crate::folder::FOLDERS;

/// How long a restore waits for a consolidation under way in the folder.
const LOCK_WAIT: Duration = Duration::from_secs(60);

/// What a backup holds, at its top level; nothing else is extracted.
const ITEMS: [&str; 3] = [".ctg", "ctg.toml", "coordination"];

/// What `ctg restaurer` did.
#[derive(Debug, Clone, PartialEq)]
pub struct RestoreSummary {
    /// Finished consolidations in the history restored.
    pub runs: i64,
    /// File versions it knows.
    pub files: usize,
    /// What was restored (`.ctg`, `ctg.toml`, `coordination`).
    pub restored: Vec<&'static str>,
    /// What was in the way, and where it was set aside.
    pub set_aside: Vec<PathBuf>,
}

/// True when the state folder `state` holds anything but a lock file.
fn holds_history(state: &Path) -> bool {
    std::fs::read_dir(state)
        .is_ok_and(|mut entries| entries.any(|e| e.is_ok_and(|e| e.file_name() != LOCK_FILE)))
}

/// Restores the backup `zip` into the shared folder `folder` (created if
/// needed), once checked; refuses to replace a `.ctg/` that holds a
/// history unless `replace`.
pub fn restore(zip: &Path, folder: &Path, replace: bool) -> Result<RestoreSummary> {
    let state = folder.join(".ctg");
    if holds_history(&state) && !replace {
        return Err(Error::Usage(format!(
            "« {} » contient déjà un historique : ctg ne le remplace pas sans qu'on le lui demande. Pour le remplacer par la sauvegarde, relancez avec --remplacer (l'historique actuel sera mis de côté, pas supprimé), ou restaurez dans un autre dossier.",
            state.display()
        )));
    }
    std::fs::create_dir_all(folder)
        .map_err(|e| Error::io("Impossible de créer le dossier", folder, &e))?;
    let _lock = if state.is_dir() {
        Some(crate::folder::lock::acquire(&state, LOCK_WAIT)?)
    } else {
        None
    };
    // Beside its destination: moved into place by renaming, on one disk.
    let scratch = temp_dir(folder)?;
    extract(zip, scratch.path())?;
    let extracted = scratch.path().join(".ctg");
    if !extracted.join(HISTORY_FILE).is_file() {
        return Err(unusable(
            zip,
            &format!("elle ne contient pas d'historique (.ctg/{HISTORY_FILE})"),
        ));
    }
    let report = match check(&extracted, &CheckOptions::default()) {
        Ok(report) => report,
        Err(Error::NewerStore { written_by, .. }) => {
            return Err(Error::Usage(format!(
                "La sauvegarde « {} » a été faite par {} : installez cette version (ou une plus récente) pour la restaurer. Rien n'a été restauré.",
                zip.display(),
                written_by.map_or("une version plus récente de ctg".to_owned(), |v| format!(
                    "ctg {v}"
                ))
            )));
        }
        Err(e) => return Err(e),
    };
    if !report.is_clean() {
        let mut message = format!(
            "La sauvegarde « {} » n'est pas intacte ; rien n'a été restauré :",
            zip.display()
        );
        for p in report.remaining() {
            message.push_str(&format!("\n  - {}", p.message));
        }
        return Err(Error::Usage(message));
    }
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let mut summary = RestoreSummary {
        runs: report.runs,
        files: report.files,
        restored: Vec::new(),
        set_aside: Vec::new(),
    };
    for item in ITEMS {
        let from = scratch.path().join(item);
        if !from.exists() {
            continue;
        }
        let to = folder.join(item);
        if item == ".ctg" && to.is_dir() && !holds_history(&to) {
            // Only a lock file: nothing to keep.
            std::fs::remove_dir_all(&to)
                .map_err(|e| Error::io("Impossible de remplacer", &to, &e))?;
        } else if to.is_file() && std::fs::read(&to).ok() == std::fs::read(&from).ok() {
            // The same `ctg.toml`: nothing to set aside.
        } else if to.exists() {
            let aside = folder.join(format!("{item}.avant-restauration-{stamp}"));
            rename(&to, &aside)?;
            summary.set_aside.push(aside);
        }
        rename(&from, &to)?;
        summary.restored.push(item);
    }
    // The other folders of a shared folder, for the next consolidation.
    for (dir, _) in FOLDERS {
        let path = folder.join(dir);
        std::fs::create_dir_all(&path)
            .map_err(|e| Error::io("Impossible de créer le dossier", &path, &e))?;
    }
    Ok(summary)
}

fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).map_err(|e| Error::io("Impossible de mettre en place", to, &e))
}

/// The refusal of a backup that cannot be used.
fn unusable(zip: &Path, why: &str) -> Error {
    Error::Usage(format!(
        "« {} » n'est pas une sauvegarde ctg utilisable : {why}. Rien n'a été restauré : prenez une autre sauvegarde, ou refaites-en une avec « ctg sauvegarder ».",
        zip.display()
    ))
}

/// Extracts the backup `zip` into `into`, checking every entry's checksum;
/// refuses a damaged zip and any entry outside what a backup holds.
fn extract(zip: &Path, into: &Path) -> Result<()> {
    let file =
        File::open(zip).map_err(|e| Error::io("Impossible de lire la sauvegarde", zip, &e))?;
    let mut archive = ZipArchive::new(BufReader::new(file))
        .map_err(|e| unusable(zip, &format!("archive zip endommagée ({e})")))?;
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| unusable(zip, &format!("archive zip endommagée ({e})")))?;
        let raw = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let name = entry
            .enclosed_name()
            .filter(|n| {
                let top = n.components().next().map(|c| c.as_os_str().to_owned());
                top.is_some_and(|t| ITEMS.iter().any(|item| t == *item))
            })
            .ok_or_else(|| {
                unusable(
                    zip,
                    &format!("elle contient « {raw} », qui n'appartient pas à une sauvegarde ctg"),
                )
            })?;
        let target = into.join(&name);
        if entry.is_dir() {
            std::fs::create_dir_all(&target)
                .map_err(|e| Error::io("Impossible de créer le dossier", &target, &e))?;
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::io("Impossible de créer le dossier", parent, &e))?;
        }
        let mut out =
            File::create(&target).map_err(|e| Error::io("Impossible d'écrire", &target, &e))?;
        // Read errors (a checksum that does not match) are the backup's;
        // write errors are the destination's.
        let mut buf = vec![0; 64 * 1024];
        loop {
            let n = entry
                .read(&mut buf)
                .map_err(|e| unusable(zip, &format!("« {raw} » est endommagé ({e})")))?;
            if n == 0 {
                break;
            }
            out.write_all(&buf[..n])
                .map_err(|e| Error::io("Impossible d'écrire", &target, &e))?;
        }
        out.sync_all()
            .map_err(|e| Error::io("Impossible d'écrire", &target, &e))?;
    }
    Ok(())
}
