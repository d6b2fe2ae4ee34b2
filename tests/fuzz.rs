//! Mutation fuzzing of the reader path, on stable Rust: a fixed-seed sample
//! of mutants of the sample workbooks and test fixtures goes through the
//! built `ctg` binary (reader child processes included). No mutant may make
//! ctg panic, hang, exceed its time or memory limits, leave a file without
//! a French finding, or change another partner's rows in the consolidated
//! workbook. See `benches/fuzz/harness.rs` for what is checked and how;
//! `cargo bench --bench fuzz -- --seed N --count M` runs any number.

#[path = "../benches/fuzz/harness.rs"]
mod harness;
#[path = "../benches/fuzz/mutate.rs"]
mod mutate;

use std::path::{Path, PathBuf};

use harness::Harness;
use mutate::Kind;

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

#[test]
fn mutants_never_crash_hang_or_spill_over() -> Result<(), Box<dyn std::error::Error>> {
    let harness = Harness::new(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        Path::new(env!("CARGO_BIN_EXE_ctg")),
        failures_dir(),
    )?;
    let report = harness.run(SEED, 0..COUNT, &|_| {})?;
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
