//! Charts for the HTML pages, drawn as inline SVG: readable without
//! JavaScript or any external resource, printable, and sized by the page.
//!
//! Every figure is also written as text (on its bar, or in its cell), so
//! that no value is told by colour alone; the palette is Okabe–Ito, which
//! colour-blind readers tell apart. A chart is a `<figure>` with its title
//! as `<figcaption>`, and the SVG carries the same title for screen readers.

use maud::{Markup, html};

/// Width of the drawing, in SVG units (it scales to the page).
const WIDTH: f64 = 640.0;
/// Room for the row labels, left of the bars.
const LABEL_WIDTH: f64 = 170.0;
/// Height of one bar.
const BAR: f64 = 18.0;
/// Space between two rows.
const GAP: f64 = 10.0;
/// Height of a line of the legend.
const LEGEND: f64 = 22.0;
/// Colours of the series, in order (Okabe–Ito).
const PALETTE: [&str; 7] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999",
];

/// How the series of a row are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One bar per row, the series end to end (parts of a whole).
    Stacked,
    /// One bar per series in each row, side by side (comparable values).
    Grouped,
}

/// A horizontal bar chart.
#[derive(Debug, Clone)]
pub struct BarChart {
    /// Title, shown above the chart.
    pub title: String,
    /// Series names, for the legend (one colour each).
    pub series: Vec<String>,
    /// Rows: a label and one value per series.
    pub rows: Vec<(String, Vec<f64>)>,
    /// Stacked or grouped.
    pub layout: Layout,
    /// How a value is written on its bar (« 12 », « 4 000 € », « 85 % »).
    pub format: fn(f64) -> String,
}

/// A grid of counts, darker where the count is higher; zero is marked.
#[derive(Debug, Clone)]
pub struct HeatMap {
    /// Title, shown above the chart.
    pub title: String,
    /// Column headers (shown vertically).
    pub columns: Vec<String>,
    /// Rows: a label and one count per column.
    pub rows: Vec<(String, Vec<u32>)>,
}

/// Grouped horizontal bars of rates (1.0 is 100 %), which may be missing
/// or below zero (an indicator going backwards): bars start from a zero
/// line, a dashed line marks 100 %, and a missing rate is said in words.
#[derive(Debug, Clone)]
pub struct RateChart {
    /// Title, shown above the chart.
    pub title: String,
    /// Series names, for the legend (one colour each).
    pub series: Vec<String>,
    /// Rows: a label and one rate per series, `None` where nothing could be
    /// measured.
    pub rows: Vec<(String, Vec<Option<f64>>)>,
}

/// A rate as the pages write it: « 50 % », « −75 % ».
pub fn percent(rate: f64) -> String {
    // Adding zero turns −0 into 0.
    let p = (rate * 100.0).round() + 0.0;
    if p < 0.0 {
        format!("−{} %", -p)
    } else {
        format!("{p} %")
    }
}

/// Draws a chart of rates; an empty chart says there is nothing to draw.
pub fn rates(chart: &RateChart) -> Markup {
    let values = || {
        chart
            .rows
            .iter()
            .flat_map(|(_, v)| v.iter().flatten().copied())
    };
    let low = values().fold(0.0, f64::min);
    let high = values().fold(1.0, f64::max);
    let span = WIDTH - LABEL_WIDTH - 70.0;
    let scale = span / (high - low);
    let zero = LABEL_WIDTH + 10.0 - low * scale;
    let per_row = BAR * chart.series.len().max(1) as f64;
    let swatches = legend_places(&chart.series);
    // The bars start below the legend, however many lines it takes.
    let head = swatches.last().map_or(0.0, |(_, y, _)| y + LEGEND);
    let height = head + chart.rows.len() as f64 * (per_row + GAP) + GAP;
    let full = zero + scale;
    html! {
        figure.chart {
            figcaption { (chart.title) }
            @if values().next().is_none() {
                p.hint { "Rien à représenter pour l'instant." }
            } @else {
                svg role="img" viewBox=(format!("0 0 {WIDTH} {height}")) {
                    title { (chart.title) }
                    (legend(&swatches, &|i| colour(i).to_owned()))
                    line x1=(zero) y1=(head - 4.0) x2=(zero) y2=(height - GAP) stroke="#4f4f4f" {}
                    line x1=(full) y1=(head - 4.0) x2=(full) y2=(height - GAP) stroke="#4f4f4f" stroke-dasharray="4 3" {}
                    text x=(full) y=(height - 1.0) text-anchor="middle" font-size="10" { "cible (100 %)" }
                    @for (r, (label, rates)) in chart.rows.iter().enumerate() {
                        @let top = head + r as f64 * (per_row + GAP);
                        text x=(LABEL_WIDTH - 8.0) y=(top + per_row / 2.0 + 4.0) text-anchor="end" font-size="12" { (fit(label, LABEL_CHARS)) title { (label) } }
                        @for (s, rate) in rates.iter().enumerate() {
                            @let y = top + s as f64 * BAR;
                            @let series = chart.series.get(s).map_or("", String::as_str);
                            @match rate {
                                Some(rate) => {
                                    @let end = zero + rate * scale;
                                    rect x=(zero.min(end)) y=(y) width=((end - zero).abs()) height=(BAR - 2.0) fill=(colour(s)) {
                                        title { (label) " — " (series) " : " (percent(*rate)) }
                                    }
                                    @if *rate < 0.0 {
                                        text x=(end - 4.0) y=(y + BAR / 2.0 + 2.0) text-anchor="end" font-size="11" { (percent(*rate)) }
                                    } @else {
                                        text x=(end + 4.0) y=(y + BAR / 2.0 + 2.0) font-size="11" { (percent(*rate)) }
                                    }
                                }
                                None => {
                                    text x=(zero + 4.0) y=(y + BAR / 2.0 + 2.0) font-size="11" fill="#4f4f4f" { (series) " : aucun résultat mesurable" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Characters of a row label that fit left of the bars; longer labels are
/// cut with « … » (the whole label stays in the bar's tooltip and the table
/// beside the chart).
const LABEL_CHARS: usize = 22;

/// `label` cut to `max` characters, with « … » when it was longer.
fn fit(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_owned()
    } else {
        let cut: String = label.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// The colour of series `i`.
fn colour(i: usize) -> &'static str {
    PALETTE[i % PALETTE.len()]
}

/// One bar segment, placed: where it starts, its width, its row and series.
struct Segment {
    x: f64,
    y: f64,
    width: f64,
    series: usize,
    value: f64,
}

/// Places the bars of `chart` with `scale` SVG units per unit of value,
/// below a legend `legend` high.
fn segments(chart: &BarChart, per_row: f64, scale: f64, legend: f64) -> Vec<(f64, Vec<Segment>)> {
    chart
        .rows
        .iter()
        .enumerate()
        .map(|(r, (_, values))| {
            let top = legend + 4.0 + r as f64 * (per_row + GAP);
            let mut x = LABEL_WIDTH;
            let placed = values
                .iter()
                .enumerate()
                .filter(|(_, v)| **v > 0.0)
                .map(|(s, value)| {
                    let width = value * scale;
                    let segment = match chart.layout {
                        Layout::Stacked => Segment {
                            x,
                            y: top,
                            width,
                            series: s,
                            value: *value,
                        },
                        Layout::Grouped => Segment {
                            x: LABEL_WIDTH,
                            y: top + s as f64 * BAR,
                            width,
                            series: s,
                            value: *value,
                        },
                    };
                    if chart.layout == Layout::Stacked {
                        x += width;
                    }
                    segment
                })
                .collect();
            (top, placed)
        })
        .collect()
}

/// Draws a bar chart; an empty chart says there is nothing to draw.
pub fn bars(chart: &BarChart) -> Markup {
    bars_in(chart, &[])
}

/// Draws a bar chart whose series take `colours` in order (a colour that
/// carries a meaning: green on time, red late); series beyond them take
/// the palette's.
pub fn bars_in(chart: &BarChart, colours: &[String]) -> Markup {
    let fill = |i: usize| {
        colours
            .get(i)
            .cloned()
            .unwrap_or_else(|| colour(i).to_owned())
    };
    let per_row = match chart.layout {
        Layout::Stacked => BAR,
        Layout::Grouped => BAR * chart.series.len().max(1) as f64,
    };
    let total = |values: &[f64]| values.iter().filter(|v| **v > 0.0).sum::<f64>();
    let max = chart
        .rows
        .iter()
        .map(|(_, values)| match chart.layout {
            Layout::Stacked => total(values),
            Layout::Grouped => values.iter().copied().fold(0.0, f64::max),
        })
        .fold(0.0, f64::max);
    let span = WIDTH - LABEL_WIDTH - 60.0;
    let scale = if max > 0.0 { span / max } else { 0.0 };
    let swatches = legend_places(&chart.series);
    let legend_height = swatches.last().map_or(0.0, |(_, y, _)| y + LEGEND - 4.0);
    let height = legend_height + 4.0 + chart.rows.len() as f64 * (per_row + GAP) + GAP;
    let rows = segments(chart, per_row, scale, legend_height);
    html! {
        figure.chart {
            figcaption { (chart.title) }
            @if chart.rows.is_empty() || max <= 0.0 {
                p.hint { "Rien à représenter pour l'instant." }
            } @else {
                svg role="img" viewBox=(format!("0 0 {WIDTH} {height}")) {
                    title { (chart.title) }
                    (legend(&swatches, &fill))
                    @for ((label, values), (top, placed)) in chart.rows.iter().zip(&rows) {
                        text x=(LABEL_WIDTH - 8.0) y=(top + per_row / 2.0 + 4.0) text-anchor="end" font-size="12" { (fit(label, LABEL_CHARS)) title { (label) } }
                        @for seg in placed {
                            @let text = (chart.format)(seg.value);
                            rect x=(seg.x) y=(seg.y) width=(seg.width) height=(BAR - 2.0) fill=(fill(seg.series)) {
                                title { (label) " — " (chart.series.get(seg.series).map_or("", String::as_str)) " : " (text) }
                            }
                            // A value is written on its bar when it fits; a
                            // grouped bar too short has it just after.
                            @if seg.width >= text.chars().count() as f64 * 7.0 + 6.0 {
                                text x=(seg.x + seg.width - 4.0) y=(seg.y + BAR / 2.0 + 2.0) text-anchor="end" font-size="11" fill="#fff" { (text) }
                            } @else if chart.layout == Layout::Grouped {
                                text x=(seg.x + seg.width + 4.0) y=(seg.y + BAR / 2.0 + 2.0) font-size="11" { (text) }
                            }
                        }
                        @if chart.layout == Layout::Stacked {
                            @let end = placed.last().map_or(LABEL_WIDTH, |s| s.x + s.width);
                            text x=(end + 4.0) y=(top + BAR / 2.0 + 2.0) font-size="11" font-weight="600" { ((chart.format)(total(values))) }
                        }
                    }
                }
            }
        }
    }
}

/// Where each series' swatch goes: (x, y, name), from the left of the
/// bars, on as many lines as the names need.
fn legend_places(series: &[String]) -> Vec<(f64, f64, &String)> {
    let (mut x, mut y) = (LABEL_WIDTH, 4.0);
    series
        .iter()
        .map(|name| {
            let width = 30.0 + name.chars().count() as f64 * 6.5;
            if x > LABEL_WIDTH && x + width > WIDTH {
                x = LABEL_WIDTH;
                y += LEGEND;
            }
            let at = (x, y, name);
            x += width;
            at
        })
        .collect()
}

/// The legend: a swatch and a name per series.
fn legend(places: &[(f64, f64, &String)], fill: &dyn Fn(usize) -> String) -> Markup {
    html! {
        @for (i, (x, y, name)) in places.iter().enumerate() {
            rect x=(x) y=(y) width="12" height="12" fill=(fill(i)) {}
            text x=(x + 16.0) y=(y + 10.0) font-size="12" { (name) }
        }
    }
}

/// Draws a heat map of counts; an empty one says there is nothing to draw.
pub fn heat_map(map: &HeatMap) -> Markup {
    const CELL: f64 = 22.0;
    // Column names are written at 60°: their length sets the room above
    // the grid and on its right.
    const CHAR: f64 = 6.0;
    let longest = map
        .columns
        .iter()
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(0) as f64;
    let header = longest * CHAR * 0.87 + 12.0;
    let right = longest * CHAR * 0.5 + 8.0;
    let max = map
        .rows
        .iter()
        .flat_map(|(_, counts)| counts.iter().copied())
        .max()
        .unwrap_or(0);
    let width = LABEL_WIDTH + map.columns.len() as f64 * CELL + right;
    let height = header + map.rows.len() as f64 * CELL + 4.0;
    html! {
        figure.chart {
            figcaption { (map.title) }
            @if map.rows.is_empty() || map.columns.is_empty() {
                p.hint { "Rien à représenter pour l'instant." }
            } @else {
                // Drawn at its natural size (cells stay small), shrunk on narrow screens.
                svg.natural role="img" width=(width) viewBox=(format!("0 0 {width} {height}")) {
                    title { (map.title) }
                    @for (c, name) in map.columns.iter().enumerate() {
                        @let x = LABEL_WIDTH + c as f64 * CELL + CELL / 2.0 + 4.0;
                        text x=(x) y=(header - 6.0) font-size="11" transform=(format!("rotate(-60 {x} {})", header - 6.0)) { (name) }
                    }
                    @for (r, (label, counts)) in map.rows.iter().enumerate() {
                        @let y = header + r as f64 * CELL;
                        text x=(LABEL_WIDTH - 8.0) y=(y + CELL / 2.0 + 4.0) text-anchor="end" font-size="11" { (fit(label, LABEL_CHARS)) title { (label) } }
                        @for (c, count) in counts.iter().enumerate() {
                            @let x = LABEL_WIDTH + c as f64 * CELL;
                            @let shade = if max == 0 { 0.0 } else { f64::from(*count) / f64::from(max) };
                            rect x=(x) y=(y) width=(CELL - 2.0) height=(CELL - 2.0) fill=(heat(shade)) stroke="#cfd3d8" {
                                title { (label) " — " (map.columns.get(c).map_or("", String::as_str)) " : " (count) }
                            }
                            // Zero is what a reader looks for (a gap): it is marked, not just pale.
                            text x=(x + CELL / 2.0 - 1.0) y=(y + CELL / 2.0 + 3.0) text-anchor="middle" font-size="10" fill=(if shade > 0.55 { "#fff" } else { "#1b1b1b" }) {
                                @if *count == 0 { "·" } @else { (count) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// White to dark blue, by share of the maximum.
fn heat(share: f64) -> String {
    let share = share.clamp(0.0, 1.0);
    let channel = |from: f64, to: f64| (from + (to - from) * share).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        channel(255.0, 0.0),
        channel(255.0, 70.0),
        channel(255.0, 140.0)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(v: f64) -> String {
        format!("{v}")
    }

    fn chart(layout: Layout) -> BarChart {
        BarChart {
            title: "Actions par axe".to_owned(),
            series: vec!["En cours".to_owned(), "Réalisée".to_owned()],
            rows: vec![
                ("Axe 1".to_owned(), vec![3.0, 2.0]),
                ("Axe 2 <b>".to_owned(), vec![0.0, 4.0]),
            ],
            layout,
            format: count,
        }
    }

    #[test]
    fn every_value_and_label_is_written_as_text() {
        for layout in [Layout::Stacked, Layout::Grouped] {
            let svg = bars(&chart(layout)).into_string();
            assert!(svg.contains("<figcaption>Actions par axe</figcaption>"));
            assert!(svg.contains("<title>Actions par axe</title>"));
            assert!(svg.contains("En cours : 3"), "{svg}");
            assert!(svg.contains("Réalisée : 4"));
            // Labels are escaped like any text.
            assert!(svg.contains("Axe 2 &lt;b&gt;"));
            // A zero value draws no bar.
            assert_eq!(svg.matches("<rect").count(), 2 + 3, "{svg}");
        }
        let stacked = bars(&chart(Layout::Stacked)).into_string();
        assert!(stacked.contains(">5</text>"), "the row total is written");
    }

    #[test]
    fn long_labels_are_cut_and_kept_whole_in_the_tooltip() {
        let mut c = chart(Layout::Stacked);
        c.rows[0].0 = "Axe 3 — Favoriser un cadre de vie solidaire".to_owned();
        let svg = bars(&c).into_string();
        assert!(svg.contains(">Axe 3 — Favoriser un…<"), "{svg}");
        assert!(svg.contains("<title>Axe 3 — Favoriser un cadre de vie solidaire</title>"));
    }

    #[test]
    fn a_long_legend_wraps_inside_the_drawing() {
        let series: Vec<String> = (0..7)
            .map(|i| format!("Série numéro {i} assez longue"))
            .collect();
        let places = legend_places(&series);
        assert!(
            places
                .iter()
                .all(|(x, _, name)| x + 30.0 + name.chars().count() as f64 * 6.5 <= WIDTH)
        );
        assert!(
            places.last().is_some_and(|(_, y, _)| *y > 4.0),
            "on several lines"
        );
    }

    #[test]
    fn an_empty_chart_says_so() {
        let mut empty = chart(Layout::Stacked);
        empty.rows.clear();
        assert!(
            bars(&empty)
                .into_string()
                .contains("Rien à représenter pour l'instant.")
        );
    }

    #[test]
    fn rates_below_zero_and_missing_ones_are_written() {
        let chart = RateChart {
            title: "Taux d'atteinte médian".to_owned(),
            series: vec!["2023".to_owned(), "2024".to_owned()],
            rows: vec![("Axe 1".to_owned(), vec![Some(-0.75), None])],
        };
        let svg = rates(&chart).into_string();
        assert!(svg.contains("Axe 1 — 2023 : −75 %"), "{svg}");
        assert!(svg.contains("2024 : aucun résultat mesurable"));
        assert!(svg.contains("cible (100 %)"));
        assert_eq!(percent(0.5), "50 %");
        let empty = RateChart {
            rows: vec![("Axe 1".to_owned(), vec![None, None])],
            ..chart
        };
        assert!(rates(&empty).into_string().contains("Rien à représenter"));
    }

    #[test]
    fn heat_map_marks_zero_and_scales_to_the_maximum() {
        let map = HeatMap {
            title: "Couverture".to_owned(),
            columns: vec!["Lavaur".to_owned(), "Teulat".to_owned()],
            rows: vec![("1.1.1".to_owned(), vec![4, 0])],
        };
        let svg = heat_map(&map).into_string();
        assert!(svg.contains("1.1.1 — Teulat : 0"));
        assert!(svg.contains(">·</text>"));
        assert!(svg.contains(&heat(1.0)));
        assert_eq!(heat(0.0), "#ffffff");
        assert_eq!(heat(1.0), "#00468c");
    }
}
