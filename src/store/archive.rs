//! The archive of received file versions: one copy per distinct content,
//! named by its hash.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::Result;

/// Hex SHA-256 of some bytes.
pub fn hash_bytes(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The archive of received file versions, one copy per content. Separate
/// from the history so that files can be archived from several threads.
#[derive(Debug, Clone)]
pub struct Archive {
    dir: PathBuf,
}

impl Archive {
    /// The archive whose copies live in `dir`.
    pub(super) fn new(dir: PathBuf) -> Archive {
        Archive { dir }
    }

    /// The folder of the copies.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the copy of a version with this hash and extension lives.
    pub fn path(&self, hash: &str, extension: &str) -> PathBuf {
        self.dir
            .join(format!("{hash}.{}", extension.to_lowercase()))
    }

    /// Keeps a copy of `bytes` (once per content); returns its hash and path.
    pub fn keep(&self, bytes: &[u8], extension: &str) -> Result<(String, PathBuf)> {
        let hash = hash_bytes(bytes);
        let path = self.path(&hash, extension);
        if !path.exists() {
            crate::fs::write_atomic(&path, bytes)?;
        }
        Ok((hash, path))
    }
}
