//! `ctg restaurer FICHIER.zip DOSSIER` (in English: `restore`): puts a
//! backup made by `ctg sauvegarder` back in place, once checked as
//! `ctg controler` would. Refuses to replace a history without
//! `--remplacer`; what it replaces is set aside, never deleted.

use std::path::PathBuf;

use crate::error::Result;
use crate::store::restore;
use crate::text::count;

/// Arguments of `ctg restaurer`.
#[derive(Debug, Clone, clap::Args)]
#[command(
    after_help = "La sauvegarde est d'abord vérifiée à part ; rien n'est mis en place si elle est endommagée. Ce qu'elle remplace (.ctg, ctg.toml, coordination) est renommé « …avant-restauration-DATE », jamais supprimé. Arrêtez « ctg surveiller » sur ce dossier avant de restaurer.\nLa commande s'appelle aussi « ctg restore »."
)]
pub struct Args {
    /// Sauvegarde faite par « ctg sauvegarder ».
    #[arg(value_name = "FICHIER.zip")]
    pub backup: PathBuf,
    /// Dossier partagé où la remettre (créé s'il n'existe pas).
    #[arg(value_name = "DOSSIER")]
    pub folder: PathBuf,
    /// Remplacer l'historique déjà présent dans DOSSIER/.ctg (il est mis de côté, pas supprimé).
    #[arg(long = "remplacer")]
    pub replace: bool,
}

/// Runs the command; returns the exit code.
pub fn run(args: &Args) -> Result<i32> {
    let summary = restore(&args.backup, &args.folder, args.replace)?;
    println!(
        "Sauvegarde vérifiée et restaurée dans « {} » : {}, {}.",
        args.folder.display(),
        count(summary.runs as usize, "consolidation", "consolidations"),
        count(summary.files, "version de fichier", "versions de fichier"),
    );
    for aside in &summary.set_aside {
        println!("Mis de côté : « {} ».", aside.display());
    }
    println!(
        "Les classeurs des partenaires ne font pas partie de la sauvegarde : remettez-les dans depots/ avant la prochaine consolidation."
    );
    Ok(0)
}
