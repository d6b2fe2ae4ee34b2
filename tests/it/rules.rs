//! Every validation rule, on real workbooks built in code: the code, the
//! cell and the message of each finding. Column letters follow the
//! template: A N°, B Intitulé, C Objectif, D Champ, E Public, F Communes,
//! G Description, H Référent, I Partenaires, J Début, K Fin, L Statut,
//! M Avancement, N Budget, O CAF, P CCTA, Q Communes, R Autres, S Commentaires.
//! The checks run as of 15/06/2024.

use crate::common::*;
use ctg::finding::{Code, Severity};
use ctg::model::{Communes, IndicatorValue};
use ctg::referentiel::StatusKind;

const ERR: Severity = Severity::Error;
const WARN: Severity = Severity::Warning;

/// Two complete actions with an indicator each: no finding at all.
fn base() -> Book {
    Book::standard("MJCL", "MJC de Lavaur")
        .action(valid_action("MJCL", 1))
        .action(valid_action("MJCL", 2))
        .indicator(valid_indicator("MJCL-001"))
        .indicator(valid_indicator("MJCL-002"))
}

/// `base` plus a third action (row 4) with `header` set to `value`.
fn third(header: &'static str, value: Option<V>) -> Book {
    base()
        .action(with(valid_action("MJCL", 3), header, value))
        .indicator(valid_indicator("MJCL-003"))
}

fn row4(header: &'static str, value: Option<V>) -> ctg::model::Submission {
    third(header, value).check()
}

#[test]
fn a_complete_workbook_has_no_finding() {
    let s = base().check();
    assert!(s.findings.is_empty(), "{}", dump(&s));
    assert_eq!(s.actions.len(), 2);
    assert_eq!(s.indicators.len(), 2);
    assert_eq!(s.partner.code, "MJCL");
    assert_eq!(s.partner.name, "MJC de Lavaur");
    let a = &s.actions[0];
    assert_eq!(a.number, "MJCL-001");
    assert_eq!(a.objective, "2.2.1");
    assert_eq!(a.status, Some(StatusKind::InProgress));
    assert_eq!(
        a.communes,
        Communes::Some(vec!["Lavaur".into(), "Saint-Sulpice-la-Pointe".into()])
    );
    assert_eq!(a.funding_total(), 4000.0);
    assert_eq!(a.row, 2);
}

// ---- numbers ----

#[test]
fn missing_number_refuses_the_row_and_suggests_the_next_free_one() {
    let s = row4("N° action", None);
    let f = assert_finding(
        &s,
        Code::NumberMissing,
        ERR,
        Some("Actions!A4"),
        "pas de numéro d'action",
    );
    assert_eq!(f.suggestion.as_deref(), Some("MJCL-003"));
    assert_eq!(s.actions.len(), 2);
    let refused: Vec<_> = s.rejected.iter().filter(|r| r.sheet == "Actions").collect();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].row, 4);
    assert!(
        refused[0]
            .values
            .iter()
            .any(|(h, v)| h == "Intitulé" && v == "Ateliers parents-enfants n°3")
    );
}

#[test]
fn a_row_whose_number_was_erased_is_offered_it_back() {
    // The template's pre-filled numbers run to MJCL-030; the partner erased
    // MJCL-004 between MJCL-003 and MJCL-005.
    let mut book = base().action(valid_action("MJCL", 3));
    book = book.action(with(valid_action("MJCL", 4), "N° action", None));
    book = book.action(valid_action("MJCL", 5));
    for i in 6..=30 {
        book = book.action(vec![("N° action", t(&format!("MJCL-{i:03}")))]);
    }
    for i in 3..=5 {
        book = book.indicator(valid_indicator(&format!("MJCL-{i:03}")));
    }
    let s = book.check();
    let f = assert_finding(
        &s,
        Code::NumberMissing,
        ERR,
        Some("Actions!A5"),
        "(numéro libre à cette place : MJCL-004)",
    );
    assert_eq!(f.suggestion.as_deref(), Some("MJCL-004"));
    // A row added after the last number gets the next one; two rows
    // without a number never get the same.
    let s = base()
        .action(with(valid_action("MJCL", 3), "N° action", None))
        .action(with(valid_action("MJCL", 4), "N° action", None))
        .check();
    let suggested: Vec<Option<&str>> = with_code(&s, Code::NumberMissing)
        .iter()
        .map(|f| f.suggestion.as_deref())
        .collect();
    assert_eq!(suggested, [Some("MJCL-003"), Some("MJCL-004")]);
    // A row above the first number gets the lowest free one.
    let s = Book::standard("MJCL", "MJC de Lavaur")
        .action(with(valid_action("MJCL", 9), "N° action", None))
        .action(valid_action("MJCL", 1))
        .action(valid_action("MJCL", 2))
        .check();
    assert_eq!(
        only(&s, Code::NumberMissing).suggestion.as_deref(),
        Some("MJCL-003")
    );
}

#[test]
fn malformed_number_is_refused() {
    let s = row4("N° action", Some(t("12")));
    assert_finding(
        &s,
        Code::NumberInvalid,
        ERR,
        Some("Actions!A4"),
        "« 12 » n'a pas la forme attendue MJCL-001",
    );
    assert_eq!(s.actions.len(), 2);
}

#[test]
fn sloppy_number_is_normalised_with_a_warning() {
    let s = row4("N° action", Some(t("mjcl 3")));
    assert_finding(
        &s,
        Code::NumberNormalised,
        WARN,
        Some("Actions!A4"),
        "a été lu comme MJCL-003",
    );
    assert_eq!(s.actions[2].number, "MJCL-003");
}

#[test]
fn number_of_another_partner_is_refused() {
    let s = base().action(valid_action("RPE", 1)).check();
    assert_finding(
        &s,
        Code::NumberOfOtherPartner,
        ERR,
        Some("Actions!A4"),
        "ne commence pas par votre code partenaire MJCL",
    );
    assert_eq!(s.actions.len(), 2);
}

#[test]
fn duplicate_number_refuses_the_second_row() {
    let s = base()
        .action(with(
            valid_action("MJCL", 1),
            "Intitulé",
            Some(t("Autre chose")),
        ))
        .check();
    let f = assert_finding(
        &s,
        Code::DuplicateNumber,
        ERR,
        Some("Actions!A4"),
        "déjà utilisé ligne 2",
    );
    assert_eq!(f.suggestion.as_deref(), Some("MJCL-003"));
    assert_eq!(s.actions.len(), 2);
    assert_eq!(s.actions[0].title, "Ateliers parents-enfants n°1");
}

#[test]
fn rows_with_only_a_prefilled_number_are_not_actions() {
    let s = base()
        .action(vec![("N° action", t("MJCL-003"))])
        .action(vec![("N° action", t("MJCL-004"))])
        .check();
    assert!(s.findings.is_empty(), "{}", dump(&s));
    assert_eq!(s.actions.len(), 2);
}

#[test]
fn empty_rows_in_the_middle_are_skipped() {
    let s = Book::standard("MJCL", "MJC de Lavaur")
        .action(valid_action("MJCL", 1))
        .raw_row("Actions", vec![])
        .raw_row("Actions", vec![])
        .action(valid_action("MJCL", 2))
        .indicator(valid_indicator("MJCL-001"))
        .indicator(valid_indicator("MJCL-002"))
        .check();
    assert!(s.findings.is_empty(), "{}", dump(&s));
    assert_eq!(s.actions[1].row, 5);
}

// ---- title and objective ----

#[test]
fn missing_title_refuses_the_row() {
    let s = row4("Intitulé", None);
    assert_finding(
        &s,
        Code::TitleMissing,
        ERR,
        Some("Actions!B4"),
        "L'action MJCL-003 n'a pas d'intitulé",
    );
    assert_eq!(s.actions.len(), 2);
}

#[test]
fn duplicate_title_is_flagged() {
    let s = row4("Intitulé", Some(t("ateliers PARENTS-enfants n°1")));
    assert_finding(
        &s,
        Code::DuplicateTitle,
        WARN,
        Some("Actions!B4"),
        "déjà celui de l'action MJCL-001 (ligne 2)",
    );
    assert_eq!(s.actions.len(), 3);
}

#[test]
fn objective_accepts_code_label_or_both() {
    for typed in [
        "1.2.1",
        "1.2.1 — Développer l'offre pour les communes rurales et pôles relais",
        "développer l'offre pour les communes rurales et pôles relais",
        "OO 1.2.1",
    ] {
        let s = row4("Objectif opérationnel", Some(t(typed)));
        assert!(s.findings.is_empty(), "{typed}: {}", dump(&s));
        assert_eq!(s.actions[2].objective, "1.2.1", "{typed}");
    }
}

#[test]
fn objective_code_with_another_label_is_flagged() {
    let s = row4(
        "Objectif opérationnel",
        Some(t("1.2.1 - Favoriser l'inclusion Numérique")),
    );
    assert_finding(
        &s,
        Code::ObjectiveLabelMismatch,
        WARN,
        Some("Actions!C4"),
        "l'outil de suivi retient l'objectif 1.2.1",
    );
    assert_eq!(s.actions[2].objective, "1.2.1");
}

#[test]
fn a_piste_typed_as_the_objective_files_the_action_under_its_objective() {
    let s = row4(
        "Objectif opérationnel",
        Some(t(
            "Mettre en place des actions citoyennes : Conseil des Jeunes",
        )),
    );
    let f = assert_finding(
        &s,
        Code::ObjectiveFromLead,
        WARN,
        Some("Actions!C4"),
        "n'est pas un objectif opérationnel mais une piste de travail de l'objectif 1.2.1",
    );
    assert!(
        f.message
            .contains("Choisissez l'objectif dans la liste déroulante")
    );
    assert_eq!(
        f.suggestion.as_deref(),
        Some(
            "Choisissez « 1.2.1 — Développer l'offre pour les communes rurales et pôles relais » dans la liste."
        )
    );
    // Kept, under the objective of the piste (not 2.1.3, as once suggested).
    assert_eq!(s.actions.len(), 3);
    assert_eq!(s.actions[2].objective, "1.2.1");
    let s = row4(
        "Objectif opérationnel",
        Some(t("Sensibiliser les professionnels à la parentalité")),
    );
    assert_eq!(s.actions[2].objective, "2.2.2");
    // The dropdown's code with the piste as its label is no mismatch.
    let s = row4(
        "Objectif opérationnel",
        Some(t(
            "2.2.2 — Sensibiliser les professionnels à la parentalité",
        )),
    );
    assert!(s.findings.is_empty(), "{}", dump(&s));
}

#[test]
fn missing_objective_refuses_the_row() {
    let s = row4("Objectif opérationnel", None);
    assert_finding(
        &s,
        Code::ObjectiveMissing,
        ERR,
        Some("Actions!C4"),
        "n'est rattachée à aucun objectif opérationnel",
    );
    assert_eq!(s.actions.len(), 2);
}

#[test]
fn unknown_objective_is_refused_with_the_closest_suggested() {
    let s = row4(
        "Objectif opérationnel",
        Some(t("1.4.1 — Renforcer les partenariats")),
    );
    let f = assert_finding(
        &s,
        Code::ObjectiveUnknown,
        ERR,
        Some("Actions!C4"),
        "n'est pas un objectif opérationnel de la CTG",
    );
    assert_eq!(
        f.suggestion.as_deref(),
        Some("Vouliez-vous dire « 1.3.3 — Renforcer les partenariats » ?")
    );
    let s = row4(
        "Objectif opérationnel",
        Some(t("Favoriser l'inclusion numerik")),
    );
    let f = only(&s, Code::ObjectiveUnknown);
    assert_eq!(
        f.suggestion.as_deref(),
        Some("Vouliez-vous dire « 3.2.3 — Favoriser l'inclusion Numérique » ?")
    );
    assert_eq!(
        s.rejected.iter().filter(|r| r.sheet == "Actions").count(),
        1
    );
}

// ---- lists ----

#[test]
fn status_by_label_or_synonym() {
    let s = row4("Statut", Some(t("terminée")));
    assert_eq!(s.actions[2].status, Some(StatusKind::Done));
}

#[test]
fn missing_status_is_a_warning() {
    let s = row4("Statut", None);
    assert_finding(
        &s,
        Code::StatusMissing,
        WARN,
        Some("Actions!L4"),
        "Le statut de l'action MJCL-003 n'est pas renseigné",
    );
    assert_eq!(s.actions[2].status, None);
}

#[test]
fn unknown_status_is_an_error_with_suggestion() {
    let s = row4("Statut", Some(t("En court")));
    let f = assert_finding(
        &s,
        Code::StatusUnknown,
        ERR,
        Some("Actions!L4"),
        "« En court » n'est pas un statut possible",
    );
    assert_eq!(
        f.suggestion.as_deref(),
        Some("Vouliez-vous dire « En cours » ?")
    );
    assert_eq!(s.actions.len(), 3, "the action itself is kept");
}

#[test]
fn domains_and_audiences_are_checked_against_the_lists() {
    let s = row4("Champ d'intervention", Some(t("Jeuness; parentalite")));
    let f = assert_finding(
        &s,
        Code::DomainUnknown,
        ERR,
        Some("Actions!D4"),
        "« Jeuness » n'est pas un champ d'intervention de la liste : cette valeur est mise de côté en attendant, le reste de l'action est repris.",
    );
    assert_eq!(
        f.suggestion.as_deref(),
        Some("Vouliez-vous dire « Jeunesse » ?")
    );
    // The unknown value is set aside, the rest of the action kept.
    assert_eq!(s.actions[2].domains, ["Parentalité"]);
    let s = row4("Public cible", Some(t("Extraterrestres")));
    assert_finding(
        &s,
        Code::AudienceUnknown,
        ERR,
        Some("Actions!E4"),
        "« Extraterrestres » n'est pas un public cible de la liste",
    );
    let s = row4("Champ d'intervention", None);
    assert_finding(
        &s,
        Code::DomainMissing,
        WARN,
        Some("Actions!D4"),
        "Le champ d'intervention de l'action MJCL-003 n'est pas renseigné",
    );
    let s = row4("Public cible", None);
    assert_finding(
        &s,
        Code::AudienceMissing,
        WARN,
        Some("Actions!E4"),
        "Le public cible de l'action MJCL-003",
    );
}

#[test]
fn near_list_values_are_taken_with_a_warning_naming_the_value_kept() {
    let s = row4(
        "Public cible",
        Some(t("Familles; Enfance (3-11 ans); Jeunes (12-17 ans)")),
    );
    assert_eq!(
        s.actions[2].audiences,
        [
            "Familles / Parents",
            "Enfants (3-11 ans)",
            "Adolescents (13-17 ans)"
        ]
    );
    let near = with_code(&s, Code::AudienceNear);
    assert_eq!(near.len(), 3, "{}", dump(&s));
    assert!(near.iter().all(|f| f.severity == WARN));
    assert!(near.iter().any(|f| f.message
        == "« Familles » n'est pas écrit comme dans la liste : l'outil de suivi retient « Familles / Parents », la valeur la plus proche. Vérifiez-le et choisissez la valeur dans la liste déroulante."));
    assert!(with_code(&s, Code::AudienceUnknown).is_empty());
    let s = row4("Champ d'intervention", Some(t("Handicap")));
    let f = only(&s, Code::DomainNear);
    assert!(
        f.message
            .contains("l'outil de suivi retient « Inclusion / Handicap »")
    );
    // A real unknown stays an error.
    let s = row4("Public cible", Some(t("Seniors")));
    assert_finding(
        &s,
        Code::AudienceUnknown,
        ERR,
        Some("Actions!E4"),
        "« Seniors » n'est pas un public cible de la liste",
    );
    assert!(s.actions[2].audiences.is_empty());
}

#[test]
fn communes_are_forgiving_and_suggested() {
    let s = row4(
        "Communes concernées",
        Some(t("St Sulpice; LAVAUR, massac seran")),
    );
    assert!(s.findings.is_empty(), "{}", dump(&s));
    assert_eq!(
        s.actions[2].communes,
        Communes::Some(vec![
            "Saint-Sulpice-la-Pointe".into(),
            "Lavaur".into(),
            "Massac-Séran".into()
        ])
    );
    let s = row4("Communes concernées", Some(t("Toutes")));
    assert_eq!(s.actions[2].communes, Communes::All);
    let s = row4("Communes concernées", Some(t("Lavour")));
    let f = assert_finding(
        &s,
        Code::CommuneUnknown,
        ERR,
        Some("Actions!F4"),
        "« Lavour » n'est pas une commune du territoire",
    );
    assert_eq!(f.suggestion.as_deref(), Some("Vouliez-vous dire Lavaur ?"));
    // The unknown name is set aside, said so; the known ones are kept.
    assert!(
        f.message
            .contains("cette valeur est mise de côté en attendant")
    );
    assert_eq!(s.actions[2].communes, Communes::Unspecified);
    let s = row4("Communes concernées", Some(t("Lavour; Teulat")));
    assert_eq!(s.actions[2].communes, Communes::Some(vec!["Teulat".into()]));
    let s = row4("Communes concernées", None);
    assert_finding(
        &s,
        Code::CommunesMissing,
        WARN,
        Some("Actions!F4"),
        "écrivez « Toutes »",
    );
}

// ---- dates ----

#[test]
fn dates_typed_as_text_are_read() {
    let s = third("Date de début", Some(t("15/03/2024"))).check();
    assert!(s.findings.is_empty(), "{}", dump(&s));
    assert_eq!(
        s.actions[2].start.map(|d| d.to_string()).as_deref(),
        Some("2024-03-15")
    );
    let s = row4("Date de début", Some(t("15/03/24")));
    assert_eq!(
        s.actions[2].start.map(|d| d.to_string()).as_deref(),
        Some("2024-03-15")
    );
    let s = row4("Date de début", Some(n(45366.0)));
    assert_eq!(
        s.actions[2].start.map(|d| d.to_string()).as_deref(),
        Some("2024-03-15")
    );
}

#[test]
fn unreadable_date_is_an_error() {
    let s = row4("Date de fin", Some(t("bientôt")));
    assert_finding(
        &s,
        Code::DateInvalid,
        ERR,
        Some("Actions!K4"),
        "« bientôt » n'est pas une date",
    );
    assert_eq!(s.actions[2].end, None);
}

#[test]
fn end_before_start_is_an_error() {
    let s = row4("Date de fin", Some(d(2023, 12, 31)));
    assert_finding(
        &s,
        Code::DatesReversed,
        ERR,
        Some("Actions!K4"),
        "La date de fin (31/12/2023) est antérieure à la date de début (10/01/2024)",
    );
}

#[test]
fn date_outside_the_convention_is_flagged() {
    let s = row4("Date de fin", Some(d(2027, 6, 30)));
    assert_finding(
        &s,
        Code::DateOutsidePeriod,
        WARN,
        Some("Actions!K4"),
        "en dehors de la période de la convention (2023-2026)",
    );
}

#[test]
fn missing_start_date_is_flagged() {
    let s = row4("Date de début", None);
    assert_finding(
        &s,
        Code::DateMissing,
        WARN,
        Some("Actions!J4"),
        "La date de début de l'action MJCL-003",
    );
}

// ---- progress and amounts ----

#[test]
fn progress_in_every_shape() {
    for (typed, expected) in [
        (t("80 %"), 80.0),
        (n(0.8), 80.0),
        (t("0,5"), 50.0),
        (n(40.0), 40.0),
    ] {
        let s = row4("Avancement (%)", Some(typed.clone()));
        assert_eq!(
            s.actions[2].progress,
            Some(expected),
            "{typed:?}: {}",
            dump(&s)
        );
    }
}

#[test]
fn progress_out_of_range_or_not_a_number() {
    let s = row4("Avancement (%)", Some(n(150.0)));
    assert_finding(
        &s,
        Code::ProgressInvalid,
        ERR,
        Some("Actions!M4"),
        "L'avancement (150 %) doit être compris entre 0 et 100",
    );
    let s = row4("Avancement (%)", Some(t("beaucoup")));
    assert_finding(
        &s,
        Code::ProgressInvalid,
        ERR,
        Some("Actions!M4"),
        "« beaucoup » n'est pas un pourcentage",
    );
}

#[test]
fn amounts_typed_as_french_text_are_read() {
    let s = third("Budget prévisionnel (€)", Some(t("5 000,00 €"))).check();
    assert!(s.findings.is_empty(), "{}", dump(&s));
    assert_eq!(s.actions[2].budget, Some(5000.0));
    let s = row4("Financement CAF (€)", Some(t("1 200,50 €")));
    assert_eq!(s.actions[2].funding.get("caf"), Some(&1200.5));
}

#[test]
fn unreadable_and_negative_amounts_are_errors() {
    let s = row4("Budget prévisionnel (€)", Some(t("environ 2000")));
    assert_finding(
        &s,
        Code::AmountInvalid,
        ERR,
        Some("Actions!N4"),
        "« environ 2000 » n'est pas un montant",
    );
    let s = row4("Financement CCTA (€)", Some(n(-500.0)));
    assert_finding(
        &s,
        Code::AmountNegative,
        ERR,
        Some("Actions!P4"),
        "Le montant -500 € est négatif",
    );
}

#[test]
fn funding_above_budget_is_an_error() {
    let s = row4("Budget prévisionnel (€)", Some(n(3000.0)));
    assert_finding(
        &s,
        Code::FundingAboveBudget,
        ERR,
        Some("Actions!N4"),
        "dépassent le budget prévisionnel (3\u{202f}000 €) de 1\u{202f}000 €",
    );
}

#[test]
fn funding_without_budget_is_flagged() {
    let s = row4("Budget prévisionnel (€)", None);
    assert_finding(
        &s,
        Code::FundingWithoutBudget,
        WARN,
        Some("Actions!N4"),
        "mais pas le budget prévisionnel",
    );
}

#[test]
fn nil_markers_in_amounts_are_empty() {
    let s = third("Autres financements (€)", Some(t("-"))).check();
    assert!(s.findings.is_empty(), "{}", dump(&s));
    assert_eq!(s.actions[2].funding.get("autres"), None);
}

// ---- coherence ----

#[test]
fn done_but_not_at_100_percent() {
    let s = third("Statut", Some(t("Réalisée"))).action(vec![]).check();
    let s2 = row4("Statut", Some(t("Réalisée")));
    for s in [s, s2] {
        assert_finding(
            &s,
            Code::DoneIncomplete,
            WARN,
            Some("Actions!M4"),
            "son avancement est de 40 %",
        );
        assert_finding(
            &s,
            Code::DoneInFuture,
            WARN,
            Some("Actions!K4"),
            "sa date de fin (31/12/2025) n'est pas encore passée",
        );
    }
}

#[test]
fn at_100_percent_but_still_under_way() {
    let s = row4("Avancement (%)", Some(n(100.0)));
    assert_finding(
        &s,
        Code::ProgressInconsistent,
        WARN,
        Some("Actions!L4"),
        "L'avancement est de 100 % mais l'action est encore « En cours »",
    );
}

#[test]
fn under_way_before_its_start() {
    let s = row4("Date de début", Some(d(2024, 9, 1)));
    assert_finding(
        &s,
        Code::InProgressNotStarted,
        WARN,
        Some("Actions!J4"),
        "sa date de début (01/09/2024) est à venir",
    );
}

#[test]
fn late_action() {
    let s = row4("Date de fin", Some(d(2024, 3, 1)));
    assert_finding(
        &s,
        Code::ActionLate,
        WARN,
        Some("Actions!K4"),
        "La date de fin (01/03/2024) est passée mais l'action est encore « En cours »",
    );
}

#[test]
fn planned_action_past_its_start_date() {
    let late = with(
        with(valid_action("MJCL", 3), "Statut", Some(t("À venir"))),
        "Date de début",
        Some(d(2024, 3, 1)),
    );
    let s = base()
        .action(with(late, "Date de fin", Some(d(2099, 12, 31))))
        .indicator(valid_indicator("MJCL-003"))
        .check();
    assert_finding(
        &s,
        Code::LateStart,
        WARN,
        Some("Actions!J4"),
        "La date de début (01/03/2024) est passée mais l'action est encore « À venir » : passez-la en « En cours » si elle a commencé",
    );
    assert!(
        with_code(&s, Code::ActionLate).is_empty(),
        "one way of being late"
    );
}

#[test]
fn postponed_action_past_its_new_end_date() {
    let postponed = with(
        with(valid_action("MJCL", 3), "Statut", Some(t("Reportée"))),
        "Commentaires",
        Some(t("Reportée faute d'animateur")),
    );
    let s = base()
        .action(with(postponed, "Date de fin", Some(d(2024, 3, 1))))
        .indicator(valid_indicator("MJCL-003"))
        .check();
    assert_finding(
        &s,
        Code::PostponementPassed,
        WARN,
        Some("Actions!K4"),
        "L'action est « Reportée » jusqu'au 01/03/2024, date passée",
    );
}

#[test]
fn abandoned_without_a_word() {
    let s = row4("Statut", Some(t("Abandonnée")));
    assert_finding(
        &s,
        Code::AbandonedWithoutComment,
        WARN,
        Some("Actions!L4"),
        "L'action est « Abandonnée » sans explication",
    );
    let s = third("Statut", Some(t("Abandonnée")))
        .action(vec![])
        .check();
    assert_eq!(with_code(&s, Code::AbandonedWithoutComment).len(), 1);
    let b = base()
        .action(with(
            with(valid_action("MJCL", 3), "Statut", Some(t("Reportée"))),
            "Commentaires",
            Some(t("Faute de salle")),
        ))
        .indicator(valid_indicator("MJCL-003"));
    assert!(with_code(&b.check(), Code::AbandonedWithoutComment).is_empty());
}

#[test]
fn postponed_without_a_word_asks_why_and_until_when() {
    let s = row4("Statut", Some(t("Reportée")));
    assert!(with_code(&s, Code::AbandonedWithoutComment).is_empty());
    let f = assert_finding(
        &s,
        Code::PostponedWithoutComment,
        WARN,
        Some("Actions!L4"),
        "L'action est « Reportée » sans explication : écrivez dans la colonne « Commentaires » pourquoi elle est reportée et à quand",
    );
    assert!(
        f.message
            .contains("mettez à jour ses dates de début et de fin")
    );
    let b = base()
        .action(with(
            with(valid_action("MJCL", 3), "Statut", Some(t("Reportée"))),
            "Commentaires",
            Some(t("Faute de salle, reprise en septembre 2025")),
        ))
        .indicator(valid_indicator("MJCL-003"));
    assert!(with_code(&b.check(), Code::PostponedWithoutComment).is_empty());
}

#[test]
fn formula_errors_are_reported() {
    let s = row4(
        "Budget prévisionnel (€)",
        Some(V::F("=1/0".into(), "#DIV/0!".into())),
    );
    assert_finding(
        &s,
        Code::FormulaError,
        ERR,
        Some("Actions!N4"),
        "l'erreur de formule « #DIV/0! »",
    );
}

#[test]
fn text_that_looks_like_a_formula_stays_text() {
    let s = row4("Intitulé", Some(t("=SOMME(A1:A3)")));
    assert_eq!(s.actions[2].title, "=SOMME(A1:A3)");
}

#[test]
fn total_row_is_skipped_with_a_warning() {
    let s = base()
        .action(vec![
            ("Intitulé", t("TOTAL")),
            ("Budget prévisionnel (€)", n(10000.0)),
        ])
        .check();
    assert_finding(
        &s,
        Code::TotalRowSkipped,
        WARN,
        Some("Actions!B4"),
        "ligne de total",
    );
    assert!(s.rejected.is_empty());
    assert_eq!(s.actions.len(), 2);
}

#[test]
fn empty_actions_sheet_is_flagged() {
    let s = Book::standard("MJCL", "MJC de Lavaur").check();
    assert_finding(
        &s,
        Code::NoAction,
        WARN,
        Some("Actions, ligne 2"),
        "ne contient aucune action",
    );
}

// ---- layout drift ----

#[test]
fn header_below_a_title_with_reordered_renamed_and_extra_columns() {
    let mut book = Book::new();
    let mut sheet = SheetSpec::new("Plan d'actions");
    sheet.rows = vec![
        vec![Some(t("Plan d'actions 2024 — MJC de Lavaur"))],
        vec![],
        vec![
            Some(t("Action")),
            Some(t("Numéro")),
            Some(t("Objectif")),
            Some(t("Statut")),
            Some(t("Budget en euros")),
            Some(t("Part CAF")),
            Some(t("Remarques internes")),
            Some(t("Date début")),
            Some(t("Territoire")),
        ],
        vec![
            Some(t("Chantier jeunes")),
            Some(t("MJCL-001")),
            Some(t("1.2.1")),
            Some(t("en cours")),
            Some(t("1 200,50 €")),
            Some(n(600.0)),
            Some(t("voir avec Paul")),
            Some(t("15/03/2024")),
            Some(t("Toutes")),
        ],
    ];
    book.sheets.push(sheet);
    let s = book.check_as("MJCL.xlsx");
    assert_eq!(s.actions.len(), 1, "{}", dump(&s));
    let a = &s.actions[0];
    assert_eq!(
        (a.title.as_str(), a.objective.as_str(), a.budget, a.row),
        ("Chantier jeunes", "1.2.1", Some(1200.5), 4)
    );
    assert_eq!(a.funding.get("caf"), Some(&600.0));
    assert_eq!(a.communes, Communes::All);
    assert_eq!(
        a.extra,
        [("Remarques internes".to_owned(), "voir avec Paul".to_owned())]
    );
    assert_finding(
        &s,
        Code::UnknownColumn,
        WARN,
        Some("'Plan d''actions'!G3"),
        "« Remarques internes » (G) ne fait pas partie du modèle",
    );
    assert_finding(
        &s,
        Code::ColumnMissing,
        WARN,
        Some("'Plan d''actions', ligne 3"),
        "« Champ d'intervention »",
    );
    // No Partenaire sheet: the code comes from the file name.
    assert_eq!(s.partner.code, "MJCL");
    assert_finding(
        &s,
        Code::PartnerCodeMissing,
        WARN,
        None,
        "déduit du nom du fichier",
    );
    assert_finding(
        &s,
        Code::PartnerSheetMissing,
        WARN,
        None,
        "Aucune feuille « Partenaire »",
    );
    assert_finding(
        &s,
        Code::IndicatorsSheetMissing,
        WARN,
        None,
        "Aucune feuille « Indicateurs »",
    );
}

#[test]
fn actions_found_by_their_header_in_an_unnamed_sheet() {
    let mut book = Book::standard("MJCL", "MJC de Lavaur")
        .action(valid_action("MJCL", 1))
        .indicator(valid_indicator("MJCL-001"));
    book.sheet("Actions").name = "Feuil1".into();
    let s = book.check();
    assert!(s.findings.is_empty(), "{}", dump(&s));
    assert_eq!(s.actions.len(), 1);
}

#[test]
fn vertically_merged_objective_applies_to_each_row() {
    let mut book = Book::standard("MJCL", "MJC de Lavaur")
        .action(valid_action("MJCL", 1))
        .action(with(valid_action("MJCL", 2), "Objectif opérationnel", None))
        .action(with(valid_action("MJCL", 3), "Objectif opérationnel", None))
        .indicator(valid_indicator("MJCL-001"))
        .indicator(valid_indicator("MJCL-002"))
        .indicator(valid_indicator("MJCL-003"));
    book.sheet("Actions").merges.push((1, 2, 3, 2));
    let s = book.check();
    assert_finding(
        &s,
        Code::MergedCells,
        WARN,
        Some("Actions!C2"),
        "Les cellules C2:C4 sont fusionnées",
    );
    assert_eq!(s.actions.len(), 3, "{}", dump(&s));
    assert!(s.actions.iter().all(|a| a.objective == "2.2.1"));
}

#[test]
fn two_row_header_with_merged_funding_title() {
    let mut book = Book::new();
    let mut sheet = SheetSpec::new("Actions");
    sheet.rows = vec![
        vec![
            Some(t("N° action")),
            Some(t("Intitulé")),
            Some(t("Objectif opérationnel")),
            Some(t("Financements")),
            None,
            Some(t("Budget")),
        ],
        vec![None, None, None, Some(t("CAF")), Some(t("CCTA")), None],
        vec![
            Some(t("MJCL-001")),
            Some(t("Séjour")),
            Some(t("1.2.1")),
            Some(n(300.0)),
            Some(n(200.0)),
            Some(n(900.0)),
        ],
    ];
    sheet.merges.push((0, 3, 0, 4));
    book.sheets.push(sheet);
    let s = book.check_as("MJCL.xlsx");
    assert_eq!(s.actions.len(), 1, "{}", dump(&s));
    assert_eq!(s.actions[0].funding.get("caf"), Some(&300.0));
    assert_eq!(s.actions[0].funding.get("ccta"), Some(&200.0));
    assert_eq!(s.actions[0].row, 3);
}

#[test]
fn missing_required_column_refuses_every_row_once() {
    let mut book = Book::new();
    let mut sheet = SheetSpec::new("Actions");
    sheet.rows = vec![
        vec![Some(t("N° action")), Some(t("Intitulé")), Some(t("Statut"))],
        vec![Some(t("MJCL-001")), Some(t("Séjour")), Some(t("En cours"))],
        vec![
            Some(t("MJCL-002")),
            Some(t("Chantier")),
            Some(t("En cours")),
        ],
    ];
    book.sheets.push(sheet);
    let s = book.check_as("MJCL.xlsx");
    assert_finding(
        &s,
        Code::RequiredColumnMissing,
        ERR,
        Some("Actions, ligne 1"),
        "n'a pas de colonne « Objectif opérationnel »",
    );
    assert!(
        with_code(&s, Code::ObjectiveMissing).is_empty(),
        "one finding for the column, not one per row"
    );
    assert_eq!(s.actions.len(), 0);
    assert_eq!(s.rejected.len(), 2);
}

#[test]
fn duplicate_column_is_kept_aside() {
    let mut book = base();
    book.sheet("Actions").rows[0].push(Some(t("Statut")));
    book.sheet("Actions").rows[1].push(Some(t("Réalisée")));
    let s = book.check();
    assert_finding(
        &s,
        Code::DuplicateColumn,
        WARN,
        Some("Actions!AB1"),
        "reprend la même information que la colonne L",
    );
    assert_eq!(s.actions[0].status, Some(StatusKind::InProgress));
    assert_eq!(
        s.actions[0].extra,
        [("Statut".to_owned(), "Réalisée".to_owned())]
    );
}

#[test]
fn values_in_an_untitled_column_are_kept() {
    let mut book = base();
    book.sheet("Actions").rows[1].push(None);
    book.sheet("Actions").rows[1].push(Some(t("note")));
    let s = book.check();
    assert_finding(
        &s,
        Code::UnknownColumn,
        WARN,
        Some("Actions!AC1"),
        "La colonne AC contient des valeurs mais n'a pas de titre",
    );
    assert_eq!(
        s.actions[0].extra,
        [("Colonne AC".to_owned(), "note".to_owned())]
    );
}

#[test]
fn no_header_row_is_an_error() {
    let mut book = Book::standard("MJCL", "MJC de Lavaur");
    book.sheet("Actions").rows = vec![
        vec![Some(t("bonjour")), Some(n(3.0))],
        vec![Some(t("au revoir"))],
    ];
    let s = book.check();
    assert_finding(
        &s,
        Code::HeaderNotFound,
        ERR,
        None,
        "Impossible de trouver la ligne de titres du tableau dans la feuille « Actions »",
    );
}

#[test]
fn no_actions_sheet_is_an_error() {
    let mut book = Book::standard("MJCL", "MJC de Lavaur");
    book.sheets.retain(|s| s.name != "Actions");
    let s = book.check();
    assert_finding(
        &s,
        Code::ActionsSheetMissing,
        ERR,
        None,
        "feuilles présentes : « Partenaire », « Indicateurs »",
    );
}

// ---- partner ----

#[test]
fn partner_code_missing_is_inferred_from_numbers() {
    let mut book = base();
    book.sheet("Partenaire").rows[4][1] = None;
    let s = book.check();
    assert_finding(
        &s,
        Code::PartnerCodeMissing,
        WARN,
        Some("Partenaire, ligne 1"),
        "l'outil de suivi a retenu « MJCL », déduit des numéros d'action",
    );
    assert_eq!(s.partner.code, "MJCL");
    assert_eq!(s.actions.len(), 2);
}

#[test]
fn partner_code_invalid() {
    let mut book = base();
    book.sheet("Partenaire").rows[4][1] = Some(t("MJC Lavaur!"));
    let s = book.check();
    assert_finding(
        &s,
        Code::PartnerCodeInvalid,
        ERR,
        Some("Partenaire!B5"),
        "« MJC Lavaur! » ne peut pas servir de préfixe",
    );
}

/// The registry is named after the one in use (issue 12, point 3): the
/// embedded référentiel's list when no ctg.toml was found, never a
/// ctg.toml that was not read.
#[test]
fn partner_code_unknown_to_the_registry() -> TestResult {
    let book = Book::standard("MJCX", "MJC X")
        .action(valid_action("MJCX", 1))
        .indicator(valid_indicator("MJCX-001"));
    let s = book.check();
    let f = assert_finding(
        &s,
        Code::PartnerCodeUnknown,
        WARN,
        Some("Partenaire!B5"),
        "« MJCX » ne figure pas dans la liste de partenaires du référentiel intégré.",
    );
    assert!(!f.message.contains("ctg.toml"), "{}", f.message);
    assert_eq!(f.suggestion.as_deref(), Some("Vouliez-vous dire MJCL ?"));
    // The same registry read from a ctg.toml is named so.
    let config = ctg::referentiel::Config::parse(ctg::referentiel::DEFAULT_TOML)?;
    let dir = tempfile::tempdir()?;
    let path = book.save(dir.path(), "plan.xlsx");
    let s = ctg::validate::check_file(
        &path,
        "plan.xlsx",
        &ctg::validate::Context::new(&config, today()),
        &ctg::workbook::Limits::default(),
        &ctg::workbook::Isolation::InProcess,
    );
    assert_finding(
        &s,
        Code::PartnerCodeUnknown,
        WARN,
        Some("Partenaire!B5"),
        "« MJCX » ne figure pas dans la liste des partenaires de ctg.toml.",
    );
    Ok(())
}

#[test]
fn file_name_of_another_partner_is_flagged() {
    let s = base().check_as("plan-RPE-2024.xlsx");
    assert_finding(
        &s,
        Code::PartnerCodeInconsistent,
        WARN,
        Some("Partenaire!B5"),
        "Le nom du fichier désigne le partenaire « RPE »",
    );
    assert_eq!(s.partner.code, "MJCL");
}

#[test]
fn partner_sheet_details() {
    let mut book = base();
    book.sheet("Partenaire").rows[6][1] = Some(t("claire.martin at mjc"));
    book.sheet("Partenaire").rows[8][1] = Some(t("hier"));
    book.sheet("Partenaire").rows[9][1] = Some(t("ctg-0"));
    let s = book.check();
    assert_finding(
        &s,
        Code::EmailInvalid,
        WARN,
        Some("Partenaire!B7"),
        "« claire.martin at mjc » n'est pas une adresse électronique valide",
    );
    assert_finding(
        &s,
        Code::UpdateDateInvalid,
        WARN,
        Some("Partenaire!B9"),
        "« hier » n'est pas une date",
    );
    assert_finding(
        &s,
        Code::TemplateVersion,
        WARN,
        Some("Partenaire!B10"),
        "version « ctg-0 »",
    );
}

#[test]
fn partner_name_completed_from_the_registry() {
    let mut book = base();
    book.sheet("Partenaire").rows[3][1] = None;
    let s = book.check();
    assert_eq!(s.partner.name, "MJC de Lavaur");
}

// ---- indicators ----

#[test]
fn indicator_rules() {
    let s = base()
        .action(valid_action("MJCL", 3))
        .indicator(with(valid_indicator("MJCL-001"), "N° action", None))
        .indicator(valid_indicator("MJCL-009"))
        .indicator(with(valid_indicator("MJCL-002"), "Indicateur", None))
        .indicator(with(
            with(
                valid_indicator("MJCL-002"),
                "Type",
                Some(t("chiffré en gros")),
            ),
            "Indicateur",
            Some(t("Nombre de séances")),
        ))
        .indicator(with(
            valid_indicator("MJCL-003"),
            "Cible",
            Some(t("environ 20")),
        ))
        .indicator(with(
            with(
                valid_indicator("MJCL-003"),
                "Indicateur",
                Some(t("Taux de satisfaction")),
            ),
            "Cible",
            None,
        ))
        .indicator(with(
            valid_indicator("MJCL-001"),
            "Réalisé 2025",
            Some(n(3.0)),
        ))
        .check();
    assert_finding(
        &s,
        Code::IndicatorWithoutAction,
        ERR,
        Some("Indicateurs!A4"),
        "n'est rattaché à aucune action",
    );
    let f = assert_finding(
        &s,
        Code::IndicatorActionUnknown,
        ERR,
        Some("Indicateurs!A5"),
        "Aucune action ne porte le numéro « MJCL-009 »",
    );
    assert!(f.suggestion.is_some());
    assert_finding(
        &s,
        Code::IndicatorWithoutName,
        ERR,
        Some("Indicateurs!B6"),
        "n'a pas de libellé",
    );
    assert_finding(
        &s,
        Code::IndicatorKindUnknown,
        WARN,
        Some("Indicateurs!C7"),
        "Le type « chiffré en gros » n'existe pas",
    );
    assert_finding(
        &s,
        Code::IndicatorValueInvalid,
        ERR,
        Some("Indicateurs!F8"),
        "« environ 20 » n'est pas un nombre",
    );
    assert_finding(
        &s,
        Code::IndicatorWithoutTarget,
        WARN,
        Some("Indicateurs!F9"),
        "« Taux de satisfaction » n'a pas de cible",
    );
    assert_finding(
        &s,
        Code::ResultForFutureYear,
        WARN,
        Some("Indicateurs!I10"),
        "Un résultat est saisi pour 2025",
    );
    // Row 2 (MJCL-001) and row 10 (MJCL-001, same name): a duplicate.
    assert_finding(
        &s,
        Code::DuplicateIndicator,
        WARN,
        Some("Indicateurs!B10"),
        "figure déjà ligne 2",
    );
    assert_eq!(
        s.rejected
            .iter()
            .filter(|r| r.sheet == "Indicateurs")
            .map(|r| r.row)
            .collect::<Vec<_>>(),
        [4, 5, 6]
    );
    let target = s
        .indicators
        .iter()
        .find(|i| i.row == 8)
        .and_then(|i| i.target.clone());
    assert_eq!(target, Some(IndicatorValue::Text("environ 20".into())));
}

#[test]
fn indicator_of_a_refused_action_is_explained() {
    let s = base()
        .action(with(
            valid_action("MJCL", 3),
            "Objectif opérationnel",
            Some(t("9.9.9")),
        ))
        .indicator(valid_indicator("MJCL-003"))
        .check();
    assert_finding(
        &s,
        Code::IndicatorActionUnknown,
        ERR,
        Some("Indicateurs!A4"),
        "L'action MJCL-003 n'a pas pu être prise en compte",
    );
}

#[test]
fn action_under_way_without_indicator() {
    // On the action's row of the Actions sheet, not the Indicateurs header.
    let s = base().action(valid_action("MJCL", 3)).check();
    assert_finding(
        &s,
        Code::ActionWithoutIndicator,
        WARN,
        Some("Actions!A4"),
        "L'action MJCL-003 (« Ateliers parents-enfants n°3 ») est « En cours » mais n'a aucun indicateur",
    );
}

#[test]
fn qualitative_indicator_keeps_words() {
    let s = base()
        .indicator(vec![
            ("N° action", t("MJCL-001")),
            ("Indicateur", t("Dynamique du réseau")),
            ("Type", t("Qualitatif")),
            ("Cible", t("Réseau actif")),
            ("Réalisé 2023", t("Amorcé")),
        ])
        .check();
    assert!(s.findings.is_empty(), "{}", dump(&s));
    let i = &s.indicators[2];
    assert_eq!(
        i.results.get(&2023),
        Some(&IndicatorValue::Text("Amorcé".into()))
    );
}

#[test]
fn findings_are_sorted_by_sheet_then_cell() {
    let mut book = base()
        .action(with(
            with(valid_action("MJCL", 3), "Statut", Some(t("xx"))),
            "Communes concernées",
            Some(t("Lavour")),
        ))
        .indicator(valid_indicator("MJCL-003"))
        .indicator(valid_indicator("MJCL-007"));
    book.sheet("Partenaire").rows[6][1] = Some(t("pas-un-courriel"));
    let s = book.check();
    let order: Vec<String> = s
        .findings
        .iter()
        .map(|f| {
            f.location
                .as_ref()
                .map(|l| l.to_string())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        order,
        [
            "Partenaire!B7",
            "Actions!F4",
            "Actions!L4",
            "Indicateurs!A5"
        ],
        "{}",
        dump(&s)
    );
}

// ---- cases found in review ----

#[test]
fn a_year_alone_is_read_as_its_first_or_last_day() {
    // Not the serial day 2024 (1905): the year, said so.
    let s = row4("Date de début", Some(n(2024.0)));
    assert_finding(
        &s,
        Code::DateApproximate,
        WARN,
        Some("Actions!J4"),
        "« 2024 » a été lu comme le 01/01/2024, premier jour de l'année : écrivez la date exacte",
    );
    assert_eq!(
        s.actions[2].start,
        chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
    );
    let s = row4("Date de fin", Some(t("2025")));
    assert_finding(
        &s,
        Code::DateApproximate,
        WARN,
        Some("Actions!K4"),
        "« 2025 » a été lu comme le 31/12/2025, dernier jour de l'année",
    );
    assert_eq!(
        s.actions[2].end,
        chrono::NaiveDate::from_ymd_opt(2025, 12, 31)
    );
}

#[test]
fn a_month_is_read_as_its_first_or_last_day() {
    let s = row4("Date de début", Some(t("mars 2024")));
    assert_finding(
        &s,
        Code::DateApproximate,
        WARN,
        Some("Actions!J4"),
        "« mars 2024 » a été lu comme le 01/03/2024, premier jour du mois",
    );
    assert_eq!(
        s.actions[2].start,
        chrono::NaiveDate::from_ymd_opt(2024, 3, 1)
    );
    let s = row4("Date de fin", Some(t("02/2026")));
    assert_eq!(
        s.actions[2].end,
        chrono::NaiveDate::from_ymd_opt(2026, 2, 28)
    );
    // Anything else is still an unreadable date, set aside.
    let s = row4("Date de début", Some(t("au printemps")));
    assert_finding(
        &s,
        Code::DateInvalid,
        ERR,
        Some("Actions!J4"),
        "« au printemps » n'est pas une date : cette valeur est mise de côté en attendant",
    );
    assert_eq!(s.actions[2].start, None);
}

#[test]
fn a_communes_header_with_a_plural_mark_is_recognised() {
    let mut book = base();
    book.sheet("Actions").rows[0][5] = Some(t("Commune(s)"));
    let s = book.check();
    assert!(s.findings.is_empty(), "{}", dump(&s));
    assert_eq!(
        s.actions[0].communes,
        Communes::Some(vec!["Lavaur".into(), "Saint-Sulpice-la-Pointe".into()])
    );
}

#[test]
fn a_second_sheet_of_actions_is_reported() {
    let mut book = base();
    let mut other = SheetSpec::new("Actions 2025");
    other.rows = vec![ACTION_HEADERS.iter().map(|h| Some(t(h))).collect()];
    book.sheets.push(other);
    let book = book.row("Actions 2025", valid_action("MJCL", 7));
    let s = book.check();
    assert_finding(
        &s,
        Code::SheetNotRead,
        WARN,
        None,
        "La feuille « Actions 2025 » contient un tableau d'actions qui n'est pas lu",
    );
}

#[test]
fn a_hidden_actions_sheet_is_named() {
    let mut book = base();
    book.sheet("Actions").hidden = true;
    let s = book.check();
    assert_finding(
        &s,
        Code::ActionsSheetMissing,
        ERR,
        None,
        "La feuille « Actions » est masquée",
    );
}

#[test]
fn a_typed_axis_contradicting_the_objective_is_flagged() {
    let mut book = base();
    book.sheet("Actions").rows[0].push(Some(t("Axe")));
    book.sheet("Actions").rows[0].push(Some(t("Orientation")));
    book.sheet("Actions").rows[1].push(Some(t("2 — Consolider les organisations")));
    book.sheet("Actions").rows[1].push(Some(t("2.2")));
    book.sheet("Actions").rows[2].push(Some(t("1")));
    let s = book.check();
    assert!(
        with_code(&s, Code::DuplicateColumn).is_empty(),
        "Axe and Orientation are two columns, not a duplicate:\n{}",
        dump(&s)
    );
    assert_finding(
        &s,
        Code::AxisInconsistent,
        WARN,
        Some("Actions!AB3"),
        "« 1 » (colonne « Axe ») ne correspond pas à l'objectif 2.2.1",
    );
}

#[test]
fn a_description_starting_with_total_does_not_make_a_total_row() {
    let s = row4("N° action", None);
    let with_total = third("Description", Some(t("Total de 30 familles attendues")))
        .action(vec![])
        .check();
    assert!(
        with_code(&with_total, Code::TotalRowSkipped).is_empty(),
        "{}",
        dump(&with_total)
    );
    let s2 = base()
        .action(with(
            with(valid_action("MJCL", 3), "N° action", None),
            "Description",
            Some(t("Total de 30 familles")),
        ))
        .check();
    assert!(with_code(&s2, Code::TotalRowSkipped).is_empty());
    assert_eq!(
        only(&s2, Code::NumberMissing)
            .location
            .map(|l| l.to_string())
            .as_deref(),
        Some("Actions!A4")
    );
    assert_eq!(
        s.rejected.iter().filter(|r| r.sheet == "Actions").count(),
        1
    );
}
