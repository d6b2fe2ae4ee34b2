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
    /// A workbook that could not be generated, with a French reason.
    pub fn workbook(path: &std::path::Path, e: &rust_xlsxwriter::XlsxError) -> Error {
        use rust_xlsxwriter::XlsxError::*;
        let reason = match e {
            RowColumnLimitError => "les données dépassent les limites d'une feuille (1 048 576 lignes, 16 384 colonnes) : répartissez les partenaires entre plusieurs dossiers".to_owned(),
            IoError(e) | TempFileError(_, e) => io_reason(e),
            // Anything else is a mistake of ctg, not of the user.
            other => format!("erreur interne de ctg ({other}) : signalez-la aux développeurs avec les fichiers concernés"),
        };
        Error::Write {
            path: path.to_path_buf(),
            reason,
        }
    }

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

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::XlsxError;

    #[test]
    fn workbook_errors_are_told_in_french() {
        let path = std::path::Path::new("sortie/plan.xlsx");
        let full = Error::workbook(path, &XlsxError::RowColumnLimitError).to_string();
        assert!(
            full.starts_with("Impossible de produire le classeur « sortie/plan.xlsx » : les données dépassent les limites d'une feuille"),
            "{full}"
        );
        let disk = io::Error::from(io::ErrorKind::StorageFull);
        let full = Error::workbook(path, &XlsxError::IoError(disk)).to_string();
        assert!(full.ends_with(": disque plein"), "{full}");
    }
}
