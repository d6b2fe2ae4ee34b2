//! Template ctg-2 and the fields it added: constat, moyens mobilisés,
//! dispositif CAF, action commune avec, dépenses réalisées per year; the
//! nature and the horizon of indicators. Each is read (bad values included),
//! written by `ctg modele`, kept in the history, compared, and shown in the
//! consolidated workbook. A file made with template ctg-1 still reads as
//! before, with exactly one information.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};
use chrono::NaiveDate;
use ctg::finding::{Code, Severity};
use ctg::model::{Action, Indicator, IndicatorNature, Submission, TargetHorizon};
use ctg::outputs::template::{self, TemplateSpec};

use crate::common::xlsx::{open_zip, sheet_xml, validations};
use crate::common::*;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn path_str(p: &Path) -> Res<&str> {
    p.to_str().ok_or_else(|| "non UTF-8 path".into())
}

/// An action of the current template, every new column filled.
fn v2_action(code: &str, i: u32) -> Vec<(&'static str, V)> {
    let mut a = valid_action(code, i);
    a.extend([
        (
            "Constat (besoin identifié)",
            t("Les parents disent manquer de lieux pour échanger."),
        ),
        (
            "Moyens mobilisés",
            t("Une éducatrice à 0,2 ETP, la salle de la MJC."),
        ),
        ("Action commune avec", t("sj 1; EFS-002")),
        ("Dispositif CAF", t("reaap")),
        ("Dépenses réalisées 2023 (€)", n(1800.0)),
        ("Dépenses réalisées 2024 (€)", t("1 200,50 €")),
    ]);
    a
}

/// An indicator of the current template, nature and horizon given.
fn v2_indicator(action: &str) -> Vec<(&'static str, V)> {
    let mut i = valid_indicator(action);
    i.extend([
        ("Nature", t("Résultat")),
        ("Horizon de la cible", t("annuelle")),
    ]);
    i
}

fn v2_book() -> Book {
    Book::standard("MJCL", "MJC de Lavaur")
        .action(v2_action("MJCL", 1))
        .action(valid_action("MJCL", 2))
        .indicator(v2_indicator("MJCL-001"))
        .indicator(valid_indicator("MJCL-002"))
}

/// An action as template ctg-1 could say it: the new fields emptied.
fn as_v1(a: &Action) -> Action {
    Action {
        need: String::new(),
        means: String::new(),
        joint_with: Vec::new(),
        caf_scheme: None,
        spending: BTreeMap::new(),
        ..a.clone()
    }
}

fn as_v1_indicator(i: &Indicator) -> Indicator {
    Indicator {
        nature: None,
        horizon: None,
        ..i.clone()
    }
}

/// The only finding of `s`, which must be the template's information.
fn only_information(s: &Submission) -> ctg::finding::Finding {
    let [f] = s.findings.as_slice() else {
        panic!("one finding expected:\n{}", dump(s));
    };
    assert_eq!(
        (f.code, f.severity),
        (Code::TemplateVersion, Severity::Info)
    );
    // The partner asks the coordinator; the command is not theirs to run.
    assert!(
        f.message.contains(
            "demandez au coordinateur votre nouveau modèle, déjà rempli avec vos actions"
        ),
        "{}",
        f.message
    );
    assert!(!f.message.contains("ctg "), "{}", f.message);
    f.clone()
}

// ------------------------------------------------------------ reading

#[test]
fn v1_and_v2_workbooks_read_side_by_side() {
    let v1 = Book::standard_v1("MJCL", "MJC de Lavaur")
        .action(valid_action("MJCL", 1))
        .action(valid_action("MJCL", 2))
        .indicator(valid_indicator("MJCL-001"))
        .indicator(valid_indicator("MJCL-002"))
        .check();
    let v2 = v2_book().check();

    // ctg-1: read as before, one information on the version cell, no
    // missing column for those ctg-2 added.
    let info = only_information(&v1);
    assert_eq!(
        info.location.map(|l| l.to_string()).as_deref(),
        Some("Partenaire!B10")
    );
    assert!(
        info.message.contains("version « ctg-1 »"),
        "{}",
        info.message
    );
    assert!(info.message.contains("rien à corriger"), "{}", info.message);
    // ctg-2: nothing to say.
    assert!(v2.findings.is_empty(), "{}", dump(&v2));

    // The same plan, the new fields aside.
    assert_eq!(v1.actions, v2.actions.iter().map(as_v1).collect::<Vec<_>>());
    assert_eq!(
        v1.indicators,
        v2.indicators
            .iter()
            .map(as_v1_indicator)
            .collect::<Vec<_>>()
    );

    // Each new field of ctg-2, read.
    let a = &v2.actions[0];
    assert_eq!(a.need, "Les parents disent manquer de lieux pour échanger.");
    assert_eq!(a.means, "Une éducatrice à 0,2 ETP, la salle de la MJC.");
    assert_eq!(a.joint_with, ["SJ-001", "EFS-002"]);
    assert_eq!(a.caf_scheme.as_deref(), Some("REAAP"));
    assert_eq!(a.spending, BTreeMap::from([(2023, 1800.0), (2024, 1200.5)]));
    let i = &v2.indicators[0];
    assert_eq!(i.nature, Some(IndicatorNature::Result));
    assert_eq!(i.horizon, Some(TargetHorizon::Annual));
    // Left empty: nothing, and no finding.
    assert_eq!(as_v1(&v2.actions[1]), v2.actions[1]);
    assert_eq!(v2.indicators[1].horizon, None);
}

#[test]
fn the_template_version_gets_one_finding_at_most() {
    // No version cell and none of the new columns: an older workbook.
    let mut unversioned = Book::standard_v1("MJCL", "MJC de Lavaur")
        .action(valid_action("MJCL", 1))
        .indicator(valid_indicator("MJCL-001"));
    unversioned.sheet("Partenaire").rows[9][1] = None;
    let s = unversioned.check();
    let info = only_information(&s.clone());
    assert_eq!(info.location, None);
    assert!(
        info.message.contains("aucune des colonnes"),
        "{}",
        info.message
    );

    // A ctg-2 workbook whose partner removed columns: the others are
    // optional, and their absence is not reported.
    let mut partial = Book::standard_v1("MJCL", "MJC de Lavaur");
    partial.sheet("Partenaire").rows[9][1] = Some(t("ctg-2"));
    partial.sheet("Actions").rows[0].push(Some(t("Constat (besoin identifié)")));
    let s = partial
        .action(valid_action("MJCL", 1))
        .indicator(valid_indicator("MJCL-001"))
        .check();
    assert!(s.findings.is_empty(), "{}", dump(&s));

    // A version ctg does not know: the warning alone, even without the
    // new columns.
    let mut unknown = Book::standard_v1("MJCL", "MJC de Lavaur")
        .action(valid_action("MJCL", 1))
        .indicator(valid_indicator("MJCL-001"));
    unknown.sheet("Partenaire").rows[9][1] = Some(t("ctg-9"));
    let s = unknown.check();
    let f = assert_finding(
        &s,
        Code::TemplateVersion,
        Severity::Warning,
        Some("Partenaire!B10"),
        "version « ctg-9 »",
    );
    assert_eq!(s.findings, [f]);
}

#[test]
fn bad_values_in_the_new_columns_are_findings_with_their_cell() {
    let action = with_all(
        v2_action("MJCL", 1),
        vec![
            ("Dispositif CAF", t("Contrat enfance jeunesse")),
            ("Action commune avec", t("SJ-001; la MJC; MJCL-001")),
            ("Dépenses réalisées 2023 (€)", t("beaucoup")),
            ("Dépenses réalisées 2024 (€)", n(-300.0)),
            ("Dépenses réalisées 2025 (€)", t("1 200,50 €")),
        ],
    );
    let unknown_nature = with(v2_indicator("MJCL-001"), "Nature", Some(t("Quantitatif")));
    let misspelt = with_all(
        valid_indicator("MJCL-001"),
        vec![
            ("Indicateur", t("Satisfaction")),
            ("Nature", t("Resultas")),
            ("Horizon de la cible", t("trimestrielle")),
        ],
    );
    let s = Book::standard("MJCL", "MJC de Lavaur")
        .action(action)
        .indicator(unknown_nature)
        .indicator(misspelt)
        .check();

    // The row stays: each bad value is set aside with its cell.
    assert_eq!(s.actions.len(), 1, "{}", dump(&s));
    let a = &s.actions[0];
    assert_finding(
        &s,
        Code::CafSchemeUnknown,
        Severity::Error,
        Some("Actions!W2"),
        "« Contrat enfance jeunesse » n'est pas un dispositif CAF de la liste : cette valeur est mise de côté en attendant",
    );
    // Set aside, like other unknown list values, until corrected.
    assert_eq!(a.caf_scheme, None);
    // A value that nearly matches one of the list is taken, with a warning.
    let near = Book::standard("MJCL", "MJC de Lavaur")
        .action(with(
            v2_action("MJCL", 1),
            "Dispositif CAF",
            Some(t("Prestation de services")),
        ))
        .check();
    assert_finding(
        &near,
        Code::CafSchemeNear,
        Severity::Warning,
        Some("Actions!W2"),
        "l'outil de suivi retient « Prestation de service »",
    );
    assert_eq!(
        near.actions[0].caf_scheme.as_deref(),
        Some("Prestation de service")
    );

    let joint: Vec<_> = with_code(&s, Code::JointActionInvalid);
    assert_eq!(joint.len(), 2, "{}", dump(&s));
    for f in &joint {
        assert_eq!(f.severity, Severity::Error);
        assert_eq!(
            f.location.as_ref().map(|l| l.to_string()).as_deref(),
            Some("Actions!V2")
        );
    }
    let said = |text: &str| joint.iter().any(|f| f.message.contains(text));
    assert!(
        said("« la MJC » n'est pas un numéro d'action"),
        "{}",
        dump(&s)
    );
    assert!(said("« MJCL-001 » est le numéro de cette action elle-même"));
    assert_eq!(a.joint_with, ["SJ-001"]);

    assert_finding(
        &s,
        Code::AmountInvalid,
        Severity::Error,
        Some("Actions!X2"),
        "« beaucoup » n'est pas un montant",
    );
    assert_finding(
        &s,
        Code::AmountNegative,
        Severity::Error,
        Some("Actions!Y2"),
        "est négatif",
    );
    assert_eq!(a.spending, BTreeMap::from([(2025, 1200.5)]));

    let natures = with_code(&s, Code::IndicatorNatureUnknown);
    assert_eq!(natures.len(), 2, "{}", dump(&s));
    assert_eq!(natures[0].severity, Severity::Warning);
    assert_eq!(
        natures[0]
            .location
            .as_ref()
            .map(|l| l.to_string())
            .as_deref(),
        Some("Indicateurs!L2")
    );
    assert!(
        natures[0]
            .message
            .contains("La nature « Quantitatif » n'existe pas"),
        "{}",
        natures[0].message
    );
    assert!(natures[0].message.contains("colonne « Type »"));
    assert_eq!(
        natures[1].suggestion.as_deref(),
        Some("Vouliez-vous dire « Résultat » ?")
    );
    assert_finding(
        &s,
        Code::IndicatorHorizonUnknown,
        Severity::Warning,
        Some("Indicateurs!M3"),
        "L'horizon « trimestrielle » n'existe pas",
    );
    assert_eq!(s.indicators.len(), 2);
    assert!(s.indicators.iter().all(|i| i.nature.is_none()));
    assert_eq!(s.indicators[0].horizon, Some(TargetHorizon::Annual));
    assert_eq!(s.indicators[1].horizon, None);
}

// ------------------------------------------------------------ the template

/// The text of every cell of a sheet, by row.
fn cells(path: &Path, sheet: &str) -> Res<Vec<Vec<String>>> {
    let mut wb = open_workbook_auto(path)?;
    let range = wb.worksheet_range(sheet)?;
    Ok(range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect())
}

/// Column letter of a 0-based index.
fn letter(i: usize) -> String {
    ctg::finding::column_letters(i as u32)
}

#[test]
fn the_template_offers_the_new_columns_with_their_dropdowns() -> TestResult {
    let config = config();
    let partner = config.partner("MJCL").ok_or("MJCL")?.clone();
    let spec = TemplateSpec {
        partner: &partner,
        actions: &[],
        indicators: &[],
        created: today().and_hms_opt(9, 0, 0).ok_or("date")?,
    };
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("modele.xlsx");
    std::fs::write(&path, template::build(&spec, &config.referentiel)?)?;

    // Where a partner fills them: need and means around the description,
    // joint action after the associates, the dispositif after the funders,
    // then the spending of each year, then the comments.
    let headers = cells(&path, "Actions")?.remove(0);
    let at = |h: &str| headers.iter().position(|x| x == h);
    let order = [
        "Communes concernées",
        "Constat (besoin identifié)",
        "Description",
        "Moyens mobilisés",
        "Référent de l'action",
        "Partenaires associés",
        "Action commune avec",
        "Date de début",
        "Autres financements (€)",
        "Dispositif CAF",
        "Dépenses réalisées 2023 (€)",
        "Dépenses réalisées 2024 (€)",
        "Dépenses réalisées 2025 (€)",
        "Dépenses réalisées 2026 (€)",
        "Commentaires",
    ];
    let positions: Vec<Option<usize>> = order.iter().map(|h| at(h)).collect();
    assert!(positions.iter().all(Option::is_some), "{headers:?}");
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{headers:?}");
    assert_eq!(
        headers.last().map(String::as_str),
        Some("Commentaires"),
        "{headers:?}"
    );

    let mut zip = open_zip(&path);
    let actions = validations(&sheet_xml(&mut zip, "Actions"));
    let on = |col: usize, kind: &str| {
        actions
            .iter()
            .find(|(k, sqref, _)| k == kind && sqref.starts_with(&format!("{}2:", letter(col))))
            .map(|(_, _, formula)| formula.clone())
    };
    let scheme = at("Dispositif CAF").ok_or("Dispositif CAF")?;
    assert_eq!(on(scheme, "list").as_deref(), Some("Listes!$F$2:$F$6"));
    for year in 2023..=2026 {
        let col = at(&format!("Dépenses réalisées {year} (€)")).ok_or("Dépenses")?;
        assert_eq!(on(col, "decimal").as_deref(), Some("0"), "{actions:?}");
    }
    // The list behind the dropdown: ctg.toml's dispositifs.
    let lists = cells(&path, "Listes")?;
    let column_f: Vec<&str> = lists.iter().map(|r| r[5].as_str()).collect();
    assert_eq!(
        column_f[..6],
        [
            "Dispositifs CAF",
            "Prestation de service",
            "Bonus territoire",
            "Fonds publics et territoires",
            "REAAP",
            "Autre"
        ]
    );

    let headers = cells(&path, "Indicateurs")?.remove(0);
    let at = |h: &str| headers.iter().position(|x| x == h);
    assert_eq!(at("Nature"), at("Type").map(|i| i + 1), "{headers:?}");
    assert_eq!(at("Horizon de la cible"), at("Cible").map(|i| i + 1));
    let indicators = validations(&sheet_xml(&mut zip, "Indicateurs"));
    for (header, choices) in [
        ("Nature", "\"Résultat,Moyens\""),
        ("Horizon de la cible", "\"Annuelle,Fin de CTG\""),
    ] {
        let col = letter(at(header).ok_or(header)?);
        assert!(
            indicators.iter().any(|(k, sqref, formula)| k == "list"
                && sqref.starts_with(&format!("{col}2:"))
                && formula == choices),
            "{header}: {indicators:?}"
        );
    }

    // The version, and the Mode d'emploi on the new columns.
    let partner_sheet = cells(&path, "Partenaire")?;
    assert!(partner_sheet.iter().any(|r| r.iter().any(|c| c == "ctg-2")));
    let guide = cells(&path, "Mode d'emploi")?.concat().join("\n");
    for text in [
        "Le partenaire qui déclare le budget complet de l'action en est le porteur, et chaque co-porteur n'inscrit que sa propre contribution.",
        "Une ligne de co-porteur dont les montants sont ceux du porteur est lue comme une copie : l'action n'est comptée qu'une fois, et le co-porteur en est averti.",
        "Laissée vide, la cible est comprise comme à atteindre à la fin de la CTG.",
        "« Dispositif CAF »",
        "« Dépenses réalisées AAAA (€) »",
    ] {
        assert!(guide.contains(text), "« {text} » not in the Mode d'emploi");
    }
    Ok(())
}

// ------------------------------------------------------------ history and outputs

/// Consolidates `root` on `date`.
fn consolidate_on(root: &Path, date: &str) -> Res<String> {
    let out = std::process::Command::new(ctg_bin())
        .args(["consolider", path_str(root)?, "--aujourdhui", date])
        .output()?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(stdout)
}

#[test]
fn a_template_rebuilt_from_the_history_keeps_the_new_fields() -> TestResult {
    let (_tmp, root) = init_folder()?;
    let source = v2_book();
    source.save(&root.join("depots"), "plan-MJCL.xlsx");
    consolidate_on(&root, "2024-06-15")?;
    let out = root.join("modele-repris.xlsx");
    let (code, stdout, err) = run_ctg(&[
        "modele",
        "--code",
        "MJCL",
        "--avec-actions",
        "--dossier",
        path_str(&root)?,
        "-o",
        path_str(&out)?,
    ]);
    assert_eq!(code, 0, "{stdout}{err}");
    let back = check_path(&out, "modele-repris.xlsx");
    assert!(back.findings.is_empty(), "{}", dump(&back));
    let expected = source.check();
    let rows = |a: &[Action]| {
        a.iter()
            .map(|a| Action {
                row: 0,
                ..a.clone()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(rows(&back.actions), rows(&expected.actions));
    assert_eq!(back.actions[0].joint_with, ["SJ-001", "EFS-002"]);
    assert_eq!(back.actions[0].spending.get(&2024), Some(&1200.5));
    let indicators = |i: &[Indicator]| {
        i.iter()
            .map(|i| Indicator {
                row: 0,
                ..i.clone()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        indicators(&back.indicators),
        indicators(&expected.indicators)
    );
    Ok(())
}

#[test]
fn contents_stored_before_template_2_still_decode() -> TestResult {
    // The golden store was written before ctg-2: its contents have none of
    // the new fields. Opened on a copy, it must not change.
    let dir = tempfile::tempdir()?;
    copy_golden_store(dir.path())?;
    let (_, content) = ctg::history::latest_content(dir.path(), "MJCL")?;
    assert!(!content.actions.is_empty() && !content.indicators.is_empty());
    for a in &content.actions {
        assert_eq!(as_v1(a), *a, "{}", a.number);
    }
    for i in &content.indicators {
        assert_eq!(as_v1_indicator(i), *i, "{}", i.name);
    }

    // The same, field by field: an action and an indicator as older ctg
    // serialised them.
    let action: Action = serde_json::from_str(
        r#"{"number":"MJCL-001","title":"Ateliers","objective":"2.2.1","domains":[],"audiences":[],
            "communes":"all","description":"","contact":"","associates":"","start":"2024-01-10",
            "end":null,"status":"en_cours","progress":40.0,"budget":5000.0,"funding":{"caf":2000.0},
            "comments":"","extra":[],"row":2}"#,
    )?;
    assert_eq!(action.start, NaiveDate::from_ymd_opt(2024, 1, 10));
    assert_eq!(as_v1(&action), action);
    let indicator: Indicator = serde_json::from_str(
        r#"{"action":"MJCL-001","name":"Familles","kind":"quantitatif","unit":"familles",
            "baseline":{"number":0.0},"target":{"number":40.0},"results":{"2024":{"number":18.0}},
            "comment":"","row":2}"#,
    )?;
    assert_eq!((indicator.nature, indicator.horizon), (None, None));
    Ok(())
}

#[test]
fn a_changed_constat_is_in_the_change_report() -> TestResult {
    let dir = tempfile::tempdir()?;
    let a = v2_book().save(dir.path(), "a.xlsx");
    let changed = with_all(
        v2_action("MJCL", 1),
        vec![
            (
                "Constat (besoin identifié)",
                t("Les parents isolés ne sortent plus de chez eux."),
            ),
            ("Dispositif CAF", t("Autre")),
        ],
    );
    let b = Book::standard("MJCL", "MJC de Lavaur")
        .action(changed)
        .action(valid_action("MJCL", 2))
        .indicator(with(v2_indicator("MJCL-001"), "Nature", Some(t("Moyens"))))
        .indicator(valid_indicator("MJCL-002"))
        .save(dir.path(), "b.xlsx");
    let (code, out, err) = run_ctg(&["comparer", path_str(&a)?, path_str(&b)?, "--format", "json"]);
    assert_eq!(code, 1, "{out}{err}");
    let report: serde_json::Value = serde_json::from_str(&out)?;
    let action = &report["partenaires"][0]["actions"][0];
    let fields: Vec<(&str, &str, &str)> = action["champs"]
        .as_array()
        .ok_or("champs")?
        .iter()
        .map(|f| {
            (
                f["cle"].as_str().unwrap_or_default(),
                f["ancien"].as_str().unwrap_or_default(),
                f["nouveau"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            (
                "constat",
                "Les parents disent manquer de lieux pour échanger.",
                "Les parents isolés ne sortent plus de chez eux."
            ),
            ("dispositif_caf", "REAAP", "Autre"),
        ]
    );
    let indicator = &report["partenaires"][0]["indicateurs"][0]["champs"][0];
    assert_eq!(indicator["cle"], "nature");
    assert_eq!(indicator["nouveau"], "Moyens");

    // In words too.
    let (_, text, _) = run_ctg(&["comparer", path_str(&a)?, path_str(&b)?]);
    assert!(text.contains("Constat (besoin identifié)"), "{text}");

    // And a ctg.toml may ignore it, under its stable key.
    std::fs::write(
        dir.path().join("ctg.toml"),
        ctg::referentiel::DEFAULT_TOML.replace(
            "ignorer = []",
            "ignorer = [\"constat\", \"dispositif_caf\", \"nature\"]",
        ),
    )?;
    let (code, out, err) = run_ctg(&["comparer", path_str(&a)?, path_str(&b)?]);
    assert_eq!(code, 0, "{out}{err}");
    Ok(())
}

/// A sheet of a workbook as rows of header → text.
fn table(path: &Path, sheet: &str) -> Res<Vec<BTreeMap<String, String>>> {
    let mut wb = open_workbook_auto(path)?;
    let range = wb.worksheet_range(sheet)?;
    let mut rows = range.rows();
    let headers: Vec<String> = rows
        .next()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .unwrap_or_default();
    Ok(rows
        .filter(|r| r.iter().any(|c| *c != Data::Empty))
        .map(|r| {
            headers
                .iter()
                .cloned()
                .zip(r.iter().map(|c| c.to_string()))
                .collect()
        })
        .collect())
}

#[test]
fn the_consolidated_workbook_shows_the_new_fields_and_reads_them_back() -> TestResult {
    let (_tmp, root) = init_folder()?;
    v2_book().save(&root.join("depots"), "plan-MJCL.xlsx");
    consolidate_on(&root, "2024-06-15")?;
    let first = root.join("premier.xlsx");
    std::fs::copy(root.join("sortie/plan-actions-consolide.xlsx"), &first)?;

    let actions = table(&first, "Actions")?;
    let a = actions
        .iter()
        .find(|r| r["N° action"] == "MJCL-001")
        .ok_or("MJCL-001")?;
    assert_eq!(
        a["Constat (besoin identifié)"],
        "Les parents disent manquer de lieux pour échanger."
    );
    assert_eq!(
        a["Moyens mobilisés"],
        "Une éducatrice à 0,2 ETP, la salle de la MJC."
    );
    assert_eq!(a["Action commune avec"], "SJ-001; EFS-002");
    assert_eq!(a["Dispositif CAF"], "REAAP");
    assert_eq!(a["Dépenses réalisées 2024 (€)"], "1200.5");
    assert_eq!(a["Dépenses réalisées 2025 (€)"], "");
    let indicators = table(&first, "Indicateurs")?;
    let horizons: Vec<(&str, &str)> = indicators
        .iter()
        .map(|r| (r["Nature"].as_str(), r["Horizon de la cible"].as_str()))
        .collect();
    assert_eq!(
        horizons,
        [
            ("Résultat", "Annuelle"),
            ("", "Non précisé (fin de CTG par défaut)")
        ]
    );

    // Read back by `ctg comparer`: the workbook against itself is the same
    // plan, and a changed constat is found.
    let (code, out, err) = run_ctg(&["comparer", path_str(&first)?, path_str(&first)?]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    let changed = with(
        v2_action("MJCL", 1),
        "Constat (besoin identifié)",
        Some(t("Un besoin mieux décrit.")),
    );
    Book::standard("MJCL", "MJC de Lavaur")
        .action(changed)
        .action(valid_action("MJCL", 2))
        .indicator(v2_indicator("MJCL-001"))
        .indicator(valid_indicator("MJCL-002"))
        .save(&root.join("depots"), "plan-MJCL.xlsx");
    consolidate_on(&root, "2024-06-16")?;
    let second = root.join("sortie/plan-actions-consolide.xlsx");
    let (code, out, err) = run_ctg(&[
        "comparer",
        path_str(&first)?,
        path_str(&second)?,
        "--format",
        "json",
    ]);
    assert_eq!((code, err.as_str()), (1, ""), "{out}");
    let report: serde_json::Value = serde_json::from_str(&out)?;
    let fields = &report["partenaires"][0]["actions"][0]["champs"];
    assert_eq!(fields[0]["cle"], "constat", "{out}");
    assert_eq!(fields[0]["nouveau"], "Un besoin mieux décrit.");
    assert_eq!(fields.as_array().map(Vec::len), Some(1), "{out}");
    Ok(())
}

#[test]
fn informations_are_counted_apart_everywhere() -> TestResult {
    let (_tmp, root) = init_folder()?;
    Book::standard_v1("MJCL", "MJC de Lavaur")
        .action(valid_action("MJCL", 1))
        .indicator(valid_indicator("MJCL-001"))
        .save(&root.join("depots"), "plan-MJCL.xlsx");
    let stdout = consolidate_on(&root, "2024-06-15")?;
    assert!(
        stdout.contains("0 erreur, 0 avertissement et 1 information"),
        "{stdout}"
    );

    // The partner's page: accepted, nothing to check, one information.
    let page = std::fs::read_to_string(root.join("retours/retour-MJCL.html"))?;
    assert!(page.contains("Pour information (1)"), "{page}");
    assert!(!page.contains("À vérifier"), "{page}");
    assert!(page.contains("ℹ Information"), "{page}");
    assert!(
        page.contains("sans rien à corriger ni à vérifier"),
        "{page}"
    );

    // The status page.
    let board = std::fs::read_to_string(root.join("sortie/tableau-de-bord.html"))?;
    assert!(board.contains("<strong>1</strong> information"), "{board}");
    assert!(
        board.contains("<strong>0</strong> avertissement"),
        "{board}"
    );

    // The consolidated workbook.
    let workbook = root.join("sortie/plan-actions-consolide.xlsx");
    let partners = table(&workbook, "Partenaires")?;
    let mjcl = partners
        .iter()
        .find(|r| r["Code"] == "MJCL")
        .ok_or("MJCL")?;
    assert_eq!(
        (
            mjcl["Avertissements"].as_str(),
            mjcl["Informations"].as_str()
        ),
        ("0", "1")
    );
    let anomalies = table(&workbook, "Anomalies")?;
    assert_eq!(anomalies.len(), 1);
    assert_eq!(anomalies[0]["Gravité"], "information");
    let synthesis = cells(&workbook, "Synthèse")?;
    let figure = synthesis
        .iter()
        .find(|r| {
            r.first().map(String::as_str) == Some("Anomalies : informations (rien à corriger)")
        })
        .ok_or("no information figure")?;
    assert_eq!(figure[1], "1");

    // `ctg verifier`: text and JSON.
    let file = root.join("depots/plan-MJCL.xlsx");
    let (code, text, _) = run_ctg(&["verifier", path_str(&file)?]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("Information Partenaire!B10 [version-modele]"),
        "{text}"
    );
    assert!(text.contains("0 avertissement, 1 information."), "{text}");
    let (code, json, _) = run_ctg(&["verifier", path_str(&file)?, "--format", "json"]);
    assert_eq!(code, 0, "{json}");
    let doc: serde_json::Value = serde_json::from_str(&json)?;
    assert_eq!(doc["bilan"]["avertissements"], 0);
    assert_eq!(doc["bilan"]["informations"], 1);
    assert_eq!(doc["fichiers"][0]["informations"], 1);
    assert_eq!(doc["fichiers"][0]["constats"][0]["gravite"], "information");
    assert_eq!(doc["fichiers"][0]["constats"][0]["code"], "version-modele");
    Ok(())
}

/// A copy of the consolidated workbook `from` as ctg wrote it before
/// template ctg-2: the same sheets, without the columns ctg-2 added.
fn without_new_columns(from: &Path, to: &Path) -> TestResult {
    let mut source = open_workbook_auto(from)?;
    let mut out = rust_xlsxwriter::Workbook::new();
    let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    let dropped: Vec<&str> = NEW_ACTION_HEADERS
        .iter()
        .chain(&NEW_INDICATOR_HEADERS)
        .copied()
        .collect();
    for name in source.sheet_names() {
        let range = source.worksheet_range(&name)?;
        let ws = out.add_worksheet();
        ws.set_name(&name)?;
        let header: Vec<String> = range
            .rows()
            .next()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .unwrap_or_default();
        let kept: Vec<usize> = (0..header.len().max(range.width()))
            .filter(|i| {
                !matches!(name.as_str(), "Actions" | "Indicateurs")
                    || !header
                        .get(*i)
                        .is_some_and(|h| dropped.contains(&h.as_str()))
            })
            .collect();
        for (r, row) in range.rows().enumerate() {
            for (c, i) in kept.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match row.get(*i) {
                    Some(Data::String(text)) => {
                        ws.write_string(r, c, text)?;
                    }
                    Some(Data::Float(x)) => {
                        ws.write_number(r, c, *x)?;
                    }
                    Some(Data::Int(x)) => {
                        ws.write_number(r, c, *x as f64)?;
                    }
                    Some(Data::DateTime(d)) => {
                        ws.write_number_with_format(r, c, d.as_f64(), &date)?;
                    }
                    _ => {}
                }
            }
        }
    }
    out.save(to)?;
    Ok(())
}

#[test]
fn a_consolidated_workbook_from_before_template_2_is_compared_with_one_note_per_sheet() -> TestResult
{
    let (_tmp, root) = init_folder()?;
    v2_book().save(&root.join("depots"), "plan-MJCL.xlsx");
    consolidate_on(&root, "2024-06-15")?;
    let new = root.join("sortie/plan-actions-consolide.xlsx");
    let old = root.join("ancien.xlsx");
    without_new_columns(&new, &old)?;

    let (code, out, err) = run_ctg(&["comparer", path_str(&old)?, path_str(&new)?]);
    assert_eq!(code, 1, "{out}{err}");
    let notes: Vec<&str> = err.lines().collect();
    assert_eq!(notes.len(), 2, "{err}");
    let file = format!("« {} »", old.display());
    assert!(
        notes[0].starts_with(&format!("Attention : la feuille « Actions » de {file} n'a pas les colonnes « Constat (besoin identifié) », « Moyens mobilisés », « Action commune avec », « Dispositif CAF », « Dépenses réalisées 2023 (€) »")),
        "{err}"
    );
    assert!(notes[0].contains("antérieure au modèle ctg-2"), "{err}");
    assert!(
        notes[1].contains(&format!("la feuille « Indicateurs » de {file} n'a pas les colonnes « Nature », « Horizon de la cible »")),
        "{err}"
    );
    // What the new columns hold reads as new, nothing else changed.
    assert!(out.contains("Dispositif CAF : (vide) → REAAP"), "{out}");
    assert!(!out.contains("Intitulé"), "{out}");
    Ok(())
}
