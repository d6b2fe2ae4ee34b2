//! The `ctg` command: parses arguments and hands over to the library.

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use ctg::cmd::{self, Global};
use ctg::workbook::{Isolation, isolate};

/// Tenir à jour le plan d'actions d'une Convention Territoriale Globale.
#[derive(Parser)]
#[command(name = "ctg", version, disable_help_subcommand = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    global: Global,
}

#[derive(Subcommand)]
enum Command {
    /// Préparer un dossier partagé (sous-dossiers et ctg.toml).
    #[command(name = "init")]
    Init(cmd::init::Args),
    /// Produire le modèle de classeur d'un partenaire (en anglais : template).
    #[command(name = "modele", alias = "template")]
    Template(cmd::modele::Args),
    /// Vérifier des classeurs de partenaires et signaler chaque problème (en anglais : check).
    #[command(name = "verifier", alias = "check")]
    Check(cmd::verifier::Args),
    /// Consolider les classeurs déposés : classeur pour la CAF, retours aux partenaires, tableau de bord (en anglais : consolidate).
    #[command(name = "consolider", alias = "consolidate")]
    Consolidate(cmd::consolider::Args),
    /// Surveiller le dossier partagé et tenir tous les documents à jour à chaque dépôt (en anglais : watch).
    #[command(name = "surveiller", alias = "watch")]
    Watch(cmd::surveiller::Args),
    /// Campagne de résultats d'une année : ce que chaque partenaire doit compléter pour l'évaluation (en anglais : evaluate).
    #[command(name = "evaluation", alias = "evaluate")]
    Evaluate(cmd::evaluation::Args),
    /// Exporter le plan d'actions en données ouvertes : paquet de données Frictionless (datapackage.json et fichiers CSV) (en anglais : export).
    #[command(name = "exporter", alias = "export")]
    Export(cmd::exporter::Args),
    /// Lister les consolidations, suivre une action ou les dépôts d'un partenaire (en anglais : history).
    #[command(name = "historique", alias = "history")]
    History(cmd::historique::Args),
    /// Rapport des modifications depuis une date ou une consolidation, par exemple le dernier COPIL (en anglais : report).
    #[command(name = "rapport", alias = "report")]
    Report(cmd::rapport::Args),
    /// Comparer deux versions d'un classeur de partenaire, ou deux classeurs consolidés : ce qui a été ajouté, supprimé, modifié (en anglais : diff).
    #[command(name = "comparer", alias = "diff")]
    Diff(cmd::comparer::Args),
    /// Produire les fiches actions du plan en cours : document Word et page HTML (en anglais : action-sheets).
    #[command(name = "fiches", alias = "action-sheets")]
    ActionSheets(cmd::fiches::Args),
    /// Préparer le classeur des avis d'un comité (COPIL, COTECH) dans coordination/ (en anglais : decisions).
    #[command(name = "avis", alias = "decisions")]
    Decisions(cmd::avis::Args),
    /// Contrôler l'historique et l'archive d'un dossier partagé, et faire les réparations sans risque (en anglais : fsck).
    #[command(name = "controler", alias = "fsck")]
    Fsck(cmd::controler::Args),
    /// Sauvegarder l'historique, l'archive, ctg.toml et coordination/ dans un fichier zip, même pendant une surveillance (en anglais : backup).
    #[command(name = "sauvegarder", alias = "backup")]
    Backup(cmd::sauvegarder::Args),
    /// Remettre en place une sauvegarde, après l'avoir vérifiée (en anglais : restore).
    #[command(name = "restaurer", alias = "restore")]
    Restore(cmd::restaurer::Args),
    /// Lecture isolée de classeurs, listés sur l'entrée standard (usage interne).
    #[command(name = isolate::CHILD_COMMAND, hide = true)]
    Child { limits: String },
}

fn main() -> ExitCode {
    let command = ctg::cli::french(Cli::command());
    let matches = command.clone().try_get_matches();
    let cli = match matches.and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => cli,
        Err(e) => return ctg::cli::exit_on_clap_error(e, &command),
    };
    let isolation = Isolation::current_exe();
    let result = match &cli.command {
        Command::Init(args) => cmd::init::run(args),
        Command::Template(args) => cmd::modele::run(args, &cli.global),
        Command::Check(args) => cmd::verifier::run(args, &cli.global, &isolation),
        Command::Consolidate(args) => cmd::consolider::run(args, &cli.global, &isolation),
        Command::Watch(args) => cmd::surveiller::run(args, &cli.global, &isolation),
        Command::Evaluate(args) => cmd::evaluation::run(args, &cli.global, &isolation),
        Command::Export(args) => cmd::exporter::run(args),
        Command::History(args) => cmd::historique::run(args),
        Command::Report(args) => cmd::rapport::run(args),
        Command::Diff(args) => cmd::comparer::run(args, &cli.global, &isolation),
        Command::ActionSheets(args) => cmd::fiches::run(args, &cli.global, &isolation),
        Command::Decisions(args) => cmd::avis::run(args, &cli.global, &isolation),
        Command::Fsck(args) => cmd::controler::run(args),
        Command::Backup(args) => cmd::sauvegarder::run(args),
        Command::Restore(args) => cmd::restaurer::run(args),
        Command::Child { limits } => Ok(isolate::child_main(limits)),
    };
    match result {
        Ok(code) => ExitCode::from(code.clamp(0, 255) as u8),
        Err(e) => {
            eprintln!("Erreur : {e}");
            ExitCode::from(2)
        }
    }
}
