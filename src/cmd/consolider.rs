//! `ctg consolider [DOSSIER]`: the main job. Reads every partner workbook of
//! the shared folder and writes the consolidated workbook for the CAF, one
//! feedback page per partner, the status page, and the history.

use super::{Folder, Global};
use crate::error::Result;
use crate::outputs::report::summary::summary;
use crate::workbook::Isolation;

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
    let run =
        super::consolidate_folder(&args.folder, args.lock_wait, args.quiet, global, isolation)?;
    print!(
        "{}",
        summary(
            &run.consolidation,
            &run.published.written,
            run.published.report.as_ref(),
            &run.published.recorded,
            &run.source.describe(&run.config)
        )
    );
    Ok(0)
}
