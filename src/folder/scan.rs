//! Which files of a folder are partner workbooks: office suites leave lock
//! files, owner files and temporary saves next to them.

use std::path::{Path, PathBuf};

use crate::workbook::sniff::EXTENSIONS;

/// True for names office suites and systems use for lock and temp files.
pub fn is_transient(name: &str) -> bool {
    name.starts_with("~$")
        || name.starts_with(".~lock.")
        || name.starts_with('.')
        || name.starts_with('~')
        || name.ends_with('~')
        || name.ends_with('#')
        || name.eq_ignore_ascii_case("thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

/// True when the name looks like a workbook ctg should read.
pub fn is_workbook_name(name: &str) -> bool {
    if is_transient(name) {
        return false;
    }
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// Sub-folders or entries that could not be listed, with why.
pub type ScanProblems = Vec<(PathBuf, std::io::Error)>;

/// Workbooks under `dir`, sub-folders included (hidden ones skipped), in a
/// stable order. Unreadable sub-folders are returned as problems.
pub fn workbooks_in(dir: &Path) -> Result<(Vec<PathBuf>, ScanProblems), std::io::Error> {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    let mut first = true;
    while let Some(d) = stack.pop() {
        let entries = match std::fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) if first => return Err(e),
            Err(e) => {
                problems.push((d, e));
                continue;
            }
        };
        first = false;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_dir() => {
                    if !name.starts_with('.') {
                        stack.push(path);
                    }
                }
                Ok(_) => {
                    if is_workbook_name(&name) {
                        found.push(path);
                    }
                }
                Err(e) => problems.push((path, e)),
            }
        }
    }
    found.sort();
    Ok((found, problems))
}

/// The finding for a sub-folder of `root` that could not be listed: its
/// workbooks are missing from the run, and the coordinator must know it
/// (`consequence`: what that means for this command).
pub fn problem_finding(
    root: &Path,
    path: &Path,
    e: &std::io::Error,
    consequence: &str,
) -> crate::finding::Finding {
    let rel = crate::fs::relative(root, path);
    crate::finding::Finding {
        severity: crate::finding::Severity::Error,
        code: crate::finding::Code::FolderUnreadable,
        file: rel.clone(),
        location: None,
        message: format!(
            "Le dossier « {rel} » ne peut pas être lu ({}) : {consequence}. Vérifiez ses droits d'accès.",
            crate::fs::io_reason(e)
        ),
        suggestion: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_leftovers_are_skipped() {
        for name in [
            "~$plan.xlsx",
            ".~lock.plan.ods#",
            ".cache.xlsx",
            "plan.xlsx~",
            "plan.tmp",
            "notes.txt",
            "plan",
        ] {
            assert!(!is_workbook_name(name), "{name}");
        }
        for name in [
            "plan.xlsx",
            "PLAN.XLSX",
            "plan.ods",
            "vieux.xls",
            "macro.xlsm",
            "b.xlsb",
        ] {
            assert!(is_workbook_name(name), "{name}");
        }
    }
}
