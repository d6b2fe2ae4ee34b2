//! `ctg consolider` end to end, through the real binary: a shared folder
//! made with `ctg init`, partner workbooks built in code (valid, drifted,
//! broken, unreadable, duplicated, plus the lock and temp files office suites
//! leave behind), and the consolidated workbook read back with calamine.
//!
//! What is proved here is issue 3's « Done when »: totals that add up, one
//! row per valid action, every refused row and anomaly reported, the
//! partners' states, the fallback to the last valid version, atomic and
//! deterministic outputs, the lock, a run killed at any moment, native charts.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crate::common::*;
use calamine::{Data, DataType, Reader, open_workbook_auto};
use chrono::NaiveDate;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

const WORKBOOK: &str = "sortie/plan-actions-consolide.xlsx";
const DASHBOARD: &str = "sortie/tableau-de-bord.html";

// ------------------------------------------------------------ folder helpers

/// A shared folder prepared by `ctg init`, removed at the end of the test.
fn shared_folder() -> Res<(tempfile::TempDir, PathBuf)> {
    let tmp = tempfile::tempdir()?;
    let root = tmp.path().join("CTG");
    let (code, out, err) = run_ctg(&["init", path_str(&root)?]);
    assert_eq!(code, 0, "ctg init: {out}{err}");
    assert!(root.join("depots").is_dir());
    Ok((tmp, root))
}

fn path_str(p: &Path) -> Res<&str> {
    p.to_str().ok_or_else(|| "non UTF-8 path".into())
}

/// Runs `ctg consolider ROOT` (plus `extra` arguments); returns (code, stdout, stderr).
fn consolider(root: &Path, extra: &[&str]) -> Res<(i32, String, String)> {
    let mut args = vec!["consolider", path_str(root)?];
    args.extend_from_slice(extra);
    Ok(run_ctg(&args))
}

/// Runs `ctg consolider ROOT` and insists on success.
fn consolidate_ok(root: &Path) -> Res<String> {
    let (code, out, err) = consolider(root, &[])?;
    assert_eq!(code, 0, "ctg consolider failed:\n{out}\n{err}");
    Ok(out)
}

/// Writes `bytes` at `dir/rel`, creating sub-folders.
fn put(dir: &Path, rel: &str, bytes: &[u8]) -> Res<PathBuf> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&path, bytes)?;
    Ok(path)
}

fn set_mtime(path: &Path, t: SystemTime) -> Res<()> {
    std::fs::File::options()
        .write(true)
        .open(path)?
        .set_modified(t)?;
    Ok(())
}

/// Every file under `dir` (relative path → SHA-256 of its bytes).
fn hash_tree(dir: &Path) -> Res<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir)?.to_string_lossy().into_owned();
                out.insert(rel, ctg::store::hash_bytes(&std::fs::read(&path)?));
            }
        }
    }
    Ok(out)
}

/// Names of the files directly in `dir`.
fn names_in(dir: &Path) -> Res<BTreeSet<String>> {
    let mut names = BTreeSet::new();
    if dir.is_dir() {
        for e in std::fs::read_dir(dir)? {
            names.insert(e?.file_name().to_string_lossy().into_owned());
        }
    }
    Ok(names)
}

fn is_temp(name: &str) -> bool {
    name.starts_with(".ctg-") && name.ends_with(".tmp")
}

// ------------------------------------------------------------ workbook reading

/// A sheet as a grid of absolute (0-based) cells.
struct Grid(Vec<Vec<Data>>);

impl Grid {
    fn get(&self, r: usize, c: usize) -> &Data {
        static EMPTY: Data = Data::Empty;
        self.0.get(r).and_then(|row| row.get(c)).unwrap_or(&EMPTY)
    }

    fn text(&self, r: usize, c: usize) -> String {
        text_of(self.get(r, c))
    }

    fn num(&self, r: usize, c: usize) -> f64 {
        match num_of(self.get(r, c)) {
            Some(x) => x,
            None => panic!("cell ({r}, {c}) is not a number: {:?}", self.get(r, c)),
        }
    }

    /// The first row whose column `c` reads `text`.
    fn row_of(&self, c: usize, text: &str) -> usize {
        match (0..self.0.len()).find(|&r| self.text(r, c) == text) {
            Some(r) => r,
            None => panic!("no row with « {text} » in column {c}"),
        }
    }
}

fn text_of(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::DateTime(_) => d
            .as_date()
            .map(|x| x.format("%d/%m/%Y").to_string())
            .unwrap_or_default(),
        other => other.to_string(),
    }
}

fn num_of(d: &Data) -> Option<f64> {
    match d {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

/// A sheet holding one table whose header is on row 1.
struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<Data>>,
}

impl Table {
    fn from(grid: &Grid) -> Table {
        let headers: Vec<String> = grid
            .0
            .first()
            .map(|r| r.iter().map(text_of).collect())
            .unwrap_or_default();
        let rows = grid
            .0
            .iter()
            .skip(1)
            .filter(|r| r.iter().any(|c| *c != Data::Empty))
            .cloned()
            .collect();
        Table { headers, rows }
    }

    fn col(&self, header: &str) -> usize {
        match self.headers.iter().position(|h| h == header) {
            Some(i) => i,
            None => panic!("no column « {header} » in {:?}", self.headers),
        }
    }

    fn cell(&self, row: usize, header: &str) -> &Data {
        static EMPTY: Data = Data::Empty;
        self.rows[row].get(self.col(header)).unwrap_or(&EMPTY)
    }

    fn text(&self, row: usize, header: &str) -> String {
        text_of(self.cell(row, header))
    }

    fn num(&self, row: usize, header: &str) -> Option<f64> {
        num_of(self.cell(row, header))
    }

    fn column(&self, header: &str) -> Vec<String> {
        (0..self.rows.len()).map(|r| self.text(r, header)).collect()
    }

    fn sum(&self, header: &str) -> f64 {
        (0..self.rows.len())
            .filter_map(|r| self.num(r, header))
            .sum()
    }

    /// The row whose `key` column reads `value`.
    fn find(&self, key: &str, value: &str) -> usize {
        match (0..self.rows.len()).find(|&r| self.text(r, key) == value) {
            Some(r) => r,
            None => panic!("no row with {key} = « {value} »"),
        }
    }
}

/// Every sheet of a consolidated workbook.
struct Output {
    sheets: BTreeMap<String, Grid>,
    order: Vec<String>,
}

impl Output {
    fn open(path: &Path) -> Res<Output> {
        let mut wb = open_workbook_auto(path)?;
        let order = wb.sheet_names();
        let mut sheets = BTreeMap::new();
        for name in &order {
            let range = wb.worksheet_range(name)?;
            let mut cells = Vec::new();
            if let Some((r0, c0)) = range.start() {
                let (h, w) = range.get_size();
                cells = vec![vec![Data::Empty; c0 as usize + w]; r0 as usize + h];
                for (r, row) in range.rows().enumerate() {
                    for (c, v) in row.iter().enumerate() {
                        cells[r0 as usize + r][c0 as usize + c] = v.clone();
                    }
                }
            }
            sheets.insert(name.clone(), Grid(cells));
        }
        Ok(Output { sheets, order })
    }

    fn grid(&self, name: &str) -> &Grid {
        match self.sheets.get(name) {
            Some(g) => g,
            None => panic!("no sheet {name} in {:?}", self.order),
        }
    }

    fn table(&self, name: &str) -> Table {
        Table::from(self.grid(name))
    }
}

/// The parts of an xlsx file (name → text).
fn xlsx_parts(path: &Path) -> Res<BTreeMap<String, String>> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path)?)?;
    let mut parts = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i)?;
        let name = f.name()?.into_owned();
        let mut s = String::new();
        f.read_to_string(&mut s)?;
        parts.insert(name, s);
    }
    Ok(parts)
}

/// The value of attribute `name` in an XML tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// The XML tags `<element …>` of a part.
fn tags<'a>(xml: &'a str, element: &str) -> Vec<&'a str> {
    let open = format!("<{element} ");
    let mut found = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        let tail = &rest[i..];
        let end = tail.find('>').map_or(tail.len(), |e| e + 1);
        found.push(&tail[..end]);
        rest = &tail[end..];
    }
    found
}

/// Where the rels of `part` live (`xl/worksheets/sheet1.xml` →
/// `xl/worksheets/_rels/sheet1.xml.rels`).
fn rels_of(part: &str) -> String {
    let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
    format!("{dir}/_rels/{file}.rels")
}

/// Resolves a relationship target relative to the part's folder.
fn resolve(part: &str, target: &str) -> String {
    let mut segments: Vec<&str> = part.split('/').collect();
    segments.pop();
    for s in target.split('/') {
        match s {
            ".." => {
                segments.pop();
            }
            "." | "" => {}
            s => segments.push(s),
        }
    }
    segments.join("/")
}

/// Targets of the relationships of `part` whose type ends with `kind`.
fn targets(parts: &BTreeMap<String, String>, part: &str, kind: &str) -> Vec<String> {
    let Some(rels) = parts.get(&rels_of(part)) else {
        return Vec::new();
    };
    tags(rels, "Relationship")
        .into_iter()
        .filter(|t| attr(t, "Type").is_some_and(|k| k.ends_with(kind)))
        .filter_map(|t| attr(t, "Target"))
        .map(|t| resolve(part, t))
        .collect()
}

/// The part holding the worksheet called `name`.
fn sheet_part(parts: &BTreeMap<String, String>, name: &str) -> Res<String> {
    let workbook = parts.get("xl/workbook.xml").ok_or("no workbook.xml")?;
    let sheet = tags(workbook, "sheet")
        .into_iter()
        .find(|t| attr(t, "name") == Some(name))
        .ok_or_else(|| format!("no sheet {name}"))?;
    let id = attr(sheet, "r:id").ok_or("sheet without r:id")?;
    let rels = parts
        .get("xl/_rels/workbook.xml.rels")
        .ok_or("no workbook rels")?;
    let target = tags(rels, "Relationship")
        .into_iter()
        .find(|t| attr(t, "Id") == Some(id))
        .and_then(|t| attr(t, "Target"))
        .ok_or("sheet relationship missing")?;
    Ok(resolve("xl/workbook.xml", target))
}

// ------------------------------------------------------------ the scenario

/// The objective choices used below, as the template's dropdown writes them.
const OBJ_1_1_1: &str =
    "1.1.1 — Maintenir et optimiser l'offre d'accueil (collectif et individuel) Petite Enfance";
const OBJ_1_2_1: &str = "1.2.1 — Développer l'offre pour les communes rurales et pôles relais";
const OBJ_2_1_1: &str = "2.1.1 — Renforcer la relation avec les parents";
const OBJ_3_2_1: &str =
    "3.2.1 — Favoriser la mixité sociale, en direction des familles vulnérables";
const OBJ_3_2_3: &str = "3.2.3 — Favoriser l'inclusion Numérique";

/// Partner text that a spreadsheet would take for formulas.
const FORMULA_TITLE: &str = "=HYPERLINK(\"http://exemple.invalid\";\"Cliquez ici\")";
const PLUS_TEXT: &str = "+33 5 63 58 00 00, demander Mme Durand";
const AT_TEXT: &str = "@mairie de Lavaur";
const MINUS_TEXT: &str = "-50 % pour les familles au quotient bas";

/// An action of `code` with the fields that matter overridden.
#[allow(clippy::too_many_arguments)]
fn action(
    code: &str,
    i: u32,
    title: &str,
    objective: &str,
    status: &str,
    communes: &str,
    budget: f64,
    funding: [f64; 4],
) -> Vec<(&'static str, V)> {
    let mut a = valid_action(code, i);
    for (h, v) in [
        ("Intitulé", t(title)),
        ("Objectif opérationnel", t(objective)),
        ("Statut", t(status)),
        ("Communes concernées", t(communes)),
        ("Budget prévisionnel (€)", n(budget)),
        ("Financement CAF (€)", n(funding[0])),
        ("Financement CCTA (€)", n(funding[1])),
        ("Financement communes (€)", n(funding[2])),
        ("Autres financements (€)", n(funding[3])),
    ] {
        a = with(a, h, Some(v));
    }
    match status {
        "Réalisée" => {
            a = with(a, "Avancement (%)", Some(n(100.0)));
            a = with(a, "Date de début", Some(d(2023, 1, 15)));
            a = with(a, "Date de fin", Some(d(2023, 12, 20)));
        }
        "À venir" => {
            a = with(a, "Avancement (%)", Some(n(0.0)));
            a = with(a, "Date de début", Some(d(2024, 9, 1)));
            a = with(a, "Date de fin", Some(d(2025, 6, 30)));
        }
        "Reportée" => {
            a = with(a, "Commentaires", Some(t("Reportée faute de local.")));
        }
        _ => {}
    }
    a
}

fn indicator(
    action: &str,
    name: &str,
    target: f64,
    results: &[(&'static str, f64)],
) -> Vec<(&'static str, V)> {
    let mut i = with(valid_indicator(action), "Indicateur", Some(t(name)));
    i = with(i, "Cible", Some(n(target)));
    i = with(i, "Réalisé 2023", None);
    i = with(i, "Réalisé 2024", None);
    for (h, v) in results {
        i = with(i, h, Some(n(*v)));
    }
    i
}

/// MJCL: valid, in a sub-folder; one action carries text a spreadsheet
/// would read as formulas.
fn mjcl() -> Book {
    let injected = action(
        "MJCL",
        3,
        FORMULA_TITLE,
        OBJ_2_1_1,
        "À venir",
        "Lavaur",
        900.0,
        [0.0, 900.0, 0.0, 0.0],
    );
    let injected = with(injected, "Description", Some(t(PLUS_TEXT)));
    let injected = with(injected, "Partenaires associés", Some(t(AT_TEXT)));
    let injected = with(injected, "Commentaires", Some(t(MINUS_TEXT)));
    Book::standard("MJCL", "MJC de Lavaur")
        .action(valid_action("MJCL", 1))
        .action(action(
            "MJCL",
            2,
            "Accueil jeunes dans les communes rurales",
            OBJ_1_2_1,
            "Réalisée",
            "Toutes",
            12000.0,
            [6000.0, 4000.0, 0.0, 2000.0],
        ))
        .action(injected)
        .indicator(valid_indicator("MJCL-001"))
        .indicator(indicator(
            "MJCL-002",
            "Nombre de jeunes accueillis",
            30.0,
            &[("Réalisé 2023", 36.0)],
        ))
}

/// RPE: valid, at the top of depots/.
fn rpe() -> Book {
    Book::standard("RPE", "Relais Petite Enfance intercommunal")
        .action(action(
            "RPE",
            1,
            "Matinées d'éveil itinérantes",
            OBJ_1_1_1,
            "Reportée",
            "Lavaur",
            3000.0,
            [3000.0, 0.0, 0.0, 0.0],
        ))
        .action(action(
            "RPE",
            2,
            "Café des parents",
            OBJ_2_1_1,
            "En cours",
            "Ambres; Azas",
            800.0,
            [0.0, 800.0, 0.0, 0.0],
        ))
        .indicator(indicator(
            "RPE-002",
            "Nombre de cafés organisés",
            10.0,
            &[("Réalisé 2023", 4.0), ("Réalisé 2024", 5.0)],
        ))
}

/// SJ: drifted — a title above the header (row 3), renamed and reordered
/// columns, an unknown column, dates and amounts typed as text.
fn sj() -> Book {
    let mut book = Book::standard("SJ", "Service Jeunesse intercommunal");
    let sheet = book.sheet("Actions");
    let headers = [
        "Titre",
        "Numéro",
        "Statut",
        "Objectif",
        "Champ",
        "Public",
        "Communes",
        "Début",
        "Fin",
        "Budget",
        "Financement CAF",
        "Part CCTA",
        "Observations",
        "Remarque interne",
    ];
    sheet.rows = vec![
        vec![Some(t(
            "Plan d'actions du Service Jeunesse — mise à jour de juin 2024",
        ))],
        vec![],
        headers.iter().map(|h| Some(t(h))).collect(),
        vec![
            Some(t("Accueil jeunes itinérant")),
            Some(t("SJ-001")),
            Some(t("En cours")),
            Some(t("1.2.1")),
            Some(t("Jeunesse")),
            Some(t("Adolescents (13-17 ans)")),
            Some(t("Lavaur; St Sulpice la Pointe")),
            Some(t("15/03/2024")),
            Some(t("30/06/2025")),
            Some(t("1 200,50 €")),
            Some(t("600 €")),
            Some(n(300.0)),
            None,
            None,
        ],
        vec![
            Some(t("Point information jeunesse")),
            Some(t("SJ-002")),
            Some(t("À venir")),
            Some(t("1.2.2")),
            Some(t("Jeunesse")),
            Some(t("Jeunes (16-25 ans)")),
            Some(t("Toutes")),
            Some(t("01/09/2024")),
            Some(t("31/12/2026")),
            Some(t("2 500 €")),
            Some(t("1 000,00")),
            None,
            Some(t("Ouverture à la rentrée")),
            Some(t("budget à confirmer")),
        ],
    ];
    book.indicator(indicator(
        "SJ-001",
        "Nombre de jeunes touchés",
        50.0,
        &[("Réalisé 2024", 20.0)],
    ))
}

/// CCAS-SSP: readable, with rows that cannot be accepted.
fn ccas() -> Book {
    Book::standard("CCAS-SSP", "CCAS de Saint-Sulpice-la-Pointe")
        // Row 2: valid.
        .action(action(
            "CCAS-SSP",
            1,
            "Épicerie solidaire",
            OBJ_3_2_1,
            "En cours",
            "Saint-Sulpice-la-Pointe",
            4000.0,
            [1000.0, 0.0, 3000.0, 0.0],
        ))
        // Row 3: an objective the CTG does not have.
        .action(with(
            action(
                "CCAS-SSP",
                2,
                "Jardin partagé",
                OBJ_3_2_1,
                "En cours",
                "Lavaur",
                500.0,
                [0.0; 4],
            ),
            "Objectif opérationnel",
            Some(t("9.9.9 — Objectif inventé")),
        ))
        // Row 4: the number of row 2 again.
        .action(action(
            "CCAS-SSP",
            1,
            "Aide aux vacances",
            OBJ_3_2_1,
            "En cours",
            "Lavaur",
            700.0,
            [0.0; 4],
        ))
        // Row 5: another partner's number.
        .action(action(
            "MJCL",
            50,
            "Action de la MJC recopiée",
            OBJ_2_1_1,
            "En cours",
            "Lavaur",
            100.0,
            [0.0; 4],
        ))
        // Row 6: no title.
        .action(with(
            action(
                "CCAS-SSP", 3, "x", OBJ_3_2_1, "En cours", "Lavaur", 100.0, [0.0; 4],
            ),
            "Intitulé",
            None,
        ))
        .indicator(indicator(
            "CCAS-SSP-001",
            "Nombre de familles aidées",
            80.0,
            &[("Réalisé 2023", 60.0), ("Réalisé 2024", 100.0)],
        ))
}

/// EFS: a workbook with these action titles.
fn efs(titles: &[&str]) -> Book {
    let mut b = Book::standard("EFS", "Espaces France Services Tarn-Agout");
    for (i, title) in titles.iter().enumerate() {
        b = b.action(action(
            "EFS",
            i as u32 + 1,
            title,
            OBJ_3_2_3,
            "En cours",
            "Toutes",
            1000.0,
            [500.0, 500.0, 0.0, 0.0],
        ));
        b = b.indicator(indicator(
            &format!("EFS-{:03}", i + 1),
            "Personnes accompagnées",
            200.0,
            &[("Réalisé 2024", 50.0)],
        ));
    }
    b
}

/// What a scenario folder holds, for the assertions.
struct Scenario {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    efs_old: String,
    efs_new: String,
}

const EXPECTED_ACTIONS: [&str; 10] = [
    "CCAS-SSP-001",
    "EFS-001",
    "EFS-002",
    "MJCL-001",
    "MJCL-002",
    "MJCL-003",
    "RPE-001",
    "RPE-002",
    "SJ-001",
    "SJ-002",
];

/// Files that must be ignored: what office suites and systems leave next
/// to workbooks. Each holds a valid LAEP workbook, so that reading one by
/// mistake would show.
const IGNORED: [&str; 8] = [
    "~$plan.xlsx",
    ".~lock.plan.ods#",
    ".hidden.xlsx",
    "A3F9C1D2",
    "plan.tmp",
    "~WRL0001.tmp",
    "mjc/~$Plan MJC.xlsx",
    ".Corbeille/LAEP.xlsx",
];

fn scenario() -> Res<Scenario> {
    let (tmp, root) = shared_folder()?;
    let depots = root.join("depots");
    put(&depots, "mjc/Plan MJC.xlsx", &mjcl().to_bytes())?;
    put(&depots, "RPE - plan d'actions.xlsx", &rpe().to_bytes())?;
    put(
        &depots,
        "jeunesse/Service jeunesse 2024.xlsx",
        &sj().to_bytes(),
    )?;
    put(&depots, "CCAS/ccas.xlsx", &ccas().to_bytes())?;
    // A PDF renamed .xlsx; the partner is told by the file name.
    put(&depots, "MLJ.xlsx", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")?;
    let laep = Book::standard("LAEP", "Lieu d'Accueil Enfants Parents")
        .action(valid_action("LAEP", 1))
        .to_bytes();
    for name in IGNORED {
        put(&depots, name, &laep)?;
    }
    // Two files for EFS: the more recent wins, though it sorts last by name.
    let efs_old = "EFS/EFS plan 2023.xlsx".to_owned();
    let efs_new = "efs-v2.xlsx".to_owned();
    let old = put(&depots, &efs_old, &efs(&["Ancienne version"]).to_bytes())?;
    let new = put(
        &depots,
        &efs_new,
        &efs(&["Permanences France Services", "Ateliers numériques"]).to_bytes(),
    )?;
    set_mtime(&old, local_time(2024, 1, 10, 12, 0)?)?;
    set_mtime(&new, local_time(2024, 5, 20, 9, 30)?)?;
    Ok(Scenario {
        _tmp: tmp,
        root,
        efs_old,
        efs_new,
    })
}

// ------------------------------------------------------------ the tests

/// Synthèse, Actions, Couverture and Indicateurs agree with one another
/// and with what the partners wrote.
#[test]
fn the_consolidated_workbook_adds_up() -> TestResult {
    let s = scenario()?;
    consolidate_ok(&s.root)?;
    let out = Output::open(&s.root.join(WORKBOOK))?;
    assert_eq!(
        out.order,
        [
            "Synthèse",
            "Modifications",
            "Actions",
            "Indicateurs",
            "Évaluation",
            "Couverture",
            "Répartition",
            "À corriger",
            "Anomalies",
            "Partenaires",
            "Référentiel"
        ]
    );

    // Actions: one row per valid action, sorted by number.
    let actions = out.table("Actions");
    assert_eq!(actions.column("N° action"), EXPECTED_ACTIONS);
    let row = |n: &str| actions.find("N° action", n);

    // Labels follow from the objective; dates and € are typed cells.
    let r = row("MJCL-001");
    assert_eq!(actions.text(r, "Partenaire"), "MJCL");
    assert_eq!(actions.text(r, "Structure"), "MJC de Lavaur");
    assert!(
        actions
            .text(r, "Axe")
            .starts_with("2 — Consolider les organisations")
    );
    assert!(actions.text(r, "Orientation").starts_with("2.2 — "));
    assert_eq!(
        actions.text(r, "Objectif opérationnel"),
        "2.2.1 — Développer les actions en lien avec la parentalité"
    );
    assert_eq!(
        actions.cell(r, "Date de début").as_date(),
        NaiveDate::from_ymd_opt(2024, 1, 10)
    );
    assert_eq!(actions.num(r, "Budget prévisionnel (€)"), Some(5000.0));
    assert_eq!(actions.num(r, "Total financé (€)"), Some(4000.0));
    assert_eq!(actions.text(r, "Source"), "mjc/Plan MJC.xlsx, ligne 2");

    // The drifted partner: read despite its layout; text dates and
    // amounts became numbers, the misspelt commune its official name.
    let r = row("SJ-001");
    assert_eq!(actions.text(r, "Intitulé"), "Accueil jeunes itinérant");
    assert_eq!(actions.text(r, "Statut"), "En cours");
    assert_eq!(
        actions.cell(r, "Date de début").as_date(),
        NaiveDate::from_ymd_opt(2024, 3, 15)
    );
    assert_eq!(
        actions.cell(r, "Date de fin").as_date(),
        NaiveDate::from_ymd_opt(2025, 6, 30)
    );
    assert_eq!(actions.num(r, "Budget prévisionnel (€)"), Some(1200.5));
    assert_eq!(actions.num(r, "Financement CAF (€)"), Some(600.0));
    assert_eq!(actions.num(r, "Financement CCTA (€)"), Some(300.0));
    assert_eq!(
        actions.text(r, "Communes concernées"),
        "Lavaur; Saint-Sulpice-la-Pointe"
    );
    assert_eq!(
        actions.text(r, "Source"),
        "jeunesse/Service jeunesse 2024.xlsx, ligne 4"
    );
    let r = row("SJ-002");
    assert_eq!(actions.num(r, "Budget prévisionnel (€)"), Some(2500.0));
    assert_eq!(actions.num(r, "Financement CAF (€)"), Some(1000.0));
    assert_eq!(actions.text(r, "Commentaires"), "Ouverture à la rentrée");
    assert_eq!(
        actions.text(r, "Autres colonnes du partenaire"),
        "Remarque interne : budget à confirmer"
    );
    assert_eq!(actions.text(r, "Communes concernées"), "Toutes");

    // Synthèse: headline figures equal the Actions sheet.
    let syn = out.grid("Synthèse");
    let figure = |label: &str| syn.num(syn.row_of(0, label), 1);
    assert_eq!(figure("Partenaires"), 9.0);
    assert_eq!(figure("  dont lu sans erreur"), 4.0);
    assert_eq!(figure("  dont avec erreurs à corriger"), 1.0);
    assert_eq!(figure("  dont fichier illisible"), 1.0);
    assert_eq!(figure("  dont sans fichier"), 3.0);
    assert_eq!(figure("Actions"), actions.rows.len() as f64);
    for status in ["À venir", "En cours", "Réalisée", "Reportée", "Abandonnée"] {
        let n = actions
            .column("Statut")
            .iter()
            .filter(|s| *s == status)
            .count();
        assert_eq!(
            figure(&format!("  dont « {status} »")),
            n as f64,
            "{status}"
        );
    }
    assert_eq!(
        figure("Indicateurs"),
        out.table("Indicateurs").rows.len() as f64
    );
    let budget = actions.sum("Budget prévisionnel (€)");
    assert!(
        (budget - (5000.0 + 12000.0 + 900.0 + 3000.0 + 800.0 + 1200.5 + 2500.0 + 4000.0 + 2000.0))
            .abs()
            < 1e-9
    );
    assert_eq!(figure("Budget prévisionnel total"), budget);
    let funders = [
        ("CAF", "Financement CAF (€)"),
        ("CCTA", "Financement CCTA (€)"),
        ("Communes", "Financement communes (€)"),
        ("Autres financements", "Autres financements (€)"),
    ];
    for (label, column) in funders {
        assert_eq!(
            figure(&format!("  {label}")),
            actions.sum(column),
            "{label}"
        );
    }
    assert_eq!(
        figure("  CAF"),
        2000.0 + 6000.0 + 3000.0 + 600.0 + 1000.0 + 1000.0 + 1000.0
    );

    // Axe × statut: each cell counts the Actions sheet; rows and columns add up.
    let head = syn.row_of(0, "Actions par axe et par statut") + 1;
    assert_eq!(syn.text(head, 0), "Axe");
    // Column 1 names the axes as the charts do (« Axe 1 »).
    assert_eq!(syn.text(head, 1), "Dans les graphiques");
    let status_cols: Vec<(usize, String)> = (2..)
        .map(|c| (c, syn.text(head, c)))
        .take_while(|(_, h)| h != "Total")
        .collect();
    assert_eq!(
        status_cols
            .iter()
            .map(|(_, h)| h.as_str())
            .collect::<Vec<_>>(),
        [
            "À venir",
            "En cours",
            "Réalisée",
            "Reportée",
            "Abandonnée",
            "Statut non reconnu (à corriger)",
            "Statut non renseigné"
        ]
    );
    // A status not of the list is told apart from an empty one: its
    // action is the one its finding names.
    let anomalies = out.table("Anomalies");
    let unknown_status: BTreeSet<String> = (0..anomalies.rows.len())
        .filter(|&k| anomalies.text(k, "Code") == "statut-inconnu")
        .map(|k| anomalies.text(k, "N° action"))
        .collect();
    let total_col = status_cols.len() + 2;
    let axes: Vec<String> = actions.column("Axe");
    for (i, axis) in ["1", "2", "3", "4"].iter().enumerate() {
        let r = head + 1 + i;
        assert!(
            syn.text(r, 0).starts_with(&format!("{axis} — ")),
            "{}",
            syn.text(r, 0)
        );
        let mut sum = 0.0;
        for (c, status) in &status_cols {
            let expected = (0..actions.rows.len())
                .filter(|&k| axes[k].starts_with(&format!("{axis} — ")))
                .filter(|&k| {
                    let number = actions.text(k, "N° action");
                    let empty = actions.text(k, "Statut").is_empty();
                    actions.text(k, "Statut") == *status
                        || (status == "Statut non reconnu (à corriger)"
                            && empty
                            && unknown_status.contains(&number))
                        || (status == "Statut non renseigné"
                            && empty
                            && !unknown_status.contains(&number))
                })
                .count() as f64;
            assert_eq!(syn.num(r, *c), expected, "axe {axis}, {status}");
            sum += syn.num(r, *c);
        }
        assert_eq!(syn.num(r, total_col), sum, "axe {axis} total");
    }
    let total_row = head + 5;
    assert_eq!(syn.text(total_row, 0), "Total");
    for c in 2..=total_col {
        let column: f64 = (head + 1..total_row).map(|r| syn.num(r, c)).sum();
        assert_eq!(syn.num(total_row, c), column, "column {c}");
    }
    assert_eq!(syn.num(total_row, total_col), actions.rows.len() as f64);
    // Per axis, by hand: axe 1 = MJCL-002, RPE-001, SJ-001, SJ-002.
    assert_eq!(syn.num(head + 1, total_col), 4.0);

    // Axe × financeur: the total row equals the per-funder figures (the
    // heading has a note under it).
    let head = syn.row_of(0, "Budget et financements par axe (€)") + 2;
    assert_eq!(syn.text(head, 1), "Dans les graphiques");
    assert_eq!(syn.text(head, 2), "Budget prévisionnel");
    let total_row = head + 5;
    let syn_funding_row_4 = head + 4; // axe 4 has no action
    assert_eq!(syn.text(total_row, 0), "Total");
    assert_eq!(syn.num(total_row, 2), budget);
    for (i, (label, column)) in funders.iter().enumerate() {
        assert_eq!(syn.text(head, 3 + i), *label);
        let by_axis: f64 = (head + 1..total_row).map(|r| syn.num(r, 3 + i)).sum();
        assert_eq!(syn.num(total_row, 3 + i), by_axis, "{label}");
        assert_eq!(syn.num(total_row, 3 + i), actions.sum(column), "{label}");
    }
    assert_eq!(syn.text(head, 7), "Total financé");
    assert_eq!(syn.num(total_row, 7), actions.sum("Total financé (€)"));
    // The CAF share: CAF funding over budget, by axis and overall.
    assert_eq!(syn.text(head, 8), "Part CAF");
    assert!((syn.num(total_row, 8) - actions.sum("Financement CAF (€)") / budget).abs() < 1e-12);
    assert!((figure("Part CAF (financement CAF ÷ budget)") - syn.num(total_row, 8)).abs() < 1e-12);

    // Couverture: objectives × running actions (naming communes or
    // « Toutes »), planned ones apart, and × the communes they name.
    let cov = out.grid("Couverture");
    let head = cov.row_of(
        0,
        "Actions par objectif et communes nommées par les actions en cours ou réalisées",
    ) + 1;
    assert_eq!(cov.text(head, 0), "Objectif opérationnel");
    let grid_headers: Vec<String> = (1..=6).map(|c| cov.text(head, c)).collect();
    assert_eq!(
        grid_headers,
        [
            "En cours ou réalisées",
            "dont nommant des communes",
            "dont « Toutes »",
            "Prévues ou en attente",
            "Partenaires",
            "Budget (€)"
        ]
    );
    let communes: Vec<(usize, String)> = (8..)
        .map(|c| (c, cov.text(head, c)))
        .take_while(|(_, h)| !h.is_empty())
        .collect();
    assert_eq!(communes.len(), 21);
    assert_eq!(communes[0].1, "Ambres");
    let objectives = actions.column("Objectif opérationnel");
    let places = actions.column("Communes concernées");
    let statuses = actions.column("Statut");
    let running = |k: usize| statuses[k] == "En cours" || statuses[k] == "Réalisée";
    let mut objective_rows = 0;
    for r in head + 1..cov.0.len() {
        let objective = cov.text(r, 0);
        if !objective.contains(" — ") {
            continue;
        }
        objective_rows += 1;
        let of: Vec<usize> = (0..objectives.len())
            .filter(|&k| objectives[k] == objective)
            .collect();
        let active: Vec<usize> = of.iter().copied().filter(|&k| running(k)).collect();
        assert_eq!(cov.num(r, 1), active.len() as f64, "{objective}");
        let wide = active.iter().filter(|&&k| places[k] == "Toutes").count();
        assert_eq!(cov.num(r, 3), wide as f64, "{objective}");
        let pending = of
            .iter()
            .filter(|&&k| !running(k) && statuses[k] != "Abandonnée")
            .count();
        assert_eq!(cov.num(r, 4), pending as f64, "{objective}");
        let partners: BTreeSet<String> = of
            .iter()
            .filter(|&&k| statuses[k] != "Abandonnée")
            .map(|&k| actions.text(k, "Partenaire"))
            .collect();
        assert_eq!(cov.num(r, 5), partners.len() as f64, "{objective}");
        for (c, commune) in &communes {
            // « Toutes » covers without naming: not in the grid.
            let expected = active
                .iter()
                .filter(|&&k| places[k].split("; ").any(|p| p == commune))
                .count();
            assert_eq!(cov.num(r, *c), expected as f64, "{objective} × {commune}");
        }
    }
    assert_eq!(objective_rows, 28);
    // An objective without action shows 0, its budget 0 €, not « -0 € »
    // (an empty float sum is -0.0).
    let grid_row = |label: &str| {
        (head + 1..cov.0.len())
            .find(|&r| cov.text(r, 0) == label)
            .ok_or(format!("no row « {label} » in the grid"))
    };
    let empty = grid_row(
        "4.2.3 — Prévoir la collecte, le partage de données, pour mutualisation, valorisation, et conduite des évaluations",
    )?;
    assert_eq!((cov.num(empty, 1), cov.num(empty, 5)), (0.0, 0.0));
    assert!(cov.num(empty, 6) == 0.0 && cov.num(empty, 6).is_sign_positive());
    let axis4 = syn_funding_row_4;
    assert!((2..=7).all(|c| syn.num(axis4, c) == 0.0 && syn.num(axis4, c).is_sign_positive()));
    // By hand: 1.2.1 has MJCL-002 (Toutes) and SJ-001 (Lavaur;
    // Saint-Sulpice), both under way: one names the two communes.
    let rural = grid_row(OBJ_1_2_1)?;
    assert_eq!(
        (cov.num(rural, 1), cov.num(rural, 2), cov.num(rural, 3)),
        (2.0, 1.0, 1.0)
    );
    for (c, commune) in &communes {
        let expected = if commune == "Lavaur" || commune == "Saint-Sulpice-la-Pointe" {
            1.0
        } else {
            0.0
        };
        assert_eq!(cov.num(rural, *c), expected, "{commune}");
    }
    // The ranked lists above the grid: communes no running action names,
    // objectives without a running action.
    let first = cov.row_of(0, "Commune") + 1;
    let listed: Vec<String> = (first..)
        .map(|r| cov.text(r, 0))
        .take_while(|t| !t.is_empty())
        .collect();
    assert!(!listed.contains(&"Lavaur".to_owned()), "{listed:?}");
    assert!(listed.contains(&"Belcastel".to_owned()), "{listed:?}");

    // Indicateurs: the Taux d'atteinte per year, from the baseline
    // ((réalisé − départ) ÷ (cible − départ)); every baseline here is 0.
    let ind = out.table("Indicateurs");
    assert_eq!(
        ind.column("N° action"),
        [
            "CCAS-SSP-001",
            "EFS-001",
            "EFS-002",
            "MJCL-001",
            "MJCL-002",
            "RPE-002",
            "SJ-001"
        ]
    );
    for k in 0..ind.rows.len() {
        let target = ind.num(k, "Cible");
        let baseline = ind.num(k, "Valeur de départ").unwrap_or(0.0);
        for year in 2023..=2026 {
            let done = ind.num(k, &format!("Réalisé {year}"));
            let rate = ind.num(k, &format!("Taux d'atteinte {year}"));
            match (done, target) {
                (Some(d), Some(t)) if t != baseline => {
                    let rate = rate.ok_or("missing rate")?;
                    let expected = (d - baseline) / (t - baseline);
                    assert!((rate - expected).abs() < 1e-12, "row {k} {year}")
                }
                _ => assert_eq!(rate, None, "row {k} {year}"),
            }
        }
    }
    let mjcl1 = ind.find("N° action", "MJCL-001");
    assert_eq!(ind.text(mjcl1, "Partenaire"), "MJCL");
    assert_eq!(
        ind.text(mjcl1, "Intitulé de l'action"),
        "Ateliers parents-enfants n°1"
    );
    assert_eq!(ind.text(mjcl1, "Statut de l'action"), "En cours");
    assert!(ind.text(mjcl1, "Axe").starts_with("2 — "));
    assert_eq!(ind.num(mjcl1, "Taux d'atteinte 2023"), Some(12.0 / 40.0));
    assert_eq!(ind.num(mjcl1, "Taux d'atteinte 2024"), Some(18.0 / 40.0));
    assert_eq!(ind.num(mjcl1, "Taux d'atteinte 2025"), None);
    let mjcl2 = ind.find("N° action", "MJCL-002");
    assert_eq!(ind.num(mjcl2, "Taux d'atteinte 2023"), Some(1.2));

    // Référentiel: the 28 objectives of the CTG.
    assert_eq!(out.table("Référentiel").rows.len(), 28);
    Ok(())
}

/// Refused rows, anomalies, partner states, ignored and duplicate files.
#[test]
fn refused_rows_anomalies_and_partner_states_are_all_reported() -> TestResult {
    let s = scenario()?;
    let stdout = consolidate_ok(&s.root)?;
    let out = Output::open(&s.root.join(WORKBOOK))?;

    // À corriger: every refused row of the broken partner, with why.
    let refused = out.table("À corriger");
    let listed: Vec<(String, String, String, String)> = (0..refused.rows.len())
        .map(|k| {
            (
                refused.text(k, "Partenaire"),
                refused.text(k, "Fichier"),
                refused.text(k, "Feuille"),
                refused.text(k, "Ligne"),
            )
        })
        .collect();
    let expected: Vec<(String, String, String, String)> = [3, 4, 5, 6]
        .iter()
        .map(|r| {
            (
                "CCAS-SSP".into(),
                "CCAS/ccas.xlsx".into(),
                "Actions".into(),
                r.to_string(),
            )
        })
        .collect();
    assert_eq!(listed, expected);
    let why = |row: usize| refused.text(row, "Pourquoi la ligne n'est pas prise en compte");
    let content = |row: usize| refused.text(row, "Contenu de la ligne");
    assert!(why(0).contains("9.9.9"), "{}", why(0));
    assert!(content(0).contains("Jardin partagé"), "{}", content(0));
    assert!(
        why(1).contains("CCAS-SSP-001 est déjà utilisé ligne 2"),
        "{}",
        why(1)
    );
    assert!(content(1).contains("Aide aux vacances"), "{}", content(1));
    assert!(
        why(2).contains("ne commence pas par votre code partenaire CCAS-SSP"),
        "{}",
        why(2)
    );
    assert!(
        content(2).contains("N° action : MJCL-050"),
        "{}",
        content(2)
    );
    assert!(why(3).contains("n'a pas d'intitulé"), "{}", why(3));
    assert!(content(3).contains("CCAS-SSP-003"), "{}", content(3));

    // Anomalies: each planted problem, at its cell.
    let anomalies = out.table("Anomalies");
    let found: Vec<(String, String, String, String)> = (0..anomalies.rows.len())
        .map(|k| {
            (
                anomalies.text(k, "Partenaire"),
                anomalies.text(k, "Code"),
                anomalies.text(k, "Feuille"),
                anomalies.text(k, "Cellule"),
            )
        })
        .collect();
    let has = |partner: &str, code: &str, sheet: &str, cell: &str| {
        assert!(
            found
                .iter()
                .any(|f| f == &(partner.into(), code.into(), sheet.into(), cell.into())),
            "missing {partner} {code} {sheet}!{cell} in:\n{found:#?}"
        )
    };
    has("CCAS-SSP", "objectif-inconnu", "Actions", "C3");
    has("CCAS-SSP", "numero-en-double", "Actions", "A4");
    has("CCAS-SSP", "numero-autre-partenaire", "Actions", "A5");
    has("CCAS-SSP", "intitule-absent", "Actions", "B6");
    has("MLJ", "pas-un-classeur", "", "");
    has("EFS", "fichier-en-double", "", "");
    // Gravité is French; errors are exactly the refused rows and the unreadable file.
    let errors: Vec<&(String, String, String, String)> = found
        .iter()
        .enumerate()
        .filter(|(k, _)| anomalies.text(*k, "Gravité") == "erreur")
        .map(|(_, f)| f)
        .collect();
    assert_eq!(errors.len(), 5, "{errors:#?}");
    assert!(errors.iter().all(|f| f.0 == "CCAS-SSP" || f.0 == "MLJ"));
    // Sorted by partner.
    let partners = anomalies.column("Partenaire");
    let mut sorted = partners.clone();
    sorted.sort();
    assert_eq!(partners, sorted);
    let duplicate = anomalies.find("Code", "fichier-en-double");
    assert_eq!(anomalies.text(duplicate, "Fichier"), s.efs_old);
    assert_eq!(anomalies.text(duplicate, "Gravité"), "avertissement");
    let message = anomalies.text(duplicate, "Message");
    assert!(
        message.contains(&format!(
            "« {} » (modifié le 20/05/2024 à 09:30) est retenu",
            s.efs_new
        )) && message.contains(&format!(
            "« {} » (modifié le 10/01/2024 à 12:00) est ignoré",
            s.efs_old
        )),
        "{message}"
    );

    // Partenaires: one row per partner of the registry or of depots/.
    let p = out.table("Partenaires");
    let states: Vec<(String, String, String, String)> = (0..p.rows.len())
        .map(|k| {
            (
                p.text(k, "Code"),
                p.text(k, "État"),
                p.text(k, "Fichier"),
                p.text(k, "Actions"),
            )
        })
        .collect();
    let row = |code: &str, state: &str, file: &str, n: &str| {
        (
            code.to_owned(),
            state.to_owned(),
            file.to_owned(),
            n.to_owned(),
        )
    };
    assert_eq!(
        states,
        [
            row("ALSH", "jamais déposé", "", "0"),
            row("CCAS-SSP", "avec erreurs", "CCAS/ccas.xlsx", "1"),
            row("CCTA", "jamais déposé", "", "0"),
            row("EFS", "lu sans erreur", &s.efs_new, "2"),
            row("LAEP", "jamais déposé", "", "0"),
            row("MJCL", "lu sans erreur", "mjc/Plan MJC.xlsx", "3"),
            row(
                "MLJ",
                "illisible — aucune version utilisable",
                "MLJ.xlsx",
                "0"
            ),
            row("RPE", "lu sans erreur", "RPE - plan d'actions.xlsx", "2"),
            row(
                "SJ",
                "lu sans erreur",
                "jeunesse/Service jeunesse 2024.xlsx",
                "2"
            ),
        ]
    );
    let efs = p.find("Code", "EFS");
    // A date cell: the day the file last changed, and how long ago.
    assert_eq!(
        p.cell(efs, "Enregistré le").as_date(),
        NaiveDate::from_ymd_opt(2024, 5, 20)
    );
    assert_eq!(p.num(efs, "Mois depuis"), Some(0.0));
    assert_eq!(p.text(efs, "Fichier ancien"), "non");
    assert_eq!(
        p.text(efs, "Structure"),
        "Espaces France Services Tarn-Agout"
    );
    let ccas = p.find("Code", "CCAS-SSP");
    assert_eq!(p.num(ccas, "Lignes refusées"), Some(4.0));
    assert_eq!(p.num(ccas, "Erreurs"), Some(4.0));
    // Per-partner counts equal the other sheets.
    assert_eq!(p.sum("Actions"), out.table("Actions").rows.len() as f64);
    assert_eq!(
        p.sum("Indicateurs"),
        out.table("Indicateurs").rows.len() as f64
    );
    assert_eq!(p.sum("Lignes refusées"), refused.rows.len() as f64);
    assert_eq!(p.sum("Erreurs"), errors.len() as f64);
    assert_eq!(
        p.sum("Erreurs") + p.sum("Avertissements"),
        anomalies.rows.len() as f64
    );
    let syn = out.grid("Synthèse");
    let figure = |label: &str| syn.num(syn.row_of(0, label), 1);
    assert_eq!(
        figure("Lignes non prises en compte (voir « À corriger »)"),
        4.0
    );
    assert_eq!(figure("Anomalies : erreurs (voir « Anomalies »)"), 5.0);
    assert_eq!(
        figure("Anomalies : avertissements"),
        (anomalies.rows.len() - 5) as f64
    );

    // The more recent EFS file is used, the older one only mentioned.
    let actions = out.table("Actions");
    let efs1 = actions.find("N° action", "EFS-001");
    assert_eq!(
        actions.text(efs1, "Intitulé"),
        "Permanences France Services"
    );
    assert_eq!(
        actions.text(efs1, "Source"),
        format!("{}, ligne 2", s.efs_new)
    );

    // Lock and temp files were never read: no LAEP anywhere, no mention.
    assert!(!actions.column("Partenaire").iter().any(|c| c == "LAEP"));
    let everywhere: Vec<String> = ["Anomalies", "Partenaires", "À corriger"]
        .iter()
        .flat_map(|sheet| {
            out.grid(sheet)
                .0
                .iter()
                .flatten()
                .map(text_of)
                .collect::<Vec<_>>()
        })
        .collect();
    for name in IGNORED {
        let base = name.rsplit('/').next().unwrap_or(name);
        assert!(
            !everywhere.iter().any(|c| c.contains(base)),
            "{name} was read"
        );
    }

    // Feedback: one page per partner, those without a file included.
    let retours = names_in(&s.root.join("retours"))?;
    let expected: BTreeSet<String> = [
        "ALSH", "CCAS-SSP", "CCTA", "EFS", "LAEP", "MJCL", "MLJ", "RPE", "SJ",
    ]
    .iter()
    .map(|c| format!("retour-{c}.html"))
    .collect();
    assert_eq!(retours, expected);
    let ccas_page = std::fs::read_to_string(s.root.join("retours/retour-CCAS-SSP.html"))?;
    for cell in ["C3", "A4", "A5", "B6"] {
        assert!(
            ccas_page.contains(&format!(
                "<span class=\"cell\">Feuille « Actions », cellule {cell}</span>"
            )),
            "Actions!{cell} not in the feedback"
        );
    }
    let efs_page = std::fs::read_to_string(s.root.join("retours/retour-EFS.html"))?;
    assert!(
        efs_page.contains(&format!("plus ancien et donc ignoré : « {} »", s.efs_old)),
        "the EFS feedback does not mention the older file"
    );
    let dashboard = std::fs::read_to_string(s.root.join(DASHBOARD))?;
    for state in [
        "lu sans erreur",
        "avec erreurs",
        "illisible — aucune version utilisable",
        "jamais déposé",
    ] {
        assert!(dashboard.contains(state), "{state} not on the status page");
    }

    // The summary on stdout: French, with partners, actions and errors.
    let warnings = anomalies.rows.len() - 5;
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[0].starts_with(
            "Consolidation terminée — Convention Territoriale Globale Tarn-Agout 2023-2026"
        ),
        "{stdout}"
    );
    assert_eq!(
        lines[1],
        "  9 partenaires : 4 lus sans erreur, 1 avec erreurs, 1 illisible sans version utilisable, 3 n'ont jamais déposé de fichier",
        "{stdout}"
    );
    assert_eq!(
        lines[2],
        format!(
            "  10 actions, 7 indicateurs, 4 lignes à corriger ; 5 erreurs et {warnings} avertissements"
        ),
        "{stdout}"
    );
    assert_eq!(
        lines[3], "  Modifications : première consolidation de ce dossier, rien à comparer.",
        "{stdout}"
    );
    assert_eq!(
        lines[4], "  Historique : consolidation n° 1 enregistrée dans l'historique.",
        "{stdout}"
    );
    assert!(
        lines[5].starts_with("  Classeur consolidé : ")
            && lines[5].ends_with("plan-actions-consolide.xlsx"),
        "{stdout}"
    );
    assert!(
        lines[6].starts_with("  Tableau de bord : ") && lines[6].ends_with("tableau-de-bord.html"),
        "{stdout}"
    );
    assert!(
        lines[7].starts_with("  Retours aux partenaires : 9 fichiers dans "),
        "{stdout}"
    );
    Ok(())
}

/// Promise 1: consolidating never writes into depots/, not a byte.
#[test]
fn depots_are_left_untouched() -> TestResult {
    let s = scenario()?;
    let depots = s.root.join("depots");
    let before = hash_tree(&depots)?;
    consolidate_ok(&s.root)?;
    consolidate_ok(&s.root)?;
    assert_eq!(hash_tree(&depots)?, before, "depots/ changed");
    Ok(())
}

/// Promise 5: the same inputs give the same outputs, byte for byte.
#[test]
fn outputs_are_deterministic() -> TestResult {
    let s = scenario()?;
    // The first run has no previous one to compare with: its Modifications
    // sheet says so. From the second on, the same inputs give the same bytes.
    consolidate_ok(&s.root)?;
    consolidate_ok(&s.root)?;
    let first = hash_tree(&s.root.join("sortie"))?;
    let first_retours = hash_tree(&s.root.join("retours"))?;
    let workbook = std::fs::read(s.root.join(WORKBOOK))?;

    consolidate_ok(&s.root)?;
    let second_workbook = std::fs::read(s.root.join(WORKBOOK))?;
    assert!(
        workbook == second_workbook,
        "the workbook differs between two runs"
    );
    assert_eq!(hash_tree(&s.root.join("sortie"))?, first);
    assert_eq!(hash_tree(&s.root.join("retours"))?, first_retours);
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        ["plan-actions-consolide.xlsx", "tableau-de-bord.html"]
    );
    Ok(())
}

/// Promise 7: partner text starting with =, +, - or @ is a string, never a
/// formula.
#[test]
fn partner_text_never_becomes_a_formula() -> TestResult {
    let s = scenario()?;
    consolidate_ok(&s.root)?;
    let path = s.root.join(WORKBOOK);
    let parts = xlsx_parts(&path)?;
    let actions_part = sheet_part(&parts, "Actions")?;
    let xml = parts.get(&actions_part).ok_or("no Actions part")?;
    assert!(
        !xml.contains("<f>") && !xml.contains("<f "),
        "a formula in the Actions sheet"
    );
    for (name, xml) in parts
        .iter()
        .filter(|(k, _)| k.starts_with("xl/worksheets/sheet"))
    {
        assert!(
            !xml.contains("<v>-0</v>") && !xml.contains("<v>-0.0</v>"),
            "-0 in {name}"
        );
    }
    let out = Output::open(&path)?;
    let actions = out.table("Actions");
    let r = actions.find("N° action", "MJCL-003");
    assert_eq!(
        actions.cell(r, "Intitulé"),
        &Data::String(FORMULA_TITLE.into())
    );
    assert_eq!(
        actions.cell(r, "Description"),
        &Data::String(PLUS_TEXT.into())
    );
    assert_eq!(
        actions.cell(r, "Partenaires associés"),
        &Data::String(AT_TEXT.into())
    );
    assert_eq!(
        actions.cell(r, "Commentaires"),
        &Data::String(MINUS_TEXT.into())
    );
    let mut wb = open_workbook_auto(&path)?;
    let formulas = wb.worksheet_formula("Actions")?;
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "formulas in Actions"
    );
    Ok(())
}

/// The charts of the Synthèse are native charts, fed by its cells (they
/// stay true when the CAF filters or edits the workbook), with their
/// values on the bars, euros on the funding axis, and beside the key
/// figures, where the reader first looks.
#[test]
fn charts_are_native_and_fed_by_the_synthesis() -> TestResult {
    let s = scenario()?;
    consolidate_ok(&s.root)?;
    let parts = xlsx_parts(&s.root.join(WORKBOOK))?;
    let synthese = sheet_part(&parts, "Synthèse")?;
    let drawings = targets(&parts, &synthese, "/drawing");
    assert_eq!(drawings.len(), 1, "{drawings:?}");
    let charts = targets(&parts, &drawings[0], "/chart");
    assert_eq!(charts.len(), 3, "{charts:?}");
    let chart_parts: Vec<&String> = parts
        .keys()
        .filter(|k| k.starts_with("xl/charts/chart"))
        .collect();
    // Besides the Synthèse's, the one chart of the Évaluation sheet.
    assert_eq!(chart_parts.len(), charts.len() + 1);
    let xml_of = |chart: &String| parts.get(chart).ok_or_else(|| format!("missing {chart}"));
    for chart in &charts {
        let xml = xml_of(chart)?;
        assert!(xml.contains("<c:barChart>"), "{chart} is not a bar chart");
        assert!(
            xml.contains("<c:f>Synthèse!$") || xml.contains("<c:f>'Synthèse'!$"),
            "{chart} is not fed by the Synthèse cells"
        );
        // Every chart writes its values on its bars.
        assert!(
            xml.contains("<c:showVal val=\"1\"/>"),
            "{chart} shows no value"
        );
    }
    // The status chart is split by « Suivi », one series per state.
    let split = charts
        .iter()
        .map(xml_of)
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .find(|x| x.contains("<c:grouping val=\"stacked\"/>"))
        .ok_or("no stacked chart")?;
    assert_eq!(split.matches("<c:ser>").count(), 7);
    // The funding axis reads « 50 000 € ».
    assert!(
        charts
            .iter()
            .filter_map(|c| parts.get(c))
            .any(|x| x.contains("formatCode=\"#,##0\\ &quot;€&quot;\"")),
        "no euro axis"
    );
    // Anchored in column D, from the first key figure down.
    let drawing = parts.get(&drawings[0]).ok_or("no drawing")?;
    let columns: Vec<&str> = drawing
        .split("<xdr:from><xdr:col>")
        .skip(1)
        .filter_map(|from| from.split('<').next())
        .collect();
    assert_eq!(columns, ["3", "3", "3"], "{drawing}");
    Ok(())
}

/// Promise 2: an unreadable current file gives way to the last valid
/// version, and every output says so.
#[test]
fn an_unreadable_file_falls_back_to_its_last_valid_version() -> TestResult {
    let (_tmp, root) = shared_folder()?;
    let book = Book::standard("MJCL", "MJC de Lavaur")
        .action(valid_action("MJCL", 1))
        .action(valid_action("MJCL", 2))
        .indicator(valid_indicator("MJCL-001"));
    let bytes = book.to_bytes();
    let file = put(&root.join("depots"), "MJCL.xlsx", &bytes)?;
    set_mtime(&file, local_time(2024, 3, 1, 10, 0)?)?;
    consolidate_ok(&root)?;
    let out = Output::open(&root.join(WORKBOOK))?;
    let p = out.table("Partenaires");
    assert_eq!(p.text(p.find("Code", "MJCL"), "État"), "lu sans erreur");

    // The partner saves again, and the save is cut short.
    std::fs::write(&file, &bytes[..bytes.len() / 2])?;
    set_mtime(&file, local_time(2024, 6, 14, 18, 0)?)?;
    let stdout = consolidate_ok(&root)?;
    let out = Output::open(&root.join(WORKBOOK))?;
    let p = out.table("Partenaires");
    let mjcl = p.find("Code", "MJCL");
    assert_eq!(
        p.text(mjcl, "État"),
        "illisible — version du 01/03/2024 utilisée"
    );
    assert_eq!(p.text(mjcl, "Fichier"), "MJCL.xlsx");
    assert_eq!(
        p.cell(mjcl, "Enregistré le").as_date(),
        NaiveDate::from_ymd_opt(2024, 6, 14)
    );
    assert_eq!(p.num(mjcl, "Actions"), Some(2.0));
    let actions = out.table("Actions");
    assert_eq!(actions.column("N° action"), ["MJCL-001", "MJCL-002"]);
    assert_eq!(
        actions.text(0, "Source"),
        "MJCL.xlsx (version du 01/03/2024), ligne 2"
    );
    assert_eq!(out.table("Indicateurs").rows.len(), 1);
    let anomalies = out.table("Anomalies");
    let fallback = anomalies.find("Code", "version-precedente-utilisee");
    assert_eq!(anomalies.text(fallback, "Partenaire"), "MJCL");
    assert_eq!(anomalies.text(fallback, "Fichier"), "MJCL.xlsx");
    assert!(
        anomalies
            .text(fallback, "Message")
            .contains("enregistrée le 01/03/2024 à 10:00")
    );
    let damaged = anomalies.find("Code", "fichier-endommage");
    assert_eq!(anomalies.text(damaged, "Gravité"), "erreur");
    let syn = out.grid("Synthèse");
    assert_eq!(syn.num(syn.row_of(0, "  dont fichier illisible"), 1), 1.0);
    assert_eq!(syn.num(syn.row_of(0, "Actions"), 1), 2.0);

    // The feedback page and the status page say so.
    let feedback = std::fs::read_to_string(root.join("retours/retour-MJCL.html"))?;
    assert!(
        feedback.contains("illisible — version du 01/03/2024 utilisée"),
        "{feedback}"
    );
    assert!(feedback.contains("n'a pas pu être lu"));
    assert!(
        feedback.contains("la version que vous aviez déposée le 01/03/2024 à 10:00 est utilisée")
    );
    assert!(feedback.contains("MJCL-001"));
    let dashboard = std::fs::read_to_string(root.join(DASHBOARD))?;
    assert!(dashboard.contains("illisible — version du 01/03/2024 utilisée"));
    assert!(
        stdout.contains("9 partenaires : 1 illisible, version précédente utilisée, 8 n'ont jamais déposé de fichier"),
        "{stdout}"
    );
    assert!(stdout.contains("2 actions"), "{stdout}");

    // The history recorded the fallback.
    let store = ctg::store::Store::open(&root.join(".ctg"))?;
    let state: String = store.connection().query_row(
        "SELECT state FROM partner_states WHERE partner = 'MJCL' ORDER BY run_id DESC LIMIT 1",
        [],
        |r| r.get(0),
    )?;
    assert_eq!(state, "version_precedente");
    Ok(())
}

/// Two runs never interleave: the second waits its bounded time, then
/// says why it stops, in French, and writes nothing.
#[test]
fn a_second_run_waits_for_the_lock_then_explains() -> TestResult {
    let (_tmp, root) = shared_folder()?;
    put(&root.join("depots"), "RPE.xlsx", &rpe().to_bytes())?;
    let lock = ctg::folder::lock::acquire(&root.join(".ctg"), Duration::ZERO)?;
    let started = Instant::now();
    let (code, out, err) = consolider(&root, &["--attente", "1"])?;
    let waited = started.elapsed();
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("Une autre consolidation est en cours sur ce dossier"),
        "{err}"
    );
    assert!(err.contains("relancez la commande dans un moment"), "{err}");
    assert!(
        waited >= Duration::from_secs(1) && waited < Duration::from_secs(10),
        "{waited:?}"
    );
    assert!(!root.join(WORKBOOK).exists());
    drop(lock);
    consolidate_ok(&root)?;
    assert!(root.join(WORKBOOK).exists());
    Ok(())
}

/// When to kill a run.
#[derive(Debug, Clone, Copy)]
enum Kill {
    /// This long after the start.
    After(u64),
    /// As soon as a new `.ctg-*.tmp` appears in this folder (mid-write).
    TempIn(&'static str),
    /// As soon as this output has been replaced (the next ones not yet).
    Replaced(&'static str),
    /// As soon as a new archived copy appears (while files are read).
    Archived,
}

/// Temp files currently in the output folders.
fn temps(root: &Path) -> Res<BTreeSet<String>> {
    let mut found = BTreeSet::new();
    for dir in ["sortie", "retours", ".ctg/archive"] {
        for name in names_in(&root.join(dir))? {
            if is_temp(&name) {
                found.insert(format!("{dir}/{name}"));
            }
        }
    }
    Ok(found)
}

/// Modification time and size of a file, to see it replaced.
fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

/// Spawns `ctg consolider ROOT` and SIGKILLs it at `when`; returns whether
/// the kill came before the run ended by itself.
fn run_and_kill(root: &Path, when: Kill) -> Res<bool> {
    let temps_before = temps(root)?;
    let archived_before = names_in(&root.join(".ctg/archive"))?;
    let workbook_before = stamp(&root.join(WORKBOOK));
    let dashboard_before = stamp(&root.join(DASHBOARD));
    let started = Instant::now();
    consolider_killed_when(root, || {
        Ok(match when {
            Kill::After(ms) => started.elapsed() >= Duration::from_millis(ms),
            Kill::TempIn(dir) => temps(root)?
                .difference(&temps_before)
                .any(|t| t.starts_with(&format!("{dir}/"))),
            Kill::Replaced(WORKBOOK) => stamp(&root.join(WORKBOOK)) != workbook_before,
            Kill::Replaced(_) => stamp(&root.join(DASHBOARD)) != dashboard_before,
            Kill::Archived => names_in(&root.join(".ctg/archive"))?
                .difference(&archived_before)
                .any(|n| !is_temp(n)),
        })
    })
}

/// Promise 4: a run killed at any moment leaves complete outputs — the
/// previous ones or the new ones — and a usable history.
#[test]
fn a_run_killed_at_any_moment_leaves_complete_outputs() -> TestResult {
    let (_tmp, root) = shared_folder()?;
    let depots = root.join("depots");
    put(&depots, "mjc/Plan MJC.xlsx", &mjcl().to_bytes())?;
    put(&depots, "CCAS/ccas.xlsx", &ccas().to_bytes())?;
    consolidate_ok(&root)?;
    let old = Output::open(&root.join(WORKBOOK))?
        .table("Actions")
        .rows
        .len();
    assert_eq!(old, 4);
    let runs_before = {
        let store = ctg::store::Store::open(&root.join(".ctg"))?;
        store
            .connection()
            .query_row("SELECT count(*) FROM runs", [], |r| r.get::<_, i64>(0))?
    };

    // New inputs: the outputs of the next run differ.
    put(&depots, "RPE.xlsx", &rpe().to_bytes())?;
    put(&depots, "jeunesse/sj.xlsx", &sj().to_bytes())?;
    put(
        &depots,
        "efs.xlsx",
        &efs(&["Permanences", "Ateliers", "Accès aux droits"]).to_bytes(),
    )?;
    let new = old + 7;

    // Blind delays, then kills timed on what the run is doing: reading
    // (a new archived copy), writing an output (its temp file), and right
    // after the workbook or the status page was replaced.
    let mut plan: Vec<Kill> = [0, 5, 20, 50, 100, 200]
        .into_iter()
        .map(Kill::After)
        .collect();
    plan.extend([
        Kill::Archived,
        Kill::TempIn("sortie"),
        Kill::TempIn("retours"),
        Kill::Replaced(DASHBOARD),
        Kill::Replaced(WORKBOOK),
    ]);
    let mut outcomes = Vec::new();
    for when in plan {
        let killed = run_and_kill(&root, when)?;
        let out = Output::open(&root.join(WORKBOOK))
            .map_err(|e| format!("after a kill {when:?} the workbook is unreadable: {e}"))?;
        let rows = out.table("Actions").rows.len();
        assert!(
            rows == old || rows == new,
            "{rows} actions after a kill {when:?}"
        );
        for sheet in ["Synthèse", "Partenaires", "Référentiel"] {
            assert!(
                !out.grid(sheet).0.is_empty(),
                "{sheet} empty after a kill {when:?}"
            );
        }
        let dashboard = std::fs::read_to_string(root.join(DASHBOARD))?;
        assert!(
            dashboard.ends_with("</html>\n"),
            "dashboard cut by a kill {when:?}"
        );
        for name in names_in(&root.join("retours"))? {
            if is_temp(&name) {
                continue;
            }
            assert!(
                name.starts_with("retour-") && name.ends_with(".html"),
                "{name}"
            );
            let page = std::fs::read_to_string(root.join("retours").join(&name))?;
            assert!(page.ends_with("</html>\n"), "{name} cut by a kill {when:?}");
        }
        for name in names_in(&root.join("sortie"))? {
            assert!(
                is_temp(&name)
                    || name == "plan-actions-consolide.xlsx"
                    || name == "tableau-de-bord.html"
                    || (name.starts_with("modifications-")
                        && (name.ends_with(".md") || name.ends_with(".json"))),
                "unexpected file sortie/{name} after a kill {when:?}"
            );
        }
        // Archived copies are whole: each is named by the hash of its bytes.
        for name in names_in(&root.join(".ctg/archive"))? {
            if is_temp(&name) {
                continue;
            }
            let bytes = std::fs::read(root.join(".ctg/archive").join(&name))?;
            assert!(
                name.starts_with(&ctg::store::hash_bytes(&bytes)),
                "archive copy {name} is not whole after a kill {when:?}"
            );
        }
        // The history opens, without a half-recorded run.
        let store = ctg::store::Store::open(&root.join(".ctg"))?;
        let unfinished: i64 = store.connection().query_row(
            "SELECT count(*) FROM runs WHERE finished_at IS NULL",
            [],
            |r| r.get(0),
        )?;
        assert_eq!(unfinished, 0, "a half-recorded run after a kill {when:?}");
        outcomes.push((when, killed, rows));
    }
    // The earliest kill came before anything was written.
    assert_eq!((outcomes[0].1, outcomes[0].2), (true, old), "{outcomes:?}");

    // Temp files a SIGKILL leaves behind are hidden `.ctg-*.tmp` files,
    // never read as inputs nor taken for outputs.
    let leftovers = temps(&root)?;
    // Whatever the kills left, one of each kind, then cleaned by the next run.
    for dir in ["sortie", "retours", ".ctg/archive"] {
        std::fs::write(root.join(dir).join(".ctg-laisse.tmp"), b"moitie")?;
    }
    consolidate_ok(&root)?;
    assert_eq!(temps(&root)?, BTreeSet::new());
    let out = Output::open(&root.join(WORKBOOK))?;
    assert_eq!(out.table("Actions").rows.len(), new);
    let p = out.table("Partenaires");
    assert_eq!(p.rows.len(), 9, "a temp file was taken for a partner file");
    assert_eq!(p.text(p.find("Code", "EFS"), "État"), "lu sans erreur");
    assert!(
        out.table("Anomalies")
            .rows
            .iter()
            .all(|r| !r.iter().any(|c| text_of(c).contains(".ctg-")))
    );
    let store = ctg::store::Store::open(&root.join(".ctg"))?;
    let runs: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM runs", [], |r| r.get(0))?;
    // The new inputs are recorded once, by the first run that got to the
    // end (a kill or the last one): the runs after it repeat it, and a
    // repeat is not recorded again (issue 12, point 9).
    assert_eq!(runs, runs_before + 1, "{runs} runs");
    eprintln!("kills (when, killed before the end, actions): {outcomes:?}");
    eprintln!("temp files left by SIGKILL: {leftovers:?}");
    Ok(())
}

/// A plain folder of workbooks, outputs elsewhere; never inside it.
#[test]
fn a_plain_folder_is_consolidated_with_sortie_but_never_into_itself() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let dir = tmp.path().join("classeurs");
    put(&dir, "MJCL.xlsx", &mjcl().to_bytes())?;
    put(&dir, "anciens/RPE.xlsx", &rpe().to_bytes())?;
    let before = hash_tree(&dir)?;
    let out_dir = tmp.path().join("resultats");
    let (code, stdout, err) = consolider(&dir, &["--sortie", path_str(&out_dir)?])?;
    assert_eq!(code, 0, "{stdout}{err}");
    assert!(
        stdout.contains("9 partenaires : 2 lus sans erreur, 7 n'ont jamais déposé de fichier"),
        "{stdout}"
    );
    let out = Output::open(&out_dir.join("plan-actions-consolide.xlsx"))?;
    assert_eq!(
        out.table("Actions").column("N° action"),
        ["MJCL-001", "MJCL-002", "MJCL-003", "RPE-001", "RPE-002"]
    );
    assert!(out_dir.join("tableau-de-bord.html").is_file());
    assert!(out_dir.join("retours/retour-MJCL.html").is_file());
    assert!(out_dir.join("retours/retour-RPE.html").is_file());
    assert_eq!(hash_tree(&dir)?, before, "the folder of workbooks changed");

    // Outputs inside the folder are refused before anything is written.
    let dir_str = path_str(&dir)?;
    #[cfg_attr(not(unix), allow(unused_mut))]
    let mut refused = vec![
        format!("{dir_str}/sortie"),
        dir_str.to_owned(),
        format!("{dir_str}/anciens/x"),
        // Through `..` from a folder outside, and through a symbolic link.
        format!("{}/../classeurs/sortie", path_str(&out_dir)?),
        format!("{}/nouveau/../../classeurs/sortie", path_str(&out_dir)?),
    ];
    #[cfg(unix)]
    {
        let link = tmp.path().join("raccourci");
        std::os::unix::fs::symlink(&dir, &link)?;
        refused.push(format!("{}/sortie", path_str(&link)?));
    }
    for sortie in refused {
        let (code, stdout, err) = consolider(&dir, &["--sortie", &sortie])?;
        assert_eq!(code, 2, "--sortie {sortie}: {stdout}{err}");
        assert!(
            err.contains("ctg n'écrit jamais parmi les fichiers déposés"),
            "{err}"
        );
        assert_eq!(
            hash_tree(&dir)?,
            before,
            "--sortie {sortie} wrote into the folder"
        );
        assert!(!dir.join("sortie").exists() && !dir.join(".ctg").exists());
    }
    Ok(())
}

/// A newer copy that cannot be read must not hide the partner's good file.
#[test]
fn an_unreadable_newer_copy_does_not_hide_a_readable_file() -> TestResult {
    let dir = tempfile::tempdir()?;
    let root = dir.path().join("CTG");
    let (code, _, err) = run_ctg(&["init", &root.to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    let depots = root.join("depots");
    let good = Book::standard("MJCL", "MJC de Lavaur")
        .action(valid_action("MJCL", 1))
        .indicator(valid_indicator("MJCL-001"))
        .to_bytes();
    let old = put(&depots, "plan-actions-MJCL.xlsx", &good)?;
    let newer = put(
        &depots,
        "plan-actions-MJCL-v2.xlsx",
        &good[..good.len() / 2],
    )?;
    let t0 = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&old)?
        .set_modified(t0)?;
    std::fs::File::options()
        .write(true)
        .open(&newer)?
        .set_modified(t0 + std::time::Duration::from_secs(600))?;
    let out = consolidate_ok(&root)?;
    assert!(out.contains("1 action"), "{out}");
    let page = std::fs::read_to_string(root.join("retours/retour-MJCL.html"))?;
    assert!(
        page.contains("plus récent, ne peut pas être lu"),
        "the newer unreadable copy is explained"
    );
    assert!(
        page.contains("fichier-endommage") || page.contains("endommagé"),
        "and why it cannot be read"
    );
    Ok(())
}

/// A file whose copy cannot be archived is still read, and the coordinator
/// is warned: that version could not stand in for a later unreadable one.
#[test]
fn a_file_that_cannot_be_archived_is_read_and_reported() -> TestResult {
    use ctg::consolidate::{Reading, consolidate};
    use ctg::finding::{Code, Severity};
    use ctg::workbook::{Isolation, Limits};

    let tmp = tempfile::tempdir()?;
    let depots = tmp.path().join("depots");
    std::fs::create_dir(&depots)?;
    let file = mjcl().save(&depots, "plan-MJCL.xlsx");
    let state = tmp.path().join(".ctg");
    let store = ctg::store::Store::open(&state)?;
    // The archive folder turned into a file: every copy fails.
    std::fs::remove_dir_all(state.join("archive"))?;
    std::fs::write(state.join("archive"), b"")?;
    let config = config();
    let limits = Limits::default();
    let reading = Reading {
        limits: &limits,
        isolation: &Isolation::InProcess,
        on_file: &|| {},
    };
    let now = today().and_hms_opt(10, 0, 0).ok_or("time")?;
    let inputs = ctg::consolidate::Inputs {
        deposits: &depots,
        files: &[file],
        unlisted: &[],
        coordination: &depots.join("coordination"),
    };
    let c = consolidate(&inputs, &config, &store, now, &reading)?;
    let mjcl = c.partners.iter().find(|p| p.code == "MJCL").ok_or("MJCL")?;
    assert_eq!(mjcl.actions().len(), 3, "the file is still read");
    let problem = c
        .problems
        .iter()
        .find(|f| f.code == Code::ArchiveFailed)
        .ok_or("no archive warning")?;
    assert_eq!(problem.severity, Severity::Warning);
    assert_eq!(problem.file, "plan-MJCL.xlsx");
    assert!(
        problem
            .message
            .contains("n'a pas pu être conservée dans l'archive"),
        "{}",
        problem.message
    );
    Ok(())
}

/// Issue 11, point 6: a sub-folder of depots/ that cannot be listed hides
/// its files, which have not left: their partners keep their last readable
/// version in `ctg consolider` too, as the watcher does, and every output
/// says why. Root reads anything: run as root, ctg runs as `nobody` on a
/// folder it owns.
#[cfg(unix)]
#[test]
fn a_sub_folder_that_cannot_be_listed_keeps_its_partners_last_version() -> TestResult {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let (tmp, root) = shared_folder()?;
    let depots = root.join("depots");
    put(&depots, "mjc/plan.xlsx", &mjcl().to_bytes())?;
    put(&depots, "CCAS/ccas.xlsx", &ccas().to_bytes())?;
    // SAFETY: geteuid has no preconditions.
    let root_user = unsafe { libc::geteuid() } == 0;
    let consolider_as_user = || -> Res<(i32, String)> {
        let mut cmd = std::process::Command::new(ctg_bin());
        cmd.arg("consolider")
            .arg(&root)
            .args(["--aujourdhui", "2024-06-15"]);
        if root_user {
            cmd.uid(65534).gid(65534);
        }
        let out = cmd.output()?;
        Ok((
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr),
        ))
    };
    if root_user {
        chown_tree(tmp.path(), 65534)?;
    }
    let (code, out) = consolider_as_user()?;
    assert_eq!(code, 0, "{out}");
    let before = Output::open(&root.join(WORKBOOK))?
        .table("Actions")
        .rows
        .len();

    let hidden = depots.join("CCAS");
    std::fs::set_permissions(&hidden, std::fs::Permissions::from_mode(0o000))?;
    let result = consolider_as_user();
    std::fs::set_permissions(&hidden, std::fs::Permissions::from_mode(0o755))?;
    let (code, out) = result?;
    assert_eq!(code, 0, "{out}");
    let output = Output::open(&root.join(WORKBOOK))?;
    assert_eq!(
        output.table("Actions").rows.len(),
        before,
        "the hidden partner's actions are still in the plan"
    );
    let p = output.table("Partenaires");
    let state = p.text(p.find("Code", "CCAS-SSP"), "État");
    assert!(state.starts_with("illisible — version du"), "{state}");
    let page = std::fs::read_to_string(root.join("retours/retour-CCAS-SSP.html"))?;
    assert!(
        page.contains("Le dossier « CCAS » ne peut pas être lu")
            && page.contains("Sa dernière version lisible reste utilisée"),
        "{page}"
    );
    let board = std::fs::read_to_string(root.join(DASHBOARD))?;
    assert!(
        board.contains("Le dossier « CCAS » ne peut pas être lu"),
        "{board}"
    );
    assert!(!board.contains("retiré"), "{board}");
    // The workbook's anomalies name the folder itself.
    let anomalies = output.table("Anomalies");
    assert!(
        anomalies.rows.iter().any(|r| r.iter().any(|c| {
            text_of(c).contains(
            "les partenaires dont le classeur s'y trouvait gardent leur dernière version lisible"
        )
        })),
        "no finding on the folder"
    );
    Ok(())
}

/// Gives a whole tree to `uid` (the tests' `nobody`).
#[cfg(unix)]
fn chown_tree(path: &Path, uid: u32) -> Res<()> {
    std::os::unix::fs::chown(path, Some(uid), Some(uid))?;
    if path.is_dir() {
        for entry in std::fs::read_dir(path)? {
            chown_tree(&entry?.path(), uid)?;
        }
    }
    Ok(())
}

/// Issue 11, point 6: a file whose partner cannot be told gets a feedback
/// page named after it, linked from the status page; once its partner is
/// known, the page goes and the partner's page takes over.
#[test]
fn a_file_without_partner_gets_a_retour_page_named_after_it() -> TestResult {
    let (_tmp, root) = shared_folder()?;
    let depots = root.join("depots");
    let no_code = Book::standard("", "Association Familles Rurales").action(with(
        valid_action("AFR", 1),
        "N° action",
        None,
    ));
    put(&depots, "AFR/Pièce jointe.xlsx", &no_code.to_bytes())?;
    consolidate_ok(&root)?;
    let name = "retour-fichier-afr-piece-jointe-xlsx.html";
    let page = std::fs::read_to_string(root.join("retours").join(name))?;
    for expected in [
        "Retour sur le fichier « AFR/Pièce jointe.xlsx »",
        "Ce fichier n'a pas été pris en compte : l'outil de suivi n'a pas pu savoir de quel partenaire il vient",
        "À corriger",
        "Code partenaire",
    ] {
        assert!(page.contains(expected), "« {expected} » missing:\n{page}");
    }
    let board = std::fs::read_to_string(root.join(DASHBOARD))?;
    assert!(
        board.contains(&format!("href=\"../retours/{name}\"")),
        "{board}"
    );

    // The partner's code written in: its own page, the file's page gone.
    let fixed = one_action("AFR", "Association Familles Rurales");
    put(&depots, "AFR/Pièce jointe.xlsx", &fixed.to_bytes())?;
    consolidate_ok(&root)?;
    assert!(!root.join("retours").join(name).exists());
    assert!(root.join("retours/retour-AFR.html").is_file());
    Ok(())
}

/// Issue 12, point 16: the status page links to each partner's feedback
/// page and to the change report, and says what changed, briefly.
#[test]
fn the_status_page_says_what_changed_with_links() -> TestResult {
    let (_tmp, root) = shared_folder()?;
    let depots = root.join("depots");
    let v1 = one_action("MJCL", "MJC de Lavaur");
    put(&depots, "mjc.xlsx", &v1.to_bytes())?;
    consolidate_ok(&root)?;
    let board = std::fs::read_to_string(root.join(DASHBOARD))?;
    assert!(
        board.contains("Première consolidation de ce dossier : rien à comparer."),
        "{board}"
    );
    assert!(
        board.contains("<a href=\"../retours/retour-MJCL.html\">MJCL</a>"),
        "{board}"
    );
    assert!(
        board.contains("<a href=\"../retours/retour-RPE.html\">RPE</a>"),
        "{board}"
    );

    let v2 = v1.clone().action(valid_action("MJCL", 2));
    put(&depots, "mjc.xlsx", &v2.to_bytes())?;
    consolidate_ok(&root)?;
    let board = std::fs::read_to_string(root.join(DASHBOARD))?;
    let report = "modifications-2024-06-15-0000-consolidation-2.md";
    assert!(root.join("sortie").join(report).is_file());
    for expected in [
        "<h2>Ce qui a changé</h2>",
        "1 partenaire a modifié son plan d'actions entre la consolidation n° 1 du 15/06/2024 à 00:00 et la consolidation n° 2 du 15/06/2024 à 00:00.",
        "MJC de Lavaur (MJCL) a ajouté 1 action",
        "(<a href=\"../retours/retour-MJCL.html\">son retour</a>)",
        &format!("<a href=\"{report}\">{report}</a>"),
    ] {
        assert!(board.contains(expected), "« {expected} » missing:\n{board}");
    }

    // A plain folder with --sortie: the pages are under the output folder.
    let plain = root.join("plain");
    std::fs::create_dir(&plain)?;
    put(&plain, "mjc.xlsx", &v1.to_bytes())?;
    let out = root.join("resultats");
    let (code, said, err) = consolider(&plain, &["--sortie", path_str(&out)?])?;
    assert_eq!(code, 0, "{said}{err}");
    let board = std::fs::read_to_string(out.join("tableau-de-bord.html"))?;
    assert!(
        board.contains("<a href=\"retours/retour-MJCL.html\">MJCL</a>"),
        "{board}"
    );
    Ok(())
}
