//! The « Actions » sheet: every accepted action, one row each, in a
//! filterable table, with its partner, what is still to correct in it, its
//! place in the CTG (axis, orientation, objective), how it counts when
//! several partners carry it, and where it comes from. The rows of actions
//! kept with errors are filled in red (README, « Les actions gardées avec
//! des erreurs »); the « Suivi » cell is marked green, orange or red, and
//! the CAF share of each action follows its funding.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::columns::actions_width;
use super::styles::Styles;
use super::table::{Cell, TableWriter};
use super::{axis_of, coded, key_values};
use crate::analysis::{Plan, money};
use crate::consolidate::Consolidation;
use crate::finding::Finding;
use crate::model::tracking::Tracking;
use crate::referentiel::columns::ActionColumn;
use crate::referentiel::sheets::ActionsColumn;

/// Writes the content of the Actions sheet.
pub(super) fn write(
    ws: &mut Worksheet,
    c: &Consolidation,
    plan: &Plan,
    s: &Styles,
) -> Result<(), XlsxError> {
    let r = plan.referentiel;
    let columns = ActionsColumn::all(r);
    let mut t = TableWriter::new(
        ws,
        s,
        0,
        columns
            .iter()
            .map(|col| (col.header(r), actions_width(*col))),
    )?;
    if let Some(col) = columns.iter().position(|c| *c == ActionsColumn::ToCorrect) {
        t.mark_rows_where_filled(col as u16, &s.to_correct);
    }
    if let Some(col) = columns.iter().position(|c| *c == ActionsColumn::Tracking) {
        for state in Tracking::ALL {
            let mark = match state {
                Tracking::OnTime => &s.ok,
                Tracking::AtRisk => &s.warning,
                Tracking::LateStart | Tracking::PastDeadline | Tracking::PastPostponement => {
                    &s.error
                }
                Tracking::Closed | Tracking::NotAssessed => continue,
            };
            t.mark_cells_reading(col as u16, state.label(), mark);
        }
    }
    for (p, a) in c.actions() {
        let decision = c.committee.standing.get(&a.number);
        let errors = p.errors_of(a);
        let objective = r.objective(&a.objective);
        let orientation = objective.and_then(|o| r.orientation(o.orientation_code()));
        let axis = axis_of(r, a);
        let cell = |col: &ActionsColumn| {
            use ActionColumn as A;
            match *col {
                ActionsColumn::Field(A::Number) => Cell::Text(&a.number),
                ActionsColumn::Partner => Cell::Text(&p.code),
                ActionsColumn::Structure => Cell::Text(&p.name),
                ActionsColumn::ToCorrect => Cell::Owned(points_to_correct(&errors)),
                ActionsColumn::Axis => {
                    Cell::Owned(axis.map(|x| coded(&x.code, &x.label)).unwrap_or_default())
                }
                ActionsColumn::Orientation => Cell::Owned(
                    orientation
                        .map(|o| coded(&o.code, &o.label))
                        .unwrap_or_default(),
                ),
                ActionsColumn::Field(A::Objective) => Cell::Owned(
                    objective
                        .map(|o| o.choice())
                        .unwrap_or_else(|| a.objective.clone()),
                ),
                ActionsColumn::Field(A::Title) => Cell::Text(&a.title),
                ActionsColumn::Field(A::Domains) => Cell::Owned(a.domains.join("; ")),
                ActionsColumn::Field(A::Audiences) => Cell::Owned(a.audiences.join("; ")),
                ActionsColumn::Field(A::Communes) => Cell::Owned(a.communes.display()),
                ActionsColumn::Field(A::Need) => Cell::Text(&a.need),
                ActionsColumn::Field(A::Description) => Cell::Text(&a.description),
                ActionsColumn::Field(A::Means) => Cell::Text(&a.means),
                ActionsColumn::Field(A::Contact) => Cell::Text(&a.contact),
                ActionsColumn::Field(A::Associates) => Cell::Text(&a.associates),
                ActionsColumn::Field(A::JointWith) => Cell::Owned(a.joint_with.join("; ")),
                ActionsColumn::Field(A::Start) => Cell::Date(a.start),
                ActionsColumn::Field(A::End) => Cell::Date(a.end),
                ActionsColumn::Field(A::Status) => Cell::Owned(
                    a.status
                        .map(|k| r.status_label(k).to_owned())
                        .unwrap_or_default(),
                ),
                ActionsColumn::Field(A::Progress) => Cell::Number(a.progress, &s.text),
                ActionsColumn::Field(A::Budget) => Cell::Number(a.budget, &s.money),
                ActionsColumn::Field(A::Funding(i)) => Cell::Number(
                    r.funders
                        .get(i)
                        .and_then(|f| a.funding.get(&f.code))
                        .copied(),
                    &s.money,
                ),
                ActionsColumn::Joint => Cell::Owned(
                    c.joint
                        .of(&a.number)
                        .map(|j| j.describe(&a.number))
                        .unwrap_or_default(),
                ),
                ActionsColumn::FundingTotal => {
                    Cell::Number((!a.funding.is_empty()).then(|| a.funding_total()), &s.money)
                }
                ActionsColumn::CafShare => Cell::Number(money::caf_share(a), &s.share),
                ActionsColumn::Tracking => Cell::Text(a.tracking(plan.today).tracking.label()),
                ActionsColumn::Field(A::CafScheme) => {
                    Cell::Text(a.caf_scheme.as_deref().unwrap_or_default())
                }
                ActionsColumn::Field(A::Spending(year)) => {
                    Cell::Number(a.spending.get(&year).copied(), &s.money)
                }
                ActionsColumn::Field(A::Comments) => Cell::Text(&a.comments),
                ActionsColumn::Extra => Cell::Owned(key_values(&a.extra)),
                ActionsColumn::Source => Cell::Owned(
                    p.used
                        .as_ref()
                        .map(|u| format!("{}, ligne {}", u.rel, a.row))
                        .unwrap_or_default(),
                ),
                ActionsColumn::Verdict => Cell::Text(decision.map_or("", |d| d.verdict.as_str())),
                ActionsColumn::Meeting => {
                    Cell::Owned(decision.map(|d| d.meeting_title()).unwrap_or_default())
                }
                ActionsColumn::CommitteeComment => {
                    Cell::Text(decision.map_or("", |d| d.comment.as_str()))
                }
                // Never a column of this sheet: the axis has its own.
                ActionsColumn::Field(A::Derived) => Cell::Text(""),
            }
        };
        t.push(&columns.iter().map(cell).collect::<Vec<_>>())?;
    }
    t.finish("Actions")
}

/// The errors of an action kept with them: their count, then each with its
/// cell in the partner's sheet, on one line (« 2 points à corriger — F2 :
/// … ; N2 : … »: a row shows its first line when its height is not
/// adjusted); empty when there is none.
fn points_to_correct(errors: &[&Finding]) -> String {
    if errors.is_empty() {
        return String::new();
    }
    let points: Vec<String> = errors
        .iter()
        .map(|f| match &f.location {
            Some(l) => format!("{} : {}", l.cell(), f.problem()),
            None => f.problem().to_owned(),
        })
        .collect();
    format!(
        "{} — {}",
        crate::text::count(errors.len(), "point à corriger", "points à corriger"),
        points.join(" ; ")
    )
}
