//! Which template a file was made from: the current one, an older one
//! (which reads normally, and gets one information inviting the partner to
//! take the new one), or one ctg does not know. One finding at most.

use super::{Reporter, TEMPLATE_VERSION};
use crate::finding::{Code, Severity};
use crate::read::{PartnerSheet, Table};
use crate::referentiel::columns::{ActionColumn, Column, IndicatorColumn, PartnerField};

/// Versions of the template before the current one, oldest first.
const OLDER_VERSIONS: [&str; 1] = ["ctg-1"];

/// True when `table` has at least one column of template ctg-2.
fn has_new_columns<C: Column>(table: Option<&Table<C>>) -> bool {
    table.is_some_and(|t| {
        t.columns
            .iter()
            .filter_map(|c| c.field)
            .any(|f| f.since_template_2())
    })
}

/// Tells the partner when the template of the file (its Partenaire sheet
/// and tables) is not the current one.
pub(super) fn check(
    partner: &PartnerSheet,
    actions: Option<&Table<ActionColumn>>,
    indicators: Option<&Table<IndicatorColumn>>,
    report: &mut Reporter,
) {
    // A file without a table of actions has more pressing problems.
    if actions.is_none() {
        return;
    }
    let version = partner.text(PartnerField::TemplateVersion);
    let at = partner
        .values
        .get(&PartnerField::TemplateVersion)
        .map(|(_, loc)| loc.clone());
    let new_columns = has_new_columns(actions) || has_new_columns(indicators);
    let invitation = format!(
        "Le modèle actuel (« {TEMPLATE_VERSION} ») ajoute des colonnes facultatives : le constat (besoin identifié), les moyens mobilisés, le dispositif CAF, l'action commune avec d'autres partenaires, les dépenses réalisées de chaque année, et pour les indicateurs leur nature (résultat ou moyens) et l'horizon de la cible. Pour votre prochaine mise à jour, demandez au coordinateur votre nouveau modèle, déjà rempli avec vos actions, et continuez dans celui-ci."
    );
    let message = if OLDER_VERSIONS.contains(&version.as_str()) {
        format!(
            "Ce fichier a été fait avec un modèle plus ancien (version « {version} ») : il est lu normalement et vous n'avez rien à corriger. {invitation}"
        )
    } else if version.is_empty() || version == TEMPLATE_VERSION {
        if new_columns {
            return;
        }
        format!(
            "Ce fichier n'a aucune des colonnes ajoutées par le modèle actuel : il est lu normalement et vous n'avez rien à corriger. {invitation}"
        )
    } else {
        report.push(
            Severity::Warning,
            Code::TemplateVersion,
            at,
            format!("Ce fichier a été fait à partir d'un modèle que {} ne connaît pas (version « {version} », la version actuelle est « {TEMPLATE_VERSION} ») : il est lu quand même, mais vérifiez-le, et pour votre prochaine mise à jour demandez au coordinateur votre modèle actuel, déjà rempli avec vos actions.", report.tool()),
            None,
        );
        return;
    };
    report.push(Severity::Info, Code::TemplateVersion, at, message, None);
}
