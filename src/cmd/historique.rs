//! `ctg historique [DOSSIER]`: what the history of a shared folder holds —
//! the list of consolidations, every change of one action over time
//! (`--action`), or the file versions a partner sent (`--partenaire`).

use std::path::PathBuf;

use crate::error::Result;
use crate::history;
use crate::outputs::report::history as render;
use crate::referentiel::load_config;

/// Arguments of `ctg historique`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Dossier partagé (par défaut : le dossier courant), ou dossier de sortie d'un simple dossier de classeurs consolidé avec --sortie.
    #[arg(value_name = "DOSSIER", default_value = ".")]
    pub folder: PathBuf,
    /// Montrer chaque modification d'une action au fil des consolidations, par exemple MJCL-004.
    #[arg(long, value_name = "N°_ACTION", conflicts_with = "partner")]
    pub action: Option<String>,
    /// Montrer les versions de fichier déposées par un partenaire, par exemple MJCL.
    #[arg(long = "partenaire", value_name = "CODE")]
    pub partner: Option<String>,
    /// Lister toutes les consolidations (par défaut : les 50 dernières).
    #[arg(long = "toutes", conflicts_with_all = ["action", "partner"])]
    pub all: bool,
    /// Fichier de configuration ctg.toml (par défaut : celui du dossier, sinon le référentiel intégré).
    #[arg(long, value_name = "CTG.TOML")]
    pub config: Option<PathBuf>,
}

/// Runs the command; returns the exit code.
pub fn run(args: &Args) -> Result<i32> {
    let (store, runs) = history::open(&args.folder)?;
    let (config, _) = load_config(args.config.as_deref(), &args.folder)?;
    let out = match (&args.action, &args.partner) {
        (Some(number), _) => render::action(
            &history::action_timeline(&store, &config, number)?,
            &config.referentiel,
        ),
        (None, Some(code)) => render::submissions(&history::submissions(&store, code)?),
        (None, None) => render::run_list(
            &history::run_list(&store, &runs, &config, args.all)?,
            &args.folder,
        ),
    };
    print!("{out}");
    Ok(0)
}
