//! One module per subcommand, named after the French command, each with
//! its clap arguments and a short `run` that calls the library and returns
//! the process exit code. This module holds what they share: the shared
//! folder argument and the global options.

pub mod avis;
pub mod comparer;
pub mod consolider;
pub mod controler;
pub mod fiches;
pub mod historique;
pub mod init;
pub mod modele;
pub mod rapport;
pub mod restaurer;
pub mod sauvegarder;
pub mod surveiller;
pub mod verifier;

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::error::Result;
use crate::folder::Layout;
use crate::referentiel::{Config, ConfigSource, load_config};

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
