//! `ctg historique [DOSSIER]`: what the history of a shared folder holds —
//! the list of consolidations, every change of one action over time
//! (`--action`), or the file versions a partner sent (`--partenaire`).
//!
//! Everything is read from `.ctg/historique.sqlite`, never from the files:
//! the history is what was accepted at each run.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDateTime;

use super::load_config;
use crate::changes::{self, ActionChange, ChangeKind};
use crate::error::{Error, Result};
use crate::model::{PartnerPlan, Snapshot};
use crate::outputs::report::changes as render;
use crate::referentiel::Config;
use crate::store::{Content, PartnerVersion, RecordedState, RunInfo, Store};
use crate::text::count;

/// Runs shown by default: a watcher adds many, the latest matter.
const SHOWN_RUNS: usize = 50;
/// Characters of a content hash shown to identify a file version.
const SHORT_HASH: usize = 8;

/// Arguments of `ctg historique`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Dossier partagé (par défaut : le dossier courant), ou dossier de sortie d'un simple dossier de classeurs consolidé avec --sortie.
    #[arg(value_name = "DOSSIER", default_value = ".")]
    pub folder: PathBuf,
    /// Montrer chaque modification d'une action au fil des consolidations, par exemple MJCL-004.
    #[arg(long, value_name = "N°_ACTION", conflicts_with = "partner")]
    pub action: Option<String>,
    /// Montrer les versions de fichier déposées par un partenaire, par exemple MJCL.
    #[arg(long = "partenaire", value_name = "CODE")]
    pub partner: Option<String>,
    /// Lister toutes les consolidations (par défaut : les 50 dernières).
    #[arg(long = "toutes", conflicts_with_all = ["action", "partner"])]
    pub all: bool,
    /// Fichier de configuration ctg.toml (par défaut : celui du dossier, sinon le référentiel intégré).
    #[arg(long, value_name = "CTG.TOML")]
    pub config: Option<PathBuf>,
}

/// Opens the history of `dossier` (its `.ctg/`) with its finished runs,
/// oldest first; a French error when there is none yet. Never creates a
/// `.ctg/`: looking at a history must not leave one behind.
pub fn open(dossier: &Path) -> Result<(Store, Vec<RunInfo>)> {
    if !dossier.is_dir() {
        return Err(Error::Usage(format!(
            "Le dossier « {} » n'existe pas.",
            dossier.display()
        )));
    }
    let none_yet = || {
        Error::Usage(format!(
            "Pas encore d'historique dans « {} » : il se constitue à chaque consolidation. Lancez d'abord « ctg consolider {} ». Pour un simple dossier de classeurs consolidé avec --sortie, indiquez ici son dossier de sortie.",
            dossier.display(),
            dossier.display()
        ))
    };
    let state = dossier.join(".ctg");
    if !Store::exists(&state) {
        return Err(none_yet());
    }
    let store = Store::open(&state)?;
    let runs = store.runs()?;
    if runs.is_empty() {
        return Err(none_yet());
    }
    Ok((store, runs))
}

/// Runs the command; returns the exit code.
pub fn run(args: &Args) -> Result<i32> {
    let (store, runs) = open(&args.folder)?;
    let (config, _) = load_config(args.config.as_deref(), &args.folder)?;
    let out = match (&args.action, &args.partner) {
        (Some(number), _) => action_history(&store, &config, number)?,
        (None, Some(code)) => submissions(&store, code)?,
        (None, None) => run_list(&store, &runs, &config, &args.folder, args.all)?,
    };
    print!("{out}");
    Ok(0)
}

// ------------------------------------------------------------ shared pieces

/// « 12/03/2024 à 14:05 ».
fn at(t: NaiveDateTime) -> String {
    t.format("%d/%m/%Y à %H:%M").to_string()
}

fn short(hash: &str) -> &str {
    hash.get(..SHORT_HASH).unwrap_or(hash)
}

/// A table for the terminal: columns as wide as their widest cell (in
/// characters, accents count once), numbers aligned right.
fn table(headers: &[&str], right: &[bool], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = " ".repeat(widths[i].saturating_sub(cell.chars().count()));
            let sep = if i == 0 { "" } else { "  " };
            if right.get(i).copied().unwrap_or(false) {
                let _ = write!(out, "{sep}{pad}{cell}");
            } else {
                let _ = write!(out, "{sep}{cell}{pad}");
            }
        }
        format!("{}\n", out.trim_end())
    };
    let mut out = line(headers.to_vec());
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

/// « n° 3 », « n° 3 à 7 », « n° 1, 4 à 6 »: runs in ranges of consecutive
/// runs of the history (not of ids: a run killed leaves no number behind).
fn run_ranges(ids: &[i64], all: &[RunInfo]) -> String {
    let position: BTreeMap<i64, usize> = all.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    let mut ranges: Vec<(i64, i64, usize)> = Vec::new();
    for &id in ids {
        let pos = position.get(&id).copied().unwrap_or(usize::MAX);
        match ranges.last_mut() {
            Some((_, last, p)) if pos != usize::MAX && *p + 1 == pos => {
                *last = id;
                *p = pos;
            }
            _ => ranges.push((id, id, pos)),
        }
    }
    let parts: Vec<String> = ranges
        .iter()
        .map(|(a, b, _)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a} à {b}")
            }
        })
        .collect();
    format!("n° {}", parts.join(", "))
}

/// The plan of a partner alone, as a snapshot, for [`changes::compare`].
fn alone(code: &str, plan: Option<PartnerPlan>) -> Snapshot {
    Snapshot {
        partners: plan.into_iter().map(|p| (code.to_owned(), p)).collect(),
        ..Snapshot::default()
    }
}

/// Partners the history knows, for error messages.
fn known_partners(store: &Store) -> Result<String> {
    let known = store.partners()?;
    Ok(known
        .iter()
        .map(|(code, name)| format!("{code} ({name})"))
        .collect::<Vec<_>>()
        .join(", "))
}

fn unknown_partner(store: &Store, code: &str) -> Result<Error> {
    Ok(Error::Usage(format!(
        "Le partenaire « {code} » n'apparaît dans aucune consolidation de l'historique. Partenaires connus : {}.",
        known_partners(store)?
    )))
}

// ------------------------------------------------------------ list of runs

/// How many partners changed at each run, against the run before.
///
/// Records are first compared by content id and state, which costs no JSON
/// at all; only the partners whose id or state moved are compared for real
/// with [`changes::compare`] (contents read once each), so that a file read
/// again under a new configuration, identical in substance, does not count.
/// The cost follows the number of real changes, not the number of runs.
fn changed_counts(store: &Store, config: &Config) -> Result<BTreeMap<i64, usize>> {
    let states = store.states()?;
    let mut by_run: BTreeMap<i64, BTreeMap<&str, &RecordedState>> = BTreeMap::new();
    for s in &states {
        by_run
            .entry(s.run)
            .or_default()
            .insert(s.partner.as_str(), s);
    }
    fn key<'a>(s: Option<&&'a RecordedState>) -> Option<(Option<i64>, &'a str)> {
        s.map(|s| (s.content_id, s.state.as_str()))
    }
    // (run, old record, new record) of each partner that may have changed.
    let mut candidates = Vec::new();
    let mut previous: Option<&BTreeMap<&str, &RecordedState>> = None;
    for (run, partners) in &by_run {
        if let Some(before) = previous {
            let codes: BTreeSet<&str> = before.keys().chain(partners.keys()).copied().collect();
            for code in codes {
                let (old, new) = (before.get(code), partners.get(code));
                if key(old) != key(new) {
                    candidates.push((*run, code, old.copied(), new.copied()));
                }
            }
        }
        previous = Some(partners);
    }
    let contents = store.contents(
        candidates
            .iter()
            .flat_map(|(_, _, o, n)| [o.and_then(|s| s.content_id), n.and_then(|s| s.content_id)])
            .flatten(),
    )?;
    let plan = |s: Option<&RecordedState>| {
        s.map(|s| {
            let content = s
                .content_id
                .and_then(|id| contents.get(&id))
                .cloned()
                .unwrap_or_default();
            s.plan(&content)
        })
    };
    let mut counts: BTreeMap<i64, usize> = by_run.keys().map(|r| (*r, 0)).collect();
    for (run, code, old, new) in candidates {
        let report = changes::compare(
            &alone(code, plan(old)),
            &alone(code, plan(new)),
            &config.referentiel,
            &config.changes,
        );
        if !report.is_empty() {
            *counts.entry(run).or_default() += 1;
        }
    }
    Ok(counts)
}

fn run_list(
    store: &Store,
    runs: &[RunInfo],
    config: &Config,
    dossier: &Path,
    all: bool,
) -> Result<String> {
    let counts = changed_counts(store, config)?;
    let shown = if all {
        runs
    } else {
        &runs[runs.len().saturating_sub(SHOWN_RUNS)..]
    };
    let first = runs.first().map(|r| r.id);
    let rows: Vec<Vec<String>> = shown
        .iter()
        .map(|r| {
            let changed = if Some(r.id) == first {
                "première consolidation".to_owned()
            } else {
                counts.get(&r.id).copied().unwrap_or(0).to_string()
            };
            vec![
                r.id.to_string(),
                r.started().map(at).unwrap_or_else(|| r.started_at.clone()),
                r.partners.to_string(),
                r.errors.to_string(),
                r.warnings.to_string(),
                changed,
            ]
        })
        .collect();
    let d = dossier.display();
    let mut out = format!(
        "Historique de « {d} » : {}\n",
        count(runs.len(), "consolidation", "consolidations")
    );
    if shown.len() < runs.len() {
        let _ = writeln!(
            out,
            "(les {} dernières ; « ctg historique {d} --toutes » pour les voir toutes)",
            shown.len()
        );
    }
    out.push('\n');
    out.push_str(&table(
        &[
            "N°",
            "Date",
            "Partenaires",
            "Erreurs",
            "Avertissements",
            "Partenaires modifiés",
        ],
        &[true, false, true, true, true, true],
        &rows,
    ));
    let _ = write!(
        out,
        "\n« Partenaires modifiés » : partenaires dont le plan d'actions a changé en substance depuis la consolidation précédente (mêmes règles que le rapport de modifications).\n\
         Pour le détail : « ctg rapport {d} --depuis-run N° » ; une action : « ctg historique {d} --action N°_ACTION » ; un partenaire : « ctg historique {d} --partenaire CODE ».\n"
    );
    Ok(out)
}

// ------------------------------------------------------------ one action

/// Where a version of the partner's plan comes from, in words.
fn source(r: &RecordedState) -> String {
    let path = r.path.as_deref().unwrap_or_default();
    let received = r.received_at.map(at).unwrap_or_default();
    match (&r.used_hash, r.state.as_str()) {
        (Some(hash), "version_precedente") => format!(
            "« {path} » illisible : version reçue le {received} utilisée (empreinte {})",
            short(hash)
        ),
        (Some(hash), _) => format!("« {path} » reçu le {received} (empreinte {})", short(hash)),
        (None, "retire") => "fichier retiré du dossier partagé".to_owned(),
        (None, "jamais_depose") => "aucun fichier déposé".to_owned(),
        (None, _) => format!("« {path} » illisible, aucune version utilisable"),
    }
}

/// The lines of one action change, indented.
fn action_lines(
    out: &mut String,
    a: &ActionChange,
    seen: bool,
    event: Option<changes::PartnerEvent>,
) {
    let why = event
        .map(|e| format!(" — {}", render::event_text(e)))
        .unwrap_or_default();
    let _ = match a.kind {
        ChangeKind::Added => writeln!(
            out,
            "    {} {} : « {} » (axe {}){why}",
            if seen {
                "ajoutée de nouveau"
            } else {
                "créée"
            },
            a.number,
            a.title,
            a.axis
        ),
        ChangeKind::Removed => writeln!(out, "    supprimée : {}{why}", a.number),
        ChangeKind::Renumbered => writeln!(
            out,
            "    renumérotée : {} → {} (retrouvée par ressemblance à {:.0} %)",
            a.old_number.as_deref().unwrap_or_default(),
            a.number,
            a.resemblance.unwrap_or(0.0) * 100.0
        ),
        ChangeKind::Modified => writeln!(out, "    modifiée :"),
    };
    for f in &a.fields {
        let _ = writeln!(out, "      {}", render::field_line(f, false));
    }
}

/// Every change of one action, run by run: consecutive distinct versions of
/// its partner's plan are compared, and the changes that concern the
/// action (or its indicators) kept. A renumbered action is followed under
/// its new number.
fn action_history(store: &Store, config: &Config, typed: &str) -> Result<String> {
    let number =
        crate::validate::normalise_number(typed, "").unwrap_or_else(|| typed.trim().to_uppercase());
    let code = crate::validate::number_prefix(&number).to_owned();
    let versions = store.partner_versions(&code)?;
    let Some(last) = versions.last() else {
        return Err(Error::Usage(format!(
            "Le partenaire « {code} » (préfixe du numéro {number}) n'apparaît dans aucune consolidation de l'historique. Partenaires connus : {}.",
            known_partners(store)?
        )));
    };
    let mut tracked: BTreeSet<String> = BTreeSet::from([number.clone()]);
    let mut seen = false;
    let mut body = String::new();
    let mut old: Option<PartnerPlan> = None;
    let mut previous_key = None;
    for v in &versions {
        let r = &v.record;
        // Runs that used the same content in the same state change nothing.
        let key = (r.content_id, r.state.clone());
        if previous_key.as_ref() == Some(&key) {
            continue;
        }
        previous_key = Some(key);
        let new = r.plan(&v.content);
        let report = changes::compare(
            &alone(&code, old.take()),
            &alone(&code, Some(new.clone())),
            &config.referentiel,
            &config.changes,
        );
        old = Some(new);
        let Some(p) = report.partners.first() else {
            continue;
        };
        let mut lines = String::new();
        for a in &p.actions {
            let concerned = tracked.contains(&a.number)
                || a.old_number.as_ref().is_some_and(|n| tracked.contains(n));
            if concerned {
                tracked.insert(a.number.clone());
                action_lines(&mut lines, a, seen, p.event);
                seen = true;
            }
        }
        for i in p.indicators.iter().filter(|i| tracked.contains(&i.action)) {
            let what = match i.kind {
                ChangeKind::Added => " : ajouté",
                ChangeKind::Removed => " : supprimé",
                _ => "",
            };
            let _ = writeln!(lines, "    indicateur « {} »{what}", i.indicator);
            for f in &i.fields {
                let _ = writeln!(lines, "      {}", render::field_line(f, false));
            }
        }
        if !lines.is_empty() {
            let _ = writeln!(
                body,
                "\nConsolidation n° {} du {} — {}",
                r.run,
                at(r.run_at),
                source(r)
            );
            body.push_str(&lines);
        }
    }
    if body.is_empty() {
        let numbers: BTreeSet<&str> = versions
            .iter()
            .flat_map(|v| v.content.actions.iter().map(|a| a.number.as_str()))
            .collect();
        let known = if numbers.is_empty() {
            format!("{code} n'a encore aucune action acceptée")
        } else {
            format!(
                "actions connues de {code} : {}",
                numbers.into_iter().collect::<Vec<_>>().join(", ")
            )
        };
        return Err(Error::Usage(format!(
            "L'action {number} n'apparaît dans aucune consolidation de l'historique ({known})."
        )));
    }
    let name = &last.record.name;
    let mut out = format!("Historique de l'action {number} — {name} ({code})\n");
    out.push_str(&body);
    let now = last
        .content
        .actions
        .iter()
        .find(|a| tracked.contains(&a.number));
    let _ = match now {
        Some(a) => writeln!(
            out,
            "\nÀ la dernière consolidation (n° {}) : {} « {} », statut {}.",
            last.record.run,
            a.number,
            a.title,
            a.status
                .map(|k| config.referentiel.status_label(k).to_owned())
                .unwrap_or_else(|| "non renseigné".to_owned())
        ),
        None => writeln!(
            out,
            "\nÀ la dernière consolidation (n° {}), l'action ne figure plus dans le plan de {code}.",
            last.record.run
        ),
    };
    Ok(out)
}

// ------------------------------------------------------------ one partner

fn state_label(code: &str) -> &'static str {
    match code {
        "a_jour" => "à jour",
        "avec_erreurs" => "avec erreurs",
        "version_precedente" => "illisible (version précédente utilisée)",
        "illisible" => "illisible",
        "jamais_depose" => "jamais déposé",
        "retire" => "fichier retiré du dossier",
        _ => "inconnu",
    }
}

/// One file version a partner sent, and the runs that read it.
struct Submitted<'a> {
    hash: &'a str,
    runs: Vec<i64>,
    /// The last run that read it: its state, errors and warnings are the
    /// most recent judgement of that version.
    last: &'a PartnerVersion,
}

/// The file versions a partner sent, in the order they arrived.
fn submissions(store: &Store, typed: &str) -> Result<String> {
    let code = typed.trim().to_uppercase();
    let versions = store.partner_versions(&code)?;
    let Some(latest) = versions.last() else {
        return Err(unknown_partner(store, &code)?);
    };
    let mut sent: Vec<Submitted> = Vec::new();
    for v in &versions {
        let Some(hash) = v.record.current_hash.as_deref() else {
            continue;
        };
        match sent.iter_mut().find(|s| s.hash == hash) {
            Some(s) => {
                s.runs.push(v.record.run);
                s.last = v;
            }
            None => sent.push(Submitted {
                hash,
                runs: vec![v.record.run],
                last: v,
            }),
        }
    }
    let all = store.runs()?;
    let r = &latest.record;
    let mut out = format!(
        "Dépôts de {} ({code}) : {}\n",
        r.name,
        count(sent.len(), "version de fichier", "versions de fichier")
    );
    if !sent.is_empty() {
        let rows: Vec<Vec<String>> = sent
            .iter()
            .map(|s| {
                let rec = &s.last.record;
                // The actions count is that of this version only when it
                // was the one used (not an older one standing in for it).
                let actions = if rec.used_hash.as_deref() == Some(s.hash) {
                    s.last.content.actions.len().to_string()
                } else {
                    "—".to_owned()
                };
                vec![
                    rec.current_received_at.map(at).unwrap_or_default(),
                    rec.path.clone().unwrap_or_default(),
                    short(s.hash).to_owned(),
                    state_label(&rec.state).to_owned(),
                    actions,
                    rec.errors.to_string(),
                    rec.warnings.to_string(),
                    run_ranges(&s.runs, &all),
                ]
            })
            .collect();
        out.push('\n');
        out.push_str(&table(
            &[
                "Reçu le",
                "Fichier",
                "Empreinte",
                "État",
                "Actions",
                "Erreurs",
                "Avertissements",
                "Consolidations",
            ],
            &[false, false, false, false, true, true, true, false],
            &rows,
        ));
        out.push_str("\nÉtat, actions, erreurs et avertissements : à la dernière consolidation qui a lu la version.\n");
    }
    let _ = writeln!(
        out,
        "À la dernière consolidation (n° {} du {}) : {}.",
        r.run,
        at(r.run_at),
        state_label(&r.state)
    );
    Ok(out)
}

/// The latest content the history holds for a partner, with the record of
/// the run that used it (the latest run, unless the partner's file has
/// since left the folder or become unusable).
pub fn latest_content(store: &Store, code: &str) -> Result<Option<(RecordedState, Arc<Content>)>> {
    Ok(store
        .partner_versions(code)?
        .into_iter()
        .rev()
        .find(|v| v.record.content_id.is_some())
        .map(|v| (v.record, v.content)))
}
