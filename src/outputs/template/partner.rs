//! The « Partenaire » sheet: the partner's identity, pre-filled from
//! `ctg.toml`, with the code and template version locked and a line of help
//! beside each field.

use rust_xlsxwriter::Worksheet;

use super::XlsxResult;
use super::styles::{Styles, protection};
use super::validation;
use crate::referentiel::columns::PartnerField;
use crate::referentiel::{Partner, Referentiel};
use crate::validate::TEMPLATE_VERSION;

/// The sheet of partner `p`, one row per [`PartnerField`].
pub(super) fn sheet(p: &Partner, r: &Referentiel, s: &Styles) -> XlsxResult<Worksheet> {
    let mut ws = Worksheet::new();
    ws.set_name("Partenaire")?;
    ws.write_string_with_format(0, 0, "Fiche partenaire", &s.title)?;
    ws.write_string_with_format(1, 0, &r.convention.name, &s.help)?;
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 42)?;
    ws.set_column_width(2, 60)?;
    for (i, field) in PartnerField::ALL.iter().enumerate() {
        let row = 3 + i as u32;
        ws.write_string_with_format(row, 0, field.label(), &s.label)?;
        let (value, help, locked) = match field {
            PartnerField::Name => (p.name.clone(), "Nom complet de votre structure.", false),
            PartnerField::Code => (
                p.code.clone(),
                "Attribué par le coordinateur : il préfixe vos numéros d'action. Ne le modifiez pas.",
                true,
            ),
            PartnerField::Contact => (
                p.contact.clone(),
                "Personne à contacter pour ce plan d'actions.",
                false,
            ),
            PartnerField::Email => (
                p.email.clone(),
                "Adresse à laquelle le coordinateur peut vous écrire.",
                false,
            ),
            PartnerField::Phone => (p.phone.clone(), "Numéro direct du référent.", false),
            PartnerField::Updated => (
                String::new(),
                "Date de votre dernière mise à jour (JJ/MM/AAAA).",
                false,
            ),
            PartnerField::TemplateVersion => (
                TEMPLATE_VERSION.to_owned(),
                "Version du modèle : ne la modifiez pas.",
                true,
            ),
        };
        let format = match (locked, field) {
            (true, _) => &s.locked_value,
            (false, PartnerField::Updated) => &s.date,
            _ => &s.input,
        };
        if value.is_empty() {
            ws.write_blank(row, 1, format)?;
        } else {
            ws.write_string_with_format(row, 1, &value, format)?;
        }
        ws.write_string_with_format(row, 2, help, &s.help)?;
    }
    let updated_row = 3 + PartnerField::ALL
        .iter()
        .position(|f| *f == PartnerField::Updated)
        .unwrap_or(5) as u32;
    ws.add_data_validation(updated_row, 1, updated_row, 1, &validation::date(r)?)?;
    ws.protect_with_options(&protection());
    Ok(ws)
}
