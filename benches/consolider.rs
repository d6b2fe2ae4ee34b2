//! Benchmark (not a test): `ctg consolider` against the pandas + openpyxl
//! script a coordinator would otherwise write (../shared/bench), on the same
//! generated folder of 100 partners × 100 actions (+2 indicators each).
//!
//! Run with `cargo bench --bench consolider`. Options through environment
//! variables: CTG_BENCH_PARTENAIRES (default 100), CTG_BENCH_ACTIONS (100),
//! CTG_BENCH_TOURS (runs of ctg, default 10), CTG_BENCH_TOURS_PANDAS (3),
//! CTG_BENCH_PANDAS (path of pandas_consolidate.py), CTG_BENCH_DOSSIER
//! (where to write the generated workbooks, kept after the run).

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{Res, env_usize, generate};

/// Runs a command to completion; returns its wall time and its peak
/// resident memory (kB, from the kernel's accounting of that process).
fn timed(cmd: &mut Command) -> Res<(Duration, i64)> {
    let start = Instant::now();
    let child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: zeroed rusage is a valid value; wait4 fills it for our child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waiting for our own child, with valid pointers.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    if waited != pid || !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        return Err(format!("la commande {cmd:?} a échoué (statut {status})").into());
    }
    Ok((elapsed, usage.ru_maxrss))
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() -> Res<()> {
    let partners = env_usize("CTG_BENCH_PARTENAIRES", 100);
    let actions = env_usize("CTG_BENCH_ACTIONS", 100);
    let runs = env_usize("CTG_BENCH_TOURS", 10).max(1);
    let pandas_runs = env_usize("CTG_BENCH_TOURS_PANDAS", 3);
    let work = tempfile::tempdir()?;
    // CTG_BENCH_DOSSIER keeps the generated folder for other measurements.
    let depots = std::env::var("CTG_BENCH_DOSSIER")
        .map(PathBuf::from)
        .unwrap_or_else(|_| work.path().join("depots"));
    std::fs::create_dir_all(&depots)?;
    let t = Instant::now();
    generate(&depots, partners, actions)?;
    println!(
        "Dossier : {partners} partenaires × {actions} actions (+2 indicateurs chacune), généré en {:.1} s",
        t.elapsed().as_secs_f64()
    );

    let ctg = PathBuf::from(env!("CARGO_BIN_EXE_ctg"));
    let out = work.path().join("sortie");
    let mut times = Vec::new();
    let mut peak = 0;
    for _ in 0..runs {
        let (d, rss) = timed(
            Command::new(&ctg)
                .arg("consolider")
                .arg(&depots)
                .arg("--sortie")
                .arg(&out)
                .arg("-q"),
        )?;
        times.push(d);
        peak = peak.max(rss);
    }
    let ctg_median = median(times);
    println!(
        "ctg consolider : médiane {:.0} ms sur {runs} tours, mémoire max {:.1} Mo (processus principal)",
        ctg_median.as_secs_f64() * 1000.0,
        peak as f64 / 1024.0
    );

    let script = std::env::var("CTG_BENCH_PANDAS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/pandas_consolidate.py")
        });
    if pandas_runs == 0 || !script.exists() {
        println!(
            "pandas : non mesuré (script {} absent ou CTG_BENCH_TOURS_PANDAS=0)",
            script.display()
        );
        return Ok(());
    }
    let mut times = Vec::new();
    let mut peak = 0;
    for _ in 0..pandas_runs {
        match timed(
            Command::new("python3")
                .arg(&script)
                .arg(&depots)
                .arg(work.path().join("pandas.xlsx")),
        ) {
            Ok((d, rss)) => {
                times.push(d);
                peak = peak.max(rss);
            }
            Err(e) => {
                println!(
                    "pandas : échec ({e}) ; installez ses dépendances avec « pip install pandas openpyxl »"
                );
                return Ok(());
            }
        }
    }
    let pandas_median = median(times);
    println!(
        "pandas + openpyxl : médiane {:.0} ms sur {pandas_runs} tours, mémoire max {:.1} Mo",
        pandas_median.as_secs_f64() * 1000.0,
        peak as f64 / 1024.0
    );
    println!(
        "Rapport des médianes : ctg est {:.1} fois plus rapide",
        pandas_median.as_secs_f64() / ctg_median.as_secs_f64()
    );
    Ok(())
}
