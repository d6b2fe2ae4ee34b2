//! What the fiches actions say, ready to be shown: the cover, the contents
//! by axe → orientation → objectif, one fiche per action (one for an
//! action carried by several partners), the zones d'ombre. Both renderings (Word and HTML) write exactly this, so they
//! never differ.

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveDateTime};

use crate::consolidate::joint::JointPlan;
use crate::evaluation::{self, Basis};
use crate::history::CurrentPlan;
use crate::model::{Action, Indicator, IndicatorValue, TargetHorizon};
use crate::outputs::pages::charts::percent;
use crate::referentiel::{Config, StatusKind};
use crate::text::euros;

/// Which actions get a fiche; empty lists keep everything.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Partner codes.
    pub partners: Vec<String>,
    /// Axis codes.
    pub axes: Vec<String>,
    /// Objective codes.
    pub objectives: Vec<String>,
    /// Statuses.
    pub statuses: Vec<StatusKind>,
}

impl Filters {
    /// The filters as typed on the command line, each value checked
    /// against the référentiel and the plan: an unknown one is an error
    /// that names the known ones, not an empty set of fiches.
    pub fn checked(
        partners: &[String],
        axes: &[String],
        objectives: &[String],
        statuses: &[String],
        plan: &CurrentPlan,
        config: &Config,
    ) -> crate::error::Result<Filters> {
        let r = &config.referentiel;
        let unknown = |what: &str, typed: &str, known: Vec<String>| {
            let hint = crate::text::closest(typed, known.iter().map(String::as_str))
                .map(|c| format!(" Vouliez-vous dire « {c} » ?"))
                .unwrap_or_default();
            crate::error::Error::Usage(format!(
                "{what} « {typed} » inconnu.{hint} Valeurs possibles : {}.",
                known.join(", ")
            ))
        };
        let pick = |what: &str, typed: &[String], known: Vec<String>| {
            typed
                .iter()
                .map(|t| {
                    let t = t.trim();
                    known
                        .iter()
                        .find(|k| k.eq_ignore_ascii_case(t))
                        .cloned()
                        .ok_or_else(|| unknown(what, t, known.clone()))
                })
                .collect::<crate::error::Result<Vec<String>>>()
        };
        Ok(Filters {
            partners: pick(
                "Partenaire",
                partners,
                plan.snapshot.partners.keys().cloned().collect(),
            )?,
            axes: pick("Axe", axes, r.axes.iter().map(|a| a.code.clone()).collect())?,
            objectives: pick(
                "Objectif",
                objectives,
                r.objectives.iter().map(|o| o.code.clone()).collect(),
            )?,
            statuses: statuses
                .iter()
                .map(|t| {
                    r.resolve_status(t).map(|s| s.kind).map_err(|_| {
                        unknown(
                            "Statut",
                            t,
                            r.statuses.iter().map(|s| s.label.clone()).collect(),
                        )
                    })
                })
                .collect::<crate::error::Result<_>>()?,
        })
    }

    fn keeps(&self, code: &str, a: &Action) -> bool {
        let axis = a.objective.split('.').next().unwrap_or_default();
        (self.partners.is_empty() || self.partners.iter().any(|p| p == code))
            && (self.axes.is_empty() || self.axes.iter().any(|x| x == axis))
            && (self.objectives.is_empty() || self.objectives.contains(&a.objective))
            && (self.statuses.is_empty() || a.status.is_some_and(|s| self.statuses.contains(&s)))
    }

    /// The filters in words, for the cover (« partenaire MJCL ; axe 2 »).
    fn describe(&self, config: &Config) -> Option<String> {
        let statuses: Vec<String> = self
            .statuses
            .iter()
            .map(|s| config.referentiel.status_label(*s).to_owned())
            .collect();
        let parts: Vec<String> = [
            ("partenaire", &self.partners),
            ("axe", &self.axes),
            ("objectif", &self.objectives),
            ("statut", &statuses),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(what, v)| format!("{what} {}", v.join(", ")))
        .collect();
        (!parts.is_empty()).then(|| parts.join(" ; "))
    }
}

/// The cover page.
#[derive(Debug, Clone)]
pub struct Cover {
    /// The CTG's name.
    pub name: String,
    /// Its territory and CAF.
    pub territory: String,
    /// « 2023 – 2026 ».
    pub period: String,
    /// The date shown.
    pub date: NaiveDate,
    /// Where the plan comes from (« consolidation du … »).
    pub plan: String,
    /// The filters applied, in words, if any.
    pub filters: Option<String>,
    /// The partners' files the plan was read from.
    pub sources: Vec<String>,
}

/// A line of the contents: a heading (axe, orientation, objectif) or a fiche.
#[derive(Debug, Clone)]
pub enum ContentsLine {
    /// An axe, an orientation or an objectif, with its depth (0 to 2).
    Heading(usize, String),
    /// A fiche: the action's number and title.
    Fiche(String, String),
}

/// One indicator of a fiche.
#[derive(Debug, Clone)]
pub struct IndicatorLine {
    /// Its name.
    pub name: String,
    /// Type, nature and unit, in words.
    pub kind: String,
    /// Valeur de départ.
    pub baseline: String,
    /// Cible, with its horizon.
    pub target: String,
    /// Réalisé per year of the convention, with the rate of achievement
    /// when there is one (« 45 (90 %) »).
    pub results: Vec<(i32, String)>,
}

/// One fiche action.
#[derive(Debug, Clone)]
pub struct Fiche {
    /// N° action.
    pub number: String,
    /// Intitulé.
    pub title: String,
    /// Labelled facts, in the order shown (porteur, axe… calendrier).
    pub facts: Vec<(&'static str, String)>,
    /// Labelled texts: constat, description, moyens.
    pub texts: Vec<(&'static str, String)>,
    /// Budget: one line per funder, then the total.
    pub budget: Vec<(String, String)>,
    /// Indicators.
    pub indicators: Vec<IndicatorLine>,
    /// Years of the convention, for the indicators' columns.
    pub years: Vec<i32>,
    /// The committee's avis standing, in words, if any.
    pub decision: Option<String>,
    /// When the action last changed, in words.
    pub last_change: String,
}

/// Everything the fiches show.
#[derive(Debug, Clone)]
pub struct Fiches {
    /// The cover.
    pub cover: Cover,
    /// The contents.
    pub contents: Vec<ContentsLine>,
    /// One fiche per action kept, in the order of the contents.
    pub fiches: Vec<Fiche>,
    /// The objectives no action covers: `code — label`.
    pub shadows: Vec<String>,
}

/// « 12 500 € », or « non renseigné ».
fn amount(x: Option<f64>) -> String {
    x.map_or_else(|| "non renseigné".to_owned(), euros)
}

fn date(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "?".to_owned(), |d| d.format("%d/%m/%Y").to_string())
}

fn or_unsaid(text: &str) -> String {
    if text.trim().is_empty() {
        "non renseigné".to_owned()
    } else {
        text.to_owned()
    }
}

fn value(v: Option<&IndicatorValue>) -> String {
    match v {
        Some(IndicatorValue::Number(n)) => crate::workbook::CellValue::Number(*n).to_string(),
        Some(IndicatorValue::Text(t)) => t.clone(),
        None => "—".to_owned(),
    }
}

/// An indicator's line, its results with their « Taux d'atteinte »
/// (`evaluation::achievement`) on `today`, which tells a partial year.
fn indicator(i: &Indicator, years: &[i32], today: NaiveDate) -> IndicatorLine {
    let mut kind: Vec<&str> = Vec::new();
    kind.extend(i.kind.map(|k| k.label()));
    kind.extend(i.nature.map(|n| n.label()));
    if !i.unit.is_empty() {
        kind.push(&i.unit);
    }
    IndicatorLine {
        name: i.name.clone(),
        kind: kind.join(", "),
        baseline: value(i.baseline.as_ref()),
        target: format!(
            "{} — {}",
            value(i.target.as_ref()),
            TargetHorizon::describe(i.horizon)
        ),
        results: years
            .iter()
            .map(|y| {
                let shown = value(i.results.get(y));
                let rate = evaluation::achievement(i, *y, today)
                    .map(|a| {
                        let rate = format!("taux d'atteinte {}", percent(a.rate));
                        let mut said = vec![rate.as_str()];
                        match a.basis {
                            Basis::FromBaseline => {}
                            Basis::WithoutBaseline => {
                                said.push("sans valeur de départ : réalisé ÷ cible")
                            }
                            Basis::TargetIsBaseline => {
                                said.push("cible égale au départ : réalisé ÷ cible")
                            }
                        }
                        if a.partial {
                            said.push("partiel");
                        }
                        format!(" ({})", said.join(", "))
                    })
                    .unwrap_or_default();
                (*y, format!("{shown}{rate}"))
            })
            .collect(),
    }
}

/// The fiche of action `a` of partner `code`.
fn fiche(a: &Action, code: &str, plan: &CurrentPlan, joint: &JointPlan, config: &Config) -> Fiche {
    let r = &config.referentiel;
    let partner = plan.snapshot.partners.get(code);
    let name = partner.map_or(code, |p| p.name.as_str());
    let objective = r.objective(&a.objective);
    let orientation = objective.and_then(|o| r.orientation(o.orientation_code()));
    let axis = objective.and_then(|o| r.axis(o.axis_code()));
    let coded = |code: &str, label: &str| format!("{code} — {label}");
    let contact = if a.contact.is_empty() {
        config
            .partner(code)
            .filter(|p| !p.contact.is_empty())
            .map_or_else(
                || "non renseigné".to_owned(),
                |p| format!("{} (référent de la structure)", p.contact),
            )
    } else {
        a.contact.clone()
    };
    let progress = a
        .progress
        .map(|p| format!(", avancement {} %", crate::workbook::CellValue::Number(p)))
        .unwrap_or_default();
    let status = a.status.map_or_else(
        || "non renseigné".to_owned(),
        |k| r.status_label(k).to_owned(),
    );
    let shared = joint.of(&a.number);
    let mut facts = vec![("Porteur", format!("{name} ({code})"))];
    if let Some(j) = shared {
        facts.push(("Co-porteurs (action commune)", super::joint::co_carriers(j)));
    }
    facts.extend([
        ("Référent", contact),
        (
            "Axe",
            axis.map_or_else(|| "?".to_owned(), |x| coded(&x.code, &x.label)),
        ),
        (
            "Orientation",
            orientation.map_or_else(|| "?".to_owned(), |o| coded(&o.code, &o.label)),
        ),
        (
            "Objectif opérationnel",
            objective.map_or_else(|| a.objective.clone(), |o| o.choice()),
        ),
        ("Champ d'intervention", or_unsaid(&a.domains.join(", "))),
        ("Public", or_unsaid(&a.audiences.join(", "))),
        ("Communes", or_unsaid(&a.communes.display())),
        ("Partenaires associés", or_unsaid(&a.associates)),
        (
            "Calendrier",
            format!("du {} au {}", date(a.start), date(a.end)),
        ),
        ("Statut", format!("{status}{progress}")),
    ]);
    let texts = vec![
        ("Constat (besoin identifié)", or_unsaid(&a.need)),
        ("Description", or_unsaid(&a.description)),
        ("Moyens mobilisés", or_unsaid(&a.means)),
    ];
    let mut budget: Vec<(String, String)> = r
        .funders
        .iter()
        .filter_map(|f| a.funding.get(&f.code).map(|x| (f.label.clone(), euros(*x))))
        .collect();
    budget.push(("Total financé".to_owned(), euros(a.funding_total())));
    budget.push(("Budget prévisionnel".to_owned(), amount(a.budget)));
    let years: Vec<i32> = r.convention.years().collect();
    // A plan always carries its date; without one, no year reads as partial.
    let today = plan.snapshot.taken_at.map_or(NaiveDate::MIN, |t| t.date());
    let mut indicators: Vec<IndicatorLine> = partner
        .map(|p| {
            p.indicators
                .iter()
                .filter(|i| i.action == a.number)
                .map(|i| indicator(i, &years, today))
                .collect()
        })
        .unwrap_or_default();
    // A joint action is measured by every partner carrying it.
    for (number, i) in
        shared.map_or_else(Vec::new, |j| super::joint::co_carriers_indicators(plan, j))
    {
        let mut line = indicator(i, &years, today);
        line.name = format!("{} ({number})", line.name);
        indicators.push(line);
    }
    let decision = plan.snapshot.decisions.get(&a.number).map(|d| {
        let comment = if d.comment.is_empty() {
            String::new()
        } else {
            format!(" — {}", d.comment)
        };
        format!("{} ({}){comment}", d.verdict, d.meeting_title())
    });
    let last_change = match plan.last_changes.get(&a.number) {
        Some(t) => format!("dernière modification le {}", t.format("%d/%m/%Y")),
        None => "date de dernière modification inconnue (pas encore d'historique)".to_owned(),
    };
    Fiche {
        number: a.number.clone(),
        title: a.title.clone(),
        facts,
        texts,
        budget,
        indicators,
        years,
        decision,
        last_change,
    }
}

/// The fiches of `plan` that `filters` keep, dated `date`.
pub fn fiches(plan: &CurrentPlan, config: &Config, filters: &Filters, date: NaiveDate) -> Fiches {
    let r = &config.referentiel;
    let joint = JointPlan::of_snapshot(&plan.snapshot);
    let kept: Vec<(&str, &Action)> = plan
        .snapshot
        .partners
        .iter()
        .flat_map(|(code, p)| p.actions.iter().map(move |a| (code.as_str(), a)))
        .filter(|(code, a)| filters.keeps(code, a))
        .collect();
    // An action carried by several partners is one fiche, its lead's.
    let mut kept = super::joint::leads(plan, &joint, kept);
    kept.sort_by(|x, y| x.1.number.cmp(&y.1.number));
    let mut contents = Vec::new();
    let mut fiches_out = Vec::new();
    let mut placed: BTreeSet<&str> = BTreeSet::new();
    for axis in &r.axes {
        let mut axis_shown = false;
        for o in r
            .orientations
            .iter()
            .filter(|o| o.code.starts_with(&format!("{}.", axis.code)))
        {
            let mut orientation_shown = false;
            for ob in r
                .objectives
                .iter()
                .filter(|ob| ob.orientation_code() == o.code)
            {
                let of: Vec<&(&str, &Action)> = kept
                    .iter()
                    .filter(|(_, a)| a.objective == ob.code)
                    .collect();
                if of.is_empty() {
                    continue;
                }
                if !axis_shown {
                    contents.push(ContentsLine::Heading(
                        0,
                        format!("Axe {} — {}", axis.code, axis.label),
                    ));
                    axis_shown = true;
                }
                if !orientation_shown {
                    contents.push(ContentsLine::Heading(
                        1,
                        format!("{} — {}", o.code, o.label),
                    ));
                    orientation_shown = true;
                }
                contents.push(ContentsLine::Heading(2, ob.choice()));
                for (code, a) in of {
                    contents.push(ContentsLine::Fiche(a.number.clone(), a.title.clone()));
                    fiches_out.push(fiche(a, code, plan, &joint, config));
                    placed.insert(a.number.as_str());
                }
            }
        }
    }
    // Actions whose objective the référentiel does not hold come last.
    let outside: Vec<&(&str, &Action)> = kept
        .iter()
        .filter(|(_, a)| !placed.contains(a.number.as_str()))
        .collect();
    if !outside.is_empty() {
        contents.push(ContentsLine::Heading(
            0,
            "Objectif hors du référentiel".to_owned(),
        ));
        for (code, a) in outside {
            contents.push(ContentsLine::Fiche(a.number.clone(), a.title.clone()));
            fiches_out.push(fiche(a, code, plan, &joint, config));
        }
    }
    let covered: BTreeSet<&str> = plan
        .snapshot
        .partners
        .values()
        .flat_map(|p| p.actions.iter().map(|a| a.objective.as_str()))
        .collect();
    let shadows = r
        .objectives
        .iter()
        .filter(|o| !covered.contains(o.code.as_str()))
        .map(|o| o.choice())
        .collect();
    let plan_label = match plan.source {
        crate::history::PlanSource::Run(n) => format!("{} (n° {n})", plan.snapshot.label),
        crate::history::PlanSource::Fresh => {
            "classeurs du dossier lus à la date ci-dessus (aucune consolidation encore)".to_owned()
        }
    };
    let sources = plan
        .snapshot
        .partners
        .iter()
        .filter_map(|(code, p)| {
            p.source
                .as_ref()
                .map(|s| format!("{} ({code}) : {s}", p.name))
        })
        .collect();
    Fiches {
        cover: Cover {
            name: r.convention.name.clone(),
            territory: format!("{} et {}", r.convention.territory, r.convention.caf),
            period: format!("{} – {}", r.convention.start_year, r.convention.end_year),
            date,
            plan: plan_label,
            filters: filters.describe(config),
            sources,
        },
        contents,
        fiches: fiches_out,
        shadows,
    }
}

/// The date a plan was taken, for the cover when none is asked for.
pub fn plan_date(plan: &CurrentPlan, now: NaiveDateTime) -> NaiveDate {
    plan.snapshot.taken_at.unwrap_or(now).date()
}
