//! The plan d'actions at one moment, partner by partner: what the history
//! records at each run, what a workbook holds, what change reports compare.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;

use super::{Action, Decision, Indicator, Submission};

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
    /// The committee's decision standing for each action, by action number.
    pub decisions: BTreeMap<String, Decision>,
}

impl Snapshot {
    /// The plan of one partner's workbook as checked (accepted rows only),
    /// under its partner code.
    pub fn of_submission(s: &Submission, label: String) -> Snapshot {
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
            // A partner's file carries no committee decision.
            decisions: BTreeMap::new(),
        }
    }
}
