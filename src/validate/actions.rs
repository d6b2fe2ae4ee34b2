//! Rules for the rows of the Actions sheet.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;

use super::{Context, Reporter, cell_value, normalise_number, number_prefix, rejected_row};
use crate::finding::{Code, Severity};
use crate::model::tracking::{self, Tracking};
use crate::model::{Action, RejectedRow};
use crate::read::{Table, TableRow, value};
use crate::referentiel::columns::ActionColumn;
use crate::referentiel::{Referentiel, StatusKind};
use crate::text::fold;
use crate::workbook::CellValue;

use super::lists::{
    ListColumn, check_choice, check_communes, check_list, check_objective, check_status,
};
use super::values::{amount, check_dates, check_funding, check_progress, joint_with, spending};

/// One row being checked.
pub(super) struct Row<'a> {
    pub(super) table: &'a Table<ActionColumn>,
    pub(super) row: &'a TableRow,
    /// Set when the row cannot be accepted.
    pub(super) refused: bool,
}

impl Row<'_> {
    pub(super) fn loc(&self, c: ActionColumn) -> crate::finding::Location {
        self.table.location(self.row.row, c)
    }

    /// The cell of a column; formula errors are reported and read as empty.
    pub(super) fn cell(&self, c: ActionColumn, report: &mut Reporter) -> Option<&CellValue> {
        cell_value(self.table, self.row, c, report)
    }

    pub(super) fn text(&self, c: ActionColumn, report: &mut Reporter) -> String {
        self.cell(c, report).map(value::text).unwrap_or_default()
    }

    /// Refuses the row with an error at column `c`.
    pub(super) fn refuse(
        &mut self,
        report: &mut Reporter,
        code: Code,
        c: ActionColumn,
        message: String,
        suggestion: Option<String>,
    ) {
        self.refused = true;
        report.push(
            Severity::Error,
            code,
            Some(self.loc(c)),
            message,
            suggestion,
        );
    }
}

/// Checks every row; returns the accepted actions and the numbers of rows
/// refused (so indicators pointing at them are explained, not called unknown).
pub(super) fn check(
    table: &Table<ActionColumn>,
    code: &str,
    ctx: &Context,
    report: &mut Reporter,
    rejected: &mut Vec<RejectedRow>,
) -> (Vec<Action>, Vec<String>) {
    let mut actions: Vec<Action> = Vec::new();
    let mut refused_numbers = Vec::new();
    let mut first_row_of: HashMap<String, u32> = HashMap::new();
    let mut free = FreeNumbers::new(table, code);
    let number_col = table.col_of(ActionColumn::Number);
    let ignored_cols: Vec<u32> = table
        .columns
        .iter()
        .filter(|c| c.field == Some(ActionColumn::Derived) || Some(c.col) == number_col)
        .map(|c| c.col)
        .collect();

    let missing = super::missing_required(table, &ctx.config.referentiel);
    for table_row in &table.rows {
        // Template rows carry a pre-filled number and nothing else: not actions.
        if table_row.cells.keys().all(|c| ignored_cols.contains(c)) {
            continue;
        }
        if let Some(reason) = &missing {
            // Reported once for the sheet; each row is kept aside as written.
            rejected.push(rejected_row(table, table_row, vec![reason.clone()]));
            continue;
        }
        let mut row = Row {
            table,
            row: table_row,
            refused: false,
        };
        let before = report.mark();
        let raw_number = row.text(ActionColumn::Number, report);
        if raw_number.is_empty() && is_total_row(table, table_row) {
            report.warn(Code::TotalRowSkipped, row.loc(ActionColumn::Title), "Cette ligne de total n'est pas une action : elle est ignorée. Les totaux sont calculés dans le classeur consolidé ; vous pouvez la supprimer.".to_owned());
            continue;
        }
        let number = check_number(
            &mut row,
            &raw_number,
            code,
            &first_row_of,
            &mut free,
            report,
        );
        if let Some(n) = &number {
            first_row_of.entry(n.clone()).or_insert(table_row.row);
        }
        let action = check_fields(&mut row, number.as_deref().unwrap_or(""), ctx, report);
        if row.refused {
            if let Some(n) = number {
                refused_numbers.push(n);
            }
            rejected.push(rejected_row(table, table_row, report.errors_since(before)));
        } else if let Some(a) = action {
            actions.push(a);
        }
    }

    duplicate_titles(&actions, table, report);
    if actions.is_empty() && rejected.iter().all(|r| r.sheet != table.sheet) {
        report.push(
            Severity::Warning,
            Code::NoAction,
            Some(crate::finding::Location { sheet: table.sheet.clone(), row: table.header_row + 1, col: None }),
            format!("La feuille « {} » ne contient aucune action : remplissez une ligne par action, sous la ligne de titres.", table.sheet),
            None,
        );
    }
    (actions, refused_numbers)
}

/// The numbers to suggest for rows without a usable one: the lowest free
/// number between the numbered rows around it (the one the partner erased,
/// MJCL-004 between MJCL-003 and MJCL-005), else the lowest free number.
struct FreeNumbers {
    /// The partner's code; no suggestion without one.
    code: String,
    /// The partner's number of each row that has one, by row.
    by_row: BTreeMap<u32, u64>,
    /// Numbers in the file or already suggested.
    taken: BTreeSet<u64>,
}

impl FreeNumbers {
    fn new(table: &Table<ActionColumn>, code: &str) -> FreeNumbers {
        let by_row: BTreeMap<u32, u64> = table
            .rows
            .iter()
            .filter_map(|row| {
                let typed = table.get(row, ActionColumn::Number)?;
                let n = normalise_number(&typed.to_string(), code)?;
                // Another partner's number takes no number of this one.
                let digits = n.strip_prefix(code)?.strip_prefix('-')?;
                Some((row.row, digits.parse::<u64>().ok()?))
            })
            .collect();
        FreeNumbers {
            code: code.to_owned(),
            taken: by_row.values().copied().collect(),
            by_row,
        }
    }

    /// The number to suggest for `row`, kept from then on.
    fn suggest(&mut self, row: u32) -> Option<String> {
        if self.code.is_empty() {
            return None;
        }
        let before = self.by_row.range(..row).next_back().map(|(_, n)| *n);
        let after = self.by_row.range(row + 1..).next().map(|(_, n)| *n);
        let free = |n: &u64| !self.taken.contains(n);
        let between = match (before, after) {
            (Some(b), Some(a)) if a > b => (b + 1..a).find(free),
            (Some(b), None) => (b + 1..).find(free),
            _ => None,
        };
        let n = between.or_else(|| (1..).find(free))?;
        self.taken.insert(n);
        Some(format!("{}-{n:03}", self.code))
    }
}

/// A « Total » label in the title or a column left of it: a description
/// such as « Total de 30 familles attendues » does not make a total row.
fn is_total_row(table: &Table<ActionColumn>, row: &TableRow) -> bool {
    let last = table.col_of(ActionColumn::Title).unwrap_or(2);
    row.cells
        .range(..=last)
        .any(|(_, v)| matches!(v, CellValue::Text(t) if { let f = fold(t); f == "total" || f.starts_with("total ") || f.starts_with("sous total") }))
}

/// An axis or orientation typed by the partner (« 2 », « 2.1 — … »), which
/// the objective decides: a mismatch usually means the wrong objective.
fn check_derived(row: &Row, objective: &str, r: &Referentiel, report: &mut Reporter) {
    for column in row
        .table
        .columns
        .iter()
        .filter(|c| c.field == Some(ActionColumn::Derived))
    {
        let Some(v) = row.row.cells.get(&column.col) else {
            continue;
        };
        let typed = value::text(v);
        let code: String = typed
            .chars()
            .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | ','))
            .map(|c| if c == ',' { '.' } else { c })
            .collect();
        let code = code.trim_end_matches('.');
        if code.is_empty() || objective == code || objective.starts_with(&format!("{code}.")) {
            continue;
        }
        let axis = r.objective(objective).map_or("", |o| o.axis_code());
        report.warn(
            Code::AxisInconsistent,
            crate::finding::Location { sheet: row.table.sheet.clone(), row: row.row.row, col: Some(column.col) },
            format!("« {typed} » (colonne « {} ») ne correspond pas à l'objectif {objective}, qui relève de l'axe {axis} : vérifiez l'objectif choisi, dont l'axe et l'orientation découlent.", column.header),
        );
    }
}

fn check_number(
    row: &mut Row,
    raw: &str,
    code: &str,
    first_row_of: &HashMap<String, u32>,
    free: &mut FreeNumbers,
    report: &mut Reporter,
) -> Option<String> {
    use ActionColumn::Number;
    let example = if code.is_empty() {
        "MJCL-001".to_owned()
    } else {
        format!("{code}-001")
    };
    let at = row.row.row;
    if raw.is_empty() {
        let s = free.suggest(at);
        let hint = s
            .as_ref()
            .map(|s| format!(" (numéro libre à cette place : {s})"))
            .unwrap_or_default();
        row.refuse(report, Code::NumberMissing, Number, format!("Cette ligne contient des informations mais pas de numéro d'action : elle n'est pas prise en compte. Indiquez un numéro de la forme {example}{hint}."), s);
        return None;
    }
    let Some(number) = normalise_number(raw, code) else {
        let s = free.suggest(at);
        row.refuse(report, Code::NumberInvalid, Number, format!("Le numéro « {raw} » n'a pas la forme attendue {example} (code partenaire, tiret, trois chiffres) : la ligne n'est pas prise en compte."), s);
        return None;
    };
    if !code.is_empty() && number_prefix(&number) != code {
        row.refuse(report, Code::NumberOfOtherPartner, Number, format!("Le numéro « {raw} » ne commence pas par votre code partenaire {code} : la ligne n'est pas prise en compte. Vos actions se numérotent {code}-001, {code}-002… ; une action d'un autre partenaire doit être déclarée par lui, dans son propre fichier."), None);
        return Some(number);
    }
    if let Some(first) = first_row_of.get(&number) {
        let s = free.suggest(at);
        let hint = s
            .as_ref()
            .map(|s| format!(", par exemple {s}"))
            .unwrap_or_default();
        row.refuse(report, Code::DuplicateNumber, Number, format!("Le numéro {number} est déjà utilisé ligne {} : cette ligne n'est pas prise en compte. Donnez-lui un numéro libre{hint}.", first + 1), s);
        return Some(number);
    }
    if raw != number {
        report.warn(
            Code::NumberNormalised,
            row.loc(Number),
            format!("Le numéro « {raw} » a été lu comme {number} : écrivez-le sous cette forme."),
        );
    }
    Some(number)
}

fn check_fields(
    row: &mut Row,
    number: &str,
    ctx: &Context,
    report: &mut Reporter,
) -> Option<Action> {
    use ActionColumn::*;
    let r = &ctx.config.referentiel;
    let who = if number.is_empty() {
        "Cette action".to_owned()
    } else {
        format!("L'action {number}")
    };

    let title = row.text(Title, report);
    if title.is_empty() {
        row.refuse(report, Code::TitleMissing, Title, format!("{who} n'a pas d'intitulé : elle n'est pas prise en compte. Donnez-lui un intitulé court qui dit ce qui est fait."), None);
    }

    let objective = check_objective(row, &who, r, report);
    if let Some(code) = &objective {
        check_derived(row, code, r, report);
    }
    let status = check_status(row, &who, r, report);
    let domains = check_list(
        row,
        &ListColumn {
            column: Domains,
            near: Code::DomainNear,
            unknown: Code::DomainUnknown,
            what: "champ d'intervention",
        },
        Code::DomainMissing,
        |v| r.resolve_domain(v),
        &who,
        report,
    );
    let audiences = check_list(
        row,
        &ListColumn {
            column: Audiences,
            near: Code::AudienceNear,
            unknown: Code::AudienceUnknown,
            what: "public cible",
        },
        Code::AudienceMissing,
        |v| r.resolve_audience(v),
        &who,
        report,
    );
    let communes = check_communes(row, &who, r, report);
    let (start, end) = check_dates(row, &who, r, report);
    let progress = check_progress(row, report);
    let budget = amount(row, Budget, report);
    let mut funding = BTreeMap::new();
    for (i, funder) in r.funders.iter().enumerate() {
        if let Some(a) = amount(row, Funding(i), report) {
            funding.insert(funder.code.clone(), a);
        }
    }
    check_funding(row, budget, &funding, r, report);
    let caf_scheme = check_choice(
        row,
        &ListColumn {
            column: CafScheme,
            near: Code::CafSchemeNear,
            unknown: Code::CafSchemeUnknown,
            what: "dispositif CAF",
        },
        |v| r.resolve_caf_scheme(v),
        report,
    );
    let spending = spending(row, r, report);
    let joint_with = joint_with(row, number, report);
    let comments = row.text(Comments, report);
    coherence(
        row, status, progress, start, end, &comments, r, ctx.today, report,
    );

    if row.refused {
        return None;
    }
    Some(Action {
        number: number.to_owned(),
        title,
        objective: objective?,
        domains,
        audiences,
        communes,
        need: row.text(Need, report),
        description: row.text(Description, report),
        means: row.text(Means, report),
        contact: row.text(Contact, report),
        associates: row.text(Associates, report),
        joint_with,
        start,
        end,
        status,
        progress,
        budget,
        funding,
        caf_scheme,
        spending,
        comments,
        extra: row.table.extras(row.row),
        row: row.row.row + 1,
    })
}

#[allow(clippy::too_many_arguments)]
fn coherence(
    row: &mut Row,
    status: Option<StatusKind>,
    progress: Option<f64>,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    comments: &str,
    r: &Referentiel,
    today: NaiveDate,
    report: &mut Reporter,
) {
    use ActionColumn::{End, Progress, Start, Status};
    let label = |k: StatusKind| r.status_label(k).to_owned();
    let fmt = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
    // Every way of being late is told, as the « Suivi » judges it.
    let suivi = tracking::assess(status, progress, start, end, today);
    match (suivi.tracking, suivi.since) {
        (Tracking::LateStart, Some(s)) => {
            report.warn(Code::LateStart, row.loc(Start), format!("La date de début ({}) est passée mais l'action est encore « {} » : passez-la en « {} » si elle a commencé, sinon mettez à jour ses dates.", fmt(s), label(StatusKind::Planned), label(StatusKind::InProgress)));
        }
        (Tracking::PastPostponement, Some(e)) => {
            report.warn(Code::PostponementPassed, row.loc(End), format!("L'action est « {} » jusqu'au {}, date passée : indiquez où elle en est (statut) et, si elle est de nouveau reportée, ses nouvelles dates.", label(StatusKind::Postponed), fmt(e)));
        }
        _ => {}
    }
    match status {
        Some(StatusKind::Done) => {
            if let Some(p) = progress.filter(|p| *p < 100.0) {
                report.warn(Code::DoneIncomplete, row.loc(Progress), format!("L'action est « {} » mais son avancement est de {} % : mettez l'avancement à 100 % ou changez le statut.", label(StatusKind::Done), CellValue::Number(p)));
            }
            if let Some(e) = end.filter(|e| *e > today) {
                report.warn(Code::DoneInFuture, row.loc(End), format!("L'action est « {} » mais sa date de fin ({}) n'est pas encore passée : corrigez la date de fin ou le statut.", label(StatusKind::Done), fmt(e)));
            }
        }
        Some(k @ (StatusKind::Planned | StatusKind::InProgress)) => {
            if progress.is_some_and(|p| p >= 100.0) {
                report.warn(Code::ProgressInconsistent, row.loc(Status), format!("L'avancement est de 100 % mais l'action est encore « {} » : passez-la en « {} » si elle est terminée.", label(k), label(StatusKind::Done)));
            }
            if let (Tracking::PastDeadline, Some(e)) = (suivi.tracking, suivi.since) {
                report.warn(Code::ActionLate, row.loc(End), format!("La date de fin ({}) est passée mais l'action est encore « {} » : mettez à jour son statut (par exemple « {} » ou « {} ») ou sa date de fin.", fmt(e), label(k), label(StatusKind::Done), label(StatusKind::Postponed)));
            }
            if k == StatusKind::InProgress
                && let Some(s) = start.filter(|s| *s > today)
            {
                report.warn(Code::InProgressNotStarted, row.loc(Start), format!("L'action est « {} » mais sa date de début ({}) est à venir : corrigez la date ou passez-la en « {} ».", label(k), fmt(s), label(StatusKind::Planned)));
            }
        }
        Some(k @ StatusKind::Abandoned) if comments.is_empty() => {
            report.warn(Code::AbandonedWithoutComment, row.loc(Status), format!("L'action est « {} » sans explication : dites pourquoi dans la colonne « Commentaires », le comité de pilotage le demandera.", label(k)));
        }
        Some(k @ StatusKind::Postponed) if comments.is_empty() => {
            report.warn(Code::PostponedWithoutComment, row.loc(Status), format!("L'action est « {} » sans explication : écrivez dans la colonne « Commentaires » pourquoi elle est reportée et à quand (par exemple « Reportée faute d'animateur, reprise prévue en septembre 2025 »), et mettez à jour ses dates de début et de fin.", label(k)));
        }
        Some(StatusKind::Postponed | StatusKind::Abandoned) => {}
        None => {}
    }
}

fn duplicate_titles(actions: &[Action], table: &Table<ActionColumn>, report: &mut Reporter) {
    let mut seen: HashMap<String, &Action> = HashMap::new();
    for a in actions {
        let key = fold(&a.title);
        match seen.get(&key) {
            Some(first) => report.warn(
                Code::DuplicateTitle,
                table.location(a.row - 1, ActionColumn::Title),
                format!("L'intitulé « {} » est déjà celui de l'action {} (ligne {}) : s'agit-il d'un doublon ? Sinon, précisez les intitulés.", a.title, first.number, first.row),
            ),
            None => {
                seen.insert(key, a);
            }
        }
    }
}
