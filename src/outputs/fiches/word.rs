//! The fiches actions as a Word document (`fiches-actions.docx`), written
//! with docx-rs: A4, the cover, the contents, one fiche per page, the zones
//! d'ombre; a footer with the CTG's name and the page number.

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, NumPages, PageMargin, PageNum, Paragraph, Run,
    RunFonts, Shading, ShdType, Style, StyleType, Table, TableCell, TableRow, WidthType,
};

use super::content::{ContentsLine, Fiche, Fiches};

/// A4 in twentieths of a point.
const A4: (u32, u32) = (11_906, 16_838);
/// Width of the text between the margins, in twentieths of a point.
const TEXT_WIDTH: usize = 9_638;
/// Background of the label cells.
const LABEL_FILL: &str = "E7EEF6";

fn text(t: &str) -> Run {
    // Line breaks typed in a cell are kept as line breaks.
    let mut run = Run::new();
    for (i, line) in t.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    run
}

fn para(t: &str) -> Paragraph {
    Paragraph::new().add_run(text(t))
}

fn heading(level: usize, t: &str) -> Paragraph {
    Paragraph::new()
        .style(&format!("Heading{level}"))
        .add_run(Run::new().add_text(t))
}

fn cell(p: Paragraph, width: usize) -> TableCell {
    TableCell::new()
        .add_paragraph(p)
        .width(width, WidthType::Dxa)
}

fn label_cell(t: &str, width: usize) -> TableCell {
    cell(
        Paragraph::new().add_run(Run::new().add_text(t).bold()),
        width,
    )
    .shading(Shading::new().shd_type(ShdType::Clear).fill(LABEL_FILL))
}

/// A two-column table of labelled values.
fn facts(rows: &[(&str, String)]) -> Table {
    let label = 2_600;
    let rows = rows
        .iter()
        .map(|(l, v)| {
            TableRow::new(vec![
                label_cell(l, label),
                cell(para(v), TEXT_WIDTH - label),
            ])
        })
        .collect();
    Table::new(rows).set_grid(vec![label, TEXT_WIDTH - label])
}

fn fiche(f: &Fiche) -> Vec<DocPart> {
    let mut parts = vec![part(
        heading(1, &format!("{} — {}", f.number, f.title)).page_break_before(true),
    )];
    parts.push(DocPart::T(Box::new(facts(&f.facts))));
    for (label, body) in &f.texts {
        parts.push(part(heading(2, label)));
        parts.push(part(para(body)));
    }
    parts.push(part(heading(2, "Budget")));
    let budget: Vec<(&str, String)> = f
        .budget
        .iter()
        .map(|(l, v)| (l.as_str(), v.clone()))
        .collect();
    parts.push(DocPart::T(Box::new(facts(&budget))));
    parts.push(part(heading(2, "Indicateurs")));
    if f.indicators.is_empty() {
        parts.push(part(para("Aucun indicateur renseigné.")));
    } else {
        let years = f.years.len();
        let first = 2_600;
        let other = (TEXT_WIDTH - first) / (2 + years);
        let mut header = vec![
            label_cell("Indicateur", first),
            label_cell("Départ", other),
            label_cell("Cible", other),
        ];
        header.extend(
            f.years
                .iter()
                .map(|y| label_cell(&format!("Réalisé {y}"), other)),
        );
        let mut rows = vec![TableRow::new(header)];
        for i in &f.indicators {
            let name = if i.kind.is_empty() {
                i.name.clone()
            } else {
                format!("{}\n{}", i.name, i.kind)
            };
            let mut cells = vec![
                cell(para(&name), first),
                cell(para(&i.baseline), other),
                cell(para(&i.target), other),
            ];
            cells.extend(i.results.iter().map(|(_, v)| cell(para(v), other)));
            rows.push(TableRow::new(cells));
        }
        let mut grid = vec![first, other, other];
        grid.extend(std::iter::repeat_n(other, years));
        parts.push(DocPart::T(Box::new(Table::new(rows).set_grid(grid))));
        parts.push(part(para(
            "Entre parenthèses : le taux d'atteinte de l'année (réalisé ÷ cible).",
        )));
    }
    parts.push(part(heading(2, "Avis du comité")));
    parts.push(part(para(
        f.decision.as_deref().unwrap_or("Aucun avis rendu."),
    )));
    parts.push(part(
        Paragraph::new().add_run(Run::new().add_text(&f.last_change).italic()),
    ));
    parts
}

/// A paragraph, as a part of the document.
fn part(p: Paragraph) -> DocPart {
    DocPart::P(Box::new(p))
}

/// A paragraph or a table, in document order.
enum DocPart {
    P(Box<Paragraph>),
    T(Box<Table>),
}

/// The styles of the headings.
fn styles(docx: Docx) -> Docx {
    let style = |id: &str, name: &str, size: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .size(size)
            .bold()
            .color("1F4E78")
    };
    docx.add_style(style("Title", "Title", 48))
        .add_style(style("Heading1", "Heading 1", 32))
        .add_style(style("Heading2", "Heading 2", 24))
        .add_style(style("Heading3", "Heading 3", 22))
}

/// Builds the document in memory. Dated by the plan, not the clock: same
/// plan, same bytes.
pub fn build(f: &Fiches) -> Result<Vec<u8>, String> {
    let c = &f.cover;
    let stamp = format!("{}T00:00:00Z", c.date.format("%Y-%m-%d"));
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Right)
            .add_run(Run::new().add_text(format!("{} — page ", c.name)))
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(" / "))
            .add_num_pages(NumPages::new()),
    );
    let mut docx = styles(Docx::new())
        .page_size(A4.0, A4.1)
        .page_margin(
            PageMargin::new()
                .top(1_134)
                .bottom(1_134)
                .left(1_134)
                .right(1_134),
        )
        .default_fonts(RunFonts::new().ascii("Calibri").hi_ansi("Calibri"))
        .default_size(21)
        .footer(footer)
        .created_at(&stamp)
        .updated_at(&stamp);
    // Cover.
    docx = docx
        .add_paragraph(
            Paragraph::new()
                .style("Title")
                .add_run(Run::new().add_text("Fiches actions")),
        )
        .add_paragraph(heading(1, &c.name))
        .add_paragraph(para(&c.territory))
        .add_paragraph(para(&format!("Période de la convention : {}", c.period)))
        .add_paragraph(para(&format!(
            "Fiches établies le {}",
            c.date.format("%d/%m/%Y")
        )))
        .add_paragraph(para(&format!("Plan d'actions : {}", c.plan)));
    if let Some(filters) = &c.filters {
        docx = docx.add_paragraph(para(&format!("Fiches retenues : {filters}")));
    }
    docx = docx.add_paragraph(heading(2, "Fichiers des partenaires"));
    for s in &c.sources {
        docx = docx.add_paragraph(para(&format!("• {s}")));
    }
    // Contents.
    docx = docx.add_paragraph(heading(1, "Sommaire").page_break_before(true));
    for line in &f.contents {
        docx = docx.add_paragraph(match line {
            ContentsLine::Heading(depth, t) => heading(depth + 1, t).keep_next(true),
            ContentsLine::Fiche(n, t) => para(&format!("{n} — {t}")),
        });
    }
    for fiche in &f.fiches {
        for part in self::fiche(fiche) {
            docx = match part {
                DocPart::P(p) => docx.add_paragraph(*p),
                DocPart::T(t) => docx.add_table(*t),
            };
        }
    }
    docx = docx.add_paragraph(heading(1, "Zones d'ombre").page_break_before(true));
    if f.shadows.is_empty() {
        docx = docx.add_paragraph(para(
            "Chaque objectif opérationnel est couvert par au moins une action.",
        ));
    } else {
        docx = docx.add_paragraph(para("Objectifs opérationnels qu'aucune action ne couvre :"));
        for s in &f.shadows {
            docx = docx.add_paragraph(para(&format!("• {s}")));
        }
    }
    let mut out = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut out).map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}
