//! Benchmark (not a test): how long after a partner saves is the
//! consolidated workbook up to date, with `ctg surveiller` watching a
//! folder of 100 partners × 100 actions (+2 indicators each)?
//!
//! For each mode (system notifications, then `--poll 0.5`), the watcher is
//! started with `--delai 0.3`; then, N times, one partner's workbook is
//! saved with a changed content (Excel-style: temp file renamed over the
//! original) and the latency is measured from the end of the save to the
//! log line of the consolidation that includes it. The content is built
//! before the clock starts; a pseudo-random pause before each save keeps
//! saves out of step with the polling interval.
//!
//! Run with `cargo bench --bench surveiller`. Options through environment
//! variables: CTG_BENCH_PARTENAIRES (default 100), CTG_BENCH_ACTIONS (100),
//! CTG_BENCH_SAUVEGARDES (saves per mode, 30), CTG_BENCH_CTG (the ctg binary
//! to measure, e.g. a build of main to compare with; default: this tree's).

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use common::{
    Res, env_usize, file_name, generate, partner_code, partner_workbook, quantile, save_like_excel,
};
use ctg::referentiel::Config;

const SETTLE: f64 = 0.3;
const POLL: &str = "0.5";

/// `ctg surveiller` as a child; its log lines with the time they arrived.
struct Watcher {
    child: Child,
    lines: Receiver<(Instant, String)>,
    tail: Vec<String>,
}

impl Watcher {
    fn start(deposits: &Path, out: &Path, extra: &[&str]) -> Res<Watcher> {
        let exe = std::env::var_os("CTG_BENCH_CTG")
            .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_ctg")), PathBuf::from);
        let mut child = Command::new(exe)
            .arg("surveiller")
            .arg(deposits)
            .arg("--sortie")
            .arg(out)
            .args(["--delai", &SETTLE.to_string()])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let stdout = child.stdout.take().ok_or("pas de sortie standard")?;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send((Instant::now(), line)).is_err() {
                    break;
                }
            }
        });
        Ok(Watcher {
            child,
            lines: rx,
            tail: Vec::new(),
        })
    }

    /// The next line satisfying `pred`, with when it arrived.
    fn wait_for(
        &mut self,
        what: &str,
        timeout: Duration,
        pred: impl Fn(&str) -> bool,
    ) -> Res<(Instant, String)> {
        let deadline = Instant::now() + timeout;
        loop {
            match self
                .lines
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                Ok((at, line)) => {
                    self.tail.push(line.clone());
                    if self.tail.len() > 20 {
                        self.tail.remove(0);
                    }
                    if line.contains("] Erreur : ") {
                        return Err(format!("le surveillant signale une erreur : {line}").into());
                    }
                    if pred(&line) {
                        return Ok((at, line));
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    return Err(format!(
                        "pas de ligne « {what} » en {timeout:?} ; dernières lignes :\n{}",
                        self.tail.join("\n")
                    )
                    .into());
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(format!(
                        "le surveillant s'est arrêté avant « {what} » :\n{}",
                        self.tail.join("\n")
                    )
                    .into());
                }
            }
        }
    }

    fn stop(mut self) -> Res<()> {
        // SAFETY: signalling our own child by its pid.
        unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) };
        let status = self.child.wait()?;
        if !status.success() {
            return Err(format!("le surveillant s'est terminé avec le statut {status}").into());
        }
        Ok(())
    }
}

/// The duration ctg gives at the end of a consolidation line: « (0,8 s) ».
fn run_seconds(line: &str) -> Option<f64> {
    let open = line.rfind('(')?;
    line[open + 1..]
        .strip_suffix(" s)")?
        .replace(',', ".")
        .parse()
        .ok()
}

/// The title of action `number` in the consolidated workbook.
fn title_of(workbook: &Path, number: &str) -> Res<String> {
    common::readback::consolidated_actions(workbook)?
        .into_iter()
        .find(|(n, _)| n == number)
        .map(|(_, title)| title)
        .ok_or_else(|| format!("action {number} absente du classeur consolidé").into())
}

/// Seconds with a decimal comma: « 0,7 ».
fn secs(x: f64) -> String {
    format!("{x:.1}").replace('.', ",")
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

/// The generated folder and what to do with it.
struct Bench {
    depots: PathBuf,
    partners: usize,
    actions: usize,
    saves: usize,
    config: Config,
}

/// Measures one mode; prints its line.
fn measure(b: &Bench, label: &str, tag: &str, extra: &[&str], out: &Path) -> Res<()> {
    let Bench {
        depots,
        partners,
        actions,
        saves,
        config,
    } = b;
    let (depots, partners, actions, saves) = (depots.as_path(), *partners, *actions, *saves);
    let mut w = Watcher::start(depots, out, extra)?;
    let (_, first) = w.wait_for("Consolidation", Duration::from_secs(300), |l| {
        l.contains("] Consolidation : ")
    })?;
    println!(
        "{label} : première consolidation — {}",
        first.split("] ").nth(1).unwrap_or(&first)
    );
    let mut latencies = Vec::with_capacity(saves);
    let mut runs = Vec::with_capacity(saves);
    let mut last = (String::new(), String::new());
    for i in 0..saves {
        let p = (i * 37 + 11) % partners;
        let marker = format!(" ({tag} {i})");
        let bytes = partner_workbook(config, p, actions, &marker)?;
        // Out of step with the polling interval and the watcher's tick.
        std::thread::sleep(Duration::from_millis(((i * 7919) % 500) as u64 + 50));
        save_like_excel(depots, &file_name(p), &bytes)?;
        let saved = Instant::now();
        let read = format!("{} lu : ", file_name(p));
        w.wait_for(&read, Duration::from_secs(60), |l| l.contains(&read))?;
        let (done, line) = w.wait_for("Consolidation", Duration::from_secs(60), |l| {
            l.contains("] Consolidation : ")
        })?;
        latencies.push(done.saturating_duration_since(saved));
        runs.extend(run_seconds(&line));
        last = (format!("{}-001", partner_code(p)), marker);
    }
    w.stop()?;
    // The workbook on disk holds the last save.
    let title = title_of(&out.join("plan-actions-consolide.xlsx"), &last.0)?;
    if !title.ends_with(&last.1) {
        return Err(
            format!("le classeur consolidé n'a pas la dernière version : « {title} »").into(),
        );
    }
    latencies.sort();
    runs.sort_by(f64::total_cmp);
    let settle = Duration::from_secs_f64(SETTLE);
    let (Some(p50), Some(p95)) = (quantile(&latencies, 0.5), quantile(&latencies, 0.95)) else {
        return Ok(());
    };
    println!(
        "{label} : {saves} enregistrements — latence p50 {}, p95 {} (max {}) ; hors délai de stabilisation ({} ms) : p50 {}, p95 {} ; dont consolidation (médiane annoncée par ctg) : {} s",
        ms(p50),
        ms(p95),
        ms(latencies[latencies.len() - 1]),
        settle.as_millis(),
        ms(p50.saturating_sub(settle)),
        ms(p95.saturating_sub(settle)),
        secs(quantile(&runs, 0.5).unwrap_or(0.0))
    );
    Ok(())
}

fn main() -> Res<()> {
    let partners = env_usize("CTG_BENCH_PARTENAIRES", 100).max(1);
    let actions = env_usize("CTG_BENCH_ACTIONS", 100).max(1);
    let saves = env_usize("CTG_BENCH_SAUVEGARDES", 30).max(1);
    let work = tempfile::tempdir()?;
    let depots: PathBuf = work.path().join("depots");
    std::fs::create_dir_all(&depots)?;
    let t = Instant::now();
    generate(&depots, partners, actions)?;
    println!(
        "Dossier : {partners} partenaires × {actions} actions (+2 indicateurs chacune), généré en {} s ; délai de stabilisation {} s",
        secs(t.elapsed().as_secs_f64()),
        SETTLE.to_string().replace('.', ",")
    );
    let bench = Bench {
        depots,
        partners,
        actions,
        saves,
        config: Config::embedded()?,
    };
    measure(
        &bench,
        "Notifications du système",
        "notif",
        &[],
        &work.path().join("sortie-notifications"),
    )?;
    let label = format!("Relecture (--poll {})", POLL.replace('.', ","));
    measure(
        &bench,
        &label,
        "poll",
        &["--poll", POLL],
        &work.path().join("sortie-relecture"),
    )?;
    Ok(())
}
