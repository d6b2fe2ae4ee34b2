//! What a committee decided about actions: one avis per action and meeting,
//! typed into a workbook of `coordination/` (`ctg avis`), and the decision
//! that stands for each action (the latest meeting's).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One committee's avis on one action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// N° of the action, normalised (`MJCL-004`).
    pub action: String,
    /// The committee (« COPIL », « COTECH »), as written in the workbook.
    pub instance: String,
    /// Date of the meeting.
    pub date: NaiveDate,
    /// The avis, as the `[avis]` list of `ctg.toml` spells it.
    pub verdict: String,
    /// What the committee said, possibly nothing.
    pub comment: String,
    /// The workbook it was typed in, relative to `coordination/`.
    pub file: String,
    /// 1-based row in that workbook.
    pub row: u32,
}

impl Decision {
    /// « COPIL du 04/07/2024 », for a heading or a cell.
    pub fn meeting_title(&self) -> String {
        format!("{} du {}", self.instance, self.date.format("%d/%m/%Y"))
    }

    /// The decision told to the partner: « Le COPIL du 04/07/2024 demande
    /// de retravailler MJCL-004 (Ateliers…) : à chiffrer. » The usual avis
    /// read as verbs; any other the `[avis]` list holds, as quoted.
    pub fn sentence(&self, title: &str) -> String {
        let action = if title.is_empty() {
            self.action.clone()
        } else {
            format!("{} ({title})", self.action)
        };
        let what = match crate::text::fold(&self.verdict).as_str() {
            "validee" => format!("a validé {action}"),
            "validee sous reserve" => format!("a validé sous réserve {action}"),
            "a retravailler" => format!("demande de retravailler {action}"),
            "ajournee" => format!("a ajourné {action}"),
            "non retenue" => format!("n'a pas retenu {action}"),
            _ => format!("a rendu l'avis « {} » sur {action}", self.verdict),
        };
        let comment = if self.comment.is_empty() {
            ".".to_owned()
        } else {
            format!(" : {}", self.comment)
        };
        format!("Le {} {what}{comment}", self.meeting_title())
    }
}

/// The decision that stands for each action of a plan among `decisions`:
/// the one of the latest meeting. Two meetings the same day are ordered by
/// the name of their workbook, then by row, so that the order never
/// depends on the order files were listed in (Promise 5). An avis on an
/// action `in_plan` denies (it has left the plan since) stands for nothing.
pub fn standing(
    decisions: &[Decision],
    in_plan: impl Fn(&str) -> bool,
) -> BTreeMap<String, Decision> {
    let mut sorted: Vec<&Decision> = decisions.iter().collect();
    sorted.sort_by(|a, b| {
        a.date
            .cmp(&b.date)
            .then_with(|| a.file.cmp(&b.file))
            .then_with(|| a.row.cmp(&b.row))
    });
    sorted
        .into_iter()
        .filter(|d| in_plan(&d.action))
        .map(|d| (d.action.clone(), d.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(action: &str, date: (i32, u32, u32), verdict: &str, file: &str) -> Decision {
        Decision {
            action: action.to_owned(),
            instance: "COPIL".to_owned(),
            date: NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap_or_default(),
            verdict: verdict.to_owned(),
            comment: String::new(),
            file: file.to_owned(),
            row: 7,
        }
    }

    #[test]
    fn the_latest_meeting_wins_whatever_the_order_of_files() {
        let july = decision(
            "MJCL-004",
            (2024, 7, 4),
            "Validée",
            "avis-2024-07-04-COPIL.xlsx",
        );
        let march = decision(
            "MJCL-004",
            (2024, 3, 12),
            "À retravailler",
            "avis-2024-03-12-COTECH.xlsx",
        );
        let other = decision(
            "SJ-001",
            (2024, 3, 12),
            "Ajournée",
            "avis-2024-03-12-COTECH.xlsx",
        );
        for order in [
            vec![july.clone(), march.clone(), other.clone()],
            vec![other.clone(), march.clone(), july.clone()],
        ] {
            let s = standing(&order, |_| true);
            assert_eq!(s.len(), 2);
            assert_eq!(
                s.get("MJCL-004").map(|d| d.verdict.as_str()),
                Some("Validée")
            );
            assert_eq!(
                s.get("SJ-001").map(|d| d.verdict.as_str()),
                Some("Ajournée")
            );
        }
        // SJ-001 has left the plan: its avis stands for nothing.
        let s = standing(&[july.clone(), other.clone()], |n| n != "SJ-001");
        assert_eq!(s.keys().collect::<Vec<_>>(), ["MJCL-004"]);
        assert_eq!(july.meeting_title(), "COPIL du 04/07/2024");
        let mut rework = march;
        rework.comment = "chiffrer les séjours".to_owned();
        assert_eq!(
            rework.sentence("Séjours"),
            "Le COPIL du 12/03/2024 demande de retravailler MJCL-004 (Séjours) : chiffrer les séjours"
        );
        let custom = decision("SJ-002", (2024, 7, 4), "Reportée en 2025", "a.xlsx");
        assert_eq!(
            custom.sentence(""),
            "Le COPIL du 04/07/2024 a rendu l'avis « Reportée en 2025 » sur SJ-002."
        );
    }
}
