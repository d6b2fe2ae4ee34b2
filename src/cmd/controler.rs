//! `ctg controler [DOSSIER]` (in English: `fsck`): checks the state of a
//! shared folder — its history database, every archived file version, every
//! stored content, the references between them, leftovers of interrupted
//! operations — and with `--reparer` makes the repairs that cannot lose
//! anything. Exit code: 0 clean (or everything repaired), 1 problems left,
//! 2 could not check.

use std::path::PathBuf;
use std::time::Duration;

use crate::error::Result;
use crate::store::{CheckReport, check_folder};
use crate::text::count;

/// Arguments of `ctg controler`.
#[derive(Debug, Clone, clap::Args)]
#[command(
    after_help = "Code de sortie : 0 si tout est en ordre (ou a été réparé), 1 s'il reste des problèmes, 2 si le contrôle n'a pas pu se faire.\nLa commande s'appelle aussi « ctg fsck »."
)]
pub struct Args {
    /// Dossier partagé à contrôler (par défaut : le dossier courant).
    #[arg(value_name = "DOSSIER", default_value = ".")]
    pub folder: PathBuf,
    /// Faire les réparations sans risque : supprimer les fichiers temporaires abandonnés, recopier dans l'archive une version manquante encore présente dans depots/. Rien n'est jamais supprimé de l'historique.
    #[arg(long = "reparer")]
    pub repair: bool,
    /// Attente maximale, en secondes, si une consolidation est en cours sur le dossier.
    #[arg(long = "attente", value_name = "SECONDES", default_value_t = 60)]
    pub lock_wait: u64,
}

/// Runs the command; returns the exit code.
pub fn run(args: &Args) -> Result<i32> {
    let report = check_folder(
        &args.folder,
        args.repair,
        Duration::from_secs(args.lock_wait),
    )?;
    print!("{}", render(&report, &args.folder));
    Ok(if report.is_clean() { 0 } else { 1 })
}

/// The report, in French.
fn render(report: &CheckReport, folder: &std::path::Path) -> String {
    let mut out = format!(
        "Contrôle de « {} » : {}, {}, {} vérifiés.\n",
        folder.display(),
        count(report.runs as usize, "consolidation", "consolidations"),
        count(report.files, "version de fichier", "versions de fichier"),
        count(report.contents, "contenu", "contenus"),
    );
    if report.problems.is_empty() {
        out.push_str("Aucun problème.\n");
        return out;
    }
    out.push_str(&format!(
        "{} :\n",
        count(report.problems.len(), "problème", "problèmes")
    ));
    for p in &report.problems {
        out.push_str(&format!("  - {}\n", p.message));
        if let Some(done) = &p.repaired {
            out.push_str(&format!("    Réparé : {done}.\n"));
        }
    }
    match report.remaining().count() {
        0 => out.push_str("Tout a été réparé.\n"),
        left => out.push_str(&format!(
            "{} à régler.{}\n",
            count(left, "problème reste", "problèmes restent"),
            if report.problems.iter().any(|p| p.repaired.is_some()) {
                ""
            } else {
                " « ctg controler --reparer » fait les réparations sans risque, s'il y en a."
            }
        )),
    }
    out
}
