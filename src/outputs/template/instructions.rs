//! The « Mode d'emploi » sheet, the one the workbook opens on: what the
//! file is for, how to fill it, what each status means, and the CTG's
//! structure with the work leads of the diagnostic as examples of actions.

use rust_xlsxwriter::{Format, Worksheet};

use super::XlsxResult;
use super::styles::{Styles, protection};
use crate::outputs::print::{lines, row_height};
use crate::referentiel::Referentiel;
use crate::validate::TEMPLATE_VERSION;

/// Width of the column of labels (step numbers, codes).
const LABEL_WIDTH: f64 = 12.0;
/// Width of the column of texts: an A4 landscape page, with the labels.
const TEXT_WIDTH: f64 = 110.0;
/// Height of the title row (16 pt).
const TITLE_HEIGHT: f64 = 24.0;

/// The instructions for the CTG of `r`.
pub(super) fn sheet(r: &Referentiel, s: &Styles) -> XlsxResult<Worksheet> {
    let mut ws = Worksheet::new();
    ws.set_name("Mode d'emploi")?;
    ws.set_column_width(0, LABEL_WIDTH)?;
    ws.set_column_width(1, TEXT_WIDTH)?;
    let mut row = 0u32;
    let mut line =
        |ws: &mut Worksheet, a: &str, b: &str, fa: &Format, fb: &Format| -> XlsxResult<()> {
            if !a.is_empty() {
                ws.write_string_with_format(row, 0, a, fa)?;
            }
            if !b.is_empty() {
                ws.write_string_with_format(row, 1, b, fb)?;
            }
            // LibreOffice keeps the default height of a row written
            // without one: the lines of a wrapped text would overlap.
            let height = if row == 0 {
                TITLE_HEIGHT
            } else {
                row_height(lines(b, TEXT_WIDTH))
            };
            ws.set_row_height(row, height)?;
            row += 1;
            Ok(())
        };
    line(
        &mut ws,
        "Plan d'actions de la Convention Territoriale Globale",
        "",
        &s.title,
        &s.body,
    )?;
    line(
        &mut ws,
        "",
        &format!(
            "{} — {} et {}",
            r.convention.name, r.convention.territory, r.convention.caf
        ),
        &s.help,
        &s.help,
    )?;
    line(&mut ws, "", "", &s.body, &s.body)?;
    line(&mut ws, "À quoi sert ce fichier", "", &s.heading, &s.body)?;
    line(
        &mut ws,
        "",
        "Il recense les actions que votre structure mène dans le cadre de la CTG. Le coordinateur réunit les fichiers de tous les partenaires en un plan d'actions unique, présenté au comité de pilotage et transmis à la CAF. Après chaque dépôt, vous recevez un retour qui indique, cellule par cellule, ce qui est à corriger.",
        &s.body,
        &s.body,
    )?;
    line(&mut ws, "", "", &s.body, &s.body)?;
    line(&mut ws, "Comment le remplir", "", &s.heading, &s.body)?;
    let steps = [
        (
            "1.",
            "Feuille « Partenaire » : vérifiez le nom de votre structure, indiquez le référent, son courriel et la date de mise à jour. Ne modifiez pas le code partenaire.",
        ),
        (
            "2.",
            "Feuille « Actions » : une ligne par action. Les numéros sont déjà inscrits ; gardez le même numéro pour la même action d'une mise à jour à l'autre, c'est ce qui permet de suivre son évolution. Une ligne qui ne contient que le numéro est ignorée.",
        ),
        (
            "3.",
            "Choisissez l'objectif opérationnel, le statut, le champ d'intervention et le public dans les listes déroulantes (cliquez sur la cellule, puis sur la flèche). Plusieurs champs, publics ou communes : séparez-les par « ; ».",
        ),
        (
            "4.",
            "Dates sous la forme JJ/MM/AAAA ; montants en euros, sans texte ; avancement en pourcentage, de 0 à 100.",
        ),
        (
            "5.",
            "Feuille « Indicateurs » : une ligne par indicateur, avec le numéro de l'action mesurée, sa nature (résultat ou moyens), une cible et son horizon, puis le réalisé de chaque année.",
        ),
        (
            "6.",
            "Enregistrez le fichier (Excel .xlsx ou LibreOffice .ods) et déposez-le dans le dossier partagé « depots ». Vous pouvez le redéposer à chaque mise à jour : la dernière version remplace la précédente.",
        ),
    ];
    for (n, text) in steps {
        line(&mut ws, n, text, &s.label, &s.body)?;
    }
    line(
        &mut ws,
        "",
        "Les titres de colonnes sont protégés pour que vos informations soient retrouvées à la lecture. Pour ajouter une colonne à votre usage, ôtez la protection de la feuille (Révision > Ôter la protection, sans mot de passe) : elle sera conservée telle quelle.",
        &s.body,
        &s.help,
    )?;
    let heading = format!("Les colonnes facultatives (modèle {TEMPLATE_VERSION})");
    let columns = optional_columns(r);
    let mut optional = vec![
        ("", "", &s.body, &s.body),
        (heading.as_str(), "", &s.heading, &s.body),
        (
            "",
            "Elles enrichissent les fiches actions et l'évaluation de la CTG. Remplissez-les quand vous avez l'information ; vides, elles ne sont pas signalées.",
            &s.body,
            &s.help,
        ),
    ];
    optional.extend(columns.iter().map(|t| ("", t.as_str(), &s.body, &s.body)));
    optional.push(("", "", &s.body, &s.body));
    for (a, b, fa, fb) in optional {
        line(&mut ws, a, b, fa, fb)?;
    }
    line(&mut ws, "Les statuts", "", &s.heading, &s.body)?;
    for st in &r.statuses {
        use crate::referentiel::StatusKind::*;
        let meaning = match st.kind {
            Planned => "l'action est prévue mais n'a pas commencé.",
            InProgress => "l'action a commencé.",
            Done => "l'action est terminée (avancement 100 %).",
            Postponed => {
                "l'action est décalée : dites pourquoi et jusqu'à quand dans « Commentaires »."
            }
            Abandoned => "l'action ne sera pas menée : dites pourquoi dans « Commentaires ».",
        };
        line(
            &mut ws,
            "",
            &format!("{} : {meaning}", st.label),
            &s.body,
            &s.body,
        )?;
    }
    line(&mut ws, "", "", &s.body, &s.body)?;
    line(
        &mut ws,
        "Structure de la CTG et exemples d'actions",
        "",
        &s.heading,
        &s.body,
    )?;
    line(
        &mut ws,
        "",
        "Chaque action se rattache à un objectif opérationnel. Les pistes de travail issues du diagnostic partagé sont données en exemple ; elles ne sont pas limitatives.",
        &s.body,
        &s.help,
    )?;
    for axis in &r.axes {
        line(
            &mut ws,
            &format!("Axe {}", axis.code),
            &axis.label,
            &s.label,
            &s.label,
        )?;
        for o in r
            .orientations
            .iter()
            .filter(|o| crate::referentiel::parent_code(&o.code) == axis.code)
        {
            line(&mut ws, &o.code, &o.label, &s.label, &s.label)?;
            for ob in r
                .objectives
                .iter()
                .filter(|ob| ob.orientation_code() == o.code)
            {
                line(&mut ws, &ob.code, &ob.label, &s.body, &s.body)?;
                for lead in &ob.leads {
                    line(&mut ws, "", &format!("    • {lead}"), &s.body, &s.help)?;
                }
            }
        }
    }
    ws.protect_with_options(&protection());
    Ok(ws)
}

/// What each column added by the current template is for, one paragraph
/// each.
fn optional_columns(r: &Referentiel) -> Vec<String> {
    let years: Vec<String> = r.convention.years().map(|y| y.to_string()).collect();
    vec![
        "« Constat (besoin identifié) » : le besoin auquel l'action répond, tel qu'il a été constaté (diagnostic, demandes des familles, chiffres).".to_owned(),
        "« Moyens mobilisés » : ce que l'action mobilise — personnel (en heures ou ETP), locaux, matériel, prestataires.".to_owned(),
        format!(
            "« Dispositif CAF » : si la CAF finance l'action, le dispositif au titre duquel elle le fait ({}).",
            crate::text::quoted_list(&r.caf_schemes, "ou")
        ),
        "« Action commune avec » : si la même action figure aussi dans le plan d'un autre partenaire, son numéro chez lui (par exemple SJ-001 ; plusieurs numéros se séparent par « ; »). Le partenaire qui déclare le budget complet de l'action en est le porteur, et chaque co-porteur n'inscrit que sa propre contribution. Une ligne de co-porteur dont les montants sont ceux du porteur est lue comme une copie : l'action n'est comptée qu'une fois, et le co-porteur en est averti.".to_owned(),
        format!(
            "« Dépenses réalisées AAAA (€) », une colonne par année de la convention ({}) : ce qui a réellement été dépensé pour l'action cette année-là, en euros, une fois l'année écoulée.",
            years.join(", ")
        ),
        "Feuille « Indicateurs », « Nature » : « Résultat » pour ce que l'action change pour son public (familles accueillies, satisfaction), « Moyens » pour ce qu'elle mobilise (heures d'animation, séances tenues).".to_owned(),
        "Feuille « Indicateurs », « Horizon de la cible » : « Annuelle » si la cible vaut pour chaque année, « Fin de CTG » si elle est à atteindre à la fin de la convention. Laissée vide, la cible est comprise comme à atteindre à la fin de la CTG.".to_owned(),
    ]
}
