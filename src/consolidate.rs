//! From a folder of partner files to one plan d'actions: one current file per
//! partner, checked; the last readable version standing in for an unreadable
//! one; every file version archived.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, NaiveDateTime};
use rayon::prelude::*;

use crate::error::Result;
use crate::finding::{Code, Finding, Severity};
use crate::fs::relative;
use crate::model::{Action, Indicator, PartnerPlan, Snapshot, Submission};
use crate::referentiel::Config;
use crate::store::{Archive, Store};
use crate::validate::{self, Context};
use crate::workbook::{Isolation, Limits, ReadError};

/// A file found under `depots/`, read and checked.
#[derive(Debug, Clone)]
pub struct Received {
    /// Path relative to `depots/`, with `/` separators: how users see it.
    pub rel: String,
    /// Path on disk.
    pub path: PathBuf,
    /// Content hash, when the file could be read from disk.
    pub hash: Option<String>,
    /// Lower-case extension.
    pub extension: String,
    /// Size in bytes.
    pub size: u64,
    /// Last modification time (local).
    pub modified: NaiveDateTime,
    /// What it holds.
    pub submission: Submission,
    /// Why its copy could not be kept in the archive, when it could not:
    /// the file is still read, but this version cannot stand in later.
    pub archive_failure: Option<String>,
}

/// Where a partner stands in this consolidation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartnerState {
    /// Its current file was read, without error.
    UpToDate,
    /// Its current file was read, with errors to fix.
    WithErrors,
    /// Its current file is unreadable; an earlier version is used.
    PreviousVersion(NaiveDateTime),
    /// Its current file is unreadable and no earlier version exists.
    Unreadable,
    /// In the registry, but never sent a file.
    NeverSubmitted,
    /// Sent files before, but none is in the folder any more.
    Withdrawn,
}

impl PartnerState {
    /// Stable code (history, JSON).
    pub fn code(self) -> &'static str {
        match self {
            PartnerState::UpToDate => "a_jour",
            PartnerState::WithErrors => "avec_erreurs",
            PartnerState::PreviousVersion(_) => "version_precedente",
            PartnerState::Unreadable => "illisible",
            PartnerState::NeverSubmitted => "jamais_depose",
            PartnerState::Withdrawn => "retire",
        }
    }

    /// French label, as shown in outputs.
    pub fn label(self) -> String {
        match self {
            PartnerState::UpToDate => "à jour".to_owned(),
            PartnerState::WithErrors => "avec erreurs".to_owned(),
            PartnerState::PreviousVersion(t) => {
                format!("illisible — version du {} utilisée", t.format("%d/%m/%Y"))
            }
            PartnerState::Unreadable => "illisible — aucune version utilisable".to_owned(),
            PartnerState::NeverSubmitted => "jamais déposé".to_owned(),
            PartnerState::Withdrawn => "fichier retiré du dossier".to_owned(),
        }
    }
}

/// One partner in the consolidation.
#[derive(Debug, Clone)]
pub struct PartnerEntry {
    /// Partner code.
    pub code: String,
    /// Structure name.
    pub name: String,
    /// Where it stands.
    pub state: PartnerState,
    /// Its current file, if any.
    pub current: Option<Received>,
    /// The version whose content is used: the current one, or an earlier one.
    pub used: Option<Received>,
    /// Every finding for this partner (current file, and the earlier
    /// version when one stands in), sorted.
    pub findings: Vec<Finding>,
    /// Other files claiming the same partner, ignored.
    pub ignored: Vec<String>,
}

impl PartnerEntry {
    /// Accepted actions used for this partner.
    pub fn actions(&self) -> &[Action] {
        self.used
            .as_ref()
            .map_or(&[], |r| r.submission.actions.as_slice())
    }

    /// Accepted indicators used for this partner.
    pub fn indicators(&self) -> &[Indicator] {
        self.used
            .as_ref()
            .map_or(&[], |r| r.submission.indicators.as_slice())
    }

    /// Number of findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// The whole folder, consolidated.
#[derive(Debug, Clone)]
pub struct Consolidation {
    /// When it was made.
    pub generated_at: NaiveDateTime,
    /// Partners, by code.
    pub partners: Vec<PartnerEntry>,
    /// Files whose partner could not be told.
    pub orphans: Vec<Received>,
    /// Problems with the folder itself (a sub-folder that cannot be listed).
    pub problems: Vec<Finding>,
}

impl Consolidation {
    /// Every accepted action with its partner, ordered by number.
    pub fn actions(&self) -> Vec<(&PartnerEntry, &Action)> {
        let mut all: Vec<_> = self
            .partners
            .iter()
            .flat_map(|p| p.actions().iter().map(move |a| (p, a)))
            .collect();
        all.sort_by(|a, b| a.1.number.cmp(&b.1.number));
        all
    }

    /// Every accepted indicator with its partner, ordered by action then row.
    pub fn indicators(&self) -> Vec<(&PartnerEntry, &Indicator)> {
        let mut all: Vec<_> = self
            .partners
            .iter()
            .flat_map(|p| p.indicators().iter().map(move |i| (p, i)))
            .collect();
        all.sort_by(|a, b| a.1.action.cmp(&b.1.action).then(a.1.row.cmp(&b.1.row)));
        all
    }

    /// Every finding, partners first (by code), then files without partner.
    pub fn findings(&self) -> Vec<(&str, &Finding)> {
        let mut all: Vec<(&str, &Finding)> = self
            .partners
            .iter()
            .flat_map(|p| p.findings.iter().map(move |f| (p.code.as_str(), f)))
            .collect();
        all.extend(
            self.orphans
                .iter()
                .flat_map(|o| o.submission.findings.iter().map(|f| ("", f))),
        );
        all.extend(self.problems.iter().map(|f| ("", f)));
        all
    }
}

impl Consolidation {
    /// The plan as a consolidation made it.
    pub fn snapshot(&self) -> Snapshot {
        let partners = self
            .partners
            .iter()
            .map(|p| {
                let plan = PartnerPlan {
                    name: p.name.clone(),
                    state: Some(p.state.code().to_owned()),
                    source: p.current.as_ref().map(|r| r.rel.clone()),
                    actions: p.actions().to_vec(),
                    indicators: p.indicators().to_vec(),
                };
                (p.code.clone(), plan)
            })
            .collect();
        Snapshot {
            label: format!(
                "la consolidation du {}",
                self.generated_at.format("%d/%m/%Y à %H:%M")
            ),
            taken_at: Some(self.generated_at),
            partners,
        }
    }
}

/// A file of `depots/` copied to the archive, or why it could not be read.
struct Arrived {
    rel: String,
    path: PathBuf,
    extension: String,
    size: u64,
    modified: NaiveDateTime,
    /// The content hash and the copy to read (the archived one, or the
    /// file itself when archiving failed).
    copy: std::result::Result<(String, PathBuf), ReadError>,
    /// Why archiving failed, if it did.
    archive_failure: Option<String>,
}

/// Reads one file from disk and archives it. What gets checked is the
/// archived copy: exactly what was hashed, even if the partner saves again
/// meanwhile.
fn arrive(path: &Path, rel: String, archive: &Archive, limits: &Limits) -> Arrived {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let meta = std::fs::metadata(path);
    let modified = meta
        .as_ref()
        .ok()
        .and_then(|m| m.modified().ok())
        .map(|t| {
            DateTime::<Local>::from(t)
                .naive_local()
                .with_nanosecond_zero()
        })
        .unwrap_or_default();
    let size = meta.as_ref().map(|m| m.len()).unwrap_or(0);
    let mut archive_failure = None;
    let copy = if size > limits.max_file_bytes {
        Err(ReadError::TooLarge {
            size: crate::workbook::human_size(size),
            limit: crate::workbook::human_size(limits.max_file_bytes),
        })
    } else {
        match std::fs::read(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(ReadError::NotFound),
            Err(e) => Err(ReadError::Unreadable(crate::fs::io_reason(&e))),
            Ok(bytes) if bytes.is_empty() => Err(ReadError::Empty),
            Ok(bytes) => match archive.keep(&bytes, &extension) {
                Ok(kept) => Ok(kept),
                // Without an archive copy, the file itself is read, and the
                // coordinator is told (see `assemble`).
                Err(e) => {
                    archive_failure = Some(e.to_string());
                    Ok((crate::store::hash_bytes(&bytes), path.to_path_buf()))
                }
            },
        }
    };
    Arrived {
        rel,
        path: path.to_path_buf(),
        extension,
        size,
        modified,
        copy,
        archive_failure,
    }
}

trait NoNanos {
    fn with_nanosecond_zero(self) -> Self;
}

impl NoNanos for NaiveDateTime {
    fn with_nanosecond_zero(self) -> Self {
        use chrono::Timelike;
        self.with_nanosecond(0).unwrap_or(self)
    }
}

/// How to read files for a consolidation.
pub struct Reading<'a> {
    /// Limits per file.
    pub limits: &'a Limits,
    /// Where decoders run.
    pub isolation: &'a Isolation,
    /// Called after each file is read (progress bars).
    pub on_file: &'a (dyn Fn() + Sync),
}

/// Consolidates the workbooks `files` found under `deposits`.
pub fn consolidate(
    deposits: &Path,
    files: &[PathBuf],
    config: &Config,
    store: &Store,
    now: NaiveDateTime,
    reading: &Reading,
) -> Result<Consolidation> {
    let ctx = Context::new(config, now.date());
    let received = receive(deposits, files, store.archive(), &ctx, reading);
    assemble(received, &ctx, store, now, reading)
}

/// Reads, archives and checks `files` (found under `deposits`), in parallel.
/// SQLite connections are not shareable across threads: this touches only
/// the archive; the history is consulted by [`assemble`].
pub fn receive(
    deposits: &Path,
    files: &[PathBuf],
    archive: &Archive,
    ctx: &Context,
    reading: &Reading,
) -> Vec<Received> {
    let arrived: Vec<Arrived> = files
        .par_iter()
        .map(|p| arrive(p, relative(deposits, p), archive, reading.limits))
        .collect();
    let copies: Vec<(&str, &Path)> = arrived
        .iter()
        .filter_map(|a| {
            a.copy
                .as_ref()
                .ok()
                .map(|(_, p)| (a.rel.as_str(), p.as_path()))
        })
        .collect();
    let paths: Vec<&Path> = copies.iter().map(|(_, p)| *p).collect();
    let checked =
        crate::workbook::read_many(&paths, reading.limits, reading.isolation, &|i, read| {
            let s = validate::check_read(read, copies[i].0, ctx);
            (reading.on_file)();
            s
        });
    let mut checked = checked.into_iter();
    let received: Vec<Received> = arrived
        .into_iter()
        .map(|a| {
            let (hash, submission) = match a.copy {
                Ok((hash, _)) => (
                    Some(hash),
                    checked.next().unwrap_or_else(|| {
                        validate::unreadable(
                            &a.rel,
                            &ReadError::Internal("réponse du lecteur perdue".to_owned()),
                        )
                    }),
                ),
                Err(e) => {
                    (reading.on_file)();
                    (None, validate::unreadable(&a.rel, &e))
                }
            };
            Received {
                rel: a.rel,
                path: a.path,
                hash,
                extension: a.extension,
                size: a.size,
                modified: a.modified,
                submission,
                archive_failure: a.archive_failure,
            }
        })
        .collect();
    received
}

/// One current file per partner, the last readable version standing in for
/// an unreadable one, the registry's partners without a file: the
/// consolidation of files already received.
pub fn assemble(
    received: Vec<Received>,
    ctx: &Context,
    store: &Store,
    now: NaiveDateTime,
    reading: &Reading,
) -> Result<Consolidation> {
    let config = ctx.config;
    let problems = received.iter().filter_map(archive_problem).collect();
    // Attribute each file to a partner.
    let mut by_partner: std::collections::BTreeMap<String, Vec<Received>> = Default::default();
    let mut orphans = Vec::new();
    for r in received {
        let code = if !r.submission.partner.code.is_empty() {
            Some(r.submission.partner.code.clone())
        } else {
            config
                .partner_in_file_name(&r.rel)
                .map(|p| p.code.clone())
                .or(store.partner_of_path(&r.rel)?)
        };
        match code {
            Some(c) => by_partner.entry(c).or_default().push(r),
            None => orphans.push(r),
        }
    }

    let mut partners = Vec::new();
    for (code, mut files) in by_partner {
        // The most recent readable file first (an unreadable newer copy must
        // not hide a good one); ties broken by path for a stable choice.
        files.sort_by(|a, b| {
            b.submission
                .is_readable()
                .cmp(&a.submission.is_readable())
                .then(b.modified.cmp(&a.modified))
                .then(a.rel.cmp(&b.rel))
        });
        let mut files = files.into_iter();
        let Some(current) = files.next() else {
            continue;
        };
        let ignored: Vec<Received> = files.collect();
        partners.push(entry(code, current, ignored, config, store, ctx, reading)?);
    }
    for p in &config.partners {
        if !partners.iter().any(|e| e.code == p.code) {
            let state = if store.last_readable(&p.code)?.is_some() {
                PartnerState::Withdrawn
            } else {
                PartnerState::NeverSubmitted
            };
            partners.push(PartnerEntry {
                code: p.code.clone(),
                name: p.name.clone(),
                state,
                current: None,
                used: None,
                findings: Vec::new(),
                ignored: Vec::new(),
            });
        }
    }
    partners.sort_by(|a, b| a.code.cmp(&b.code));
    orphans.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(Consolidation {
        generated_at: now,
        partners,
        orphans,
        problems,
    })
}

/// The warning for a file whose copy could not be archived: nothing is
/// lost this time, but this version could not replace a later unreadable one.
fn archive_problem(r: &Received) -> Option<Finding> {
    let why = r.archive_failure.as_ref()?;
    Some(Finding {
        severity: Severity::Warning,
        code: Code::ArchiveFailed,
        file: r.rel.clone(),
        location: None,
        message: format!(
            "Ce fichier a été lu, mais sa copie n'a pas pu être conservée dans l'archive de ctg ({why}) : si un prochain dépôt de ce partenaire est illisible, cette version ne pourra pas le remplacer. Vérifiez la place disponible et les droits d'écriture sur le dossier .ctg, puis relancez la consolidation."
        ),
        suggestion: None,
    })
}

fn entry(
    code: String,
    current: Received,
    ignored: Vec<Received>,
    config: &Config,
    store: &Store,
    ctx: &Context,
    reading: &Reading,
) -> Result<PartnerEntry> {
    let mut findings = current.submission.findings.clone();
    let at = |r: &Received| r.modified.format("%d/%m/%Y à %H:%M").to_string();
    for other in &ignored {
        let message = if !other.submission.is_readable() && other.modified > current.modified {
            format!(
                "Le fichier « {} » (modifié le {}), plus récent, ne peut pas être lu : « {} » (modifié le {}) est utilisé pour le partenaire {code}. Corrigez « {} » ou retirez-le du dossier.",
                other.rel,
                at(other),
                current.rel,
                at(&current),
                other.rel
            )
        } else {
            format!(
                "Deux fichiers du dossier concernent le partenaire {code} : « {} » (modifié le {}) est retenu, « {} » (modifié le {}) est ignoré. Retirez du dossier le fichier périmé.",
                current.rel,
                at(&current),
                other.rel,
                at(other)
            )
        };
        findings.push(Finding {
            severity: Severity::Warning,
            code: Code::DuplicateFile,
            file: other.rel.clone(),
            location: None,
            message,
            suggestion: None,
        });
        // Why an ignored file could not be read is worth knowing too.
        if !other.submission.is_readable() {
            findings.extend(other.submission.findings.iter().cloned());
        }
    }
    let name = [&current.submission.partner.name]
        .into_iter()
        .find(|n| !n.is_empty())
        .cloned()
        .or_else(|| config.partner(&code).map(|p| p.name.clone()))
        .unwrap_or_default();
    let (state, used) = if current.submission.is_readable() {
        let errors = current.submission.count(Severity::Error) > 0;
        (
            if errors {
                PartnerState::WithErrors
            } else {
                PartnerState::UpToDate
            },
            Some(current.clone()),
        )
    } else {
        match store.last_readable(&code)? {
            Some(version) => {
                let display = format!(
                    "{} (version du {})",
                    version.path,
                    version.received_at.format("%d/%m/%Y")
                );
                let submission = validate::check_file(
                    &version.archived,
                    &display,
                    ctx,
                    reading.limits,
                    reading.isolation,
                );
                findings.push(Finding {
                    severity: Severity::Warning,
                    code: Code::PreviousVersionUsed,
                    file: current.rel.clone(),
                    location: None,
                    message: format!(
                        "Le fichier actuel ne peut pas être lu : la dernière version lisible, « {} », reçue le {}, est utilisée à sa place jusqu'au dépôt d'un fichier corrigé.",
                        version.path,
                        version.received_at.format("%d/%m/%Y à %H:%M")
                    ),
                    suggestion: None,
                });
                findings.extend(submission.findings.iter().cloned());
                let used = Received {
                    rel: display,
                    path: version.archived.clone(),
                    hash: Some(version.hash.clone()),
                    extension: version
                        .archived
                        .extension()
                        .map(|e| e.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    size: 0,
                    modified: version.received_at,
                    submission,
                    archive_failure: None,
                };
                (
                    PartnerState::PreviousVersion(version.received_at),
                    Some(used),
                )
            }
            None => (PartnerState::Unreadable, None),
        }
    };
    Ok(PartnerEntry {
        code,
        name,
        state,
        current: Some(current),
        used,
        findings,
        ignored: ignored.into_iter().map(|r| r.rel).collect(),
    })
}
