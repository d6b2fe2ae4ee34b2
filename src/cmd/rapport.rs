//! `ctg rapport [DOSSIER] --depuis AAAA-MM-JJ` (or `--depuis-run N`): the
//! change report between the plan as it stood then and the latest
//! consolidation — « what moved since the last COPIL ».

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::changes;
use crate::error::{Error, Result};
use crate::history::{self, Since};
use crate::outputs::report::{Format, change_text, write_changes};
use crate::referentiel::load_config;
use crate::store::RunInfo;

/// Arguments of `ctg rapport`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Dossier partagé (par défaut : le dossier courant), ou dossier de sortie d'un simple dossier de classeurs consolidé avec --sortie.
    #[arg(value_name = "DOSSIER", default_value = ".")]
    pub folder: PathBuf,
    /// Point de départ : l'état du plan à cette date (dernière consolidation faite ce jour-là ou avant), par exemple la date du dernier COPIL ; AAAA-MM-JJ ou JJ/MM/AAAA.
    #[arg(
        long = "depuis",
        value_name = "AAAA-MM-JJ",
        value_parser = crate::cli::day,
        required_unless_present = "since_run",
        conflicts_with = "since_run"
    )]
    pub since: Option<NaiveDate>,
    /// Point de départ : la consolidation portant ce numéro (voir « ctg historique »).
    #[arg(long = "depuis-run", value_name = "N°")]
    pub since_run: Option<i64>,
    /// Forme du rapport : « texte » (par défaut), « md » (Markdown) ou « json ».
    #[arg(long, default_value = "texte", value_parser = Format::parser(&[Format::Text, Format::Md, Format::Json]))]
    pub format: Format,
    /// Écrire le rapport dans ce fichier plutôt qu'à l'écran.
    #[arg(short = 'o', long = "sortie", value_name = "FICHIER")]
    pub output: Option<PathBuf>,
    /// Fichier de configuration ctg.toml (par défaut : celui du dossier, sinon le référentiel intégré).
    #[arg(long, value_name = "CTG.TOML")]
    pub config: Option<PathBuf>,
}

/// Why a report from the latest run is empty, and, when a date led there,
/// the run to start from instead.
fn nothing_to_compare(args: &Args, runs: &[RunInfo], from: &RunInfo) -> String {
    let same = format!(
        "la consolidation de départ est aussi la plus récente ({}) ; il n'y a rien à comparer.",
        from.label()
    );
    let Some(date) = args.since else {
        return same;
    };
    match history::before_day(runs, date, from) {
        Some(earlier) => format!(
            "{same} Pour voir ce qui a changé depuis le début du {}, partez de {} : « ctg rapport {} --depuis-run {} ».",
            date.format("%d/%m/%Y"),
            earlier.label(),
            crate::fs::shell_arg(&args.folder),
            earlier.id
        ),
        None => format!("{same} C'est la seule consolidation de l'historique jusqu'à cette date."),
    }
}

/// Runs the command; returns the exit code.
pub fn run(args: &Args) -> Result<i32> {
    let (store, runs) = history::open(&args.folder)?;
    let (config, _) = load_config(args.config.as_deref(), &args.folder)?;
    let since = match (args.since, args.since_run) {
        (Some(date), _) => Since::Date(date),
        (None, Some(n)) => Since::Run(n),
        (None, None) => {
            return Err(Error::Usage(
                "Indiquez le point de départ du rapport : --depuis AAAA-MM-JJ ou --depuis-run N°."
                    .to_owned(),
            ));
        }
    };
    let from = history::starting_run(&runs, since)?;
    let Some(latest) = runs.last() else {
        return Err(Error::Usage("L'historique est vide.".to_owned()));
    };
    if from.id == latest.id {
        eprintln!("Remarque : {}", nothing_to_compare(args, &runs, from));
    }
    let report = changes::compare(
        &store.snapshot(from)?,
        &store.snapshot(latest)?,
        &config.referentiel,
        &config.changes,
    );
    match &args.output {
        Some(path) => {
            crate::folder::refuse_in_depots(path, "sortie")?;
            write_changes(&report, &config.referentiel, args.format, path)?;
            println!(
                "Rapport des modifications depuis la consolidation n° {} écrit : {}",
                from.id,
                path.display()
            );
        }
        None => print!("{}", change_text(&report, &config.referentiel, args.format)),
    }
    Ok(0)
}
