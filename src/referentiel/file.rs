//! The text of `ctg.toml` as written, before any check: one struct per block.
//! The TOML keys are French, as coordinators write them; `check` turns these
//! into a [`Config`](super::Config).

use serde::Deserialize;
use toml::Spanned;

/// A whole `ctg.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ConfigFile {
    pub convention: ConventionFile,
    #[serde(default, rename = "sortie")]
    pub output: OutputFile,
    #[serde(default, rename = "partenaire")]
    pub partners: Vec<PartnerFile>,
    #[serde(default, rename = "axe")]
    pub axes: Vec<NodeFile>,
    #[serde(default, rename = "orientation")]
    pub orientations: Vec<NodeFile>,
    #[serde(default, rename = "objectif")]
    pub objectives: Vec<ObjectiveFile>,
    #[serde(default, rename = "statut")]
    pub statuses: Vec<StatusFile>,
    #[serde(default, rename = "listes")]
    pub lists: ListsFile,
    #[serde(default, rename = "financeur")]
    pub funders: Vec<FunderFile>,
    #[serde(default, rename = "commune")]
    pub communes: Vec<CommuneFile>,
    #[serde(default, rename = "modifications")]
    pub changes: ChangesFile,
    #[serde(default, rename = "suivi")]
    pub follow: super::follow::FollowFile,
    #[serde(default, rename = "avis")]
    pub verdicts: VerdictsFile,
}

/// `[avis]`: the decisions a committee can give on an action. Optional: a
/// `ctg.toml` written before `ctg avis` has none, and gets the usual five.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct VerdictsFile {
    #[serde(default = "default_verdicts", rename = "valeurs")]
    pub values: Spanned<Vec<String>>,
}

impl Default for VerdictsFile {
    fn default() -> Self {
        VerdictsFile {
            values: default_verdicts(),
        }
    }
}

/// The avis of a `ctg.toml` that names none.
fn default_verdicts() -> Spanned<Vec<String>> {
    let verdicts = [
        "Validée",
        "Validée sous réserve",
        "À retravailler",
        "Ajournée",
        "Non retenue",
    ];
    Spanned::new(0..0, verdicts.map(str::to_owned).to_vec())
}

/// `[modifications]`: what counts as a change.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ChangesFile {
    #[serde(default = "empty_list", rename = "ignorer")]
    pub ignored: Spanned<Vec<String>>,
    #[serde(default = "default_tolerance")]
    pub tolerance: Spanned<f64>,
}

impl Default for ChangesFile {
    fn default() -> Self {
        ChangesFile {
            ignored: empty_list(),
            tolerance: default_tolerance(),
        }
    }
}

fn default_tolerance() -> Spanned<f64> {
    Spanned::new(0..0, super::ChangeSettings::default().tolerance)
}

/// `[convention]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ConventionFile {
    #[serde(rename = "nom")]
    pub name: String,
    #[serde(default, rename = "territoire")]
    pub territory: String,
    #[serde(default)]
    pub caf: String,
    #[serde(rename = "debut")]
    pub start: Spanned<i32>,
    #[serde(rename = "fin")]
    pub end: Spanned<i32>,
}

/// `[sortie]`: the outputs' names.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OutputFile {
    #[serde(default = "default_workbook", rename = "classeur")]
    pub workbook: Spanned<String>,
    #[serde(default = "super::follow::default_tool_name", rename = "nom_outil")]
    pub tool_name: Spanned<String>,
}

impl Default for OutputFile {
    fn default() -> Self {
        OutputFile {
            workbook: default_workbook(),
            tool_name: super::follow::default_tool_name(),
        }
    }
}

fn default_workbook() -> Spanned<String> {
    Spanned::new(0..0, "plan-actions-consolide.xlsx".to_owned())
}

/// `[[partenaire]]`: a partner of the registry.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PartnerFile {
    pub code: Spanned<String>,
    #[serde(rename = "nom")]
    pub name: Spanned<String>,
    #[serde(default, rename = "referent")]
    pub contact: String,
    #[serde(default, rename = "courriel")]
    pub email: String,
    #[serde(default, rename = "telephone")]
    pub phone: String,
}

/// `[[axe]]` or `[[orientation]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NodeFile {
    pub code: Spanned<String>,
    #[serde(rename = "libelle")]
    pub label: Spanned<String>,
}

/// `[[objectif]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ObjectiveFile {
    pub code: Spanned<String>,
    #[serde(rename = "libelle")]
    pub label: Spanned<String>,
    #[serde(default, rename = "pistes")]
    pub leads: Vec<String>,
}

/// `[[statut]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StatusFile {
    pub code: Spanned<String>,
    #[serde(rename = "libelle")]
    pub label: Spanned<String>,
    #[serde(default, rename = "synonymes")]
    pub synonyms: Vec<String>,
}

/// `[listes]`: the dropdowns of the templates.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ListsFile {
    #[serde(default = "empty_list", rename = "champs")]
    pub domains: Spanned<Vec<String>>,
    #[serde(default = "empty_list", rename = "publics")]
    pub audiences: Spanned<Vec<String>>,
    /// Optional: a `ctg.toml` written before template ctg-2 has none, and
    /// gets the CNAF's usual dispositifs.
    #[serde(default = "default_caf_schemes", rename = "dispositifs_caf")]
    pub caf_schemes: Spanned<Vec<String>>,
}

impl Default for ListsFile {
    fn default() -> Self {
        ListsFile {
            domains: empty_list(),
            audiences: empty_list(),
            caf_schemes: default_caf_schemes(),
        }
    }
}

/// The dispositifs CAF of a `ctg.toml` that names none.
fn default_caf_schemes() -> Spanned<Vec<String>> {
    let schemes = [
        "Prestation de service",
        "Bonus territoire",
        "Fonds publics et territoires",
        "REAAP",
        "Autre",
    ];
    Spanned::new(0..0, schemes.map(str::to_owned).to_vec())
}

fn empty_list() -> Spanned<Vec<String>> {
    Spanned::new(0..0, Vec::new())
}

/// `[[financeur]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FunderFile {
    pub code: Spanned<String>,
    #[serde(rename = "libelle")]
    pub label: Spanned<String>,
    #[serde(rename = "colonne")]
    pub column: Spanned<String>,
}

/// `[[commune]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CommuneFile {
    #[serde(rename = "nom")]
    pub name: Spanned<String>,
    pub insee: Spanned<String>,
}
