//! The shared folder as a whole: where each thing lives in it, one run at a
//! time on it, and which of its files are partner workbooks.

mod layout;
pub mod lock;
pub mod scan;

pub use layout::{COORDINATION, DASHBOARD, FOLDERS, Layout, refuse_in_depots};
