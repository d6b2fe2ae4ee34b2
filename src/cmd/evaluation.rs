//! `ctg evaluation [DOSSIER] --annee AAAA`: the yearly results campaign.
//! Consolidates the folder, then lists per partner what is missing for the
//! year (results, indicators, targets and baselines, spending), writes
//! `sortie/evaluation-AAAA.xlsx`, puts the section « À compléter pour
//! l'évaluation AAAA » at the top of the retour pages, and with
//! `--classeurs` each concerned partner's pre-filled workbook.

use super::{Folder, Global};
use crate::error::{Error, Result};
use crate::evaluation::{Campaign, campaign_year};
use crate::outputs::report::Format;
use crate::outputs::report::campaign::text;
use crate::publish::write_campaign;
use crate::workbook::Isolation;

/// Arguments of `ctg evaluation`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub folder: Folder,
    /// Année dont on recueille les résultats (par défaut : la dernière année écoulée de la convention).
    #[arg(long = "annee", value_name = "AAAA")]
    pub year: Option<i32>,
    /// Forme de la liste : texte (par défaut) ou json.
    #[arg(long, value_name = "FORME", default_value = "texte", value_parser = Format::parser(&[Format::Text, Format::Json]))]
    pub format: Format,
    /// Produire aussi, dans retours/, le classeur pré-rempli de chaque partenaire concerné, les cellules à compléter surlignées.
    #[arg(long = "classeurs")]
    pub templates: bool,
    /// Attente maximale, en secondes, si une autre consolidation est en cours sur le dossier.
    #[arg(long = "attente", value_name = "SECONDES", default_value_t = 60)]
    pub lock_wait: u64,
}

/// Runs the command; returns the exit code.
pub fn run(args: &Args, global: &Global, isolation: &Isolation) -> Result<i32> {
    let run = super::consolidate_folder(&args.folder, args.lock_wait, true, global, isolation)?;
    let convention = &run.config.referentiel.convention;
    let (first, last) = (convention.start_year, convention.end_year);
    let year = match args.year {
        Some(year) => year,
        None => campaign_year(global.today(), convention).ok_or_else(|| {
            Error::Usage(format!(
                "La première année de la convention ({first}) n'est pas encore terminée : indiquez l'année des résultats à recueillir avec --annee."
            ))
        })?,
    };
    if !(first..=last).contains(&year) {
        return Err(Error::Usage(format!(
            "{year} n'est pas une année de la convention ({first} à {last}) : indiquez-en une avec --annee."
        )));
    }
    let c = &run.consolidation;
    let campaign = Campaign::of(c, &run.config.referentiel, year);
    let files = write_campaign(
        c,
        &run.config,
        &run.layout,
        &campaign,
        &run.published,
        args.templates,
    )?;
    match args.format {
        Format::Json => println!("{}", campaign.json()),
        _ => {
            print!("{}", text(&campaign));
            println!("\nListe complète : {}", files.workbook.display());
            if !files.templates.is_empty() {
                println!(
                    "Classeurs pré-remplis, cellules à compléter surlignées : {} dans {}",
                    files.templates.len(),
                    run.layout.feedback.display()
                );
            }
        }
    }
    Ok(0)
}
