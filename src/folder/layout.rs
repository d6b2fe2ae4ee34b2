//! Where things live in a shared folder (`ctg init DOSSIER`), or around a
//! plain folder of workbooks consolidated with `--sortie`.

use std::path::{Path, PathBuf};

use crate::fs::resolved;

use crate::error::{Error, Result};

/// The sub-folder of the coordinator's workbooks: files read from it are
/// shown, and recorded in the history, under this name
/// (`coordination/avis-2024-07-04-COPIL.xlsx`).
pub const COORDINATION: &str = "coordination";

/// Sub-folders of a shared folder, with what they are for.
pub const FOLDERS: [(&str, &str); 6] = [
    (
        "depots",
        "les partenaires y déposent leurs classeurs (.xlsx, .xlsm, .xls, .ods) ; ctg n'y écrit jamais",
    ),
    (
        "modeles",
        "un modèle de classeur par partenaire, produit par « ctg modele »",
    ),
    (
        "retours",
        "un fichier de retour par partenaire, réécrit à chaque consolidation",
    ),
    (
        "sortie",
        "le classeur consolidé, les rapports de modifications et le tableau de bord",
    ),
    (
        COORDINATION,
        "les classeurs du coordinateur : avis des comités préparés par « ctg avis »",
    ),
    (
        ".ctg",
        "mémoire de ctg : historique et archive de chaque version reçue (ne pas modifier)",
    ),
];

/// Name of the status page in the output folder.
pub const DASHBOARD: &str = "tableau-de-bord.html";

/// The folders a consolidation reads and writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Where partners drop workbooks: read only, never written.
    pub deposits: PathBuf,
    /// Consolidated workbook, reports, status page.
    pub output: PathBuf,
    /// Feedback files.
    pub feedback: PathBuf,
    /// History and archive.
    pub state: PathBuf,
    /// The coordinator's workbooks: committee decisions (`ctg avis`).
    pub coordination: PathBuf,
    /// Where to look for `ctg.toml`.
    pub config_dir: PathBuf,
}

impl Layout {
    /// The feedback folder as a link from a page of the output folder:
    /// `../retours/` in a shared folder, `retours/` under a `--sortie`
    /// folder (the only two layouts there are).
    pub fn feedback_href(&self) -> String {
        let name = self
            .feedback
            .file_name()
            .map_or_else(|| "retours".into(), |n| n.to_string_lossy());
        if self.feedback.parent() == Some(self.output.as_path()) {
            format!("{name}/")
        } else {
            format!("../{name}/")
        }
    }

    /// The layout of a shared folder, or of a plain folder of workbooks with
    /// its outputs in `sortie`.
    pub fn resolve(folder: &Path, output: Option<&Path>) -> Result<Layout> {
        if !folder.is_dir() {
            return Err(Error::Usage(format!(
                "Le dossier « {} » n'existe pas.",
                folder.display()
            )));
        }
        let layout = match output {
            Some(out) => Layout {
                deposits: folder.to_path_buf(),
                output: out.to_path_buf(),
                feedback: out.join("retours"),
                state: out.join(".ctg"),
                coordination: out.join(COORDINATION),
                config_dir: folder.to_path_buf(),
            },
            None => {
                let deposits = folder.join("depots");
                if !deposits.is_dir() {
                    return Err(Error::Usage(format!(
                        "« {} » n'est pas un dossier partagé ctg (il n'a pas de sous-dossier depots/). Préparez-le avec « ctg init {} », ou consolidez un simple dossier de classeurs avec --sortie DOSSIER_DE_SORTIE.",
                        folder.display(),
                        crate::fs::shell_arg(folder)
                    )));
                }
                Layout {
                    deposits,
                    output: folder.join("sortie"),
                    feedback: folder.join("retours"),
                    state: folder.join(".ctg"),
                    coordination: folder.join(COORDINATION),
                    config_dir: folder.to_path_buf(),
                }
            }
        };
        // Promise: nothing is ever written under depots/. Compared as the
        // file system resolves them: `--output autre/../DOSSIER/x` or a
        // symbolic link must not slip in.
        let deposits = resolved(&layout.deposits);
        for out in [
            &layout.output,
            &layout.feedback,
            &layout.state,
            &layout.coordination,
        ] {
            let out = resolved(out);
            if out.starts_with(&deposits) {
                return Err(Error::Usage(format!(
                    "Le dossier de sortie « {} » est à l'intérieur du dossier des classeurs « {} » : ctg n'écrit jamais parmi les fichiers déposés. Choisissez un dossier de sortie ailleurs.",
                    out.display(),
                    deposits.display()
                )));
            }
        }
        Ok(layout)
    }
}

/// Promise 1 for a file named on the command line (`-o`, `--sortie`): it
/// must not land among the files partners drop in a shared folder's depots/.
/// The refusal suggests the sub-folder where such a file belongs (`home`:
/// `modeles/` for a template, `sortie/` for a report).
pub fn refuse_in_depots(out: &Path, home: &str) -> Result<()> {
    let target = resolved(out);
    let in_depots = target.ancestors().skip(1).find(|d| {
        d.file_name().is_some_and(|n| n == "depots")
            && d.parent()
                .is_some_and(|p| p.join("ctg.toml").is_file() || p.join(".ctg").is_dir())
    });
    match in_depots {
        Some(deposits) => Err(Error::Usage(format!(
            "« {} » est dans le dossier des dépôts « {} » : ctg n'écrit jamais parmi les fichiers déposés par les partenaires. Écrivez ce fichier ailleurs, par exemple dans le dossier {} du dossier partagé.",
            out.display(),
            deposits.display(),
            deposits.with_file_name(home).display()
        ))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_never_go_under_depots() -> std::result::Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let err = Layout::resolve(dir.path(), Some(&dir.path().join("sortie")));
        assert!(
            matches!(err, Err(Error::Usage(m)) if m.contains("ctg n'écrit jamais parmi les fichiers déposés"))
        );
        let err = Layout::resolve(dir.path(), None);
        assert!(matches!(err, Err(Error::Usage(m)) if m.contains("ctg init")));
        std::fs::create_dir(dir.path().join("depots"))?;
        let l = Layout::resolve(dir.path(), None)?;
        assert_eq!(l.output, dir.path().join("sortie"));
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_into_depots_is_refused()
    -> std::result::Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let workbooks = dir.path().join("workbooks");
        std::fs::create_dir(&workbooks)?;
        std::os::unix::fs::symlink(&workbooks, dir.path().join("lien"))?;
        let err = Layout::resolve(&workbooks, Some(&dir.path().join("lien").join("sortie")));
        assert!(
            matches!(err, Err(Error::Usage(m)) if m.contains("ctg n'écrit jamais parmi les fichiers déposés"))
        );
        let err = Layout::resolve(
            &workbooks,
            Some(
                &dir.path()
                    .join("autre")
                    .join("..")
                    .join("workbooks")
                    .join("x"),
            ),
        );
        assert!(err.is_err());
        Ok(())
    }
}
