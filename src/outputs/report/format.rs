//! The forms a report takes (French text, Markdown, JSON, a workbook), as
//! the `--format` of every command names them, and a change report written
//! in one of them.

use std::path::Path;

use clap::ValueEnum;
use clap::builder::{PossibleValuesParser, TypedValueParser};

use super::changes as render;
use crate::changes::ChangeReport;
use crate::error::{Error, Result};
use crate::referentiel::Referentiel;

/// A form of report. Each command offers the forms it can produce (see
/// [`Format::parser`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable French text, for the terminal.
    #[value(name = "texte", alias = "text")]
    Text,
    /// Markdown, as the reports of `sortie/`.
    #[value(alias = "markdown")]
    Md,
    /// JSON (schema in README).
    Json,
    /// A workbook with the « Modifications » sheet.
    Xlsx,
}

impl Format {
    /// The format a file name asks for by its extension, if any.
    pub fn of_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Some(Format::Md),
            "json" => Some(Format::Json),
            "xlsx" => Some(Format::Xlsx),
            "txt" => Some(Format::Text),
            _ => None,
        }
    }

    /// The clap parser of a `--format` that offers only `offered`: any
    /// other form is refused with the list of the offered ones.
    pub fn parser(offered: &'static [Format]) -> impl TypedValueParser<Value = Format> {
        PossibleValuesParser::new(offered.iter().filter_map(Format::to_possible_value))
            .try_map(|name| Format::from_str(&name, false))
    }
}

/// The change report as text in `format`. A workbook has no text form:
/// xlsx gives the terminal text.
pub fn change_text(report: &ChangeReport, r: &Referentiel, format: Format) -> String {
    match format {
        Format::Text | Format::Xlsx => render::text(report, r),
        Format::Md => render::markdown(report, r),
        Format::Json => render::json(report, r),
    }
}

/// Writes the change report to `path` in `format`, atomically.
pub fn write_changes(
    report: &ChangeReport,
    r: &Referentiel,
    format: Format,
    path: &Path,
) -> Result<()> {
    let bytes = match format {
        Format::Xlsx => crate::outputs::consolidated::build_changes(report, r)
            .map_err(|e| Error::workbook(path, &e))?,
        _ => change_text(report, r, format).into_bytes(),
    };
    crate::fs::write_atomic(path, &bytes)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_accepts_only_the_forms_it_offers() {
        let cmd = clap::Command::new("ctg").arg(
            clap::Arg::new("format")
                .long("format")
                .value_parser(Format::parser(&[Format::Text, Format::Json])),
        );
        let parse = |value: &str| {
            cmd.clone()
                .try_get_matches_from(["ctg", "--format", value])
                .ok()
                .and_then(|m| m.get_one::<Format>("format").copied())
        };
        assert_eq!(parse("texte"), Some(Format::Text));
        assert_eq!(parse("json"), Some(Format::Json));
        assert_eq!(parse("md"), None);
        assert_eq!(parse("xlsx"), None);
    }

    #[test]
    fn the_extension_of_a_file_names_its_form() {
        assert_eq!(Format::of_path(Path::new("r.MD")), Some(Format::Md));
        assert_eq!(Format::of_path(Path::new("r.xlsx")), Some(Format::Xlsx));
        assert_eq!(Format::of_path(Path::new("r.pdf")), None);
    }
}
