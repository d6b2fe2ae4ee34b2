//! Keeping every output in sync with the shared folder.
//!
//! [`run`] watches `depots/` (`source`: where events come from), waits for
//! changed files to settle (`settle`), then reads them and publishes a new
//! consolidation (`session`: the loop), logging as it goes (`log`).

mod log;
mod session;
mod settle;
mod source;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use crate::error::Result;
use crate::folder::Layout;
use crate::referentiel::Config;
use crate::workbook::Isolation;
use log::log;
use session::Session;
use source::Source;

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

/// Watches `layout`'s `depots/` until `stop` is set (Ctrl-C, SIGTERM),
/// keeping every output in sync. Finishes the current run before returning.
pub fn run(
    layout: &Layout,
    config: Config,
    isolation: &Isolation,
    options: &Options,
    stop: &Arc<AtomicBool>,
) -> Result<()> {
    let mut session = Session::open(layout, config, isolation, options)?;
    let mut source = Source::new(&layout.deposits, options.poll);
    log(&format!(
        "Surveillance de {} ({}). Ctrl-C pour arrêter.",
        layout.deposits.display(),
        source.mode()
    ));
    session.read_existing();
    session.watch(&mut source, stop)?;
    log("Arrêt de la surveillance.");
    Ok(())
}
