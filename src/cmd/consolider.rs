//! `ctg consolider [DOSSIER]`: the main job. Reads every partner workbook of
//! the shared folder and writes the consolidated workbook for the CAF, one
//! feedback page per partner, the status page, and the history.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use super::{Folder, Global};
use crate::changes::{self, ChangeReport, Snapshot};
use crate::consolidate::{self, Consolidation, Reading};
use crate::error::{Error, Result};
use crate::finding::Severity;
use crate::layout::{DASHBOARD, Layout};
use crate::outputs::{dashboard, feedback, workbook};
use crate::referentiel::Config;
use crate::store::{PartnerRecord, Store, hash_bytes};
use crate::text::count;
use crate::workbook::{Isolation, Limits};

/// Arguments of `ctg consolider`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub folder: Folder,
    /// Attente maximale, en secondes, si une autre consolidation est en cours sur le dossier.
    #[arg(long = "attente", value_name = "SECONDES", default_value_t = 60)]
    pub lock_wait: u64,
    /// N'afficher que le bilan final.
    #[arg(short = 'q', long = "silencieux")]
    pub quiet: bool,
}

/// What a run wrote, for the summary.
pub struct Written {
    /// The consolidated workbook.
    pub workbook: PathBuf,
    /// The change report (Markdown; JSON beside it), when something changed.
    pub report: Option<PathBuf>,
    /// The status page.
    pub dashboard: PathBuf,
    /// The feedback folder.
    pub retours: PathBuf,
    /// Feedback files written.
    pub feedback: usize,
}

/// Runs the command; returns the exit code.
pub fn run(args: &Args, global: &Global, isolation: &Isolation) -> Result<i32> {
    let (layout, config, source) = args.folder.open()?;
    let _lock = crate::lock::acquire(&layout.state, Duration::from_secs(args.lock_wait))?;
    let mut store = Store::open(&layout.state)?;
    let (files, problems) = crate::scan::workbooks_in(&layout.deposits)
        .map_err(|e| Error::io("Impossible de lire le dossier", &layout.deposits, &e))?;
    let bar = if args.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::new(files.len() as u64);
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} Lecture des classeurs {bar:30} {pos}/{len}")
        {
            bar.set_style(style);
        }
        bar
    };
    let limits = Limits::default();
    let on_file = || bar.inc(1);
    let reading = Reading {
        limits: &limits,
        isolation,
        on_file: &on_file,
    };
    let mut c = consolidate::consolidate(
        &layout.deposits,
        &files,
        &config,
        &store,
        global.now(),
        &reading,
    )?;
    c.problems = problems
        .iter()
        .map(|(path, e)| crate::scan::problem_finding(&layout.deposits, path, e))
        .collect();
    bar.finish_and_clear();
    let previous = match store.latest_run()? {
        Some(run) => Some(store.snapshot(&run)?),
        None => None,
    };
    let (written, report) = conclude(
        &c,
        &config,
        &layout,
        &mut store,
        previous.as_ref(),
        global.now(),
        ReportFile::Dated,
    )?;
    print!(
        "{}",
        summary(&c, &written, report.as_ref(), &source.describe(&config))
    );
    Ok(0)
}

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
        crate::output::remove_stale_temporaries(dir);
    }
    let report = previous.map(|old| {
        changes::compare(
            old,
            &Snapshot::of_consolidation(c),
            &config.referentiel,
            &config.changes,
        )
    });
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
                crate::output::write_atomic(
                    &layout.feedback.join(feedback::file_name(&p.code)),
                    page.as_bytes(),
                )?;
                feedback_count += 1;
            }
            let dashboard_path = layout.output.join(DASHBOARD);
            crate::output::write_atomic(&dashboard_path, dashboard::render(c, config).as_bytes())?;
            Ok((report, feedback_count, dashboard_path))
        },
    );
    written?;
    let (report, feedback_count, dashboard_path) = pages?;
    Ok(Written {
        workbook: workbook_path,
        report,
        dashboard: dashboard_path,
        retours: layout.feedback.clone(),
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
    crate::output::write_atomic(&md, changes::render::markdown(report, r).as_bytes())?;
    crate::output::write_atomic(
        &dir.join(format!("{name}.json")),
        changes::render::json(report, r).as_bytes(),
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

fn summary(
    c: &Consolidation,
    w: &Written,
    changes: Option<&ChangeReport>,
    referentiel: &str,
) -> String {
    // Singular and plural: « 3 jamais déposé » or « illisible(s) » read badly.
    const STATES: [(&str, &str, &str); 6] = [
        ("a_jour", "à jour", "à jour"),
        ("avec_erreurs", "avec erreurs", "avec erreurs"),
        (
            "version_precedente",
            "illisible, version précédente utilisée",
            "illisibles, version précédente utilisée",
        ),
        (
            "illisible",
            "illisible sans version utilisable",
            "illisibles sans version utilisable",
        ),
        (
            "jamais_depose",
            "n'a jamais déposé de fichier",
            "n'ont jamais déposé de fichier",
        ),
        ("retire", "a retiré son fichier", "ont retiré leur fichier"),
    ];
    let states: Vec<String> = STATES
        .iter()
        .filter_map(|(code, one, many)| {
            let n = c
                .partners
                .iter()
                .filter(|p| p.state.code() == *code)
                .count();
            (n > 0).then(|| count(n, one, many))
        })
        .collect();
    let errors: usize = c
        .findings()
        .iter()
        .filter(|(_, f)| f.severity == Severity::Error)
        .count();
    let warnings: usize = c
        .findings()
        .iter()
        .filter(|(_, f)| f.severity == Severity::Warning)
        .count();
    let rejected: usize = c
        .partners
        .iter()
        .filter_map(|p| p.used.as_ref())
        .map(|u| u.submission.rejected.len())
        .sum();
    let mut out = format!("Consolidation terminée — {referentiel}\n");
    out.push_str(&format!(
        "  {} : {}\n",
        count(c.partners.len(), "partenaire", "partenaires"),
        states.join(", ")
    ));
    if !c.orphans.is_empty() {
        out.push_str(&format!(
            "  {} dont le partenaire n'a pas pu être identifié\n",
            count(c.orphans.len(), "fichier", "fichiers")
        ));
    }
    out.push_str(&format!(
        "  {}, {}, {} ; {} et {}\n",
        count(c.actions().len(), "action", "actions"),
        count(c.indicators().len(), "indicateur", "indicateurs"),
        count(rejected, "ligne à corriger", "lignes à corriger"),
        count(errors, "erreur", "erreurs"),
        count(warnings, "avertissement", "avertissements"),
    ));
    match (changes, &w.report) {
        (None, _) => out
            .push_str("  Modifications : première consolidation de ce dossier, rien à comparer.\n"),
        (Some(r), Some(path)) => out.push_str(&format!(
            "  Modifications depuis {} : {} (rapport : {})\n",
            r.since,
            count(
                r.partners.len(),
                "partenaire concerné",
                "partenaires concernés"
            ),
            path.display()
        )),
        (Some(r), None) => out.push_str(&format!("  Aucune modification depuis {}.\n", r.since)),
    }
    out.push_str(&format!(
        "  Classeur consolidé : {}\n",
        w.workbook.display()
    ));
    out.push_str(&format!("  Tableau de bord : {}\n", w.dashboard.display()));
    if w.feedback > 0 {
        out.push_str(&format!(
            "  Retours aux partenaires : {} dans {}\n",
            count(w.feedback, "fichier", "fichiers"),
            w.retours.display()
        ));
    }
    out
}
