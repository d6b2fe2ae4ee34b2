//! The consolidated workbook sent to the CAF: a synthesis with native
//! charts, every action and indicator in filterable tables, the coverage
//! of the CTG (« zones d'ombre »), what could not be accepted, every
//! anomaly, the partners' states and the référentiel used.
//!
//! Partners' text is always written as text: a cell starting with `=`,
//! `+`, `-` or `@` never becomes a formula.

use std::collections::BTreeMap;
use std::path::Path;

use rust_xlsxwriter::{
    Chart, ChartType, Color, DocProperties, Format, FormatAlign, FormatBorder, Table, TableColumn,
    TableStyle, Workbook, Worksheet, XlsxError,
};

use crate::changes::{ChangeKind, ChangeReport};
use crate::consolidate::{Consolidation, PartnerEntry, PartnerState};
use crate::error::{Error, Result};
use crate::finding::Severity;
use crate::model::{Action, Communes, IndicatorValue};
use crate::referentiel::columns::{ActionColumn, IndicatorColumn};
use crate::referentiel::sheets::{ActionsColumn, IndicatorsColumn, PartnersColumn, SHEETS};
use crate::referentiel::{Config, Referentiel, StatusKind};

/// Column width of the Actions sheet.
fn actions_width(col: ActionsColumn) -> f64 {
    use ActionColumn as A;
    match col {
        ActionsColumn::Field(A::Number | A::Start | A::End | A::Status) => 12.0,
        ActionsColumn::Partner | ActionsColumn::Field(A::Progress) => 11.0,
        ActionsColumn::Structure | ActionsColumn::Field(A::Communes | A::Associates) => 24.0,
        ActionsColumn::Axis | ActionsColumn::Orientation | ActionsColumn::Extra => 30.0,
        ActionsColumn::Source => 30.0,
        ActionsColumn::Field(A::Objective | A::Title) => 40.0,
        ActionsColumn::Field(A::Domains | A::Audiences) => 20.0,
        ActionsColumn::Field(A::Description) => 50.0,
        ActionsColumn::Field(A::Contact) => 18.0,
        ActionsColumn::Field(A::Budget | A::Funding(_)) | ActionsColumn::FundingTotal => 14.0,
        ActionsColumn::Field(A::Comments) => 36.0,
        ActionsColumn::Field(A::Derived) => 12.0,
    }
}

/// Column width of the Indicateurs sheet.
fn indicators_width(col: IndicatorsColumn) -> f64 {
    use IndicatorColumn as I;
    match col {
        IndicatorsColumn::Field(I::Action) => 12.0,
        IndicatorsColumn::Partner | IndicatorsColumn::Field(I::Result(_)) => 11.0,
        IndicatorsColumn::ActionTitle | IndicatorsColumn::Field(I::Name | I::Comment) => 36.0,
        IndicatorsColumn::Field(I::Kind | I::Unit | I::Baseline | I::Target) => 12.0,
        IndicatorsColumn::Rate(_) => 13.0,
    }
}

struct Styles {
    title: Format,
    subtitle: Format,
    heading: Format,
    header: Format,
    label: Format,
    text: Format,
    wrap: Format,
    date: Format,
    money: Format,
    integer: Format,
    percent: Format,
    total_label: Format,
    total: Format,
    total_money: Format,
    shadow: Format,
    error: Format,
    warning: Format,
    ok: Format,
    info: Format,
}

impl Styles {
    fn new() -> Styles {
        let border = |f: Format| {
            f.set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0xBFBFBF))
        };
        Styles {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_font_color(Color::RGB(0x1F4E78)),
            subtitle: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x595959)),
            heading: Format::new()
                .set_bold()
                .set_font_size(12)
                .set_font_color(Color::RGB(0x1F4E78)),
            header: border(
                Format::new()
                    .set_bold()
                    .set_font_color(Color::White)
                    .set_background_color(Color::RGB(0x1F4E78))
                    .set_text_wrap()
                    .set_align(FormatAlign::VerticalCenter),
            ),
            label: border(Format::new()),
            text: Format::new().set_align(FormatAlign::Top),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            date: Format::new()
                .set_num_format("dd/mm/yyyy")
                .set_align(FormatAlign::Top),
            money: Format::new()
                .set_num_format("#,##0.00\\ \"€\"")
                .set_align(FormatAlign::Top),
            integer: border(Format::new().set_num_format("0")),
            percent: Format::new()
                .set_num_format("0%")
                .set_align(FormatAlign::Top),
            total_label: border(
                Format::new()
                    .set_bold()
                    .set_background_color(Color::RGB(0xE7EEF6)),
            ),
            total: border(
                Format::new()
                    .set_bold()
                    .set_num_format("0")
                    .set_background_color(Color::RGB(0xE7EEF6)),
            ),
            total_money: border(
                Format::new()
                    .set_bold()
                    .set_num_format("#,##0\\ \"€\"")
                    .set_background_color(Color::RGB(0xE7EEF6)),
            ),
            shadow: border(
                Format::new()
                    .set_num_format("0")
                    .set_background_color(Color::RGB(0xF8CBAD))
                    .set_font_color(Color::RGB(0x833C0B)),
            ),
            error: Format::new()
                .set_font_color(Color::RGB(0x9C0006))
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_align(FormatAlign::Top),
            warning: Format::new()
                .set_font_color(Color::RGB(0x7F6000))
                .set_background_color(Color::RGB(0xFFEB9C))
                .set_align(FormatAlign::Top),
            ok: Format::new()
                .set_font_color(Color::RGB(0x006100))
                .set_background_color(Color::RGB(0xC6EFCE))
                .set_align(FormatAlign::Top),
            info: Format::new()
                .set_font_color(Color::RGB(0x1F4E78))
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_align(FormatAlign::Top),
        }
    }
}

/// What the Modifications sheet reports.
#[derive(Debug, Clone, Copy)]
pub enum Changes<'a> {
    /// The first consolidation of a folder: nothing to compare with.
    FirstRun,
    /// The changes since the previous consolidation.
    Since(&'a ChangeReport),
}

/// Writes the consolidated workbook to `path`, atomically.
pub fn write(path: &Path, c: &Consolidation, config: &Config, changes: Changes) -> Result<()> {
    let bytes = build(c, config, changes).map_err(|e| Error::workbook(path, &e))?;
    Ok(crate::fs::write_atomic(path, &bytes)?)
}

/// Builds the consolidated workbook in memory.
pub fn build(
    c: &Consolidation,
    config: &Config,
    changes: Changes,
) -> std::result::Result<Vec<u8>, XlsxError> {
    let r = &config.referentiel;
    let s = Styles::new();
    let mut wb = Workbook::new();
    // Compressing is most of the cost of saving ten thousand actions; the
    // fastest level makes the file about a third larger.
    wb.set_zip_compression_level(1);
    // Dated by the consolidation, not the clock: same inputs, same bytes.
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("Plan d'actions consolidé — {}", r.convention.name))
            .set_author("ctg")
            .set_company(r.convention.territory.clone())
            .set_creation_datetime(&c.generated_at),
    );
    // The two big tables are built on their own threads.
    let ((synthese, actions), (indicators, others)) = rayon::join(
        || rayon::join(|| synthesis_sheet(c, r, &s), || actions_sheet(c, r, &s)),
        || {
            rayon::join(
                || indicators_sheet(c, r, &s),
                || -> std::result::Result<Vec<Worksheet>, XlsxError> {
                    Ok(vec![
                        coverage_sheet(c, r, &s)?,
                        rejected_sheet(c, &s)?,
                        anomalies_sheet(c, &s)?,
                        partners_sheet(c, config, &s)?,
                        referentiel_sheet(r, &s)?,
                    ])
                },
            )
        },
    );
    let mut synthese = synthese?;
    synthese.set_active(true);
    let modifications = changes_sheet(changes, r, &s)?;
    for sheet in [synthese, modifications, actions?, indicators?]
        .into_iter()
        .chain(others?)
    {
        wb.push_worksheet(sheet);
    }
    wb.save_to_buffer()
}

/// Sum of amounts. Why not `Iterator::sum`: it returns -0.0 for no
/// amount at all, which the workbook would store and show as « -0 € ».
fn total(amounts: impl Iterator<Item = f64>) -> f64 {
    amounts.fold(0.0, |sum, x| sum + x)
}

/// `code — label`.
fn coded(code: &str, label: &str) -> String {
    format!("{code} — {label}")
}

fn axis_of<'a>(r: &'a Referentiel, a: &Action) -> Option<&'a crate::referentiel::Axis> {
    r.objective(&a.objective)
        .and_then(|o| r.axis(o.axis_code()))
}

/// Writes a list of rows as an Excel table with filters and a frozen header.
///
/// Each column takes the format of the first value written in it, as a
/// column format: formatting every cell would cost a format lookup per cell,
/// the main cost of writing ten thousand actions.
struct TableWriter<'a> {
    ws: &'a mut Worksheet,
    first_row: u32,
    headers: Vec<String>,
    row: u32,
    formatted: Vec<bool>,
}

impl<'a> TableWriter<'a> {
    fn new(
        ws: &'a mut Worksheet,
        first_row: u32,
        headers: Vec<String>,
        widths: &[f64],
    ) -> std::result::Result<TableWriter<'a>, XlsxError> {
        for (i, w) in widths.iter().enumerate() {
            ws.set_column_width(i as u16, *w)?;
        }
        ws.set_freeze_panes(first_row + 1, 0)?;
        Ok(TableWriter {
            ws,
            first_row,
            formatted: vec![false; headers.len()],
            headers,
            row: first_row + 1,
        })
    }

    fn finish(self, name: &str) -> std::result::Result<(), XlsxError> {
        let columns: Vec<TableColumn> = self
            .headers
            .iter()
            .map(|h| TableColumn::new().set_header(h))
            .collect();
        // An Excel table needs at least one data row.
        let last = self.row.max(self.first_row + 2) - 1;
        let table = Table::new()
            .set_name(name)
            .set_style(TableStyle::Medium2)
            .set_columns(&columns);
        self.ws.add_table(
            self.first_row,
            0,
            last,
            (self.headers.len().max(1) - 1) as u16,
            &table,
        )?;
        Ok(())
    }
}

/// A cell value of a table row.
enum Cell<'a> {
    Text(&'a str),
    Owned(String),
    Number(Option<f64>, &'a Format),
    Date(Option<chrono::NaiveDate>),
    Styled(String, &'a Format),
}

impl TableWriter<'_> {
    fn push(&mut self, cells: &[Cell], s: &Styles) -> std::result::Result<(), XlsxError> {
        let (ws, row) = (&mut *self.ws, self.row);
        for (i, cell) in cells.iter().enumerate() {
            let col = i as u16;
            let format = match cell {
                Cell::Text(_) | Cell::Owned(_) => Some(&s.wrap),
                Cell::Number(Some(_), f) => Some(*f),
                Cell::Date(Some(_)) => Some(&s.date),
                Cell::Number(None, _) | Cell::Date(None) | Cell::Styled(..) => None,
            };
            if let (Some(f), Some(done)) = (format, self.formatted.get_mut(i))
                && !*done
            {
                ws.set_column_format(col, f)?;
                *done = true;
            }
            match cell {
                Cell::Text(t) => write_text(ws, row, col, t)?,
                Cell::Owned(t) => write_text(ws, row, col, t)?,
                Cell::Number(Some(n), _) => {
                    ws.write_number(row, col, *n)?;
                }
                Cell::Date(Some(d)) => {
                    ws.write_datetime(row, col, d)?;
                }
                Cell::Number(None, _) | Cell::Date(None) => {}
                Cell::Styled(t, f) => {
                    ws.write_string_with_format(row, col, crate::text::for_excel(t), f)?;
                }
            }
        }
        self.row += 1;
        Ok(())
    }
}

/// Writes partners' text as text (never a formula), within Excel's limits.
fn write_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
) -> std::result::Result<(), XlsxError> {
    if !text.is_empty() {
        ws.write_string(row, col, crate::text::for_excel(text))?;
    }
    Ok(())
}

// ---------------------------------------------------------------- Synthèse

fn synthesis_sheet(
    c: &Consolidation,
    r: &Referentiel,
    s: &Styles,
) -> std::result::Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(SHEETS[0])?;
    ws.set_column_width(0, 46)?;
    for col in 1..=9 {
        ws.set_column_width(col, 14)?;
    }
    ws.write_string_with_format(
        0,
        0,
        format!("Plan d'actions consolidé — {}", r.convention.name),
        &s.title,
    )?;
    ws.write_string_with_format(
        1,
        0,
        format!(
            "{} et {} · consolidé le {} à partir de {}",
            r.convention.territory,
            r.convention.caf,
            c.generated_at.format("%d/%m/%Y à %H:%M"),
            crate::text::count(
                c.partners.iter().filter(|p| p.used.is_some()).count(),
                "fichier de partenaire",
                "fichiers de partenaires"
            )
        ),
        &s.subtitle,
    )?;

    let actions = c.actions();
    let mut row = 3u32;
    ws.write_string_with_format(row, 0, "Chiffres clés", &s.heading)?;
    row += 1;
    let count_state =
        |f: fn(&PartnerState) -> bool| c.partners.iter().filter(|p| f(&p.state)).count() as f64;
    let budget = total(actions.iter().filter_map(|(_, a)| a.budget));
    let mut figures: Vec<(String, f64, &Format)> = vec![
        ("Partenaires".into(), c.partners.len() as f64, &s.integer),
        (
            "  dont à jour".into(),
            count_state(|st| *st == PartnerState::UpToDate),
            &s.integer,
        ),
        (
            "  dont avec erreurs à corriger".into(),
            count_state(|st| *st == PartnerState::WithErrors),
            &s.integer,
        ),
        (
            "  dont fichier illisible".into(),
            count_state(|st| {
                matches!(
                    st,
                    PartnerState::PreviousVersion(_) | PartnerState::Unreadable
                )
            }),
            &s.integer,
        ),
        (
            "  dont sans fichier".into(),
            count_state(|st| matches!(st, PartnerState::NeverSubmitted | PartnerState::Withdrawn)),
            &s.integer,
        ),
        ("Actions".into(), actions.len() as f64, &s.integer),
    ];
    for st in &r.statuses {
        figures.push((
            format!("  dont « {} »", st.label),
            actions
                .iter()
                .filter(|(_, a)| a.status == Some(st.kind))
                .count() as f64,
            &s.integer,
        ));
    }
    figures.push((
        "  dont statut non renseigné".into(),
        actions.iter().filter(|(_, a)| a.status.is_none()).count() as f64,
        &s.integer,
    ));
    figures.push((
        "Indicateurs".into(),
        c.indicators().len() as f64,
        &s.integer,
    ));
    figures.push(("Budget prévisionnel total".into(), budget, &s.total_money));
    for f in &r.funders {
        let amount = total(
            actions
                .iter()
                .filter_map(|(_, a)| a.funding.get(&f.code).copied()),
        );
        figures.push((format!("  financement {}", f.label), amount, &s.total_money));
    }
    let errors: usize = c
        .partners
        .iter()
        .map(|p| p.count(Severity::Error))
        .sum::<usize>()
        + c.orphans
            .iter()
            .map(|o| o.submission.count(Severity::Error))
            .sum::<usize>();
    let warnings: usize = c
        .partners
        .iter()
        .map(|p| p.count(Severity::Warning))
        .sum::<usize>()
        + c.orphans
            .iter()
            .map(|o| o.submission.count(Severity::Warning))
            .sum::<usize>();
    figures.push((
        "Anomalies : erreurs (voir « Anomalies »)".into(),
        errors as f64,
        &s.integer,
    ));
    figures.push((
        "Anomalies : avertissements".into(),
        warnings as f64,
        &s.integer,
    ));
    figures.push((
        "Lignes non prises en compte (voir « À corriger »)".into(),
        c.partners
            .iter()
            .filter_map(|p| p.used.as_ref())
            .map(|u| u.submission.rejected.len())
            .sum::<usize>() as f64,
        &s.integer,
    ));
    for (label, value, format) in &figures {
        ws.write_string_with_format(row, 0, label, &s.label)?;
        ws.write_number_with_format(row, 1, *value, format)?;
        row += 1;
    }

    // Axe × statut.
    row += 1;
    ws.write_string_with_format(row, 0, "Actions par axe et par statut", &s.heading)?;
    row += 1;
    let status_table_header = row;
    ws.write_string_with_format(row, 0, "Axe", &s.header)?;
    let mut columns: Vec<(String, Option<StatusKind>)> = r
        .statuses
        .iter()
        .map(|st| (st.label.clone(), Some(st.kind)))
        .collect();
    columns.push(("Non renseigné".into(), None));
    for (i, (label, _)) in columns.iter().enumerate() {
        ws.write_string_with_format(row, 1 + i as u16, label, &s.header)?;
    }
    let total_col = 1 + columns.len() as u16;
    ws.write_string_with_format(row, total_col, "Total", &s.header)?;
    row += 1;
    let first_axis_row = row;
    for axis in &r.axes {
        ws.write_string_with_format(row, 0, coded(&axis.code, &axis.label), &s.label)?;
        let of_axis: Vec<&Action> = actions
            .iter()
            .filter(|(_, a)| axis_of(r, a).is_some_and(|x| x.code == axis.code))
            .map(|(_, a)| *a)
            .collect();
        for (i, (_, kind)) in columns.iter().enumerate() {
            let n = of_axis.iter().filter(|a| a.status == *kind).count();
            ws.write_number_with_format(row, 1 + i as u16, n as f64, &s.integer)?;
        }
        ws.write_number_with_format(row, total_col, of_axis.len() as f64, &s.total)?;
        row += 1;
    }
    ws.write_string_with_format(row, 0, "Total", &s.total_label)?;
    for (i, (_, kind)) in columns.iter().enumerate() {
        let n = actions.iter().filter(|(_, a)| a.status == *kind).count();
        ws.write_number_with_format(row, 1 + i as u16, n as f64, &s.total)?;
    }
    ws.write_number_with_format(row, total_col, actions.len() as f64, &s.total)?;
    let last_axis_row = row - 1;
    let status_total_row = row;
    row += 2;

    // Axe × financeur.
    ws.write_string_with_format(row, 0, "Budget et financements par axe (€)", &s.heading)?;
    row += 1;
    let funding_header = row;
    ws.write_string_with_format(row, 0, "Axe", &s.header)?;
    ws.write_string_with_format(row, 1, "Budget prévisionnel", &s.header)?;
    for (i, f) in r.funders.iter().enumerate() {
        ws.write_string_with_format(row, 2 + i as u16, &f.label, &s.header)?;
    }
    let funded_col = 2 + r.funders.len() as u16;
    ws.write_string_with_format(row, funded_col, "Total financé", &s.header)?;
    row += 1;
    let sum_for = |pred: &dyn Fn(&Action) -> bool, value: &dyn Fn(&Action) -> f64| -> f64 {
        total(
            actions
                .iter()
                .filter(|(_, a)| pred(a))
                .map(|(_, a)| value(a)),
        )
    };
    let mut axis_rows: Vec<(Option<&str>, String)> = r
        .axes
        .iter()
        .map(|a| (Some(a.code.as_str()), coded(&a.code, &a.label)))
        .collect();
    axis_rows.push((None, "Total".into()));
    for (code, label) in &axis_rows {
        let pred = |a: &Action| code.is_none_or(|c| axis_of(r, a).is_some_and(|x| x.code == c));
        let (lf, nf) = if code.is_none() {
            (&s.total_label, &s.total_money)
        } else {
            (&s.label, &s.total_money)
        };
        ws.write_string_with_format(row, 0, label, lf)?;
        ws.write_number_with_format(row, 1, sum_for(&pred, &|a| a.budget.unwrap_or(0.0)), nf)?;
        for (i, f) in r.funders.iter().enumerate() {
            ws.write_number_with_format(
                row,
                2 + i as u16,
                sum_for(&pred, &|a| a.funding.get(&f.code).copied().unwrap_or(0.0)),
                nf,
            )?;
        }
        ws.write_number_with_format(row, funded_col, sum_for(&pred, &|a| a.funding_total()), nf)?;
        row += 1;
    }
    let funding_total_row = row - 1;

    // Native charts, fed by the tables above.
    let sheet = SHEETS[0];
    let chart_col = 11u16;
    let mut per_axis = Chart::new(ChartType::Column);
    per_axis
        .add_series()
        .set_name("Actions")
        .set_categories((sheet, first_axis_row, 0, last_axis_row, 0))
        .set_values((sheet, first_axis_row, total_col, last_axis_row, total_col));
    per_axis.title().set_name("Actions par axe");
    per_axis.legend().set_hidden();
    ws.insert_chart(3, chart_col, &per_axis)?;

    let mut statuses = Chart::new(ChartType::Pie);
    statuses
        .add_series()
        .set_name("Statuts")
        .set_categories((
            sheet,
            status_table_header,
            1,
            status_table_header,
            total_col - 1,
        ))
        .set_values((sheet, status_total_row, 1, status_total_row, total_col - 1));
    statuses.title().set_name("Actions par statut");
    ws.insert_chart(19, chart_col, &statuses)?;

    let mut funders = Chart::new(ChartType::Bar);
    funders
        .add_series()
        .set_name("Financements")
        .set_categories((sheet, funding_header, 2, funding_header, funded_col - 1))
        .set_values((
            sheet,
            funding_total_row,
            2,
            funding_total_row,
            funded_col - 1,
        ));
    funders.title().set_name("Financements par financeur (€)");
    funders.legend().set_hidden();
    ws.insert_chart(35, chart_col, &funders)?;
    Ok(ws)
}

// ---------------------------------------------------------------- Modifications

/// A workbook with only the Modifications sheet (`ctg diff --format xlsx`).
pub fn build_changes(
    report: &ChangeReport,
    r: &Referentiel,
) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    wb.push_worksheet(changes_sheet(Changes::Since(report), r, &Styles::new())?);
    wb.save_to_buffer()
}

fn changes_sheet(
    changes: Changes,
    r: &Referentiel,
    s: &Styles,
) -> std::result::Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(SHEETS[1])?;
    ws.write_string_with_format(0, 0, "Modifications du plan d'actions", &s.title)?;
    let report = match changes {
        Changes::FirstRun => {
            ws.write_string_with_format(1, 0, "Première consolidation de ce dossier : les modifications apparaîtront à partir de la prochaine.", &s.subtitle)?;
            ws.set_column_width(0, 100)?;
            return Ok(ws);
        }
        Changes::Since(report) => report,
    };
    let lines = crate::outputs::report::changes::narrative(report, r);
    for (i, line) in lines.iter().enumerate() {
        ws.write_string_with_format(
            1 + i as u32,
            0,
            crate::text::for_excel(line),
            if i == 0 { &s.subtitle } else { &s.text },
        )?;
    }
    if report.is_empty() {
        ws.set_column_width(0, 100)?;
        return Ok(ws);
    }
    let first_row = lines.len() as u32 + 2;
    let headers = [
        "Partenaire",
        "N° action",
        "Intitulé",
        "Nature",
        "Champ",
        "Ancienne valeur",
        "Nouvelle valeur",
        "Écart",
        "Remarque",
    ]
    .map(String::from)
    .to_vec();
    let mut t = TableWriter::new(
        &mut ws,
        first_row,
        headers,
        &[11.0, 14.0, 36.0, 13.0, 22.0, 36.0, 36.0, 11.0, 30.0],
    )?;
    for p in &report.partners {
        if let Some(event) = p.event {
            let what = crate::outputs::report::changes::event_text(event);
            t.push(
                &[
                    Cell::Text(&p.code),
                    Cell::Text(""),
                    Cell::Text(""),
                    Cell::Styled("partenaire".into(), &s.warning),
                    Cell::Text(""),
                    Cell::Text(""),
                    Cell::Owned(what.to_owned()),
                    Cell::Number(None, &s.text),
                    Cell::Text(""),
                ],
                s,
            )?;
        }
        for a in &p.actions {
            let nature = Cell::Styled(a.kind.label().to_owned(), change_format(a.kind, s));
            let number = match &a.old_number {
                Some(old) => format!("{} (ex-{old})", a.number),
                None => a.number.clone(),
            };
            if a.fields.is_empty() {
                t.push(
                    &[
                        Cell::Text(&p.code),
                        Cell::Owned(number.clone()),
                        Cell::Text(&a.title),
                        nature,
                        Cell::Text(""),
                        Cell::Text(""),
                        Cell::Text(""),
                        Cell::Number(None, &s.text),
                        Cell::Text(""),
                    ],
                    s,
                )?;
            }
            for f in &a.fields {
                let nature = Cell::Styled(a.kind.label().to_owned(), change_format(a.kind, s));
                t.push(
                    &[
                        Cell::Text(&p.code),
                        Cell::Owned(number.clone()),
                        Cell::Text(&a.title),
                        nature,
                        Cell::Text(&f.field),
                        Cell::Text(&f.old),
                        Cell::Text(&f.new),
                        Cell::Number(f.delta, &s.text),
                        Cell::Owned(f.note.clone().unwrap_or_default()),
                    ],
                    s,
                )?;
            }
        }
        for i in &p.indicators {
            let title = format!("Indicateur « {} »", i.indicator);
            let rows: Vec<Option<&crate::changes::FieldChange>> = if i.fields.is_empty() {
                vec![None]
            } else {
                i.fields.iter().map(Some).collect()
            };
            for f in rows {
                t.push(
                    &[
                        Cell::Text(&p.code),
                        Cell::Text(&i.action),
                        Cell::Owned(title.clone()),
                        Cell::Styled(i.kind.masculine().to_owned(), change_format(i.kind, s)),
                        Cell::Owned(f.map(|f| f.field.clone()).unwrap_or_default()),
                        Cell::Owned(f.map(|f| f.old.clone()).unwrap_or_default()),
                        Cell::Owned(f.map(|f| f.new.clone()).unwrap_or_default()),
                        Cell::Number(f.and_then(|f| f.delta), &s.text),
                        Cell::Owned(f.and_then(|f| f.note.clone()).unwrap_or_default()),
                    ],
                    s,
                )?;
            }
        }
    }
    t.finish("Modifications")?;
    Ok(ws)
}

/// Added in green, removed in red, modified in yellow, renumbered in blue.
fn change_format(kind: ChangeKind, s: &Styles) -> &Format {
    match kind {
        ChangeKind::Added => &s.ok,
        ChangeKind::Removed => &s.error,
        ChangeKind::Modified => &s.warning,
        ChangeKind::Renumbered => &s.info,
    }
}

// ---------------------------------------------------------------- Actions

fn actions_sheet(
    c: &Consolidation,
    r: &Referentiel,
    s: &Styles,
) -> std::result::Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(SHEETS[2])?;
    let columns = ActionsColumn::all(r);
    let headers: Vec<String> = columns.iter().map(|col| col.header(r)).collect();
    let widths: Vec<f64> = columns.iter().map(|col| actions_width(*col)).collect();
    let mut t = TableWriter::new(&mut ws, 0, headers, &widths)?;
    for (p, a) in c.actions() {
        let objective = r.objective(&a.objective);
        let orientation = objective.and_then(|o| r.orientation(o.orientation_code()));
        let axis = axis_of(r, a);
        let cell = |col: &ActionsColumn| {
            use ActionColumn as A;
            match *col {
                ActionsColumn::Field(A::Number) => Cell::Text(&a.number),
                ActionsColumn::Partner => Cell::Text(&p.code),
                ActionsColumn::Structure => Cell::Text(&p.name),
                ActionsColumn::Axis => {
                    Cell::Owned(axis.map(|x| coded(&x.code, &x.label)).unwrap_or_default())
                }
                ActionsColumn::Orientation => Cell::Owned(
                    orientation
                        .map(|o| coded(&o.code, &o.label))
                        .unwrap_or_default(),
                ),
                ActionsColumn::Field(A::Objective) => Cell::Owned(
                    objective
                        .map(|o| o.choice())
                        .unwrap_or_else(|| a.objective.clone()),
                ),
                ActionsColumn::Field(A::Title) => Cell::Text(&a.title),
                ActionsColumn::Field(A::Domains) => Cell::Owned(a.domains.join("; ")),
                ActionsColumn::Field(A::Audiences) => Cell::Owned(a.audiences.join("; ")),
                ActionsColumn::Field(A::Communes) => Cell::Owned(a.communes.display()),
                ActionsColumn::Field(A::Description) => Cell::Text(&a.description),
                ActionsColumn::Field(A::Contact) => Cell::Text(&a.contact),
                ActionsColumn::Field(A::Associates) => Cell::Text(&a.associates),
                ActionsColumn::Field(A::Start) => Cell::Date(a.start),
                ActionsColumn::Field(A::End) => Cell::Date(a.end),
                ActionsColumn::Field(A::Status) => Cell::Owned(
                    a.status
                        .map(|k| r.status_label(k).to_owned())
                        .unwrap_or_default(),
                ),
                ActionsColumn::Field(A::Progress) => Cell::Number(a.progress, &s.text),
                ActionsColumn::Field(A::Budget) => Cell::Number(a.budget, &s.money),
                ActionsColumn::Field(A::Funding(i)) => Cell::Number(
                    r.funders
                        .get(i)
                        .and_then(|f| a.funding.get(&f.code))
                        .copied(),
                    &s.money,
                ),
                ActionsColumn::FundingTotal => {
                    Cell::Number((!a.funding.is_empty()).then(|| a.funding_total()), &s.money)
                }
                ActionsColumn::Field(A::Comments) => Cell::Text(&a.comments),
                ActionsColumn::Extra => Cell::Owned(
                    a.extra
                        .iter()
                        .map(|(h, v)| format!("{h} : {v}"))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
                ActionsColumn::Source => Cell::Owned(
                    p.used
                        .as_ref()
                        .map(|u| format!("{}, ligne {}", u.rel, a.row))
                        .unwrap_or_default(),
                ),
                // Never a column of this sheet: the axis has its own.
                ActionsColumn::Field(A::Derived) => Cell::Text(""),
            }
        };
        let cells: Vec<Cell> = columns.iter().map(cell).collect();
        t.push(&cells, s)?;
    }
    t.finish("Actions")?;
    Ok(ws)
}

// ---------------------------------------------------------------- Indicateurs

/// Rate of achievement: result ÷ target, for numbers with a non-zero target.
fn rate(result: Option<&IndicatorValue>, target: Option<&IndicatorValue>) -> Option<f64> {
    let (r, t) = (result?.as_number()?, target?.as_number()?);
    (t != 0.0).then_some(r / t)
}

fn indicators_sheet(
    c: &Consolidation,
    r: &Referentiel,
    s: &Styles,
) -> std::result::Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(SHEETS[3])?;
    let columns = IndicatorsColumn::all(r);
    let headers: Vec<String> = columns.iter().map(|col| col.header(r)).collect();
    let widths: Vec<f64> = columns.iter().map(|col| indicators_width(*col)).collect();
    let titles: BTreeMap<&str, &str> = c
        .actions()
        .into_iter()
        .map(|(_, a)| (a.number.as_str(), a.title.as_str()))
        .collect();
    let mut t = TableWriter::new(&mut ws, 0, headers, &widths)?;
    let value = |v: Option<&IndicatorValue>| match v {
        Some(IndicatorValue::Number(n)) => Cell::Number(Some(*n), &s.text),
        Some(IndicatorValue::Text(x)) => Cell::Owned(x.clone()),
        None => Cell::Owned(String::new()),
    };
    for (p, i) in c.indicators() {
        let cell = |col: &IndicatorsColumn| {
            use IndicatorColumn as I;
            match *col {
                IndicatorsColumn::Field(I::Action) => Cell::Text(&i.action),
                IndicatorsColumn::Partner => Cell::Text(&p.code),
                IndicatorsColumn::ActionTitle => Cell::Owned(
                    titles
                        .get(i.action.as_str())
                        .map(|t| t.to_string())
                        .unwrap_or_default(),
                ),
                IndicatorsColumn::Field(I::Name) => Cell::Text(&i.name),
                IndicatorsColumn::Field(I::Kind) => {
                    Cell::Owned(i.kind.map(|k| k.label().to_owned()).unwrap_or_default())
                }
                IndicatorsColumn::Field(I::Unit) => Cell::Text(&i.unit),
                IndicatorsColumn::Field(I::Baseline) => value(i.baseline.as_ref()),
                IndicatorsColumn::Field(I::Target) => value(i.target.as_ref()),
                IndicatorsColumn::Field(I::Result(y)) => value(i.results.get(&y)),
                IndicatorsColumn::Rate(y) => {
                    Cell::Number(rate(i.results.get(&y), i.target.as_ref()), &s.percent)
                }
                IndicatorsColumn::Field(I::Comment) => Cell::Text(&i.comment),
            }
        };
        let cells: Vec<Cell> = columns.iter().map(cell).collect();
        t.push(&cells, s)?;
    }
    t.finish("Indicateurs")?;
    Ok(ws)
}

// ---------------------------------------------------------------- Couverture

fn coverage_sheet(
    c: &Consolidation,
    r: &Referentiel,
    s: &Styles,
) -> std::result::Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(SHEETS[4])?;
    ws.set_column_width(0, 60)?;
    ws.write_string_with_format(
        0,
        0,
        "Couverture de la CTG : les « zones d'ombre »",
        &s.title,
    )?;
    ws.write_string_with_format(1, 0, "Les cases orangées signalent un objectif sans action, ou une commune qu'aucune action ne touche pour cet objectif.", &s.subtitle)?;
    let actions = c.actions();
    let mut row = 3u32;
    ws.write_string_with_format(row, 0, "Objectif opérationnel", &s.header)?;
    for (i, h) in ["Actions", "Partenaires", "Budget (€)"].iter().enumerate() {
        ws.write_string_with_format(row, 1 + i as u16, *h, &s.header)?;
        ws.set_column_width(1 + i as u16, 12)?;
    }
    let communes_col = 5u16;
    ws.write_string_with_format(row, communes_col - 1, "", &s.text)?;
    for (i, commune) in r.communes.iter().enumerate() {
        ws.write_string_with_format(row, communes_col + i as u16, &commune.name, &s.header)?;
        ws.set_column_width(communes_col + i as u16, 11)?;
    }
    ws.set_row_height(row, 60)?;
    row += 1;
    for o in &r.objectives {
        let of: Vec<(&PartnerEntry, &Action)> = actions
            .iter()
            .filter(|(_, a)| a.objective == o.code)
            .copied()
            .collect();
        let mut partners: Vec<&str> = of.iter().map(|(p, _)| p.code.as_str()).collect();
        partners.dedup();
        partners.sort_unstable();
        partners.dedup();
        ws.write_string_with_format(row, 0, o.choice(), &s.label)?;
        let n = of.len() as f64;
        ws.write_number_with_format(row, 1, n, if n == 0.0 { &s.shadow } else { &s.integer })?;
        ws.write_number_with_format(
            row,
            2,
            partners.len() as f64,
            if partners.is_empty() {
                &s.shadow
            } else {
                &s.integer
            },
        )?;
        ws.write_number_with_format(
            row,
            3,
            total(of.iter().filter_map(|(_, a)| a.budget)),
            &s.total_money,
        )?;
        for (i, commune) in r.communes.iter().enumerate() {
            let k = of
                .iter()
                .filter(|(_, a)| a.communes.covers(&commune.name))
                .count() as f64;
            ws.write_number_with_format(
                row,
                communes_col + i as u16,
                k,
                if k == 0.0 { &s.shadow } else { &s.integer },
            )?;
        }
        row += 1;
    }
    let unspecified = actions
        .iter()
        .filter(|(_, a)| a.communes == Communes::Unspecified)
        .count();
    if unspecified > 0 {
        row += 1;
        ws.write_string_with_format(
            row,
            0,
            format!(
                "{} sans commune renseignée ne figurent pas dans le tableau des communes.",
                crate::text::count(unspecified, "action", "actions")
            ),
            &s.subtitle,
        )?;
    }
    ws.set_freeze_panes(4, 1)?;
    Ok(ws)
}

// ---------------------------------------------------------------- À corriger

fn rejected_sheet(c: &Consolidation, s: &Styles) -> std::result::Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(SHEETS[5])?;
    let headers = [
        "Partenaire",
        "Fichier",
        "Feuille",
        "Ligne",
        "Pourquoi la ligne n'est pas prise en compte",
        "Contenu de la ligne",
    ]
    .map(String::from)
    .to_vec();
    let mut t = TableWriter::new(&mut ws, 0, headers, &[11.0, 30.0, 14.0, 8.0, 60.0, 70.0])?;
    for p in &c.partners {
        let Some(used) = &p.used else { continue };
        for row in &used.submission.rejected {
            t.push(
                &[
                    Cell::Text(&p.code),
                    Cell::Text(&used.rel),
                    Cell::Text(&row.sheet),
                    Cell::Number(Some(row.row as f64), &s.text),
                    Cell::Owned(row.reasons.join("\n")),
                    Cell::Owned(
                        row.values
                            .iter()
                            .map(|(h, v)| format!("{h} : {v}"))
                            .collect::<Vec<_>>()
                            .join("\n"),
                    ),
                ],
                s,
            )?;
        }
    }
    t.finish("ACorriger")?;
    Ok(ws)
}

// ---------------------------------------------------------------- Anomalies

fn anomalies_sheet(c: &Consolidation, s: &Styles) -> std::result::Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(SHEETS[6])?;
    let headers = [
        "Partenaire",
        "Fichier",
        "Feuille",
        "Cellule",
        "Gravité",
        "Code",
        "Message",
        "Suggestion",
    ]
    .map(String::from)
    .to_vec();
    let mut t = TableWriter::new(
        &mut ws,
        0,
        headers,
        &[11.0, 30.0, 14.0, 9.0, 14.0, 26.0, 90.0, 36.0],
    )?;
    for (partner, f) in c.findings() {
        let severity = match f.severity {
            Severity::Error => &s.error,
            Severity::Warning => &s.warning,
        };
        t.push(
            &[
                Cell::Text(partner),
                Cell::Text(&f.file),
                Cell::Owned(
                    f.location
                        .as_ref()
                        .map(|l| l.sheet.clone())
                        .unwrap_or_default(),
                ),
                Cell::Owned(f.location.as_ref().map(|l| l.cell()).unwrap_or_default()),
                Cell::Styled(f.severity.label().to_owned(), severity),
                Cell::Text(f.code.as_str()),
                Cell::Text(&f.message),
                Cell::Owned(f.suggestion.clone().unwrap_or_default()),
            ],
            s,
        )?;
    }
    t.finish("Anomalies")?;
    Ok(ws)
}

// ---------------------------------------------------------------- Partenaires

fn partners_sheet(
    c: &Consolidation,
    config: &Config,
    s: &Styles,
) -> std::result::Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(SHEETS[7])?;
    // Cells below follow the order of `PartnersColumn::ALL`.
    let headers = PartnersColumn::ALL
        .map(|col| col.header().to_owned())
        .to_vec();
    let mut t = TableWriter::new(
        &mut ws,
        0,
        headers,
        &[
            11.0, 30.0, 20.0, 28.0, 30.0, 16.0, 18.0, 9.0, 11.0, 10.0, 9.0, 13.0, 36.0,
        ],
    )?;
    for p in &c.partners {
        let registry = config.partner(&p.code);
        let info = p.used.as_ref().map(|u| &u.submission.partner);
        let pick = |from_file: Option<&String>, from_registry: Option<&String>| {
            from_file
                .filter(|v| !v.is_empty())
                .or(from_registry)
                .cloned()
                .unwrap_or_default()
        };
        let state_format = match p.state {
            PartnerState::UpToDate => &s.ok,
            PartnerState::WithErrors | PartnerState::PreviousVersion(_) => &s.warning,
            PartnerState::Unreadable => &s.error,
            PartnerState::NeverSubmitted | PartnerState::Withdrawn => &s.text,
        };
        let received = p.current.as_ref().map(|r| r.modified);
        t.push(
            &[
                Cell::Text(&p.code),
                Cell::Text(&p.name),
                Cell::Owned(pick(info.map(|i| &i.contact), registry.map(|r| &r.contact))),
                Cell::Owned(pick(info.map(|i| &i.email), registry.map(|r| &r.email))),
                Cell::Owned(
                    p.current
                        .as_ref()
                        .map(|r| r.rel.clone())
                        .unwrap_or_default(),
                ),
                Cell::Owned(
                    received
                        .map(|d| d.format("%d/%m/%Y %H:%M").to_string())
                        .unwrap_or_default(),
                ),
                Cell::Owned(
                    p.current
                        .as_ref()
                        .and_then(|r| r.submission.format)
                        .map(|f| f.label().to_owned())
                        .unwrap_or_default(),
                ),
                Cell::Number(Some(p.actions().len() as f64), &s.text),
                Cell::Number(Some(p.indicators().len() as f64), &s.text),
                Cell::Number(
                    Some(p.used.as_ref().map_or(0, |u| u.submission.rejected.len()) as f64),
                    &s.text,
                ),
                Cell::Number(Some(p.count(Severity::Error) as f64), &s.text),
                Cell::Number(Some(p.count(Severity::Warning) as f64), &s.text),
                Cell::Styled(p.state.label(), state_format),
            ],
            s,
        )?;
    }
    for o in &c.orphans {
        t.push(
            &[
                Cell::Text(""),
                Cell::Text("(partenaire inconnu)"),
                Cell::Text(""),
                Cell::Text(""),
                Cell::Text(&o.rel),
                Cell::Owned(o.modified.format("%d/%m/%Y %H:%M").to_string()),
                Cell::Owned(
                    o.submission
                        .format
                        .map(|f| f.label().to_owned())
                        .unwrap_or_default(),
                ),
                Cell::Number(Some(0.0), &s.text),
                Cell::Number(Some(0.0), &s.text),
                Cell::Number(Some(0.0), &s.text),
                Cell::Number(Some(o.submission.count(Severity::Error) as f64), &s.text),
                Cell::Number(Some(o.submission.count(Severity::Warning) as f64), &s.text),
                Cell::Styled(
                    "partenaire non identifié — voir « Anomalies »".into(),
                    &s.error,
                ),
            ],
            s,
        )?;
    }
    t.finish("Partenaires")?;
    Ok(ws)
}

// ---------------------------------------------------------------- Référentiel

fn referentiel_sheet(r: &Referentiel, s: &Styles) -> std::result::Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(SHEETS[8])?;
    let headers = [
        "Axe",
        "Orientation",
        "Code objectif",
        "Objectif opérationnel",
        "Pistes de travail",
    ]
    .map(String::from)
    .to_vec();
    let mut t = TableWriter::new(&mut ws, 0, headers, &[40.0, 40.0, 12.0, 50.0, 80.0])?;
    for o in &r.objectives {
        let orientation = r.orientation(o.orientation_code());
        let axis = r.axis(o.axis_code());
        t.push(
            &[
                Cell::Owned(axis.map(|a| coded(&a.code, &a.label)).unwrap_or_default()),
                Cell::Owned(
                    orientation
                        .map(|x| coded(&x.code, &x.label))
                        .unwrap_or_default(),
                ),
                Cell::Text(&o.code),
                Cell::Text(&o.label),
                Cell::Owned(
                    o.leads
                        .iter()
                        .map(|l| format!("• {l}"))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
            ],
            s,
        )?;
    }
    t.finish("Referentiel")?;
    Ok(ws)
}
