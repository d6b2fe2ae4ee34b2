//! The watch loop and the state it keeps between runs.
//!
//! Notifications only say « something changed »; what changed is found by
//! listing the folder and comparing each file's [`Stamp`] with what was
//! read before. Settled files are read; a file saved without edits (same
//! content hash) triggers nothing. Files settling together make one
//! consolidation, published like `ctg consolider` does; a failed one (full
//! disk…) is retried. `ctg.toml` is reloaded when it changes.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::Options;
use super::log::{describe, log, summary};
use super::settle::{Settling, Stamp, stamp};
use super::source::{Source, Wake};
use crate::consolidate::{self, Reading, Received};
use crate::error::Result;
use crate::folder::Layout;
use crate::folder::scan::ScanProblems;
use crate::publish::{ReportFile, conclude};
use crate::referentiel::Config;
use crate::store::Store;
use crate::text::count;
use crate::validate::Context;
use crate::workbook::{Isolation, Limits};

/// How often the loop wakes up to check settling files and retry outputs.
const TICK: Duration = Duration::from_millis(100);
/// A failed output (full disk…) is retried this often.
const RETRY: Duration = Duration::from_secs(10);

/// The watcher's state between runs.
pub(super) struct Session<'a> {
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
    /// Files changing or missing, not yet taken into account.
    settling: Settling,
    /// Sub-folders that cannot be listed (said once).
    unlisted: HashSet<PathBuf>,
    /// Outputs to write again (a failed run).
    dirty: bool,
    last_attempt: Instant,
    /// A consolidation was made (or attempted): the first one waits for
    /// the files still being written.
    started: bool,
    /// The workbooks of `coordination/` as the last consolidation read them.
    coordination_read: Coordination,
    /// As last seen, and since when they have not changed.
    coordination_seen: (Coordination, Instant),
    /// The folder was listed once: later listings tell each file seen.
    listed: bool,
}

/// The workbooks of `coordination/` and their stamps: a committee's
/// workbook saved is read at the next consolidation, once it settles.
type Coordination = Vec<(PathBuf, Option<Stamp>)>;

impl<'a> Session<'a> {
    /// A session on `layout` with nothing read yet; opens the history.
    pub(super) fn open(
        layout: &'a Layout,
        config: Config,
        isolation: &'a Isolation,
        options: &'a Options,
    ) -> Result<Self> {
        Ok(Session {
            layout,
            config,
            config_stamp: options.config_file.as_deref().and_then(stamp),
            options,
            isolation,
            limits: Limits::default(),
            store: Store::open(&layout.state)?,
            known: HashMap::new(),
            settling: Settling::new(options.settle),
            unlisted: HashSet::new(),
            dirty: false,
            last_attempt: Instant::now(),
            started: false,
            coordination_read: Vec::new(),
            coordination_seen: (Vec::new(), Instant::now()),
            listed: false,
        })
    }

    /// Reads every file already there, unless still being written.
    pub(super) fn read_existing(&mut self) {
        if self.scan().is_ok() {
            let old_enough = self.settling.old_enough();
            self.read(&old_enough, false);
        }
    }

    /// Keeps the outputs in sync with the folder, events coming from
    /// `source`, until `stop` is set. Fails only when the folder cannot be
    /// watched at all.
    pub(super) fn watch(&mut self, source: &mut Source, stop: &AtomicBool) -> Result<()> {
        while !stop.load(Ordering::SeqCst) {
            if !source.ready()? {
                continue;
            }
            let wait = self.settling.wait(TICK);
            if let Some(wake) = source.wait(wait, self.options.verbose) {
                self.step(source, wake);
            }
        }
        Ok(())
    }

    /// One turn of the loop: reloads `ctg.toml`, lists the folder when
    /// something may have changed, reads the settled files, consolidates
    /// when a content changed or a failed run is due again.
    fn step(&mut self, source: &mut Source, wake: Wake) {
        let reloaded = self.reload_config();
        let retry = self.dirty && self.last_attempt.elapsed() >= RETRY;
        let decided = self.coordination_settled();
        let quiet = wake == Wake::Timeout
            && !reloaded
            && !retry
            && !decided
            && !source.due()
            && self.settling.is_idle();
        if self.started && quiet {
            return;
        }
        let Some(gone) = source.list(|| self.scan()) else {
            return;
        };
        self.forget(&gone);
        let ready = self.settling.ready(&self.limits);
        let changed = self.read(&ready, false);
        let due = if self.started {
            changed || reloaded || !gone.is_empty() || retry || decided
        } else {
            self.settling.is_empty()
        };
        if due {
            self.consolidate();
            self.started = true;
        }
    }

    /// The workbooks of `coordination/` now (none when it does not exist).
    fn coordination(&self) -> Coordination {
        crate::folder::scan::workbooks_in(&self.layout.coordination)
            .map(|(files, _)| {
                files
                    .into_iter()
                    .map(|p| {
                        let s = stamp(&p);
                        (p, s)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// True when the workbooks of `coordination/` differ from what the
    /// last consolidation read and have stayed unchanged for the settle
    /// delay: the committee's decisions were saved.
    fn coordination_settled(&mut self) -> bool {
        let now = self.coordination();
        if now != self.coordination_seen.0 {
            self.coordination_seen = (now, Instant::now());
            return false;
        }
        self.started
            && now != self.coordination_read
            && self.coordination_seen.1.elapsed() >= self.options.settle
    }

    fn now(&self) -> chrono::NaiveDateTime {
        match self.options.today {
            Some(d) => d.and_time(chrono::NaiveTime::MIN),
            None => chrono::Local::now().naive_local(),
        }
    }

    fn rel(&self, path: &Path) -> String {
        crate::fs::relative(&self.layout.deposits, path)
    }

    fn reading(&self) -> Reading<'_> {
        Reading {
            limits: &self.limits,
            isolation: self.isolation,
            on_file: &|| {},
        }
    }

    /// Lists the folder and notes what changed; returns the paths gone
    /// (missing for the settle delay).
    fn scan(&mut self) -> std::io::Result<Vec<PathBuf>> {
        let (files, problems) = crate::folder::scan::workbooks_in(&self.layout.deposits)?;
        self.note_unlisted(&problems);
        let present: HashSet<&PathBuf> = files.iter().collect();
        let missing: Vec<PathBuf> = self
            .known
            .keys()
            .filter(|p| !present.contains(p) && !self.unlisted.iter().any(|d| p.starts_with(d)))
            .cloned()
            .collect();
        let gone = self.settling.missing(missing);
        self.settling.keep(&present);
        let mut seen = Vec::new();
        for path in &files {
            let Some(s) = stamp(path) else { continue };
            if self.known.get(path).is_some_and(|(k, _)| *k == s) {
                self.settling.unchanged(path);
            } else if self.settling.changed(path, s) {
                seen.push(path);
            }
        }
        if self.options.verbose {
            // At start every file is new: one line for all of them.
            if !self.listed {
                log(&format!(
                    "{} dans {} (lecture de chacun quand il sera stable)",
                    count(seen.len(), "fichier présent", "fichiers présents"),
                    self.layout.deposits.display()
                ));
            } else {
                for path in seen {
                    log(&format!(
                        "Modification vue : {} (lecture quand il sera stable)",
                        self.rel(path)
                    ));
                }
            }
        }
        self.listed = true;
        Ok(gone)
    }

    /// Notes the sub-folders that cannot be listed: their files are not
    /// removed, only out of sight. Says when one becomes so or stops being.
    fn note_unlisted(&mut self, problems: &ScanProblems) {
        let unlisted: HashSet<PathBuf> = problems.iter().map(|(p, _)| p.clone()).collect();
        for (dir, e) in problems {
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
    }

    /// The partner of a file read, for the log: as the consolidation will
    /// attribute it (an unreadable file by its name or by the history).
    fn partner_of(&self, r: &Received) -> Option<String> {
        // The log line is worth more than the history's answer: a history
        // that cannot be asked leaves the line without its prefix.
        consolidate::attribute(r, &self.config, &self.store)
            .ok()
            .flatten()
    }

    /// Forgets the files `gone` from the folder, saying so.
    fn forget(&mut self, gone: &[PathBuf]) {
        for path in gone {
            let who = self
                .known
                .remove(path)
                .and_then(|(_, r)| self.partner_of(&r))
                .map_or(String::new(), |c| format!("{c} — "));
            log(&format!("{who}{} retiré du dossier.", self.rel(path)));
        }
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
        let paths: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
        let received = consolidate::receive(
            &self.layout.deposits,
            &paths,
            self.store.archive(),
            &ctx,
            &self.reading(),
        );
        let mut changed = false;
        for ((path, s), r) in files.iter().zip(received) {
            match stamp(path) {
                // Vanished while read: the next listing says so.
                None => continue,
                // Saved again while read: what was read may be half of it.
                // Not reported; read once it settles again.
                Some(after) if after != *s => {
                    self.settling.restart(path, after);
                    continue;
                }
                // Listed before the read and unchanged after it: what was read.
                Some(_) => {}
            }
            let same = self
                .known
                .get(path)
                .is_some_and(|(_, old)| old.hash.is_some() && old.hash == r.hash);
            if !same {
                log(&describe(&r, self.partner_of(&r).as_deref()));
            } else if self.options.verbose && !again {
                log(&format!("{} enregistré sans modification.", r.rel));
            }
            changed |= again || !same;
            self.known.insert(path.clone(), (*s, r));
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

    /// Consolidates and publishes under the folder's lock; returns the
    /// line to log.
    fn try_consolidate(&mut self) -> Result<String> {
        let _lock = crate::folder::lock::acquire(&self.layout.state, self.options.lock_wait)?;
        let now = self.now();
        let ctx = Context::new(&self.config, now.date());
        let mut received: Vec<Received> = self.known.values().map(|(_, r)| r.clone()).collect();
        received.sort_by(|a, b| a.rel.cmp(&b.rel));
        let mut c = consolidate::assemble(received, &ctx, &self.store, now, &self.reading())?;
        self.coordination_read = self.coordination();
        // Few and small: the committee's workbooks are read at every run.
        consolidate::attach(
            &mut c,
            &self.layout.coordination,
            &self.store,
            &self.config.referentiel,
            &self.reading(),
        )?;
        // Compared with the latest run of the history: this watcher's last
        // one, or a `ctg consolider` run by hand meanwhile, whose changes
        // must not be reported twice.
        let previous = self.store.latest_run()?;
        let published = conclude(
            &c,
            &self.config,
            self.layout,
            &mut self.store,
            previous.as_ref(),
            now,
            ReportFile::Latest,
        )?;
        let line = summary(
            &c,
            published.report.as_ref(),
            published.written.report.as_deref(),
            &published.recorded,
        );
        Ok(line)
    }
}
