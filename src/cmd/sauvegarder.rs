//! `ctg sauvegarder [DOSSIER] -o FICHIER.zip` (in English: `backup`): a
//! consistent backup of a shared folder's state — `.ctg/` (its database
//! copied online), `ctg.toml` and `coordination/` — safe while a
//! consolidation or the watcher runs.

use std::path::PathBuf;

use crate::error::Result;
use crate::store::backup;
use crate::text::count;

/// Arguments of `ctg sauvegarder`.
#[derive(Debug, Clone, clap::Args)]
#[command(
    after_help = "La sauvegarde contient l'historique et l'archive de chaque version reçue (.ctg/), ctg.toml et coordination/. Elle peut se faire pendant une consolidation ou une surveillance. Pour la remettre en place : « ctg restaurer FICHIER.zip DOSSIER ».\nLa commande s'appelle aussi « ctg backup »."
)]
pub struct Args {
    /// Dossier partagé à sauvegarder (par défaut : le dossier courant).
    #[arg(value_name = "DOSSIER", default_value = ".")]
    pub folder: PathBuf,
    /// Fichier zip à écrire (remplacé s'il existe), de préférence sur un autre disque.
    #[arg(
        short = 'o',
        long = "sortie",
        value_name = "FICHIER.zip",
        required = true
    )]
    pub output: PathBuf,
}

/// Runs the command; returns the exit code.
pub fn run(args: &Args) -> Result<i32> {
    let summary = backup(&args.folder, &args.output)?;
    println!(
        "Sauvegarde écrite : « {} » ({}, {}, {} Ko).",
        summary.path.display(),
        count(summary.runs as usize, "consolidation", "consolidations"),
        count(summary.files, "fichier", "fichiers"),
        summary.bytes.div_ceil(1024)
    );
    Ok(0)
}
