//! Reports for people and programs.

pub mod findings;
