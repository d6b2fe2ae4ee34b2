//! The sample partner workbooks of `sample-workbooks/`: their data and how
//! each file is built.
//!
//! Shared by the generator (`examples/samples.rs`) and by
//! `tests/samples.rs`, which checks that the committed files still hold
//! exactly this data. The actors and actions come from the COPIL of
//! 24 January 2023 (diagnostic's actors, « pistes de travail » of each
//! operational objective); people, e-mail addresses and phone numbers are
//! invented.
//!
//! The state described is the one of early June 2024 (the date the tests
//! check against is 15/06/2024): actions ended before are « Réalisée »,
//! results are given for 2023 and 2024 only.
#![allow(dead_code)]

use std::error::Error;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use ctg::model::{Action, Communes, Indicator, IndicatorKind, IndicatorNature, IndicatorValue};
use ctg::outputs::template::{self, TemplateSpec};
use ctg::referentiel::{Config, Partner, Referentiel, StatusKind};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook,
    Worksheet,
};

/// Result of the generator's functions.
pub type Res<T> = Result<T, Box<dyn Error>>;

/// Clean samples saved again by LibreOffice: (file written by the
/// generator, format LibreOffice converts it to). `scripts/samples.sh`
/// converts them and removes the `.xlsx`.
pub const CONVERSIONS: [(&str, &str); 2] = [
    ("plan-actions-LAEP.xlsx", "ods"),
    ("plan-actions-RPE.xlsx", "xls"),
];

/// The CCAS's own workbook, made without the template.
pub const FAULTY_CCAS: &str = "ccas-ssp-actions-ctg-juin-2024.xlsx";
/// The Mission Locale's workbook, template columns but many slips.
pub const FAULTY_MLJ: &str = "mlj-suivi-ctg-2024.xlsx";
/// Actions sheet of the CCAS's workbook.
pub const CCAS_SHEET: &str = "Plan d'actions";

/// One clean sample: a partner's template, pre-filled.
#[derive(Debug, Clone)]
pub struct Sample {
    /// File name in `sample-workbooks/` (before any conversion).
    pub file: String,
    /// The partner.
    pub partner: Partner,
    /// Its actions, in sheet order.
    pub actions: Vec<Action>,
    /// Its indicators, in sheet order.
    pub indicators: Vec<Indicator>,
}

impl Sample {
    /// The file actually committed: the conversion's name when the sample is
    /// converted by LibreOffice.
    pub fn final_file(&self) -> String {
        match CONVERSIONS.iter().find(|(f, _)| *f == self.file) {
            Some((f, ext)) => format!("{}.{ext}", f.trim_end_matches(".xlsx")),
            None => self.file.clone(),
        }
    }
}

/// Every file the committed folder holds, once converted.
pub fn final_files() -> Vec<String> {
    let mut all: Vec<String> = clean().iter().map(Sample::final_file).collect();
    all.push(FAULTY_CCAS.to_owned());
    all.push(FAULTY_MLJ.to_owned());
    all.sort();
    all
}

// ---------------------------------------------------------------------------
// Builders for the data.
// ---------------------------------------------------------------------------

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

/// An action being described.
struct Draft(Action);

fn draft(code: &str, n: u32, title: &str, objective: &str) -> Draft {
    Draft(Action {
        number: format!("{code}-{n:03}"),
        title: title.to_owned(),
        objective: objective.to_owned(),
        ..Action::default()
    })
}

impl Draft {
    fn domains(mut self, v: &[&str]) -> Draft {
        self.0.domains = strings(v);
        self
    }
    fn audiences(mut self, v: &[&str]) -> Draft {
        self.0.audiences = strings(v);
        self
    }
    fn communes(mut self, v: &[&str]) -> Draft {
        self.0.communes = if v == ["Toutes"] {
            Communes::All
        } else {
            Communes::Some(strings(v))
        };
        self
    }
    fn texts(mut self, description: &str, contact: &str, associates: &str) -> Draft {
        self.0.description = description.to_owned();
        self.0.contact = contact.to_owned();
        self.0.associates = associates.to_owned();
        self
    }
    fn period(mut self, start: (i32, u32, u32), end: (i32, u32, u32)) -> Draft {
        self.0.start = day(start.0, start.1, start.2);
        self.0.end = day(end.0, end.1, end.2);
        self
    }
    fn status(mut self, k: StatusKind, progress: f64) -> Draft {
        self.0.status = Some(k);
        self.0.progress = Some(progress);
        self
    }
    /// Budget and its funding: CAF, CCTA, communes, others (zeros left out).
    fn budget(mut self, total: f64, parts: [f64; 4]) -> Draft {
        self.0.budget = Some(total);
        for (code, amount) in ["caf", "ccta", "communes", "autres"].iter().zip(parts) {
            if amount != 0.0 {
                self.0.funding.insert((*code).to_owned(), amount);
            }
        }
        self
    }
    fn comment(mut self, c: &str) -> Draft {
        self.0.comments = c.to_owned();
        self
    }
    /// Constat (the need answered) and moyens mobilisés.
    fn why(mut self, need: &str, means: &str) -> Draft {
        self.0.need = need.to_owned();
        self.0.means = means.to_owned();
        self
    }
    /// The dispositif CAF of the CAF amount.
    fn scheme(mut self, s: &str) -> Draft {
        self.0.caf_scheme = Some(s.to_owned());
        self
    }
}

/// A result indicator: what the action changes for its public.
fn result(i: Indicator) -> Indicator {
    Indicator {
        nature: Some(IndicatorNature::Result),
        ..i
    }
}

/// A means indicator: what the action uses.
fn means(i: Indicator) -> Indicator {
    Indicator {
        nature: Some(IndicatorNature::Means),
        ..i
    }
}

fn quantitative(
    action: &str,
    name: &str,
    unit: &str,
    baseline: f64,
    target: f64,
    results: &[(i32, f64)],
) -> Indicator {
    Indicator {
        action: action.to_owned(),
        name: name.to_owned(),
        kind: Some(IndicatorKind::Quantitative),
        unit: unit.to_owned(),
        baseline: Some(IndicatorValue::Number(baseline)),
        target: Some(IndicatorValue::Number(target)),
        results: results
            .iter()
            .map(|(y, v)| (*y, IndicatorValue::Number(*v)))
            .collect(),
        comment: String::new(),
        row: 0,
        ..Indicator::default()
    }
}

fn qualitative(action: &str, name: &str, target: &str, results: &[(i32, &str)]) -> Indicator {
    Indicator {
        action: action.to_owned(),
        name: name.to_owned(),
        kind: Some(IndicatorKind::Qualitative),
        unit: String::new(),
        baseline: None,
        target: Some(IndicatorValue::Text(target.to_owned())),
        results: results
            .iter()
            .map(|(y, v)| (*y, IndicatorValue::Text((*v).to_owned())))
            .collect(),
        comment: String::new(),
        row: 0,
        ..Indicator::default()
    }
}

fn partner(code: &str, name: &str, contact: &str, email: &str, phone: &str) -> Partner {
    Partner {
        code: code.to_owned(),
        name: name.to_owned(),
        contact: contact.to_owned(),
        email: email.to_owned(),
        phone: phone.to_owned(),
    }
}

/// Assembles a sample: rows numbered as the template writes them (header
/// in row 1).
fn sample(p: Partner, drafts: Vec<Draft>, indicators: Vec<Indicator>) -> Sample {
    let actions = drafts
        .into_iter()
        .enumerate()
        .map(|(i, f)| Action {
            row: i as u32 + 2,
            ..f.0
        })
        .collect();
    let indicators = indicators
        .into_iter()
        .enumerate()
        .map(|(i, ind)| Indicator {
            row: i as u32 + 2,
            ..ind
        })
        .collect();
    Sample {
        file: format!("plan-actions-{}.xlsx", p.code),
        partner: p,
        actions,
        indicators,
    }
}

// ---------------------------------------------------------------------------
// The clean samples.
// ---------------------------------------------------------------------------

/// The samples written with the template, in file order.
pub fn clean() -> Vec<Sample> {
    vec![mjcl(), rpe(), sj(), efs(), laep(), alsh(), ccta()]
}

fn mjcl() -> Sample {
    use StatusKind::*;
    let c = "MJCL";
    let contact = "Julien Roques";
    sample(
        partner(
            c,
            "MJC de Lavaur",
            contact,
            "jeunesse@mjc-lavaur.exemple.fr",
            "05 63 00 41 10",
        ),
        vec![
            draft(c, 1, "Animations jeunesse hors les murs dans les communes rurales", "1.2.1")
                .domains(&["Jeunesse"])
                .audiences(&["Adolescents (13-17 ans)"])
                .communes(&["Teulat", "Montcabrier", "Bannières", "Saint-Lieux-lès-Lavaur"])
                .texts(
                    "Un animateur de la MJC se rend un mercredi sur deux dans chaque commune avec le camion d'animation (jeux, sport, ateliers vidéo). Programme construit avec les mairies.",
                    contact,
                    "Service Jeunesse intercommunal, mairies concernées",
                )
                .why(
                    "Les jeunes des communes rurales n'ont ni transport ni lieu d'accueil près de chez eux (diagnostic CTG 2022).",
                    "Un animateur à mi-temps, le camion d'animation de la MJC, du matériel de sport et de vidéo.",
                )
                .period((2023, 9, 6), (2026, 7, 3))
                .status(InProgress, 45.0)
                .budget(18_000.0, [7_200.0, 6_000.0, 2_400.0, 2_400.0])
                .scheme("Prestation de service")
                .comment("Fréquentation plus faible à Bannières : horaires à revoir avec la mairie."),
            draft(c, 2, "Point Information Jeunesse à la MJC", "1.2.2")
                .domains(&["Jeunesse"])
                .audiences(&["Jeunes (16-25 ans)", "Adolescents (13-17 ans)"])
                .communes(&["Toutes"])
                .texts(
                    "Lieu d'accueil et d'information ouvert trois demi-journées par semaine : orientation, jobs d'été, logement, santé, mobilité. Relais vers la Mission Locale.",
                    "Camille Azéma",
                    "Mission Locale, Espaces France Services",
                )
                .why(
                    "Les 16-25 ans ne savent pas où s'informer sur l'emploi, le logement ou la santé : aucun point d'information sur le territoire.",
                    "Une informatrice jeunesse à 0,6 ETP, un bureau d'accueil et un poste informatique à la MJC.",
                )
                .period((2024, 1, 8), (2026, 12, 31))
                .status(InProgress, 30.0)
                .budget(24_000.0, [9_600.0, 8_000.0, 0.0, 6_400.0])
                .scheme("Prestation de service")
                .comment("Demande de labellisation Info Jeunes déposée en mars 2024."),
            draft(c, 3, "Passerelle ALSH–MJC pour les 10-12 ans", "2.1.3")
                .domains(&["Enfance", "Jeunesse"])
                .audiences(&["Préadolescents (10-12 ans)"])
                .communes(&["Lavaur"])
                .texts(
                    "Mercredis découverte à la MJC pour les CM2 de l'ALSH intercommunal, puis inscription accompagnée aux activités de l'espace jeunes.",
                    contact,
                    "ALSH intercommunal",
                )
                .why(
                    "Beaucoup d'enfants quittent l'ALSH à 10 ans sans rejoindre l'espace jeunes.",
                    "Deux animateurs un mercredi sur deux, les locaux de l'espace jeunes.",
                )
                .period((2023, 10, 4), (2025, 6, 25))
                .status(InProgress, 60.0)
                .budget(4_500.0, [2_250.0, 1_500.0, 750.0, 0.0])
                .scheme("Fonds publics et territoires"),
            draft(c, 4, "Soirées débat parents-ados : écrans, harcèlement, réseaux sociaux", "2.2.1")
                .domains(&["Parentalité"])
                .audiences(&["Familles / Parents", "Adolescents (13-17 ans)"])
                .communes(&["Lavaur", "Saint-Sulpice-la-Pointe"])
                .texts(
                    "Quatre soirées par an animées par une psychologue et un Promeneur du Net, annoncées par les collèges.",
                    "Camille Azéma",
                    "Collèges du territoire, LAEP, CCAS de Saint-Sulpice-la-Pointe",
                )
                .why(
                    "Les parents d'adolescents disent manquer de repères sur les écrans et les réseaux sociaux (enquête auprès des collèges).",
                    "Une psychologue vacataire, un Promeneur du Net, la salle de la MJC.",
                )
                .period((2023, 11, 16), (2026, 6, 30))
                .status(InProgress, 40.0)
                .budget(3_200.0, [1_600.0, 800.0, 0.0, 800.0])
                .scheme("REAAP")
                .comment("Financement CAF au titre du REAAP."),
            draft(c, 5, "Séjour d'été mutualisé 2023 avec le Service Jeunesse", "4.2.2")
                .domains(&["Jeunesse", "Dynamique territoriale"])
                .audiences(&["Adolescents (13-17 ans)"])
                .communes(&["Toutes"])
                .texts(
                    "Séjour de douze jours dans les Pyrénées, préparé avec les jeunes pendant l'année ; encadrement partagé MJC / Service Jeunesse.",
                    contact,
                    "Service Jeunesse intercommunal",
                )
                .why(
                    "Peu de jeunes du territoire partent en vacances ; ceux des communes rurales encore moins.",
                    "Deux animateurs de la MJC et deux du Service Jeunesse, un minibus, un gîte réservé.",
                )
                .period((2023, 7, 10), (2023, 7, 21))
                .status(Done, 100.0)
                .budget(14_800.0, [3_700.0, 4_400.0, 0.0, 6_700.0])
                .scheme("Fonds publics et territoires")
                .comment("24 jeunes de 9 communes. Autres financements : participation des familles et ANCV."),
            draft(c, 6, "Séjour d'été mutualisé 2024 avec le Service Jeunesse", "4.2.2")
                .domains(&["Jeunesse", "Dynamique territoriale"])
                .audiences(&["Adolescents (13-17 ans)"])
                .communes(&["Toutes"])
                .texts(
                    "Reconduction du séjour 2023, avec un volet chantier citoyen.",
                    contact,
                    "Service Jeunesse intercommunal",
                )
                .why(
                    "La demande des familles après le séjour 2023 dépasse les places offertes.",
                    "Deux animateurs de la MJC et deux du Service Jeunesse, un minibus, un gîte réservé.",
                )
                .period((2024, 7, 8), (2024, 7, 19))
                .status(Planned, 0.0)
                .budget(15_600.0, [3_900.0, 4_700.0, 0.0, 7_000.0])
                .scheme("Fonds publics et territoires"),
            draft(c, 7, "Conseil des jeunes intercommunal", "1.2.1")
                .domains(&["Jeunesse", "Animation de la vie sociale"])
                .audiences(&["Adolescents (13-17 ans)"])
                .communes(&["Toutes"])
                .texts(
                    "Un conseil de 21 jeunes (un par commune) qui propose et conduit des projets citoyens, accompagné par la MJC.",
                    contact,
                    "CCTA, mairies, Service Jeunesse intercommunal",
                )
                .why(
                    "Les jeunes sont peu associés aux décisions qui les concernent.",
                    "Un animateur à 0,2 ETP, une salle du conseil communautaire prêtée.",
                )
                .period((2024, 10, 1), (2026, 6, 30))
                .status(Planned, 0.0)
                .budget(6_000.0, [0.0, 4_000.0, 2_000.0, 0.0])
                .comment("Lancement prévu aux vacances d'automne, après validation en conseil communautaire."),
        ],
        vec![
            result(quantitative("MJCL-001", "Nombre de jeunes différents accueillis", "jeunes", 0.0, 120.0, &[(2023, 38.0), (2024, 52.0)])),
            means(quantitative("MJCL-001", "Nombre de communes desservies", "communes", 0.0, 8.0, &[(2023, 4.0), (2024, 6.0)])),
            result(quantitative("MJCL-002", "Nombre de sollicitations du PIJ", "demandes", 0.0, 600.0, &[(2024, 143.0)])),
            result(qualitative("MJCL-002", "Labellisation Info Jeunes", "Label obtenu", &[(2024, "Dossier déposé")])),
            result(quantitative("MJCL-003", "Nombre d'enfants inscrits à la passerelle", "enfants", 0.0, 30.0, &[(2023, 11.0), (2024, 17.0)])),
            result(quantitative("MJCL-004", "Nombre de parents participants", "parents", 0.0, 160.0, &[(2023, 22.0), (2024, 47.0)])),
            result(qualitative("MJCL-004", "Satisfaction des participants", "Satisfaisante", &[(2023, "Très bonne (questionnaire)")])),
            result(quantitative("MJCL-005", "Nombre de jeunes partis", "jeunes", 0.0, 24.0, &[(2023, 24.0)])),
            result(quantitative("MJCL-006", "Nombre de jeunes inscrits", "jeunes", 0.0, 24.0, &[])),
            result(quantitative("MJCL-007", "Nombre de jeunes élus au conseil", "jeunes", 0.0, 21.0, &[])),
        ],
    )
}

fn rpe() -> Sample {
    use StatusKind::*;
    let c = "RPE";
    let contact = "Sandrine Calvet";
    sample(
        partner(
            c,
            "Relais Petite Enfance intercommunal",
            contact,
            "rpe@tarn-agout.exemple.fr",
            "05 63 00 58 20",
        ),
        vec![
            draft(c, 1, "Promotion du métier d'assistante maternelle", "1.1.1")
                .domains(&["Petite enfance"])
                .audiences(&["Professionnels", "Habitants"])
                .communes(&["Toutes"])
                .texts(
                    "Réunions d'information trimestrielles avec France Travail, stand au forum emploi, témoignages d'assistantes maternelles.",
                    contact,
                    "France Travail, PMI, Mission Locale",
                )
                .why(
                    "Le nombre d'assistantes maternelles baisse alors que la demande d'accueil augmente.",
                    "L'animatrice du RPE, des supports de communication, un stand au forum emploi.",
                )
                .period((2023, 3, 1), (2026, 12, 31))
                .status(InProgress, 40.0)
                .budget(5_000.0, [2_500.0, 2_500.0, 0.0, 0.0])
                .scheme("Prestation de service"),
            draft(c, 2, "Veille sur les besoins d'accueil du jeune enfant", "1.1.1")
                .domains(&["Petite enfance"])
                .audiences(&["Petite enfance (0-3 ans)", "Familles / Parents"])
                .communes(&["Toutes"])
                .texts(
                    "Tableau de bord trimestriel des places disponibles et des demandes non satisfaites, partagé avec les crèches et la CCTA.",
                    contact,
                    "Crèches du territoire, CCTA",
                )
                .why(
                    "Personne ne connaît précisément les places libres et les demandes non satisfaites.",
                    "Un tableau partagé, deux heures par mois de l'animatrice du RPE.",
                )
                .period((2023, 1, 9), (2026, 12, 31))
                .status(InProgress, 50.0)
                .budget(2_000.0, [1_000.0, 1_000.0, 0.0, 0.0])
                .scheme("Prestation de service"),
            draft(c, 3, "Matinées d'éveil itinérantes dans les communes rurales", "3.2.1")
                .domains(&["Petite enfance"])
                .audiences(&["Petite enfance (0-3 ans)", "Professionnels"])
                .communes(&["Azas", "Bannières", "Garrigues", "Montcabrier", "Roquevidal"])
                .texts(
                    "Une matinée par semaine dans une salle municipale : jeux, éveil musical, échanges entre assistantes maternelles et parents.",
                    "Aurélie Pujol",
                    "Mairies concernées, médiathèques",
                )
                .why(
                    "Les assistantes maternelles des communes rurales sont isolées et loin des lieux d'éveil.",
                    "Une éducatrice de jeunes enfants, une malle de jeux itinérante, des salles municipales prêtées.",
                )
                .period((2023, 9, 12), (2026, 6, 30))
                .status(InProgress, 45.0)
                .budget(7_800.0, [3_900.0, 2_600.0, 1_300.0, 0.0])
                .scheme("Prestation de service"),
            draft(c, 4, "Formation des assistantes maternelles à l'accueil inclusif", "3.2.2")
                .domains(&["Inclusion / Handicap", "Petite enfance"])
                .audiences(&["Professionnels"])
                .communes(&["Toutes"])
                .texts(
                    "Quatre samedis de formation continue sur l'accueil des enfants à besoins spécifiques.",
                    contact,
                    "Organisme de formation des assistants maternels, PMI",
                )
                .why(
                    "Les assistantes maternelles se disent peu préparées à accueillir un enfant en situation de handicap.",
                    "Un organisme de formation agréé, la salle du RPE le samedi.",
                )
                .period((2024, 2, 3), (2024, 5, 25))
                .status(Done, 100.0)
                .budget(3_600.0, [1_800.0, 0.0, 0.0, 1_800.0])
                .scheme("Fonds publics et territoires")
                .comment("16 assistantes maternelles formées ; session 2025 à prévoir."),
            draft(c, 5, "Passerelle crèche–école : visites des écoles maternelles", "2.1.3")
                .domains(&["Petite enfance", "Éducation"])
                .audiences(&["Petite enfance (0-3 ans)", "Familles / Parents"])
                .communes(&["Lavaur", "Saint-Sulpice-la-Pointe", "Ambres"])
                .texts(
                    "Visites des classes de petite section au printemps pour les enfants gardés par une assistante maternelle, avec leurs parents.",
                    "Aurélie Pujol",
                    "Écoles maternelles, Éducation nationale",
                )
                .period((2024, 4, 15), (2026, 6, 30))
                .status(InProgress, 20.0)
                .budget(1_200.0, [0.0, 1_200.0, 0.0, 0.0]),
            draft(c, 6, "Guichet unique petite enfance : information des familles", "4.1.1")
                .domains(&["Petite enfance", "Accès aux droits"])
                .audiences(&["Familles / Parents"])
                .communes(&["Toutes"])
                .texts(
                    "Un formulaire unique de demande d'accueil pour toutes les crèches et une permanence d'information des familles au RPE.",
                    contact,
                    "Crèches du territoire, CCTA, CAF du Tarn",
                )
                .why(
                    "Les familles déposent des demandes dans chaque crèche et ne savent pas où en est leur demande.",
                    "Un formulaire en ligne, une permanence hebdomadaire au RPE.",
                )
                .period((2024, 9, 2), (2026, 12, 31))
                .status(Planned, 0.0)
                .budget(9_000.0, [4_500.0, 4_500.0, 0.0, 0.0])
                .scheme("Prestation de service")
                .comment("Démarrage à la rentrée 2024 avec la mise en ligne du formulaire."),
        ],
        vec![
            result(quantitative("RPE-001", "Nombre d'assistantes maternelles en activité", "assistantes maternelles", 142.0, 150.0, &[(2023, 138.0), (2024, 136.0)])),
            result(quantitative("RPE-001", "Nombre de participants aux réunions d'information", "personnes", 0.0, 60.0, &[(2023, 14.0), (2024, 9.0)])),
            means(qualitative("RPE-002", "Diffusion du tableau de bord", "4 diffusions par an", &[(2023, "3 diffusions"), (2024, "2 diffusions au 1er semestre")])),
            means(quantitative("RPE-003", "Nombre de matinées organisées", "matinées", 0.0, 140.0, &[(2023, 12.0), (2024, 19.0)])),
            result(quantitative("RPE-003", "Nombre d'enfants accueillis", "enfants", 0.0, 80.0, &[(2023, 31.0), (2024, 44.0)])),
            result(quantitative("RPE-004", "Nombre d'assistantes maternelles formées", "personnes", 0.0, 20.0, &[(2024, 16.0)])),
            means(quantitative("RPE-005", "Nombre de visites d'école", "visites", 0.0, 12.0, &[(2024, 3.0)])),
            result(quantitative("RPE-006", "Nombre de demandes reçues par le formulaire unique", "demandes", 0.0, 400.0, &[])),
        ],
    )
}

fn sj() -> Sample {
    use StatusKind::*;
    let c = "SJ";
    let contact = "Karim Benali";
    sample(
        partner(
            c,
            "Service Jeunesse intercommunal",
            contact,
            "service.jeunesse@tarn-agout.exemple.fr",
            "05 63 00 58 31",
        ),
        vec![
            draft(c, 1, "Animateur jeunesse itinérant dans les pôles relais", "1.2.1")
                .domains(&["Jeunesse"])
                .audiences(&["Adolescents (13-17 ans)", "Préadolescents (10-12 ans)"])
                .communes(&["Massac-Séran", "Teulat", "Ambres"])
                .texts(
                    "Permanences hebdomadaires de l'animateur dans chaque pôle relais, sorties et projets construits avec les jeunes.",
                    contact,
                    "Mairies, MJC de Lavaur",
                )
                .why(
                    "Les pôles relais n'ont aucune offre pour les 11-17 ans en dehors des vacances.",
                    "Un animateur itinérant à temps plein, un véhicule de service.",
                )
                .period((2023, 4, 3), (2026, 12, 31))
                .status(InProgress, 50.0)
                .budget(32_000.0, [12_800.0, 16_000.0, 3_200.0, 0.0])
                .scheme("Prestation de service"),
            draft(c, 2, "Étude des besoins des jeunes de 11 à 17 ans", "1.2.1")
                .domains(&["Jeunesse"])
                .audiences(&["Adolescents (13-17 ans)", "Préadolescents (10-12 ans)"])
                .communes(&["Toutes"])
                .texts(
                    "Questionnaire diffusé dans les collèges et groupes d'échanges avec les jeunes des communes rurales.",
                    contact,
                    "Collèges, MJC de Lavaur, Mission Locale",
                )
                .why(
                    "Les besoins des jeunes de 11 à 17 ans n'avaient jamais été mesurés sur le territoire.",
                    "Un cabinet d'études, le temps du coordinateur jeunesse.",
                )
                .period((2023, 2, 1), (2023, 12, 15))
                .status(Done, 100.0)
                .budget(6_500.0, [3_250.0, 3_250.0, 0.0, 0.0])
                .scheme("Fonds publics et territoires")
                .comment("Restitution en COTECH le 12/12/2023."),
            draft(c, 3, "Réseau Jeunesse intercommunal", "1.2.3")
                .domains(&["Jeunesse", "Dynamique territoriale"])
                .audiences(&["Professionnels"])
                .communes(&["Toutes"])
                .texts(
                    "Rencontre trimestrielle des acteurs jeunesse pour coordonner l'offre et construire le Projet Jeunesse territorial.",
                    contact,
                    "MJC de Lavaur, Mission Locale, collèges, Maison des Ados, PAEJ, Département",
                )
                .why(
                    "Les acteurs jeunesse travaillent chacun de leur côté, sans projet commun.",
                    "Le coordinateur jeunesse, une salle de réunion de la CCTA.",
                )
                .period((2024, 1, 15), (2026, 12, 31))
                .status(InProgress, 25.0)
                .budget(1_500.0, [0.0, 1_500.0, 0.0, 0.0]),
            draft(c, 4, "Chantiers jeunes d'été dans les communes", "4.2.2")
                .domains(&["Jeunesse", "Animation de la vie sociale"])
                .audiences(&["Adolescents (13-17 ans)"])
                .communes(&["Lugan", "Marzens", "Veilhes"])
                .texts(
                    "Trois chantiers d'une semaine (rénovation de mobilier urbain, entretien de sentiers) en échange d'un projet de loisirs.",
                    contact,
                    "Mairies concernées, Mission Locale",
                )
                .period((2024, 7, 1), (2024, 8, 23))
                .status(Planned, 0.0)
                .budget(9_600.0, [2_400.0, 3_600.0, 2_400.0, 1_200.0])
                .scheme("Fonds publics et territoires"),
            draft(c, 5, "Prévention du harcèlement et des conduites addictives", "1.2.3")
                .domains(&["Jeunesse", "Éducation"])
                .audiences(&["Adolescents (13-17 ans)"])
                .communes(&["Lavaur", "Saint-Sulpice-la-Pointe"])
                .texts(
                    "Interventions en classe de 5e et 4e avec la Maison des Ados, théâtre-forum et formation des animateurs.",
                    "Léa Marty",
                    "Collèges, Maison des Ados, PAEJ",
                )
                .why(
                    "Les collèges signalent du harcèlement et des premières consommations dès la 5e.",
                    "Une animatrice formée, les intervenants de la Maison des Ados, une compagnie de théâtre-forum.",
                )
                .period((2023, 11, 6), (2025, 6, 30))
                .status(InProgress, 55.0)
                .budget(4_200.0, [0.0, 2_100.0, 0.0, 2_100.0]),
            draft(c, 6, "Espace jeunes de Saint-Sulpice : aménagement d'un local dédié", "1.2.1")
                .domains(&["Jeunesse"])
                .audiences(&["Adolescents (13-17 ans)"])
                .communes(&["Saint-Sulpice-la-Pointe"])
                .texts(
                    "Aménagement d'un local ouvert aux 11-17 ans les mercredis, samedis et vacances scolaires.",
                    contact,
                    "Mairie de Saint-Sulpice-la-Pointe",
                )
                .why(
                    "Saint-Sulpice-la-Pointe n'a pas de lieu ouvert aux 11-17 ans.",
                    "Un local à aménager, un animateur à recruter.",
                )
                .period((2024, 3, 1), (2025, 9, 30))
                .status(Postponed, 10.0)
                .budget(45_000.0, [18_000.0, 15_000.0, 12_000.0, 0.0])
                .scheme("Autre")
                .comment("Local pressenti indisponible : recherche d'un autre bâtiment avec la mairie, ouverture décalée à 2025."),
        ],
        vec![
            result(quantitative("SJ-001", "Nombre de jeunes touchés", "jeunes", 0.0, 150.0, &[(2023, 64.0), (2024, 71.0)])),
            means(quantitative("SJ-001", "Nombre de permanences dans les pôles relais", "permanences", 0.0, 300.0, &[(2023, 58.0), (2024, 41.0)])),
            result(quantitative("SJ-002", "Nombre de questionnaires recueillis", "questionnaires", 0.0, 500.0, &[(2023, 612.0)])),
            result(qualitative("SJ-002", "Restitution de l'étude", "Restitution en COTECH", &[(2023, "Faite le 12/12/2023")])),
            result(quantitative("SJ-003", "Nombre de structures membres du réseau", "structures", 0.0, 12.0, &[(2024, 7.0)])),
            result(quantitative("SJ-004", "Nombre de jeunes participants", "jeunes", 0.0, 24.0, &[])),
            means(quantitative("SJ-005", "Nombre d'interventions en classe", "interventions", 0.0, 40.0, &[(2023, 6.0), (2024, 14.0)])),
            result(qualitative("SJ-006", "Ouverture du local", "Local ouvert", &[(2024, "Report à 2025")])),
        ],
    )
}

fn efs() -> Sample {
    use StatusKind::*;
    let c = "EFS";
    let contact = "Nadia Fabre";
    sample(
        partner(
            c,
            "Espaces France Services Tarn-Agout",
            contact,
            "france-services@tarn-agout.exemple.fr",
            "05 63 00 58 40",
        ),
        vec![
            draft(c, 1, "Ateliers numériques collectifs", "3.2.3")
                .domains(&["Inclusion numérique"])
                .audiences(&["Tout public", "Personnes âgées"])
                .communes(&["Lavaur", "Saint-Sulpice-la-Pointe"])
                .texts(
                    "Cycles de quatre ateliers animés par le conseiller numérique : messagerie, espace personnel CAF, ameli, sécurité en ligne.",
                    "Thomas Gleizes",
                    "Médiathèques, CCAS",
                )
                .why(
                    "Une part des familles ne sait pas faire ses démarches en ligne (illectronisme).",
                    "Le conseiller numérique, six ordinateurs portables, les salles des médiathèques.",
                )
                .period((2023, 1, 16), (2026, 12, 31))
                .status(InProgress, 40.0)
                .budget(12_000.0, [0.0, 4_000.0, 0.0, 8_000.0])
                .comment("Autres financements : État (conseiller numérique)."),
            draft(c, 2, "Accompagnement individuel aux démarches en ligne", "3.2.3")
                .domains(&["Accès aux droits", "Inclusion numérique"])
                .audiences(&["Tout public", "Familles vulnérables"])
                .communes(&["Toutes"])
                .texts(
                    "Accueil sans rendez-vous et sur rendez-vous dans les deux Espaces France Services : CAF, impôts, ANTS, retraite, France Travail.",
                    contact,
                    "CAF du Tarn, DGFiP, CPAM, France Travail",
                )
                .why(
                    "Les démarches en ligne découragent une partie des allocataires, qui renoncent à leurs droits.",
                    "Quatre agents France Services, deux espaces d'accueil équipés.",
                )
                .period((2023, 1, 2), (2026, 12, 31))
                .status(InProgress, 50.0)
                .budget(60_000.0, [15_000.0, 15_000.0, 0.0, 30_000.0])
                .scheme("Autre"),
            draft(c, 3, "Permanences itinérantes dans les communes rurales", "3.2.1")
                .domains(&["Accès aux droits"])
                .audiences(&["Habitants", "Personnes âgées"])
                .communes(&["Garrigues", "Lugan", "Montcabrier", "Saint-Agnan", "Teulat"])
                .texts(
                    "Une demi-journée par mois dans chaque mairie, sur rendez-vous pris auprès du secrétariat de mairie.",
                    contact,
                    "Mairies concernées",
                )
                .period((2024, 3, 5), (2026, 12, 31))
                .status(InProgress, 20.0)
                .budget(8_000.0, [0.0, 5_000.0, 3_000.0, 0.0]),
            draft(c, 4, "Information des familles sur leurs droits", "4.1.1")
                .domains(&["Accès aux droits"])
                .audiences(&["Familles / Parents"])
                .communes(&["Toutes"])
                .texts(
                    "Campagne d'automne sur la prime d'activité et les prestations familiales : affiches, réunions publiques, permanences renforcées.",
                    contact,
                    "CAF du Tarn, CCAS",
                )
                .why(
                    "Des familles éligibles ne demandent pas la prime d'activité ni leurs prestations familiales.",
                    "Affiches, deux réunions publiques, des permanences renforcées en octobre.",
                )
                .period((2023, 10, 2), (2023, 12, 15))
                .status(Done, 100.0)
                .budget(1_800.0, [900.0, 900.0, 0.0, 0.0])
                .scheme("Autre"),
            draft(c, 5, "Stages croisés avec les CCAS et la Maison du Département", "4.1.2")
                .domains(&["Dynamique territoriale", "Accès aux droits"])
                .audiences(&["Professionnels"])
                .communes(&["Toutes"])
                .texts(
                    "Chaque agent passe une demi-journée dans une structure partenaire pour mieux orienter les usagers.",
                    contact,
                    "CCAS de Lavaur et de Saint-Sulpice-la-Pointe, Maison du Département",
                )
                .why(
                    "Les agents d'accueil connaissent mal les services voisins et orientent mal les usagers.",
                    "Une demi-journée par agent, sans coût supplémentaire.",
                )
                .period((2024, 5, 13), (2025, 6, 30))
                .status(InProgress, 15.0)
                .budget(500.0, [0.0, 500.0, 0.0, 0.0]),
        ],
        vec![
            result(quantitative("EFS-001", "Nombre de participants aux ateliers", "personnes", 0.0, 400.0, &[(2023, 96.0), (2024, 57.0)])),
            means(quantitative("EFS-001", "Nombre d'ateliers", "ateliers", 0.0, 160.0, &[(2023, 42.0), (2024, 25.0)])),
            result(quantitative("EFS-002", "Nombre d'accompagnements réalisés", "accompagnements", 0.0, 12_000.0, &[(2023, 3_480.0), (2024, 1_912.0)])),
            result(quantitative("EFS-002", "Part des demandes relevant de la CAF", "%", 22.0, 25.0, &[(2023, 24.0), (2024, 26.5)])),
            means(quantitative("EFS-003", "Nombre de permanences tenues", "permanences", 0.0, 120.0, &[(2024, 14.0)])),
            result(quantitative("EFS-004", "Nombre de familles informées", "familles", 0.0, 300.0, &[(2023, 187.0)])),
            result(quantitative("EFS-005", "Nombre de professionnels ayant participé", "professionnels", 0.0, 30.0, &[(2024, 6.0)])),
        ],
    )
}

fn laep() -> Sample {
    use StatusKind::*;
    let c = "LAEP";
    let contact = "Émilie Durand";
    sample(
        partner(
            c,
            "Lieu d'Accueil Enfants Parents",
            contact,
            "laep@tarn-agout.exemple.fr",
            "05 63 00 58 50",
        ),
        vec![
            draft(c, 1, "Accueil enfants-parents hebdomadaire à Lavaur", "2.2.1")
                .domains(&["Parentalité", "Petite enfance"])
                .audiences(&["Petite enfance (0-3 ans)", "Familles / Parents"])
                .communes(&["Lavaur"])
                .texts(
                    "Accueil libre, anonyme et gratuit le mardi matin et le jeudi après-midi, par deux accueillantes formées.",
                    contact,
                    "RPE, PMI",
                )
                .why(
                    "Les parents de jeunes enfants manquent de lieux pour rencontrer d'autres parents.",
                    "Deux accueillantes formées, la salle du LAEP, des jeux.",
                )
                .period((2023, 1, 10), (2026, 12, 31))
                .status(InProgress, 45.0)
                .budget(16_500.0, [9_900.0, 6_600.0, 0.0, 0.0])
                .scheme("Prestation de service"),
            draft(c, 2, "Ouverture d'une séance hebdomadaire à Saint-Sulpice-la-Pointe", "2.2.1")
                .domains(&["Parentalité", "Petite enfance"])
                .audiences(&["Petite enfance (0-3 ans)", "Familles / Parents"])
                .communes(&["Saint-Sulpice-la-Pointe"])
                .texts(
                    "Une séance le vendredi matin dans les locaux de la cellule parentalité.",
                    contact,
                    "Mairie et CCAS de Saint-Sulpice-la-Pointe",
                )
                .why(
                    "Les familles de Saint-Sulpice-la-Pointe viennent peu à Lavaur : trop loin.",
                    "Deux accueillantes, les locaux de la cellule parentalité.",
                )
                .period((2023, 9, 5), (2026, 12, 31))
                .status(InProgress, 35.0)
                .budget(11_000.0, [6_600.0, 3_300.0, 1_100.0, 0.0])
                .scheme("Prestation de service"),
            draft(c, 3, "Participation au Réseau Parents 81", "2.2.2")
                .domains(&["Parentalité", "Dynamique territoriale"])
                .audiences(&["Professionnels"])
                .communes(&["Toutes"])
                .texts(
                    "Participation aux rencontres départementales et relais des actions du réseau auprès des partenaires locaux.",
                    contact,
                    "Réseau Parents 81, CAF du Tarn",
                )
                .period((2023, 3, 1), (2026, 12, 31))
                .status(InProgress, 40.0)
                .budget(600.0, [0.0, 600.0, 0.0, 0.0]),
            draft(c, 4, "Journée de la parentalité", "2.2.3")
                .domains(&["Parentalité"])
                .audiences(&["Familles / Parents", "Tout public"])
                .communes(&["Toutes"])
                .texts(
                    "Une journée d'ateliers, de stands et de conférences réunissant tous les acteurs de la parentalité du territoire.",
                    contact,
                    "MJC de Lavaur, RPE, CCAS, ALSH intercommunal, médiathèques",
                )
                .why(
                    "Les familles connaissent mal l'offre parentalité du territoire.",
                    "Les équipes des structures partenaires, une salle des fêtes, des supports de communication.",
                )
                .period((2024, 10, 12), (2024, 10, 12))
                .status(Planned, 0.0)
                .budget(4_000.0, [2_000.0, 1_500.0, 0.0, 500.0])
                .scheme("REAAP"),
            draft(c, 5, "LAEP itinérant dans les communes rurales", "3.2.1")
                .domains(&["Parentalité"])
                .audiences(&["Petite enfance (0-3 ans)", "Familles / Parents"])
                .communes(&["Ambres", "Labastide-Saint-Georges", "Lacougotte-Cadoul"])
                .texts(
                    "Une séance mensuelle dans chacune des trois communes, dans les salles prêtées par les mairies.",
                    contact,
                    "Mairies concernées",
                )
                .why(
                    "Les familles des communes rurales n'ont pas accès à un lieu d'accueil enfants-parents.",
                    "Une seconde accueillante à recruter, des salles prêtées par les mairies.",
                )
                .period((2024, 1, 8), (2025, 12, 31))
                .status(Postponed, 0.0)
                .budget(7_500.0, [4_500.0, 3_000.0, 0.0, 0.0])
                .scheme("Prestation de service")
                .comment("Recrutement d'une seconde accueillante non abouti : démarrage reporté à janvier 2025."),
        ],
        vec![
            result(quantitative("LAEP-001", "Nombre de familles différentes accueillies", "familles", 0.0, 120.0, &[(2023, 74.0), (2024, 51.0)])),
            means(quantitative("LAEP-001", "Nombre de séances", "séances", 0.0, 180.0, &[(2023, 44.0), (2024, 21.0)])),
            result(quantitative("LAEP-002", "Nombre de familles accueillies", "familles", 0.0, 60.0, &[(2023, 12.0), (2024, 23.0)])),
            means(quantitative("LAEP-003", "Nombre de rencontres du réseau suivies", "rencontres", 0.0, 16.0, &[(2023, 3.0), (2024, 2.0)])),
            result(quantitative("LAEP-004", "Nombre de visiteurs", "personnes", 0.0, 300.0, &[])),
            means(quantitative("LAEP-005", "Nombre de communes desservies", "communes", 0.0, 3.0, &[])),
        ],
    )
}

fn alsh() -> Sample {
    use StatusKind::*;
    let c = "ALSH";
    let contact = "Laurent Bories";
    sample(
        partner(
            c,
            "ALSH intercommunal",
            contact,
            "alsh@tarn-agout.exemple.fr",
            "05 63 00 58 60",
        ),
        vec![
            draft(c, 1, "Navette vers l'ALSH depuis Teulat", "1.1.3")
                .domains(&["Enfance"])
                .audiences(&["Enfants (3-11 ans)"])
                .communes(&["Teulat"])
                .texts(
                    "Minibus le mercredi et pendant les vacances entre Teulat et l'accueil de loisirs, avec un animateur à bord.",
                    contact,
                    "Mairie de Teulat",
                )
                .why(
                    "Les enfants de Teulat ne viennent pas à l'ALSH faute de transport.",
                    "Un minibus de la CCTA, un animateur accompagnateur.",
                )
                .period((2023, 9, 6), (2026, 7, 31))
                .status(InProgress, 50.0)
                .budget(9_500.0, [3_800.0, 4_750.0, 950.0, 0.0])
                .scheme("Bonus territoire"),
            draft(c, 2, "Ateliers anti-gaspillage et potager avec le PAT", "1.1.3")
                .domains(&["Enfance", "Éducation"])
                .audiences(&["Enfants (3-11 ans)"])
                .communes(&["Toutes"])
                .texts(
                    "Potager pédagogique et ateliers cuisine avec les producteurs locaux du Projet Alimentaire Territorial.",
                    "Sophie Cabrol",
                    "PAT de la CCTA, producteurs locaux",
                )
                .why(
                    "Le gaspillage au goûter et au repas est important à l'accueil de loisirs.",
                    "Une parcelle de potager, des producteurs partenaires, une animatrice.",
                )
                .period((2024, 2, 14), (2025, 8, 29))
                .status(InProgress, 30.0)
                .budget(2_800.0, [0.0, 1_400.0, 0.0, 1_400.0]),
            draft(c, 3, "Référent inclusion et accueil des enfants en situation de handicap", "3.2.2")
                .domains(&["Inclusion / Handicap", "Enfance"])
                .audiences(&["Enfants (3-11 ans)", "Personnes en situation de handicap"])
                .communes(&["Toutes"])
                .texts(
                    "Un référent inclusion prépare l'accueil avec la famille, forme les animateurs et adapte les activités.",
                    contact,
                    "CAF du Tarn, MDPH, écoles",
                )
                .why(
                    "Des familles d'enfants en situation de handicap renoncent à l'accueil de loisirs.",
                    "Un référent inclusion à mi-temps, la formation des animateurs, du matériel adapté.",
                )
                .period((2023, 1, 2), (2026, 12, 31))
                .status(InProgress, 45.0)
                .budget(28_000.0, [14_000.0, 14_000.0, 0.0, 0.0])
                .scheme("Fonds publics et territoires"),
            draft(c, 4, "Passerelle ALSH–espace jeunes pour les 10-12 ans", "2.1.3")
                .domains(&["Enfance", "Jeunesse"])
                .audiences(&["Préadolescents (10-12 ans)"])
                .communes(&["Lavaur", "Saint-Sulpice-la-Pointe"])
                .texts(
                    "Activités communes un mercredi par mois avec l'espace jeunes et la MJC pour préparer le passage au collège.",
                    "Sophie Cabrol",
                    "MJC de Lavaur, Service Jeunesse intercommunal",
                )
                .why(
                    "Le passage de l'ALSH à l'espace jeunes se fait mal à l'entrée au collège.",
                    "Deux animateurs un mercredi par mois, les locaux de l'espace jeunes.",
                )
                .period((2024, 4, 17), (2026, 7, 31))
                .status(InProgress, 20.0)
                .budget(3_000.0, [1_500.0, 1_500.0, 0.0, 0.0])
                .scheme("Prestation de service"),
            draft(c, 5, "Fête de fin d'année école–familles–ALSH", "2.1.2")
                .domains(&["Éducation", "Parentalité"])
                .audiences(&["Familles / Parents", "Enfants (3-11 ans)"])
                .communes(&["Saint-Sulpice-la-Pointe"])
                .texts(
                    "Fête préparée avec les enseignants et les parents élus : spectacle des enfants, jeux, repas partagé.",
                    contact,
                    "Écoles, associations de parents d'élèves",
                )
                .period((2023, 6, 28), (2023, 6, 28))
                .status(Done, 100.0)
                .budget(1_500.0, [0.0, 1_000.0, 500.0, 0.0]),
            draft(c, 6, "Tarification solidaire et places réservées aux familles vulnérables", "3.2.1")
                .domains(&["Solidarité", "Enfance"])
                .audiences(&["Familles vulnérables"])
                .communes(&["Toutes"])
                .texts(
                    "Grille au quotient familial révisée et places réservées sur orientation des services sociaux.",
                    contact,
                    "CCAS, Maison du Département",
                )
                .why(
                    "Les familles aux revenus les plus modestes fréquentent peu l'accueil de loisirs.",
                    "Une nouvelle grille tarifaire, quatre places réservées par période.",
                )
                .period((2023, 1, 2), (2026, 12, 31))
                .status(InProgress, 50.0)
                .budget(20_000.0, [10_000.0, 10_000.0, 0.0, 0.0])
                .scheme("Bonus territoire"),
            draft(c, 7, "Accueil du samedi matin", "1.1.3")
                .domains(&["Enfance"])
                .audiences(&["Enfants (3-11 ans)"])
                .communes(&["Lavaur"])
                .texts(
                    "Ouverture test de l'accueil de loisirs le samedi matin pour les parents travaillant en horaires décalés.",
                    contact,
                    "",
                )
                .why(
                    "Des parents travaillant le samedi disaient manquer de solution de garde.",
                    "Un animateur et un directeur le samedi matin pendant le test.",
                )
                .period((2023, 9, 2), (2024, 6, 29))
                .status(Abandoned, 30.0)
                .budget(6_000.0, [3_000.0, 3_000.0, 0.0, 0.0])
                .scheme("Prestation de service")
                .comment("Fréquentation insuffisante pendant le test (4 enfants en moyenne) : arrêt validé en COTECH de mars 2024."),
        ],
        vec![
            result(quantitative("ALSH-001", "Nombre d'enfants transportés par mercredi", "enfants", 0.0, 15.0, &[(2023, 8.0), (2024, 11.0)])),
            means(quantitative("ALSH-002", "Nombre d'ateliers réalisés", "ateliers", 0.0, 20.0, &[(2024, 6.0)])),
            result(quantitative("ALSH-003", "Nombre d'enfants en situation de handicap accueillis", "enfants", 4.0, 12.0, &[(2023, 7.0), (2024, 9.0)])),
            means(quantitative("ALSH-003", "Nombre d'animateurs formés à l'accueil inclusif", "animateurs", 0.0, 25.0, &[(2023, 10.0), (2024, 16.0)])),
            result(quantitative("ALSH-004", "Nombre d'enfants inscrits", "enfants", 0.0, 20.0, &[(2024, 8.0)])),
            result(quantitative("ALSH-005", "Nombre de familles présentes", "familles", 0.0, 150.0, &[(2023, 118.0)])),
            result(quantitative("ALSH-006", "Part des familles au quotient familial le plus bas", "%", 9.0, 15.0, &[(2023, 11.0), (2024, 12.0)])),
            result(quantitative("ALSH-007", "Nombre moyen d'enfants présents le samedi", "enfants", 0.0, 12.0, &[(2023, 4.0)])),
        ],
    )
}

fn ccta() -> Sample {
    use StatusKind::*;
    let c = "CCTA";
    let contact = "Marion Escande";
    sample(
        partner(
            c,
            "CCTA — Pôle Services à la population",
            contact,
            "ctg@tarn-agout.exemple.fr",
            "05 63 00 58 00",
        ),
        vec![
            draft(c, 1, "Animation des groupes de travail CTG", "4.2.1")
                .domains(&["Dynamique territoriale"])
                .audiences(&["Professionnels", "Élus"])
                .communes(&["Toutes"])
                .texts(
                    "Cinq groupes thématiques réunis deux à trois fois par an ; préparation des COTECH et du COPIL annuel.",
                    contact,
                    "CAF du Tarn, partenaires de la CTG",
                )
                .why(
                    "La CTG demande un pilotage partagé et des groupes de travail réguliers.",
                    "La chargée de coopération CTG, des salles de réunion de la CCTA.",
                )
                .period((2023, 3, 1), (2026, 12, 31))
                .status(InProgress, 40.0)
                .budget(3_000.0, [1_500.0, 1_500.0, 0.0, 0.0])
                .scheme("Autre"),
            draft(c, 2, "Catalogue de l'offre parentalité", "4.1.3")
                .domains(&["Parentalité", "Dynamique territoriale"])
                .audiences(&["Familles / Parents", "Professionnels"])
                .communes(&["Toutes"])
                .texts(
                    "Recensement des actions parentalité (porteur, public, lieu, contact) et diffusion papier et en ligne.",
                    contact,
                    "LAEP, RPE, MJC de Lavaur, CCAS, Réseau Parents 81",
                )
                .why(
                    "Les familles et les professionnels ne savent pas quelles actions parentalité existent.",
                    "La chargée de coopération CTG, un graphiste, l'impression du catalogue.",
                )
                .period((2024, 1, 15), (2024, 11, 30))
                .status(InProgress, 60.0)
                .budget(4_500.0, [2_250.0, 2_250.0, 0.0, 0.0])
                .scheme("REAAP"),
            draft(c, 3, "Stratégie de communication sur l'offre de services", "4.1.1")
                .domains(&["Dynamique territoriale"])
                .audiences(&["Habitants"])
                .communes(&["Toutes"])
                .texts(
                    "Pages « services à la population » du site intercommunal, guide des services distribué aux nouveaux arrivants, relais par les Promeneurs du Net.",
                    contact,
                    "Service communication de la CCTA, mairies",
                )
                .why(
                    "L'offre de services est mal connue des habitants, surtout des nouveaux arrivants.",
                    "Le service communication de la CCTA, l'impression d'un guide.",
                )
                .period((2024, 9, 2), (2025, 6, 30))
                .status(Planned, 0.0)
                .budget(12_000.0, [3_000.0, 9_000.0, 0.0, 0.0])
                .scheme("Autre"),
            draft(c, 4, "Préfiguration d'un observatoire social partagé", "4.2.3")
                .domains(&["Dynamique territoriale"])
                .audiences(&["Professionnels", "Élus"])
                .communes(&["Toutes"])
                .texts(
                    "Choix d'indicateurs communs, convention d'échange de données entre partenaires, premier tableau de bord annuel.",
                    contact,
                    "CAF du Tarn, CCAS, Département",
                )
                .why(
                    "Les partenaires n'ont pas de données communes pour suivre et évaluer la CTG.",
                    "La chargée de coopération CTG, une convention d'échange de données.",
                )
                .period((2024, 3, 1), (2026, 12, 31))
                .status(InProgress, 15.0)
                .budget(8_000.0, [4_000.0, 4_000.0, 0.0, 0.0])
                .scheme("Fonds publics et territoires"),
            draft(c, 5, "Information sur l'habitat inclusif et partagé", "3.1.3")
                .domains(&["Logement / Cadre de vie"])
                .audiences(&["Personnes âgées", "Personnes en situation de handicap"])
                .communes(&["Toutes"])
                .texts(
                    "Recensement des projets réalisés, en cours et à venir, puis réunions publiques d'information.",
                    contact,
                    "Service habitat (PLH, OPAH), CCAS, bailleurs sociaux",
                )
                .period((2025, 1, 15), (2026, 6, 30))
                .status(Planned, 0.0)
                .budget(2_500.0, [0.0, 2_500.0, 0.0, 0.0]),
        ],
        vec![
            means(quantitative("CCTA-001", "Nombre de réunions des groupes de travail", "réunions", 0.0, 40.0, &[(2023, 12.0), (2024, 5.0)])),
            result(quantitative("CCTA-001", "Nombre de partenaires mobilisés", "partenaires", 0.0, 40.0, &[(2023, 31.0), (2024, 34.0)])),
            means(quantitative("CCTA-002", "Nombre d'actions recensées dans le catalogue", "actions", 0.0, 40.0, &[(2024, 27.0)])),
            means(quantitative("CCTA-003", "Nombre de supports diffusés", "supports", 0.0, 10.0, &[])),
            means(quantitative("CCTA-004", "Nombre d'indicateurs partagés", "indicateurs", 0.0, 15.0, &[(2024, 4.0)])),
            result(quantitative("CCTA-005", "Nombre de participants aux réunions d'information", "personnes", 0.0, 80.0, &[])),
        ],
    )
}

// ---------------------------------------------------------------------------
// Writing the files.
// ---------------------------------------------------------------------------

/// Writes every sample into `dir`; returns the paths written.
pub fn generate(dir: &Path, config: &Config) -> Res<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    let mut save = |name: &str, bytes: Vec<u8>| -> Res<()> {
        let path = dir.join(name);
        std::fs::write(&path, bytes)?;
        written.push(path);
        Ok(())
    };
    for e in clean() {
        save(&e.file, clean_workbook(&e, &config.referentiel)?)?;
    }
    save(FAULTY_CCAS, ccas_workbook()?)?;
    save(FAULTY_MLJ, mlj_workbook()?)?;
    Ok(written)
}

/// A clean sample: the partner's template with its actions and indicators,
/// dated like every sample so the file is the same at every run.
pub fn clean_workbook(e: &Sample, r: &Referentiel) -> Res<Vec<u8>> {
    let spec = TemplateSpec {
        partner: &e.partner,
        actions: &e.actions,
        indicators: &e.indicators,
        created: fixed_date()?,
    };
    Ok(template::build(&spec, r)?)
}

/// The creation date of every sample: the same data gives the same bytes.
fn fixed_date() -> Res<chrono::NaiveDateTime> {
    chrono::NaiveDate::from_ymd_opt(2024, 6, 3)
        .and_then(|d| d.and_hms_opt(8, 0, 0))
        .ok_or_else(|| "date fixe invalide".into())
}

fn properties(title: &str, author: &str) -> Res<DocProperties> {
    let date = ExcelDateTime::from_ymd(2024, 6, 3)?.and_hms(8, 0, 0)?;
    Ok(DocProperties::new()
        .set_title(title)
        .set_author(author)
        .set_creation_datetime(&date))
}

fn date_cell(ws: &mut Worksheet, row: u32, col: u16, d: (u16, u8, u8), f: &Format) -> Res<()> {
    ws.write_datetime_with_format(row, col, ExcelDateTime::from_ymd(d.0, d.1, d.2)?, f)?;
    Ok(())
}

/// The CCAS de Saint-Sulpice-la-Pointe's own workbook, made in Excel without
/// the template, with the slips real partners make:
///
/// - sheet « Coordonnées » instead of « Partenaire », update date as text;
/// - sheet « Plan d'actions »: a title, a subtitle and an empty row above
///   the header (row 4); columns reordered and renamed (« Numéro »,
///   « Objectif », « Action », « Budget en euros », « Part CAF »…); no
///   description, référent or partenaires columns; an extra column
///   « Remarques internes »;
/// - objective 3.1.1 merged over rows 5 to 7 (B5:B7);
/// - dates typed as text « 15/03/2024 » (K5) and « 15/03/24 » (K6),
///   « 30/06/2025 » (L6), « 01/10/2024 » (K11);
/// - amounts as text « 1 200,50 € » (G5), « 1 599,50 € » (I5);
/// - progress as percentages (0,4 shown 40 %);
/// - « St Sulpice » (M6, M7, M11), and « Lavour » (M9, an error);
/// - statut « Validée » (N7, not a status: an error);
/// - an empty row (8) between the actions;
/// - a total row at the bottom (row 12) with SUM formulas;
/// - sheet « Indicateurs » with their own titles (« N° », « Objectif » for
///   the target, « 2023 », « 2024 »).
pub fn ccas_workbook() -> Res<Vec<u8>> {
    let mut wb = Workbook::new();
    wb.set_properties(&properties(
        "Actions CTG CCAS",
        "CCAS Saint-Sulpice-la-Pointe",
    )?);
    let bold = Format::new().set_bold();
    let title = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(Color::RGB(0xFCE4D6))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter);
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let merged = cell.clone().set_align(FormatAlign::VerticalCenter);
    let date = cell.clone().set_num_format("dd/mm/yyyy");
    let money = cell.clone().set_num_format("#,##0.00\\ \"€\"");
    let pct = cell.clone().set_num_format("0%");
    let total = money
        .clone()
        .set_bold()
        .set_background_color(Color::RGB(0xF2F2F2));
    let total_label = cell
        .clone()
        .set_bold()
        .set_background_color(Color::RGB(0xF2F2F2));

    // Coordonnées
    let ws = wb.add_worksheet();
    ws.set_name("Coordonnées")?;
    ws.set_column_width(0, 22)?;
    ws.set_column_width(1, 40)?;
    ws.write_string_with_format(0, 0, "Fiche structure", &bold)?;
    let lines = [
        ("Structure", "CCAS de Saint-Sulpice-la-Pointe"),
        ("Code partenaire", "CCAS-SSP"),
        ("Référent", "Hélène Vidal"),
        ("Courriel", "ccas@saint-sulpice.exemple.fr"),
        ("Téléphone", "05 63 00 77 12"),
        ("Date de mise à jour", "03/06/2024"),
    ];
    for (i, (label, value)) in lines.iter().enumerate() {
        ws.write_string_with_format(i as u32 + 2, 0, *label, &bold)?;
        ws.write_string(i as u32 + 2, 1, *value)?;
    }

    // Plan d'actions
    let ws = wb.add_worksheet();
    ws.set_name(CCAS_SHEET)?;
    let headers = [
        ("Numéro", 14.0),
        ("Objectif", 30.0),
        ("Action", 36.0),
        ("Public visé", 22.0),
        ("Thématique", 20.0),
        ("Budget en euros", 13.0),
        ("Part CAF", 12.0),
        ("Part CCTA", 12.0),
        ("Participation communes", 13.0),
        ("Autres financeurs", 12.0),
        ("Début", 11.0),
        ("Fin", 11.0),
        ("Communes", 24.0),
        ("État", 11.0),
        ("Avancement", 11.0),
        ("Commentaires", 30.0),
        ("Remarques internes", 30.0),
    ];
    ws.merge_range(
        0,
        0,
        0,
        headers.len() as u16 - 1,
        "CCAS DE SAINT-SULPICE-LA-POINTE — ACTIONS CTG 2023-2026",
        &title,
    )?;
    ws.write_string(1, 0, "Document de travail — mise à jour du 03/06/2024")?;
    for (i, (h, w)) in headers.iter().enumerate() {
        ws.write_string_with_format(3, i as u16, *h, &header)?;
        ws.set_column_width(i as u16, *w)?;
    }
    ws.set_row_height(3, 30)?;

    // Rows 5 to 7 (0-based 4 to 6): objective 3.1.1 merged.
    ws.merge_range(
        4,
        1,
        6,
        1,
        "3.1.1 — Valoriser les actions de solidarités",
        &merged,
    )?;
    // Row 5
    let r = 4;
    ws.write_string_with_format(r, 0, "CCAS-SSP-001", &cell)?;
    ws.write_string_with_format(
        r,
        2,
        "Repérage et visites des personnes isolées (plan canicule)",
        &cell,
    )?;
    ws.write_string_with_format(r, 3, "Personnes âgées", &cell)?;
    ws.write_string_with_format(r, 4, "Solidarité", &cell)?;
    ws.write_number_with_format(r, 5, 4_800.0, &money)?;
    ws.write_string_with_format(r, 6, "1 200,50 €", &cell)?;
    ws.write_number_with_format(r, 7, 2_000.0, &money)?;
    ws.write_string_with_format(r, 8, "1 599,50 €", &cell)?;
    ws.write_string_with_format(r, 10, "15/03/2024", &cell)?;
    date_cell(ws, r, 11, (2026, 12, 31), &date)?;
    ws.write_string_with_format(r, 12, "Saint-Sulpice-la-Pointe", &cell)?;
    ws.write_string_with_format(r, 13, "En cours", &cell)?;
    ws.write_number_with_format(r, 14, 0.4, &pct)?;
    ws.write_string_with_format(
        r,
        15,
        "Registre tenu avec les services de la mairie.",
        &cell,
    )?;
    ws.write_string_with_format(r, 16, "Liste 2024 à croiser avec le SSIAD", &cell)?;
    // Row 6
    let r = 5;
    ws.write_string_with_format(r, 0, "CCAS-SSP-002", &cell)?;
    ws.write_string_with_format(
        r,
        2,
        "Ateliers cuisine parents-enfants de l'épicerie solidaire",
        &cell,
    )?;
    ws.write_string_with_format(r, 3, "Familles vulnérables", &cell)?;
    ws.write_string_with_format(r, 4, "Solidarité; Parentalité", &cell)?;
    ws.write_number_with_format(r, 5, 3_500.0, &money)?;
    ws.write_number_with_format(r, 6, 1_000.0, &money)?;
    ws.write_number_with_format(r, 8, 1_500.0, &money)?;
    ws.write_number_with_format(r, 9, 1_000.0, &money)?;
    ws.write_string_with_format(r, 10, "15/03/24", &cell)?;
    ws.write_string_with_format(r, 11, "30/06/2025", &cell)?;
    ws.write_string_with_format(r, 12, "St Sulpice", &cell)?;
    ws.write_string_with_format(r, 13, "En cours", &cell)?;
    ws.write_number_with_format(r, 14, 0.5, &pct)?;
    ws.write_string_with_format(
        r,
        16,
        "Autres financeurs = Banque alimentaire (dons)",
        &cell,
    )?;
    // Row 7
    let r = 6;
    ws.write_string_with_format(r, 0, "CCAS-SSP-003", &cell)?;
    ws.write_string_with_format(r, 2, "Goûters intergénérationnels avec l'EHPAD", &cell)?;
    ws.write_string_with_format(r, 3, "Personnes âgées; Enfants (3-11 ans)", &cell)?;
    ws.write_string_with_format(r, 4, "Animation de la vie sociale", &cell)?;
    ws.write_number_with_format(r, 5, 900.0, &money)?;
    ws.write_number_with_format(r, 7, 450.0, &money)?;
    ws.write_number_with_format(r, 8, 450.0, &money)?;
    date_cell(ws, r, 10, (2023, 10, 11), &date)?;
    date_cell(ws, r, 11, (2023, 12, 20), &date)?;
    ws.write_string_with_format(r, 12, "St Sulpice", &cell)?;
    ws.write_string_with_format(r, 13, "Validée", &cell)?;
    ws.write_number_with_format(r, 14, 1.0, &pct)?;
    // Row 8 (0-based 7): left empty.
    // Row 9
    let r = 8;
    ws.write_string_with_format(r, 0, "CCAS-SSP-004", &cell)?;
    ws.write_string_with_format(
        r,
        1,
        "3.2.1 — Favoriser la mixité sociale, en direction des familles vulnérables",
        &cell,
    )?;
    ws.write_string_with_format(r, 2, "Aide aux vacances et aux loisirs des enfants", &cell)?;
    ws.write_string_with_format(r, 3, "Familles vulnérables", &cell)?;
    ws.write_string_with_format(r, 4, "Solidarité; Enfance", &cell)?;
    ws.write_number_with_format(r, 5, 6_000.0, &money)?;
    ws.write_number_with_format(r, 6, 3_000.0, &money)?;
    ws.write_number_with_format(r, 7, 1_500.0, &money)?;
    ws.write_number_with_format(r, 8, 1_500.0, &money)?;
    date_cell(ws, r, 10, (2024, 1, 8), &date)?;
    date_cell(ws, r, 11, (2026, 12, 31), &date)?;
    ws.write_string_with_format(r, 12, "Saint-Sulpice-la-Pointe; Lavour", &cell)?;
    ws.write_string_with_format(r, 13, "En cours", &cell)?;
    ws.write_number_with_format(r, 14, 0.3, &pct)?;
    ws.write_string_with_format(
        r,
        15,
        "Aide aux séjours ALSH, MJC et clubs sportifs sur orientation des travailleurs sociaux.",
        &cell,
    )?;
    // Row 10
    let r = 9;
    ws.write_string_with_format(r, 0, "CCAS-SSP-005", &cell)?;
    ws.write_string_with_format(
        r,
        1,
        "3.1.4 — Développer l'interconnaissance, renforcer la coordination entre acteurs",
        &cell,
    )?;
    ws.write_string_with_format(
        r,
        2,
        "Rencontres des acteurs de l'action sociale du territoire",
        &cell,
    )?;
    ws.write_string_with_format(r, 3, "Professionnels", &cell)?;
    ws.write_string_with_format(r, 4, "Dynamique territoriale", &cell)?;
    ws.write_number_with_format(r, 5, 800.0, &money)?;
    ws.write_number_with_format(r, 7, 400.0, &money)?;
    ws.write_number_with_format(r, 8, 400.0, &money)?;
    date_cell(ws, r, 10, (2024, 2, 1), &date)?;
    date_cell(ws, r, 11, (2026, 12, 31), &date)?;
    ws.write_string_with_format(r, 12, "Toutes", &cell)?;
    ws.write_string_with_format(r, 13, "En cours", &cell)?;
    ws.write_number_with_format(r, 14, 0.2, &pct)?;
    // Row 11
    let r = 10;
    ws.write_string_with_format(r, 0, "CCAS-SSP-006", &cell)?;
    ws.write_string_with_format(r, 1, "3.1.3", &cell)?;
    ws.write_string_with_format(r, 2, "Réunion d'information sur l'habitat inclusif", &cell)?;
    ws.write_string_with_format(
        r,
        3,
        "Personnes âgées; Personnes en situation de handicap",
        &cell,
    )?;
    ws.write_string_with_format(r, 4, "Logement / Cadre de vie", &cell)?;
    ws.write_number_with_format(r, 5, 1_200.0, &money)?;
    ws.write_number_with_format(r, 8, 1_200.0, &money)?;
    ws.write_string_with_format(r, 10, "01/10/2024", &cell)?;
    date_cell(ws, r, 11, (2024, 12, 31), &date)?;
    ws.write_string_with_format(r, 12, "St Sulpice", &cell)?;
    ws.write_string_with_format(r, 13, "À venir", &cell)?;
    ws.write_number_with_format(r, 14, 0.0, &pct)?;
    // Row 12: total.
    let r = 11;
    ws.write_string_with_format(r, 2, "TOTAL", &total_label)?;
    let sums = [
        (5u16, "F", "17200"),
        // SUM skips the amounts typed as text (G5, I5), as Excel does.
        (6, "G", "4000"),
        (7, "H", "4350"),
        (8, "I", "5050"),
        (9, "J", "1000"),
    ];
    for (col, letter, result) in sums {
        ws.write_formula_with_format(
            r,
            col,
            Formula::new(format!("=SUM({letter}5:{letter}11)")).set_result(result),
            &total,
        )?;
    }
    ws.set_freeze_panes(4, 0)?;

    // Indicateurs
    let ws = wb.add_worksheet();
    ws.set_name("Indicateurs")?;
    for (i, (h, w)) in [
        ("N°", 14.0),
        ("Indicateur", 44.0),
        ("Objectif", 10.0),
        ("2023", 8.0),
        ("2024", 8.0),
        ("Commentaire", 30.0),
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(0, i as u16, *h, &header)?;
        ws.set_column_width(i as u16, *w)?;
    }
    // (action, indicateur, cible, réalisé 2023, réalisé 2024, commentaire)
    type Line<'a> = (&'a str, &'a str, f64, Option<f64>, Option<f64>, &'a str);
    let indicators: [Line; 7] = [
        (
            "CCAS-SSP-001",
            "Nombre de personnes inscrites au registre",
            150.0,
            Some(96.0),
            Some(118.0),
            "",
        ),
        (
            "CCAS-SSP-001",
            "Nombre de visites à domicile",
            400.0,
            Some(212.0),
            Some(97.0),
            "Été 2024 non compté",
        ),
        (
            "CCAS-SSP-002",
            "Nombre de familles participant aux ateliers",
            40.0,
            None,
            Some(17.0),
            "",
        ),
        (
            "CCAS-SSP-003",
            "Nombre de goûters organisés",
            6.0,
            Some(3.0),
            None,
            "",
        ),
        (
            "CCAS-SSP-004",
            "Nombre d'enfants aidés",
            60.0,
            None,
            Some(21.0),
            "",
        ),
        (
            "CCAS-SSP-005",
            "Nombre de rencontres organisées",
            8.0,
            None,
            Some(2.0),
            "",
        ),
        (
            "CCAS-SSP-006",
            "Nombre de participants",
            30.0,
            None,
            None,
            "",
        ),
    ];
    for (i, (action, name, target, y2023, y2024, comment)) in indicators.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, *action)?;
        ws.write_string(r, 1, *name)?;
        ws.write_number(r, 2, *target)?;
        if let Some(v) = y2023 {
            ws.write_number(r, 3, *v)?;
        }
        if let Some(v) = y2024 {
            ws.write_number(r, 4, *v)?;
        }
        if !comment.is_empty() {
            ws.write_string(r, 5, *comment)?;
        }
    }
    wb.worksheet_from_index(1)?.set_active(true);
    Ok(wb.save_to_buffer()?)
}

/// The Mission Locale's workbook: the template's columns (header in row 1)
/// but no Partenaire sheet, and these slips:
///
/// - MLJ-002 (row 3): funding 3 000 € above its 2 400 € budget (N3);
/// - MLJ-003 (row 4): « Réalisée » at 60 % (M4, a warning);
/// - MLJ-003 again (row 6): duplicated number (A6);
/// - SJ-004 (row 7): the Service Jeunesse's number (A7);
/// - MLJ-005 (row 8): objective « 1.4.1 », not in the CTG (C8);
/// - Indicateurs row 7: indicator of MLJ-009, an action that does not exist (A7).
pub fn mlj_workbook() -> Res<Vec<u8>> {
    let mut wb = Workbook::new();
    wb.set_properties(&properties("Suivi CTG 2024", "Mission Locale")?);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_font_color(Color::White)
        .set_background_color(Color::RGB(0x2F5597))
        .set_border(FormatBorder::Thin);
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let money = Format::new().set_num_format("#,##0\\ \"€\"");

    let ws = wb.add_worksheet();
    ws.set_name("Actions")?;
    let headers = [
        "N° action",
        "Intitulé",
        "Objectif opérationnel",
        "Champ d'intervention",
        "Public cible",
        "Communes concernées",
        "Description",
        "Référent de l'action",
        "Partenaires associés",
        "Date de début",
        "Date de fin",
        "Statut",
        "Avancement (%)",
        "Budget prévisionnel (€)",
        "Financement CAF (€)",
        "Financement CCTA (€)",
        "Financement communes (€)",
        "Autres financements (€)",
        "Commentaires",
    ];
    for (i, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *h, &header)?;
        ws.set_column_width(i as u16, if i == 1 || i == 6 { 40.0 } else { 16.0 })?;
    }
    type Row<'a> = (
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        (u16, u8, u8),
        (u16, u8, u8),
        &'a str,
        f64,
        f64,
        [f64; 4],
        &'a str,
    );
    let o131 =
        "1.3.1 — Créer les structures favorisant la formation et l'apprentissage pour les jeunes";
    let o132 = "1.3.2 — Développer le réseau d'entreprises et la mise en relation / Accompagner les entreprises";
    let o133 = "1.3.3 — Renforcer les partenariats";
    let rows: [Row; 9] = [
        (
            "MLJ-001",
            "Accompagnement « Projet Pro » des 16-25 ans",
            o131,
            "Jeunesse",
            "Jeunes (16-25 ans)",
            "Toutes",
            "Parcours de douze semaines pour définir et concrétiser un projet professionnel : ateliers collectifs, stages, suivi individuel.",
            (2023, 9, 4),
            (2026, 12, 31),
            "En cours",
            40.0,
            22_000.0,
            [0.0, 8_000.0, 0.0, 14_000.0],
            "Autres financements : Région Occitanie et État (CEJ).",
        ),
        (
            "MLJ-002",
            "Petits déjeuners entreprises",
            o132,
            "Jeunesse",
            "Entreprises",
            "Lavaur; Saint-Sulpice-la-Pointe",
            "Un petit déjeuner par trimestre avec les entreprises des zones d'activités pour présenter les jeunes accompagnés et les PMSMP.",
            (2023, 10, 12),
            (2026, 12, 31),
            "En cours",
            50.0,
            2_400.0,
            [0.0, 1_500.0, 600.0, 900.0],
            "",
        ),
        (
            "MLJ-003",
            "Job dating emplois saisonniers",
            o132,
            "Jeunesse",
            "Jeunes (16-25 ans)",
            "Saint-Sulpice-la-Pointe",
            "Rencontres éclair entre jeunes et employeurs saisonniers (tourisme, agriculture, animation).",
            (2024, 4, 10),
            (2024, 4, 10),
            "Réalisée",
            60.0,
            1_200.0,
            [0.0, 1_200.0, 0.0, 0.0],
            "",
        ),
        (
            "MLJ-004",
            "Parrainage de jeunes par des professionnels du territoire",
            o132,
            "Jeunesse",
            "Jeunes (16-25 ans)",
            "Toutes",
            "Des chefs d'entreprise et salariés bénévoles accompagnent un jeune pendant six mois.",
            (2023, 9, 1),
            (2026, 6, 30),
            "En cours",
            30.0,
            5_000.0,
            [0.0, 2_000.0, 0.0, 3_000.0],
            "",
        ),
        (
            "MLJ-003",
            "Forum emploi et formation des jeunes",
            o133,
            "Jeunesse",
            "Jeunes (16-25 ans)",
            "Lavaur",
            "Forum annuel avec les chambres consulaires, les GEIQ et les organismes de formation.",
            (2024, 3, 21),
            (2024, 3, 21),
            "Réalisée",
            100.0,
            3_500.0,
            [0.0, 2_000.0, 500.0, 1_000.0],
            "",
        ),
        (
            "SJ-004",
            "Chantier jeunes d'été à Lugan",
            "1.2.1 — Développer l'offre pour les communes rurales et pôles relais",
            "Jeunesse",
            "Adolescents (13-17 ans)",
            "Lugan",
            "Co-animation du chantier du Service Jeunesse : la Mission Locale accompagne les plus de 16 ans.",
            (2024, 7, 1),
            (2024, 7, 5),
            "À venir",
            0.0,
            800.0,
            [0.0, 800.0, 0.0, 0.0],
            "",
        ),
        (
            "MLJ-005",
            "Permanences Mission Locale dans les pôles relais",
            "1.4.1 — Renforcer les permanences de proximité",
            "Jeunesse; Accès aux droits",
            "Jeunes (16-25 ans)",
            "Massac-Séran; Teulat; Ambres",
            "Une demi-journée par mois dans chaque pôle relais.",
            (2024, 2, 6),
            (2026, 12, 31),
            "En cours",
            20.0,
            3_000.0,
            [0.0, 3_000.0, 0.0, 0.0],
            "",
        ),
        (
            "MLJ-006",
            "Cinémathèque des métiers locaux",
            o132,
            "Jeunesse",
            "Jeunes (16-25 ans)",
            "Toutes",
            "Courtes vidéos de jeunes en entreprise sur le territoire, diffusées par les Promeneurs du Net.",
            (2024, 10, 1),
            (2025, 12, 31),
            "À venir",
            0.0,
            7_000.0,
            [0.0, 3_500.0, 0.0, 3_500.0],
            "",
        ),
        (
            "MLJ-007",
            "Partenariat avec les GEIQ BTP et aide à la personne",
            o133,
            "Jeunesse",
            "Jeunes (16-25 ans); Entreprises",
            "Toutes",
            "Information collective trimestrielle et orientation vers les contrats en alternance des GEIQ.",
            (2024, 1, 22),
            (2026, 12, 31),
            "En cours",
            25.0,
            500.0,
            [0.0, 500.0, 0.0, 0.0],
            "",
        ),
    ];
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        let (num, title, objective, domains, audiences, communes, description) =
            (row.0, row.1, row.2, row.3, row.4, row.5, row.6);
        ws.write_string(r, 0, num)?;
        ws.write_string(r, 1, title)?;
        ws.write_string(r, 2, objective)?;
        ws.write_string(r, 3, domains)?;
        ws.write_string(r, 4, audiences)?;
        ws.write_string(r, 5, communes)?;
        ws.write_string(r, 6, description)?;
        ws.write_string(r, 7, "Sarah Mercadier")?;
        date_cell(ws, r, 9, row.7, &date)?;
        date_cell(ws, r, 10, row.8, &date)?;
        ws.write_string(r, 11, row.9)?;
        ws.write_number(r, 12, row.10)?;
        ws.write_number_with_format(r, 13, row.11, &money)?;
        for (j, amount) in row.12.iter().enumerate() {
            if *amount != 0.0 {
                ws.write_number_with_format(r, 14 + j as u16, *amount, &money)?;
            }
        }
        if !row.13.is_empty() {
            ws.write_string(r, 18, row.13)?;
        }
    }
    ws.set_freeze_panes(1, 2)?;

    let ws = wb.add_worksheet();
    ws.set_name("Indicateurs")?;
    let headers = [
        "N° action",
        "Indicateur",
        "Type",
        "Unité",
        "Valeur de départ",
        "Cible",
        "Réalisé 2023",
        "Réalisé 2024",
        "Réalisé 2025",
        "Réalisé 2026",
        "Commentaire",
    ];
    for (i, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *h, &header)?;
        ws.set_column_width(i as u16, if i == 1 { 44.0 } else { 13.0 })?;
    }
    // (action, indicateur, unité, cible, réalisé 2023, réalisé 2024)
    type Line<'a> = (&'a str, &'a str, &'a str, f64, Option<f64>, Option<f64>);
    let indicators: [Line; 8] = [
        (
            "MLJ-001",
            "Nombre de jeunes accompagnés",
            "jeunes",
            90.0,
            Some(31.0),
            Some(27.0),
        ),
        (
            "MLJ-001",
            "Nombre d'entrées en formation ou en emploi",
            "jeunes",
            45.0,
            Some(12.0),
            Some(9.0),
        ),
        (
            "MLJ-002",
            "Nombre d'entreprises participantes",
            "entreprises",
            40.0,
            Some(14.0),
            Some(9.0),
        ),
        (
            "MLJ-003",
            "Nombre de jeunes reçus",
            "jeunes",
            80.0,
            None,
            Some(64.0),
        ),
        (
            "MLJ-004",
            "Nombre de binômes parrain-filleul",
            "binômes",
            20.0,
            Some(5.0),
            Some(8.0),
        ),
        (
            "MLJ-009",
            "Nombre de vidéos métiers réalisées",
            "vidéos",
            12.0,
            None,
            None,
        ),
        (
            "MLJ-006",
            "Nombre de vidéos diffusées",
            "vidéos",
            12.0,
            None,
            None,
        ),
        (
            "MLJ-007",
            "Nombre de jeunes orientés vers les GEIQ",
            "jeunes",
            15.0,
            None,
            Some(3.0),
        ),
    ];
    for (i, (action, name, unit, target, y2023, y2024)) in indicators.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, *action)?;
        ws.write_string(r, 1, *name)?;
        ws.write_string(r, 2, "Quantitatif")?;
        ws.write_string(r, 3, *unit)?;
        ws.write_number(r, 4, 0.0)?;
        ws.write_number(r, 5, *target)?;
        if let Some(v) = y2023 {
            ws.write_number(r, 6, *v)?;
        }
        if let Some(v) = y2024 {
            ws.write_number(r, 7, *v)?;
        }
    }
    Ok(wb.save_to_buffer()?)
}
