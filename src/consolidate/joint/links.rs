//! Declared links: « Action commune avec » resolved across the plan into
//! joint actions (a lead, co-carriers, copies of the lead's amounts), and
//! what is wrong with them: a number no plan holds, a row named by others
//! that does not name them back, rows that disagree.

use std::collections::BTreeMap;

use super::{
    Carrier, JointAction, JointPlan, Role, Row, Rows, SharedFinding, YEARS_APART_DAYS, day,
    overlap, same_amount,
};
use crate::finding::{Code, Finding, Severity};
use crate::model::Action;
use crate::text::{content_words, euros, word_resemblance};
use crate::validate::number_prefix;

/// A title at least this close to the declaring row's is worth suggesting
/// for a link that names no action: half of their words in common.
const SUGGESTED_TITLE: f64 = 0.5;

/// Groups the rows linked by « Action commune avec » (directly or through
/// others) into joint actions, adds them to `plan` with their findings,
/// and returns, for each row, the index of its joint action's group.
pub(super) fn resolve(rows: &Rows, plan: &mut JointPlan) -> Vec<Option<usize>> {
    let n = rows.all.len();
    let mut roots: Vec<usize> = (0..n).collect();
    // named_by[j]: the rows whose links name row j.
    let mut named_by: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, row) in rows.all.iter().enumerate() {
        for typed in &row.action.joint_with {
            match rows.by_number.get(typed.as_str()) {
                Some(&j) if rows.all[j].plan.code != row.plan.code => {
                    let (a, b) = (root(&mut roots, i), root(&mut roots, j));
                    roots[a.max(b)] = a.min(b);
                    named_by[j].push(i);
                }
                // Two rows of one plan: `validate` refuses such a link; a
                // plan from an older history may still hold one.
                Some(_) => {}
                None => plan
                    .partner_findings
                    .push((row.plan.code.to_owned(), unknown_link(rows, row, typed))),
            }
        }
    }
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let r = root(&mut roots, i);
        members.entry(r).or_default().push(i);
    }
    let mut group_of = vec![None; n];
    for rows_of in members.into_values().filter(|m| m.len() > 1) {
        for &i in &rows_of {
            group_of[i] = Some(plan.actions.len());
        }
        let declared: Vec<bool> = rows_of
            .iter()
            .map(|&i| rows_of.iter().any(|&j| named_by[j].contains(&i)))
            .collect();
        if let Some(action) = joint_action(rows, &rows_of, &declared, &named_by, plan) {
            plan.actions.push(action);
        }
    }
    group_of
}

/// The representative of a row's group, shortening the path on the way.
fn root(roots: &mut [usize], mut i: usize) -> usize {
    while roots[i] != i {
        roots[i] = roots[roots[i]];
        i = roots[i];
    }
    i
}

/// One joint action from its rows: the lead is the row declaring the
/// largest budget (the full budget); among equal budgets, the row the
/// others name most (co-carriers name the action they join), then the
/// smallest number. The others are co-carriers, or copies when they repeat
/// the lead's budget. None for no row at all.
fn joint_action(
    rows: &Rows,
    members: &[usize],
    declared: &[bool],
    named_by: &[Vec<usize>],
    plan: &mut JointPlan,
) -> Option<JointAction> {
    let row = |i: usize| &rows.all[i];
    let budget = |i: usize| row(i).action.budget.unwrap_or(f64::NEG_INFINITY);
    let number = |i: usize| row(i).action.number.as_str();
    let lead = members.iter().copied().max_by(|&a, &b| {
        budget(a)
            .total_cmp(&budget(b))
            .then(named_by[a].len().cmp(&named_by[b].len()))
            .then(number(b).cmp(number(a)))
    })?;
    let mut others = Vec::new();
    for (k, &i) in members.iter().enumerate() {
        if !declared[k] {
            let namers: Vec<&Row> = named_by[i].iter().map(|&j| row(j)).collect();
            let f = unconfirmed(row(i), &namers, row(lead));
            plan.partner_findings.push((row(i).plan.code.to_owned(), f));
        }
        if i == lead {
            continue;
        }
        let copy = matches!(
            (row(i).action.budget, row(lead).action.budget),
            (Some(a), Some(b)) if same_amount(a, b)
        );
        check_against_lead(row(i), row(lead), copy, plan);
        others.push(carrier(
            row(i),
            if copy { Role::Copy } else { Role::CoCarrier },
            declared[k],
        ));
    }
    let lead_declared = members
        .iter()
        .position(|&i| i == lead)
        .is_some_and(|k| declared[k]);
    Some(JointAction {
        lead: carrier(row(lead), Role::Lead, lead_declared),
        others,
    })
}

fn carrier(row: &Row, role: Role, declared: bool) -> Carrier {
    Carrier {
        partner: row.plan.code.to_owned(),
        name: row.plan.name.to_owned(),
        number: row.action.number.clone(),
        role,
        budget: row.action.budget,
        funding: row.action.funding.clone(),
        declared,
    }
}

/// Where a co-carrier's row and the lead's disagree.
enum Disagreement {
    /// Not the same operational objective.
    Objective,
    /// Periods without a day in common, starts a year or more apart.
    Dates,
    /// The same (full) budget, other funding.
    Funding,
}

/// Compares a co-carrier's row with the lead's: disagreements are told to
/// both partners and once to the coordinator; a copy of the lead's amounts
/// is told to the co-carrier.
fn check_against_lead(other: &Row, lead: &Row, copy: bool, plan: &mut JointPlan) {
    let (a, b) = (other.action, lead.action);
    if a.objective != b.objective {
        disagree(other, lead, Disagreement::Objective, plan);
    }
    if let (Some(x), Some(y)) = (other.period(), lead.period())
        && !overlap(x, y)
        && (x.0 - y.0).num_days().abs() >= YEARS_APART_DAYS
    {
        disagree(other, lead, Disagreement::Dates, plan);
    }
    if !copy {
        return;
    }
    let funders: std::collections::BTreeSet<&String> =
        a.funding.keys().chain(b.funding.keys()).collect();
    let amount = |x: &Action, f: &String| x.funding.get(f).copied().unwrap_or(0.0);
    if funders
        .iter()
        .all(|f| same_amount(amount(a, f), amount(b, f)))
    {
        let message = format!(
            "{} reprend les montants de {}, porteur de cette action commune (budget {}) : votre ligne est lue comme une copie, et l'action est comptée une seule fois, avec les montants du porteur. Rien à corriger ; si vous n'apportez qu'une part du budget, vous pouvez n'inscrire que votre contribution.",
            a.number,
            lead.named(),
            euros(b.budget.unwrap_or_default())
        );
        let f = other.finding(Severity::Info, Code::JointActionCopy, message, None);
        plan.partner_findings.push((other.plan.code.to_owned(), f));
    } else {
        disagree(other, lead, Disagreement::Funding, plan);
    }
}

/// A disagreement between two rows of one joint action: a warning at each
/// row, and one line for the coordinator naming both.
fn disagree(x: &Row, lead: &Row, what: Disagreement, plan: &mut JointPlan) {
    let what_of = |r: &Row, other: &Row| -> String {
        let (a, b) = (r.action, other.action);
        match what {
            Disagreement::Objective => format!(
                "elles ne relèvent pas du même objectif opérationnel ({} ici, {} pour {})",
                a.objective, b.objective, b.number
            ),
            Disagreement::Dates => format!(
                "leurs dates sont éloignées d'un an ou plus, sans période commune ({} ici, {} pour {})",
                period(a),
                period(b),
                b.number
            ),
            Disagreement::Funding => format!(
                "elles déclarent le même budget ({}) mais pas les mêmes financements",
                euros(a.budget.unwrap_or_default())
            ),
        }
    };
    let advice = match what {
        Disagreement::Objective => format!(
            "Accordez-vous sur l'objectif ; en attendant, l'action est comptée une fois, sous l'objectif de son porteur {} ({}).",
            lead.action.number, lead.action.objective
        ),
        Disagreement::Dates => "Vérifiez les dates ensemble, ou retirez le lien s'il s'agit de deux éditions différentes de l'action.".to_owned(),
        Disagreement::Funding => format!(
            "Seuls les montants du porteur, {}, sont comptés : accordez vos montants, ou n'inscrivez dans la ligne du co-porteur que sa propre contribution.",
            lead.action.number
        ),
    };
    for (r, other) in [(x, lead), (lead, x)] {
        let message = format!(
            "{} et {} sont déclarées comme une seule action commune, mais {}. {advice}",
            r.action.number,
            other.named(),
            what_of(r, other)
        );
        let f = r.finding(Severity::Warning, Code::JointActionMismatch, message, None);
        plan.partner_findings.push((r.plan.code.to_owned(), f));
    }
    let message = format!(
        "{} et {} sont déclarées comme une seule action commune, mais {}. {advice}",
        x.named(),
        lead.named(),
        what_of(x, lead)
    );
    plan.shared_findings.push(SharedFinding::about(
        x,
        lead,
        Code::JointActionMismatch,
        message,
    ));
}

/// « du 10/07/2023 au 20/07/2023 », « à partir du 10/07/2023 ».
fn period(a: &Action) -> String {
    match (a.start, a.end) {
        (Some(s), Some(e)) => format!("du {} au {}", day(s), day(e)),
        (Some(s), None) => format!("à partir du {}", day(s)),
        (None, _) => "sans date de début".to_owned(),
    }
}

/// The warning for a row that others name as the same action but that
/// names none of them: the link counts, and the partner is asked to
/// confirm it.
fn unconfirmed(row: &Row, namers: &[&Row], lead: &Row) -> Finding {
    let names: Vec<String> = namers.iter().map(|r| r.named()).collect();
    let numbers: Vec<&str> = namers.iter().map(|r| r.action.number.as_str()).collect();
    let verb = if namers.len() > 1 {
        "indiquent"
    } else {
        "indique"
    };
    let counted = if row.action.number == lead.action.number {
        "l'action est comptée une seule fois, avec votre ligne comme porteur (le budget le plus élevé)".to_owned()
    } else {
        format!(
            "elle est comptée une seule fois, avec {}",
            lead.action.number
        )
    };
    let message = format!(
        "{} {verb} que votre action {} est la même action commune : {counted}. Si c'est exact, indiquez {} dans « Action commune avec » pour le confirmer ; sinon, prévenez-en le partenaire concerné pour qu'il retire le lien.",
        and_list(&names),
        row.action.number,
        and_list(&numbers)
    );
    row.finding(
        Severity::Warning,
        Code::JointActionUnconfirmed,
        message,
        Some(format!("« Action commune avec » : {}", numbers.join("; "))),
    )
}

/// The finding for a link to a number no plan holds, with the number the
/// partner likely meant: the action whose title is closest, else the
/// closest number.
fn unknown_link(rows: &Rows, row: &Row, typed: &str) -> Finding {
    let number = &row.action.number;
    let code = number_prefix(typed);
    let partner = rows.plans.iter().find(|p| p.code == code);
    let (severity, why, candidates): (Severity, String, Vec<&Action>) = match partner {
        Some(p) if p.actions.is_empty() => {
            let message = format!(
                "« Action commune avec » indique {typed}, mais le plan du partenaire {code} ({}) ne compte encore aucune action retenue : le lien sera pris en compte dès que {typed} y figurera. En attendant, {number} est comptée seule ; rien à corriger de votre côté.",
                p.name
            );
            return row.finding(Severity::Info, Code::JointActionUnknown, message, None);
        }
        Some(p) => (
            Severity::Warning,
            format!(
                "le partenaire {code} ({}) n'a pas d'action {typed} dans son plan",
                p.name
            ),
            p.actions.iter().collect(),
        ),
        None => (
            Severity::Warning,
            format!("aucun partenaire de la CTG n'a le code « {code} »"),
            rows.all
                .iter()
                .filter(|r| r.plan.code != row.plan.code)
                .map(|r| r.action)
                .collect(),
        ),
    };
    let message = format!(
        "« Action commune avec » indique {typed}, mais {why} : le lien n'est pas pris en compte, et {number} est comptée seule. Corrigez le numéro (celui que porte la même action dans le plan de l'autre partenaire), ou retirez-le."
    );
    let suggestion = closest_action(row.action, typed, &candidates)
        .map(|a| format!("Vouliez-vous dire {} (« {} ») ?", a.number, a.title));
    row.finding(severity, Code::JointActionUnknown, message, suggestion)
}

/// The candidate whose title is closest to `action`'s, if close enough;
/// else the one whose number is closest to `typed`.
fn closest_action<'a>(
    action: &Action,
    typed: &str,
    candidates: &[&'a Action],
) -> Option<&'a Action> {
    let title = content_words(&action.title);
    let by_title = candidates
        .iter()
        .map(|c| (word_resemblance(&title, &content_words(&c.title)), *c))
        .filter(|(score, _)| *score >= SUGGESTED_TITLE)
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.number.cmp(&a.1.number)))
        .map(|(_, c)| c);
    by_title.or_else(|| {
        let numbers = candidates.iter().map(|c| c.number.as_str());
        let n = crate::text::closest(typed, numbers)?;
        candidates.iter().find(|c| c.number == n).copied()
    })
}

/// « a », « a et b », « a, b et c ».
fn and_list(items: &[impl AsRef<str>]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [init @ .., last] => format!(
            "{} et {}",
            init.iter()
                .map(|i| i.as_ref())
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}
