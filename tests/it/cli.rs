//! The `ctg` binary as a user meets it: French help and errors, `init`,
//! `modele`, and the exit codes of `verifier`.

use crate::common::*;
use ctg::outputs::template::{self, TemplateSpec};

#[test]
fn help_is_french() {
    let (code, out, _) = run_ctg(&["--help"]);
    assert_eq!(code, 0);
    for expected in [
        "Utilisation : ctg <COMMANDE>",
        "Commandes",
        "consolider",
        "verifier",
        "Afficher cette aide",
    ] {
        assert!(
            out.contains(expected),
            "« {expected} » missing from:\n{out}"
        );
    }
    for english in [
        "Usage:",
        "Print help",
        "[default:",
        "Possible values",
        "[aliases",
    ] {
        assert!(!out.contains(english), "« {english} » in:\n{out}");
    }
    for sub in ["init", "modele", "verifier", "consolider"] {
        let (code, out, _) = run_ctg(&[sub, "--help"]);
        assert_eq!(code, 0, "{sub}");
        assert!(
            out.contains("Utilisation : ctg")
                && !out.contains("Usage:")
                && !out.contains("[default:"),
            "{sub}:\n{out}"
        );
    }
}

#[test]
fn english_aliases_work() {
    let (code, out, _) = run_ctg(&["check", "--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("Vérifier des classeurs"));
}

#[test]
fn usage_errors_are_french_with_exit_2() {
    let (code, _, err) = run_ctg(&["verifer", "x.xlsx"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("commande inconnue « verifer » ; vouliez-vous dire")
            && err.contains("« verifier »"),
        "{err}"
    );
    let (code, _, err) = run_ctg(&["verifier", "--bavard", "x.xlsx"]);
    assert_eq!(code, 2);
    assert!(err.contains("option inconnue « --bavard »"), "{err}");
    let (code, _, err) = run_ctg(&["verifier", "--format", "pdf", "x.xlsx"]);
    assert_eq!(code, 2);
    assert!(err.contains("valeur « pdf » non valide"), "{err}");
}

#[test]
fn init_creates_the_layout_and_keeps_an_existing_configuration() -> TestResult {
    let dir = tempfile::tempdir()?;
    let root = dir.path().join("CTG Tarn-Agout");
    let root_s = root.to_string_lossy().to_string();
    let (code, out, _) = run_ctg(&["init", &root_s]);
    assert_eq!(code, 0);
    for sub in ["depots", "modeles", "retours", "sortie", ".ctg"] {
        assert!(root.join(sub).is_dir(), "{sub}");
    }
    assert_eq!(
        std::fs::read_to_string(root.join("ctg.toml"))?,
        ctg::referentiel::DEFAULT_TOML
    );
    assert!(out.contains("Dossier partagé prêt"));
    std::fs::write(root.join("ctg.toml"), "# modifié\n")?;
    let (code, out, _) = run_ctg(&["init", &root_s]);
    assert_eq!(code, 0);
    assert!(out.contains("ctg.toml existait déjà : il est conservé tel quel"));
    assert_eq!(
        std::fs::read_to_string(root.join("ctg.toml"))?,
        "# modifié\n"
    );
    Ok(())
}

#[test]
fn templates_for_every_partner_verify_without_error() -> TestResult {
    let dir = tempfile::tempdir()?;
    let root = dir.path().to_string_lossy().to_string();
    run_ctg(&["init", &root]);
    let (code, out, err) = run_ctg(&["modele", "--tous", "--dossier", &root]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 9, "{out}");
    let modeles = dir.path().join("modeles");
    let (code, out, _) = run_ctg(&["verifier", &modeles.to_string_lossy()]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Bilan : 9 fichiers vérifiés, 0 erreur"),
        "{out}"
    );
    Ok(())
}

#[test]
fn template_of_an_unknown_partner_needs_a_name() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (code, _, err) = run_ctg(&[
        "modele",
        "--code",
        "XYZ",
        "--dossier",
        &dir.path().to_string_lossy(),
    ]);
    assert_eq!(code, 2);
    // No ctg.toml was read: the message does not blame one (issue 12, point 3).
    assert!(
        err.contains("Remarque : aucun ctg.toml trouvé dans « ")
            && err.contains(" » ni au-dessus : référentiel intégré ; pour utiliser celui du dossier partagé, lancez la commande depuis ce dossier ou ajoutez --dossier DOSSIER_PARTAGÉ."),
        "{err}"
    );
    assert!(
        err.contains("Le partenaire « XYZ » n'est pas dans la liste de partenaires du référentiel intégré : indiquez son nom avec --partenaire"),
        "{err}"
    );
    assert!(!err.contains("n'est pas dans ctg.toml"), "{err}");
    // With the shared folder's ctg.toml, the registry is named after it.
    std::fs::write(dir.path().join("ctg.toml"), ctg::referentiel::DEFAULT_TOML)?;
    let (code, _, err) = run_ctg(&[
        "modele",
        "--code",
        "XYZ",
        "--dossier",
        &dir.path().to_string_lossy(),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("n'est pas dans la liste des partenaires de ctg.toml")
            && !err.contains("Remarque"),
        "{err}"
    );
    std::fs::remove_file(dir.path().join("ctg.toml"))?;
    let (code, _, err) = run_ctg(&["modele", "--code", "mjc lavaur!", "--partenaire", "MJC"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("Le code partenaire « mjc lavaur! » ne convient pas"),
        "{err}"
    );
    let out = dir.path().join("x.xlsx");
    let (code, _, err) = run_ctg(&[
        "modele",
        "--code",
        "xyz",
        "--partenaire",
        "Association XYZ",
        "-o",
        &out.to_string_lossy(),
    ]);
    assert_eq!(code, 0, "{err}");
    let s = check_path(&out, "x.xlsx");
    assert_eq!(
        (s.partner.code.as_str(), s.partner.name.as_str()),
        ("XYZ", "Association XYZ")
    );
    Ok(())
}

/// A template pre-filled with actions and indicators (what `modele` writes
/// for a partner's current actions) reads back to the same data.
#[test]
fn prefilled_template_round_trip() -> TestResult {
    let config = config();
    let source = Book::standard("MJCL", "MJC de Lavaur")
        .action(valid_action("MJCL", 1))
        .action(with(
            valid_action("MJCL", 2),
            "Intitulé",
            Some(t("=SOMME(A1:A2) & « guillemets »")),
        ))
        .indicator(valid_indicator("MJCL-001"))
        .indicator(valid_indicator("MJCL-002"))
        .check();
    assert_no_error(&source);
    let partner = config.partner("MJCL").ok_or("MJCL")?.clone();
    let created = today().and_hms_opt(9, 0, 0).ok_or("date")?;
    let spec = TemplateSpec {
        partner: &partner,
        actions: &source.actions,
        indicators: &source.indicators,
        created,
    };
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("modele.xlsx");
    std::fs::write(&path, template::build(&spec, &config.referentiel)?)?;
    let back = check_path(&path, "modele.xlsx");
    assert!(back.findings.is_empty(), "{}", dump(&back));
    assert_eq!(
        back.actions
            .iter()
            .map(|a| (&a.number, &a.title, &a.objective, a.budget, &a.funding))
            .collect::<Vec<_>>(),
        source
            .actions
            .iter()
            .map(|a| (&a.number, &a.title, &a.objective, a.budget, &a.funding))
            .collect::<Vec<_>>()
    );
    assert_eq!(back.indicators.len(), 2);
    // Same spec, same bytes.
    assert_eq!(
        template::build(&spec, &config.referentiel)?,
        std::fs::read(&path)?
    );
    Ok(())
}

#[test]
fn verifier_exit_codes() -> TestResult {
    let dir = tempfile::tempdir()?;
    let good = one_action("MJCL", "MJC de Lavaur").save(dir.path(), "bon.xlsx");
    let bad = Book::standard("MJCL", "MJC de Lavaur")
        .action(with(
            valid_action("MJCL", 1),
            "Objectif opérationnel",
            Some(t("9.9.9")),
        ))
        .save(dir.path(), "faux.xlsx");
    let (code, out, _) = run_ctg(&["verifier", &good.to_string_lossy()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Aucun problème."), "{out}");
    let (code, out, _) = run_ctg(&["verifier", &good.to_string_lossy(), &bad.to_string_lossy()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("ERREUR Actions!C2 [objectif-inconnu]"),
        "{out}"
    );
    // Could not run: nothing to check, or an invalid ctg.toml.
    let empty = dir.path().join("vide");
    std::fs::create_dir(&empty)?;
    let (code, _, err) = run_ctg(&["verifier", &empty.to_string_lossy()]);
    assert_eq!(code, 2);
    assert!(err.contains("Aucun classeur"), "{err}");
    let toml = dir.path().join("ctg.toml");
    std::fs::write(
        &toml,
        ctg::referentiel::DEFAULT_TOML.replacen("code = \"1.1.2\"", "code = \"1.1.1\"", 1),
    )?;
    let (code, _, err) = run_ctg(&[
        "verifier",
        "--config",
        &toml.to_string_lossy(),
        &good.to_string_lossy(),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("contient 1 erreur") && err.contains("ligne ") && err.contains("déjà utilisé"),
        "{err}"
    );
    // The ctg.toml next to the file is found without --config.
    let (code, _, err) = run_ctg(&["verifier", &good.to_string_lossy()]);
    assert_eq!(code, 2, "{err}");
    Ok(())
}

#[test]
fn verifier_json_is_stable() -> TestResult {
    let dir = tempfile::tempdir()?;
    let bad = Book::standard("MJCL", "MJC de Lavaur")
        .action(with(
            valid_action("MJCL", 1),
            "Communes concernées",
            Some(t("Lavour")),
        ))
        .indicator(valid_indicator("MJCL-001"))
        .save(dir.path(), "plan.xlsx");
    let (code, out, _) = run_ctg(&["verifier", "--format", "json", &bad.to_string_lossy()]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out)?;
    assert_eq!(v["version"], 1);
    let file = &v["fichiers"][0];
    assert_eq!(file["partenaire"], "MJCL");
    assert_eq!(file["actions_acceptees"], 1);
    let f = &file["constats"][0];
    assert_eq!(f["gravite"], "erreur");
    assert_eq!(f["code"], "commune-inconnue");
    assert_eq!(f["feuille"], "Actions");
    assert_eq!(f["cellule"], "F2");
    assert_eq!(f["ligne"], 2);
    assert_eq!(f["reference"], "Actions!F2");
    assert_eq!(f["suggestion"], "Vouliez-vous dire Lavaur ?");
    assert_eq!(v["bilan"]["erreurs"], 1);
    Ok(())
}

/// File names from old NAS shares are not always UTF-8: such a file is read
/// like any other, and so are the files around it.
#[cfg(unix)]
#[test]
fn a_file_name_in_latin_1_is_read() -> TestResult {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir()?;
    let good = one_action("MJCL", "MJC de Lavaur");
    good.save(dir.path(), "a-plan.xlsx");
    let latin = dir
        .path()
        .join(std::ffi::OsStr::from_bytes(b"r\xe9sum\xe9-EFS.xlsx"));
    std::fs::write(
        &latin,
        Book::standard("EFS", "Espaces France Services")
            .action(valid_action("EFS", 1))
            .indicator(valid_indicator("EFS-001"))
            .to_bytes(),
    )?;
    let (code, out, err) = run_ctg(&["verifier", &dir.path().to_string_lossy()]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out.matches("1 action acceptée").count(), 2, "{out}");
    Ok(())
}

#[test]
fn modele_and_rapport_never_write_among_the_deposited_files() -> TestResult {
    let dir = tempfile::tempdir()?;
    let root = dir.path().to_string_lossy().to_string();
    run_ctg(&["init", &root]);
    let depots = dir.path().join("depots");
    let template = depots.join("modele-MJCL.xlsx");
    let (code, _, err) = run_ctg(&[
        "modele",
        "--code",
        "MJCL",
        "--dossier",
        &root,
        "-o",
        &template.to_string_lossy(),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("ctg n'écrit jamais parmi les fichiers déposés par les partenaires"),
        "{err}"
    );
    // A template belongs in modeles/ (issue 12, point 7).
    assert!(
        err.contains(&format!(
            "par exemple dans le dossier {} du dossier partagé",
            dir.path().join("modeles").display()
        )),
        "{err}"
    );
    assert!(!template.exists());

    let (code, out, err) = run_ctg(&["consolider", &root, "-q"]);
    assert_eq!(code, 0, "{out}{err}");
    let report = depots.join("sous-dossier").join("rapport.md");
    let (code, _, err) = run_ctg(&[
        "rapport",
        &root,
        "--depuis-run",
        "1",
        "-o",
        &report.to_string_lossy(),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("ctg n'écrit jamais parmi les fichiers déposés par les partenaires")
            && err.contains(&format!(
                "dossier {} du",
                dir.path().join("sortie").display()
            )),
        "{err}"
    );
    assert!(!report.exists());
    assert_eq!(std::fs::read_dir(&depots)?.count(), 0);
    Ok(())
}

/// Issue 12, point 7: a typo'd subcommand gets its French name, a typo'd
/// option its right spelling.
#[test]
fn typos_get_french_suggestions() {
    let (code, _, err) = run_ctg(&["consolidr", "."]);
    assert_eq!(code, 2);
    // « controler » is near enough to be suggested too.
    assert!(
        err.contains("commande inconnue « consolidr » ; vouliez-vous dire ")
            && err.contains("« consolider » ?"),
        "{err}"
    );
    assert!(!err.contains("consolidate"), "{err}");
    let (code, _, err) = run_ctg(&["consolider", ".", "--sorti", "x"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("option inconnue « --sorti » ; vouliez-vous dire « --sortie » ?"),
        "{err}"
    );
}

/// Issue 12, point 7: a folder or file that does not exist could not be
/// checked: exit code 2, as the README promises, with a message that does
/// not call a folder a file.
#[test]
fn verifier_on_a_path_that_does_not_exist_returns_2() -> TestResult {
    let dir = tempfile::tempdir()?;
    let missing = dir.path().join("depots/");
    let (code, out, _) = run_ctg(&["verifier", &missing.to_string_lossy()]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("Introuvable : aucun fichier ni dossier de ce nom"),
        "{out}"
    );
    assert!(!out.contains("Le fichier est introuvable"), "{out}");
    // Beside a good file too: the check was not complete.
    let good = one_action("MJCL", "MJC de Lavaur").save(dir.path(), "bon.xlsx");
    let (code, out, _) = run_ctg(&[
        "verifier",
        &good.to_string_lossy(),
        &missing.to_string_lossy(),
    ]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("1 action acceptée"), "{out}");
    Ok(())
}

/// Issue 12, point 3: run from a folder without ctg.toml above the file
/// nor the current folder, `verifier` says so plainly, and names the
/// registry it used; a ctg.toml in the current folder is used.
#[test]
fn verifier_without_any_ctg_toml_says_so() -> TestResult {
    let dir = tempfile::tempdir()?;
    let file =
        one_action("AFR", "Association Familles Rurales").save(dir.path(), "piece-jointe-AFR.xlsx");
    let run_in = |cwd: &std::path::Path| {
        std::process::Command::new(ctg_bin())
            .current_dir(cwd)
            .args([
                "verifier",
                &file.to_string_lossy(),
                "--aujourdhui",
                "2024-06-15",
            ])
            .output()
    };
    let out = run_in(dir.path())?;
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(
        stderr.contains("Remarque : aucun ctg.toml trouvé au-dessus du fichier ni du dossier courant : référentiel intégré ; pour utiliser celui du dossier partagé, lancez la commande depuis ce dossier ou ajoutez --config"),
        "{stderr}"
    );
    assert!(
        stdout
            .contains("« AFR » ne figure pas dans la liste de partenaires du référentiel intégré"),
        "{stdout}"
    );
    assert!(!stdout.contains("de ctg.toml"), "{stdout}");
    // From the shared folder, its ctg.toml is found (here: it knows AFR).
    let shared = dir.path().join("CTG");
    std::fs::create_dir(&shared)?;
    std::fs::write(
        shared.join("ctg.toml"),
        format!(
            "{}\n[[partenaire]]\ncode = \"AFR\"\nnom = \"Association Familles Rurales\"\n",
            ctg::referentiel::DEFAULT_TOML
        ),
    )?;
    let out = run_in(&shared)?;
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(!stderr.contains("Remarque"), "{stderr}");
    assert!(stdout.contains("ctg.toml"), "{stdout}");
    assert!(!stdout.contains("ne figure pas"), "{stdout}");
    Ok(())
}

/// Issue 12, point 8: `[partenaire]` written for `[[partenaire]]` is
/// named on its line, with the fix.
#[test]
fn a_partner_block_with_single_brackets_is_explained() -> TestResult {
    let dir = tempfile::tempdir()?;
    let root = dir.path().to_string_lossy().to_string();
    run_ctg(&["init", &root]);
    let path = dir.path().join("ctg.toml");
    let text = std::fs::read_to_string(&path)?;
    let at = text.rfind("\n[[partenaire]]").ok_or("no partner")? + 1;
    let line = text[..at].matches('\n').count() + 1;
    std::fs::write(
        &path,
        format!(
            "{}[partenaire]{}",
            &text[..at],
            &text[at + "[[partenaire]]".len()..]
        ),
    )?;
    let (code, _, err) = run_ctg(&["consolider", &root]);
    assert_eq!(code, 2);
    assert!(
        err.contains(&format!(
            "ligne {line} : « [partenaire] » s'écrit avec des crochets doubles : écrivez [[partenaire]] (double crochets) pour chaque partenaire"
        )),
        "{err}"
    );
    assert!(!err.contains("la même clé"), "{err}");
    Ok(())
}

/// Issue 12, point 14: the README opens with its title and a one-line
/// description, then exactly the two commands (the main job on
/// sample-workbooks/, the tests), then the rest.
#[test]
fn the_readme_opens_with_its_title_then_the_two_commands() -> TestResult {
    let readme = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"),
    )?;
    let lines: Vec<&str> = readme.lines().collect();
    assert!(lines[0].starts_with("# ctg"), "{}", lines[0]);
    assert_eq!(lines[1], "");
    let description = lines[2];
    assert!(
        !description.is_empty() && !description.starts_with(['#', '`']),
        "{description}"
    );
    assert_eq!(
        lines[3..9],
        [
            "",
            "```sh",
            "cargo run --release -- consolider sample-workbooks --sortie target/demo",
            "cargo test",
            "```",
            "",
        ]
    );
    Ok(())
}
