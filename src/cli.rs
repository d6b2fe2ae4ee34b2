//! clap speaks English by default: this gives `ctg --help` and argument
//! errors in French.

use std::process::ExitCode;

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

fn context(e: &clap::Error, kind: ContextKind) -> String {
    match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// Prints a clap error (or the help it carries) in French and returns the
/// exit code: 0 for help and version, 2 for a usage error.
pub fn exit_on_clap_error(e: clap::Error) -> ExitCode {
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
        ErrorKind::UnknownArgument => format!("option inconnue « {arg} »."),
        ErrorKind::InvalidSubcommand => {
            let arg = context(&e, ContextKind::InvalidSubcommand);
            // clap may suggest several commands: « a » ou « b ».
            let suggestions: Vec<String> = match e.get(ContextKind::SuggestedSubcommand) {
                Some(ContextValue::Strings(v)) => v.iter().map(|s| format!("« {s} »")).collect(),
                Some(ContextValue::String(s)) => vec![format!("« {s} »")],
                _ => Vec::new(),
            };
            if suggestions.is_empty() {
                format!("commande inconnue « {arg} ».")
            } else {
                format!(
                    "commande inconnue « {arg} » ; vouliez-vous dire {} ?",
                    suggestions.join(" ou ")
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
            // The hint depends on what the option expects.
            let hint = if arg.contains("AAAA") {
                "écrivez la date sous la forme AAAA-MM-JJ"
            } else if arg.contains("SECONDES") {
                "indiquez un nombre de secondes"
            } else {
                "indiquez un nombre"
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
