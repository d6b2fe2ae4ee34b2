//! Reports for the terminal and for other programs: the findings of `ctg
//! verifier`, and change reports (French narrative, Markdown, JSON).

pub mod changes;
pub mod findings;
