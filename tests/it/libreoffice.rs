//! The template after a round trip through LibreOffice: filled in
//! LibreOffice as a partner would (3 actions, 2 indicators) and saved as
//! .xlsx and as .ods by `scripts/libreoffice-aller-retour.sh`. Both files
//! must read back exactly what was typed, and the .xlsx must keep the
//! template's dropdowns. See tests/fixtures/README.md.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::common::*;
use chrono::NaiveDate;
use ctg::finding::Code;
use ctg::model::{Action, Communes, Indicator, IndicatorKind, IndicatorValue, Submission};
use ctg::referentiel::StatusKind;
use ctg::workbook::Format;

const XLSX: &str = "modele-rempli-libreoffice.xlsx";
const ODS: &str = "modele-rempli-libreoffice.ods";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name)
}

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
    assert_no_error(&s);
    for code in [
        Code::UnknownColumn,
        Code::ColumnMissing,
        Code::HeaderNotFound,
        Code::PartnerSheetMissing,
        Code::TemplateVersion,
    ] {
        assert!(with_code(&s, code).is_empty(), "{name}:\n{}", dump(&s));
    }
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

/// The text of a zip entry.
fn entry(archive: &mut zip::ZipArchive<std::fs::File>, name: &str) -> String {
    let mut text = String::new();
    match archive.by_name(name) {
        Ok(mut f) => {
            if let Err(e) = f.read_to_string(&mut text) {
                panic!("{name}: {e}");
            }
        }
        Err(e) => panic!("no {name} in the archive: {e}"),
    }
    text
}

/// The value of attribute `key` in the tag starting `tag`.
fn attr<'a>(tag: &'a str, key: &str) -> Option<&'a str> {
    let needle = format!(" {key}=\"");
    let start = tag.find(&needle)? + needle.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// Start tags `<name …>` of an XML text.
fn tags<'a>(xml: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name} ");
    xml.match_indices(&open)
        .filter_map(|(i, _)| xml[i..].find('>').map(|end| &xml[i..i + end + 1]))
        .collect()
}

/// The worksheet XML of sheet `sheet`, found through the workbook's
/// relationships.
fn sheet_xml(archive: &mut zip::ZipArchive<std::fs::File>, sheet: &str) -> String {
    let workbook = entry(archive, "xl/workbook.xml");
    let Some(id) = tags(&workbook, "sheet")
        .into_iter()
        .find(|t| attr(t, "name") == Some(sheet))
        .and_then(|t| attr(t, "r:id"))
    else {
        panic!("no sheet {sheet} in xl/workbook.xml");
    };
    let rels = entry(archive, "xl/_rels/workbook.xml.rels");
    let Some(target) = tags(&rels, "Relationship")
        .into_iter()
        .find(|t| attr(t, "Id") == Some(id))
        .and_then(|t| attr(t, "Target"))
    else {
        panic!("no relationship {id}");
    };
    let path = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("xl/{target}"),
    };
    entry(archive, &path)
}

/// (type, sqref, formula1) of every data validation of a worksheet.
fn validations(xml: &str) -> Vec<(String, String, String)> {
    xml.match_indices("<dataValidation ")
        .map(|(i, _)| {
            let rest = &xml[i..];
            let end = rest.find("</dataValidation>").unwrap_or(rest.len());
            let element = &rest[..end];
            let tag = &element[..element.find('>').unwrap_or(element.len())];
            let formula = element
                .split_once("<formula1>")
                .and_then(|(_, f)| f.split_once("</formula1>"))
                .map_or("", |(f, _)| f);
            (
                attr(tag, "type").unwrap_or("").to_owned(),
                attr(tag, "sqref").unwrap_or("").to_owned(),
                formula.to_owned(),
            )
        })
        .collect()
}

#[test]
fn xlsx_saved_by_libreoffice_keeps_the_dropdowns() {
    let file = match std::fs::File::open(fixture(XLSX)) {
        Ok(f) => f,
        Err(e) => panic!("{XLSX}: {e}"),
    };
    let mut archive = match zip::ZipArchive::new(file) {
        Ok(a) => a,
        Err(e) => panic!("{XLSX} is not a zip: {e}"),
    };
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
    let file = match std::fs::File::open(fixture(ODS)) {
        Ok(f) => f,
        Err(e) => panic!("{ODS}: {e}"),
    };
    let mut archive = match zip::ZipArchive::new(file) {
        Ok(a) => a,
        Err(e) => panic!("{ODS} is not a zip: {e}"),
    };
    let content = entry(&mut archive, "content.xml");
    for source in ["$A$2", "$D$2"] {
        let condition = format!("cell-content-is-in-list([$Listes.{source}:");
        assert!(content.contains(&condition), "no list {condition}");
    }
}
