//! `ctg consolider [DOSSIER]`: the main job. Reads every partner workbook of
//! the shared folder and writes the consolidated workbook for the CAF, one
//! feedback page per partner, the status page, and the history.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use super::{Folder, Global};
use crate::changes::ChangeReport;
use crate::consolidate::{self, Consolidation, Reading};
use crate::error::{Error, Result};
use crate::finding::Severity;
use crate::publish::{ReportFile, Written, conclude};
use crate::store::Store;
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

/// Runs the command; returns the exit code.
pub fn run(args: &Args, global: &Global, isolation: &Isolation) -> Result<i32> {
    let (layout, config, source) = args.folder.open()?;
    let _lock = crate::folder::lock::acquire(&layout.state, Duration::from_secs(args.lock_wait))?;
    let mut store = Store::open(&layout.state)?;
    let (files, problems) = crate::folder::scan::workbooks_in(&layout.deposits)
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
    c.problems.extend(
        problems
            .iter()
            .map(|(path, e)| crate::folder::scan::problem_finding(&layout.deposits, path, e)),
    );
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
            w.feedback_dir.display()
        ));
    }
    out
}
