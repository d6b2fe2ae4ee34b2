//! How the history encodes what a file version meant, and decodes it back
//! whichever version of ctg wrote it.
//!
//! Each stored content and finding set carries its encoding number (the
//! `encoding` column). This version writes `CONTENT_ENCODING` and keeps a
//! decoder for every encoding up to it; a history holding a later one was
//! written by a newer ctg and is refused on opening (see `schema`), never
//! misread.
//!
//! Contents are JSON (`serde_json`) of the `Action`, `Indicator` and
//! `RejectedRow` lists (each decoded by the encoding of its content); finding sets, of `StoredFinding` lists;
//! decision sets (schema 3, no encoding number yet), of `Decision` lists.
//!
//! - Contents, encoding 1: the types at `historique-v1`.
//! - Contents, encoding 2: the fields of the second template added
//!   (actions' need, means, joint actions, CAF scheme and spending;
//!   indicators' nature and horizon). Numbered so that an older ctg
//!   refuses the history instead of writing contents without them, which
//!   would read as those fields emptied.
//! - Finding sets, encoding 1.
//!
//! When one of these types changes shape, the next encoding gets a number
//! and a decoder; the older decoders stay, their result upgraded into the
//! new types in code (the unit test `a_v2_that_adds_a_field_decodes_v1_contents`
//! shows how, for a field with no natural default).
//!
//! JSON is kept. Measured by `encoding_cost` in `tests/it/durability.rs`
//! (ignored by default; release build) on the sample workbooks with one
//! action of each of 9 partners edited at each of 50 runs — 450 contents,
//! 2,650 actions: JSON 2.3 MB, 14 ms to write, 9 ms to read them all;
//! postcard 1.3 MB, 7 ms, 3 ms; deflated JSON 0.7 MB, 65 ms, 25 ms; the
//! whole SQLite history 2.8 MB. At a CTG's scale (a few thousand contents
//! in four years) every option costs a few megabytes and milliseconds,
//! while JSON alone describes itself: it reads with any SQLite tool, and a
//! field added later is told apart from a damaged record, where postcard
//! would fail or misread without a word.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{Content, StoredFinding};
use crate::model::{Decision, RejectedRow};

/// The encoding this version writes contents in, and the latest it reads.
pub(super) const CONTENT_ENCODING: i64 = 2;

/// The encoding this version writes finding sets in, and the latest it reads.
pub(super) const FINDINGS_ENCODING: i64 = 1;

/// A stored value in the current encoding.
pub(super) fn encode<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    serde_json::to_string(value)
}

/// A stored content (its actions and indicators), or why this version of
/// ctg cannot read it, in French.
pub(super) fn decode_content(
    encoding: i64,
    actions: &str,
    indicators: &str,
) -> Result<Content, String> {
    match encoding {
        // Encoding 1 has none of the fields encoding 2 added: decoded alike,
        // they are left empty (`#[serde(default)]`), as they were then —
        // not asked for yet.
        1 | 2 => Ok(Content {
            actions: json(actions, "actions")?,
            indicators: json(indicators, "indicateurs")?,
        }),
        other => Err(unknown(other)),
    }
}

/// The rows a stored content refused, or why this version of ctg cannot
/// read them.
pub(super) fn decode_rejected(encoding: i64, rejected: &str) -> Result<Vec<RejectedRow>, String> {
    match encoding {
        1 | 2 => json(rejected, "lignes refusées"),
        other => Err(unknown(other)),
    }
}

/// The committee's decisions a run read, or why this version of ctg cannot
/// read them. Decision sets carry no encoding number (schema 3): JSON of
/// the `Decision` list as it is.
pub(super) fn decode_decisions(decisions: &str) -> Result<Vec<Decision>, String> {
    json(decisions, "avis du comité")
}

/// A stored finding set, or why this version of ctg cannot read it.
pub(super) fn decode_findings(encoding: i64, findings: &str) -> Result<Vec<StoredFinding>, String> {
    match encoding {
        1 => json(findings, "constats"),
        other => Err(unknown(other)),
    }
}

/// JSON of the current types. Fields this version does not know are
/// ignored (the encoding number, not them, tells a newer content); missing
/// ones without a default, and mistyped ones, are errors.
fn json<T: DeserializeOwned>(text: &str, what: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| format!("détail technique : {what}, {e}"))
}

fn unknown(encoding: i64) -> String {
    format!("encodage n° {encoding}, inconnu de cette version")
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    use super::*;
    use crate::model::Action;

    type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

    /// An action as a later ctg might store it: one field more, with no
    /// value an older content could hold.
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct ActionV2 {
        #[serde(flatten)]
        base: Action,
        /// Checked by the coordinator since the last COPIL.
        reviewed: bool,
    }

    /// The encoding that later ctg would write.
    const NEXT: i64 = CONTENT_ENCODING + 1;

    /// The decoder that later ctg would have: the encodings before it
    /// through the decoder above, kept as it is, then upgraded in code;
    /// its own as it writes it.
    fn decode_next(
        encoding: i64,
        actions: &str,
        indicators: &str,
    ) -> Result<Vec<ActionV2>, String> {
        match encoding {
            NEXT => serde_json::from_str(actions).map_err(|e| e.to_string()),
            older => Ok(decode_content(older, actions, indicators)?
                .actions
                .into_iter()
                .map(|base| ActionV2 {
                    base,
                    reviewed: false,
                })
                .collect()),
        }
    }

    fn action() -> Action {
        Action {
            number: "MJCL-001".to_owned(),
            title: "Accueil des familles".to_owned(),
            objective: "1.1.1".to_owned(),
            progress: Some(60.0),
            row: 2,
            ..Action::default()
        }
    }

    #[test]
    fn a_v2_that_adds_a_field_decodes_v1_contents() -> TestResult {
        let v1 = encode(&[action()])?;
        // Read as the new type without the upgrade, the old content fails:
        // hence one decoder per encoding.
        assert!(serde_json::from_str::<Vec<ActionV2>>(&v1).is_err());
        for older in 1..=CONTENT_ENCODING {
            assert_eq!(
                decode_next(older, &v1, "[]")?,
                [ActionV2 {
                    base: action(),
                    reviewed: false
                }]
            );
        }
        let v2 = encode(&[ActionV2 {
            base: action(),
            reviewed: true,
        }])?;
        assert!(decode_next(NEXT, &v2, "[]")?[0].reviewed);
        // This version would read that text as its own, dropping the
        // field without a word: it refuses the number instead.
        let refused = decode_content(NEXT, &v2, "[]");
        assert_eq!(
            refused,
            Err(format!("encodage n° {NEXT}, inconnu de cette version"))
        );
        Ok(())
    }

    #[test]
    fn findings_decode_by_their_encoding() -> TestResult {
        assert_eq!(decode_findings(1, "[]")?, []);
        assert!(decode_findings(1, "[{").is_err());
        assert!(decode_findings(FINDINGS_ENCODING + 1, "[]").is_err());
        Ok(())
    }
}
