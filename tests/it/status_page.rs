//! The status page at scale (issue 10): past a few dozen late actions or
//! findings it gives counts by partner and by kind of finding, with a link
//! to each partner's retour page, which holds the detail; its size grows
//! by a bounded amount per partner, so that it stays under 2 MB at a
//! thousand partners.

use std::path::{Path, PathBuf};

use crate::common::*;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// The most the status page may grow per partner: 2 MB over a thousand
/// partners.
const BYTES_PER_PARTNER: usize = 2_000;

fn code(i: usize) -> String {
    format!("ASSO{i:03}")
}

/// A partner whose plan, on 15/06/2024, has one action late of each kind
/// (not started, past its deadline, past its postponement) and one on
/// time.
fn late_partner(i: usize) -> Book {
    let code = code(i);
    let action = |n: u32, status: &str, start: V, end: V| {
        with_all(
            valid_action(&code, n),
            vec![
                ("Statut", t(status)),
                ("Date de début", start),
                ("Date de fin", end),
            ],
        )
    };
    Book::standard(&code, &format!("Association n°{i}"))
        .action(action(1, "À venir", d(2024, 1, 10), d(2024, 12, 31)))
        .action(action(2, "En cours", d(2023, 9, 1), d(2024, 3, 31)))
        .action(action(3, "Reportée", d(2024, 1, 10), d(2024, 5, 31)))
        .action(action(4, "En cours", d(2024, 1, 10), d(2025, 12, 31)))
}

/// A folder made by `ctg init` holding `partners` late partners,
/// consolidated; its root.
fn consolidated(tmp: &Path, partners: usize) -> Res<PathBuf> {
    let root = tmp.join(format!("CTG-{partners}"));
    let root_str = root.to_str().ok_or("non UTF-8 path")?;
    let (code, out, err) = run_ctg(&["init", root_str]);
    assert_eq!(code, 0, "ctg init: {out}{err}");
    for i in 0..partners {
        late_partner(i).save(
            &root.join("depots"),
            &format!("plan-{}.xlsx", self::code(i)),
        );
    }
    let (code, out, err) = run_ctg(&["consolider", root_str]);
    assert_eq!(code, 0, "ctg consolider: {out}{err}");
    Ok(root)
}

fn page(root: &Path) -> Res<String> {
    Ok(std::fs::read_to_string(
        root.join("sortie/tableau-de-bord.html"),
    )?)
}

#[test]
fn at_many_partners_the_status_page_counts_and_links_and_stays_small() -> Res<()> {
    let tmp = tempfile::tempdir()?;
    let (few, many) = (20, 40);
    let small = page(&consolidated(tmp.path(), few)?)?;
    let root = consolidated(tmp.path(), many)?;
    let big = page(&root)?;

    // 120 late actions: counted by partner, not listed one by one.
    assert!(
        big.contains("120 actions sont en retard au 15/06/2024"),
        "{big}"
    );
    assert!(big.contains("<caption>Actions en retard par partenaire</caption>"));
    assert!(!big.contains("<caption>Actions en retard</caption>"));
    assert!(
        !big.contains("Ateliers parents-enfants n°2"),
        "no action listed"
    );
    // Findings: by kind, not one by one.
    assert!(big.contains("<caption>Anomalies par constat</caption>"));
    assert!(big.contains("Action en retard"));
    assert!(!big.contains("<details>"), "no finding listed");

    // Every partner's detail stays one link away: its row links to its
    // retour page, which lists its late actions and its findings.
    for i in 0..many {
        let code = code(i);
        let link = format!("href=\"../retours/retour-{code}.html\">{code}</a>");
        assert_eq!(
            big.matches(&link).count(),
            2,
            "{code}: in the late actions by partner and in the partners' table"
        );
        let retour = std::fs::read_to_string(root.join(format!("retours/retour-{code}.html")))?;
        assert!(retour.contains("Actions en retard (3)"), "{code}");
        for n in 1..=3 {
            assert!(
                retour.contains(&format!("<strong>{code}-{n:03}</strong>")),
                "{code}-{n:03}"
            );
        }
        assert!(
            retour.contains("est passée mais l'action est encore « En cours »"),
            "{code}: its finding on its action past its deadline"
        );
    }

    // Its size grows by at most BYTES_PER_PARTNER a partner: under 2 MB
    // at a thousand.
    let bound = small.len() + (many - few) * BYTES_PER_PARTNER;
    assert!(
        big.len() <= bound,
        "{} bytes at {many} partners, {} at {few}: more than {BYTES_PER_PARTNER} a partner",
        big.len(),
        small.len()
    );
    Ok(())
}

#[test]
fn a_few_late_actions_and_findings_are_still_listed_one_by_one() -> Res<()> {
    let tmp = tempfile::tempdir()?;
    let root = consolidated(tmp.path(), 2)?;
    let page = page(&root)?;
    assert!(
        page.contains("6 actions sont en retard au 15/06/2024"),
        "{page}"
    );
    assert!(page.contains("<caption>Actions en retard</caption>"));
    assert!(page.contains("ASSO001-002 — Ateliers parents-enfants n°2"));
    assert!(!page.contains("Actions en retard par partenaire"));
    assert!(page.contains("<details>"));
    assert!(!page.contains("Anomalies par constat"));
    Ok(())
}
