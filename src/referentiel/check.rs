//! Checking a `ctg.toml` once read: codes, parents, duplicates and lists,
//! each problem with its line. Problems are collected, not stopped at the
//! first one, so the coordinator can fix them all in one pass.

use std::collections::HashMap;

use super::checker::Checker;
use super::columns::{ActionColumn, Column, IndicatorColumn, field_key, indicator_key};
use super::file::{
    ChangesFile, CommuneFile, ConfigFile, ConventionFile, FunderFile, NodeFile, ObjectiveFile,
    PartnerFile, StatusFile,
};
use super::synonyms::ColumnNames;
use super::{
    Axis, ChangeSettings, Commune, Config, Convention, Funder, Objective, Orientation, Partner,
    Referentiel, Status, StatusKind,
};
use crate::text::fold;

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

/// Checks a whole file into a configuration, whose référentiel reads
/// partners' columns under `column_names`; its problems are in `c`.
pub(super) fn check(
    c: &mut Checker,
    file: ConfigFile,
    column_names: &'static ColumnNames,
) -> Config {
    let convention = check_convention(c, file.convention);
    let (axes, orientations, objectives) =
        check_structure(c, file.axes, file.orientations, file.objectives);
    let statuses = check_statuses(c, file.statuses);
    let domains = c.list(
        &file.lists.domains,
        "des champs d'intervention ([listes] champs)",
    );
    let audiences = c.list(&file.lists.audiences, "des publics ([listes] publics)");
    let caf_schemes = c.list(
        &file.lists.caf_schemes,
        "des dispositifs CAF ([listes] dispositifs_caf)",
    );
    let verdicts = c.list(&file.verdicts.values, "des avis du comité ([avis] valeurs)");
    let funders = check_funders(c, file.funders);
    let communes = check_communes(c, file.communes);
    let partners = check_partners(c, file.partners);
    let output_workbook = c.text(
        &file.output.workbook,
        "le nom du classeur consolidé ([sortie] classeur)",
    );
    let lower = output_workbook.to_lowercase();
    if !output_workbook.is_empty()
        && (!lower.ends_with(".xlsx") || output_workbook.contains(['/', '\\']))
    {
        c.report_global_or_at(
            &file.output.workbook,
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
            caf_schemes,
            verdicts,
            funders,
            communes,
            column_names,
            folded: Default::default(),
        },
        partners,
        output_workbook,
        tool_name: super::follow::tool_name(c, &file.output.tool_name),
        follow: super::follow::check(c, file.follow),
        changes: ChangeSettings::default(),
        origin: super::Origin::File,
    };
    config.changes = check_changes(c, file.changes, &config.referentiel);
    config
}

/// The fields named in `[modifications] ignorer`, as stable keys: a
/// template header (« Commentaires »), a key (`commentaires`), or an extra
/// column (`colonne:Remarques`).
fn check_changes(c: &mut Checker, f: ChangesFile, r: &Referentiel) -> ChangeSettings {
    let mut known: Vec<(String, String)> = ActionColumn::template(r)
        .into_iter()
        .map(|col| (field_key(col, r), col.header(r)))
        .collect();
    known.extend(
        IndicatorColumn::template(r)
            .into_iter()
            .filter_map(|col| indicator_key(col).map(|k| (k, col.header(r)))),
    );
    let mut ignored = Vec::new();
    for name in f.ignored.get_ref() {
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
            c.report(&f.ignored, format!("[modifications] ignorer : « {name} » n'est pas une colonne du modèle.{hint} Pour une colonne ajoutée par un partenaire, écrivez « colonne:Nom de la colonne »."));
        }
    }
    let tolerance = *f.tolerance.get_ref();
    if !(0.0..=1_000.0).contains(&tolerance) {
        c.report_global_or_at(&f.tolerance, format!("[modifications] tolerance : {tolerance} n'est pas un écart plausible ; indiquez par exemple 0.005."));
    }
    ChangeSettings { ignored, tolerance }
}

fn check_convention(c: &mut Checker, f: ConventionFile) -> Convention {
    let (start, end) = (*f.start.get_ref(), *f.end.get_ref());
    for year in [&f.start, &f.end] {
        if !(2000..=2100).contains(year.get_ref()) {
            c.report(year, format!("l'année {} n'est pas plausible : indiquez une année sur 4 chiffres, par exemple 2023.", year.get_ref()));
        }
    }
    if end < start {
        c.report(
            &f.end,
            format!(
                "la convention finit en {end}, avant son début en {start} : corrigez debut ou fin."
            ),
        );
    }
    Convention {
        name: f.name.trim().to_owned(),
        territory: f.territory.trim().to_owned(),
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
            let label = c.text(&a.label, "le libellé de l'axe");
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
            let label = c.text(&o.label, "le libellé de l'orientation");
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
            let label = c.text(&o.label, "le libellé de l'objectif");
            let leads = o
                .leads
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
        let label = c.text(&s.label, "le libellé du statut");
        c.unique(&mut labels, &s.label, "le libellé de statut");
        statuses.push(Status {
            kind,
            label,
            synonyms: s
                .synonyms
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
            & c.unique(&mut columns, &f.column, "la colonne de financeur");
        let code = c.text(&f.code, "le code du financeur");
        let label = c.text(&f.label, "le libellé du financeur");
        let column = c.text(&f.column, "la colonne du financeur");
        if ok {
            funders.push(Funder {
                code,
                label,
                column,
            });
        }
    }
    if !funders.is_empty() && !funders.iter().any(|f| f.code == super::CAF_FUNDER) {
        c.report_global(format!("aucun financeur n'a le code « {} » : ajoutez le bloc [[financeur]] de la CAF avec code = \"{}\" (la part CAF des actions en dépend).", super::CAF_FUNDER, super::CAF_FUNDER));
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
        let name = c.text(&f.name, "le nom de la commune");
        let insee = f.insee.get_ref().trim().to_owned();
        let insee_ok = insee.len() == 5
            && insee.is_ascii()
            && (insee.bytes().all(|b| b.is_ascii_digit())
                || insee.starts_with("2A")
                || insee.starts_with("2B"));
        if !insee_ok {
            c.report(
                &f.insee,
                format!(
                    "le code INSEE « {insee} » {} doit avoir 5 caractères, par exemple « 81140 ».",
                    crate::text::de(&name)
                ),
            );
        }
        let ok = c.unique(&mut names, &f.name, "le nom de commune")
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
        let name = c.text(&p.name, "le nom du partenaire");
        partners.push(Partner {
            code,
            name,
            contact: p.contact.trim().to_owned(),
            email: p.email.trim().to_owned(),
            phone: p.phone.trim().to_owned(),
        });
    }
    partners
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partner_codes() {
        assert!(is_partner_code("MJCL"));
        assert!(is_partner_code("CCAS-SSP"));
        assert!(!is_partner_code("mjcl"));
        assert!(!is_partner_code("A--B"));
        assert!(!is_partner_code(""));
    }

    #[test]
    fn a_commune_name_starting_with_a_vowel_reads_as_french() {
        let source =
            crate::referentiel::DEFAULT_TOML.replacen("insee = \"81011\"", "insee = \"8101\"", 1);
        let Err(e) = crate::referentiel::Config::parse(&source) else {
            panic!("a four-digit INSEE code must be refused");
        };
        let messages: Vec<&str> = e.problems.iter().map(|p| p.message.as_str()).collect();
        assert!(
            messages.contains(
                &"le code INSEE « 8101 » d'Ambres doit avoir 5 caractères, par exemple « 81140 »."
            ),
            "{messages:?}"
        );
    }
}
