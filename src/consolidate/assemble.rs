//! From the files received to the plan: one current file per partner, the
//! last readable version standing in for an unreadable one, the partners of
//! the registry that sent nothing.

use chrono::NaiveDateTime;

use crate::error::Result;
use crate::finding::{Code, Finding, Severity};
use crate::referentiel::Config;
use crate::store::Store;
use crate::validate::{self, Context};

use super::joint::{JointPlan, PartnerRows};
use super::receive::Reading;
use super::{Committee, Consolidation, PartnerEntry, PartnerState, Received};

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
        match attribute(&r, config, store)? {
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
    let joint = joint_plan(&mut partners);
    Ok(Consolidation {
        generated_at: now,
        partners,
        orphans,
        problems,
        // Read once the plan is known: decisions are checked against it.
        committee: Committee::default(),
        joint,
    })
}

/// Resolves the actions carried by several partners, and gives each
/// partner the findings about its own rows.
fn joint_plan(partners: &mut [PartnerEntry]) -> JointPlan {
    let plans: Vec<PartnerRows> = partners
        .iter()
        .map(|p| PartnerRows {
            code: &p.code,
            name: &p.name,
            file: p.used.as_ref().map_or("", |u| u.submission.file.as_str()),
            table: p
                .used
                .as_ref()
                .and_then(|u| u.submission.layout.actions.as_ref()),
            actions: p.actions(),
        })
        .collect();
    let joint = JointPlan::analyse(&plans);
    for p in partners.iter_mut() {
        p.findings.extend(joint.findings_for(&p.code).cloned());
    }
    joint
}

/// The partner a file belongs to: the code its Partenaire sheet gives, or
/// else the one its name carries, or else the one the history last
/// attributed its path to; none when nothing tells.
pub fn attribute(r: &Received, config: &Config, store: &Store) -> Result<Option<String>> {
    if !r.submission.partner.code.is_empty() {
        return Ok(Some(r.submission.partner.code.clone()));
    }
    match config.partner_in_file_name(&r.rel) {
        Some(p) => Ok(Some(p.code.clone())),
        None => store.partner_of_path(&r.rel),
    }
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
            "Ce fichier a été lu, mais sa copie n'a pas pu être conservée dans l'archive du dossier partagé ({why}) : si un prochain dépôt de ce partenaire est illisible, cette version ne pourra pas le remplacer. Vérifiez la place disponible et les droits d'écriture sur le dossier .ctg, puis relancez la consolidation."
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
            // The same version: its content is shared, not copied.
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
                        "Le fichier actuel ne peut pas être lu : la dernière version lisible, « {} », enregistrée le {}, est utilisée à sa place jusqu'au dépôt d'un fichier corrigé.",
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
                    submission: std::sync::Arc::new(submission),
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
