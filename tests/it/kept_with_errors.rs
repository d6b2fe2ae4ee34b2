//! The rule for actions kept with errors (README, « Les actions gardées
//! avec des erreurs »), through the real binary: every output tells the
//! same story. An action whose row could be read is kept, its unusable
//! values set aside and said so, and it is marked « à corriger »; a row that
//! cannot be an action is refused and listed in « À corriger ».

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::common::*;
use calamine::{Data, Reader, open_workbook_auto};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// A shared folder whose only partner, MJCL, kept two actions with errors
/// (an unknown commune and an unreadable date; funding above the budget),
/// one clean action, and a row without number.
fn folder() -> Res<(tempfile::TempDir, PathBuf, String)> {
    let tmp = tempfile::tempdir()?;
    let root = tmp.path().join("CTG");
    let root_str = root.to_str().ok_or("non UTF-8 path")?.to_owned();
    let (code, out, err) = run_ctg(&["init", &root_str]);
    assert_eq!(code, 0, "ctg init: {out}{err}");
    Book::standard("MJCL", "MJC de Lavaur")
        .action(with(
            with(
                valid_action("MJCL", 1),
                "Communes concernées",
                Some(t("Lavaur; Lavour")),
            ),
            "Date de début",
            Some(t("32/13/2024")),
        ))
        .action(valid_action("MJCL", 2))
        .action(with(
            valid_action("MJCL", 3),
            "Financement CAF (€)",
            Some(n(4000.0)),
        ))
        .action(with(valid_action("MJCL", 4), "N° action", None))
        .indicator(valid_indicator("MJCL-001"))
        .indicator(valid_indicator("MJCL-002"))
        .indicator(valid_indicator("MJCL-003"))
        .save(&root.join("depots"), "plan-MJCL.xlsx");
    let (code, out, err) = run_ctg(&["consolider", &root_str]);
    assert_eq!(code, 0, "ctg consolider: {out}{err}");
    Ok((tmp, root, out))
}

/// The rows of a sheet of the consolidated workbook, as text.
fn sheet(root: &Path, name: &str) -> Res<Vec<Vec<String>>> {
    let mut wb = open_workbook_auto(root.join("sortie/plan-actions-consolide.xlsx"))?;
    let range = wb.worksheet_range(name)?;
    Ok(range
        .rows()
        .filter(|r| r.iter().any(|c| *c != Data::Empty))
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect())
}

/// The XML of the consolidated workbook's Actions sheet (the third).
fn actions_xml(root: &Path) -> Res<String> {
    let file = std::fs::File::open(root.join("sortie/plan-actions-consolide.xlsx"))?;
    let mut zip = zip::ZipArchive::new(file)?;
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet3.xml")?
        .read_to_string(&mut xml)?;
    Ok(xml)
}

#[test]
fn the_caf_workbook_marks_the_actions_still_to_correct() -> Res<()> {
    let (_tmp, root, _) = folder()?;
    let rows = sheet(&root, "Actions")?;
    let col = |h: &str| {
        rows[0]
            .iter()
            .position(|x| x == h)
            .ok_or(format!("no column {h}"))
    };
    let (number, points, communes) = (
        col("N° action")?,
        col("Points à corriger")?,
        col("Communes concernées")?,
    );
    let row = |n: &str| rows.iter().find(|r| r[number] == n).ok_or(n.to_owned());
    // Kept, with its errors in the column, the unknown commune and the
    // unreadable date set aside.
    let first = row("MJCL-001")?;
    assert_eq!(
        first[points],
        "2 points à corriger — F2 : « Lavour » n'est pas une commune du territoire (Communauté de Communes Tarn-Agout) ; J2 : « 32/13/2024 » n'est pas une date"
    );
    assert_eq!(first[communes], "Lavaur");
    assert_eq!(first[col("Date de début")?], "");
    let third = &row("MJCL-003")?[points];
    assert!(
        third.starts_with("1 point à corriger — N4 : Les financements (CAF 4"),
        "{third}"
    );
    assert!(
        third.contains("dépassent le budget prévisionnel"),
        "{third}"
    );
    assert_eq!(row("MJCL-002")?[points], "");
    // The row without number is not an action: refused, in « À corriger ».
    assert_eq!(rows.len(), 4, "header and three actions");
    let refused = sheet(&root, "À corriger")?;
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert!(
        refused[1]
            .iter()
            .any(|c| c.contains("pas de numéro d'action"))
    );
    // The rows to correct are filled, whatever the sort or the filter: a
    // conditional format on the column.
    let xml = actions_xml(&root)?;
    let last = ctg::finding::column_letters(rows[0].len() as u32 - 1);
    assert!(
        xml.contains(&format!("<conditionalFormatting sqref=\"A2:{last}4\">")),
        "{xml}"
    );
    assert!(xml.contains("<formula>LEN($D2)&gt;0</formula>"), "{xml}");
    Ok(())
}

#[test]
fn the_synthesis_says_how_much_budget_is_still_to_correct() -> Res<()> {
    let (_tmp, root, _) = folder()?;
    let rows = sheet(&root, "Synthèse")?;
    let figure = |label: &str| {
        rows.iter()
            .find(|r| r[0] == label)
            .map(|r| r[1].clone())
            .ok_or(format!("no figure « {label} »"))
    };
    assert_eq!(figure("Actions")?, "3");
    assert_eq!(
        figure("  dont avec des points à corriger (voir « Actions »)")?,
        "2"
    );
    assert_eq!(figure("Budget prévisionnel total")?, "15000");
    assert_eq!(
        figure("  dont actions avec des points à corriger")?,
        "10000"
    );
    Ok(())
}

#[test]
fn the_retour_says_what_is_set_aside_and_what_is_kept() -> Res<()> {
    let (_tmp, root, _) = folder()?;
    let html = std::fs::read_to_string(root.join("retours/retour-MJCL.html"))?;
    // The old promise, contradicted by the CAF's workbook, is gone.
    assert!(
        !html.contains("ne sont pas prises en compte tant qu"),
        "{html}"
    );
    assert!(html.contains(
        "Ce qui a pu être lu est repris dans le plan d'actions consolidé : 3 actions, dont 2 avec des points à corriger : seules les valeurs en erreur (une commune inconnue, une date ou un montant illisible…) sont mises de côté, tout le reste est repris, et la CAF voit ces actions marquées « à corriger »."
    ), "{html}");
    assert!(html.contains(
        "1 ligne ne peut pas être reprise tant qu'elle n'est pas corrigée (voir « Lignes non retenues »)."
    ), "{html}");
    // Per finding: what is set aside, and what happens to the row.
    assert!(html.contains("« Lavour » n'est pas une commune du territoire (Communauté de Communes Tarn-Agout) : cette valeur est mise de côté en attendant, le reste de l'action est repris."));
    assert!(html.contains(
        "→ L'action MJCL-001 est reprise dans le plan d'actions consolidé, marquée « à corriger »."
    ));
    assert!(html.contains("les valeurs sont reprises telles quelles et l'action est signalée « à corriger » dans le plan d'actions consolidé."));
    assert!(html.contains("→ Cette ligne n'est pas reprise dans le plan d'actions consolidé tant qu'elle n'est pas corrigée (voir « Lignes non retenues »)."));
    Ok(())
}

#[test]
fn the_terminal_summary_counts_the_actions_still_to_correct() -> Res<()> {
    let (_tmp, _root, out) = folder()?;
    assert!(
        out.contains("  3 actions (dont 2 avec des points à corriger), 3 indicateurs, 1 ligne à corriger ; 4 erreurs et"),
        "{out}"
    );
    Ok(())
}
