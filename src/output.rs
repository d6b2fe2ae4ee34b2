//! Writing outputs atomically: a reader (a coordinator opening the
//! consolidated workbook, a partner opening their feedback) never sees a
//! half-written file, and a run killed mid-write leaves the previous version.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `bytes` to `path` through a temporary file in the same folder,
/// flushed to disk, then renamed over the target.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let fail = |e: &std::io::Error| Error::io("Impossible d'écrire", path, e);
    std::fs::create_dir_all(dir).map_err(|e| fail(&e))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".ctg-").suffix(".tmp");
    // Temporary files are private (0600); outputs are meant to be shared.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut tmp = builder.tempfile_in(dir).map_err(|e| fail(&e))?;
    tmp.write_all(bytes).map_err(|e| fail(&e))?;
    tmp.as_file().sync_all().map_err(|e| fail(&e))?;
    tmp.persist(path).map_err(|e| fail(&e.error))?;
    Ok(())
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
}
