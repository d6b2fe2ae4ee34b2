//! Joint actions (issue 15): one action carried by several partners is
//! counted once. Plans are built in code — as `Action`s for the resolution
//! itself, as partner workbooks consolidated in-process for what the
//! consolidated workbook, the retour pages and the status page show, and
//! through the `ctg` binary for the links over time.
//!
//! The threshold of the undeclared detection is measured here, on examples
//! written down: pairs that must match and pairs that must not.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

use crate::common::*;
use calamine::{Data, Reader, Xlsx};
use chrono::{NaiveDate, NaiveDateTime};
use ctg::consolidate::Consolidation;
use ctg::consolidate::joint::{JointPlan, LIKELY_THRESHOLD, PartnerRows, Role, resemblance};
use ctg::finding::{Code, Finding, Severity};
use ctg::model::Action;
use ctg::outputs::consolidated::{self, Changes};
use ctg::outputs::pages::{dashboard, feedback};
use ctg::store::Store;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

// ------------------------------------------------------------ plans as actions

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// An action of objective `objective`, from `start` to `end`.
fn action(
    number: &str,
    title: &str,
    objective: &str,
    description: &str,
    (start, end): (Option<NaiveDate>, Option<NaiveDate>),
) -> Action {
    Action {
        number: number.to_owned(),
        title: title.to_owned(),
        objective: objective.to_owned(),
        description: description.to_owned(),
        start,
        end,
        ..Action::default()
    }
}

/// The same action with a budget and a CAF amount, and links.
fn costing(mut a: Action, budget: f64, caf: f64, links: &[&str]) -> Action {
    a.budget = Some(budget);
    a.funding = BTreeMap::from([("caf".to_owned(), caf)]);
    a.joint_with = links.iter().map(|l| (*l).to_owned()).collect();
    a
}

/// The séjour of the issue, as partner `number` declares it.
fn stay(number: &str, budget: f64, caf: f64, links: &[&str]) -> Action {
    costing(
        action(number, STAY, "1.2.1", STAY_TEXT, SUMMER),
        budget,
        caf,
        links,
    )
}

const SUMMER: (Option<NaiveDate>, Option<NaiveDate>) = (
    NaiveDate::from_ymd_opt(2024, 7, 8),
    NaiveDate::from_ymd_opt(2024, 7, 19),
);

const STAY: &str = "Séjour mutualisé été jeunes 13-17 ans";
const STAY_TEXT: &str = "Une semaine en juillet au bord de la mer pour 24 jeunes de 13 à 17 ans, encadrée par les deux structures.";

fn plan<'a>(code: &'a str, name: &'a str, actions: &'a [Action]) -> PartnerRows<'a> {
    PartnerRows {
        code,
        name,
        file: "plan.xlsx",
        table: None,
        actions,
    }
}

/// Asserts that nothing is said to any partner.
fn assert_silent(plan: &JointPlan) {
    assert!(
        plan.partner_findings.is_empty(),
        "{:?}",
        plan.partner_findings
    );
}

fn codes(plan: &JointPlan, code: &str) -> Vec<Code> {
    plan.findings_for(code).map(|f| f.code).collect()
}

// ------------------------------------------------------------ the threshold

/// (title, description) of two actions.
type Pair = ((&'static str, &'static str), (&'static str, &'static str));

/// The same action, as two partners would each describe it.
const MUST_MATCH: [Pair; 8] = [
    ((STAY, STAY_TEXT), (STAY, STAY_TEXT)),
    (
        (
            "Séjour mutualisé été jeunes 13-17 ans",
            "Séjour d'une semaine en juillet pour 24 jeunes de 13 à 17 ans, organisé avec le Service Jeunesse.",
        ),
        (
            "Séjour été mutualisé 13-17 ans (avec la MJC)",
            "Une semaine de séjour en juillet pour 24 jeunes (13-17 ans), co-organisé avec la MJC de Lavaur.",
        ),
    ),
    (
        (
            "Passerelle crèche / ALSH",
            "Visites de l'accueil de loisirs par les enfants de la crèche avant leur entrée à l'école.",
        ),
        (
            "Projet passerelle crèche–ALSH",
            "Les enfants de la crèche visitent l'ALSH avant la rentrée scolaire : trois matinées de découverte.",
        ),
    ),
    (
        (
            "Chantiers jeunes d'été",
            "Chantiers de rénovation du patrimoine communal par des jeunes de 16-17 ans en échange d'une bourse.",
        ),
        (
            "Chantier jeunes été (avec le Service Jeunesse)",
            "Chantiers d'été : les jeunes de 16-17 ans rénovent le patrimoine communal contre une bourse loisirs.",
        ),
    ),
    (
        (
            "Animateur jeunesse itinérant mutualisé",
            "Un animateur partagé par la MJC et le Service Jeunesse se déplace dans les communes rurales les mercredis.",
        ),
        (
            "Animateur itinérant partagé entre les communes rurales",
            "Un animateur partagé se déplace les mercredis dans les communes rurales (MJC et Service Jeunesse).",
        ),
    ),
    (
        (
            "Forum des métiers et de l'apprentissage",
            "Forum annuel au lycée de Lavaur : entreprises, CFA et jeunes de 15 à 25 ans.",
        ),
        (
            "Forum métiers / apprentissage",
            "Forum annuel des métiers au lycée de Lavaur avec les entreprises et les CFA.",
        ),
    ),
    (
        (
            "Semaine de la parentalité",
            "Une semaine d'ateliers, conférences et spectacles pour les parents, en octobre.",
        ),
        (
            "Semaine parentalité 2024",
            "En octobre, une semaine d'ateliers et de conférences pour les parents, avec un spectacle.",
        ),
    ),
    (
        (
            "Fête du jeu intercommunale",
            "Une journée de jeux en famille au parc de Lavaur, en mai, avec les ludothèques.",
        ),
        (
            "Fête du jeu",
            "Journée de jeux en famille au parc de Lavaur chaque mois de mai.",
        ),
    ),
];

/// Different actions with similar titles or words, among them the closest
/// pairs of the sample plan (`sample-workbooks/`, same objective).
const MUST_NOT_MATCH: [Pair; 9] = [
    (
        (
            "Séjour été jeunes 13-17 ans",
            "Séjour d'une semaine en juillet au bord de la mer pour 24 jeunes de 13 à 17 ans.",
        ),
        (
            "Séjour ski hiver 11-14 ans",
            "Une semaine au ski en février pour 16 jeunes de 11 à 14 ans.",
        ),
    ),
    (
        (
            "Ateliers parents-enfants",
            "Un mercredi par mois, ateliers d'éveil animés par une éducatrice pour les parents et leurs enfants.",
        ),
        (
            "Ateliers numériques pour les parents",
            "Ateliers d'initiation au numérique et aux démarches en ligne pour les parents.",
        ),
    ),
    (
        (
            "Point Information Jeunesse",
            "Accueil et information des jeunes sur l'emploi, la formation, le logement et les loisirs.",
        ),
        (
            "Point information familles",
            "Accueil et information des familles sur les modes de garde et les aides de la CAF.",
        ),
    ),
    (
        (
            "Semaine de la parentalité",
            "Une semaine d'ateliers, conférences et spectacles pour les parents, en octobre.",
        ),
        (
            "Semaine de la petite enfance",
            "Une semaine d'éveil et de spectacles pour les tout-petits dans les crèches, en mars.",
        ),
    ),
    (
        (
            "Chantiers jeunes d'été",
            "Chantiers de rénovation du patrimoine communal par des jeunes de 16-17 ans en échange d'une bourse.",
        ),
        (
            "Chantiers jeunes d'automne",
            "Chantier nature à la Toussaint : nettoyage des berges de l'Agout par des jeunes de 14-15 ans.",
        ),
    ),
    // MJCL-003 and ALSH-004 of the samples: associated, yet two actions.
    (
        (
            "Passerelle ALSH–MJC pour les 10-12 ans",
            "Mercredis découverte à la MJC pour les CM2 de l'ALSH intercommunal, puis inscription accompagnée aux activités de l'espace jeunes.",
        ),
        (
            "Passerelle ALSH–espace jeunes pour les 10-12 ans",
            "Activités communes un mercredi par mois avec l'espace jeunes et la MJC pour préparer le passage au collège.",
        ),
    ),
    // SJ-003 and MJCL-007 of the samples.
    (
        (
            "Réseau Jeunesse intercommunal",
            "Rencontre trimestrielle des acteurs jeunesse pour coordonner l'offre et construire le Projet Jeunesse territorial.",
        ),
        (
            "Conseil des jeunes intercommunal",
            "Un conseil de 21 jeunes (un par commune) qui propose et conduit des projets citoyens, accompagné par la MJC.",
        ),
    ),
    // LAEP-005 and EFS-003 of the samples.
    (
        (
            "LAEP itinérant dans les communes rurales",
            "Une séance mensuelle dans chacune des trois communes, dans les salles prêtées par les mairies.",
        ),
        (
            "Permanences itinérantes dans les communes rurales",
            "Une demi-journée par mois dans chaque mairie, sur rendez-vous pris auprès du secrétariat de mairie.",
        ),
    ),
    // EFS-003 and RPE-003 of the samples.
    (
        (
            "Permanences itinérantes dans les communes rurales",
            "Une demi-journée par mois dans chaque mairie, sur rendez-vous pris auprès du secrétariat de mairie.",
        ),
        (
            "Matinées d'éveil itinérantes dans les communes rurales",
            "Une matinée par semaine dans une salle municipale : jeux, éveil musical, échanges entre assistantes maternelles et parents.",
        ),
    ),
];

fn score(((t1, d1), (t2, d2)): &Pair) -> f64 {
    let a = action("A-001", t1, "1.2.1", d1, SUMMER);
    let b = action("B-001", t2, "1.2.1", d2, SUMMER);
    resemblance(&a, &b)
}

/// The measurement behind `LIKELY_THRESHOLD`: every pair that must match
/// scores above it, every pair that must not below, with room on both
/// sides. Run with `--nocapture` to see the scores.
#[test]
fn likely_threshold_parts_the_examples() {
    let matched: Vec<f64> = MUST_MATCH.iter().map(score).collect();
    let parted: Vec<f64> = MUST_NOT_MATCH.iter().map(score).collect();
    for (pair, s) in MUST_MATCH.iter().zip(&matched) {
        println!("doit correspondre  {s:.2}  {} / {}", pair.0.0, pair.1.0);
    }
    for (pair, s) in MUST_NOT_MATCH.iter().zip(&parted) {
        println!("ne doit pas        {s:.2}  {} / {}", pair.0.0, pair.1.0);
    }
    let lowest_match = matched.iter().copied().fold(f64::MAX, f64::min);
    let highest_other = parted.iter().copied().fold(f64::MIN, f64::max);
    assert!(
        lowest_match >= LIKELY_THRESHOLD + 0.04,
        "a pair that must match scores {lowest_match:.2}, threshold {LIKELY_THRESHOLD}"
    );
    assert!(
        highest_other <= LIKELY_THRESHOLD - 0.04,
        "a pair that must not match scores {highest_other:.2}, threshold {LIKELY_THRESHOLD}"
    );
}

/// The sample plan holds no joint action: consolidating it says nothing
/// of joint actions, so none of its figures moves.
#[test]
fn sample_plan_has_no_likely_joint_action() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-workbooks");
    let mut submissions = Vec::new();
    for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".md") {
            submissions.push(check_path(&entry.path(), &name));
        }
    }
    assert_eq!(submissions.len(), 9);
    let plans: Vec<PartnerRows> = submissions
        .iter()
        .map(|s| PartnerRows {
            code: &s.partner.code,
            name: &s.partner.name,
            file: &s.file,
            table: s.layout.actions.as_ref(),
            actions: &s.actions,
        })
        .collect();
    let joint = JointPlan::analyse(&plans);
    assert!(joint.actions.is_empty());
    assert!(joint.likely.is_empty(), "{:?}", joint.likely);
    assert_silent(&joint);
}

// ------------------------------------------------------------ resolution

#[test]
fn a_declared_copy_is_counted_once_as_the_leads_row() {
    let mjcl = [stay("MJCL-001", 12_000.0, 4_000.0, &[])];
    let sj = [stay("SJ-001", 12_000.0, 4_000.0, &["MJCL-001"])];
    let joint = JointPlan::analyse(&[
        plan("MJCL", "MJC de Lavaur", &mjcl),
        plan("SJ", "Service Jeunesse", &sj),
    ]);
    assert_eq!(joint.actions.len(), 1);
    let j = &joint.actions[0];
    assert_eq!(j.lead.number, "MJCL-001");
    assert_eq!(j.others[0].role, Role::Copy);
    // Only the SJ names the other row.
    assert!(!j.lead.declared && j.others[0].declared);
    assert!(joint.is_counted("MJCL-001") && !joint.is_counted("SJ-001"));
    assert_eq!(
        j.describe("SJ-001"),
        "action commune — comptée avec MJCL-001 (copie de ses montants)"
    );
    // Declared: not also reported as a likely joint action.
    assert!(joint.likely.is_empty());
    // The co-carrier is told its row is read as a copy; the lead, which
    // names nobody, is asked to confirm.
    assert_eq!(codes(&joint, "SJ"), [Code::JointActionCopy]);
    assert_eq!(codes(&joint, "MJCL"), [Code::JointActionUnconfirmed]);
    let confirm = joint.findings_for("MJCL").next().map(|f| f.message.clone());
    assert!(confirm.is_some_and(|m| {
        m.contains("SJ-001 (Service Jeunesse) indique que votre action MJCL-001")
    }),);
}

#[test]
fn the_lead_is_the_row_with_the_full_budget() {
    let mjcl = [stay("MJCL-001", 3_000.0, 0.0, &["SJ-001"])];
    let sj = [stay("SJ-001", 12_000.0, 4_000.0, &["MJCL-001"])];
    let joint = JointPlan::analyse(&[plan("MJCL", "MJC", &mjcl), plan("SJ", "SJ", &sj)]);
    let j = &joint.actions[0];
    assert_eq!(j.lead.number, "SJ-001");
    assert_eq!(j.lead.budget, Some(12_000.0));
    assert_eq!(j.others[0].role, Role::CoCarrier);
    assert_eq!(j.others[0].budget, Some(3_000.0));
    assert_eq!(
        j.describe("MJCL-001"),
        "action commune — comptée avec SJ-001"
    );
    assert_eq!(
        j.describe("SJ-001"),
        "action commune — porteur, avec MJCL-001"
    );
    // Both declare the link, amounts differ: nothing to say.
    assert_silent(&joint);
}

#[test]
fn among_equal_budgets_the_lead_is_the_row_the_others_name() {
    // The ALSH joins the SJ's action and copies its amounts: the SJ leads,
    // though « ALSH-001 » sorts first.
    let alsh = [stay("ALSH-001", 12_000.0, 4_000.0, &["SJ-001"])];
    let sj = [stay("SJ-001", 12_000.0, 4_000.0, &[])];
    let joint = JointPlan::analyse(&[plan("ALSH", "ALSH", &alsh), plan("SJ", "SJ", &sj)]);
    assert_eq!(joint.actions[0].lead.number, "SJ-001");
    assert_eq!(joint.actions[0].others[0].role, Role::Copy);
    // Each names the other: the smallest number.
    let alsh = [stay("ALSH-001", 12_000.0, 4_000.0, &["SJ-001"])];
    let sj = [stay("SJ-001", 12_000.0, 4_000.0, &["ALSH-001"])];
    let joint = JointPlan::analyse(&[plan("ALSH", "ALSH", &alsh), plan("SJ", "SJ", &sj)]);
    assert_eq!(joint.actions[0].lead.number, "ALSH-001");
}

#[test]
fn linked_rows_that_disagree_are_findings_for_both() {
    let other_objective = [costing(
        action("MJCL-001", STAY, "4.2.2", STAY_TEXT, SUMMER),
        12_000.0,
        4_000.0,
        &["SJ-001"],
    )];
    let a_year_later = [costing(
        action(
            "SJ-001",
            STAY,
            "1.2.1",
            STAY_TEXT,
            (date(2025, 7, 14), date(2025, 7, 25)),
        ),
        3_000.0,
        0.0,
        &["MJCL-001"],
    )];
    let joint = JointPlan::analyse(&[
        plan("MJCL", "MJC de Lavaur", &other_objective),
        plan("SJ", "Service Jeunesse", &a_year_later),
    ]);
    // Still one joint action: the link is what the partners declared.
    assert_eq!(joint.actions.len(), 1);
    for code in ["MJCL", "SJ"] {
        assert_eq!(
            codes(&joint, code),
            [Code::JointActionMismatch, Code::JointActionMismatch],
            "{code}"
        );
    }
    let shared: Vec<&str> = joint
        .shared_findings
        .iter()
        .map(|s| s.finding.message.as_str())
        .collect();
    assert_eq!(shared.len(), 2);
    assert!(
        shared
            .iter()
            .any(|m| m.contains("objectif opérationnel (1.2.1 ici, 4.2.2 pour MJCL-001)"))
    );
    assert!(
        shared
            .iter()
            .any(|m| m.contains("éloignées d'un an ou plus"))
    );
    assert!(
        shared
            .iter()
            .all(|m| m.contains("SJ-001") && m.contains("MJCL-001"))
    );
}

#[test]
fn dates_less_than_a_year_apart_do_not_disagree() {
    let mjcl = [stay("MJCL-001", 12_000.0, 4_000.0, &["SJ-001"])];
    // Typed a month off: no common day, but not years apart.
    let sj = [costing(
        action(
            "SJ-001",
            STAY,
            "1.2.1",
            STAY_TEXT,
            (date(2024, 8, 5), date(2024, 8, 16)),
        ),
        3_000.0,
        0.0,
        &["MJCL-001"],
    )];
    let joint = JointPlan::analyse(&[plan("MJCL", "MJC", &mjcl), plan("SJ", "SJ", &sj)]);
    assert_silent(&joint);
}

#[test]
fn three_partners_make_one_joint_action() {
    let mjcl = [stay("MJCL-001", 12_000.0, 4_000.0, &["SJ-001", "EFS-002"])];
    let sj = [stay("SJ-001", 3_000.0, 0.0, &["MJCL-001"])];
    // EFS names only SJ: linked through it.
    let efs = [
        action(
            "EFS-001",
            "Ateliers numériques",
            "3.2.3",
            "Initiation au numérique.",
            SUMMER,
        ),
        stay("EFS-002", 1_500.0, 0.0, &["SJ-001"]),
    ];
    let joint = JointPlan::analyse(&[
        plan("EFS", "Espaces France Services", &efs),
        plan("MJCL", "MJC", &mjcl),
        plan("SJ", "Service Jeunesse", &sj),
    ]);
    assert_eq!(joint.actions.len(), 1);
    let j = &joint.actions[0];
    assert_eq!(j.numbers(), ["MJCL-001", "EFS-002", "SJ-001"]);
    assert_eq!(j.partners(), ["MJCL", "EFS", "SJ"]);
    assert_eq!(joint.partners_involved(), 3);
    assert!(joint.is_counted("EFS-001") && joint.is_counted("MJCL-001"));
    assert!(!joint.is_counted("EFS-002") && !joint.is_counted("SJ-001"));
    assert_silent(&joint);
}

#[test]
fn a_link_to_no_action_is_a_finding_with_a_suggestion() -> Res<()> {
    let mjcl = [
        stay("MJCL-001", 12_000.0, 4_000.0, &["SJ-009"]),
        costing(
            action("MJCL-002", "Chantiers jeunes d'été", "1.2.1", "", SUMMER),
            2_000.0,
            0.0,
            &["SJ-7"],
        ),
        costing(
            action("MJCL-003", STAY, "1.2.1", "", SUMMER),
            1.0,
            0.0,
            &["XYZ-001"],
        ),
        costing(
            action("MJCL-004", "Fête du jeu", "2.2.1", "", SUMMER),
            1.0,
            0.0,
            &["LAEP-003"],
        ),
    ];
    let sj = [
        action(
            "SJ-001",
            "Séjour mutualisé été 13-17 ans",
            "1.2.1",
            "",
            SUMMER,
        ),
        action("SJ-002", "Point Information Jeunesse", "1.2.2", "", SUMMER),
        action("SJ-007", "Conseil des jeunes", "1.2.3", "", SUMMER),
    ];
    let joint = JointPlan::analyse(&[
        plan("LAEP", "Lieu d'Accueil Enfants Parents", &[]),
        plan("MJCL", "MJC de Lavaur", &mjcl),
        plan("SJ", "Service Jeunesse", &sj),
    ]);
    assert!(joint.actions.is_empty());
    // (MJCL-001 and MJCL-003 are also much like SJ-001: said apart.)
    let found: Vec<&Finding> = joint
        .findings_for("MJCL")
        .filter(|f| f.code == Code::JointActionUnknown)
        .collect();
    assert_eq!(found.len(), 4, "{found:?}");
    let about = |n: &str| {
        found
            .iter()
            .find(|f| f.message.contains(&format!("indique {n}")))
            .copied()
    };
    // Closest by title first…
    let f = about("SJ-009").ok_or("SJ-009")?;
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        f.message
            .contains("le partenaire SJ (Service Jeunesse) n'a pas d'action SJ-009")
    );
    assert!(f.message.contains("MJCL-001 est comptée seule"));
    assert_eq!(
        f.suggestion.as_deref(),
        Some("Vouliez-vous dire SJ-001 (« Séjour mutualisé été 13-17 ans ») ?")
    );
    // …then by number when no title is close.
    let f = about("SJ-7").ok_or("SJ-7")?;
    assert_eq!(
        f.suggestion.as_deref(),
        Some("Vouliez-vous dire SJ-007 (« Conseil des jeunes ») ?")
    );
    // A code no partner has: any other partner's action, by title.
    let f = about("XYZ-001").ok_or("XYZ-001")?;
    assert!(
        f.message
            .contains("aucun partenaire de la CTG n'a le code « XYZ »")
    );
    assert!(
        f.suggestion
            .as_deref()
            .is_some_and(|s| s.contains("SJ-001"))
    );
    // A partner with no plan yet: nothing to fix, the link waits.
    let f = about("LAEP-003").ok_or("LAEP-003")?;
    assert_eq!(f.severity, Severity::Info);
    assert!(f.message.contains("ne compte encore aucune action retenue"));
    Ok(())
}

#[test]
fn different_actions_with_similar_titles_are_not_linked() {
    let yearly = |number: &str, year: i32| {
        action(
            number,
            STAY,
            "1.2.1",
            STAY_TEXT,
            (date(year, 7, 8), date(year, 7, 19)),
        )
    };
    // The same stay twice: under two objectives, or years apart.
    let mjcl = [
        yearly("MJCL-001", 2023),
        action("MJCL-002", STAY, "4.2.2", STAY_TEXT, SUMMER),
        action(
            "MJCL-003",
            "Séjour mutualisé été 2023",
            "1.2.3",
            STAY_TEXT,
            SUMMER,
        ),
    ];
    let sj = [
        yearly("SJ-001", 2025),
        action("SJ-002", STAY, "1.2.2", STAY_TEXT, SUMMER),
        // Titles whose numbers differ name two editions.
        action(
            "SJ-003",
            "Séjour mutualisé été 2024",
            "1.2.3",
            STAY_TEXT,
            SUMMER,
        ),
        // Same objective and dates, similar title, another action.
        action(
            "SJ-004",
            "Séjour ski hiver 11-14 ans",
            "1.2.1",
            "Une semaine au ski en février pour 16 jeunes de 11 à 14 ans.",
            (date(2023, 2, 1), date(2025, 12, 31)),
        ),
    ];
    let joint = JointPlan::analyse(&[plan("MJCL", "MJC", &mjcl), plan("SJ", "SJ", &sj)]);
    assert!(joint.likely.is_empty(), "{:?}", joint.likely);
    assert_silent(&joint);
    // The control: the same two rows a year apart are alike once their
    // dates meet.
    let sj = [yearly("SJ-001", 2023)];
    let joint = JointPlan::analyse(&[plan("MJCL", "MJC", &mjcl[..1]), plan("SJ", "SJ", &sj)]);
    assert_eq!(joint.likely.len(), 1);
}

// ------------------------------------------------------------ consolidated

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 6, 15)
        .and_then(|d| d.and_hms_opt(10, 30, 0))
        .unwrap_or_default()
}

/// One row of the partner's workbook: a valid action, reworded.
fn stay_row(code: &str, i: u32, changes: Vec<(&'static str, V)>) -> Vec<(&'static str, V)> {
    let base = with_all(
        valid_action(code, i),
        vec![
            ("Intitulé", t(STAY)),
            ("Objectif opérationnel", t("1.2.1")),
            ("Champ d'intervention", t("Jeunesse")),
            ("Public cible", t("Adolescents (13-17 ans)")),
            ("Description", t(STAY_TEXT)),
            ("Date de début", d(2024, 7, 8)),
            ("Date de fin", d(2024, 7, 19)),
            ("Statut", t("À venir")),
            ("Avancement (%)", n(0.0)),
            ("Budget prévisionnel (€)", n(12_000.0)),
            ("Financement CAF (€)", n(4_000.0)),
            ("Financement CCTA (€)", n(8_000.0)),
            ("Financement communes (€)", n(0.0)),
        ],
    );
    with_all(base, changes)
}

/// A co-carrier's row of the séjour: it names `links` and gives 2 000 €
/// (all from the CCTA), with `changes`.
fn contribution(
    code: &str,
    links: &str,
    changes: Vec<(&'static str, V)>,
) -> Vec<(&'static str, V)> {
    let own = vec![
        ("Action commune avec", t(links)),
        ("Budget prévisionnel (€)", n(2_000.0)),
        ("Financement CAF (€)", n(0.0)),
        ("Financement CCTA (€)", n(2_000.0)),
    ];
    stay_row(code, 1, with_all(own, changes))
}

/// A partner's workbook: its rows, each with an indicator.
fn workbook(code: &str, name: &str, rows: Vec<Vec<(&'static str, V)>>) -> Book {
    let mut book = Book::standard(code, name);
    for (i, row) in rows.into_iter().enumerate() {
        book = book
            .action(row)
            .indicator(valid_indicator(&format!("{code}-{:03}", i + 1)));
    }
    book
}

/// The MJC's workbook, under its usual name.
fn mjcl(rows: Vec<Vec<(&'static str, V)>>) -> (&'static str, Book) {
    ("plan-MJCL.xlsx", workbook("MJCL", "MJC de Lavaur", rows))
}

/// The Service Jeunesse's workbook.
fn sj(rows: Vec<Vec<(&'static str, V)>>) -> (&'static str, Book) {
    (
        "plan-SJ.xlsx",
        workbook("SJ", "Service Jeunesse intercommunal", rows),
    )
}

/// The Espaces France Services' workbook.
fn efs(rows: Vec<Vec<(&'static str, V)>>) -> (&'static str, Book) {
    (
        "plan-EFS.xlsx",
        workbook("EFS", "Espaces France Services", rows),
    )
}

/// Consolidates the workbooks in-process, as `ctg consolider` would.
fn consolidated(books: &[(&str, Book)]) -> Res<(tempfile::TempDir, Consolidation)> {
    let dir = tempfile::tempdir()?;
    let depots = dir.path().join("depots");
    std::fs::create_dir_all(&depots)?;
    for (name, book) in books {
        book.save(&depots, name);
    }
    let store = Store::open(&dir.path().join(".ctg"))?;
    let c = consolidate_in_process(dir.path(), &config(), &store, now())?;
    Ok((dir, c))
}

/// A sheet of the consolidated workbook, as text rows.
fn sheet(c: &Consolidation, name: &str) -> Res<Vec<Vec<String>>> {
    let bytes = consolidated::build(c, &config(), Changes::FirstRun)?;
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))?;
    let range = wb.worksheet_range(name)?;
    Ok(range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Float(x) => x.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect())
}

/// The value next to a label of the Synthèse's key figures.
fn figure(synthesis: &[Vec<String>], label: &str) -> Res<f64> {
    let row = synthesis
        .iter()
        .find(|r| r.first().is_some_and(|l| l == label))
        .ok_or_else(|| format!("no figure « {label} »"))?;
    Ok(row.get(1).ok_or("no value")?.parse()?)
}

/// The rows of a table sheet as header → value.
fn table(rows: &[Vec<String>]) -> Vec<BTreeMap<String, String>> {
    let Some((header, body)) = rows.split_first() else {
        return Vec::new();
    };
    body.iter()
        .map(|r| header.iter().cloned().zip(r.iter().cloned()).collect())
        .collect()
}

/// The status page, beside the feedback pages, without a change report.
fn status_page(c: &Consolidation) -> String {
    let links = dashboard::Links {
        feedback: "../retours/".to_owned(),
        report: None,
    };
    dashboard::render(c, &config(), None, &links, None)
}

fn retour(c: &Consolidation, code: &str) -> Res<String> {
    let p = c
        .partners
        .iter()
        .find(|p| p.code == code)
        .ok_or_else(|| format!("no partner {code}"))?;
    Ok(feedback::render(p, c, &config(), None))
}

#[test]
fn undeclared_joint_action_warns_both_partners_and_keeps_the_totals() -> Res<()> {
    let (_dir, c) = consolidated(&[
        mjcl(vec![stay_row("MJCL", 1, vec![])]),
        sj(vec![stay_row("SJ", 1, vec![])]),
    ])?;
    assert_eq!(c.joint.likely.len(), 1);
    assert!(c.joint.actions.is_empty());
    // Each partner, at its own « Action commune avec » cell (column V of
    // the test template: the 19 columns of ctg-1, then Constat, Moyens).
    let mjcl = retour(&c, "MJCL")?;
    assert!(
        mjcl.contains("Votre action MJCL-001 ressemble à SJ-001 (Service Jeunesse intercommunal)")
    );
    assert!(mjcl.contains("Feuille « Actions », cellule V2"));
    let sj = retour(&c, "SJ")?;
    assert!(sj.contains("Votre action SJ-001 ressemble à MJCL-001 (MJC de Lavaur)"));
    // The coordinator: one Anomalies line naming both.
    let anomalies = table(&sheet(&c, "Anomalies")?);
    let likely: Vec<_> = anomalies
        .iter()
        .filter(|r| r["Code"] == "action-commune-probable")
        .collect();
    assert_eq!(likely.len(), 1, "{anomalies:?}");
    assert_eq!(likely[0]["Partenaire"], "MJCL, SJ");
    assert!(likely[0]["Message"].contains("MJCL-001 (MJC de Lavaur) et SJ-001"));
    let page = status_page(&c);
    assert!(page.contains("MJCL-001 (« Séjour mutualisé été jeunes 13-17 ans ») et SJ-001"));
    // Nobody declared it: both rows still count.
    let synthesis = sheet(&c, "Synthèse")?;
    assert_eq!(figure(&synthesis, "Actions")?, 2.0);
    assert_eq!(figure(&synthesis, "Budget prévisionnel total")?, 24_000.0);
    assert_eq!(figure(&synthesis, "  CAF")?, 8_000.0);
    assert_eq!(
        figure(&synthesis, "Actions communes (comptées une fois)")?,
        0.0
    );
    // The warnings figure counts the pair once, as Anomalies lists it.
    let warnings = anomalies
        .iter()
        .filter(|r| r["Gravité"] == "avertissement")
        .count();
    assert_eq!(
        figure(&synthesis, "Anomalies : avertissements")?,
        warnings as f64
    );
    Ok(())
}

/// The séjour, declared by the Service Jeunesse as its own
/// contribution to the MJC's action, beside another action of the MJC.
fn declared(sj_amounts: [f64; 3]) -> Res<(tempfile::TempDir, Consolidation)> {
    let [budget, caf, ccta] = sj_amounts;
    consolidated(&[
        mjcl(vec![
            stay_row("MJCL", 1, vec![]),
            with(
                valid_action("MJCL", 2),
                "Intitulé",
                Some(t("Soirées débat parents-ados")),
            ),
        ]),
        sj(vec![stay_row(
            "SJ",
            1,
            vec![
                ("Action commune avec", t("mjcl-001")),
                ("Budget prévisionnel (€)", n(budget)),
                ("Financement CAF (€)", n(caf)),
                ("Financement CCTA (€)", n(ccta)),
            ],
        )]),
    ])
}

#[test]
fn declared_joint_action_is_counted_once_and_shows_contributions() -> Res<()> {
    let (_dir, c) = declared([3_000.0, 0.0, 3_000.0])?;
    assert_eq!(c.joint.actions.len(), 1);
    // Budget and CAF once: the séjour's 12 000 € and 4 000 €, plus the
    // MJC's other action (5 000 €, 2 000 € CAF); not the SJ's 3 000 €.
    let synthesis = sheet(&c, "Synthèse")?;
    assert_eq!(figure(&synthesis, "Actions")?, 2.0);
    assert_eq!(figure(&synthesis, "Budget prévisionnel total")?, 17_000.0);
    assert_eq!(figure(&synthesis, "  CAF")?, 6_000.0);
    assert_eq!(figure(&synthesis, "  CCTA")?, 9_500.0);
    assert_eq!(
        figure(&synthesis, "Actions communes (comptées une fois)")?,
        1.0
    );
    assert_eq!(figure(&synthesis, "  partenaires qui les portent")?, 2.0);
    // The table by axis and funder counts it once too.
    let header = synthesis
        .iter()
        .position(|r| r.iter().any(|h| h == "Budget prévisionnel"))
        .ok_or("no budget table")?;
    let budget_col = synthesis[header]
        .iter()
        .position(|h| h == "Budget prévisionnel")
        .ok_or("no budget column")?;
    let axis = synthesis[header..]
        .iter()
        .find(|r| r.first().is_some_and(|l| l.starts_with("1 — ")))
        .ok_or("axis 1")?;
    assert_eq!(axis[budget_col], "12000");
    // Actions: one row per partner row, the co-carrier's saying with whom.
    let actions = table(&sheet(&c, "Actions")?);
    assert_eq!(actions.len(), 3);
    let row = |n: &str| actions.iter().find(|r| r["N° action"] == n);
    assert_eq!(
        row("SJ-001").ok_or("SJ-001")?["Action commune"],
        "action commune — comptée avec MJCL-001"
    );
    assert_eq!(
        row("SJ-001").ok_or("SJ-001")?["Budget prévisionnel (€)"],
        "3000"
    );
    assert_eq!(
        row("MJCL-001").ok_or("MJCL-001")?["Action commune"],
        "action commune — porteur, avec SJ-001"
    );
    assert_eq!(row("MJCL-002").ok_or("MJCL-002")?["Action commune"], "");
    // Couverture: one action under 1.2.1, carried by two partners.
    let coverage = sheet(&c, "Couverture")?;
    // The objectives' grid comes below the ranked lists, where 1.2.1, with
    // only a planned action, is listed too: its row is the last.
    let objective = coverage
        .iter()
        .rfind(|r| r.first().is_some_and(|l| l.starts_with("1.2.1 ")))
        .ok_or("1.2.1")?;
    // Planned (« À venir »), with its two partners and its lead's budget.
    assert_eq!(
        (
            objective[1].as_str(),
            objective[4].as_str(),
            objective[5].as_str(),
            objective[6].as_str()
        ),
        ("0", "1", "2", "12000")
    );
    // The status page: lead, co-carrier and each contribution.
    let page = status_page(&c);
    assert!(page.contains("<h2>Actions communes</h2>"));
    assert!(page.contains("SJ-001 — Service Jeunesse intercommunal</td><td>co-porteur</td><td class=\"num\">3\u{202f}000 €"));
    assert!(page.contains(
        "MJCL-001 — MJC de Lavaur</td><td>porteur</td><td class=\"num\">12\u{202f}000 €"
    ));
    // The partners: the co-carrier sees how its row counts; the lead, which
    // did not declare the link, is asked to confirm it.
    assert!(retour(&c, "SJ")?.contains("action commune — comptée avec MJCL-001"));
    let mjcl = retour(&c, "MJCL")?;
    assert!(mjcl.contains("SJ-001 (Service Jeunesse intercommunal) indique que votre action MJCL-001 est la même action commune"));
    Ok(())
}

#[test]
fn a_copy_of_the_leads_amounts_is_counted_once_and_said() -> Res<()> {
    // The case: both rows carry 12 000 € and 4 000 € CAF.
    let (_dir, c) = declared([12_000.0, 4_000.0, 8_000.0])?;
    let synthesis = sheet(&c, "Synthèse")?;
    assert_eq!(figure(&synthesis, "Budget prévisionnel total")?, 17_000.0);
    assert_eq!(figure(&synthesis, "  CAF")?, 6_000.0);
    let sj = retour(&c, "SJ")?;
    assert!(sj.contains("Pour information"));
    assert!(sj.contains("SJ-001 reprend les montants de MJCL-001 (MJC de Lavaur), porteur de cette action commune (budget 12\u{202f}000 €) : votre ligne est lue comme une copie"));
    let actions = table(&sheet(&c, "Actions")?);
    let sj_row = actions
        .iter()
        .find(|r| r["N° action"] == "SJ-001")
        .ok_or("SJ-001")?;
    assert_eq!(
        sj_row["Action commune"],
        "action commune — comptée avec MJCL-001 (copie de ses montants)"
    );
    Ok(())
}

#[test]
fn three_partners_count_once_and_cover_all_their_communes() -> Res<()> {
    let (_dir, c) = consolidated(&[
        mjcl(vec![stay_row(
            "MJCL",
            1,
            vec![
                ("Communes concernées", t("Lavaur")),
                ("Action commune avec", t("SJ-001; EFS-001")),
            ],
        )]),
        sj(vec![contribution(
            "SJ",
            "MJCL-001",
            vec![("Communes concernées", t("Saint-Sulpice-la-Pointe"))],
        )]),
        efs(vec![contribution(
            "EFS",
            "MJCL-001",
            vec![("Communes concernées", t("Teulat"))],
        )]),
    ])?;
    assert_eq!(c.joint.actions.len(), 1);
    assert_eq!(
        c.joint.actions[0].numbers(),
        ["MJCL-001", "EFS-001", "SJ-001"]
    );
    assert!(c.joint.likely.is_empty() && c.joint.partner_findings.is_empty());
    let synthesis = sheet(&c, "Synthèse")?;
    assert_eq!(figure(&synthesis, "Actions")?, 1.0);
    assert_eq!(figure(&synthesis, "Budget prévisionnel total")?, 12_000.0);
    assert_eq!(figure(&synthesis, "  partenaires qui les portent")?, 3.0);
    let coverage = sheet(&c, "Couverture")?;
    // The grid of objectives × communes named, below the ranked lists.
    let header = coverage
        .iter()
        .find(|r| {
            r.first().is_some_and(|l| l == "Objectif opérationnel")
                && r.get(1).is_some_and(|l| l == "En cours ou réalisées")
        })
        .ok_or("header")?;
    let objective = coverage
        .iter()
        .rfind(|r| r.first().is_some_and(|l| l.starts_with("1.2.1 ")))
        .ok_or("1.2.1")?;
    // One planned action, three partners.
    assert_eq!((objective[4].as_str(), objective[5].as_str()), ("1", "3"));
    // Planned, it names the communes of all its rows.
    let planned = coverage
        .iter()
        .find(|r| {
            r.first()
                .is_some_and(|l| l == "Actions prévues ou en attente qui la nomment")
        })
        .ok_or("planned row")?;
    for (commune, expected) in [
        ("Lavaur", "1"),
        ("Saint-Sulpice-la-Pointe", "1"),
        ("Teulat", "1"),
        ("Ambres", "0"),
    ] {
        let col = header.iter().position(|h| h == commune).ok_or(commune)?;
        assert_eq!(planned[col], expected, "{commune}");
    }
    Ok(())
}

#[test]
fn a_wrong_link_is_told_at_its_cell_with_a_suggestion() -> Res<()> {
    let (_dir, c) = consolidated(&[
        mjcl(vec![stay_row(
            "MJCL",
            1,
            vec![("Action commune avec", t("SJ-009"))],
        )]),
        sj(vec![stay_row("SJ", 1, vec![])]),
    ])?;
    assert!(c.joint.actions.is_empty());
    let mjcl = c.partners.iter().find(|p| p.code == "MJCL").ok_or("MJCL")?;
    let wrong = mjcl
        .findings
        .iter()
        .find(|f| f.code == Code::JointActionUnknown)
        .ok_or("no finding")?;
    assert_eq!(
        wrong.location.as_ref().map(|l| l.to_string()).as_deref(),
        Some("Actions!V2")
    );
    assert_eq!(wrong.file, "plan-MJCL.xlsx");
    assert_eq!(
        wrong.suggestion.as_deref(),
        Some("Vouliez-vous dire SJ-001 (« Séjour mutualisé été jeunes 13-17 ans ») ?")
    );
    let page = retour(&c, "MJCL")?;
    assert!(
        page.contains("le partenaire SJ (Service Jeunesse intercommunal) n'a pas d'action SJ-009")
    );
    // Counted alone: both rows are in the totals.
    let synthesis = sheet(&c, "Synthèse")?;
    assert_eq!(figure(&synthesis, "Budget prévisionnel total")?, 24_000.0);
    let anomalies = table(&sheet(&c, "Anomalies")?);
    assert!(
        anomalies
            .iter()
            .any(|r| r["Code"] == "action-commune-introuvable"
                && r["Partenaire"] == "MJCL"
                && r["Cellule"] == "V2")
    );
    Ok(())
}

#[test]
fn a_link_to_another_row_of_the_same_plan_is_refused_in_the_file() {
    let s = workbook(
        "MJCL",
        "MJC de Lavaur",
        vec![
            stay_row("MJCL", 1, vec![("Action commune avec", t("MJCL-002"))]),
            with(
                valid_action("MJCL", 2),
                "Intitulé",
                Some(t("Soirées débat")),
            ),
        ],
    )
    .check();
    let f = assert_finding(
        &s,
        Code::JointActionInvalid,
        Severity::Error,
        Some("Actions!V2"),
        "« MJCL-002 » est une autre action de votre propre plan",
    );
    assert!(f.message.contains("Il n'est pas pris en compte"));
    assert!(s.actions[0].joint_with.is_empty());
}

// ------------------------------------------------------------ over time

fn path_str(p: &Path) -> Res<&str> {
    p.to_str().ok_or_else(|| "non UTF-8 path".into())
}

fn ok(args: &[&str]) -> Res<String> {
    let (code, out, err) = run_ctg(args);
    assert_eq!(code, 0, "ctg {args:?}:\n{out}\n{err}");
    Ok(out)
}

/// Drops the SJ's workbook, its séjour naming `links`.
fn drop_sj(root: &Path, links: &str) -> Res<()> {
    let row = stay_row(
        "SJ",
        1,
        vec![
            ("Action commune avec", t(links)),
            ("Budget prévisionnel (€)", n(3_000.0)),
            ("Financement CAF (€)", n(0.0)),
            ("Financement CCTA (€)", n(3_000.0)),
        ],
    );
    workbook("SJ", "Service Jeunesse intercommunal", vec![row])
        .save(&root.join("depots"), "plan-SJ.xlsx");
    Ok(())
}

#[test]
fn links_made_and_broken_show_in_the_change_report_and_the_history() -> Res<()> {
    let (_tmp, root) = init_folder()?;
    let folder = path_str(&root)?;
    workbook("MJCL", "MJC de Lavaur", vec![stay_row("MJCL", 1, vec![])])
        .save(&root.join("depots"), "plan-MJCL.xlsx");
    drop_sj(&root, "")?;
    ok(&["consolider", folder, "-q"])?;
    drop_sj(&root, "MJCL-001")?;
    ok(&["consolider", folder, "-q"])?;
    // The change report of each run: the SJ's « Action commune avec ».
    let made = ok(&["rapport", folder, "--depuis-run", "1"])?;
    assert!(made.contains("lien créé avec MJCL-001"), "{made}");
    drop_sj(&root, "")?;
    ok(&["consolider", folder, "-q"])?;
    let json = ok(&["rapport", folder, "--depuis-run", "2", "--format", "json"])?;
    assert!(
        json.contains("\"remarque\": \"lien rompu avec MJCL-001\""),
        "{json}"
    );
    // The history of each action: its own links, and those of the others.
    let sj = ok(&["historique", folder, "--action", "SJ-001"])?;
    assert!(
        sj.contains("lien créé avec MJCL-001") && sj.contains("lien rompu avec MJCL-001"),
        "{sj}"
    );
    let mjcl = ok(&["historique", folder, "--action", "MJCL-001"])?;
    let made_at = mjcl
        .find("déclarée action commune par SJ-001 (Service Jeunesse intercommunal)")
        .ok_or(mjcl.clone())?;
    let broken_at = mjcl
        .find("n'est plus déclarée action commune par SJ-001 (Service Jeunesse intercommunal)")
        .ok_or(mjcl.clone())?;
    assert!(made_at < broken_at, "{mjcl}");
    assert!(
        mjcl.contains("Consolidation n° 2") && mjcl.contains("Consolidation n° 3"),
        "{mjcl}"
    );
    Ok(())
}

/// The three partners' séjour of `three_partners_count_once…`, in a shared
/// folder: the MJC leads, the SJ and the EFS each give 2 000 €.
fn three_partner_folder() -> Res<(tempfile::TempDir, std::path::PathBuf)> {
    let (tmp, root) = init_folder()?;
    let depots = root.join("depots");
    workbook("MJCL", "MJC de Lavaur", vec![stay_row("MJCL", 1, vec![])])
        .save(&depots, "plan-MJCL.xlsx");
    workbook(
        "SJ",
        "Service Jeunesse intercommunal",
        vec![contribution("SJ", "MJCL-001", vec![])],
    )
    .save(&depots, "plan-SJ.xlsx");
    workbook(
        "EFS",
        "Espaces France Services",
        vec![contribution("EFS", "MJCL-001", vec![])],
    )
    .save(&depots, "plan-EFS.xlsx");
    ok(&["consolider", path_str(&root)?, "-q"])?;
    Ok((tmp, root))
}

#[test]
fn fiches_and_open_data_show_a_joint_action_once() -> Res<()> {
    let (tmp, root) = three_partner_folder()?;
    let folder = path_str(&root)?;
    // The fiches: one for the joint action, the lead's, naming the others
    // and their contributions, with every partner's indicators.
    ok(&["fiches", folder])?;
    let html = std::fs::read_to_string(root.join("sortie").join("fiches-actions.html"))?;
    assert_eq!(
        html.matches("<section class=\"fiche\"").count(),
        1,
        "{html}"
    );
    assert!(html.contains("<h2>MJCL-001 — Séjour mutualisé été jeunes 13-17 ans</h2>"));
    assert!(html.contains("<dt>Co-porteurs (action commune)</dt><dd>Espaces France Services (EFS-001, contribution 2\u{202f}000 €) ; Service Jeunesse intercommunal (SJ-001, contribution 2\u{202f}000 €)</dd>"), "{html}");
    assert!(html.contains("Nombre de familles participantes (SJ-001)"));
    assert!(html.contains("Nombre de familles participantes (EFS-001)"));
    // A filter on a co-carrier keeps the joint action's fiche.
    ok(&["fiches", folder, "--partenaire", "SJ"])?;
    let html = std::fs::read_to_string(root.join("sortie").join("fiches-actions.html"))?;
    assert!(html.contains("<h2>MJCL-001 — Séjour mutualisé été jeunes 13-17 ans</h2>"));
    // The open data: every row, each saying how it counts.
    let out = tmp.path().join("ouvertes");
    ok(&["exporter", folder, "-o", path_str(&out)?])?;
    let mut csv = csv::Reader::from_path(out.join("actions.csv"))?;
    let headers = csv.headers()?.clone();
    let col = |h: &str| headers.iter().position(|x| x == h).ok_or(format!("no {h}"));
    let (number, role, lead) = (
        col("numero")?,
        col("action_commune_role")?,
        col("action_commune_porteur")?,
    );
    let mut rows: Vec<(String, String, String)> = Vec::new();
    for record in csv.records() {
        let r = record?;
        rows.push((r[number].to_owned(), r[role].to_owned(), r[lead].to_owned()));
    }
    rows.sort();
    let expected = [
        ("EFS-001", "co-porteur", "MJCL-001"),
        ("MJCL-001", "porteur", "MJCL-001"),
        ("SJ-001", "co-porteur", "MJCL-001"),
    ];
    assert_eq!(rows.len(), 3);
    for (row, (n, r, l)) in rows.iter().zip(expected) {
        assert_eq!((row.0.as_str(), row.1.as_str(), row.2.as_str()), (n, r, l));
    }
    let package = std::fs::read_to_string(out.join("datapackage.json"))?;
    assert!(package.contains("\"action_commune_role\""));
    Ok(())
}

#[test]
fn the_evaluation_counts_a_joint_action_once_with_every_indicator() -> Res<()> {
    let (_dir, c) = consolidated(&[
        mjcl(vec![stay_row("MJCL", 1, vec![])]),
        sj(vec![contribution("SJ", "MJCL-001", vec![])]),
        efs(vec![contribution("EFS", "MJCL-001", vec![])]),
    ])?;
    let e = ctg::evaluation::Evaluation::of(&c, &config().referentiel);
    assert_eq!(e.total.actions, 1);
    assert_eq!(e.total.budget, 12_000.0);
    assert_eq!(e.total.indicators, 3);
    assert_eq!(e.objectives.get("1.2.1").map(|t| t.actions), Some(1));
    Ok(())
}
