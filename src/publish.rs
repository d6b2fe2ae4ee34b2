//! Publishing a consolidation: comparing it with the previous run, writing
//! every output (each atomically), then recording the run in the history.
//! What `ctg consolider` and the watcher share.
//!
//! A run whose inputs are those of the latest run (the same file versions,
//! configuration and findings: a watcher started again, `ctg consolider`
//! run twice, a `ctg.toml` saved without a change) is not recorded again:
//! the history would fill with copies, and its numbers, which
//! `ctg rapport --depuis-run` takes, would stop meaning anything. Its
//! outputs are still written, and are those of the run it repeats: missing
//! or stale documents come back as they were.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use crate::changes::{self, ChangeReport};
use crate::consolidate::Consolidation;
use crate::error::Result;
use crate::evaluation::{self, Campaign};
use crate::folder::{DASHBOARD, Layout};
use crate::model::Snapshot;
pub use crate::outputs::Recorded;
use crate::outputs::Written;
use crate::outputs::consolidated as workbook;
use crate::outputs::pages::{dashboard, feedback, orphan};
use crate::outputs::report::changes as render;
use crate::outputs::template::{self, Mark, TemplateSpec};
use crate::referentiel::{Config, Partner};
use crate::store::{PartnerRecord, RunInfo, RunWriter, Store, content_key, hash_bytes, run_label};

/// How the change report of a run is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFile {
    /// `modifications-AAAA-MM-JJ-HHMM-consolidation-N`: one report per
    /// consolidation, named after its time and number.
    Dated,
    /// `modifications-derniere`, rewritten at each run: the watcher runs at
    /// every save, and the history keeps every change (`ctg rapport`).
    Latest,
}

impl ReportFile {
    /// The file name, without extension, of the report of run `id` started
    /// at `at` (as the history holds it, which may not be readable).
    fn stem(self, id: i64, at: Option<NaiveDateTime>) -> String {
        match (self, at) {
            (ReportFile::Latest, _) => "modifications-derniere".to_owned(),
            (ReportFile::Dated, Some(at)) => format!(
                "modifications-{}-consolidation-{id}",
                at.format("%Y-%m-%d-%H%M")
            ),
            (ReportFile::Dated, None) => format!("modifications-consolidation-{id}"),
        }
    }
}

/// A consolidation published.
pub struct Published {
    /// What was written.
    pub written: Written,
    /// The changes since the run compared with (none for the first run).
    pub report: Option<ChangeReport>,
    /// What the history holds of it.
    pub recorded: Recorded,
}

/// Ends a consolidation: compares it with the `previous` run (none for the
/// first of a folder), writes every output, then records it in the history
/// (last, so that a run killed before leaves the history as it was). A run
/// that repeats the latest one is compared with the run before that one,
/// and not recorded.
pub fn conclude(
    c: &Consolidation,
    config: &Config,
    layout: &Layout,
    store: &mut Store,
    previous: Option<&RunInfo>,
    finished: NaiveDateTime,
    naming: ReportFile,
) -> Result<Published> {
    // This run's files are read and archived: what is left is a killed run's.
    for dir in [
        layout.output.as_path(),
        &layout.feedback,
        store.archive().dir(),
    ] {
        crate::fs::remove_stale_temporaries(dir);
    }
    let config_hash = config_hash(config);
    // Read before the run is staged, which holds the history until done.
    let old = match previous {
        Some(run) => Some(Previous::read(store, run, c, &config_hash)?),
        None => None,
    };
    let run = stage(store, c, &config_hash)?;
    let Some(repeated) = run.repeats()? else {
        let id = run.run_id();
        let label = run_label(id, Some(c.generated_at));
        let report = old.map(|old| old.compare(c, label, config));
        let stem = naming.stem(id, Some(c.generated_at));
        let written = publish(c, config, layout, report.as_ref(), &stem)?;
        run.finish(finished)?;
        return Ok(Published {
            written,
            report,
            recorded: Recorded::New(id),
        });
    };
    drop(run);
    let runs = store.runs()?;
    let position = runs.iter().position(|r| r.id == repeated);
    let (Some(latest), before) = (
        position.and_then(|i| runs.get(i)),
        position
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| runs.get(i)),
    ) else {
        return Err(crate::error::Error::Usage(format!(
            "La consolidation n° {repeated} de l'historique est introuvable juste après avoir été lue : relancez la commande."
        )));
    };
    let report = match before {
        Some(run) => {
            Some(Previous::read(store, run, c, &config_hash)?.compare(c, latest.label(), config))
        }
        None => None,
    };
    let stem = naming.stem(latest.id, latest.started());
    let written = publish(c, config, layout, report.as_ref(), &stem)?;
    Ok(Published {
        written,
        report,
        recorded: Recorded::Repeat {
            id: latest.id,
            label: latest.label(),
        },
    })
}

/// What a consolidation compares with: the plan an earlier run recorded,
/// read only for the partners whose plan may have changed since. A partner
/// with the same content (same file version, configuration and ctg
/// version: the content key says it), state and name has nothing to
/// report; reading and comparing every partner made a repeated run slower
/// than the first.
struct Previous {
    /// The earlier plan, without the partners left as they were.
    plan: Snapshot,
    /// The partners left as they were.
    unchanged: BTreeSet<String>,
}

impl Previous {
    fn read(
        store: &Store,
        run: &RunInfo,
        c: &Consolidation,
        config_hash: &str,
    ) -> Result<Previous> {
        let mut unchanged = BTreeSet::new();
        for s in store.states_of(run)? {
            let Some(p) = c.partners.iter().find(|p| p.code == s.partner) else {
                continue;
            };
            if p.state.code() != s.state || p.name != s.name {
                continue;
            }
            // The content this run will record: none without a version used
            // (or its hash), as RunWriter::partner does.
            let content = match p.used.as_ref().and_then(|u| u.hash.as_deref()) {
                Some(used) => match store.content_id(&content_key(&p.code, used, config_hash))? {
                    Some(id) => Some(id),
                    // Never recorded: new content.
                    None => continue,
                },
                None => None,
            };
            if content == s.content_id {
                unchanged.insert(s.partner);
            }
        }
        let held: HashSet<&str> = c
            .partners
            .iter()
            .filter(|p| unchanged.contains(&p.code))
            .flat_map(|p| p.actions().iter().map(|a| a.number.as_str()))
            .collect();
        let plan = store.partial_snapshot(
            run,
            |s| !unchanged.contains(&s.partner),
            |n| held.contains(n),
        )?;
        Ok(Previous { plan, unchanged })
    }

    /// The changes from this earlier plan to `c`, named after its run
    /// (`label`).
    fn compare(&self, c: &Consolidation, label: String, config: &Config) -> ChangeReport {
        let new = Snapshot {
            label,
            ..c.partial_snapshot(|p| !self.unchanged.contains(&p.code))
        };
        let title = |partner: &str, number: &str| {
            let p = c.partners.iter().find(|p| p.code == partner)?;
            let a = p.actions().iter().find(|a| a.number == number)?;
            Some(a.title.clone())
        };
        changes::compare_with(
            &self.plan,
            &new,
            &config.referentiel,
            &config.changes,
            title,
        )
    }
}

/// The hash of the configuration a run is made with.
fn config_hash(config: &Config) -> String {
    hash_bytes(serde_json::to_string(config).unwrap_or_default().as_bytes())
}

/// Writes every output of a consolidation, each atomically; the change
/// report, when something changed, as `stem.md` and `stem.json`.
pub fn publish(
    c: &Consolidation,
    config: &Config,
    layout: &Layout,
    changes: Option<&ChangeReport>,
    stem: &str,
) -> Result<Written> {
    let workbook_path = layout.output.join(&config.output_workbook);
    let sheet = changes.map_or(workbook::Changes::FirstRun, workbook::Changes::Since);
    // A report is written only when something changed: no empty noise.
    let report_path = changes
        .filter(|r| !r.is_empty())
        .map(|_| layout.output.join(format!("{stem}.md")));
    // The workbook is the longest to write: the pages are written meanwhile.
    let (written, pages) = rayon::join(
        || workbook::write(&workbook_path, c, config, sheet),
        || -> Result<(usize, PathBuf)> {
            if let (Some(report), Some(md)) = (changes, &report_path) {
                write_report(report, &config.referentiel, md)?;
            }
            // The results campaign of the last year over, if one is over.
            let r = &config.referentiel;
            let campaign = evaluation::campaign_year(c.generated_at.date(), &r.convention)
                .map(|year| Campaign::of(c, r, year));
            let report = report_path.as_deref();
            write_pages(c, config, layout, changes, report, campaign.as_ref())
        },
    );
    written?;
    let (feedback_count, dashboard_path) = pages?;
    Ok(Written {
        workbook: workbook_path,
        report: report_path,
        dashboard: dashboard_path,
        feedback_dir: layout.feedback.clone(),
        feedback: feedback_count,
    })
}

/// Writes the feedback pages and the status page, with the results
/// `campaign` under way (by default the last year over's; `ctg evaluation`
/// names another), the `changes` of the run and its change report's path.
/// Returns how many feedback pages were written and the status page's path.
pub fn write_pages(
    c: &Consolidation,
    config: &Config,
    layout: &Layout,
    changes: Option<&ChangeReport>,
    report: Option<&Path>,
    campaign: Option<&Campaign>,
) -> Result<(usize, PathBuf)> {
    let feedback_count = write_feedback(c, config, layout, campaign)?;
    let links = dashboard::Links {
        feedback: layout.feedback_href(),
        report: report
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned()),
    };
    let dashboard_path = layout.output.join(DASHBOARD);
    let page = dashboard::render(c, config, changes, &links, campaign);
    crate::fs::write_atomic(&dashboard_path, page.as_bytes())?;
    Ok((feedback_count, dashboard_path))
}

/// Writes the feedback pages: one per partner, those without a file too
/// (it says what is expected of them, and never keeps an outdated « à
/// jour »), and one per file whose partner could not be told, named after
/// the file. The pages of such files that have since left the folder or
/// found their partner are removed: they would tell something untrue.
fn write_feedback(
    c: &Consolidation,
    config: &Config,
    layout: &Layout,
    campaign: Option<&Campaign>,
) -> Result<usize> {
    for p in &c.partners {
        let page = feedback::render(p, c, config, campaign);
        crate::fs::write_atomic(
            &layout.feedback.join(feedback::file_name(&p.code)),
            page.as_bytes(),
        )?;
    }
    let names = orphan::file_names(&c.orphans);
    for (o, name) in c.orphans.iter().zip(&names) {
        let page = orphan::render(o, c, config);
        crate::fs::write_atomic(&layout.feedback.join(name), page.as_bytes())?;
    }
    remove_stale_orphan_pages(&layout.feedback, &names.iter().collect());
    Ok(c.partners.len() + names.len())
}

/// Removes the pages of files without partner that this run did not write.
/// Only ctg's own pages are touched (their name says so); one that cannot
/// be removed stays, to be removed by a later run.
fn remove_stale_orphan_pages(dir: &Path, written: &BTreeSet<&String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if orphan::is_page_name(&name) && !written.contains(&name) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// What `ctg evaluation` wrote.
pub struct CampaignFiles {
    /// `sortie/evaluation-AAAA.xlsx`.
    pub workbook: PathBuf,
    /// The pre-filled workbooks, one per partner with something to fill.
    pub templates: Vec<PathBuf>,
}

/// Writes the outputs of a results campaign, after the consolidation
/// `published`: the retour pages and the status page with its section, `sortie/evaluation-AAAA.xlsx`, and when
/// asked (`templates`) each concerned partner's pre-filled workbook in
/// `retours/`, the cells to fill highlighted.
pub fn write_campaign(
    c: &Consolidation,
    config: &Config,
    layout: &Layout,
    campaign: &Campaign,
    published: &Published,
    templates: bool,
) -> Result<CampaignFiles> {
    let r = &config.referentiel;
    let report = published.written.report.as_deref();
    write_pages(
        c,
        config,
        layout,
        published.report.as_ref(),
        report,
        Some(campaign),
    )?;
    let year = campaign.year;
    let workbook = layout.output.join(format!("evaluation-{year}.xlsx"));
    let bytes = workbook::build_campaign(campaign, r, c.generated_at)
        .map_err(|e| crate::error::Error::workbook(&workbook, &e))?;
    crate::fs::write_atomic(&workbook, &bytes)?;
    let mut written = Vec::new();
    for p in campaign
        .partners
        .iter()
        .filter(|p| templates && !p.gaps.is_empty())
    {
        let Some(entry) = c.partners.iter().find(|e| e.code == p.code) else {
            continue;
        };
        let partner = config.partner(&p.code).cloned().unwrap_or_else(|| Partner {
            code: p.code.clone(),
            name: p.name.clone(),
            contact: String::new(),
            email: String::new(),
            phone: String::new(),
        });
        let marks: Vec<Mark> = p
            .gaps
            .iter()
            .flat_map(|g| {
                g.cells.iter().map(move |cell| Mark {
                    slot: cell.slot,
                    note: g.note(cell, year),
                })
            })
            .collect();
        let spec = TemplateSpec {
            partner: &partner,
            actions: entry.actions(),
            indicators: entry.indicators(),
            created: c.generated_at,
        };
        let path = layout
            .feedback
            .join(format!("modele-{}-evaluation-{year}.xlsx", p.code));
        template::write_marked(&path, &spec, r, &marks)?;
        written.push(path);
    }
    Ok(CampaignFiles {
        workbook,
        templates: written,
    })
}

/// Writes the change report as Markdown at `md`, and as JSON beside it.
fn write_report(
    report: &ChangeReport,
    r: &crate::referentiel::Referentiel,
    md: &Path,
) -> Result<()> {
    crate::fs::write_atomic(md, render::markdown(report, r).as_bytes())?;
    crate::fs::write_atomic(
        &md.with_extension("json"),
        render::json(report, r).as_bytes(),
    )?;
    Ok(())
}

/// Starts recording the run in the history: every file version seen and
/// every partner's record, in one transaction that only
/// [`RunWriter::finish`] commits.
fn stage<'a>(store: &'a mut Store, c: &Consolidation, config_hash: &str) -> Result<RunWriter<'a>> {
    let run = store.begin_run(c.generated_at, config_hash)?;
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
    Ok(run)
}

/// Records the run in the history, in one transaction, whatever the run
/// before it recorded; returns its number.
pub fn record(
    store: &mut Store,
    c: &Consolidation,
    config: &Config,
    finished: NaiveDateTime,
) -> Result<i64> {
    stage(store, c, &config_hash(config))?.finish(finished)
}
