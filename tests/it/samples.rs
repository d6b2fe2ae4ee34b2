//! The committed sample workbooks of `sample-workbooks/`: the clean ones
//! verify without error and hold exactly the generator's data (whatever
//! program saved them: rust_xlsxwriter, or LibreOffice as .ods and .xls),
//! and the two faulty ones give exactly the findings planted in them.
//!
//! The generator's data is shared with `examples/samples.rs`, so these
//! tests fail when the generator changes and `scripts/samples.sh` was
//! not run again.

#[path = "../../examples/samples/data.rs"]
mod data;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::common::*;
use ctg::finding::{Code, Severity};
use ctg::model::{Communes, Submission};
use ctg::referentiel::StatusKind;
use ctg::workbook::Format;

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-workbooks")
}

fn check(name: &str) -> Submission {
    check_path(&folder().join(name), name)
}

/// (code, cell) of the findings of a severity, in report order.
fn found(s: &Submission, severity: Severity) -> Vec<(Code, Option<String>)> {
    s.findings
        .iter()
        .filter(|f| f.severity == severity)
        .map(|f| (f.code, f.location.as_ref().map(|l| l.to_string())))
        .collect()
}

fn at(code: Code, cell: &str) -> (Code, Option<String>) {
    (code, Some(cell.to_owned()))
}

fn workbooks_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| {
                let lower = n.to_lowercase();
                [".xlsx", ".xlsm", ".xls", ".ods"]
                    .iter()
                    .any(|ext| lower.ends_with(ext))
            })
            .collect(),
        Err(e) => panic!("cannot list {}: {e}", dir.display()),
    };
    names.sort();
    names
}

#[test]
fn the_folder_holds_one_file_per_partner() {
    let names = workbooks_in(&folder());
    assert_eq!(
        names,
        data::final_files(),
        "sample-workbooks/ is stale: run scripts/samples.sh"
    );
    let mut codes = BTreeSet::new();
    for name in &names {
        let size = std::fs::metadata(folder().join(name)).map_or(u64::MAX, |m| m.len());
        assert!(size < 1024 * 1024, "{name}: {size} bytes");
        let s = check(name);
        assert!(
            codes.insert(s.partner.code.clone()),
            "two files for {}",
            s.partner.code
        );
    }
    assert_eq!(codes.len(), 9);
}

#[test]
fn generator_data_is_realistic_and_adds_up() {
    let r = config().referentiel;
    for e in data::clean() {
        let code = &e.partner.code;
        assert!(
            (4..=10).contains(&e.actions.len()),
            "{code}: {} actions",
            e.actions.len()
        );
        let axes: BTreeSet<&str> = e
            .actions
            .iter()
            .filter_map(|a| r.objective(&a.objective))
            .map(|o| o.axis_code())
            .collect();
        assert!(axes.len() >= 2, "{code}: one axis only");
        for a in &e.actions {
            let n = &a.number;
            assert!(r.objective(&a.objective).is_some(), "{n}: objective");
            assert!(a.start.is_some() && a.end.is_some(), "{n}: dates");
            assert!(a.status.is_some(), "{n}: status");
            let budget = a.budget.unwrap_or_default();
            assert!(
                (a.funding_total() - budget).abs() < 0.005,
                "{n}: funding {} ≠ budget {budget}",
                a.funding_total()
            );
            assert!(a.funding.values().all(|v| *v > 0.0), "{n}: funding");
            let indicators = e.indicators.iter().filter(|i| i.action == *n).count();
            assert!(
                (1..=3).contains(&indicators),
                "{n}: {indicators} indicators"
            );
            // Template ctg-2: a dispositif wherever the CAF pays, and only there.
            assert_eq!(
                a.caf_scheme.is_some(),
                a.funding.contains_key("caf"),
                "{n}: dispositif CAF"
            );
            assert!(a.joint_with.is_empty() && a.spending.is_empty(), "{n}");
        }
        assert!(e.indicators.iter().all(|i| i.nature.is_some()), "{code}");
    }
    // Most actions say the need they answer and the means they use.
    let actions: Vec<_> = data::clean().into_iter().flat_map(|e| e.actions).collect();
    let described = actions
        .iter()
        .filter(|a| !a.need.is_empty() && !a.means.is_empty())
        .count();
    assert!(
        described * 4 >= actions.len() * 3,
        "{described} of {}",
        actions.len()
    );
}

#[test]
fn clean_samples_verify_and_hold_the_generated_data() {
    for e in data::clean() {
        let name = e.final_file();
        let s = check(&name);
        assert_no_error(&s);
        // Made with the current template: no invitation to take it.
        for code in [
            Code::UnknownColumn,
            Code::HeaderNotFound,
            Code::TemplateVersion,
        ] {
            assert!(with_code(&s, code).is_empty(), "{name}:\n{}", dump(&s));
        }
        assert!(s.rejected.is_empty(), "{name}: {:?}", s.rejected);
        assert_eq!(s.partner.code, e.partner.code, "{name}");
        assert_eq!(s.partner.name, e.partner.name, "{name}");
        assert_eq!(s.partner.email, e.partner.email, "{name}");
        assert_eq!(s.actions, e.actions, "{name}");
        assert_eq!(s.indicators, e.indicators, "{name}");
    }
}

#[test]
fn libreoffice_copies_read_like_their_source() {
    let samples = data::clean();
    for (source, ext) in data::CONVERSIONS {
        let Some(e) = samples.iter().find(|e| e.file == source) else {
            panic!("{source} is not a sample");
        };
        let name = e.final_file();
        assert!(name.ends_with(&format!(".{ext}")), "{name}");
        let s = check(&name);
        let expected = if ext == "ods" {
            Format::Ods
        } else {
            Format::Xls
        };
        assert_eq!(s.format, Some(expected), "{name}");
        assert_eq!(s.actions.len(), e.actions.len(), "{name}");
        assert_eq!(s.indicators.len(), e.indicators.len(), "{name}");
    }
}

/// The faulty samples, written again now, read exactly like the committed
/// ones (they do not depend on the template, only on the generator).
#[test]
fn faulty_samples_are_the_generator_s() -> TestResult {
    let dir = tempfile::tempdir()?;
    for (name, bytes) in [
        (data::FAULTY_CCAS, data::ccas_workbook()?),
        (data::FAULTY_MLJ, data::mlj_workbook()?),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes)?;
        let fresh = check_path(&path, name);
        let committed = check(name);
        assert_eq!(fresh.actions, committed.actions, "{name}");
        assert_eq!(fresh.indicators, committed.indicators, "{name}");
        assert_eq!(fresh.rejected, committed.rejected, "{name}");
        assert_eq!(fresh.findings, committed.findings, "{name}");
    }
    Ok(())
}

#[test]
fn ccas_sample_gives_exactly_the_planted_findings() {
    let s = check(data::FAULTY_CCAS);
    let sheet = "'Plan d''actions'";
    assert_eq!(
        found(&s, Severity::Error),
        [
            // « Validée »: not a status.
            at(Code::StatusUnknown, &format!("{sheet}!N7")),
            // « Saint-Sulpice-la-Pointe; Lavour ».
            at(Code::CommuneUnknown, &format!("{sheet}!M9")),
        ],
        "{}",
        dump(&s)
    );
    assert_eq!(
        found(&s, Severity::Warning),
        [
            // No Description, Référent, Partenaires associés.
            at(Code::ColumnMissing, &format!("{sheet}, ligne 4")),
            at(Code::UnknownColumn, &format!("{sheet}!Q4")),
            at(Code::MergedCells, &format!("{sheet}!B5")),
            at(Code::TotalRowSkipped, &format!("{sheet}!C12")),
            at(Code::ColumnMissing, "Indicateurs, ligne 1"),
        ],
        "{}",
        dump(&s)
    );
    // Made without the template: one invitation to take the current one.
    assert_eq!(
        found(&s, Severity::Info),
        [(Code::TemplateVersion, None)],
        "{}",
        dump(&s)
    );
    assert_eq!(s.partner.code, "CCAS-SSP");
    assert_eq!(
        s.partner.updated,
        chrono::NaiveDate::from_ymd_opt(2024, 6, 3)
    );
    // Six actions: neither the empty row nor the total row is one.
    let numbers: Vec<&str> = s.actions.iter().map(|a| a.number.as_str()).collect();
    assert_eq!(
        numbers,
        [
            "CCAS-SSP-001",
            "CCAS-SSP-002",
            "CCAS-SSP-003",
            "CCAS-SSP-004",
            "CCAS-SSP-005",
            "CCAS-SSP-006"
        ]
    );
    assert!(s.rejected.is_empty());
    let objectives: Vec<&str> = s.actions.iter().map(|a| a.objective.as_str()).collect();
    assert_eq!(
        objectives,
        ["3.1.1", "3.1.1", "3.1.1", "3.2.1", "3.1.4", "3.1.3"]
    );
    let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
    let [a1, a2, a3, a4, a5, a6] = s.actions.as_slice() else {
        panic!("six actions expected");
    };
    // Dates and amounts typed as text.
    assert_eq!(a1.start, date(2024, 3, 15));
    assert_eq!(a2.start, date(2024, 3, 15));
    assert_eq!(a2.end, date(2025, 6, 30));
    assert_eq!(a6.start, date(2024, 10, 1));
    assert_eq!(a1.funding.get("caf"), Some(&1200.5));
    assert_eq!(a1.funding.get("communes"), Some(&1599.5));
    assert_eq!(a1.funding_total(), 4800.0);
    // Percentages: 0,4 shown as 40 %.
    assert_eq!(a1.progress, Some(40.0));
    assert_eq!(a3.progress, Some(100.0));
    // « St Sulpice » is understood; « Lavour » is set aside (its error
    // says so), the rest of the action kept.
    let ssp = Communes::Some(vec!["Saint-Sulpice-la-Pointe".to_owned()]);
    assert_eq!(a2.communes, ssp);
    assert_eq!(a3.communes, ssp);
    assert_eq!(a4.communes, ssp);
    assert_eq!(a5.communes, Communes::All);
    assert_eq!(a3.status, None);
    assert_eq!(a6.status, Some(StatusKind::Planned));
    assert_eq!(a2.domains, ["Solidarité", "Parentalité"]);
    // The extra column is kept.
    assert_eq!(
        a1.extra,
        [(
            "Remarques internes".to_owned(),
            "Liste 2024 à croiser avec le SSIAD".to_owned()
        )]
    );
    assert_eq!(s.indicators.len(), 7);
    assert_eq!(
        s.indicators[0].results.keys().copied().collect::<Vec<_>>(),
        [2023, 2024]
    );
}

#[test]
fn mlj_sample_gives_exactly_the_planted_findings() {
    let s = check(data::FAULTY_MLJ);
    assert_eq!(
        found(&s, Severity::Error),
        [
            at(Code::FundingAboveBudget, "Actions!N3"),
            at(Code::DuplicateNumber, "Actions!A6"),
            at(Code::NumberOfOtherPartner, "Actions!A7"),
            at(Code::ObjectiveUnknown, "Actions!C8"),
            at(Code::IndicatorActionUnknown, "Indicateurs!A7"),
        ],
        "{}",
        dump(&s)
    );
    assert_eq!(
        found(&s, Severity::Warning),
        [
            (Code::PartnerSheetMissing, None),
            (Code::PartnerCodeMissing, None),
            at(Code::DoneIncomplete, "Actions!M4"),
        ],
        "{}",
        dump(&s)
    );
    assert_eq!(
        found(&s, Severity::Info),
        [(Code::TemplateVersion, None)],
        "{}",
        dump(&s)
    );
    // The code comes from the file name.
    assert_eq!(s.partner.code, "MLJ");
    let numbers: Vec<&str> = s.actions.iter().map(|a| a.number.as_str()).collect();
    assert_eq!(
        numbers,
        [
            "MLJ-001", "MLJ-002", "MLJ-003", "MLJ-004", "MLJ-006", "MLJ-007"
        ]
    );
    let rejected: Vec<(&str, u32)> = s
        .rejected
        .iter()
        .map(|r| (r.sheet.as_str(), r.row))
        .collect();
    assert_eq!(
        rejected,
        [
            ("Actions", 6),
            ("Actions", 7),
            ("Actions", 8),
            ("Indicateurs", 7)
        ]
    );
    // Over budget is reported, not refused.
    assert_eq!(s.actions[1].budget, Some(2400.0));
    assert_eq!(s.actions[1].funding_total(), 3000.0);
    assert_eq!(s.indicators.len(), 7);
}
