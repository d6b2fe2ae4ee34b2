//! Deciding when a changed file is ready to read.
//!
//! A file is told apart from what was read before by its [`Stamp`]. Once
//! seen changing it is pending: it is read when it has stopped changing for
//! the settle delay and opens as a workbook (or has been waited for long
//! enough). A known file missing from the folder counts as removed only once
//! missing for the settle delay too.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crate::workbook::{Detected, Limits};

/// A file that never opens as a workbook is read anyway after this long,
/// and reported for what it is.
const MAX_SETTLE_WAIT: Duration = Duration::from_secs(30);

/// Size and modification time: what tells that a file changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    size: u64,
    modified: Option<SystemTime>,
    /// Status change time (Unix): a file unreadable for its permissions
    /// is read again once they are fixed, which leaves its mtime as it was.
    changed: i64,
}

/// The stamp of `path` now, `None` when it cannot be read (gone).
pub(super) fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let changed = std::os::unix::fs::MetadataExt::ctime_nsec(&meta)
        + std::os::unix::fs::MetadataExt::ctime(&meta).wrapping_mul(1_000_000_000);
    #[cfg(not(unix))]
    let changed = 0;
    Some(Stamp {
        size: meta.len(),
        modified: meta.modified().ok(),
        changed,
    })
}

/// A file seen changing, waiting to settle.
struct Pending {
    stamp: Stamp,
    /// When it was last seen changing.
    since: Instant,
    /// When it was first seen changing.
    first: Instant,
}

impl Pending {
    fn new(stamp: Stamp) -> Self {
        let now = Instant::now();
        Pending {
            stamp,
            since: now,
            first: now,
        }
    }
}

/// The files changing and the files missing, with since when.
pub(super) struct Settling {
    /// How long a file must stay unchanged (or missing) to count.
    settle: Duration,
    pending: HashMap<PathBuf, Pending>,
    /// Known files missing from the folder, since when.
    absent: HashMap<PathBuf, Instant>,
}

impl Settling {
    /// Nothing pending yet, with the settle delay.
    pub(super) fn new(settle: Duration) -> Self {
        Settling {
            settle,
            pending: HashMap::new(),
            absent: HashMap::new(),
        }
    }

    /// True when no file is changing.
    pub(super) fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// True when no file is changing or missing: nothing is due unless an
    /// event comes.
    pub(super) fn is_idle(&self) -> bool {
        self.pending.is_empty() && self.absent.is_empty()
    }

    /// Takes the known files `missing` from the last listing; returns
    /// those missing for the settle delay, now forgotten. Excel moves the
    /// original aside a moment before renaming the new version over it.
    pub(super) fn missing(&mut self, missing: Vec<PathBuf>) -> Vec<PathBuf> {
        self.absent.retain(|p, _| missing.contains(p));
        let now = Instant::now();
        let mut gone = Vec::new();
        for path in missing {
            let since = *self.absent.entry(path.clone()).or_insert(now);
            if since.elapsed() >= self.settle {
                self.absent.remove(&path);
                gone.push(path);
            }
        }
        gone
    }

    /// Forgets the pending files not in `present` (the last listing).
    pub(super) fn keep(&mut self, present: &HashSet<&PathBuf>) {
        self.pending.retain(|p, _| present.contains(p));
    }

    /// `path` is as it was read: nothing to wait for.
    pub(super) fn unchanged(&mut self, path: &Path) {
        self.pending.remove(path);
    }

    /// `path` was listed with `stamp`, unlike what was read; returns true
    /// when it was not pending yet.
    pub(super) fn changed(&mut self, path: &Path, stamp: Stamp) -> bool {
        match self.pending.get_mut(path) {
            Some(p) if p.stamp == stamp => false,
            Some(p) => {
                p.stamp = stamp;
                p.since = Instant::now();
                false
            }
            None => {
                self.pending.insert(path.to_path_buf(), Pending::new(stamp));
                true
            }
        }
    }

    /// `path` changed while it was read: wait for it all over again.
    pub(super) fn restart(&mut self, path: &Path, stamp: Stamp) {
        self.pending.insert(path.to_path_buf(), Pending::new(stamp));
    }

    /// Takes the files that stopped changing and open as workbooks, with
    /// the stamp they had when last listed.
    pub(super) fn ready(&mut self, limits: &Limits) -> Vec<(PathBuf, Stamp)> {
        let settle = self.settle;
        self.take(|path, p| {
            p.since.elapsed() >= settle
                && (opens(path, limits) || p.first.elapsed() >= MAX_SETTLE_WAIT)
        })
    }

    /// Takes the files last modified at least the settle delay ago: at
    /// start, what was there before is read at once, unless still being
    /// written.
    pub(super) fn old_enough(&mut self) -> Vec<(PathBuf, Stamp)> {
        let settle = self.settle;
        self.take(|path, _| {
            std::fs::metadata(path)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age >= settle)
        })
    }

    /// Removes and returns the pending files for which `ready` holds.
    fn take(&mut self, ready: impl Fn(&Path, &Pending) -> bool) -> Vec<(PathBuf, Stamp)> {
        let taken: Vec<(PathBuf, Stamp)> = self
            .pending
            .iter()
            .filter(|(path, p)| ready(path, p))
            .map(|(path, p)| (path.clone(), p.stamp))
            .collect();
        for (path, _) in &taken {
            self.pending.remove(path);
        }
        taken
    }

    /// How long to wait for an event: until the first pending file is due
    /// (not up to a tick later), at most `tick`.
    pub(super) fn wait(&self, tick: Duration) -> Duration {
        self.pending
            .values()
            .filter_map(|p| self.settle.checked_sub(p.since.elapsed()))
            .min()
            .map_or(tick, |d| d.clamp(Duration::from_millis(5), tick))
    }
}

/// True when the file can be opened as what its first bytes say: a zip
/// with its central directory (written last), a complete OLE container.
/// A half-written file fails this and is waited for.
fn opens(path: &Path, limits: &Limits) -> bool {
    use std::io::{Read, Seek};
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        // On Unix a permission denied is no writer at work, it lasts: read
        // the file now to report it (Windows denies files being written).
        Err(e) => return cfg!(unix) && e.kind() == std::io::ErrorKind::PermissionDenied,
    };
    let size = file.metadata().map_or(0, |m| m.len());
    // Copies and some savers create the file first and fill it after.
    if size == 0 {
        return false;
    }
    // Too large to be read at all: the reader says so, without this
    // long-lived process loading it.
    if size > limits.max_file_bytes {
        return true;
    }
    let mut head = vec![0u8; size.min(4096) as usize];
    if file.read_exact(&mut head).is_err() || file.rewind().is_err() {
        return false;
    }
    match crate::workbook::sniff::sniff(&head) {
        // The central directory, written last, is all a zip needs to open.
        Detected::Zip => zip::ZipArchive::new(std::io::BufReader::new(file)).is_ok(),
        Detected::Workbook(_) => size >= 512,
        // Not a workbook at all: nothing more will come, read it to say so.
        Detected::Other(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Res = std::result::Result<(), Box<dyn std::error::Error>>;

    /// A file holding `content` in a fresh folder, with its stamp.
    fn file(
        content: &[u8],
    ) -> std::result::Result<(tempfile::TempDir, PathBuf, Stamp), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("plan.xlsx");
        std::fs::write(&path, content)?;
        let s = stamp(&path).ok_or("no stamp")?;
        Ok((dir, path, s))
    }

    #[test]
    fn a_changed_file_is_pending_once_then_ready() -> Res {
        // Not a workbook at all: nothing more will come, ready at once.
        let (_dir, path, s) = file(b"du texte")?;
        let mut settling = Settling::new(Duration::ZERO);
        assert!(settling.changed(&path, s));
        assert!(!settling.changed(&path, s));
        assert_eq!(settling.ready(&Limits::default()), vec![(path, s)]);
        assert!(settling.is_idle());
        Ok(())
    }

    #[test]
    fn a_file_waits_for_the_settle_delay() -> Res {
        let (_dir, path, s) = file(b"du texte")?;
        let mut settling = Settling::new(Duration::from_secs(3600));
        settling.changed(&path, s);
        assert!(settling.ready(&Limits::default()).is_empty());
        assert_eq!(
            settling.wait(Duration::from_millis(100)),
            Duration::from_millis(100)
        );
        settling.unchanged(&path);
        assert!(settling.is_empty());
        Ok(())
    }

    #[test]
    fn an_empty_file_is_still_being_written() -> Res {
        let (_dir, path, s) = file(b"")?;
        let mut settling = Settling::new(Duration::ZERO);
        settling.changed(&path, s);
        assert!(settling.ready(&Limits::default()).is_empty());
        assert!(!settling.is_empty());
        Ok(())
    }

    #[test]
    fn a_missing_file_is_gone_only_after_the_delay() {
        let path = PathBuf::from("depots/plan.xlsx");
        let mut waiting = Settling::new(Duration::from_secs(3600));
        assert!(waiting.missing(vec![path.clone()]).is_empty());
        assert!(!waiting.is_idle());
        // Back in the folder: no longer missing.
        assert!(waiting.missing(Vec::new()).is_empty());
        assert!(waiting.is_idle());
        let mut at_once = Settling::new(Duration::ZERO);
        assert_eq!(at_once.missing(vec![path.clone()]), vec![path]);
        assert!(at_once.is_idle());
    }
}
