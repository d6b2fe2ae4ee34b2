//! Publishing a consolidation: comparing it with the previous run, writing
//! every output (each atomically), then recording the run in the history.
//! What `ctg consolider` and the watcher share.

use std::path::PathBuf;

use crate::changes::{self, ChangeReport};
use crate::consolidate::Consolidation;
use crate::error::Result;
use crate::folder::{DASHBOARD, Layout};
use crate::model::Snapshot;
use crate::outputs::Written;
use crate::outputs::consolidated as workbook;
use crate::outputs::pages::{dashboard, feedback};
use crate::outputs::report::changes as render;
use crate::referentiel::Config;
use crate::store::{PartnerRecord, Store, hash_bytes};

/// How the change report of a run is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFile {
    /// `modifications-AAAA-MM-JJ-HHMM`: one report per consolidation.
    Dated,
    /// `modifications-derniere`, rewritten at each run: the watcher runs at
    /// every save, and the history keeps every change (`ctg rapport`).
    Latest,
}

/// Ends a consolidation: compares it with the `previous` one (none for the
/// first of a folder), writes every output, then records it in the history
/// (last, so that a run killed before leaves the history as it was).
pub fn conclude(
    c: &Consolidation,
    config: &Config,
    layout: &Layout,
    store: &mut Store,
    previous: Option<&Snapshot>,
    finished: chrono::NaiveDateTime,
    naming: ReportFile,
) -> Result<(Written, Option<ChangeReport>)> {
    // This run's files are read and archived: what is left is a killed run's.
    for dir in [
        layout.output.as_path(),
        &layout.feedback,
        store.archive().dir(),
    ] {
        crate::fs::remove_stale_temporaries(dir);
    }
    let report = previous
        .map(|old| changes::compare(old, &c.snapshot(), &config.referentiel, &config.changes));
    let written = publish(c, config, layout, report.as_ref(), naming)?;
    record(store, c, config, finished)?;
    Ok((written, report))
}

/// Writes every output of a consolidation, each atomically.
pub fn publish(
    c: &Consolidation,
    config: &Config,
    layout: &Layout,
    changes: Option<&ChangeReport>,
    naming: ReportFile,
) -> Result<Written> {
    let workbook_path = layout.output.join(&config.output_workbook);
    let sheet = changes.map_or(workbook::Changes::FirstRun, workbook::Changes::Since);
    // The workbook is the longest to write: the pages are written meanwhile.
    let (written, pages) = rayon::join(
        || workbook::write(&workbook_path, c, config, sheet),
        || -> Result<(Option<PathBuf>, usize, PathBuf)> {
            // A report is written only when something changed: no empty noise.
            let report = match changes.filter(|r| !r.is_empty()) {
                Some(report) => Some(write_report(
                    report,
                    &config.referentiel,
                    &layout.output,
                    c.generated_at,
                    naming,
                )?),
                None => None,
            };
            let mut feedback_count = 0;
            // Every partner gets a page, those without a file too: it says what
            // is expected of them, and never keeps an outdated « à jour ».
            for p in &c.partners {
                let page = feedback::render(p, c, config);
                crate::fs::write_atomic(
                    &layout.feedback.join(feedback::file_name(&p.code)),
                    page.as_bytes(),
                )?;
                feedback_count += 1;
            }
            let dashboard_path = layout.output.join(DASHBOARD);
            crate::fs::write_atomic(&dashboard_path, dashboard::render(c, config).as_bytes())?;
            Ok((report, feedback_count, dashboard_path))
        },
    );
    written?;
    let (report, feedback_count, dashboard_path) = pages?;
    Ok(Written {
        workbook: workbook_path,
        report,
        dashboard: dashboard_path,
        feedback_dir: layout.feedback.clone(),
        feedback: feedback_count,
    })
}

/// Writes the change report as Markdown and JSON, named after the time of
/// the consolidation; returns the Markdown file.
fn write_report(
    report: &ChangeReport,
    r: &crate::referentiel::Referentiel,
    dir: &std::path::Path,
    at: chrono::NaiveDateTime,
    naming: ReportFile,
) -> Result<PathBuf> {
    let name = match naming {
        ReportFile::Latest => "modifications-derniere".to_owned(),
        ReportFile::Dated => {
            let stem = format!("modifications-{}", at.format("%Y-%m-%d-%H%M"));
            // Two runs in the same minute keep both reports.
            let mut name = stem.clone();
            let mut n = 2;
            while dir.join(format!("{name}.md")).exists() {
                name = format!("{stem}-{n}");
                n += 1;
            }
            name
        }
    };
    let md = dir.join(format!("{name}.md"));
    crate::fs::write_atomic(&md, render::markdown(report, r).as_bytes())?;
    crate::fs::write_atomic(
        &dir.join(format!("{name}.json")),
        render::json(report, r).as_bytes(),
    )?;
    Ok(md)
}

/// Records the run in the history, in one transaction.
pub fn record(
    store: &mut Store,
    c: &Consolidation,
    config: &Config,
    finished: chrono::NaiveDateTime,
) -> Result<i64> {
    let config_hash = hash_bytes(serde_json::to_string(config).unwrap_or_default().as_bytes());
    let run = store.begin_run(c.generated_at, &config_hash)?;
    let seen = c
        .partners
        .iter()
        .flat_map(|p| p.current.iter())
        .chain(c.orphans.iter());
    for r in seen {
        if let Some(hash) = &r.hash {
            run.file(hash, r.size, &r.extension, &r.rel, r.modified)?;
        }
    }
    for f in &c.committee.files {
        if let Some(hash) = &f.hash {
            run.file(hash, f.size, &f.extension, &f.rel, f.modified)?;
        }
    }
    run.decisions(&c.committee.decisions().cloned().collect::<Vec<_>>())?;
    for p in &c.partners {
        let used = p.used.as_ref();
        let empty = (&[][..], &[][..], &[][..]);
        let (actions, indicators, rejected) = used.map_or(empty, |u| {
            (
                &u.submission.actions[..],
                &u.submission.indicators[..],
                &u.submission.rejected[..],
            )
        });
        run.partner(&PartnerRecord {
            partner: &p.code,
            name: &p.name,
            state: p.state.code(),
            path: p.current.as_ref().map(|r| r.rel.as_str()),
            file_hash: p.current.as_ref().and_then(|r| r.hash.as_deref()),
            used_hash: used.and_then(|u| u.hash.as_deref()),
            received_at: used.map(|u| u.modified),
            actions,
            indicators,
            rejected,
            findings: &p.findings,
        })?;
    }
    run.finish(finished)
}
