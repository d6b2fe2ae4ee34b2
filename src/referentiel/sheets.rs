//! The sheets of the consolidated workbook and the columns of its tables:
//! one source for the writer (`ctg consolider`) and the reader of `ctg
//! comparer`, so the two never drift apart.

use super::Referentiel;
use super::columns::{ActionColumn, Column, IndicatorColumn};

/// Sheet names, in tab order.
pub const SHEETS: [&str; 11] = [
    "Synthèse",
    "Modifications",
    "Actions",
    "Indicateurs",
    "Évaluation",
    "Couverture",
    "Répartition",
    "À corriger",
    "Anomalies",
    "Partenaires",
    "Référentiel",
];

/// Header of the partner code column, in the Actions and Indicateurs sheets.
pub const PARTNER_HEADER: &str = "Partenaire";

/// A column of the Actions sheet. The writer and the reader of `ctg
/// comparer` both take the headers from here, so they never drift apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActionsColumn {
    /// A field of the partner's action, under its template header.
    Field(ActionColumn),
    /// Partner code.
    Partner,
    /// Structure name.
    Structure,
    /// The errors still to correct in an action kept with errors (README,
    /// « Les actions gardées avec des erreurs »): their count, then one line
    /// each with its cell.
    ToCorrect,
    /// Axis of the objective (follows from it).
    Axis,
    /// Orientation of the objective (follows from it).
    Orientation,
    /// Sum of the funders' amounts (follows from them).
    FundingTotal,
    /// CAF funding over budget (follows from them).
    CafShare,
    /// The « Suivi » on the consolidation's day (follows from the status,
    /// dates and avancement).
    Tracking,
    /// How an action carried by several partners counts (follows from the
    /// links of the whole plan): « comptée avec MJCL-001 » on a
    /// co-carrier's row.
    Joint,
    /// The partner's own columns, one « header : value » per line.
    Extra,
    /// File and row the action comes from.
    Source,
    /// The committee's avis standing for the action.
    Verdict,
    /// The meeting that gave it (« COPIL du 04/07/2024 »).
    Meeting,
    /// What the committee said.
    CommitteeComment,
}

impl ActionsColumn {
    /// Every column, left to right.
    pub fn all(r: &Referentiel) -> Vec<ActionsColumn> {
        use ActionColumn as A;
        use ActionsColumn::*;
        let mut cols = vec![
            Field(A::Number),
            Partner,
            Structure,
            ToCorrect,
            Axis,
            Orientation,
            Field(A::Objective),
            Field(A::Title),
            Field(A::Domains),
            Field(A::Audiences),
            Field(A::Communes),
            Field(A::Need),
            Field(A::Description),
            Field(A::Means),
            Field(A::Contact),
            Field(A::Associates),
            Field(A::JointWith),
            Joint,
            Field(A::Start),
            Field(A::End),
            Field(A::Status),
            Tracking,
            Field(A::Progress),
            Field(A::Budget),
        ];
        cols.extend((0..r.funders.len()).map(|i| Field(A::Funding(i))));
        cols.extend([FundingTotal, CafShare, Field(A::CafScheme)]);
        cols.extend(r.convention.years().map(|y| Field(A::Spending(y))));
        cols.extend([
            Field(A::Comments),
            Verdict,
            Meeting,
            CommitteeComment,
            Extra,
            Source,
        ]);
        cols
    }

    /// Header in the sheet.
    pub fn header(self, r: &Referentiel) -> String {
        match self {
            ActionsColumn::Field(c) => c.header(r),
            ActionsColumn::Partner => PARTNER_HEADER.to_owned(),
            ActionsColumn::Structure => "Structure".to_owned(),
            ActionsColumn::ToCorrect => "Points à corriger".to_owned(),
            ActionsColumn::Axis => "Axe".to_owned(),
            ActionsColumn::Orientation => "Orientation".to_owned(),
            ActionsColumn::FundingTotal => "Total financé (€)".to_owned(),
            ActionsColumn::CafShare => "Part CAF".to_owned(),
            ActionsColumn::Tracking => "Suivi".to_owned(),
            ActionsColumn::Joint => "Action commune".to_owned(),
            ActionsColumn::Extra => "Autres colonnes du partenaire".to_owned(),
            ActionsColumn::Source => "Source".to_owned(),
            ActionsColumn::Verdict => "Avis".to_owned(),
            ActionsColumn::Meeting => "Avis rendu par".to_owned(),
            ActionsColumn::CommitteeComment => "Commentaire du comité".to_owned(),
        }
    }
}

/// A column of the Indicateurs sheet (see [`ActionsColumn`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndicatorsColumn {
    /// A field of the partner's indicator, under its template header.
    Field(IndicatorColumn),
    /// Partner code.
    Partner,
    /// Title of the action measured.
    ActionTitle,
    /// Axis of the action's objective.
    Axis,
    /// Objective of the action measured.
    Objective,
    /// Statut of the action measured.
    Status,
    /// « Taux d'atteinte » of a year (`evaluation::achievement`).
    Rate(i32),
    /// Overall « Taux d'atteinte »: the mean of the years for an annual
    /// target, the progress so far for an end-of-CTG one.
    OverallRate,
}

impl IndicatorsColumn {
    /// Every column, left to right.
    pub fn all(r: &Referentiel) -> Vec<IndicatorsColumn> {
        use IndicatorColumn as I;
        use IndicatorsColumn::*;
        let years: Vec<i32> = r.convention.years().collect();
        let mut cols = vec![
            Field(I::Action),
            Partner,
            ActionTitle,
            Axis,
            Objective,
            Status,
            Field(I::Name),
            Field(I::Kind),
            Field(I::Nature),
            Field(I::Unit),
            Field(I::Baseline),
            Field(I::Target),
            Field(I::Horizon),
        ];
        cols.extend(years.iter().map(|y| Field(I::Result(*y))));
        cols.extend(years.iter().map(|y| Rate(*y)));
        cols.extend([OverallRate, Field(I::Comment)]);
        cols
    }

    /// Header in the sheet.
    pub fn header(self, r: &Referentiel) -> String {
        match self {
            IndicatorsColumn::Field(c) => c.header(r),
            IndicatorsColumn::Partner => PARTNER_HEADER.to_owned(),
            IndicatorsColumn::ActionTitle => "Intitulé de l'action".to_owned(),
            IndicatorsColumn::Axis => "Axe".to_owned(),
            IndicatorsColumn::Objective => "Objectif opérationnel".to_owned(),
            IndicatorsColumn::Status => "Statut de l'action".to_owned(),
            IndicatorsColumn::Rate(y) => format!("Taux d'atteinte {y}"),
            IndicatorsColumn::OverallRate => "Taux d'atteinte global".to_owned(),
        }
    }

    /// True for a header an earlier ctg wrote for a column that follows
    /// from others (« Atteinte 2024 (réalisé ÷ cible) »): reading such a
    /// workbook back ignores it without a note.
    pub fn is_former_derived(header: &str) -> bool {
        header
            .strip_prefix("Atteinte ")
            .and_then(|rest| rest.strip_suffix(" (réalisé ÷ cible)"))
            .is_some_and(|year| year.len() == 4 && year.chars().all(|c| c.is_ascii_digit()))
    }
}

/// A column of the Partenaires sheet (see [`ActionsColumn`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartnersColumn {
    /// Partner code.
    Code,
    /// Structure name.
    Structure,
    /// Contact person.
    Contact,
    /// E-mail.
    Email,
    /// Current file.
    File,
    /// When the current file last changed.
    Saved,
    /// Whole months since.
    Months,
    /// Whether that is older than `[suivi] fraicheur_mois`.
    Old,
    /// Its format.
    Format,
    /// Actions used.
    Actions,
    /// Late actions.
    Late,
    /// Indicators used.
    Indicators,
    /// Indicators without a result for the last finished year.
    MissingResults,
    /// Rows refused.
    Rejected,
    /// Errors.
    Errors,
    /// Warnings.
    Warnings,
    /// Informations (nothing to fix).
    Infos,
    /// Where the partner stands (`PartnerState::label`, in `consolidate`).
    State,
}

impl PartnersColumn {
    /// Every column, left to right.
    pub const ALL: [PartnersColumn; 18] = [
        PartnersColumn::Code,
        PartnersColumn::Structure,
        PartnersColumn::Contact,
        PartnersColumn::Email,
        PartnersColumn::File,
        PartnersColumn::Saved,
        PartnersColumn::Months,
        PartnersColumn::Old,
        PartnersColumn::Format,
        PartnersColumn::Actions,
        PartnersColumn::Late,
        PartnersColumn::Indicators,
        PartnersColumn::MissingResults,
        PartnersColumn::Rejected,
        PartnersColumn::Errors,
        PartnersColumn::Warnings,
        PartnersColumn::Infos,
        PartnersColumn::State,
    ];

    /// Header in the sheet.
    pub fn header(self) -> &'static str {
        match self {
            PartnersColumn::Code => "Code",
            PartnersColumn::Structure => "Structure",
            PartnersColumn::Contact => "Référent",
            PartnersColumn::Email => "Courriel",
            PartnersColumn::File => "Fichier",
            PartnersColumn::Saved => "Enregistré le",
            PartnersColumn::Months => "Mois depuis",
            PartnersColumn::Old => "Fichier ancien",
            PartnersColumn::Format => "Format",
            PartnersColumn::Actions => "Actions",
            PartnersColumn::Late => "Actions en retard",
            PartnersColumn::Indicators => "Indicateurs",
            PartnersColumn::MissingResults => "Indicateurs sans résultat de l'année écoulée",
            PartnersColumn::Rejected => "Lignes refusées",
            PartnersColumn::Errors => "Erreurs",
            PartnersColumn::Warnings => "Avertissements",
            PartnersColumn::Infos => "Informations",
            PartnersColumn::State => "État",
        }
    }
}
