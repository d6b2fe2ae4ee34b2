//! `ctg fiches [DOSSIER]`: the fiches actions of the current plan, as a
//! Word document and the same content as an HTML page, in `sortie/`.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::{Folder, Global};
use crate::consolidate::Reading;
use crate::error::{Error, Result};
use crate::folder::refuse_in_depots;
use crate::history::current_plan;
use crate::outputs::fiches::{DOCX, Filters, plan_date, write};
use crate::workbook::{Isolation, Limits};

/// Arguments of `ctg fiches`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub folder: Folder,
    /// Seulement les actions de ce partenaire (code ; plusieurs fois possible).
    #[arg(long = "partenaire", value_name = "CODE")]
    pub partners: Vec<String>,
    /// Seulement les actions de cet axe (numéro ; plusieurs fois possible).
    #[arg(long = "axe", value_name = "N")]
    pub axes: Vec<String>,
    /// Seulement les actions de cet objectif opérationnel (code, par exemple 1.1.3 ; plusieurs fois possible).
    #[arg(long = "objectif", value_name = "CODE")]
    pub objectives: Vec<String>,
    /// Seulement les actions de ce statut (plusieurs fois possible).
    #[arg(long = "statut", value_name = "STATUT")]
    pub statuses: Vec<String>,
    /// Document Word à écrire (par défaut : sortie/fiches-actions.docx) ; la page HTML est écrite à côté.
    #[arg(short = 'o', long = "fichier", value_name = "FICHIER")]
    pub file: Option<PathBuf>,
    /// Date portée sur les fiches (AAAA-MM-JJ ; par défaut, celle de la dernière consolidation).
    #[arg(long, value_name = "AAAA-MM-JJ")]
    pub date: Option<NaiveDate>,
}

/// Runs the command; returns the exit code.
pub fn run(args: &Args, global: &Global, isolation: &Isolation) -> Result<i32> {
    let (layout, config, _) = args.folder.open()?;
    let path = match &args.file {
        Some(p) => {
            refuse_in_depots(p, "sortie")?;
            p.clone()
        }
        None => layout.output.join(DOCX),
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io("Impossible de créer le dossier", dir, &e))?;
    }
    let reading = Reading {
        limits: &Limits::default(),
        isolation,
        on_file: &|| {},
    };
    let plan = current_plan(&layout, &config, global.now(), &reading)?;
    let filters = Filters::checked(
        &args.partners,
        &args.axes,
        &args.objectives,
        &args.statuses,
        &plan,
        &config,
    )?;
    let date = args.date.unwrap_or_else(|| plan_date(&plan, global.now()));
    let written = write(&path, &plan, &config, &filters, date)?;
    println!(
        "{} écrites :\n  {}\n  {}\n  {} (liste en fin de document).",
        crate::text::count(written.fiches, "fiche action", "fiches actions"),
        written.docx.display(),
        written.html.display(),
        crate::text::count(
            written.shadows,
            "objectif sans action",
            "objectifs sans action"
        ),
    );
    Ok(0)
}
