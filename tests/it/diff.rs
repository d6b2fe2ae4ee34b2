//! `ctg comparer` / `ctg diff` end to end, through the real binary: two
//! versions of a partner workbook built in code, or two consolidated
//! workbooks made by `ctg consolider`, and the change report in every form.
//!
//! Exit codes are those of `diff`: 0 identical in substance, 1 different,
//! 2 could not compare.

use std::path::{Path, PathBuf};

use crate::common::*;
use calamine::{Data, Reader, open_workbook_auto};
use serde_json::{Value, json};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// Narrow no-break space, the thousands separator of amounts.
const NNBSP: char = '\u{202f}';

fn path_str(p: &Path) -> Res<&str> {
    p.to_str().ok_or_else(|| "non UTF-8 path".into())
}

/// `ctg diff A B` plus `extra` arguments.
fn diff(a: &Path, b: &Path, extra: &[&str]) -> Res<(i32, String, String)> {
    let mut args = vec!["diff", path_str(a)?, path_str(b)?];
    args.extend_from_slice(extra);
    Ok(run_ctg(&args))
}

/// MJCL's plan: actions 1 to 3, each with an indicator; action 2 is
/// already done.
fn mjcl_v1() -> Book {
    Book::standard("MJCL", "MJC de Lavaur")
        .action(valid_action("MJCL", 1))
        .action(done(valid_action("MJCL", 2)))
        .action(valid_action("MJCL", 3))
        .indicator(valid_indicator("MJCL-001"))
        .indicator(valid_indicator("MJCL-002"))
        .indicator(valid_indicator("MJCL-003"))
}

/// An action marked done, with dates that agree.
fn done(a: Vec<(&'static str, V)>) -> Vec<(&'static str, V)> {
    let a = with(a, "Statut", Some(t("Réalisée")));
    let a = with(a, "Avancement (%)", Some(n(100.0)));
    let a = with(a, "Date de début", Some(d(2023, 1, 15)));
    with(a, "Date de fin", Some(d(2023, 12, 20)))
}

/// Lines of the output, trimmed, for assertions on whole lines.
fn lines(out: &str) -> Vec<&str> {
    out.lines().map(str::trim).collect()
}

fn assert_has_lines(out: &str, expected: &[&str]) {
    let got = lines(out);
    for line in expected {
        assert!(got.contains(line), "missing line « {line} » in:\n{out}");
    }
}

#[test]
fn identical_and_reordered_versions_are_the_same() -> TestResult {
    let dir = tempfile::tempdir()?;
    let a = mjcl_v1().save(dir.path(), "mjcl-v1.xlsx");
    let b = mjcl_v1().save(dir.path(), "mjcl-copie.xlsx");
    let (code, out, err) = diff(&a, &b, &[])?;
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out,
        format!(
            "Aucune modification entre le fichier « {} » et le fichier « {} ».\n",
            a.display(),
            b.display()
        )
    );
    assert_eq!(err, "");

    // Rows in another order, an empty row in the middle: still the same plan.
    let reordered = Book::standard("MJCL", "MJC de Lavaur")
        .action(valid_action("MJCL", 3))
        .action(done(valid_action("MJCL", 2)))
        .raw_row("Actions", vec![])
        .action(valid_action("MJCL", 1))
        .indicator(valid_indicator("MJCL-003"))
        .indicator(valid_indicator("MJCL-001"))
        .indicator(valid_indicator("MJCL-002"))
        .save(dir.path(), "mjcl-reordonne.xlsx");
    let (code, out, err) = diff(&a, &reordered, &[])?;
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("Aucune modification"), "{out}");
    // The help is French and gives the exit codes.
    let (code, help, _) = run_ctg(&["diff", "--help"]);
    assert_eq!(code, 0);
    assert!(
        help.starts_with("Comparer deux versions")
            && help.contains("Code de sortie : 0 si les deux versions sont identiques sur le fond, 1 si elles diffèrent, 2 si la comparaison n'a pas pu se faire.")
            && !help.contains("Usage:")
            && !help.contains("Possible values"),
        "{help}"
    );
    // The English name and the French one are the same command.
    let (code, _, _) = run_ctg(&["comparer", path_str(&a)?, path_str(&reordered)?]);
    assert_eq!(code, 0);
    Ok(())
}

/// The second version: action 1 done, action 2 back under way (a statut
/// going backwards), action 3 removed, a new action 4, a longer
/// description and a bigger budget for action 1, a new result for the
/// indicator of action 1.
fn mjcl_v2() -> Book {
    let one = done(valid_action("MJCL", 1));
    let one = with(one, "Budget prévisionnel (€)", Some(n(6500.0)));
    let one = with(
        one,
        "Description",
        Some(t(
            "Un mercredi par mois, ateliers animés par une éducatrice et une psychologue.",
        )),
    );
    let two = with(
        valid_action("MJCL", 2),
        "Commentaires",
        Some(t("Reprise en 2024")),
    );
    let four = with(
        valid_action("MJCL", 4),
        "Intitulé",
        Some(t("Permanence numérique")),
    );
    let four = with(
        four,
        "Objectif opérationnel",
        Some(t("3.2.3 — Favoriser l'inclusion Numérique")),
    );
    let four = with(
        four,
        "Description",
        Some(t("Aide aux démarches en ligne, le samedi matin.")),
    );
    let four = with(four, "Date de début", Some(d(2024, 3, 2)));
    let indicator = with(valid_indicator("MJCL-001"), "Réalisé 2024", Some(n(25.0)));
    Book::standard("MJCL", "MJC de Lavaur")
        .action(four)
        .action(two)
        .action(one)
        .indicator(indicator)
        .indicator(valid_indicator("MJCL-002"))
        .indicator(valid_indicator("MJCL-004"))
}

#[test]
fn differences_are_listed_in_french_with_exit_code_1() -> TestResult {
    let dir = tempfile::tempdir()?;
    let a = mjcl_v1().save(dir.path(), "mjcl-v1.xlsx");
    let b = mjcl_v2().save(dir.path(), "mjcl-v2.xlsx");
    let (code, out, err) = diff(&a, &b, &[])?;
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(err, "", "no note expected");
    let expected = format!(
        "1 partenaire a modifié son plan d'actions entre le fichier « {} » et le fichier « {} ».\n\
         MJC de Lavaur (MJCL) a ajouté 1 action à l'axe 3, en a clôturé 1, en a supprimé 1, en a modifié 1 autre et a mis à jour les indicateurs de 1 action ; 1 statut en recul (MJCL-002 : Réalisée → En cours).\n",
        a.display(),
        b.display()
    );
    assert!(out.starts_with(&expected), "{out}");
    assert_has_lines(
        &out,
        &[
            "MJC de Lavaur (MJCL)",
            "Actions ajoutées",
            "MJCL-004 — Permanence numérique (axe 3)",
            "Actions supprimées",
            "MJCL-003 — Ateliers parents-enfants n°3 (axe 2)",
            "Actions modifiées",
            "MJCL-001 — Ateliers parents-enfants n°1 (axe 2)",
            "Statut : En cours → Réalisée",
            "Avancement : 40 % → 100 %",
            "Date de début : 10/01/2024 → 15/01/2023",
            "Date de fin : 31/12/2025 → 20/12/2023",
            &format!("Budget prévisionnel : 5{NNBSP}000 € → 6{NNBSP}500 € (+1{NNBSP}500 €)"),
            "Description : Un mercredi par mois, ateliers animés par une [-éducatrice.-]{+éducatrice et une psychologue.+}",
            "MJCL-002 — Ateliers parents-enfants n°2 (axe 2)",
            "Date de début : 15/01/2023 → 10/01/2024",
            "Date de fin : 20/12/2023 → 31/12/2025",
            "Statut : Réalisée → En cours (statut en recul)",
            "Avancement : 100 % → 40 % (avancement en recul)",
            "Commentaires : (vide) → Reprise en 2024",
            "Indicateurs",
            "MJCL-001 « Nombre de familles participantes »",
            "Réalisé 2024 : 18 → 25",
            "MJCL-003 « Nombre de familles participantes » : supprimé",
            "MJCL-004 « Nombre de familles participantes » : ajouté",
        ],
    );
    Ok(())
}

#[test]
fn unreadable_files_and_mixed_kinds_exit_with_2() -> TestResult {
    let dir = tempfile::tempdir()?;
    let good = mjcl_v1().save(dir.path(), "mjcl.xlsx");
    let pdf = dir.path().join("plan.xlsx");
    std::fs::write(&pdf, b"%PDF-1.7\nnot a workbook")?;
    let (code, out, err) = diff(&good, &pdf, &[])?;
    assert_eq!(code, 2, "{out}{err}");
    assert_eq!(out, "");
    assert!(
        err.starts_with(&format!(
            "Erreur : Impossible de lire « {} » : ce fichier n'est pas un classeur",
            pdf.display()
        )),
        "{err}"
    );
    let missing = dir.path().join("absent.xlsx");
    let (code, _, err) = diff(&missing, &good, &[])?;
    assert_eq!(code, 2);
    assert!(err.contains("le fichier est introuvable"), "{err}");

    // A workbook with no actions table is not a version of a plan.
    let mut other = Book::new();
    other.sheets.push(SheetSpec::new("Budget"));
    other.sheet("Budget").rows = vec![vec![Some(t("Total")), Some(n(12.0))]];
    let other = other.save(dir.path(), "budget.xlsx");
    let (code, _, err) = diff(&good, &other, &[])?;
    assert_eq!(code, 2);
    assert!(
        err.contains("n'est ni le classeur d'un partenaire ni un classeur consolidé"),
        "{err}"
    );

    // An xlsx report needs a file; the report never overwrites an input.
    let (code, _, err) = diff(&good, &good, &["--format", "xlsx"])?;
    assert_eq!(code, 2);
    assert!(err.contains("indiquez où l'écrire avec -o"), "{err}");
    let before = std::fs::read(&good)?;
    let (code, _, err) = diff(&good, &pdf, &["-o", path_str(&good)?])?;
    assert_eq!(code, 2);
    assert!(err.contains("ctg ne l'écrase pas"), "{err}");
    assert_eq!(std::fs::read(&good)?, before);

    // Nor is it ever written among the files partners drop.
    let root = dir.path().join("CTG");
    let (code, out, err) = run_ctg(&["init", path_str(&root)?]);
    assert_eq!(code, 0, "{out}{err}");
    let depots = root.join("depots");
    let a = mjcl_v1().save(&depots, "plan-MJCL.xlsx");
    let report = depots.join("rapport.md");
    let (code, _, err) = diff(&a, &a, &["-o", path_str(&report)?])?;
    assert_eq!(code, 2);
    assert!(
        err.contains("ctg n'écrit jamais parmi les fichiers déposés par les partenaires"),
        "{err}"
    );
    assert!(!report.exists());
    let report = root.join("sortie").join("rapport.md");
    let (code, out, err) = diff(&a, &a, &["-o", path_str(&report)?])?;
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        std::fs::read_to_string(&report)?
            .starts_with("# Modifications du plan d'actions\n\nAucune modification")
    );
    Ok(())
}

#[test]
fn json_report_follows_the_documented_schema() -> TestResult {
    let dir = tempfile::tempdir()?;
    let a = Book::standard("MJCL", "MJC de Lavaur")
        .action(valid_action("MJCL", 1))
        .action(valid_action("MJCL", 2))
        .indicator(valid_indicator("MJCL-001"))
        .save(dir.path(), "a.xlsx");
    // Action 1: done, longer description, bigger budget; action 2 renumbered 5, same content;
    // the indicator's 2024 result moved.
    let one = done(valid_action("MJCL", 1));
    let one = with(one, "Budget prévisionnel (€)", Some(n(5500.0)));
    let one = with(
        one,
        "Description",
        Some(t(
            "Un mercredi par mois, ateliers animés par une éducatrice et une psychologue.",
        )),
    );
    let five = with(valid_action("MJCL", 2), "N° action", Some(t("MJCL-005")));
    let b = Book::standard("MJCL", "MJC de Lavaur")
        .action(one)
        .action(five)
        .indicator(with(
            valid_indicator("MJCL-001"),
            "Réalisé 2024",
            Some(n(25.0)),
        ))
        .save(dir.path(), "b.xlsx");
    let (code, out, err) = diff(&a, &b, &["--format", "json"])?;
    assert_eq!(code, 1, "{out}{err}");
    let got: Value = serde_json::from_str(&out)?;
    let (la, lb) = (
        format!("le fichier « {} »", a.display()),
        format!("le fichier « {} »", b.display()),
    );
    let expected = json!({
        "version": 1,
        "resume": [
            format!("1 partenaire a modifié son plan d'actions entre {la} et {lb}."),
            "MJC de Lavaur (MJCL) a clôturé 1 action, en a renuméroté 1 et a mis à jour les indicateurs de 1 action."
        ],
        "depuis": la,
        "depuis_le": null,
        "jusqua": lb,
        "jusqua_le": null,
        "avis": [],
        "partenaires": [{
            "code": "MJCL",
            "nom": "MJC de Lavaur",
            "actions": [
                {
                    "nature": "modifiee",
                    "numero": "MJCL-001",
                    "intitule": "Ateliers parents-enfants n°1",
                    "axe": "2",
                    "champs": [
                        {"cle": "description", "champ": "Description",
                         "ancien": "Un mercredi par mois, ateliers animés par une éducatrice.",
                         "nouveau": "Un mercredi par mois, ateliers animés par une éducatrice et une psychologue.",
                         "mots": [
                             {"type": "egal", "texte": "Un mercredi par mois, ateliers animés par une "},
                             {"type": "supprime", "texte": "éducatrice."},
                             {"type": "ajoute", "texte": "éducatrice et une psychologue."}
                         ]},
                        {"cle": "date_debut", "champ": "Date de début", "ancien": "10/01/2024", "nouveau": "15/01/2023"},
                        {"cle": "date_fin", "champ": "Date de fin", "ancien": "31/12/2025", "nouveau": "20/12/2023"},
                        {"cle": "statut", "champ": "Statut", "ancien": "En cours", "nouveau": "Réalisée"},
                        {"cle": "avancement", "champ": "Avancement", "ancien": "40 %", "nouveau": "100 %", "ecart": 60.0},
                        {"cle": "budget", "champ": "Budget prévisionnel",
                         "ancien": format!("5{NNBSP}000 €"), "nouveau": format!("5{NNBSP}500 €"),
                         "ecart": 500.0, "remarque": "+500 €"}
                    ]
                },
                {
                    "nature": "renumerotee",
                    "numero": "MJCL-005",
                    "ancien_numero": "MJCL-002",
                    "intitule": "Ateliers parents-enfants n°2",
                    "axe": "2",
                    "ressemblance": 1.0,
                    "champs": []
                }
            ],
            "indicateurs": [{
                "nature": "modifiee",
                "action": "MJCL-001",
                "indicateur": "Nombre de familles participantes",
                "champs": [
                    {"cle": "realise_2024", "champ": "Réalisé 2024", "ancien": "18", "nouveau": "25", "ecart": 7.0}
                ]
            }]
        }]
    });
    assert_eq!(
        got,
        expected,
        "got:\n{}",
        serde_json::to_string_pretty(&got)?
    );

    // -o writes the same document, and says where.
    let report = dir.path().join("rapport.json");
    let (code, out, _) = diff(&a, &b, &["-o", path_str(&report)?])?;
    assert_eq!(code, 1);
    assert!(
        out.ends_with(&format!("Rapport écrit dans « {} ».\n", report.display())),
        "{out}"
    );
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&report)?)?;
    assert_eq!(written, expected);
    Ok(())
}

/// The rows of a sheet, as text.
fn sheet_rows(path: &Path, name: &str) -> Res<Vec<Vec<String>>> {
    let mut wb = open_workbook_auto(path)?;
    let range = wb.worksheet_range(name)?;
    Ok(range
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect())
}

#[test]
fn xlsx_report_holds_the_modifications_sheet() -> TestResult {
    let dir = tempfile::tempdir()?;
    let a = mjcl_v1().save(dir.path(), "mjcl-v1.xlsx");
    let b = mjcl_v2().save(dir.path(), "mjcl-v2.xlsx");
    let report = dir.path().join("rapports").join("modifications.xlsx");
    let (code, out, err) = diff(&a, &b, &["-o", path_str(&report)?])?;
    assert_eq!(code, 1, "{out}{err}");
    let wb = open_workbook_auto(&report)?;
    assert_eq!(wb.sheet_names(), ["Modifications"]);
    let rows = sheet_rows(&report, "Modifications")?;
    let header = rows
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("Partenaire"))
        .ok_or("no header row")?;
    assert_eq!(
        rows[header][..9],
        [
            "Partenaire",
            "N° action",
            "Intitulé",
            "Nature",
            "Champ",
            "Ancienne valeur",
            "Nouvelle valeur",
            "Écart",
            "Remarque"
        ]
    );
    let changes: Vec<Vec<&str>> = rows[header + 1..]
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let expected: Vec<Vec<&str>> = vec![
        vec![
            "MJCL",
            "MJCL-001",
            "Ateliers parents-enfants n°1",
            "modifiée",
            "Statut",
            "En cours",
            "Réalisée",
            "",
            "",
        ],
        vec![
            "MJCL",
            "MJCL-002",
            "Ateliers parents-enfants n°2",
            "modifiée",
            "Statut",
            "Réalisée",
            "En cours",
            "",
            "statut en recul",
        ],
        vec![
            "MJCL",
            "MJCL-003",
            "Ateliers parents-enfants n°3",
            "supprimée",
            "",
            "",
            "",
            "",
            "",
        ],
        vec![
            "MJCL",
            "MJCL-004",
            "Permanence numérique",
            "ajoutée",
            "",
            "",
            "",
            "",
            "",
        ],
        vec![
            "MJCL",
            "MJCL-001",
            "Indicateur « Nombre de familles participantes »",
            "modifié",
            "Réalisé 2024",
            "18",
            "25",
            "7",
            "",
        ],
    ];
    for row in &expected {
        assert!(
            changes.iter().any(|c| c[..row.len()] == row[..]),
            "missing row {row:?} in {changes:#?}"
        );
    }
    // One row per field changed, plus one per added or removed action or indicator.
    assert_eq!(changes.len(), 6 + 5 + 2 + 3, "{changes:#?}");
    Ok(())
}

// ------------------------------------------------------ consolidated workbooks

const CONSOLIDATED: &str = "plan-actions-consolide.xlsx";

/// `ctg consolider DEPOTS --sortie OUT`, insisting on success.
fn consolidate(deposits: &Path, out: &Path) -> Res<PathBuf> {
    let (code, stdout, err) = run_ctg(&[
        "consolider",
        path_str(deposits)?,
        "--sortie",
        path_str(out)?,
        "-q",
    ]);
    assert_eq!(code, 0, "ctg consolider failed:\n{stdout}\n{err}");
    Ok(out.join(CONSOLIDATED))
}

/// A plan with every kind of field a change can touch: an extra column of
/// the partner's own, several communes, funders, a qualitative indicator.
fn rpe(version: u32) -> Book {
    let mut book = Book::standard("RPE", "Relais Petite Enfance");
    book.sheet("Actions").rows[0].push(Some(t("Lieu")));
    let one = with(valid_action("RPE", 1), "Lieu", Some(t("Salle des fêtes")));
    let two = with(
        valid_action("RPE", 2),
        "Intitulé",
        Some(t("Soirées d'échanges entre assistantes maternelles")),
    );
    let qualitative = vec![
        ("N° action", t("RPE-002")),
        ("Indicateur", t("Satisfaction des participantes")),
        ("Type", t("Qualitatif")),
        ("Réalisé 2023", t("Bonne dynamique")),
    ];
    let (one, two, qualitative) = if version == 1 {
        (one, two, qualitative)
    } else {
        let one = with(one, "Lieu", Some(t("Médiathèque")));
        let one = with(one, "Communes concernées", Some(t("Lavaur; Teulat")));
        let one = with(one, "Financement CAF (€)", Some(n(2500.0)));
        let one = with(one, "Financement CCTA (€)", None);
        let two = with(
            two,
            "Objectif opérationnel",
            Some(t(
                "1.1.1 — Maintenir et optimiser l'offre d'accueil (collectif et individuel) Petite Enfance",
            )),
        );
        let qualitative = with(
            qualitative,
            "Réalisé 2024",
            Some(t("Groupe élargi à 12 personnes")),
        );
        (one, two, qualitative)
    };
    book.action(one)
        .action(two)
        .indicator(valid_indicator("RPE-001"))
        .indicator(qualitative)
}

/// The JSON report of `ctg diff A B`.
fn json_report(a: &Path, b: &Path) -> Res<Value> {
    let (code, out, err) = diff(a, b, &["--format", "json"])?;
    assert!(code == 0 || code == 1, "{out}{err}");
    assert_eq!(err, "", "no note expected");
    Ok(serde_json::from_str(&out)?)
}

#[test]
fn consolidated_workbooks_are_compared_like_partner_workbooks() -> TestResult {
    let dir = tempfile::tempdir()?;
    let depots = dir.path().join("classeurs");
    let out = dir.path().join("resultats");
    std::fs::create_dir_all(&depots)?;
    mjcl_v1().save(&depots, "plan-MJCL.xlsx");
    rpe(1).save(&depots, "plan-RPE.xlsx");
    let sj = Book::standard("SJ", "Service Jeunesse intercommunal").action(valid_action("SJ", 1));
    sj.save(&depots, "plan-SJ.xlsx");
    let rpe_v1 = rpe(1).save(dir.path(), "rpe-v1.xlsx");
    let old = dir.path().join("consolide-avant.xlsx");
    std::fs::copy(consolidate(&depots, &out)?, &old)?;

    // Between the two runs: MJCL withdraws its file, RPE updates its own,
    // CCAS sends one for the first time, SJ's file gets damaged.
    std::fs::remove_file(depots.join("plan-MJCL.xlsx"))?;
    std::fs::write(depots.join("plan-SJ.xlsx"), &sj.to_bytes()[..300])?;
    let rpe_v2 = rpe(2).save(dir.path(), "rpe-v2.xlsx");
    rpe(2).save(&depots, "plan-RPE.xlsx");
    Book::standard("CCAS", "CCAS de Lavaur")
        .action(valid_action("CCAS", 1))
        .save(&depots, "plan-CCAS.xlsx");
    let new = consolidate(&depots, &out)?;

    // A consolidated workbook against itself: nothing changed.
    let (code, stdout, err) = diff(&old, &old, &[])?;
    assert_eq!(code, 0, "{stdout}{err}");
    assert_eq!(err, "", "the workbook should read back without notes");

    let (code, stdout, err) = diff(&old, &new, &[])?;
    assert_eq!(code, 1, "{stdout}{err}");
    assert_eq!(err, "", "no note expected");
    let expected = format!(
        "4 partenaires ont modifié leur plan d'actions entre le classeur consolidé « {} » et le classeur consolidé « {} ».\n\
         CCAS de Lavaur (CCAS) — premier dépôt — a ajouté 1 action à l'axe 2.\n\
         MJC de Lavaur (MJCL) — fichier retiré du dossier partagé — a supprimé 3 actions.\n\
         Relais Petite Enfance (RPE) a modifié 2 actions et a mis à jour les indicateurs de 1 action.\n\
         Service Jeunesse intercommunal (SJ) : fichier devenu illisible, la dernière version lisible reste utilisée.\n",
        old.display(),
        new.display()
    );
    assert!(stdout.starts_with(&expected), "{stdout}");
    assert_has_lines(
        &stdout,
        &[
            "CCAS-001 — Ateliers parents-enfants n°1 (axe 2)",
            "MJCL-001 — Ateliers parents-enfants n°1 (axe 2)",
            "MJCL-002 — Ateliers parents-enfants n°2 (axe 2)",
            "MJCL-003 — Ateliers parents-enfants n°3 (axe 2)",
            "Communes concernées : Lavaur; Saint-Sulpice-la-Pointe → Lavaur; Teulat",
            &format!("Financement CAF : 2{NNBSP}000 € → 2{NNBSP}500 € (+500 €)"),
            &format!("Financement CCTA : 1{NNBSP}500 € → (vide) (-1{NNBSP}500 €)"),
            "Lieu : Salle des fêtes → Médiathèque",
            "RPE-002 — Soirées d'échanges entre assistantes maternelles (axe 1)",
            "Objectif opérationnel : 2.2.1 — Développer les actions en lien avec la parentalité → 1.1.1 — Maintenir et optimiser l'offre d'accueil (collectif et individuel) Petite Enfance (changement d'axe : 2 → 1)",
            "RPE-002 « Satisfaction des participantes »",
            "Réalisé 2024 : (vide) → Groupe élargi à 12 personnes",
        ],
    );

    // Read back from the consolidated workbooks, RPE's changes are exactly
    // those found between its two files: nothing is lost on the way.
    let from_files = json_report(&rpe_v1, &rpe_v2)?;
    let from_consolidated = json_report(&old, &new)?;
    let rpe_of = |report: &Value| -> Option<Value> {
        report["partenaires"]
            .as_array()?
            .iter()
            .find(|p| p["code"] == "RPE")
            .cloned()
    };
    assert!(rpe_of(&from_files).is_some());
    assert_eq!(rpe_of(&from_files), rpe_of(&from_consolidated));
    let events: Vec<(&str, &str)> = from_consolidated["partenaires"]
        .as_array()
        .ok_or("no partners")?
        .iter()
        .filter_map(|p| Some((p["code"].as_str()?, p["evenement"].as_str()?)))
        .collect();
    assert_eq!(
        events,
        [
            ("CCAS", "premier_depot"),
            ("MJCL", "fichier_retire"),
            ("SJ", "devenu_illisible")
        ]
    );

    // A consolidated workbook and a partner's: not comparable.
    let (code, stdout, err) = diff(&old, &rpe_v1, &[])?;
    assert_eq!(code, 2, "{stdout}{err}");
    assert!(
        err.contains(&format!(
            "« {} » est un classeur consolidé (produit par « ctg consolider ») et « {} » le classeur d'un partenaire",
            old.display(),
            rpe_v1.display()
        )),
        "{err}"
    );
    let (code, _, _) = diff(&rpe_v1, &new, &[])?;
    assert_eq!(code, 2);
    Ok(())
}

#[test]
fn files_of_two_partners_are_compared_as_one_plan_with_a_note() -> TestResult {
    let dir = tempfile::tempdir()?;
    // The same plan, its code changed from MJC to MJCL.
    let a = Book::standard("MJC", "MJC de Lavaur")
        .action(valid_action("MJC", 1))
        .save(dir.path(), "ancien.xlsx");
    let b = Book::standard("MJCL", "MJC de Lavaur")
        .action(valid_action("MJCL", 1))
        .save(dir.path(), "nouveau.xlsx");
    let (code, out, err) = diff(&a, &b, &[])?;
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.starts_with(&format!(
            "Attention : « {} » est le classeur du partenaire MJC et « {} » celui du partenaire MJCL",
            a.display(),
            b.display()
        )),
        "{err}"
    );
    assert_has_lines(
        &out,
        &[
            "MJCL-001 (anciennement MJC-001, retrouvée par ressemblance à 100 %) — Ateliers parents-enfants n°1 (axe 2)",
        ],
    );
    Ok(())
}

#[test]
fn settings_of_ctg_toml_apply_and_foreign_columns_are_reported() -> TestResult {
    let dir = tempfile::tempdir()?;
    // The folder's ctg.toml ignores comments: a change of comments alone
    // is no change.
    let toml =
        ctg::referentiel::DEFAULT_TOML.replace("ignorer = []", "ignorer = [\"Commentaires\"]");
    assert_ne!(toml, ctg::referentiel::DEFAULT_TOML);
    std::fs::write(dir.path().join("ctg.toml"), &toml)?;
    let a = mjcl_v1().save(dir.path(), "a.xlsx");
    let commented = Book::standard("MJCL", "MJC de Lavaur")
        .action(with(
            valid_action("MJCL", 1),
            "Commentaires",
            Some(t("Vu en COTECH")),
        ))
        .action(done(valid_action("MJCL", 2)))
        .action(valid_action("MJCL", 3))
        .indicator(valid_indicator("MJCL-001"))
        .indicator(valid_indicator("MJCL-002"))
        .indicator(valid_indicator("MJCL-003"))
        .save(dir.path(), "b.xlsx");
    let (code, out, err) = diff(&a, &commented, &[])?;
    assert_eq!(code, 0, "{out}{err}");

    // A consolidated workbook read with a référentiel whose funder column
    // has another name: the column is not guessed, and the user is told.
    let depots = dir.path().join("classeurs");
    std::fs::create_dir_all(&depots)?;
    mjcl_v1().save(&depots, "plan-MJCL.xlsx");
    let consolidated = consolidate(&depots, &dir.path().join("resultats"))?;
    let other = dir.path().join("autre").join("ctg.toml");
    std::fs::create_dir_all(other.parent().ok_or("no parent")?)?;
    std::fs::write(
        &other,
        ctg::referentiel::DEFAULT_TOML.replace(
            "colonne = \"Financement communes\"",
            "colonne = \"Financement des communes\"",
        ),
    )?;
    let (code, out, err) = diff(
        &consolidated,
        &consolidated,
        &["--config", path_str(&other)?],
    )?;
    assert_eq!(code, 0, "{out}{err}");
    let file = format!("« {} »", consolidated.display());
    assert_eq!(
        lines(&err),
        [
            format!(
                "Attention : la colonne « Financement communes (€) » de la feuille « Actions » de {file} n'est pas une colonne du classeur consolidé produit avec ce référentiel : elle n'est pas comparée. Le classeur a peut-être été produit avec un autre ctg.toml : indiquez le bon avec --config."
            ),
            format!(
                "Attention : la colonne « Financement des communes (€) » manque dans la feuille « Actions » de {file} : ses valeurs sont comparées comme vides."
            ),
        ],
        "{err}"
    );
    Ok(())
}
