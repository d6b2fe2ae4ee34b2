//! Test support: partner workbooks built in code, the way partners really
//! make them (template layout or not), and helpers to check them.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use ctg::finding::{Code, Finding, Severity};
use ctg::model::Submission;
use ctg::referentiel::Config;
use ctg::validate::{self, Context};
use ctg::workbook::{Isolation, Limits};
use rust_xlsxwriter::{ExcelDateTime, Workbook};

pub mod readback;
pub mod xlsx;

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The date rules about lateness compare with, in every test.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 6, 15).unwrap_or_default()
}

/// The embedded configuration.
pub fn config() -> Config {
    match Config::embedded() {
        Ok(c) => c,
        Err(e) => panic!("embedded configuration invalid: {e}"),
    }
}

/// A cell value to write.
#[derive(Debug, Clone, PartialEq)]
pub enum V {
    /// Text (always written as a string, even if it starts with `=`).
    T(String),
    /// Number.
    N(f64),
    /// A real date cell (formatted dd/mm/yyyy).
    D(u16, u8, u8),
    /// A formula, with its cached result.
    F(String, String),
}

/// Text cell.
pub fn t(s: &str) -> V {
    V::T(s.to_owned())
}

/// Number cell.
pub fn n(x: f64) -> V {
    V::N(x)
}

/// Date cell.
pub fn d(y: u16, m: u8, day: u8) -> V {
    V::D(y, m, day)
}

/// One sheet: rows from `start_row` (0-based), merged ranges.
#[derive(Debug, Clone)]
pub struct SheetSpec {
    pub name: String,
    pub start_row: u32,
    pub start_col: u16,
    pub rows: Vec<Vec<Option<V>>>,
    /// (first_row, first_col, last_row, last_col), 0-based.
    pub merges: Vec<(u32, u16, u32, u16)>,
    pub hidden: bool,
}

impl SheetSpec {
    pub fn new(name: &str) -> SheetSpec {
        SheetSpec {
            name: name.to_owned(),
            start_row: 0,
            start_col: 0,
            rows: Vec::new(),
            merges: Vec::new(),
            hidden: false,
        }
    }
}

/// The template's Actions headers, in order.
pub const ACTION_HEADERS: [&str; 19] = [
    "N° action",
    "Intitulé",
    "Objectif opérationnel",
    "Champ d'intervention",
    "Public cible",
    "Communes concernées",
    "Description",
    "Référent de l'action",
    "Partenaires associés",
    "Date de début",
    "Date de fin",
    "Statut",
    "Avancement (%)",
    "Budget prévisionnel (€)",
    "Financement CAF (€)",
    "Financement CCTA (€)",
    "Financement communes (€)",
    "Autres financements (€)",
    "Commentaires",
];

/// The template's Indicateurs headers, in order.
pub const INDICATOR_HEADERS: [&str; 11] = [
    "N° action",
    "Indicateur",
    "Type",
    "Unité",
    "Valeur de départ",
    "Cible",
    "Réalisé 2023",
    "Réalisé 2024",
    "Réalisé 2025",
    "Réalisé 2026",
    "Commentaire",
];

/// The columns template ctg-2 added to the Actions sheet. Test workbooks
/// put them after the others: columns are found by their header, and the
/// cells of the first ones keep the letters they had in template ctg-1.
pub const NEW_ACTION_HEADERS: [&str; 8] = [
    "Constat (besoin identifié)",
    "Moyens mobilisés",
    "Action commune avec",
    "Dispositif CAF",
    "Dépenses réalisées 2023 (€)",
    "Dépenses réalisées 2024 (€)",
    "Dépenses réalisées 2025 (€)",
    "Dépenses réalisées 2026 (€)",
];

/// The columns template ctg-2 added to the Indicateurs sheet.
pub const NEW_INDICATOR_HEADERS: [&str; 2] = ["Nature", "Horizon de la cible"];

/// A complete, valid action of partner `code`, number `i`, as header → value.
pub fn valid_action(code: &str, i: u32) -> Vec<(&'static str, V)> {
    vec![
        ("N° action", t(&format!("{code}-{i:03}"))),
        ("Intitulé", t(&format!("Ateliers parents-enfants n°{i}"))),
        (
            "Objectif opérationnel",
            t("2.2.1 — Développer les actions en lien avec la parentalité"),
        ),
        ("Champ d'intervention", t("Parentalité")),
        ("Public cible", t("Familles / Parents")),
        ("Communes concernées", t("Lavaur; Saint-Sulpice-la-Pointe")),
        (
            "Description",
            t("Un mercredi par mois, ateliers animés par une éducatrice."),
        ),
        ("Référent de l'action", t("Claire Martin")),
        ("Partenaires associés", t("LAEP, RPE")),
        ("Date de début", d(2024, 1, 10)),
        ("Date de fin", d(2025, 12, 31)),
        ("Statut", t("En cours")),
        ("Avancement (%)", n(40.0)),
        ("Budget prévisionnel (€)", n(5000.0)),
        ("Financement CAF (€)", n(2000.0)),
        ("Financement CCTA (€)", n(1500.0)),
        ("Financement communes (€)", n(500.0)),
        ("Autres financements (€)", n(0.0)),
        ("Commentaires", t("")),
    ]
}

/// A valid indicator of an action.
pub fn valid_indicator(action: &str) -> Vec<(&'static str, V)> {
    vec![
        ("N° action", t(action)),
        ("Indicateur", t("Nombre de familles participantes")),
        ("Type", t("Quantitatif")),
        ("Unité", t("familles")),
        ("Valeur de départ", n(0.0)),
        ("Cible", n(40.0)),
        ("Réalisé 2023", n(12.0)),
        ("Réalisé 2024", n(18.0)),
    ]
}

/// The template's layout for partner `code` with one valid action
/// (`CODE-001`) and its indicator.
pub fn one_action(code: &str, name: &str) -> Book {
    Book::standard(code, name)
        .action(valid_action(code, 1))
        .indicator(valid_indicator(&format!("{code}-001")))
}

/// Replaces (or adds) the value of `header` in a row spec.
pub fn with(
    mut row: Vec<(&'static str, V)>,
    header: &'static str,
    value: Option<V>,
) -> Vec<(&'static str, V)> {
    row.retain(|(h, _)| *h != header);
    if let Some(v) = value {
        row.push((header, v));
    }
    row
}

/// Replaces (or adds) several values of a row spec at once.
pub fn with_all(
    mut row: Vec<(&'static str, V)>,
    values: Vec<(&'static str, V)>,
) -> Vec<(&'static str, V)> {
    for (header, value) in values {
        row = with(row, header, Some(value));
    }
    row
}

/// A workbook under construction.
#[derive(Debug, Clone)]
pub struct Book {
    pub sheets: Vec<SheetSpec>,
}

impl Book {
    /// An empty workbook.
    pub fn new() -> Book {
        Book { sheets: Vec::new() }
    }

    /// The current template's layout (ctg-2): Partenaire sheet for `code`,
    /// Actions and Indicateurs sheets with their header rows, the columns
    /// ctg-2 added last.
    pub fn standard(code: &str, name: &str) -> Book {
        let mut book = Book::standard_v1(code, name);
        book.sheet("Partenaire").rows[9][1] = Some(t(ctg::validate::TEMPLATE_VERSION));
        let actions = &mut book.sheet("Actions").rows[0];
        actions.extend(NEW_ACTION_HEADERS.iter().map(|h| Some(t(h))));
        let indicators = &mut book.sheet("Indicateurs").rows[0];
        indicators.extend(NEW_INDICATOR_HEADERS.iter().map(|h| Some(t(h))));
        book
    }

    /// The layout of template ctg-1, before the columns of ctg-2.
    pub fn standard_v1(code: &str, name: &str) -> Book {
        let mut partner = SheetSpec::new("Partenaire");
        partner.rows = vec![
            vec![Some(t("Fiche partenaire"))],
            vec![],
            vec![],
            vec![Some(t("Structure")), Some(t(name))],
            vec![Some(t("Code partenaire")), Some(t(code))],
            vec![Some(t("Référent")), Some(t("Claire Martin"))],
            vec![Some(t("Courriel")), Some(t("claire.martin@example.fr"))],
            vec![Some(t("Téléphone")), Some(t("05 63 00 00 00"))],
            vec![Some(t("Date de mise à jour")), Some(d(2024, 6, 1))],
            vec![Some(t("Version du modèle")), Some(t("ctg-1"))],
        ];
        let mut actions = SheetSpec::new("Actions");
        actions.rows = vec![ACTION_HEADERS.iter().map(|h| Some(t(h))).collect()];
        let mut indicators = SheetSpec::new("Indicateurs");
        indicators.rows = vec![INDICATOR_HEADERS.iter().map(|h| Some(t(h))).collect()];
        Book {
            sheets: vec![partner, actions, indicators],
        }
    }

    /// The sheet called `name`.
    pub fn sheet(&mut self, name: &str) -> &mut SheetSpec {
        match self.sheets.iter().position(|s| s.name == name) {
            Some(i) => &mut self.sheets[i],
            None => panic!("no sheet {name}"),
        }
    }

    /// Appends a row to a table sheet, placing values under their headers
    /// (found in the sheet's first row).
    pub fn row(mut self, sheet: &str, values: Vec<(&'static str, V)>) -> Book {
        let s = self.sheet(sheet);
        let headers: Vec<String> = s.rows[0]
            .iter()
            .map(|c| match c {
                Some(V::T(h)) => h.clone(),
                _ => String::new(),
            })
            .collect();
        let mut row = vec![None; headers.len()];
        for (h, v) in values {
            match headers.iter().position(|x| x == h) {
                Some(i) => {
                    row[i] = if v == V::T(String::new()) {
                        None
                    } else {
                        Some(v)
                    }
                }
                None => panic!("no column {h} in {sheet}"),
            }
        }
        s.rows.push(row);
        self
    }

    /// Appends an action row.
    pub fn action(self, values: Vec<(&'static str, V)>) -> Book {
        self.row("Actions", values)
    }

    /// Appends an indicator row.
    pub fn indicator(self, values: Vec<(&'static str, V)>) -> Book {
        self.row("Indicateurs", values)
    }

    /// Appends a raw row (cells in column order) to a sheet.
    pub fn raw_row(mut self, sheet: &str, cells: Vec<Option<V>>) -> Book {
        self.sheet(sheet).rows.push(cells);
        self
    }

    /// The workbook as xlsx bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        match self.build() {
            Ok(b) => b,
            Err(e) => panic!("cannot build test workbook: {e}"),
        }
    }

    fn build(&self) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let mut wb = Workbook::new();
        let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
        for spec in &self.sheets {
            let ws = wb.add_worksheet();
            ws.set_name(&spec.name)?;
            for (i, row) in spec.rows.iter().enumerate() {
                let r = spec.start_row + i as u32;
                for (j, cell) in row.iter().enumerate() {
                    let c = spec.start_col + j as u16;
                    match cell {
                        None => {}
                        Some(V::T(s)) => {
                            ws.write_string(r, c, s)?;
                        }
                        Some(V::N(x)) => {
                            ws.write_number(r, c, *x)?;
                        }
                        Some(V::D(y, m, day)) => {
                            ws.write_datetime_with_format(
                                r,
                                c,
                                ExcelDateTime::from_ymd(*y, *m, *day)?,
                                &date,
                            )?;
                        }
                        Some(V::F(f, result)) => {
                            ws.write_formula(
                                r,
                                c,
                                rust_xlsxwriter::Formula::new(f).set_result(result),
                            )?;
                        }
                    }
                }
            }
            for (r1, c1, r2, c2) in &spec.merges {
                let value = spec
                    .rows
                    .get((*r1 - spec.start_row) as usize)
                    .and_then(|row| row.get((*c1 - spec.start_col) as usize))
                    .cloned()
                    .flatten();
                let text = match value {
                    Some(V::T(s)) => s,
                    Some(V::N(x)) => x.to_string(),
                    _ => String::new(),
                };
                ws.merge_range(*r1, *c1, *r2, *c2, &text, &rust_xlsxwriter::Format::new())?;
            }
            if spec.hidden {
                ws.set_hidden(true);
            }
        }
        wb.save_to_buffer()
    }

    /// Saves under `dir` as `name`.
    pub fn save(&self, dir: &Path, name: &str) -> PathBuf {
        let path = dir.join(name);
        if let Err(e) = std::fs::write(&path, self.to_bytes()) {
            panic!("cannot write {}: {e}", path.display());
        }
        path
    }

    /// Saves to a temporary folder and checks it in-process, as file `name`.
    pub fn check_as(&self, name: &str) -> Submission {
        let dir = match tempfile::tempdir() {
            Ok(d) => d,
            Err(e) => panic!("tempdir: {e}"),
        };
        let path = self.save(dir.path(), name);
        check_path(&path, name)
    }

    /// Checks the workbook as `plan-actions.xlsx`.
    pub fn check(&self) -> Submission {
        self.check_as("plan-actions.xlsx")
    }
}

impl Default for Book {
    fn default() -> Self {
        Book::new()
    }
}

/// Checks a file in-process with the embedded configuration.
pub fn check_path(path: &Path, display: &str) -> Submission {
    let config = config();
    let ctx = Context::new(&config, today());
    validate::check_file(
        path,
        display,
        &ctx,
        &Limits::default(),
        &Isolation::InProcess,
    )
}

/// The findings with `code`.
pub fn with_code(s: &Submission, code: Code) -> Vec<&Finding> {
    s.findings.iter().filter(|f| f.code == code).collect()
}

/// The only finding with `code`; fails listing all findings otherwise.
pub fn only(s: &Submission, code: Code) -> Finding {
    let found = with_code(s, code);
    match found.as_slice() {
        [f] => (*f).clone(),
        _ => panic!(
            "expected exactly one {code} finding, got {}:\n{}",
            found.len(),
            dump(s)
        ),
    }
}

/// Asserts one finding: code, severity, cell reference (`Actions!C2`, or
/// `None` for the whole file) and a fragment of its message.
pub fn assert_finding(
    s: &Submission,
    code: Code,
    severity: Severity,
    at: Option<&str>,
    fragment: &str,
) -> Finding {
    let f = only(s, code);
    assert_eq!(f.severity, severity, "{code}: {}", f.message);
    assert_eq!(
        f.location.as_ref().map(|l| l.to_string()).as_deref(),
        at,
        "{code}: {}",
        f.message
    );
    assert!(
        f.message.contains(fragment),
        "{code}: message « {} » lacks « {fragment} »",
        f.message
    );
    f
}

/// Every finding, one per line, for failure messages.
pub fn dump(s: &Submission) -> String {
    s.findings
        .iter()
        .map(|f| {
            format!(
                "{:?} {} {} {}",
                f.severity,
                f.code,
                f.location
                    .as_ref()
                    .map(|l| l.to_string())
                    .unwrap_or_default(),
                f.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Asserts there is no error at all.
pub fn assert_no_error(s: &Submission) {
    let errors: Vec<_> = s
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "unexpected errors:\n{}", dump(s));
}

/// A local date and time as a file modification time.
pub fn local_time(
    y: i32,
    m: u32,
    d: u32,
    h: u32,
    min: u32,
) -> Result<std::time::SystemTime, Box<dyn std::error::Error>> {
    use chrono::TimeZone;
    let naive = NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|x| x.and_hms_opt(h, min, 0))
        .ok_or("bad date")?;
    let local = chrono::Local
        .from_local_datetime(&naive)
        .single()
        .ok_or("ambiguous local time")?;
    Ok(std::time::SystemTime::from(local))
}

/// A file of `tests/fixtures/` (see its README.md).
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name)
}

/// Path of the `ctg` binary built for integration tests.
pub fn ctg_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_ctg"))
}

/// Runs `ctg` with arguments (and a fixed date); returns (exit code, stdout, stderr).
pub fn run_ctg(args: &[&str]) -> (i32, String, String) {
    run_ctg_on("2024-06-15", args)
}

/// Runs `ctg` with arguments as on `today` (AAAA-MM-JJ); returns (exit
/// code, stdout, stderr).
pub fn run_ctg_on(today: &str, args: &[&str]) -> (i32, String, String) {
    let out = match std::process::Command::new(ctg_bin())
        .args(args)
        .arg("--aujourdhui")
        .arg(today)
        .output()
    {
        Ok(o) => o,
        Err(e) => panic!("cannot run ctg: {e}"),
    };
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Spawns `ctg consolider ROOT` (dated 15/06/2024) and SIGKILLs it as soon
/// as `fire` says so (or after 20 s); returns whether the kill came before
/// the run ended by itself.
pub fn consolider_killed_when(
    root: &Path,
    mut fire: impl FnMut() -> Result<bool, Box<dyn std::error::Error>>,
) -> Result<bool, Box<dyn std::error::Error>> {
    use std::time::{Duration, Instant};
    let mut child = std::process::Command::new(ctg_bin())
        .arg("consolider")
        .arg(root)
        .args(["--aujourdhui", "2024-06-15", "-q"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    let started = Instant::now();
    loop {
        if child.try_wait()?.is_some() {
            return Ok(false);
        }
        if fire()? || started.elapsed() > Duration::from_secs(20) {
            break;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    let _ = child.kill();
    child.wait()?;
    Ok(true)
}

/// A shared folder made by `ctg init`, inside a temporary folder removed
/// with the returned guard.
pub fn init_folder() -> Result<(tempfile::TempDir, PathBuf), Box<dyn std::error::Error>> {
    let tmp = tempfile::tempdir()?;
    let root = tmp.path().join("CTG");
    let (code, out, err) = run_ctg(&["init", &root.to_string_lossy()]);
    assert_eq!(code, 0, "ctg init: {out}{err}");
    Ok((tmp, root))
}

/// Consolidates in-process, as `ctg consolider` would on `now`, the
/// workbooks under `root/depots` (every sub-folder listed) with the
/// history `store` and the committee's workbooks of `root/coordination`.
pub fn consolidate_in_process(
    root: &Path,
    config: &Config,
    store: &ctg::store::Store,
    now: chrono::NaiveDateTime,
) -> Result<ctg::consolidate::Consolidation, Box<dyn std::error::Error>> {
    let depots = root.join("depots");
    let (files, problems) = ctg::folder::scan::workbooks_in(&depots)?;
    assert!(problems.is_empty(), "{problems:?}");
    let reading = ctg::consolidate::Reading {
        limits: &Limits::default(),
        isolation: &Isolation::InProcess,
        on_file: &|| {},
    };
    let inputs = ctg::consolidate::Inputs {
        deposits: &depots,
        files: &files,
        unlisted: &[],
        coordination: &root.join("coordination"),
    };
    Ok(ctg::consolidate::consolidate(
        &inputs, config, store, now, &reading,
    )?)
}

/// The golden history store v1 (`tests/fixtures/historique-v1`).
pub fn golden_store() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/historique-v1")
}

/// Copies the golden store's `.ctg/` and `ctg.toml` into `folder`, which
/// it creates: a private copy tests may upgrade or damage.
pub fn copy_golden_store(folder: &Path) -> std::io::Result<()> {
    copy_tree(&golden_store().join(".ctg"), &folder.join(".ctg"))?;
    std::fs::copy(golden_store().join("ctg.toml"), folder.join("ctg.toml"))?;
    Ok(())
}

/// Copies `from` into `to`, recursively.
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
