//! The settings of how the plan is followed (`[suivi]` of `ctg.toml`): when
//! a partner's file counts as old, and what the budgets partners type
//! cover; and the name outputs give the tool (`[sortie] nom_outil`).

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::checker::Checker;
use crate::text::fold;

/// The tool, as partners and the CAF read its name when none is set.
pub const DEFAULT_TOOL_NAME: &str = "l'outil de suivi";

/// What the « Budget prévisionnel » of an action covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum BudgetBasis {
    /// The whole action, over its dates (`budgets = "convention"`).
    WholeAction,
    /// One year of the action (`budgets = "annuels"`).
    Annual,
}

impl BudgetBasis {
    /// The value of `budgets` in `ctg.toml`.
    pub fn key(self) -> &'static str {
        match self {
            BudgetBasis::WholeAction => "convention",
            BudgetBasis::Annual => "annuels",
        }
    }

    /// What it means, as the Synthèse says it.
    pub fn describe(self) -> &'static str {
        match self {
            BudgetBasis::WholeAction => {
                "le budget prévisionnel de chaque action couvre toute sa durée"
            }
            BudgetBasis::Annual => "le budget prévisionnel de chaque action est annuel",
        }
    }
}

/// How the plan is followed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowSettings {
    /// A partner's file not changed for this many months is flagged old.
    pub freshness_months: u32,
    /// What budgets cover.
    pub budgets: BudgetBasis,
}

impl Default for FollowSettings {
    fn default() -> Self {
        FollowSettings {
            freshness_months: DEFAULT_FRESHNESS_MONTHS,
            budgets: BudgetBasis::WholeAction,
        }
    }
}

/// Months without change after which a file is old, when `ctg.toml` says
/// nothing.
const DEFAULT_FRESHNESS_MONTHS: u32 = 6;

/// `[suivi]`, as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FollowFile {
    #[serde(default = "default_freshness", rename = "fraicheur_mois")]
    freshness_months: Spanned<i64>,
    #[serde(default = "default_budgets", rename = "budgets")]
    budgets: Spanned<String>,
}

impl Default for FollowFile {
    fn default() -> Self {
        FollowFile {
            freshness_months: default_freshness(),
            budgets: default_budgets(),
        }
    }
}

fn default_freshness() -> Spanned<i64> {
    Spanned::new(0..0, i64::from(DEFAULT_FRESHNESS_MONTHS))
}

fn default_budgets() -> Spanned<String> {
    Spanned::new(0..0, BudgetBasis::WholeAction.key().to_owned())
}

/// Checks `[suivi]`.
pub(super) fn check(c: &mut Checker, f: FollowFile) -> FollowSettings {
    let defaults = FollowSettings::default();
    let months = *f.freshness_months.get_ref();
    let freshness_months = match u32::try_from(months) {
        Ok(m) if (1..=48).contains(&m) => m,
        _ => {
            c.report(
                &f.freshness_months,
                format!("[suivi] fraicheur_mois vaut {months} : indiquez un nombre de mois entre 1 et 48 (par défaut 6)."),
            );
            defaults.freshness_months
        }
    };
    let budgets = match fold(f.budgets.get_ref()).as_str() {
        "convention" => BudgetBasis::WholeAction,
        "annuels" | "annuel" => BudgetBasis::Annual,
        _ => {
            c.report(
                &f.budgets,
                format!("[suivi] budgets vaut « {} » : indiquez \"convention\" (budget de toute l'action) ou \"annuels\" (budget par an).", f.budgets.get_ref()),
            );
            defaults.budgets
        }
    };
    FollowSettings {
        freshness_months,
        budgets,
    }
}

/// Checks `[sortie] nom_outil`: the name, or the default when the key is
/// absent.
pub(super) fn tool_name(c: &mut Checker, name: &Spanned<String>) -> String {
    c.text(name, "le nom de l'outil ([sortie] nom_outil)")
}

/// The default of `[sortie] nom_outil`.
pub(super) fn default_tool_name() -> Spanned<String> {
    Spanned::new(0..0, DEFAULT_TOOL_NAME.to_owned())
}
