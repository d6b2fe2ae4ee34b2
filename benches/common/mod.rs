//! Shared by the benchmarks: realistic partner workbooks (the real
//! template, pre-filled), and small helpers.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use ctg::model::{Action, Communes, Indicator, IndicatorValue};
use ctg::outputs::template::{self, TemplateSpec};
use ctg::referentiel::{Config, Partner, StatusKind};

pub type Res<T> = Result<T, Box<dyn std::error::Error>>;

pub mod measure;

#[path = "../../tests/it/common/readback.rs"]
pub mod readback;

/// An environment variable as a number, or `default`.
pub fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The code of partner number `p` (0-based): `P001`, `P002`…
pub fn partner_code(p: usize) -> String {
    format!("P{:03}", p + 1)
}

/// The file name of partner number `p` in the generated folder.
pub fn file_name(p: usize) -> String {
    format!("plan-{}.xlsx", partner_code(p))
}

/// The workbook of partner number `p` with `actions` actions (+2
/// indicators each); every action title ends with `marker` (empty for the
/// plain folder), so that a new save is a new content.
pub fn partner_workbook(config: &Config, p: usize, actions: usize, marker: &str) -> Res<Vec<u8>> {
    let r = &config.referentiel;
    let statuses = StatusKind::ALL;
    let created = NaiveDate::from_ymd_opt(2024, 6, 1)
        .and_then(|d| d.and_hms_opt(8, 0, 0))
        .ok_or("date")?;
    let code = partner_code(p);
    let partner = Partner {
        code: code.clone(),
        name: format!("Partenaire {}", p + 1),
        contact: "Référent".into(),
        email: "ref@example.fr".into(),
        phone: String::new(),
    };
    let mut list = Vec::with_capacity(actions);
    let mut indicators = Vec::with_capacity(actions * 2);
    for i in 0..actions {
        let number = format!("{code}-{:03}", i + 1);
        let objective = &r.objectives[(p + i) % r.objectives.len()];
        let budget = 1000.0 + ((p * 37 + i * 11) % 50) as f64 * 100.0;
        let mut funding = BTreeMap::new();
        funding.insert("caf".to_owned(), budget * 0.4);
        funding.insert("ccta".to_owned(), budget * 0.3);
        list.push(Action {
            number: number.clone(),
            title: format!("Action {} du partenaire {}{marker}", i + 1, p + 1),
            objective: objective.code.clone(),
            domains: vec![r.domains[i % r.domains.len()].clone()],
            audiences: vec![r.audiences[i % r.audiences.len()].clone()],
            communes: if i % 3 == 0 {
                Communes::All
            } else {
                Communes::Some(vec![r.communes[i % r.communes.len()].name.clone()])
            },
            description: "Ateliers réguliers ouverts aux familles du territoire, animés par l'équipe."
                .into(),
            contact: "Référent".into(),
            associates: "CAF, CCTA".into(),
            start: NaiveDate::from_ymd_opt(2023 + (i % 3) as i32, 1 + (i % 12) as u32, 1),
            end: NaiveDate::from_ymd_opt(2026, 12, 31),
            status: Some(statuses[i % 2]),
            progress: Some(((i * 7) % 100) as f64),
            budget: Some(budget),
            funding,
            comments: String::new(),
            extra: Vec::new(),
            row: 0,
            ..Action::default()
        });
        for k in 0..2 {
            indicators.push(Indicator {
                action: number.clone(),
                name: format!("Indicateur {} de l'action {}", k + 1, i + 1),
                kind: Some(ctg::model::IndicatorKind::Quantitative),
                unit: "personnes".into(),
                baseline: Some(IndicatorValue::Number(0.0)),
                target: Some(IndicatorValue::Number(50.0)),
                results: [
                    (2023, IndicatorValue::Number(12.0)),
                    (2024, IndicatorValue::Number(25.0)),
                ]
                .into_iter()
                .collect(),
                comment: String::new(),
                row: 0,
                ..Indicator::default()
            });
        }
    }
    let spec = TemplateSpec {
        partner: &partner,
        actions: &list,
        indicators: &indicators,
        created,
    };
    Ok(template::build(&spec, r)?)
}

/// Writes `partners` realistic partner workbooks into `dir`.
pub fn generate(dir: &Path, partners: usize, actions: usize) -> Res<()> {
    let config = Config::embedded()?;
    for p in 0..partners {
        std::fs::write(
            dir.join(file_name(p)),
            partner_workbook(&config, p, actions, "")?,
        )?;
    }
    Ok(())
}

/// Saves `bytes` as `dir/name` the way Excel does: a temporary file in the
/// same folder renamed over the original (the file is never half-written).
pub fn save_like_excel(dir: &Path, name: &str, bytes: &[u8]) -> Res<()> {
    let tmp = dir.join(format!("~{name}.tmp"));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, dir.join(name))?;
    Ok(())
}

/// The `q`-th quantile (0..=1, nearest rank) of sorted values.
pub fn quantile<T: Copy>(sorted: &[T], q: f64) -> Option<T> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    Some(sorted[rank - 1])
}

/// Resident memory of process `pid`, in kB (Linux: /proc/PID/status).
pub fn rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
