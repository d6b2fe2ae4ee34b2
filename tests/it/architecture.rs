//! The architecture written as data, and checked: the top-level modules of
//! `src/` form layers that depend one way, in the order the data flows
//! (see ARCHITECTURE.md). Every `crate::` path outside test code is mapped to
//! its top-level module; an edge that the table below does not allow fails
//! the test, naming the file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// Each top-level module, bottom layer first, with the modules it may use.
/// A module may use only modules listed before it.
const ALLOWED: &[(&str, &[&str])] = &[
    // Foundations: no knowledge of CTGs.
    ("text", &[]),
    ("fs", &[]),
    ("cli", &[]),
    ("finding", &["text"]),
    ("error", &["fs", "text"]),
    // The CTG structure, settings and column schema, from ctg.toml.
    ("referentiel", &["error", "finding", "fs", "text"]),
    // Raw cells from any spreadsheet file, guarded and isolated.
    ("workbook", &["error", "finding", "fs", "text"]),
    // The shared folder: layout, lock, listing.
    ("folder", &["error", "finding", "fs", "text", "workbook"]),
    // What a partner's file means, and the tables read from its cells.
    ("model", &["finding", "referentiel", "text", "workbook"]),
    ("read", &["finding", "referentiel", "text", "workbook"]),
    // Findings: every rule.
    (
        "validate",
        &[
            "error",
            "finding",
            "fs",
            "model",
            "read",
            "referentiel",
            "text",
            "workbook",
        ],
    ),
    // The second kind of input: a committee's decisions, in coordination/.
    (
        "decisions",
        &[
            "finding",
            "model",
            "read",
            "referentiel",
            "text",
            "validate",
            "workbook",
        ],
    ),
    // The memory of a folder: archive and history.
    (
        "store",
        &["error", "finding", "folder", "fs", "model", "text"],
    ),
    // One plan from a folder of files.
    (
        "consolidate",
        &[
            "decisions",
            "error",
            "finding",
            "folder",
            "fs",
            "model",
            "referentiel",
            "store",
            "text",
            "validate",
            "workbook",
        ],
    ),
    // What changed between two plans.
    (
        "changes",
        &[
            "consolidate",
            "decisions",
            "error",
            "finding",
            "fs",
            "model",
            "read",
            "referentiel",
            "store",
            "text",
            "validate",
            "workbook",
        ],
    ),
    // What the history says over time.
    (
        "history",
        &[
            "changes",
            "consolidate",
            "decisions",
            "error",
            "finding",
            "folder",
            "fs",
            "model",
            "referentiel",
            "store",
            "text",
            "validate",
        ],
    ),
    // What the consolidated plan says on a day: derived figures.
    (
        "analysis",
        &["consolidate", "finding", "model", "referentiel", "text"],
    ),
    // Evaluating the CTG: achievement, tallies, the results campaign.
    (
        "evaluation",
        &["consolidate", "finding", "model", "referentiel", "text"],
    ),
    // What people read: workbooks, pages, reports.
    (
        "outputs",
        &[
            "analysis",
            "changes",
            "consolidate",
            "decisions",
            "error",
            "evaluation",
            "finding",
            "folder",
            "fs",
            "history",
            "model",
            "read",
            "referentiel",
            "store",
            "text",
            "validate",
            "workbook",
        ],
    ),
    // Every output of a run, then the run recorded.
    (
        "publish",
        &[
            "changes",
            "consolidate",
            "decisions",
            "error",
            "evaluation",
            "finding",
            "folder",
            "fs",
            "model",
            "outputs",
            "referentiel",
            "store",
            "text",
        ],
    ),
    // Keeping the outputs in sync with the folder.
    (
        "watch",
        &[
            "changes",
            "consolidate",
            "decisions",
            "error",
            "finding",
            "folder",
            "fs",
            "model",
            "publish",
            "referentiel",
            "store",
            "text",
            "validate",
            "workbook",
        ],
    ),
    // One file per command: arguments and a short run().
    (
        "cmd",
        &[
            "changes",
            "cli",
            "consolidate",
            "decisions",
            "error",
            "evaluation",
            "finding",
            "folder",
            "fs",
            "history",
            "model",
            "outputs",
            "publish",
            "read",
            "referentiel",
            "store",
            "text",
            "validate",
            "watch",
            "workbook",
        ],
    ),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) -> Res<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            rust_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// The top-level module a file of `src/` belongs to (`None` for the crate
/// roots, which only declare modules).
fn module_of(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(src()).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib" && name != "main").then(|| name.to_owned())
}

/// The code of a file without comments and without its unit tests.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level names after each `crate::` in `code`: `crate::a::b` gives
/// `a`; `crate::{a::b, c}` gives `a` and `c`.
fn crate_paths(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut name = String::new();
            let mut at_start = true;
            for c in group.chars() {
                if depth == 1 && at_start && (c.is_alphanumeric() || c == '_') {
                    name.push(c);
                    continue;
                }
                if !name.is_empty() {
                    out.insert(std::mem::take(&mut name));
                    at_start = false;
                }
                match c {
                    '{' => depth += 1,
                    '}' if depth == 1 => break,
                    '}' => depth -= 1,
                    ',' if depth == 1 => at_start = true,
                    _ => {}
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.insert(name);
        }
    }
    out.remove("self");
    out
}

#[test]
fn the_table_is_one_way() {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for (module, uses) in ALLOWED {
        for used in *uses {
            assert!(
                seen.contains(used),
                "{module} may use {used}, which is not listed before it: the table must go one way"
            );
        }
        assert!(seen.insert(module), "{module} is listed twice");
    }
}

#[test]
fn no_module_imports_from_a_layer_above_it() -> Res<()> {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut files = Vec::new();
    rust_files(&src(), &mut files)?;
    files.sort();
    let mut wrong = Vec::new();
    let mut modules = BTreeSet::new();
    for file in &files {
        let Some(module) = module_of(file) else {
            continue;
        };
        let code = code_of(&std::fs::read_to_string(file)?);
        assert!(
            !code.contains("super::super"),
            "{}: write crate:: paths, not super::super (the layers are checked on crate:: paths)",
            file.display()
        );
        let Some(uses) = allowed.get(module.as_str()) else {
            wrong.push(format!(
                "{}: module « {module} » is missing from the table",
                file.display()
            ));
            continue;
        };
        for used in crate_paths(&code) {
            if used != module && !uses.contains(&used.as_str()) {
                wrong.push(format!(
                    "{}: {module} uses {used}, which the table does not allow",
                    file.display()
                ));
            }
        }
        modules.insert(module);
    }
    assert!(
        wrong.is_empty(),
        "upward or unlisted imports:\n{}",
        wrong.join("\n")
    );
    let unused: Vec<&str> = allowed
        .keys()
        .copied()
        .filter(|m| !modules.contains(*m))
        .collect();
    assert!(
        unused.is_empty(),
        "modules in the table but not in src/: {unused:?}"
    );
    Ok(())
}

#[test]
fn crate_paths_are_read_from_single_and_grouped_imports() {
    let code = "use crate::a::b;\nuse crate::{c::{d, e}, f, self};\nlet x = crate::g::h();";
    let found: Vec<String> = crate_paths(code).into_iter().collect();
    assert_eq!(found, ["a", "c", "f", "g"]);
}

/// An upward import is caught: the check itself is checked.
#[test]
fn an_upward_import_would_fail() {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let uses = crate_paths("use crate::outputs::consolidated;");
    let store = allowed.get("store").copied().unwrap_or_default();
    assert!(uses.iter().any(|u| !store.contains(&u.as_str())));
}
