//! One module per subcommand, named after the French command, each with
//! its clap arguments and a short `run` that calls the library and returns
//! the process exit code. This module holds what they share: the shared
//! folder argument and the global options.

pub mod avis;
pub mod comparer;
pub mod consolider;
pub mod controler;
pub mod evaluation;
pub mod exporter;
pub mod fiches;
pub mod historique;
pub mod init;
pub mod modele;
pub mod rapport;
pub mod restaurer;
pub mod sauvegarder;
pub mod surveiller;
pub mod verifier;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressStyle};

use crate::consolidate::{self, Consolidation, Reading};
use crate::error::{Error, Result};
use crate::folder::Layout;
use crate::folder::lock::FolderLock;
use crate::publish::{Published, ReportFile, conclude};
use crate::referentiel::{Config, ConfigSource, load_config};
use crate::store::Store;
use crate::workbook::{Isolation, Limits};

/// The shared folder and its configuration, as `consolider` and `surveiller`
/// take them.
#[derive(Debug, Clone, clap::Args)]
pub struct Folder {
    /// Dossier partagé préparé par « ctg init » (par défaut : le dossier courant), ou simple dossier de classeurs avec --sortie.
    #[arg(value_name = "DOSSIER", default_value = ".")]
    pub folder: PathBuf,
    /// Traiter DOSSIER comme un simple dossier de classeurs et écrire les résultats dans ce dossier.
    #[arg(long = "sortie", value_name = "DOSSIER_DE_SORTIE")]
    pub output: Option<PathBuf>,
    /// Fichier de configuration ctg.toml (par défaut : celui du dossier, sinon le référentiel intégré).
    #[arg(long, value_name = "CTG.TOML")]
    pub config: Option<PathBuf>,
}

impl Folder {
    /// Resolves the folder layout and loads the configuration that applies to it.
    pub fn open(&self) -> Result<(Layout, Config, ConfigSource)> {
        let layout = Layout::resolve(&self.folder, self.output.as_deref())?;
        let (config, source) = load_config(self.config.as_deref(), &layout.config_dir)?;
        Ok((layout, config, source))
    }
}

/// A consolidation made and published, with the lock on its folder still
/// held (a command may write more outputs before releasing it).
pub struct Consolidated {
    /// The folders.
    pub layout: Layout,
    /// The configuration used.
    pub config: Config,
    /// Where it came from.
    pub source: ConfigSource,
    /// The consolidation.
    pub consolidation: Consolidation,
    /// What was written and recorded.
    pub published: Published,
    /// The run lock, released when this is dropped.
    pub lock: FolderLock,
}

/// What a sub-folder of `depots/` that cannot be listed means for a run.
const UNLISTED: &str = "ctg ne voit pas les classeurs qu'il contient ; les partenaires dont le classeur s'y trouvait gardent leur dernière version lisible";

/// `ctg consolider`'s job, which `ctg evaluation` does first too: reads
/// every workbook of the folder (with a progress bar on a terminal unless
/// `quiet`), writes every output and records the run.
pub fn consolidate_folder(
    folder: &Folder,
    lock_wait: u64,
    quiet: bool,
    global: &Global,
    isolation: &Isolation,
) -> Result<Consolidated> {
    let (layout, config, source) = folder.open()?;
    let lock = crate::folder::lock::acquire(&layout.state, Duration::from_secs(lock_wait))?;
    let mut store = Store::open(&layout.state)?;
    let (files, problems) = crate::folder::scan::workbooks_in(&layout.deposits)
        .map_err(|e| Error::io("Impossible de lire le dossier", &layout.deposits, &e))?;
    let bar = if quiet || !std::io::stderr().is_terminal() {
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
    let previous = store.latest_run()?;
    let published = conclude(
        &c,
        &config,
        &layout,
        &mut store,
        previous.as_ref(),
        global.now(),
        ReportFile::Dated,
    )?;
    Ok(Consolidated {
        layout,
        config,
        source,
        consolidation: c,
        published,
        lock,
    })
}

/// Options every subcommand accepts.
#[derive(Debug, Clone, clap::Args)]
pub struct Global {
    /// Date du jour utilisée par les contrôles de retard (AAAA-MM-JJ ; pour les essais).
    #[arg(
        long = "aujourdhui",
        global = true,
        hide = true,
        value_name = "AAAA-MM-JJ",
        value_parser = crate::cli::day
    )]
    pub forced_today: Option<NaiveDate>,
}

impl Global {
    /// Today, or the date forced on the command line.
    pub fn today(&self) -> NaiveDate {
        self.now().date()
    }

    /// Now (local time), or midnight of the date forced on the command line
    /// (so that test runs are reproducible to the byte).
    pub fn now(&self) -> chrono::NaiveDateTime {
        match self.forced_today {
            Some(d) => d.and_time(chrono::NaiveTime::MIN),
            None => {
                let now = chrono::Local::now().naive_local();
                chrono::Timelike::with_nanosecond(&now, 0).unwrap_or(now)
            }
        }
    }
}
