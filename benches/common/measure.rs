//! Running a command and measuring it from the outside: wall time, and the
//! peak resident memory of the process AND of the children it starts (ctg
//! decodes workbooks in child processes, which `wait4` on ctg alone would
//! only partly account for).
//!
//! How memory is measured (Linux):
//! - every `every` (10 ms by default), the process tree is read from /proc:
//!   the root's children come from `/proc/PID/task/*/children`, each
//!   process's `VmHWM` (its own high-water mark, kept by the kernel, so a
//!   spike between two samples is not missed) and `VmRSS` from
//!   `/proc/PID/status`;
//! - `root_kb` is the root's last `VmHWM`, `child_kb` the largest `VmHWM`
//!   of any descendant, `tree_kb` the largest sum of the `VmRSS` of the
//!   whole tree at one sample (what the machine must hold at once; at least
//!   the largest single peak);
//! - `maxrss_kb` is `ru_maxrss` from `wait4` on the root: the kernel's exact
//!   maximum over the root and every descendant it waited for. Only what
//!   happens after the last sample can escape the sampled figures; this one
//!   bounds them.
//!
//! CPU time comes from the same `wait4`: user + system time of the process
//! and of the children it waited for.

use std::collections::BTreeMap;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::Res;

/// What one run cost.
#[derive(Debug, Clone, Copy, Default)]
pub struct Measured {
    /// Wall time, from spawning to the end of the process.
    pub wall: Duration,
    /// Peak resident memory of the process itself (kB, sampled `VmHWM`).
    pub root_kb: u64,
    /// Peak resident memory of its largest descendant (kB, sampled `VmHWM`).
    pub child_kb: u64,
    /// Largest resident memory of the whole tree at one moment (kB).
    pub tree_kb: u64,
    /// The kernel's peak over the process and its waited-for descendants (kB).
    pub maxrss_kb: u64,
    /// Number of descendants seen.
    pub children: usize,
    /// CPU time (user + system) of the process and of the descendants it
    /// waited for: less sensitive than wall time to a loaded machine.
    pub cpu: Duration,
}

/// How a measured run ended.
#[derive(Debug)]
pub enum Outcome {
    /// Exited with status 0.
    Done(Measured),
    /// Killed (with its children) after `limit`.
    TimedOut(Duration),
}

/// One sample of a process: (VmHWM, VmRSS) in kB.
fn status_kb(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    Some((field("VmHWM:")?, field("VmRSS:")?))
}

/// The direct children of `pid`, from every thread's children list.
fn children_of(pid: u32) -> Vec<u32> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for task in tasks.flatten() {
        if let Ok(list) = std::fs::read_to_string(task.path().join("children")) {
            out.extend(
                list.split_whitespace()
                    .filter_map(|p| p.parse::<u32>().ok()),
            );
        }
    }
    out
}

/// Samples of a process tree, accumulated.
#[derive(Default)]
struct Tree {
    root_hwm: u64,
    child_hwm: BTreeMap<u32, u64>,
    tree_peak: u64,
}

impl Tree {
    fn sample(&mut self, root: u32) {
        let Some((hwm, rss)) = status_kb(root) else {
            return;
        };
        self.root_hwm = self.root_hwm.max(hwm);
        let mut total = rss;
        let mut pending = children_of(root);
        while let Some(pid) = pending.pop() {
            if let Some((hwm, rss)) = status_kb(pid) {
                let seen = self.child_hwm.entry(pid).or_default();
                *seen = (*seen).max(hwm);
                total += rss;
            }
            pending.extend(children_of(pid));
        }
        self.tree_peak = self.tree_peak.max(total);
    }
}

/// Runs `cmd` (its output discarded, the end of its error output kept for
/// the failure message), sampling its process tree every `every`; kills the
/// whole tree after `limit`. A non-zero exit is an error.
pub fn run(cmd: &mut Command, every: Duration, limit: Option<Duration>) -> Res<Outcome> {
    let start = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()?;
    let pid = child.id();
    let mut stderr = child.stderr.take().ok_or("pas de sortie d'erreur")?;
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut status = 0;
        // SAFETY: zeroed rusage is a valid value; wait4 fills it for our child.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: waiting for our own child, with valid pointers.
        let waited = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
        let cpu = [usage.ru_utime, usage.ru_stime]
            .iter()
            .map(|t| Duration::new(t.tv_sec.max(0) as u64, (t.tv_usec.max(0) * 1000) as u32))
            .sum::<Duration>();
        let _ = tx.send((Instant::now(), waited, status, usage.ru_maxrss, cpu));
    });
    let mut tree = Tree::default();
    let (end, waited, status, maxrss, cpu) = loop {
        tree.sample(pid);
        match rx.recv_timeout(every) {
            Ok(done) => break done,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if limit.is_some_and(|l| start.elapsed() > l) {
                    // SAFETY: signalling the process group our child leads.
                    unsafe { libc::kill(-(pid as libc::pid_t), libc::SIGKILL) };
                    let _ = rx.recv();
                    return Ok(Outcome::TimedOut(start.elapsed()));
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => return Err("attente perdue".into()),
        }
    };
    let errors = errors.join().unwrap_or_default();
    if waited != pid as libc::pid_t || !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        let tail: String = errors
            .chars()
            .rev()
            .take(2000)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        return Err(format!("la commande {cmd:?} a échoué (statut {status}) :\n{tail}").into());
    }
    Ok(Outcome::Done(Measured {
        wall: end.duration_since(start),
        root_kb: tree.root_hwm,
        child_kb: tree.child_hwm.values().copied().max().unwrap_or(0),
        // The tree held at least what any one of its processes held.
        tree_kb: tree
            .tree_peak
            .max(tree.root_hwm)
            .max(tree.child_hwm.values().copied().max().unwrap_or(0)),
        maxrss_kb: maxrss.max(0) as u64,
        children: tree.child_hwm.len(),
        cpu,
    }))
}
