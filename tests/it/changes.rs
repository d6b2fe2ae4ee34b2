//! The change report between two versions of a partner's workbook: the
//! exact list of changes, and no change at all for rows merely re-ordered.

use crate::common::*;
use ctg::changes::{self, ChangeKind, ChangeReport};
use ctg::model::Submission;
use ctg::model::{PartnerPlan, Snapshot};
use ctg::referentiel::ChangeSettings;

fn snapshot(label: &str, s: &Submission) -> Snapshot {
    assert_no_error(s);
    let plan = PartnerPlan {
        name: s.partner.name.clone(),
        state: Some("a_jour".into()),
        source: Some(s.file.clone()),
        actions: s.actions.clone(),
        indicators: s.indicators.clone(),
    };
    Snapshot {
        label: label.into(),
        taken_at: None,
        partners: [(s.partner.code.clone(), plan)].into_iter().collect(),
        decisions: Default::default(),
    }
}

fn report_between(old: &Book, new: &Book, settings: &ChangeSettings) -> ChangeReport {
    let config = config();
    changes::compare(
        &snapshot("v1", &old.check()),
        &snapshot("v2", &new.check()),
        &config.referentiel,
        settings,
    )
}

/// Every change as one line: « numéro nature [clé: ancien → nouveau] ».
fn lines(report: &ChangeReport) -> Vec<String> {
    let mut out = Vec::new();
    for p in &report.partners {
        for a in &p.actions {
            let from = a
                .old_number
                .as_ref()
                .map(|n| format!(" (ex {n})"))
                .unwrap_or_default();
            out.push(format!("{}{from} {}", a.number, a.kind.label()));
            for f in &a.fields {
                let note = f
                    .note
                    .as_ref()
                    .map(|n| format!(" [{n}]"))
                    .unwrap_or_default();
                out.push(format!("  {}: {} → {}{note}", f.key, f.old, f.new));
            }
        }
        for i in &p.indicators {
            out.push(format!(
                "{} « {} » {}",
                i.action,
                i.indicator,
                i.kind.masculine()
            ));
            for f in &i.fields {
                out.push(format!("  {}: {} → {}", f.key, f.old, f.new));
            }
        }
    }
    out
}

const DESCRIPTION: &str = "Un mercredi par mois, ateliers animés par une éducatrice de jeunes enfants, ouverts aux familles du territoire.";

fn action(i: u32) -> Vec<(&'static str, V)> {
    let a = with(
        valid_action("MJCL", i),
        "Intitulé",
        Some(t(&format!(
            "Action numéro {i} : {}",
            [
                "ateliers",
                "chantier jeunes",
                "forum emploi",
                "jardin partagé",
                "café des parents",
                "navette"
            ][i as usize % 6]
        ))),
    );
    with(a, "Description", Some(t(DESCRIPTION)))
}

fn version_1() -> Book {
    Book::standard("MJCL", "MJC de Lavaur")
        .action(action(1))
        .action(action(2))
        .action(with(
            with(action(3), "Statut", Some(t("Réalisée"))),
            "Avancement (%)",
            Some(n(100.0)),
        ))
        .action(action(4))
        .action(action(5))
        .indicator(valid_indicator("MJCL-001"))
        .indicator(valid_indicator("MJCL-002"))
        .indicator(valid_indicator("MJCL-003"))
        .indicator(valid_indicator("MJCL-004"))
        .indicator(valid_indicator("MJCL-005"))
}

#[test]
fn the_exact_change_list() {
    let modified_2 = with(
        with(
            with(
                action(2),
                "Description",
                Some(t(
                    "Un mercredi sur deux, ateliers animés par une éducatrice de jeunes enfants, ouverts aux familles du territoire et aux assistantes maternelles.",
                )),
            ),
            "Budget prévisionnel (€)",
            Some(n(6200.0)),
        ),
        "Financement CAF (€)",
        Some(n(3200.0)),
    );
    let new = Book::standard("MJCL", "MJC de Lavaur")
        // Rows in another order, a new action inserted in the middle.
        .action(modified_2)
        .action(with(
            with(
                with(action(1), "Statut", Some(t("Réalisée"))),
                "Avancement (%)",
                Some(n(100.0)),
            ),
            "Objectif opérationnel",
            Some(t("3.2.3")),
        ))
        .action(with(
            valid_action("MJCL", 6),
            "Intitulé",
            Some(t("Soirée jeux en famille")),
        ))
        // Backwards: Réalisée → En cours.
        .action(with(action(3), "Avancement (%)", Some(n(80.0))))
        // Same action, new number.
        .action(with(action(4), "N° action", Some(t("MJCL-010"))))
        // MJCL-005 is gone.
        .indicator(with(
            with(valid_indicator("MJCL-001"), "Cible", Some(n(50.0))),
            "Réalisé 2024",
            Some(n(25.0)),
        ))
        .indicator(valid_indicator("MJCL-002"))
        .indicator(valid_indicator("MJCL-003"))
        .indicator(valid_indicator("MJCL-010"))
        .indicator(valid_indicator("MJCL-006"));
    let report = report_between(&version_1(), &new, &ChangeSettings::default());
    assert_eq!(
        lines(&report),
        [
            "MJCL-001 modifiée",
            "  objectif: 2.2.1 — Développer les actions en lien avec la parentalité → 3.2.3 — Favoriser l'inclusion Numérique [changement d'axe : 2 → 3]",
            "  statut: En cours → Réalisée",
            "  avancement: 40 % → 100 %",
            "MJCL-002 modifiée",
            "  description: Un mercredi par mois, ateliers animés par une éducatrice de jeunes enfants, ouverts aux familles du territoire. → Un mercredi sur deux, ateliers animés par une éducatrice de jeunes enfants, ouverts aux familles du territoire et aux assistantes maternelles.",
            "  budget: 5\u{202f}000 € → 6\u{202f}200 € [+1\u{202f}200 €]",
            "  financement_caf: 2\u{202f}000 € → 3\u{202f}200 € [+1\u{202f}200 €]",
            "MJCL-003 modifiée",
            "  statut: Réalisée → En cours [statut en recul]",
            "  avancement: 100 % → 80 % [avancement en recul]",
            "MJCL-005 supprimée",
            "MJCL-006 ajoutée",
            "MJCL-010 (ex MJCL-004) renumérotée",
            "MJCL-001 « Nombre de familles participantes » modifié",
            "  cible: 40 → 50",
            "  realise_2024: 18 → 25",
            "MJCL-005 « Nombre de familles participantes » supprimé",
            "MJCL-006 « Nombre de familles participantes » ajouté",
        ]
    );
    let p = &report.partners[0];
    // The long text is shown word by word.
    let description = p
        .actions
        .iter()
        .flat_map(|a| &a.fields)
        .find(|f| f.key == "description")
        .and_then(|f| f.words.clone());
    let words = description.unwrap_or_default();
    use ctg::changes::Segment::{Added, Removed, Same};
    assert_eq!(
        words,
        [
            Same("Un mercredi ".into()),
            Removed("par mois,".into()),
            Added("sur deux,".into()),
            Same(
                " ateliers animés par une éducatrice de jeunes enfants, ouverts aux familles du "
                    .into()
            ),
            Removed("territoire.".into()),
            Added("territoire et aux assistantes maternelles.".into()),
        ]
    );
    // The renumbered action is said to be found by resemblance.
    let renumbered = p.actions.iter().find(|a| a.kind == ChangeKind::Renumbered);
    assert_eq!(renumbered.and_then(|a| a.resemblance), Some(1.0));
    // The narrative opens the report.
    let config = config();
    let narrative = ctg::outputs::report::changes::narrative(&report, &config.referentiel);
    assert_eq!(
        narrative[0],
        "1 partenaire a modifié son plan d'actions entre v1 et v2."
    );
    assert_eq!(
        narrative[1],
        "MJC de Lavaur (MJCL) a ajouté 1 action à l'axe 2, en a clôturé 1, en a supprimé 1, en a renuméroté 1, en a modifié 2 autres et a mis à jour les indicateurs de 1 action ; 1 statut en recul (MJCL-003 : Réalisée → En cours)."
    );
    let md = ctg::outputs::report::changes::markdown(&report, &config.referentiel);
    assert!(
        md.contains("Un mercredi ~~par mois,~~**sur deux,** ateliers"),
        "{md}"
    );
}

#[test]
fn reordered_rows_alone_change_nothing() {
    let reordered = Book::standard("MJCL", "MJC de Lavaur")
        .action(action(5))
        .action(with(
            with(action(3), "Statut", Some(t("Réalisée"))),
            "Avancement (%)",
            Some(n(100.0)),
        ))
        .action(action(1))
        .action(action(4))
        .raw_row("Actions", vec![])
        .action(action(2))
        .indicator(valid_indicator("MJCL-005"))
        .indicator(valid_indicator("MJCL-004"))
        .indicator(valid_indicator("MJCL-003"))
        .indicator(valid_indicator("MJCL-002"))
        .indicator(valid_indicator("MJCL-001"));
    let report = report_between(&version_1(), &reordered, &ChangeSettings::default());
    assert!(report.is_empty(), "{:?}", lines(&report));
    let config = config();
    assert_eq!(
        ctg::outputs::report::changes::narrative(&report, &config.referentiel),
        ["Aucune modification entre v1 et v2."]
    );
}

#[test]
fn an_inserted_row_is_one_addition() {
    let inserted = Book::standard("MJCL", "MJC de Lavaur")
        .action(action(1))
        .action(action(2))
        .action(with(
            valid_action("MJCL", 9),
            "Intitulé",
            Some(t("Nouvelle action au milieu")),
        ))
        .action(with(
            with(action(3), "Statut", Some(t("Réalisée"))),
            "Avancement (%)",
            Some(n(100.0)),
        ))
        .action(action(4))
        .action(action(5))
        .indicator(valid_indicator("MJCL-001"))
        .indicator(valid_indicator("MJCL-002"))
        .indicator(valid_indicator("MJCL-003"))
        .indicator(valid_indicator("MJCL-004"))
        .indicator(valid_indicator("MJCL-005"))
        .indicator(valid_indicator("MJCL-009"));
    let report = report_between(&version_1(), &inserted, &ChangeSettings::default());
    assert_eq!(
        lines(&report),
        [
            "MJCL-009 ajoutée",
            "MJCL-009 « Nombre de familles participantes » ajouté"
        ]
    );
}

#[test]
fn tolerance_trailing_spaces_and_ignored_columns() {
    let new = Book::standard("MJCL", "MJC de Lavaur")
        .action(with(
            with(action(1), "Budget prévisionnel (€)", Some(n(5000.004))),
            "Commentaires",
            Some(t("Bilan très positif")),
        ))
        .action(with(
            action(2),
            "Intitulé",
            Some(t("Action numéro 2 : forum emploi   ")),
        ))
        .action(with(
            with(action(3), "Statut", Some(t("Réalisée"))),
            "Avancement (%)",
            Some(n(100.0)),
        ))
        .action(action(4))
        .action(action(5))
        .indicator(valid_indicator("MJCL-001"))
        .indicator(valid_indicator("MJCL-002"))
        .indicator(valid_indicator("MJCL-003"))
        .indicator(valid_indicator("MJCL-004"))
        .indicator(valid_indicator("MJCL-005"));
    let report = report_between(&version_1(), &new, &ChangeSettings::default());
    assert_eq!(
        lines(&report),
        ["MJCL-001 modifiée", "  commentaires:  → Bilan très positif"]
    );
    let ignore_comments = ChangeSettings {
        ignored: vec!["commentaires".into()],
        ..ChangeSettings::default()
    };
    assert!(report_between(&version_1(), &new, &ignore_comments).is_empty());
}

#[test]
fn ignored_columns_are_configured_in_ctg_toml() -> TestResult {
    let source = ctg::referentiel::DEFAULT_TOML.replace(
        "ignorer = []",
        "ignorer = [\"Commentaires\", \"colonne:Remarques internes\"]",
    );
    let config = ctg::referentiel::Config::parse(&source)?;
    assert_eq!(
        config.changes.ignored,
        ["commentaires", "colonne:Remarques internes"]
    );
    let bad = ctg::referentiel::DEFAULT_TOML.replace("ignorer = []", "ignorer = [\"Comentaires\"]");
    let err = match ctg::referentiel::Config::parse(&bad) {
        Ok(_) => return Err("a misspelt column must be refused".into()),
        Err(e) => e,
    };
    assert!(
        err.problems[0].message.contains(
            "« Comentaires » n'est pas une colonne du modèle. Vouliez-vous dire « Commentaires » ?"
        ),
        "{err}"
    );
    assert!(err.problems[0].line.is_some());
    Ok(())
}
