//! Keeping every output in sync with the shared folder.
//!
//! The watcher watches the folder, not the files: office suites save by
//! writing a temporary file and renaming it over the original, which would
//! end a watch on the file itself. Notifications only say « something
//! changed »; what changed is found by listing the folder and comparing
//! sizes and modification times with what was read before. A changed file
//! is read once it has stopped changing for the settle delay and opens as a
//! workbook; a file saved without edits (same content hash) triggers
//! nothing. Files settling together make one consolidation.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant, SystemTime};

use notify_debouncer_full::notify::{self, PollWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, NoCache, new_debouncer, new_debouncer_opt};

use crate::consolidate::{self, Reading, Received};
use crate::error::{Error, Result};
use crate::finding::Severity;
use crate::folder::Layout;
use crate::model::Snapshot;
use crate::publish::{ReportFile, conclude};
use crate::referentiel::Config;
use crate::store::Store;
use crate::text::count;
use crate::validate::Context;
use crate::workbook::{Isolation, Limits};

/// How to watch.
#[derive(Debug, Clone)]
pub struct Options {
    /// Poll the folder every so often instead of relying on notifications
    /// (forced on network file systems).
    pub poll: Option<Duration>,
    /// How long a file must stay unchanged before it is read.
    pub settle: Duration,
    /// Log every event, not only those worth knowing.
    pub verbose: bool,
    /// How long to wait for another run holding the folder's lock.
    pub lock_wait: Duration,
    /// Forced « today » (tests).
    pub today: Option<chrono::NaiveDate>,
    /// The `ctg.toml` the configuration comes from, if any: reloaded when
    /// it changes, so that a partner added to the registry needs no restart.
    pub config_file: Option<PathBuf>,
}

/// Polling interval when the folder is on a network file system and no
/// interval was given.
pub const DEFAULT_POLL: Duration = Duration::from_secs(2);
/// A file that never opens as a workbook is read anyway after this long,
/// and reported for what it is.
const MAX_SETTLE_WAIT: Duration = Duration::from_secs(30);
/// How often the loop wakes up to check settling files and retry outputs.
const TICK: Duration = Duration::from_millis(100);
/// A failed output (full disk…) is retried this often.
const RETRY: Duration = Duration::from_secs(10);

/// One line of the log, with the time.
fn log(message: &str) {
    use std::io::Write;
    // Not println!: it panics when stdout is gone (a closed pipe, `| tee`
    // killed), and the watcher must outlive its log reader.
    let _ = writeln!(
        std::io::stdout(),
        "[{}] {message}",
        chrono::Local::now().format("%H:%M:%S")
    );
}

/// Size and modification time: what tells that a file changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    size: u64,
    modified: Option<SystemTime>,
    /// Status change time (Unix): a file unreadable for its permissions
    /// is read again once they are fixed, which leaves its mtime as it was.
    changed: i64,
}

fn stamp(path: &Path) -> Option<Stamp> {
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
        crate::workbook::Detected::Zip => {
            zip::ZipArchive::new(std::io::BufReader::new(file)).is_ok()
        }
        crate::workbook::Detected::Workbook(_) => size >= 512,
        // Not a workbook at all: nothing more will come, read it to say so.
        crate::workbook::Detected::Other(_) => true,
    }
}

/// What identifies a folder beyond its path (device and inode), when the
/// system tells it.
#[cfg(unix)]
fn folder_identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn folder_identity(_path: &Path) -> Option<(u64, u64)> {
    None
}

/// A running watch: events arrive on `events` while `_debouncer` lives.
struct Watching {
    _debouncer: Box<dyn std::any::Any>,
    events: Receiver<DebounceEventResult>,
}

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

/// The watcher's state between runs.
struct Session<'a> {
    layout: &'a Layout,
    config: Config,
    /// The `ctg.toml` as it was when last loaded (or found unusable).
    config_stamp: Option<Stamp>,
    options: &'a Options,
    isolation: &'a Isolation,
    limits: Limits,
    store: Store,
    /// What each file under `depots/` held when last read.
    known: HashMap<PathBuf, (Stamp, Received)>,
    pending: HashMap<PathBuf, Pending>,
    /// Known files missing from the folder, since when.
    absent: HashMap<PathBuf, Instant>,
    /// Sub-folders that cannot be listed (said once).
    unlisted: HashSet<PathBuf>,
    /// The last consolidation, to compare the next one with.
    previous: Option<Snapshot>,
    /// The history's number of that consolidation.
    last_run: Option<i64>,
    /// Outputs to write again (a failed run).
    dirty: bool,
    last_attempt: Instant,
}

impl Session<'_> {
    fn now(&self) -> chrono::NaiveDateTime {
        match self.options.today {
            Some(d) => d.and_time(chrono::NaiveTime::MIN),
            None => chrono::Local::now().naive_local(),
        }
    }

    /// Lists the folder and notes what changed; returns the paths gone.
    /// A file is gone once missing for the settle delay: Excel moves the
    /// original aside a moment before renaming the new version over it.
    fn scan(&mut self) -> std::io::Result<Vec<PathBuf>> {
        let (files, problems) = crate::folder::scan::workbooks_in(&self.layout.deposits)?;
        // A sub-folder that cannot be listed hides its files: they are not
        // removed, only out of sight.
        let unlisted: HashSet<PathBuf> = problems.iter().map(|(p, _)| p.clone()).collect();
        for (dir, e) in &problems {
            if !self.unlisted.contains(dir) {
                log(&format!(
                    "Le sous-dossier {} ne peut pas être lu : {}. Ses fichiers restent pris en compte tels qu'ils ont été lus.",
                    self.rel(dir),
                    crate::fs::io_reason(e)
                ));
            }
        }
        for dir in self.unlisted.difference(&unlisted) {
            log(&format!(
                "Le sous-dossier {} est de nouveau lisible.",
                self.rel(dir)
            ));
        }
        self.unlisted = unlisted;
        let present: HashSet<&PathBuf> = files.iter().collect();
        let now = Instant::now();
        let missing: Vec<PathBuf> = self
            .known
            .keys()
            .filter(|p| !present.contains(p) && !self.unlisted.iter().any(|d| p.starts_with(d)))
            .cloned()
            .collect();
        self.absent.retain(|p, _| missing.contains(p));
        let mut gone = Vec::new();
        for path in missing {
            let since = *self.absent.entry(path.clone()).or_insert(now);
            if since.elapsed() >= self.options.settle {
                self.absent.remove(&path);
                gone.push(path);
            }
        }
        self.pending.retain(|p, _| present.contains(p));
        for path in &files {
            let Some(s) = stamp(path) else { continue };
            if self.known.get(path).is_some_and(|(k, _)| *k == s) {
                self.pending.remove(path);
                continue;
            }
            match self.pending.get_mut(path) {
                Some(p) if p.stamp == s => {}
                Some(p) => {
                    p.stamp = s;
                    p.since = now;
                }
                None => {
                    if self.options.verbose {
                        log(&format!(
                            "Modification vue : {} (lecture quand il sera stable)",
                            self.rel(path)
                        ));
                    }
                    self.pending.insert(
                        path.clone(),
                        Pending {
                            stamp: s,
                            since: now,
                            first: now,
                        },
                    );
                }
            }
        }
        Ok(gone)
    }

    fn rel(&self, path: &Path) -> String {
        crate::fs::relative(&self.layout.deposits, path)
    }

    /// Files that stopped changing and open as workbooks, with the stamp
    /// they had when last listed.
    fn settled(&mut self) -> Vec<(PathBuf, Stamp)> {
        let settle = self.options.settle;
        let ready: Vec<(PathBuf, Stamp)> = self
            .pending
            .iter()
            .filter(|(path, p)| {
                p.since.elapsed() >= settle
                    && (opens(path, &self.limits) || p.first.elapsed() >= MAX_SETTLE_WAIT)
            })
            .map(|(path, p)| (path.clone(), p.stamp))
            .collect();
        for (path, _) in &ready {
            self.pending.remove(path);
        }
        ready
    }

    /// Reloads `ctg.toml` when it changed; returns true when the new
    /// configuration is in use (every file was read again with it). An
    /// unusable file is reported and the configuration in use kept.
    fn reload_config(&mut self) -> bool {
        let Some(path) = &self.options.config_file else {
            return false;
        };
        let now = stamp(path);
        if now == self.config_stamp {
            return false;
        }
        self.config_stamp = now;
        if now.is_none() {
            log(&format!(
                "Le fichier de configuration {} est introuvable : la configuration chargée reste en usage.",
                path.display()
            ));
            return false;
        }
        match Config::load(path) {
            Ok(config) => {
                self.config = config;
                log(&format!(
                    "Configuration {} modifiée : elle est rechargée et les classeurs relus avec elle.",
                    path.display()
                ));
                let all: Vec<(PathBuf, Stamp)> = self
                    .known
                    .iter()
                    .map(|(p, (s, _))| (p.clone(), *s))
                    .collect();
                self.read(&all, true);
                true
            }
            Err(e) => {
                log(&format!(
                    "{}\nLa configuration précédente reste en usage jusqu'à ce que le fichier soit corrigé ; ctg le relira de lui-même.",
                    e.problems_text()
                ));
                false
            }
        }
    }

    /// Reads `files`, updates what is known; returns true when a content
    /// really changed (not a save without edits), or always with `again`
    /// (files read again under a new configuration, said only if changed).
    fn read(&mut self, files: &[(PathBuf, Stamp)], again: bool) -> bool {
        if files.is_empty() {
            return false;
        }
        let ctx = Context::new(&self.config, self.now().date());
        let reading = Reading {
            limits: &self.limits,
            isolation: self.isolation,
            on_file: &|| {},
        };
        let paths: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
        let received = consolidate::receive(
            &self.layout.deposits,
            &paths,
            self.store.archive(),
            &ctx,
            &reading,
        );
        let mut changed = false;
        for ((path, s), r) in files.iter().zip(received) {
            match stamp(path) {
                // Vanished while read: the next listing says so.
                None => continue,
                // Saved again while read: what was read may be half of it.
                // Not reported; read once it settles again.
                Some(after) if after != *s => {
                    let now = Instant::now();
                    self.pending.insert(
                        path.clone(),
                        Pending {
                            stamp: after,
                            since: now,
                            first: now,
                        },
                    );
                    continue;
                }
                Some(_) => {}
            }
            // Listed before the read and unchanged after it: what was read.
            let s = *s;
            let same = self
                .known
                .get(path)
                .is_some_and(|(_, old)| old.hash.is_some() && old.hash == r.hash);
            if !same {
                log(&describe(&r));
            } else if self.options.verbose && !again {
                log(&format!("{} enregistré sans modification.", r.rel));
            }
            changed |= again || !same;
            self.known.insert(path.clone(), (s, r));
        }
        changed
    }

    /// Consolidates what is known, writes the outputs and the history.
    fn consolidate(&mut self) {
        let started = Instant::now();
        self.last_attempt = started;
        match self.try_consolidate() {
            Ok(line) => {
                self.dirty = false;
                let seconds = format!("{:.1}", started.elapsed().as_secs_f64()).replace('.', ",");
                log(&format!("{line} ({seconds} s)"));
            }
            Err(e) => {
                self.dirty = true;
                log(&format!(
                    "Erreur : {e} Nouvel essai dans {} s.",
                    RETRY.as_secs()
                ));
            }
        }
    }

    fn try_consolidate(&mut self) -> Result<String> {
        let _lock = crate::folder::lock::acquire(&self.layout.state, self.options.lock_wait)?;
        let now = self.now();
        let ctx = Context::new(&self.config, now.date());
        let reading = Reading {
            limits: &self.limits,
            isolation: self.isolation,
            on_file: &|| {},
        };
        let mut received: Vec<Received> = self.known.values().map(|(_, r)| r.clone()).collect();
        received.sort_by(|a, b| a.rel.cmp(&b.rel));
        let c = consolidate::assemble(received, &ctx, &self.store, now, &reading)?;
        // Compare with the latest run of the history, which may be another
        // one than ours (a `ctg consolider` run by hand meanwhile): its
        // changes must not be reported twice.
        let latest = self.store.latest_run()?;
        if latest.as_ref().map(|r| r.id) != self.last_run {
            self.previous = match &latest {
                Some(run) => Some(self.store.snapshot(run)?),
                None => None,
            };
        }
        let (written, report) = conclude(
            &c,
            &self.config,
            self.layout,
            &mut self.store,
            self.previous.as_ref(),
            now,
            ReportFile::Latest,
        )?;
        self.previous = Some(c.snapshot());
        self.last_run = self.store.latest_run()?.map(|r| r.id);
        let errors = c
            .findings()
            .iter()
            .filter(|(_, f)| f.severity == Severity::Error)
            .count();
        let mut line = format!(
            "Consolidation : {}, {}, {}",
            count(c.partners.len(), "partenaire", "partenaires"),
            count(c.actions().len(), "action", "actions"),
            count(errors, "erreur", "erreurs")
        );
        match (report, written.report) {
            (Some(r), Some(path)) => line.push_str(&format!(
                " ; {} (rapport : {})",
                count(
                    r.partners.len(),
                    "partenaire modifié",
                    "partenaires modifiés"
                ),
                path.display()
            )),
            (Some(_), None) => line.push_str(" ; aucune modification"),
            (None, _) => {}
        }
        Ok(line)
    }
}

/// One line on a file just read.
fn describe(r: &Received) -> String {
    let s = &r.submission;
    let who = if s.partner.code.is_empty() {
        String::new()
    } else {
        format!("{} — ", s.partner.code)
    };
    if !s.is_readable() {
        let why = s
            .findings
            .first()
            .map_or(String::new(), |f| f.message.clone());
        return format!("{who}{} illisible : {why}", r.rel);
    }
    format!(
        "{who}{} lu : {}, {}, {}",
        r.rel,
        count(s.actions.len(), "action", "actions"),
        count(s.count(Severity::Error), "erreur", "erreurs"),
        count(
            s.count(Severity::Warning),
            "avertissement",
            "avertissements"
        )
    )
}

/// Watches `layout`'s `depots/` until `stop` is set (Ctrl-C, SIGTERM),
/// keeping every output in sync. Finishes the current run before returning.
pub fn run(
    layout: &Layout,
    config: Config,
    isolation: &Isolation,
    options: &Options,
    stop: &Arc<AtomicBool>,
) -> Result<()> {
    let store = Store::open(&layout.state)?;
    let mut session = Session {
        layout,
        config,
        config_stamp: options.config_file.as_deref().and_then(stamp),
        options,
        isolation,
        limits: Limits::default(),
        store,
        known: HashMap::new(),
        pending: HashMap::new(),
        absent: HashMap::new(),
        unlisted: HashSet::new(),
        previous: None,
        last_run: None,
        dirty: false,
        last_attempt: Instant::now(),
    };
    let mut poll = options.poll.or_else(|| {
        let remote = crate::fs::remote_file_system(&layout.deposits)?;
        log(&format!(
            "Le dossier est sur un système de fichiers {remote} : les enregistrements faits depuis d'autres postes n'y sont pas signalés, ctg le relit donc toutes les {} secondes.",
            DEFAULT_POLL.as_secs()
        ));
        Some(DEFAULT_POLL)
    });
    let mode = match poll {
        Some(p) => format!("relecture toutes les {}", format_duration(p)),
        None => "notifications du système".to_owned(),
    };
    log(&format!(
        "Surveillance de {} ({mode}). Ctrl-C pour arrêter.",
        layout.deposits.display()
    ));

    // First run: every file already there, unless still being written.
    let mut watch = None;
    // The folder is missing or unreadable (said once, until it is back).
    let mut unavailable = false;
    if session.scan().is_ok() {
        let settle = options.settle;
        let old_enough: Vec<(PathBuf, Stamp)> = session
            .pending
            .iter()
            .filter(|(path, _)| {
                std::fs::metadata(path)
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age >= settle)
            })
            .map(|(path, p)| (path.clone(), p.stamp))
            .collect();
        for (path, _) in &old_enough {
            session.pending.remove(path);
        }
        session.read(&old_enough, false);
    }
    // The first consolidation waits for files still being written.
    let mut started = false;
    // List the folder even without an event: set when a watch starts, as
    // files may have come while there was none (the folder recreated).
    let mut rescan = false;
    // Polling: the folder is listed at every interval. notify's PollWatcher
    // alone misses saves: it compares modification times in whole seconds.
    let mut last_scan = Instant::now();

    let mut watched = None;
    while !stop.load(Ordering::SeqCst) {
        // A folder renamed and recreated at once keeps its path but not its
        // identity: the watch on the old one would see nothing more.
        if watch.is_some() && folder_identity(&layout.deposits) != watched {
            watch = None;
        }
        if watch.is_none() {
            match start_watch(&layout.deposits, poll) {
                Ok(w) => {
                    watch = Some(w);
                    watched = folder_identity(&layout.deposits);
                    rescan = true;
                }
                Err(e) => {
                    match unavailable_reason(&layout.deposits) {
                        Some(why) => {
                            if !unavailable {
                                log(&why);
                                unavailable = true;
                            }
                        }
                        // The folder is there, notifications are not (the
                        // system's limit of watches reached…): poll it.
                        None if poll.is_none() => {
                            log(&format!(
                                "Les notifications du système ne sont pas disponibles ({e}) : ctg relit donc le dossier toutes les {}.",
                                format_duration(DEFAULT_POLL)
                            ));
                            poll = Some(DEFAULT_POLL);
                            continue;
                        }
                        None => {
                            return Err(Error::Usage(format!(
                                "Impossible de surveiller le dossier {} : {e}.",
                                layout.deposits.display()
                            )));
                        }
                    }
                    std::thread::sleep(Duration::from_secs(1));
                    continue;
                }
            }
        }
        let Some(Watching { events, .. }) = &watch else {
            continue;
        };
        // Wake up on events, or to check settling files (when the first
        // one is due, not up to a tick later) and retries.
        let wait = session
            .pending
            .values()
            .filter_map(|p| options.settle.checked_sub(p.since.elapsed()))
            .min()
            .map_or(TICK, |d| d.clamp(Duration::from_millis(5), TICK));
        let woke = match events.recv_timeout(wait) {
            Ok(Ok(_)) => true,
            Ok(Err(errors)) => {
                if options.verbose {
                    for e in errors {
                        log(&format!("Avertissement de la surveillance : {e}"));
                    }
                }
                true
            }
            Err(RecvTimeoutError::Timeout) => false,
            Err(RecvTimeoutError::Disconnected) => {
                watch = None;
                continue;
            }
        };
        let reloaded = session.reload_config();
        let retry = session.dirty && session.last_attempt.elapsed() >= RETRY;
        let due = poll.is_some_and(|p| last_scan.elapsed() >= p);
        if started
            && !(woke
                || reloaded
                || retry
                || rescan
                || due
                || !session.pending.is_empty()
                || !session.absent.is_empty())
        {
            continue;
        }
        rescan = false;
        last_scan = Instant::now();
        let gone = match session.scan() {
            Ok(g) => {
                if unavailable {
                    log(&format!(
                        "Le dossier {} est de retour : surveillance reprise.",
                        layout.deposits.display()
                    ));
                    unavailable = false;
                }
                g
            }
            Err(e) => {
                // The folder vanished or cannot be read: drop the watch,
                // say so once, wait for it to return.
                if !unavailable {
                    let why = unavailable_reason(&layout.deposits).unwrap_or_else(|| {
                        format!("Le dossier {} ne peut pas être lu : {}. ctg attend qu'il le redevienne.", layout.deposits.display(), crate::fs::io_reason(&e))
                    });
                    log(&why);
                    unavailable = true;
                }
                watch = None;
                std::thread::sleep(Duration::from_secs(1));
                continue;
            }
        };
        for path in &gone {
            let who = session
                .known
                .remove(path)
                .map(|(_, r)| r.submission.partner.code)
                .filter(|c| !c.is_empty())
                .map_or(String::new(), |c| format!("{c} — "));
            log(&format!("{who}{} retiré du dossier.", session.rel(path)));
        }
        let ready = session.settled();
        let changed = session.read(&ready, false);
        if (!started && session.pending.is_empty())
            || (started && (changed || reloaded || !gone.is_empty() || retry))
        {
            session.consolidate();
            started = true;
        }
    }
    log("Arrêt de la surveillance.");
    Ok(())
}

/// Why `deposits` cannot be watched now, in French; `None` when it can be listed.
fn unavailable_reason(deposits: &Path) -> Option<String> {
    match std::fs::read_dir(deposits) {
        Ok(_) => None,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(format!(
            "Le dossier {} est introuvable (renommé ou supprimé ?) : ctg attend qu'il réapparaisse.",
            deposits.display()
        )),
        Err(e) => Some(format!(
            "Le dossier {} ne peut pas être lu : {}. ctg attend qu'il le redevienne.",
            deposits.display(),
            crate::fs::io_reason(&e)
        )),
    }
}

fn format_duration(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs.fract() == 0.0 {
        count(secs as usize, "seconde", "secondes")
    } else {
        format!("{secs} secondes").replace('.', ",")
    }
}
