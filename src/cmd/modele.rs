//! `ctg modele`: the workbook to send to a partner, pre-filled with its
//! identity (one partner with `--code`, or every partner with `--tous`).

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use super::{Global, load_config};
use crate::error::{Error, Result};
use crate::referentiel::{Config, Partner, is_partner_code};
use crate::template::{self, TemplateSpec};

/// Arguments of `ctg modele`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Code du partenaire (préfixe de ses numéros d'action), par exemple MJCL.
    #[arg(
        long,
        value_name = "CODE",
        required_unless_present = "tous",
        conflicts_with = "tous"
    )]
    pub code: Option<String>,
    /// Nom de la structure (par défaut : celui de la liste des partenaires de ctg.toml).
    #[arg(long, value_name = "NOM")]
    pub partenaire: Option<String>,
    /// Fichier à écrire (par défaut : modeles/modele-CODE.xlsx du dossier partagé).
    #[arg(
        short = 'o',
        long = "sortie",
        value_name = "FICHIER",
        conflicts_with = "tous"
    )]
    pub sortie: Option<PathBuf>,
    /// Produire le modèle de chaque partenaire de ctg.toml, dans modeles/.
    #[arg(long)]
    pub tous: bool,
    /// Dossier partagé (par défaut : le dossier courant).
    #[arg(long, value_name = "DOSSIER", default_value = ".")]
    pub dossier: PathBuf,
}

fn default_path(dossier: &Path, code: &str) -> PathBuf {
    let dir = dossier.join("modeles");
    let name = format!("modele-{code}.xlsx");
    if dir.is_dir() {
        dir.join(name)
    } else {
        dossier.join(name)
    }
}

fn write_one(
    config: &Config,
    partner: &Partner,
    path: &Path,
    created: NaiveDateTime,
) -> Result<()> {
    let spec = TemplateSpec {
        partner,
        actions: &[],
        indicators: &[],
        created,
    };
    template::write(path, &spec, &config.referentiel)?;
    println!(
        "Modèle de {} ({}) écrit : {}",
        partner.name,
        partner.code,
        path.display()
    );
    Ok(())
}

/// Runs the command; returns the exit code.
pub fn run(args: &Args, global: &Global) -> Result<i32> {
    let (config, _) = load_config(None, &args.dossier)?;
    if args.tous {
        if config.partners.is_empty() {
            return Err(Error::Usage("La liste des partenaires de ctg.toml est vide : ajoutez un bloc [[partenaire]] par structure, ou utilisez --code et --partenaire.".to_owned()));
        }
        for p in &config.partners {
            write_one(
                &config,
                p,
                &args
                    .dossier
                    .join("modeles")
                    .join(format!("modele-{}.xlsx", p.code)),
                global.now(),
            )?;
        }
        return Ok(0);
    }
    let typed = args.code.clone().unwrap_or_default();
    let code = typed.trim().to_uppercase();
    if !is_partner_code(&code) {
        return Err(Error::Usage(format!(
            "Le code partenaire « {typed} » ne convient pas : utilisez seulement des lettres sans accent, des chiffres et des tirets (20 caractères au plus), par exemple MJCL."
        )));
    }
    let partner = match (config.partner(&code), &args.partenaire) {
        (Some(p), None) => p.clone(),
        (Some(p), Some(name)) => Partner {
            name: name.clone(),
            ..p.clone()
        },
        (None, Some(name)) => Partner {
            code: code.clone(),
            name: name.clone(),
            contact: String::new(),
            email: String::new(),
            phone: String::new(),
        },
        (None, None) => {
            return Err(Error::Usage(format!(
                "Le partenaire « {code} » n'est pas dans ctg.toml : indiquez son nom avec --partenaire \"Nom de la structure\"."
            )));
        }
    };
    let path = args
        .sortie
        .clone()
        .unwrap_or_else(|| default_path(&args.dossier, &code));
    write_one(&config, &partner, &path, global.now())?;
    Ok(0)
}
