//! Durability of a shared folder's state over years and upgrades: the
//! versioned store (migrations after a backup, refusal of a store written
//! by a newer ctg, left byte for byte as it was), the integrity check and
//! its safe repairs, backup and restore (also while a consolidation runs),
//! and the three commands `controler`, `sauvegarder`, `restaurer`.
//!
//! Self-contained: built on copies of the golden store
//! `tests/fixtures/historique-v1/` (three real consolidations of four
//! partners), the library's store API and the built binary.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{copy_golden_store, golden_store};
use std::time::{Duration, SystemTime};

use ctg::error::Error;
use ctg::store::{self, CheckOptions, CheckReport, ProblemKind, Store};
use rusqlite::Connection;

const CTG: &str = env!("CARGO_BIN_EXE_ctg");

type TestResult = Result<(), Box<dyn std::error::Error>>;
type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// Archived versions of the golden store: the MJC de Lavaur's first
/// workbook, and the first workbooks of EFS, CCTA and SJ.
const MJCL_V1: &str = "63bc5193fb7c6bbd17619f67e47230ce3abcd7270140f376e837e3c990ff6f78.xlsx";
const EFS_V1: &str = "a288cd0fba070c4fbb8708256c683ecf23cc103b38486094bfbe3628c2800615.xlsx";
const CCTA_V1: &str = "c22c68c192c7828427e4a4285cacc0d4b5f09446b7dd44b688a147db812a938c.xlsx";
const SJ_V1: &str = "3fb019a19be28454ec872f1f92e6495699bbf416726b34515b18a3627e9c266a.xlsx";

/// A shared folder in `dir` holding a copy of the golden store v1, its
/// `ctg.toml` and an empty `depots/`.
fn golden(dir: &Path) -> Res<PathBuf> {
    let folder = dir.join("dossier");
    copy_golden_store(&folder)?;
    std::fs::create_dir_all(folder.join("depots"))?;
    Ok(folder)
}

/// The same, brought to today's schema, with its database in one file.
fn upgraded(dir: &Path) -> Res<PathBuf> {
    let folder = golden(dir)?;
    drop(Store::open(&folder.join(".ctg"))?);
    sql(&folder, "PRAGMA journal_mode = DELETE")?;
    Ok(folder)
}

fn db_path(folder: &Path) -> PathBuf {
    folder.join(".ctg").join(store::HISTORY_FILE)
}

/// Runs `batch` on the history of `folder`, as a damaged disk or another
/// program would (references unchecked).
fn sql(folder: &Path, batch: &str) -> Res<()> {
    let db = Connection::open(db_path(folder))?;
    db.execute_batch(&format!("PRAGMA foreign_keys = OFF; {batch}"))?;
    Ok(())
}

fn user_version(path: &Path) -> Res<i64> {
    let db = Connection::open(path)?;
    Ok(db.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// Every row of the tables of schema v1, as text.
fn v1_rows(path: &Path) -> Res<Vec<String>> {
    let db = Connection::open(path)?;
    let mut rows = Vec::new();
    for table in [
        "runs",
        "files",
        "contents",
        "finding_sets",
        "partner_states",
    ] {
        let mut st = db.prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))?;
        let columns = st.column_count();
        let mut found = st.query([])?;
        while let Some(r) = found.next()? {
            let values = (0..columns)
                .map(|i| {
                    r.get::<_, rusqlite::types::Value>(i)
                        .map(|v| format!("{v:?}"))
                })
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows.push(format!("{table}: {}", values.join(" | ")));
        }
    }
    Ok(rows)
}

/// Every file under `dir` with its bytes, the lock file left out (taking
/// the lock writes it; it is no part of the history).
fn files(dir: &Path) -> Res<BTreeMap<PathBuf, Vec<u8>>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n != "verrou") {
                out.insert(path.strip_prefix(dir)?.to_path_buf(), std::fs::read(&path)?);
            }
        }
    }
    Ok(out)
}

fn ctg(args: &[&Path]) -> Res<Output> {
    Ok(Command::new(CTG).args(args).output()?)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts an exit code; returns (stdout, stderr).
fn expect(out: Output, code: i32) -> (String, String) {
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(
        out.status.code(),
        Some(code),
        "--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    (stdout, stderr)
}

fn kinds(report: &CheckReport) -> Vec<ProblemKind> {
    report.problems.iter().map(|p| p.kind).collect()
}

fn messages(report: &CheckReport) -> String {
    let lines: Vec<&str> = report.problems.iter().map(|p| p.message.as_str()).collect();
    lines.join("\n")
}

// ---- The versioned store ----

#[test]
fn the_v1_golden_store_is_upgraded_after_a_backup() -> TestResult {
    let dir = tempfile::tempdir()?;
    let folder = golden(dir.path())?;
    let before = v1_rows(&db_path(&folder))?;
    let store = Store::open(&folder.join(".ctg"))?;
    assert_eq!(store.runs()?.len(), 3);
    drop(store);

    let backups = folder.join(".ctg").join(store::BACKUPS);
    let backup = backups.join(format!(
        "historique-avant-v{}.sqlite",
        store::SCHEMA_VERSION
    ));
    assert_eq!(user_version(&backup)?, 1);
    assert_eq!(v1_rows(&backup)?, before);
    assert_eq!(user_version(&db_path(&folder))?, store::SCHEMA_VERSION);
    assert_eq!(v1_rows(&db_path(&folder))?.len(), before.len());
    let db = Connection::open(db_path(&folder))?;
    let writer: String = db.query_row(
        "SELECT value FROM meta WHERE key = 'ctg_version'",
        [],
        |r| r.get(0),
    )?;
    assert_eq!(writer, env!("CARGO_PKG_VERSION"));
    let encodings: Vec<i64> = db
        .prepare("SELECT DISTINCT encoding FROM contents")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    assert_eq!(encodings, [1]);
    drop(db);

    // Opened again: already upgraded, nothing copied again.
    drop(Store::open(&folder.join(".ctg"))?);
    assert_eq!(std::fs::read_dir(&backups)?.count(), 1);
    Ok(())
}

#[test]
fn a_failed_migration_leaves_the_history_as_it_was() -> TestResult {
    let dir = tempfile::tempdir()?;
    let folder = golden(dir.path())?;
    // A table the migration to v2 creates: it fails halfway.
    sql(&folder, "CREATE TABLE meta (x)")?;
    let before = v1_rows(&db_path(&folder))?;
    let result = Store::open(&folder.join(".ctg"));
    assert!(result.is_err(), "the migration should have failed");
    assert_eq!(user_version(&db_path(&folder))?, 1);
    assert_eq!(v1_rows(&db_path(&folder))?, before);
    let db = Connection::open(db_path(&folder))?;
    assert!(db.prepare("SELECT encoding FROM contents").is_err());
    Ok(())
}

/// Opens `folder`'s history as the library and the commands do: each must
/// refuse it naming `version`, and leave every file as it was.
fn refused_unchanged(folder: &Path, version: &str) -> TestResult {
    let before = files(&folder.join(".ctg"))?;
    let expected =
        format!("Ce dossier a été mis à jour par ctg {version} : installez cette version");
    match Store::open(&folder.join(".ctg")) {
        Err(e @ Error::NewerStore { .. }) => {
            assert!(e.to_string().contains(&expected), "{e}")
        }
        Err(e) => panic!("expected a refusal, got {e}"),
        Ok(_) => panic!("a store written by ctg {version} was opened"),
    }
    let depuis = ["--depuis-run", "1"].map(Path::new);
    for args in [
        vec![Path::new("historique"), folder],
        [&[Path::new("rapport"), folder][..], &depuis[..]].concat(),
        vec![Path::new("consolider"), folder],
        vec![Path::new("controler"), folder],
    ] {
        let (_, stderr) = expect(ctg(&args)?, 2);
        assert!(stderr.contains(&expected), "ctg {args:?}: {stderr}");
        assert!(
            files(&folder.join(".ctg"))? == before,
            "ctg {args:?} changed the history"
        );
    }
    assert!(files(&folder.join(".ctg"))? == before);
    Ok(())
}

#[test]
fn a_store_with_a_newer_schema_is_refused_unchanged() -> TestResult {
    let dir = tempfile::tempdir()?;
    let folder = upgraded(dir.path())?;
    sql(
        &folder,
        "PRAGMA user_version = 4; UPDATE meta SET value = '0.4.2' WHERE key = 'ctg_version'",
    )?;
    refused_unchanged(&folder, "0.4.2")
}

#[test]
fn contents_in_a_newer_encoding_are_refused_unchanged() -> TestResult {
    let dir = tempfile::tempdir()?;
    let folder = upgraded(dir.path())?;
    // Run 3 was made by a later ctg, which stored CCTA's new content in
    // an encoding this version does not know.
    sql(
        &folder,
        "UPDATE runs SET ctg_version = '0.5.0' WHERE id = 3;
         UPDATE contents SET encoding = 99 WHERE id = (SELECT content_id FROM partner_states WHERE run_id = 3 AND partner = 'CCTA')",
    )?;
    refused_unchanged(&folder, "0.5.0")
}

// ---- The integrity check ----

fn check(folder: &Path, repair: bool) -> Res<CheckReport> {
    // Not zero: a reader child forked by another test of this process holds
    // a copy of the lock's descriptor until it executes, so a lock just
    // released can still look taken for a moment.
    Ok(store::check_folder(
        folder,
        repair,
        Duration::from_secs(10),
    )?)
}

#[test]
fn the_golden_store_is_clean() -> TestResult {
    let dir = tempfile::tempdir()?;
    let folder = golden(dir.path())?;
    let report = check(&folder, false)?;
    assert!(report.problems.is_empty(), "{}", messages(&report));
    // 7 contents and 3 finding sets.
    assert_eq!((report.runs, report.files, report.contents), (3, 8, 10));
    Ok(())
}

#[test]
fn a_damaged_database_is_reported() -> TestResult {
    let dir = tempfile::tempdir()?;
    let folder = upgraded(dir.path())?;
    let path = db_path(&folder);
    let mut bytes = std::fs::read(&path)?;
    // Pages 2 to 4: the first tables' pages.
    for b in &mut bytes[4096..4 * 4096] {
        *b = 0x5a;
    }
    std::fs::write(&path, &bytes)?;
    let report = check(&folder, false)?;
    assert_eq!(
        kinds(&report),
        [ProblemKind::Database],
        "{}",
        messages(&report)
    );
    assert!(messages(&report).contains("est endommagée"));
    assert!(!report.is_clean());
    Ok(())
}

#[test]
fn a_missing_archived_file_is_reported_then_copied_back_from_depots() -> TestResult {
    let dir = tempfile::tempdir()?;
    let folder = golden(dir.path())?;
    let archived = folder.join(".ctg/archive").join(MJCL_V1);
    let bytes = std::fs::read(&archived)?;
    std::fs::remove_file(&archived)?;

    let report = check(&folder, true)?;
    assert_eq!(kinds(&report), [ProblemKind::MissingFile]);
    let message = messages(&report);
    for part in [
        "plan-actions-MJCL.xlsx",
        "63bc5193",
        "consolidation n° 1",
        "--reparer",
    ] {
        assert!(message.contains(part), "« {part} » missing: {message}");
    }
    assert!(
        !report.is_clean(),
        "nothing in depots/ to copy it back from"
    );

    // The partner's file is still in depots/, under another name.
    std::fs::create_dir_all(folder.join("depots/MJC"))?;
    std::fs::write(folder.join("depots/MJC/copie.xlsx"), &bytes)?;
    let report = check(&folder, false)?;
    assert!(!report.is_clean(), "repaired without being asked");
    let report = check(&folder, true)?;
    assert!(report.is_clean(), "{}", messages(&report));
    assert!(
        report.problems[0]
            .repaired
            .as_deref()
            .is_some_and(|r| r.contains("copie.xlsx"))
    );
    assert_eq!(std::fs::read(&archived)?, bytes);
    assert!(check(&folder, false)?.problems.is_empty());
    Ok(())
}

#[test]
fn a_damaged_archived_file_is_reported() -> TestResult {
    let dir = tempfile::tempdir()?;
    let folder = golden(dir.path())?;
    std::fs::write(folder.join(".ctg/archive").join(EFS_V1), b"abc")?;
    // A copy no run uses yet is checked too.
    let orphan = format!("{}.xlsx", "0".repeat(64));
    std::fs::write(folder.join(".ctg/archive").join(&orphan), b"x")?;
    let report = check(&folder, true)?;
    assert_eq!(
        kinds(&report),
        [ProblemKind::DamagedFile, ProblemKind::DamagedFile]
    );
    let message = messages(&report);
    assert!(
        message.contains(EFS_V1) && message.contains(&orphan),
        "{message}"
    );
    assert!(
        message.contains("ne correspond plus à son empreinte"),
        "{message}"
    );
    // Never repaired by deleting: both are still there.
    assert!(folder.join(".ctg/archive").join(EFS_V1).exists());
    assert!(folder.join(".ctg/archive").join(&orphan).exists());
    Ok(())
}

#[test]
fn an_undecodable_content_is_reported() -> TestResult {
    let dir = tempfile::tempdir()?;
    let folder = upgraded(dir.path())?;
    sql(
        &folder,
        "UPDATE contents SET actions = '[{' WHERE partner = 'MJCL'",
    )?;
    let report = check(&folder, false)?;
    assert_eq!(
        kinds(&report),
        [
            ProblemKind::UndecodableContent,
            ProblemKind::UndecodableContent
        ]
    );
    let message = messages(&report);
    assert!(message.contains("partenaire MJCL"), "{message}");
    assert!(
        message.contains("Illisible par cette version de ctg"),
        "{message}"
    );
    Ok(())
}

#[test]
fn a_run_referring_to_missing_records_is_reported() -> TestResult {
    let dir = tempfile::tempdir()?;
    let folder = upgraded(dir.path())?;
    let sj = SJ_V1.trim_end_matches(".xlsx");
    sql(
        &folder,
        &format!(
            "UPDATE partner_states SET content_id = 999 WHERE run_id = 2 AND partner = 'EFS';
             DELETE FROM files WHERE hash = '{sj}'"
        ),
    )?;
    let report = check(&folder, false)?;
    // SJ's file: recorded by runs 2 and 3, as current and as used.
    let references = report
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::MissingReference)
        .count();
    assert_eq!(references, 5, "{}", messages(&report));
    let message = messages(&report);
    assert!(
        message.contains("L'état de EFS dans la consolidation n° 2 renvoie au contenu n° 999"),
        "{message}"
    );
    assert!(
        message.contains(&format!("à la version de fichier utilisée {sj}")),
        "{message}"
    );
    Ok(())
}

/// Makes `path` look written an hour ago.
fn age(path: &Path) -> TestResult {
    let old = SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::open(path)?.set_modified(old)?;
    Ok(())
}

#[test]
fn leftovers_are_reported_then_removed() -> TestResult {
    let dir = tempfile::tempdir()?;
    let folder = golden(dir.path())?;
    let in_archive = folder.join(".ctg/archive/.ctg-abc.tmp");
    std::fs::write(&in_archive, b"half")?;
    age(&in_archive)?;
    let restore_dir = folder.join(".ctg-restauration.tmp");
    std::fs::create_dir(&restore_dir)?;
    age(&restore_dir)?;
    // Too recent to be a leftover: maybe an archive copy under way.
    let recent = folder.join(".ctg/archive/.ctg-new.tmp");
    std::fs::write(&recent, b"")?;

    let report = check(&folder, false)?;
    assert_eq!(
        kinds(&report),
        [ProblemKind::Leftover, ProblemKind::Leftover]
    );
    assert!(in_archive.exists() && restore_dir.exists());
    let report = check(&folder, true)?;
    assert!(report.is_clean(), "{}", messages(&report));
    assert!(!in_archive.exists() && !restore_dir.exists());
    assert!(recent.exists());
    Ok(())
}

#[test]
fn a_folder_without_history_cannot_be_checked() -> TestResult {
    let dir = tempfile::tempdir()?;
    let err = store::check_folder(dir.path(), false, Duration::ZERO)
        .err()
        .ok_or("checked a folder without history")?;
    assert!(
        err.to_string().contains("Pas d'historique à contrôler"),
        "{err}"
    );
    assert!(!dir.path().join(".ctg").exists(), "a .ctg was created");
    Ok(())
}

// ---- Backup and restore ----

/// Files left in `dir` by a restore or a backup that should have cleaned
/// up after itself.
fn temporaries(dir: &Path) -> Res<Vec<String>> {
    let mut names = Vec::new();
    if dir.is_dir() {
        for entry in std::fs::read_dir(dir)? {
            let name = entry?.file_name().to_string_lossy().into_owned();
            if name.ends_with(".tmp") {
                names.push(name);
            }
        }
    }
    Ok(names)
}

#[test]
fn a_backup_taken_while_consolidating_restores_consistently() -> TestResult {
    let dir = tempfile::tempdir()?;
    let folder = golden(dir.path())?;
    let archive = golden_store().join(".ctg/archive");
    for (name, partner) in [(EFS_V1, "EFS"), (CCTA_V1, "CCTA"), (SJ_V1, "SJ")] {
        std::fs::copy(
            archive.join(name),
            folder.join(format!("depots/plan-actions-{partner}.xlsx")),
        )?;
    }
    let mjcl = std::fs::read(archive.join(MJCL_V1))?;
    const RUNS: usize = 6;
    let consolidating = {
        let folder = folder.clone();
        std::thread::spawn(move || -> Result<(), String> {
            for i in 0..RUNS {
                // A new version of MJCL's file at each run: a new archived
                // copy, a new content.
                let mut bytes = mjcl.clone();
                bytes.extend(std::iter::repeat_n(b'\n', i));
                std::fs::write(folder.join("depots/plan-actions-MJCL.xlsx"), bytes)
                    .map_err(|e| e.to_string())?;
                let out = Command::new(CTG)
                    .arg("consolider")
                    .arg(&folder)
                    .args(["-q", "--aujourdhui", &format!("2025-02-{:02}", 10 + i)])
                    .output()
                    .map_err(|e| e.to_string())?;
                if out.status.code() == Some(2) {
                    return Err(text(&out.stderr));
                }
            }
            Ok(())
        })
    };
    let mut zips = Vec::new();
    while !consolidating.is_finished() || zips.is_empty() {
        let zip = dir.path().join(format!("sauvegarde-{}.zip", zips.len()));
        store::backup(&folder, &zip)?;
        zips.push(zip);
        // Backups one after the other, not in a tight loop that would keep
        // the database busy for the runs it is meant to overlap.
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    consolidating
        .join()
        .map_err(|_| "the consolidating thread panicked")??;
    let last = dir.path().join("sauvegarde-finale.zip");
    store::backup(&folder, &last)?;
    zips.push(last);

    let runs = Store::open(&folder.join(".ctg"))?.runs()?;
    assert_eq!(runs.len(), 3 + RUNS);
    // The golden store's contents stay as they were; new ones are written
    // in this version's encoding.
    let db = Connection::open(db_path(&folder))?;
    let encodings: Vec<i64> = db
        .prepare("SELECT DISTINCT encoding FROM contents ORDER BY encoding")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    assert_eq!(encodings, [1, 2]);
    drop(db);
    let mut seen = Vec::new();
    for (i, zip) in zips.iter().enumerate() {
        let target = dir.path().join(format!("restaure-{i}"));
        // Checked before being put in place: it would fail otherwise.
        let summary = store::restore(zip, &target, false)?;
        let restored = Store::open(&target.join(".ctg"))?.runs()?;
        assert_eq!(summary.runs as usize, restored.len());
        assert_eq!(restored[..], runs[..restored.len()], "backup {i}");
        let report = store::check(&target.join(".ctg"), &CheckOptions::default())?;
        assert!(report.is_clean(), "backup {i}: {}", messages(&report));
        seen.push(restored.len());
    }
    assert_eq!(seen.last(), Some(&runs.len()));
    assert!(temporaries(dir.path())?.is_empty());
    assert!(temporaries(&folder)?.is_empty());
    Ok(())
}

/// A zip holding `entries` (name, bytes).
fn zip_of(path: &Path, entries: &[(&str, &[u8])]) -> TestResult {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path)?);
    for (name, bytes) in entries {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())?;
        std::io::Write::write_all(&mut zip, bytes)?;
    }
    zip.finish()?;
    Ok(())
}

/// The refusal `restore` must give, with nothing put in place.
fn refused(zip: &Path, target: &Path) -> Res<String> {
    let err = store::restore(zip, target, false)
        .err()
        .ok_or("a damaged backup was restored")?
        .to_string();
    assert!(!target.join(".ctg").exists(), "{err}");
    assert!(temporaries(target)?.is_empty(), "{err}");
    Ok(err)
}

#[test]
fn a_damaged_backup_is_refused_with_nothing_restored() -> TestResult {
    let dir = tempfile::tempdir()?;
    let folder = golden(dir.path())?;
    let zip = dir.path().join("sauvegarde.zip");
    store::backup(&folder, &zip)?;
    let bytes = std::fs::read(&zip)?;
    let target = dir.path().join("cible");

    let truncated = dir.path().join("tronquee.zip");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2])?;
    let err = refused(&truncated, &target)?;
    assert!(
        err.contains("n'est pas une sauvegarde ctg utilisable : archive zip endommagée"),
        "{err}"
    );
    assert!(err.contains("Rien n'a été restauré"), "{err}");

    // One byte changed in the database's compressed data.
    let mut flipped = bytes.clone();
    let name = usize::from(u16::from_le_bytes([bytes[26], bytes[27]]));
    let extra = usize::from(u16::from_le_bytes([bytes[28], bytes[29]]));
    flipped[30 + name + extra + 200] ^= 0xff;
    let damaged = dir.path().join("endommagee.zip");
    std::fs::write(&damaged, &flipped)?;
    let err = refused(&damaged, &target)?;
    assert!(
        err.contains("« .ctg/historique.sqlite » est endommagé"),
        "{err}"
    );

    let foreign = dir.path().join("autre.zip");
    zip_of(&foreign, &[("notes/lisez-moi.txt", b"bonjour")])?;
    let err = refused(&foreign, &target)?;
    assert!(
        err.contains("« notes/lisez-moi.txt », qui n'appartient pas à une sauvegarde ctg"),
        "{err}"
    );

    // A sound zip, but a backup missing an archived file.
    let db = std::fs::read(db_path(&folder))?;
    let incomplete = dir.path().join("incomplete.zip");
    zip_of(&incomplete, &[(".ctg/historique.sqlite", &db)])?;
    let err = refused(&incomplete, &target)?;
    assert!(
        err.contains("n'est pas intacte ; rien n'a été restauré"),
        "{err}"
    );
    assert!(err.contains("manque dans l'archive"), "{err}");
    Ok(())
}

#[test]
fn restore_replaces_a_history_only_when_asked_and_sets_it_aside() -> TestResult {
    let dir = tempfile::tempdir()?;
    let source = golden(&dir.path().join("source"))?;
    let zip = dir.path().join("sauvegarde.zip");
    store::backup(&source, &zip)?;

    let target = golden(&dir.path().join("cible"))?;
    sql(
        &target,
        "DELETE FROM partner_states WHERE run_id = 3; DELETE FROM runs WHERE id = 3",
    )?;
    std::fs::write(target.join("ctg.toml"), "# le ctg.toml de la cible\n")?;
    let before = files(&target.join(".ctg"))?;
    let err = store::restore(&zip, &target, false)
        .err()
        .ok_or("a history was replaced without --remplacer")?
        .to_string();
    assert!(
        err.contains("contient déjà un historique") && err.contains("--remplacer"),
        "{err}"
    );
    assert!(files(&target.join(".ctg"))? == before);

    let summary = store::restore(&zip, &target, true)?;
    assert_eq!(summary.runs, 3);
    assert_eq!(summary.restored, [".ctg", "ctg.toml"]);
    let [history, config] = &summary.set_aside[..] else {
        return Err(format!("set aside: {:?}", summary.set_aside).into());
    };
    assert!(
        files(history)? == before,
        "the replaced history was not kept whole"
    );
    assert_eq!(
        std::fs::read_to_string(config)?,
        "# le ctg.toml de la cible\n"
    );
    assert_eq!(Store::open(&target.join(".ctg"))?.runs()?.len(), 3);
    assert!(target.join("depots").is_dir() && target.join("sortie").is_dir());
    Ok(())
}

// ---- The commands ----

#[test]
fn controler_says_what_is_wrong_with_its_exit_code() -> TestResult {
    let dir = tempfile::tempdir()?;
    let folder = golden(dir.path())?;
    let (stdout, _) = expect(ctg(&[Path::new("controler"), &folder])?, 0);
    assert!(
        stdout.contains("3 consolidations, 8 versions de fichier"),
        "{stdout}"
    );
    assert!(stdout.ends_with("Aucun problème.\n"), "{stdout}");

    let archived = folder.join(".ctg/archive").join(MJCL_V1);
    let bytes = std::fs::read(&archived)?;
    std::fs::remove_file(&archived)?;
    let (stdout, _) = expect(ctg(&[Path::new("fsck"), &folder])?, 1);
    assert!(stdout.contains("manque dans l'archive"), "{stdout}");
    assert!(stdout.contains("1 problème reste à régler"), "{stdout}");

    std::fs::write(folder.join("depots/plan-actions-MJCL.xlsx"), &bytes)?;
    let (stdout, _) = expect(
        ctg(&[Path::new("controler"), &folder, Path::new("--reparer")])?,
        0,
    );
    assert!(stdout.contains("Réparé : recopiée depuis"), "{stdout}");
    assert!(stdout.ends_with("Tout a été réparé.\n"), "{stdout}");

    let empty = dir.path().join("vide");
    std::fs::create_dir(&empty)?;
    let (_, stderr) = expect(ctg(&[Path::new("controler"), &empty])?, 2);
    assert!(
        stderr.starts_with("Erreur : Pas d'historique à contrôler"),
        "{stderr}"
    );
    Ok(())
}

#[test]
fn sauvegarder_then_restaurer() -> TestResult {
    let dir = tempfile::tempdir()?;
    let folder = golden(dir.path())?;
    let zip = dir.path().join("sauvegarde.zip");
    let (stdout, _) = expect(
        ctg(&[Path::new("sauvegarder"), &folder, Path::new("-o"), &zip])?,
        0,
    );
    assert!(stdout.starts_with("Sauvegarde écrite"), "{stdout}");
    assert!(stdout.contains("3 consolidations"), "{stdout}");
    expect(ctg(&[Path::new("backup"), &folder])?, 2);
    let (_, stderr) = expect(
        ctg(&[
            Path::new("sauvegarder"),
            &dir.path().join("nulle-part"),
            Path::new("-o"),
            &zip,
        ])?,
        2,
    );
    assert!(
        stderr.contains("Pas d'historique à sauvegarder"),
        "{stderr}"
    );

    let target = dir.path().join("restaure");
    let (stdout, _) = expect(ctg(&[Path::new("restaurer"), &zip, &target])?, 0);
    assert!(
        stdout.contains("Sauvegarde vérifiée et restaurée"),
        "{stdout}"
    );
    let (_, stderr) = expect(ctg(&[Path::new("restore"), &zip, &target])?, 2);
    assert!(stderr.contains("contient déjà un historique"), "{stderr}");
    let (stdout, _) = expect(
        ctg(&[
            Path::new("restaurer"),
            &zip,
            &target,
            Path::new("--remplacer"),
        ])?,
        0,
    );
    assert!(stdout.contains("Mis de côté"), "{stdout}");
    expect(ctg(&[Path::new("controler"), &target])?, 0);

    let damaged = dir.path().join("endommagee.zip");
    std::fs::write(&damaged, b"PK pas une archive")?;
    let (_, stderr) = expect(
        ctg(&[Path::new("restaurer"), &damaged, &dir.path().join("autre")])?,
        2,
    );
    assert!(
        stderr.contains("n'est pas une sauvegarde ctg utilisable"),
        "{stderr}"
    );
    Ok(())
}

// ---- What the encoding costs ----

type Plan = (Vec<ctg::model::Action>, Vec<ctg::model::Indicator>);

/// The contents of a realistic history: the sample workbooks read as a
/// consolidation reads them, then, at each of 50 runs, one action of every
/// partner edited (its progress and comment).
fn history_contents() -> Res<Vec<Plan>> {
    use ctg::validate::{Context, check_file};
    use ctg::workbook::{Isolation, Limits};
    let config = ctg::referentiel::Config::embedded()?;
    let today = chrono::NaiveDate::from_ymd_opt(2024, 6, 17).ok_or("date")?;
    let ctx = Context::new(&config, today);
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-workbooks");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(samples)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    paths.sort();
    let mut plans: Vec<Plan> = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        let s = check_file(
            &path,
            &name,
            &ctx,
            &Limits::default(),
            &Isolation::InProcess,
        );
        if !s.actions.is_empty() {
            plans.push((s.actions, s.indicators));
        }
    }
    let mut contents = Vec::new();
    for run in 0..50 {
        for (actions, indicators) in &mut plans {
            let n = actions.len();
            let action = &mut actions[run % n];
            action.progress = Some(((run * 7) % 100) as f64);
            action.comments = format!("Point d'étape du comité n° {run}");
            contents.push((actions.clone(), indicators.clone()));
        }
    }
    Ok(contents)
}

/// Deflate-compressed size of `bytes`, and a function giving them back.
fn deflated(bytes: &[u8]) -> Res<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("c", options)?;
    std::io::Write::write_all(&mut zip, bytes)?;
    Ok(zip.finish()?.into_inner())
}

fn inflated(zipped: &[u8]) -> Res<(u64, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zipped))?;
    let mut entry = archive.by_index(0)?;
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut entry, &mut out)?;
    Ok((entry.compressed_size(), out))
}

/// Size and speed of the stored contents' encoding, JSON (kept) against
/// postcard and deflated JSON. Run with
/// `cargo test --release --test it -- --ignored --nocapture encoding_cost`.
#[test]
#[ignore = "a measurement, not a check: run it by name"]
fn encoding_cost() -> TestResult {
    use std::time::Instant;
    let contents = history_contents()?;
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1000.0;

    let t = Instant::now();
    let json: Vec<(String, String)> = contents
        .iter()
        .map(|(a, i)| Ok((serde_json::to_string(a)?, serde_json::to_string(i)?)))
        .collect::<Res<_>>()?;
    let json_write = ms(t);
    let t = Instant::now();
    for (a, i) in &json {
        let _: Plan = (serde_json::from_str(a)?, serde_json::from_str(i)?);
    }
    let json_read = ms(t);
    let json_bytes: usize = json.iter().map(|(a, i)| a.len() + i.len()).sum();

    let t = Instant::now();
    let postcard: Vec<Vec<u8>> = contents
        .iter()
        .map(postcard::to_stdvec)
        .collect::<Result<_, _>>()?;
    let postcard_write = ms(t);
    let t = Instant::now();
    for bytes in &postcard {
        let _: Plan = postcard::from_bytes(bytes)?;
    }
    let postcard_read = ms(t);
    let postcard_bytes: usize = postcard.iter().map(Vec::len).sum();

    let t = Instant::now();
    let zipped: Vec<(Vec<u8>, Vec<u8>)> = json
        .iter()
        .map(|(a, i)| Ok((deflated(a.as_bytes())?, deflated(i.as_bytes())?)))
        .collect::<Res<_>>()?;
    let deflate_write = ms(t) + json_write;
    let t = Instant::now();
    let mut deflate_bytes = 0;
    for (a, i) in &zipped {
        let (sa, a) = inflated(a)?;
        let (si, i) = inflated(i)?;
        deflate_bytes += sa + si;
        let _: Plan = (serde_json::from_slice(&a)?, serde_json::from_slice(&i)?);
    }
    let deflate_read = ms(t);

    // The real store: 50 runs of every partner through the run writer.
    let dir = tempfile::tempdir()?;
    let mut store = Store::open(dir.path())?;
    let at = chrono::NaiveDate::from_ymd_opt(2024, 6, 17)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .ok_or("date")?;
    let per_run = contents.len() / 50;
    for (run, chunk) in contents.chunks(per_run).enumerate() {
        let writer = store.begin_run(at, "config")?;
        for (p, (actions, indicators)) in chunk.iter().enumerate() {
            let hash = store::hash_bytes(format!("{run}-{p}").as_bytes());
            writer.file(&hash, 1, "xlsx", "depots/x.xlsx", at)?;
            writer.partner(&store::PartnerRecord {
                partner: &format!("P{p}"),
                name: "Partenaire",
                state: "a_jour",
                path: Some("depots/x.xlsx"),
                file_hash: Some(&hash),
                used_hash: Some(&hash),
                received_at: Some(at),
                actions,
                indicators,
                rejected: &[],
                findings: &[],
            })?;
        }
        writer.finish(at)?;
    }
    store
        .connection()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
    let db_bytes = std::fs::metadata(dir.path().join(store::HISTORY_FILE))?.len();

    println!(
        "{} contents ({per_run} partners x 50 runs), {} actions",
        contents.len(),
        contents.iter().map(|(a, _)| a.len()).sum::<usize>()
    );
    println!("encoding        bytes   write ms   read ms");
    for (name, bytes, write, read) in [
        ("JSON", json_bytes as u64, json_write, json_read),
        (
            "postcard",
            postcard_bytes as u64,
            postcard_write,
            postcard_read,
        ),
        ("JSON+deflate", deflate_bytes, deflate_write, deflate_read),
    ] {
        println!("{name:<12} {bytes:>9} {write:>10.1} {read:>9.1}");
    }
    println!("SQLite history with JSON contents: {db_bytes} bytes");
    Ok(())
}
