//! The columns of the partner workbook: their headers in the template, which
//! ones are required, and their stable keys. One source for the template
//! writer and the reader, so the two never drift apart; the other names
//! partners give them are in `synonyms.toml`.

use crate::referentiel::Referentiel;

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
    /// Constat (besoin identifié).
    Need,
    /// Description.
    Description,
    /// Moyens mobilisés.
    Means,
    /// Référent de l'action.
    Contact,
    /// Partenaires associés.
    Associates,
    /// Action commune avec: the same action's numbers in other plans.
    JointWith,
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
    /// Dispositif CAF.
    CafScheme,
    /// Dépenses réalisées for a year of the convention.
    Spending(i32),
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
    /// Nature: résultat / moyens.
    Nature,
    /// Unité.
    Unit,
    /// Valeur de départ.
    Baseline,
    /// Cible.
    Target,
    /// Horizon de la cible: annuelle / fin de CTG.
    Horizon,
    /// Réalisé for a year of the convention.
    Result(i32),
    /// Commentaire.
    Comment,
}

/// What the reader needs to know about the columns of one sheet.
pub trait Column: Copy + Eq + std::hash::Hash + Ord + std::fmt::Debug + 'static {
    /// Every name partners give each column: its template header first, then
    /// its synonyms.
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
    /// True for a column added by template ctg-2: optional, never reported
    /// missing, and absent from every workbook made with an older template.
    fn since_template_2(self) -> bool {
        false
    }
}

impl Column for ActionColumn {
    fn synonyms(r: &Referentiel) -> Vec<(ActionColumn, Vec<String>)> {
        r.column_names.actions(r)
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
            Need => "Constat (besoin identifié)".to_owned(),
            Description => "Description".to_owned(),
            Means => "Moyens mobilisés".to_owned(),
            Contact => "Référent de l'action".to_owned(),
            Associates => "Partenaires associés".to_owned(),
            JointWith => "Action commune avec".to_owned(),
            Start => "Date de début".to_owned(),
            End => "Date de fin".to_owned(),
            Status => "Statut".to_owned(),
            Progress => "Avancement (%)".to_owned(),
            Budget => "Budget prévisionnel (€)".to_owned(),
            Funding(i) => r.funders.get(i).map_or_else(
                || format!("Financement {i}"),
                |f| format!("{} (€)", f.column),
            ),
            CafScheme => "Dispositif CAF".to_owned(),
            Spending(year) => format!("Dépenses réalisées {year} (€)"),
            Comments => "Commentaires".to_owned(),
            Derived => "Axe".to_owned(),
        }
    }

    /// In the order a partner describes an action: what it is and where
    /// it stands in the CTG; why, what and with what (constat, description,
    /// moyens); who, with whom, and with which other partners' plans it is
    /// one action; when and how far; money planned, the CAF amount's
    /// dispositif right after the funders, then money spent year by year.
    fn template(r: &Referentiel) -> Vec<Self> {
        use ActionColumn::*;
        let mut cols = vec![
            Number,
            Title,
            Objective,
            Domains,
            Audiences,
            Communes,
            Need,
            Description,
            Means,
            Contact,
            Associates,
            JointWith,
            Start,
            End,
            Status,
            Progress,
            Budget,
        ];
        cols.extend((0..r.funders.len()).map(Funding));
        cols.push(CafScheme);
        cols.extend(r.convention.years().map(Spending));
        cols.push(Comments);
        cols
    }

    fn repeatable(self) -> bool {
        self == ActionColumn::Derived
    }

    fn since_template_2(self) -> bool {
        use ActionColumn::*;
        matches!(self, Need | Means | JointWith | CafScheme | Spending(_))
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
        r.column_names.indicators(r)
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
            Nature => "Nature".to_owned(),
            Unit => "Unité".to_owned(),
            Baseline => "Valeur de départ".to_owned(),
            Target => "Cible".to_owned(),
            Horizon => "Horizon de la cible".to_owned(),
            Result(year) => format!("Réalisé {year}"),
            Comment => "Commentaire".to_owned(),
        }
    }

    fn template(r: &Referentiel) -> Vec<Self> {
        use IndicatorColumn::*;
        let mut cols = vec![Action, Name, Kind, Nature, Unit, Baseline, Target, Horizon];
        cols.extend(r.convention.years().map(Result));
        cols.push(Comment);
        cols
    }

    fn since_template_2(self) -> bool {
        matches!(self, IndicatorColumn::Nature | IndicatorColumn::Horizon)
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

    /// Every label partners give each field: its label in the template
    /// first, then its synonyms.
    pub fn synonyms(r: &Referentiel) -> Vec<(PartnerField, Vec<String>)> {
        r.column_names.partner()
    }
}

/// The stable key of an indicator field (the action number and the name
/// identify an indicator, they have none).
pub fn indicator_key(c: IndicatorColumn) -> Option<String> {
    use IndicatorColumn::*;
    match c {
        Action | Name => None,
        Kind => Some("type".to_owned()),
        Nature => Some("nature".to_owned()),
        Unit => Some("unite".to_owned()),
        Baseline => Some("valeur_depart".to_owned()),
        Target => Some("cible".to_owned()),
        Horizon => Some("horizon".to_owned()),
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
        Need => "constat".to_owned(),
        Description => "description".to_owned(),
        Means => "moyens".to_owned(),
        Contact => "referent".to_owned(),
        Associates => "partenaires_associes".to_owned(),
        JointWith => "action_commune_avec".to_owned(),
        Start => "date_debut".to_owned(),
        End => "date_fin".to_owned(),
        Status => "statut".to_owned(),
        Progress => "avancement".to_owned(),
        Budget => "budget".to_owned(),
        Funding(i) => r.funders.get(i).map_or_else(
            || format!("financement_{i}"),
            |f| format!("financement_{}", f.code),
        ),
        CafScheme => "dispositif_caf".to_owned(),
        Spending(year) => format!("depenses_{year}"),
        Comments => "commentaires".to_owned(),
        Derived => "axe".to_owned(),
    }
}
