//! `ctg consolider [DOSSIER]`: the main job. Reads every partner workbook of
//! the shared folder and writes the consolidated workbook for the CAF, one
//! feedback page per partner, the status page, and the history.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use super::{Folder, Global};
use crate::consolidate::{self, Reading};
use crate::error::{Error, Result};
use crate::outputs::report::summary::summary;
use crate::publish::{ReportFile, conclude};
use crate::store::Store;
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

/// What a sub-folder of `depots/` that cannot be listed means for a run.
const UNLISTED: &str = "ctg ne voit pas les classeurs qu'il contient ; les partenaires dont le classeur s'y trouvait gardent leur dernière version lisible";

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
    let inputs = consolidate::Inputs {
        deposits: &layout.deposits,
        files: &files,
        unlisted: &problems,
        coordination: &layout.coordination,
    };
    let mut c = consolidate::consolidate(&inputs, &config, &store, global.now(), &reading)?;
    c.problems.extend(problems.iter().map(|(path, e)| {
        crate::folder::scan::problem_finding(&layout.deposits, path, e, UNLISTED)
    }));
    bar.finish_and_clear();
    let previous = match store.latest_run()? {
        Some(run) => Some(store.snapshot(&run)?),
        None => None,
    };
    let published = conclude(
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
        summary(
            &c,
            &published.written,
            published.report.as_ref(),
            &published.recorded,
            &source.describe(&config)
        )
    );
    Ok(0)
}
