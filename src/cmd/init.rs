//! `ctg init DOSSIER`: creates the shared folder layout and its `ctg.toml`.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::folder::FOLDERS as LAYOUT;
use crate::referentiel::DEFAULT_TOML;

/// Arguments of `ctg init`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Dossier partagé à préparer (créé s'il n'existe pas).
    #[arg(value_name = "DOSSIER")]
    pub folder: PathBuf,
}

fn readme() -> String {
    let mut s = String::from(
        "Dossier partagé de la Convention Territoriale Globale, géré par ctg.\r\n\r\n",
    );
    for (dir, what) in LAYOUT {
        s.push_str(&format!("{dir}/ : {what}.\r\n"));
    }
    s.push_str("ctg.toml : réglages et référentiel de la CTG (axes, objectifs, listes, communes, partenaires).\r\n");
    s
}

/// Runs the command; returns the exit code.
pub fn run(args: &Args) -> Result<i32> {
    let root = &args.folder;
    let create = |p: &Path| {
        std::fs::create_dir_all(p).map_err(|e| Error::io("Impossible de créer le dossier", p, &e))
    };
    create(root)?;
    for (dir, _) in LAYOUT {
        create(&root.join(dir))?;
    }
    let config = root.join("ctg.toml");
    let kept = config.exists();
    if !kept {
        crate::fs::write_atomic(&config, DEFAULT_TOML.as_bytes())?;
    }
    let readme_path = root.join("LISEZ-MOI.txt");
    if !readme_path.exists() {
        crate::fs::write_atomic(&readme_path, readme().as_bytes())?;
    }
    println!("Dossier partagé prêt : {}", root.display());
    for (dir, what) in LAYOUT {
        println!("  {dir}/ — {what}");
    }
    if kept {
        println!("  ctg.toml existait déjà : il est conservé tel quel.");
    } else {
        println!("  ctg.toml — référentiel CTG par défaut, à adapter (partenaires, communes…).");
    }
    println!();
    println!("Étapes suivantes :");
    println!(
        "  1. Complétez la liste des partenaires dans {}.",
        config.display()
    );
    println!(
        "  2. Produisez leurs modèles : ctg modele --tous --dossier {}",
        crate::fs::shell_arg(root)
    );
    println!(
        "  3. Quand les classeurs arrivent dans depots/ : ctg consolider {}",
        crate::fs::shell_arg(root)
    );
    Ok(0)
}
