//! Errors that stop a command, each with one French message for the user.

use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::fs::{IoError, io_reason};

/// Why a command could not run (as opposed to findings about inputs, which
/// are reports, never errors).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The `ctg.toml` is invalid.
    #[error("{0}")]
    Config(#[from] ConfigError),
    /// A file or folder could not be read or written.
    #[error(transparent)]
    Io(#[from] IoError),
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
    /// The history holds a record this version of ctg cannot read (written
    /// by another version, or damaged): reading it as empty would make every
    /// action look added or removed.
    #[error(
        "L'historique « {} » contient {record}, illisible par cette version de ctg ({reason}) : mettez ctg à jour, ou, s'il l'est déjà, signalez-le aux développeurs en joignant le dossier .ctg.",
        path.display()
    )]
    UnreadableHistory {
        /// The history database.
        path: PathBuf,
        /// Which record, in French: the run, the content id, the file
        /// version (hash, first path) concerned.
        record: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The history was written by a newer ctg (a later schema, or contents
    /// in a later encoding): refused before anything is read or written.
    #[error(
        "Ce dossier a été mis à jour par {} : installez cette version (ou une plus récente) pour l'utiliser. Cette version de ctg ({}) ne lit pas son historique « {} » et n'y a rien modifié.",
        written_by.as_deref().map_or("une version plus récente de ctg".to_owned(), |v| format!("ctg {v}")),
        env!("CARGO_PKG_VERSION"),
        path.display()
    )]
    NewerStore {
        /// The state folder (`.ctg/`).
        path: PathBuf,
        /// The version of ctg that wrote it, when the history says.
        written_by: Option<String>,
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
        Error::Io(IoError::new(action, path.into(), e))
    }
}

/// One problem in a `ctg.toml`, located by line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    /// 1-based line of the file, when known.
    pub line: Option<usize>,
    /// What is wrong and how to fix it, in French.
    pub message: String,
}

/// A `ctg.toml` that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file, for messages (`ctg.toml` when embedded).
    pub file: String,
    /// Every problem found.
    pub problems: Vec<ConfigProblem>,
}

impl ConfigError {
    /// The problems, one line each under a heading, without what to do next
    /// (which depends on who reads the file: a command, or the watcher).
    pub fn problems_text(&self) -> String {
        let mut out = format!(
            "Le fichier de configuration {} contient {} :",
            self.file,
            crate::text::count(self.problems.len(), "erreur", "erreurs")
        );
        for p in &self.problems {
            match p.line {
                Some(line) => out.push_str(&format!("\n  - ligne {line} : {}", p.message)),
                None => out.push_str(&format!("\n  - {}", p.message)),
            }
        }
        out
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}\nCorrigez ce fichier avec un éditeur de texte puis relancez la commande.",
            self.problems_text()
        )
    }
}

impl std::error::Error for ConfigError {}

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
