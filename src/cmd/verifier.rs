//! `ctg verifier FICHIER…`: checks partner workbooks and reports, in French,
//! every problem with its cell. Exit code 0: no error; 1: errors found;
//! 2: could not run, or a file or folder named does not exist.

use std::path::{Path, PathBuf};

use super::Global;
use crate::error::{Error, Result};
use crate::folder::scan;
use crate::model::Submission;
use crate::outputs::report::{Format, findings};
use crate::referentiel::load_config_near;
use crate::validate::{self, Context};
use crate::workbook::{Isolation, Limits};

/// Arguments of `ctg verifier`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Classeurs à vérifier (.xlsx, .xlsm, .xls, .ods) ou dossiers qui en contiennent.
    #[arg(required = true, value_name = "FICHIER")]
    pub files: Vec<PathBuf>,
    /// Forme du rapport : « texte » (lisible, par défaut) ou « json » (pour d'autres programmes).
    #[arg(long, default_value = "texte", value_parser = Format::parser(&[Format::Text, Format::Json]))]
    pub format: Format,
    /// Fichier de configuration ctg.toml (par défaut : celui du dossier, sinon le référentiel intégré).
    #[arg(long, value_name = "CTG.TOML")]
    pub config: Option<PathBuf>,
}

/// The report of a path that does not exist: it cannot be checked.
fn missing(path: &Path) -> Submission {
    let shown = path.display().to_string();
    let finding = crate::finding::Finding {
        severity: crate::finding::Severity::Error,
        code: crate::finding::Code::FileNotFound,
        file: shown.clone(),
        location: None,
        message: "Introuvable : aucun fichier ni dossier de ce nom depuis le dossier courant. Vérifiez le chemin (il peut être écrit entier, ou à partir du dossier où la commande est lancée).".to_owned(),
        suggestion: None,
    };
    Submission::unchecked(finding)
}

/// Expands folders into the workbooks they hold and keeps files as given;
/// paths that do not exist, and sub-folders that cannot be listed, are
/// reported like unreadable files.
fn expand(paths: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<Submission>)> {
    let mut files = Vec::new();
    let mut unlisted = Vec::new();
    for p in paths {
        if !p.exists() {
            unlisted.push(missing(p));
        } else if p.is_dir() {
            let (found, problems) = scan::workbooks_in(p)
                .map_err(|e| Error::io("Impossible de lire le dossier", p, &e))?;
            files.extend(found);
            unlisted.extend(problems.iter().map(|(path, e)| {
                let finding = scan::problem_finding(
                    p,
                    path,
                    e,
                    "les classeurs qu'il contient ne sont pas vérifiés",
                );
                Submission::unchecked(finding)
            }));
        } else {
            files.push(p.clone());
        }
    }
    Ok((files, unlisted))
}

/// Runs the command; returns the exit code.
pub fn run(args: &Args, global: &Global, isolation: &Isolation) -> Result<i32> {
    let (files, unlisted) = expand(&args.files)?;
    let absent = args.files.iter().any(|p| !p.exists());
    if files.is_empty() && unlisted.is_empty() {
        return Err(Error::Usage(
            "Aucun classeur (.xlsx, .xlsm, .xls, .ods) à vérifier dans les dossiers indiqués."
                .to_owned(),
        ));
    }
    let start = files
        .first()
        .and_then(|f| f.parent())
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let (config, source) = load_config_near(args.config.as_deref(), &[start, Path::new(".")])?;
    if let Some(note) = source.notice(
        "au-dessus du fichier ni du dossier courant",
        "ajoutez --config CHEMIN/ctg.toml",
    ) {
        eprintln!("Remarque : {note}");
    }
    let ctx = Context::new(&config, global.today());
    let limits = Limits::default();
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let mut submissions: Vec<Submission> =
        crate::workbook::read_many(&paths, &limits, isolation, &|i, read| {
            validate::check_read(read, &files[i].display().to_string(), &ctx)
        });
    submissions.extend(unlisted);
    let out = findings::render(&submissions, &source.describe(&config), args.format);
    print!("{out}");
    let errors = submissions
        .iter()
        .any(|s| s.count(crate::finding::Severity::Error) > 0);
    Ok(if absent {
        2
    } else if errors {
        1
    } else {
        0
    })
}
