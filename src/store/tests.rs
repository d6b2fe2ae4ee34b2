//! Unit tests of the store: what a run writes is what the queries read
//! back, and what cannot be read back is an error, never an empty plan.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OpenFlags};

use super::{Content, PartnerRecord, Store, hash_bytes};
use crate::error::Error;
use crate::model::{Action, Indicator, IndicatorKind, IndicatorValue};

type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

const PATH: &str = "depots/MJCL.xlsx";

fn at(day: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 3, day)
        .and_then(|d| d.and_hms_opt(14, 5, 0))
        .unwrap_or_default()
}

fn content() -> Content {
    let action = |n: u32, title: &str| Action {
        number: format!("MJCL-{n:03}"),
        title: title.to_owned(),
        objective: "1.1.1".to_owned(),
        budget: Some(1200.5),
        funding: BTreeMap::from([("CAF".to_owned(), 800.0)]),
        row: n + 1,
        ..Action::default()
    };
    Content {
        actions: vec![
            action(1, "Accueil des familles"),
            action(2, "Café des parents"),
        ],
        indicators: vec![Indicator {
            action: "MJCL-001".to_owned(),
            name: "Familles accueillies".to_owned(),
            kind: Some(IndicatorKind::Quantitative),
            unit: "familles".to_owned(),
            baseline: Some(IndicatorValue::Number(10.0)),
            target: Some(IndicatorValue::Text("davantage".to_owned())),
            results: BTreeMap::from([(2024, IndicatorValue::Number(12.0))]),
            comment: String::new(),
            row: 2,
            ..Indicator::default()
        }],
    }
}

/// The file version MJCL sent, as the store names it.
fn file_hash() -> String {
    hash_bytes(b"MJCL workbook")
}

/// A store in a temporary folder, with one finished run that used
/// `content()` for MJCL.
fn store_with_one_run() -> Result<(tempfile::TempDir, Store), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let mut store = Store::open(dir.path())?;
    let run = store.begin_run(at(12), "config")?;
    record_mjcl(&run, &content())?;
    run.finish(at(12))?;
    Ok((dir, store))
}

fn record_mjcl(run: &super::RunWriter, content: &Content) -> crate::error::Result<()> {
    let hash = file_hash();
    run.file(&hash, 13, "XLSX", PATH, at(11))?;
    run.partner(&PartnerRecord {
        partner: "MJCL",
        name: "MJC de Lavaur",
        state: "a_jour",
        path: Some(PATH),
        file_hash: Some(&hash),
        used_hash: Some(&hash),
        received_at: Some(at(11)),
        actions: &content.actions,
        indicators: &content.indicators,
        rejected: &[],
        findings: &[],
    })
}

/// The message of the unreadable-history error that `result` must be.
fn unreadable<T: std::fmt::Debug>(
    result: crate::error::Result<T>,
) -> Result<String, Box<dyn std::error::Error>> {
    match result {
        Err(err @ Error::UnreadableHistory { .. }) => Ok(err.to_string()),
        other => Err(format!("expected an unreadable history, got {other:?}").into()),
    }
}

/// The id of the one content stored.
fn content_id(store: &Store) -> Result<i64, Box<dyn std::error::Error>> {
    let states = store.states()?;
    Ok(states[0].content_id.ok_or("no content recorded")?)
}

#[test]
fn contents_read_back_as_written() -> TestResult {
    let (_dir, store) = store_with_one_run()?;
    let id = content_id(&store)?;
    let contents = store.contents([id])?;
    assert_eq!(*contents[&id], content());

    let versions = store.partner_versions("MJCL")?;
    assert_eq!(versions.len(), 1);
    assert_eq!(*versions[0].content, content());
    assert_eq!(versions[0].record.received_at, Some(at(11)));
    assert_eq!(versions[0].record.current_received_at, Some(at(11)));
    assert_eq!(versions[0].record.run_at, at(12));

    let run = store.latest_run()?.ok_or("no run")?;
    let snapshot = store.snapshot(&run)?;
    assert_eq!(snapshot.partners["MJCL"].actions, content().actions);
    assert_eq!(snapshot.partners["MJCL"].indicators, content().indicators);

    let last = store.last_readable("MJCL")?.ok_or("no readable version")?;
    assert_eq!((last.hash, last.received_at), (file_hash(), at(11)));
    Ok(())
}

#[test]
fn undecodable_content_is_a_named_error_not_an_empty_plan() -> TestResult {
    let (_dir, store) = store_with_one_run()?;
    let id = content_id(&store)?;
    store.connection().execute(
        "UPDATE contents SET actions = '[{\"number\": \"MJCL-0' WHERE id = ?1",
        [id],
    )?;

    let message = unreadable(store.contents([id]))?;
    for part in [
        &format!("le contenu n° {id}"),
        "MJCL",
        "consolidation n° 1",
        PATH,
        &file_hash(),
        "mettez ctg à jour",
        ".ctg",
    ] {
        assert!(message.contains(part), "« {part} » missing from: {message}");
    }

    // Every reader built on contents fails the same way.
    let run = store.latest_run()?.ok_or("no run")?;
    unreadable(store.snapshot(&run))?;
    unreadable(store.partner_versions("MJCL"))?;
    Ok(())
}

#[test]
fn a_content_id_missing_from_the_history_is_an_error() -> TestResult {
    let (_dir, store) = store_with_one_run()?;
    // SQLite enforces the reference; only a damaged base, or one edited
    // without that check, can lack the content.
    store
        .connection()
        .execute_batch("PRAGMA foreign_keys = OFF; UPDATE partner_states SET content_id = 999")?;
    let run = store.latest_run()?.ok_or("no run")?;
    let message = unreadable(store.snapshot(&run))?;
    assert!(message.contains("le contenu n° 999"), "{message}");
    unreadable(store.contents([999]))?;
    Ok(())
}

#[test]
fn content_with_an_unknown_field_still_decodes() -> TestResult {
    let (_dir, store) = store_with_one_run()?;
    let id = content_id(&store)?;
    // As a later ctg that added a field to actions would write it.
    let stored: String =
        store
            .connection()
            .query_row("SELECT actions FROM contents WHERE id = ?1", [id], |r| {
                r.get(0)
            })?;
    let mut actions: serde_json::Value = serde_json::from_str(&stored)?;
    for action in actions.as_array_mut().ok_or("actions are not a list")? {
        action
            .as_object_mut()
            .ok_or("an action is not an object")?
            .insert("champ_futur".to_owned(), serde_json::json!({"a": [1, 2]}));
    }
    store.connection().execute(
        "UPDATE contents SET actions = ?1 WHERE id = ?2",
        rusqlite::params![actions.to_string(), id],
    )?;
    assert_eq!(*store.contents([id])?[&id], content());
    Ok(())
}

#[test]
fn an_unreadable_stored_time_is_an_error_not_1970() -> TestResult {
    let (_dir, store) = store_with_one_run()?;
    store
        .connection()
        .execute("UPDATE partner_states SET received_at = 'mardi'", [])?;
    for message in [
        unreadable(store.states())?,
        unreadable(store.last_readable("MJCL"))?,
    ] {
        assert!(message.contains("« mardi »"), "{message}");
        assert!(message.contains("consolidation n° 1"), "{message}");
    }
    Ok(())
}

#[test]
fn a_run_killed_before_finish_leaves_nothing_visible() -> TestResult {
    let dir = tempfile::tempdir()?;
    let mut store = Store::open(dir.path())?;
    let run = store.begin_run(at(12), "config")?;
    record_mjcl(&run, &content())?;
    // A killed process neither commits nor rolls back: forgetting the
    // writer leaves its transaction open, as the process left it.
    std::mem::forget(run);

    let other = Connection::open_with_flags(
        dir.path().join(super::HISTORY_FILE),
        OpenFlags::SQLITE_OPEN_READ_ONLY,
    )?;
    for table in [
        "runs",
        "files",
        "contents",
        "finding_sets",
        "partner_states",
    ] {
        let rows: i64 =
            other.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
        assert_eq!(rows, 0, "{table} shows an unfinished run");
    }
    drop(other);

    // Once the process is gone, the next one finds the history as before.
    drop(store);
    let store = Store::open(dir.path())?;
    assert!(store.runs()?.is_empty());
    assert!(store.latest_run()?.is_none());
    assert!(store.states()?.is_empty());
    assert!(store.partners()?.is_empty());
    assert!(store.last_readable("MJCL")?.is_none());
    assert!(store.partner_of_path(PATH)?.is_none());
    Ok(())
}
