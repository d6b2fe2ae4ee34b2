//! `ctg avis [DOSSIER] --instance COPIL --date AAAA-MM-JJ`: prepares the
//! workbook of a committee's decisions in `coordination/`, one row per
//! current action, the avis standing for each one shown beside.

use chrono::NaiveDate;

use super::{Folder, Global};
use crate::consolidate::Reading;
use crate::error::{Error, Result};
use crate::history::{PlanSource, current_plan};
use crate::outputs::decisions::{Meeting, write};
use crate::workbook::{Isolation, Limits};

/// Arguments of `ctg avis`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub folder: Folder,
    /// Instance qui rend les avis (COPIL, COTECH…).
    #[arg(long, value_name = "INSTANCE")]
    pub instance: String,
    /// Date de la séance (AAAA-MM-JJ).
    #[arg(long, value_name = "AAAA-MM-JJ")]
    pub date: NaiveDate,
}

/// Runs the command; returns the exit code.
pub fn run(args: &Args, global: &Global, isolation: &Isolation) -> Result<i32> {
    let (layout, config, _) = args.folder.open()?;
    let meeting = Meeting {
        instance: args.instance.trim().to_owned(),
        date: args.date,
    };
    let name = meeting.file_name();
    if !name.contains(|c: char| c.is_alphanumeric() && !c.is_ascii_digit()) {
        return Err(Error::Usage(format!(
            "L'instance « {} » ne peut pas nommer un fichier : donnez son nom en lettres, par exemple --instance COPIL.",
            args.instance
        )));
    }
    let path = layout.coordination.join(&name);
    // Promise: ctg never writes into a workbook of coordination/ it made.
    if path.exists() {
        return Err(Error::Usage(format!(
            "« {} » existe déjà : ctg n'écrit jamais dans un classeur de coordination/ une fois créé, pour ne pas effacer les avis saisis. Ouvrez-le pour le compléter, ou renommez-le pour en préparer un nouveau.",
            path.display()
        )));
    }
    std::fs::create_dir_all(&layout.coordination)
        .map_err(|e| Error::io("Impossible de créer le dossier", &layout.coordination, &e))?;
    let reading = Reading {
        limits: &Limits::default(),
        isolation,
        on_file: &|| {},
    };
    let plan = current_plan(&layout, &config, global.now(), &reading)?;
    write(&path, &meeting, &plan.snapshot, &config.referentiel)?;
    let actions: usize = plan
        .snapshot
        .partners
        .values()
        .map(|p| p.actions.len())
        .sum();
    let from = match plan.source {
        PlanSource::Run(n) => format!("la consolidation n° {n}"),
        PlanSource::Fresh => {
            "les classeurs du dossier, lus à l'instant (aucune consolidation encore)".to_owned()
        }
    };
    println!(
        "Classeur des avis préparé : {}\n  {} d'après {from} ; {} déjà en vigueur rappelés dans « Avis précédent ».\n  Remplissez « Avis » et « Commentaire du comité », enregistrez le fichier à sa place, puis lancez « ctg consolider » (ou laissez « ctg surveiller » le lire).",
        path.display(),
        crate::text::count(actions, "action", "actions"),
        crate::text::count(plan.snapshot.decisions.len(), "avis", "avis"),
    );
    Ok(0)
}
