//! Reading back a consolidated workbook written by `ctg consolider`, so that
//! `ctg comparer` can compare two of them.
//!
//! Only our own format is read: sheet names and headers come from the
//! writer (`outputs::workbook`), so the two cannot drift apart. A column
//! that does not match (a workbook made with another `ctg.toml`) is
//! reported, never guessed.

use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;

use chrono::{NaiveDate, NaiveTime};

use crate::consolidate::PartnerState;
use crate::model::{
    Action, Communes, Indicator, IndicatorKind, IndicatorNature, IndicatorValue, TargetHorizon,
};
use crate::model::{PartnerPlan, Snapshot};
use crate::read::table::rows_of;
use crate::read::value;
use crate::referentiel::Referentiel;
use crate::referentiel::columns::{ActionColumn, Column, IndicatorColumn};
use crate::referentiel::sheets::{ActionsColumn, IndicatorsColumn, PartnersColumn, SHEETS};
use crate::text::split_joined;
use crate::validate::{TEMPLATE_VERSION, number_prefix};
use crate::workbook::{CellValue, RawSheet, RawWorkbook};

/// The sheets read back, by their place in the writer's list.
const SYNTHESIS: usize = 0;
const ACTIONS: usize = 2;
const INDICATORS: usize = 3;
const PARTNERS: usize = 9;

/// What a missing column of ours means.
#[derive(Clone, Copy, PartialEq)]
enum Expected {
    /// Read: missing, its values are compared as empty, and the user is told.
    Read,
    /// Follows from others (axis, totals, rates…) or only says where a row
    /// came from: not read, so not missed when absent.
    Derived,
    /// Added by template ctg-2: a workbook made by an older ctg has none of
    /// them, which is said once for all.
    Newer,
}

fn action_column(c: ActionsColumn) -> Expected {
    match c {
        ActionsColumn::ToCorrect
        | ActionsColumn::Axis
        | ActionsColumn::Orientation
        | ActionsColumn::FundingTotal
        | ActionsColumn::CafShare
        | ActionsColumn::Tracking
        | ActionsColumn::Joint
        | ActionsColumn::Source
        | ActionsColumn::Verdict
        | ActionsColumn::Meeting
        | ActionsColumn::CommitteeComment
        | ActionsColumn::Field(ActionColumn::Derived) => Expected::Derived,
        ActionsColumn::Field(f) if f.since_template_2() => Expected::Newer,
        _ => Expected::Read,
    }
}

fn indicator_column(c: IndicatorsColumn) -> Expected {
    match c {
        IndicatorsColumn::ActionTitle
        | IndicatorsColumn::Axis
        | IndicatorsColumn::Objective
        | IndicatorsColumn::Status
        | IndicatorsColumn::Rate(_)
        | IndicatorsColumn::OverallRate => Expected::Derived,
        IndicatorsColumn::Field(f) if f.since_template_2() => Expected::Newer,
        _ => Expected::Read,
    }
}

fn sheet(raw: &RawWorkbook, index: usize) -> Option<&RawSheet> {
    let name = SHEETS.get(index)?;
    raw.sheets.iter().find(|s| s.name == *name)
}

/// The first non-empty row of a sheet (the header row of our tables).
fn first_row(sheet: &RawSheet) -> Vec<(u32, &CellValue)> {
    let Some(row) = sheet.cells.first().map(|c| c.row) else {
        return Vec::new();
    };
    sheet
        .cells
        .iter()
        .take_while(|c| c.row == row)
        .map(|c| (c.col, &c.value))
        .collect()
}

/// True for a workbook written by `ctg consolider`: it has the synthesis
/// sheet, and an Actions sheet whose header row starts as ours does
/// (« N° action », « Partenaire », « Structure »).
pub fn is_consolidated(raw: &RawWorkbook, r: &Referentiel) -> bool {
    let (Some(_), Some(actions)) = (sheet(raw, SYNTHESIS), sheet(raw, ACTIONS)) else {
        return false;
    };
    let expected: Vec<String> = ActionsColumn::all(r)
        .into_iter()
        .take(3)
        .map(|c| c.header(r))
        .collect();
    let found: Vec<String> = first_row(actions)
        .into_iter()
        .take(3)
        .map(|(_, v)| v.to_string())
        .collect();
    found == expected
}

/// A table of ours, its columns recognised by their exact headers.
struct Table<C> {
    cols: HashMap<C, u32>,
    rows: BTreeMap<u32, BTreeMap<u32, CellValue>>,
}

impl<C: Copy + Eq + Hash> Table<C> {
    /// Reads `sheet`, whose columns should be `expected` (each of the
    /// `kind` said); says in `notes` which of them are missing and which
    /// headers are not ours.
    fn read(
        sheet: &RawSheet,
        expected: Vec<(C, String)>,
        kind: fn(C) -> Expected,
        file: &str,
        notes: &mut Vec<String>,
    ) -> Table<C> {
        let mut rows = rows_of(sheet);
        let header = rows.pop_first().map(|(_, cells)| cells).unwrap_or_default();
        let mut cols = HashMap::new();
        for (col, v) in &header {
            let text = v.to_string();
            match expected.iter().find(|(_, h)| *h == text) {
                Some((c, _)) => {
                    cols.insert(*c, *col);
                }
                None if IndicatorsColumn::is_former_derived(&text) => {}
                None => notes.push(format!(
                    "la colonne « {text} » de la feuille « {} » de {file} n'est pas une colonne du classeur consolidé produit avec ce référentiel : elle n'est pas comparée. Le classeur a peut-être été produit avec un autre ctg.toml : indiquez le bon avec --config.",
                    sheet.name
                )),
            }
        }
        let missing = |k: Expected| {
            let cols = &cols;
            expected
                .iter()
                .filter(move |(c, _)| !cols.contains_key(c) && kind(*c) == k)
                .map(|(_, h)| format!("« {h} »"))
        };
        for h in missing(Expected::Read) {
            notes.push(format!(
                "la colonne {h} manque dans la feuille « {} » de {file} : ses valeurs sont comparées comme vides.",
                sheet.name
            ));
        }
        let newer: Vec<String> = missing(Expected::Newer).collect();
        if !newer.is_empty() {
            notes.push(format!(
                "la feuille « {} » de {file} n'a pas les colonnes {} : elle a sans doute été produite par une version de ctg antérieure au modèle {TEMPLATE_VERSION}, et ces valeurs sont comparées comme vides.",
                sheet.name,
                newer.join(", ")
            ));
        }
        Table { cols, rows }
    }

    fn get<'a>(&self, row: &'a BTreeMap<u32, CellValue>, c: C) -> Option<&'a CellValue> {
        row.get(self.cols.get(&c)?)
    }

    /// The text of a cell as written (not trimmed: a text is compared as
    /// the partner typed it); empty when the cell is.
    fn text(&self, row: &BTreeMap<u32, CellValue>, c: C) -> String {
        self.get(row, c)
            .map(CellValue::to_string)
            .unwrap_or_default()
    }
}

/// The state code of a partner from its label in the Partenaires sheet.
fn state_code(label: &str) -> Option<&'static str> {
    use PartnerState::*;
    // Workbooks written before « lu sans erreur » said « à jour ».
    if label == "à jour" {
        return Some(UpToDate.code());
    }
    [UpToDate, WithErrors, Unreadable, NeverSubmitted, Withdrawn]
        .into_iter()
        .find(|s| s.label() == label)
        .or_else(|| {
            // « illisible — version du 12/03/2024 utilisée »: the label
            // carries a date; rebuilding it from that date proves the match.
            label
                .split_whitespace()
                .find_map(|w| NaiveDate::parse_from_str(w, "%d/%m/%Y").ok())
                .map(|d| PreviousVersion(d.and_time(NaiveTime::MIN)))
                .filter(|s| s.label() == label)
        })
        .map(PartnerState::code)
}

/// The objective code of the Actions sheet's « 1.2.1 — label » (the code
/// alone when the objective was not in the référentiel).
fn objective_code(text: &str, r: &Referentiel) -> String {
    let text = text.trim();
    if let Some(o) = r.objectives.iter().find(|o| o.choice() == text) {
        return o.code.clone();
    }
    match r.resolve_objective(text) {
        crate::referentiel::ObjectiveMatch::Found { objective, .. } => objective.code.clone(),
        _ => text.to_owned(),
    }
}

/// The partner's own columns, written one « header : value » per line. A
/// line without « : » continues the value above (a value on several lines).
fn extra_columns(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        match (line.split_once(" : "), out.last_mut()) {
            (Some((h, v)), _) => out.push((h.to_owned(), v.to_owned())),
            (None, Some((_, v))) => {
                v.push('\n');
                v.push_str(line);
            }
            (None, None) if !line.trim().is_empty() => out.push((line.to_owned(), String::new())),
            (None, None) => {}
        }
    }
    out
}

fn indicator_value(v: Option<&CellValue>) -> Option<IndicatorValue> {
    match v? {
        CellValue::Number(n) => Some(IndicatorValue::Number(*n)),
        other => {
            let text = other.to_string();
            (!text.trim().is_empty()).then_some(IndicatorValue::Text(text))
        }
    }
}

/// Reads a consolidated workbook (see [`is_consolidated`]) back into the
/// plan it shows. `file` names it in notes (« le classeur « a.xlsx » »);
/// the notes say what could not be read back.
pub fn snapshot(
    raw: &RawWorkbook,
    label: String,
    file: &str,
    r: &Referentiel,
) -> (Snapshot, Vec<String>) {
    let mut notes = Vec::new();
    let mut partners: BTreeMap<String, PartnerPlan> = BTreeMap::new();
    let missing = |index: usize, what: &str, notes: &mut Vec<String>| {
        notes.push(format!(
            "la feuille « {} » manque dans {file} : {what} ne sont pas comparés.",
            SHEETS.get(index).copied().unwrap_or_default()
        ));
    };

    match sheet(raw, PARTNERS) {
        Some(s) => {
            let expected = PartnersColumn::ALL
                .iter()
                .map(|c| (*c, c.header().to_owned()))
                .collect();
            let t = Table::read(s, expected, |_| Expected::Read, file, &mut Vec::new());
            for row in t.rows.values() {
                let code = t.text(row, PartnersColumn::Code).trim().to_owned();
                // Unidentified files have no code: they hold no action.
                if code.is_empty() {
                    continue;
                }
                let state = t.text(row, PartnersColumn::State);
                let state_code = state_code(&state);
                if state_code.is_none() && !state.is_empty() {
                    notes.push(format!("l'état « {state} » du partenaire {code} dans {file} n'est pas reconnu : son premier dépôt, son retrait ou un fichier devenu illisible ne peuvent pas être signalés."));
                }
                let file_name = t.text(row, PartnersColumn::File);
                partners.insert(
                    code,
                    PartnerPlan {
                        name: t.text(row, PartnersColumn::Structure),
                        state: state_code.map(str::to_owned),
                        source: (!file_name.is_empty()).then_some(file_name),
                        actions: Vec::new(),
                        indicators: Vec::new(),
                    },
                );
            }
        }
        None => missing(
            PARTNERS,
            "les premiers dépôts, retraits et fichiers devenus illisibles",
            &mut notes,
        ),
    }

    if let Some(s) = sheet(raw, ACTIONS) {
        let expected = ActionsColumn::all(r)
            .into_iter()
            .map(|c| (c, c.header(r)))
            .collect();
        let t = Table::read(s, expected, action_column, file, &mut notes);
        for (row_index, row) in &t.rows {
            let field = |c: ActionColumn| ActionsColumn::Field(c);
            let text = |c: ActionColumn| t.text(row, field(c));
            let number = text(ActionColumn::Number).trim().to_owned();
            if number.is_empty() {
                notes.push(format!(
                    "la ligne {} de la feuille « {} » de {file} n'a pas de numéro d'action : elle n'est pas comparée.",
                    row_index + 1,
                    s.name
                ));
                continue;
            }
            let status_text = text(ActionColumn::Status);
            let status = match status_text.trim() {
                "" => None,
                typed => match r.resolve_status(typed) {
                    Ok(st) => Some(st.kind),
                    Err(_) => {
                        notes.push(format!("le statut « {typed} » de l'action {number} dans {file} n'est pas un statut du référentiel : il est comparé comme vide."));
                        None
                    }
                },
            };
            let date = |c| t.get(row, field(c)).and_then(value::date);
            let number_of = |c| t.get(row, field(c)).and_then(value::number);
            let funding = r
                .funders
                .iter()
                .enumerate()
                .filter_map(|(i, f)| Some((f.code.clone(), number_of(ActionColumn::Funding(i))?)))
                .collect();
            let spending = r
                .convention
                .years()
                .filter_map(|y| Some((y, number_of(ActionColumn::Spending(y))?)))
                .collect();
            let caf_scheme = text(ActionColumn::CafScheme);
            let action = Action {
                title: text(ActionColumn::Title),
                objective: objective_code(&text(ActionColumn::Objective), r),
                domains: split_joined(&text(ActionColumn::Domains)),
                audiences: split_joined(&text(ActionColumn::Audiences)),
                communes: Communes::from_display(&text(ActionColumn::Communes)),
                need: text(ActionColumn::Need),
                description: text(ActionColumn::Description),
                means: text(ActionColumn::Means),
                contact: text(ActionColumn::Contact),
                associates: text(ActionColumn::Associates),
                joint_with: split_joined(&text(ActionColumn::JointWith)),
                start: date(ActionColumn::Start),
                end: date(ActionColumn::End),
                status,
                progress: number_of(ActionColumn::Progress),
                budget: number_of(ActionColumn::Budget),
                funding,
                caf_scheme: (!caf_scheme.trim().is_empty()).then_some(caf_scheme),
                spending,
                comments: text(ActionColumn::Comments),
                extra: extra_columns(&t.text(row, ActionsColumn::Extra)),
                row: row_index + 1,
                number,
            };
            let code = match t.text(row, ActionsColumn::Partner).trim() {
                "" => number_prefix(&action.number).to_owned(),
                code => code.to_owned(),
            };
            let plan = partners.entry(code).or_default();
            if plan.name.is_empty() {
                plan.name = t.text(row, ActionsColumn::Structure);
            }
            plan.actions.push(action);
        }
    } else {
        missing(ACTIONS, "les actions", &mut notes);
    }

    match sheet(raw, INDICATORS) {
        Some(s) => {
            let expected = IndicatorsColumn::all(r)
                .into_iter()
                .map(|c| (c, c.header(r)))
                .collect();
            let t = Table::read(s, expected, indicator_column, file, &mut notes);
            let years: Vec<i32> = r.convention.years().collect();
            for (row_index, row) in &t.rows {
                let field = IndicatorsColumn::Field;
                let text = |c: IndicatorColumn| t.text(row, field(c));
                let kind_text = text(IndicatorColumn::Kind);
                let nature_text = text(IndicatorColumn::Nature);
                let horizon_text = text(IndicatorColumn::Horizon);
                let indicator = Indicator {
                    action: text(IndicatorColumn::Action).trim().to_owned(),
                    name: text(IndicatorColumn::Name),
                    kind: [IndicatorKind::Quantitative, IndicatorKind::Qualitative]
                        .into_iter()
                        .find(|k| k.label() == kind_text.trim()),
                    nature: IndicatorNature::ALL
                        .into_iter()
                        .find(|n| n.label() == nature_text.trim()),
                    unit: text(IndicatorColumn::Unit),
                    baseline: indicator_value(t.get(row, field(IndicatorColumn::Baseline))),
                    target: indicator_value(t.get(row, field(IndicatorColumn::Target))),
                    // « Non précisé (fin de CTG par défaut) » reads back as
                    // not given, as it was.
                    horizon: TargetHorizon::ALL
                        .into_iter()
                        .find(|h| TargetHorizon::describe(Some(*h)) == horizon_text.trim()),
                    results: years
                        .iter()
                        .filter_map(|y| {
                            let v = t.get(row, field(IndicatorColumn::Result(*y)));
                            Some((*y, indicator_value(v)?))
                        })
                        .collect(),
                    comment: text(IndicatorColumn::Comment),
                    row: row_index + 1,
                };
                let code = match t.text(row, IndicatorsColumn::Partner).trim() {
                    "" => number_prefix(&indicator.action).to_owned(),
                    code => code.to_owned(),
                };
                partners.entry(code).or_default().indicators.push(indicator);
            }
        }
        None => missing(INDICATORS, "les indicateurs", &mut notes),
    }

    let snapshot = Snapshot {
        label,
        taken_at: None,
        partners,
        // The committee's avis are shown in Actions but not read back: the
        // history (`ctg rapport`) is where their changes are told.
        decisions: BTreeMap::new(),
    };
    (snapshot, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sheets_read_back_are_found_where_the_writer_puts_them() {
        assert_eq!(SHEETS[SYNTHESIS], "Synthèse");
        assert_eq!(SHEETS[ACTIONS], "Actions");
        assert_eq!(SHEETS[INDICATORS], "Indicateurs");
        assert_eq!(SHEETS[PARTNERS], "Partenaires");
    }

    #[test]
    fn partner_states_are_read_back_from_their_labels() {
        for state in [
            PartnerState::UpToDate,
            PartnerState::WithErrors,
            PartnerState::Unreadable,
            PartnerState::NeverSubmitted,
            PartnerState::Withdrawn,
            PartnerState::PreviousVersion(
                NaiveDate::from_ymd_opt(2024, 3, 12)
                    .unwrap_or_default()
                    .and_time(NaiveTime::MIN),
            ),
        ] {
            assert_eq!(state_code(&state.label()), Some(state.code()), "{state:?}");
        }
        assert_eq!(state_code("autre chose"), None);
        // A workbook written before « lu sans erreur » said « à jour ».
        assert_eq!(state_code("à jour"), Some(PartnerState::UpToDate.code()));
    }

    #[test]
    fn extra_columns_are_read_back_even_on_several_lines() {
        assert_eq!(
            extra_columns("Remarques : à revoir\nsuite du texte\nLieu : Lavaur"),
            vec![
                (
                    "Remarques".to_owned(),
                    "à revoir\nsuite du texte".to_owned()
                ),
                ("Lieu".to_owned(), "Lavaur".to_owned()),
            ]
        );
        assert!(extra_columns("").is_empty());
    }

    #[test]
    fn objectives_are_read_back_from_their_choice_text() -> Result<(), Box<dyn std::error::Error>> {
        let r = crate::referentiel::Config::embedded()?.referentiel;
        let o = &r.objectives[4];
        assert_eq!(objective_code(&o.choice(), &r), o.code);
        assert_eq!(objective_code("9.9.9", &r), "9.9.9");
        Ok(())
    }
}
