//! Reading `coordination/`: every workbook of a committee's decisions,
//! archived like a partner's file, checked against the plan just
//! assembled (and, for a number the plan lacks, against the history), and
//! the decision standing for each action.

use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use super::receive::arrive;
use super::{Consolidation, Reading};
use crate::decisions::{self, Known, Minutes};
use crate::error::Result;
use crate::finding::{Code, Finding, Severity};
use crate::folder::COORDINATION;
use crate::model::Decision;
use crate::referentiel::Referentiel;
use crate::store::Store;
use crate::workbook::ReadError;

/// A workbook of `coordination/`, read and checked.
#[derive(Debug, Clone)]
pub struct MinutesFile {
    /// Its path as users see it: `coordination/avis-2024-07-04-COPIL.xlsx`.
    pub rel: String,
    /// Content hash, when the file could be read from disk.
    pub hash: Option<String>,
    /// Size in bytes.
    pub size: u64,
    /// Lower-case extension.
    pub extension: String,
    /// Last modification time (local).
    pub modified: NaiveDateTime,
    /// What it holds.
    pub minutes: Minutes,
}

/// Every committee decision of the folder.
#[derive(Debug, Clone, Default)]
pub struct Committee {
    /// The workbooks of `coordination/`, by path.
    pub files: Vec<MinutesFile>,
    /// The decision standing for each action (the latest meeting's).
    pub standing: BTreeMap<String, Decision>,
    /// Problems with the folder itself (a sub-folder that cannot be listed).
    pub problems: Vec<Finding>,
}

impl Committee {
    /// Every accepted decision, of every workbook.
    pub fn decisions(&self) -> impl Iterator<Item = &Decision> {
        self.files.iter().flat_map(|f| f.minutes.decisions.iter())
    }

    /// Every finding of the workbooks and of the folder.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.files
            .iter()
            .flat_map(|f| f.minutes.findings.iter())
            .chain(self.problems.iter())
    }
}

/// Reads the workbooks of `dir` (the folder's `coordination/`; none when
/// it does not exist yet), archives them in `store`, and checks them
/// against the actions of `c`, which gets the result. Fails only when a
/// workbook names an action the plan lacks and the history, asked whether
/// it held it, cannot be read.
pub fn attach(
    c: &mut Consolidation,
    dir: &Path,
    store: &Store,
    r: &Referentiel,
    reading: &Reading,
) -> Result<()> {
    let (files, problems): (Vec<PathBuf>, _) = if dir.is_dir() {
        match crate::folder::scan::workbooks_in(dir) {
            Ok(found) => found,
            Err(e) => (Vec::new(), vec![(dir.to_path_buf(), e)]),
        }
    } else {
        (Vec::new(), Vec::new())
    };
    let plan: BTreeSet<String> = c.actions().iter().map(|(_, a)| a.number.clone()).collect();
    // Read only when a workbook names an action the plan lacks.
    let history = OnceCell::new();
    let withdrawn = |number: &str| match history.get_or_init(|| store.last_held()) {
        Ok(last) => last.get(number).cloned(),
        Err(_) => None,
    };
    let known = Known {
        plan: &plan,
        withdrawn: &withdrawn,
    };
    let arrived: Vec<_> = files
        .iter()
        .map(|p| {
            let rel = format!("{COORDINATION}/{}", crate::fs::relative(dir, p));
            arrive(p, rel, store.archive(), reading.limits)
        })
        .collect();
    let copies: Vec<&Path> = arrived
        .iter()
        .filter_map(|a| a.copy.as_ref().ok().map(|(_, p)| p.as_path()))
        .collect();
    // Few and small: read in parallel, then checked here, where the
    // history can be asked.
    let mut read =
        crate::workbook::read_many(&copies, reading.limits, reading.isolation, &|_, read| read)
            .into_iter();
    let files: Vec<MinutesFile> = arrived
        .into_iter()
        .map(|a| {
            let (hash, mut minutes) = match a.copy {
                Ok((hash, _)) => {
                    let lost = || Err(ReadError::Internal("réponse du lecteur perdue".to_owned()));
                    let raw = read.next().unwrap_or_else(lost);
                    (Some(hash), decisions::check_read(raw, &a.rel, &known, r))
                }
                Err(e) => (None, decisions::check_read(Err(e), &a.rel, &known, r)),
            };
            if let Some(why) = a.archive_failure {
                minutes.findings.push(Finding {
                    severity: Severity::Warning,
                    code: Code::ArchiveFailed,
                    file: a.rel.clone(),
                    location: None,
                    message: format!(
                        "Ce classeur a été lu, mais sa copie n'a pas pu être conservée dans l'archive de ctg ({why}). Vérifiez la place disponible et les droits d'écriture sur le dossier .ctg, puis relancez la consolidation."
                    ),
                    suggestion: None,
                });
            }
            MinutesFile {
                rel: a.rel,
                hash,
                size: a.size,
                extension: a.extension,
                modified: a.modified,
                minutes,
            }
        })
        .collect();
    let all: Vec<Decision> = files
        .iter()
        .flat_map(|f| f.minutes.decisions.iter().cloned())
        .collect();
    if let Some(Err(e)) = history.into_inner() {
        return Err(e);
    }
    c.committee = Committee {
        standing: crate::model::standing(&all, |n| plan.contains(n)),
        files,
        problems: problems
            .iter()
            .map(|(path, e)| {
                crate::folder::scan::problem_finding(
                    dir,
                    path,
                    e,
                    "les avis de ses classeurs ne sont pas pris en compte",
                )
            })
            .collect(),
    };
    Ok(())
}
