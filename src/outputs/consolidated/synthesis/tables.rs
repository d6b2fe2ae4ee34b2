//! The tables of the Synthèse below its key figures, each laid out from
//! the figures of `analysis`: actions by axis and status, by status and
//! « Suivi », the late actions, money by status group, by axis (with the
//! CAF share), by dispositif and by year, and the breakdowns by champ,
//! public and commune.

use crate::analysis::breakdown::Dimension;
use crate::analysis::money::Amounts;
use crate::analysis::{Plan, StatusRead};
use crate::model::tracking::Tracking;
use crate::outputs::consolidated::grid::{Block, Value};
use crate::referentiel::{BudgetBasis, CAF_FUNDER, StatusKind};
use crate::text::euros;

/// `code — label`.
fn coded(code: &str, label: &str) -> String {
    format!("{code} — {label}")
}

/// Header of the column of the axes' short labels, which the charts show
/// (the full label is in the first column).
const SHORT_HEADER: &str = "Dans les graphiques";

/// Column of the axes' short labels in the tables by axis.
pub(super) const SHORT_COL: u16 = 1;

/// « Axe 1 »: an axis as the charts name it.
fn short(code: &str) -> Value {
    Value::Text(format!("Axe {code}"))
}

/// A row label, the axis's short label, and its actions: a row of figures.
type AxisRow<'f> = dyn Fn(Value, Value, Vec<&crate::analysis::Entry>) -> Vec<Value> + 'f;

/// One row per axis, in référentiel order, and the total row, made by
/// `row`.
fn per_axis(plan: &Plan, row: &AxisRow) -> (Vec<Vec<Value>>, Vec<Value>) {
    let rows = plan
        .referentiel
        .axes
        .iter()
        .map(|axis| {
            row(
                Value::Label(coded(&axis.code, &axis.label)),
                short(&axis.code),
                plan.in_axis(&axis.code).collect(),
            )
        })
        .collect();
    let total = row(
        Value::Text("Total".to_owned()),
        Value::Text(String::new()),
        plan.entries.iter().collect(),
    );
    (rows, total)
}

/// Actions by axis and by status as given, unrecognised and empty apart.
pub(super) fn axis_by_status(plan: &Plan) -> Block {
    let r = plan.referentiel;
    let columns = StatusRead::columns(r);
    let mut headers = vec!["Axe".to_owned(), SHORT_HEADER.to_owned()];
    headers.extend(columns.iter().map(|c| c.label(r)));
    headers.push("Total".to_owned());
    let row = |label: Value, short: Value, of: Vec<&crate::analysis::Entry>| {
        let mut values = vec![label, short];
        values.extend(
            columns
                .iter()
                .map(|c| Value::Count(of.iter().filter(|e| e.status == *c).count())),
        );
        values.push(Value::Count(of.len()));
        values
    };
    let (rows, total) = per_axis(plan, &row);
    Block {
        title: "Actions par axe et par statut".to_owned(),
        note: None,
        headers,
        rows,
        total: Some(total),
    }
}

/// Actions by status as given and by « Suivi »: the status chart, split.
pub(super) fn status_by_tracking(plan: &Plan) -> Block {
    let r = plan.referentiel;
    let mut headers = vec!["Statut".to_owned()];
    headers.extend(
        Tracking::ALL
            .iter()
            .map(|t| crate::text::capitalised(t.label())),
    );
    headers.push("Total".to_owned());
    let table = plan.status_by_tracking();
    let mut sums = [0usize; Tracking::ALL.len()];
    let rows = table
        .iter()
        .map(|(status, counts)| {
            let mut values = vec![Value::Text(status.label(r))];
            for (i, n) in counts.iter().enumerate() {
                sums[i] += n;
                values.push(Value::Count(*n));
            }
            values.push(Value::Count(counts.iter().sum()));
            values
        })
        .collect();
    let mut total = vec![Value::Text("Total".to_owned())];
    total.extend(sums.iter().map(|n| Value::Count(*n)));
    total.push(Value::Count(sums.iter().sum()));
    Block {
        title: "Actions par statut et par suivi".to_owned(),
        note: Some(format!(
            "Suivi au {} : « à risque » = en cours, échéance dans moins de {} mois et avancement inférieur à {} %.",
            plan.today.format("%d/%m/%Y"),
            crate::model::tracking::RISK_MONTHS,
            crate::model::tracking::LOW_PROGRESS
        )),
        headers,
        rows,
        total: Some(total),
    }
}

/// The late actions: number and title, partner, what is late, since when.
pub(super) fn late_actions(plan: &Plan) -> Block {
    let r = plan.referentiel;
    let late = plan.late();
    let rows: Vec<Vec<Value>> = if late.is_empty() {
        vec![vec![Value::Label(format!(
            "Aucune action en retard au {}.",
            plan.today.format("%d/%m/%Y")
        ))]]
    } else {
        late.iter()
            .map(|e| {
                vec![
                    Value::Label(coded(&e.action.number, &e.action.title)),
                    Value::Text(e.partner.to_owned()),
                    Value::Text(e.suivi.tracking.label().to_owned()),
                    Value::Day(e.suivi.since),
                    Value::Note(e.suivi.what(r)),
                ]
            })
            .collect()
    };
    Block {
        title: format!("Actions en retard ({})", late.len()),
        note: Some(
            "En retard de démarrage : « À venir » après sa date de début ; échéance dépassée : « À venir » ou « En cours » après sa date de fin ; report dépassé : « Reportée » après sa nouvelle date de fin."
                .to_owned(),
        ),
        headers: ["Action", "Partenaire", "Suivi", "Depuis le", "Ce qui est en retard"]
            .map(str::to_owned)
            .to_vec(),
        rows,
        total: None,
    }
}

/// The figures of one group of actions: count, budget, CAF, its part of
/// all CAF funding, its CAF share (CAF ÷ budget), total funded.
fn amounts(a: &Amounts, caf_total: f64) -> [Value; 6] {
    [
        Value::Count(a.actions),
        Value::Money(a.budget),
        Value::Money(a.caf),
        Value::Share((caf_total > 0.0).then(|| a.caf / caf_total)),
        Value::Share(a.caf_share()),
        Value::Money(a.funded),
    ]
}

/// CAF and total funding by status group.
pub(super) fn money_by_status_group(plan: &Plan) -> Block {
    let r = plan.referentiel;
    let all = plan.amounts();
    let idle = plan.idle();
    let rows = plan
        .by_status_group()
        .iter()
        .map(|(g, a)| {
            let mut values = vec![Value::Text(g.label(r))];
            values.extend(amounts(a, all.caf));
            values
        })
        .collect();
    let mut total = vec![Value::Text("Total".to_owned())];
    total.extend(amounts(&all, all.caf));
    let idle_share = if all.caf > 0.0 {
        format!(" ({})", crate::text::percent(idle.caf / all.caf))
    } else {
        String::new()
    };
    Block {
        title: "Financements par état des actions".to_owned(),
        note: Some(format!(
            "{} de financement CAF sur {}{idle_share} portent sur des actions pas commencées (« {} »), reportées ou abandonnées.",
            euros(idle.caf),
            euros(all.caf),
            r.status_label(StatusKind::Planned)
        )),
        headers: [
            "Statut",
            "Actions",
            "Budget prévisionnel",
            "Financement CAF",
            "Répartition du financement CAF",
            "Part CAF (CAF ÷ budget)",
            "Total financé",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows,
        total: Some(total),
    }
}

/// Budget and funding by axis and funder, with the CAF share.
pub(super) fn funding_by_axis(plan: &Plan) -> Block {
    let r = plan.referentiel;
    let mut headers = vec![
        "Axe".to_owned(),
        SHORT_HEADER.to_owned(),
        "Budget prévisionnel".to_owned(),
    ];
    headers.extend(r.funders.iter().map(|f| f.label.clone()));
    headers.extend(["Total financé".to_owned(), "Part CAF".to_owned()]);
    let row = |label: Value, short: Value, entries: Vec<&crate::analysis::Entry>| {
        let funded = |code: &str| {
            crate::analysis::total(
                entries
                    .iter()
                    .filter_map(|e| e.action.funding.get(code).copied()),
            )
        };
        let a = Amounts::of(entries.iter().copied());
        let mut values = vec![label, short, Value::Money(a.budget)];
        values.extend(r.funders.iter().map(|f| Value::Money(funded(&f.code))));
        values.extend([Value::Money(a.funded), Value::Share(a.caf_share())]);
        values
    };
    let (rows, total) = per_axis(plan, &row);
    Block {
        title: "Budget et financements par axe (€)".to_owned(),
        note: Some(format!(
            "Part CAF : financement {} ÷ budget prévisionnel.",
            r.funders
                .iter()
                .find(|f| f.code == CAF_FUNDER)
                .map_or("CAF", |f| f.label.as_str())
        )),
        headers,
        rows,
        total: Some(total),
    }
}

/// CAF funding by dispositif.
pub(super) fn by_caf_scheme(plan: &Plan) -> Block {
    let schemes = plan.by_caf_scheme();
    let all = plan.amounts();
    let caf_total = crate::analysis::total(schemes.iter().map(|(_, a)| a.caf));
    let rows: Vec<Vec<Value>> = schemes
        .iter()
        .map(|(scheme, a)| {
            vec![
                Value::Text(
                    scheme
                        .clone()
                        .unwrap_or_else(|| "Dispositif non renseigné".to_owned()),
                ),
                Value::Count(a.actions),
                Value::Money(a.caf),
                Value::Share((all.caf > 0.0).then(|| a.caf / all.caf)),
            ]
        })
        .collect();
    Block {
        title: "Financement CAF par dispositif".to_owned(),
        note: Some(
            "Les actions qui n'indiquent pas de dispositif ne sont comptées que si elles ont un financement CAF."
                .to_owned(),
        ),
        headers: [
            "Dispositif CAF",
            "Actions",
            "Financement CAF",
            "Répartition du financement CAF",
        ]
        .map(str::to_owned)
        .to_vec(),
        total: (!rows.is_empty()).then(|| {
            vec![
                Value::Text("Total".to_owned()),
                Value::Count(schemes.iter().map(|(_, a)| a.actions).sum()),
                Value::Money(caf_total),
                Value::Share((all.caf > 0.0).then(|| caf_total / all.caf)),
            ]
        }),
        rows,
    }
}

/// The planned budget of each year of the convention.
pub(super) fn budget_per_year(plan: &Plan, basis: BudgetBasis) -> Block {
    let spread = plan.budget_per_year(basis);
    let mut rows: Vec<Vec<Value>> = spread
        .years
        .iter()
        .map(|(y, x)| vec![Value::Text(y.to_string()), Value::Money(*x)])
        .collect();
    rows.push(vec![
        Value::Text("Hors des années de la convention".to_owned()),
        Value::Money(spread.outside),
    ]);
    rows.push(vec![
        Value::Text("Actions sans dates utilisables".to_owned()),
        Value::Money(spread.undated),
    ]);
    let how = match basis {
        BudgetBasis::WholeAction => {
            "le budget d'une action est réparti entre les années au prorata de ses jours dans chacune"
        }
        BudgetBasis::Annual => {
            "le budget annuel d'une action compte chaque année pour la part de l'année qu'elle couvre"
        }
    };
    Block {
        title: "Budget prévu par année".to_owned(),
        note: Some(format!("D'après les dates des actions : {how}.")),
        headers: ["Année", "Budget prévu"].map(str::to_owned).to_vec(),
        total: Some(vec![
            Value::Text("Total".to_owned()),
            Value::Money(crate::analysis::total(rows.iter().filter_map(
                |r| match r.get(1) {
                    Some(Value::Money(x)) => Some(*x),
                    _ => None,
                },
            ))),
        ]),
        rows,
    }
}

/// Actions and budget by commune, public or champ.
pub(super) fn breakdown(plan: &Plan, dimension: Dimension) -> Block {
    let tallies = plan.tallies(dimension);
    Block {
        title: format!("Actions par {}", dimension.label().to_lowercase()),
        note: Some(if dimension == Dimension::Commune {
            "Toutes les actions, quel que soit leur statut. Une action compte pour chaque commune qu'elle nomme, son budget réparti à parts égales entre elles ; les actions « Toutes » ont leur propre ligne : la colonne s'additionne au budget total. La feuille Couverture, elle, ne compte que les actions en cours ou réalisées.".to_owned()
        } else {
            "Une action à plusieurs valeurs compte pour chacune ; son budget est réparti à parts égales entre elles.".to_owned()
        }),
        headers: vec![
            dimension.label().to_owned(),
            "Actions".to_owned(),
            "Budget réparti".to_owned(),
        ],
        rows: tallies
            .iter()
            .map(|t| {
                vec![
                    Value::Text(t.value.clone()),
                    Value::Count(t.actions),
                    Value::Money(t.budget),
                ]
            })
            .collect(),
        total: None,
    }
}
