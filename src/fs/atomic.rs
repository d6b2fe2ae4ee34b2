//! Writing outputs atomically: a reader (a coordinator opening the
//! consolidated workbook, a partner opening their feedback) never sees a
//! half-written file, and a run killed mid-write leaves the previous version.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use super::IoError;

/// Writes `bytes` to `path` through a temporary file in the same folder,
/// flushed to disk, then renamed over the target.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), IoError> {
    write_atomic_with(path, |file| file.write_all(bytes))
}

/// Writes to `path` what `write` writes to the file it is given (buffered),
/// atomically as [`write_atomic`] does: a big output goes to disk as it is
/// made, never whole in memory. When `write` fails, nothing is left.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<&File>) -> std::io::Result<()>,
) -> Result<(), IoError> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let fail = |e: &std::io::Error| IoError::new("Impossible d'écrire", path, e);
    std::fs::create_dir_all(dir).map_err(|e| fail(&e))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".ctg-").suffix(".tmp");
    // Temporary files are private (0600); outputs are meant to be shared.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let tmp = builder.tempfile_in(dir).map_err(|e| fail(&e))?;
    let mut buffered = BufWriter::new(tmp.as_file());
    write(&mut buffered).map_err(|e| fail(&e))?;
    buffered.flush().map_err(|e| fail(&e))?;
    drop(buffered);
    tmp.as_file().sync_all().map_err(|e| fail(&e))?;
    tmp.persist(path).map_err(|e| fail(&e.error))?;
    Ok(())
}

/// Removes temporary files left in `dir` by a run killed mid-write. Only
/// called while holding the folder's lock: no other run is writing there.
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(".ctg-") && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temp_file()
    -> std::result::Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let target = dir.path().join("sortie").join("a.txt");
        write_atomic(&target, b"un")?;
        write_atomic(&target, b"deux")?;
        assert_eq!(std::fs::read(&target)?, b"deux");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("sortie"))?
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, ["a.txt"]);
        Ok(())
    }

    #[test]
    fn a_failed_write_keeps_the_previous_version_and_leaves_no_temp_file()
    -> std::result::Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let target = dir.path().join("classeur.xlsx");
        write_atomic(&target, b"avant")?;
        let failed = write_atomic_with(&target, |file| {
            file.write_all(b"moit")?;
            Err(std::io::Error::other("plus de place"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&target)?, b"avant");
        let names: Vec<_> = std::fs::read_dir(dir.path())?
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, ["classeur.xlsx"]);
        Ok(())
    }

    #[test]
    fn stale_temporaries_are_removed() -> std::result::Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        std::fs::write(dir.path().join(".ctg-abc.tmp"), b"half")?;
        std::fs::write(dir.path().join("garder.xlsx"), b"x")?;
        remove_stale_temporaries(dir.path());
        let names: Vec<_> = std::fs::read_dir(dir.path())?
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, ["garder.xlsx"]);
        Ok(())
    }
}
