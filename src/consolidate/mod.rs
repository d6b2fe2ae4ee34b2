//! From a folder of partner files to one plan d'actions: one current file per
//! partner, checked; the last readable version standing in for an unreadable
//! one; every file version archived.

mod assemble;
mod committee;
pub mod joint;
mod receive;
mod unlisted;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDateTime;

use crate::error::Result;
use crate::finding::{Finding, Severity};
use crate::model::{Action, Indicator, PartnerPlan, Snapshot, Submission};
use crate::referentiel::Config;
use crate::store::Store;
use crate::validate::Context;
use joint::JointPlan;

pub use assemble::{assemble, attribute};
pub use committee::{Committee, MinutesFile, attach};
pub use receive::{Reading, receive};
pub use unlisted::out_of_sight;

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
    /// When it was last saved (local): its modification time on disk, or
    /// the earlier date its document properties record (see
    /// `workbook::properties`).
    pub modified: NaiveDateTime,
    /// What it holds: shared, not copied, when the current file is also
    /// the version used (a plan of 1,000 partners is hundreds of MB).
    pub submission: Arc<Submission>,
    /// Why its copy could not be kept in the archive, when it could not:
    /// the file is still read, but this version cannot stand in later.
    pub archive_failure: Option<String>,
}

/// Where a partner stands in this consolidation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartnerState {
    /// Its current file was read, without error (« lu sans erreur »: it
    /// says nothing of how recent the file is; see
    /// `analysis::freshness`).
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
            // Read without blocking error: not a word on how recent it is.
            PartnerState::UpToDate => "lu sans erreur".to_owned(),
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

    /// The number of the action a finding of this partner is about, when it
    /// is on a row of the actions or indicators table of its file.
    pub fn action_of(&self, f: &Finding) -> Option<&str> {
        [self.used.as_ref(), self.current.as_ref()]
            .into_iter()
            .flatten()
            .find_map(|r| r.submission.action_of(f))
    }

    /// The errors still to correct in one of its actions, kept with them
    /// (README, « Les actions gardées avec des erreurs »).
    pub fn errors_of<'a>(&'a self, action: &'a Action) -> Vec<&'a Finding> {
        self.used
            .as_ref()
            .map(|u| u.submission.errors_of(action).collect())
            .unwrap_or_default()
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
    /// The actions carried by several partners, and what is wrong with
    /// their links (each partner's findings are also in its own list).
    pub joint: JointPlan,
    /// The committee's decisions read from `coordination/`.
    pub committee: Committee,
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

    /// The accepted actions that still have errors to correct, with their
    /// partner, ordered by number.
    pub fn actions_to_correct(&self) -> Vec<(&PartnerEntry, &Action)> {
        self.actions()
            .into_iter()
            .filter(|(p, a)| !p.errors_of(a).is_empty())
            .collect()
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

    /// Every accepted action that counts in the totals, ordered by number:
    /// an action carried by several partners counts once, as its lead's row.
    pub fn counted_actions(&self) -> Vec<(&PartnerEntry, &Action)> {
        let mut all = self.actions();
        all.retain(|(_, a)| self.joint.is_counted(&a.number));
        all
    }

    /// The partners' rows one line of the plan stands for: the action
    /// alone, or every row of its joint action, the lead's first.
    pub fn rows_of<'a>(
        &'a self,
        p: &'a PartnerEntry,
        a: &'a Action,
    ) -> Vec<(&'a PartnerEntry, &'a Action)> {
        let Some(joint) = self.joint.of(&a.number) else {
            return vec![(p, a)];
        };
        joint
            .carriers()
            .filter_map(|c| {
                let partner = self.partners.iter().find(|x| x.code == c.partner)?;
                let action = partner.actions().iter().find(|x| x.number == c.number)?;
                Some((partner, action))
            })
            .collect()
    }

    /// Every finding, once: partners first (by code), then problems between
    /// two partners' rows (once for both), then files without partner.
    pub fn findings(&self) -> Vec<(&str, &Finding)> {
        let mut all: Vec<(&str, &Finding)> = self
            .partners
            .iter()
            .flat_map(|p| {
                p.findings
                    .iter()
                    .filter(|f| !f.code.concerns_two_partners())
                    .map(move |f| (p.code.as_str(), f))
            })
            .collect();
        all.extend(
            self.joint
                .shared_findings
                .iter()
                .map(|s| (s.partners.as_str(), &s.finding)),
        );
        all.extend(
            self.orphans
                .iter()
                .flat_map(|o| o.submission.findings.iter().map(|f| ("", f))),
        );
        all.extend(self.problems.iter().map(|f| ("", f)));
        all.extend(self.committee.findings().map(|f| ("", f)));
        all
    }
}

impl Consolidation {
    /// The plan as a consolidation made it.
    pub fn snapshot(&self) -> Snapshot {
        self.partial_snapshot(|_| true)
    }

    /// The plan as a consolidation made it, with the partners `wanted`
    /// keeps only (the committee's avis all stay).
    pub fn partial_snapshot(&self, wanted: impl Fn(&PartnerEntry) -> bool) -> Snapshot {
        let partners = self
            .partners
            .iter()
            .filter(|p| wanted(p))
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
            decisions: self.committee.standing.clone(),
        }
    }
}

/// What a consolidation reads: the folders and the files found in them.
pub struct Inputs<'a> {
    /// Where partners drop their workbooks.
    pub deposits: &'a Path,
    /// The workbooks found there.
    pub files: &'a [PathBuf],
    /// Sub-folders of `deposits` that could not be listed: the partners
    /// whose file was there keep their last readable version.
    pub unlisted: &'a [(PathBuf, std::io::Error)],
    /// The committee's workbooks (`coordination/`).
    pub coordination: &'a Path,
}

/// Consolidates the workbooks of `inputs`, with the committee's decisions.
pub fn consolidate(
    inputs: &Inputs,
    config: &Config,
    store: &Store,
    now: NaiveDateTime,
    reading: &Reading,
) -> Result<Consolidation> {
    let Inputs {
        deposits,
        files,
        unlisted,
        coordination,
    } = *inputs;
    let ctx = Context::new(config, now.date());
    let mut received = receive(deposits, files, store.archive(), &ctx, reading);
    received.extend(out_of_sight(deposits, unlisted, files, store)?);
    let mut c = assemble(received, &ctx, store, now, reading)?;
    attach(&mut c, coordination, store, &config.referentiel, reading)?;
    Ok(c)
}
