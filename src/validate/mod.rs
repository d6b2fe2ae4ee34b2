//! Checking a partner's tables against the référentiel: every row becomes an
//! accepted action or indicator, or a rejected row with its reasons; every
//! problem becomes a finding with its cell and a way to fix it.

mod actions;
mod indicators;
mod lists;
mod partner;
mod values;
mod version;

use std::path::Path;

use chrono::NaiveDate;

use crate::finding::{Code, Finding, Location, Severity};
use crate::model::{PartnerInfo, RowFacts, SheetLayout, Submission, TableLayout};
use crate::read::{self, Parsed};
use crate::referentiel::Config;
use crate::referentiel::columns::{ActionColumn, IndicatorColumn};
use crate::workbook::{self, Isolation, Limits, RawWorkbook, ReadError};

/// What happens to a value of an accepted action that cannot be used, in
/// every message that sets one aside (the rule of the README, « Les
/// actions gardées avec des erreurs »).
pub(crate) const SET_ASIDE: &str =
    "cette valeur est mise de côté en attendant, le reste de l'action est repris.";

/// What happens to values that can be read but contradict each other: no
/// one can tell which is wrong, so both stay.
pub(crate) const KEPT_FLAGGED: &str = "les valeurs sont reprises telles quelles et l'action est signalée « à corriger » dans le plan d'actions consolidé.";

/// Version written in templates; files made with an older one, or with no
/// column of this one, get one information (`version`).
pub const TEMPLATE_VERSION: &str = "ctg-2";

/// What checking needs besides the file, prepared once per run.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    /// Settings and référentiel.
    pub config: &'a Config,
    /// The date rules about lateness compare with (injected for tests).
    pub today: NaiveDate,
    /// Header names of the référentiel, folded once for every file.
    pub columns: read::Columns,
}

impl<'a> Context<'a> {
    /// The context of checks run on `today` against `config`.
    pub fn new(config: &'a Config, today: NaiveDate) -> Context<'a> {
        Context {
            config,
            today,
            columns: read::Columns::new(&config.referentiel),
        }
    }
}

/// Collects the findings of one file.
pub(crate) struct Reporter {
    file: String,
    findings: Vec<Finding>,
    /// The tool's name, as messages name it when it chose for the partner
    /// (`[sortie] nom_outil`).
    tool: String,
}

impl Reporter {
    fn new(file: &str, tool: &str) -> Reporter {
        Reporter {
            file: file.to_owned(),
            findings: Vec::new(),
            tool: tool.to_owned(),
        }
    }

    /// The tool's name opening a clause (« l'outil de suivi retient… »).
    pub(crate) fn tool(&self) -> &str {
        &self.tool
    }

    /// How many findings so far: a mark for [`Reporter::errors_since`].
    fn mark(&self) -> usize {
        self.findings.len()
    }

    /// The messages of the errors reported since `mark`: why a row was refused.
    fn errors_since(&self, mark: usize) -> Vec<String> {
        self.findings[mark..]
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.message.clone())
            .collect()
    }

    pub(crate) fn push(
        &mut self,
        severity: Severity,
        code: Code,
        location: Option<Location>,
        message: String,
        suggestion: Option<String>,
    ) {
        self.findings.push(Finding {
            severity,
            code,
            file: self.file.clone(),
            location,
            message,
            suggestion,
        });
    }

    pub(crate) fn error(&mut self, code: Code, location: Location, message: String) {
        self.push(Severity::Error, code, Some(location), message, None);
    }

    pub(crate) fn warn(&mut self, code: Code, location: Location, message: String) {
        self.push(Severity::Warning, code, Some(location), message, None);
    }
}

/// Reads and checks one file. Never fails: an unreadable file is a
/// submission with one finding saying why.
pub fn check_file(
    path: &Path,
    display: &str,
    ctx: &Context,
    limits: &Limits,
    isolation: &Isolation,
) -> Submission {
    check_read(workbook::read(path, limits, isolation), display, ctx)
}

/// Checks what was read from a file, or says why it could not be read.
pub fn check_read(
    read: Result<RawWorkbook, ReadError>,
    display: &str,
    ctx: &Context,
) -> Submission {
    match read {
        Ok(raw) => validate(
            read::parse(&raw, display, &ctx.config.referentiel, &ctx.columns),
            display,
            ctx,
        ),
        Err(e) => unreadable(display, &e),
    }
}

/// The submission of a file that could not be read.
pub fn unreadable(display: &str, e: &ReadError) -> Submission {
    let mut first = e.to_string();
    if let Some(c) = first.get(..1) {
        first = c.to_uppercase() + &first[1..];
    }
    Submission {
        file: display.to_owned(),
        format: None,
        unread: Some(e.clone()),
        actions_sheet: None,
        partner: PartnerInfo::default(),
        actions: Vec::new(),
        indicators: Vec::new(),
        rejected: Vec::new(),
        rows: std::collections::BTreeMap::new(),
        findings: vec![Finding {
            severity: Severity::Error,
            code: e.code(),
            file: display.to_owned(),
            location: None,
            message: first,
            suggestion: None,
        }],
        layout: SheetLayout::default(),
    }
}

/// Checks what was read from a workbook.
pub fn validate(parsed: Parsed, display: &str, ctx: &Context) -> Submission {
    let mut report = Reporter::new(display, &ctx.config.tool_name);
    report.findings.extend(parsed.findings);
    let partner = partner::identify(
        &parsed.partner,
        parsed.actions.as_ref(),
        display,
        ctx,
        &mut report,
    );
    version::check(
        &parsed.partner,
        parsed.actions.as_ref(),
        parsed.indicators.as_ref(),
        &mut report,
    );
    let mut rejected = Vec::new();
    let (actions, refused_numbers) = match &parsed.actions {
        Some(table) => actions::check(table, &partner.code, ctx, &mut report, &mut rejected),
        None => (Vec::new(), Vec::new()),
    };
    let indicators = match &parsed.indicators {
        Some(table) => indicators::check(
            table,
            &partner.code,
            &actions,
            &refused_numbers,
            ctx,
            &mut report,
            &mut rejected,
        ),
        None => Vec::new(),
    };
    if let (Some(actions_table), Some(indicators_table)) = (&parsed.actions, &parsed.indicators) {
        indicators::actions_without_indicator(
            &actions,
            &indicators,
            actions_table,
            &indicators_table.sheet,
            ctx,
            &mut report,
        );
    }
    let sheet_order: Vec<String> = [
        parsed.partner.sheet.clone(),
        parsed.actions.as_ref().map(|t| t.sheet.clone()),
        parsed.indicators.as_ref().map(|t| t.sheet.clone()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let rank = |sheet: &str| {
        sheet_order
            .iter()
            .position(|s| s == sheet)
            .unwrap_or(sheet_order.len())
    };
    report.findings.sort_by(|a, b| a.report_order(b, rank));
    rejected.sort_by_key(|r: &crate::model::RejectedRow| (rank(&r.sheet), r.row));
    let mut rows = std::collections::BTreeMap::new();
    if let Some(table) = &parsed.actions {
        rows.extend(row_facts(
            table,
            ActionColumn::Number,
            Some(ActionColumn::Budget),
            &partner.code,
        ));
    }
    if let Some(table) = &parsed.indicators {
        rows.extend(row_facts(
            table,
            IndicatorColumn::Action,
            None,
            &partner.code,
        ));
    }
    Submission {
        file: display.to_owned(),
        format: Some(parsed.format),
        unread: None,
        actions_sheet: parsed.actions.as_ref().map(|t| t.sheet.clone()),
        partner,
        actions,
        indicators,
        rejected,
        rows,
        findings: report.findings,
        layout: SheetLayout {
            actions: parsed.actions.as_ref().map(layout_of),
            indicators: parsed.indicators.as_ref().map(layout_of),
        },
    }
}

/// Where the fields of a table read from a file sit.
fn layout_of<C: crate::referentiel::columns::Column>(table: &read::Table<C>) -> TableLayout<C> {
    TableLayout {
        sheet: table.sheet.clone(),
        columns: table
            .columns
            .iter()
            // The column read for a field, when a sheet holds it twice.
            .filter_map(|c| c.field.and_then(|f| Some((f, table.col_of(f)?))))
            .collect(),
    }
}

/// What each row of `table` says: the action number in its column
/// `number` (normalised to `code` when it can be) and the amount in its
/// column `budget`, by (sheet, 1-based row).
fn row_facts<C: crate::referentiel::columns::Column>(
    table: &read::Table<C>,
    number: C,
    budget: Option<C>,
    code: &str,
) -> Vec<((String, u32), RowFacts)> {
    table
        .rows
        .iter()
        .map(|row| {
            let typed = table
                .get(row, number)
                .map(read::value::text)
                .unwrap_or_default();
            let typed = typed.trim();
            let action = normalise_number(typed, code).unwrap_or_else(|| typed.to_owned());
            let budget = budget
                .and_then(|c| table.get(row, c))
                .and_then(read::value::number)
                .filter(|b| *b >= 0.0);
            (
                (table.sheet.clone(), row.row + 1),
                RowFacts { action, budget },
            )
        })
        .collect()
}

/// The value of a row's cell; a formula error (`#REF!`…) is reported and
/// read as empty, since the partner sees no value there either.
fn cell_value<'a, C: crate::referentiel::columns::Column>(
    table: &read::Table<C>,
    row: &'a read::TableRow,
    column: C,
    report: &mut Reporter,
) -> Option<&'a workbook::CellValue> {
    let v = table.get(row, column)?;
    if !read::value::is_error(v) {
        return Some(v);
    }
    report.error(
        Code::FormulaError,
        table.location(row.row, column),
        format!("La cellule affiche l'erreur de formule « {v} » au lieu d'une valeur : elle est lue comme vide en attendant. Corrigez la formule ou remplacez-la par la valeur elle-même."),
    );
    None
}

/// A row kept aside as the partner wrote it, with why it was not accepted.
fn rejected_row<C: crate::referentiel::columns::Column>(
    table: &read::Table<C>,
    row: &read::TableRow,
    reasons: Vec<String>,
) -> crate::model::RejectedRow {
    crate::model::RejectedRow {
        sheet: table.sheet.clone(),
        row: row.row + 1,
        values: table.raw_values(row),
        reasons,
    }
}

/// When a table lacks a required column, the reason given for each of its
/// rows (the column itself is reported once, by the reader).
fn missing_required<C: crate::referentiel::columns::Column>(
    table: &read::Table<C>,
    r: &crate::referentiel::Referentiel,
) -> Option<String> {
    let missing: Vec<String> = C::required()
        .iter()
        .filter(|c| table.col_of(**c).is_none())
        .map(|c| format!("« {} »", c.header(r)))
        .collect();
    (!missing.is_empty()).then(|| {
        format!(
            "Le tableau n'a pas de colonne {} : la ligne ne peut pas être lue.",
            missing.join(", ")
        )
    })
}

/// An action number in its standard form (`MJCL-004`), from what a partner
/// typed (`mjcl 4`, `MJCL_004`, `MJCL004` when `code` is known). Returns
/// `None` when it cannot be one.
pub fn normalise_number(text: &str, code: &str) -> Option<String> {
    let upper: String = text
        .trim()
        .to_uppercase()
        .chars()
        .map(|c| {
            if matches!(c, '_' | ' ' | '–' | '—' | '/' | '.') {
                '-'
            } else {
                c
            }
        })
        .collect();
    let mut cleaned = String::with_capacity(upper.len());
    for c in upper.chars() {
        if !(c == '-' && cleaned.ends_with('-')) {
            cleaned.push(c);
        }
    }
    let cleaned = cleaned.trim_matches('-');
    let (prefix, digits) = match cleaned.rsplit_once('-') {
        Some((p, d)) if !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()) => {
            (p.to_owned(), d.to_owned())
        }
        // « MJCL004 »: the partner's code glued to the digits.
        _ if !code.is_empty() && cleaned.starts_with(code) && cleaned.len() > code.len() => {
            let digits = &cleaned[code.len()..];
            if !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            (code.to_owned(), digits.to_owned())
        }
        _ => return None,
    };
    if !crate::referentiel::is_partner_code(&prefix) || digits.len() > 6 {
        return None;
    }
    let n: u64 = digits.parse().ok()?;
    Some(format!("{prefix}-{n:03}"))
}

/// The partner code an action number starts with.
pub fn number_prefix(number: &str) -> &str {
    number.rsplit_once('-').map_or(number, |(p, _)| p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_normalised() {
        assert_eq!(
            normalise_number("MJCL-004", "MJCL").as_deref(),
            Some("MJCL-004")
        );
        assert_eq!(
            normalise_number(" mjcl 4 ", "MJCL").as_deref(),
            Some("MJCL-004")
        );
        assert_eq!(normalise_number("MJCL_04", "").as_deref(), Some("MJCL-004"));
        assert_eq!(
            normalise_number("MJCL004", "MJCL").as_deref(),
            Some("MJCL-004")
        );
        assert_eq!(
            normalise_number("CCAS-SSP-012", "").as_deref(),
            Some("CCAS-SSP-012")
        );
        assert_eq!(
            normalise_number("MJCL-1234", "").as_deref(),
            Some("MJCL-1234")
        );
        assert_eq!(normalise_number("12", "MJCL"), None);
        // A prefix of its own: caught later as another partner's number.
        assert_eq!(
            normalise_number("Action 1", "MJCL").as_deref(),
            Some("ACTION-001")
        );
        assert_eq!(normalise_number("MJCL-", "MJCL"), None);
        assert_eq!(number_prefix("CCAS-SSP-012"), "CCAS-SSP");
    }
}
