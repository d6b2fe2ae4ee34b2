//! The file versions a partner sent, in the order they arrived, with the
//! runs that read each one.

use super::{known_partners, run_ranges};
use crate::error::{Error, Result};
use crate::store::{RecordedState, Store};

/// What the history knows of one partner's deposits.
#[derive(Debug, Clone)]
pub struct Submissions {
    /// The partner's code, normalised.
    pub code: String,
    /// What the latest run recorded for the partner (its name, its state).
    pub latest: RecordedState,
    /// The distinct file versions it sent, in the order they arrived.
    pub versions: Vec<Submitted>,
}

/// One file version a partner sent.
#[derive(Debug, Clone)]
pub struct Submitted {
    /// Hash of its content.
    pub hash: String,
    /// The runs that read it, as ranges (first, last) of consecutive runs.
    pub runs: Vec<(i64, i64)>,
    /// What the last run that read it recorded: the most recent judgement
    /// of that version (state, errors, warnings).
    pub record: RecordedState,
    /// Its accepted actions, when that run used this version (not an older
    /// one standing in for it).
    pub actions: Option<usize>,
}

/// The file versions the partner `typed` (as the user typed it) sent; a
/// French error naming the known partners when the history never saw it.
pub fn submissions(store: &Store, typed: &str) -> Result<Submissions> {
    let code = typed.trim().to_uppercase();
    let versions = store.partner_versions(&code)?;
    let Some(latest) = versions.last() else {
        return Err(Error::Usage(format!(
            "Le partenaire « {code} » n'apparaît dans aucune consolidation de l'historique. Partenaires connus : {}.",
            known_partners(store)?
        )));
    };
    // (hash, runs that read it, index of the last version that read it).
    let mut sent: Vec<(&str, Vec<i64>, usize)> = Vec::new();
    for (i, v) in versions.iter().enumerate() {
        let Some(hash) = v.record.current_hash.as_deref() else {
            continue;
        };
        match sent.iter_mut().find(|(h, _, _)| *h == hash) {
            Some((_, runs, last)) => {
                runs.push(v.record.run);
                *last = i;
            }
            None => sent.push((hash, vec![v.record.run], i)),
        }
    }
    let all = store.runs()?;
    let versions_sent = sent
        .into_iter()
        .filter_map(|(hash, runs, last)| {
            let v = versions.get(last)?;
            Some(Submitted {
                hash: hash.to_owned(),
                runs: run_ranges(&runs, &all),
                record: v.record.clone(),
                actions: (v.record.used_hash.as_deref() == Some(hash))
                    .then(|| v.content.actions.len()),
            })
        })
        .collect();
    Ok(Submissions {
        code,
        latest: latest.record.clone(),
        versions: versions_sent,
    })
}
