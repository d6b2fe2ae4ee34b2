//! `ctg surveiller [DOSSIER]`: keeps every output in sync with the shared
//! folder while partners save their workbooks.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::{Folder, Global};
use crate::error::{Error, Result};
use crate::referentiel::ConfigSource;
use crate::watch::{self, Options};
use crate::workbook::Isolation;

/// Arguments of `ctg surveiller`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub folder: Folder,
    /// Relire le dossier toutes les SECONDES (2 par défaut) au lieu d'attendre les notifications : pour un partage réseau (ctg le fait seul quand il en détecte un).
    #[arg(long, value_name = "SECONDES", num_args = 0..=1, default_missing_value = "2")]
    pub poll: Option<f64>,
    /// Temps, en secondes, pendant lequel un fichier doit rester inchangé avant d'être lu (1 par défaut).
    #[arg(long = "delai", value_name = "SECONDES", default_value_t = 1.0)]
    pub settle: f64,
    /// Afficher aussi les événements mineurs (fichiers temporaires, enregistrements sans modification).
    #[arg(short = 'v', long = "verbeux")]
    pub verbose: bool,
}

fn seconds(value: f64, what: &str) -> Result<Duration> {
    Duration::try_from_secs_f64(value).map_err(|_| {
        Error::Usage(format!(
            "{what} : « {value} » n'est pas un nombre de secondes valide."
        ))
    })
}

/// Runs the command until Ctrl-C or SIGTERM; returns the exit code.
pub fn run(args: &Args, global: &Global, isolation: &Isolation) -> Result<i32> {
    let (layout, config, source) = args.folder.open()?;
    let poll = match args.poll {
        Some(s) => Some(seconds(s, "--poll")?.max(Duration::from_millis(100))),
        None => None,
    };
    let options = Options {
        poll,
        settle: seconds(args.settle, "--delai")?,
        verbose: args.verbose,
        lock_wait: Duration::from_secs(60),
        today: global.forced_today,
        config_file: match source {
            ConfigSource::File(path) => Some(path),
            ConfigSource::Embedded => None,
        },
    };
    // Ctrl-C and SIGTERM end the loop once the current run is written.
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
        .map_err(|e| Error::Usage(format!("Impossible d'intercepter Ctrl-C : {e}.")))?;
    watch::run(&layout, config, isolation, &options, &stop)?;
    Ok(0)
}
