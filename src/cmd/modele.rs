//! `ctg modele`: the workbook to send to a partner, pre-filled with its
//! identity (one partner with `--code`, or every partner with `--tous`), and
//! with `--avec-actions` its accepted actions and indicators from the history.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDateTime;

use super::{Global, load_config};
use crate::error::{Error, Result};
use crate::outputs::template::{self, TemplateSpec};
use crate::referentiel::{Config, Partner, is_partner_code};
use crate::store::Content;
use crate::text::count;

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

/// The partner's accepted actions and indicators from the history, with
/// its name there; says which version they come from, and warns about
/// actions whose objective left the référentiel.
fn from_history(args: &Args, config: &Config, code: &str) -> Result<(Arc<Content>, String)> {
    let (store, _) = super::historique::open(&args.folder)?;
    let Some((record, content)) = super::historique::latest_content(&store, code)? else {
        return Err(Error::Usage(format!(
            "L'historique de « {} » ne contient aucune version lisible du plan d'actions de {code} : il n'y a rien à reprendre. Sans --avec-actions, le modèle est produit vide.",
            args.folder.display()
        )));
    };
    let received = record
        .received_at
        .map(|t| format!(", reçu le {}", t.format("%d/%m/%Y à %H:%M")))
        .unwrap_or_default();
    println!(
        "Actions reprises de la consolidation n° {} du {} : {} et {} (fichier « {} »{received}).",
        record.run,
        record.run_at.format("%d/%m/%Y à %H:%M"),
        count(content.actions.len(), "action", "actions"),
        count(content.indicators.len(), "indicateur", "indicateurs"),
        record.path.as_deref().unwrap_or_default(),
    );
    let stale: Vec<String> = content
        .actions
        .iter()
        .filter(|a| config.referentiel.objective(&a.objective).is_none())
        .map(|a| format!("{} (objectif {})", a.number, a.objective))
        .collect();
    if !stale.is_empty() {
        let (keeps, them) = if stale.len() == 1 {
            (
                "garde son ancien code",
                "cette action ne sera pas prise en compte",
            )
        } else {
            (
                "garde leur ancien code",
                "ces actions ne seront pas prises en compte",
            )
        };
        eprintln!(
            "Attention : l'objectif de {} n'existe plus dans le référentiel : {}. Le modèle {keeps}, signalé par une note sur la cellule ; le partenaire doit choisir le nouvel objectif dans la liste déroulante, sinon {them}.",
            count(stale.len(), "action", "actions"),
            stale.join(", ")
        );
    }
    Ok((content, record.name))
}

/// Runs the command; returns the exit code.
pub fn run(args: &Args, global: &Global) -> Result<i32> {
    let (config, _) = load_config(None, &args.folder)?;
    if args.all {
        if config.partners.is_empty() {
            return Err(Error::Usage("La liste des partenaires de ctg.toml est vide : ajoutez un bloc [[partenaire]] par structure, ou utilisez --code et --partenaire.".to_owned()));
        }
        for p in &config.partners {
            write_one(
                &config,
                p,
                &args
                    .folder
                    .join("modeles")
                    .join(format!("modele-{}.xlsx", p.code)),
                global.now(),
                &Content::default(),
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
    let (content, stored_name) = if args.with_actions {
        let (content, name) = from_history(args, &config, &code)?;
        (content, Some(name))
    } else {
        (Arc::default(), None)
    };
    // A partner missing from ctg.toml is still known by the name the
    // history recorded; a name typed on the command line wins.
    let typed_name = match (&args.name, config.partner(&code)) {
        (Some(name), _) => Some(name.clone()),
        (None, None) => stored_name,
        (None, Some(_)) => None,
    };
    let partner = match (config.partner(&code), &typed_name) {
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
        .output
        .clone()
        .unwrap_or_else(|| default_path(&args.folder, &code));
    crate::folder::refuse_in_depots(&path)?;
    write_one(&config, &partner, &path, global.now(), &content)?;
    Ok(0)
}
