//! The five resources of the data package and their fields: actions (with
//! the committee's standing avis), indicateurs, partenaires, referentiel,
//! communes.

use chrono::Datelike;

use super::{Field, Kind, Resource, Value};
use crate::consolidate::PartnerState;
use crate::consolidate::joint::{JointPlan, Role};
use crate::evaluation;
use crate::model::{
    Action, Communes, Indicator, IndicatorKind, IndicatorNature, IndicatorValue, Snapshot,
    TargetHorizon,
};
use crate::referentiel::{Config, Referentiel};

/// Every resource of the package, in order.
pub(super) fn resources(plan: &Snapshot, config: &Config) -> Vec<Resource> {
    let r = &config.referentiel;
    vec![
        actions(plan, r),
        indicators(plan, r),
        partners(plan),
        referentiel(r),
        communes(r),
    ]
}

fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

fn joined(items: &[String]) -> Value {
    Value::Text(items.join("; "))
}

fn actions(plan: &Snapshot, r: &Referentiel) -> Resource {
    use Kind::*;
    let years: Vec<i32> = r.convention.years().collect();
    let mut fields = vec![
        Field::new(
            "numero",
            String,
            "N° de l'action, préfixé du code du partenaire",
        )
        .required(),
        Field::new(
            "partenaire",
            String,
            "Code du partenaire qui porte l'action",
        )
        .required(),
        Field::new("intitule", String, "Intitulé de l'action").required(),
        Field::new(
            "axe",
            String,
            "Code de l'axe de la CTG (découle de l'objectif)",
        ),
        Field::new(
            "orientation",
            String,
            "Code de l'orientation stratégique (découle de l'objectif)",
        ),
        Field::new(
            "objectif",
            String,
            "Code de l'objectif opérationnel (voir referentiel.csv)",
        )
        .required(),
        Field::new(
            "champs_intervention",
            String,
            "Champs d'intervention, séparés par « ; »",
        ),
        Field::new("publics", String, "Publics cibles, séparés par « ; »"),
        Field::new(
            "toutes_communes",
            Boolean,
            "Vrai si l'action concerne tout le territoire",
        ),
        Field::new(
            "communes",
            String,
            "Communes concernées, séparées par « ; » (vide si toutes ou non précisé)",
        ),
        Field::new(
            "communes_insee",
            String,
            "Codes INSEE des communes concernées, séparés par « ; » (voir communes.csv)",
        ),
        Field::new(
            "constat",
            String,
            "Constat : le besoin auquel l'action répond",
        ),
        Field::new("description", String, "Description de l'action"),
        Field::new("moyens", String, "Moyens mobilisés"),
        Field::new(
            "partenaires_associes",
            String,
            "Autres structures qui participent à l'action",
        ),
        Field::new(
            "action_commune_avec",
            String,
            "N° de la même action chez d'autres partenaires (action portée à plusieurs), séparés par « ; »",
        ),
        Field::new(
            "action_commune_role",
            String,
            "Rôle de la ligne dans son action commune : porteur (la ligne comptée dans les totaux, budget complet), co-porteur (sa seule contribution) ou copie (reprend les montants du porteur) ; vide pour une action seule",
        )
        .one_of(Role::ALL.iter().map(|r| r.code().to_owned())),
        Field::new(
            "action_commune_porteur",
            String,
            "N° de l'action du porteur, avec laquelle la ligne est comptée une seule fois ; vide pour une action seule",
        ),
        Field::new("date_debut", Date, "Date de début"),
        Field::new("date_fin", Date, "Date de fin"),
        Field::new("statut", String, "Statut de l'action")
            .one_of(r.statuses.iter().map(|s| s.label.clone())),
        Field::new("avancement", Number, "Avancement, en % (0 à 100)"),
        Field::new("budget", Number, "Budget prévisionnel, en euros"),
    ];
    fields.extend(r.funders.iter().map(|f| {
        Field::new(
            format!("financement_{}", f.code),
            Number,
            format!("Financement {}, en euros", f.label),
        )
    }));
    fields.push(Field::new(
        "dispositif_caf",
        String,
        "Dispositif CAF du financement CAF",
    ));
    fields.extend(years.iter().map(|y| {
        Field::new(
            format!("depenses_{y}"),
            Number,
            format!("Dépenses réalisées en {y}, en euros"),
        )
    }));
    fields.extend([
        Field::new("commentaires", String, "Commentaires du partenaire"),
        Field::new(
            "avis",
            String,
            "Dernier avis du comité (COPIL, COTECH) sur l'action",
        )
        .one_of(r.verdicts.iter().cloned()),
        Field::new("instance_avis", String, "Comité qui a donné cet avis"),
        Field::new("date_avis", Date, "Date de la réunion du comité"),
        Field::new("commentaire_avis", String, "Commentaire du comité"),
    ]);
    // Which rows are one action carried by several partners.
    let joint = JointPlan::of_snapshot(plan);
    let rows = every_action(plan)
        .map(|(code, a)| {
            let objective = r.objective(&a.objective);
            let mut row = vec![
                text(&a.number),
                text(code),
                text(&a.title),
                text(objective.map_or("", |o| o.axis_code())),
                text(objective.map_or("", |o| o.orientation_code())),
                text(&a.objective),
                joined(&a.domains),
                joined(&a.audiences),
                Value::Boolean(a.communes == Communes::All),
                Value::Text(match &a.communes {
                    Communes::Some(names) => names.join("; "),
                    _ => std::string::String::new(),
                }),
                Value::Text(insee_codes(&a.communes, r)),
                text(&a.need),
                text(&a.description),
                text(&a.means),
                text(&a.associates),
                joined(&a.joint_with),
                text(joint.role_of(&a.number).map_or("", Role::code)),
                text(joint.of(&a.number).map_or("", |j| &j.lead.number)),
                Value::Date(a.start),
                Value::Date(a.end),
                text(a.status.map_or("", |k| r.status_label(k))),
                Value::Number(a.progress),
                Value::Number(a.budget),
            ];
            row.extend(
                r.funders
                    .iter()
                    .map(|f| Value::Number(a.funding.get(&f.code).copied())),
            );
            row.push(text(a.caf_scheme.as_deref().unwrap_or_default()));
            row.extend(
                years
                    .iter()
                    .map(|y| Value::Number(a.spending.get(y).copied())),
            );
            row.push(text(&a.comments));
            let decision = plan.decisions.get(&a.number);
            row.extend([
                text(decision.map_or("", |d| &d.verdict)),
                text(decision.map_or("", |d| &d.instance)),
                Value::Date(decision.map(|d| d.date)),
                text(decision.map_or("", |d| &d.comment)),
            ]);
            row
        })
        .collect();
    Resource {
        name: "actions",
        title: "Actions du plan d'actions",
        fields,
        rows,
        primary_key: Some("numero"),
        foreign_keys: vec![("partenaire", "partenaires", "code")],
    }
}

/// Every accepted action with its partner code, by number.
fn every_action(plan: &Snapshot) -> impl Iterator<Item = (&str, &Action)> {
    let mut all: Vec<(&str, &Action)> = plan
        .partners
        .iter()
        .flat_map(|(code, p)| p.actions.iter().map(move |a| (code.as_str(), a)))
        .collect();
    all.sort_by(|a, b| a.1.number.cmp(&b.1.number));
    all.into_iter()
}

/// The INSEE codes of the communes an action names (all of them for
/// « Toutes »); a name not in the référentiel has none.
fn insee_codes(communes: &Communes, r: &Referentiel) -> String {
    let codes: Vec<&str> = r
        .communes
        .iter()
        .filter(|c| communes.covers(&c.name))
        .map(|c| c.insee.as_str())
        .collect();
    codes.join("; ")
}

fn indicators(plan: &Snapshot, r: &Referentiel) -> Resource {
    use Kind::*;
    let years: Vec<i32> = r.convention.years().collect();
    let today = plan.taken_at.map(|t| t.date()).unwrap_or_default();
    let mut fields = vec![
        Field::new(
            "action",
            String,
            "N° de l'action mesurée (voir actions.csv)",
        )
        .required(),
        Field::new("partenaire", String, "Code du partenaire").required(),
        Field::new("indicateur", String, "Ce qui est mesuré").required(),
        Field::new(
            "type",
            String,
            "Quantitatif (un nombre) ou qualitatif (des mots)",
        )
        .one_of([IndicatorKind::Quantitative, IndicatorKind::Qualitative].map(|k| k.label())),
        Field::new(
            "nature",
            String,
            "Résultat (ce que l'action change) ou moyens (ce qu'elle mobilise)",
        )
        .one_of(IndicatorNature::ALL.map(|n| n.label())),
        Field::new("unite", String, "Unité des valeurs"),
        Field::new(
            "valeur_depart",
            Number,
            "Valeur de départ (situation avant l'action), si c'est un nombre",
        ),
        Field::new(
            "valeur_depart_texte",
            String,
            "Valeur de départ, si elle est en mots",
        ),
        Field::new("cible", Number, "Cible, si c'est un nombre"),
        Field::new("cible_texte", String, "Cible, si elle est en mots"),
        Field::new(
            "horizon",
            String,
            "Annuelle (la cible vaut chaque année) ou Fin de CTG ; vide : fin de CTG",
        )
        .one_of(TargetHorizon::ALL.map(|h| h.label())),
    ];
    for y in &years {
        fields.push(Field::new(
            format!("realise_{y}"),
            Number,
            format!("Résultat {y}, si c'est un nombre"),
        ));
        fields.push(Field::new(
            format!("realise_{y}_texte"),
            String,
            format!("Résultat {y}, s'il est en mots"),
        ));
    }
    fields.extend(years.iter().map(|y| {
        Field::new(
            format!("taux_atteinte_{y}"),
            Number,
            format!("Taux d'atteinte {y} : (réalisé − départ) ÷ (cible − départ), 1 = cible atteinte ; sans valeur de départ, réalisé ÷ cible{}", if *y >= today.year() { " ; année en cours à l'export : partiel" } else { "" }),
        )
    }));
    fields.push(Field::new(
        "commentaire",
        String,
        "Commentaire du partenaire",
    ));
    let split = |v: Option<&IndicatorValue>| match v {
        Some(IndicatorValue::Number(n)) => [Value::Number(Some(*n)), text("")],
        Some(IndicatorValue::Text(t)) => [Value::Number(None), text(t)],
        None => [Value::Number(None), text("")],
    };
    let mut all: Vec<(&str, &Indicator)> = plan
        .partners
        .iter()
        .flat_map(|(code, p)| p.indicators.iter().map(move |i| (code.as_str(), i)))
        .collect();
    all.sort_by(|a, b| (&a.1.action, a.1.row).cmp(&(&b.1.action, b.1.row)));
    let rows = all
        .into_iter()
        .map(|(code, i)| {
            let mut row = vec![
                text(&i.action),
                text(code),
                text(&i.name),
                text(i.kind.map_or("", |k| k.label())),
                text(i.nature.map_or("", |n| n.label())),
                text(&i.unit),
            ];
            row.extend(split(i.baseline.as_ref()));
            row.extend(split(i.target.as_ref()));
            row.push(text(i.horizon.map_or("", |h| h.label())));
            for y in &years {
                row.extend(split(i.results.get(y)));
            }
            row.extend(
                years
                    .iter()
                    .map(|y| Value::Number(evaluation::achievement(i, *y, today).map(|a| a.rate))),
            );
            row.push(text(&i.comment));
            row
        })
        .collect();
    Resource {
        name: "indicateurs",
        title: "Indicateurs des actions",
        fields,
        rows,
        primary_key: None,
        foreign_keys: vec![("action", "actions", "numero")],
    }
}

fn partners(plan: &Snapshot) -> Resource {
    use PartnerState::*;
    use chrono::NaiveDateTime as T;
    let states = [
        UpToDate,
        WithErrors,
        PreviousVersion(T::default()),
        Unreadable,
        NeverSubmitted,
        Withdrawn,
    ]
    .map(|s| s.code());
    let fields = vec![
        Field::new("code", Kind::String, "Code du partenaire, préfixe de ses numéros d'action").required(),
        Field::new("nom", Kind::String, "Nom de la structure").required(),
        Field::new("etat", Kind::String, "État à la consolidation : a_jour, avec_erreurs, version_precedente (fichier illisible, version précédente utilisée), illisible, jamais_depose, retire").one_of(states),
        Field::new("actions", Kind::Integer, "Nombre d'actions retenues"),
        Field::new("indicateurs", Kind::Integer, "Nombre d'indicateurs retenus"),
    ];
    let rows = plan
        .partners
        .iter()
        .map(|(code, p)| {
            vec![
                text(code),
                text(&p.name),
                text(p.state.as_deref().unwrap_or_default()),
                Value::Integer(p.actions.len()),
                Value::Integer(p.indicators.len()),
            ]
        })
        .collect();
    Resource {
        name: "partenaires",
        title: "Partenaires de la CTG",
        fields,
        rows,
        primary_key: Some("code"),
        foreign_keys: Vec::new(),
    }
}

fn referentiel(r: &Referentiel) -> Resource {
    let fields = vec![
        Field::new(
            "code",
            Kind::String,
            "Code : 1 (axe), 1.2 (orientation), 1.2.3 (objectif)",
        )
        .required(),
        Field::new("niveau", Kind::String, "Niveau dans la structure de la CTG")
            .required()
            .one_of(["axe", "orientation", "objectif"]),
        Field::new("libelle", Kind::String, "Libellé").required(),
        Field::new(
            "parent",
            Kind::String,
            "Code du niveau au-dessus (vide pour un axe)",
        ),
    ];
    let mut rows = Vec::new();
    for axis in &r.axes {
        rows.push(vec![
            text(&axis.code),
            text("axe"),
            text(&axis.label),
            text(""),
        ]);
        for o in r
            .orientations
            .iter()
            .filter(|o| crate::referentiel::parent_code(&o.code) == axis.code)
        {
            rows.push(vec![
                text(&o.code),
                text("orientation"),
                text(&o.label),
                text(&axis.code),
            ]);
            for obj in r
                .objectives
                .iter()
                .filter(|x| x.orientation_code() == o.code)
            {
                rows.push(vec![
                    text(&obj.code),
                    text("objectif"),
                    text(&obj.label),
                    text(&o.code),
                ]);
            }
        }
    }
    Resource {
        name: "referentiel",
        title: "Référentiel de la CTG : axes, orientations, objectifs opérationnels",
        fields,
        rows,
        primary_key: Some("code"),
        foreign_keys: vec![("parent", "", "code")],
    }
}

fn communes(r: &Referentiel) -> Resource {
    let fields = vec![
        Field::new(
            "code_insee",
            Kind::String,
            "Code officiel géographique (INSEE) de la commune",
        )
        .required(),
        Field::new("nom", Kind::String, "Nom officiel de la commune").required(),
    ];
    let rows = r
        .communes
        .iter()
        .map(|c| vec![text(&c.insee), text(&c.name)])
        .collect();
    Resource {
        name: "communes",
        title: "Communes du territoire",
        fields,
        rows,
        primary_key: Some("code_insee"),
        foreign_keys: Vec::new(),
    }
}
