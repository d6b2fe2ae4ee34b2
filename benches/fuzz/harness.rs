//! Runs mutants through the real `ctg` binary, reader child processes
//! included, and judges what came out. Shared by `tests/it/fuzz.rs` and
//! `benches/fuzz.rs`, which include this file next to `mutate.rs`.
//!
//! Mutants go in batches, each in a folder with one untouched partner
//! workbook (the « good partner »). Each batch is read twice:
//!
//! - `ctg verifier DOSSIER --format json`: every mutant must be listed, and
//!   either read or given a finding; every finding message must be French,
//!   and no reader may have died or hit its time limit;
//! - `ctg consolider DOSSIER --sortie …`: the good partner's rows in the
//!   consolidated workbook (Actions, Indicateurs, Partenaires) must be the
//!   ones it gets when consolidated alone.
//!
//! Both runs must exit with 0, 1 or 2, print no panic, finish within the
//! per-file time limit of `workbook::Limits`, and keep the parent process's
//! peak resident memory under [`max_parent_rss_kb`] (read from
//! `/proc/PID/status` every 10 ms while it runs; the reader children are
//! capped by `RLIMIT_AS` themselves). When a consolidation fails, each mutant
//! of the batch is consolidated alone with the good partner to find which
//! one did it. Failing mutants are saved with their seed and kind.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use calamine::{Reader, open_workbook_auto};
use ctg::referentiel::sheets::SHEETS;
use ctg::workbook::Limits;
use wait_timeout::ChildExt;

use super::mutate::{self, Kind, Mutant, Source};

mod report;

pub use report::{BatchTime, Report};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// The date every run is made on (the samples are current as of then).
const TODAY: &str = "2024-06-15";

/// Peak resident memory allowed to the parent `ctg` process, in KiB: the
/// address space a reader child may take. The parent is not capped; what it
/// holds is bounded by the cells a workbook may have (`max_cells`), and a
/// workbook at that limit takes it past a gigabyte.
pub fn max_parent_rss_kb() -> u64 {
    Limits::default().max_memory_bytes >> 10
}

/// One run of `ctg`.
#[derive(Debug, Clone, Default)]
pub struct Proc {
    /// Exit code; `None` when killed by a signal or the watchdog.
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Wall time.
    pub elapsed: Duration,
    /// Peak resident memory of the `ctg` process itself, in KiB.
    pub rss_kb: u64,
}

/// What happened to one mutant.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The mutant, without its bytes.
    pub seed: u64,
    /// Its index.
    pub index: u64,
    /// Its kind.
    pub kind: Kind,
    /// Its source.
    pub source: String,
    /// Its file name.
    pub file: String,
    /// `lu`, `lu avec erreurs`, or the code of the finding that refused it.
    pub label: String,
    /// Every finding code it got.
    pub codes: Vec<String>,
    /// Broken promises; empty when all is well.
    pub problems: Vec<String>,
}

/// A partner workbook left untouched in every batch, and its rows in the
/// consolidated workbook when consolidated alone.
struct Good {
    source: usize,
    code: String,
    rows: Rows,
}

/// Rows of one partner in the consolidated workbook, by sheet.
type Rows = BTreeMap<String, Vec<Vec<String>>>;

/// The harness: the corpus, the binary, and where to work.
pub struct Harness {
    exe: PathBuf,
    work: tempfile::TempDir,
    sources: Vec<Source>,
    /// Partner code of each source, as ctg reads it.
    codes: Vec<Option<String>>,
    goods: Vec<Good>,
    limits: Limits,
    /// Mutants per batch.
    pub batch: usize,
    /// Where failing mutants are saved.
    pub failures_dir: PathBuf,
    batches: AtomicU64,
}

impl Harness {
    /// Loads the corpus under `root` (the crate), finds each workbook's
    /// partner and the good partners' expected rows.
    pub fn new(root: &Path, exe: &Path, failures_dir: PathBuf) -> Res<Harness> {
        let sources = mutate::corpus(root)?;
        let work = tempfile::tempdir()?;
        let mut h = Harness {
            exe: exe.to_path_buf(),
            work,
            sources,
            codes: Vec::new(),
            goods: Vec::new(),
            limits: Limits::default(),
            batch: 16,
            failures_dir,
            batches: AtomicU64::new(0),
        };
        let dir = h.fresh_dir()?;
        for s in &h.sources {
            std::fs::write(dir.join("depots").join(&s.name), &s.bytes)?;
        }
        let json = h
            .check(&dir)?
            .1
            .ok_or("verifier gave no JSON on the corpus")?;
        h.codes = h
            .sources
            .iter()
            .map(|s| {
                entry(&json, &s.name)
                    .and_then(|e| e["partenaire"].as_str())
                    .map(str::to_owned)
            })
            .collect();
        // The clean samples made with ctg's template, as partners send them.
        for (i, s) in h.sources.iter().enumerate() {
            let Some(code) = &h.codes[i] else { continue };
            if !s.name.starts_with("plan-actions-") || s.extension == "xlsm" {
                continue;
            }
            let dir = h.fresh_dir()?;
            write_good(&dir.join("depots").join(&s.name), &s.bytes)?;
            let (run, workbook) = h.consolidate(&dir)?;
            let rows = partner_rows(&workbook, code)
                .map_err(|e| format!("{} consolidated alone: {e}; {}", s.name, run.stderr))?;
            h.goods.push(Good {
                source: i,
                code: code.clone(),
                rows,
            });
        }
        if h.goods.is_empty() {
            return Err("no clean sample in the corpus".into());
        }
        Ok(h)
    }

    /// The corpus.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    fn fresh_dir(&self) -> Res<PathBuf> {
        let n = self.batches.fetch_add(1, Ordering::Relaxed);
        let dir = self.work.path().join(format!("lot-{n:05}"));
        std::fs::create_dir_all(dir.join("depots"))?;
        Ok(dir)
    }

    /// Runs `mutants`, calling `progress` after each batch.
    pub fn run(
        &self,
        mutants: impl Iterator<Item = Mutant>,
        progress: &dyn Fn(&Report),
    ) -> Res<Report> {
        let start = Instant::now();
        let mut report = Report::default();
        // One pending batch per good partner; a mutant goes to the first
        // good partner, from its own turn on, whose code its source does
        // not share (two files of one partner would be one plan).
        let mut pending: Vec<Vec<Mutant>> = self.goods.iter().map(|_| Vec::new()).collect();
        for (turn, m) in mutants.enumerate() {
            let code = self.code_of(&m.source);
            let g = (0..self.goods.len())
                .map(|k| (turn + k) % self.goods.len())
                .find(|&g| code != Some(self.goods[g].code.as_str()))
                .ok_or("no good partner for this mutant")?;
            pending[g].push(m);
            if pending[g].len() >= self.batch {
                let batch = std::mem::take(&mut pending[g]);
                self.run_batch(g, &batch, &mut report)?;
                progress(&report);
            }
        }
        for (g, batch) in pending.into_iter().enumerate() {
            if !batch.is_empty() {
                self.run_batch(g, &batch, &mut report)?;
                progress(&report);
            }
        }
        report.outcomes.sort_by_key(|o| o.index);
        report.elapsed = start.elapsed();
        Ok(report)
    }

    fn code_of(&self, source: &str) -> Option<&str> {
        let i = self.sources.iter().position(|s| s.name == source)?;
        self.codes[i].as_deref()
    }

    /// A folder holding `mutants` and the good partner's workbook.
    fn lay_out(&self, g: usize, mutants: &[Mutant]) -> Res<PathBuf> {
        let dir = self.fresh_dir()?;
        let good = &self.sources[self.goods[g].source];
        write_good(&dir.join("depots").join(&good.name), &good.bytes)?;
        for m in mutants {
            std::fs::write(dir.join("depots").join(m.file_name()), &m.bytes)?;
        }
        Ok(dir)
    }

    fn run_batch(&self, g: usize, mutants: &[Mutant], report: &mut Report) -> Res<()> {
        let dir = self.lay_out(g, mutants)?;
        let (check, json) = self.check(&dir)?;
        let mut outcomes: Vec<Outcome> = mutants
            .iter()
            .map(|m| judge(m, json.as_ref().and_then(|j| entry(j, &m.file_name()))))
            .collect();
        let mut shared = self.run_problems("ctg verifier", &check);
        if json.is_none() {
            shared.push(format!(
                "ctg verifier n'a pas produit de JSON : {}",
                tail(&check.stderr)
            ));
        }
        let (consolidate, problems) = self.consolidate_problems(g, &dir)?;
        report.parent_rss_kb = report
            .parent_rss_kb
            .max(check.rss_kb)
            .max(consolidate.rss_kb);
        report.times.push(BatchTime {
            indexes: mutants.iter().map(|m| m.index).collect(),
            check: check.elapsed,
            consolidate: consolidate.elapsed,
        });
        shared.extend(problems);
        if !shared.is_empty() {
            self.blame(g, mutants, &shared, &mut outcomes)?;
        }
        for (m, o) in mutants.iter().zip(&outcomes) {
            if !o.problems.is_empty() || o.label == PANIC_LABEL {
                self.save(m, o)?;
            }
        }
        report.outcomes.extend(outcomes);
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }

    /// Puts the problems of a whole batch on the mutants that cause them
    /// alone; else, for a batch too slow, on its slowest mutant alone (a
    /// file that takes half the limit alone can take all of it in a batch
    /// on a loaded machine); else on every mutant.
    fn blame(
        &self,
        g: usize,
        mutants: &[Mutant],
        shared: &[String],
        outcomes: &mut [Outcome],
    ) -> Res<()> {
        let mut found = false;
        let mut slowest: Option<(usize, Duration)> = None;
        if mutants.len() > 1 {
            for (k, (m, o)) in mutants.iter().zip(outcomes.iter_mut()).enumerate() {
                let dir = self.lay_out(g, std::slice::from_ref(m))?;
                let (check, _) = self.check(&dir)?;
                let mut alone = self.run_problems("ctg verifier", &check);
                let (consolidate, problems) = self.consolidate_problems(g, &dir)?;
                alone.extend(problems);
                let _ = std::fs::remove_dir_all(&dir);
                let took = check.elapsed.max(consolidate.elapsed);
                if slowest.is_none_or(|(_, t)| took > t) {
                    slowest = Some((k, took));
                }
                if !alone.is_empty() {
                    found = true;
                    o.problems.extend(alone);
                }
            }
        }
        if found {
            return Ok(());
        }
        match slowest {
            Some((k, took)) if shared.iter().any(|p| p.contains(SLOW)) => {
                outcomes[k].problems.extend(
                    shared
                        .iter()
                        .map(|p| format!("{p} (dans un lot ; seul : {:.1} s)", took.as_secs_f64())),
                )
            }
            _ => {
                for o in outcomes.iter_mut() {
                    o.problems
                        .extend(shared.iter().map(|p| format!("{p} (lot entier)")));
                }
            }
        }
        Ok(())
    }

    /// `ctg verifier` on the folder's `depots/`, and its JSON.
    fn check(&self, dir: &Path) -> Res<(Proc, Option<serde_json::Value>)> {
        let proc = self.ctg(&[
            "verifier".as_ref(),
            dir.join("depots").as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
        ])?;
        let json = serde_json::from_str(&proc.stdout).ok();
        Ok((proc, json))
    }

    /// `ctg consolider` of the folder's `depots/` into its `sortie/`.
    fn consolidate(&self, dir: &Path) -> Res<(Proc, PathBuf)> {
        let out = dir.join("sortie");
        let proc = self.ctg(&[
            "consolider".as_ref(),
            dir.join("depots").as_os_str(),
            "--sortie".as_ref(),
            out.as_os_str(),
            "-q".as_ref(),
        ])?;
        Ok((proc, out.join("plan-actions-consolide.xlsx")))
    }

    fn consolidate_problems(&self, g: usize, dir: &Path) -> Res<(Proc, Vec<String>)> {
        let (proc, workbook) = self.consolidate(dir)?;
        let mut problems = self.run_problems("ctg consolider", &proc);
        let good = &self.goods[g];
        match partner_rows(&workbook, &good.code) {
            Ok(rows) if rows == good.rows => {}
            Ok(rows) => problems.push(format!(
                "les lignes du partenaire intact {} ont changé : {}",
                good.code,
                first_difference(&good.rows, &rows)
            )),
            Err(e) => problems.push(format!(
                "classeur consolidé illisible ({e}) ; ctg a dit : {}",
                tail(&proc.stderr)
            )),
        }
        Ok((proc, problems))
    }

    /// What a run of ctg did wrong, whatever it was given.
    fn run_problems(&self, what: &str, p: &Proc) -> Vec<String> {
        let mut problems = Vec::new();
        if !matches!(p.code, Some(0..=2)) {
            problems.push(format!(
                "{what} : code de sortie {:?} ; {}",
                p.code,
                tail(&p.stderr)
            ));
        }
        if p.stderr.contains("panicked") {
            problems.push(format!("{what} : panique ; {}", tail(&p.stderr)));
        }
        if p.elapsed.as_secs() >= self.limits.max_seconds {
            problems.push(format!("{what} : {:.0} s, {SLOW}", p.elapsed.as_secs_f64()));
        }
        if p.rss_kb > max_parent_rss_kb() {
            problems.push(format!(
                "{what} : {} Mio de mémoire résidente",
                p.rss_kb >> 10
            ));
        }
        problems
    }

    /// Runs the binary, its peak memory polled, killed after three per-file
    /// limits (a hang must not hang the harness).
    fn ctg(&self, args: &[&std::ffi::OsStr]) -> Res<Proc> {
        let start = Instant::now();
        let mut child = Command::new(&self.exe)
            .args(args)
            .arg("--aujourdhui")
            .arg(TODAY)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let pid = child.id();
        let done = Arc::new(AtomicBool::new(false));
        let poll = {
            let done = Arc::clone(&done);
            std::thread::spawn(move || {
                let mut peak = 0;
                while !done.load(Ordering::Relaxed) {
                    peak = peak.max(peak_rss_kb(pid).unwrap_or(0));
                    std::thread::sleep(Duration::from_millis(10));
                }
                peak
            })
        };
        let read = |r: Option<Box<dyn std::io::Read + Send>>| {
            std::thread::spawn(move || {
                let mut s = Vec::new();
                if let Some(mut r) = r {
                    let _ = r.read_to_end(&mut s);
                }
                String::from_utf8_lossy(&s).into_owned()
            })
        };
        let out = read(child.stdout.take().map(|s| Box::new(s) as _));
        let err = read(child.stderr.take().map(|s| Box::new(s) as _));
        let limit = Duration::from_secs(self.limits.max_seconds * 3);
        let status = match child.wait_timeout(limit)? {
            Some(status) => status,
            None => {
                child.kill()?;
                child.wait()?
            }
        };
        let elapsed = start.elapsed();
        done.store(true, Ordering::Relaxed);
        Ok(Proc {
            code: status.code(),
            stdout: out.join().unwrap_or_default(),
            stderr: err.join().unwrap_or_default(),
            elapsed,
            rss_kb: poll.join().unwrap_or(0),
        })
    }

    /// Wall time of `ctg verifier` on one mutant alone.
    pub fn time_alone(&self, m: &Mutant) -> Res<Duration> {
        let dir = self.fresh_dir()?;
        std::fs::write(dir.join("depots").join(m.file_name()), &m.bytes)?;
        let (run, _) = self.check(&dir)?;
        let _ = std::fs::remove_dir_all(&dir);
        Ok(run.elapsed)
    }

    /// Saves a failing mutant and what went wrong under the failures folder.
    fn save(&self, m: &Mutant, o: &Outcome) -> Res<()> {
        let dir = &self.failures_dir;
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join(m.file_name()), &m.bytes)?;
        let note = format!(
            "graine : {}\nmutant : {}\ntype : {}\nsource : {}\ndétail : {}\nrésultat : {}\nproblèmes :\n{}\nrejouer : cargo bench --bench fuzz -- --seed {} --index {}\n",
            m.seed,
            m.index,
            m.kind.name(),
            m.source,
            m.detail,
            o.label,
            o.problems
                .iter()
                .map(|p| format!("  - {p}\n"))
                .collect::<String>(),
            m.seed,
            m.index,
        );
        std::fs::write(dir.join(format!("{}.txt", m.file_name())), note)?;
        Ok(())
    }
}

/// Writes the good partner's workbook, always with the same modification
/// time: the consolidated workbook shows it (« Reçu le »), and a mutant of
/// the same partner, newer, would take its place.
fn write_good(path: &Path, bytes: &[u8]) -> Res<()> {
    std::fs::write(path, bytes)?;
    let file = std::fs::File::options().write(true).open(path)?;
    // 1 June 2024, 08:00 UTC.
    file.set_modified(std::time::UNIX_EPOCH + Duration::from_secs(1_717_228_800))?;
    Ok(())
}

/// Peak resident memory of a process so far, in KiB (Linux).
fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The last lines of a text, for a problem report.
fn tail(s: &str) -> String {
    let lines: Vec<&str> = s.lines().collect();
    lines[lines.len().saturating_sub(6)..].join(" | ")
}

/// The verifier's entry for the file named `name`.
fn entry<'a>(json: &'a serde_json::Value, name: &str) -> Option<&'a serde_json::Value> {
    json["fichiers"].as_array()?.iter().find(|f| {
        f["fichier"]
            .as_str()
            .is_some_and(|p| Path::new(p).file_name().is_some_and(|n| n == name))
    })
}

/// How a run past the time limit is reported.
const SLOW: &str = "au-delà de la limite par fichier";

/// The reason ctg gives when a decoder panicked (the panic is caught in
/// the reader child and the file refused).
const CAUGHT_PANIC: &str = "erreur interne du lecteur de classeurs";

/// The outcome of a mutant that made a decoder panic.
pub const PANIC_LABEL: &str = "panique interceptée";

/// Words a library's English message would bring into a finding.
const ENGLISH: [&str; 16] = [
    "the",
    "invalid",
    "error",
    "failed",
    "cannot",
    "unexpected",
    "expected",
    "found",
    "missing",
    "unsupported",
    "eof",
    "while",
    "decode",
    "bytes",
    "panicked",
    "overflow",
];

/// The message is French: no English word outside the « quoted » values a
/// finding may repeat from the file.
fn french(message: &str) -> bool {
    let mut outside = String::new();
    let mut depth = 0usize;
    for c in message.chars() {
        match c {
            '«' => depth += 1,
            '»' => depth = depth.saturating_sub(1),
            _ if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    // Words in capitals are column letters (« la colonne EOF »), not text.
    !outside
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.chars().all(|c| c.is_ascii_uppercase()))
        .any(|w| ENGLISH.contains(&w.to_lowercase().as_str()))
        && !message.trim().is_empty()
}

/// Judges one mutant by its verifier entry.
fn judge(m: &Mutant, e: Option<&serde_json::Value>) -> Outcome {
    let mut o = Outcome {
        seed: m.seed,
        index: m.index,
        kind: m.kind,
        source: m.source.clone(),
        file: m.file_name(),
        label: String::new(),
        codes: Vec::new(),
        problems: Vec::new(),
    };
    let Some(e) = e else {
        o.label = "absent".to_owned();
        o.problems
            .push("absent du rapport de ctg verifier".to_owned());
        return o;
    };
    let findings = e["constats"].as_array().cloned().unwrap_or_default();
    for f in &findings {
        let code = f["code"].as_str().unwrap_or("?").to_owned();
        let message = f["message"].as_str().unwrap_or("");
        if !french(message) {
            o.problems
                .push(format!("message pas en français ({code}) : {message}"));
        }
        // A panic inside a decoder is caught and the file refused: the
        // designed containment, counted apart. A reader that died (an
        // abort, the memory cap) or hit its time limit is a failure.
        if code == "lecture-interrompue" && !message.contains(CAUGHT_PANIC) {
            o.problems
                .push(format!("lecteur arrêté ou trop lent : {message}"));
        }
        o.codes.push(code);
    }
    o.label = if e["lisible"].as_bool() == Some(true) {
        if e["erreurs"].as_u64().unwrap_or(0) > 0 {
            "lu avec erreurs".to_owned()
        } else {
            "lu".to_owned()
        }
    } else if findings.iter().any(|f| {
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains(CAUGHT_PANIC))
    }) {
        PANIC_LABEL.to_owned()
    } else if let Some(code) = o.codes.first() {
        code.clone()
    } else {
        o.problems.push("illisible sans aucun constat".to_owned());
        "illisible sans constat".to_owned()
    };
    o
}

/// The sheet of the consolidated workbook called `name`, by its name (new
/// sheets may come in between).
fn sheet(name: &str) -> Res<&'static str> {
    SHEETS
        .iter()
        .copied()
        .find(|s| *s == name)
        .ok_or_else(|| format!("pas de feuille {name} dans le classeur consolidé").into())
}

/// The rows of partner `code` in the Actions, Indicateurs and Partenaires
/// sheets of a consolidated workbook, as text.
fn partner_rows(workbook: &Path, code: &str) -> Res<Rows> {
    let mut wb = open_workbook_auto(workbook)?;
    let mut rows = Rows::new();
    for (sheet, column) in [
        (sheet("Actions")?, "Partenaire"),
        (sheet("Indicateurs")?, "Partenaire"),
        (sheet("Partenaires")?, "Code"),
    ] {
        let range = wb.worksheet_range(sheet)?;
        let mut lines = range.rows();
        let header = lines
            .next()
            .ok_or_else(|| format!("feuille {sheet} vide"))?;
        let at = header
            .iter()
            .position(|c| *c == column)
            .ok_or_else(|| format!("colonne {column} absente de {sheet}"))?;
        let mine: Vec<Vec<String>> = lines
            .filter(|r| r.get(at).is_some_and(|c| *c == code))
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        if mine.is_empty() {
            return Err(format!("aucune ligne de {code} dans {sheet}").into());
        }
        rows.insert(sheet.to_owned(), mine);
    }
    Ok(rows)
}

fn first_difference(expected: &Rows, got: &Rows) -> String {
    for (sheet, want) in expected {
        let have = got.get(sheet).cloned().unwrap_or_default();
        if have.len() != want.len() {
            return format!("{sheet} : {} lignes au lieu de {}", have.len(), want.len());
        }
        for (w, h) in want.iter().zip(&have) {
            if w != h {
                return format!("{sheet} : {h:?} au lieu de {w:?}");
            }
        }
    }
    "?".to_owned()
}
