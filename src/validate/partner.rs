//! Who sent the file: the Partenaire sheet, checked against the registry,
//! the file name and the action numbers.

use std::collections::BTreeMap;

use super::{Context, Reporter, normalise_number, number_prefix};
use crate::finding::{Code, Location, Severity};
use crate::model::PartnerInfo;
use crate::read::{PartnerSheet, Table, value};
use crate::referentiel::columns::{ActionColumn, PartnerField};
use crate::referentiel::is_partner_code;
use crate::text::closest;

/// Works out the partner's code and identity, reporting inconsistencies.
pub(super) fn identify(
    sheet: &PartnerSheet,
    actions: Option<&Table<ActionColumn>>,
    file: &str,
    ctx: &Context,
    report: &mut Reporter,
) -> PartnerInfo {
    let at = |field: PartnerField| sheet.values.get(&field).map(|(_, loc)| loc.clone());
    let typed = sheet.text(PartnerField::Code);
    let mut code = typed.trim().to_uppercase().replace([' ', '_'], "-");
    if !typed.is_empty() && !is_partner_code(&code) {
        let loc = at(PartnerField::Code);
        report.push(
            Severity::Error,
            Code::PartnerCodeInvalid,
            loc,
            format!("Le code partenaire « {typed} » ne peut pas servir de préfixe aux numéros d'action : il doit contenir seulement des lettres sans accent, des chiffres et des tirets (20 caractères au plus), par exemple « MJCL ». Reprenez le code donné par le coordinateur."),
            None,
        );
        code.clear();
    }

    let from_file = ctx
        .config
        .partner_in_file_name(file)
        .map(|p| p.code.clone());
    if code.is_empty() {
        let inferred = from_file.clone().or_else(|| most_common_prefix(actions));
        let where_from = if from_file.is_some() {
            "du nom du fichier"
        } else {
            "des numéros d'action"
        };
        match inferred {
            Some(c) if typed.is_empty() => {
                let loc = sheet.sheet.as_ref().map(|s| Location {
                    sheet: s.clone(),
                    row: 0,
                    col: None,
                });
                let loc = at(PartnerField::Code).or(loc);
                report.push(
                    Severity::Warning,
                    Code::PartnerCodeMissing,
                    loc,
                    format!("Le code partenaire n'est pas renseigné : {} a retenu « {c} », déduit {where_from}. Inscrivez-le dans la feuille « Partenaire » pour éviter toute confusion.", report.tool()),
                    None,
                );
                code = c;
            }
            Some(c) => code = c,
            None => {
                let loc = at(PartnerField::Code);
                report.push(
                    Severity::Error,
                    Code::PartnerCodeMissing,
                    loc,
                    "Impossible de savoir de quel partenaire vient ce fichier : le code partenaire n'est pas renseigné et les numéros d'action ne le donnent pas. Inscrivez votre code (par exemple « MJCL ») dans la feuille « Partenaire », à côté de « Code partenaire ».".to_owned(),
                    None,
                );
            }
        }
    } else if let Some(other) = from_file.filter(|f| *f != code) {
        report.push(
            Severity::Warning,
            Code::PartnerCodeInconsistent,
            at(PartnerField::Code),
            format!("Le nom du fichier désigne le partenaire « {other} » mais la feuille « Partenaire » indique « {code} » : {} retient « {code} ». Vérifiez que ce fichier est bien le vôtre, puis corrigez le code ou renommez le fichier.", report.tool()),
            None,
        );
    }

    let registered = ctx.config.partner(&code);
    if !code.is_empty() && registered.is_none() && !ctx.config.partners.is_empty() {
        let suggestion = closest(&code, ctx.config.partners.iter().map(|p| p.code.as_str()))
            .map(|c| format!("Vouliez-vous dire {c} ?"));
        report.push(
            Severity::Warning,
            Code::PartnerCodeUnknown,
            at(PartnerField::Code),
            format!("Le code partenaire « {code} » ne figure pas dans {}. Si c'est un nouveau partenaire, le coordinateur doit l'ajouter ; sinon, corrigez le code.", ctx.config.registry_name()),
            suggestion,
        );
    }

    let email = sheet.text(PartnerField::Email);
    if !email.is_empty()
        && !looks_like_email(&email)
        && let Some(loc) = at(PartnerField::Email)
    {
        report.warn(Code::EmailInvalid, loc, format!("« {email} » n'est pas une adresse électronique valide : écrivez-la sous la forme prenom.nom@structure.fr."));
    }

    let updated = match sheet.values.get(&PartnerField::Updated) {
        Some((v, loc)) => {
            let d = value::date(v);
            if d.is_none() {
                report.warn(Code::UpdateDateInvalid, loc.clone(), format!("La date de mise à jour « {v} » n'est pas une date : écrivez-la sous la forme JJ/MM/AAAA, par exemple 15/03/2024."));
            }
            d
        }
        None => None,
    };

    // The template version is checked with the tables (`version`).
    let version = sheet.text(PartnerField::TemplateVersion);

    let or_registry = |typed: String, f: fn(&crate::referentiel::Partner) -> &String| {
        if typed.is_empty() {
            registered.map(|p| f(p).clone()).unwrap_or_default()
        } else {
            typed
        }
    };
    PartnerInfo {
        name: or_registry(sheet.text(PartnerField::Name), |p| &p.name),
        contact: or_registry(sheet.text(PartnerField::Contact), |p| &p.contact),
        email: or_registry(email, |p| &p.email),
        phone: or_registry(sheet.text(PartnerField::Phone), |p| &p.phone),
        code,
        updated,
        template_version: version,
    }
}

/// The prefix most action numbers share.
fn most_common_prefix(actions: Option<&Table<ActionColumn>>) -> Option<String> {
    let table = actions?;
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for row in &table.rows {
        if let Some(v) = table.get(row, ActionColumn::Number)
            && let Some(n) = normalise_number(&v.to_string(), "")
        {
            *counts.entry(number_prefix(&n).to_owned()).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(code, _)| code)
}

fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.contains(char::is_whitespace)
        && !domain.contains('@')
}
