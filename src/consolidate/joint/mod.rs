//! Joint actions: one action carried by several partners, each of whom lists
//! it in its own plan. The links partners declare (« Action commune avec »)
//! are resolved across the whole plan into joint actions — a lead, who
//! declares the full budget, and co-carriers, who declare their own
//! contribution — so that every total counts such an action once. Links
//! that name no action, or whose rows disagree, and actions of different
//! partners that look like one joint action nobody declared, become
//! findings.
//!
//! The one place every output asks « is this row counted, and with whom? »:
//! the consolidated workbook, the pages, the fiches actions and the
//! open-data export all read [`JointPlan`].

mod likely;
mod links;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;

use crate::finding::{Code, Finding, Severity};
use crate::model::{Action, Snapshot, TableLayout};
use crate::referentiel::columns::ActionColumn;

pub use likely::{LIKELY_THRESHOLD, resemblance};

/// Amounts differing by less than this are the same amount (rounding).
const EURO_TOLERANCE: f64 = 0.5;

/// Two rows of one action whose periods do not meet and whose starts are
/// at least this many days apart disagree (« dates years apart »): a year
/// apart, they are two editions of an action, or one of the dates is wrong.
pub const YEARS_APART_DAYS: i64 = 365;

/// One partner's plan, as the analysis reads it.
#[derive(Debug, Clone, Copy)]
pub struct PartnerRows<'a> {
    /// Partner code.
    pub code: &'a str,
    /// Structure name.
    pub name: &'a str,
    /// The file its actions come from, as findings name it.
    pub file: &'a str,
    /// Where its actions lie in that file, when known: findings then point
    /// at the « Action commune avec » cell.
    pub table: Option<&'a TableLayout<ActionColumn>>,
    /// Its accepted actions.
    pub actions: &'a [Action],
}

/// The part a row plays in its joint action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Declares the full budget: its row is the one counted.
    Lead,
    /// Declares its own contribution, counted within the lead's budget.
    CoCarrier,
    /// A co-carrier's row repeating the lead's amounts: counted once, as
    /// the lead's.
    Copy,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 3] = [Role::Lead, Role::CoCarrier, Role::Copy];

    /// Stable code (open-data export, JSON).
    pub fn code(self) -> &'static str {
        match self {
            Role::Lead => "porteur",
            Role::CoCarrier => "co-porteur",
            Role::Copy => "copie",
        }
    }

    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            Role::Lead => "porteur",
            Role::CoCarrier => "co-porteur",
            Role::Copy => "co-porteur (copie des montants du porteur)",
        }
    }
}

/// One partner's row of a joint action.
#[derive(Debug, Clone, PartialEq)]
pub struct Carrier {
    /// Partner code.
    pub partner: String,
    /// Structure name.
    pub name: String,
    /// Its action number.
    pub number: String,
    /// Lead, co-carrier or copy.
    pub role: Role,
    /// The budget its row declares: the full budget for the lead, its
    /// contribution for a co-carrier, the lead's again for a copy.
    pub budget: Option<f64>,
    /// The amounts by funder code its row declares, read like the budget.
    pub funding: BTreeMap<String, f64>,
    /// True when its row names another row of the joint action in « Action
    /// commune avec »; false when only the others name it.
    pub declared: bool,
}

/// An action carried by several partners: one line of the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct JointAction {
    /// The row counted in every total.
    pub lead: Carrier,
    /// The other rows, by number.
    pub others: Vec<Carrier>,
}

impl JointAction {
    /// Every row, the lead's first.
    pub fn carriers(&self) -> impl Iterator<Item = &Carrier> {
        std::iter::once(&self.lead).chain(&self.others)
    }

    /// The codes of the partners carrying it, the lead's first, each once.
    pub fn partners(&self) -> Vec<&str> {
        let mut codes: Vec<&str> = Vec::new();
        for c in self.carriers() {
            if !codes.contains(&c.partner.as_str()) {
                codes.push(&c.partner);
            }
        }
        codes
    }

    /// The numbers of its rows, the lead's first.
    pub fn numbers(&self) -> Vec<&str> {
        self.carriers().map(|c| c.number.as_str()).collect()
    }

    /// How the row numbered `number` counts, in French: « action commune —
    /// comptée avec MJCL-001 » for a co-carrier, « action commune —
    /// porteur, avec SJ-001 » for the lead.
    pub fn describe(&self, number: &str) -> String {
        if self.lead.number == number {
            let others: Vec<&str> = self.others.iter().map(|c| c.number.as_str()).collect();
            return format!("action commune — porteur, avec {}", others.join(", "));
        }
        let copy = self
            .others
            .iter()
            .any(|c| c.number == number && c.role == Role::Copy);
        format!(
            "action commune — comptée avec {}{}",
            self.lead.number,
            if copy { " (copie de ses montants)" } else { "" }
        )
    }
}

/// Two partners' actions that look like one joint action nobody declared.
#[derive(Debug, Clone, PartialEq)]
pub struct LikelyJoint {
    /// (partner code, action number) of the first, by number.
    pub first: (String, String),
    /// (partner code, action number) of the second.
    pub second: (String, String),
    /// How alike they are, from 0 to 1 ([`resemblance`]).
    pub resemblance: f64,
}

/// A finding about two partners' rows, once for the coordinator (each
/// partner gets its own at its row, in [`JointPlan::partner_findings`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SharedFinding {
    /// The partners' codes, as shown (« MJCL, SJ »).
    pub partners: String,
    /// The finding, naming both numbers.
    pub finding: Finding,
}

impl SharedFinding {
    /// A warning about the rows `x` and `y`, for the coordinator.
    fn about(x: &Row, y: &Row, code: Code, message: String) -> SharedFinding {
        SharedFinding {
            partners: format!("{}, {}", x.plan.code, y.plan.code),
            finding: Finding {
                severity: Severity::Warning,
                code,
                file: format!("{} ; {}", x.plan.file, y.plan.file),
                location: None,
                message,
                suggestion: None,
            },
        }
    }
}

/// The joint actions of a plan, and what is wrong with them.
#[derive(Debug, Clone, Default)]
pub struct JointPlan {
    /// Joint actions, by the lead's number.
    pub actions: Vec<JointAction>,
    /// Likely joint actions nobody declared, by their numbers.
    pub likely: Vec<LikelyJoint>,
    /// Findings for each partner, at its own row: (partner code, finding).
    pub partner_findings: Vec<(String, Finding)>,
    /// Findings about two partners' rows, once each for the coordinator.
    pub shared_findings: Vec<SharedFinding>,
    /// Action number → index in `actions`.
    index: HashMap<String, usize>,
}

impl JointPlan {
    /// Resolves the declared links of `plans`, finds the likely joint
    /// actions nobody declared, and says what is wrong with either.
    pub fn analyse(plans: &[PartnerRows]) -> JointPlan {
        let rows = Rows::new(plans);
        let mut plan = JointPlan::default();
        let groups = links::resolve(&rows, &mut plan);
        likely::detect(&rows, &groups, &mut plan);
        plan.actions
            .sort_by(|a, b| a.lead.number.cmp(&b.lead.number));
        plan.index = plan
            .actions
            .iter()
            .enumerate()
            .flat_map(|(i, j)| j.carriers().map(move |c| (c.number.clone(), i)))
            .collect();
        plan.likely
            .sort_by(|a, b| (&a.first, &a.second).cmp(&(&b.first, &b.second)));
        plan.shared_findings
            .sort_by(|a, b| a.finding.message.cmp(&b.finding.message));
        plan
    }

    /// The joint actions of a plan recorded in the history or read from a
    /// consolidated workbook (findings there point at no cell).
    pub fn of_snapshot(s: &Snapshot) -> JointPlan {
        let plans: Vec<PartnerRows> = s
            .partners
            .iter()
            .map(|(code, p)| PartnerRows {
                code,
                name: &p.name,
                file: p.source.as_deref().unwrap_or_default(),
                table: None,
                actions: &p.actions,
            })
            .collect();
        JointPlan::analyse(&plans)
    }

    /// The joint action an action number belongs to, if any.
    pub fn of(&self, number: &str) -> Option<&JointAction> {
        self.index.get(number).and_then(|&i| self.actions.get(i))
    }

    /// The part the row numbered `number` plays in its joint action, if it
    /// belongs to one.
    pub fn role_of(&self, number: &str) -> Option<Role> {
        self.of(number)?
            .carriers()
            .find(|c| c.number == number)
            .map(|c| c.role)
    }

    /// True when the row numbered `number` counts in the totals: it stands
    /// alone, or it is the lead of its joint action.
    pub fn is_counted(&self, number: &str) -> bool {
        self.of(number).is_none_or(|j| j.lead.number == number)
    }

    /// The number of distinct partners carrying at least one joint action.
    pub fn partners_involved(&self) -> usize {
        self.actions
            .iter()
            .flat_map(JointAction::partners)
            .collect::<BTreeSet<_>>()
            .len()
    }

    /// The findings for one partner, at its rows.
    pub fn findings_for<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Finding> {
        self.partner_findings
            .iter()
            .filter(move |(c, _)| c == code)
            .map(|(_, f)| f)
    }
}

/// One accepted row of the plan, with its partner.
struct Row<'a> {
    plan: &'a PartnerRows<'a>,
    action: &'a Action,
}

impl Row<'_> {
    /// « SJ-001 (Service Jeunesse) »: a row named to another partner.
    fn named(&self) -> String {
        if self.plan.name.is_empty() {
            self.action.number.clone()
        } else {
            format!("{} ({})", self.action.number, self.plan.name)
        }
    }

    /// A finding at this row's « Action commune avec » cell.
    fn finding(
        &self,
        severity: Severity,
        code: Code,
        message: String,
        suggestion: Option<String>,
    ) -> Finding {
        Finding {
            severity,
            code,
            file: self.plan.file.to_owned(),
            location: self
                .plan
                .table
                .map(|t| t.location(self.action.row, ActionColumn::JointWith)),
            message,
            suggestion,
        }
    }

    /// Its period: from its start to its end, open when it has no end;
    /// none without a start.
    fn period(&self) -> Option<(NaiveDate, NaiveDate)> {
        let start = self.action.start?;
        Some((start, self.action.end.unwrap_or(NaiveDate::MAX)))
    }
}

/// Every row of the plan, and where each number is.
struct Rows<'a> {
    plans: &'a [PartnerRows<'a>],
    all: Vec<Row<'a>>,
    by_number: HashMap<&'a str, usize>,
}

impl<'a> Rows<'a> {
    fn new(plans: &'a [PartnerRows<'a>]) -> Rows<'a> {
        let all: Vec<Row> = plans
            .iter()
            .flat_map(|plan| plan.actions.iter().map(move |action| Row { plan, action }))
            .collect();
        let mut by_number = HashMap::new();
        for (i, r) in all.iter().enumerate() {
            // Numbers carry their partner's code: the first one stands.
            by_number.entry(r.action.number.as_str()).or_insert(i);
        }
        Rows {
            plans,
            all,
            by_number,
        }
    }
}

/// True when two periods have a day in common.
fn overlap(a: (NaiveDate, NaiveDate), b: (NaiveDate, NaiveDate)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

/// Equal amounts, within rounding.
fn same_amount(a: f64, b: f64) -> bool {
    (a - b).abs() < EURO_TOLERANCE
}

/// « 10/07/2023 ».
fn day(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}
