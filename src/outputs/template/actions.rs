//! The « Actions » sheet: one row per action, a help and a check on every
//! column, the partner's accepted actions when asked for, then numbered
//! rows ready for new ones.

use rust_xlsxwriter::{DataValidation, ExcelDateTime, Note, Worksheet};

use super::lists::Lists;
use super::styles::{Styles, protection};
use super::validation::OffList;
use super::{INPUT_ROWS, TemplateSpec, XlsxResult, validation};
use crate::model::Action;
use crate::referentiel::Referentiel;
use crate::referentiel::columns::{ActionColumn, Column};

/// Rows pre-numbered for new actions (beyond the partner's existing ones).
const NUMBERED_ROWS: u32 = 30;

/// Header help shown when a cell of the column is selected, and the
/// column's width.
fn column_help(c: ActionColumn) -> (&'static str, f64) {
    use ActionColumn::*;
    match c {
        Number => (
            "Numéro unique de l'action : votre code, un tiret, trois chiffres (MJCL-001). Gardez le même numéro d'une mise à jour à l'autre.",
            13.0,
        ),
        Title => (
            "Intitulé court qui dit ce qui est fait, par exemple « Ateliers parents-enfants du mercredi ».",
            40.0,
        ),
        Objective => (
            "Choisissez dans la liste l'objectif opérationnel de la CTG auquel l'action contribue ; l'axe et l'orientation en découlent.",
            48.0,
        ),
        Domains => (
            "Choisissez le champ d'intervention dans la liste. Plusieurs champs : séparez-les par « ; ».",
            22.0,
        ),
        Audiences => (
            "Choisissez le public visé dans la liste. Plusieurs publics : séparez-les par « ; ».",
            22.0,
        ),
        Communes => (
            "« Toutes » si l'action concerne tout le territoire, sinon les communes séparées par « ; » (Lavaur; Teulat).",
            26.0,
        ),
        Need => (
            "Le besoin auquel l'action répond, tel qu'il a été constaté (diagnostic, demandes des familles, chiffres).",
            40.0,
        ),
        Description => ("Ce qui est fait, pour qui, comment.", 50.0),
        Means => (
            "Ce que l'action mobilise : personnel (en heures ou ETP), locaux, matériel, prestataires.",
            36.0,
        ),
        Contact => ("Personne qui pilote l'action dans votre structure.", 20.0),
        Associates => ("Autres structures qui participent à l'action.", 28.0),
        JointWith => (
            "Si la même action figure dans le plan d'un autre partenaire : son numéro chez lui (SJ-001) ; plusieurs numéros séparés par « ; ».",
            18.0,
        ),
        Start | End => ("", 12.0),
        Status => (
            "À venir, En cours, Réalisée, Reportée ou Abandonnée. Si Reportée ou Abandonnée, expliquez pourquoi dans « Commentaires ».",
            13.0,
        ),
        Progress => ("Pourcentage de réalisation, de 0 à 100.", 12.0),
        Budget => ("Coût total prévu de l'action, en euros, sans texte.", 15.0),
        Funding(_) => (
            "Montant apporté par ce financeur, en euros, sans texte.",
            15.0,
        ),
        CafScheme => (
            "Dispositif au titre duquel la CAF finance l'action, s'il y a un financement CAF.",
            22.0,
        ),
        Spending(_) => (
            "Dépenses réellement engagées pour l'action pendant l'année, en euros, sans texte. À remplir une fois l'année écoulée.",
            15.0,
        ),
        Comments => (
            "Tout ce qui aide à comprendre : difficultés, raisons d'un report, perspectives.",
            40.0,
        ),
        Derived => ("", 12.0),
    }
}

/// The sheet of `spec`, its dropdowns fed by `lists`.
pub(super) fn sheet(
    spec: &TemplateSpec,
    r: &Referentiel,
    s: &Styles,
    lists: &Lists,
) -> XlsxResult<Worksheet> {
    use ActionColumn::*;
    let mut ws = Worksheet::new();
    ws.set_name("Actions")?;
    let columns = ActionColumn::template(r);
    let last_row = INPUT_ROWS;
    for (i, c) in columns.iter().enumerate() {
        let col = i as u16;
        let (help, width) = column_help(*c);
        let column_format = match c {
            Start | End => &s.date,
            Budget | Funding(_) | Spending(_) => &s.money,
            Progress => &s.number,
            Title | Need | Description | Means | Associates | Comments | Objective => &s.wrap_input,
            _ => &s.input,
        };
        ws.set_column_format(col, column_format)?;
        ws.set_column_width(col, width)?;
        ws.write_string_with_format(0, col, c.header(r), &s.header)?;
        let check = match c {
            Objective => Some(validation::list(
                &lists.objectives,
                "Objectif opérationnel",
                help,
                OffList::Refused,
            )?),
            Domains => Some(validation::list(
                &lists.domains,
                "Champ d'intervention",
                help,
                OffList::SeveralAllowed,
            )?),
            Audiences => Some(validation::list(
                &lists.audiences,
                "Public cible",
                help,
                OffList::SeveralAllowed,
            )?),
            Status => Some(validation::list(
                &lists.statuses,
                "Statut",
                help,
                OffList::Refused,
            )?),
            Communes => Some(validation::list(
                &lists.communes,
                "Communes concernées",
                help,
                OffList::SeveralAllowed,
            )?),
            CafScheme => Some(validation::list(
                &lists.caf_schemes,
                "Dispositif CAF",
                help,
                OffList::Refused,
            )?),
            Start | End => Some(validation::date(r)?),
            Progress => Some(validation::number(
                0.0,
                Some(100.0),
                "Avancement (%)",
                help,
                "L'avancement est un nombre entre 0 et 100.",
            )?),
            Budget | Funding(_) | Spending(_) => Some(validation::number(
                0.0,
                None,
                "Montant en euros",
                help,
                "Indiquez un montant positif en euros, sans texte (par exemple 1200,50).",
            )?),
            _ if !help.is_empty() => Some(
                DataValidation::new()
                    .allow_any_value()
                    .set_input_title(truncate(&c.header(r), 32))?
                    .set_input_message(help)?,
            ),
            _ => None,
        };
        if let Some(v) = check {
            ws.add_data_validation(1, col, last_row, col, &v)?;
        }
    }
    ws.set_row_height(0, 32)?;
    ws.set_freeze_panes(1, 2)?;
    ws.autofilter(0, 0, last_row, (columns.len() - 1) as u16)?;

    let mut row = 1u32;
    let mut highest = 0u64;
    for a in spec.actions {
        write_action(&mut ws, row, a, &columns, r, s)?;
        if let Some(n) = a
            .number
            .rsplit_once('-')
            .and_then(|(_, d)| d.parse::<u64>().ok())
        {
            highest = highest.max(n);
        }
        row += 1;
    }
    for i in 0..NUMBERED_ROWS as u64 {
        ws.write_string_with_format(
            row,
            0,
            format!("{}-{:03}", spec.partner.code, highest + i + 1),
            &s.input,
        )?;
        row += 1;
    }
    ws.protect_with_options(&protection());
    Ok(ws)
}

/// Writes the pre-filled action `a` on `row`, one cell per column.
fn write_action(
    ws: &mut Worksheet,
    row: u32,
    a: &Action,
    columns: &[ActionColumn],
    r: &Referentiel,
    s: &Styles,
) -> XlsxResult<()> {
    use ActionColumn::*;
    for (i, c) in columns.iter().enumerate() {
        let col = i as u16;
        let text = match c {
            Number => a.number.clone(),
            Title => a.title.clone(),
            Objective => match r.objective(&a.objective) {
                Some(o) => o.choice(),
                None => {
                    // The référentiel changed since the action was accepted:
                    // its old code stays, so that checking the file reports
                    // it, and the note says what to do.
                    ws.insert_note(row, col, &unknown_objective_note(&a.objective))?;
                    a.objective.clone()
                }
            },
            Domains => a.domains.join("; "),
            Audiences => a.audiences.join("; "),
            Communes => a.communes.display(),
            Need => a.need.clone(),
            Description => a.description.clone(),
            Means => a.means.clone(),
            Contact => a.contact.clone(),
            Associates => a.associates.clone(),
            JointWith => a.joint_with.join("; "),
            CafScheme => a.caf_scheme.clone().unwrap_or_default(),
            Status => a
                .status
                .map(|k| r.status_label(k).to_owned())
                .unwrap_or_default(),
            Comments => a.comments.clone(),
            Start | End => {
                if let Some(d) = if *c == Start { a.start } else { a.end } {
                    ws.write_datetime_with_format(row, col, excel_date(d)?, &s.date)?;
                }
                continue;
            }
            Progress | Budget | Funding(_) | Spending(_) => {
                let n = match c {
                    Progress => a.progress,
                    Budget => a.budget,
                    Funding(i) => r
                        .funders
                        .get(*i)
                        .and_then(|f| a.funding.get(&f.code).copied()),
                    Spending(year) => a.spending.get(year).copied(),
                    _ => None,
                };
                if let Some(n) = n {
                    ws.write_number_with_format(
                        row,
                        col,
                        n,
                        if *c == Progress { &s.number } else { &s.money },
                    )?;
                }
                continue;
            }
            Derived => continue,
        };
        if !text.is_empty() {
            // Text from partners stays text: never interpreted as a formula.
            ws.write_string_with_format(row, col, crate::text::for_excel(&text), &s.input)?;
        }
    }
    Ok(())
}

/// The note on the objective of a pre-filled action whose objective left
/// the référentiel.
fn unknown_objective_note(code: &str) -> Note {
    Note::new(format!(
        "L'objectif {code} n'existe plus dans le référentiel de la CTG. Choisissez dans la liste déroulante l'objectif opérationnel qui correspond maintenant à cette action, puis supprimez cette note (clic droit > Supprimer la note)."
    ))
    .set_author("ctg")
    .add_author_prefix(false)
    .set_width(320)
    .set_height(110)
}

/// `d` as Excel stores it.
fn excel_date(d: chrono::NaiveDate) -> XlsxResult<ExcelDateTime> {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// The first `max` characters of `s` (Excel limits input titles to 32).
fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}
