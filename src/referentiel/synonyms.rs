//! Every name partners give the columns of their workbook: the template's
//! header, then the synonyms of `synonyms.toml`, embedded in ctg and read
//! once per process.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

use super::Referentiel;
use super::columns::{ActionColumn, Column, IndicatorColumn, PartnerField};
use crate::error::ConfigError;
use crate::text::fold;

/// The synonym data, as written.
const SOURCE: &str = include_str!("synonyms.toml");

/// The data, read on first use.
static EMBEDDED: LazyLock<Result<ColumnNames, ConfigError>> =
    LazyLock::new(|| ColumnNames::parse(SOURCE));

/// Names by column, the template's header first.
pub type NameTable<C> = Vec<(C, Vec<String>)>;

/// The content of `synonyms.toml`: other names of the fixed columns, and
/// the words that name the columns of funders and years.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnNames {
    actions: ActionNames,
    funders: FunderNames,
    spending: YearNames,
    indicators: IndicatorNames,
    results: YearNames,
    partner: PartnerNames,
}

/// `[actions]`: one key per [`ActionColumn`] but the funders'.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionNames {
    number: Vec<String>,
    title: Vec<String>,
    objective: Vec<String>,
    domains: Vec<String>,
    audiences: Vec<String>,
    communes: Vec<String>,
    need: Vec<String>,
    description: Vec<String>,
    means: Vec<String>,
    contact: Vec<String>,
    associates: Vec<String>,
    joint_with: Vec<String>,
    start: Vec<String>,
    end: Vec<String>,
    status: Vec<String>,
    progress: Vec<String>,
    budget: Vec<String>,
    caf_scheme: Vec<String>,
    comments: Vec<String>,
    derived: Vec<String>,
}

/// `[funders]`: words before a funder's label or code, and more names by
/// funder code.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FunderNames {
    prefixes: Vec<String>,
    by_code: BTreeMap<String, Vec<String>>,
}

/// `[indicators]`: one key per [`IndicatorColumn`] but the results.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IndicatorNames {
    action: Vec<String>,
    name: Vec<String>,
    kind: Vec<String>,
    nature: Vec<String>,
    unit: Vec<String>,
    baseline: Vec<String>,
    target: Vec<String>,
    horizon: Vec<String>,
    comment: Vec<String>,
}

/// `[results]` and `[spending]`: words before a year of the convention.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct YearNames {
    prefixes: Vec<String>,
}

impl YearNames {
    /// The names of `year`'s column: its template header, the year alone
    /// when `bare` (« 2024 » alone means a result), then each prefix
    /// before the year.
    fn of(&self, header: String, year: i32, bare: bool) -> Vec<String> {
        let mut names = vec![header];
        if bare {
            names.push(year.to_string());
        }
        names.extend(self.prefixes.iter().map(|p| format!("{p} {year}")));
        names
    }
}

/// `[partner]`: one key per [`PartnerField`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PartnerNames {
    name: Vec<String>,
    code: Vec<String>,
    contact: Vec<String>,
    email: Vec<String>,
    phone: Vec<String>,
    updated: Vec<String>,
    template_version: Vec<String>,
}

impl ColumnNames {
    /// The names embedded in ctg. An error here is a defect of this build of
    /// ctg, never of the user's files; it is told like a `ctg.toml` problem,
    /// since every command reads its configuration first.
    pub fn embedded() -> Result<&'static ColumnNames, ConfigError> {
        EMBEDDED.as_ref().map_err(ConfigError::clone)
    }

    fn parse(source: &str) -> Result<ColumnNames, ConfigError> {
        toml::from_str(source).map_err(|e| {
            let mut problem = super::load::syntax_problem(source, &e);
            problem.message.push_str(
                ". Ce fichier fait partie de ctg lui-même : c'est une erreur interne, signalez-la aux développeurs.",
            );
            ConfigError {
                file: "synonyms.toml (intégré à ctg)".to_owned(),
                problems: vec![problem],
            }
        })
    }

    /// The names of the Actions sheet's columns, in template order, each
    /// funder's and each year's spending after the fixed ones.
    pub fn actions(&self, r: &Referentiel) -> NameTable<ActionColumn> {
        use ActionColumn::*;
        let n = &self.actions;
        let fixed = [
            (Number, &n.number),
            (Title, &n.title),
            (Objective, &n.objective),
            (Domains, &n.domains),
            (Audiences, &n.audiences),
            (Communes, &n.communes),
            (Need, &n.need),
            (Description, &n.description),
            (Means, &n.means),
            (Contact, &n.contact),
            (Associates, &n.associates),
            (JointWith, &n.joint_with),
            (Start, &n.start),
            (End, &n.end),
            (Status, &n.status),
            (Progress, &n.progress),
            (Budget, &n.budget),
            (CafScheme, &n.caf_scheme),
            (Comments, &n.comments),
            (Derived, &n.derived),
        ];
        let mut table = with_headers(fixed, |c| c.header(r));
        for (i, f) in r.funders.iter().enumerate() {
            let (label, code) = (fold(&f.label), fold(&f.code));
            let mut names = vec![Funding(i).header(r)];
            for base in [&label, &code] {
                names.push(base.clone());
                names.extend(self.funders.prefixes.iter().map(|p| format!("{p} {base}")));
            }
            names.extend(
                self.funders
                    .by_code
                    .get(&code)
                    .into_iter()
                    .flatten()
                    .cloned(),
            );
            table.push((Funding(i), names));
        }
        // The convention's years only, as for results.
        for year in r.convention.years() {
            let names = self.spending.of(Spending(year).header(r), year, false);
            table.push((Spending(year), names));
        }
        table
    }

    /// The names of the Indicateurs sheet's columns, in template order, each
    /// year's result after the fixed ones.
    pub fn indicators(&self, r: &Referentiel) -> NameTable<IndicatorColumn> {
        use IndicatorColumn::*;
        let n = &self.indicators;
        let fixed = [
            (Action, &n.action),
            (Name, &n.name),
            (Kind, &n.kind),
            (Nature, &n.nature),
            (Unit, &n.unit),
            (Baseline, &n.baseline),
            (Target, &n.target),
            (Horizon, &n.horizon),
            (Comment, &n.comment),
        ];
        let mut table = with_headers(fixed, |c| c.header(r));
        // The convention's years only, so that « Réalisé 2019 » is reported
        // as an unknown column.
        for year in r.convention.years() {
            table.push((
                Result(year),
                self.results.of(Result(year).header(r), year, true),
            ));
        }
        table
    }

    /// The labels of the Partenaire sheet, in template order.
    pub fn partner(&self) -> NameTable<PartnerField> {
        use PartnerField::*;
        let n = &self.partner;
        let fields = [
            (Name, &n.name),
            (Code, &n.code),
            (Contact, &n.contact),
            (Email, &n.email),
            (Phone, &n.phone),
            (Updated, &n.updated),
            (TemplateVersion, &n.template_version),
        ];
        with_headers(fields, |f| f.label().to_owned())
    }
}

/// Each column's header in the template, then its synonyms.
fn with_headers<C: Copy, const N: usize>(
    columns: [(C, &Vec<String>); N],
    header: impl Fn(C) -> String,
) -> NameTable<C> {
    columns
        .into_iter()
        .map(|(c, names)| {
            let all = std::iter::once(header(c)).chain(names.iter().cloned());
            (c, all.collect())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::referentiel::Config;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    /// Every name of a table is a name (something is left once folded),
    /// and a name of a fixed column belongs to it only: otherwise the first
    /// column listed would silently take it from the other. (A funder's code
    /// may well be « communes »: ctg.toml is the coordinator's choice.)
    fn check_table<C: Copy + PartialEq + std::fmt::Debug>(
        table: NameTable<C>,
        fixed: impl Fn(C) -> bool,
    ) {
        let mut owners: HashMap<String, C> = HashMap::new();
        for (column, names) in table {
            assert!(names.len() > 1, "{column:?} has no synonym");
            for name in names {
                let folded = fold(&name);
                assert!(!folded.is_empty(), "{column:?}: « {name} » is no name");
                if fixed(column) {
                    let owner = *owners.entry(folded).or_insert(column);
                    assert_eq!(owner, column, "« {name} » names two columns");
                }
            }
        }
    }

    #[test]
    fn every_synonym_parses_and_names_one_column() -> TestResult {
        let r = Config::embedded()?.referentiel;
        let names = ColumnNames::embedded()?;
        check_table(names.actions(&r), |c| {
            !matches!(c, ActionColumn::Funding(_) | ActionColumn::Spending(_))
        });
        check_table(names.indicators(&r), |c| {
            !matches!(c, IndicatorColumn::Result(_))
        });
        check_table(names.partner(), |_| true);
        Ok(())
    }

    #[test]
    fn malformed_data_is_a_clear_error() {
        let source = SOURCE.replacen("number = [", "numbr = [", 1);
        let Err(e) = ColumnNames::parse(&source) else {
            panic!("a misspelt column must be refused");
        };
        assert_eq!(e.problems.len(), 1);
        let message = &e.problems[0].message;
        assert!(message.contains("« numbr » est inconnu"), "{message}");
        assert!(message.contains("erreur interne"), "{message}");
        assert!(e.problems[0].line.is_some());
    }
}
