//! The history of a shared folder, through the real binary: `ctg historique`
//! (runs, one action over time, a partner's submissions), `ctg rapport`
//! (changes since a date or a run), `ctg modele --avec-actions` (a template
//! rebuilt from the history), a history that survives runs killed at any
//! moment, and one that stays fast over thousands of runs.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

use crate::common::*;
use chrono::NaiveDate;
use ctg::model::{Action, Indicator, IndicatorKind, IndicatorValue};
use ctg::referentiel::StatusKind;
use ctg::store::{PartnerRecord, Store, hash_bytes};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

// ------------------------------------------------------------ helpers

fn path_str(p: &Path) -> Res<&str> {
    p.to_str().ok_or_else(|| "non UTF-8 path".into())
}

/// Runs `ctg` as if today were `date`; returns (code, stdout, stderr).
fn ctg_on(date: &str, args: &[&str]) -> Res<(i32, String, String)> {
    let out = Command::new(ctg_bin())
        .args(args)
        .args(["--aujourdhui", date])
        .output()?;
    Ok((
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

/// Runs `ctg` and insists on exit code 0; returns stdout.
fn ok(args: &[&str]) -> Res<String> {
    let (code, out, err) = run_ctg(args);
    assert_eq!(code, 0, "ctg {args:?}:\n{out}\n{err}");
    Ok(out)
}

/// A shared folder prepared by `ctg init`.
fn shared_folder() -> Res<(tempfile::TempDir, PathBuf)> {
    let tmp = tempfile::tempdir()?;
    let root = tmp.path().join("CTG");
    ok(&["init", path_str(&root)?])?;
    Ok((tmp, root))
}

/// `ctg consolider ROOT` on `date` (runs are dated by it).
fn consolidate_on(root: &Path, date: &str) -> Res<()> {
    let (code, out, err) = ctg_on(date, &["consolider", path_str(root)?, "-q"])?;
    assert_eq!(code, 0, "ctg consolider on {date}:\n{out}\n{err}");
    Ok(())
}

/// Drops a partner file into `depots/`, received at `when`; returns the
/// hash of its bytes.
fn drop_file(root: &Path, name: &str, book: &Book, when: SystemTime) -> Res<String> {
    let path = root.join("depots").join(name);
    let bytes = book.to_bytes();
    std::fs::write(&path, &bytes)?;
    std::fs::File::options()
        .write(true)
        .open(&path)?
        .set_modified(when)?;
    Ok(hash_bytes(&bytes))
}

/// Actions table rows of the table printed by `ctg historique`: the lines
/// that start with a number, split on runs of two spaces.
fn table_rows(out: &str) -> Vec<Vec<String>> {
    out.lines()
        .filter(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        .map(|l| {
            l.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

fn mjcl_action(i: u32) -> Vec<(&'static str, V)> {
    let mut a = valid_action("MJCL", i);
    a = with(a, "Intitulé", Some(t(&mjcl_title(i))));
    with(
        a,
        "Description",
        Some(t(&format!(
            "Action {i} de la MJC : description propre à cette action, pour la reconnaître."
        ))),
    )
}

fn mjcl_title(i: u32) -> String {
    [
        "",
        "Accueil de loisirs du mercredi",
        "Ateliers parents-enfants",
        "Chantiers jeunes de l'été",
        "Point Information Jeunesse",
    ][i as usize]
        .to_owned()
}

/// MJCL, version 1: three actions, MJCL-002 « En cours ».
fn mjcl_v1() -> Book {
    Book::standard("MJCL", "MJC de Lavaur")
        .action(mjcl_action(1))
        .action(mjcl_action(2))
        .action(mjcl_action(3))
        .indicator(valid_indicator("MJCL-002"))
}

/// Version 2: MJCL-002 is done, its indicator's 2024 result moved.
fn mjcl_v2() -> Book {
    let done = with(
        with(mjcl_action(2), "Statut", Some(t("Réalisée"))),
        "Avancement (%)",
        Some(n(100.0)),
    );
    let indicator = with(valid_indicator("MJCL-002"), "Réalisé 2024", Some(n(31.0)));
    Book::standard("MJCL", "MJC de Lavaur")
        .action(mjcl_action(1))
        .action(done)
        .action(mjcl_action(3))
        .indicator(indicator)
}

/// Version 3: MJCL-001 removed, MJCL-003 renumbered MJCL-010, rows
/// re-ordered (which alone changes nothing).
fn mjcl_v3() -> Book {
    let done = with(
        with(mjcl_action(2), "Statut", Some(t("Réalisée"))),
        "Avancement (%)",
        Some(n(100.0)),
    );
    let indicator = with(valid_indicator("MJCL-002"), "Réalisé 2024", Some(n(31.0)));
    let renumbered = with(mjcl_action(3), "N° action", Some(t("MJCL-010")));
    Book::standard("MJCL", "MJC de Lavaur")
        .action(renumbered)
        .action(done)
        .indicator(indicator)
}

fn rpe(actions: u32) -> Book {
    let mut b = Book::standard("RPE", "Relais Petite Enfance intercommunal");
    for i in 1..=actions {
        let a = with(
            valid_action("RPE", i),
            "Intitulé",
            Some(t(&format!("Matinées d'éveil, lieu {i}"))),
        );
        b = b.action(a);
    }
    b
}

fn sj() -> Book {
    Book::standard("SJ", "Service Jeunesse intercommunal").action(valid_action("SJ", 1))
}

/// Hashes of the MJCL versions and the folder after three runs:
/// 01/03 (MJCL v1, RPE with 1 action), 15/04 (MJCL v2), 20/05 (MJCL v3,
/// RPE with 2 actions, SJ's first file).
struct ThreeRuns {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    mjcl: [String; 3],
    rpe: [String; 2],
}

fn three_runs() -> Res<ThreeRuns> {
    let (tmp, root) = shared_folder()?;
    let v1 = drop_file(
        &root,
        "MJCL.xlsx",
        &mjcl_v1(),
        local_time(2024, 2, 28, 10, 0)?,
    )?;
    let r1 = drop_file(&root, "RPE.xlsx", &rpe(1), local_time(2024, 2, 27, 9, 30)?)?;
    consolidate_on(&root, "2024-03-01")?;
    let v2 = drop_file(
        &root,
        "MJCL.xlsx",
        &mjcl_v2(),
        local_time(2024, 4, 14, 16, 45)?,
    )?;
    consolidate_on(&root, "2024-04-15")?;
    let v3 = drop_file(
        &root,
        "MJCL.xlsx",
        &mjcl_v3(),
        local_time(2024, 5, 19, 11, 5)?,
    )?;
    let r2 = drop_file(&root, "RPE.xlsx", &rpe(2), local_time(2024, 5, 18, 8, 0)?)?;
    drop_file(&root, "SJ.xlsx", &sj(), local_time(2024, 5, 17, 14, 0)?)?;
    consolidate_on(&root, "2024-05-20")?;
    Ok(ThreeRuns {
        _tmp: tmp,
        root,
        mjcl: [v1, v2, v3],
        rpe: [r1, r2],
    })
}

fn short(hash: &str) -> &str {
    &hash[..8]
}

// ------------------------------------------------------------ historique

#[test]
fn the_list_of_runs_counts_the_partners_that_changed() -> TestResult {
    let h = three_runs()?;
    let root = path_str(&h.root)?;
    let out = ok(&["historique", root])?;
    assert!(out.contains("3 consolidations"), "{out}");
    let rows = table_rows(&out);
    assert_eq!(
        rows,
        [
            // Warnings: « date de mise à jour » after the run, among others.
            [
                "1",
                "01/03/2024 à 00:00",
                "9",
                "0",
                "3",
                "première consolidation"
            ],
            ["2", "15/04/2024 à 00:00", "9", "0", "4", "1"],
            // MJCL (removal, renumbering), RPE (an action added), SJ (first file).
            ["3", "20/05/2024 à 00:00", "9", "0", "5", "3"],
        ]
        .map(|r| r.map(str::to_owned).to_vec()),
        "{out}"
    );
    // The English alias, hidden from the help.
    assert_eq!(ok(&["history", root])?, out);
    let (_, help, _) = run_ctg(&["--help"]);
    assert!(
        help.contains("historique") && help.contains("rapport"),
        "{help}"
    );

    // A file become unreadable, its last version standing in, is recorded
    // but changes no plan: it counts no partner.
    std::fs::write(h.root.join("depots/MJCL.xlsx"), b"PK\x03\x04 coupe")?;
    consolidate_on(&h.root, "2024-06-01")?;
    let rows = table_rows(&ok(&["historique", root])?);
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[3][5], "0");
    Ok(())
}

/// Issue 12, point 9: a run whose inputs are the latest run's (same file
/// versions, same configuration) is not recorded again, but its outputs
/// are written, missing or stale ones included, as the run it repeats
/// wrote them.
#[test]
fn a_run_that_repeats_the_latest_is_not_recorded_but_rewrites_its_outputs() -> TestResult {
    let h = three_runs()?;
    let root = path_str(&h.root)?;
    let report = |name: &str| h.root.join("sortie").join(name);
    let latest = "modifications-2024-05-20-0000-consolidation-3";
    let before = std::fs::read_to_string(report(&format!("{latest}.md")))?;
    let dashboard = h.root.join("sortie/tableau-de-bord.html");
    std::fs::remove_file(h.root.join("sortie/plan-actions-consolide.xlsx"))?;
    std::fs::write(&dashboard, "périmé")?;
    std::fs::remove_file(report(&format!("{latest}.json")))?;
    let (code, out, err) = ctg_on("2024-05-20", &["consolider", root])?;
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("Historique : rien de nouveau depuis la consolidation n° 3 du 20/05/2024 à 00:00 (mêmes fichiers, même configuration) : pas de nouvel enregistrement"),
        "{out}"
    );
    // The changes are still those of run 3, since run 2.
    assert!(
        out.contains("Modifications depuis la consolidation n° 2 du 15/04/2024 à 00:00 : 3 partenaires concernés"),
        "{out}"
    );
    assert_eq!(table_rows(&ok(&["historique", root])?).len(), 3);
    assert!(h.root.join("sortie/plan-actions-consolide.xlsx").is_file());
    let page = std::fs::read_to_string(&dashboard)?;
    assert!(page.contains("Ce qui a changé"), "{page}");
    assert_eq!(
        std::fs::read_to_string(report(&format!("{latest}.md")))?,
        before
    );
    assert!(report(&format!("{latest}.json")).is_file());
    // Exactly the reports of runs 2 and 3: no copy under another name.
    let mut reports: Vec<String> = std::fs::read_dir(h.root.join("sortie"))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("modifications-") && n.ends_with(".md"))
        .collect();
    reports.sort();
    assert_eq!(
        reports,
        [
            "modifications-2024-04-15-0000-consolidation-2.md",
            "modifications-2024-05-20-0000-consolidation-3.md"
        ]
    );
    // New inputs are recorded again.
    drop_file(
        &h.root,
        "SJ.xlsx",
        &sj().action(valid_action("SJ", 2)),
        local_time(2024, 5, 21, 9, 0)?,
    )?;
    consolidate_on(&h.root, "2024-05-21")?;
    assert_eq!(table_rows(&ok(&["historique", root])?).len(), 4);
    Ok(())
}

#[test]
fn no_history_yet_is_said_in_french_and_creates_nothing() -> TestResult {
    let (_tmp, root) = shared_folder()?;
    let r = path_str(&root)?;
    for args in [
        vec!["historique", r],
        vec!["rapport", r, "--depuis", "2024-06-01"],
        vec!["modele", "--code", "MJCL", "--avec-actions", "--dossier", r],
    ] {
        let (code, out, err) = run_ctg(&args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(
            err.contains("Pas encore d'historique") && err.contains("ctg consolider"),
            "{args:?}: {err}"
        );
    }
    assert!(!root.join(".ctg").join("historique.sqlite").exists());
    let (code, _, err) = run_ctg(&["historique", "/nulle/part"]);
    assert_eq!(code, 2);
    assert!(err.contains("n'existe pas"), "{err}");
    Ok(())
}

/// A plain folder consolidated with `--sortie OUT` keeps its history in
/// `OUT/.ctg`: `ctg historique OUT` reads it.
#[test]
fn the_history_of_a_plain_folder_is_in_its_output_folder() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let plain = tmp.path().join("classeurs");
    std::fs::create_dir_all(&plain)?;
    mjcl_v1().save(&plain, "MJCL.xlsx");
    let out_dir = tmp.path().join("resultats");
    ok(&[
        "consolider",
        path_str(&plain)?,
        "--sortie",
        path_str(&out_dir)?,
        "-q",
    ])?;
    let out = ok(&["historique", path_str(&out_dir)?])?;
    assert_eq!(table_rows(&out).len(), 1, "{out}");
    let out = ok(&["historique", path_str(&out_dir)?, "--partenaire", "MJCL"])?;
    assert!(out.contains(": 1 version de fichier"), "{out}");
    let (code, _, err) = run_ctg(&["historique", path_str(&plain)?]);
    assert_eq!(code, 2);
    assert!(err.contains("indiquez ici son dossier de sortie"), "{err}");
    assert!(!plain.join(".ctg").exists());
    Ok(())
}

#[test]
fn an_action_is_followed_field_by_field_run_by_run() -> TestResult {
    let h = three_runs()?;
    let root = path_str(&h.root)?;
    let out = ok(&["historique", root, "--action", "mjcl 2"])?;
    assert!(
        out.starts_with("Historique de l'action MJCL-002 — MJC de Lavaur (MJCL)"),
        "{out}"
    );
    let run1 = format!(
        "Consolidation n° 1 du 01/03/2024 à 00:00 — « MJCL.xlsx » enregistré le 28/02/2024 à 10:00 (empreinte {})",
        short(&h.mjcl[0])
    );
    let run2 = format!(
        "Consolidation n° 2 du 15/04/2024 à 00:00 — « MJCL.xlsx » enregistré le 14/04/2024 à 16:45 (empreinte {})",
        short(&h.mjcl[1])
    );
    let expected = [
        run1.as_str(),
        "créée MJCL-002 : « Ateliers parents-enfants » (axe 2) — premier dépôt",
        "indicateur « Nombre de familles participantes » : ajouté",
        run2.as_str(),
        "modifiée :",
        "Statut : En cours → Réalisée",
        "Avancement : 40 % → 100 %",
        "indicateur « Nombre de familles participantes »",
        "Réalisé 2024 : 18 → 31",
        "À la dernière consolidation (n° 3) : MJCL-002 « Ateliers parents-enfants », statut Réalisée.",
    ];
    let mut from = 0;
    for line in expected {
        match out[from..].find(line) {
            Some(i) => from += i + line.len(),
            None => panic!("« {line} » missing or out of order in:\n{out}"),
        }
    }
    // Run 3 changed nothing for MJCL-002 (rows re-ordered only).
    assert!(!out.contains("Consolidation n° 3"), "{out}");

    // Renumbering, followed under the new number.
    let out = ok(&["historique", root, "--action", "MJCL-003"])?;
    assert!(
        out.contains(&format!(
            "Consolidation n° 3 du 20/05/2024 à 00:00 — « MJCL.xlsx » enregistré le 19/05/2024 à 11:05 (empreinte {})",
            short(&h.mjcl[2])
        )),
        "{out}"
    );
    assert!(
        out.contains("renumérotée : MJCL-003 → MJCL-010 (retrouvée par ressemblance à 100 %)"),
        "{out}"
    );
    assert!(
        out.contains("À la dernière consolidation (n° 3) : MJCL-010 « Chantiers jeunes de l'été »"),
        "{out}"
    );
    // The same story asked by the new number.
    let out = ok(&["historique", root, "--action", "MJCL-010"])?;
    assert!(out.contains("renumérotée : MJCL-003 → MJCL-010"), "{out}");

    // Removal.
    let out = ok(&["historique", root, "--action", "MJCL-001"])?;
    assert!(out.contains("créée MJCL-001"), "{out}");
    assert!(out.contains("supprimée : MJCL-001"), "{out}");
    assert!(
        out.contains("l'action ne figure plus dans le plan de MJCL"),
        "{out}"
    );

    // Unknown action, unknown partner: French, exit 2.
    let (code, _, err) = run_ctg(&["historique", root, "--action", "MJCL-099"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("L'action MJCL-099 n'apparaît dans aucune consolidation")
            && err.contains("MJCL-001, MJCL-002, MJCL-003, MJCL-010"),
        "{err}"
    );
    let (code, _, err) = run_ctg(&["historique", root, "--action", "XYZ-001"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("Le partenaire « XYZ »") && err.contains("MJCL (MJC de Lavaur)"),
        "{err}"
    );
    Ok(())
}

/// Issue 12, point 10: a row deposited and refused, run after run, before
/// it became an action, is in the action's history, with why.
#[test]
fn an_action_s_history_shows_its_row_refused_before_it_was_accepted() -> TestResult {
    let (_tmp, root) = shared_folder()?;
    let r = path_str(&root)?;
    let refused = with(mjcl_action(2), "Objectif opérationnel", Some(t("9.9.9")));
    let v1 = Book::standard("MJCL", "MJC de Lavaur")
        .action(mjcl_action(1))
        .action(refused.clone())
        .indicator(valid_indicator("MJCL-001"));
    drop_file(&root, "MJCL.xlsx", &v1, local_time(2024, 2, 28, 10, 0)?)?;
    consolidate_on(&root, "2024-03-01")?;
    // Another action changes; MJCL-002 is still refused.
    let v2 = Book::standard("MJCL", "MJC de Lavaur")
        .action(with(mjcl_action(1), "Statut", Some(t("Réalisée"))))
        .action(refused)
        .indicator(valid_indicator("MJCL-001"));
    drop_file(&root, "MJCL.xlsx", &v2, local_time(2024, 4, 14, 9, 0)?)?;
    consolidate_on(&root, "2024-04-15")?;
    // Corrected.
    let v3 = Book::standard("MJCL", "MJC de Lavaur")
        .action(with(mjcl_action(1), "Statut", Some(t("Réalisée"))))
        .action(mjcl_action(2))
        .indicator(valid_indicator("MJCL-001"));
    drop_file(&root, "MJCL.xlsx", &v3, local_time(2024, 5, 19, 9, 0)?)?;
    consolidate_on(&root, "2024-05-20")?;

    let out = ok(&["historique", r, "--action", "MJCL-002"])?;
    let expected = [
        "Consolidation n° 1 du 01/03/2024 à 00:00",
        "ligne refusée (« MJCL-002 ») : feuille « Actions », ligne 3",
        "9.9.9",
        "Consolidation n° 2 du 15/04/2024 à 00:00",
        "ligne toujours refusée (« MJCL-002 ») : feuille « Actions », ligne 3",
        "Consolidation n° 3 du 20/05/2024 à 00:00",
        "acceptée après correction de sa ligne, MJCL-002 : « Ateliers parents-enfants » (axe 2)",
        "À la dernière consolidation (n° 3) : MJCL-002 « Ateliers parents-enfants »",
    ];
    let mut from = 0;
    for line in expected {
        match out[from..].find(line) {
            Some(i) => from += i + line.len(),
            None => panic!("« {line} » missing or out of order in:\n{out}"),
        }
    }
    assert!(!out.contains("créée MJCL-002"), "{out}");
    // Asked while still refused: said so, not « not in any run ».
    let (_tmp2, root2) = shared_folder()?;
    drop_file(&root2, "MJCL.xlsx", &v1, local_time(2024, 2, 28, 10, 0)?)?;
    consolidate_on(&root2, "2024-03-01")?;
    let out = ok(&["historique", path_str(&root2)?, "--action", "MJCL-002"])?;
    assert!(
        out.contains("À la dernière consolidation (n° 1), la ligne de l'action est refusée"),
        "{out}"
    );
    Ok(())
}

#[test]
fn a_partner_name_starting_with_a_vowel_reads_as_french() -> TestResult {
    let (_tmp, root) = shared_folder()?;
    let afr = |actions: u32| {
        (1..=actions).fold(
            Book::standard("AFR", "Association Familles Rurales"),
            |b, i| b.action(valid_action("AFR", i)),
        )
    };
    drop_file(&root, "AFR.xlsx", &afr(2), local_time(2024, 2, 28, 10, 0)?)?;
    consolidate_on(&root, "2024-03-01")?;
    drop_file(&root, "AFR.xlsx", &afr(1), local_time(2024, 4, 14, 16, 45)?)?;
    consolidate_on(&root, "2024-04-15")?;
    let root = path_str(&root)?;
    let out = ok(&["historique", root, "--partenaire", "AFR"])?;
    assert!(
        out.starts_with("Dépôts d'Association Familles Rurales (AFR) : 2 versions de fichier"),
        "{out}"
    );
    let out = ok(&["historique", root, "--action", "AFR-002"])?;
    assert!(
        out.contains("l'action ne figure plus dans le plan d'AFR."),
        "{out}"
    );
    Ok(())
}

#[test]
fn a_partner_s_submissions_are_its_distinct_file_versions() -> TestResult {
    let h = three_runs()?;
    let root = path_str(&h.root)?;
    let out = ok(&["historique", root, "--partenaire", "mjcl"])?;
    assert!(
        out.starts_with("Dépôts de MJC de Lavaur (MJCL) : 3 versions de fichier"),
        "{out}"
    );
    assert_eq!(
        table_rows(&out),
        [
            [
                "28/02/2024 à 10:00",
                "MJCL.xlsx",
                short(&h.mjcl[0]),
                "lu sans erreur",
                "3",
                "0",
                "2",
                "n° 1"
            ],
            [
                "14/04/2024 à 16:45",
                "MJCL.xlsx",
                short(&h.mjcl[1]),
                "lu sans erreur",
                "3",
                "0",
                "3",
                "n° 2"
            ],
            [
                "19/05/2024 à 11:05",
                "MJCL.xlsx",
                short(&h.mjcl[2]),
                "lu sans erreur",
                "2",
                "0",
                "2",
                "n° 3"
            ],
        ]
        .map(|r| r.map(str::to_owned).to_vec()),
        "{out}"
    );
    // The same file read by two runs is one version.
    let out = ok(&["historique", root, "--partenaire", "RPE"])?;
    assert!(out.contains(": 2 versions de fichier"), "{out}");
    let rows = table_rows(&out);
    assert_eq!(rows.len(), 2, "{out}");
    assert_eq!(rows[0][2], short(&h.rpe[0]));
    assert_eq!(rows[0][7], "n° 1 à 2");
    assert_eq!(rows[1][2], short(&h.rpe[1]));
    assert_eq!(rows[1][7], "n° 3");

    // A partner who never sent anything, and one the history never saw.
    let out = ok(&["historique", root, "--partenaire", "EFS"])?;
    assert!(out.contains(": 0 version de fichier"), "{out}");
    assert!(out.contains(": jamais déposé."), "{out}");
    let (code, _, err) = run_ctg(&["historique", root, "--partenaire", "XYZ"]);
    assert_eq!(code, 2);
    assert!(err.contains("Partenaires connus"), "{err}");
    Ok(())
}

// ------------------------------------------------------------ rapport

#[test]
fn the_report_since_a_date_holds_exactly_the_changes_since_then() -> TestResult {
    let h = three_runs()?;
    let root = path_str(&h.root)?;
    // Between run 2 (15/04) and run 3 (20/05): only run 3's changes.
    let (code, out, err) = run_ctg(&[
        "rapport",
        root,
        "--depuis",
        "2024-04-30",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let doc: serde_json::Value = serde_json::from_str(&out)?;
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["depuis"], "la consolidation n° 2 du 15/04/2024 à 00:00");
    assert_eq!(doc["jusqua"], "la consolidation n° 3 du 20/05/2024 à 00:00");
    let partners = doc["partenaires"].as_array().ok_or("partenaires")?;
    let codes: Vec<&str> = partners.iter().filter_map(|p| p["code"].as_str()).collect();
    assert_eq!(codes, ["MJCL", "RPE", "SJ"]);
    let natures = |p: &serde_json::Value| -> Vec<(String, String)> {
        p["actions"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|c| {
                        (
                            c["nature"].as_str().unwrap_or_default().to_owned(),
                            c["numero"].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(
        natures(&partners[0]),
        [
            ("supprimee".to_owned(), "MJCL-001".to_owned()),
            ("renumerotee".to_owned(), "MJCL-010".to_owned())
        ]
    );
    assert!(
        partners[0]["indicateurs"]
            .as_array()
            .is_some_and(Vec::is_empty)
    );
    assert_eq!(
        natures(&partners[1]),
        [("ajoutee".to_owned(), "RPE-002".to_owned())]
    );
    assert_eq!(partners[2]["evenement"], "premier_depot");

    // « Since the 15th » is the state at the end of the 15th: run 2.
    let (_, same, _) = run_ctg(&[
        "rapport",
        root,
        "--depuis",
        "2024-04-15",
        "--format",
        "json",
    ]);
    assert_eq!(same, out);
    let (_, by_run, _) = run_ctg(&["rapport", root, "--depuis-run", "2", "--format", "json"]);
    assert_eq!(by_run, out);

    // Since before run 2: the statut change is in, in the terminal text.
    let text = ok(&["rapport", root, "--depuis", "2024-04-01"])?;
    assert!(
        text.starts_with(
            "3 partenaires ont modifié leur plan d'actions entre la consolidation n° 1 du 01/03/2024 à 00:00 et la consolidation n° 3 du 20/05/2024 à 00:00."
        ),
        "{text}"
    );
    assert!(text.contains("Statut : En cours → Réalisée"), "{text}");
    assert_eq!(ok(&["report", root, "--depuis-run", "1"])?, text);

    // Markdown to a file.
    let md = h.root.join("copil.md");
    let said = ok(&[
        "rapport",
        root,
        "--depuis-run",
        "1",
        "--format",
        "md",
        "-o",
        path_str(&md)?,
    ])?;
    assert!(said.contains("copil.md"), "{said}");
    let written = std::fs::read_to_string(&md)?;
    assert!(
        written.starts_with("# Modifications du plan d'actions\n"),
        "{written}"
    );
    assert!(written.contains("Réalisée"), "{written}");

    // Since the latest run: nothing, and said so.
    let (code, out, err) = run_ctg(&["rapport", root, "--depuis", "2024-06-01"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Aucune modification"), "{out}");
    assert!(err.contains("est aussi la plus récente"), "{err}");

    // Errors: exit 2, in French.
    let (code, _, err) = run_ctg(&["rapport", root, "--depuis", "2024-02-01"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("Aucune consolidation n'a été faite le 01/02/2024 ou avant : la première est la consolidation n° 1 du 01/03/2024 à 00:00"),
        "{err}"
    );
    let (code, _, err) = run_ctg(&["rapport", root, "--depuis-run", "42"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("La consolidation n° 42 n'existe pas dans l'historique (consolidations enregistrées : n° 1 à 3)"),
        "{err}"
    );
    let (code, _, err) = run_ctg(&["rapport", root]);
    assert_eq!(code, 2);
    assert!(err.contains("Erreur : il manque"), "{err}");
    let (code, _, err) = run_ctg(&["rapport", root, "--depuis", "avril"]);
    assert_eq!(code, 2);
    assert!(err.contains("AAAA-MM-JJ ou JJ/MM/AAAA"), "{err}");
    Ok(())
}

/// Issue 12, point 5: the report names its runs; since the day of the
/// latest run, it says which run to start from instead; a date is typed
/// JJ/MM/AAAA as in workbooks, and one that does not exist is said so.
/// A run reads and compares only the partners whose plan may have changed
/// since the run before (same content key, state and name: nothing to
/// report). Its report must be the one a full comparison of the two
/// recorded runs gives (`ctg rapport --depuis-run`), run after run: some
/// partners changed and others not, a new partner, a `ctg.toml` changed
/// (every content is keyed anew), a file become unreadable, a repeated run.
#[test]
fn each_run_s_report_is_the_full_comparison_with_the_run_before() -> TestResult {
    let h = three_runs()?;
    let root = path_str(&h.root)?;
    // The report run `run` wrote on `day`, and the full comparison of the
    // run before with it (`ctg rapport` compares with the latest run).
    let agrees = |day: &str, run: i64| -> Res<String> {
        let name = format!("sortie/modifications-{day}-0000-consolidation-{run}.json");
        let written = std::fs::read_to_string(h.root.join(&name))?;
        let since = (run - 1).to_string();
        let full = ok(&["rapport", root, "--depuis-run", &since, "--format", "json"])?;
        let (a, b): (serde_json::Value, serde_json::Value) = (
            serde_json::from_str(&written)?,
            serde_json::from_str(&full)?,
        );
        assert_eq!(a, b, "run {run}");
        Ok(written)
    };
    // Run 3: MJCL and RPE changed, SJ's first file.
    agrees("2024-05-20", 3)?;
    // Run 4: the configuration changed, and RPE's file.
    let toml = h.root.join("ctg.toml");
    let settings = std::fs::read_to_string(&toml)?;
    assert!(settings.contains("ignorer = []"), "{settings}");
    std::fs::write(
        &toml,
        settings.replace("ignorer = []", "ignorer = [\"Commentaires\"]"),
    )?;
    drop_file(&h.root, "RPE.xlsx", &rpe(3), local_time(2024, 6, 1, 8, 0)?)?;
    consolidate_on(&h.root, "2024-06-02")?;
    assert!(agrees("2024-06-02", 4)?.contains("RPE-003"));
    // Run 5: SJ's file cannot be read any more; the others as they were.
    std::fs::write(h.root.join("depots/SJ.xlsx"), "pas un classeur")?;
    consolidate_on(&h.root, "2024-06-10")?;
    assert!(agrees("2024-06-10", 5)?.contains("devenu_illisible"));
    // Run 6: SJ readable again, with one more action.
    drop_file(
        &h.root,
        "SJ.xlsx",
        &sj().action(valid_action("SJ", 2)),
        local_time(2024, 6, 14, 9, 0)?,
    )?;
    consolidate_on(&h.root, "2024-06-15")?;
    let six = agrees("2024-06-15", 6)?;
    assert!(six.contains("de_nouveau_lisible"), "{six}");
    // The same again: not recorded, its report is run 6's once more.
    consolidate_on(&h.root, "2024-06-15")?;
    assert_eq!(agrees("2024-06-15", 6)?, six);
    Ok(())
}

#[test]
fn the_report_since_a_date_names_its_runs_and_the_one_to_start_from() -> TestResult {
    let h = three_runs()?;
    let root = path_str(&h.root)?;
    // The day of the latest run (20/05): from it to itself, nothing.
    let (code, out, err) = run_ctg(&["rapport", root, "--depuis", "2024-05-20"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out.lines().next(),
        Some(
            "Aucune modification entre la consolidation n° 3 du 20/05/2024 à 00:00 et la consolidation n° 3 du 20/05/2024 à 00:00."
        ),
        "{out}"
    );
    assert!(
        err.contains(&format!(
            "partez de la consolidation n° 2 du 15/04/2024 à 00:00 : « ctg rapport {root} --depuis-run 2 »."
        )),
        "{err}"
    );
    // The suggested command gives the changes of that day.
    let (code, suggested, _) = run_ctg(&["rapport", root, "--depuis-run", "2"]);
    assert_eq!(code, 0);
    assert!(
        suggested.starts_with("3 partenaires ont modifié"),
        "{suggested}"
    );
    // JJ/MM/AAAA, as in workbooks, is the same date.
    let (code, french, _) = run_ctg(&["rapport", root, "--depuis", "30/04/2024"]);
    assert_eq!(code, 0);
    assert_eq!(french, ok(&["rapport", root, "--depuis", "2024-04-30"])?);
    // A date that does not exist is not a format error.
    let (code, _, err) = run_ctg(&["rapport", root, "--depuis", "2024-04-31"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("la date du 31/04/2024 n'existe pas : avril 2024 n'a que 30 jours"),
        "{err}"
    );
    assert!(!err.contains("écrivez la date"), "{err}");
    Ok(())
}

/// Issue 12, point 6: the commands ctg suggests quote the folder when it
/// needs it, and pasted as they are, they work.
#[cfg(unix)]
#[test]
fn suggested_commands_work_when_pasted_into_a_shell() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let root = tmp.path().join("CTG Tarn-Agout (l'équipe)");
    let r = path_str(&root)?;
    let (code, _, err) = run_ctg(&["init", r]);
    assert_eq!(code, 0, "{err}");
    drop_file(
        &root,
        "MJCL.xlsx",
        &mjcl_v1(),
        local_time(2024, 2, 28, 9, 0)?,
    )?;
    consolidate_on(&root, "2024-03-01")?;
    drop_file(
        &root,
        "MJCL.xlsx",
        &mjcl_v2(),
        local_time(2024, 4, 14, 9, 0)?,
    )?;
    consolidate_on(&root, "2024-04-15")?;
    let out = ok(&["historique", r])?;
    let quoted = "'{}'".replace("{}", r).replace("l'équipe", "l'\\''équipe");
    let hint = format!("ctg rapport {quoted} --depuis-run N°");
    assert!(out.contains(&hint), "« {hint} » not in:\n{out}");
    // Pasted into sh with a number, it runs.
    let command = hint
        .replace("ctg ", &format!("{} ", ctg_bin().display()))
        .replace("N°", "1");
    let pasted = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{command} --aujourdhui 2024-06-15"))
        .output()?;
    let said = String::from_utf8_lossy(&pasted.stdout);
    assert_eq!(
        pasted.status.code(),
        Some(0),
        "{said}{}",
        String::from_utf8_lossy(&pasted.stderr)
    );
    assert!(said.contains("1 partenaire a modifié son plan"), "{said}");
    Ok(())
}

// ------------------------------------------------------------ modele --avec-actions

/// Actions as compared: the row they sit on does not matter.
fn without_rows(actions: &[Action]) -> Vec<Action> {
    actions
        .iter()
        .map(|a| Action {
            row: 0,
            ..a.clone()
        })
        .collect()
}

fn without_indicator_rows(indicators: &[Indicator]) -> Vec<Indicator> {
    indicators
        .iter()
        .map(|i| Indicator {
            row: 0,
            ..i.clone()
        })
        .collect()
}

#[test]
fn a_template_rebuilt_from_the_history_checks_clean_with_the_same_actions() -> TestResult {
    let h = three_runs()?;
    let root = path_str(&h.root)?;
    let out = ok(&[
        "modele",
        "--code",
        "MJCL",
        "--avec-actions",
        "--dossier",
        root,
    ])?;
    assert!(
        out.contains("Actions reprises de la consolidation n° 3 du 20/05/2024 à 00:00 : 2 actions et 1 indicateur (fichier « MJCL.xlsx », enregistré le 19/05/2024 à 11:05)"),
        "{out}"
    );
    let file = h.root.join("modeles/modele-MJCL.xlsx");
    assert!(out.contains("modele-MJCL.xlsx"), "{out}");
    let (code, report, err) = run_ctg(&["verifier", path_str(&file)?, "--format", "json"]);
    assert_eq!(code, 0, "{report}{err}");
    let doc: serde_json::Value = serde_json::from_str(&report)?;
    assert_eq!(doc["bilan"]["erreurs"], 0, "{report}");

    let store = Store::open(&h.root.join(".ctg"))?;
    let stored = store.partner_versions("MJCL")?;
    let latest = stored.last().ok_or("no MJCL history")?;
    let checked = check_path(&file, "modele-MJCL.xlsx");
    assert_no_error(&checked);
    assert_eq!(
        without_rows(&checked.actions),
        without_rows(&latest.content.actions)
    );
    assert_eq!(
        without_indicator_rows(&checked.indicators),
        without_indicator_rows(&latest.content.indicators)
    );
    assert_eq!(checked.partner.name, "MJC de Lavaur");

    // Consolidating the rebuilt file changes nothing in substance.
    std::fs::copy(&file, h.root.join("depots/MJCL.xlsx"))?;
    consolidate_on(&h.root, "2024-06-01")?;
    let text = ok(&["rapport", root, "--depuis-run", "3"])?;
    assert!(text.starts_with("Aucune modification"), "{text}");

    // A partner without any readable version.
    let (code, _, err) = run_ctg(&[
        "modele",
        "--code",
        "EFS",
        "--avec-actions",
        "--dossier",
        root,
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("aucune version lisible"), "{err}");
    Ok(())
}

#[test]
fn an_objective_dropped_from_the_referentiel_is_flagged_on_its_row() -> TestResult {
    let (_tmp, root) = shared_folder()?;
    let moved = with(
        mjcl_action(2),
        "Objectif opérationnel",
        Some(t("1.3.3 — Renforcer les partenariats")),
    );
    let book = Book::standard("MJCL", "MJC de Lavaur")
        .action(mjcl_action(1))
        .action(moved)
        .action(mjcl_action(3));
    drop_file(&root, "MJCL.xlsx", &book, local_time(2024, 2, 28, 10, 0)?)?;
    consolidate_on(&root, "2024-03-01")?;

    // The référentiel loses objective 1.3.3.
    let toml_path = root.join("ctg.toml");
    let toml = std::fs::read_to_string(&toml_path)?;
    let start = toml
        .find("[[objectif]]\ncode = \"1.3.3\"")
        .ok_or("no 1.3.3 in ctg.toml")?;
    let end = start + 1 + toml[start + 1..].find("\n[[").ok_or("no next table")?;
    std::fs::write(&toml_path, format!("{}{}", &toml[..start], &toml[end..]))?;

    let r = path_str(&root)?;
    let (code, out, err) = run_ctg(&["modele", "--code", "MJCL", "--avec-actions", "--dossier", r]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains("Attention : l'objectif de 1 action n'existe plus dans le référentiel : MJCL-002 (objectif 1.3.3)"),
        "{err}"
    );
    let file = root.join("modeles/modele-MJCL.xlsx");
    let (code, report, err) = run_ctg(&["verifier", path_str(&file)?, "--format", "json"]);
    assert_eq!(code, 1, "{report}{err}");
    let doc: serde_json::Value = serde_json::from_str(&report)?;
    let findings = doc["fichiers"][0]["constats"]
        .as_array()
        .ok_or("constats")?;
    let errors: Vec<(&str, &str)> = findings
        .iter()
        .filter(|f| f["gravite"] == "erreur")
        .map(|f| {
            (
                f["code"].as_str().unwrap_or_default(),
                f["reference"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(errors, [("objectif-inconnu", "Actions!C3")], "{report}");
    assert_eq!(doc["fichiers"][0]["actions_acceptees"], 2);

    // The cell carries a note saying what to do.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&file)?)?;
    let mut notes = String::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i)?;
        if entry.name()?.contains("comments") {
            entry.read_to_string(&mut notes)?;
        }
    }
    assert!(notes.contains("ref=\"C3\""), "{notes}");
    assert!(
        notes.contains("L'objectif 1.3.3 n'existe plus dans le référentiel de la CTG"),
        "{notes}"
    );
    Ok(())
}

// ------------------------------------------------------------ killed runs

const BIG_PARTNERS: usize = 30;
const BIG_ACTIONS: u32 = 25;

/// A partner workbook of the big folder; every title carries `version`.
fn big_partner(i: usize, version: u32) -> Book {
    let code = format!("PART{i:02}");
    let mut b = Book::standard(&code, &format!("Structure n° {i}"));
    for a in 1..=BIG_ACTIONS {
        let row = with(
            valid_action(&code, a),
            "Intitulé",
            Some(t(&format!(
                "Action {a} de la structure {i}, version {version}"
            ))),
        );
        b = b.action(row);
        b = b.indicator(valid_indicator(&format!("{code}-{a:03}")));
    }
    b
}

fn write_big_folder(root: &Path, version: u32) -> Res<()> {
    for i in 1..=BIG_PARTNERS {
        let bytes = big_partner(i, version).to_bytes();
        std::fs::write(root.join("depots").join(format!("part{i:02}.xlsx")), bytes)?;
    }
    Ok(())
}

/// The history opens, every run it lists is whole (all partners, each with
/// all its actions, all from the same version of the folder), and
/// `ctg historique` works. Returns the versions of the runs.
fn check_history(root: &Path, partners: usize, context: &str) -> Res<Vec<u32>> {
    let store = Store::open(&root.join(".ctg"))?;
    let unfinished: i64 = store.connection().query_row(
        "SELECT count(*) FROM runs WHERE finished_at IS NULL",
        [],
        |r| r.get(0),
    )?;
    assert_eq!(unfinished, 0, "a half-recorded run {context}");
    let mut versions = Vec::new();
    for run in store.runs()? {
        let snap = store.snapshot(&run)?;
        assert_eq!(
            snap.partners.len(),
            partners,
            "run {} incomplete {context}",
            run.id
        );
        let mut seen = std::collections::BTreeSet::new();
        for (code, plan) in snap.partners.iter().filter(|(c, _)| c.starts_with("PART")) {
            assert_eq!(
                plan.actions.len(),
                BIG_ACTIONS as usize,
                "run {} {code} {context}",
                run.id
            );
            assert_eq!(plan.indicators.len(), BIG_ACTIONS as usize);
            for a in &plan.actions {
                seen.insert(a.title.rsplit_once("version ").map(|x| x.1.to_owned()));
            }
        }
        assert_eq!(seen.len(), 1, "run {} mixes versions {context}", run.id);
        if let Some(Some(v)) = seen.into_iter().next() {
            versions.push(v.parse()?);
        }
    }
    let out = ok(&["historique", path_str(root)?])?;
    assert_eq!(table_rows(&out).len(), versions.len().min(50), "{out}");
    ok(&["historique", path_str(root)?, "--partenaire", "PART07"])?;
    Ok(versions)
}

/// Spawns `ctg consolider` and SIGKILLs it after `delay`; returns whether
/// it was still running.
fn run_and_kill(root: &Path, delay: Duration) -> Res<bool> {
    let started = Instant::now();
    consolider_killed_when(root, || Ok(started.elapsed() >= delay))
}

/// The issue's « History survives the process being killed mid-run »: the
/// run is one SQLite transaction, so a SIGKILL at any moment leaves the
/// history as it was, or with the whole new run.
#[test]
fn the_history_survives_runs_killed_at_any_moment() -> TestResult {
    let (_tmp, root) = shared_folder()?;
    // Config partners (9) never deposit; the 30 big ones do.
    let partners = BIG_PARTNERS + 9;
    write_big_folder(&root, 1)?;
    let started = Instant::now();
    consolidate_on(&root, "2024-06-15")?;
    let full = started.elapsed();
    assert_eq!(check_history(&root, partners, "after the first run")?, [1]);

    // Kills spread over a whole run, and a bit beyond its usual length.
    let fractions = [0.02, 0.1, 0.25, 0.4, 0.55, 0.7, 0.8, 0.9, 0.95, 1.0, 1.1];
    let mut outcomes = Vec::new();
    for (n, fraction) in fractions.iter().enumerate() {
        let version = n as u32 + 2;
        write_big_folder(&root, version)?;
        let delay = full.mul_f64(*fraction);
        let killed = run_and_kill(&root, delay)?;
        let versions = check_history(&root, partners, &format!("after a kill at {delay:?}"))?;
        // A run is recorded whole or not at all.
        let recorded = versions.last() == Some(&version);
        if !killed {
            assert!(recorded, "a run that ended is missing: {versions:?}");
        }
        outcomes.push((delay, killed, recorded));
    }
    eprintln!("full run {full:?}; kills (delay, killed, recorded): {outcomes:?}");
    assert!(
        outcomes
            .iter()
            .any(|(_, killed, recorded)| *killed && !recorded),
        "no kill came before the end of a run: {outcomes:?}"
    );

    // A new run succeeds after all that, and is listed.
    write_big_folder(&root, 99)?;
    consolidate_on(&root, "2024-06-16")?;
    let versions = check_history(&root, partners, "after the last run")?;
    assert_eq!(versions.last(), Some(&99));
    let out = ok(&["historique", path_str(&root)?, "--action", "PART03-004"])?;
    assert!(out.contains("version 99"), "{out}");
    Ok(())
}

// ------------------------------------------------------------ thousands of runs

fn stored_action(code: &str, i: u32, status: StatusKind) -> Action {
    Action {
        number: format!("{code}-{i:03}"),
        title: format!("Action {i} de {code}"),
        objective: "2.2.1".to_owned(),
        domains: vec!["Parentalité".to_owned()],
        audiences: vec!["Familles / Parents".to_owned()],
        communes: ctg::model::Communes::All,
        description: "Une description assez longue pour ressembler à une vraie.".to_owned(),
        contact: "Claire Martin".to_owned(),
        associates: String::new(),
        start: NaiveDate::from_ymd_opt(2024, 1, 10),
        end: NaiveDate::from_ymd_opt(2025, 12, 31),
        status: Some(status),
        progress: Some(40.0),
        budget: Some(5000.0),
        funding: Default::default(),
        comments: String::new(),
        extra: Vec::new(),
        row: i + 1,
        ..Action::default()
    }
}

fn stored_indicator(action: &str, result: f64) -> Indicator {
    Indicator {
        action: action.to_owned(),
        name: "Nombre de familles".to_owned(),
        kind: Some(IndicatorKind::Quantitative),
        unit: "familles".to_owned(),
        baseline: Some(IndicatorValue::Number(0.0)),
        target: Some(IndicatorValue::Number(40.0)),
        results: [(2024, IndicatorValue::Number(result))].into(),
        comment: String::new(),
        row: 2,
        ..Indicator::default()
    }
}

/// A stored file version: its hash and content.
type Version = (String, Vec<Action>, Vec<Indicator>);

/// A watcher runs often: with 3,000 runs of 30 partners (one partner
/// changing every 100 runs), every history command stays quick.
#[test]
fn the_history_stays_quick_over_thousands_of_runs() -> TestResult {
    const RUNS: i64 = 3000;
    const PARTNERS: usize = 30;
    let (_tmp, root) = shared_folder()?;
    let mut store = Store::open(&root.join(".ctg"))?;
    let started = Instant::now();
    let t0 = NaiveDate::from_ymd_opt(2024, 1, 1)
        .and_then(|d| d.and_hms_opt(8, 0, 0))
        .ok_or("date")?;
    // Each partner's two versions (before and after its new file), built once.
    let versions: Vec<[Version; 2]> = (0..PARTNERS)
        .map(|p| {
            let code = format!("P{p:02}");
            [StatusKind::InProgress, StatusKind::Done].map(|status| {
                let version = u8::from(status == StatusKind::Done);
                (
                    hash_bytes(format!("{code} v{version}").as_bytes()),
                    (1..=20).map(|i| stored_action(&code, i, status)).collect(),
                    (1..=20)
                        .map(|i| stored_indicator(&format!("{code}-{i:03}"), f64::from(version)))
                        .collect(),
                )
            })
        })
        .collect();
    for run in 0..RUNS {
        let at = t0 + chrono::Duration::minutes(10 * run);
        let writer = store.begin_run(at, "test")?;
        for (p, both) in versions.iter().enumerate() {
            let code = format!("P{p:02}");
            // Partner p (from 1) sends a new file at run 100 × p.
            let (hash, actions, indicators) = &both[usize::from(p > 0 && run / 100 >= p as i64)];
            let path = format!("{code}.xlsx");
            writer.file(hash, 1000, "xlsx", &path, at)?;
            writer.partner(&PartnerRecord {
                partner: &code,
                name: &format!("Structure {p}"),
                state: "a_jour",
                path: Some(&path),
                file_hash: Some(hash),
                used_hash: Some(hash),
                received_at: Some(at),
                actions,
                indicators,
                rejected: &[],
                findings: &[],
            })?;
        }
        writer.finish(at)?;
    }
    drop(store);
    eprintln!("{RUNS} runs recorded in {:?}", started.elapsed());

    let root = path_str(&root)?;
    let timed = |args: &[&str]| -> Res<(String, Duration)> {
        let started = Instant::now();
        let out = ok(args)?;
        Ok((out, started.elapsed()))
    };
    let (list, list_time) = timed(&["historique", root])?;
    assert!(list.contains("3000 consolidations"), "{list}");
    let rows = table_rows(&list);
    assert_eq!(rows.len(), 50);
    // Run 3000 (index 2999): no file changed then.
    assert_eq!(rows[49][5], "0");
    let (all, _) = timed(&["historique", root, "--toutes"])?;
    let all = table_rows(&all);
    assert_eq!(all.len(), RUNS as usize);
    // One partner changes at each hundredth run (its 20 actions' statut).
    let changed: usize = all.iter().skip(1).filter(|r| r[5] == "1").count();
    assert_eq!(changed, (RUNS / 100 - 1) as usize);
    let (action, action_time) = timed(&["historique", root, "--action", "P05-003"])?;
    assert!(action.contains("Statut : En cours → Réalisée"), "{action}");
    let (partner, partner_time) = timed(&["historique", root, "--partenaire", "P05"])?;
    assert!(partner.contains("versions de fichier"), "{partner}");
    let (_, report_time) = timed(&["rapport", root, "--depuis-run", "1", "--format", "json"])?;
    eprintln!(
        "list {list_time:?}, action {action_time:?}, partner {partner_time:?}, report {report_time:?}"
    );
    // Generous bounds (debug build, shared machine): they catch a cost
    // growing with runs × contents, not a slow disk.
    for (what, t) in [
        ("list", list_time),
        ("action", action_time),
        ("partner", partner_time),
        ("report", report_time),
    ] {
        assert!(t < Duration::from_secs(15), "{what} took {t:?}");
    }
    Ok(())
}
