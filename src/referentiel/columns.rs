//! The columns of the partner workbook: their headers in the template, and
//! every other way partners title them. One source for the template writer
//! and the reader, so the two never drift apart.

use std::collections::HashMap;

use crate::referentiel::Referentiel;
use crate::text::{fold, similarity};

/// A column of the Actions sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActionColumn {
    /// N° action (`MJCL-001`).
    Number,
    /// Intitulé.
    Title,
    /// Objectif opérationnel.
    Objective,
    /// Champ(s) d'intervention.
    Domains,
    /// Public(s) cible(s).
    Audiences,
    /// Communes concernées.
    Communes,
    /// Description.
    Description,
    /// Référent de l'action.
    Contact,
    /// Partenaires associés.
    Associates,
    /// Date de début.
    Start,
    /// Date de fin.
    End,
    /// Statut.
    Status,
    /// Avancement (%).
    Progress,
    /// Budget prévisionnel (€).
    Budget,
    /// Amount of the funder at this index of the référentiel.
    Funding(usize),
    /// Commentaires.
    Comments,
    /// Axe or orientation typed by the partner: follows from the objective,
    /// so it is recognised and not reported, but not read.
    Derived,
}

/// A column of the Indicateurs sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IndicatorColumn {
    /// N° action the indicator measures.
    Action,
    /// Indicateur (its name).
    Name,
    /// Type: quantitatif / qualitatif.
    Kind,
    /// Unité.
    Unit,
    /// Valeur de départ.
    Baseline,
    /// Cible.
    Target,
    /// Réalisé for a year of the convention.
    Result(i32),
    /// Commentaire.
    Comment,
}

/// What the reader needs to know about the columns of one sheet.
pub trait Column: Copy + Eq + std::hash::Hash + Ord + std::fmt::Debug + 'static {
    /// Every name partners give each column (folded by [`Synonyms`]).
    fn synonyms(r: &Referentiel) -> Vec<(Self, Vec<String>)>;
    /// Columns without which no row of the sheet can be used.
    fn required() -> &'static [Self];
    /// Columns whose presence identifies the header row.
    fn anchors() -> &'static [Self];
    /// Header in the template.
    fn header(self, r: &Referentiel) -> String;
    /// Columns of the template, in order.
    fn template(r: &Referentiel) -> Vec<Self>;
    /// The finding code for a sheet of this kind with nothing in it.
    fn empty_sheet_code() -> crate::finding::Code;
    /// True for a column a sheet may hold several times (Axe and
    /// Orientation are both [`ActionColumn::Derived`]).
    fn repeatable(self) -> bool {
        false
    }
}

/// Strips the unit words partners add to headers (« en euros », « en % »).
fn core_of(header: &str) -> String {
    let mut folded = fold(header);
    for suffix in [
        " en euros",
        " euros",
        " en eur",
        " eur",
        " en",
        " ttc",
        " ht",
    ] {
        if let Some(stripped) = folded.strip_suffix(suffix) {
            folded = stripped.to_owned();
        }
    }
    folded
}

/// A table of names → things, folded once, to recognise headers and labels
/// as partners write them.
#[derive(Debug, Clone)]
pub struct Synonyms<T> {
    exact: HashMap<String, T>,
    table: Vec<(T, Vec<String>)>,
    /// Longest name, in bytes: longer texts are data, not names, and are
    /// not worth folding.
    longest: usize,
}

impl<T: Copy + PartialEq> Synonyms<T> {
    /// Builds the table; names are folded here, once.
    pub fn new(table: Vec<(T, Vec<String>)>) -> Synonyms<T> {
        let table: Vec<(T, Vec<String>)> = table
            .into_iter()
            .map(|(t, names)| (t, names.iter().map(|n| fold(n)).collect()))
            .collect();
        let mut exact = HashMap::new();
        for (t, names) in &table {
            for n in names {
                // The first entry naming a text wins, as in the table's order.
                exact.entry(n.clone()).or_insert(*t);
            }
        }
        let longest = table
            .iter()
            .flat_map(|(_, names)| names.iter().map(String::len))
            .max()
            .unwrap_or(0);
        Synonyms {
            exact,
            table,
            longest,
        }
    }

    /// True for a text too long to be any name, even with units or
    /// punctuation around it.
    fn too_long(&self, text: &str) -> bool {
        text.len() > 2 * self.longest + 16
    }

    /// The entry `text` names exactly, once folded.
    pub fn find_exact(&self, text: &str) -> Option<T> {
        if self.too_long(text) {
            return None;
        }
        self.exact.get(&core_of(text)).copied()
    }

    /// The entry `text` names exactly once folded, or, failing that, very
    /// closely (typos such as « Statu » or « Intitlé »).
    pub fn find(&self, text: &str) -> Option<T> {
        if self.too_long(text) {
            return None;
        }
        let core = core_of(text);
        if core.is_empty() {
            return None;
        }
        if let Some(t) = self.exact.get(&core) {
            return Some(*t);
        }
        // Typos only: long texts are data, not titles, and a number
        // (« Réalisé 2027 ») must match exactly.
        let len = core.chars().count();
        if len > 40 || core.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        // Best score per entry; a typo must point clearly at one entry.
        let mut scores: Vec<(T, f64)> = self
            .table
            .iter()
            .filter_map(|(t, names)| {
                let best = names
                    .iter()
                    .filter(|n| n.len() >= 5 && n.chars().count().abs_diff(len) <= 4)
                    .map(|n| similarity(&core, n))
                    .fold(0.0, f64::max);
                (best >= 0.85).then_some((*t, best))
            })
            .collect();
        scores.sort_by(|a, b| b.1.total_cmp(&a.1));
        match scores.as_slice() {
            [(t, _)] => Some(*t),
            [(t, first), (_, second), ..] if first - second >= 0.04 => Some(*t),
            _ => None,
        }
    }
}

/// The columns of one kind of sheet, recognised from their headers.
pub type Matcher<C> = Synonyms<C>;

/// The matcher of a kind of column for a référentiel.
pub fn matcher<C: Column>(r: &Referentiel) -> Matcher<C> {
    Synonyms::new(C::synonyms(r))
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| fold(s)).collect()
}

impl Column for ActionColumn {
    fn synonyms(r: &Referentiel) -> Vec<(ActionColumn, Vec<String>)> {
        use ActionColumn::*;
        let mut table = vec![
            (
                Number,
                names(&[
                    "N° action",
                    "n°",
                    "no",
                    "num",
                    "numéro",
                    "numéro action",
                    "numéro d'action",
                    "n° de l'action",
                    "référence",
                    "ref",
                    "réf action",
                    "code action",
                    "identifiant",
                    "id",
                ]),
            ),
            (
                Title,
                names(&[
                    "Intitulé",
                    "intitulé de l'action",
                    "intitulé action",
                    "action",
                    "nom de l'action",
                    "titre",
                    "titre de l'action",
                    "libellé",
                    "libellé de l'action",
                    "libellé action",
                ]),
            ),
            (
                Objective,
                names(&[
                    "Objectif opérationnel",
                    "objectif",
                    "objectifs",
                    "objectifs opérationnels",
                    "oo",
                    "objectif ctg",
                    "code objectif",
                    "objectif opérationnel ctg",
                    "objectif operationnel visé",
                ]),
            ),
            (
                Domains,
                names(&[
                    "Champ d'intervention",
                    "champ",
                    "champs",
                    "champs d'intervention",
                    "thématique",
                    "thématiques",
                    "domaine",
                    "domaines",
                    "secteur",
                ]),
            ),
            (
                Audiences,
                names(&[
                    "Public cible",
                    "public",
                    "publics",
                    "publics cibles",
                    "public visé",
                    "publics visés",
                    "bénéficiaires",
                    "cible",
                ]),
            ),
            (
                Communes,
                names(&[
                    "Communes concernées",
                    "communes",
                    "commune",
                    "commune concernée",
                    "territoire",
                    "territoire concerné",
                    "lieu",
                    "lieux",
                    "localisation",
                ]),
            ),
            (
                Description,
                names(&[
                    "Description",
                    "descriptif",
                    "description de l'action",
                    "contenu",
                    "détail",
                    "détails",
                    "modalités",
                ]),
            ),
            (
                Contact,
                names(&[
                    "Référent de l'action",
                    "référent",
                    "référente",
                    "pilote",
                    "pilote de l'action",
                    "responsable",
                    "responsable de l'action",
                    "contact",
                ]),
            ),
            (
                Associates,
                names(&[
                    "Partenaires associés",
                    "partenaires",
                    "partenariat",
                    "partenariats",
                    "co-porteurs",
                    "autres partenaires",
                ]),
            ),
            (
                Start,
                names(&[
                    "Date de début",
                    "début",
                    "date début",
                    "date de démarrage",
                    "démarrage",
                    "commencement",
                ]),
            ),
            (
                End,
                names(&[
                    "Date de fin",
                    "fin",
                    "date fin",
                    "échéance",
                    "date d'échéance",
                    "date de fin prévue",
                ]),
            ),
            (
                Status,
                names(&[
                    "Statut",
                    "état",
                    "statut de l'action",
                    "situation",
                    "état de l'action",
                ]),
            ),
            (
                Progress,
                names(&[
                    "Avancement (%)",
                    "avancement",
                    "taux d'avancement",
                    "pourcentage d'avancement",
                    "% d'avancement",
                    "progression",
                    "% réalisé",
                    "état d'avancement",
                ]),
            ),
            (
                Budget,
                names(&[
                    "Budget prévisionnel (€)",
                    "budget",
                    "budget prévisionnel",
                    "budget total",
                    "coût",
                    "coût total",
                    "coût prévisionnel",
                    "montant",
                    "montant total",
                    "budget global",
                ]),
            ),
            (
                Comments,
                names(&[
                    "Commentaires",
                    "commentaire",
                    "observations",
                    "observation",
                    "remarques",
                    "remarque",
                    "notes",
                ]),
            ),
            (
                Derived,
                names(&[
                    "Axe",
                    "axe stratégique",
                    "enjeu",
                    "orientation",
                    "orientation stratégique",
                    "axe ctg",
                    "libellé axe",
                    "libellé orientation",
                ]),
            ),
        ];
        for (i, f) in r.funders.iter().enumerate() {
            let label = fold(&f.label);
            let code = fold(&f.code);
            let mut n = names(&[&f.column]);
            for base in [&label, &code] {
                n.extend([
                    base.clone(),
                    format!("financement {base}"),
                    format!("financements {base}"),
                    format!("part {base}"),
                    format!("participation {base}"),
                    format!("subvention {base}"),
                    format!("montant {base}"),
                ]);
            }
            if code == "autres" {
                n.extend(names(&[
                    "autres financements",
                    "autres financeurs",
                    "autre financement",
                    "autres partenaires financiers",
                    "financements autres",
                ]));
            }
            table.push((Funding(i), n));
        }
        table
    }

    fn required() -> &'static [Self] {
        &[
            ActionColumn::Number,
            ActionColumn::Title,
            ActionColumn::Objective,
        ]
    }

    fn anchors() -> &'static [Self] {
        &[ActionColumn::Number, ActionColumn::Title]
    }

    fn header(self, r: &Referentiel) -> String {
        use ActionColumn::*;
        match self {
            Number => "N° action".to_owned(),
            Title => "Intitulé".to_owned(),
            Objective => "Objectif opérationnel".to_owned(),
            Domains => "Champ d'intervention".to_owned(),
            Audiences => "Public cible".to_owned(),
            Communes => "Communes concernées".to_owned(),
            Description => "Description".to_owned(),
            Contact => "Référent de l'action".to_owned(),
            Associates => "Partenaires associés".to_owned(),
            Start => "Date de début".to_owned(),
            End => "Date de fin".to_owned(),
            Status => "Statut".to_owned(),
            Progress => "Avancement (%)".to_owned(),
            Budget => "Budget prévisionnel (€)".to_owned(),
            Funding(i) => r.funders.get(i).map_or_else(
                || format!("Financement {i}"),
                |f| format!("{} (€)", f.column),
            ),
            Comments => "Commentaires".to_owned(),
            Derived => "Axe".to_owned(),
        }
    }

    fn template(r: &Referentiel) -> Vec<Self> {
        use ActionColumn::*;
        let mut cols = vec![
            Number,
            Title,
            Objective,
            Domains,
            Audiences,
            Communes,
            Description,
            Contact,
            Associates,
            Start,
            End,
            Status,
            Progress,
            Budget,
        ];
        cols.extend((0..r.funders.len()).map(Funding));
        cols.push(Comments);
        cols
    }

    fn repeatable(self) -> bool {
        self == ActionColumn::Derived
    }

    fn empty_sheet_code() -> crate::finding::Code {
        crate::finding::Code::NoAction
    }
}

impl Column for IndicatorColumn {
    fn empty_sheet_code() -> crate::finding::Code {
        crate::finding::Code::NoIndicator
    }

    fn synonyms(r: &Referentiel) -> Vec<(IndicatorColumn, Vec<String>)> {
        use IndicatorColumn::*;
        let mut table = vec![
            (
                Action,
                names(&[
                    "N° action",
                    "n°",
                    "numéro",
                    "numéro action",
                    "numéro d'action",
                    "action",
                    "référence action",
                    "ref action",
                    "code action",
                ]),
            ),
            (
                Name,
                names(&[
                    "Indicateur",
                    "indicateurs",
                    "libellé",
                    "libellé de l'indicateur",
                    "nom de l'indicateur",
                    "intitulé de l'indicateur",
                    "intitulé",
                ]),
            ),
            (
                Kind,
                names(&[
                    "Type",
                    "type d'indicateur",
                    "nature",
                    "quantitatif qualitatif",
                ]),
            ),
            (
                Unit,
                names(&["Unité", "unités", "unité de mesure", "mesure"]),
            ),
            (
                Baseline,
                names(&[
                    "Valeur de départ",
                    "valeur initiale",
                    "départ",
                    "situation initiale",
                    "référence",
                    "valeur de référence",
                    "point de départ",
                ]),
            ),
            (
                Target,
                names(&[
                    "Cible",
                    "valeur cible",
                    "objectif",
                    "objectif chiffré",
                    "cible visée",
                    "résultat attendu",
                ]),
            ),
            (
                Comment,
                names(&[
                    "Commentaire",
                    "commentaires",
                    "observations",
                    "remarques",
                    "notes",
                ]),
            ),
        ];
        // « Réalisé 2024 », « Résultat 2024 », « 2024 »: the convention's years
        // only, so that « Réalisé 2019 » is reported as an unknown column.
        for year in r.convention.years() {
            let names = [
                "",
                "Réalisé",
                "Réalisée",
                "Résultat",
                "Résultats",
                "Valeur",
                "Atteint",
                "Valeur atteinte",
                "Réalisé au 31/12",
                "Bilan",
            ];
            table.push((
                Result(year),
                names.iter().map(|n| format!("{n} {year}")).collect(),
            ));
        }
        table
    }

    fn required() -> &'static [Self] {
        &[IndicatorColumn::Action, IndicatorColumn::Name]
    }

    fn anchors() -> &'static [Self] {
        &[IndicatorColumn::Action, IndicatorColumn::Name]
    }

    fn header(self, _r: &Referentiel) -> String {
        use IndicatorColumn::*;
        match self {
            Action => "N° action".to_owned(),
            Name => "Indicateur".to_owned(),
            Kind => "Type".to_owned(),
            Unit => "Unité".to_owned(),
            Baseline => "Valeur de départ".to_owned(),
            Target => "Cible".to_owned(),
            Result(year) => format!("Réalisé {year}"),
            Comment => "Commentaire".to_owned(),
        }
    }

    fn template(r: &Referentiel) -> Vec<Self> {
        use IndicatorColumn::*;
        let mut cols = vec![Action, Name, Kind, Unit, Baseline, Target];
        cols.extend(r.convention.years().map(Result));
        cols.push(Comment);
        cols
    }
}

/// A line of the Partenaire sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PartnerField {
    /// Name of the structure.
    Name,
    /// Partner code.
    Code,
    /// Contact person.
    Contact,
    /// E-mail.
    Email,
    /// Phone.
    Phone,
    /// Date of the last update.
    Updated,
    /// Template version.
    TemplateVersion,
}

impl PartnerField {
    /// Every field, in template order.
    pub const ALL: [PartnerField; 7] = [
        PartnerField::Name,
        PartnerField::Code,
        PartnerField::Contact,
        PartnerField::Email,
        PartnerField::Phone,
        PartnerField::Updated,
        PartnerField::TemplateVersion,
    ];

    /// Label in the template.
    pub fn label(self) -> &'static str {
        match self {
            PartnerField::Name => "Structure",
            PartnerField::Code => "Code partenaire",
            PartnerField::Contact => "Référent",
            PartnerField::Email => "Courriel",
            PartnerField::Phone => "Téléphone",
            PartnerField::Updated => "Date de mise à jour",
            PartnerField::TemplateVersion => "Version du modèle",
        }
    }

    /// The labels of the Partenaire sheet, as partners write them.
    pub fn synonyms() -> Synonyms<PartnerField> {
        use PartnerField::*;
        let table = vec![
            (
                Name,
                names(&[
                    "Structure",
                    "nom de la structure",
                    "partenaire",
                    "nom du partenaire",
                    "organisme",
                    "porteur",
                    "structure porteuse",
                    "nom",
                ]),
            ),
            (
                Code,
                names(&[
                    "Code partenaire",
                    "code",
                    "code structure",
                    "préfixe",
                    "code du partenaire",
                ]),
            ),
            (
                Contact,
                names(&[
                    "Référent",
                    "référente",
                    "référent ctg",
                    "contact",
                    "personne référente",
                    "responsable",
                    "nom du référent",
                ]),
            ),
            (
                Email,
                names(&[
                    "Courriel",
                    "mail",
                    "e-mail",
                    "email",
                    "adresse électronique",
                    "adresse mail",
                    "mél",
                ]),
            ),
            (
                Phone,
                names(&[
                    "Téléphone",
                    "tél",
                    "tel",
                    "téléphone du référent",
                    "portable",
                ]),
            ),
            (
                Updated,
                names(&[
                    "Date de mise à jour",
                    "mise à jour",
                    "mis à jour le",
                    "date",
                    "date de saisie",
                    "dernière mise à jour",
                ]),
            ),
            (
                TemplateVersion,
                names(&["Version du modèle", "version", "version modèle"]),
            ),
        ];
        Synonyms::new(table)
    }
}

/// The stable key of an indicator field (the action number and the name
/// identify an indicator, they have none).
pub fn indicator_key(c: IndicatorColumn) -> Option<String> {
    use IndicatorColumn::*;
    match c {
        Action | Name => None,
        Kind => Some("type".to_owned()),
        Unit => Some("unite".to_owned()),
        Baseline => Some("valeur_depart".to_owned()),
        Target => Some("cible".to_owned()),
        Result(year) => Some(format!("realise_{year}")),
        Comment => Some("commentaire".to_owned()),
    }
}

/// The stable key of an action field, used in JSON and in `ctg.toml`
/// (`[modifications] ignorer`).
pub fn field_key(c: ActionColumn, r: &Referentiel) -> String {
    use ActionColumn::*;
    match c {
        Number => "numero".to_owned(),
        Title => "intitule".to_owned(),
        Objective => "objectif".to_owned(),
        Domains => "champ".to_owned(),
        Audiences => "public".to_owned(),
        Communes => "communes".to_owned(),
        Description => "description".to_owned(),
        Contact => "referent".to_owned(),
        Associates => "partenaires_associes".to_owned(),
        Start => "date_debut".to_owned(),
        End => "date_fin".to_owned(),
        Status => "statut".to_owned(),
        Progress => "avancement".to_owned(),
        Budget => "budget".to_owned(),
        Funding(i) => r.funders.get(i).map_or_else(
            || format!("financement_{i}"),
            |f| format!("financement_{}", f.code),
        ),
        Comments => "commentaires".to_owned(),
        Derived => "axe".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referentiel::Config;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn template_headers_are_recognised() -> TestResult {
        let r = Config::embedded()?.referentiel;
        let actions = matcher::<ActionColumn>(&r);
        for c in ActionColumn::template(&r) {
            assert_eq!(actions.find(&c.header(&r)), Some(c), "{c:?}");
        }
        let indicators = matcher::<IndicatorColumn>(&r);
        for c in IndicatorColumn::template(&r) {
            assert_eq!(indicators.find(&c.header(&r)), Some(c), "{c:?}");
        }
        let labels = PartnerField::synonyms();
        for f in PartnerField::ALL {
            assert_eq!(labels.find(f.label()), Some(f));
        }
        Ok(())
    }

    #[test]
    fn drifted_headers_are_recognised() -> TestResult {
        let r = Config::embedded()?.referentiel;
        let actions = matcher::<ActionColumn>(&r);
        let cases = [
            ("  NUMÉRO ", ActionColumn::Number),
            ("Intitulé de l'action", ActionColumn::Title),
            ("Intitlé", ActionColumn::Title),
            ("Statu", ActionColumn::Status),
            ("Budget en euros", ActionColumn::Budget),
            ("Part CAF", ActionColumn::Funding(0)),
            ("CCTA (€)", ActionColumn::Funding(1)),
            ("Autres financeurs", ActionColumn::Funding(3)),
            ("Orientation stratégique", ActionColumn::Derived),
        ];
        for (header, expected) in cases {
            assert_eq!(actions.find(header), Some(expected), "{header}");
        }
        assert_eq!(actions.find("Couleur préférée"), None);
        // Data is not mistaken for a title, however close.
        assert_eq!(
            actions.find("Ateliers parents-enfants du mercredi après-midi au centre social"),
            None
        );
        let indicators = matcher::<IndicatorColumn>(&r);
        assert_eq!(
            indicators.find("Résultat 2024"),
            Some(IndicatorColumn::Result(2024))
        );
        assert_eq!(indicators.find("2025"), Some(IndicatorColumn::Result(2025)));
        assert_eq!(indicators.find("Réalisé 2019"), None);
        assert_eq!(indicators.find("Réalisé 2027"), None);
        Ok(())
    }
}
