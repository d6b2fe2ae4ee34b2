//! The golden history store `tests/fixtures/historique-v1/`: a `.ctg/`
//! written by ctg at the tag `historique-v1` (three consolidations of four
//! partners, see the fixture's README). Whatever the store format becomes,
//! today's ctg must still read it and say the same things about it.
//!
//! Deliberately standalone: only the built binary, std and tempfile, no
//! `tests/common` and no library API, so that it keeps testing the store
//! while the code around it is reorganised. The expected outputs in
//! `attendu/` were checked by hand against the scenario; a change there is a
//! change in what a coordinator reads, to be justified.
//!
//! Every test works on its own copy of the fixture: opening a store may
//! write to it (journal, migrations), and the committed one must stay as the
//! old version wrote it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{copy_golden_store, golden_store};

const CTG: &str = env!("CARGO_BIN_EXE_ctg");

/// Date of the last consolidation of the scenario, for commands that
/// validate workbooks.
const LAST_RUN: &str = "2025-01-20";

/// Archived versions of the MJC de Lavaur's workbook: the one of run 1, and
/// the one of run 2 (MJCL-003 renumbered MJCL-008, MJCL-006 closed).
const MJCL_V1: &str = "63bc5193fb7c6bbd17619f67e47230ce3abcd7270140f376e837e3c990ff6f78.xlsx";
const MJCL_V2: &str = "43e4990c20ee1199d9d2dd044c226b766a11b1a63ac4fe837499e096f6f455f7.xlsx";

/// Files over this size do not belong in the repository.
const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// A private copy of the shared folder state: `.ctg/` and `ctg.toml`.
struct Copy {
    _dir: tempfile::TempDir,
    folder: PathBuf,
}

fn copy() -> Copy {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("dossier");
    copy_golden_store(&folder).unwrap();
    Copy { _dir: dir, folder }
}

/// Runs ctg; returns its standard output with the copy's path replaced by
/// `DOSSIER`, after checking the exit code.
fn run(copy: &Copy, args: &[&str], expected_code: i32) -> String {
    let out = Command::new(CTG).args(args).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(expected_code),
        "ctg {args:?}: exit code {:?}, expected {expected_code}\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        out.status.code()
    );
    let folder = copy.folder.to_str().unwrap();
    stdout.replace(folder, "DOSSIER")
}

/// A line diff of two texts (longest common subsequence), `-` for expected
/// lines missing, `+` for lines not expected.
fn diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    // lcs[i][j]: length of the longest common subsequence of a[i..], b[j..].
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = String::new();
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            let _ = writeln!(out, "  {}", a[i]);
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            let _ = writeln!(out, "- {}", a[i]);
            i += 1;
        } else {
            let _ = writeln!(out, "+ {}", b[j]);
            j += 1;
        }
    }
    if expected.ends_with('\n') != actual.ends_with('\n') {
        out.push_str("(the two texts differ in their final newline)\n");
    }
    out
}

/// Compares an output with its expected file in `attendu/`.
fn check(name: &str, actual: &str) {
    let path = golden_store().join("attendu").join(name);
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    if expected != actual {
        panic!(
            "output differs from {} (- expected, + actual):\n{}",
            path.display(),
            diff(&expected, actual)
        );
    }
}

fn folder(c: &Copy) -> &str {
    c.folder.to_str().unwrap()
}

#[test]
fn fixture_is_self_contained_and_small() {
    let ctg = golden_store().join(".ctg");
    for leftover in ["-wal", "-shm", "-journal"] {
        let path = ctg.join(format!("historique.sqlite{leftover}"));
        assert!(!path.exists(), "{} must not be committed", path.display());
    }
    let mut total = 0;
    let mut stack = vec![golden_store()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let meta = entry.metadata().unwrap();
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                assert!(
                    meta.len() < MAX_FILE_BYTES,
                    "{} is {} bytes",
                    entry.path().display(),
                    meta.len()
                );
                total += meta.len();
            }
        }
    }
    assert!(total < MAX_FILE_BYTES, "the fixture is {total} bytes");
    // Three versions of MJCL (the third truncated), two of EFS and CCTA, one of SJ.
    let archived = std::fs::read_dir(ctg.join("archive")).unwrap().count();
    assert_eq!(archived, 8);
}

/// The schema version of an SQLite database: the big-endian number at
/// byte 60 of its header (`PRAGMA user_version`).
fn user_version(path: &Path) -> u32 {
    let bytes = std::fs::read(path).unwrap();
    u32::from_be_bytes(bytes[60..64].try_into().unwrap())
}

#[test]
fn the_first_opening_upgrades_the_store_after_a_backup() {
    let c = copy();
    let history = c.folder.join(".ctg/historique.sqlite");
    let original = golden_store().join(".ctg/historique.sqlite");
    assert_eq!(user_version(&original), 1);
    run(&c, &["historique", folder(&c)], 0);
    // The format this version writes, after a copy of the v1 one.
    assert_eq!(user_version(&history), 3);
    let backups: Vec<_> = std::fs::read_dir(c.folder.join(".ctg/sauvegardes"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(backups, ["historique-avant-v3.sqlite"]);
    let backup = c.folder.join(".ctg/sauvegardes/historique-avant-v3.sqlite");
    assert_eq!(user_version(&backup), 1);
    assert_eq!(
        std::fs::metadata(&backup).unwrap().len(),
        std::fs::metadata(&original).unwrap().len()
    );
    // Read again once upgraded, it says the same.
    check("historique.txt", &run(&c, &["historique", folder(&c)], 0));
    let out = run(&c, &["rapport", folder(&c), "--depuis-run", "1"], 0);
    check("rapport-depuis-run-1.txt", &out);
    let out = run(&c, &["historique", folder(&c), "--action", "MJCL-003"], 0);
    check("historique-action-MJCL-003.txt", &out);
}

#[test]
fn historique_lists_the_three_runs() {
    let c = copy();
    check("historique.txt", &run(&c, &["historique", folder(&c)], 0));
}

#[test]
fn historique_follows_the_renumbered_action_from_its_old_number() {
    let c = copy();
    let out = run(&c, &["historique", folder(&c), "--action", "MJCL-003"], 0);
    check("historique-action-MJCL-003.txt", &out);
}

#[test]
fn historique_of_the_renumbered_action_under_its_new_number() {
    let c = copy();
    let out = run(&c, &["historique", folder(&c), "--action", "MJCL-008"], 0);
    check("historique-action-MJCL-008.txt", &out);
}

#[test]
fn historique_of_the_removed_action() {
    let c = copy();
    let out = run(&c, &["historique", folder(&c), "--action", "CCTA-005"], 0);
    check("historique-action-CCTA-005.txt", &out);
}

#[test]
fn historique_of_the_partner_whose_file_became_unreadable() {
    let c = copy();
    let out = run(&c, &["historique", folder(&c), "--partenaire", "MJCL"], 0);
    check("historique-partenaire-MJCL.txt", &out);
}

#[test]
fn rapport_since_the_first_run() {
    let c = copy();
    let out = run(&c, &["rapport", folder(&c), "--depuis-run", "1"], 0);
    check("rapport-depuis-run-1.txt", &out);
}

#[test]
fn rapport_since_the_first_run_in_json() {
    let c = copy();
    let out = run(
        &c,
        &[
            "rapport",
            folder(&c),
            "--depuis-run",
            "1",
            "--format",
            "json",
        ],
        0,
    );
    check("rapport-depuis-run-1.json", &out);
}

#[test]
fn comparer_two_archived_versions() {
    let c = copy();
    let archive = c.folder.join(".ctg/archive");
    let (old, new) = (archive.join(MJCL_V1), archive.join(MJCL_V2));
    let out = run(
        &c,
        &[
            "comparer",
            "--aujourdhui",
            LAST_RUN,
            old.to_str().unwrap(),
            new.to_str().unwrap(),
        ],
        // Like diff: 1 when the versions differ.
        1,
    );
    check("comparer-MJCL-v1-v2.txt", &out);
}
