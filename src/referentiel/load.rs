//! Reading and checking `ctg.toml`. Problems are collected, not stopped at
//! the first one, so the coordinator can fix them all in one pass.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{
    Axis, Commune, Config, Convention, Funder, Objective, Orientation, Partner, Referentiel,
    Status, StatusKind,
};
use crate::error::{ConfigError, ConfigProblem};
use crate::text::fold;

/// The TOML reader's (English) message in French, for its usual cases: an
/// unknown or missing key, a value of the wrong kind, a key written twice;
/// anything else is a syntax error.
fn toml_problem(message: &str) -> String {
    // Names between backquotes, in order: `inconnu`, then the expected ones.
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let kind = |t: &str| match t {
        "integer" | "float" => "un nombre",
        "string" => "un texte entre guillemets",
        "boolean" => "vrai ou faux (true / false)",
        "sequence" | "array" => "une liste entre crochets [ ]",
        "map" | "table" => "un bloc [section]",
        _ => "une autre valeur",
    };
    if message.starts_with("unknown field") && !quoted.is_empty() {
        let expected = crate::text::quoted_list(&quoted[1..], "ou");
        format!(
            "le champ « {} » est inconnu (champs possibles ici : {expected})",
            quoted[0]
        )
    } else if message.starts_with("missing field") && !quoted.is_empty() {
        format!("le champ « {} » manque", quoted[0])
    } else if let Some(rest) = message.strip_prefix("invalid type: ") {
        let found = rest.split([' ', ',']).next().unwrap_or("");
        let expected = rest
            .rsplit("expected ")
            .next()
            .and_then(|e| e.split_whitespace().last())
            .unwrap_or("");
        format!(
            "type de valeur incorrect : {} là où il faut {}",
            kind(found),
            kind(expected)
        )
    } else if message.starts_with("duplicate key") {
        "la même clé est écrite deux fois dans ce bloc".to_owned()
    } else if let Some(expected) = quoted.last() {
        format!("syntaxe TOML invalide : « {expected} » manque ou est mal placé")
    } else {
        "syntaxe TOML invalide (guillemets, crochets ou signe = mal placés)".to_owned()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    convention: ConventionFile,
    #[serde(default)]
    sortie: OutputFile,
    #[serde(default)]
    partenaire: Vec<PartnerFile>,
    #[serde(default)]
    axe: Vec<NodeFile>,
    #[serde(default)]
    orientation: Vec<NodeFile>,
    #[serde(default)]
    objectif: Vec<ObjectiveFile>,
    #[serde(default)]
    statut: Vec<StatusFile>,
    #[serde(default)]
    listes: ListsFile,
    #[serde(default)]
    financeur: Vec<FunderFile>,
    #[serde(default)]
    commune: Vec<CommuneFile>,
    #[serde(default)]
    modifications: ChangesFile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChangesFile {
    #[serde(default = "empty_list")]
    ignorer: Spanned<Vec<String>>,
    #[serde(default = "default_tolerance")]
    tolerance: Spanned<f64>,
}

impl Default for ChangesFile {
    fn default() -> Self {
        ChangesFile {
            ignorer: empty_list(),
            tolerance: default_tolerance(),
        }
    }
}

fn default_tolerance() -> Spanned<f64> {
    Spanned::new(
        0..0,
        crate::referentiel::ChangeSettings::default().tolerance,
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConventionFile {
    nom: String,
    #[serde(default)]
    territoire: String,
    #[serde(default)]
    caf: String,
    debut: Spanned<i32>,
    fin: Spanned<i32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OutputFile {
    #[serde(default = "default_workbook")]
    classeur: Spanned<String>,
}

impl Default for OutputFile {
    fn default() -> Self {
        OutputFile {
            classeur: Spanned::new(0..0, default_workbook_name()),
        }
    }
}

fn default_workbook_name() -> String {
    "plan-actions-consolide.xlsx".to_owned()
}

fn default_workbook() -> Spanned<String> {
    Spanned::new(0..0, default_workbook_name())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartnerFile {
    code: Spanned<String>,
    nom: Spanned<String>,
    #[serde(default)]
    referent: String,
    #[serde(default)]
    courriel: String,
    #[serde(default)]
    telephone: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NodeFile {
    code: Spanned<String>,
    libelle: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ObjectiveFile {
    code: Spanned<String>,
    libelle: Spanned<String>,
    #[serde(default)]
    pistes: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusFile {
    code: Spanned<String>,
    libelle: Spanned<String>,
    #[serde(default)]
    synonymes: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListsFile {
    #[serde(default = "empty_list")]
    champs: Spanned<Vec<String>>,
    #[serde(default = "empty_list")]
    publics: Spanned<Vec<String>>,
}

impl Default for ListsFile {
    fn default() -> Self {
        ListsFile {
            champs: empty_list(),
            publics: empty_list(),
        }
    }
}

fn empty_list() -> Spanned<Vec<String>> {
    Spanned::new(0..0, Vec::new())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FunderFile {
    code: Spanned<String>,
    libelle: Spanned<String>,
    colonne: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CommuneFile {
    nom: Spanned<String>,
    insee: Spanned<String>,
}

/// Collects problems while checking, turning byte offsets into line numbers.
struct Checker<'a> {
    source: &'a str,
    problems: Vec<ConfigProblem>,
}

impl Checker<'_> {
    fn line_of(&self, offset: usize) -> Option<usize> {
        // Spans of defaulted values are empty at offset 0: no line to show.
        (offset > 0).then(|| {
            self.source[..offset.min(self.source.len())]
                .matches('\n')
                .count()
                + 1
        })
    }

    fn report<T>(&mut self, at: &Spanned<T>, message: String) {
        let line = self.line_of(at.span().start);
        self.problems.push(ConfigProblem { line, message });
    }

    fn report_global(&mut self, message: String) {
        self.problems.push(ConfigProblem {
            line: None,
            message,
        });
    }

    /// Reports a blank text and returns it trimmed.
    fn text(&mut self, value: &Spanned<String>, what: &str) -> String {
        let trimmed = value.get_ref().trim();
        if trimmed.is_empty() {
            self.report(value, format!("{what} est vide : indiquez un texte."));
        }
        trimmed.to_owned()
    }

    /// Reports a code seen twice among `seen` (compared folded).
    fn unique(
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

    fn list(&mut self, values: &Spanned<Vec<String>>, what: &str) -> Vec<String> {
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

    fn report_global_or_at<T>(&mut self, at: &Spanned<T>, message: String) {
        if at.span().start > 0 {
            self.report(at, message);
        } else {
            self.report_global(message);
        }
    }
}

/// True for a code made of dot-separated numbers, exactly `depth` of them.
fn is_code_of_depth(code: &str, depth: usize) -> bool {
    let parts: Vec<&str> = code.split('.').collect();
    parts.len() == depth
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// True for a partner code usable as an action number prefix: capitals,
/// digits and inner hyphens, e.g. `MJCL` or `CCAS-SSP`.
pub(crate) fn is_partner_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 20
        && code.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        })
}

impl Config {
    /// Reads a `ctg.toml` from disk.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let display = path.display().to_string();
        let source = std::fs::read_to_string(path).map_err(|e| ConfigError {
            file: display.clone(),
            problems: vec![ConfigProblem {
                line: None,
                message: format!(
                    "impossible de lire le fichier ({}). Vérifiez qu'il existe et qu'il est enregistré en UTF-8.",
                    crate::fs::io_reason(&e)
                ),
            }],
        })?;
        Config::parse(&source).map_err(|mut e| {
            e.file = display;
            e
        })
    }

    /// Parses and checks the text of a `ctg.toml`.
    pub fn parse(source: &str) -> Result<Config, ConfigError> {
        let file: File = toml::from_str(source).map_err(|e| {
            let line = e
                .span()
                .map(|s| source[..s.start.min(source.len())].matches('\n').count() + 1);
            ConfigError {
                file: "ctg.toml".to_owned(),
                problems: vec![ConfigProblem {
                    line,
                    message: format!(
                        "{}. Comparez avec le fichier écrit par « ctg init ».",
                        toml_problem(e.message().trim())
                    ),
                }],
            }
        })?;
        let mut checker = Checker {
            source,
            problems: Vec::new(),
        };
        let config = check(&mut checker, file);
        if checker.problems.is_empty() {
            Ok(config)
        } else {
            Err(ConfigError {
                file: "ctg.toml".to_owned(),
                problems: checker.problems,
            })
        }
    }
}

fn check(c: &mut Checker, file: File) -> Config {
    let convention = check_convention(c, file.convention);
    let (axes, orientations, objectives) =
        check_structure(c, file.axe, file.orientation, file.objectif);
    let statuses = check_statuses(c, file.statut);
    let domains = c.list(
        &file.listes.champs,
        "des champs d'intervention ([listes] champs)",
    );
    let audiences = c.list(&file.listes.publics, "des publics ([listes] publics)");
    let funders = check_funders(c, file.financeur);
    let communes = check_communes(c, file.commune);
    let partners = check_partners(c, file.partenaire);
    let (referentiel_funders, changes) = (funders, file.modifications);
    let output_workbook = c.text(
        &file.sortie.classeur,
        "le nom du classeur consolidé ([sortie] classeur)",
    );
    let lower = output_workbook.to_lowercase();
    if !output_workbook.is_empty()
        && (!lower.ends_with(".xlsx") || output_workbook.contains(['/', '\\']))
    {
        c.report_global_or_at(
            &file.sortie.classeur,
            format!("le classeur consolidé « {output_workbook} » doit être un simple nom de fichier finissant par .xlsx."),
        );
    }
    let mut config = Config {
        referentiel: Referentiel {
            convention,
            axes,
            orientations,
            objectives,
            statuses,
            domains,
            audiences,
            funders: referentiel_funders,
            communes,
            folded: Default::default(),
        },
        partners,
        output_workbook,
        changes: crate::referentiel::ChangeSettings::default(),
    };
    config.changes = check_changes(c, changes, &config.referentiel);
    config
}

/// The fields named in `[modifications] ignorer`, as stable keys: a
/// template header (« Commentaires »), a key (`commentaires`), or an extra
/// column (`colonne:Remarques`).
fn check_changes(
    c: &mut Checker,
    f: ChangesFile,
    r: &Referentiel,
) -> crate::referentiel::ChangeSettings {
    use super::columns::{ActionColumn, Column, IndicatorColumn};
    let mut known: Vec<(String, String)> = ActionColumn::template(r)
        .into_iter()
        .map(|col| (super::columns::field_key(col, r), col.header(r)))
        .collect();
    known.extend(
        IndicatorColumn::template(r)
            .into_iter()
            .filter_map(|col| super::columns::indicator_key(col).map(|k| (k, col.header(r)))),
    );
    let mut ignored = Vec::new();
    for name in f.ignorer.get_ref() {
        let folded = fold(name);
        let core = |h: &str| fold(h.trim_end_matches(" (€)").trim_end_matches(" (%)"));
        if let Some(column) = name.trim().strip_prefix("colonne:") {
            ignored.push(format!("colonne:{}", column.trim()));
        } else if let Some((key, _)) = known
            .iter()
            .find(|(k, h)| fold(k) == folded || core(h) == folded)
        {
            ignored.push(key.clone());
        } else {
            let names: Vec<&str> = known.iter().map(|(_, h)| h.as_str()).collect();
            let hint = crate::text::closest(name, names)
                .map(|h| format!(" Vouliez-vous dire « {h} » ?"))
                .unwrap_or_default();
            c.report(&f.ignorer, format!("[modifications] ignorer : « {name} » n'est pas une colonne du modèle.{hint} Pour une colonne ajoutée par un partenaire, écrivez « colonne:Nom de la colonne »."));
        }
    }
    let tolerance = *f.tolerance.get_ref();
    if !(0.0..=1_000.0).contains(&tolerance) {
        c.report_global_or_at(&f.tolerance, format!("[modifications] tolerance : {tolerance} n'est pas un écart plausible ; indiquez par exemple 0.005."));
    }
    crate::referentiel::ChangeSettings { ignored, tolerance }
}

fn check_convention(c: &mut Checker, f: ConventionFile) -> Convention {
    let (start, end) = (*f.debut.get_ref(), *f.fin.get_ref());
    for year in [&f.debut, &f.fin] {
        if !(2000..=2100).contains(year.get_ref()) {
            c.report(year, format!("l'année {} n'est pas plausible : indiquez une année sur 4 chiffres, par exemple 2023.", year.get_ref()));
        }
    }
    if end < start {
        c.report(
            &f.fin,
            format!(
                "la convention finit en {end}, avant son début en {start} : corrigez debut ou fin."
            ),
        );
    }
    Convention {
        name: f.nom.trim().to_owned(),
        territory: f.territoire.trim().to_owned(),
        caf: f.caf.trim().to_owned(),
        start_year: start,
        end_year: end,
    }
}

fn check_structure(
    c: &mut Checker,
    axes_file: Vec<NodeFile>,
    orientations_file: Vec<NodeFile>,
    objectives_file: Vec<ObjectiveFile>,
) -> (Vec<Axis>, Vec<Orientation>, Vec<Objective>) {
    if axes_file.is_empty() {
        c.report_global(
            "aucun axe n'est défini : ajoutez au moins un bloc [[axe]] avec un code et un libellé."
                .to_owned(),
        );
    }
    let mut seen = HashMap::new();
    let mut axes = Vec::new();
    for a in axes_file {
        let code = a.code.get_ref().trim().to_owned();
        if !is_code_of_depth(&code, 1) {
            c.report(
                &a.code,
                format!("le code d'axe « {code} » doit être un nombre, par exemple « 1 »."),
            );
        } else if c.unique(&mut seen, &a.code, "le code d'axe") {
            let label = c.text(&a.libelle, "le libellé de l'axe");
            axes.push(Axis { code, label });
        }
    }
    let mut orientations = Vec::new();
    for o in orientations_file {
        let code = o.code.get_ref().trim().to_owned();
        if !is_code_of_depth(&code, 2) {
            c.report(&o.code, format!("le code d'orientation « {code} » doit avoir la forme axe.numéro, par exemple « 1.2 »."));
            continue;
        }
        let parent = super::parent_code(&code);
        if !axes.iter().any(|a| a.code == parent) {
            c.report(&o.code, format!("l'orientation « {code} » est rattachée à l'axe « {parent} », qui n'existe pas : ajoutez un bloc [[axe]] code = \"{parent}\" ou corrigez le code."));
        } else if c.unique(&mut seen, &o.code, "le code d'orientation") {
            let label = c.text(&o.libelle, "le libellé de l'orientation");
            orientations.push(Orientation { code, label });
        }
    }
    let mut objectives = Vec::new();
    for o in objectives_file {
        let code = o.code.get_ref().trim().to_owned();
        if !is_code_of_depth(&code, 3) {
            c.report(&o.code, format!("le code d'objectif « {code} » doit avoir la forme axe.orientation.numéro, par exemple « 1.2.1 »."));
            continue;
        }
        let parent = super::parent_code(&code);
        if !orientations.iter().any(|r: &Orientation| r.code == parent) {
            c.report(&o.code, format!("l'objectif « {code} » est rattaché à l'orientation « {parent} », qui n'existe pas : ajoutez un bloc [[orientation]] code = \"{parent}\" ou corrigez le code."));
        } else if c.unique(&mut seen, &o.code, "le code d'objectif") {
            let label = c.text(&o.libelle, "le libellé de l'objectif");
            let leads = o
                .pistes
                .iter()
                .map(|p| p.trim().to_owned())
                .filter(|p| !p.is_empty())
                .collect();
            objectives.push(Objective { code, label, leads });
        }
    }
    for a in &axes {
        if !orientations
            .iter()
            .any(|o| super::parent_code(&o.code) == a.code)
        {
            c.report_global(format!(
                "l'axe « {} » n'a aucune orientation : ajoutez-en une ou supprimez l'axe.",
                a.code
            ));
        }
    }
    for o in &orientations {
        if !objectives.iter().any(|ob| ob.orientation_code() == o.code) {
            c.report_global(format!("l'orientation « {} » n'a aucun objectif opérationnel : ajoutez-en un ou supprimez l'orientation.", o.code));
        }
    }
    // Keep the CTG order whatever the order of blocks in the file.
    let key = |code: &str| -> Vec<u32> { code.split('.').filter_map(|p| p.parse().ok()).collect() };
    axes.sort_by_key(|a| key(&a.code));
    orientations.sort_by_key(|o| key(&o.code));
    objectives.sort_by_key(|o| key(&o.code));
    (axes, orientations, objectives)
}

fn check_statuses(c: &mut Checker, statuses_file: Vec<StatusFile>) -> Vec<Status> {
    let mut statuses: Vec<Status> = Vec::new();
    let mut labels = HashMap::new();
    for s in statuses_file {
        let code = s.code.get_ref().trim();
        let Some(kind) = StatusKind::ALL.into_iter().find(|k| k.code() == code) else {
            let known: Vec<&str> = StatusKind::ALL.iter().map(|k| k.code()).collect();
            c.report(&s.code, format!("le code de statut « {code} » est inconnu : les codes possibles sont {}. Seuls le libellé et les synonymes se modifient.", known.join(", ")));
            continue;
        };
        if statuses.iter().any(|other| other.kind == kind) {
            c.report(
                &s.code,
                format!("le statut « {code} » est défini deux fois."),
            );
            continue;
        }
        let label = c.text(&s.libelle, "le libellé du statut");
        c.unique(&mut labels, &s.libelle, "le libellé de statut");
        statuses.push(Status {
            kind,
            label,
            synonyms: s
                .synonymes
                .iter()
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
                .collect(),
        });
    }
    for kind in StatusKind::ALL {
        if !statuses.iter().any(|s| s.kind == kind) {
            c.report_global(format!("le statut « {} » manque : ajoutez un bloc [[statut]] code = \"{}\" avec son libellé.", kind.code(), kind.code()));
        }
    }
    statuses.sort_by_key(|s| s.kind);
    statuses
}

fn check_funders(c: &mut Checker, funders_file: Vec<FunderFile>) -> Vec<Funder> {
    if funders_file.is_empty() {
        c.report_global(
            "aucun financeur n'est défini : ajoutez au moins un bloc [[financeur]].".to_owned(),
        );
    }
    let (mut codes, mut columns) = (HashMap::new(), HashMap::new());
    let mut funders = Vec::new();
    for f in funders_file {
        let ok = c.unique(&mut codes, &f.code, "le code de financeur")
            & c.unique(&mut columns, &f.colonne, "la colonne de financeur");
        let code = c.text(&f.code, "le code du financeur");
        let label = c.text(&f.libelle, "le libellé du financeur");
        let column = c.text(&f.colonne, "la colonne du financeur");
        if ok {
            funders.push(Funder {
                code,
                label,
                column,
            });
        }
    }
    funders
}

fn check_communes(c: &mut Checker, communes_file: Vec<CommuneFile>) -> Vec<Commune> {
    if communes_file.is_empty() {
        c.report_global(
            "aucune commune n'est définie : ajoutez un bloc [[commune]] par commune du territoire."
                .to_owned(),
        );
    }
    let (mut names, mut codes) = (HashMap::new(), HashMap::new());
    let mut communes = Vec::new();
    for f in communes_file {
        let name = c.text(&f.nom, "le nom de la commune");
        let insee = f.insee.get_ref().trim().to_owned();
        let insee_ok = insee.len() == 5
            && insee.is_ascii()
            && (insee.bytes().all(|b| b.is_ascii_digit())
                || insee.starts_with("2A")
                || insee.starts_with("2B"));
        if !insee_ok {
            c.report(&f.insee, format!("le code INSEE « {insee} » de {name} doit avoir 5 caractères, par exemple « 81140 »."));
        }
        let ok = c.unique(&mut names, &f.nom, "le nom de commune")
            & c.unique(&mut codes, &f.insee, "le code INSEE");
        if ok && insee_ok && !name.is_empty() {
            communes.push(Commune { name, insee });
        }
    }
    communes
}

fn check_partners(c: &mut Checker, partners_file: Vec<PartnerFile>) -> Vec<Partner> {
    let mut codes = HashMap::new();
    let mut partners = Vec::new();
    for p in partners_file {
        let code = p.code.get_ref().trim().to_owned();
        if !is_partner_code(&code) {
            c.report(&p.code, format!("le code partenaire « {code} » doit contenir seulement des majuscules sans accent, des chiffres et des tirets (20 caractères au plus), par exemple « MJCL » ou « CCAS-SSP »."));
            continue;
        }
        if !c.unique(&mut codes, &p.code, "le code partenaire") {
            continue;
        }
        let name = c.text(&p.nom, "le nom du partenaire");
        partners.push(Partner {
            code,
            name,
            contact: p.referent.trim().to_owned(),
            email: p.courriel.trim().to_owned(),
            phone: p.telephone.trim().to_owned(),
        });
    }
    partners
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referentiel::DEFAULT_TOML;

    fn problems(source: &str) -> Vec<ConfigProblem> {
        Config::parse(source)
            .expect_err("configuration must be refused")
            .problems
    }

    fn line_of(source: &str, needle: &str) -> usize {
        let at = source.find(needle).unwrap_or(source.len());
        source[..at].matches('\n').count() + 1
    }

    #[test]
    fn duplicate_objective_code_is_reported_on_its_line() {
        let source = DEFAULT_TOML.replacen("code = \"1.1.2\"", "code = \"1.1.1\"", 1);
        let p = problems(&source);
        assert_eq!(p.len(), 1, "{p:?}");
        let second = source
            .match_indices("code = \"1.1.1\"")
            .nth(1)
            .map_or(0, |m| m.0);
        assert_eq!(p[0].line, Some(source[..second].matches('\n').count() + 1));
        assert!(
            p[0].message.contains("déjà utilisé ligne"),
            "{}",
            p[0].message
        );
    }

    #[test]
    fn objective_under_missing_orientation_is_reported() {
        let source =
            format!("{DEFAULT_TOML}\n[[objectif]]\ncode = \"1.9.1\"\nlibelle = \"Orphelin\"\n");
        let p = problems(&source);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].line, Some(line_of(&source, "code = \"1.9.1\"")));
        assert!(
            p[0].message
                .contains("orientation « 1.9 », qui n'existe pas")
        );
    }

    #[test]
    fn empty_list_and_unknown_status_are_reported() {
        let source = DEFAULT_TOML
            .replace("code = \"reportee\"", "code = \"repoussee\"")
            .replacen("champs = [", "champs = [] \nanciens_champs = [", 1);
        // An unknown key is a syntax-level problem, reported alone.
        assert!(problems(&source)[0].message.contains("anciens_champs"));
        let source = DEFAULT_TOML.replace("code = \"reportee\"", "code = \"repoussee\"");
        let p = problems(&source);
        assert!(
            p.iter()
                .any(|p| p.message.contains("« repoussee » est inconnu"))
        );
        assert!(p.iter().any(|p| p.message.contains("« reportee » manque")));
    }

    #[test]
    fn syntax_error_names_the_line() {
        let source = "[convention]\nnom = \"x\"\ndebut = 2023\nfin = = 2026\n";
        let p = problems(source);
        assert_eq!(p[0].line, Some(4));
        assert!(p[0].message.starts_with("syntaxe TOML invalide"));
    }

    #[test]
    fn the_toml_readers_messages_are_told_in_french() {
        let cases = [
            (
                "[convention]\nnom = \"x\"\ninconnu = 2\n",
                3,
                "le champ « inconnu » est inconnu (champs possibles ici : « nom », « territoire »",
            ),
            (
                "[[partenaire]]\ncode = 3\n",
                2,
                "type de valeur incorrect : un nombre là où il faut un texte entre guillemets",
            ),
            (
                "[convention]\nnom = \"x\"\nnom = \"y\"\n",
                3,
                "la même clé est écrite deux fois dans ce bloc",
            ),
            (
                "[convention\nnom = \"x\"\n",
                1,
                "syntaxe TOML invalide : « ] » manque ou est mal placé",
            ),
            (
                "[[partenaire]]\nnom = \"x\"\n",
                1,
                "le champ « code » manque",
            ),
        ];
        for (source, line, expected) in cases {
            let p = problems(source);
            assert_eq!(p[0].line, Some(line), "{source}");
            assert!(p[0].message.starts_with(expected), "{}", p[0].message);
            assert!(!p[0].message.contains("expected"), "{}", p[0].message);
        }
    }

    #[test]
    fn bad_partner_code_and_years_are_reported() {
        let source = DEFAULT_TOML
            .replacen("code = \"MJCL\"", "code = \"mjc lavaur\"", 1)
            .replacen("fin = 2026", "fin = 2020", 1);
        let p = problems(&source);
        assert!(p.iter().any(|p| p.message.contains("« mjc lavaur »")));
        assert!(p.iter().any(|p| p.message.contains("finit en 2020")));
    }

    #[test]
    fn partner_codes() {
        assert!(is_partner_code("MJCL"));
        assert!(is_partner_code("CCAS-SSP"));
        assert!(!is_partner_code("mjcl"));
        assert!(!is_partner_code("A--B"));
        assert!(!is_partner_code(""));
    }
}
