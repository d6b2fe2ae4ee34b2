//! What the CAF reads (issue 14), through the real binary: the « Suivi »
//! of the actions and the late ones, statuses not recognised counted
//! apart, money by state with the CAF share, true zones d'ombre, the flat
//! breakdown, fresh and old files, the tool's name, the `[suivi]`
//! settings — on plans built in code, and on the sample plan at the date
//! the issue quotes (29/11/2026).

use std::path::{Path, PathBuf};

use calamine::{Data, DataType, Reader, open_workbook_auto};
use chrono::NaiveDate;

use crate::common::*;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// A sheet of a workbook, its non-empty rows as cells.
struct Grid(Vec<Vec<Data>>);

impl Grid {
    fn open(path: &Path, name: &str) -> Res<Grid> {
        let mut wb = open_workbook_auto(path)?;
        let range = wb.worksheet_range(name)?;
        Ok(Grid(
            range
                .rows()
                .filter(|r| r.iter().any(|c| *c != Data::Empty))
                .map(<[Data]>::to_vec)
                .collect(),
        ))
    }

    fn text(&self, r: usize, c: usize) -> String {
        self.0
            .get(r)
            .and_then(|row| row.get(c))
            .map(|d| d.to_string())
            .unwrap_or_default()
    }

    fn num(&self, r: usize, c: usize) -> f64 {
        self.0
            .get(r)
            .and_then(|row| row.get(c))
            .and_then(|d| d.as_f64())
            .unwrap_or(f64::NAN)
    }

    /// The first row whose column `c` reads `text`.
    fn row_of(&self, c: usize, text: &str) -> Res<usize> {
        (0..self.0.len())
            .find(|&r| self.text(r, c) == text)
            .ok_or_else(|| format!("no row « {text} »").into())
    }

    /// The figure beside a label of the Synthèse's key figures.
    fn figure(&self, label: &str) -> Res<f64> {
        Ok(self.num(self.row_of(0, label)?, 1))
    }

    /// The column of `header` in the row `r`.
    fn col(&self, r: usize, header: &str) -> Res<usize> {
        (0..self.0.get(r).map_or(0, Vec::len))
            .find(|&c| self.text(r, c) == header)
            .ok_or_else(|| format!("no column « {header} »").into())
    }

    /// A table with its header in row 0: the cell of `header` in row `r`.
    fn cell(&self, r: usize, header: &str) -> Res<String> {
        Ok(self.text(r, self.col(0, header)?))
    }

    /// A table with its header in row 0: the rows whose `header` reads
    /// `value`.
    fn rows_where(&self, header: &str, value: &str) -> Vec<usize> {
        (1..self.0.len())
            .filter(|&r| self.cell(r, header).is_ok_and(|v| v == value))
            .collect()
    }

    /// The first of [`Grid::rows_where`].
    fn find(&self, header: &str, value: &str) -> Res<usize> {
        self.rows_where(header, value)
            .first()
            .copied()
            .ok_or_else(|| format!("no row with {header} « {value} »").into())
    }
}

/// A shared folder holding [`late_plan`], consolidated on 15/06/2024, and
/// its workbook.
fn late_folder() -> Res<(tempfile::TempDir, PathBuf, PathBuf)> {
    let (tmp, root) = shared_folder(|t| t)?;
    late_plan().save(&root.join("depots"), "plan-MJCL.xlsx");
    consolidate(&root)?;
    let path = workbook(&root);
    Ok((tmp, root, path))
}

fn path_str(p: &Path) -> Res<&str> {
    p.to_str().ok_or_else(|| "non UTF-8 path".into())
}

/// A shared folder made by `ctg init`, its `ctg.toml` edited by `edit`.
fn shared_folder(edit: impl Fn(String) -> String) -> Res<(tempfile::TempDir, PathBuf)> {
    let tmp = tempfile::tempdir()?;
    let root = tmp.path().join("CTG");
    let (code, out, err) = run_ctg(&["init", path_str(&root)?]);
    assert_eq!(code, 0, "ctg init: {out}{err}");
    let toml = root.join("ctg.toml");
    std::fs::write(&toml, edit(std::fs::read_to_string(&toml)?))?;
    Ok((tmp, root))
}

/// Consolidates `root` on 15/06/2024.
fn consolidate(root: &Path) -> Res<()> {
    let (code, out, err) = run_ctg(&["consolider", path_str(root)?]);
    assert_eq!(code, 0, "ctg consolider: {out}{err}");
    Ok(())
}

fn workbook(root: &Path) -> PathBuf {
    root.join("sortie/plan-actions-consolide.xlsx")
}

/// An action of MJCL with its status, dates, avancement and communes.
fn action(
    i: u32,
    status: &str,
    start: V,
    end: V,
    progress: f64,
    communes: &str,
) -> Vec<(&'static str, V)> {
    with_all(
        valid_action("MJCL", i),
        vec![
            ("Statut", t(status)),
            ("Date de début", start),
            ("Date de fin", end),
            ("Avancement (%)", n(progress)),
            ("Communes concernées", t(communes)),
        ],
    )
}

/// MJCL on 15/06/2024: one action on time, one at risk, one of each way
/// of being late; one with a status not of the list, one without status.
fn late_plan() -> Book {
    let rows = [
        (
            1,
            "En cours",
            d(2024, 1, 10),
            d(2025, 12, 31),
            40.0,
            "Lavaur",
        ),
        (
            2,
            "En cours",
            d(2024, 1, 10),
            d(2024, 8, 31),
            20.0,
            "Toutes",
        ),
        (3, "À venir", d(2024, 1, 10), d(2024, 12, 31), 0.0, "Teulat"),
        (4, "En cours", d(2023, 9, 1), d(2024, 3, 31), 60.0, "Lavaur"),
        (5, "Reportée", d(2024, 1, 10), d(2024, 5, 31), 0.0, "Toutes"),
        (
            6,
            "Validée",
            d(2024, 1, 10),
            d(2025, 12, 31),
            10.0,
            "Lavaur",
        ),
        (7, "", d(2024, 1, 10), d(2025, 12, 31), 10.0, "Lavaur"),
    ];
    rows.into_iter()
        .fold(
            Book::standard("MJCL", "MJC de Lavaur"),
            |book, (i, status, start, end, progress, communes)| {
                let mut a = action(i, status, start, end, progress, communes);
                if status.is_empty() {
                    a = with(a, "Statut", None);
                }
                if status == "Reportée" {
                    a = with(a, "Commentaires", Some(t("Reportée faute de local.")));
                }
                book.action(a)
            },
        )
        .indicator(valid_indicator("MJCL-001"))
}

#[test]
fn every_output_tells_the_suivi_of_each_action_and_the_late_ones() -> Res<()> {
    let (_tmp, root, path) = late_folder()?;

    // Actions: the Suivi beside the status, marked in colour.
    let actions = Grid::open(&path, "Actions")?;
    let suivi: Vec<(String, String)> = (1..actions.0.len())
        .map(|r| Ok((actions.cell(r, "N° action")?, actions.cell(r, "Suivi")?)))
        .collect::<Res<_>>()?;
    let expected = [
        ("MJCL-001", "à l'heure"),
        ("MJCL-002", "à risque"),
        ("MJCL-003", "en retard de démarrage"),
        ("MJCL-004", "échéance dépassée"),
        ("MJCL-005", "report dépassé"),
        ("MJCL-006", "non évaluable"),
        ("MJCL-007", "non évaluable"),
    ];
    assert_eq!(
        suivi,
        expected.map(|(a, b)| (a.to_owned(), b.to_owned())).to_vec()
    );
    // Conditional formats on the Suivi column: the mark follows a sort.
    let xml = sheet_xml(&path, "xl/worksheets/sheet3.xml")?;
    let col = ctg::finding::column_letters(actions.col(0, "Suivi")? as u32);
    assert!(xml.contains(&format!("sqref=\"{col}2:{col}8\"")), "{xml}");
    for label in [
        "échéance dépassée",
        "à risque",
        "report dépassé",
        "en retard de démarrage",
    ] {
        assert!(
            xml.contains(&format!("text=\"{label}\"")),
            "no mark for {label}: {xml}"
        );
    }

    // Synthèse: the late actions, with what is late and since when.
    let syn = Grid::open(&path, "Synthèse")?;
    assert_eq!(
        syn.figure("Actions en retard (voir « Actions en retard »)")?,
        3.0
    );
    assert_eq!(syn.figure("  dont en retard de démarrage")?, 1.0);
    assert_eq!(syn.figure("  dont échéance dépassée")?, 1.0);
    assert_eq!(syn.figure("  dont report dépassé")?, 1.0);
    assert_eq!(syn.figure("Actions à risque")?, 1.0);
    let head = syn.row_of(0, "Actions en retard (3)")? + 2;
    assert_eq!(
        (0..5).map(|c| syn.text(head, c)).collect::<Vec<_>>(),
        [
            "Action",
            "Partenaire",
            "Suivi",
            "Depuis le",
            "Ce qui est en retard"
        ]
    );
    let late: Vec<[String; 3]> = (head + 1..head + 4)
        .map(|r| [syn.text(r, 0), syn.text(r, 2), syn.text(r, 4)])
        .collect();
    assert_eq!(late[0][0], "MJCL-003 — Ateliers parents-enfants n°3");
    assert_eq!(late[0][1], "en retard de démarrage");
    assert_eq!(
        late[0][2],
        "devait démarrer le 10/01/2024 ; toujours « À venir »"
    );
    assert_eq!(
        late[1][2],
        "devait se terminer le 31/03/2024 ; toujours « En cours »"
    );
    assert_eq!(late[2][2], "reportée jusqu'au 31/05/2024, date dépassée");
    let mut wb = open_workbook_auto(&path)?;
    let range = wb.worksheet_range("Synthèse")?;
    let since = range
        .rows()
        .find(|r| {
            r.first()
                .is_some_and(|c| c.to_string().starts_with("MJCL-004"))
        })
        .and_then(|r| r.get(3).and_then(|c| c.as_date()));
    assert_eq!(since, NaiveDate::from_ymd_opt(2024, 3, 31), "a real date");

    // The status chart, split by Suivi: each status its row.
    let split = syn.row_of(0, "Actions par statut et par suivi")? + 2;
    let en_cours = syn.row_of(0, "En cours")?;
    assert!(en_cours > split);
    let count = |status_row: usize, header: &str| -> Res<f64> {
        Ok(syn.num(status_row, syn.col(split, header)?))
    };
    assert_eq!(count(en_cours, "À l'heure")?, 1.0);
    assert_eq!(count(en_cours, "À risque")?, 1.0);
    assert_eq!(count(en_cours, "Échéance dépassée")?, 1.0);

    // Anomalies: the late finding names its action.
    let anomalies = Grid::open(&path, "Anomalies")?;
    let late_finding = anomalies.find("Code", "action-en-retard")?;
    assert_eq!(anomalies.cell(late_finding, "N° action")?, "MJCL-004");
    assert_eq!(anomalies.cell(late_finding, "Constat")?, "Action en retard");

    // The status page and the partner's retour say the same.
    let dashboard = std::fs::read_to_string(root.join("sortie/tableau-de-bord.html"))?;
    assert!(
        dashboard.contains("3 actions sont en retard au 15/06/2024"),
        "{dashboard}"
    );
    assert!(dashboard.contains("<caption>Actions en retard</caption>"));
    assert!(dashboard.contains("devait démarrer le 10/01/2024 ; toujours « À venir »"));
    assert!(dashboard.contains("href=\"../retours/retour-MJCL.html\">MJCL</a>"));
    let retour = std::fs::read_to_string(root.join("retours/retour-MJCL.html"))?;
    assert!(retour.contains("Actions en retard (3)"), "{retour}");
    assert!(retour.contains("3 de vos actions sont en retard d'après leurs dates et leur statut"));
    assert!(retour.contains("<strong>MJCL-005</strong> — Ateliers parents-enfants n°5 : reportée jusqu'au 31/05/2024, date dépassée."));
    assert!(retour.contains("⚠ à risque"));
    Ok(())
}

/// The XML of a part of an xlsx file.
fn sheet_xml(path: &Path, part: &str) -> Res<String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path)?)?;
    let mut xml = String::new();
    zip.by_name(part)?.read_to_string(&mut xml)?;
    Ok(xml)
}

#[test]
fn a_status_not_of_the_list_is_counted_apart_from_an_empty_one() -> Res<()> {
    let (_tmp, root, path) = late_folder()?;
    let syn = Grid::open(&path, "Synthèse")?;
    assert_eq!(syn.figure("  dont statut non reconnu (à corriger)")?, 1.0);
    assert_eq!(syn.figure("  dont statut non renseigné")?, 1.0);
    // In the axis × status table, and in the money by state.
    let head = syn.row_of(0, "Actions par axe et par statut")? + 1;
    let total = syn.row_of(0, "Total")?;
    assert!(total > head);
    assert_eq!(
        syn.num(total, syn.col(head, "Statut non reconnu (à corriger)")?),
        1.0
    );
    assert_eq!(syn.num(total, syn.col(head, "Statut non renseigné")?), 1.0);
    let money = syn.row_of(0, "Financements par état des actions")? + 2;
    let unrecognised = (money..syn.0.len())
        .find(|&r| syn.text(r, 0) == "Statut non reconnu (à corriger)")
        .ok_or("no unrecognised row")?;
    assert_eq!(syn.num(unrecognised, 1), 1.0);
    assert_eq!(syn.text(unrecognised + 1, 0), "Statut non renseigné");
    assert_eq!(syn.num(unrecognised + 1, 1), 1.0);
    // The breakdown sheet and the status page's chart name it too.
    let flat = Grid::open(&path, "Répartition")?;
    assert!((1..flat.0.len()).any(|r| {
        flat.cell(r, "Statut")
            .is_ok_and(|s| s == "Statut non reconnu (à corriger)")
    }));
    let dashboard = std::fs::read_to_string(root.join("sortie/tableau-de-bord.html"))?;
    assert!(dashboard.contains("Statut non reconnu (à…"), "{dashboard}");
    Ok(())
}

#[test]
fn the_breakdown_sheet_has_one_row_per_action_and_value() -> Res<()> {
    let (_tmp, root) = shared_folder(|t| t)?;
    Book::standard("MJCL", "MJC de Lavaur")
        .action(with_all(
            valid_action("MJCL", 1),
            vec![
                ("Champ d'intervention", t("Enfance; Éducation")),
                ("Public cible", t("Familles / Parents; Enfants (3-11 ans)")),
                ("Communes concernées", t("Lavaur; Teulat")),
            ],
        ))
        .action(with(
            valid_action("MJCL", 2),
            "Communes concernées",
            Some(t("Toutes")),
        ))
        .save(&root.join("depots"), "plan-MJCL.xlsx");
    consolidate(&root)?;
    let path = workbook(&root);
    let flat = Grid::open(&path, "Répartition")?;
    // MJCL-001: 2 communes + 2 publics + 2 champs; MJCL-002: the whole
    // territory (one line) + 1 public + 1 champ.
    assert_eq!(flat.0.len() - 1, 6 + 1 + 2);
    let sum_of = |dimension: &str| -> Res<f64> {
        let c = flat.col(0, "Budget réparti (€)")?;
        Ok((1..flat.0.len())
            .filter(|&r| flat.cell(r, "Dimension").is_ok_and(|d| d == dimension))
            .map(|r| flat.num(r, c))
            .sum())
    };
    // Whatever the dimension, the shares add up to the plan's budget.
    for dimension in ["Commune", "Public cible", "Champ d'intervention"] {
        assert!((sum_of(dimension)? - 10_000.0).abs() < 1e-6, "{dimension}");
    }
    let scope_of = |value: &str| {
        (1..flat.0.len())
            .filter(|&r| flat.cell(r, "Valeur").is_ok_and(|v| v == value))
            .map(|r| flat.cell(r, "Portée"))
            .collect::<Res<Vec<_>>>()
    };
    assert_eq!(scope_of("Teulat")?, ["nommée par l'action"]);
    assert_eq!(scope_of("Toutes les communes")?, ["tout le territoire"]);
    // Small tables in the Synthèse: a commune counts the actions that
    // name it; territory-wide ones have their own line.
    let syn = Grid::open(&path, "Synthèse")?;
    let head = syn.row_of(0, "Actions par commune")? + 2;
    let line = |value: &str| {
        (head..syn.0.len())
            .find(|&r| syn.text(r, 0) == value)
            .map(|r| syn.num(r, 1))
    };
    assert_eq!(line("Lavaur"), Some(1.0));
    assert_eq!(line("Toutes les communes"), Some(1.0));
    assert_eq!(line("Belcastel"), None, "no action names it");
    Ok(())
}

#[test]
fn old_files_late_actions_and_missing_results_are_told_per_partner() -> Res<()> {
    let (_tmp, root) = shared_folder(|t| t.replace("fraicheur_mois = 6", "fraicheur_mois = 5"))?;
    let depots = root.join("depots");
    let old = late_plan().save(&depots, "plan-MJCL.xlsx");
    std::fs::File::options()
        .write(true)
        .open(&old)?
        .set_modified(local_time(2024, 1, 10, 10, 0)?)?;
    // SJ: fresh, but one indicator without its 2023 result.
    Book::standard("SJ", "Service Jeunesse intercommunal")
        .action(with(
            valid_action("SJ", 1),
            "Date de début",
            Some(d(2023, 9, 1)),
        ))
        .indicator(valid_indicator("SJ-001"))
        .indicator(with(
            with(valid_indicator("SJ-001"), "Indicateur", Some(t("Sorties"))),
            "Réalisé 2023",
            None,
        ))
        .save(&depots, "plan-SJ.xlsx");
    consolidate(&root)?;
    let p = Grid::open(&workbook(&root), "Partenaires")?;
    let mjcl = p.row_of(0, "MJCL")?;
    let sj = p.row_of(0, "SJ")?;
    let mut wb = open_workbook_auto(workbook(&root))?;
    let range = wb.worksheet_range("Partenaires")?;
    let saved = range
        .get((mjcl, p.col(0, "Enregistré le")?))
        .and_then(|c| c.as_date());
    assert_eq!(
        saved,
        NaiveDate::from_ymd_opt(2024, 1, 10),
        "a real date cell"
    );
    assert_eq!(p.num(mjcl, p.col(0, "Mois depuis")?), 5.0);
    assert_eq!(
        p.text(mjcl, p.col(0, "Fichier ancien")?),
        "oui (5 mois ou plus)"
    );
    assert_eq!(p.text(sj, p.col(0, "Fichier ancien")?), "non");
    assert_eq!(p.num(mjcl, p.col(0, "Actions en retard")?), 3.0);
    let missing = p.col(0, "Indicateurs sans résultat de l'année écoulée")?;
    assert_eq!((p.num(mjcl, missing), p.num(sj, missing)), (0.0, 1.0));
    assert_eq!(p.text(sj, p.col(0, "État")?), "lu sans erreur");
    let syn = Grid::open(&workbook(&root), "Synthèse")?;
    assert_eq!(
        syn.figure("  fichiers anciens (non modifiés depuis 5 mois ou plus)")?,
        1.0
    );
    let dashboard = std::fs::read_to_string(root.join("sortie/tableau-de-bord.html"))?;
    assert!(dashboard.contains("⚠ fichier ancien"));
    assert!(dashboard.contains("il y a 5 mois"));
    let retour = std::fs::read_to_string(root.join("retours/retour-SJ.html"))?;
    assert!(
        retour.contains("1 indicateur n'a pas encore de résultat pour 2023"),
        "{retour}"
    );
    Ok(())
}

#[test]
fn the_tool_speaks_under_the_name_ctg_toml_gives_it() -> Res<()> {
    let (_tmp, root) = shared_folder(|t| {
        t.replace(
            "nom_outil = \"l'outil de suivi\"",
            "nom_outil = \"le tableau de suivi CTG\"",
        )
    })?;
    Book::standard("MJCL", "MJC de Lavaur")
        .action(with(
            valid_action("MJCL", 1),
            "Public cible",
            Some(t("Familles")),
        ))
        .save(&root.join("depots"), "plan-MJCL.xlsx");
    consolidate(&root)?;
    let anomalies = Grid::open(&workbook(&root), "Anomalies")?;
    let near = anomalies.find("Code", "public-rapproche")?;
    let message = anomalies.cell(near, "Message")?;
    assert!(
        message.contains("le tableau de suivi CTG retient « Familles / Parents »"),
        "{message}"
    );
    let retour = std::fs::read_to_string(root.join("retours/retour-MJCL.html"))?;
    assert!(retour.contains("le tableau de suivi CTG retient"));
    assert!(!retour.contains("ctg retient") && !retour.contains("ctg déduit"));
    Ok(())
}

#[test]
fn follow_settings_are_checked_with_their_line() -> Res<()> {
    for (edit, expected) in [
        (
            ("budgets = \"convention\"", "budgets = \"mensuels\""),
            "[suivi] budgets vaut « mensuels »",
        ),
        (
            ("fraicheur_mois = 6", "fraicheur_mois = 0"),
            "[suivi] fraicheur_mois vaut 0",
        ),
        (
            ("code = \"caf\"", "code = \"cnaf\""),
            "aucun financeur n'a le code « caf »",
        ),
    ] {
        let (_tmp, root) = shared_folder(|t| t.replace(edit.0, edit.1))?;
        let (code, out, err) = run_ctg(&["consolider", path_str(&root)?]);
        assert_eq!(code, 2, "{out}{err}");
        assert!(err.contains(expected), "{err}");
        if !expected.starts_with("aucun") {
            assert!(err.contains("ligne "), "the line is given: {err}");
        }
    }
    Ok(())
}

#[test]
fn budgets_are_spread_by_year_as_ctg_toml_says_they_are_given() -> Res<()> {
    for (basis, said, per_year) in [
        (
            "convention",
            "couvre toute sa durée",
            [0.0, 2_500.0, 2_500.0, 0.0],
        ),
        ("annuels", "est annuel", [0.0, 5_000.0, 5_000.0, 0.0]),
    ] {
        let (_tmp, root) = shared_folder(|t| {
            t.replace(
                "budgets = \"convention\"",
                &format!("budgets = \"{basis}\""),
            )
        })?;
        Book::standard("MJCL", "MJC de Lavaur")
            .action(with_all(
                valid_action("MJCL", 1),
                vec![
                    ("Date de début", d(2024, 1, 1)),
                    ("Date de fin", d(2025, 12, 31)),
                ],
            ))
            .save(&root.join("depots"), "plan-MJCL.xlsx");
        consolidate(&root)?;
        let syn = Grid::open(&workbook(&root), "Synthèse")?;
        assert!(syn.text(2, 0).contains(said), "{}", syn.text(2, 0));
        let head = syn.row_of(0, "Budget prévu par année")? + 2;
        let years: Vec<f64> = (1..=4).map(|i| syn.num(head + i, 1)).collect();
        // 2024 has 366 days, 2025 365: a whole-action budget splits by days.
        let expected: Vec<f64> = if basis == "convention" {
            vec![0.0, 5_000.0 * 366.0 / 731.0, 5_000.0 * 365.0 / 731.0, 0.0]
        } else {
            per_year.to_vec()
        };
        for (got, want) in years.iter().zip(&expected) {
            assert!((got - want).abs() < 1e-6, "{basis}: {years:?}");
        }
    }
    Ok(())
}

/// The sample plan consolidated on 29/11/2026, as the issue read it.
fn sample() -> Res<(tempfile::TempDir, PathBuf)> {
    let tmp = tempfile::tempdir()?;
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-workbooks");
    let out = tmp.path().join("sortie");
    let (code, stdout, err) = run_ctg_on(
        "2026-11-29",
        &[
            "consolider",
            path_str(&samples)?,
            "--sortie",
            path_str(&out)?,
        ],
    );
    assert_eq!(code, 0, "{stdout}{err}");
    Ok((tmp, out))
}

#[test]
fn the_sample_plan_gives_the_figures_the_issue_quotes() -> Res<()> {
    let (_tmp, out) = sample()?;
    let path = out.join("plan-actions-consolide.xlsx");
    let syn = Grid::open(&path, "Synthèse")?;
    // 13 « En cours » and 8 « À venir » past their end date; RPE-006 late
    // to start; SJ-006 and LAEP-005 past the date they were postponed to.
    let split = syn.row_of(0, "Actions par statut et par suivi")? + 2;
    let row = |status: &str| (split..syn.0.len()).find(|&r| syn.text(r, 0) == status);
    let cell = |status: &str, header: &str| -> Res<f64> {
        let r = row(status).ok_or(format!("no row {status}"))?;
        Ok(syn.num(r, syn.col(split, header)?))
    };
    assert_eq!(cell("En cours", "Échéance dépassée")?, 13.0);
    assert_eq!(cell("À venir", "Échéance dépassée")?, 8.0);
    assert_eq!(cell("À venir", "En retard de démarrage")?, 1.0);
    assert_eq!(cell("Reportée", "Report dépassé")?, 2.0);
    let late = syn.row_of(0, "Actions en retard (24)")? + 3;
    let late_rows: Vec<(String, String)> = (late..late + 24)
        .map(|r| (syn.text(r, 0), syn.text(r, 2)))
        .collect();
    for (number, suivi) in [
        ("RPE-006", "en retard de démarrage"),
        ("SJ-006", "report dépassé"),
        ("LAEP-005", "report dépassé"),
    ] {
        assert!(
            late_rows
                .iter()
                .any(|(a, s)| a.starts_with(number) && s == suivi),
            "{number}: {late_rows:?}"
        );
    }
    // 41 300 € of the 165 550,50 € of CAF funding on actions not started,
    // postponed or abandoned (25 %); the CAF share 33,7 %, 52,4 % on axe 2.
    let idle =
        syn.figure("Financement CAF sur des actions pas commencées, reportées ou abandonnées")?;
    assert!((idle - 41_300.0).abs() < 1e-6, "{idle}");
    assert!((syn.figure("  soit, du financement CAF")? - 41_300.0 / 165_550.5).abs() < 1e-9);
    let share = syn.figure("Part CAF (financement CAF ÷ budget)")?;
    assert_eq!(format!("{:.1}", share * 100.0), "33.7");
    let funding = syn.row_of(0, "Budget et financements par axe (€)")? + 2;
    let axis2 = (funding..syn.0.len())
        .find(|&r| syn.text(r, 0).starts_with("2 — "))
        .ok_or("no axe 2")?;
    let axis2_share = syn.num(axis2, syn.col(funding, "Part CAF")?);
    assert_eq!(format!("{:.1}", axis2_share * 100.0), "52.4");
    // « Validée » is not an empty status; the refused rows carry 7 300 €.
    assert_eq!(syn.figure("  dont statut non reconnu (à corriger)")?, 1.0);
    assert_eq!(syn.figure("  dont statut non renseigné")?, 0.0);
    assert_eq!(syn.figure("  leur budget prévisionnel")?, 7_300.0);

    // The zones d'ombre: 4 communes no action names at all, first; 2
    // objectives that look covered but have nothing under way or done.
    let cov = Grid::open(&path, "Couverture")?;
    let first = cov.row_of(0, "Commune")? + 1;
    let unnamed: Vec<String> = (first..first + 4)
        .filter(|&r| cov.num(r, 1) == 0.0)
        .map(|r| cov.text(r, 0))
        .collect();
    assert_eq!(
        unnamed,
        [
            "Belcastel",
            "Saint-Jean-de-Rives",
            "Villeneuve-lès-Lavaur",
            "Viviers-lès-Lavaur"
        ]
    );
    assert!(
        cov.num(first + 4, 1) > 0.0,
        "only those four have none at all"
    );
    let objectives = cov.row_of(0, "Objectif opérationnel")? + 1;
    // (code, planned or pending actions) of each objective listed.
    let listed: Vec<(String, f64)> = (objectives..)
        .take_while(|&r| cov.text(r, 0).contains(" — "))
        .map(|r| {
            let label = cov.text(r, 0);
            let code = label.split(' ').next().unwrap_or_default().to_owned();
            (code, cov.num(r, 1))
        })
        .collect();
    // Those without any action first (already zones d'ombre), then those
    // with only planned ones.
    let codes: Vec<&str> = listed.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(codes, ["1.1.2", "2.1.1", "3.1.2", "2.2.3", "3.1.3"]);
    let planned_only: Vec<&str> = listed
        .iter()
        .filter(|(_, planned)| *planned > 0.0)
        .map(|(c, _)| c.as_str())
        .collect();
    assert_eq!(planned_only, ["2.2.3", "3.1.3"]);

    // The indicator of « vidéos métiers » is suggested to MLJ-006, by its words.
    let anomalies = Grid::open(&path, "Anomalies")?;
    let unknown = anomalies.find("Code", "indicateur-action-inconnue")?;
    assert_eq!(
        anomalies.cell(unknown, "Suggestion")?,
        "Vouliez-vous dire MLJ-006 (« Cinémathèque des métiers locaux ») ?"
    );
    assert_eq!(anomalies.cell(unknown, "N° action")?, "MLJ-009");
    // Every late finding names its action (22, a refused row's included).
    let late_findings: Vec<String> = anomalies
        .rows_where("Code", "action-en-retard")
        .into_iter()
        .map(|r| anomalies.cell(r, "N° action"))
        .collect::<Res<_>>()?;
    assert_eq!(late_findings.len(), 22);
    assert!(
        late_findings.iter().all(|n| !n.is_empty()),
        "{late_findings:?}"
    );
    // The other ways of being late are told too, as the Suivi judges them.
    let numbers = |code: &str| -> Res<Vec<String>> {
        anomalies
            .rows_where("Code", code)
            .into_iter()
            .map(|r| anomalies.cell(r, "N° action"))
            .collect()
    };
    assert_eq!(numbers("demarrage-en-retard")?, ["RPE-006"]);
    let mut postponed = numbers("report-depasse")?;
    postponed.sort();
    assert_eq!(postponed, ["LAEP-005", "SJ-006"]);

    // No partner sent a 2025 result.
    let p = Grid::open(&path, "Partenaires")?;
    let missing = p.col(0, "Indicateurs sans résultat de l'année écoulée")?;
    assert!((1..p.0.len()).all(|r| p.num(r, missing) > 0.0));
    // The CCAS file « …-juin-2024 » was last saved on 03/06/2024, as its
    // document properties say, though the checkout made it new on disk.
    let ccas = p.row_of(0, "CCAS-SSP")?;
    assert_eq!(p.num(ccas, p.col(0, "Mois depuis")?), 29.0);
    assert_eq!(
        p.text(ccas, p.col(0, "Fichier ancien")?),
        "oui (6 mois ou plus)"
    );
    // « Lu sans erreur » is not « nothing to follow »: MJCL, read without
    // error but with late actions (and, as every file, old), is marked.
    let page = std::fs::read_to_string(out.join("tableau-de-bord.html"))?;
    assert!(
        page.contains(
            "9 partenaires ; 9 demandent votre attention (erreurs, fichier ancien ou actions en retard)"
        ),
        "{page}"
    );
    let mut wb = open_workbook_auto(&path)?;
    let saved = wb
        .worksheet_range("Partenaires")?
        .get((ccas, p.col(0, "Enregistré le")?))
        .and_then(|c| c.as_date());
    assert_eq!(saved, NaiveDate::from_ymd_opt(2024, 6, 3));

    // The breakdown: one row per action and commune, public and champ.
    let actions = Grid::open(&path, "Actions")?;
    let values = |text: String, all: usize| match text.as_str() {
        "" => 1,
        "Toutes" => all,
        t => t.split("; ").count(),
    };
    let mut expected = 0;
    for r in 1..actions.0.len() {
        expected += values(actions.cell(r, "Communes concernées")?, 1)
            + values(actions.cell(r, "Public cible")?, 0)
            + values(actions.cell(r, "Champ d'intervention")?, 0);
    }
    assert_eq!(Grid::open(&path, "Répartition")?.0.len() - 1, expected);
    Ok(())
}
