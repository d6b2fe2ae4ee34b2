//! Reading typed values out of cells the way French partners write them:
//! dates as serials or `15/03/2024`, amounts as `1 200,50 €`, percentages as
//! `80`, `0,8` or `80 %`.

use chrono::{Datelike, NaiveDate};

use crate::workbook::CellValue;

/// The text of a cell, as the user sees it, trimmed.
pub fn text(value: &CellValue) -> String {
    value.to_string().trim().to_owned()
}

/// Converts an Excel serial day number (1900 system) to a date.
pub fn from_serial(serial: f64) -> Option<NaiveDate> {
    // Serials below 61 fall before Excel's fictitious 29/02/1900; no CTG
    // date lives there, and 1 to 2958465 is Excel's own range.
    if !(61.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    base.checked_add_days(chrono::Days::new(serial.floor() as u64))
}

const MONTHS: [&str; 12] = [
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
];

/// Reads a date from a date cell, a serial number or a text such as
/// `15/03/2024`, `15/03/24`, `2024-03-15`, `15.03.2024` or `15 mars 2024`.
pub fn date(value: &CellValue) -> Option<NaiveDate> {
    match value {
        CellValue::DateTime(d) => plausible(d.date()),
        // A year alone (« 2024 ») is not the serial day 2024 (1905).
        CellValue::Number(n) if n.fract() == 0.0 && (1990.0..=2100.0).contains(n) => None,
        CellValue::Number(n) => from_serial(*n).and_then(plausible),
        CellValue::Text(s) => date_text(s),
        CellValue::Bool(_) | CellValue::Error(_) => None,
    }
}

fn date_text(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    // Drop a time part: « 15/03/2024 00:00:00 », « 2024-03-15T00:00:00 ».
    let day_part = s.split(['T', ' ']).next().unwrap_or(s);
    // Four-digit years first: « 15/03/24 » also parses with %Y, as year 24,
    // which `plausible` turns down so that %y gets its turn.
    const FORMATS: [&str; 8] = [
        "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d", "%d/%m/%y", "%d-%m-%y",
        "%d.%m.%y",
    ];
    if let Some(d) = FORMATS.iter().find_map(|f| {
        NaiveDate::parse_from_str(day_part, f)
            .ok()
            .and_then(plausible)
    }) {
        return Some(d);
    }
    // « 15 mars 2024 », « 1er avril 2025 »
    let folded = crate::text::fold(s);
    let words: Vec<&str> = folded.split(' ').collect();
    if let [day, month, year] = words.as_slice() {
        let day: u32 = day.trim_end_matches("er").parse().ok()?;
        let month = MONTHS.iter().position(|m| m == month)? as u32 + 1;
        let year: i32 = year.parse().ok()?;
        return NaiveDate::from_ymd_opt(year, month, day).and_then(plausible);
    }
    None
}

/// A date given only as a month or a year, which a row's start or end date
/// can stand for (« mars 2024 », « 03/2024 », « 2024 »).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// A month of a year (year, month 1–12).
    Month(i32, u32),
    /// A whole year.
    Year(i32),
}

impl Period {
    /// Its first day.
    pub fn first_day(self) -> Option<NaiveDate> {
        match self {
            Period::Month(y, m) => NaiveDate::from_ymd_opt(y, m, 1),
            Period::Year(y) => NaiveDate::from_ymd_opt(y, 1, 1),
        }
    }

    /// Its last day.
    pub fn last_day(self) -> Option<NaiveDate> {
        match self {
            Period::Month(y, 12) | Period::Year(y) => NaiveDate::from_ymd_opt(y, 12, 31),
            Period::Month(y, m) => NaiveDate::from_ymd_opt(y, m + 1, 1)?.pred_opt(),
        }
    }

    /// « du mois » or « de l'année », after « premier jour ».
    pub fn unit(self) -> &'static str {
        match self {
            Period::Month(..) => "du mois",
            Period::Year(_) => "de l'année",
        }
    }
}

/// Abbreviated month names partners use, folded.
const MONTH_ABBREVIATIONS: [(&str, u32); 11] = [
    ("janv", 1),
    ("jan", 1),
    ("fevr", 2),
    ("fev", 2),
    ("avr", 4),
    ("juil", 7),
    ("sept", 9),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

/// The month named by a folded word (full name or abbreviation).
fn month_named(word: &str) -> Option<u32> {
    MONTHS
        .iter()
        .position(|m| *m == word)
        .map(|i| i as u32 + 1)
        .or_else(|| {
            MONTH_ABBREVIATIONS
                .iter()
                .find(|(n, _)| *n == word)
                .map(|(_, m)| *m)
        })
}

/// A year as partners type it: four digits, or two after a month name.
fn year_of(text: &str, two_digits: bool) -> Option<i32> {
    let y: i32 = text.parse().ok()?;
    let y = match text.len() {
        4 => y,
        2 if two_digits => 2000 + y,
        _ => return None,
    };
    (1990..=2100).contains(&y).then_some(y)
}

/// Reads a month or a year standing for a date: `mars 2024`, `sept. 2025`,
/// `mars-24`, `03/2024`, `2024-03`, or a year alone (`2024`, typed or as a
/// number). `None` for a full date (see [`date`]) or anything else.
pub fn period(value: &CellValue) -> Option<Period> {
    let text = match value {
        // A year typed in a cell Excel keeps as a number.
        CellValue::Number(n) if n.fract() == 0.0 => {
            return year_of(&n.to_string(), false).map(Period::Year);
        }
        CellValue::Text(s) => s,
        _ => return None,
    };
    let words: Vec<String> = crate::text::fold(text)
        .split(' ')
        .map(str::to_owned)
        .collect();
    match words.as_slice() {
        [year] => year_of(year, false).map(Period::Year),
        [month, year] => {
            if let (Some(m), Some(y)) = (month_named(month), year_of(year, true)) {
                return Some(Period::Month(y, m));
            }
            // « 03/2024 », « 2024-03 ».
            let (m, y) = match (year_of(month, false), year_of(year, false)) {
                (None, Some(y)) => (month.parse::<u32>().ok()?, y),
                (Some(y), None) if year.len() == 2 => (year.parse::<u32>().ok()?, y),
                _ => return None,
            };
            (1..=12).contains(&m).then_some(Period::Month(y, m))
        }
        _ => None,
    }
}

/// Years outside this range are typing mistakes (`15/03/0224`), not dates.
fn plausible(d: NaiveDate) -> Option<NaiveDate> {
    (1990..=2100).contains(&d.year()).then_some(d)
}

/// Reads a number written the French way or the English way:
/// `1 200,50 €`, `1.200,50`, `1,200.50`, `1200.5`, `-15`, `12 k€`.
pub fn number(value: &CellValue) -> Option<f64> {
    match value {
        CellValue::Number(n) => n.is_finite().then_some(*n),
        CellValue::Text(s) => number_text(s),
        _ => None,
    }
}

fn number_text(s: &str) -> Option<f64> {
    let lower = s.trim().to_lowercase();
    let mut t = lower.as_str();
    let mut factor = 1.0;
    for suffix in ["euros", "euro", "eur", "€", "%"] {
        t = t.trim_end().trim_end_matches(suffix).trim_end();
    }
    if let Some(rest) = t.strip_suffix('k') {
        t = rest.trim_end();
        factor = 1000.0;
    }
    t = t.trim_start_matches('€').trim_start();
    let compact: String = t
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\'' && *c != '\u{2019}')
        .collect();
    if compact.is_empty() {
        return None;
    }
    let (commas, dots) = (compact.matches(',').count(), compact.matches('.').count());
    let normalised = match (commas, dots) {
        (0, 0) => compact,
        // 1,5 or 1200,50 : decimal comma.
        (1, 0) => compact.replace(',', "."),
        // 1.200.000 : dots as thousands separators.
        (0, d) if d > 1 => compact.replace('.', ""),
        (0, 1) => {
            // 1.200 is ambiguous: a French thousands separator when exactly
            // three digits follow, a decimal point otherwise.
            match compact.split_once('.') {
                Some((_, frac)) if frac.len() == 3 && factor == 1.0 => compact.replace('.', ""),
                _ => compact,
            }
        }
        // 1.200,50 (French) or 1,200.50 (English): the last one is decimal.
        _ => {
            let last_comma = compact.rfind(',');
            let last_dot = compact.rfind('.');
            if last_comma > last_dot {
                compact.replace('.', "").replace(',', ".")
            } else {
                compact.replace(',', "")
            }
        }
    };
    let n: f64 = normalised.parse().ok()?;
    n.is_finite().then_some(n * factor)
}

/// Reads a percentage on a 0–100 scale: `80`, `80 %`, or a fraction such as
/// `0,8` (how Excel stores a cell formatted as a percentage).
pub fn percent(value: &CellValue) -> Option<f64> {
    let n = number(value)?;
    let explicit_percent = matches!(value, CellValue::Text(s) if s.contains('%'));
    if !explicit_percent && n > 0.0 && n <= 1.0 {
        Some(n * 100.0)
    } else {
        Some(n)
    }
}

/// True for a formula error (`#REF!`, `#DIV/0!`…), whether the file stores
/// it as an error or as the text a formula left behind.
pub fn is_error(value: &CellValue) -> bool {
    match value {
        CellValue::Error(_) => true,
        CellValue::Text(t) => matches!(
            t.trim(),
            "#REF!"
                | "#DIV/0!"
                | "#N/A"
                | "#VALUE!"
                | "#NAME?"
                | "#NUM!"
                | "#NULL!"
                | "#VALEUR!"
                | "#NOM?"
                | "#NOMBRE!"
                | "#NUL!"
                | "Err:502"
                | "Err:504"
                | "Err:522"
        ),
        _ => false,
    }
}

/// True for cells meaning « nothing » in an amount column (`-`, `néant`).
pub fn is_nil(value: &CellValue) -> bool {
    matches!(value, CellValue::Text(s) if matches!(crate::text::fold(s).as_str(), "" | "neant" | "aucun" | "nc" | "na" | "sans objet") || s.trim().chars().all(|c| matches!(c, '-' | '—' | '–' | '/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> CellValue {
        CellValue::Text(s.to_owned())
    }

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn dates_in_every_shape() {
        assert_eq!(date(&t("15/03/2024")), d(2024, 3, 15));
        assert_eq!(date(&t("15/03/24")), d(2024, 3, 15));
        assert_eq!(date(&t("2024-03-15")), d(2024, 3, 15));
        assert_eq!(date(&t("2024-03-15T00:00:00")), d(2024, 3, 15));
        assert_eq!(date(&t("15.03.2024")), d(2024, 3, 15));
        assert_eq!(date(&t(" 1er avril 2025 ")), d(2025, 4, 1));
        assert_eq!(date(&t("15 Mars 2024")), d(2024, 3, 15));
        assert_eq!(date(&CellValue::Number(45366.0)), d(2024, 3, 15));
        assert_eq!(date(&t("bientôt")), None);
        assert_eq!(date(&t("31/02/2024")), None);
        assert_eq!(date(&t("15/03/0224")), None);
        assert_eq!(date(&CellValue::Number(12.0)), None);
        assert_eq!(
            date(&CellValue::Number(2024.0)),
            None,
            "a year is not a serial"
        );
    }

    #[test]
    fn months_and_years_standing_for_a_date() {
        let month = |y, m| Some(Period::Month(y, m));
        assert_eq!(period(&t("mars 2024")), month(2024, 3));
        assert_eq!(period(&t(" Mars 2024 ")), month(2024, 3));
        assert_eq!(period(&t("sept. 2025")), month(2025, 9));
        assert_eq!(period(&t("Février 2024")), month(2024, 2));
        assert_eq!(period(&t("déc.-23")), month(2023, 12));
        assert_eq!(period(&t("03/2024")), month(2024, 3));
        assert_eq!(period(&t("3/2024")), month(2024, 3));
        assert_eq!(period(&t("2024-03")), month(2024, 3));
        assert_eq!(period(&t("2024")), Some(Period::Year(2024)));
        assert_eq!(period(&CellValue::Number(2024.0)), Some(Period::Year(2024)));
        // Not a month or a year: left to the error of an unreadable date.
        assert_eq!(period(&t("13/2024")), None);
        assert_eq!(period(&t("mars")), None);
        assert_eq!(period(&t("15/03/2024")), None);
        assert_eq!(period(&t("0224")), None);
        assert_eq!(period(&CellValue::Number(45366.0)), None);
        assert_eq!(period(&t("bientôt 2024")), None);
        // First and last days, February of a leap year included.
        let feb = Period::Month(2024, 2);
        assert_eq!(feb.first_day(), d(2024, 2, 1));
        assert_eq!(feb.last_day(), d(2024, 2, 29));
        assert_eq!(Period::Month(2024, 12).last_day(), d(2024, 12, 31));
        assert_eq!(Period::Year(2025).last_day(), d(2025, 12, 31));
    }

    #[test]
    fn amounts_french_and_english() {
        let cases = [
            ("1 200,50 €", 1200.5),
            ("1\u{a0}200,50\u{a0}€", 1200.5),
            ("1\u{202f}200 €", 1200.0),
            ("1.200,50", 1200.5),
            ("1,200.50", 1200.5),
            ("1200.5", 1200.5),
            ("1.200", 1200.0),
            ("1.200.000", 1_200_000.0),
            ("12 k€", 12000.0),
            ("2,5 k€", 2500.0),
            ("€ 300", 300.0),
            ("300 euros", 300.0),
            ("-15", -15.0),
        ];
        for (input, expected) in cases {
            assert_eq!(number(&t(input)), Some(expected), "{input}");
        }
        assert_eq!(number(&t("beaucoup")), None);
        assert_eq!(number(&t("12 000 à 15 000")), None);
    }

    #[test]
    fn percentages() {
        assert_eq!(percent(&CellValue::Number(80.0)), Some(80.0));
        assert_eq!(percent(&CellValue::Number(0.8)), Some(80.0));
        assert_eq!(percent(&CellValue::Number(1.0)), Some(100.0));
        assert_eq!(percent(&CellValue::Number(0.0)), Some(0.0));
        assert_eq!(percent(&t("80 %")), Some(80.0));
        assert_eq!(percent(&t("0,8")), Some(80.0));
        assert_eq!(percent(&t("0,5 %")), Some(0.5));
        assert_eq!(percent(&t("150")), Some(150.0));
    }

    #[test]
    fn nil_markers() {
        assert!(is_nil(&t("-")));
        assert!(is_nil(&t("Néant")));
        assert!(!is_nil(&t("0")));
    }
}
