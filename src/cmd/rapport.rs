//! `ctg rapport [DOSSIER] --depuis AAAA-MM-JJ` (or `--depuis-run N`): the
//! change report between the plan as it stood then and the latest
//! consolidation — « what moved since the last COPIL ».

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveTime};

use super::{historique, load_config};
use crate::changes;
use crate::error::{Error, Result};
use crate::outputs::report::changes as render;
use crate::store::RunInfo;

/// Output format of the change report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable French text (terminal).
    #[value(name = "texte")]
    Text,
    /// Markdown, as the reports of `sortie/`.
    Md,
    /// JSON (schema in README).
    Json,
}

/// Arguments of `ctg rapport`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Dossier partagé (par défaut : le dossier courant), ou dossier de sortie d'un simple dossier de classeurs consolidé avec --sortie.
    #[arg(value_name = "DOSSIER", default_value = ".")]
    pub folder: PathBuf,
    /// Point de départ : l'état du plan à cette date (dernière consolidation faite ce jour-là ou avant), par exemple la date du dernier COPIL.
    #[arg(
        long = "depuis",
        value_name = "AAAA-MM-JJ",
        required_unless_present = "since_run",
        conflicts_with = "since_run"
    )]
    pub since: Option<NaiveDate>,
    /// Point de départ : la consolidation portant ce numéro (voir « ctg historique »).
    #[arg(long = "depuis-run", value_name = "N°")]
    pub since_run: Option<i64>,
    /// Forme du rapport : « texte » (par défaut), « md » (Markdown) ou « json ».
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Écrire le rapport dans ce fichier plutôt qu'à l'écran.
    #[arg(short = 'o', long = "sortie", value_name = "FICHIER")]
    pub output: Option<PathBuf>,
    /// Fichier de configuration ctg.toml (par défaut : celui du dossier, sinon le référentiel intégré).
    #[arg(long, value_name = "CTG.TOML")]
    pub config: Option<PathBuf>,
}

/// The run the report starts from.
fn base<'a>(args: &Args, runs: &'a [RunInfo]) -> Result<&'a RunInfo> {
    let first = runs.first();
    let range = match (runs.first(), runs.last()) {
        (Some(a), Some(b)) if a.id != b.id => format!("n° {} à {}", a.id, b.id),
        (Some(a), _) => format!("n° {}", a.id),
        _ => String::new(),
    };
    match (args.since, args.since_run) {
        (Some(date), _) => {
            // « Since the 3rd » means the state at the end of the 3rd.
            let end = date.and_time(NaiveTime::MIN) + chrono::Duration::days(1);
            runs.iter()
                .rev()
                .find(|r| r.started().is_some_and(|t| t < end))
                .ok_or_else(|| {
                    let first = first
                        .and_then(RunInfo::started)
                        .map(|t| {
                            format!(
                                " : la première date du {}",
                                t.format("%d/%m/%Y à %H:%M")
                            )
                        })
                        .unwrap_or_default();
                    Error::Usage(format!(
                        "Aucune consolidation n'a été faite le {} ou avant{first}. Choisissez une date plus récente, ou une consolidation avec --depuis-run N° (« ctg historique » les liste).",
                        date.format("%d/%m/%Y")
                    ))
                })
        }
        (None, Some(n)) => runs.iter().find(|r| r.id == n).ok_or_else(|| {
            Error::Usage(format!(
                "La consolidation n° {n} n'existe pas dans l'historique (consolidations enregistrées : {range}). « ctg historique » les liste."
            ))
        }),
        (None, None) => Err(Error::Usage(
            "Indiquez le point de départ du rapport : --depuis AAAA-MM-JJ ou --depuis-run N°."
                .to_owned(),
        )),
    }
}

/// Runs the command; returns the exit code.
pub fn run(args: &Args) -> Result<i32> {
    let (store, runs) = historique::open(&args.folder)?;
    let (config, _) = load_config(args.config.as_deref(), &args.folder)?;
    let from = base(args, &runs)?;
    let Some(latest) = runs.last() else {
        return Err(Error::Usage("L'historique est vide.".to_owned()));
    };
    if from.id == latest.id {
        eprintln!(
            "Remarque : la consolidation de départ (n° {}) est aussi la plus récente ; il n'y a rien à comparer.",
            from.id
        );
    }
    let report = changes::compare(
        &store.snapshot(from)?,
        &store.snapshot(latest)?,
        &config.referentiel,
        &config.changes,
    );
    let r = &config.referentiel;
    let text = match args.format {
        Format::Text => render::text(&report, r),
        Format::Md => render::markdown(&report, r),
        Format::Json => render::json(&report, r),
    };
    match &args.output {
        Some(path) => {
            crate::folder::refuse_in_depots(path)?;
            crate::fs::write_atomic(path, text.as_bytes())?;
            println!(
                "Rapport des modifications depuis la consolidation n° {} écrit : {}",
                from.id,
                path.display()
            );
        }
        None => print!("{text}"),
    }
    Ok(0)
}
