//! clap speaks English by default: this gives `ctg --help` and argument
//! errors in French, and reads dates the way French users type them.

use std::process::ExitCode;

use chrono::NaiveDate;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

const TEMPLATE: &str = "{about-with-newline}\nUtilisation : {usage}\n\n{all-args}{after-help}";

/// Translates the help of a command and of its subcommands. clap's own
/// headings « Arguments » and « Options » are already French.
pub fn french(cmd: Command) -> Command {
    let cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading("Commandes")
        .subcommand_value_name("COMMANDE")
        .disable_help_flag(true)
        .arg(
            Arg::new("aide")
                .short('h')
                .long("help")
                .alias("aide")
                .action(ArgAction::Help)
                .help("Afficher cette aide")
                .global(true),
        );
    let cmd = if cmd.get_version().is_some() {
        cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Afficher la version"),
        )
    } else {
        cmd
    };
    // clap would print « [default: …] » and « Possible values »: each help
    // text states its default and values in French instead.
    let french_args = |a: Arg| {
        if a.get_action().takes_values() {
            a.hide_default_value(true).hide_possible_values(true)
        } else {
            a
        }
    };
    cmd.mut_args(french_args)
        .mut_subcommands(move |sub| sub.help_template(TEMPLATE).mut_args(french_args))
}

/// How a date may be typed, for messages.
const DAY_FORMS: &str =
    "écrivez la date sous la forme AAAA-MM-JJ ou JJ/MM/AAAA, par exemple 2024-06-01 ou 01/06/2024";

/// French month names, for « novembre 2026 n'a que 30 jours ».
const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// A day typed on the command line, as `AAAA-MM-JJ` or, as in workbooks,
/// `JJ/MM/AAAA`. A well-formed date that does not exist (31/11) is told so,
/// not taken for a format error.
pub fn day(text: &str) -> Result<NaiveDate, String> {
    let numbers = |parts: Vec<&str>| -> Option<Vec<u32>> {
        parts
            .iter()
            .map(|p| {
                (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| p.parse().ok())
                    .flatten()
            })
            .collect()
    };
    let text = text.trim();
    let iso: Vec<&str> = text.split('-').collect();
    let french: Vec<&str> = text.split('/').collect();
    let (year, month, day) = match (numbers(iso.clone()), numbers(french.clone())) {
        (Some(n), _) if n.len() == 3 && iso[0].len() == 4 => (n[0], n[1], n[2]),
        (_, Some(n)) if n.len() == 3 && french[2].len() == 4 => (n[2], n[1], n[0]),
        _ => return Err(DAY_FORMS.to_owned()),
    };
    let year = i32::try_from(year).map_err(|_| DAY_FORMS.to_owned())?;
    if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
        return Ok(date);
    }
    let Some(name) = month.checked_sub(1).and_then(|m| MONTHS.get(m as usize)) else {
        return Err(format!(
            "il n'y a pas de mois n° {month} : le mois s'écrit de 01 à 12 ({DAY_FORMS})"
        ));
    };
    // The month exists: its last day is the day before the 1st of the next.
    let last = NaiveDate::from_ymd_opt(year, month, 1)
        .and_then(|first| first.checked_add_months(chrono::Months::new(1)))
        .and_then(|next| next.pred_opt())
        .map(|d| d.format("%d").to_string());
    Err(match last {
        Some(last) => format!(
            "la date du {day:02}/{month:02}/{year} n'existe pas : {name} {year} n'a que {} jours",
            last.trim_start_matches('0')
        ),
        None => format!("la date du {day:02}/{month:02}/{year} n'existe pas"),
    })
}

fn context(e: &clap::Error, kind: ContextKind) -> String {
    match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// The French name of the subcommand of `cmd` called `name` or aliased so
/// (clap suggests « consolidate » for « consolidr »: ours is « consolider »).
fn french_name(cmd: &Command, name: &str) -> String {
    cmd.get_subcommands()
        .find(|s| s.get_name() == name || s.get_all_aliases().any(|a| a == name))
        .map_or_else(|| name.to_owned(), |s| s.get_name().to_owned())
}

/// « « a » » or « « a » ou « b » », each once.
fn quoted_choices(names: Vec<String>) -> String {
    let mut unique: Vec<String> = Vec::new();
    for n in names {
        if !unique.contains(&n) {
            unique.push(n);
        }
    }
    unique
        .iter()
        .map(|n| format!("« {n} »"))
        .collect::<Vec<_>>()
        .join(" ou ")
}

/// What clap suggests for a mistyped word, by kind of context.
fn suggested(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// Prints a clap error (or the help it carries) in French and returns the
/// exit code: 0 for help and version, 2 for a usage error. `cmd` is the
/// command line's definition, to name subcommands by their French names.
pub fn exit_on_clap_error(e: clap::Error, cmd: &Command) -> ExitCode {
    let arg = context(&e, ContextKind::InvalidArg);
    let value = context(&e, ContextKind::InvalidValue);
    let message = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            print!("{}", e.render());
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            eprint!("{}", e.render());
            return ExitCode::from(2);
        }
        ErrorKind::UnknownArgument => {
            let options = suggested(&e, ContextKind::SuggestedArg);
            if options.is_empty() {
                format!("option inconnue « {arg} ».")
            } else {
                format!(
                    "option inconnue « {arg} » ; vouliez-vous dire {} ?",
                    quoted_choices(options)
                )
            }
        }
        ErrorKind::InvalidSubcommand => {
            let arg = context(&e, ContextKind::InvalidSubcommand);
            // clap may suggest several commands, aliases included.
            let names: Vec<String> = suggested(&e, ContextKind::SuggestedSubcommand)
                .iter()
                .map(|s| french_name(cmd, s))
                .collect();
            if names.is_empty() {
                format!("commande inconnue « {arg} ».")
            } else {
                format!(
                    "commande inconnue « {arg} » ; vouliez-vous dire {} ?",
                    quoted_choices(names)
                )
            }
        }
        ErrorKind::InvalidValue => {
            let valid = context(&e, ContextKind::ValidValue);
            if valid.is_empty() {
                format!("valeur « {value} » non valide pour {arg}.")
            } else {
                format!("valeur « {value} » non valide pour {arg} (valeurs possibles : {valid}).")
            }
        }
        ErrorKind::ValueValidation => {
            // The hint depends on what the option expects; dates are read
            // by `day`, whose message is French.
            let hint = if arg.contains("AAAA") {
                std::error::Error::source(&e)
                    .map_or_else(|| DAY_FORMS.to_owned(), ToString::to_string)
            } else if arg.contains("SECONDES") {
                "indiquez un nombre de secondes".to_owned()
            } else {
                "indiquez un nombre".to_owned()
            };
            format!("valeur « {value} » non valide pour {arg} : {hint}.")
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = arg.trim_end_matches("...").replace(['<', '>'], "");
            format!("il manque {missing}.")
        }
        ErrorKind::ArgumentConflict => {
            let prior = context(&e, ContextKind::PriorArg);
            format!("{arg} et {prior} ne peuvent pas être utilisés ensemble.")
        }
        ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues => {
            format!("nombre de valeurs incorrect pour {arg}.")
        }
        _ => "arguments incorrects.".to_owned(),
    };
    let usage = context(&e, ContextKind::Usage);
    eprintln!("Erreur : {message}");
    if !usage.is_empty() {
        eprintln!("{}", usage.replace("Usage:", "Utilisation :"));
    }
    eprintln!("Tapez « ctg --help » pour l'aide.");
    ExitCode::from(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_read_in_both_forms_and_impossible_ones_are_named() {
        let expected = NaiveDate::from_ymd_opt(2026, 11, 29);
        assert_eq!(day("2026-11-29").ok(), expected);
        assert_eq!(day("29/11/2026").ok(), expected);
        assert_eq!(day(" 1/6/2024 ").ok(), NaiveDate::from_ymd_opt(2024, 6, 1));
        assert_eq!(
            day("2026-11-31"),
            Err("la date du 31/11/2026 n'existe pas : novembre 2026 n'a que 30 jours".to_owned())
        );
        assert_eq!(
            day("29/02/2025"),
            Err("la date du 29/02/2025 n'existe pas : février 2025 n'a que 28 jours".to_owned())
        );
        assert!(day("2026-13-01").is_err_and(|m| m.starts_with("il n'y a pas de mois n° 13")));
        for bad in ["hier", "2026/11/29", "29-11-26", "29/11/26", "", "2026-11"] {
            assert_eq!(day(bad), Err(DAY_FORMS.to_owned()), "{bad}");
        }
    }
}
