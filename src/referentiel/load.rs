//! Reading `ctg.toml`: from text to a checked [`Config`], every problem
//! told in French with its line.

use std::path::Path;

use super::Config;
use super::check::check;
use super::checker::{Checker, line_at};
use super::file::ConfigFile;
use super::synonyms::ColumnNames;
use crate::error::{ConfigError, ConfigProblem};

/// The TOML reader's (English) message in French, for its usual cases: an
/// unknown or missing key, a value of the wrong kind, a key written twice;
/// anything else is a syntax error.
fn toml_problem(message: &str) -> String {
    // Names between backquotes, in order: `inconnu`, then the expected ones.
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let kind = |t: &str| match t {
        "integer" | "float" => "un nombre",
        "string" => "un texte entre guillemets",
        "boolean" => "vrai ou faux (true / false)",
        "sequence" | "array" => "une liste entre crochets [ ]",
        "map" | "table" => "un bloc [section]",
        _ => "une autre valeur",
    };
    if message.starts_with("unknown field") && !quoted.is_empty() {
        let expected = crate::text::quoted_list(&quoted[1..], "ou");
        format!(
            "le champ « {} » est inconnu (champs possibles ici : {expected})",
            quoted[0]
        )
    } else if message.starts_with("missing field") && !quoted.is_empty() {
        format!("le champ « {} » manque", quoted[0])
    } else if let Some(rest) = message.strip_prefix("invalid type: ") {
        let found = rest.split([' ', ',']).next().unwrap_or("");
        let expected = rest
            .rsplit("expected ")
            .next()
            .and_then(|e| e.split_whitespace().last())
            .unwrap_or("");
        format!(
            "type de valeur incorrect : {} là où il faut {}",
            kind(found),
            kind(expected)
        )
    } else if message.starts_with("duplicate key") {
        "la même clé est écrite deux fois dans ce bloc".to_owned()
    } else if let Some(expected) = quoted.last() {
        format!("syntaxe TOML invalide : « {expected} » manque ou est mal placé")
    } else {
        "syntaxe TOML invalide (guillemets, crochets ou signe = mal placés)".to_owned()
    }
}

impl Config {
    /// Reads a `ctg.toml` from disk.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let display = path.display().to_string();
        let source = std::fs::read_to_string(path).map_err(|e| ConfigError {
            file: display.clone(),
            problems: vec![ConfigProblem {
                line: None,
                message: format!(
                    "impossible de lire le fichier ({}). Vérifiez qu'il existe et qu'il est enregistré en UTF-8.",
                    crate::fs::io_reason(&e)
                ),
            }],
        })?;
        Config::parse(&source).map_err(|mut e| {
            e.file = display;
            e
        })
    }

    /// Parses and checks the text of a `ctg.toml`.
    pub fn parse(source: &str) -> Result<Config, ConfigError> {
        let column_names = ColumnNames::embedded()?;
        let file: ConfigFile = toml::from_str(source).map_err(|e| {
            // The likeliest slip first: the reader's own message would
            // point elsewhere (« la même clé est écrite deux fois »).
            let mut problems = single_brackets(source);
            if problems.is_empty() {
                let mut problem = syntax_problem(source, &e);
                problem
                    .message
                    .push_str(". Comparez avec le fichier écrit par « ctg init ».");
                problems.push(problem);
            }
            ConfigError {
                file: "ctg.toml".to_owned(),
                problems,
            }
        })?;
        let mut checker = Checker::new(source);
        let config = check(&mut checker, file, column_names);
        let problems = checker.into_problems();
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(ConfigError {
                file: "ctg.toml".to_owned(),
                problems,
            })
        }
    }
}

/// The blocks written once per item, with double brackets, and what each
/// item is: « écrivez [[partenaire]] (double crochets) pour chaque
/// partenaire ».
const REPEATED_BLOCKS: [(&str, &str); 7] = [
    ("partenaire", "partenaire"),
    ("axe", "axe"),
    ("orientation", "orientation"),
    ("objectif", "objectif"),
    ("statut", "statut"),
    ("financeur", "financeur"),
    ("commune", "commune"),
];

/// Each line that opens a repeated block with single brackets
/// (`[partenaire]`), with how to write it.
fn single_brackets(source: &str) -> Vec<ConfigProblem> {
    source
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            // A comment may follow the header.
            let header = line.split('#').next().unwrap_or_default().trim();
            let name = header.strip_prefix('[')?.strip_suffix(']')?.trim();
            if name.starts_with('[') {
                return None;
            }
            let (block, item) = REPEATED_BLOCKS.iter().find(|(b, _)| *b == name)?;
            Some(ConfigProblem {
                line: Some(i + 1),
                message: format!(
                    "« [{block}] » s'écrit avec des crochets doubles : écrivez [[{block}]] (double crochets) pour chaque {item}"
                ),
            })
        })
        .collect()
}

/// What the TOML reader could not read in `source`, in French, with its line.
pub(super) fn syntax_problem(source: &str, e: &toml::de::Error) -> ConfigProblem {
    ConfigProblem {
        line: e.span().map(|s| line_at(source, s.start)),
        message: toml_problem(e.message().trim()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referentiel::DEFAULT_TOML;

    fn problems(source: &str) -> Vec<ConfigProblem> {
        Config::parse(source)
            .expect_err("configuration must be refused")
            .problems
    }

    fn line_of(source: &str, needle: &str) -> usize {
        let at = source.find(needle).unwrap_or(source.len());
        source[..at].matches('\n').count() + 1
    }

    #[test]
    fn syntax_error_names_the_line() {
        let source = "[convention]\nnom = \"x\"\ndebut = 2023\nfin = = 2026\n";
        let p = problems(source);
        assert_eq!(p[0].line, Some(4));
        assert!(p[0].message.starts_with("syntaxe TOML invalide"));
    }

    #[test]
    fn the_toml_readers_messages_are_told_in_french() {
        let cases = [
            (
                "[convention]\nnom = \"x\"\ninconnu = 2\n",
                3,
                "le champ « inconnu » est inconnu (champs possibles ici : « nom », « territoire »",
            ),
            (
                "[[partenaire]]\ncode = 3\n",
                2,
                "type de valeur incorrect : un nombre là où il faut un texte entre guillemets",
            ),
            (
                "[convention]\nnom = \"x\"\nnom = \"y\"\n",
                3,
                "la même clé est écrite deux fois dans ce bloc",
            ),
            (
                "[convention\nnom = \"x\"\n",
                1,
                "syntaxe TOML invalide : « ] » manque ou est mal placé",
            ),
            (
                "[[partenaire]]\nnom = \"x\"\n",
                1,
                "le champ « code » manque",
            ),
        ];
        for (source, line, expected) in cases {
            let p = problems(source);
            assert_eq!(p[0].line, Some(line), "{source}");
            assert!(p[0].message.starts_with(expected), "{}", p[0].message);
            assert!(!p[0].message.contains("expected"), "{}", p[0].message);
        }
    }

    #[test]
    fn a_partner_block_with_single_brackets_is_recognised() {
        // One partner written [partenaire] among [[partenaire]] blocks, then
        // every partner so: each such line is named, nothing else.
        let second = DEFAULT_TOML
            .match_indices("[[partenaire]]")
            .nth(1)
            .map_or(0, |m| m.0);
        let one = format!(
            "{}[partenaire]{}",
            &DEFAULT_TOML[..second],
            &DEFAULT_TOML[second + "[[partenaire]]".len()..]
        );
        let p = problems(&one);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].line, Some(one[..second].matches('\n').count() + 1));
        assert!(
            p[0].message
                .contains("écrivez [[partenaire]] (double crochets) pour chaque partenaire"),
            "{}",
            p[0].message
        );
        let all = DEFAULT_TOML.replace("\n[[partenaire]]", "\n[partenaire] # MJC");
        let p = problems(&all);
        assert_eq!(p.len(), DEFAULT_TOML.matches("\n[[partenaire]]").count());
        assert_eq!(p[0].line, Some(line_of(&all, "\n[partenaire]") + 1));
        let commune = DEFAULT_TOML.replacen("[[commune]]", "[commune]", 1);
        assert!(
            problems(&commune)[0]
                .message
                .contains("pour chaque commune")
        );
    }

    #[test]
    fn duplicate_objective_code_is_reported_on_its_line() {
        let source = DEFAULT_TOML.replacen("code = \"1.1.2\"", "code = \"1.1.1\"", 1);
        let p = problems(&source);
        assert_eq!(p.len(), 1, "{p:?}");
        let second = source
            .match_indices("code = \"1.1.1\"")
            .nth(1)
            .map_or(0, |m| m.0);
        assert_eq!(p[0].line, Some(source[..second].matches('\n').count() + 1));
        assert!(
            p[0].message.contains("déjà utilisé ligne"),
            "{}",
            p[0].message
        );
    }

    #[test]
    fn objective_under_missing_orientation_is_reported() {
        let source =
            format!("{DEFAULT_TOML}\n[[objectif]]\ncode = \"1.9.1\"\nlibelle = \"Orphelin\"\n");
        let p = problems(&source);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].line, Some(line_of(&source, "code = \"1.9.1\"")));
        assert!(
            p[0].message
                .contains("orientation « 1.9 », qui n'existe pas")
        );
    }

    #[test]
    fn empty_list_and_unknown_status_are_reported() {
        let source = DEFAULT_TOML
            .replace("code = \"reportee\"", "code = \"repoussee\"")
            .replacen("champs = [", "champs = [] \nanciens_champs = [", 1);
        // An unknown key is a syntax-level problem, reported alone.
        assert!(problems(&source)[0].message.contains("anciens_champs"));
        let source = DEFAULT_TOML.replace("code = \"reportee\"", "code = \"repoussee\"");
        let p = problems(&source);
        assert!(
            p.iter()
                .any(|p| p.message.contains("« repoussee » est inconnu"))
        );
        assert!(p.iter().any(|p| p.message.contains("« reportee » manque")));
    }

    #[test]
    fn dispositifs_caf_default_when_absent_and_are_checked_like_lists() -> Result<(), ConfigError> {
        let start = DEFAULT_TOML.find("dispositifs_caf").unwrap_or(0);
        let end = start + DEFAULT_TOML[start..].find(']').unwrap_or(0) + 1;
        // A ctg.toml written before template ctg-2: the usual dispositifs.
        let older = Config::parse(&format!(
            "{}{}",
            &DEFAULT_TOML[..start],
            &DEFAULT_TOML[end..]
        ))?;
        assert_eq!(
            older.referentiel.caf_schemes,
            Config::embedded()?.referentiel.caf_schemes
        );
        assert_eq!(older.referentiel.caf_schemes.len(), 5);
        let custom = Config::parse(&DEFAULT_TOML.replacen(
            &DEFAULT_TOML[start..end],
            "dispositifs_caf = [\"CLAS\", \"Autre\"]",
            1,
        ))?;
        assert_eq!(custom.referentiel.caf_schemes, ["CLAS", "Autre"]);
        for (list, expected) in [
            (
                "[]",
                "la liste des dispositifs CAF ([listes] dispositifs_caf) est vide",
            ),
            ("[\"REAAP\", \"reaap\"]", "contient deux fois « reaap »"),
        ] {
            let source = DEFAULT_TOML.replacen(
                &DEFAULT_TOML[start..end],
                &format!("dispositifs_caf = {list}"),
                1,
            );
            let p = problems(&source);
            assert_eq!(p.len(), 1, "{p:?}");
            assert!(p[0].message.contains(expected), "{}", p[0].message);
            assert_eq!(p[0].line, Some(line_of(&source, "dispositifs_caf")));
        }
        Ok(())
    }

    #[test]
    fn bad_partner_code_and_years_are_reported() {
        let source = DEFAULT_TOML
            .replacen("code = \"MJCL\"", "code = \"mjc lavaur\"", 1)
            .replacen("fin = 2026", "fin = 2020", 1);
        let p = problems(&source);
        assert!(p.iter().any(|p| p.message.contains("« mjc lavaur »")));
        assert!(p.iter().any(|p| p.message.contains("finit en 2020")));
    }
}
