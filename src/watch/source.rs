//! What wakes the watcher up: the system's notifications on the deposits
//! folder, or polling it (chosen by hand, forced on a network share, or as
//! a fallback when notifications are not available).
//!
//! The watch is on the folder, not the files: office suites save by
//! writing a temporary file and renaming it over the original, which would
//! end a watch on the file itself. The folder may vanish and come back: the
//! watch is started again on it, and that is said once each way.

use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::{self, PollWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, NoCache, new_debouncer, new_debouncer_opt};

use super::DEFAULT_POLL;
use super::log::{format_duration, log};
use crate::error::{Error, Result};

/// How long to wait before trying again when the folder is unavailable.
const UNAVAILABLE_WAIT: Duration = Duration::from_secs(1);

/// What ended a wait for events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Wake {
    /// Something may have changed in the folder.
    Event,
    /// Nothing came in time.
    Timeout,
}

/// How often the folder is listed anyway when notifications are trusted:
/// listing only compares sizes and dates, so it costs little.
pub(super) const SAFETY_RELIST: Duration = Duration::from_secs(30);

/// The source of events on the deposits folder, started again whenever it
/// is lost.
pub(super) struct Source<'a> {
    deposits: &'a Path,
    /// The polling interval, `None` for the system's notifications.
    poll: Option<Duration>,
    watch: Option<Watching>,
    /// The identity of the folder the running watch was started on.
    watched: Option<(u64, u64)>,
    /// A watch just started: the folder is listed even without an event,
    /// as files may have come while there was none (the folder recreated).
    fresh: bool,
    /// The folder is missing or unreadable (said once, until it is back).
    unavailable: bool,
    /// When the folder was last listed. Polling lists it at every
    /// interval: notify's PollWatcher alone misses saves, as it compares
    /// modification times in whole seconds.
    last_list: Instant,
}

impl<'a> Source<'a> {
    /// A source for `deposits`, polled every `poll` if given. On a network
    /// file system, which does not report saves made from other computers,
    /// it polls every [`DEFAULT_POLL`] and says why.
    pub(super) fn new(deposits: &'a Path, poll: Option<Duration>) -> Self {
        let poll = poll.or_else(|| {
            let remote = crate::fs::remote_file_system(deposits)?;
            log(&format!(
                "Le dossier est sur un système de fichiers {remote} : les enregistrements faits depuis d'autres postes n'y sont pas signalés, ctg le relit donc toutes les {} secondes.",
                DEFAULT_POLL.as_secs()
            ));
            Some(DEFAULT_POLL)
        });
        Source {
            deposits,
            poll,
            watch: None,
            watched: None,
            fresh: false,
            unavailable: false,
            last_list: Instant::now(),
        }
    }

    /// How changes are noticed, in French, for the first line of the log.
    pub(super) fn mode(&self) -> String {
        match self.poll {
            Some(p) => format!("relecture toutes les {}", format_duration(p)),
            None => "notifications du système".to_owned(),
        }
    }

    /// Makes sure a watch runs on the folder. Returns false when none
    /// could be started: the folder is unavailable (after waiting a
    /// moment), or notifications are not and polling is to be tried at
    /// once. Fails when the folder is there but cannot be polled either.
    pub(super) fn ready(&mut self) -> Result<bool> {
        // A folder renamed and recreated at once keeps its path but not its
        // identity: the watch on the old one would see nothing more.
        if self.watch.is_some() && folder_identity(self.deposits) != self.watched {
            self.watch = None;
        }
        if self.watch.is_some() {
            return Ok(true);
        }
        let e = match start_watch(self.deposits, self.poll) {
            Ok(w) => {
                self.watch = Some(w);
                self.watched = folder_identity(self.deposits);
                self.fresh = true;
                return Ok(true);
            }
            Err(e) => e,
        };
        match unavailable_reason(self.deposits) {
            Some(why) => self.unavailable(&why),
            // The folder is there, notifications are not (the system's
            // limit of watches reached…): poll it.
            None if self.poll.is_none() => {
                log(&format!(
                    "Les notifications du système ne sont pas disponibles ({e}) : ctg relit donc le dossier toutes les {}.",
                    format_duration(DEFAULT_POLL)
                ));
                self.poll = Some(DEFAULT_POLL);
                return Ok(false);
            }
            None => {
                return Err(Error::Usage(format!(
                    "Impossible de surveiller le dossier {} : {e}.",
                    self.deposits.display()
                )));
            }
        }
        std::thread::sleep(UNAVAILABLE_WAIT);
        Ok(false)
    }

    /// Waits up to `timeout` for an event (a watch must be [`ready`]).
    /// A watch just started counts as an event. `None` when the watch
    /// ended: it is started again next time.
    ///
    /// [`ready`]: Source::ready
    pub(super) fn wait(&mut self, timeout: Duration, verbose: bool) -> Option<Wake> {
        let watching = self.watch.as_ref()?;
        let wake = match watching.events.recv_timeout(timeout) {
            Ok(Ok(_)) => Wake::Event,
            Ok(Err(errors)) => {
                if verbose {
                    for e in errors {
                        log(&format!("Avertissement de la surveillance : {e}"));
                    }
                }
                Wake::Event
            }
            Err(RecvTimeoutError::Timeout) => Wake::Timeout,
            Err(RecvTimeoutError::Disconnected) => {
                self.watch = None;
                return None;
            }
        };
        Some(if std::mem::take(&mut self.fresh) {
            Wake::Event
        } else {
            wake
        })
    }

    /// True when the folder was last listed an interval ago: the polling
    /// interval, or [`SAFETY_RELIST`] with the system's notifications,
    /// which can be lost (a share whose server sends none, an overflowing
    /// queue): a save they miss is then seen a little later, never lost.
    pub(super) fn due(&self) -> bool {
        self.last_list.elapsed() >= self.poll.unwrap_or(SAFETY_RELIST)
    }

    /// Lists the folder with `list`. When that fails the folder vanished
    /// or cannot be read: the watch is dropped, that is said once, and
    /// `None` returned after waiting a moment for it to return.
    pub(super) fn list<T>(&mut self, list: impl FnOnce() -> std::io::Result<T>) -> Option<T> {
        self.last_list = Instant::now();
        match list() {
            Ok(listed) => {
                if self.unavailable {
                    log(&format!(
                        "Le dossier {} est de retour : surveillance reprise.",
                        self.deposits.display()
                    ));
                    self.unavailable = false;
                }
                Some(listed)
            }
            Err(e) => {
                let why = unavailable_reason(self.deposits)
                    .unwrap_or_else(|| unreadable(self.deposits, &e));
                self.unavailable(&why);
                self.watch = None;
                std::thread::sleep(UNAVAILABLE_WAIT);
                None
            }
        }
    }

    /// Notes that the folder is unavailable for `why`, said once.
    fn unavailable(&mut self, why: &str) {
        if !self.unavailable {
            log(why);
            self.unavailable = true;
        }
    }
}

/// A running watch: events arrive on `events` while `_debouncer` lives.
struct Watching {
    _debouncer: Box<dyn std::any::Any>,
    events: Receiver<DebounceEventResult>,
}

/// Starts watching `deposits` and everything under it, polling every
/// `poll` if given.
fn start_watch(
    deposits: &Path,
    poll: Option<Duration>,
) -> std::result::Result<Watching, notify::Error> {
    let (tx, rx) = mpsc::channel();
    // The debouncer only wakes the loop; whether a file is done is judged
    // by the settle delay, so a longer debounce would only add latency.
    let timeout = Duration::from_millis(100);
    let debouncer: Box<dyn std::any::Any> = match poll {
        Some(interval) => {
            let config = notify::Config::default().with_poll_interval(interval);
            let mut d =
                new_debouncer_opt::<_, PollWatcher, NoCache>(timeout, None, tx, NoCache, config)?;
            d.watch(deposits, RecursiveMode::Recursive)?;
            Box::new(d)
        }
        None => {
            let mut d = new_debouncer(timeout, None, tx)?;
            d.watch(deposits, RecursiveMode::Recursive)?;
            Box::new(d)
        }
    };
    Ok(Watching {
        _debouncer: debouncer,
        events: rx,
    })
}

/// What identifies a folder beyond its path (device and inode), when the
/// system tells it.
#[cfg(unix)]
fn folder_identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// What identifies a folder beyond its path: not told on this system, so
/// a folder recreated under the same path is not noticed this way.
#[cfg(not(unix))]
fn folder_identity(_path: &Path) -> Option<(u64, u64)> {
    None
}

/// Why `deposits` cannot be watched now, in French; `None` when it can be listed.
fn unavailable_reason(deposits: &Path) -> Option<String> {
    match std::fs::read_dir(deposits) {
        Ok(_) => None,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(format!(
            "Le dossier {} est introuvable (renommé ou supprimé ?) : ctg attend qu'il réapparaisse.",
            deposits.display()
        )),
        Err(e) => Some(unreadable(deposits, &e)),
    }
}

/// `deposits` cannot be read for `e`, in French.
fn unreadable(deposits: &Path, e: &std::io::Error) -> String {
    format!(
        "Le dossier {} ne peut pas être lu : {}. ctg attend qu'il le redevienne.",
        deposits.display(),
        crate::fs::io_reason(e)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notifications_are_backed_by_a_listing_now_and_then() -> Result<(), Box<dyn std::error::Error>>
    {
        let ago = |d: Duration| Instant::now().checked_sub(d).ok_or("machine just started");
        let dir = tempfile::tempdir()?;
        let mut source = Source::new(dir.path(), None);
        assert_eq!(source.poll, None, "a local folder takes notifications");
        assert!(!source.due(), "just listed");
        source.last_list = ago(SAFETY_RELIST)?;
        assert!(source.due(), "listed again after SAFETY_RELIST");

        let mut polled = Source::new(dir.path(), Some(Duration::from_millis(500)));
        polled.last_list = ago(Duration::from_millis(500))?;
        assert!(polled.due(), "polling lists at its own interval");
        Ok(())
    }
}
