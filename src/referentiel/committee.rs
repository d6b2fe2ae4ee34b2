//! The workbook of a committee's decisions (`ctg avis`): its sheet, the
//! cells naming the meeting, and the columns of its table. One source for
//! its writer and its reader, like the partner workbook's columns.

use super::Referentiel;
use super::columns::Column;

/// Name of the sheet holding the decisions.
pub const SHEET: &str = "Avis";

/// Label of the cell naming the committee (« COPIL »), in column A; its
/// value is in column B.
pub const INSTANCE_LABEL: &str = "Instance";

/// Label of the cell giving the date of the meeting.
pub const DATE_LABEL: &str = "Date de la séance";

/// Row (0-based) of the table's header in the workbook `ctg avis` writes.
pub const HEADER_ROW: u32 = 5;

/// A column of the decisions table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DecisionColumn {
    /// N° action.
    Number,
    /// Partner code.
    Partner,
    /// Title of the action.
    Title,
    /// Its objective.
    Objective,
    /// Its statut.
    Status,
    /// Its budget.
    Budget,
    /// The decision of an earlier committee, for reference.
    Previous,
    /// The avis given.
    Verdict,
    /// What the committee said.
    Comment,
}

impl DecisionColumn {
    /// The columns the committee fills in; the others describe the action
    /// and are not read.
    pub fn is_input(self) -> bool {
        matches!(self, DecisionColumn::Verdict | DecisionColumn::Comment)
    }
}

impl Column for DecisionColumn {
    fn synonyms(r: &Referentiel) -> Vec<(Self, Vec<String>)> {
        use DecisionColumn::*;
        let other = |c: DecisionColumn, names: &[&str]| {
            let mut all = vec![c.header(r)];
            all.extend(names.iter().map(|n| (*n).to_owned()));
            (c, all)
        };
        vec![
            other(Number, &["Numéro", "N°", "Numéro d'action", "Action"]),
            other(Partner, &["Code partenaire", "Porteur"]),
            other(Title, &["Intitulé de l'action", "Titre"]),
            other(Objective, &["Objectif"]),
            other(Status, &["Statut de l'action"]),
            other(Budget, &["Budget", "Budget (€)"]),
            other(Previous, &["Avis précédent", "Décision précédente"]),
            other(
                Verdict,
                &["Avis du comité", "Décision", "Décision du comité"],
            ),
            other(Comment, &["Commentaire", "Commentaires", "Observations"]),
        ]
    }

    fn required() -> &'static [Self] {
        &[DecisionColumn::Number, DecisionColumn::Verdict]
    }

    fn anchors() -> &'static [Self] {
        &[DecisionColumn::Number, DecisionColumn::Verdict]
    }

    fn header(self, _r: &Referentiel) -> String {
        use DecisionColumn::*;
        match self {
            Number => "N° action",
            Partner => "Partenaire",
            Title => "Intitulé",
            Objective => "Objectif opérationnel",
            Status => "Statut",
            Budget => "Budget prévisionnel (€)",
            Previous => "Avis précédent",
            Verdict => "Avis",
            Comment => "Commentaire du comité",
        }
        .to_owned()
    }

    fn template(_r: &Referentiel) -> Vec<Self> {
        use DecisionColumn::*;
        vec![
            Number, Partner, Title, Objective, Status, Budget, Previous, Verdict, Comment,
        ]
    }

    fn empty_sheet_code() -> crate::finding::Code {
        crate::finding::Code::NoDecision
    }
}
