//! Mutation fuzzing of the reader path, on stable Rust: a fixed-seed sample
//! of mutants of the sample workbooks and test fixtures goes through the
//! built `ctg` binary (reader child processes included). No mutant may make
//! ctg panic, hang, exceed its time or memory limits, leave a file without
//! a French finding, or change another partner's rows in the consolidated
//! workbook. See `benches/fuzz/harness.rs` for what is checked and how;
//! `cargo bench --bench fuzz -- --seed N --count M` runs any number.

#[path = "../../benches/fuzz/harness.rs"]
mod harness;
#[path = "../../benches/fuzz/mutate.rs"]
mod mutate;

use std::path::{Path, PathBuf};

use harness::{Harness, PANIC_LABEL};
use mutate::{Kind, Mutant};

/// The sample CI runs: fixed, so that a failure is the same on every run.
const SEED: u64 = 20_240_615;
/// A few hundred mutants: about half a minute in a debug build.
const COUNT: u64 = 300;

fn failures_dir() -> PathBuf {
    // CARGO_TARGET_TMPDIR is `target/tmp`.
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap_or(Path::new(env!("CARGO_TARGET_TMPDIR")))
        .join("fuzz-failures")
}

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn harness() -> Res<Harness> {
    Harness::new(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        Path::new(env!("CARGO_BIN_EXE_ctg")),
        failures_dir(),
    )
}

#[test]
fn mutants_never_crash_hang_or_spill_over() -> Res<()> {
    let harness = harness()?;
    let sources = harness.sources().to_vec();
    let mutants = (0..COUNT).map(|i| mutate::mutant(&sources, SEED, i));
    let report = harness.run(mutants, &|_| {})?;
    let summary = report.summary(&failures_dir());
    println!("{summary}");
    assert_eq!(report.outcomes.len() as u64, COUNT);
    assert!(report.failures().is_empty(), "{summary}");
    // The sample reaches every kind of mutation and both outcomes.
    for kind in Kind::ALL {
        assert!(
            report.outcomes.iter().any(|o| o.kind == kind),
            "no mutant of kind {}",
            kind.name()
        );
    }
    assert!(report.outcomes.iter().any(|o| o.label.starts_with("lu")));
    assert!(report.outcomes.iter().any(|o| !o.label.starts_with("lu")));
    Ok(())
}

/// Mutants that once failed (`tests/fixtures/fuzz/`, named as the harness
/// saves them): each is now read or refused with a finding, without any
/// decoder panicking.
#[test]
fn saved_mutants_stay_fixed() -> Res<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut mutants = Vec::new();
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e != "md") {
            mutants.push(Mutant::load(&path)?);
        }
    }
    mutants.sort_by_key(Mutant::file_name);
    assert!(!mutants.is_empty(), "no saved mutant in {}", dir.display());
    let count = mutants.len();
    let report = harness()?.run(mutants.into_iter(), &|_| {})?;
    let summary = report.summary(&failures_dir());
    assert_eq!(report.outcomes.len(), count);
    assert!(report.failures().is_empty(), "{summary}");
    assert!(
        report.outcomes.iter().all(|o| o.label != PANIC_LABEL),
        "{summary}"
    );
    Ok(())
}
