//! The template after a round trip through LibreOffice: filled in
//! LibreOffice as a partner would (3 actions, 2 indicators) and saved as
//! .xlsx and as .ods by `scripts/libreoffice-aller-retour.sh`. Both files
//! must read back exactly what was typed, and the .xlsx must keep the
//! template's dropdowns. See tests/fixtures/README.md.

use std::collections::BTreeMap;

use crate::common::xlsx::{attr, entry, open_zip, sheet_xml, tags, validations};
use crate::common::*;
use chrono::NaiveDate;
use ctg::finding::{Code, Severity};
use ctg::model::{Action, Communes, Indicator, IndicatorKind, IndicatorValue, Submission};
use ctg::referentiel::StatusKind;
use ctg::workbook::Format;

const XLSX: &str = "modele-rempli-libreoffice.xlsx";
const ODS: &str = "modele-rempli-libreoffice.ods";

fn check(name: &str) -> Submission {
    check_path(&fixture(name), name)
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

fn funding(parts: &[(&str, f64)]) -> BTreeMap<String, f64> {
    parts.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

/// What scripts/remplir-modele-libreoffice.py types.
fn typed_actions() -> Vec<Action> {
    let base = Action::default();
    vec![
        Action {
            number: "MJCL-001".to_owned(),
            title: "Ateliers parents-enfants du mercredi".to_owned(),
            objective: "2.2.1".to_owned(),
            domains: strings(&["Parentalité"]),
            audiences: strings(&["Familles / Parents"]),
            communes: Communes::Some(strings(&["Lavaur", "Saint-Sulpice-la-Pointe"])),
            description:
                "Un mercredi par mois, ateliers jeux et cuisine animés par une éducatrice."
                    .to_owned(),
            contact: "Camille Azéma".to_owned(),
            associates: "LAEP, RPE".to_owned(),
            start: date(2024, 1, 10),
            end: date(2025, 12, 31),
            status: Some(StatusKind::InProgress),
            progress: Some(40.0),
            budget: Some(5000.0),
            funding: funding(&[
                ("caf", 2000.0),
                ("ccta", 1500.0),
                ("communes", 500.0),
                ("autres", 1000.0),
            ]),
            row: 2,
            ..base.clone()
        },
        Action {
            number: "MJCL-002".to_owned(),
            title: "Accueil jeunes du vendredi soir à Teulat".to_owned(),
            objective: "1.2.1".to_owned(),
            domains: strings(&["Jeunesse"]),
            audiences: strings(&["Adolescents (13-17 ans)"]),
            communes: Communes::Some(strings(&["Teulat"])),
            description:
                "Ouverture de la salle des fêtes aux 13-17 ans le vendredi de 18 h à 21 h."
                    .to_owned(),
            contact: "Julien Roques".to_owned(),
            associates: "Mairie de Teulat".to_owned(),
            start: date(2023, 9, 8),
            end: date(2026, 7, 3),
            status: Some(StatusKind::InProgress),
            progress: Some(70.0),
            budget: Some(8000.0),
            funding: funding(&[("caf", 3000.0), ("ccta", 3000.0), ("communes", 2000.0)]),
            row: 3,
            ..base.clone()
        },
        Action {
            number: "MJCL-003".to_owned(),
            title: "Forum des activités jeunesse".to_owned(),
            objective: "4.1.1".to_owned(),
            domains: strings(&["Dynamique territoriale"]),
            audiences: strings(&["Tout public"]),
            communes: Communes::All,
            description:
                "Stands des associations et services jeunesse le jour du forum des associations."
                    .to_owned(),
            contact: "Julien Roques".to_owned(),
            start: date(2024, 9, 14),
            end: date(2024, 9, 14),
            status: Some(StatusKind::Planned),
            progress: Some(0.0),
            budget: Some(1200.5),
            funding: funding(&[("ccta", 1200.5)]),
            comments: "Lieu à confirmer avec la mairie de Lavaur.".to_owned(),
            row: 4,
            ..base
        },
    ]
}

fn typed_indicators() -> Vec<Indicator> {
    let quanti =
        |action: &str, name: &str, unit: &str, target: f64, results: &[(i32, f64)]| Indicator {
            action: action.to_owned(),
            name: name.to_owned(),
            kind: Some(IndicatorKind::Quantitative),
            unit: unit.to_owned(),
            baseline: Some(IndicatorValue::Number(0.0)),
            target: Some(IndicatorValue::Number(target)),
            results: results
                .iter()
                .map(|(y, v)| (*y, IndicatorValue::Number(*v)))
                .collect(),
            comment: String::new(),
            row: 0,
            ..Indicator::default()
        };
    vec![
        Indicator {
            row: 2,
            ..quanti(
                "MJCL-001",
                "Nombre de familles participantes",
                "familles",
                40.0,
                &[(2024, 18.0)],
            )
        },
        Indicator {
            row: 3,
            ..quanti(
                "MJCL-002",
                "Nombre de jeunes accueillis",
                "jeunes",
                30.0,
                &[(2023, 12.0), (2024, 21.0)],
            )
        },
    ]
}

fn assert_reads_what_was_typed(name: &str, format: Format) {
    let s = check(name);
    // A template ctg-1 file: one information inviting the partner to take
    // the current template, and nothing else (no missing column for those
    // ctg-2 added).
    let [info] = s.findings.as_slice() else {
        panic!("{name}: one finding expected:\n{}", dump(&s));
    };
    assert_eq!(
        (info.code, info.severity),
        (Code::TemplateVersion, Severity::Info),
        "{name}"
    );
    assert_eq!(
        info.location.as_ref().map(ToString::to_string).as_deref(),
        Some("Partenaire!B10"),
        "{name}"
    );
    assert!(
        info.message.contains("version « ctg-1 »"),
        "{}",
        info.message
    );
    assert_eq!(s.format, Some(format), "{name}");
    assert!(s.rejected.is_empty(), "{name}: {:?}", s.rejected);
    assert_eq!(s.partner.code, "MJCL");
    assert_eq!(s.partner.name, "MJC de Lavaur");
    assert_eq!(s.partner.contact, "Julien Roques");
    assert_eq!(s.partner.email, "jeunesse@mjc-lavaur.exemple.fr");
    assert_eq!(s.partner.updated, date(2024, 6, 3));
    assert_eq!(s.partner.template_version, "ctg-1");
    // The 27 numbers pre-filled below the typed rows are not actions.
    assert_eq!(s.actions, typed_actions(), "{name}");
    assert_eq!(s.indicators, typed_indicators(), "{name}");
}

#[test]
fn xlsx_saved_by_libreoffice_reads_what_was_typed() {
    assert_reads_what_was_typed(XLSX, Format::Xlsx);
}

#[test]
fn ods_saved_by_libreoffice_reads_what_was_typed() {
    assert_reads_what_was_typed(ODS, Format::Ods);
}

#[test]
fn fixtures_are_small() {
    for name in [XLSX, ODS] {
        let size = std::fs::metadata(fixture(name)).map_or(u64::MAX, |m| m.len());
        assert!(size < 100 * 1024, "{name}: {size} bytes");
    }
}

#[test]
fn xlsx_saved_by_libreoffice_keeps_the_dropdowns() {
    let mut archive = open_zip(&fixture(XLSX));
    let actions = validations(&sheet_xml(&mut archive, "Actions"));
    let list_on = |col: &str, source_col: &str| {
        actions.iter().any(|(kind, sqref, formula)| {
            kind == "list"
                && sqref.starts_with(&format!("{col}2:"))
                && formula.starts_with(&format!("Listes!${source_col}$2:${source_col}$"))
        })
    };
    // Objective (C) from Listes!A, status (L) from Listes!D; champ, public
    // and communes too.
    for (col, source) in [("C", "A"), ("L", "D"), ("D", "B"), ("E", "C"), ("F", "E")] {
        assert!(
            list_on(col, source),
            "no dropdown on Actions!{col} from Listes!{source}: {actions:?}"
        );
    }
    let indicators = validations(&sheet_xml(&mut archive, "Indicateurs"));
    assert!(
        indicators
            .iter()
            .any(|(kind, sqref, formula)| kind == "list"
                && sqref.starts_with("A2:")
                && formula.starts_with("Actions!$A$2:")),
        "{indicators:?}"
    );
    // The list sheet is still there, hidden.
    let workbook = entry(&mut archive, "xl/workbook.xml");
    let listes = tags(&workbook, "sheet")
        .into_iter()
        .find(|t| attr(t, "name") == Some("Listes"));
    assert_eq!(listes.and_then(|t| attr(t, "state")), Some("hidden"));
}

#[test]
fn ods_saved_by_libreoffice_keeps_the_dropdowns() {
    let mut archive = open_zip(&fixture(ODS));
    let content = entry(&mut archive, "content.xml");
    for source in ["$A$2", "$D$2"] {
        let condition = format!("cell-content-is-in-list([$Listes.{source}:");
        assert!(content.contains(&condition), "no list {condition}");
    }
}
