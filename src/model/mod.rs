//! What a partner's workbook means once read and checked: its actions and
//! indicators, clean and typed, plus everything that could not be accepted.

mod decision;
mod plan;
pub mod tracking;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::finding::{Finding, Location, Severity};
use crate::referentiel::StatusKind;
use crate::referentiel::columns::{ActionColumn, IndicatorColumn};
use crate::workbook::{Format, ReadError};

pub use decision::{Decision, standing};
pub use plan::{PartnerPlan, Snapshot};

/// The communes an action covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Communes {
    /// Not said.
    #[default]
    Unspecified,
    /// The whole territory (« Toutes »).
    All,
    /// These communes (official names, or the text typed when unknown).
    Some(Vec<String>),
}

impl Communes {
    /// The text shown in outputs: « Toutes », or names separated by `; `.
    pub fn display(&self) -> String {
        match self {
            Communes::Unspecified => String::new(),
            Communes::All => "Toutes".to_owned(),
            Communes::Some(names) => names.join("; "),
        }
    }

    /// The inverse of [`Communes::display`], to read an output back.
    pub fn from_display(text: &str) -> Communes {
        let text = text.trim();
        if text.is_empty() {
            Communes::Unspecified
        } else if text == Communes::All.display() {
            Communes::All
        } else {
            Communes::Some(crate::text::split_joined(text))
        }
    }

    /// True when the action covers the commune called `name`.
    pub fn covers(&self, name: &str) -> bool {
        match self {
            Communes::Unspecified => false,
            Communes::All => true,
            Communes::Some(names) => names.iter().any(|n| n == name),
        }
    }
}

/// An accepted action. `Default` is the empty action, for building one
/// field by field (template pre-filling, samples, tests).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Action {
    /// N° action, normalised (`MJCL-004`).
    pub number: String,
    /// Intitulé.
    pub title: String,
    /// Code of the operational objective.
    pub objective: String,
    /// Champs d'intervention.
    pub domains: Vec<String>,
    /// Publics cibles.
    pub audiences: Vec<String>,
    /// Communes concernées.
    pub communes: Communes,
    /// Constat (besoin identifié): the need the action answers.
    #[serde(default)]
    pub need: String,
    /// Description.
    pub description: String,
    /// Moyens mobilisés: staff, premises, equipment.
    #[serde(default)]
    pub means: String,
    /// Référent de l'action.
    pub contact: String,
    /// Partenaires associés.
    pub associates: String,
    /// Action commune avec: numbers of the same action in other partners'
    /// plans, normalised like action numbers.
    #[serde(default)]
    pub joint_with: Vec<String>,
    /// Date de début.
    pub start: Option<NaiveDate>,
    /// Date de fin.
    pub end: Option<NaiveDate>,
    /// Statut.
    pub status: Option<StatusKind>,
    /// Avancement, 0–100.
    pub progress: Option<f64>,
    /// Budget prévisionnel, €.
    pub budget: Option<f64>,
    /// Amount per funder code, €.
    pub funding: BTreeMap<String, f64>,
    /// Dispositif CAF the CAF amount comes under (a value of the list, or
    /// the text typed when it is not one).
    #[serde(default)]
    pub caf_scheme: Option<String>,
    /// Dépenses réalisées per year of the convention, €.
    #[serde(default)]
    pub spending: BTreeMap<i32, f64>,
    /// Commentaires.
    pub comments: String,
    /// Columns ctg does not know: (header, text), kept as written.
    pub extra: Vec<(String, String)>,
    /// 1-based row in the partner's sheet.
    pub row: u32,
}

impl Action {
    /// Sum of all funders' amounts.
    pub fn funding_total(&self) -> f64 {
        self.funding.values().sum()
    }

    /// Its « Suivi » on `today` (see [`tracking::assess`]).
    pub fn tracking(&self, today: NaiveDate) -> tracking::Assessment {
        tracking::assess(self.status, self.progress, self.start, self.end, today)
    }
}

/// Quantitative or qualitative indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum IndicatorKind {
    /// Measured by a number.
    #[serde(rename = "quantitatif")]
    Quantitative,
    /// Described in words.
    #[serde(rename = "qualitatif")]
    Qualitative,
}

impl IndicatorKind {
    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            IndicatorKind::Quantitative => "Quantitatif",
            IndicatorKind::Qualitative => "Qualitatif",
        }
    }
}

/// Whether an indicator measures results or means (CNAF evaluation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum IndicatorNature {
    /// What the action achieves (families reached, satisfaction…).
    #[serde(rename = "resultat")]
    Result,
    /// What the action uses (hours of staff, sessions held…).
    #[serde(rename = "moyens")]
    Means,
}

impl IndicatorNature {
    /// Both natures, in the order of the template's dropdown.
    pub const ALL: [IndicatorNature; 2] = [IndicatorNature::Result, IndicatorNature::Means];

    /// French label, as in the template's dropdown.
    pub fn label(self) -> &'static str {
        match self {
            IndicatorNature::Result => "Résultat",
            IndicatorNature::Means => "Moyens",
        }
    }
}

/// When an indicator's target is to be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TargetHorizon {
    /// Every year of the convention.
    #[serde(rename = "annuelle")]
    Annual,
    /// By the end of the convention (what an empty cell means).
    #[serde(rename = "fin_de_ctg")]
    EndOfConvention,
}

impl TargetHorizon {
    /// Both horizons, in the order of the template's dropdown.
    pub const ALL: [TargetHorizon; 2] = [TargetHorizon::Annual, TargetHorizon::EndOfConvention];

    /// French label, as in the template's dropdown.
    pub fn label(self) -> &'static str {
        match self {
            TargetHorizon::Annual => "Annuelle",
            TargetHorizon::EndOfConvention => "Fin de CTG",
        }
    }

    /// The horizon to show for an indicator: an empty cell means the end
    /// of the convention, and outputs say that it was not given.
    pub fn describe(horizon: Option<TargetHorizon>) -> &'static str {
        match horizon {
            Some(h) => h.label(),
            None => "Non précisé (fin de CTG par défaut)",
        }
    }
}

/// A value of an indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorValue {
    /// A number.
    Number(f64),
    /// Words.
    Text(String),
}

impl IndicatorValue {
    /// The number, for quantitative values.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            IndicatorValue::Number(n) => Some(*n),
            IndicatorValue::Text(_) => None,
        }
    }
}

/// An accepted indicator. `Default` is the empty indicator, for building
/// one field by field (samples, tests).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Indicator {
    /// N° of the action it measures.
    pub action: String,
    /// Its name.
    pub name: String,
    /// Quantitatif / qualitatif, when known.
    pub kind: Option<IndicatorKind>,
    /// Résultat / moyens, when given.
    #[serde(default)]
    pub nature: Option<IndicatorNature>,
    /// Unité.
    pub unit: String,
    /// Valeur de départ.
    pub baseline: Option<IndicatorValue>,
    /// Cible.
    pub target: Option<IndicatorValue>,
    /// Horizon de la cible, when given; `None` means the end of the
    /// convention, and is kept apart so outputs can say it was not given.
    #[serde(default)]
    pub horizon: Option<TargetHorizon>,
    /// Réalisé per year.
    pub results: BTreeMap<i32, IndicatorValue>,
    /// Commentaire.
    pub comment: String,
    /// 1-based row in the partner's sheet.
    pub row: u32,
}

/// Who sent the file, as it says (completed from the registry).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PartnerInfo {
    /// Partner code; empty when it could not be determined.
    pub code: String,
    /// Structure.
    pub name: String,
    /// Référent.
    pub contact: String,
    /// Courriel.
    pub email: String,
    /// Téléphone.
    pub phone: String,
    /// Date de mise à jour.
    pub updated: Option<NaiveDate>,
    /// Version du modèle.
    pub template_version: String,
}

/// A row that could not be accepted, kept with everything it held.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RejectedRow {
    /// Sheet name.
    pub sheet: String,
    /// 1-based row.
    pub row: u32,
    /// (header, text) of each non-empty cell.
    pub values: Vec<(String, String)>,
    /// Why it was not accepted, in French.
    pub reasons: Vec<String>,
}

/// What a row of a partner's actions or indicators table says, whether
/// it was accepted or not.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RowFacts {
    /// The action number it gives, normalised when it could be.
    pub action: String,
    /// The budget it gives, when it is an amount (actions table only).
    pub budget: Option<f64>,
}

/// Where the fields of one table sit in the partner's file: its sheet and
/// the column of each field found, so outputs can name the exact cell to
/// fill (`Indicateurs!H5`) in the partner's own layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableLayout<C: Ord> {
    /// Sheet name, as in the file.
    pub sheet: String,
    /// 0-based column of each field the header row holds.
    pub columns: BTreeMap<C, u32>,
}

impl<C: Ord> TableLayout<C> {
    /// The cell of `field` on the 1-based `row` (the whole row when the
    /// sheet has no such column).
    pub fn location(&self, row: u32, field: C) -> Location {
        Location {
            sheet: self.sheet.clone(),
            row: row.saturating_sub(1),
            col: self.columns.get(&field).copied(),
        }
    }
}

/// The layout of the Actions and Indicateurs tables of a file, when found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SheetLayout {
    /// The Actions table.
    pub actions: Option<TableLayout<ActionColumn>>,
    /// The Indicateurs table.
    pub indicators: Option<TableLayout<IndicatorColumn>>,
}

/// One partner file, read and checked.
#[derive(Debug, Clone)]
pub struct Submission {
    /// The file as shown to the user.
    pub file: String,
    /// Its format, when it could be read.
    pub format: Option<Format>,
    /// Why it could not be read as a workbook, when it could not (a PDF
    /// renamed `.xlsx`…): what the file is, for the partner's retour.
    pub unread: Option<ReadError>,
    /// The sheet its actions were read from: the errors of an accepted
    /// action are on its row there.
    pub actions_sheet: Option<String>,
    /// The partner.
    pub partner: PartnerInfo,
    /// Accepted actions, in file order.
    pub actions: Vec<Action>,
    /// Accepted indicators, in file order.
    pub indicators: Vec<Indicator>,
    /// Rows not accepted.
    pub rejected: Vec<RejectedRow>,
    /// What each row of the actions and indicators tables says, accepted
    /// or not, by (sheet, 1-based row): the action a finding on that row is
    /// about, the budget a refused row carries.
    pub rows: BTreeMap<(String, u32), RowFacts>,
    /// Every finding, in report order.
    pub findings: Vec<Finding>,
    /// Where its tables' fields are.
    pub layout: SheetLayout,
}

impl Submission {
    /// A file that could not be checked at all, with the finding that says
    /// why (its path is the finding's file).
    pub fn unchecked(finding: Finding) -> Submission {
        Submission {
            file: finding.file.clone(),
            format: None,
            unread: None,
            actions_sheet: None,
            partner: PartnerInfo::default(),
            actions: Vec::new(),
            indicators: Vec::new(),
            rejected: Vec::new(),
            rows: BTreeMap::new(),
            findings: vec![finding],
            layout: SheetLayout::default(),
        }
    }

    /// True when the file could be read as a workbook with an actions table.
    pub fn is_readable(&self) -> bool {
        self.format.is_some()
    }

    /// Number of findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// The number of the action a finding is about, when it is on a row of
    /// the actions or indicators table of this file.
    pub fn action_of(&self, f: &Finding) -> Option<&str> {
        let at = f.location.as_ref().filter(|_| f.file == self.file)?;
        self.rows
            .get(&(at.sheet.clone(), at.row + 1))
            .map(|facts| facts.action.as_str())
            .filter(|number| !number.is_empty())
    }

    /// The budgets of the rows refused, as typed (a budget that cannot be
    /// read counts for nothing: its row says why).
    pub fn rejected_budget(&self) -> f64 {
        self.rejected
            .iter()
            .filter_map(|r| self.rows.get(&(r.sheet.clone(), r.row))?.budget)
            .fold(0.0, |sum, x| sum + x)
    }

    /// The errors on the row of an accepted action: what is still to correct
    /// in an action that was kept (README, « Les actions gardées avec des
    /// erreurs »).
    pub fn errors_of<'a>(&'a self, action: &'a Action) -> impl Iterator<Item = &'a Finding> {
        self.findings.iter().filter(move |f| {
            f.severity == Severity::Error
                && f.location.as_ref().is_some_and(|l| {
                    Some(&l.sheet) == self.actions_sheet.as_ref() && l.row + 1 == action.row
                })
        })
    }
}
