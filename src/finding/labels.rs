//! The label of each finding code, as a reader of the consolidated workbook
//! reads it (« Financements supérieurs au budget »), beside the stable code.

use super::Code;

impl Code {
    /// Short French label of the kind of finding.
    pub fn label(self) -> &'static str {
        use Code::*;
        match self {
            FileNotFound => "Fichier introuvable",
            FileInaccessible => "Fichier inaccessible",
            FileEmpty => "Fichier vide",
            FileTooLarge => "Fichier trop volumineux",
            NotAWorkbook => "Pas un classeur",
            UnsupportedFormat => "Format de classeur non pris en charge",
            FileDamaged => "Fichier endommagé",
            PasswordProtected => "Classeur protégé par un mot de passe",
            AbnormalStructure => "Structure de fichier anormale",
            ReadInterrupted => "Lecture interrompue",
            SheetTruncated => "Feuille trop remplie, lue en partie",
            ActionsSheetMissing => "Feuille des actions absente",
            IndicatorsSheetMissing => "Feuille des indicateurs absente",
            PartnerSheetMissing => "Feuille « Partenaire » absente",
            HeaderNotFound => "Ligne de titres introuvable",
            RequiredColumnMissing => "Colonne obligatoire absente",
            ColumnMissing => "Colonne du modèle absente",
            UnknownColumn => "Colonne hors modèle",
            DuplicateColumn => "Colonne en double",
            MergedCells => "Cellules fusionnées",
            PartnerCodeMissing => "Code partenaire absent",
            PartnerCodeInvalid => "Code partenaire invalide",
            PartnerCodeUnknown => "Code partenaire inconnu",
            PartnerCodeInconsistent => "Code partenaire différent du nom du fichier",
            EmailInvalid => "Courriel invalide",
            UpdateDateInvalid => "Date de mise à jour illisible",
            TemplateVersion => "Version du modèle",
            NoAction => "Aucune action",
            NumberMissing => "Numéro d'action absent",
            NumberInvalid => "Numéro d'action invalide",
            NumberNormalised => "Numéro d'action réécrit",
            NumberOfOtherPartner => "Numéro d'un autre partenaire",
            DuplicateNumber => "Numéro d'action en double",
            TitleMissing => "Intitulé absent",
            DuplicateTitle => "Intitulé en double",
            ObjectiveMissing => "Objectif absent",
            ObjectiveUnknown => "Objectif inconnu",
            ObjectiveFromLead => "Piste de travail à la place de l'objectif",
            ObjectiveLabelMismatch => "Libellé d'un autre objectif",
            StatusMissing => "Statut absent",
            StatusUnknown => "Statut non reconnu",
            DomainMissing => "Champ d'intervention absent",
            DomainUnknown => "Champ d'intervention hors liste",
            DomainNear => "Champ d'intervention rapproché de la liste",
            AudienceMissing => "Public cible absent",
            AudienceUnknown => "Public cible hors liste",
            AudienceNear => "Public cible rapproché de la liste",
            CommunesMissing => "Communes absentes",
            CommuneUnknown => "Commune inconnue",
            CafSchemeUnknown => "Dispositif CAF hors liste",
            CafSchemeNear => "Dispositif CAF rapproché de la liste",
            JointActionInvalid => "Action commune invalide",
            JointActionUnknown => "Action commune introuvable",
            JointActionUnconfirmed => "Action commune non confirmée",
            JointActionCopy => "Action commune recopiée",
            JointActionMismatch => "Action commune incohérente",
            JointActionLikely => "Action commune probable, non déclarée",
            DateMissing => "Date absente",
            DateInvalid => "Date illisible",
            DateApproximate => "Date approximative",
            DatesReversed => "Dates inversées",
            DateOutsidePeriod => "Date hors de la convention",
            ProgressInvalid => "Avancement invalide",
            ProgressInconsistent => "Avancement incohérent avec le statut",
            AmountInvalid => "Montant illisible",
            AmountNegative => "Montant négatif",
            FundingAboveBudget => "Financements supérieurs au budget",
            FundingWithoutBudget => "Financements sans budget",
            DoneIncomplete => "Réalisée mais avancement incomplet",
            DoneInFuture => "Réalisée avant sa date de fin",
            InProgressNotStarted => "En cours avant sa date de début",
            ActionLate => "Action en retard",
            LateStart => "Démarrage en retard",
            PostponementPassed => "Report dépassé",
            AbandonedWithoutComment => "Abandon sans explication",
            PostponedWithoutComment => "Report sans explication",
            FormulaError => "Erreur de formule",
            IndicatorWithoutAction => "Indicateur sans action",
            IndicatorActionUnknown => "Indicateur d'une action inconnue",
            IndicatorWithoutName => "Indicateur sans libellé",
            IndicatorKindUnknown => "Type d'indicateur inconnu",
            IndicatorNatureUnknown => "Nature d'indicateur inconnue",
            IndicatorHorizonUnknown => "Horizon de cible inconnu",
            IndicatorValueInvalid => "Valeur d'indicateur non numérique",
            IndicatorWithoutTarget => "Indicateur sans cible",
            DuplicateIndicator => "Indicateur en double",
            ResultForFutureYear => "Résultat d'une année à venir",
            ActionWithoutIndicator => "Action sans indicateur",
            TotalRowSkipped => "Ligne de total ignorée",
            DuplicateFile => "Fichier en double",
            PreviousVersionUsed => "Version précédente utilisée",
            ArchiveFailed => "Archivage impossible",
            FolderUnreadable => "Dossier illisible",
            SheetNotRead => "Feuille non lue",
            AxisInconsistent => "Axe différent de celui de l'objectif",
            NoIndicator => "Aucun indicateur",
            NoDecision => "Aucun avis",
            DecisionSheetMissing => "Feuille des avis absente",
            MeetingUnknown => "Séance du comité inconnue",
            DecisionActionUnknown => "Avis sur une action inconnue",
            DecisionActionWithdrawn => "Avis sur une action retirée du plan",
            VerdictUnknown => "Avis hors liste",
            VerdictMissing => "Avis absent",
            DecisionDuplicate => "Avis en double",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_its_own_label() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let label = code.label();
            assert!(seen.insert(label), "« {label} » twice");
            assert!(
                label.chars().next().is_some_and(char::is_uppercase),
                "{label}"
            );
        }
    }
}
