//! Preparing a COPIL (issue 9): the committee's decisions as a spreadsheet
//! round trip (`ctg avis` → filled in → consolidated → shown everywhere),
//! the fiches actions (Word and HTML), and the print settings of every
//! sheet ctg writes.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, open_workbook_auto};

use crate::common::xlsx::{attr, entry, open_zip, sheet_xml, tags};
use crate::common::*;

/// A shared folder with two partners (MJCL: 2 actions, SJ: 1), consolidated.
fn folder() -> Result<(tempfile::TempDir, PathBuf), Box<dyn std::error::Error>> {
    let (tmp, root) = init_folder()?;
    Book::standard("MJCL", "MJC de Lavaur")
        .action(valid_action("MJCL", 1))
        .action(with_all(
            valid_action("MJCL", 2),
            vec![
                ("Objectif opérationnel", t("1.2.1")),
                ("Budget prévisionnel (€)", n(8000.0)),
            ],
        ))
        .indicator(valid_indicator("MJCL-001"))
        .save(&root.join("depots"), "plan-MJCL.xlsx");
    Book::standard("SJ", "Service Jeunesse")
        .action(valid_action("SJ", 1))
        .save(&root.join("depots"), "plan-SJ.xlsx");
    consolidate(&root)?;
    Ok((tmp, root))
}

fn consolidate(root: &Path) -> TestResult {
    let (code, out, err) = run_ctg(&["consolider", &root.to_string_lossy(), "-q"]);
    assert_eq!(code, 0, "{out}{err}");
    Ok(())
}

pub(crate) fn avis(root: &Path, date: &str) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let (code, out, err) = run_ctg(&[
        "avis",
        &root.to_string_lossy(),
        "--instance",
        "COPIL",
        "--date",
        date,
    ]);
    assert_eq!(code, 0, "{out}{err}");
    Ok(root
        .join("coordination")
        .join(format!("avis-{date}-COPIL.xlsx")))
}

/// The cells of a sheet as text, row by row.
fn cells(path: &Path, sheet: &str) -> Result<Vec<Vec<String>>, Box<dyn std::error::Error>> {
    let mut wb = open_workbook_auto(path)?;
    let range = wb.worksheet_range(sheet)?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut rows = vec![Vec::new(); first_row as usize];
    for r in range.rows() {
        let mut row = vec![String::new(); first_col as usize];
        row.extend(r.iter().map(|c| match c {
            Data::Empty => String::new(),
            other => other.to_string(),
        }));
        rows.push(row);
    }
    Ok(rows)
}

/// The prepared workbook, « filled in » as the coordinator would: read
/// back, the avis typed for `numbers`, written again with rust_xlsxwriter.
pub(crate) fn fill(
    prepared: &Path,
    avis: &[(&str, &str, &str)],
) -> Result<Book, Box<dyn std::error::Error>> {
    let rows = cells(prepared, "Avis")?;
    let header = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "N° action"))
        .ok_or("no header row")?;
    let col = |name: &str| rows[header].iter().position(|h| h == name);
    let (verdict, comment) = (
        col("Avis").ok_or("Avis")?,
        col("Commentaire du comité").ok_or("comment")?,
    );
    let mut sheet = SheetSpec::new("Avis");
    for (i, row) in rows.iter().enumerate() {
        let mut out: Vec<Option<V>> = row.iter().map(|c| (!c.is_empty()).then(|| t(c))).collect();
        // The date stays a date cell.
        if row.first().is_some_and(|c| c == "Date de la séance") {
            out[1] = Some(d(2024, 7, 4));
        }
        if i > header {
            out.resize(out.len().max(comment + 1), None);
            if let Some((_, v, c)) = avis
                .iter()
                .find(|(n, _, _)| row.first().is_some_and(|x| x == n))
            {
                out[verdict] = Some(t(v));
                out[comment] = Some(t(c));
            }
        }
        sheet.rows.push(out);
    }
    // A row the coordinator adds by hand, with a wrong number.
    let mut wrong = vec![None; comment + 1];
    wrong[0] = Some(t("MJCL-009"));
    wrong[verdict] = Some(t("Validée"));
    sheet.rows.push(wrong);
    Ok(Book {
        sheets: vec![sheet],
    })
}

fn actions_sheet(root: &Path) -> Result<Vec<Vec<String>>, Box<dyn std::error::Error>> {
    cells(
        &root.join("sortie").join("plan-actions-consolide.xlsx"),
        "Actions",
    )
}

/// The value of `column` for action `number` in the Actions sheet.
fn action_cell(rows: &[Vec<String>], number: &str, column: &str) -> Option<String> {
    let col = rows.first()?.iter().position(|h| h == column)?;
    rows.iter()
        .find(|r| r.first().is_some_and(|c| c == number))
        .and_then(|r| r.get(col).cloned())
}

fn latest_report(root: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let mut reports: Vec<PathBuf> = std::fs::read_dir(root.join("sortie"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    // « …-1405-2.md » is written after « …-1405.md ».
    reports.sort_by_key(|p| (p.as_os_str().len(), p.clone()));
    Ok(std::fs::read_to_string(reports.last().ok_or("no report")?)?)
}

#[test]
fn the_committee_decisions_go_round_and_show_everywhere() -> TestResult {
    let (_tmp, root) = folder()?;
    let prepared = avis(&root, "2024-07-04")?;
    let rows = cells(&prepared, "Avis")?;
    for number in ["MJCL-001", "MJCL-002", "SJ-001"] {
        assert!(
            rows.iter().any(|r| r.first().is_some_and(|c| c == number)),
            "{number} listed: {rows:?}"
        );
    }
    // ctg never writes into a file of coordination/ after creating it.
    let (code, _, err) = run_ctg(&[
        "avis",
        &root.to_string_lossy(),
        "--instance",
        "COPIL",
        "--date",
        "2024-07-04",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("existe déjà"), "{err}");

    fill(
        &prepared,
        &[
            ("MJCL-001", "À retravailler", "chiffrer les séjours"),
            ("SJ-001", "Validée", ""),
        ],
    )?
    .save(&root.join("coordination"), "avis-2024-07-04-COPIL.xlsx");
    consolidate(&root)?;

    let actions = actions_sheet(&root)?;
    assert_eq!(
        action_cell(&actions, "MJCL-001", "Avis").as_deref(),
        Some("À retravailler")
    );
    assert_eq!(
        action_cell(&actions, "MJCL-001", "Avis rendu par").as_deref(),
        Some("COPIL du 04/07/2024")
    );
    assert_eq!(
        action_cell(&actions, "MJCL-001", "Commentaire du comité").as_deref(),
        Some("chiffrer les séjours")
    );
    assert_eq!(
        action_cell(&actions, "MJCL-002", "Avis").as_deref(),
        Some("")
    );
    let retour = std::fs::read_to_string(root.join("retours").join("retour-MJCL.html"))?;
    assert!(retour.contains("<h2>Avis du comité</h2>"), "{retour}");
    assert!(retour.contains("Le COPIL du 04/07/2024 demande de retravailler MJCL-001 (Ateliers parents-enfants n°1) : chiffrer les séjours"), "{retour}");
    let report = latest_report(&root)?;
    assert!(
        report.contains("avis rendu : À retravailler (COPIL du 04/07/2024)"),
        "{report}"
    );
    // The wrong number: a French finding with its cell and a suggestion.
    let dashboard = std::fs::read_to_string(root.join("sortie").join("tableau-de-bord.html"))?;
    assert!(
        dashboard.contains(
            "L'action « MJCL-009 » ne figure ni dans le plan d'actions consolidé ni dans son historique"
        ),
        "{dashboard}"
    );
    assert!(
        dashboard.contains("Vouliez-vous dire MJCL-001 ?"),
        "{dashboard}"
    );
    assert!(
        dashboard.contains("Feuille « Avis », cellule A"),
        "{dashboard}"
    );

    // The next meeting: the avis standing is shown, then changed.
    let next = avis(&root, "2024-10-10")?;
    let rows = cells(&next, "Avis")?;
    let previous = rows
        .iter()
        .find(|r| r.first().is_some_and(|c| c == "MJCL-001"))
        .ok_or("MJCL-001")?;
    assert!(
        previous
            .iter()
            .any(|c| c == "À retravailler (COPIL du 04/07/2024) : chiffrer les séjours"),
        "{previous:?}"
    );
    let mut filled = fill(&next, &[("MJCL-001", "Validée", "budget revu")])?;
    // This meeting's date.
    for row in &mut filled.sheets[0].rows {
        if row.first() == Some(&Some(t("Date de la séance"))) {
            row[1] = Some(d(2024, 10, 10));
        }
    }
    filled.save(&root.join("coordination"), "avis-2024-10-10-COPIL.xlsx");
    consolidate(&root)?;
    let report = latest_report(&root)?;
    assert!(
        report.contains("avis changé : À retravailler → Validée (COPIL du 10/10/2024)"),
        "{report}"
    );
    assert_eq!(
        action_cell(&actions_sheet(&root)?, "MJCL-001", "Avis").as_deref(),
        Some("Validée")
    );
    // SJ-001 keeps the avis of July: a later meeting that says nothing
    // about an action leaves its avis standing.
    assert_eq!(
        action_cell(&actions_sheet(&root)?, "SJ-001", "Avis").as_deref(),
        Some("Validée")
    );

    let (code, out, err) = run_ctg(&["fiches", &root.to_string_lossy()]);
    assert_eq!(code, 0, "{out}{err}");
    let html = std::fs::read_to_string(root.join("sortie").join("fiches-actions.html"))?;
    assert!(
        html.contains("Validée (COPIL du 10/10/2024) — budget revu"),
        "{html}"
    );
    Ok(())
}

#[test]
fn a_wrong_avis_value_gets_its_finding_and_a_suggestion() -> TestResult {
    let (_tmp, root) = folder()?;
    let prepared = avis(&root, "2024-07-04")?;
    fill(&prepared, &[("MJCL-002", "Validé sous reserve", "")])?
        .save(&root.join("coordination"), "avis-2024-07-04-COPIL.xlsx");
    consolidate(&root)?;
    let dashboard = std::fs::read_to_string(root.join("sortie").join("tableau-de-bord.html"))?;
    assert!(
        dashboard.contains("« Validé sous reserve » n'est pas un avis de la liste"),
        "{dashboard}"
    );
    assert!(
        dashboard.contains("Vouliez-vous dire « Validée sous réserve » ?"),
        "{dashboard}"
    );
    assert_eq!(
        action_cell(&actions_sheet(&root)?, "MJCL-002", "Avis").as_deref(),
        Some("")
    );
    Ok(())
}

/// The avis typed in LibreOffice (tests/fixtures/avis-copil-libreoffice.xlsx,
/// made by scripts/avis-libreoffice.sh), with the comment's line break.
const LO_MJCL_001: &str = "Sous réserve d'un bilan à mi-parcours.\nPrévoir l'accueil des familles éloignées (Teulat, Marzens).";
const LO_MJCL_002: &str = "Préciser le rôle de la mairie ; chiffrer l'encadrement.";

#[test]
fn the_avis_workbook_saved_by_libreoffice_goes_round() -> TestResult {
    let avis = fixture("avis-copil-libreoffice.xlsx");
    let size = std::fs::metadata(&avis)?.len();
    assert!(size < 100 * 1024, "{size} bytes");
    // Really LibreOffice's: its own name in the document's properties.
    let app = entry(&mut open_zip(&avis), "docProps/app.xml");
    assert!(app.contains("LibreOffice"), "{app}");

    // The plan the fixture was prepared from: the MJC de Lavaur's workbook
    // of the other LibreOffice fixture (MJCL-001 to 003).
    let (_tmp, root) = init_folder()?;
    std::fs::copy(
        fixture("modele-rempli-libreoffice.xlsx"),
        root.join("depots").join("plan-MJCL.xlsx"),
    )?;
    consolidate(&root)?;
    std::fs::create_dir_all(root.join("coordination"))?;
    std::fs::copy(
        &avis,
        root.join("coordination").join("avis-2024-07-04-COPIL.xlsx"),
    )?;
    let (code, out, err) = run_ctg(&["consolider", &root.to_string_lossy()]);
    assert_eq!(code, 0, "{out}{err}");
    // Read without any finding: no « ; N problèmes » after the count.
    assert!(
        out.contains("Avis du comité : 2 actions avec avis en vigueur, lus dans 1 classeur de coordination/\n"),
        "{out}"
    );

    let actions = actions_sheet(&root)?;
    let cell = |number, column| action_cell(&actions, number, column);
    assert_eq!(
        cell("MJCL-001", "Avis").as_deref(),
        Some("Validée sous réserve")
    );
    assert_eq!(
        cell("MJCL-001", "Commentaire du comité").as_deref(),
        Some(LO_MJCL_001)
    );
    assert_eq!(
        cell("MJCL-001", "Avis rendu par").as_deref(),
        Some("COPIL du 04/07/2024")
    );
    assert_eq!(cell("MJCL-002", "Avis").as_deref(), Some("À retravailler"));
    assert_eq!(
        cell("MJCL-002", "Commentaire du comité").as_deref(),
        Some(LO_MJCL_002)
    );
    // Left empty in LibreOffice: not examined.
    assert_eq!(cell("MJCL-003", "Avis").as_deref(), Some(""));

    // The retour page keeps the comment's line break (shown by CSS).
    let retour = std::fs::read_to_string(root.join("retours").join("retour-MJCL.html"))?;
    assert!(
        retour.contains(&format!(
            "<li class=\"typed\">Le COPIL du 04/07/2024 a validé sous réserve MJCL-001 (Ateliers parents-enfants du mercredi) : {LO_MJCL_001}</li>"
        )),
        "{retour}"
    );
    assert!(
        retour.contains(&format!(
            "Le COPIL du 04/07/2024 demande de retravailler MJCL-002 (Accueil jeunes du vendredi soir à Teulat) : {LO_MJCL_002}"
        )),
        "{retour}"
    );
    assert!(!retour.contains("MJCL-003 (Forum"), "{retour}");

    // The change report, on one line per avis.
    let report = latest_report(&root)?;
    let one_line = LO_MJCL_001.replace('\n', " ");
    for line in [
        format!("avis rendu : Validée sous réserve (COPIL du 04/07/2024) — « {one_line} »"),
        format!("avis rendu : À retravailler (COPIL du 04/07/2024) — « {LO_MJCL_002} »"),
    ] {
        assert!(report.contains(&line), "« {line} » missing:\n{report}");
    }

    // The fiches, in HTML and in Word (the line break as a Word break).
    let (code, out, err) = run_ctg(&["fiches", &root.to_string_lossy()]);
    assert_eq!(code, 0, "{out}{err}");
    let html = std::fs::read_to_string(root.join("sortie").join("fiches-actions.html"))?;
    assert!(
        html.contains(&format!(
            "Validée sous réserve (COPIL du 04/07/2024) — {LO_MJCL_001}"
        )),
        "{html}"
    );
    assert!(html.contains(&format!(
        "À retravailler (COPIL du 04/07/2024) — {LO_MJCL_002}"
    )));
    let docx = root.join("sortie").join("fiches-actions.docx");
    let xml = entry(&mut open_zip(&docx), "word/document.xml");
    assert!(
        xml.contains("Validée sous réserve (COPIL du 04/07/2024) — Sous réserve d&apos;un bilan à mi-parcours.</w:t><w:br w:type=\"textWrapping\" /><w:t xml:space=\"preserve\">Prévoir l&apos;accueil"),
        "{xml}"
    );
    let all: String = paragraphs(&docx)
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        all.contains(&format!(
            "À retravailler (COPIL du 04/07/2024) — {LO_MJCL_002}"
        )),
        "{all}"
    );
    Ok(())
}

#[test]
fn an_avis_on_an_action_that_left_the_plan_is_kept_and_an_unknown_one_refused() -> TestResult {
    let (_tmp, root) = folder()?;
    let prepared = avis(&root, "2024-07-04")?;
    // With MJCL-009, a number neither the plan nor its history ever had.
    fill(
        &prepared,
        &[
            ("MJCL-001", "Validée", ""),
            ("MJCL-002", "Ajournée", "à revoir en 2025"),
        ],
    )?
    .save(&root.join("coordination"), "avis-2024-07-04-COPIL.xlsx");
    consolidate(&root)?;
    // The MJC takes MJCL-002 out of its plan.
    Book::standard("MJCL", "MJC de Lavaur")
        .action(valid_action("MJCL", 1))
        .indicator(valid_indicator("MJCL-001"))
        .save(&root.join("depots"), "plan-MJCL.xlsx");
    let (code, out, err) = run_ctg(&["consolider", &root.to_string_lossy()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("Avis du comité : 1 action avec avis en vigueur"),
        "{out}"
    );

    let dashboard = std::fs::read_to_string(root.join("sortie").join("tableau-de-bord.html"))?;
    let section = dashboard
        .split("<h2>Classeurs des avis du comité</h2>")
        .nth(1)
        .ok_or("no section of the committee's workbooks")?;
    // The action that left: an information, naming the last run that held it.
    assert!(
        section.contains("<span class=\"badge info\">ℹ Information</span></td><td><span class=\"cell\">Feuille « Avis », cellule A8</span></td><td>L'action MJCL-002 n'est plus dans le plan d'actions (elle y figurait pour la dernière fois à la consolidation n° 2 du 15/06/2024 à 00:00) : l'avis « Ajournée » du COPIL du 04/07/2024 est conservé dans l'historique, mais n'apparaît plus dans le classeur consolidé, les retours ni les fiches. Rien à corriger."),
        "{section}"
    );
    // The number never seen: still an error, with a suggestion.
    assert!(
        section.contains("<span class=\"badge bad\">✖ Erreur</span></td><td><span class=\"cell\">Feuille « Avis », cellule A10</span></td><td>L'action « MJCL-009 » ne figure ni dans le plan d'actions consolidé ni dans son historique"),
        "{section}"
    );
    assert!(
        section.contains("Vouliez-vous dire MJCL-001 ?"),
        "{section}"
    );

    // Kept in the history, shown nowhere.
    let store = ctg::store::Store::open(&root.join(".ctg"))?;
    let latest = store.latest_run()?.ok_or("no run")?;
    let kept: Vec<(String, String)> = store
        .decisions(latest.id)?
        .into_iter()
        .map(|d| (d.action, d.verdict))
        .collect();
    assert_eq!(
        kept,
        [
            ("MJCL-001".to_owned(), "Validée".to_owned()),
            ("MJCL-002".to_owned(), "Ajournée".to_owned())
        ]
    );
    assert_eq!(
        store
            .snapshot(&latest)?
            .decisions
            .keys()
            .collect::<Vec<_>>(),
        ["MJCL-001"]
    );
    let retour = std::fs::read_to_string(root.join("retours").join("retour-MJCL.html"))?;
    assert!(retour.contains("a validé MJCL-001"), "{retour}");
    assert!(!retour.contains("MJCL-002"), "{retour}");
    // The report says the action left, and nothing of its avis.
    let report = latest_report(&root)?;
    assert!(report.contains("MJCL-002"), "{report}");
    assert!(!report.contains("Ajournée"), "{report}");
    Ok(())
}

#[test]
fn controler_checks_the_committee_decisions_in_the_history() -> TestResult {
    use ctg::store::{ProblemKind, check_folder};
    use std::time::Duration;

    let (_tmp, root) = folder()?;
    let prepared = avis(&root, "2024-07-04")?;
    fill(&prepared, &[("MJCL-001", "Validée", "")])?
        .save(&root.join("coordination"), "avis-2024-07-04-COPIL.xlsx");
    consolidate(&root)?;
    let check = |repair| check_folder(&root, repair, Duration::ZERO);
    let report = check(false)?;
    assert!(report.problems.is_empty(), "{:?}", report.problems);

    // The archived copy of the committee's workbook goes missing.
    let db = rusqlite::Connection::open(root.join(".ctg").join(ctg::store::HISTORY_FILE))?;
    let (hash, extension): (String, String) = db.query_row(
        "SELECT hash, extension FROM files WHERE first_path = 'coordination/avis-2024-07-04-COPIL.xlsx'",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let archived = root
        .join(".ctg")
        .join("archive")
        .join(format!("{hash}.{extension}"));
    let bytes = std::fs::read(&archived)?;
    std::fs::remove_file(&archived)?;
    let report = check(false)?;
    let kinds: Vec<ProblemKind> = report.problems.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, [ProblemKind::MissingFile]);
    let message = &report.problems[0].message;
    for part in [
        "La version « coordination/avis-2024-07-04-COPIL.xlsx »",
        "Si ce classeur est encore dans coordination/, « ctg controler --reparer » le recopie",
        "les avis qu'il contenait restent dans l'historique",
    ] {
        assert!(message.contains(part), "« {part} » missing: {message}");
    }
    // Still in coordination/: copied back from there.
    let report = check(true)?;
    assert!(report.is_clean(), "{:?}", report.problems);
    assert_eq!(std::fs::read(&archived)?, bytes);

    // A damaged set of decisions, and runs that name a set or a run the
    // history lacks.
    db.execute_batch(
        "PRAGMA foreign_keys = OFF;
         UPDATE decision_sets SET decisions = '[{\"action\": 3}]';
         INSERT INTO run_decisions (run_id, decisions_id) VALUES (1, 999), (42, 1);",
    )?;
    let report = check(false)?;
    let found: Vec<(ProblemKind, &str)> = report
        .problems
        .iter()
        .map(|p| (p.kind, p.message.as_str()))
        .collect();
    assert_eq!(found.len(), 3, "{found:#?}");
    assert_eq!(found[0].0, ProblemKind::UndecodableContent);
    assert!(
        found[0]
            .1
            .starts_with("Illisible par cette version de ctg : l'ensemble d'avis du comité n° 1 : détail technique : avis du comité,"),
        "{}",
        found[0].1
    );
    assert_eq!(
        found[1..],
        [
            (
                ProblemKind::MissingReference,
                "Les avis du comité lus par la consolidation n° 42 renvoient à la consolidation 42, qui manque à l'historique : les commandes qui le lisent s'arrêteront sur une erreur. Restaurez la dernière sauvegarde, ou signalez-le aux développeurs en joignant le dossier .ctg."
            ),
            (
                ProblemKind::MissingReference,
                "Les avis du comité lus par la consolidation n° 1 renvoient à l'ensemble d'avis du comité n° 999, qui manque à l'historique : les commandes qui le lisent s'arrêteront sur une erreur. Restaurez la dernière sauvegarde, ou signalez-le aux développeurs en joignant le dossier .ctg."
            ),
        ]
    );
    // Said by the command, with its exit code.
    let (code, out, _) = run_ctg(&["controler", &root.to_string_lossy()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("3 problèmes"), "{out}");
    Ok(())
}

/// The paragraphs of `word/document.xml`, as (page break before it, text).
fn paragraphs(docx: &Path) -> Vec<(bool, String)> {
    let xml = entry(&mut open_zip(docx), "word/document.xml");
    let mut out = Vec::new();
    let mut rest = xml.as_str();
    loop {
        let start = [rest.find("<w:p>"), rest.find("<w:p ")]
            .into_iter()
            .flatten()
            .min();
        let Some(start) = start else { break };
        let after = &rest[start..];
        let end = after.find("</w:p>").unwrap_or(after.len());
        let p = &after[..end];
        let text: String = p
            .split("<w:t")
            .skip(1)
            .filter(|t| t.starts_with('>') || t.starts_with(' '))
            .filter_map(|t| {
                t.split_once('>')
                    .map(|(_, rest)| rest.split("</w:t>").next().unwrap_or_default())
            })
            .collect();
        let text = text
            .replace("&apos;", "'")
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        out.push((p.contains("<w:pageBreakBefore"), text));
        rest = &after[end..];
    }
    out
}

#[test]
fn every_accepted_action_has_its_fiche_on_a_new_page() -> TestResult {
    let (_tmp, root) = folder()?;
    let prepared = avis(&root, "2024-07-04")?;
    fill(&prepared, &[("MJCL-002", "Ajournée", "à revoir en 2025")])?
        .save(&root.join("coordination"), "avis-2024-07-04-COPIL.xlsx");
    consolidate(&root)?;
    let (code, out, err) = run_ctg(&["fiches", &root.to_string_lossy()]);
    assert_eq!(code, 0, "{out}{err}");
    let docx = root.join("sortie").join("fiches-actions.docx");
    let paras = paragraphs(&docx);
    let all: String = paras
        .iter()
        .map(|(_, t)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    for (number, objective, budget) in [
        (
            "MJCL-001",
            "2.2.1 — Développer les actions en lien avec la parentalité",
            "5 000 €",
        ),
        (
            "MJCL-002",
            "1.2.1 — Développer l'offre pour les communes rurales et pôles relais",
            "8 000 €",
        ),
        (
            "SJ-001",
            "2.2.1 — Développer les actions en lien avec la parentalité",
            "5 000 €",
        ),
    ] {
        // Its heading starts a page (the contents list names it before).
        let at = paras
            .iter()
            .position(|(b, t)| *b && t.starts_with(&format!("{number} — ")))
            .ok_or(format!("no fiche for {number} starting a page:\n{all}"))?;
        // Its content, up to the next fiche.
        let end = paras[at + 1..]
            .iter()
            .position(|(b, _)| *b)
            .map_or(paras.len(), |i| at + 1 + i);
        let fiche: String = paras[at..end]
            .iter()
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(fiche.contains(objective), "{number}: {fiche}");
        // Amounts are written with non-breaking spaces.
        let plain = fiche.replace(['\u{202f}', '\u{a0}'], " ");
        assert!(plain.contains(budget), "{number}: {fiche}");
        assert!(fiche.contains("dernière modification le"), "{fiche}");
    }
    assert!(
        all.contains("Ajournée (COPIL du 04/07/2024) — à revoir en 2025"),
        "{all}"
    );
    assert!(all.contains("Zones d'ombre"));
    assert!(
        all.contains("3.1.3 — "),
        "an objective without action is listed: {all}"
    );

    // The HTML fiches, checked the same way.
    let html = std::fs::read_to_string(root.join("sortie").join("fiches-actions.html"))?;
    for number in ["MJCL-001", "MJCL-002", "SJ-001"] {
        assert!(
            html.contains(&format!("<section class=\"fiche\" id=\"{number}\">")),
            "{number}"
        );
    }
    assert!(html.contains("section.fiche,section.shadows{break-before:page}"));
    assert!(html.contains("@page{size:A4"));
    assert!(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"));
    assert!(html.contains("Ajournée (COPIL du 04/07/2024) — à revoir en 2025"));

    // Same plan, same bytes; a filter keeps its fiches only.
    let first = std::fs::read(&docx)?;
    let (code, _, _) = run_ctg(&["fiches", &root.to_string_lossy()]);
    assert_eq!(code, 0);
    assert_eq!(
        std::fs::read(&docx)?,
        first,
        "the same plan gives the same document"
    );
    let only = root.join("sortie").join("mjcl.docx");
    let (code, out, err) = run_ctg(&[
        "fiches",
        &root.to_string_lossy(),
        "--partenaire",
        "MJCL",
        "--axe",
        "2",
        "-o",
        &only.to_string_lossy(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let kept: Vec<String> = paragraphs(&only)
        .into_iter()
        .filter(|(b, _)| *b)
        .map(|(_, t)| t)
        .collect();
    assert!(
        kept.iter().any(|t| t.starts_with("MJCL-001 — ")),
        "{kept:?}"
    );
    assert!(
        !kept
            .iter()
            .any(|t| t.starts_with("MJCL-002") || t.starts_with("SJ-001")),
        "{kept:?}"
    );
    // Never under depots/.
    let (code, _, err) = run_ctg(&[
        "fiches",
        &root.to_string_lossy(),
        "-o",
        &root.join("depots").join("f.docx").to_string_lossy(),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("ctg n'écrit jamais parmi les fichiers déposés"),
        "{err}"
    );
    Ok(())
}

/// Checks that `sheet` of `path` prints on A4 landscape, one page wide
/// (one page tall too when `one_page`), with the footer, and, when
/// `header` is given, that row repeated.
fn assert_printable(path: &Path, sheet: &str, one_page: bool, header: Option<u32>) {
    let mut zip = open_zip(path);
    let xml = sheet_xml(&mut zip, sheet);
    let setup = tags(&xml, "pageSetup");
    let setup = setup
        .first()
        .unwrap_or_else(|| panic!("{sheet}: no pageSetup"));
    assert_eq!(attr(setup, "paperSize"), Some("9"), "{sheet}: A4");
    assert_eq!(attr(setup, "orientation"), Some("landscape"), "{sheet}");
    assert!(
        matches!(attr(setup, "fitToWidth"), None | Some("1")),
        "{sheet}: one page wide"
    );
    assert_eq!(
        attr(setup, "fitToHeight"),
        if one_page { None } else { Some("0") },
        "{sheet}: {setup}"
    );
    assert!(
        xml.contains("<pageSetUpPr fitToPage=\"1\"/>"),
        "{sheet}: fit to page"
    );
    assert!(
        xml.contains("<oddFooter>&amp;L") && xml.contains("&amp;Rpage &amp;P / &amp;N</oddFooter>"),
        "{sheet}: footer"
    );
    let workbook = entry(&mut zip, "xl/workbook.xml");
    if let Some(row) = header {
        let rows = format!("!${}:${}<", row + 1, row + 1);
        let repeated = workbook
            .split("<definedName ")
            .filter(|d| d.contains("name=\"_xlnm.Print_Titles\""))
            .any(|d| {
                d.contains(&format!(">{sheet}{rows}")) || d.contains(&format!(">'{sheet}'{rows}"))
            });
        assert!(repeated, "{sheet}: row {} repeated\n{workbook}", row + 1);
    }
}

#[test]
fn every_sheet_prints_on_a4_landscape_with_its_header_and_footer() -> TestResult {
    let (_tmp, root) = folder()?;
    let consolidated = root.join("sortie").join("plan-actions-consolide.xlsx");
    // The Synthèse: its first page the key figures and charts, its tables
    // after, one page wide.
    assert_printable(&consolidated, "Synthèse", false, None);
    for sheet in [
        "Modifications",
        "Actions",
        "Indicateurs",
        "À corriger",
        "Anomalies",
        "Partenaires",
        "Référentiel",
    ] {
        let header = if sheet == "Modifications" {
            None
        } else {
            Some(0)
        };
        assert_printable(&consolidated, sheet, false, header);
    }
    // The Couverture's grid comes below its ranked lists: its header is
    // the row that heads its objectives with their running actions.
    let mut wb = open_workbook_auto(&consolidated)?;
    let coverage = wb.worksheet_range("Couverture")?;
    let grid = coverage
        .rows()
        .position(|r| {
            r.first()
                .is_some_and(|c| *c == Data::String("Objectif opérationnel".into()))
                && r.get(1)
                    .is_some_and(|c| *c == Data::String("En cours ou réalisées".into()))
        })
        .ok_or("no grid in the Couverture")?;
    let first = coverage.start().map_or(0, |(row, _)| row);
    assert_printable(
        &consolidated,
        "Couverture",
        false,
        Some(first + grid as u32),
    );
    let template = root.join("modele.xlsx");
    let (code, out, err) = run_ctg(&[
        "modele",
        "--code",
        "MJCL",
        "--partenaire",
        "MJC de Lavaur",
        "-o",
        &template.to_string_lossy(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert_printable(&template, "Mode d'emploi", false, None);
    assert_printable(&template, "Partenaire", false, None);
    assert_printable(&template, "Actions", false, Some(0));
    assert_printable(&template, "Indicateurs", false, Some(0));
    let prepared = avis(&root, "2024-07-04")?;
    assert_printable(&prepared, "Avis", false, Some(5));
    Ok(())
}

#[test]
fn wrapped_lines_get_the_height_they_need() -> TestResult {
    let (_tmp, root) = init_folder()?;
    let template = root.join("modele.xlsx");
    let (code, out, err) = run_ctg(&[
        "modele",
        "--code",
        "MJCL",
        "--partenaire",
        "MJC",
        "-o",
        &template.to_string_lossy(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let xml = sheet_xml(&mut open_zip(&template), "Mode d'emploi");
    // Every row of the instructions has its height, and the long
    // paragraphs more than one line's.
    let rows = tags(&xml, "row");
    assert!(
        rows.iter()
            .all(|r| attr(r, "ht").is_some() && attr(r, "customHeight") == Some("1")),
        "{rows:?}"
    );
    assert!(rows.iter().any(|r| {
        attr(r, "ht")
            .and_then(|h| h.parse::<f64>().ok())
            .is_some_and(|h| h >= 32.0)
    }));
    Ok(())
}
