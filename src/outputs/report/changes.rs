//! The change report for people (a French narrative, then the details, as
//! Markdown or terminal text) and for programs (JSON).

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;

use crate::changes::{
    ActionChange, ChangeKind, ChangeReport, DecisionChange, FieldChange, IndicatorChange,
    PartnerChanges, PartnerEvent, Segment,
};
use crate::referentiel::{Referentiel, StatusKind};
use crate::text::count;

/// True when an action change closes the action (its status becomes the
/// « done » status).
fn closes(a: &ActionChange, r: &Referentiel) -> bool {
    let done = r.status_label(StatusKind::Done);
    a.fields.iter().any(|f| f.key == "statut" && f.new == done)
}

/// « à l'axe 2 », or « (axe 1 : 2, axe 3 : 1) » when spread over several axes.
fn axes_of<'a>(changes: impl Iterator<Item = &'a ActionChange>) -> String {
    let mut by_axis: BTreeMap<&str, usize> = BTreeMap::new();
    for c in changes {
        *by_axis.entry(c.axis.as_str()).or_default() += 1;
    }
    match by_axis.len() {
        0 => String::new(),
        1 => by_axis
            .keys()
            .next()
            .map(|a| format!(" à l'axe {a}"))
            .unwrap_or_default(),
        _ => format!(
            " ({})",
            by_axis
                .iter()
                .map(|(a, n)| format!("axe {a} : {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// What happened to a partner as a whole, in words.
pub fn event_text(e: PartnerEvent) -> &'static str {
    match e {
        PartnerEvent::FirstDeposit => "premier dépôt",
        PartnerEvent::FileWithdrawn => "fichier retiré du dossier partagé",
        PartnerEvent::BecameUnreadable => {
            "fichier devenu illisible, la dernière version lisible reste utilisée"
        }
        PartnerEvent::ReadableAgain => "fichier de nouveau lisible",
    }
}

/// One sentence on what a partner changed, in the words of a COPIL:
/// « MJC de Lavaur (MJCL) a ajouté 2 actions à l'axe 2, en a clôturé 3 et en
/// a modifié 1 autre ; 1 statut en recul (…). »
pub fn partner_sentence(p: &PartnerChanges, r: &Referentiel) -> String {
    let of = |k: ChangeKind| p.actions.iter().filter(move |a| a.kind == k);
    let closed = p.actions.iter().filter(|a| closes(a, r)).count();
    let modified = p
        .actions
        .iter()
        .filter(|a| a.kind == ChangeKind::Modified && !closes(a, r))
        .count();
    // (verb, how many, what follows the number).
    let verbs: Vec<(&str, usize, String)> = [
        (
            "ajouté",
            p.count(ChangeKind::Added),
            axes_of(of(ChangeKind::Added)),
        ),
        ("clôturé", closed, String::new()),
        ("supprimé", p.count(ChangeKind::Removed), String::new()),
        ("renuméroté", p.count(ChangeKind::Renumbered), String::new()),
        ("modifié", modified, String::new()),
    ]
    .into_iter()
    .filter(|(_, n, _)| *n > 0)
    .collect();
    let mut clauses: Vec<String> = Vec::new();
    for (i, (verb, n, after)) in verbs.iter().enumerate() {
        let other = *verb == "modifié" && closed > 0;
        clauses.push(if i == 0 {
            let noun = if other {
                count(*n, "autre action", "autres actions")
            } else {
                count(*n, "action", "actions")
            };
            format!("a {verb} {noun}{after}")
        } else if other {
            format!("en a {verb} {}", count(*n, "autre", "autres"))
        } else {
            format!("en a {verb} {n}{after}")
        });
    }
    // Indicators of actions added or removed come and go with them.
    let whole: std::collections::BTreeSet<&str> = p
        .actions
        .iter()
        .filter(|a| matches!(a.kind, ChangeKind::Added | ChangeKind::Removed))
        .map(|a| a.number.as_str())
        .collect();
    let indicators: std::collections::BTreeSet<&str> = p
        .indicators
        .iter()
        .map(|i| i.action.as_str())
        .filter(|a| !whole.contains(a))
        .collect();
    if !indicators.is_empty() {
        clauses.push(format!(
            "a mis à jour les indicateurs de {}",
            count(indicators.len(), "action", "actions")
        ));
    }
    let mut sentence = match clauses.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} et {last}", init.join(", ")),
    };
    let backwards: Vec<String> = p
        .actions
        .iter()
        .flat_map(|a| {
            a.fields
                .iter()
                .filter(|f| f.note.as_deref() == Some("statut en recul"))
                .map(move |f| format!("{} : {} → {}", a.number, f.old, f.new))
        })
        .collect();
    if !backwards.is_empty() {
        sentence.push_str(&format!(
            " ; {} ({})",
            count(backwards.len(), "statut en recul", "statuts en recul"),
            backwards.join(", ")
        ));
    }
    let event = p
        .event
        .map(|e| format!(" — {} —", event_text(e)))
        .unwrap_or_default();
    if sentence.is_empty() {
        format!(
            "{} ({}){}.",
            p.name,
            p.code,
            event.trim_end_matches(" —").replacen(" — ", " : ", 1)
        )
    } else {
        format!("{} ({}){event} {sentence}.", p.name, p.code)
    }
}

fn when(label: &str, at: Option<chrono::NaiveDateTime>) -> String {
    match at {
        Some(t) if !label.contains(&t.format("%d/%m/%Y").to_string()) => {
            format!("{label} ({})", t.format("%d/%m/%Y à %H:%M"))
        }
        _ => label.to_owned(),
    }
}

/// The opening narrative: one line saying between what, then one sentence
/// per partner.
pub fn narrative(report: &ChangeReport, r: &Referentiel) -> Vec<String> {
    let span = format!(
        "entre {} et {}",
        when(&report.since, report.since_at),
        when(&report.until, report.until_at)
    );
    if report.is_empty() {
        return vec![format!("Aucune modification {span}.")];
    }
    let n = report.partners.len();
    let mut lines = vec![if n == 0 {
        format!(
            "Aucun partenaire n'a modifié son plan d'actions {span} ; le comité a rendu des avis."
        )
    } else {
        format!(
            "{} {span}.",
            count(
                n,
                "partenaire a modifié son plan d'actions",
                "partenaires ont modifié leur plan d'actions"
            )
        )
    }];
    lines.extend(report.partners.iter().map(|p| partner_sentence(p, r)));
    if !report.decisions.is_empty() {
        lines.push(decisions_sentence(&report.decisions));
    }
    lines
}

/// « Avis du comité : 2 avis rendus, 1 avis changé (COPIL du 04/07/2024). »
fn decisions_sentence(decisions: &[DecisionChange]) -> String {
    let changed = decisions.iter().filter(|d| d.old.is_some()).count();
    let given = decisions.len() - changed;
    let mut parts = Vec::new();
    if given > 0 {
        parts.push(count(given, "avis rendu", "avis rendus"));
    }
    if changed > 0 {
        parts.push(count(changed, "avis changé", "avis changés"));
    }
    let mut meetings: Vec<String> = decisions
        .iter()
        .map(|d| format!("{} du {}", d.instance, d.date.format("%d/%m/%Y")))
        .collect();
    meetings.sort();
    meetings.dedup();
    format!(
        "Avis du comité : {} ({}).",
        parts.join(", "),
        meetings.join(", ")
    )
}

/// How an avis reads: « avis changé : À retravailler → Validée (COPIL du
/// 04/07/2024) — « commentaire » ».
pub fn decision_line(d: &DecisionChange) -> String {
    let what = match &d.old {
        Some(old) => format!("avis changé : {old} → {}", d.new),
        None => format!("avis rendu : {}", d.new),
    };
    let comment = if d.comment.is_empty() {
        String::new()
    } else {
        format!(" — « {} »", d.comment)
    };
    format!(
        "{what} ({} du {}){comment}",
        d.instance,
        d.date.format("%d/%m/%Y")
    )
}

/// Escapes what partners wrote so that Markdown shows it as typed.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '~' | '`' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        if c == '\n' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// How a field change reads: « Statut : En cours → Réalisée (+…) »; long
/// texts as a word diff, marked for Markdown or for the terminal.
pub fn field_line(f: &FieldChange, markdown: bool) -> String {
    let esc = |s: &str| if markdown { md(s) } else { s.to_owned() };
    let shown = |s: &str| {
        if s.is_empty() {
            "(vide)".to_owned()
        } else {
            esc(s)
        }
    };
    // Spaces stay outside the marks: « ~~ mot ~~ » would not be struck.
    let mark = |t: &str, open: &str, close: &str| {
        let core = t.trim();
        let (lead, trail) = (
            &t[..t.len() - t.trim_start().len()],
            &t[t.trim_end().len()..],
        );
        format!("{lead}{open}{}{close}{trail}", esc(core))
    };
    let body = match &f.words {
        Some(segments) => segments
            .iter()
            .map(|s| match (s, markdown) {
                (Segment::Same(t), _) => esc(t),
                (Segment::Removed(t), true) => mark(t, "~~", "~~"),
                (Segment::Added(t), true) => mark(t, "**", "**"),
                (Segment::Removed(t), false) => mark(t, "[-", "-]"),
                (Segment::Added(t), false) => mark(t, "{+", "+}"),
            })
            .collect::<String>(),
        None => format!("{} → {}", shown(&f.old), shown(&f.new)),
    };
    match &f.note {
        Some(note) => format!("{} : {body} ({note})", f.field),
        None => format!("{} : {body}", f.field),
    }
}

fn action_title(a: &ActionChange, markdown: bool) -> String {
    let number = if markdown {
        format!("**{}**", md(&a.number))
    } else {
        a.number.clone()
    };
    let title = if markdown {
        md(&a.title)
    } else {
        a.title.clone()
    };
    match (&a.old_number, a.resemblance) {
        (Some(old), Some(score)) => format!(
            "{number} (anciennement {old}, retrouvée par ressemblance à {:.0} %) — {title} (axe {})",
            score * 100.0,
            a.axis
        ),
        _ => format!("{number} — {title} (axe {})", a.axis),
    }
}

fn indicator_title(i: &IndicatorChange, markdown: bool) -> String {
    if markdown {
        format!("{} « {} »", md(&i.action), md(&i.indicator))
    } else {
        format!("{} « {} »", i.action, i.indicator)
    }
}

fn details(out: &mut String, report: &ChangeReport, markdown: bool) {
    let (h2, h3, bullet, sub) = if markdown {
        ("## ", "### ", "- ", "  - ")
    } else {
        ("", "  ", "    ", "      ")
    };
    if !report.decisions.is_empty() {
        let _ = writeln!(out, "\n{h2}Avis du comité\n");
        for d in &report.decisions {
            let (number, title, line) = if markdown {
                (
                    format!("**{}**", md(&d.number)),
                    md(&d.title),
                    md(&decision_line(d)),
                )
            } else {
                (d.number.clone(), d.title.clone(), decision_line(d))
            };
            let _ = writeln!(out, "{bullet}{number} — {title} : {line}");
        }
    }
    for p in &report.partners {
        let _ = writeln!(
            out,
            "\n{h2}{} ({})",
            if markdown {
                md(&p.name)
            } else {
                p.name.clone()
            },
            p.code
        );
        for (kind, heading) in [
            (ChangeKind::Added, "Actions ajoutées"),
            (ChangeKind::Removed, "Actions supprimées"),
            (ChangeKind::Renumbered, "Actions renumérotées"),
            (ChangeKind::Modified, "Actions modifiées"),
        ] {
            let of: Vec<&ActionChange> = p.actions.iter().filter(|a| a.kind == kind).collect();
            if of.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n{h3}{heading}\n");
            for a in of {
                let _ = writeln!(out, "{bullet}{}", action_title(a, markdown));
                for f in &a.fields {
                    let _ = writeln!(out, "{sub}{}", field_line(f, markdown));
                }
            }
        }
        if !p.indicators.is_empty() {
            let _ = writeln!(out, "\n{h3}Indicateurs\n");
            for i in &p.indicators {
                let what = match i.kind {
                    ChangeKind::Added => " : ajouté",
                    ChangeKind::Removed => " : supprimé",
                    _ => "",
                };
                let _ = writeln!(out, "{bullet}{}{what}", indicator_title(i, markdown));
                for f in &i.fields {
                    let _ = writeln!(out, "{sub}{}", field_line(f, markdown));
                }
            }
        }
    }
}

/// The report as Markdown: a title, the narrative, then the details.
pub fn markdown(report: &ChangeReport, r: &Referentiel) -> String {
    let mut out = String::from("# Modifications du plan d'actions\n\n");
    let lines = narrative(report, r);
    for (i, line) in lines.iter().enumerate() {
        // The opening line, then one bullet per partner.
        let bullet = if i == 0 { "" } else { "- " };
        let _ = writeln!(out, "{bullet}{}", md(line));
        if i == 0 {
            out.push('\n');
        }
    }
    details(&mut out, report, true);
    out
}

/// The report as terminal text.
pub fn text(report: &ChangeReport, r: &Referentiel) -> String {
    let mut out = String::new();
    for line in narrative(report, r) {
        let _ = writeln!(out, "{line}");
    }
    details(&mut out, report, false);
    out
}

#[derive(Serialize)]
struct Json<'a> {
    version: u32,
    resume: Vec<String>,
    #[serde(flatten)]
    report: &'a ChangeReport,
}

/// The report as JSON (schema in README: `version`, `resume`, `depuis`,
/// `depuis_le`, `jusqua`, `jusqua_le`, `partenaires`).
pub fn json(report: &ChangeReport, r: &Referentiel) -> String {
    let doc = Json {
        version: 1,
        resume: narrative(report, r),
        report,
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_owned());
    s.push('\n');
    s
}
