//! Evaluating the CTG: how far each indicator is reached (`achievement`,
//! the one definition of the « Taux d'atteinte »), the figures per
//! objective, orientation and axe (`tally`), and the yearly results
//! campaign (`campaign`). Outputs draw these; none computes its own.

pub mod achievement;
pub mod campaign;
pub mod tally;

use chrono::{Datelike, NaiveDate};

use crate::referentiel::Convention;

pub use achievement::{
    Achievement, Band, Basis, OVERALL_RULE, Overall, achievement, median, overall, yearly,
};
pub use campaign::{Campaign, Gap, GapKind, PartnerCampaign, Slot, ToFill, ran_during};
pub use tally::{Evaluation, NoBaseline, Tally, YearTally};

/// The year a campaign collects by default on `today`: the last year
/// over, within the convention (its last year once it has ended); `None`
/// before its first year is over.
pub fn campaign_year(today: NaiveDate, convention: &Convention) -> Option<i32> {
    let last_over = today.year() - 1;
    (last_over >= convention.start_year).then(|| last_over.min(convention.end_year))
}
