//! Soak run (not a test): `ctg surveiller` watches a folder of 20 partners
//! while their workbooks are saved a few thousand times, fast, the ways
//! office suites and copies do it (temp file renamed over the original,
//! in-place rewrite, LibreOffice lock file around a save, a save without
//! edits). Meanwhile the watcher's resident memory is sampled from
//! /proc/PID/status. At the end:
//!
//! - the consolidated workbook must hold, for every partner, the last saved
//!   content (the number of actions and the marker in every title);
//! - memory must have stayed flat: the last sample at most 50 % above the
//!   one taken after the warm-up (the first third of the saves).
//!
//! Run with `cargo bench --bench endurance` (Linux). Options through
//! environment variables: CTG_ENDURANCE_SAUVEGARDES (default 3000),
//! CTG_ENDURANCE_PARTENAIRES (20), CTG_ENDURANCE_PAUSE_MS (pause between two
//! saves, 5), CTG_ENDURANCE_POLL (set to a number of seconds to watch with
//! --poll), CTG_ENDURANCE_CROISSANCE_MAX (allowed growth in %, 50).
//! Exits with an error (status 1) when a check fails.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{Res, env_usize, file_name, partner_code, partner_workbook, rss_kb, save_like_excel};
use ctg::referentiel::Config;

/// What the log said, counted by a reader thread.
#[derive(Default)]
struct Counts {
    lines: AtomicUsize,
    runs: AtomicUsize,
    reads: AtomicUsize,
    unreadable: AtomicUsize,
    errors: AtomicUsize,
    removed: AtomicUsize,
    /// The last lines, for failure messages.
    tail: Mutex<Vec<String>>,
    /// The first lines about unreadable files.
    unreadable_lines: Mutex<Vec<String>>,
}

/// A small deterministic pseudo-random sequence (no dependency needed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// Action titles of the consolidated workbook, by partner.
fn consolidated(workbook: &Path) -> Res<BTreeMap<String, Vec<String>>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (number, title) in common::readback::consolidated_actions(workbook)? {
        if let Some((code, _)) = number.rsplit_once('-') {
            out.entry(code.to_owned()).or_default().push(title);
        }
    }
    Ok(out)
}

/// Differences between the workbook and the last save of each partner.
fn mismatches(workbook: &Path, last: &[(usize, String)]) -> Vec<String> {
    let found = match consolidated(workbook) {
        Ok(f) => f,
        Err(e) => return vec![format!("classeur consolidé illisible : {e}")],
    };
    let mut wrong = Vec::new();
    for (p, (actions, marker)) in last.iter().enumerate() {
        let code = partner_code(p);
        let titles = found.get(&code).map(Vec::as_slice).unwrap_or_default();
        if titles.len() != *actions || !titles.iter().all(|t| t.ends_with(marker.as_str())) {
            wrong.push(format!(
                "{code} : attendu {actions} actions marquées « {marker} », trouvé {} ({})",
                titles.len(),
                titles.first().map_or("aucune", String::as_str)
            ));
        }
    }
    wrong
}

/// « 1 lecture », « 2 lectures ».
fn count(n: &AtomicUsize, one: &str, many: &str) -> String {
    let n = n.load(Ordering::SeqCst);
    format!("{n} {}", if n > 1 { many } else { one })
}

/// Seconds with a decimal comma: « 0,5 ».
fn secs(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64()).replace('.', ",")
}

fn mb(kb: u64) -> String {
    format!("{:.1} Mo", kb as f64 / 1024.0).replace('.', ",")
}

fn main() -> Res<()> {
    let saves = env_usize("CTG_ENDURANCE_SAUVEGARDES", 3000).max(1);
    let partners = env_usize("CTG_ENDURANCE_PARTENAIRES", 20).max(1);
    let pause = Duration::from_millis(env_usize("CTG_ENDURANCE_PAUSE_MS", 5) as u64);
    let growth_max = env_usize("CTG_ENDURANCE_CROISSANCE_MAX", 50) as f64;
    let poll = std::env::var("CTG_ENDURANCE_POLL").ok();
    let config = Config::embedded()?;
    let work = tempfile::tempdir()?;
    let depots = work.path().join("depots");
    let out = work.path().join("sortie");
    std::fs::create_dir_all(&depots)?;

    // Each partner's last save: (number of actions, marker in every title).
    let actions_of = |save: usize| 4 + save % 7;
    let mut last: Vec<(usize, String)> = Vec::with_capacity(partners);
    let mut bytes: Vec<Vec<u8>> = Vec::with_capacity(partners);
    for p in 0..partners {
        let marker = " #départ".to_owned();
        let b = partner_workbook(&config, p, actions_of(p), &marker)?;
        std::fs::write(depots.join(file_name(p)), &b)?;
        last.push((actions_of(p), marker));
        bytes.push(b);
    }

    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ctg"));
    cmd.arg("surveiller")
        .arg(&depots)
        .arg("--sortie")
        .arg(&out)
        .args(["--delai", "0.3"]);
    if let Some(p) = &poll {
        cmd.args(["--poll", p]);
    }
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()?;
    let pid = child.id();
    let stdout = child.stdout.take().ok_or("pas de sortie standard")?;
    let counts = Arc::new(Counts::default());
    let reader = {
        let counts = Arc::clone(&counts);
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                counts.lines.fetch_add(1, Ordering::SeqCst);
                let kind = if line.contains("] Consolidation : ") {
                    Some(&counts.runs)
                } else if line.contains(" lu : ") {
                    Some(&counts.reads)
                } else if line.contains(" illisible : ") {
                    Some(&counts.unreadable)
                } else if line.contains("] Erreur : ") {
                    Some(&counts.errors)
                } else if line.contains(" retiré du dossier") {
                    Some(&counts.removed)
                } else {
                    None
                };
                if let Some(n) = kind {
                    n.fetch_add(1, Ordering::SeqCst);
                }
                if line.contains(" illisible : ")
                    && let Ok(mut u) = counts.unreadable_lines.lock()
                    && u.len() < 5
                {
                    u.push(line.clone());
                }
                if let Ok(mut tail) = counts.tail.lock() {
                    tail.push(line);
                    if tail.len() > 30 {
                        tail.remove(0);
                    }
                }
            }
        })
    };
    let tail = |c: &Counts| c.tail.lock().map(|t| t.join("\n")).unwrap_or_default();

    // Memory, sampled every 200 ms until the end.
    let samples: Arc<Mutex<Vec<u64>>> = Arc::default();
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (samples, done) = (Arc::clone(&samples), Arc::clone(&done));
        std::thread::spawn(move || {
            while !done.load(Ordering::SeqCst) {
                if let (Some(kb), Ok(mut s)) = (rss_kb(pid), samples.lock()) {
                    s.push(kb);
                }
                std::thread::sleep(Duration::from_millis(200));
            }
        })
    };
    let sample_now = || {
        samples
            .lock()
            .ok()
            .and_then(|s| s.last().copied())
            .unwrap_or(0)
    };

    let started = Instant::now();
    while counts.runs.load(Ordering::SeqCst) == 0 {
        if started.elapsed() > Duration::from_secs(120) {
            return Err(format!("pas de première consolidation :\n{}", tail(&counts)).into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let rss_start = rss_kb(pid).unwrap_or(0);
    println!(
        "Endurance : {partners} partenaires, {saves} enregistrements, pause {} ms{} ; mémoire au départ {}",
        pause.as_millis(),
        poll.as_deref()
            .map_or(String::new(), |p| format!(", --poll {p}")),
        mb(rss_start)
    );

    let mut rng = Lcg(0x5eed);
    let warm_up = (saves / 3).max(1);
    let mut rss_warm = 0;
    let t = Instant::now();
    for s in 0..saves {
        let p = rng.next(partners);
        let name = file_name(p);
        match s % 4 {
            // Excel: a temp file renamed over the original.
            0 | 1 => {
                let marker = format!(" #{s}");
                let b = partner_workbook(&config, p, actions_of(s), &marker)?;
                save_like_excel(&depots, &name, &b)?;
                last[p] = (actions_of(s), marker);
                bytes[p] = b;
            }
            // LibreOffice: its lock file around a save written in place.
            2 => {
                let marker = format!(" #{s}");
                let b = partner_workbook(&config, p, actions_of(s), &marker)?;
                let lock = depots.join(format!(".~lock.{name}#"));
                std::fs::write(
                    &lock,
                    b",Claire,poste,15.06.2024 10:00,file:///home/claire;",
                )?;
                std::fs::write(depots.join(&name), &b)?;
                std::fs::remove_file(&lock)?;
                last[p] = (actions_of(s), marker);
                bytes[p] = b;
            }
            // Saved again without edits.
            _ => std::fs::write(depots.join(&name), &bytes[p])?,
        }
        if s + 1 == warm_up {
            rss_warm = sample_now();
        }
        if (s + 1) % 500 == 0 {
            println!(
                "  {} enregistrements en {:.0} s : {} lectures, {} consolidations, mémoire {}",
                s + 1,
                t.elapsed().as_secs_f64(),
                counts.reads.load(Ordering::SeqCst),
                counts.runs.load(Ordering::SeqCst),
                mb(sample_now())
            );
        }
        std::thread::sleep(pause);
    }
    let saving = t.elapsed();

    // Bounded wait for the outputs to catch up with the last saves.
    let workbook = out.join("plan-actions-consolide.xlsx");
    let deadline = Instant::now() + Duration::from_secs(120);
    let caught_up = Instant::now();
    let mut wrong = mismatches(&workbook, &last);
    while !wrong.is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(250));
        wrong = mismatches(&workbook, &last);
    }
    let lag = caught_up.elapsed();
    // Idle for a moment: the last sample is the resting memory.
    std::thread::sleep(Duration::from_secs(2));
    done.store(true, Ordering::SeqCst);
    let _ = sampler.join();
    // SAFETY: signalling our own child by its pid.
    unsafe { libc::kill(pid as libc::pid_t, libc::SIGTERM) };
    let status = child.wait()?;
    let _ = reader.join();

    let samples = samples.lock().map(|s| s.clone()).unwrap_or_default();
    let rss_last = samples.last().copied().unwrap_or(0);
    let rss_max = samples.iter().copied().max().unwrap_or(0);
    let growth = if rss_warm > 0 {
        (rss_last as f64 / rss_warm as f64 - 1.0) * 100.0
    } else {
        0.0
    };
    println!(
        "{saves} enregistrements en {} s ; sorties à jour {} s après le dernier ; {}, {}, {}, {}, {}",
        secs(saving),
        secs(lag),
        count(&counts.reads, "lecture", "lectures"),
        count(&counts.runs, "consolidation", "consolidations"),
        count(
            &counts.unreadable,
            "fichier illisible",
            "fichiers illisibles"
        ),
        count(&counts.errors, "erreur d'écriture", "erreurs d'écriture"),
        count(&counts.removed, "fichier retiré", "fichiers retirés")
    );
    if let Ok(u) = counts.unreadable_lines.lock() {
        for line in u.iter() {
            println!("  {line}");
        }
    }
    println!(
        "Mémoire (RSS) : départ {}, après échauffement {}, fin {}, maximum {} ({} échantillons) ; évolution depuis l'échauffement : {:+.0} %",
        mb(rss_start),
        mb(rss_warm),
        mb(rss_last),
        mb(rss_max),
        samples.len(),
        growth
    );

    let mut failures = Vec::new();
    if !status.success() {
        failures.push(format!(
            "le surveillant s'est terminé avec le statut {status}"
        ));
    }
    if !wrong.is_empty() {
        failures.push(format!(
            "le classeur consolidé ne correspond pas aux derniers enregistrements :\n  {}",
            wrong.join("\n  ")
        ));
    }
    if growth > growth_max {
        failures.push(format!(
            "la mémoire a augmenté de {growth:.0} % (maximum admis {growth_max:.0} %)"
        ));
    }
    for (n, what) in [
        (&counts.errors, "erreurs d'écriture"),
        (&counts.removed, "fichiers pris pour retirés"),
    ] {
        if n.load(Ordering::SeqCst) > 0 {
            failures.push(format!("{} {what}", n.load(Ordering::SeqCst)));
        }
    }
    if failures.is_empty() {
        println!(
            "Endurance réussie : sorties conformes aux derniers enregistrements, mémoire stable."
        );
        Ok(())
    } else {
        eprintln!("Dernières lignes du journal :\n{}", tail(&counts));
        Err(format!("Endurance en échec :\n- {}", failures.join("\n- ")).into())
    }
}
