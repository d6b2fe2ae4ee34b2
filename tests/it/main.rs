//! Integration tests, compiled into one binary: linking one test binary per
//! file dominated the build on a 2-core machine. One module per subject;
//! `common` builds partner workbooks in code and runs the `ctg` binary.

mod architecture;
mod caf_reads;
mod changes;
mod cli;
mod common;
mod consolidation;
mod copil;
mod diff;
mod durability;
mod evaluation;
mod fuzz;
mod golden_store;
mod history;
mod html;
mod joint;
mod kept_with_errors;
mod libreoffice;
mod rules;
mod samples;
mod template_v2;
mod unreadable;
// The watcher is driven with signals, owners and modes: Unix only.
#[cfg(unix)]
mod watch;
