//! What changed between two states of the plan d'actions: actions added,
//! removed, modified field by field, renumbered; indicators whose target or
//! results moved; partners who arrived, left or became unreadable.
//!
//! Actions are matched by their number, never by their row: re-ordering
//! rows or inserting one in the middle changes nothing else. An action whose
//! number changed is found again by resemblance, and the report says so.

mod actions;
mod compare;
pub mod consolidated;
mod decisions;
mod fields;
mod indicators;
mod workbooks;

use chrono::NaiveDateTime;
use serde::Serialize;

pub use compare::{compare, compare_with};
pub use workbooks::{Comparison, compare_workbooks};

/// What happened to an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum ChangeKind {
    /// New action.
    #[serde(rename = "ajoutee")]
    Added,
    /// Action gone.
    #[serde(rename = "supprimee")]
    Removed,
    /// Same number, fields changed.
    #[serde(rename = "modifiee")]
    Modified,
    /// Number changed, found again by resemblance (fields may have changed too).
    #[serde(rename = "renumerotee")]
    Renumbered,
}

impl ChangeKind {
    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::Added => "ajoutée",
            ChangeKind::Removed => "supprimée",
            ChangeKind::Modified => "modifiée",
            ChangeKind::Renumbered => "renumérotée",
        }
    }

    /// French label for a masculine noun (« indicateur ajouté »).
    pub fn masculine(self) -> &'static str {
        match self {
            ChangeKind::Added => "ajouté",
            ChangeKind::Removed => "supprimé",
            ChangeKind::Modified => "modifié",
            ChangeKind::Renumbered => "renuméroté",
        }
    }
}

/// A piece of a word-level text diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "texte")]
pub enum Segment {
    /// Unchanged words.
    #[serde(rename = "egal")]
    Same(String),
    /// Words removed.
    #[serde(rename = "supprime")]
    Removed(String),
    /// Words added.
    #[serde(rename = "ajoute")]
    Added(String),
}

/// One field that changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// Stable key (`statut`, `budget`, `financement_caf`, `colonne:Remarques`…).
    #[serde(rename = "cle")]
    pub key: String,
    /// French name of the field, as in the template.
    #[serde(rename = "champ")]
    pub field: String,
    /// Value before, as shown to users (empty when there was none).
    #[serde(rename = "ancien")]
    pub old: String,
    /// Value after.
    #[serde(rename = "nouveau")]
    pub new: String,
    /// Word-level diff, for long texts.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "mots")]
    pub words: Option<Vec<Segment>>,
    /// Difference, for amounts and numbers (new − old).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "ecart")]
    pub delta: Option<f64>,
    /// What it means, when worth saying (« statut en recul », « changement d'axe »).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "remarque")]
    pub note: Option<String>,
}

/// What happened to one action.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionChange {
    /// Added, removed, modified or renumbered.
    #[serde(rename = "nature")]
    pub kind: ChangeKind,
    /// Its number now (its last number when removed).
    #[serde(rename = "numero")]
    pub number: String,
    /// Its former number, when renumbered.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "ancien_numero")]
    pub old_number: Option<String>,
    /// Its title (now, or last known).
    #[serde(rename = "intitule")]
    pub title: String,
    /// Axis code of its objective (now, or last known).
    #[serde(rename = "axe")]
    pub axis: String,
    /// How sure the match of a renumbered action is, from 0 to 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "ressemblance")]
    pub resemblance: Option<f64>,
    /// Fields that changed (empty for added and removed actions).
    #[serde(rename = "champs")]
    pub fields: Vec<FieldChange>,
}

/// What happened to one indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorChange {
    /// Added, removed or modified.
    #[serde(rename = "nature")]
    pub kind: ChangeKind,
    /// The action it measures.
    pub action: String,
    /// Its name.
    #[serde(rename = "indicateur")]
    pub indicator: String,
    /// Fields that changed.
    #[serde(rename = "champs")]
    pub fields: Vec<FieldChange>,
}

/// Something that happened to a partner as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PartnerEvent {
    /// Sent a file for the first time.
    #[serde(rename = "premier_depot")]
    FirstDeposit,
    /// Its file left the folder.
    #[serde(rename = "fichier_retire")]
    FileWithdrawn,
    /// Its file became unreadable (an earlier version may stand in).
    #[serde(rename = "devenu_illisible")]
    BecameUnreadable,
    /// Its file is readable again.
    #[serde(rename = "de_nouveau_lisible")]
    ReadableAgain,
}

/// Everything that changed for one partner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnerChanges {
    /// Partner code.
    pub code: String,
    /// Structure name.
    #[serde(rename = "nom")]
    pub name: String,
    /// What happened to the partner as a whole.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "evenement")]
    pub event: Option<PartnerEvent>,
    /// Action changes, by number.
    pub actions: Vec<ActionChange>,
    /// Indicator changes, by action then name.
    #[serde(rename = "indicateurs")]
    pub indicators: Vec<IndicatorChange>,
}

impl PartnerChanges {
    /// True when nothing changed for this partner.
    pub fn is_empty(&self) -> bool {
        self.event.is_none() && self.actions.is_empty() && self.indicators.is_empty()
    }

    /// Number of action changes of a kind.
    pub fn count(&self, kind: ChangeKind) -> usize {
        self.actions.iter().filter(|a| a.kind == kind).count()
    }
}

/// A committee's avis on an action that is new or different.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionChange {
    /// The action's number.
    #[serde(rename = "numero")]
    pub number: String,
    /// Its title, when the newer plan holds it.
    #[serde(rename = "intitule")]
    pub title: String,
    /// Its partner's code.
    #[serde(rename = "partenaire")]
    pub partner: String,
    /// The avis before (none for the first one on this action).
    #[serde(rename = "ancien")]
    pub old: Option<String>,
    /// The avis now.
    #[serde(rename = "nouveau")]
    pub new: String,
    /// The committee that gave it (« COPIL »).
    pub instance: String,
    /// The date of its meeting.
    pub date: chrono::NaiveDate,
    /// What it said.
    #[serde(rename = "commentaire")]
    pub comment: String,
}

/// The change report between two snapshots.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeReport {
    /// The older snapshot.
    #[serde(rename = "depuis")]
    pub since: String,
    /// When it was taken.
    #[serde(rename = "depuis_le")]
    pub since_at: Option<NaiveDateTime>,
    /// The newer snapshot.
    #[serde(rename = "jusqua")]
    pub until: String,
    /// When it was taken.
    #[serde(rename = "jusqua_le")]
    pub until_at: Option<NaiveDateTime>,
    /// Partners with changes, by code.
    #[serde(rename = "partenaires")]
    pub partners: Vec<PartnerChanges>,
    /// Avis of the committee given or changed, by action number.
    #[serde(rename = "avis")]
    pub decisions: Vec<DecisionChange>,
}

impl ChangeReport {
    /// True when nothing changed in substance.
    pub fn is_empty(&self) -> bool {
        self.partners.iter().all(PartnerChanges::is_empty) && self.decisions.is_empty()
    }
}
