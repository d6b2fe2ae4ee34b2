//! Every validation rule, on real workbooks built in code: the code, the
//! cell and the message of each finding.

mod common;

use common::*;
use ctg::finding::{Code, Severity};

fn base() -> Book {
    Book::standard("MJCL", "MJC de Lavaur")
        .action(valid_action("MJCL", 1))
        .action(valid_action("MJCL", 2))
        .indicator(valid_indicator("MJCL-001"))
        .indicator(valid_indicator("MJCL-002"))
}

#[test]
fn a_complete_workbook_has_no_finding() {
    let s = base().check();
    assert!(s.findings.is_empty(), "{}", dump(&s));
    assert_eq!(s.actions.len(), 2);
    assert_eq!(s.indicators.len(), 2);
    assert_eq!(s.partner.code, "MJCL");
}
