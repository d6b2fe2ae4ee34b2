//! Errors that stop a command, each with one French message for the user.

use std::io;
use std::path::PathBuf;

use crate::referentiel::ConfigError;

/// Why a command could not run (as opposed to findings about inputs, which
/// are reports, never errors).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The `ctg.toml` is invalid.
    #[error("{0}")]
    Config(#[from] ConfigError),
    /// A file or folder could not be read or written.
    #[error("{action} « {path} » : {reason}.")]
    Io {
        /// What was being done, e.g. « Impossible d'écrire ».
        action: &'static str,
        /// The path concerned.
        path: PathBuf,
        /// The reason, in French.
        reason: String,
    },
    /// The user asked for something that cannot be done as asked.
    #[error("{0}")]
    Usage(String),
    /// A workbook could not be generated.
    #[error("Impossible de produire le classeur « {path} » : {reason}")]
    Write {
        /// The path of the workbook.
        path: PathBuf,
        /// The reason.
        reason: String,
    },
}

impl Error {
    /// An I/O error on `path`, with a French reason.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, e: &io::Error) -> Error {
        Error::Io {
            action,
            path: path.into(),
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

/// Result of a command.
pub type Result<T, E = Error> = std::result::Result<T, E>;
