//! The yearly results campaign (`ctg evaluation`): for one year, what each
//! partner still has to fill in — results, indicators, targets and
//! baselines, spending — with the exact cells of its own file.
//!
//! Only actions that ran during the year are asked for anything: an action
//! « À venir », one starting after the year, one over before it, and one
//! « Abandonnée » that ended before the year (or without an end date, which
//! cannot tell when) are left out.

use chrono::NaiveDate;
use serde::Serialize;

use super::achievement::{achievement, median};
use crate::consolidate::{Consolidation, PartnerEntry};
use crate::finding::Location;
use crate::model::{Action, Indicator, SheetLayout};
use crate::referentiel::columns::{ActionColumn, Column, IndicatorColumn};
use crate::referentiel::{Referentiel, StatusKind};

/// The kinds of gap a campaign lists, in the order it lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GapKind {
    /// An indicator without a result for the year.
    MissingResult,
    /// An action without any indicator.
    NoIndicator,
    /// An indicator without a target, or without a baseline.
    NoTargetOrBaseline,
    /// An action « Réalisée » whose spending for the year is empty.
    MissingSpending,
}

impl GapKind {
    /// Every kind, in order.
    pub const ALL: [GapKind; 4] = [
        GapKind::MissingResult,
        GapKind::NoIndicator,
        GapKind::NoTargetOrBaseline,
        GapKind::MissingSpending,
    ];

    /// Stable key (JSON).
    pub fn key(self) -> &'static str {
        match self {
            GapKind::MissingResult => "resultats_manquants",
            GapKind::NoIndicator => "actions_sans_indicateur",
            GapKind::NoTargetOrBaseline => "sans_cible_ou_depart",
            GapKind::MissingSpending => "depenses_manquantes",
        }
    }

    /// French title, for sheets and pages.
    pub fn title(self) -> &'static str {
        match self {
            GapKind::MissingResult => "Résultats manquants",
            GapKind::NoIndicator => "Actions sans indicateur",
            GapKind::NoTargetOrBaseline => "Sans cible ou valeur de départ",
            GapKind::MissingSpending => "Dépenses manquantes",
        }
    }

    /// What the partner is asked, in French, for the year `year`.
    pub fn ask(self, year: i32) -> String {
        match self {
            GapKind::MissingResult => {
                format!("Indiquez le résultat {year} de ces indicateurs.")
            }
            GapKind::NoIndicator => "Ajoutez au moins un indicateur à ces actions, dans la feuille « Indicateurs » (une ligne par indicateur, avec le numéro de l'action), pour que leurs effets puissent être évalués.".to_owned(),
            GapKind::NoTargetOrBaseline => "Indiquez la cible et la valeur de départ (la situation avant l'action) de ces indicateurs : sans elles, le taux d'atteinte ne peut pas être mesuré.".to_owned(),
            GapKind::MissingSpending => format!(
                "Indiquez les dépenses réalisées en {year} pour ces actions réalisées."
            ),
        }
    }
}

/// Where a value to fill goes in the workbook ctg makes for the partner
/// (`ctg modele`): the action or indicator, by its position in the
/// partner's accepted plan, and the column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Slot {
    /// A cell of the Actions sheet.
    Action(usize, ActionColumn),
    /// A cell of the Indicateurs sheet.
    Indicator(usize, IndicatorColumn),
}

/// One cell to fill.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToFill {
    /// What goes there: the column's header (« Réalisé 2024 »).
    #[serde(rename = "champ")]
    pub field: String,
    /// The cell in the partner's file (its own layout); the row alone when
    /// its sheet lacks the column.
    #[serde(rename = "cellule", serialize_with = "as_text")]
    pub cell: Location,
    /// The same place in the workbook `ctg modele` makes.
    #[serde(skip)]
    pub slot: Slot,
}

fn as_text<S: serde::Serializer>(l: &Location, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&l.to_string())
}

/// One thing a partner has to complete.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    /// What kind of gap.
    #[serde(skip)]
    pub kind: GapKind,
    /// Partner code.
    #[serde(rename = "partenaire")]
    pub partner: String,
    /// Action number.
    pub action: String,
    /// Action title.
    #[serde(rename = "intitule")]
    pub title: String,
    /// Indicator name, for a gap of an indicator.
    #[serde(rename = "indicateur", skip_serializing_if = "Option::is_none")]
    pub indicator: Option<String>,
    /// The cells to fill.
    #[serde(rename = "cellules")]
    pub cells: Vec<ToFill>,
}

impl Gap {
    /// What to type in `cell`, in French, for the note on the cell of a
    /// pre-filled workbook.
    pub fn note(&self, cell: &ToFill, year: i32) -> String {
        match self.kind {
            GapKind::MissingResult => format!(
                "À compléter pour l'évaluation {year} : le résultat {year} de cet indicateur."
            ),
            GapKind::NoIndicator => "À compléter pour l'évaluation : cette action n'a pas d'indicateur. Ajoutez-en au moins un dans la feuille « Indicateurs », avec ce numéro d'action.".to_owned(),
            GapKind::NoTargetOrBaseline => format!(
                "À compléter pour l'évaluation : « {} » de cet indicateur ; sans elle, son taux d'atteinte ne peut pas être mesuré.",
                cell.field
            ),
            GapKind::MissingSpending => format!(
                "À compléter pour l'évaluation {year} : les dépenses réalisées en {year} pour cette action réalisée, en euros."
            ),
        }
    }
}

/// One partner in the campaign.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnerCampaign {
    /// Partner code.
    #[serde(rename = "partenaire")]
    pub code: String,
    /// Structure name.
    #[serde(rename = "nom")]
    pub name: String,
    /// The file whose content is used, as partners see it.
    #[serde(rename = "fichier")]
    pub file: Option<String>,
    /// Results expected for the year: indicators of the actions that ran.
    #[serde(rename = "resultats_attendus")]
    pub expected: usize,
    /// Of them, those with a result.
    #[serde(rename = "resultats_recus")]
    pub received: usize,
    /// Median achievement of the year, over the results that can be measured.
    #[serde(rename = "taux_atteinte_median")]
    pub median: Option<f64>,
    /// Everything to complete, by kind then file order.
    #[serde(skip)]
    pub gaps: Vec<Gap>,
}

impl PartnerCampaign {
    /// The gaps of one kind.
    pub fn of_kind(&self, kind: GapKind) -> impl Iterator<Item = &Gap> {
        self.gaps.iter().filter(move |g| g.kind == kind)
    }
}

/// The campaign of one year.
#[derive(Debug, Clone, PartialEq)]
pub struct Campaign {
    /// The year whose results are collected.
    pub year: i32,
    /// Every partner with a plan, by code.
    pub partners: Vec<PartnerCampaign>,
}

/// True when `a` ran during `year`, so that results are asked for it.
pub fn ran_during(a: &Action, year: i32) -> bool {
    let (Some(first), Some(last)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return false;
    };
    let started = a.start.is_none_or(|d| d <= last);
    let not_over = a.end.is_none_or(|d| d >= first);
    match a.status {
        Some(StatusKind::Planned) => false,
        // Abandoned: only when it is known to have run into the year.
        Some(StatusKind::Abandoned) => a.end.is_some_and(|d| d >= first) && started,
        _ => started && not_over,
    }
}

impl Campaign {
    /// The campaign of `year` over a consolidation.
    pub fn of(c: &Consolidation, r: &Referentiel, year: i32) -> Campaign {
        let today = c.generated_at.date();
        let partners = c
            .partners
            .iter()
            .filter(|p| p.used.is_some())
            .map(|p| partner(p, r, year, today))
            .collect();
        Campaign { year, partners }
    }

    /// Every gap of one kind, partner by partner.
    pub fn gaps(&self, kind: GapKind) -> impl Iterator<Item = &Gap> {
        self.partners.iter().flat_map(move |p| p.of_kind(kind))
    }

    /// True when nothing is missing.
    pub fn is_complete(&self) -> bool {
        self.partners.iter().all(|p| p.gaps.is_empty())
    }

    /// The campaign as JSON, with its stable keys.
    pub fn json(&self) -> String {
        let mut out = serde_json::Map::new();
        out.insert("annee".to_owned(), self.year.into());
        for kind in GapKind::ALL {
            let gaps: Vec<&Gap> = self.gaps(kind).collect();
            out.insert(kind.key().to_owned(), serde_json::json!(gaps));
        }
        out.insert("partenaires".to_owned(), serde_json::json!(self.partners));
        format!("{:#}", serde_json::Value::Object(out))
    }
}

/// What one partner has to complete.
fn partner(p: &PartnerEntry, r: &Referentiel, year: i32, today: NaiveDate) -> PartnerCampaign {
    let layout = p
        .used
        .as_ref()
        .map(|u| &u.submission.layout)
        .cloned()
        .unwrap_or_default();
    let place = Place { layout, r };
    let actions = p.actions();
    let indicators = p.indicators();
    let mut gaps = Vec::new();
    let mut expected = 0;
    let mut received = 0;
    let mut rates = Vec::new();
    let gap = |kind, a: &Action, i: Option<&Indicator>, cells| Gap {
        kind,
        partner: p.code.clone(),
        action: a.number.clone(),
        title: a.title.clone(),
        indicator: i.map(|i| i.name.clone()),
        cells,
    };
    for (n, i) in indicators.iter().enumerate() {
        let Some(a) = actions.iter().find(|a| a.number == i.action) else {
            continue;
        };
        if !ran_during(a, year) {
            continue;
        }
        expected += 1;
        if i.results.contains_key(&year) {
            received += 1;
            rates.extend(achievement(i, year, today).map(|a| a.rate));
        } else {
            let cell = place.indicator(n, i, IndicatorColumn::Result(year));
            gaps.push(gap(GapKind::MissingResult, a, Some(i), vec![cell]));
        }
        let mut missing = Vec::new();
        if i.target.is_none() {
            missing.push(place.indicator(n, i, IndicatorColumn::Target));
        }
        if i.baseline.is_none() {
            missing.push(place.indicator(n, i, IndicatorColumn::Baseline));
        }
        if !missing.is_empty() {
            gaps.push(gap(GapKind::NoTargetOrBaseline, a, Some(i), missing));
        }
    }
    for (n, a) in actions.iter().enumerate() {
        if !ran_during(a, year) {
            continue;
        }
        if !indicators.iter().any(|i| i.action == a.number) {
            let cell = place.action(n, a, ActionColumn::Number);
            gaps.push(gap(GapKind::NoIndicator, a, None, vec![cell]));
        }
        if a.status == Some(StatusKind::Done) && !a.spending.contains_key(&year) {
            let cell = place.action(n, a, ActionColumn::Spending(year));
            gaps.push(gap(GapKind::MissingSpending, a, None, vec![cell]));
        }
    }
    // By kind, then as the partner's file reads.
    gaps.sort_by_key(|g| g.kind);
    PartnerCampaign {
        code: p.code.clone(),
        name: p.name.clone(),
        file: p.used.as_ref().map(|u| u.rel.clone()),
        expected,
        received,
        median: median(&rates),
        gaps,
    }
}

/// Names cells in a partner's file.
struct Place<'a> {
    layout: SheetLayout,
    r: &'a Referentiel,
}

impl Place<'_> {
    fn action(&self, index: usize, a: &Action, column: ActionColumn) -> ToFill {
        ToFill {
            field: column.header(self.r),
            cell: match &self.layout.actions {
                Some(t) => t.location(a.row, column),
                None => unplaced("Actions", a.row),
            },
            slot: Slot::Action(index, column),
        }
    }

    fn indicator(&self, index: usize, i: &Indicator, column: IndicatorColumn) -> ToFill {
        ToFill {
            field: column.header(self.r),
            cell: match &self.layout.indicators {
                Some(t) => t.location(i.row, column),
                None => unplaced("Indicateurs", i.row),
            },
            slot: Slot::Indicator(index, column),
        }
    }
}

/// A row whose table layout is not known (a plan from before layouts were
/// kept): the template's sheet name and the row.
fn unplaced(sheet: &str, row: u32) -> Location {
    Location {
        sheet: sheet.to_owned(),
        row: row.saturating_sub(1),
        col: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(status: StatusKind, start: Option<(i32, u32)>, end: Option<(i32, u32)>) -> Action {
        let day = |(y, m): (i32, u32)| NaiveDate::from_ymd_opt(y, m, 1);
        Action {
            status: Some(status),
            start: start.and_then(day),
            end: end.and_then(day),
            ..Action::default()
        }
    }

    #[test]
    fn only_actions_that_ran_during_the_year_are_asked_for_results() {
        use StatusKind::*;
        // Under way through the year, or over within it.
        assert!(ran_during(&action(InProgress, Some((2023, 1)), None), 2024));
        assert!(ran_during(
            &action(Done, Some((2023, 1)), Some((2024, 6))),
            2024
        ));
        assert!(ran_during(&action(Postponed, None, None), 2024));
        // Not started, starting after the year, over before it.
        assert!(!ran_during(&action(Planned, Some((2023, 1)), None), 2024));
        assert!(!ran_during(
            &action(InProgress, Some((2025, 3)), None),
            2024
        ));
        assert!(!ran_during(
            &action(Done, Some((2022, 1)), Some((2023, 6))),
            2024
        ));
        // Abandoned: only when it is known to have run into the year.
        assert!(ran_during(
            &action(Abandoned, Some((2023, 9)), Some((2024, 6))),
            2024
        ));
        assert!(!ran_during(
            &action(Abandoned, Some((2023, 9)), Some((2023, 12))),
            2024
        ));
        assert!(!ran_during(&action(Abandoned, Some((2023, 9)), None), 2024));
    }

    #[test]
    fn the_json_has_the_keys_of_the_issue_even_when_empty() {
        let c = Campaign {
            year: 2025,
            partners: Vec::new(),
        };
        let json: serde_json::Value =
            serde_json::from_str(&c.json()).unwrap_or(serde_json::Value::Null);
        assert_eq!(json["annee"], 2025);
        for kind in GapKind::ALL {
            assert_eq!(json[kind.key()], serde_json::json!([]), "{}", kind.key());
        }
        assert!(c.is_complete());
    }
}
