//! What changed between two states of the plan d'actions: actions added,
//! removed, modified field by field, renumbered; indicators whose target or
//! results moved; partners who arrived, left or became unreadable.
//!
//! Actions are matched by their number, never by their row: re-ordering
//! rows or inserting one in the middle changes nothing else. An action whose
//! number changed is found again by resemblance, and the report says so.

mod compare;
pub mod consolidated;
pub mod render;

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use serde::Serialize;

pub use compare::compare;

use crate::model::{Action, Indicator};

/// A partner's plan at one moment.
#[derive(Debug, Clone, Default)]
pub struct PartnerPlan {
    /// Structure name.
    pub name: String,
    /// State code of the consolidation (`a_jour`, `illisible`…), if known.
    pub state: Option<String>,
    /// File the plan comes from, for messages.
    pub source: Option<String>,
    /// Accepted actions.
    pub actions: Vec<Action>,
    /// Accepted indicators.
    pub indicators: Vec<Indicator>,
}

/// The whole plan at one moment: a consolidation, or a workbook.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// What it is, for the report (« consolidation du 12/03/2024 à 14:05 »).
    pub label: String,
    /// When it was taken, when known.
    pub taken_at: Option<NaiveDateTime>,
    /// Plans by partner code.
    pub partners: BTreeMap<String, PartnerPlan>,
}

impl Snapshot {
    /// The plan as a consolidation made it.
    pub fn of_consolidation(c: &crate::consolidate::Consolidation) -> Snapshot {
        let partners = c
            .partners
            .iter()
            .map(|p| {
                let plan = PartnerPlan {
                    name: p.name.clone(),
                    state: Some(p.state.code().to_owned()),
                    source: p.current.as_ref().map(|r| r.rel.clone()),
                    actions: p.actions().to_vec(),
                    indicators: p.indicators().to_vec(),
                };
                (p.code.clone(), plan)
            })
            .collect();
        Snapshot {
            label: format!(
                "la consolidation du {}",
                c.generated_at.format("%d/%m/%Y à %H:%M")
            ),
            taken_at: Some(c.generated_at),
            partners,
        }
    }
}

impl Snapshot {
    /// The plan of one partner's workbook as checked (accepted rows only),
    /// under its partner code.
    pub fn of_submission(s: &crate::model::Submission, label: String) -> Snapshot {
        let plan = PartnerPlan {
            name: s.partner.name.clone(),
            // A file compared with another: no folder, so no state.
            state: None,
            source: Some(s.file.clone()),
            actions: s.actions.clone(),
            indicators: s.indicators.clone(),
        };
        Snapshot {
            label,
            taken_at: None,
            partners: BTreeMap::from([(s.partner.code.clone(), plan)]),
        }
    }
}

/// What counts as a change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeSettings {
    /// Keys of fields whose changes are not reported (see [`field_key`]).
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
}

impl ChangeReport {
    /// True when nothing changed in substance.
    pub fn is_empty(&self) -> bool {
        self.partners.iter().all(PartnerChanges::is_empty)
    }
}

/// The stable key of an indicator field (the action number and the name
/// identify an indicator, they have none).
pub fn indicator_key(c: crate::read::IndicatorColumn) -> Option<String> {
    use crate::read::IndicatorColumn::*;
    match c {
        Action | Name => None,
        Kind => Some("type".to_owned()),
        Unit => Some("unite".to_owned()),
        Baseline => Some("valeur_depart".to_owned()),
        Target => Some("cible".to_owned()),
        Result(year) => Some(format!("realise_{year}")),
        Comment => Some("commentaire".to_owned()),
    }
}

/// The stable key of an action field, used in JSON and in `ctg.toml`
/// (`[modifications] ignorer`).
pub fn field_key(c: crate::read::ActionColumn, r: &crate::referentiel::Referentiel) -> String {
    use crate::read::ActionColumn::*;
    match c {
        Number => "numero".to_owned(),
        Title => "intitule".to_owned(),
        Objective => "objectif".to_owned(),
        Domains => "champ".to_owned(),
        Audiences => "public".to_owned(),
        Communes => "communes".to_owned(),
        Description => "description".to_owned(),
        Contact => "referent".to_owned(),
        Associates => "partenaires_associes".to_owned(),
        Start => "date_debut".to_owned(),
        End => "date_fin".to_owned(),
        Status => "statut".to_owned(),
        Progress => "avancement".to_owned(),
        Budget => "budget".to_owned(),
        Funding(i) => r.funders.get(i).map_or_else(
            || format!("financement_{i}"),
            |f| format!("financement_{}", f.code),
        ),
        Comments => "commentaires".to_owned(),
        Derived => "axe".to_owned(),
    }
}
