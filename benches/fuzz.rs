//! Mutation fuzzing of the reader path, as many mutants as asked (not a
//! timing benchmark): `cargo bench --bench fuzz -- --seed N --count M`.
//!
//! Options: `--seed N` (default 1), `--count M` (default 1000), `--from K`
//! (first mutant index, default 0), `--index I` (only mutant I, to replay
//! one), `--batch B` (mutants per folder, default 16), `--write DIR` (only
//! write the mutants into DIR, to look at them). Mutants, checks and
//! batches are those of `tests/it/fuzz.rs` (see `benches/fuzz/harness.rs`).
//! Prints a summary: mutants by kind, outcomes by finding code, slowest
//! batches and mutants, peak memory. Every failing mutant, and every one
//! that made a decoder panic, is saved under `target/fuzz-failures/` with a
//! note (seed, index, kind, source, what was changed, what went wrong); put
//! one in `tests/fixtures/fuzz/` to make it a regression fixture. Exits with
//! 1 when a mutant failed.

#[path = "fuzz/harness.rs"]
mod harness;
#[path = "fuzz/mutate.rs"]
mod mutate;

use std::path::{Path, PathBuf};
use std::time::Duration;

use harness::Harness;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// The value of `--name N`, or `default`.
fn option(args: &[String], name: &str, default: u64) -> Res<u64> {
    match args.iter().position(|a| a == name) {
        Some(i) => Ok(args
            .get(i + 1)
            .ok_or_else(|| format!("{name} attend un nombre"))?
            .parse()
            .map_err(|_| format!("{name} attend un nombre"))?),
        None => Ok(default),
    }
}

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().collect();
    let seed = option(&args, "--seed", 1)?;
    let from = option(&args, "--from", 0)?;
    let count = option(&args, "--count", 1000)?;
    let (from, count) = match args.iter().any(|a| a == "--index") {
        true => (option(&args, "--index", 0)?, 1),
        false => (from, count),
    };
    // CARGO_TARGET_TMPDIR is `target/tmp`.
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let failures_dir: PathBuf = tmp.parent().unwrap_or(tmp).join("fuzz-failures");
    let mut harness = Harness::new(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        Path::new(env!("CARGO_BIN_EXE_ctg")),
        failures_dir.clone(),
    )?;
    harness.batch = option(&args, "--batch", 16)?.max(1) as usize;
    eprintln!(
        "Graine {seed}, mutants {from} à {} ; corpus de {} classeurs",
        from + count - 1,
        harness.sources().len()
    );
    let sources = harness.sources().to_vec();
    if let Some(i) = args.iter().position(|a| a == "--write") {
        let dir = PathBuf::from(args.get(i + 1).ok_or("--write attend un dossier")?);
        std::fs::create_dir_all(&dir)?;
        for i in from..from + count {
            let m = mutate::mutant(&sources, seed, i);
            std::fs::write(dir.join(m.file_name()), &m.bytes)?;
            println!("{} ({}) : {}", m.file_name(), m.source, m.detail);
        }
        return Ok(());
    }
    let mutants = (from..from + count).map(|i| mutate::mutant(&sources, seed, i));
    let report = harness.run(mutants, &|r| {
        eprint!(
            "\r{} / {count} mutants, {} échecs",
            r.outcomes.len(),
            r.failures().len()
        );
    })?;
    eprintln!();
    println!("{}", report.summary(&failures_dir));

    // Batch times do not say which mutant was slow: those of the slowest
    // batches are timed again, each alone.
    let mut batches = report.times.clone();
    batches.sort_by_key(|t| std::cmp::Reverse(t.check + t.consolidate));
    let mut alone: Vec<(Duration, String)> = Vec::new();
    for t in batches.iter().take(3) {
        for &i in &t.indexes {
            let m = mutate::mutant(&sources, seed, i);
            alone.push((
                harness.time_alone(&m)?,
                format!("{} ({}) : {}", m.file_name(), m.source, m.detail),
            ));
        }
    }
    alone.sort_by_key(|a| std::cmp::Reverse(a.0));
    println!("Mutants les plus lents (ctg verifier sur le seul mutant) :");
    for (d, what) in alone.iter().take(10) {
        println!("  {:.2} s  {what}", d.as_secs_f64());
    }
    if !report.failures().is_empty() {
        std::process::exit(1);
    }
    Ok(())
}
