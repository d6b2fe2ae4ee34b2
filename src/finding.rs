//! Findings: what is wrong in a partner's file, where, and how to fix it.

use std::cmp::Ordering;
use std::fmt;

use serde::{Serialize, Serializer};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Must be fixed: the value or the row could not be used as written.
    Erreur,
    /// Should be checked: the row is used, but something looks wrong.
    Avertissement,
}

impl Severity {
    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Erreur => "erreur",
            Severity::Avertissement => "avertissement",
        }
    }
}

macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident => $text:literal,)*) => {
        /// Stable identifier of a kind of finding (kebab-case French, used by
        /// `--format json` and in outputs; never renamed).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($(#[$doc])* $variant,)*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable text of the code.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }
        }
    };
}

codes! {
    /// The file does not exist.
    FichierIntrouvable => "fichier-introuvable",
    /// The file cannot be opened.
    FichierInaccessible => "fichier-inaccessible",
    /// 0 bytes.
    FichierVide => "fichier-vide",
    /// Over the size limit.
    FichierTropVolumineux => "fichier-trop-volumineux",
    /// Not a spreadsheet (PDF, CSV, Word…).
    PasUnClasseur => "pas-un-classeur",
    /// A spreadsheet format ctg does not read.
    FormatNonPrisEnCharge => "format-non-pris-en-charge",
    /// Damaged or truncated.
    FichierEndommage => "fichier-endommage",
    /// Password-protected.
    MotDePasse => "mot-de-passe",
    /// Built to exhaust a reader.
    StructureAnormale => "structure-anormale",
    /// The reader died or timed out.
    LectureInterrompue => "lecture-interrompue",
    /// A sheet held more cells than ctg reads.
    FeuilleTronquee => "feuille-tronquee",
    /// No sheet of actions.
    FeuilleActionsAbsente => "feuille-actions-absente",
    /// No sheet of indicators.
    FeuilleIndicateursAbsente => "feuille-indicateurs-absente",
    /// No sheet describing the partner.
    FeuillePartenaireAbsente => "feuille-partenaire-absente",
    /// No header row found in a sheet.
    EnTeteIntrouvable => "en-tete-introuvable",
    /// A required column is missing.
    ColonneObligatoireAbsente => "colonne-obligatoire-absente",
    /// A column of the template is missing.
    ColonneAbsente => "colonne-absente",
    /// A column ctg does not know (kept as is).
    ColonneInconnue => "colonne-inconnue",
    /// Two columns for the same information.
    ColonneEnDouble => "colonne-en-double",
    /// Merged cells in a table.
    CellulesFusionnees => "cellules-fusionnees",
    /// No partner code anywhere.
    CodePartenaireAbsent => "code-partenaire-absent",
    /// A partner code that cannot prefix action numbers.
    CodePartenaireInvalide => "code-partenaire-invalide",
    /// A partner code missing from the registry.
    CodePartenaireInconnu => "code-partenaire-inconnu",
    /// The file name names another partner.
    CodePartenaireIncoherent => "code-partenaire-incoherent",
    /// An e-mail address that cannot be one.
    CourrielInvalide => "courriel-invalide",
    /// The update date of the Partenaire sheet is not a date.
    DateMiseAJourInvalide => "date-mise-a-jour-invalide",
    /// The template version is not the current one.
    VersionModele => "version-modele",
    /// No action at all.
    AucuneAction => "aucune-action",
    /// A row with content but no action number.
    NumeroAbsent => "numero-absent",
    /// An action number that is not `CODE-NNN`.
    NumeroInvalide => "numero-invalide",
    /// An action number rewritten to the standard form.
    NumeroNormalise => "numero-normalise",
    /// An action number carrying another partner's code.
    NumeroAutrePartenaire => "numero-autre-partenaire",
    /// The same action number twice.
    NumeroEnDouble => "numero-en-double",
    /// No title.
    IntituleAbsent => "intitule-absent",
    /// The same title under two numbers.
    IntituleEnDouble => "intitule-en-double",
    /// No objective.
    ObjectifAbsent => "objectif-absent",
    /// An objective not in the référentiel.
    ObjectifInconnu => "objectif-inconnu",
    /// A code whose label is another objective's.
    ObjectifLibelleDifferent => "objectif-libelle-different",
    /// No status.
    StatutAbsent => "statut-absent",
    /// A status not in the list.
    StatutInconnu => "statut-inconnu",
    /// No champ d'intervention.
    ChampAbsent => "champ-absent",
    /// A champ d'intervention not in the list.
    ChampInconnu => "champ-inconnu",
    /// No public cible.
    PublicAbsent => "public-absent",
    /// A public cible not in the list.
    PublicInconnu => "public-inconnu",
    /// No commune.
    CommunesAbsentes => "communes-absentes",
    /// A commune outside the territory or misspelt.
    CommuneInconnue => "commune-inconnue",
    /// No start date.
    DateAbsente => "date-absente",
    /// A date that cannot be read.
    DateInvalide => "date-invalide",
    /// End before start.
    DatesInversees => "dates-inversees",
    /// A date outside the convention's years.
    DateHorsPeriode => "date-hors-periode",
    /// Progress that is not a percentage between 0 and 100.
    AvancementInvalide => "avancement-invalide",
    /// Progress at 100 % for an action not « Réalisée ».
    AvancementIncoherent => "avancement-incoherent",
    /// An amount that cannot be read.
    MontantInvalide => "montant-invalide",
    /// A negative amount.
    MontantNegatif => "montant-negatif",
    /// Funding above the budget.
    FinancementsSuperieursAuBudget => "financements-superieurs-au-budget",
    /// Funding without a budget.
    FinancementsSansBudget => "financements-sans-budget",
    /// « Réalisée » below 100 %.
    RealiseeIncomplete => "realisee-incomplete",
    /// « Réalisée » with an end date still to come.
    RealiseeDateFuture => "realisee-date-future",
    /// « En cours » before its start date.
    EnCoursNonCommencee => "en-cours-non-commencee",
    /// Not done, end date passed.
    ActionEnRetard => "action-en-retard",
    /// Postponed or abandoned with no word why.
    AbandonSansCommentaire => "abandon-sans-commentaire",
    /// A formula error value (`#REF!`…).
    ErreurDeFormule => "erreur-de-formule",
    /// An indicator row with no action number.
    IndicateurSansAction => "indicateur-sans-action",
    /// An indicator pointing at no action of the file.
    IndicateurActionInconnue => "indicateur-action-inconnue",
    /// An indicator without its name.
    IndicateurSansLibelle => "indicateur-sans-libelle",
    /// An indicator type other than quantitatif/qualitatif.
    IndicateurTypeInconnu => "indicateur-type-inconnu",
    /// A non-numeric value for a quantitative indicator.
    IndicateurValeurInvalide => "indicateur-valeur-invalide",
    /// An indicator without a target.
    IndicateurSansCible => "indicateur-sans-cible",
    /// The same indicator twice for one action.
    IndicateurEnDouble => "indicateur-en-double",
    /// A result for a year not yet begun.
    RealiseAnneeFuture => "realise-annee-future",
    /// An action under way or done, with no indicator to evaluate it.
    ActionSansIndicateur => "action-sans-indicateur",
    /// A total row, not an action: skipped.
    LigneTotalIgnoree => "ligne-total-ignoree",
    /// Two files for the same partner: the older is ignored.
    FichierEnDouble => "fichier-en-double",
    /// The current file is unreadable: the last readable version is used.
    VersionPrecedenteUtilisee => "version-precedente-utilisee",
    /// A sub-folder of the deposit folder cannot be listed.
    DossierIllisible => "dossier-illisible",
    /// A visible sheet that looks like a table of actions but is not read.
    FeuilleNonLue => "feuille-non-lue",
    /// An axis or orientation typed by the partner that the objective contradicts.
    AxeIncoherent => "axe-incoherent",
    /// An Indicateurs sheet with no indicator.
    AucunIndicateur => "aucun-indicateur",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A cell of a sheet, 0-based inside, shown 1-based (`Actions!C12`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    /// Sheet name as in the file.
    pub sheet: String,
    /// Row, 0-based.
    pub row: u32,
    /// Column, 0-based; `None` for a whole row.
    pub col: Option<u32>,
}

/// Column letters of a 0-based index: 0 → A, 27 → AB.
pub fn column_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push((b'A' + rem) as char);
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

impl Location {
    /// The cell part alone: `C12`, or `12` for a whole row.
    pub fn cell(&self) -> String {
        match self.col {
            Some(col) => format!("{}{}", column_letters(col), self.row + 1),
            None => format!("{}", self.row + 1),
        }
    }

    /// The place in words, for pages partners read: `Feuille « Plan
    /// d'actions », cellule N7` rather than Excel's `'Plan d''actions'!N7`.
    pub fn in_words(&self) -> String {
        match self.col {
            Some(_) => format!("Feuille « {} », cellule {}", self.sheet, self.cell()),
            None => format!("Feuille « {} », ligne {}", self.sheet, self.row + 1),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plain = self.sheet.chars().all(|c| c.is_alphanumeric() || c == '_');
        let sheet = if plain {
            self.sheet.clone()
        } else {
            format!("'{}'", self.sheet.replace('\'', "''"))
        };
        match self.col {
            Some(_) => write!(f, "{sheet}!{}", self.cell()),
            None => write!(f, "{sheet}, ligne {}", self.row + 1),
        }
    }
}

/// One problem found in a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Erreur or avertissement.
    pub severity: Severity,
    /// Stable code.
    pub code: Code,
    /// The file, as shown to the user.
    pub file: String,
    /// Where in the file; `None` for the file as a whole.
    pub location: Option<Location>,
    /// What is wrong and what to do, in French.
    pub message: String,
    /// A likely correction (« Vouliez-vous dire Lavaur ? »).
    pub suggestion: Option<String>,
}

impl Finding {
    /// Order for reports: by file, then sheet order given by `sheet_rank`,
    /// row, column; file-level findings first.
    pub fn report_order(&self, other: &Finding, sheet_rank: impl Fn(&str) -> usize) -> Ordering {
        let key = |f: &Finding| {
            (
                f.location.is_some(),
                f.location.as_ref().map(|l| sheet_rank(&l.sheet)),
                f.location.as_ref().map(|l| (l.row, l.col)),
            )
        };
        self.file
            .cmp(&other.file)
            .then_with(|| key(self).cmp(&key(other)))
            .then_with(|| self.severity.cmp(&other.severity))
            .then_with(|| self.code.cmp(&other.code))
            .then_with(|| self.message.cmp(&other.message))
    }
}

impl Serialize for Finding {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Finding", 9)?;
        st.serialize_field("gravite", &self.severity)?;
        st.serialize_field("code", &self.code)?;
        st.serialize_field("fichier", &self.file)?;
        st.serialize_field("feuille", &self.location.as_ref().map(|l| &l.sheet))?;
        st.serialize_field("cellule", &self.location.as_ref().map(Location::cell))?;
        st.serialize_field("ligne", &self.location.as_ref().map(|l| l.row + 1))?;
        st.serialize_field(
            "reference",
            &self.location.as_ref().map(ToString::to_string),
        )?;
        st.serialize_field("message", &self.message)?;
        st.serialize_field("suggestion", &self.suggestion)?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16383), "XFD");
    }

    #[test]
    fn locations_read_like_excel() {
        let at = |sheet: &str, col| {
            Location {
                sheet: sheet.to_owned(),
                row: 11,
                col,
            }
            .to_string()
        };
        assert_eq!(at("Actions", Some(2)), "Actions!C12");
        assert_eq!(at("Mode d'emploi", Some(0)), "'Mode d''emploi'!A12");
        assert_eq!(at("Actions", None), "Actions, ligne 12");
    }

    #[test]
    fn codes_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "{s} twice");
            assert!(
                s.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{s}"
            );
        }
    }
}
