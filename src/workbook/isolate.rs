//! Decoding workbooks in child processes.
//!
//! Some malformed files make decoders abort the whole process (an allocation
//! failure is not a panic and cannot be caught) or spin for ever. The `ctg`
//! binary therefore re-runs itself with a hidden subcommand, under a memory
//! limit, and the parent gives each file a wall-clock deadline.
//!
//! A child reads a whole batch of files, one after the other, and answers
//! file by file: starting a process per file would cost more than reading
//! most partners' workbooks. When a child dies or overruns its deadline, only
//! the file it was reading is lost (it gets a finding); the rest of its batch
//! goes to a new child.
//!
//! A child first answers whether its memory cap is in place. When the system
//! refuses the cap, files are still read (each one has passed the container
//! checks of `guard` before any decoder runs), and the user is told
//! once, on the error output.

use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Once;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use super::{Limits, RawWorkbook, ReadError, read_in_process};

/// Name of the hidden subcommand the child runs.
pub const CHILD_COMMAND: &str = "__lire-classeur";

/// Where workbooks are decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Isolation {
    /// In this process (tests, library use): guarded, but an abort inside a
    /// decoder would end the process.
    InProcess,
    /// In child processes running this executable with [`CHILD_COMMAND`].
    Subprocess(PathBuf),
}

impl Isolation {
    /// Child processes of the running `ctg` executable, or in-process
    /// reading when the executable cannot be found.
    pub fn current_exe() -> Isolation {
        std::env::current_exe().map_or(Isolation::InProcess, Isolation::Subprocess)
    }
}

type Answer = Result<RawWorkbook, ReadError>;

/// Reads one file in a child process.
pub fn read_in_child(exe: &Path, path: &Path, limits: &Limits) -> Answer {
    let mut answers = Vec::new();
    read_batch(exe, &[path], limits, &mut |_, answer| answers.push(answer));
    answers
        .pop()
        .unwrap_or_else(|| Err(ReadError::Internal("réponse du lecteur perdue".to_owned())))
}

/// Reads `paths` in children, `workers` batches at a time, calling `done`
/// with each file's index and answer (from the batch's thread) as soon as it
/// is read, so that checking overlaps reading. Returns the results of `done`
/// in the order of `paths`.
pub fn read_many_in_children<T: Send>(
    exe: &Path,
    paths: &[&Path],
    limits: &Limits,
    workers: usize,
    done: &(dyn Fn(usize, Answer) -> T + Sync),
) -> Vec<T> {
    let workers = workers.clamp(1, paths.len().max(1));
    let mut results: Vec<(usize, T)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                // Interleaved shares balance big and small files.
                let share: Vec<(usize, &Path)> = paths
                    .iter()
                    .copied()
                    .enumerate()
                    .skip(w)
                    .step_by(workers)
                    .collect();
                scope.spawn(move || {
                    let files: Vec<&Path> = share.iter().map(|(_, p)| *p).collect();
                    let mut out = Vec::with_capacity(files.len());
                    read_batch(exe, &files, limits, &mut |k, answer| {
                        out.push((share[k].0, done(share[k].0, answer)))
                    });
                    out
                })
            })
            .collect();
        // A panic in `done` is a bug: carry it on rather than lose files.
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, t)| t).collect()
}

/// Reads `paths` with as few children as failures allow; calls `done` once
/// per path, in order.
fn read_batch(exe: &Path, paths: &[&Path], limits: &Limits, done: &mut dyn FnMut(usize, Answer)) {
    let mut next = 0;
    while next < paths.len() {
        let answered = run_child(exe, &paths[next..], limits, &mut |k, answer| {
            done(next + k, answer)
        });
        // The child stopped early: the file it was reading is answered by
        // `run_child`; the rest go to a new child.
        next += answered.max(1);
    }
}

/// Runs one child on `paths`; returns how many files got an answer. When the
/// child fails, the file it was reading is answered with the failure.
fn run_child(
    exe: &Path,
    paths: &[&Path],
    limits: &Limits,
    done: &mut dyn FnMut(usize, Answer),
) -> usize {
    let crashed = |why: String| Err(ReadError::Crashed(why));
    let mut child = match spawn(exe, paths, limits) {
        Ok(c) => c,
        Err(e) => {
            done(0, Err(e));
            return 1;
        }
    };
    let Some(stdout) = child.stdout.take() else {
        stop(&mut child);
        done(
            0,
            Err(ReadError::Internal(
                "sortie du lecteur indisponible".to_owned(),
            )),
        );
        return 1;
    };
    // Frames arrive on a thread so that each can be waited for with a deadline.
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut stdout = BufReader::new(stdout);
        while let Some(frame) = read_frame(&mut stdout) {
            if tx.send(frame).is_err() {
                break;
            }
        }
    });
    let deadline = Duration::from_secs(limits.max_seconds);
    // The first frame says whether the memory cap is in place.
    if let Ok(frame) = rx.recv_timeout(deadline)
        && let Ok(Err(why)) = postcard::from_bytes::<Result<(), String>>(&frame)
    {
        report_uncapped(&why);
    }
    let mut answered = 0;
    while answered < paths.len() {
        match rx.recv_timeout(deadline) {
            Ok(frame) => {
                let answer = postcard::from_bytes::<Answer>(&frame)
                    .unwrap_or_else(|_| crashed("réponse du lecteur invalide".to_owned()));
                done(answered, answer);
                answered += 1;
            }
            Err(RecvTimeoutError::Timeout) => {
                stop(&mut child);
                done(
                    answered,
                    crashed(format!(
                        "lecture interrompue au bout de {}",
                        crate::text::count(limits.max_seconds as usize, "seconde", "secondes")
                    )),
                );
                let _ = reader.join();
                return answered + 1;
            }
            Err(RecvTimeoutError::Disconnected) => {
                let why = match child.wait() {
                    Ok(status) if status.success() => "réponse du lecteur invalide",
                    _ => {
                        "le lecteur s'est arrêté brutalement, faute de mémoire ou sur une donnée invalide"
                    }
                };
                done(answered, crashed(why.to_owned()));
                let _ = reader.join();
                return answered + 1;
            }
        }
    }
    let _ = child.wait();
    let _ = reader.join();
    answered
}

fn spawn(exe: &Path, paths: &[&Path], limits: &Limits) -> Result<Child, ReadError> {
    // Library texts (io, serde_json) are English: reasons below are French.
    let limits_json = serde_json::to_string(limits)
        .map_err(|_| ReadError::Internal("limites de lecture illisibles".to_owned()))?;
    let raw: Vec<Vec<u8>> = paths.iter().map(|p| path_bytes(p)).collect();
    let list = postcard::to_stdvec(&raw)
        .map_err(|_| ReadError::Internal("liste de fichiers illisible".to_owned()))?;
    let mut child = Command::new(exe)
        .arg(CHILD_COMMAND)
        .arg(limits_json)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| {
            ReadError::Internal(format!(
                "lancement du lecteur impossible : {}",
                crate::fs::io_reason(&e)
            ))
        })?;
    // The list is written from a thread: a long list fills the pipe before
    // the child starts reading it. A child that dies early closes the pipe;
    // the failure then shows as a missing answer.
    if let Some(mut stdin) = child.stdin.take() {
        std::thread::spawn(move || {
            let _ = stdin.write_all(&list);
        });
    }
    Ok(child)
}

fn stop(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// A path as bytes for the child: names on shared folders are not always
/// valid UTF-8 (Latin-1 names from old NAS), and must reach the child as
/// they are.
#[cfg(unix)]
fn path_bytes(path: &Path) -> Vec<u8> {
    std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()).to_vec()
}

#[cfg(unix)]
fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    PathBuf::from(<std::ffi::OsString as std::os::unix::ffi::OsStringExt>::from_vec(bytes))
}

/// Elsewhere paths are Unicode (UTF-16 on Windows): UTF-8 carries them.
#[cfg(not(unix))]
fn path_bytes(path: &Path) -> Vec<u8> {
    path.to_string_lossy().into_owned().into_bytes()
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
}

/// A length-prefixed frame, or `None` at the end of the stream.
fn read_frame(input: &mut impl Read) -> Option<Vec<u8>> {
    let mut len = [0u8; 8];
    input.read_exact(&mut len).ok()?;
    let mut frame = vec![0u8; usize::try_from(u64::from_le_bytes(len)).ok()?];
    input.read_exact(&mut frame).ok()?;
    Some(frame)
}

/// Body of the hidden child subcommand: limit this process, then read each
/// file listed on stdin (paths as bytes, postcard-encoded) and answer on stdout, one
/// length-prefixed frame per file. Returns the exit code.
pub fn child_main(limits_json: &str) -> i32 {
    let Ok(limits) = serde_json::from_str::<Limits>(limits_json) else {
        return 3;
    };
    let mut list = Vec::new();
    if std::io::stdin().read_to_end(&mut list).is_err() {
        return 3;
    }
    let Ok(raw) = postcard::from_bytes::<Vec<Vec<u8>>>(&list) else {
        return 3;
    };
    let paths: Vec<PathBuf> = raw.into_iter().map(path_from_bytes).collect();
    let capped = limit_process(&limits);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if write_frame(&mut out, &capped).is_err() {
        return 4;
    }
    for path in paths {
        let answer: Answer = read_in_process(&path, &limits);
        if write_frame(&mut out, &answer).is_err() {
            return 4;
        }
    }
    0
}

/// Writes `value` as one length-prefixed frame.
fn write_frame(out: &mut impl Write, value: &impl serde::Serialize) -> Result<(), ()> {
    let frame = postcard::to_stdvec(value).map_err(|_| ())?;
    out.write_all(&(frame.len() as u64).to_le_bytes())
        .and_then(|_| out.write_all(&frame))
        .and_then(|_| out.flush())
        .map_err(|_| ())
}

/// Tells the user, once per run, that children read without a memory cap.
fn report_uncapped(why: &str) {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let mut err = std::io::stderr();
        let _ = writeln!(
            err,
            "Attention : la mémoire des lecteurs de classeurs n'a pas pu être limitée ({why}). Les classeurs sont lus quand même, après les contrôles de structure ; un fichier piégé pourrait cependant ralentir la machine. Signalez-le à l'administrateur du poste."
        );
    });
}

/// Caps this process's address space; says why when the system refuses.
#[cfg(unix)]
fn limit_process(limits: &Limits) -> Result<(), String> {
    let mut current = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes into the struct passed by reference.
    if unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut current) } != 0 {
        return Err(crate::fs::io_reason(&std::io::Error::last_os_error()));
    }
    // A hard limit already below ours (a container, `ulimit -v`) cannot be
    // raised without privileges: the lower one is the cap.
    let cap = (limits.max_memory_bytes as libc::rlim_t).min(current.rlim_max);
    let limit = libc::rlimit {
        rlim_cur: cap,
        rlim_max: cap,
    };
    // SAFETY: setrlimit only reads the struct passed by reference.
    if unsafe { libc::setrlimit(libc::RLIMIT_AS, &limit) } != 0 {
        return Err(crate::fs::io_reason(&std::io::Error::last_os_error()));
    }
    Ok(())
}

/// No address-space cap on this platform: the parent's deadline applies,
/// and the container checks run before any decoder.
#[cfg(not(unix))]
fn limit_process(_limits: &Limits) -> Result<(), String> {
    Ok(())
}
