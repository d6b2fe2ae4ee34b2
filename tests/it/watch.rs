//! `ctg surveiller` end to end, through the real binary, on a real
//! temporary folder made with `ctg init`: partners save the way office
//! suites do (temp file renamed over the original, lock files, a file
//! written in two halves), break a file and fix it, remove one, save without
//! edits, save ten at once; the folder vanishes and comes back; a file
//! cannot be read; an output cannot be written.
//!
//! Every wait is bounded: the watcher's log lines are read on a thread and
//! each test waits for the line it expects, with a deadline, never for a
//! fixed time (except a short quiet period where the point is that nothing
//! happens).

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::*;
use wait_timeout::ChildExt;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

const WORKBOOK: &str = "sortie/plan-actions-consolide.xlsx";
/// The longest any expected line may take to come.
const DEADLINE: Duration = Duration::from_secs(20);

// ------------------------------------------------------------ folder helpers

/// A shared folder prepared by `ctg init`, removed at the end of the test.
fn shared_folder() -> Res<(tempfile::TempDir, PathBuf)> {
    let tmp = tempfile::tempdir()?;
    let root = tmp.path().join("CTG");
    let (code, out, err) = run_ctg(&["init", path_str(&root)?]);
    assert_eq!(code, 0, "ctg init: {out}{err}");
    Ok((tmp, root))
}

fn path_str(p: &Path) -> Res<&str> {
    p.to_str().ok_or_else(|| "non UTF-8 path".into())
}

/// A valid workbook of partner `code` with `n` actions (one indicator
/// each), titles carrying `marker`.
fn plan(code: &str, name: &str, n: u32, marker: &str) -> Vec<u8> {
    let mut book = Book::standard(code, name);
    for i in 1..=n {
        let title = t(&format!("{marker} — action {i}"));
        book = book
            .action(with(valid_action(code, i), "Intitulé", Some(title)))
            .indicator(valid_indicator(&format!("{code}-{i:03}")));
    }
    book.to_bytes()
}

/// A shared folder holding the MJC's workbook (2 actions), watched, its
/// first consolidation done.
fn watching_mjcl() -> Res<(tempfile::TempDir, PathBuf, Watcher)> {
    let (tmp, root) = shared_folder()?;
    put(
        &root.join("depots/mjc.xlsx"),
        &plan("MJCL", "MJC de Lavaur", 2, "v1"),
    )?;
    let mut w = Watcher::start(&root, &[])?;
    w.consolidation_with(2)?;
    Ok((tmp, root, w))
}

/// Writes a file the plain way (truncate, write), as a copy onto a share does.
fn put(path: &Path, bytes: &[u8]) -> Res<()> {
    std::fs::write(path, bytes)?;
    Ok(())
}

fn numbers(actions: &[(String, String)]) -> Vec<&str> {
    actions.iter().map(|(n, _)| n.as_str()).collect()
}

/// Runs recorded in the folder's history.
fn runs(root: &Path) -> Res<usize> {
    Ok(ctg::store::Store::open(&root.join(".ctg"))?.runs()?.len())
}

// ----------------------------------------------------------------- the watcher

/// `ctg surveiller` running as a child, its log read line by line.
struct Watcher {
    child: Child,
    lines: Receiver<String>,
    /// Every line received so far.
    log: Vec<String>,
    /// Lines before this index were matched already.
    cursor: usize,
    stderr: Arc<Mutex<String>>,
}

impl Watcher {
    /// Starts `ctg surveiller ROOT --delai 0.3` plus `extra` arguments.
    fn start(root: &Path, extra: &[&str]) -> Res<Watcher> {
        Watcher::spawn(Command::new(ctg_bin()).args(watch_args(root, extra)?))
    }

    fn spawn(cmd: &mut Command) -> Res<Watcher> {
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut stderr = child.stderr.take().ok_or("no stderr")?;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let err = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&err);
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = stderr.read_to_string(&mut s);
            if let Ok(mut e) = sink.lock() {
                e.push_str(&s);
            }
        });
        Ok(Watcher {
            child,
            lines: rx,
            log: Vec::new(),
            cursor: 0,
            stderr: err,
        })
    }

    /// The whole log so far, for failure messages.
    fn dump(&self) -> String {
        let err = self.stderr.lock().map(|e| e.clone()).unwrap_or_default();
        format!("--- log\n{}\n--- stderr\n{err}", self.log.join("\n"))
    }

    /// Waits for the next line (after the last one matched) satisfying
    /// `pred`; fails with the log after the deadline.
    fn wait_for(&mut self, what: &str, pred: impl Fn(&str) -> bool) -> Res<String> {
        let deadline = Instant::now() + DEADLINE;
        loop {
            if let Some(i) = (self.cursor..self.log.len()).find(|&i| pred(&self.log[i])) {
                self.cursor = i + 1;
                return Ok(self.log[i].clone());
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => self.log.push(line),
                Err(RecvTimeoutError::Timeout) => {
                    return Err(
                        format!("no line {what} after {DEADLINE:?}\n{}", self.dump()).into(),
                    );
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(format!("the watcher ended before {what}\n{}", self.dump()).into());
                }
            }
        }
    }

    /// Waits for a line containing `fragment`.
    fn wait_line(&mut self, fragment: &str) -> Res<String> {
        self.wait_for(&format!("« {fragment} »"), |l| l.contains(fragment))
    }

    /// Waits for the next consolidation; returns its number of actions.
    fn consolidation(&mut self) -> Res<usize> {
        let line = self.wait_for("« Consolidation : »", is_consolidation)?;
        count_in(&line, "action").ok_or_else(|| format!("no action count in « {line} »").into())
    }

    /// Waits for consolidations until one has `actions` actions; returns
    /// how many consolidations that took.
    fn consolidation_with(&mut self, actions: usize) -> Res<usize> {
        let mut n = 0;
        loop {
            n += 1;
            if self.consolidation()? == actions {
                return Ok(n);
            }
        }
    }

    /// Collects lines for `d` (a period where nothing should happen).
    fn quiet(&mut self, d: Duration) {
        let deadline = Instant::now() + d;
        while let Ok(line) = self
            .lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            self.log.push(line);
        }
    }

    /// Lines received from index `from` on.
    fn since(&self, from: usize) -> &[String] {
        &self.log[from.min(self.log.len())..]
    }

    /// Sends SIGTERM, waits for the end (bounded) and the last lines.
    fn stop(&mut self) -> Res<ExitStatus> {
        // SAFETY: signalling our own child by its pid.
        unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) };
        let status = match self.child.wait_timeout(DEADLINE)? {
            Some(s) => s,
            None => {
                return Err(format!("the watcher did not stop on SIGTERM\n{}", self.dump()).into());
            }
        };
        // The reader thread ends with the pipe: every last line is in.
        let deadline = Instant::now() + Duration::from_secs(5);
        while let Ok(line) = self
            .lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            self.log.push(line);
        }
        // CTG_WATCH_LOG=1 cargo test --test it watch:: -- --nocapture: every log.
        if std::env::var_os("CTG_WATCH_LOG").is_some() {
            eprintln!("{}", self.dump());
        }
        Ok(status)
    }

    /// Stops the watcher and insists on a clean exit.
    fn stop_ok(&mut self) -> Res<()> {
        let status = self.stop()?;
        assert_eq!(
            status.code(),
            Some(0),
            "exit status {status}\n{}",
            self.dump()
        );
        Ok(())
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn watch_args(root: &Path, extra: &[&str]) -> Res<Vec<String>> {
    let mut args: Vec<String> = [
        "surveiller",
        path_str(root)?,
        "--delai",
        "0.3",
        "--aujourdhui",
        "2024-06-15",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(extra.iter().map(|s| s.to_string()));
    Ok(args)
}

fn is_consolidation(line: &str) -> bool {
    line.contains("] Consolidation : ")
}

/// The number before `noun` (singular or plural) in a log line.
fn count_in(line: &str, noun: &str) -> Option<usize> {
    let rest = &line[line.find(" : ")? + 3..];
    rest.split([',', ';']).find_map(|part| {
        let (n, what) = part.trim().split_once(' ')?;
        (what == noun || what == format!("{noun}s")).then(|| n.parse().ok())?
    })
}

// ------------------------------------------------------------------ the tests

#[test]
fn a_new_file_is_read_and_every_output_follows() -> Res<()> {
    let (_tmp, root) = shared_folder()?;
    let mut w = Watcher::start(&root, &[])?;
    w.wait_line("(notifications du système)")?;
    assert_eq!(w.consolidation()?, 0);

    put(
        &root.join("depots/mjc.xlsx"),
        &plan("MJCL", "MJC de Lavaur", 2, "v1"),
    )?;
    w.wait_line("MJCL — mjc.xlsx lu : 2 actions, 0 erreur")?;
    assert_eq!(w.consolidation()?, 2);
    assert_eq!(
        numbers(&readback::consolidated_actions(&root.join(WORKBOOK))?),
        ["MJCL-001", "MJCL-002"]
    );
    assert!(
        root.join("retours")
            .read_dir()?
            .flatten()
            .any(|e| e.file_name().to_string_lossy().contains("MJCL"))
    );
    assert!(root.join("sortie/tableau-de-bord.html").is_file());
    assert_eq!(runs(&root)?, 2);
    w.stop_ok()
}

#[test]
fn an_excel_save_renames_a_temp_file_over_the_original() -> Res<()> {
    let (_tmp, root) = shared_folder()?;
    let depots = root.join("depots");
    put(
        &depots.join("plan.xlsx"),
        &plan("MJCL", "MJC de Lavaur", 3, "v1"),
    )?;
    let mut w = Watcher::start(&root, &[])?;
    w.consolidation_with(3)?;
    let mark = w.log.len();

    // Excel: owner file, new content in a temp file, original moved aside,
    // temp renamed over the original, the old one and the owner file removed.
    put(&depots.join("~$plan.xlsx"), b"\x0bClaire Martin")?;
    put(
        &depots.join("8A3F2C1D"),
        &plan("MJCL", "MJC de Lavaur", 4, "v2"),
    )?;
    std::fs::rename(depots.join("plan.xlsx"), depots.join("B41E07F2.tmp"))?;
    // A slow share leaves the original missing for a moment: not a removal.
    std::thread::sleep(Duration::from_millis(200));
    std::fs::rename(depots.join("8A3F2C1D"), depots.join("plan.xlsx"))?;
    std::fs::remove_file(depots.join("B41E07F2.tmp"))?;
    w.wait_line("plan.xlsx lu : 4 actions, 0 erreur")?;
    assert_eq!(w.consolidation()?, 4);
    std::fs::remove_file(depots.join("~$plan.xlsx"))?;
    w.quiet(Duration::from_millis(800));
    w.stop_ok()?;

    let after = w.since(mark);
    let read: Vec<_> = after.iter().filter(|l| l.contains(" lu : ")).collect();
    assert_eq!(read.len(), 1, "one read for one save\n{}", w.dump());
    assert_eq!(
        after.iter().filter(|l| is_consolidation(l)).count(),
        1,
        "{}",
        w.dump()
    );
    for l in after {
        assert!(
            !l.contains("~$")
                && !l.contains("B41E07F2")
                && !l.contains("8A3F2C1D")
                && !l.contains("retiré"),
            "{l}"
        );
    }
    let actions = readback::consolidated_actions(&root.join(WORKBOOK))?;
    assert_eq!(actions.len(), 4);
    assert!(
        actions.iter().all(|(_, title)| title.starts_with("v2 — ")),
        "{actions:?}"
    );
    Ok(())
}

#[test]
fn a_libreoffice_save_with_its_lock_file() -> Res<()> {
    let (_tmp, root) = shared_folder()?;
    let depots = root.join("depots");
    put(
        &depots.join("plan.xlsx"),
        &plan("RPE", "Relais Petite Enfance", 2, "v1"),
    )?;
    let mut w = Watcher::start(&root, &[])?;
    w.consolidation_with(2)?;
    let mark = w.log.len();

    // LibreOffice: a lock file for as long as the document is open, the
    // save through a temp file renamed over the original.
    let lock = depots.join(".~lock.plan.xlsx#");
    put(
        &lock,
        b",Claire Martin,poste-rpe,15.06.2024 10:02,file:///home/claire/.config/libreoffice/4;",
    )?;
    put(
        &depots.join("lu2406158d3k.tmp"),
        &plan("RPE", "Relais Petite Enfance", 3, "v2"),
    )?;
    std::fs::rename(depots.join("lu2406158d3k.tmp"), depots.join("plan.xlsx"))?;
    w.wait_line("RPE — plan.xlsx lu : 3 actions, 0 erreur")?;
    assert_eq!(w.consolidation()?, 3);
    // Closing the document removes the lock: nothing to do.
    std::fs::remove_file(&lock)?;
    w.quiet(Duration::from_millis(800));
    w.stop_ok()?;

    let after = w.since(mark);
    assert_eq!(
        after.iter().filter(|l| is_consolidation(l)).count(),
        1,
        "{}",
        w.dump()
    );
    assert!(
        after
            .iter()
            .all(|l| !l.contains(".~lock") && !l.contains("lu2406158d3k")),
        "{}",
        w.dump()
    );
    assert_eq!(
        numbers(&readback::consolidated_actions(&root.join(WORKBOOK))?),
        ["RPE-001", "RPE-002", "RPE-003"]
    );
    Ok(())
}

#[test]
fn a_file_written_in_two_halves_is_read_once_complete() -> Res<()> {
    let (_tmp, root) = shared_folder()?;
    let mut w = Watcher::start(&root, &[])?;
    assert_eq!(w.consolidation()?, 0);
    let mark = w.log.len();

    let bytes = plan("SJ", "Service Jeunesse", 5, "v1");
    let half = bytes.len() / 2;
    let mut file = std::fs::File::create(root.join("depots/plan.xlsx"))?;
    file.write_all(&bytes[..half])?;
    file.sync_all()?;
    // Longer than the settle delay: size and mtime alone would say « done ».
    std::thread::sleep(Duration::from_secs(1));
    file.write_all(&bytes[half..])?;
    file.sync_all()?;
    drop(file);

    w.wait_line("SJ — plan.xlsx lu : 5 actions, 0 erreur")?;
    assert_eq!(w.consolidation()?, 5);
    w.stop_ok()?;
    let after = w.since(mark);
    assert_eq!(
        after.iter().filter(|l| l.contains("plan.xlsx")).count(),
        1,
        "{}",
        w.dump()
    );
    assert!(
        after
            .iter()
            .all(|l| !l.contains("illisible") && count_in(l, "erreur").unwrap_or(0) == 0),
        "{}",
        w.dump()
    );
    assert_eq!(
        after.iter().filter(|l| is_consolidation(l)).count(),
        1,
        "{}",
        w.dump()
    );
    assert_eq!(
        readback::consolidated_actions(&root.join(WORKBOOK))?.len(),
        5
    );
    Ok(())
}

#[test]
fn a_corrupt_file_is_reported_then_its_fix_is_read() -> Res<()> {
    let (_tmp, root) = shared_folder()?;
    let path = root.join("depots/plan-EFS.xlsx");
    let mut w = Watcher::start(&root, &[])?;
    assert_eq!(w.consolidation()?, 0);

    put(&path, "ceci n'est pas un classeur\n".repeat(200).as_bytes())?;
    // Named by its partner, told by the file name (issue 12, point 11).
    w.wait_line("EFS — plan-EFS.xlsx illisible")?;
    assert_eq!(w.consolidation()?, 0);

    put(&path, &plan("EFS", "Espaces France Services", 2, "corrigé"))?;
    w.wait_line("EFS — plan-EFS.xlsx lu : 2 actions, 0 erreur")?;
    assert_eq!(w.consolidation()?, 2);
    w.stop_ok()?;
    assert_eq!(
        numbers(&readback::consolidated_actions(&root.join(WORKBOOK))?),
        ["EFS-001", "EFS-002"]
    );
    Ok(())
}

/// The MJC's workbook (2 actions) and the RPE's (`rpe` actions) in `depots`.
fn mjc_and_rpe(depots: &Path, rpe: u32) -> Res<()> {
    put(
        &depots.join("mjc.xlsx"),
        &plan("MJCL", "MJC de Lavaur", 2, "v1"),
    )?;
    put(
        &depots.join("rpe.xlsx"),
        &plan("RPE", "Relais Petite Enfance", rpe, "v1"),
    )
}

#[test]
fn a_deleted_file_is_reported_and_its_actions_leave() -> Res<()> {
    let (_tmp, root) = shared_folder()?;
    let depots = root.join("depots");
    mjc_and_rpe(&depots, 3)?;
    let mut w = Watcher::start(&root, &[])?;
    w.consolidation_with(5)?;

    std::fs::remove_file(depots.join("rpe.xlsx"))?;
    w.wait_line("RPE — rpe.xlsx retiré du dossier.")?;
    assert_eq!(w.consolidation()?, 2);
    w.stop_ok()?;
    assert_eq!(
        numbers(&readback::consolidated_actions(&root.join(WORKBOOK))?),
        ["MJCL-001", "MJCL-002"]
    );
    Ok(())
}

/// Issue 12, point 11: with -v, the files there at start are told in one
/// line, not one « Modification vue » each.
#[test]
fn the_files_present_at_start_make_one_line() -> Res<()> {
    let (_tmp, root) = shared_folder()?;
    let depots = root.join("depots");
    mjc_and_rpe(&depots, 1)?;
    let mut w = Watcher::start(&root, &["--verbeux"])?;
    w.wait_line("2 fichiers présents dans ")?;
    w.consolidation_with(3)?;
    // Later changes are told one by one.
    put(
        &depots.join("rpe.xlsx"),
        &plan("RPE", "Relais Petite Enfance", 2, "v2"),
    )?;
    w.wait_line("Modification vue : rpe.xlsx")?;
    w.consolidation_with(4)?;
    w.stop_ok()?;
    let seen = w
        .log
        .iter()
        .filter(|l| l.contains("Modification vue"))
        .count();
    assert_eq!(seen, 1, "{}", w.dump());
    Ok(())
}

/// Issue 12, point 9: a watcher started again on the same files, or a
/// ctg.toml saved with nothing changed but a comment, records no new run,
/// and says so.
#[test]
fn a_watcher_started_again_records_no_run() -> Res<()> {
    let (_tmp, root, mut w) = watching_mjcl()?;
    w.stop_ok()?;
    assert_eq!(runs(&root)?, 1);
    let mut w = Watcher::start(&root, &[])?;
    let repeated = |l: &str| {
        is_consolidation(l)
            && l.contains("rien de nouveau depuis la consolidation n° 1 du ")
            && l.contains("pas de nouvel enregistrement dans l'historique")
    };
    w.wait_for("« Consolidation : » repeating run 1", repeated)?;
    let toml = root.join("ctg.toml");
    let mut text = std::fs::read_to_string(&toml)?;
    text.push_str("\n# Relu par la coordinatrice.\n");
    put(&toml, text.as_bytes())?;
    w.wait_line("modifiée : elle est rechargée et les classeurs relus avec elle.")?;
    w.wait_for("« Consolidation : » repeating run 1", repeated)?;
    w.stop_ok()?;
    assert_eq!(runs(&root)?, 1);
    Ok(())
}

#[test]
fn the_same_content_saved_again_triggers_no_run() -> Res<()> {
    let (_tmp, root) = shared_folder()?;
    let depots = root.join("depots");
    let v1 = plan("LAEP", "Lieu d'Accueil Enfants Parents", 2, "v1");
    put(&depots.join("laep.xlsx"), &v1)?;
    let mut w = Watcher::start(&root, &["--verbeux"])?;
    w.consolidation_with(2)?;
    let mark = w.log.len();
    let runs_before = runs(&root)?;

    // Saved without edits, in place then through a rename: same bytes.
    put(&depots.join("laep.xlsx"), &v1)?;
    w.wait_line("laep.xlsx enregistré sans modification.")?;
    put(&depots.join("laep.tmp"), &v1)?;
    std::fs::rename(depots.join("laep.tmp"), depots.join("laep.xlsx"))?;
    w.wait_line("laep.xlsx enregistré sans modification.")?;
    // A real edit: the next run is this one.
    put(
        &depots.join("laep.xlsx"),
        &plan("LAEP", "Lieu d'Accueil Enfants Parents", 3, "v2"),
    )?;
    assert_eq!(w.consolidation()?, 3);
    w.stop_ok()?;

    let between = w.since(mark);
    assert_eq!(
        between.iter().filter(|l| is_consolidation(l)).count(),
        1,
        "{}",
        w.dump()
    );
    assert_eq!(runs(&root)?, runs_before + 1);
    Ok(())
}

#[test]
fn ten_files_dropped_at_once_make_one_consolidation() -> Res<()> {
    let (_tmp, root) = shared_folder()?;
    let mut w = Watcher::start(&root, &[])?;
    assert_eq!(w.consolidation()?, 0);
    let mark = w.log.len();
    let runs_before = runs(&root)?;

    let books: Vec<(String, Vec<u8>)> = (1..=10)
        .map(|i| {
            let code = format!("P{i:02}");
            let bytes = plan(&code, &format!("Partenaire {i}"), 2, "v1");
            (format!("plan-{code}.xlsx"), bytes)
        })
        .collect();
    for (name, bytes) in &books {
        put(&root.join("depots").join(name), bytes)?;
    }
    assert_eq!(
        w.consolidation()?,
        20,
        "the first run after the burst has every file\n{}",
        w.dump()
    );
    w.quiet(Duration::from_millis(800));
    w.stop_ok()?;

    let after = w.since(mark);
    assert_eq!(
        after
            .iter()
            .filter(|l| l.contains(" lu : 2 actions"))
            .count(),
        10,
        "{}",
        w.dump()
    );
    assert_eq!(
        after.iter().filter(|l| is_consolidation(l)).count(),
        1,
        "{}",
        w.dump()
    );
    assert_eq!(runs(&root)?, runs_before + 1);
    assert_eq!(
        readback::consolidated_actions(&root.join(WORKBOOK))?.len(),
        20
    );
    Ok(())
}

#[test]
fn polling_mode_sees_a_new_file() -> Res<()> {
    let (_tmp, root) = shared_folder()?;
    let mut w = Watcher::start(&root, &["--poll", "0.2"])?;
    w.wait_line("(relecture toutes les 0,2 secondes)")?;
    assert_eq!(w.consolidation()?, 0);

    put(
        &root.join("depots/alsh.xlsx"),
        &plan("ALSH", "Accueil de loisirs", 2, "v1"),
    )?;
    w.wait_line("ALSH — alsh.xlsx lu : 2 actions, 0 erreur")?;
    assert_eq!(w.consolidation()?, 2);
    // And a save over it.
    put(
        &root.join("depots/alsh.xlsx"),
        &plan("ALSH", "Accueil de loisirs", 1, "v2"),
    )?;
    assert_eq!(w.consolidation()?, 1);
    w.stop_ok()?;
    assert_eq!(
        numbers(&readback::consolidated_actions(&root.join(WORKBOOK))?),
        ["ALSH-001"]
    );
    Ok(())
}

#[test]
fn sigterm_finishes_and_exits_zero() -> Res<()> {
    let (_tmp, _root, mut w) = watching_mjcl()?;
    let status = w.stop()?;
    assert_eq!(status.code(), Some(0), "{}", w.dump());
    assert!(
        w.log
            .last()
            .is_some_and(|l| l.ends_with("] Arrêt de la surveillance.")),
        "{}",
        w.dump()
    );
    Ok(())
}

#[test]
fn the_folder_renamed_then_recreated_is_watched_again() -> Res<()> {
    let (_tmp, root, mut w) = watching_mjcl()?;
    let depots = root.join("depots");

    std::fs::rename(&depots, root.join("depots-ancien"))?;
    w.wait_line("introuvable (renommé ou supprimé ?)")?;
    std::fs::create_dir(&depots)?;
    // Dropped at once: before the watch is set up again.
    put(
        &depots.join("rpe.xlsx"),
        &plan("RPE", "Relais Petite Enfance", 3, "v1"),
    )?;
    w.wait_line("est de retour : surveillance reprise.")?;
    w.wait_line("RPE — rpe.xlsx lu : 3 actions")?;
    assert_eq!(w.consolidation()?, 3);
    w.stop_ok()?;
    assert!(
        w.log
            .iter()
            .any(|l| l.contains("mjc.xlsx retiré du dossier.")),
        "{}",
        w.dump()
    );
    assert_eq!(
        numbers(&readback::consolidated_actions(&root.join(WORKBOOK))?),
        ["RPE-001", "RPE-002", "RPE-003"]
    );
    Ok(())
}

/// Renamed and recreated at once: the path is the same, the folder is not;
/// the files dropped in the new one must be seen.
#[test]
fn the_folder_swapped_at_once_is_watched_again() -> Res<()> {
    let (_tmp, root, mut w) = watching_mjcl()?;
    let depots = root.join("depots");
    std::fs::rename(&depots, root.join("depots-ancien"))?;
    std::fs::create_dir(&depots)?;
    put(
        &depots.join("rpe.xlsx"),
        &plan("RPE", "Relais Petite Enfance", 3, "v1"),
    )?;
    w.wait_line("RPE — rpe.xlsx lu : 3 actions")?;
    assert_eq!(w.consolidation()?, 3);
    w.stop_ok()?;
    Ok(())
}

/// Changes the owner of everything under `dir`.
fn chown_tree(dir: &Path, uid: u32, gid: u32) -> Res<()> {
    std::os::unix::fs::chown(dir, Some(uid), Some(gid))?;
    if dir.is_dir() {
        for entry in std::fs::read_dir(dir)? {
            chown_tree(&entry?.path(), uid, gid)?;
        }
    }
    Ok(())
}

fn chmod(path: &Path, mode: u32) -> Res<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
    Ok(())
}

/// A file and a sub-folder the watcher may not read. Root reads anything:
/// run as root, the watcher is started as `nobody` on a folder it owns.
#[test]
fn a_permission_error_is_reported_and_survived() -> Res<()> {
    use std::os::unix::process::CommandExt;
    let (tmp, root) = shared_folder()?;
    let depots = root.join("depots");
    put(
        &depots.join("mjc.xlsx"),
        &plan("MJCL", "MJC de Lavaur", 2, "v1"),
    )?;
    std::fs::create_dir(depots.join("ccas"))?;
    put(
        &depots.join("ccas/ccas.xlsx"),
        &plan("CCAS-SSP", "CCAS", 1, "v1"),
    )?;
    // SAFETY: geteuid has no preconditions.
    let root_user = unsafe { libc::geteuid() } == 0;
    let mut cmd = Command::new(ctg_bin());
    cmd.args(watch_args(&root, &[])?);
    if root_user {
        chown_tree(tmp.path(), 65534, 65534)?;
        cmd.uid(65534).gid(65534);
    }
    let mut w = Watcher::spawn(&mut cmd)?;
    w.consolidation_with(3)?;

    // A file saved with no read permission (a copy from a locked-down share).
    let rpe = depots.join("rpe.xlsx");
    put(&rpe, &plan("RPE", "Relais Petite Enfance", 3, "v1"))?;
    if root_user {
        std::os::unix::fs::chown(&rpe, Some(65534), Some(65534))?;
    }
    chmod(&rpe, 0o000)?;
    let line = w.wait_line("rpe.xlsx illisible")?;
    assert!(line.contains("accès refusé"), "{line}");
    assert_eq!(w.consolidation()?, 3);
    // Permission given back, the file untouched: it is read.
    chmod(&rpe, 0o644)?;
    w.wait_line("RPE — rpe.xlsx lu : 3 actions")?;
    assert_eq!(w.consolidation()?, 6);

    // A sub-folder that cannot be listed any more: said once, its file is
    // not taken for removed.
    chmod(&depots.join("ccas"), 0o000)?;
    put(
        &depots.join("mjc.xlsx"),
        &plan("MJCL", "MJC de Lavaur", 1, "v2"),
    )?;
    let line = w.wait_line("ccas")?;
    assert!(
        line.contains("accès refusé") && !line.contains("retiré"),
        "{line}\n{}",
        w.dump()
    );
    assert_eq!(w.consolidation()?, 5);
    chmod(&depots.join("ccas"), 0o755)?;
    w.stop_ok()?;
    assert!(w.log.iter().all(|l| !l.contains("retiré")), "{}", w.dump());
    let actions = readback::consolidated_actions(&root.join(WORKBOOK))?;
    assert_eq!(
        numbers(&actions),
        ["CCAS-SSP-001", "MJCL-001", "RPE-001", "RPE-002", "RPE-003"]
    );
    Ok(())
}

/// An output that cannot be written (here the workbook's name taken by a
/// folder; a full disk fails the same way) is said, and the next change
/// writes everything again.
#[test]
fn an_output_that_cannot_be_written_is_retried() -> Res<()> {
    let (_tmp, root) = shared_folder()?;
    let blocker = root.join(WORKBOOK);
    std::fs::create_dir_all(blocker.join("bloque"))?;
    put(
        &root.join("depots/mjc.xlsx"),
        &plan("MJCL", "MJC de Lavaur", 2, "v1"),
    )?;
    let mut w = Watcher::start(&root, &[])?;
    let line = w.wait_line("] Erreur : ")?;
    assert!(
        line.contains("plan-actions-consolide.xlsx") && line.contains("Nouvel essai"),
        "{line}"
    );

    std::fs::remove_dir_all(&blocker)?;
    put(
        &root.join("depots/rpe.xlsx"),
        &plan("RPE", "Relais Petite Enfance", 1, "v1"),
    )?;
    w.consolidation_with(3)?;
    w.stop_ok()?;
    assert_eq!(
        readback::consolidated_actions(&root.join(WORKBOOK))?.len(),
        3
    );
    Ok(())
}

#[test]
fn an_edited_configuration_is_reloaded_and_a_broken_one_kept_aside() -> Res<()> {
    let (_tmp, root, mut w) = watching_mjcl()?;
    let depots = root.join("depots");

    // The coordinator adds a partner to the registry while ctg runs.
    let toml = root.join("ctg.toml");
    let mut text = std::fs::read_to_string(&toml)?;
    text.push_str("\n[[partenaire]]\ncode = \"EPIS\"\nnom = \"Épicerie solidaire\"\n");
    put(&toml, text.as_bytes())?;
    w.wait_line("modifiée : elle est rechargée et les classeurs relus avec elle.")?;
    let line = w.wait_for("« Consolidation : »", is_consolidation)?;
    assert_eq!(count_in(&line, "partenaire"), Some(10), "{line}");

    // A mistake in the file: said, and the configuration in use kept.
    text.push_str("\n[[partenaire]]\ncode = \"MJCL\"\nnom = \"Doublon\"\n");
    put(&toml, text.as_bytes())?;
    w.wait_line("La configuration précédente reste en usage jusqu'à ce que le fichier soit corrigé ; ctg le relira de lui-même.")?;
    put(
        &depots.join("mjc.xlsx"),
        &plan("MJCL", "MJC de Lavaur", 3, "v2"),
    )?;
    let line = w.wait_for("« Consolidation : » with 3 actions", |l| {
        is_consolidation(l) && count_in(l, "action") == Some(3)
    })?;
    assert_eq!(count_in(&line, "partenaire"), Some(10), "{line}");
    w.stop_ok()?;
    assert!(
        w.log
            .iter()
            .any(|l| l.contains("ligne") && l.contains("MJCL")),
        "{}",
        w.dump()
    );
    Ok(())
}
