//! `ctg comparer ANCIEN NOUVEAU` (in English: `diff`): the change report
//! between two versions of a partner's workbook, or between two
//! consolidated workbooks. Exit code like `diff`: 0 when identical in
//! substance, 1 when they differ, 2 when they could not be compared.

use std::path::{Path, PathBuf};

use super::{Global, load_config};
use crate::changes::{self, ChangeReport, consolidated};
use crate::error::{Error, Result};
use crate::finding::Code;
use crate::model::Snapshot;
use crate::outputs::report::changes as render;
use crate::referentiel::Config;
use crate::text::count;
use crate::validate::{self, Context};
use crate::workbook::{Isolation, Limits, RawWorkbook};

/// Forms of the change report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Readable French text, for the terminal.
    #[value(name = "texte", alias = "text")]
    Text,
    /// Markdown.
    #[value(alias = "markdown")]
    Md,
    /// JSON (schema in README).
    Json,
    /// A workbook with the « Modifications » sheet.
    Xlsx,
}

impl DiffFormat {
    /// The format a file name asks for by its extension, if any.
    fn of_path(path: &Path) -> Option<DiffFormat> {
        let ext = path.extension()?.to_str()?.to_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Some(DiffFormat::Md),
            "json" => Some(DiffFormat::Json),
            "xlsx" => Some(DiffFormat::Xlsx),
            "txt" => Some(DiffFormat::Text),
            _ => None,
        }
    }
}

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
    pub format: Option<DiffFormat>,
    /// Écrire le rapport dans ce fichier au lieu de l'afficher (obligatoire pour xlsx).
    #[arg(short = 'o', long = "sortie", value_name = "FICHIER")]
    pub output: Option<PathBuf>,
    /// Fichier de configuration ctg.toml (par défaut : celui du dossier du premier classeur, sinon le référentiel intégré).
    #[arg(long, value_name = "CTG.TOML")]
    pub config: Option<PathBuf>,
}

/// One of the two workbooks, read and understood.
enum Side {
    /// A partner's workbook, checked.
    Partner(Box<crate::model::Submission>),
    /// A consolidated workbook, read back.
    Consolidated(Snapshot),
}

/// Runs the command; returns the exit code.
pub fn run(args: &Args, global: &Global, isolation: &Isolation) -> Result<i32> {
    let format = args
        .format
        .or_else(|| args.output.as_deref().and_then(DiffFormat::of_path))
        .unwrap_or(DiffFormat::Text);
    if format == DiffFormat::Xlsx && args.output.is_none() {
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
    let mut notes = Vec::new();
    let (old, new) = snapshots(args, &config, global, isolation, &mut notes)?;
    // A workbook compared with itself would say everything twice.
    let mut said = std::collections::HashSet::new();
    for note in notes.iter().filter(|n| said.insert(*n)) {
        eprintln!("Attention : {note}");
    }
    let report = changes::compare(&old, &new, &config.referentiel, &config.changes);
    emit(&report, &config, format, args.output.as_deref())?;
    Ok(if report.is_empty() { 0 } else { 1 })
}

/// Reads both workbooks (in parallel, each isolated as asked) and turns
/// them into the two snapshots to compare.
fn snapshots(
    args: &Args,
    config: &Config,
    global: &Global,
    isolation: &Isolation,
    notes: &mut Vec<String>,
) -> Result<(Snapshot, Snapshot)> {
    let paths = [args.old.as_path(), args.new.as_path()];
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let read =
        crate::workbook::read_many(&paths, &Limits::default(), isolation, &|_, answer| answer);
    let ctx = Context::new(config, global.today());
    let mut sides = Vec::new();
    for (name, answer) in names.iter().zip(read) {
        let raw =
            answer.map_err(|e| Error::Usage(format!("Impossible de lire « {name} » : {e}")))?;
        sides.push(side(raw, name, &ctx, notes)?);
    }
    let is_consolidated = |s: &Side| matches!(s, Side::Consolidated(_));
    match (sides.pop(), sides.pop()) {
        (Some(Side::Partner(b)), Some(Side::Partner(a))) => Ok(partner_snapshots(&a, &b, notes)),
        (Some(Side::Consolidated(b)), Some(Side::Consolidated(a))) => Ok((a, b)),
        (Some(b), Some(_)) => {
            let (consolidated, partner) = if is_consolidated(&b) {
                (&names[1], &names[0])
            } else {
                (&names[0], &names[1])
            };
            Err(Error::Usage(format!(
                "« {consolidated} » est un classeur consolidé (produit par « ctg consolider ») et « {partner} » le classeur d'un partenaire : ctg compare deux versions du classeur d'un partenaire, ou deux classeurs consolidés, pas l'un avec l'autre. Pour voir ce qu'un partenaire a changé depuis la dernière consolidation, consolidez à nouveau : le rapport des modifications le dit."
            )))
        }
        _ => Err(Error::Usage(
            "Il faut deux classeurs à comparer.".to_owned(),
        )),
    }
}

/// Reads one workbook: a consolidated one back into its plan, a partner's
/// one through the validator (the same rows as a consolidation would keep).
fn side(raw: RawWorkbook, name: &str, ctx: &Context, notes: &mut Vec<String>) -> Result<Side> {
    let r = &ctx.config.referentiel;
    if consolidated::is_consolidated(&raw, r) {
        let file = format!("« {name} »");
        let label = format!("le classeur consolidé {file}");
        let (snapshot, read_notes) = consolidated::snapshot(&raw, label, &file, r);
        notes.extend(read_notes);
        return Ok(Side::Consolidated(snapshot));
    }
    let submission = validate::check_read(Ok(raw), name, ctx);
    // A workbook without an actions table is not a version of a plan: it
    // would show every action as removed.
    if let Some(f) = submission
        .findings
        .iter()
        .find(|f| f.code == Code::ActionsSheetMissing)
    {
        return Err(Error::Usage(format!(
            "« {name} » n'est ni le classeur d'un partenaire ni un classeur consolidé. {}",
            f.message
        )));
    }
    if !submission.rejected.is_empty() {
        notes.push(format!(
            "dans « {name} », {} ; « ctg verifier {name} » dit pourquoi.",
            count(
                submission.rejected.len(),
                "ligne n'a pas pu être lue et n'est pas comparée",
                "lignes n'ont pas pu être lues et ne sont pas comparées"
            ),
        ));
    }
    Ok(Side::Partner(Box::new(submission)))
}

/// The snapshots of two partner workbooks. Two files are always compared
/// as two versions of one plan, under the newer file's code: when the code
/// changed (MJC → MJCL), its actions are then found again as renumbered
/// rather than all removed and added; when the files belong to two
/// different partners, everything shows as removed and added, and a note
/// says why.
fn partner_snapshots(
    a: &crate::model::Submission,
    b: &crate::model::Submission,
    notes: &mut Vec<String>,
) -> (Snapshot, Snapshot) {
    let label = |s: &crate::model::Submission| format!("le fichier « {} »", s.file);
    let (mut old, new) = (
        Snapshot::of_submission(a, label(a)),
        Snapshot::of_submission(b, label(b)),
    );
    let (code_a, code_b) = (&a.partner.code, &b.partner.code);
    if code_a != code_b && !code_b.is_empty() {
        notes.push(format!(
            "« {} » est le classeur du partenaire {} et « {} » celui de {} : ils sont comparés comme deux versions d'un même plan d'actions. Si c'est le même partenaire dont le code a changé, ses actions sont retrouvées par ressemblance (« renumérotées ») ; sinon, toutes apparaissent supprimées puis ajoutées.",
            a.file,
            if code_a.is_empty() { "(code inconnu)" } else { code_a },
            b.file,
            code_b
        ));
        if let Some(plan) = old.partners.remove(code_a) {
            old.partners.insert(code_b.clone(), plan);
        }
    }
    (old, new)
}

/// Prints the report, or writes it to `out` (atomically).
fn emit(
    report: &ChangeReport,
    config: &Config,
    format: DiffFormat,
    out: Option<&Path>,
) -> Result<()> {
    let r = &config.referentiel;
    let Some(path) = out else {
        let text = match format {
            // (xlsx without a file is refused before anything is read.)
            DiffFormat::Text | DiffFormat::Xlsx => render::text(report, r),
            DiffFormat::Md => render::markdown(report, r),
            DiffFormat::Json => render::json(report, r),
        };
        print!("{text}");
        return Ok(());
    };
    let bytes = match format {
        DiffFormat::Text => render::text(report, r).into_bytes(),
        DiffFormat::Md => render::markdown(report, r).into_bytes(),
        DiffFormat::Json => render::json(report, r).into_bytes(),
        DiffFormat::Xlsx => crate::outputs::consolidated::build_changes(report, r)
            .map_err(|e| Error::workbook(path, &e))?,
    };
    crate::fs::write_atomic(path, &bytes)?;
    if let Some(first) = render::narrative(report, r).first() {
        println!("{first}");
    }
    println!("Rapport écrit dans « {} ».", path.display());
    Ok(())
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
    crate::folder::refuse_in_depots(out)
}
