//! The « Partenaires » sheet: where every partner stands (its file, when it
//! last changed and whether that is old, what was used from it, its late
//! actions and missing results, its errors and warnings), then the files
//! whose partner could not be told.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::columns::partners_width;
use super::styles::Styles;
use super::table::{Cell, TableWriter};
use crate::analysis::{Plan, freshness};
use crate::consolidate::{Consolidation, PartnerState, Received};
use crate::finding::Severity;
use crate::referentiel::Config;
use crate::referentiel::sheets::PartnersColumn;

/// The cells of a received file: its path and its format.
fn file_cells(file: Option<&Received>) -> [Cell<'static>; 2] {
    [
        Cell::Owned(file.map(|f| f.rel.clone()).unwrap_or_default()),
        Cell::Owned(
            file.and_then(|f| f.submission.format)
                .map(|f| f.label().to_owned())
                .unwrap_or_default(),
        ),
    ]
}

/// Writes the content of the Partenaires sheet.
pub(super) fn write(
    ws: &mut Worksheet,
    c: &Consolidation,
    config: &Config,
    plan: &Plan,
    s: &Styles,
) -> Result<(), XlsxError> {
    // Cells below follow the order of `PartnersColumn::ALL`.
    let mut t = TableWriter::new(
        ws,
        s,
        0,
        PartnersColumn::ALL.map(|col| (col.header(), partners_width(col))),
    )?;
    let count = |n: usize| Cell::Number(Some(n as f64), &s.text);
    for p in &c.partners {
        let registry = config.partner(&p.code);
        let info = p.used.as_ref().map(|u| &u.submission.partner);
        // What the partner wrote in its file, else what the coordinator
        // registered.
        let pick = |from_file: Option<&String>, from_registry: Option<&String>| {
            from_file
                .filter(|v| !v.is_empty())
                .or(from_registry)
                .cloned()
                .unwrap_or_default()
        };
        let state_format = match p.state {
            PartnerState::UpToDate => &s.ok,
            PartnerState::WithErrors | PartnerState::PreviousVersion(_) => &s.warning,
            PartnerState::Unreadable => &s.error,
            PartnerState::NeverSubmitted | PartnerState::Withdrawn => &s.text,
        };
        let [file, format] = file_cells(p.current.as_ref());
        let fresh = freshness::of(p, plan.today, plan.referentiel, &config.follow);
        t.push(&[
            Cell::Text(&p.code),
            Cell::Text(&p.name),
            Cell::Owned(pick(info.map(|i| &i.contact), registry.map(|r| &r.contact))),
            Cell::Owned(pick(info.map(|i| &i.email), registry.map(|r| &r.email))),
            file,
            Cell::Date(fresh.saved.map(|t| t.date())),
            Cell::Number(fresh.months.map(f64::from), &s.text),
            match (fresh.old, fresh.months) {
                (true, _) => Cell::Styled(
                    format!("oui ({} mois ou plus)", config.follow.freshness_months),
                    &s.warning,
                ),
                (false, Some(_)) => Cell::Styled("non".to_owned(), &s.text),
                (false, None) => Cell::Text(""),
            },
            format,
            count(p.actions().len()),
            count(fresh.late),
            count(p.indicators().len()),
            Cell::Number(fresh.results.map(|m| m.missing as f64), &s.text),
            count(p.used.as_ref().map_or(0, |u| u.submission.rejected.len())),
            count(p.count(Severity::Error)),
            count(p.count(Severity::Warning)),
            count(p.count(Severity::Info)),
            Cell::Styled(p.state.label(), state_format),
        ])?;
    }
    for o in &c.orphans {
        let [file, format] = file_cells(Some(o));
        t.push(&[
            Cell::Text(""),
            Cell::Text("(partenaire inconnu)"),
            Cell::Text(""),
            Cell::Text(""),
            file,
            Cell::Date(Some(o.modified.date())),
            Cell::Number(None, &s.text),
            Cell::Text(""),
            format,
            count(0),
            count(0),
            count(0),
            Cell::Number(None, &s.text),
            count(0),
            count(o.submission.count(Severity::Error)),
            count(o.submission.count(Severity::Warning)),
            count(o.submission.count(Severity::Info)),
            Cell::Styled(
                "partenaire non identifié — voir « Anomalies »".into(),
                &s.error,
            ),
        ])?;
    }
    t.finish("Partenaires")
}
