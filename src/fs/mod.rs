//! File-system services every layer needs: writing atomically, telling why
//! an operation failed in French, recognising a network share, showing
//! paths the way users see them (and type them in a shell). Nothing here
//! knows about CTGs.

mod atomic;
mod network;
mod paths;
mod shell;

use std::io;
use std::path::{Path, PathBuf};

pub use atomic::{remove_stale_temporaries, write_atomic, write_atomic_with};
pub use network::remote_file_system;
pub use paths::{relative, resolved};
pub use shell::shell_arg;

/// A file or folder that could not be read or written, with what was being
/// done and why, in French.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{action} « {} » : {reason}.", path.display())]
pub struct IoError {
    /// What was being done, e.g. « Impossible d'écrire ».
    pub action: &'static str,
    /// The path concerned.
    pub path: PathBuf,
    /// The reason, in French.
    pub reason: String,
}

impl IoError {
    /// The failure of `action` on `path`, explained from the system error.
    pub fn new(action: &'static str, path: impl AsRef<Path>, e: &io::Error) -> IoError {
        IoError {
            action,
            path: path.as_ref().to_path_buf(),
            reason: io_reason(e),
        }
    }
}

/// A French explanation of an I/O error.
pub fn io_reason(e: &io::Error) -> String {
    use io::ErrorKind::*;
    match e.kind() {
        NotFound => "fichier ou dossier introuvable".to_owned(),
        PermissionDenied => "accès refusé (droits insuffisants ou fichier verrouillé)".to_owned(),
        AlreadyExists => "il existe déjà".to_owned(),
        StorageFull => "disque plein".to_owned(),
        ReadOnlyFilesystem => "le disque est en lecture seule".to_owned(),
        IsADirectory => "c'est un dossier, pas un fichier".to_owned(),
        NotADirectory => "un élément du chemin n'est pas un dossier".to_owned(),
        InvalidData => "contenu illisible (encodage invalide)".to_owned(),
        _ => format!("erreur système : {e}"),
    }
}
