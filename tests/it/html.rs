//! The HTML outputs of a consolidation: the coordinator's status page and
//! the partners' feedback pages, rendered from a real shared folder.

use std::path::Path;

use crate::common::*;
use chrono::{NaiveDate, NaiveDateTime};
use ctg::consolidate::{Consolidation, PartnerEntry, PartnerState};
use ctg::outputs::pages::{dashboard, feedback};
use ctg::referentiel::Config;
use ctg::store::Store;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

const HOSTILE_TITLE: &str = "<script>alert(1)</script> & co";
const HOSTILE_NAME: &str = "MJC « Lavaur » & <Cie>";

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 6, 15)
        .and_then(|d| d.and_hms_opt(10, 30, 0))
        .unwrap_or_default()
}

/// Where the status page of a shared folder links to: its feedback pages,
/// no change report.
fn links() -> dashboard::Links {
    dashboard::Links {
        feedback: "../retours/".to_owned(),
        report: None,
    }
}

/// Consolidates everything under `root/depots` with the store of `root`.
fn run(root: &Path, config: &Config, store: &Store) -> Res<Consolidation> {
    consolidate_in_process(root, config, store, now())
}

/// A valid workbook of the MJC, one action title written to break a page.
fn valid_mjcl() -> Book {
    Book::standard("MJCL", HOSTILE_NAME)
        .action(with(
            valid_action("MJCL", 1),
            "Intitulé",
            Some(t(HOSTILE_TITLE)),
        ))
        .action(valid_action("MJCL", 2))
        .indicator(valid_indicator("MJCL-001"))
        .indicator(valid_indicator("MJCL-002"))
}

/// A workbook of the RPE with two errors, a refused row and a warning.
fn faulty_rpe() -> Book {
    let first = with(
        valid_action("RPE", 1),
        "Date de début",
        Some(t("32/13/2024")),
    );
    let first = with(first, "Date de fin", Some(d(2030, 12, 31)));
    Book::standard("RPE", "Relais Petite Enfance intercommunal")
        .action(first)
        .action(with(
            valid_action("RPE", 2),
            "Objectif opérationnel",
            Some(t("9.9.9 — Objectif imaginaire")),
        ))
        .indicator(valid_indicator("RPE-001"))
}

/// A shared folder with a valid partner, a partner with errors, and a PDF
/// renamed `.xlsx`.
fn folder() -> Res<(tempfile::TempDir, Config, Store)> {
    let dir = tempfile::tempdir()?;
    let depots = dir.path().join("depots");
    std::fs::create_dir_all(&depots)?;
    valid_mjcl().save(&depots, "MJCL-plan.xlsx");
    faulty_rpe().save(&depots, "RPE-plan.xlsx");
    std::fs::write(
        depots.join("notes.xlsx"),
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    )?;
    let store = Store::open(&dir.path().join(".ctg"))?;
    Ok((dir, config(), store))
}

fn partner<'a>(c: &'a Consolidation, code: &str) -> Res<&'a PartnerEntry> {
    c.partners
        .iter()
        .find(|p| p.code == code)
        .ok_or_else(|| format!("no partner {code}").into())
}

/// A page anyone can open offline: French, responsive, nothing fetched.
fn assert_self_contained(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(html.contains("<meta name=\"viewport\""));
    for external in [
        "http://", "https://", "src=", "url(", "@import", "<link", "<script", "<img",
    ] {
        assert!(!html.contains(external), "« {external} » in page");
    }
    // Links only to the pages and reports beside it.
    for link in html.split("href=\"").skip(1) {
        let target = link.split('"').next().unwrap_or_default();
        assert!(
            !target.contains(':') && !target.starts_with('/') && !target.is_empty(),
            "link « {target} » leaves the shared folder"
        );
    }
}

/// Position of `needle` in `html`, failing with the page when absent.
fn at(html: &str, needle: &str) -> usize {
    match html.find(needle) {
        Some(i) => i,
        None => panic!("« {needle} » not in page:\n{html}"),
    }
}

#[test]
fn dashboard_shows_partners_totals_and_anomalies() -> Res<()> {
    let (dir, config, store) = folder()?;
    let c = run(dir.path(), &config, &store)?;
    assert_eq!(partner(&c, "MJCL")?.state, PartnerState::UpToDate);
    assert_eq!(partner(&c, "RPE")?.state, PartnerState::WithErrors);
    assert_eq!(c.orphans.len(), 1);

    let html = dashboard::render(&c, &config, None, &links(), None);
    assert_self_contained(&html);
    assert!(html.contains("Convention Territoriale Globale Tarn-Agout 2023-2026"));
    assert!(html.contains("Mis à jour le 15/06/2024 à 10:30"));
    // Partners of the registry, with their states.
    for code in ["MJCL", "RPE", "LAEP", "CCTA"] {
        assert!(
            html.contains(&format!(
                "<th scope=\"row\"><a href=\"../retours/retour-{code}.html\">{code}</a></th>"
            )),
            "{code}"
        );
    }
    assert!(html.contains("✔ lu sans erreur"));
    assert!(html.contains("✖ avec erreurs"));
    assert!(html.contains("○ jamais déposé"));
    assert!(at(&html, ">LAEP<") < at(&html, ">MJCL<"));
    assert!(at(&html, ">MJCL<") < at(&html, ">RPE<"));
    // Totals: two MJCL actions and one RPE action accepted.
    let actions = c.actions().len();
    assert_eq!(actions, 3);
    assert!(html.contains(&format!("<strong>{actions}</strong> actions acceptées")));
    assert!(html.contains("partenaire lu sans erreur"));
    assert!(html.contains("partenaires n'ont jamais déposé"));
    assert!(html.contains("Financement CAF") || html.contains(">CAF<"));
    assert!(html.contains("Budget prévisionnel total"));
    // Anomalies: the RPE's invalid date, with its cell and message.
    assert!(html.contains("<h2>Anomalies</h2>"));
    assert!(html.contains("Feuille « Actions », cellule J2"));
    assert!(html.contains("« 32/13/2024 » n'est pas une date"));
    assert!(html.contains("Fichier « RPE-plan.xlsx »"));
    // The PDF, without partner.
    assert!(html.contains("Fichiers sans partenaire"));
    assert!(html.contains("notes.xlsx"));
    // Partner-provided text is escaped.
    assert!(html.contains("MJC « Lavaur » &amp; &lt;Cie&gt;"));
    assert!(!html.contains("<Cie>"));
    // Same inputs, same page.
    assert_eq!(html, dashboard::render(&c, &config, None, &links(), None));
    Ok(())
}

#[test]
fn feedback_lists_what_was_accepted_and_what_to_fix() -> Res<()> {
    let (dir, config, store) = folder()?;
    let c = run(dir.path(), &config, &store)?;

    let mjcl = partner(&c, "MJCL")?;
    let html = feedback::render(mjcl, &c, &config, None);
    assert_self_contained(&html);
    assert!(html.contains("Bonjour,"));
    assert!(html.contains("MJCL-plan.xlsx"));
    assert!(html.contains("Excel (.xlsx)"));
    assert!(html.contains("2 actions et 2 indicateurs"));
    assert!(html.contains("MJCL-001"));
    assert!(html.contains("MJCL-002"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));

    let rpe = partner(&c, "RPE")?;
    let html = feedback::render(rpe, &c, &config, None);
    assert_self_contained(&html);
    // Errors first, then warnings, each list in cell order.
    let fix = at(&html, "<h2>À corriger");
    let check = at(&html, "<h2>À vérifier");
    assert!(fix < check);
    let date = at(&html, "Feuille « Actions », cellule J2");
    let objective = at(&html, "Feuille « Actions », cellule C3");
    let period = at(&html, "Feuille « Actions », cellule K2");
    assert!(fix < date && date < objective && objective < check && check < period);
    // How to fix each one, and what to do next.
    assert!(html.contains("Écrivez-la sous la forme JJ/MM/AAAA"));
    assert!(html.contains("Choisissez son objectif dans la liste déroulante"));
    assert!(html.contains("Déposez-le à nouveau dans le dossier partagé « depots »"));
    // The refused row, with what it held and why.
    assert!(html.contains("Lignes non retenues (1)"));
    assert!(html.contains("Feuille « Actions », ligne 3"));
    assert!(html.contains("9.9.9 — Objectif imaginaire"));
    assert!(html.contains("1 action et 1 indicateur"));
    Ok(())
}

#[test]
fn feedback_for_a_pdf_renamed_xlsx_says_what_it_is_and_what_to_send() -> Res<()> {
    let dir = tempfile::tempdir()?;
    let depots = dir.path().join("depots");
    std::fs::create_dir_all(&depots)?;
    // The partner's code in the file name attributes it to the partner.
    std::fs::write(
        depots.join("piece-jointe-LAEP.xlsx"),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    )?;
    let store = Store::open(&dir.path().join(".ctg"))?;
    let config = config();
    let c = run(dir.path(), &config, &store)?;
    let laep = partner(&c, "LAEP")?;
    assert_eq!(laep.state, PartnerState::Unreadable);
    let html = feedback::render(laep, &c, &config, None);
    // What the file is, where « non reconnu » was said.
    assert!(!html.contains("non reconnu"), "{html}");
    assert!(
        html.contains(
            "pas un classeur, mais un document PDF (son nom se termine pourtant par « .xlsx »)"
        ),
        "{html}"
    );
    // What to send instead, never « open it in Excel ».
    assert!(!html.contains("Ouvrez votre fichier dans Excel"), "{html}");
    assert!(html.contains(
        "« piece-jointe-LAEP.xlsx » n'est pas un classeur mais un document PDF : l'outil de suivi ne peut rien en lire. Retrouvez votre plan d'actions lui-même, dans Excel ou LibreOffice"
    ), "{html}");
    assert!(html.contains(
        "Déposez-le dans le dossier partagé « depots » à la place de « piece-jointe-LAEP.xlsx », que vous retirez."
    ));
    Ok(())
}

#[test]
fn feedback_says_so_when_all_is_well() -> Res<()> {
    let dir = tempfile::tempdir()?;
    let depots = dir.path().join("depots");
    std::fs::create_dir_all(&depots)?;
    Book::standard("LAEP", "Lieu d'Accueil Enfants Parents")
        .action(valid_action("LAEP", 1))
        .indicator(valid_indicator("LAEP-001"))
        .save(&depots, "LAEP.xlsx");
    let store = Store::open(&dir.path().join(".ctg"))?;
    let config = config();
    let c = run(dir.path(), &config, &store)?;
    let laep = partner(&c, "LAEP")?;
    assert_eq!(laep.state, PartnerState::UpToDate);
    assert!(laep.findings.is_empty(), "{:?}", laep.findings);
    let html = feedback::render(laep, &c, &config, None);
    assert!(html.contains("Tout est en ordre"));
    assert!(html.contains("Vous n'avez rien à faire pour l'instant"));
    assert!(!html.contains("À corriger"));
    Ok(())
}

#[test]
fn feedback_explains_the_previous_version_in_use() -> Res<()> {
    let (dir, config, mut store) = folder()?;
    let first = run(dir.path(), &config, &store)?;
    let received = partner(&first, "MJCL")?
        .current
        .as_ref()
        .map(|r| r.modified)
        .ok_or("no MJCL file")?;
    // Recorded as a real run does, so that the next one can fall back on it.
    ctg::publish::record(&mut store, &first, &config, first.generated_at)?;

    std::fs::write(
        dir.path().join("depots").join("MJCL-plan.xlsx"),
        b"ceci n'est pas un classeur",
    )?;
    let second = run(dir.path(), &config, &store)?;
    let mjcl = partner(&second, "MJCL")?;
    assert_eq!(mjcl.state, PartnerState::PreviousVersion(received));
    assert_eq!(mjcl.actions().len(), 2);

    let html = feedback::render(mjcl, &second, &config, None);
    assert_self_contained(&html);
    assert!(html.contains("Votre fichier actuel « MJCL-plan.xlsx » n'a pas pu être lu"));
    assert!(html.contains(&format!(
        "la version que vous aviez déposée le {} est utilisée",
        received.format("%d/%m/%Y à %H:%M")
    )));
    assert!(html.contains("Version utilisée à la place"));
    assert!(html.contains("2 actions et 2 indicateurs"));

    let board = dashboard::render(&second, &config, None, &links(), None);
    assert!(board.contains(&format!(
        "⚠ illisible — version du {} utilisée",
        received.format("%d/%m/%Y")
    )));
    Ok(())
}

#[test]
fn partner_text_is_escaped_in_both_pages() -> Res<()> {
    let (dir, config, store) = folder()?;
    // A structure name, an action title and a date cell that a page would
    // run or break on if they were written as they are.
    let action = with(valid_action("LAEP", 1), "Intitulé", Some(t(HOSTILE_TITLE)));
    let action = with(action, "Date de début", Some(t("<script>x()</script>")));
    Book::standard("LAEP", "<script>y()</script> \"LAEP\"")
        .action(action)
        .indicator(valid_indicator("LAEP-001"))
        .save(&dir.path().join("depots"), "LAEP.xlsx");
    let c = run(dir.path(), &config, &store)?;
    let laep = partner(&c, "LAEP")?;
    assert!(!laep.findings.is_empty(), "the date should be reported");

    let board = dashboard::render(&c, &config, None, &links(), None);
    let page = feedback::render(laep, &c, &config, None);
    for html in [&board, &page] {
        assert_self_contained(html);
        assert!(html.contains("&lt;script&gt;y()&lt;/script&gt; &quot;LAEP&quot;"));
        assert!(html.contains("« &lt;script&gt;x()&lt;/script&gt; »"));
    }
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
    Ok(())
}

#[test]
fn feedback_file_names_are_safe() {
    assert_eq!(feedback::file_name("MJCL"), "retour-MJCL.html");
    assert_eq!(feedback::file_name("CCAS-SSP"), "retour-CCAS-SSP.html");
    assert_eq!(feedback::file_name("../x y"), "retour-___x_y.html");
    assert_eq!(feedback::file_name(""), "retour-sans-code.html");
}
