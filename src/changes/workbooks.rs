//! Two workbooks compared, as `ctg comparer` does: two versions of a
//! partner's workbook, or two consolidated workbooks, never one with the
//! other.

use std::path::Path;

use chrono::NaiveDate;

use super::{ChangeReport, compare, consolidated};
use crate::error::{Error, Result};
use crate::finding::Code;
use crate::model::{Snapshot, Submission};
use crate::referentiel::Config;
use crate::text::count;
use crate::validate::{self, Context};
use crate::workbook::{Isolation, Limits, RawWorkbook};

/// What comparing two workbooks found.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The changes from the old workbook to the new one.
    pub report: ChangeReport,
    /// What the user should know about how they were read (rows left out,
    /// two partners compared as one…), each said once, in French.
    pub notes: Vec<String>,
}

/// One of the two workbooks, read and understood.
enum Side {
    /// A partner's workbook, checked.
    Partner(Box<Submission>),
    /// A consolidated workbook, read back.
    Consolidated(Snapshot),
}

/// Reads `old` and `new` (in parallel, each isolated as asked) and compares
/// them. A French error when one cannot be read, is neither a partner's nor
/// a consolidated workbook, or is not of the same kind as the other.
pub fn compare_workbooks(
    old: &Path,
    new: &Path,
    config: &Config,
    today: NaiveDate,
    isolation: &Isolation,
) -> Result<Comparison> {
    let paths = [old, new];
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let read =
        crate::workbook::read_many(&paths, &Limits::default(), isolation, &|_, answer| answer);
    let ctx = Context::new(config, today);
    let mut notes = Vec::new();
    let mut sides = Vec::new();
    for (name, answer) in names.iter().zip(read) {
        let raw =
            answer.map_err(|e| Error::Usage(format!("Impossible de lire « {name} » : {e}")))?;
        sides.push(side(raw, name, &ctx, &mut notes)?);
    }
    let is_consolidated = |s: &Side| matches!(s, Side::Consolidated(_));
    let (old, new) = match (sides.pop(), sides.pop()) {
        (Some(Side::Partner(b)), Some(Side::Partner(a))) => partner_snapshots(&a, &b, &mut notes),
        (Some(Side::Consolidated(b)), Some(Side::Consolidated(a))) => (a, b),
        (Some(b), Some(_)) => {
            let (consolidated, partner) = if is_consolidated(&b) {
                (&names[1], &names[0])
            } else {
                (&names[0], &names[1])
            };
            return Err(Error::Usage(format!(
                "« {consolidated} » est un classeur consolidé (produit par « ctg consolider ») et « {partner} » le classeur d'un partenaire : ctg compare deux versions du classeur d'un partenaire, ou deux classeurs consolidés, pas l'un avec l'autre. Pour voir ce qu'un partenaire a changé depuis la dernière consolidation, consolidez à nouveau : le rapport des modifications le dit."
            )));
        }
        _ => {
            return Err(Error::Usage(
                "Il faut deux classeurs à comparer.".to_owned(),
            ));
        }
    };
    // A workbook compared with itself would say everything twice.
    let mut said = std::collections::HashSet::new();
    notes.retain(|n| said.insert(n.clone()));
    Ok(Comparison {
        report: compare(&old, &new, &config.referentiel, &config.changes),
        notes,
    })
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
            "dans « {name} », {} ; « ctg verifier {} » dit pourquoi.",
            count(
                submission.rejected.len(),
                "ligne n'a pas pu être lue et n'est pas comparée",
                "lignes n'ont pas pu être lues et ne sont pas comparées"
            ),
            crate::fs::shell_arg(std::path::Path::new(name)),
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
    a: &Submission,
    b: &Submission,
    notes: &mut Vec<String>,
) -> (Snapshot, Snapshot) {
    let label = |s: &Submission| format!("le fichier « {} »", s.file);
    let (mut old, new) = (
        Snapshot::of_submission(a, label(a)),
        Snapshot::of_submission(b, label(b)),
    );
    let (code_a, code_b) = (&a.partner.code, &b.partner.code);
    if code_a != code_b && !code_b.is_empty() {
        notes.push(format!(
            "« {} » est le classeur du partenaire {} et « {} » celui du partenaire {} : ils sont comparés comme deux versions d'un même plan d'actions. Si c'est le même partenaire dont le code a changé, ses actions sont retrouvées par ressemblance (« renumérotées ») ; sinon, toutes apparaissent supprimées puis ajoutées.",
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
