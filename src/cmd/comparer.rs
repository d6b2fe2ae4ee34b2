//! `ctg comparer ANCIEN NOUVEAU` (in English: `diff`): the change report
//! between two versions of a partner's workbook, or between two
//! consolidated workbooks. Exit code like `diff`: 0 when identical in
//! substance, 1 when they differ, 2 when they could not be compared.

use std::path::{Path, PathBuf};

use super::Global;
use crate::changes::compare_workbooks;
use crate::error::{Error, Result};
use crate::outputs::report::changes::narrative;
use crate::outputs::report::{Format, change_text, write_changes};
use crate::referentiel::load_config;
use crate::workbook::Isolation;

/// Arguments of `ctg comparer`.
#[derive(Debug, Clone, clap::Args)]
#[command(
    after_help = "Les deux classeurs sont deux versions du classeur d'un partenaire, ou deux classeurs consolidés produits par « ctg consolider ». Les actions sont rapprochées par leur numéro, jamais par leur ligne.\nCode de sortie : 0 si les deux versions sont identiques sur le fond, 1 si elles diffèrent, 2 si la comparaison n'a pas pu se faire.\nLa commande s'appelle aussi « ctg diff »."
)]
pub struct Args {
    /// Ancienne version : classeur de partenaire (.xlsx, .xlsm, .xls, .ods) ou classeur consolidé.
    #[arg(value_name = "ANCIEN")]
    pub old: PathBuf,
    /// Nouvelle version, du même genre que l'ancienne.
    #[arg(value_name = "NOUVEAU")]
    pub new: PathBuf,
    /// Forme du rapport : « texte » (par défaut), « md » (Markdown), « json » (pour d'autres programmes) ou « xlsx » (feuille « Modifications », avec --sortie). Sans --format, l'extension du fichier de --sortie décide.
    #[arg(long, value_enum, value_name = "FORME")]
    pub format: Option<Format>,
    /// Écrire le rapport dans ce fichier au lieu de l'afficher (obligatoire pour xlsx).
    #[arg(short = 'o', long = "sortie", value_name = "FICHIER")]
    pub output: Option<PathBuf>,
    /// Fichier de configuration ctg.toml (par défaut : celui du dossier du premier classeur, sinon le référentiel intégré).
    #[arg(long, value_name = "CTG.TOML")]
    pub config: Option<PathBuf>,
}

/// Runs the command; returns the exit code.
pub fn run(args: &Args, global: &Global, isolation: &Isolation) -> Result<i32> {
    let format = args
        .format
        .or_else(|| args.output.as_deref().and_then(Format::of_path))
        .unwrap_or(Format::Text);
    if format == Format::Xlsx && args.output.is_none() {
        return Err(Error::Usage(
            "Le rapport au format xlsx est un classeur : indiquez où l'écrire avec -o FICHIER.xlsx."
                .to_owned(),
        ));
    }
    if let Some(out) = &args.output {
        check_output(out, &[&args.old, &args.new])?;
    }
    let start = args
        .old
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let (config, _) = load_config(args.config.as_deref(), start)?;
    let compared = compare_workbooks(&args.old, &args.new, &config, global.today(), isolation)?;
    for note in &compared.notes {
        eprintln!("Attention : {note}");
    }
    let (report, r) = (&compared.report, &config.referentiel);
    match &args.output {
        None => print!("{}", change_text(report, r, format)),
        Some(path) => {
            write_changes(report, r, format, path)?;
            if let Some(first) = narrative(report, r).first() {
                println!("{first}");
            }
            println!("Rapport écrit dans « {} ».", path.display());
        }
    }
    Ok(if report.is_empty() { 0 } else { 1 })
}

/// Promise 1: ctg never writes into a partner's file, nor among the files
/// of a shared folder's depots/.
fn check_output(out: &Path, inputs: &[&Path]) -> Result<()> {
    let target = crate::fs::resolved(out);
    if inputs.iter().any(|i| crate::fs::resolved(i) == target) {
        return Err(Error::Usage(format!(
            "« {} » est l'un des deux classeurs comparés : ctg ne l'écrase pas. Choisissez un autre nom de fichier pour le rapport.",
            out.display()
        )));
    }
    crate::folder::refuse_in_depots(out, "sortie")
}
