//! What ctg writes for people: the consolidated workbook for the CAF, the
//! partner template, one feedback page per partner, the status page, the
//! reports of the terminal commands, and the open-data export.

pub mod consolidated;
pub mod decisions;
pub mod export;
pub mod fiches;
pub mod pages;
pub mod print;
pub mod report;
pub mod template;

use std::path::PathBuf;

use crate::model::tracking::Tracking;

/// The colour of a « Suivi » state in every chart, workbook and pages
/// alike: green on time, orange at risk, reds for the three ways of being
/// late, greys for closed and not assessed (Okabe–Ito where it has them).
pub fn tracking_colour(t: Tracking) -> u32 {
    match t {
        Tracking::OnTime => 0x009E73,
        Tracking::AtRisk => 0xE69F00,
        Tracking::LateStart => 0xD55E00,
        Tracking::PastDeadline => 0xA3150F,
        Tracking::PastPostponement => 0xCC79A7,
        Tracking::Closed => 0x7F7F7F,
        Tracking::NotAssessed => 0xBFBFBF,
    }
}

/// What a run left in the history, for the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// Recorded, under this number.
    New(i64),
    /// Same inputs as the latest run: not recorded again.
    Repeat {
        /// The latest run's number.
        id: i64,
        /// « la consolidation n° 7 du … ».
        label: String,
    },
}

impl Recorded {
    /// What the history holds of the run, in words.
    pub fn line(&self) -> String {
        match self {
            Recorded::New(id) => format!("consolidation n° {id} enregistrée dans l'historique"),
            Recorded::Repeat { label, .. } => format!(
                "rien de nouveau depuis {label} (mêmes fichiers, même configuration) : pas de nouvel enregistrement, les documents sont réécrits"
            ),
        }
    }
}

/// What a run wrote, for the summary.
pub struct Written {
    /// The consolidated workbook.
    pub workbook: PathBuf,
    /// The change report (Markdown; JSON beside it), when something changed.
    pub report: Option<PathBuf>,
    /// The status page.
    pub dashboard: PathBuf,
    /// The feedback folder.
    pub feedback_dir: PathBuf,
    /// Feedback files written.
    pub feedback: usize,
}
