//! Decoding a workbook in a child process.
//!
//! Some malformed files make decoders abort the whole process (an allocation
//! failure is not a panic and cannot be caught) or spin for ever. The `ctg`
//! binary therefore re-runs itself with a hidden subcommand for each file,
//! under a memory and CPU limit and a wall-clock deadline: a hostile file
//! kills only its own reader, and the run goes on with a finding for it.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use wait_timeout::ChildExt;

use super::{Limits, RawWorkbook, ReadError, read_in_process};

/// Name of the hidden subcommand the child runs.
pub const CHILD_COMMAND: &str = "__lire-classeur";

/// Where workbooks are decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Isolation {
    /// In this process (tests, library use): guarded, but an abort inside a
    /// decoder would end the process.
    InProcess,
    /// In a child process running this executable with [`CHILD_COMMAND`].
    Subprocess(PathBuf),
}

impl Isolation {
    /// Child processes of the running `ctg` executable, or in-process
    /// reading when the executable cannot be found.
    pub fn current_exe() -> Isolation {
        std::env::current_exe().map_or(Isolation::InProcess, Isolation::Subprocess)
    }
}

/// Runs the child reader on `path` and collects its answer.
pub fn read_in_child(exe: &Path, path: &Path, limits: &Limits) -> Result<RawWorkbook, ReadError> {
    // Library texts (io, serde_json) are English: reasons below are French.
    let limits_json = serde_json::to_string(limits)
        .map_err(|_| ReadError::Crashed("limites de lecture illisibles".to_owned()))?;
    let mut child = Command::new(exe)
        .arg(CHILD_COMMAND)
        .arg(path)
        .arg(limits_json)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| {
            ReadError::Crashed(format!(
                "lancement du lecteur impossible : {}",
                crate::error::io_reason(&e)
            ))
        })?;
    // Drain stdout on a thread so a large answer cannot block the child
    // while this thread waits for it to exit.
    let mut stdout = child
        .stdout
        .take()
        .ok_or_else(|| ReadError::Crashed("sortie du lecteur indisponible".to_owned()))?;
    let drain = std::thread::spawn(move || {
        let mut out = Vec::new();
        stdout.read_to_end(&mut out).map(|_| out)
    });
    let status = match child.wait_timeout(Duration::from_secs(limits.max_seconds)) {
        Ok(Some(status)) => status,
        Ok(None) => {
            let _ = child.kill();
            let _ = child.wait();
            let _ = drain.join();
            return Err(ReadError::Crashed(format!(
                "lecture interrompue au bout de {}",
                crate::text::count(limits.max_seconds as usize, "seconde", "secondes")
            )));
        }
        Err(e) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(ReadError::Crashed(format!(
                "attente du lecteur impossible : {}",
                crate::error::io_reason(&e)
            )));
        }
    };
    let out = drain
        .join()
        .map_err(|_| ReadError::Crashed("sortie du lecteur perdue".to_owned()))?
        .map_err(|e| {
            ReadError::Crashed(format!(
                "sortie du lecteur illisible : {}",
                crate::error::io_reason(&e)
            ))
        })?;
    if !status.success() {
        return Err(ReadError::Crashed(
            "le lecteur s'est arrêté brutalement, faute de mémoire ou sur une donnée invalide"
                .to_owned(),
        ));
    }
    serde_json::from_slice::<Result<RawWorkbook, ReadError>>(&out)
        .map_err(|_| ReadError::Crashed("réponse du lecteur invalide".to_owned()))?
}

/// Body of the hidden child subcommand: limit this process, read, answer on
/// stdout. Returns the exit code.
pub fn child_main(path: &Path, limits_json: &str) -> i32 {
    let Ok(limits) = serde_json::from_str::<Limits>(limits_json) else {
        return 3;
    };
    limit_process(&limits);
    let result = read_in_process(path, &limits);
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    if serde_json::to_writer(&mut lock, &result).is_err() || lock.flush().is_err() {
        return 4;
    }
    0
}

#[cfg(unix)]
fn limit_process(limits: &Limits) {
    let set = |resource, value: u64| {
        let limit = libc::rlimit {
            rlim_cur: value as libc::rlim_t,
            rlim_max: value as libc::rlim_t,
        };
        // SAFETY: setrlimit only reads the struct passed by reference.
        unsafe { libc::setrlimit(resource, &limit) };
    };
    set(libc::RLIMIT_AS, limits.max_memory_bytes);
    set(libc::RLIMIT_CPU, limits.max_seconds + 1);
}

#[cfg(not(unix))]
fn limit_process(_limits: &Limits) {
    // Only the parent's deadline applies on this platform.
}
