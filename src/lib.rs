//! ctg keeps the plan d'actions of a Convention Territoriale Globale in sync:
//! partners' workbooks in, one validated consolidated workbook out.
//!
//! The modules follow the data: [`referentiel`] (the CTG structure) →
//! [`workbook`] (raw cells from any spreadsheet file) → [`read`] (actions and
//! indicators from those cells) → [`validate`] (findings) → outputs.

pub mod analysis;
pub mod changes;
pub mod cli;
pub mod cmd;
pub mod consolidate;
pub mod decisions;
pub mod error;
pub mod evaluation;
pub mod finding;
pub mod folder;
pub mod fs;
pub mod history;
pub mod model;
pub mod outputs;
pub mod publish;
pub mod read;
pub mod referentiel;
pub mod store;
pub mod text;
pub mod validate;
pub mod watch;
pub mod workbook;

pub use error::{Error, Result};
