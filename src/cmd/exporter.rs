//! `ctg exporter [DOSSIER] -o DOSSIER`: the plan of the last consolidation
//! as open data, a Frictionless Data Package (`datapackage.json` and one
//! CSV per resource), with `--excel-fr` a copy French Excel opens.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::history;
use crate::outputs::export;
use crate::referentiel::load_config;

/// Arguments of `ctg exporter`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Dossier partagé (par défaut : le dossier courant), ou dossier de sortie d'un simple dossier de classeurs consolidé avec --sortie.
    #[arg(value_name = "DOSSIER", default_value = ".")]
    pub folder: PathBuf,
    /// Dossier où écrire les données (par défaut : sortie/donnees-ouvertes du dossier partagé).
    #[arg(short = 'o', long = "sortie", value_name = "DOSSIER_EXPORT")]
    pub output: Option<PathBuf>,
    /// Écrire aussi, dans excel/, une copie que la version française d'Excel ouvre d'un double-clic (séparateur « ; », virgule décimale).
    #[arg(long = "excel-fr")]
    pub excel_fr: bool,
    /// Fichier de configuration ctg.toml (par défaut : celui du dossier, sinon le référentiel intégré).
    #[arg(long, value_name = "CTG.TOML")]
    pub config: Option<PathBuf>,
}

/// Runs the command; returns the exit code.
pub fn run(args: &Args) -> Result<i32> {
    let (store, runs) = history::open(&args.folder)?;
    let (config, _) = load_config(args.config.as_deref(), &args.folder)?;
    let Some(latest) = runs.last() else {
        return Err(Error::Usage("L'historique est vide.".to_owned()));
    };
    let plan = store.snapshot(latest)?;
    let dir = args.output.clone().unwrap_or_else(|| {
        let output = args.folder.join("sortie");
        if output.is_dir() {
            output
        } else {
            args.folder.clone()
        }
        .join("donnees-ouvertes")
    });
    // The folder itself must not be depots/ either: checked through a file in it.
    crate::folder::refuse_in_depots(&dir.join("datapackage.json"), "sortie")?;
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::io("Impossible de créer le dossier", &dir, &e))?;
    let done = export::write(&dir, &plan, &config, args.excel_fr)?;
    let rows: Vec<String> = done
        .rows
        .iter()
        .map(|(name, n)| format!("{name} : {n}"))
        .collect();
    println!(
        "Données de la consolidation n° {} exportées dans {} ({}) : {}",
        latest.id,
        dir.display(),
        rows.join(", "),
        done.descriptor.display()
    );
    if args.excel_fr {
        println!("Copie pour Excel : {}", dir.join("excel").display());
    }
    Ok(0)
}
