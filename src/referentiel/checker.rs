//! Collecting the problems of a `ctg.toml` while checking it, each with the
//! line of the value at fault.

use std::collections::HashMap;

use toml::Spanned;

use crate::error::ConfigProblem;
use crate::text::fold;

/// Collects problems while checking, turning byte offsets into line numbers.
pub(super) struct Checker<'a> {
    source: &'a str,
    problems: Vec<ConfigProblem>,
}

impl<'a> Checker<'a> {
    /// A checker of the file whose text is `source`.
    pub(super) fn new(source: &'a str) -> Checker<'a> {
        Checker {
            source,
            problems: Vec::new(),
        }
    }

    /// Every problem found.
    pub(super) fn into_problems(self) -> Vec<ConfigProblem> {
        self.problems
    }

    fn line_of(&self, offset: usize) -> Option<usize> {
        // Spans of defaulted values are empty at offset 0: no line to show.
        (offset > 0).then(|| line_at(self.source, offset))
    }

    /// Reports a problem on the line of `at`.
    pub(super) fn report<T>(&mut self, at: &Spanned<T>, message: String) {
        let line = self.line_of(at.span().start);
        self.problems.push(ConfigProblem { line, message });
    }

    /// Reports a problem of the whole file.
    pub(super) fn report_global(&mut self, message: String) {
        self.problems.push(ConfigProblem {
            line: None,
            message,
        });
    }

    /// Reports a blank text and returns it trimmed.
    pub(super) fn text(&mut self, value: &Spanned<String>, what: &str) -> String {
        let trimmed = value.get_ref().trim();
        if trimmed.is_empty() {
            self.report(value, format!("{what} est vide : indiquez un texte."));
        }
        trimmed.to_owned()
    }

    /// Reports a code seen twice among `seen` (compared folded).
    pub(super) fn unique(
        &mut self,
        seen: &mut HashMap<String, usize>,
        value: &Spanned<String>,
        what: &str,
    ) -> bool {
        let key = fold(value.get_ref());
        if let Some(first) = seen.get(&key).copied() {
            self.report(
                value,
                format!(
                    "{what} « {} » est déjà utilisé ligne {first} : chaque valeur doit être unique.",
                    value.get_ref().trim()
                ),
            );
            false
        } else {
            let line = self.line_of(value.span().start).unwrap_or(0);
            seen.insert(key, line);
            true
        }
    }

    /// Reports an empty list or a value in it twice; returns its values,
    /// trimmed, once each.
    pub(super) fn list(&mut self, values: &Spanned<Vec<String>>, what: &str) -> Vec<String> {
        if values.get_ref().iter().all(|v| v.trim().is_empty()) {
            self.report_global_or_at(
                values,
                format!("la liste {what} est vide : donnez au moins une valeur."),
            );
            return Vec::new();
        }
        let mut seen = HashMap::new();
        let mut out = Vec::new();
        for v in values.get_ref() {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            if seen.insert(fold(v), ()).is_some() {
                self.report(
                    values,
                    format!("la liste {what} contient deux fois « {v} »."),
                );
            } else {
                out.push(v.to_owned());
            }
        }
        out
    }

    /// Reports a problem on the line of `at`, or of the whole file when
    /// `at` was defaulted (it has no line).
    pub(super) fn report_global_or_at<T>(&mut self, at: &Spanned<T>, message: String) {
        if at.span().start > 0 {
            self.report(at, message);
        } else {
            self.report_global(message);
        }
    }
}

/// The line (from 1) of byte `offset` in `source`.
pub(super) fn line_at(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())].matches('\n').count() + 1
}
