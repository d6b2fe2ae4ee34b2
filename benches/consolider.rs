//! Benchmark (not a test): `ctg consolider` against the pandas peers of
//! ../shared/bench (what a coordinator would otherwise write), on the same
//! generated folders, in one run; prints one Markdown table.
//!
//! For each size (10, 100 and 1,000 partners × 100 actions, 2 indicators per
//! action, by default):
//! - each ctg binary: a warm-up run, then `CTG_BENCH_TOURS` pairs of runs, each
//!   pair a first consolidation (empty output folder, no history) followed by a
//!   repeated one (same inputs, on the history the first left); the table gives
//!   the median of each kind, and the peak memory over all runs of that kind;
//! - each peer: `CTG_BENCH_TOURS_PAIRS` runs, median; a peer whose run would
//!   exceed `CTG_BENCH_LIMITE_PAIRS` seconds (estimated linearly from the
//!   previous size, or reached) is skipped or stopped, and the table says so;
//! - the median CPU time (user + system, ctg and its reader children, from
//!   `wait4`): on a shared machine it moves less than wall time;
//! - the ratio of the peer's median to ctg's (first run / repeated run);
//! - the size of the outputs people open (status page, consolidated workbook,
//!   retour pages).
//!
//! Memory comes from `common::measure`: ctg's own peak (VmHWM), the largest
//! reader child's peak (VmHWM, children found in /proc), the whole tree's
//! largest simultaneous resident size, sampled every `CTG_BENCH_ECHANTILLON_MS`
//! (10 ms); plus the kernel's `ru_maxrss` bound. Mio = 1,048,576 bytes.
//!
//! Environment variables:
//! - CTG_BENCH_TAILLES: partner counts, comma-separated (default `10,100,1000`);
//! - CTG_BENCH_ACTIONS: actions per partner (100);
//! - CTG_BENCH_TOURS: first/repeated pairs per ctg binary (5);
//! - CTG_BENCH_TOURS_PAIRS: runs per peer (3; 0 skips the peers);
//! - CTG_BENCH_LIMITE_PAIRS: time limit of one peer run, seconds (300);
//! - CTG_BENCH_PAIRS: which peers, comma-separated among `pandas`,
//!   `pandas-rapide` (both by default);
//! - CTG_BENCH_AUTRES_CTG: other ctg binaries to measure side by side,
//!   `label=path` comma-separated (e.g. `8353cb7=/work/baseline/ctg-8353cb7`);
//! - CTG_BENCH_GENERATEUR: `rust` (default: ctg's own template writer,
//!   benches/common) or `openpyxl` (scripts/generer-depots-bench.py, an
//!   independent writer; needs `pip install openpyxl`);
//! - CTG_BENCH_DOSSIER: where to keep the generated folders, reused by later
//!   runs (default: a temporary folder, removed at the end);
//! - CTG_BENCH_PYTHON: the Python interpreter (`python3`);
//! - CTG_BENCH_ECHANTILLON_MS: memory sampling period (10).
//!
//! A quick run: `CTG_BENCH_TAILLES=10 CTG_BENCH_TOURS=1 CTG_BENCH_TOURS_PAIRS=1
//! cargo bench --bench consolider`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use comfy_table::{CellAlignment, Table, presets};
use common::measure::{self, Measured, Outcome};
use common::{Res, env_usize};

/// A program being measured: a ctg binary or a peer script.
struct Program {
    label: String,
    kind: Kind,
}

enum Kind {
    Ctg(PathBuf),
    Peer(PathBuf),
}

/// The settings of one bench run.
struct Settings {
    sizes: Vec<usize>,
    actions: usize,
    runs: usize,
    peer_runs: usize,
    peer_limit: Duration,
    generator: Generator,
    python: String,
    every: Duration,
}

#[derive(Clone, Copy, PartialEq)]
enum Generator {
    Rust,
    Openpyxl,
}

impl Generator {
    fn name(self) -> &'static str {
        match self {
            Generator::Rust => "rust",
            Generator::Openpyxl => "openpyxl",
        }
    }
}

/// What was measured for one program at one size.
#[derive(Default)]
struct Row {
    first: Vec<Measured>,
    repeated: Vec<Measured>,
    /// Why a peer has no time: a word for the table, the reason for the
    /// notes under it.
    note: Option<(&'static str, String)>,
    /// Sizes of the outputs of the last first run (ctg only).
    outputs: Option<String>,
}

fn median(runs: &[Measured]) -> Option<Duration> {
    let mut v: Vec<Duration> = runs.iter().map(|m| m.wall).collect();
    v.sort();
    v.get(v.len().saturating_sub(1) / 2).copied()
}

/// Median CPU time (process and reader children).
fn median_cpu(runs: &[Measured]) -> Option<Duration> {
    let mut v: Vec<Duration> = runs.iter().map(|m| m.cpu).collect();
    v.sort();
    v.get(v.len().saturating_sub(1) / 2).copied()
}

fn peak(runs: &[Measured], f: impl Fn(&Measured) -> u64) -> Option<u64> {
    runs.iter().map(f).max()
}

fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    let text = if s < 10.0 {
        format!("{s:.2} s")
    } else {
        format!("{s:.1} s")
    };
    text.replace('.', ",")
}

fn mio(kb: u64) -> String {
    format!("{:.0}", kb as f64 / 1024.0)
}

fn bytes(n: u64) -> String {
    if n >= 1 << 20 {
        format!("{:.1} Mio", n as f64 / (1 << 20) as f64).replace('.', ",")
    } else {
        format!("{:.0} kio", n as f64 / 1024.0)
    }
}

/// "first / repeated" of an optional pair of figures.
fn pair(a: Option<String>, b: Option<String>) -> String {
    match (a, b) {
        (Some(a), Some(b)) => format!("{a} / {b}"),
        (Some(a), None) => a,
        _ => "—".to_owned(),
    }
}

fn env_text(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

fn settings() -> Res<Settings> {
    let sizes = env_text("CTG_BENCH_TAILLES", "10,100,1000")
        .split(',')
        .map(|s| s.trim().parse::<usize>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("CTG_BENCH_TAILLES : {e}"))?;
    let generator = match env_text("CTG_BENCH_GENERATEUR", "rust").as_str() {
        "rust" => Generator::Rust,
        "openpyxl" => Generator::Openpyxl,
        other => {
            return Err(
                format!("CTG_BENCH_GENERATEUR : « {other} » (attendu : rust ou openpyxl)").into(),
            );
        }
    };
    Ok(Settings {
        sizes,
        actions: env_usize("CTG_BENCH_ACTIONS", 100).max(1),
        runs: env_usize("CTG_BENCH_TOURS", 5).max(1),
        peer_runs: env_usize("CTG_BENCH_TOURS_PAIRS", 3),
        peer_limit: Duration::from_secs(env_usize("CTG_BENCH_LIMITE_PAIRS", 300) as u64),
        generator,
        python: env_text("CTG_BENCH_PYTHON", "python3"),
        every: Duration::from_millis(env_usize("CTG_BENCH_ECHANTILLON_MS", 10).max(1) as u64),
    })
}

fn programs(s: &Settings) -> Res<Vec<Program>> {
    let mut list = vec![Program {
        label: "ctg (cette version)".to_owned(),
        kind: Kind::Ctg(PathBuf::from(env!("CARGO_BIN_EXE_ctg"))),
    }];
    for item in env_text("CTG_BENCH_AUTRES_CTG", "")
        .split(',')
        .filter(|s| !s.is_empty())
    {
        let (label, path) = item
            .split_once('=')
            .ok_or_else(|| format!("CTG_BENCH_AUTRES_CTG : « {item} » (attendu : nom=chemin)"))?;
        list.push(Program {
            label: format!("ctg {label}"),
            kind: Kind::Ctg(PathBuf::from(path)),
        });
    }
    if s.peer_runs > 0 {
        let bench = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/bench");
        for name in env_text("CTG_BENCH_PAIRS", "pandas,pandas-rapide")
            .split(',')
            .filter(|s| !s.is_empty())
        {
            let (label, file) = match name {
                "pandas" => ("pandas + openpyxl", "pandas_consolidate.py"),
                "pandas-rapide" => (
                    "pandas rapide (calamine + xlsxwriter)",
                    "pandas_fast_consolidate.py",
                ),
                other => return Err(format!("CTG_BENCH_PAIRS : pair inconnu « {other} »").into()),
            };
            list.push(Program {
                label: label.to_owned(),
                kind: Kind::Peer(bench.join(file)),
            });
        }
    }
    Ok(list)
}

/// The folder of `partners` workbooks, generated once under `root`.
fn folder(s: &Settings, root: &Path, partners: usize) -> Res<PathBuf> {
    let dir = root.join(format!("{}-{partners}x{}", s.generator.name(), s.actions));
    let done = dir.join(".complet");
    if done.exists() {
        println!("Dossier {} : déjà généré", dir.display());
        return Ok(dir);
    }
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    let t = Instant::now();
    match s.generator {
        Generator::Rust => common::generate(&dir, partners, s.actions)?,
        Generator::Openpyxl => {
            let script =
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/generer-depots-bench.py");
            let status = Command::new(&s.python)
                .arg(script)
                .arg(&dir)
                .arg(partners.to_string())
                .arg(s.actions.to_string())
                .status()?;
            if !status.success() {
                return Err(format!(
                    "le générateur openpyxl a échoué ({status}) ; installez-le avec « pip install openpyxl »"
                )
                .into());
            }
        }
    }
    std::fs::write(&done, b"")?;
    println!(
        "Dossier {} : {partners} partenaires × {} actions (+2 indicateurs chacune), généré ({}) en {}",
        dir.display(),
        s.actions,
        s.generator.name(),
        secs(t.elapsed())
    );
    Ok(dir)
}

fn consolider(exe: &Path, deposits: &Path, out: &Path) -> Command {
    let mut cmd = Command::new(exe);
    cmd.arg("consolider")
        .arg(deposits)
        .arg("--sortie")
        .arg(out)
        .arg("-q");
    cmd
}

fn done(outcome: Outcome) -> Res<Measured> {
    match outcome {
        Outcome::Done(m) => Ok(m),
        Outcome::TimedOut(d) => Err(format!("ctg arrêté après {}", secs(d)).into()),
    }
}

/// Size of a file, and of the files of a folder with how many there are.
fn outputs_of(out: &Path) -> String {
    let file = |name: &str| {
        std::fs::metadata(out.join(name)).map_or("absent".to_owned(), |m| bytes(m.len()))
    };
    let mut n = 0u64;
    let mut total = 0u64;
    // With --sortie, retour pages go to `retours/` beside the other outputs.
    for dir in [out.join("retours"), out.to_path_buf()] {
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with("retour-") && name.ends_with(".html") {
                    n += 1;
                    total += e.metadata().map_or(0, |m| m.len());
                }
            }
        }
    }
    format!(
        "tableau-de-bord.html {}, plan-actions-consolide.xlsx {}, {n} retours {}",
        file("tableau-de-bord.html"),
        file("plan-actions-consolide.xlsx"),
        bytes(total)
    )
}

/// Measures every ctg binary at one size, interleaved run by run.
fn measure_ctg(
    s: &Settings,
    ctgs: &[(&Program, &Path)],
    deposits: &Path,
    work: &Path,
) -> Res<Vec<Row>> {
    let mut rows: Vec<Row> = ctgs.iter().map(|_| Row::default()).collect();
    for (i, (_, exe)) in ctgs.iter().enumerate() {
        // Warm-up: the page cache holds the binary and the workbooks.
        let out = work.join(format!("chauffe-{i}"));
        done(measure::run(
            &mut consolider(exe, deposits, &out),
            s.every,
            None,
        )?)?;
        std::fs::remove_dir_all(&out)?;
    }
    for _ in 0..s.runs {
        for (i, (_, exe)) in ctgs.iter().enumerate() {
            let out = work.join(format!("sortie-{i}"));
            if out.exists() {
                std::fs::remove_dir_all(&out)?;
            }
            let cmd = || consolider(exe, deposits, &out);
            rows[i]
                .first
                .push(done(measure::run(&mut cmd(), s.every, None)?)?);
            rows[i].outputs = Some(outputs_of(&out));
            rows[i]
                .repeated
                .push(done(measure::run(&mut cmd(), s.every, None)?)?);
        }
    }
    Ok(rows)
}

/// Measures one peer at one size, unless its run would exceed the limit.
fn measure_peer(
    s: &Settings,
    script: &Path,
    deposits: &Path,
    work: &Path,
    estimate: Option<Duration>,
) -> Res<Row> {
    let limit = secs(s.peer_limit);
    if !script.exists() {
        return Ok(Row {
            note: Some(("non mesuré", format!("{} absent", script.display()))),
            ..Row::default()
        });
    }
    if let Some(e) = estimate.filter(|e| *e > s.peer_limit) {
        return Ok(Row {
            note: Some((
                "ignoré",
                format!(
                    "estimé à {} d'après la taille précédente, au-delà de la limite de {limit} (CTG_BENCH_LIMITE_PAIRS)",
                    secs(e)
                ),
            )),
            ..Row::default()
        });
    }
    let mut row = Row::default();
    for _ in 0..s.peer_runs {
        let mut cmd = Command::new(&s.python);
        cmd.arg(script).arg(deposits).arg(work.join("pair.xlsx"));
        match measure::run(&mut cmd, s.every, Some(s.peer_limit)) {
            Ok(Outcome::Done(m)) => row.first.push(m),
            Ok(Outcome::TimedOut(d)) => {
                row.first.clear();
                row.note = Some((
                    "arrêté",
                    format!(
                        "arrêté après {}, limite {limit} (CTG_BENCH_LIMITE_PAIRS)",
                        secs(d)
                    ),
                ));
                break;
            }
            Err(e) => {
                return Ok(Row {
                    note: Some((
                        "échec",
                        format!(
                            "échec ; « pip install pandas openpyxl python-calamine xlsxwriter » ? ({})",
                            e.to_string().lines().last().unwrap_or("")
                        ),
                    )),
                    ..Row::default()
                });
            }
        }
    }
    Ok(row)
}

fn ratio(peer: Option<Duration>, ctg: Option<Duration>) -> Option<String> {
    let (p, c) = (peer?, ctg?);
    Some(format!("{:.1}×", p.as_secs_f64() / c.as_secs_f64()).replace('.', ","))
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.trim().to_owned())
        })
        .unwrap_or_else(|| "processeur inconnu".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .next()
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or_else(String::new, |kb| format!(", {} Gio", kb / (1 << 20)));
    format!("{cpu}, {cores} cœurs{memory}")
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "inconnue".to_owned())
}

fn main() -> Res<()> {
    let s = settings()?;
    let programs = programs(&s)?;
    let temporary = tempfile::tempdir()?;
    let root = std::env::var("CTG_BENCH_DOSSIER")
        .map(PathBuf::from)
        .unwrap_or_else(|_| temporary.path().join("depots"));
    println!(
        "Machine : {} ; charge (1, 5, 15 min) au départ : {} ; {}",
        machine(),
        load(),
        chrono::Local::now().format("%Y-%m-%d %H:%M")
    );
    let mut table = Table::new();
    table.load_style(presets::ASCII_MARKDOWN).set_header(vec![
        "partenaires × actions".to_owned(),
        "programme".to_owned(),
        format!("1re consolidation (médiane de {})", s.runs),
        "répétée, avec historique".to_owned(),
        "temps CPU, principal + lecteurs (1re / répétée)".to_owned(),
        "mémoire max principal, Mio (1re / répétée)".to_owned(),
        "mémoire max d'un lecteur, Mio".to_owned(),
        "mémoire totale simultanée, Mio".to_owned(),
        "pandas ÷ ctg (1re / répétée)".to_owned(),
        "pandas rapide ÷ ctg".to_owned(),
    ]);
    let mut notes = Vec::new();
    let mut previous_peer: Vec<Option<(usize, Duration)>> = programs.iter().map(|_| None).collect();
    for &partners in &s.sizes {
        let deposits = folder(&s, &root, partners)?;
        let work = tempfile::tempdir()?;
        let ctgs: Vec<(&Program, &Path)> = programs
            .iter()
            .filter_map(|p| match &p.kind {
                Kind::Ctg(exe) => Some((p, exe.as_path())),
                Kind::Peer(_) => None,
            })
            .collect();
        let t = Instant::now();
        let mut rows = measure_ctg(&s, &ctgs, &deposits, work.path())?;
        println!(
            "{partners} partenaires : ctg mesuré en {} (charge : {})",
            secs(t.elapsed()),
            load()
        );
        let mut peers = Vec::new();
        for (i, p) in programs.iter().enumerate() {
            let Kind::Peer(script) = &p.kind else {
                continue;
            };
            let estimate =
                previous_peer[i].map(|(n, d)| d.mul_f64(partners as f64 / n.max(1) as f64));
            let t = Instant::now();
            let row = measure_peer(&s, script, &deposits, work.path(), estimate)?;
            if let Some(m) = median(&row.first) {
                previous_peer[i] = Some((partners, m));
            }
            println!(
                "{partners} partenaires : {} mesuré en {} (charge : {})",
                p.label,
                secs(t.elapsed()),
                load()
            );
            peers.push((i, row));
        }
        let peer_median = |file: &str| {
            peers.iter().find_map(|(i, row)| match &programs[*i].kind {
                Kind::Peer(script) if script.ends_with(file) => median(&row.first),
                _ => None,
            })
        };
        let (slow, fast) = (
            peer_median("pandas_consolidate.py"),
            peer_median("pandas_fast_consolidate.py"),
        );
        let size = format!("{partners} × {}", s.actions);
        for ((program, _), row) in ctgs.iter().zip(rows.iter_mut()) {
            let (first, repeated) = (median(&row.first), median(&row.repeated));
            table.add_row(vec![
                size.clone(),
                program.label.clone(),
                first.map_or("—".to_owned(), secs),
                repeated.map_or("—".to_owned(), secs),
                pair(
                    median_cpu(&row.first).map(secs),
                    median_cpu(&row.repeated).map(secs),
                ),
                pair(
                    peak(&row.first, |m| m.root_kb).map(mio),
                    peak(&row.repeated, |m| m.root_kb).map(mio),
                ),
                pair(
                    peak(&row.first, |m| m.child_kb).map(mio),
                    peak(&row.repeated, |m| m.child_kb).map(mio),
                ),
                pair(
                    peak(&row.first, |m| m.tree_kb).map(mio),
                    peak(&row.repeated, |m| m.tree_kb).map(mio),
                ),
                pair(ratio(slow, first), ratio(slow, repeated)),
                pair(ratio(fast, first), ratio(fast, repeated)),
            ]);
            if let Some(outputs) = row.outputs.take() {
                notes.push(format!("{size}, {} : {outputs}", program.label));
            }
            let all = || row.first.iter().chain(&row.repeated);
            let bound = all().map(|m| m.maxrss_kb).max().unwrap_or(0);
            let readers = all().map(|m| m.children).max().unwrap_or(0);
            notes.push(format!(
                "{size}, {} : {readers} processus lecteurs au plus par exécution ; pic exact du noyau (ru_maxrss : le plus grand du principal et des lecteurs, toutes exécutions) {} Mio",
                program.label,
                mio(bound)
            ));
        }
        for (i, row) in &peers {
            let label = &programs[*i].label;
            if let Some((_, why)) = &row.note {
                notes.push(format!("{size}, {label} : {why}"));
            }
            let runs = row.first.len();
            table.add_row(vec![
                size.clone(),
                label.clone(),
                median(&row.first).map_or_else(
                    || row.note.as_ref().map_or("—", |n| n.0).to_owned(),
                    |m| format!("{} (médiane de {runs})", secs(m)),
                ),
                "—".to_owned(),
                median_cpu(&row.first).map_or("—".to_owned(), secs),
                peak(&row.first, |m| m.root_kb).map_or("—".to_owned(), mio),
                "—".to_owned(),
                peak(&row.first, |m| m.tree_kb).map_or("—".to_owned(), mio),
                "—".to_owned(),
                "—".to_owned(),
            ]);
        }
    }
    for col in 2..10 {
        if let Some(c) = table.column_mut(col) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    println!();
    println!(
        "Générateur des dossiers : {} ; charge à la fin : {}",
        s.generator.name(),
        load()
    );
    println!();
    println!("{table}");
    println!();
    for n in notes {
        println!("- {n}");
    }
    Ok(())
}
