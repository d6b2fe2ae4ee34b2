//! The second kind of input file: a workbook of `coordination/` where the
//! coordinator typed a committee's decisions (prepared by `ctg avis`).
//! Read and checked like a partner's file: which meeting it records
//! (`meeting`), then each row (`rows`), every problem a finding with its
//! cell and a suggestion.

mod meeting;
mod rows;

use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::finding::{Finding, Severity};
use crate::model::Decision;
use crate::read::headers::matcher;
use crate::referentiel::Referentiel;
use crate::referentiel::committee::DecisionColumn;
use crate::workbook::{RawWorkbook, ReadError};

/// What one workbook of `coordination/` holds, once checked.
#[derive(Debug, Clone, Default)]
pub struct Minutes {
    /// The committee, when it could be told (« COPIL »).
    pub instance: Option<String>,
    /// The date of the meeting, when it could be told.
    pub date: Option<NaiveDate>,
    /// Accepted decisions, in row order.
    pub decisions: Vec<Decision>,
    /// Every problem found, in row order.
    pub findings: Vec<Finding>,
}

impl Minutes {
    /// Number of findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// The action numbers a workbook of decisions is checked against.
pub struct Known<'a> {
    /// The actions of the current plan.
    pub plan: &'a BTreeSet<String>,
    /// For an action an earlier plan held and the current one does not,
    /// the latest run that held it (« la consolidation n° 4 du
    /// 12/05/2024 à 10:15 »); none for a number the history never had.
    /// Asked only about numbers the plan lacks.
    pub withdrawn: &'a dyn Fn(&str) -> Option<String>,
}

/// Checks what was read from the workbook `file` (its path as users see
/// it) against the action numbers `known`. Never fails: an unreadable file
/// is minutes with one finding saying why.
pub fn check_read(
    read: Result<RawWorkbook, ReadError>,
    file: &str,
    known: &Known,
    r: &Referentiel,
) -> Minutes {
    let raw = match read {
        Ok(raw) => raw,
        Err(e) => {
            return Minutes {
                findings: crate::validate::unreadable(file, &e).findings,
                ..Minutes::default()
            };
        }
    };
    let mut findings = Vec::new();
    let m = matcher::<DecisionColumn>(r);
    let visible: Vec<&crate::workbook::RawSheet> =
        raw.sheets.iter().filter(|s| s.visible).collect();
    // The sheet named as ctg names it, or the first one with the table.
    let sheet = visible
        .iter()
        .find(|s| {
            crate::text::fold(&s.name) == crate::text::fold(crate::referentiel::committee::SHEET)
        })
        .or_else(|| {
            visible.iter().find(|s| {
                crate::read::table::has_required_header(&crate::read::table::rows_of(s), &m)
            })
        })
        .copied();
    let Some(sheet) = sheet else {
        findings.push(rows::no_sheet(file, &raw));
        return Minutes {
            findings,
            ..Minutes::default()
        };
    };
    let (instance, date) = meeting::find(sheet, file, &mut findings);
    let table = crate::read::read_sheet(sheet, &m, r, file, &mut findings);
    let decisions = match (&table, &instance, date) {
        (Some(table), Some(instance), Some(date)) => {
            let at = rows::Meeting {
                instance,
                date,
                file,
            };
            rows::check(table, &at, known, r, &mut findings)
        }
        _ => Vec::new(),
    };
    Minutes {
        instance,
        date,
        decisions,
        findings,
    }
}
