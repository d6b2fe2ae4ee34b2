//! Reading `coordination/`: every workbook of a committee's decisions,
//! archived like a partner's file, checked against the plan just
//! assembled, and the decision standing for each action.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use super::receive::arrive;
use super::{Consolidation, Reading};
use crate::decisions::{self, Minutes};
use crate::finding::{Code, Finding, Severity};
use crate::model::Decision;
use crate::referentiel::Referentiel;
use crate::store::Archive;
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

/// Name of the folder, as its files are shown to users.
const FOLDER: &str = "coordination";

/// Reads the workbooks of `dir` (the folder's `coordination/`; none when
/// it does not exist yet) and checks them against the actions of `c`,
/// which gets the result.
pub fn attach(
    c: &mut Consolidation,
    dir: &Path,
    archive: &Archive,
    r: &Referentiel,
    reading: &Reading,
) {
    let (files, problems): (Vec<PathBuf>, _) = if dir.is_dir() {
        match crate::folder::scan::workbooks_in(dir) {
            Ok(found) => found,
            Err(e) => (Vec::new(), vec![(dir.to_path_buf(), e)]),
        }
    } else {
        (Vec::new(), Vec::new())
    };
    let known: BTreeSet<String> = c.actions().iter().map(|(_, a)| a.number.clone()).collect();
    let arrived: Vec<_> = files
        .iter()
        .map(|p| {
            let rel = format!("{FOLDER}/{}", crate::fs::relative(dir, p));
            arrive(p, rel, archive, reading.limits)
        })
        .collect();
    let copies: Vec<&Path> = arrived
        .iter()
        .filter_map(|a| a.copy.as_ref().ok().map(|(_, p)| p.as_path()))
        .collect();
    let names: Vec<&str> = arrived
        .iter()
        .filter(|a| a.copy.is_ok())
        .map(|a| a.rel.as_str())
        .collect();
    let mut checked =
        crate::workbook::read_many(&copies, reading.limits, reading.isolation, &|i, read| {
            decisions::check_read(read, names[i], &known, r)
        })
        .into_iter();
    let files: Vec<MinutesFile> = arrived
        .into_iter()
        .map(|a| {
            let (hash, mut minutes) = match a.copy {
                Ok((hash, _)) => {
                    let lost = || Err(ReadError::Internal("réponse du lecteur perdue".to_owned()));
                    let minutes = checked
                        .next()
                        .unwrap_or_else(|| decisions::check_read(lost(), &a.rel, &known, r));
                    (Some(hash), minutes)
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
    c.committee = Committee {
        standing: crate::model::standing(&all),
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
}
