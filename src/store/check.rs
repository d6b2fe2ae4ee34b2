//! The integrity check of a shared folder's state (`ctg controler`): the
//! database, the archived copies, the contents, the references between
//! them (the committee's decisions included: their workbooks, their sets,
//! the runs that read them), and leftovers of interrupted operations; with
//! the only repairs that cannot lose anything (removing leftovers,
//! re-archiving a missing copy from the identical file still in `depots/`
//! or `coordination/`). Nothing in the history is ever deleted or
//! rewritten.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rusqlite::Connection;

use super::backup::{TEMP_PREFIX, TEMP_SUFFIX};
use super::encoding::{decode_content, decode_decisions, decode_findings, decode_rejected};
use super::{Archive, HISTORY_FILE, Store, hash_bytes, schema};
use crate::error::{Error, Result};
use crate::folder::COORDINATION;

/// A temporary file younger than this may be an operation under way (the
/// watcher archives files outside the folder lock): not a leftover yet.
const LEFTOVER_AGE: Duration = Duration::from_secs(10 * 60);

/// What to check besides `.ctg/`, and whether to repair.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Where partners drop their files: a missing archived version may
    /// still be there.
    pub deposits: Option<PathBuf>,
    /// The coordinator's workbooks (`coordination/`): a missing archived
    /// workbook of decisions may still be there.
    pub coordination: Option<PathBuf>,
    /// Other folders ctg writes in (outputs, feedback), searched for
    /// leftovers (not their sub-folders).
    pub other_dirs: Vec<PathBuf>,
    /// Make the safe repairs.
    pub repair: bool,
}

/// What kind of problem was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// SQLite reports the database damaged.
    Database,
    /// A file version the history knows has no archived copy.
    MissingFile,
    /// An archived copy does not match its name (its hash).
    DamagedFile,
    /// A stored content, finding set or set of decisions does not decode.
    UndecodableContent,
    /// A run refers to a file version, content, set of decisions or run
    /// the history lacks.
    MissingReference,
    /// A temporary file or folder left by an interrupted operation.
    Leftover,
}

/// One problem, in French.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Its kind.
    pub kind: ProblemKind,
    /// What is wrong, and what to do about it.
    pub message: String,
    /// What `--reparer` did about it, when it did.
    pub repaired: Option<String>,
}

/// The result of a check.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CheckReport {
    /// Finished consolidations in the history.
    pub runs: i64,
    /// File versions the history knows.
    pub files: usize,
    /// Contents, finding sets and sets of committee decisions decoded.
    pub contents: usize,
    /// Every problem found, repaired or not.
    pub problems: Vec<Problem>,
}

impl CheckReport {
    /// The problems not repaired.
    pub fn remaining(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.repaired.is_none())
    }

    /// True when nothing is wrong (any more).
    pub fn is_clean(&self) -> bool {
        self.remaining().next().is_none()
    }

    fn found(&mut self, kind: ProblemKind, message: String) -> &mut Problem {
        self.problems.push(Problem {
            kind,
            message,
            repaired: None,
        });
        let last = self.problems.len() - 1;
        &mut self.problems[last]
    }
}

/// Checks the state of the shared folder `folder` while holding its lock
/// (waiting at most `lock_wait` for a consolidation under way): its
/// `.ctg/`, and leftovers in the folders ctg writes in. A missing archived
/// version is looked for in `depots/`.
pub fn check_folder(folder: &Path, repair: bool, lock_wait: Duration) -> Result<CheckReport> {
    let state = folder.join(".ctg");
    // Before the lock, which would create `.ctg/`.
    if !Store::exists(&state) {
        return Err(no_history(&state));
    }
    let _lock = crate::folder::lock::acquire(&state, lock_wait)?;
    let deposits = folder.join("depots");
    let coordination = folder.join(COORDINATION);
    let options = CheckOptions {
        deposits: deposits.is_dir().then_some(deposits),
        coordination: coordination.is_dir().then_some(coordination),
        other_dirs: [".", "sortie", "retours", "modeles"]
            .iter()
            .map(|d| folder.join(d))
            .collect(),
        repair,
    };
    check(&state, &options)
}

fn no_history(state: &Path) -> Error {
    Error::Usage(format!(
        "Pas d'historique à contrôler : « {} » n'existe pas. Indiquez le dossier partagé, celui qui contient .ctg/.",
        state.join(HISTORY_FILE).display()
    ))
}

/// Checks the state folder `state` (a `.ctg/`). Call while holding the
/// folder's lock, so that no consolidation changes it meanwhile. An
/// older history is brought to this version's schema first, as any
/// command would. An error means it could not be checked at all (no
/// history, or one written by a newer ctg).
pub fn check(state: &Path, options: &CheckOptions) -> Result<CheckReport> {
    let path = state.join(HISTORY_FILE);
    if !path.is_file() {
        return Err(no_history(state));
    }
    let mut report = CheckReport::default();
    let mut checked = HashSet::new();
    if database(state, &path, &mut report)? {
        let store = Store::open(state)?;
        report.runs = store.runs()?.len() as i64;
        contents(&store, &mut report)?;
        references(&store, &mut report)?;
        recorded_files(&store, options, &mut report, &mut checked)?;
    }
    archived_files(&Archive::new(state.join("archive")), &checked, &mut report)?;
    leftovers(state, options, &mut report);
    Ok(report)
}

/// SQLite's own check. False when the database is damaged: the checks
/// that read it are then skipped, and it is not migrated.
fn database(state: &Path, path: &Path, report: &mut CheckReport) -> Result<bool> {
    let damaged = |report: &mut CheckReport, detail: String| {
        report.found(
            ProblemKind::Database,
            format!(
                "La base de l'historique « {} » est endommagée ({detail}) : ses autres contrôles ne sont pas faits. Restaurez la dernière sauvegarde (« ctg restaurer ») dans un autre dossier, puis signalez le problème aux développeurs en joignant ce dossier .ctg.",
                path.display()
            ),
        );
        false
    };
    let db = match Connection::open(path) {
        Ok(db) => db,
        Err(e) => return Ok(damaged(report, e.to_string())),
    };
    if let Err(e) = db.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)) {
        return Ok(damaged(report, e.to_string()));
    }
    // SQLite's check reads pages, whatever ctg wrote in them: safe on a
    // history written by a newer ctg, which is refused once known sound.
    let lines: rusqlite::Result<Vec<String>> = db
        .prepare("PRAGMA integrity_check")
        .and_then(|mut st| st.query_map([], |r| r.get(0))?.collect());
    match lines {
        Err(e) => Ok(damaged(report, e.to_string())),
        Ok(lines) if lines == ["ok"] => {
            schema::refuse_newer(&db, state, path)?;
            Ok(true)
        }
        Ok(lines) => Ok(damaged(report, lines.join(" ; "))),
    }
}

/// Every content, finding set and set of committee decisions decodes.
fn contents(store: &Store, report: &mut CheckReport) -> Result<()> {
    let mut bad = undecodable(
        store,
        "SELECT id, encoding, actions, indicators, rejected FROM contents ORDER BY id",
        |r| {
            let encoding = column(r, 1)?;
            decode_content(encoding, &column::<String>(r, 2)?, &column::<String>(r, 3)?)?;
            decode_rejected(encoding, &column::<String>(r, 4)?).map(drop)
        },
        |id| store.describe_content(id),
        report,
    )?;
    bad.extend(undecodable(
        store,
        "SELECT id, encoding, findings FROM finding_sets ORDER BY id",
        |r| decode_findings(column(r, 1)?, &column::<String>(r, 2)?).map(drop),
        |id| format!("l'ensemble de constats n° {id}"),
        report,
    )?);
    bad.extend(undecodable(
        store,
        "SELECT id, decisions FROM decision_sets ORDER BY id",
        |r| decode_decisions(&column::<String>(r, 1)?).map(drop),
        |id| format!("l'ensemble d'avis du comité n° {id}"),
        report,
    )?);
    for what in bad {
        report.found(
            ProblemKind::UndecodableContent,
            format!(
                "Illisible par cette version de ctg : {what}. Les commandes qui en ont besoin (historique, rapport) s'arrêteront sur une erreur : restaurez la dernière sauvegarde, ou signalez-le aux développeurs en joignant le dossier .ctg."
            ),
        );
    }
    Ok(())
}

/// Column `i` of a stored row. A column of the wrong type is undecodable
/// too, not a failure of the check.
fn column<T: rusqlite::types::FromSql>(
    r: &rusqlite::Row,
    i: usize,
) -> std::result::Result<T, String> {
    r.get(i).map_err(|e| e.to_string())
}

/// The rows of `sql` (an id first) that `decode` refuses, each described
/// by `describe` with why; counts the rows read in `report`.
fn undecodable(
    store: &Store,
    sql: &str,
    decode: impl Fn(&rusqlite::Row) -> std::result::Result<(), String>,
    describe: impl Fn(i64) -> String,
    report: &mut CheckReport,
) -> Result<Vec<String>> {
    let fail = |e| store.fail(e);
    let mut st = store.db.prepare(sql).map_err(fail)?;
    let mut rows = st.query([]).map_err(fail)?;
    let mut bad = Vec::new();
    while let Some(r) = rows.next().map_err(fail)? {
        let id: i64 = r.get(0).map_err(fail)?;
        report.contents += 1;
        if let Err(reason) = decode(r) {
            bad.push(format!("{} : {reason}", describe(id)));
        }
    }
    Ok(bad)
}

/// What each record of a run refers to: (column of `partner_states`,
/// table and column referred to, what it is in French, preposition
/// included).
const REFERENCES: [(&str, &str, &str, &str); 5] = [
    ("run_id", "runs", "id", "à la consolidation"),
    (
        "file_hash",
        "files",
        "hash",
        "à la version de fichier déposée",
    ),
    (
        "used_hash",
        "files",
        "hash",
        "à la version de fichier utilisée",
    ),
    ("content_id", "contents", "id", "au contenu n°"),
    (
        "findings_id",
        "finding_sets",
        "id",
        "à l'ensemble de constats n°",
    ),
];

/// What the committee's decisions a run read refer to, as [`REFERENCES`]
/// for `run_decisions`.
const DECISION_REFERENCES: [(&str, &str, &str, &str); 2] = [
    ("run_id", "runs", "id", "à la consolidation"),
    (
        "decisions_id",
        "decision_sets",
        "id",
        "à l'ensemble d'avis du comité n°",
    ),
];

/// Every run refers to file versions, contents, sets of decisions and runs
/// the history has.
fn references(store: &Store, report: &mut CheckReport) -> Result<()> {
    let consequence = "qui manque à l'historique : les commandes qui le lisent s'arrêteront sur une erreur. Restaurez la dernière sauvegarde, ou signalez-le aux développeurs en joignant le dossier .ctg.";
    for (column, table, key, what) in REFERENCES {
        for (run, partner, value) in
            dangling(store, "partner_states", "f.partner", column, table, key)?
        {
            report.found(
                ProblemKind::MissingReference,
                format!(
                    "L'état de {partner} dans la consolidation n° {run} renvoie {what} {value}, {consequence}"
                ),
            );
        }
    }
    for (column, table, key, what) in DECISION_REFERENCES {
        for (run, _, value) in dangling(store, "run_decisions", "''", column, table, key)? {
            report.found(
                ProblemKind::MissingReference,
                format!(
                    "Les avis du comité lus par la consolidation n° {run} renvoient {what} {value}, {consequence}"
                ),
            );
        }
    }
    Ok(())
}

/// The rows of `from` whose `column` names no row of `table` by its
/// `key`: (run, what `owner` (an expression on the row) says, the value).
fn dangling(
    store: &Store,
    from: &str,
    owner: &str,
    column: &str,
    table: &str,
    key: &str,
) -> Result<Vec<(i64, String, String)>> {
    let sql = format!(
        "SELECT f.run_id, {owner}, CAST(f.{column} AS TEXT) FROM {from} f
         WHERE f.{column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.{key} = f.{column})
         ORDER BY 1, 2"
    );
    rows(store, &sql, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
}

/// Every row `sql` gives, as `row` reads it.
fn rows<T>(
    store: &Store,
    sql: &str,
    row: impl FnMut(&rusqlite::Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut st = store.db.prepare(sql).map_err(|e| store.fail(e))?;
    st.query_map([], row)
        .and_then(Iterator::collect::<rusqlite::Result<Vec<T>>>)
        .map_err(|e| store.fail(e))
}

/// Every file version the history knows (partners' and the committee's
/// workbooks) has its archived copy, intact; `checked` gets their names.
/// A missing one is copied back when asked and an identical file is still
/// in `depots/` or `coordination/`.
fn recorded_files(
    store: &Store,
    options: &CheckOptions,
    report: &mut CheckReport,
    checked: &mut HashSet<PathBuf>,
) -> Result<()> {
    let files = rows(
        store,
        "SELECT hash, extension, first_path, first_run FROM files ORDER BY first_run, hash",
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
            ))
        },
    )?;
    report.files = files.len();
    let mut in_folders: Option<HashMap<String, PathBuf>> = None;
    for (hash, extension, first_path, first_run) in files {
        let copy = store.archive.path(&hash, &extension);
        checked.insert(copy.clone());
        if copy.is_file() {
            damaged_copy(&copy, &hash, report);
            continue;
        }
        // Paths of the committee's workbooks start with the folder's name;
        // partners' are relative to depots/.
        let lost = if first_path.starts_with(&format!("{COORDINATION}/")) {
            format!(
                "Si ce classeur est encore dans {COORDINATION}/, « ctg controler --reparer » le recopie ; sinon, les avis qu'il contenait restent dans l'historique, mais le classeur lui-même ne pourra plus être consulté."
            )
        } else {
            "Si ce fichier est encore dans depots/, « ctg controler --reparer » la recopie ; sinon, elle ne pourra plus remplacer un dépôt illisible de ce partenaire.".to_owned()
        };
        let problem = report.found(
            ProblemKind::MissingFile,
            format!(
                "La version « {first_path} » d'empreinte {} (reçue à la consolidation n° {first_run}) manque dans l'archive : « {} ». {lost}",
                short(&hash),
                copy.display()
            ),
        );
        if !options.repair {
            continue;
        }
        let found = in_folders.get_or_insert_with(|| {
            [&options.deposits, &options.coordination]
                .into_iter()
                .flatten()
                .flat_map(|dir| hashes_under(dir))
                .collect()
        });
        if let Some(source) = found.get(&hash) {
            let bytes =
                std::fs::read(source).map_err(|e| Error::io("Impossible de lire", source, &e))?;
            // Read again: the partner may have saved meanwhile.
            if hash_bytes(&bytes) == hash {
                store.archive.keep(&bytes, &extension)?;
                problem.repaired = Some(format!("recopiée depuis « {} »", source.display()));
            }
        }
    }
    Ok(())
}

/// Archived copies that no record names are checked too (a copy is made
/// before the run that uses it is recorded).
fn archived_files(
    archive: &Archive,
    checked: &HashSet<PathBuf>,
    report: &mut CheckReport,
) -> Result<()> {
    let dir = archive.dir();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io("Impossible de lire le dossier", dir, &e)),
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let hash = name
            .as_deref()
            .and_then(|n| n.split_once('.'))
            .map(|(h, _)| h);
        let named_by_hash =
            hash.is_some_and(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()));
        if let (Some(hash), true, false) = (hash, named_by_hash, checked.contains(&path))
            && path.is_file()
        {
            damaged_copy(&path, hash, report);
        }
    }
    Ok(())
}

/// Reports the archived `copy` when its content is not the one its name
/// `hash` says.
fn damaged_copy(copy: &Path, hash: &str, report: &mut CheckReport) {
    let problem = match std::fs::read(copy) {
        Ok(bytes) if hash_bytes(&bytes) == hash => return,
        Ok(_) => "son contenu a été modifié ou endommagé : il ne correspond plus à son empreinte"
            .to_owned(),
        Err(e) => format!("elle ne peut pas être lue ({})", crate::fs::io_reason(&e)),
    };
    report.found(
        ProblemKind::DamagedFile,
        format!(
            "La copie archivée « {} » est inutilisable : {problem}. Reprenez ce fichier dans une sauvegarde (« ctg restaurer » dans un autre dossier).",
            copy.display()
        ),
    );
}

/// The files under `dir` (sub-folders included) by content hash.
fn hashes_under(dir: &Path) -> HashMap<String, PathBuf> {
    let files = crate::folder::scan::workbooks_in(dir)
        .map(|(files, _)| files)
        .unwrap_or_default();
    files
        .into_iter()
        .filter_map(|p| Some((hash_bytes(&std::fs::read(&p).ok()?), p)))
        .collect()
}

/// The 8 first characters of a hash, as ctg shows them.
fn short(hash: &str) -> &str {
    hash.get(..8).unwrap_or(hash)
}

/// Temporary files and folders left by interrupted operations, under
/// `state` and in the other folders; removed when asked.
fn leftovers(state: &Path, options: &CheckOptions, report: &mut CheckReport) {
    let mut found = Vec::new();
    let mut stack = vec![state.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for path in temporaries(&dir, &mut found) {
            stack.push(path);
        }
    }
    for dir in &options.other_dirs {
        temporaries(dir, &mut found);
    }
    found.sort();
    for path in found {
        let problem = report.found(
            ProblemKind::Leftover,
            format!(
                "Fichier temporaire laissé par une opération interrompue : « {} ». « ctg controler --reparer » le supprime.",
                path.display()
            ),
        );
        if options.repair {
            let removed = if path.is_dir() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            if removed.is_ok() {
                problem.repaired = Some("supprimé".to_owned());
            }
        }
    }
}

/// Adds to `found` the old temporaries of `dir`; returns its other
/// sub-folders.
fn temporaries(dir: &Path, found: &mut Vec<PathBuf>) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let now = SystemTime::now();
    let mut folders = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX) {
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| now.duration_since(t).ok())
                .is_some_and(|age| age >= LEFTOVER_AGE);
            if old {
                found.push(path);
            }
        } else if entry.file_type().is_ok_and(|t| t.is_dir()) {
            folders.push(path);
        }
    }
    folders
}
