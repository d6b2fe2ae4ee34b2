//! The CTG référentiel and the settings of a shared folder, both read from
//! `ctg.toml`: the structure (axes → orientations → objectives), the lists
//! offered in the templates, the communes, the partner registry.
//!
//! The embedded default is the CCTA 2023–2026 convention. Every `ctg.toml` is
//! checked on load; each problem is reported with its line number, in French.
//!
//! Reading: `file` mirrors the TOML, `load` parses it, `check` (with
//! `checker`) turns it into a [`Config`]. The partner workbook's columns are
//! in `columns`, the other names partners give them in `synonyms.toml`.
//! Understanding what partners type: `resolve` (objectives, statuses,
//! communes, list values), `leads` (a piste de travail names its
//! objective), `near` (a list value that nearly matches one value).

mod check;
mod checker;
pub mod columns;
pub mod committee;
mod discover;
mod file;
mod follow;
mod leads;
mod load;
mod near;
mod resolve;
pub mod sheets;
mod synonyms;

pub(crate) use check::is_partner_code;
pub use discover::{ConfigSource, load_config, load_config_near};
pub use follow::{BudgetBasis, DEFAULT_TOOL_NAME, FollowSettings};
pub use near::ListMatch;
pub use resolve::{CommuneMatch, ObjectiveMatch};

use serde::{Deserialize, Serialize};

/// Code of the CAF's funder: every `ctg.toml` has one, and the CAF share
/// of an action is its amount over the budget.
pub const CAF_FUNDER: &str = "caf";

/// The default `ctg.toml`, written by `ctg init` and used when a folder has none.
pub const DEFAULT_TOML: &str = include_str!("ccta-2023-2026.toml");

/// Everything a shared folder's `ctg.toml` holds.
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    /// The CTG structure and lists partners' workbooks are checked against.
    pub referentiel: Referentiel,
    /// Partners known to the coordinator (may be empty).
    pub partners: Vec<Partner>,
    /// File name of the consolidated workbook in `sortie/`.
    pub output_workbook: String,
    /// The tool's name in what partners and the CAF read (« l'outil de
    /// suivi » unless `[sortie] nom_outil` says otherwise).
    pub tool_name: String,
    /// How the plan is followed: old files, what budgets cover.
    pub follow: FollowSettings,
    /// What counts as a change in change reports.
    pub changes: ChangeSettings,
    /// Where it was read from.
    #[serde(skip)]
    pub origin: Origin,
}

/// Where a configuration was read from: messages name the partner list
/// after the one actually used, never a `ctg.toml` that was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A `ctg.toml` (or its text).
    File,
    /// The embedded default, used when no `ctg.toml` was found.
    Embedded,
}

/// What counts as a change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeSettings {
    /// Keys of fields whose changes are not reported (see [`columns::field_key`]).
    pub ignored: Vec<String>,
    /// Numbers closer than this are equal.
    pub tolerance: f64,
}

impl Default for ChangeSettings {
    fn default() -> Self {
        ChangeSettings {
            ignored: Vec::new(),
            tolerance: 0.005,
        }
    }
}

/// The convention itself: who signed it and for which years.
#[derive(Debug, Clone, Serialize)]
pub struct Convention {
    /// Full name, shown in headings.
    pub name: String,
    /// The intercommunalité.
    pub territory: String,
    /// The CAF that signed.
    pub caf: String,
    /// First year covered.
    pub start_year: i32,
    /// Last year covered (inclusive).
    pub end_year: i32,
}

impl Convention {
    /// Every year of the convention, in order.
    pub fn years(&self) -> impl Iterator<Item = i32> + use<> {
        self.start_year..=self.end_year
    }
}

/// A strategic axis (« enjeu structurant »), e.g. `1`.
#[derive(Debug, Clone, Serialize)]
pub struct Axis {
    /// Code, e.g. `1`.
    pub code: String,
    /// Label.
    pub label: String,
}

/// A strategic orientation, e.g. `1.2`, under the axis its code starts with.
#[derive(Debug, Clone, Serialize)]
pub struct Orientation {
    /// Code, e.g. `1.2`.
    pub code: String,
    /// Label.
    pub label: String,
}

/// An operational objective, e.g. `1.2.1`: what every action is attached to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Objective {
    /// Code, e.g. `1.2.1`.
    pub code: String,
    /// Label.
    pub label: String,
    /// Work leads from the diagnostic, given as examples in templates.
    pub leads: Vec<String>,
}

impl Objective {
    /// Code of the orientation it belongs to (`1.2.1` → `1.2`).
    pub fn orientation_code(&self) -> &str {
        parent_code(&self.code)
    }

    /// Code of the axis it belongs to (`1.2.1` → `1`).
    pub fn axis_code(&self) -> &str {
        parent_code(self.orientation_code())
    }

    /// The text offered in dropdowns: `1.2.1 — label`.
    pub fn choice(&self) -> String {
        format!("{} — {}", self.code, self.label)
    }
}

/// The code one level up: `1.2.1` → `1.2`, `1.2` → `1`, `1` → `1`.
pub fn parent_code(code: &str) -> &str {
    code.rsplit_once('.').map_or(code, |(parent, _)| parent)
}

/// What a status means, whatever its label: ctg reasons on these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum StatusKind {
    /// Not started yet.
    #[serde(rename = "a_venir")]
    Planned,
    /// Under way.
    #[serde(rename = "en_cours")]
    InProgress,
    /// Done.
    #[serde(rename = "realisee")]
    Done,
    /// Postponed.
    #[serde(rename = "reportee")]
    Postponed,
    /// Given up.
    #[serde(rename = "abandonnee")]
    Abandoned,
}

impl StatusKind {
    /// Every kind, in the order of an action's life.
    pub const ALL: [StatusKind; 5] = [
        StatusKind::Planned,
        StatusKind::InProgress,
        StatusKind::Done,
        StatusKind::Postponed,
        StatusKind::Abandoned,
    ];

    /// The code used in `ctg.toml`.
    pub fn code(self) -> &'static str {
        match self {
            StatusKind::Planned => "a_venir",
            StatusKind::InProgress => "en_cours",
            StatusKind::Done => "realisee",
            StatusKind::Postponed => "reportee",
            StatusKind::Abandoned => "abandonnee",
        }
    }

    /// How far along an action of this status is, to tell a status going
    /// backwards (`Réalisée` → `En cours`). Postponed counts as not started.
    pub fn progress_rank(self) -> u8 {
        match self {
            StatusKind::Planned | StatusKind::Postponed => 0,
            StatusKind::InProgress => 1,
            StatusKind::Done | StatusKind::Abandoned => 2,
        }
    }
}

/// A status as configured: its meaning, label and accepted synonyms.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// What it means.
    pub kind: StatusKind,
    /// Label shown in dropdowns and outputs.
    pub label: String,
    /// Other spellings accepted from partners.
    pub synonyms: Vec<String>,
}

/// A funder, with the column of the templates that holds its amount.
#[derive(Debug, Clone, Serialize)]
pub struct Funder {
    /// Short stable code, e.g. `caf`.
    pub code: String,
    /// Label, e.g. `CAF`.
    pub label: String,
    /// Column header in templates, e.g. `Financement CAF`.
    pub column: String,
}

/// A commune of the territory.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Commune {
    /// Official name.
    pub name: String,
    /// INSEE code.
    pub insee: String,
}

/// A partner of the registry.
#[derive(Debug, Clone, Serialize)]
pub struct Partner {
    /// Code prefixing its action numbers, e.g. `MJCL`.
    pub code: String,
    /// Name of the structure.
    pub name: String,
    /// Contact person.
    pub contact: String,
    /// E-mail address.
    pub email: String,
    /// Phone number.
    pub phone: String,
}

impl Partner {
    /// A partner the registry does not know, by its code and name only.
    pub fn unregistered(code: &str, name: String) -> Partner {
        Partner {
            code: code.to_owned(),
            name,
            contact: String::new(),
            email: String::new(),
            phone: String::new(),
        }
    }
}

/// The CTG structure and the lists partners' workbooks are checked against.
#[derive(Debug, Clone, Serialize)]
pub struct Referentiel {
    /// The convention.
    pub convention: Convention,
    /// Axes, in order.
    pub axes: Vec<Axis>,
    /// Orientations, in order.
    pub orientations: Vec<Orientation>,
    /// Operational objectives, in order.
    pub objectives: Vec<Objective>,
    /// Statuses, in the order of an action's life.
    pub statuses: Vec<Status>,
    /// Champs d'intervention.
    pub domains: Vec<String>,
    /// Publics cibles.
    pub audiences: Vec<String>,
    /// Dispositifs CAF (Prestation de service, REAAP…).
    pub caf_schemes: Vec<String>,
    /// The avis a committee can give on an action (Validée, À retravailler…).
    pub verdicts: Vec<String>,
    /// Funders, one amount column each.
    pub funders: Vec<Funder>,
    /// Communes of the territory.
    pub communes: Vec<Commune>,
    /// The names partners give the columns of their workbook.
    #[serde(skip)]
    pub(crate) column_names: &'static synonyms::ColumnNames,
    /// Folded names, computed on first use.
    #[serde(skip)]
    pub(crate) folded: std::sync::OnceLock<resolve::Folded>,
}

impl Referentiel {
    /// The objective with this exact code.
    pub fn objective(&self, code: &str) -> Option<&Objective> {
        self.objectives.iter().find(|o| o.code == code)
    }

    /// The orientation with this exact code.
    pub fn orientation(&self, code: &str) -> Option<&Orientation> {
        self.orientations.iter().find(|o| o.code == code)
    }

    /// The axis with this exact code.
    pub fn axis(&self, code: &str) -> Option<&Axis> {
        self.axes.iter().find(|a| a.code == code)
    }

    /// The configured status of this kind.
    pub fn status(&self, kind: StatusKind) -> Option<&Status> {
        self.statuses.iter().find(|s| s.kind == kind)
    }

    /// The label of a status kind, falling back to its code.
    pub fn status_label(&self, kind: StatusKind) -> &str {
        self.status(kind).map_or(kind.code(), |s| s.label.as_str())
    }
}

impl Config {
    /// The embedded default configuration (CCTA 2023–2026).
    pub fn embedded() -> Result<Config, crate::error::ConfigError> {
        Ok(Config {
            origin: Origin::Embedded,
            ..Config::parse(DEFAULT_TOML)?
        })
    }

    /// The partner list in use, as messages name it: « la liste des
    /// partenaires de ctg.toml » or « la liste de partenaires du
    /// référentiel intégré ».
    pub fn registry_name(&self) -> &'static str {
        match self.origin {
            Origin::File => "la liste des partenaires de ctg.toml",
            Origin::Embedded => "la liste de partenaires du référentiel intégré",
        }
    }

    /// The tool's name opening a sentence (« L'outil de suivi »).
    pub fn tool_name_capitalised(&self) -> String {
        crate::text::capitalised(&self.tool_name)
    }

    /// The partner of the registry with this code.
    pub fn partner(&self, code: &str) -> Option<&Partner> {
        self.partners.iter().find(|p| p.code == code)
    }

    /// The one partner whose code stands as a word in a file name
    /// (`plan-MJCL-2024.xlsx`); none when no code or several do.
    pub fn partner_in_file_name(&self, file: &str) -> Option<&Partner> {
        let stem = std::path::Path::new(file).file_stem()?.to_string_lossy();
        let name = format!(" {} ", crate::text::fold(&stem));
        let mut found = self
            .partners
            .iter()
            .filter(|p| name.contains(&format!(" {} ", crate::text::fold(&p.code))));
        match (found.next(), found.next()) {
            (Some(p), None) => Some(p),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_referentiel_matches_the_ccta_convention() -> Result<(), Box<dyn std::error::Error>>
    {
        let config = Config::embedded()?;
        let r = &config.referentiel;
        assert_eq!(r.axes.len(), 4);
        assert_eq!(r.orientations.len(), 9);
        assert_eq!(r.objectives.len(), 28);
        assert_eq!(r.communes.len(), 21);
        assert_eq!(r.statuses.len(), 5);
        assert_eq!(
            r.convention.years().collect::<Vec<_>>(),
            [2023, 2024, 2025, 2026]
        );
        let o = r.objective("3.1.4").ok_or("3.1.4 missing")?;
        assert_eq!(o.axis_code(), "3");
        assert_eq!(o.orientation_code(), "3.1");
        assert!(o.leads.iter().any(|l| l.contains("stages croisés")));
        assert!(r.objectives.iter().all(|o| !o.leads.is_empty()));
        assert_eq!(
            r.communes
                .iter()
                .find(|c| c.name == "Lavaur")
                .map(|c| c.insee.as_str()),
            Some("81140")
        );
        Ok(())
    }
}
