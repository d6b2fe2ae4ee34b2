//! The frame every page shares: one stylesheet, the page frame, and the
//! small fragments both pages show (badges, findings).
//!
//! Pages are opened with a double-click on office PCs and phones, often
//! offline: everything they need is inline, nothing is fetched, and nothing
//! depends on JavaScript. Text goes through maud, which escapes it: partners
//! type what they like in their workbooks, `<script>` included.

use chrono::NaiveDateTime;
use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::consolidate::{PartnerState, Received};
use crate::finding::{Finding, Severity};
use crate::model::tracking::Tracking;
use crate::workbook::ReadError;

/// The stylesheet of every page. Meaning is always carried by a word or a
/// symbol as well as a colour (colour-blind readers, black-and-white prints).
pub const CSS: &str = r#"
:root{color-scheme:light;--ink:#1b1b1b;--muted:#4f4f4f;--line:#cfd3d8;--soft:#f3f4f6;--ok:#1c6631;--ok-bg:#e2f2e5;--warn:#6f4400;--warn-bg:#fff0d1;--bad:#9c1717;--bad-bg:#fde3e3;--info:#1d4a85;--info-bg:#e5edf9}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#fff;color:var(--ink);font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:1rem;line-height:1.5}
main{max-width:72rem;margin:0 auto;padding:1rem 1.25rem 3rem}
h1{font-size:1.6rem;line-height:1.25;margin:.75rem 0 .25rem}
h2{font-size:1.3rem;line-height:1.3;margin:2rem 0 .75rem;padding-bottom:.25rem;border-bottom:2px solid var(--line)}
h3{font-size:1.1rem;margin:1.25rem 0 .5rem}
p,li{max-width:48rem}
.meta,.hint{color:var(--muted)}
.typed{white-space:pre-line}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(10.5rem,1fr));gap:.75rem;margin:1rem 0;padding:0;list-style:none}
.cards li{border:1px solid var(--line);border-radius:.5rem;padding:.6rem .8rem;background:var(--soft)}
.cards strong{display:block;font-size:1.6rem;line-height:1.2}
.table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:.5rem 0 1rem;border:1px solid var(--line);border-radius:.5rem}
table{border-collapse:collapse;width:100%;font-size:.95rem}
caption{text-align:left;padding:.5rem .6rem;font-weight:600}
th,td{padding:.45rem .6rem;text-align:left;vertical-align:top;border-top:1px solid var(--line)}
thead th{background:var(--soft);border-top:none;white-space:nowrap}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.attention>*:first-child{border-left:.3rem solid var(--bad)}
.badge{display:inline-block;padding:0 .5rem;border:1px solid currentColor;border-radius:1rem;font-weight:600;white-space:nowrap}
.ok{color:var(--ok);background:var(--ok-bg)}
.warn{color:var(--warn);background:var(--warn-bg)}
.bad{color:var(--bad);background:var(--bad-bg)}
.neutral{color:var(--muted);background:var(--soft)}
.notice{margin:1rem 0;padding:.75rem 1rem;border:1px solid currentColor;border-left-width:.4rem;border-radius:.35rem}
.notice p{color:var(--ink);margin:.25rem 0}
.notice.info{color:var(--info);background:var(--info-bg)}
.cell{font-family:ui-monospace,"Cascadia Mono",Consolas,"Liberation Mono",monospace;font-weight:600;white-space:nowrap}
ol.findings{padding-left:1.5rem}
ol.findings li{margin:.75rem 0}
ol.findings p{margin:.15rem 0}
details{border:1px solid var(--line);border-radius:.5rem;margin:.5rem 0;padding:0 .75rem}
details[open]{padding-bottom:.5rem}
summary{cursor:pointer;padding:.6rem 0;font-weight:600}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:.5rem 0}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0;overflow-wrap:anywhere}
figure.chart{margin:1rem 0;max-width:48rem}
figure.chart figcaption{font-weight:600;margin-bottom:.25rem}
figure.chart svg{width:100%;height:auto;font-family:inherit}
figure.chart svg.natural{width:auto;max-width:100%}
@media (max-width:40rem){
main{padding:.75rem .75rem 2rem}
h1{font-size:1.35rem}
h2{font-size:1.15rem}
th,td{padding:.35rem .45rem}
dl.facts{grid-template-columns:1fr}
dl.facts dd{margin-bottom:.4rem}
}
@media print{
body{font-size:10.5pt}
main{max-width:none;padding:0}
.table-wrap{overflow:visible;border:none}
details{border:none;padding:0}
details::details-content{content-visibility:visible;display:contents}
tr,li{break-inside:avoid}
h2,h3,summary{break-after:avoid}
}
"#;

/// A complete, self-contained HTML5 document around `body`.
pub fn page(title: &str, body: Markup) -> String {
    let document = html! {
        (DOCTYPE)
        html lang="fr" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                // A constant of this file, not text from a partner.
                style { (PreEscaped(CSS)) }
            }
            body { main { (body) } }
        }
    };
    // Ends with a newline like any text file; a page cut short does not.
    document.into_string() + "\n"
}

/// A date and time the French way: `24/01/2023 à 14:30`.
pub fn datetime(t: NaiveDateTime) -> String {
    t.format("%d/%m/%Y à %H:%M").to_string()
}

/// A coloured label that also says its meaning in words, with a symbol.
fn badge(class: &str, symbol: &str, text: &str) -> Markup {
    html! { span class={ "badge " (class) } { (symbol) " " (text) } }
}

/// The state of a partner as a badge.
pub fn state_badge(state: PartnerState) -> Markup {
    let (class, symbol) = match state {
        PartnerState::UpToDate => ("ok", "✔"),
        PartnerState::WithErrors | PartnerState::Unreadable => ("bad", "✖"),
        PartnerState::PreviousVersion(_) | PartnerState::Withdrawn => ("warn", "⚠"),
        PartnerState::NeverSubmitted => ("neutral", "○"),
    };
    badge(class, symbol, &state.label())
}

/// The « Suivi » of an action as a badge.
pub fn tracking_badge(t: Tracking) -> Markup {
    let (class, symbol) = match t {
        Tracking::OnTime => ("ok", "✔"),
        Tracking::AtRisk => ("warn", "⚠"),
        Tracking::LateStart | Tracking::PastDeadline | Tracking::PastPostponement => ("bad", "✖"),
        Tracking::Closed => ("neutral", "●"),
        Tracking::NotAssessed => ("neutral", "?"),
    };
    badge(class, symbol, t.label())
}

/// The severity of a finding as a badge.
pub fn severity_badge(severity: Severity) -> Markup {
    match severity {
        Severity::Error => badge("bad", "✖", "Erreur"),
        Severity::Warning => badge("warn", "⚠", "Avertissement"),
        Severity::Info => badge("info", "ℹ", "Information"),
    }
}

/// What a received file is: its workbook format, or, for a file that is no
/// workbook, what it is instead (« pas un classeur, mais un document PDF
/// (son nom se termine pourtant par « .xlsx ») »).
pub fn file_format(r: &Received) -> String {
    match (&r.submission.format, &r.submission.unread) {
        (Some(f), _) => f.label().to_owned(),
        (None, Some(ReadError::NotAWorkbook(what))) => format!(
            "pas un classeur, mais {what} (son nom se termine pourtant par « .{} »)",
            r.extension
        ),
        (None, _) => "classeur illisible : voir « À corriger »".to_owned(),
    }
}

/// Where a finding is, as the partner looks for it: `Actions!C12`, or the
/// whole file.
pub fn place(f: &Finding) -> Markup {
    html! {
        @match &f.location {
            Some(l) => span.cell { (l.in_words()) },
            None => "fichier entier",
        }
    }
}

/// What is wrong and how to fix it, with the suggested correction if any.
pub fn finding_text(f: &Finding) -> Markup {
    html! {
        (f.message)
        @if let Some(s) = &f.suggestion {
            br;
            span.hint { "→ Suggestion : " (s) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_french_and_self_contained() {
        let html = page("Titre <b>", html! { p { "Corps" } });
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<html lang=\"fr\">"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
        assert!(html.contains("<title>Titre &lt;b&gt;</title>"));
        assert!(html.contains("<main><p>Corps</p></main>"));
        assert!(html.ends_with("</html>\n"));
        assert!(!html.contains("http"));
        assert!(!html.contains("<script"));
        assert!(!html.contains("url("));
    }

    #[test]
    fn badges_say_their_meaning_in_words() {
        assert_eq!(
            severity_badge(Severity::Warning).into_string(),
            "<span class=\"badge warn\">⚠ Avertissement</span>"
        );
    }
}
