//! Column widths of the tables whose columns come from the shared schema
//! (`referentiel::sheets`): the schema says what a column holds, the writer
//! how wide it shows. Tables with fixed headers keep `(header, width)`
//! pairs next to the cells that fill them.

use crate::referentiel::columns::{ActionColumn, IndicatorColumn};
use crate::referentiel::sheets::{ActionsColumn, IndicatorsColumn, PartnersColumn};

/// Column width of the Actions sheet.
pub(super) fn actions_width(col: ActionsColumn) -> f64 {
    use ActionColumn as A;
    match col {
        ActionsColumn::Field(A::Number | A::Start | A::End | A::Status) => 12.0,
        ActionsColumn::Tracking => 16.0,
        ActionsColumn::CafShare => 10.0,
        ActionsColumn::Partner | ActionsColumn::Field(A::Progress) => 11.0,
        ActionsColumn::Structure
        | ActionsColumn::Field(A::Communes | A::Associates | A::CafScheme) => 24.0,
        ActionsColumn::Field(A::JointWith) => 16.0,
        ActionsColumn::Axis
        | ActionsColumn::Orientation
        | ActionsColumn::Extra
        | ActionsColumn::Joint => 30.0,
        ActionsColumn::Source => 30.0,
        ActionsColumn::Verdict | ActionsColumn::Meeting => 18.0,
        ActionsColumn::CommitteeComment => 36.0,
        ActionsColumn::ToCorrect => 40.0,
        ActionsColumn::Field(A::Objective | A::Title) => 40.0,
        ActionsColumn::Field(A::Domains | A::Audiences) => 20.0,
        ActionsColumn::Field(A::Description) => 50.0,
        ActionsColumn::Field(A::Need | A::Means) => 40.0,
        ActionsColumn::Field(A::Contact) => 18.0,
        ActionsColumn::Field(A::Budget | A::Funding(_) | A::Spending(_))
        | ActionsColumn::FundingTotal => 14.0,
        ActionsColumn::Field(A::Comments) => 36.0,
        ActionsColumn::Field(A::Derived) => 12.0,
    }
}

/// Column width of the Indicateurs sheet.
pub(super) fn indicators_width(col: IndicatorsColumn) -> f64 {
    use IndicatorColumn as I;
    match col {
        IndicatorsColumn::Field(I::Action) => 12.0,
        IndicatorsColumn::Partner | IndicatorsColumn::Field(I::Result(_)) => 11.0,
        IndicatorsColumn::ActionTitle | IndicatorsColumn::Field(I::Name | I::Comment) => 36.0,
        IndicatorsColumn::Field(I::Kind | I::Nature | I::Unit | I::Baseline | I::Target) => 12.0,
        IndicatorsColumn::Field(I::Horizon) => 20.0,
        IndicatorsColumn::Axis | IndicatorsColumn::Objective => 30.0,
        IndicatorsColumn::Status => 12.0,
        IndicatorsColumn::Rate(_) | IndicatorsColumn::OverallRate => 13.0,
    }
}

/// Column width of the Partenaires sheet.
pub(super) fn partners_width(col: PartnersColumn) -> f64 {
    match col {
        PartnersColumn::Code | PartnersColumn::Indicators => 11.0,
        PartnersColumn::Structure | PartnersColumn::File => 30.0,
        PartnersColumn::Contact => 20.0,
        PartnersColumn::Email => 28.0,
        PartnersColumn::Saved => 13.0,
        PartnersColumn::Months => 9.0,
        PartnersColumn::Old => 16.0,
        PartnersColumn::Format => 18.0,
        PartnersColumn::Actions | PartnersColumn::Errors => 9.0,
        PartnersColumn::Late => 10.0,
        PartnersColumn::MissingResults => 16.0,
        PartnersColumn::Rejected => 10.0,
        PartnersColumn::Warnings | PartnersColumn::Infos => 13.0,
        PartnersColumn::State => 36.0,
    }
}
