//! Which `ctg.toml` applies: the one named on the command line, else the
//! first found in a folder or one of its parents, else the embedded default.

use std::path::{Path, PathBuf};

use super::Config;
use crate::error::Result;

/// Where the configuration in use comes from, for reports.
#[derive(Debug, Clone)]
pub enum ConfigSource {
    /// A `ctg.toml` on disk.
    File(PathBuf),
    /// The embedded default.
    Embedded,
}

impl ConfigSource {
    /// Where a search from `folder` looked, for [`ConfigSource::notice`]:
    /// « dans le dossier courant ni au-dessus ».
    pub fn searched_from(folder: &Path) -> String {
        if folder == Path::new(".") {
            "dans le dossier courant ni au-dessus".to_owned()
        } else {
            format!("dans « {} » ni au-dessus", folder.display())
        }
    }

    /// When no `ctg.toml` was found where the command looked (`searched`,
    /// « au-dessus du fichier ni du dossier courant »), the plain note that
    /// says so and how to use the shared folder's one instead (`remedy`,
    /// « ajoutez --config »).
    pub fn notice(&self, searched: &str, remedy: &str) -> Option<String> {
        match self {
            ConfigSource::File(_) => None,
            ConfigSource::Embedded => Some(format!(
                "aucun ctg.toml trouvé {searched} : référentiel intégré ; pour utiliser celui du dossier partagé, lancez la commande depuis ce dossier ou {remedy}."
            )),
        }
    }

    /// French description for report headers.
    pub fn describe(&self, config: &Config) -> String {
        match self {
            ConfigSource::File(p) => {
                format!("{} ({})", config.referentiel.convention.name, p.display())
            }
            ConfigSource::Embedded => format!(
                "{} (référentiel intégré)",
                config.referentiel.convention.name
            ),
        }
    }
}

/// Loads `explicit` if given; otherwise the first `ctg.toml` found in `start`
/// or one of its parent folders; otherwise the embedded default.
pub fn load_config(explicit: Option<&Path>, start: &Path) -> Result<(Config, ConfigSource)> {
    load_config_near(explicit, &[start])
}

/// Like [`load_config`], looking above each of `starts` in turn (the
/// checked file's folder, then the current folder).
pub fn load_config_near(
    explicit: Option<&Path>,
    starts: &[&Path],
) -> Result<(Config, ConfigSource)> {
    if let Some(path) = explicit {
        return Ok((Config::load(path)?, ConfigSource::File(path.to_path_buf())));
    }
    for start in starts {
        let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
        for dir in start.ancestors() {
            let candidate = dir.join("ctg.toml");
            if candidate.is_file() {
                return Ok((Config::load(&candidate)?, ConfigSource::File(candidate)));
            }
        }
    }
    Ok((Config::embedded()?, ConfigSource::Embedded))
}
