//! The workbook handed to each partner (`ctg modele`): their identity,
//! an Actions table with dropdowns and checks as they type, an Indicateurs
//! table, and instructions in French with the CTG's work leads as examples.
//!
//! Headers come from [`crate::read::columns`], so what the template writes
//! is exactly what the reader expects.

use std::path::Path;

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Note, ProtectionOptions, Workbook,
    Worksheet, XlsxError,
};

use crate::error::{Error, Result};
use crate::model::{Action, Indicator, IndicatorValue};
use crate::referentiel::columns::{ActionColumn, Column, IndicatorColumn, PartnerField};
use crate::referentiel::{Partner, Referentiel};
use crate::validate::TEMPLATE_VERSION;

/// Rows pre-numbered for new actions (beyond the partner's existing ones).
const NUMBERED_ROWS: u32 = 30;
/// Rows covered by dropdowns and checks.
const INPUT_ROWS: u32 = 500;
/// Name of the hidden sheet feeding the dropdowns.
const LISTS_SHEET: &str = "Listes";

/// What to put in a partner's template.
#[derive(Debug, Clone)]
pub struct TemplateSpec<'a> {
    /// The partner.
    pub partner: &'a Partner,
    /// Actions to pre-fill (their current accepted actions), possibly none.
    pub actions: &'a [Action],
    /// Indicators to pre-fill.
    pub indicators: &'a [Indicator],
    /// Creation date written in the document properties (not the clock:
    /// the same spec gives the same bytes).
    pub created: chrono::NaiveDateTime,
}

/// Formats shared by the sheets.
struct Styles {
    title: Format,
    header: Format,
    input: Format,
    wrap_input: Format,
    date: Format,
    money: Format,
    number: Format,
    label: Format,
    help: Format,
    locked_value: Format,
    heading: Format,
    body: Format,
}

impl Styles {
    fn new() -> Styles {
        let border = Color::RGB(0xBFBFBF);
        let input = Format::new()
            .set_unlocked()
            .set_border(FormatBorder::Thin)
            .set_border_color(border)
            .set_align(FormatAlign::Top);
        Styles {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_font_color(Color::RGB(0x1F4E78)),
            header: Format::new()
                .set_bold()
                .set_font_color(Color::White)
                .set_background_color(Color::RGB(0x1F4E78))
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter)
                .set_border(FormatBorder::Thin)
                .set_locked(),
            wrap_input: input.clone().set_text_wrap(),
            date: input.clone().set_num_format("dd/mm/yyyy"),
            money: input.clone().set_num_format("#,##0.00\\ \"€\""),
            number: input.clone().set_num_format("General"),
            input,
            label: Format::new().set_bold().set_align(FormatAlign::Top),
            help: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x595959))
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            locked_value: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xE7EEF6))
                .set_border(FormatBorder::Thin),
            heading: Format::new()
                .set_bold()
                .set_font_size(12)
                .set_font_color(Color::RGB(0x1F4E78)),
            body: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        }
    }
}

fn protection() -> ProtectionOptions {
    ProtectionOptions {
        format_cells: true,
        format_columns: true,
        format_rows: true,
        insert_rows: true,
        delete_rows: true,
        sort: true,
        use_autofilter: true,
        ..ProtectionOptions::default()
    }
}

/// Writes the template of `spec` to `path` (atomically).
pub fn write(path: &Path, spec: &TemplateSpec, r: &Referentiel) -> Result<()> {
    let bytes = build(spec, r).map_err(|e| Error::workbook(path, &e))?;
    Ok(crate::fs::write_atomic(path, &bytes)?)
}

/// Builds the template workbook in memory.
pub fn build(spec: &TemplateSpec, r: &Referentiel) -> std::result::Result<Vec<u8>, XlsxError> {
    let styles = Styles::new();
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("Plan d'actions CTG — {}", spec.partner.name))
            .set_subject(r.convention.name.clone())
            .set_author("ctg")
            .set_comment(format!(
                "Modèle {TEMPLATE_VERSION} généré par ctg pour le partenaire {}",
                spec.partner.code
            ))
            .set_creation_datetime(&spec.created),
    );
    let lists = lists_sheet(r)?;
    let mut guide = guide_sheet(r, &styles)?;
    guide.set_active(true);
    wb.push_worksheet(guide);
    wb.push_worksheet(partner_sheet(spec.partner, r, &styles)?);
    wb.push_worksheet(actions_sheet(spec, r, &styles, &lists)?);
    wb.push_worksheet(indicators_sheet(spec, r, &styles)?);
    wb.push_worksheet(lists.sheet);
    wb.save_to_buffer()
}

/// The hidden sheet of dropdown values, and the ranges of each list.
struct Lists {
    sheet: Worksheet,
    objectives: String,
    domains: String,
    audiences: String,
    statuses: String,
    communes: String,
}

fn lists_sheet(r: &Referentiel) -> std::result::Result<Lists, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(LISTS_SHEET)?;
    let mut column =
        |col: u16, title: &str, values: Vec<String>| -> std::result::Result<String, XlsxError> {
            ws.write_string(0, col, title)?;
            for (i, v) in values.iter().enumerate() {
                ws.write_string(i as u32 + 1, col, v)?;
            }
            let letter = crate::finding::column_letters(col as u32);
            Ok(format!(
                "={LISTS_SHEET}!${letter}$2:${letter}${}",
                values.len().max(1) + 1
            ))
        };
    let objectives = column(
        0,
        "Objectifs opérationnels",
        r.objectives.iter().map(|o| o.choice()).collect(),
    )?;
    let domains = column(1, "Champs d'intervention", r.domains.clone())?;
    let audiences = column(2, "Publics cibles", r.audiences.clone())?;
    let statuses = column(
        3,
        "Statuts",
        r.statuses.iter().map(|s| s.label.clone()).collect(),
    )?;
    let communes = column(
        4,
        "Communes",
        std::iter::once("Toutes".to_owned())
            .chain(r.communes.iter().map(|c| c.name.clone()))
            .collect(),
    )?;
    ws.set_column_width(0, 80)?;
    ws.set_column_width(1, 30)?;
    ws.set_column_width(2, 30)?;
    ws.set_column_width(4, 28)?;
    ws.set_hidden(true);
    ws.protect_with_options(&protection());
    Ok(Lists {
        sheet: ws,
        objectives,
        domains,
        audiences,
        statuses,
        communes,
    })
}

fn partner_sheet(
    p: &Partner,
    r: &Referentiel,
    s: &Styles,
) -> std::result::Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name("Partenaire")?;
    ws.write_string_with_format(0, 0, "Fiche partenaire", &s.title)?;
    ws.write_string_with_format(1, 0, &r.convention.name, &s.help)?;
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 42)?;
    ws.set_column_width(2, 60)?;
    for (i, field) in PartnerField::ALL.iter().enumerate() {
        let row = 3 + i as u32;
        ws.write_string_with_format(row, 0, field.label(), &s.label)?;
        let (value, help, locked) = match field {
            PartnerField::Name => (p.name.clone(), "Nom complet de votre structure.", false),
            PartnerField::Code => (
                p.code.clone(),
                "Attribué par le coordinateur : il préfixe vos numéros d'action. Ne le modifiez pas.",
                true,
            ),
            PartnerField::Contact => (
                p.contact.clone(),
                "Personne à contacter pour ce plan d'actions.",
                false,
            ),
            PartnerField::Email => (
                p.email.clone(),
                "Adresse à laquelle le coordinateur peut vous écrire.",
                false,
            ),
            PartnerField::Phone => (p.phone.clone(), "Numéro direct du référent.", false),
            PartnerField::Updated => (
                String::new(),
                "Date de votre dernière mise à jour (JJ/MM/AAAA).",
                false,
            ),
            PartnerField::TemplateVersion => (
                TEMPLATE_VERSION.to_owned(),
                "Version du modèle : ne la modifiez pas.",
                true,
            ),
        };
        let format = match (locked, field) {
            (true, _) => &s.locked_value,
            (false, PartnerField::Updated) => &s.date,
            _ => &s.input,
        };
        if value.is_empty() {
            ws.write_blank(row, 1, format)?;
        } else {
            ws.write_string_with_format(row, 1, &value, format)?;
        }
        ws.write_string_with_format(row, 2, help, &s.help)?;
    }
    let updated_row = 3 + PartnerField::ALL
        .iter()
        .position(|f| *f == PartnerField::Updated)
        .unwrap_or(5) as u32;
    ws.add_data_validation(updated_row, 1, updated_row, 1, &date_validation(r)?)?;
    ws.protect_with_options(&protection());
    Ok(ws)
}

fn date_validation(r: &Referentiel) -> std::result::Result<DataValidation, XlsxError> {
    let first = ExcelDateTime::from_ymd(
        r.convention.start_year.saturating_sub(5).max(1990) as u16,
        1,
        1,
    )?;
    let last = ExcelDateTime::from_ymd(
        r.convention.end_year.saturating_add(5).min(2100) as u16,
        12,
        31,
    )?;
    DataValidation::new()
        .allow_date(DataValidationRule::Between(first, last))
        .set_input_title("Date")?
        .set_input_message("Écrivez la date sous la forme JJ/MM/AAAA, par exemple 15/03/2024.")?
        .set_error_title("Date non valide")?
        .set_error_message("Ce n'est pas une date plausible. Écrivez-la sous la forme JJ/MM/AAAA, par exemple 15/03/2024.")
        .map(|v| v.set_error_style(DataValidationErrorStyle::Warning))
}

/// Header help shown when a cell of the column is selected, and the
/// column's width.
fn action_column_help(c: ActionColumn) -> (&'static str, f64) {
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
        Description => (
            "Ce qui est fait, pour qui, comment, avec quels moyens.",
            50.0,
        ),
        Contact => ("Personne qui pilote l'action dans votre structure.", 20.0),
        Associates => ("Autres structures qui participent à l'action.", 28.0),
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
        Comments => (
            "Tout ce qui aide à comprendre : difficultés, raisons d'un report, perspectives.",
            40.0,
        ),
        Derived => ("", 12.0),
    }
}

fn list_validation(
    source: &str,
    title: &str,
    message: &str,
    strict: bool,
) -> std::result::Result<DataValidation, XlsxError> {
    let v = DataValidation::new()
        .allow_list_formula(Formula::new(source))
        .set_input_title(title)?
        .set_input_message(message)?
        .set_error_title("Valeur hors liste")?;
    Ok(if strict {
        v.set_error_message("Choisissez une valeur dans la liste déroulante.")?
            .set_error_style(DataValidationErrorStyle::Stop)
    } else {
        v.set_error_message("Cette valeur n'est pas dans la liste. Plusieurs valeurs se séparent par « ; ». Continuer ?")?
            .set_error_style(DataValidationErrorStyle::Information)
    })
}

fn number_validation(
    min: f64,
    max: Option<f64>,
    title: &str,
    message: &str,
    error: &str,
) -> std::result::Result<DataValidation, XlsxError> {
    let rule = match max {
        Some(max) => DataValidationRule::Between(min, max),
        None => DataValidationRule::GreaterThanOrEqualTo(min),
    };
    DataValidation::new()
        .allow_decimal_number(rule)
        .set_input_title(title)?
        .set_input_message(message)?
        .set_error_title("Valeur non valide")?
        .set_error_message(error)
}

fn actions_sheet(
    spec: &TemplateSpec,
    r: &Referentiel,
    s: &Styles,
    lists: &Lists,
) -> std::result::Result<Worksheet, XlsxError> {
    use ActionColumn::*;
    let mut ws = Worksheet::new();
    ws.set_name("Actions")?;
    let columns = ActionColumn::template(r);
    let last_row = INPUT_ROWS;
    for (i, c) in columns.iter().enumerate() {
        let col = i as u16;
        let (help, width) = action_column_help(*c);
        let column_format = match c {
            Start | End => &s.date,
            Budget | Funding(_) => &s.money,
            Progress => &s.number,
            Title | Description | Associates | Comments | Objective => &s.wrap_input,
            _ => &s.input,
        };
        ws.set_column_format(col, column_format)?;
        ws.set_column_width(col, width)?;
        ws.write_string_with_format(0, col, c.header(r), &s.header)?;
        let validation = match c {
            Objective => Some(list_validation(
                &lists.objectives,
                "Objectif opérationnel",
                help,
                true,
            )?),
            Domains => Some(list_validation(
                &lists.domains,
                "Champ d'intervention",
                help,
                false,
            )?),
            Audiences => Some(list_validation(
                &lists.audiences,
                "Public cible",
                help,
                false,
            )?),
            Status => Some(list_validation(&lists.statuses, "Statut", help, true)?),
            Communes => Some(list_validation(
                &lists.communes,
                "Communes concernées",
                help,
                false,
            )?),
            Start | End => Some(date_validation(r)?),
            Progress => Some(number_validation(
                0.0,
                Some(100.0),
                "Avancement (%)",
                help,
                "L'avancement est un nombre entre 0 et 100.",
            )?),
            Budget | Funding(_) => Some(number_validation(
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
        if let Some(v) = validation {
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

fn write_action(
    ws: &mut Worksheet,
    row: u32,
    a: &Action,
    columns: &[ActionColumn],
    r: &Referentiel,
    s: &Styles,
) -> std::result::Result<(), XlsxError> {
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
            Description => a.description.clone(),
            Contact => a.contact.clone(),
            Associates => a.associates.clone(),
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
            Progress | Budget | Funding(_) => {
                let n = match c {
                    Progress => a.progress,
                    Budget => a.budget,
                    Funding(i) => r
                        .funders
                        .get(*i)
                        .and_then(|f| a.funding.get(&f.code).copied()),
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

fn excel_date(d: chrono::NaiveDate) -> std::result::Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

fn indicators_sheet(
    spec: &TemplateSpec,
    r: &Referentiel,
    s: &Styles,
) -> std::result::Result<Worksheet, XlsxError> {
    use IndicatorColumn::*;
    let mut ws = Worksheet::new();
    ws.set_name("Indicateurs")?;
    let columns = IndicatorColumn::template(r);
    for (i, c) in columns.iter().enumerate() {
        let col = i as u16;
        let (width, format) = match c {
            Action => (13.0, &s.input),
            Name => (40.0, &s.wrap_input),
            Kind => (14.0, &s.input),
            Unit => (14.0, &s.input),
            Comment => (40.0, &s.wrap_input),
            _ => (13.0, &s.number),
        };
        ws.set_column_format(col, format)?;
        ws.set_column_width(col, width)?;
        ws.write_string_with_format(0, col, c.header(r), &s.header)?;
        let validation = match c {
            Action => Some(list_validation(&format!("=Actions!$A$2:$A${}", INPUT_ROWS + 1), "N° action", "Numéro de l'action mesurée, tel qu'il figure dans la feuille Actions.", false)?),
            Name => Some(DataValidation::new().allow_any_value().set_input_title("Indicateur")?.set_input_message("Ce qui est mesuré, par exemple « Nombre de familles accueillies » ou « Satisfaction des participants ».")?),
            Kind => Some(
                DataValidation::new()
                    .allow_list_strings(&["Quantitatif", "Qualitatif"])?
                    .set_input_title("Type")?
                    .set_input_message("Quantitatif : un nombre. Qualitatif : une appréciation en mots.")?
                    .set_error_title("Type non valide")?
                    .set_error_message("Choisissez Quantitatif ou Qualitatif.")?,
            ),
            Target => Some(DataValidation::new().allow_any_value().set_input_title("Cible")?.set_input_message("Valeur visée à la fin de la convention. Pour un indicateur quantitatif, un nombre seul (l'unité va dans « Unité »).")?),
            Result(year) => Some(DataValidation::new().allow_any_value().set_input_title(format!("Réalisé {year}"))?.set_input_message(format!("Valeur atteinte en {year}. À remplir une fois l'année écoulée (ou en cours d'année pour un point d'étape)."))?),
            _ => None,
        };
        if let Some(v) = validation {
            ws.add_data_validation(1, col, INPUT_ROWS, col, &v)?;
        }
    }
    ws.set_row_height(0, 32)?;
    ws.set_freeze_panes(1, 2)?;
    ws.autofilter(0, 0, INPUT_ROWS, (columns.len() - 1) as u16)?;
    for (i, ind) in spec.indicators.iter().enumerate() {
        let row = i as u32 + 1;
        for (j, c) in columns.iter().enumerate() {
            let col = j as u16;
            let value = match c {
                Action => Some(IndicatorValue::Text(ind.action.clone())),
                Name => Some(IndicatorValue::Text(ind.name.clone())),
                Kind => ind.kind.map(|k| IndicatorValue::Text(k.label().to_owned())),
                Unit => Some(IndicatorValue::Text(ind.unit.clone())),
                Baseline => ind.baseline.clone(),
                Target => ind.target.clone(),
                Result(year) => ind.results.get(year).cloned(),
                Comment => Some(IndicatorValue::Text(ind.comment.clone())),
            };
            match value {
                Some(IndicatorValue::Number(n)) => {
                    ws.write_number_with_format(row, col, n, &s.number)?;
                }
                Some(IndicatorValue::Text(t)) if !t.is_empty() => {
                    ws.write_string_with_format(row, col, crate::text::for_excel(&t), &s.input)?;
                }
                _ => {}
            }
        }
    }
    ws.protect_with_options(&protection());
    Ok(ws)
}

fn guide_sheet(r: &Referentiel, s: &Styles) -> std::result::Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name("Mode d'emploi")?;
    ws.set_column_width(0, 12)?;
    ws.set_column_width(1, 110)?;
    let mut row = 0u32;
    let mut line = |ws: &mut Worksheet,
                    a: &str,
                    b: &str,
                    fa: &Format,
                    fb: &Format|
     -> std::result::Result<(), XlsxError> {
        if !a.is_empty() {
            ws.write_string_with_format(row, 0, a, fa)?;
        }
        if !b.is_empty() {
            ws.write_string_with_format(row, 1, b, fb)?;
        }
        row += 1;
        Ok(())
    };
    line(
        &mut ws,
        "Plan d'actions de la Convention Territoriale Globale",
        "",
        &s.title,
        &s.body,
    )?;
    line(
        &mut ws,
        "",
        &format!(
            "{} — {} et {}",
            r.convention.name, r.convention.territory, r.convention.caf
        ),
        &s.help,
        &s.help,
    )?;
    line(&mut ws, "", "", &s.body, &s.body)?;
    line(&mut ws, "À quoi sert ce fichier", "", &s.heading, &s.body)?;
    line(
        &mut ws,
        "",
        "Il recense les actions que votre structure mène dans le cadre de la CTG. Le coordinateur réunit les fichiers de tous les partenaires en un plan d'actions unique, présenté au comité de pilotage et transmis à la CAF. Après chaque dépôt, vous recevez un retour qui indique, cellule par cellule, ce qui est à corriger.",
        &s.body,
        &s.body,
    )?;
    line(&mut ws, "", "", &s.body, &s.body)?;
    line(&mut ws, "Comment le remplir", "", &s.heading, &s.body)?;
    let steps = [
        (
            "1.",
            "Feuille « Partenaire » : vérifiez le nom de votre structure, indiquez le référent, son courriel et la date de mise à jour. Ne modifiez pas le code partenaire.",
        ),
        (
            "2.",
            "Feuille « Actions » : une ligne par action. Les numéros sont déjà inscrits ; gardez le même numéro pour la même action d'une mise à jour à l'autre, c'est ce qui permet de suivre son évolution. Une ligne qui ne contient que le numéro est ignorée.",
        ),
        (
            "3.",
            "Choisissez l'objectif opérationnel, le statut, le champ d'intervention et le public dans les listes déroulantes (cliquez sur la cellule, puis sur la flèche). Plusieurs champs, publics ou communes : séparez-les par « ; ».",
        ),
        (
            "4.",
            "Dates sous la forme JJ/MM/AAAA ; montants en euros, sans texte ; avancement en pourcentage, de 0 à 100.",
        ),
        (
            "5.",
            "Feuille « Indicateurs » : une ligne par indicateur, avec le numéro de l'action mesurée, une cible, puis le réalisé de chaque année.",
        ),
        (
            "6.",
            "Enregistrez le fichier (Excel .xlsx ou LibreOffice .ods) et déposez-le dans le dossier partagé « depots ». Vous pouvez le redéposer à chaque mise à jour : la dernière version remplace la précédente.",
        ),
    ];
    for (n, text) in steps {
        line(&mut ws, n, text, &s.label, &s.body)?;
    }
    line(
        &mut ws,
        "",
        "Les titres de colonnes sont protégés pour que ctg retrouve vos informations. Pour ajouter une colonne à votre usage, ôtez la protection de la feuille (Révision > Ôter la protection, sans mot de passe) : elle sera conservée telle quelle.",
        &s.body,
        &s.help,
    )?;
    line(&mut ws, "", "", &s.body, &s.body)?;
    line(&mut ws, "Les statuts", "", &s.heading, &s.body)?;
    for st in &r.statuses {
        use crate::referentiel::StatusKind::*;
        let meaning = match st.kind {
            Planned => "l'action est prévue mais n'a pas commencé.",
            InProgress => "l'action a commencé.",
            Done => "l'action est terminée (avancement 100 %).",
            Postponed => {
                "l'action est décalée : dites pourquoi et jusqu'à quand dans « Commentaires »."
            }
            Abandoned => "l'action ne sera pas menée : dites pourquoi dans « Commentaires ».",
        };
        line(
            &mut ws,
            "",
            &format!("{} : {meaning}", st.label),
            &s.body,
            &s.body,
        )?;
    }
    line(&mut ws, "", "", &s.body, &s.body)?;
    line(
        &mut ws,
        "Structure de la CTG et exemples d'actions",
        "",
        &s.heading,
        &s.body,
    )?;
    line(
        &mut ws,
        "",
        "Chaque action se rattache à un objectif opérationnel. Les pistes de travail issues du diagnostic partagé sont données en exemple ; elles ne sont pas limitatives.",
        &s.body,
        &s.help,
    )?;
    for axis in &r.axes {
        line(
            &mut ws,
            &format!("Axe {}", axis.code),
            &axis.label,
            &s.label,
            &s.label,
        )?;
        for o in r
            .orientations
            .iter()
            .filter(|o| crate::referentiel::parent_code(&o.code) == axis.code)
        {
            line(&mut ws, &o.code, &o.label, &s.label, &s.label)?;
            for ob in r
                .objectives
                .iter()
                .filter(|ob| ob.orientation_code() == o.code)
            {
                line(&mut ws, &ob.code, &ob.label, &s.body, &s.body)?;
                for lead in &ob.leads {
                    line(&mut ws, "", &format!("    • {lead}"), &s.body, &s.help)?;
                }
            }
        }
    }
    ws.protect_with_options(&protection());
    Ok(ws)
}
