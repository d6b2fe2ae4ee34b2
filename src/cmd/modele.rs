//! `ctg modele`: the workbook to send to a partner, pre-filled with its
//! identity (one partner with `--code`, or every partner with `--tous`), and
//! with `--avec-actions` its accepted actions and indicators from the history.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDateTime;

use super::Global;
use crate::error::{Error, Result};
use crate::history;
use crate::outputs::report::history as render;
use crate::outputs::template::{self, TemplateSpec};
use crate::referentiel::{Config, ConfigSource, Partner, is_partner_code, load_config};
use crate::store::Content;

/// Arguments of `ctg modele`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Code du partenaire (préfixe de ses numéros d'action), par exemple MJCL.
    #[arg(
        long,
        value_name = "CODE",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    pub code: Option<String>,
    /// Nom de la structure (par défaut : celui de la liste des partenaires de ctg.toml).
    #[arg(long = "partenaire", value_name = "NOM")]
    pub name: Option<String>,
    /// Fichier à écrire (par défaut : modeles/modele-CODE.xlsx du dossier partagé).
    #[arg(
        short = 'o',
        long = "sortie",
        value_name = "FICHIER",
        conflicts_with = "all"
    )]
    pub output: Option<PathBuf>,
    /// Produire le modèle de chaque partenaire de ctg.toml, dans modeles/.
    #[arg(long = "tous")]
    pub all: bool,
    /// Dossier partagé (par défaut : le dossier courant).
    #[arg(long = "dossier", value_name = "DOSSIER", default_value = ".")]
    pub folder: PathBuf,
    /// Pré-remplir le modèle avec les actions et indicateurs acceptés du partenaire, repris de l'historique du dossier (par exemple s'il a perdu son fichier, ou après un changement de référentiel).
    #[arg(long = "avec-actions", requires = "code", conflicts_with = "all")]
    pub with_actions: bool,
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
    content: &Content,
) -> Result<()> {
    let spec = TemplateSpec {
        partner,
        actions: &content.actions,
        indicators: &content.indicators,
        created,
    };
    template::write(path, &spec, &config.referentiel)?;
    println!(
        "Modèle écrit pour {} ({}) : {}",
        partner.name,
        partner.code,
        path.display()
    );
    Ok(())
}

/// Runs the command; returns the exit code.
pub fn run(args: &Args, global: &Global) -> Result<i32> {
    let (config, source) = load_config(None, &args.folder)?;
    let searched = ConfigSource::searched_from(&args.folder);
    if let Some(note) = source.notice(&searched, "ajoutez --dossier DOSSIER_PARTAGÉ") {
        eprintln!("Remarque : {note}");
    }
    if args.all {
        if config.partners.is_empty() {
            return Err(Error::Usage("La liste des partenaires de ctg.toml est vide : ajoutez un bloc [[partenaire]] par structure, ou utilisez --code et --partenaire.".to_owned()));
        }
        for p in &config.partners {
            let path = args
                .folder
                .join("modeles")
                .join(format!("modele-{}.xlsx", p.code));
            write_one(&config, p, &path, global.now(), &Content::default())?;
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
    let (content, stored_name) = if args.with_actions {
        // The partner's accepted plan from the history, with its name there.
        let (record, content) = history::latest_content(&args.folder, &code)?;
        println!("{}", render::reused(&record, &content));
        if let Some(warning) = render::stale_objectives(&content, &config.referentiel) {
            eprintln!("Attention : {warning}");
        }
        (content, Some(record.name))
    } else {
        (Arc::default(), None)
    };
    // A partner missing from ctg.toml is still known by the name the
    // history recorded; a name typed on the command line wins.
    let known = config.partner(&code);
    let name = args
        .name
        .clone()
        .or(stored_name.filter(|_| known.is_none()));
    let partner = match (known, name) {
        (Some(p), name) => Partner {
            name: name.unwrap_or_else(|| p.name.clone()),
            ..p.clone()
        },
        (None, Some(name)) => Partner::unregistered(&code, name),
        (None, None) => {
            return Err(Error::Usage(format!(
                "Le partenaire « {code} » n'est pas dans {} : indiquez son nom avec --partenaire \"Nom de la structure\".",
                config.registry_name()
            )));
        }
    };
    let path = args
        .output
        .clone()
        .unwrap_or_else(|| default_path(&args.folder, &code));
    crate::folder::refuse_in_depots(&path, "modeles")?;
    write_one(&config, &partner, &path, global.now(), &content)?;
    Ok(0)
}
