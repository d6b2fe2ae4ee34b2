//! Findings: what is wrong in a partner's file, where, and how to fix it.
//! Each kind has a stable code and a French label (`labels`).

mod labels;

use std::cmp::Ordering;
use std::fmt;

use serde::{Serialize, Serializer};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Severity {
    /// Must be fixed: the value or the row could not be used as written.
    #[serde(rename = "erreur")]
    Error,
    /// Should be checked: the row is used, but something looks wrong.
    #[serde(rename = "avertissement")]
    Warning,
    /// Nothing to fix: something the partner should know (a newer template
    /// exists, for instance).
    #[serde(rename = "information")]
    Info,
}

impl Severity {
    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "erreur",
            Severity::Warning => "avertissement",
            Severity::Info => "information",
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
    FileNotFound => "fichier-introuvable",
    /// The file cannot be opened.
    FileInaccessible => "fichier-inaccessible",
    /// 0 bytes.
    FileEmpty => "fichier-vide",
    /// Over the size limit.
    FileTooLarge => "fichier-trop-volumineux",
    /// Not a spreadsheet (PDF, CSV, Word…).
    NotAWorkbook => "pas-un-classeur",
    /// A spreadsheet format ctg does not read.
    UnsupportedFormat => "format-non-pris-en-charge",
    /// Damaged or truncated.
    FileDamaged => "fichier-endommage",
    /// Password-protected.
    PasswordProtected => "mot-de-passe",
    /// Built to exhaust a reader.
    AbnormalStructure => "structure-anormale",
    /// The reader died or timed out.
    ReadInterrupted => "lecture-interrompue",
    /// A sheet held more cells than ctg reads.
    SheetTruncated => "feuille-tronquee",
    /// No sheet of actions.
    ActionsSheetMissing => "feuille-actions-absente",
    /// No sheet of indicators.
    IndicatorsSheetMissing => "feuille-indicateurs-absente",
    /// No sheet describing the partner.
    PartnerSheetMissing => "feuille-partenaire-absente",
    /// No header row found in a sheet.
    HeaderNotFound => "en-tete-introuvable",
    /// A required column is missing.
    RequiredColumnMissing => "colonne-obligatoire-absente",
    /// A column of the template is missing.
    ColumnMissing => "colonne-absente",
    /// A column ctg does not know (kept as is).
    UnknownColumn => "colonne-inconnue",
    /// Two columns for the same information.
    DuplicateColumn => "colonne-en-double",
    /// Merged cells in a table.
    MergedCells => "cellules-fusionnees",
    /// No partner code anywhere.
    PartnerCodeMissing => "code-partenaire-absent",
    /// A partner code that cannot prefix action numbers.
    PartnerCodeInvalid => "code-partenaire-invalide",
    /// A partner code missing from the registry.
    PartnerCodeUnknown => "code-partenaire-inconnu",
    /// The file name names another partner.
    PartnerCodeInconsistent => "code-partenaire-incoherent",
    /// An e-mail address that cannot be one.
    EmailInvalid => "courriel-invalide",
    /// The update date of the Partenaire sheet is not a date.
    UpdateDateInvalid => "date-mise-a-jour-invalide",
    /// The template is not the current one: an older one (information) or
    /// an unknown one (warning).
    TemplateVersion => "version-modele",
    /// No action at all.
    NoAction => "aucune-action",
    /// A row with content but no action number.
    NumberMissing => "numero-absent",
    /// An action number that is not `CODE-NNN`.
    NumberInvalid => "numero-invalide",
    /// An action number rewritten to the standard form.
    NumberNormalised => "numero-normalise",
    /// An action number carrying another partner's code.
    NumberOfOtherPartner => "numero-autre-partenaire",
    /// The same action number twice.
    DuplicateNumber => "numero-en-double",
    /// No title.
    TitleMissing => "intitule-absent",
    /// The same title under two numbers.
    DuplicateTitle => "intitule-en-double",
    /// No objective.
    ObjectiveMissing => "objectif-absent",
    /// An objective not in the référentiel.
    ObjectiveUnknown => "objectif-inconnu",
    /// A piste de travail typed as the objective: its objective is used.
    ObjectiveFromLead => "objectif-piste-de-travail",
    /// A code whose label is another objective's.
    ObjectiveLabelMismatch => "objectif-libelle-different",
    /// No status.
    StatusMissing => "statut-absent",
    /// A status not in the list.
    StatusUnknown => "statut-inconnu",
    /// No champ d'intervention.
    DomainMissing => "champ-absent",
    /// A champ d'intervention not in the list.
    DomainUnknown => "champ-inconnu",
    /// A champ d'intervention read as the one list value it nearly matches.
    DomainNear => "champ-rapproche",
    /// No public cible.
    AudienceMissing => "public-absent",
    /// A public cible not in the list.
    AudienceUnknown => "public-inconnu",
    /// A public cible read as the one list value it nearly matches.
    AudienceNear => "public-rapproche",
    /// No commune.
    CommunesMissing => "communes-absentes",
    /// A commune outside the territory or misspelt.
    CommuneUnknown => "commune-inconnue",
    /// A dispositif CAF not in the list.
    CafSchemeUnknown => "dispositif-inconnu",
    /// A dispositif CAF read as the one list value it nearly matches.
    CafSchemeNear => "dispositif-rapproche",
    /// « Action commune avec » holding something that is not another action's number.
    JointActionInvalid => "action-commune-invalide",
    /// « Action commune avec » naming a number no plan holds.
    JointActionUnknown => "action-commune-introuvable",
    /// An action named as joint by another partner, which does not name it back.
    JointActionUnconfirmed => "action-commune-non-confirmee",
    /// A co-carrier's row repeating the lead's amounts: counted once.
    JointActionCopy => "action-commune-copie",
    /// Two rows declared as one joint action that disagree (objective,
    /// dates, funding).
    JointActionMismatch => "action-commune-incoherente",
    /// Two partners' actions that look like one joint action nobody declared.
    JointActionLikely => "action-commune-probable",
    /// No start date.
    DateMissing => "date-absente",
    /// A date that cannot be read.
    DateInvalid => "date-invalide",
    /// A month or a year alone, read as a day of it.
    DateApproximate => "date-approximative",
    /// End before start.
    DatesReversed => "dates-inversees",
    /// A date outside the convention's years.
    DateOutsidePeriod => "date-hors-periode",
    /// Progress that is not a percentage between 0 and 100.
    ProgressInvalid => "avancement-invalide",
    /// Progress at 100 % for an action not « Réalisée ».
    ProgressInconsistent => "avancement-incoherent",
    /// An amount that cannot be read.
    AmountInvalid => "montant-invalide",
    /// A negative amount.
    AmountNegative => "montant-negatif",
    /// Funding above the budget.
    FundingAboveBudget => "financements-superieurs-au-budget",
    /// Funding without a budget.
    FundingWithoutBudget => "financements-sans-budget",
    /// « Réalisée » below 100 %.
    DoneIncomplete => "realisee-incomplete",
    /// « Réalisée » with an end date still to come.
    DoneInFuture => "realisee-date-future",
    /// « En cours » before its start date.
    InProgressNotStarted => "en-cours-non-commencee",
    /// Not done, end date passed.
    ActionLate => "action-en-retard",
    /// « À venir », start date passed.
    LateStart => "demarrage-en-retard",
    /// « Reportée », the end date it was postponed to passed.
    PostponementPassed => "report-depasse",
    /// Abandoned with no word why.
    AbandonedWithoutComment => "abandon-sans-commentaire",
    /// Postponed with no word why nor new dates.
    PostponedWithoutComment => "report-sans-commentaire",
    /// A formula error value (`#REF!`…).
    FormulaError => "erreur-de-formule",
    /// An indicator row with no action number.
    IndicatorWithoutAction => "indicateur-sans-action",
    /// An indicator pointing at no action of the file.
    IndicatorActionUnknown => "indicateur-action-inconnue",
    /// An indicator without its name.
    IndicatorWithoutName => "indicateur-sans-libelle",
    /// An indicator type other than quantitatif/qualitatif.
    IndicatorKindUnknown => "indicateur-type-inconnu",
    /// An indicator nature other than résultat/moyens.
    IndicatorNatureUnknown => "indicateur-nature-inconnue",
    /// A target horizon other than annuelle/fin de CTG.
    IndicatorHorizonUnknown => "indicateur-horizon-inconnu",
    /// A non-numeric value for a quantitative indicator.
    IndicatorValueInvalid => "indicateur-valeur-invalide",
    /// An indicator without a target.
    IndicatorWithoutTarget => "indicateur-sans-cible",
    /// The same indicator twice for one action.
    DuplicateIndicator => "indicateur-en-double",
    /// A result for a year not yet begun.
    ResultForFutureYear => "realise-annee-future",
    /// An action under way or done, with no indicator to evaluate it.
    ActionWithoutIndicator => "action-sans-indicateur",
    /// A total row, not an action: skipped.
    TotalRowSkipped => "ligne-total-ignoree",
    /// Two files for the same partner: the older is ignored.
    DuplicateFile => "fichier-en-double",
    /// The current file is unreadable: the last readable version is used.
    PreviousVersionUsed => "version-precedente-utilisee",
    /// A file was read but its copy could not be archived.
    ArchiveFailed => "archivage-impossible",
    /// A sub-folder of the deposit folder cannot be listed.
    FolderUnreadable => "dossier-illisible",
    /// A visible sheet that looks like a table of actions but is not read.
    SheetNotRead => "feuille-non-lue",
    /// An axis or orientation typed by the partner that the objective contradicts.
    AxisInconsistent => "axe-incoherent",
    /// An Indicateurs sheet with no indicator.
    NoIndicator => "aucun-indicateur",
    /// A workbook of decisions whose table holds no row.
    NoDecision => "aucun-avis",
    /// A workbook of `coordination/` without a table of decisions.
    DecisionSheetMissing => "feuille-avis-absente",
    /// A workbook of decisions that does not say which meeting it records.
    MeetingUnknown => "seance-inconnue",
    /// An avis on an action neither the plan nor the history holds.
    DecisionActionUnknown => "avis-action-inconnue",
    /// An avis on an action that has left the plan since: kept in the
    /// history, shown nowhere.
    DecisionActionWithdrawn => "avis-action-retiree",
    /// An avis outside the `[avis]` list of `ctg.toml`.
    VerdictUnknown => "avis-inconnu",
    /// A comment without an avis.
    VerdictMissing => "avis-absent",
    /// Two avis on the same action in one workbook.
    DecisionDuplicate => "avis-en-double",
}

impl Code {
    /// True for the codes of a problem between two partners' rows: each
    /// partner is told at its own row, the coordinator once for both.
    pub fn concerns_two_partners(self) -> bool {
        matches!(self, Code::JointActionMismatch | Code::JointActionLikely)
    }
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
    /// Erreur, avertissement or information.
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
    /// What is wrong, without how to fix it: the message up to its first
    /// « : » outside a quotation (« Lavour » n'est pas une commune du
    /// territoire), for places with room for a line only.
    pub fn problem(&self) -> &str {
        let mut depth = 0usize;
        for (i, c) in self.message.char_indices() {
            match c {
                '«' => depth += 1,
                '»' => depth = depth.saturating_sub(1),
                ':' if depth == 0 && self.message[..i].ends_with(' ') => {
                    return self.message[..i].trim_end();
                }
                _ => {}
            }
        }
        self.message.trim_end_matches('.')
    }

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
    fn the_problem_is_the_message_up_to_its_first_colon() {
        let finding = |message: &str| Finding {
            severity: Severity::Error,
            code: Code::CommuneUnknown,
            file: "plan.xlsx".to_owned(),
            location: None,
            message: message.to_owned(),
            suggestion: None,
        };
        assert_eq!(
            finding("« Lavour » n'est pas une commune du territoire (CCTA) : corrigez le nom.")
                .problem(),
            "« Lavour » n'est pas une commune du territoire (CCTA)"
        );
        // A colon typed by the partner, inside the quotes, is not the end.
        assert_eq!(
            finding("« Piste : Conseil » n'est pas un objectif : choisissez-le.").problem(),
            "« Piste : Conseil » n'est pas un objectif"
        );
        assert_eq!(finding("Rien à redire.").problem(), "Rien à redire");
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
