//! The « Indicateurs » sheet: one row per indicator, tied to an action
//! number of the Actions sheet, with its target and a result per year.

use rust_xlsxwriter::{DataValidation, Worksheet};

use super::styles::{Styles, protection};
use super::validation::OffList;
use super::{INPUT_ROWS, TemplateSpec, XlsxResult, validation};
use crate::model::{IndicatorKind, IndicatorNature, IndicatorValue, TargetHorizon};
use crate::referentiel::Referentiel;
use crate::referentiel::columns::{Column, IndicatorColumn};

/// The sheet of `spec`, pre-filled with its indicators.
pub(super) fn sheet(spec: &TemplateSpec, r: &Referentiel, s: &Styles) -> XlsxResult<Worksheet> {
    use IndicatorColumn::*;
    let mut ws = Worksheet::new();
    ws.set_name("Indicateurs")?;
    let columns = IndicatorColumn::template(r);
    for (i, c) in columns.iter().enumerate() {
        let col = i as u16;
        let (width, format) = match c {
            Action => (13.0, &s.input),
            Name => (40.0, &s.wrap_input),
            Kind | Nature | Unit => (14.0, &s.input),
            Horizon => (15.0, &s.input),
            Comment => (40.0, &s.wrap_input),
            _ => (13.0, &s.number),
        };
        ws.set_column_format(col, format)?;
        ws.set_column_width(col, width)?;
        ws.write_string_with_format(0, col, c.header(r), &s.header)?;
        let check = match c {
            Action => Some(validation::list(
                &format!("=Actions!$A$2:$A${}", INPUT_ROWS + 1),
                "N° action",
                "Numéro de l'action mesurée, tel qu'il figure dans la feuille Actions.",
                OffList::Asked("Ce numéro n'est pas dans la colonne « N° action » de la feuille Actions. Indiquez le numéro d'une seule action, tel qu'il y figure (par exemple MJCL-001). Continuer ?"),
            )?),
            Name => Some(DataValidation::new().allow_any_value().set_input_title("Indicateur")?.set_input_message("Ce qui est mesuré, par exemple « Nombre de familles accueillies » ou « Satisfaction des participants ».")?),
            Kind => Some(choices(&[IndicatorKind::Quantitative, IndicatorKind::Qualitative].map(|k| k.label()), "Type", "Quantitatif : un nombre. Qualitatif : une appréciation en mots.")?),
            Nature => Some(choices(&IndicatorNature::ALL.map(|n| n.label()), "Nature", "Résultat : ce que l'action change pour son public (familles accueillies, satisfaction). Moyens : ce qu'elle mobilise (heures d'animation, séances tenues).")?),
            Target => Some(DataValidation::new().allow_any_value().set_input_title("Cible")?.set_input_message("Valeur visée. Pour un indicateur quantitatif, un nombre seul (l'unité va dans « Unité »). Dites dans « Horizon de la cible » si elle vaut pour chaque année ou pour la fin de la CTG.")?),
            Horizon => Some(choices(&TargetHorizon::ALL.map(|h| h.label()), "Horizon de la cible", "Annuelle : la cible vaut pour chaque année. Fin de CTG : elle est à atteindre à la fin de la convention. Laissée vide : fin de CTG.")?),
            Result(year) => Some(DataValidation::new().allow_any_value().set_input_title(format!("Réalisé {year}"))?.set_input_message(format!("Valeur atteinte en {year}. À remplir une fois l'année écoulée (ou en cours d'année pour un point d'étape)."))?),
            _ => None,
        };
        if let Some(v) = check {
            ws.add_data_validation(1, col, INPUT_ROWS, col, &v)?;
        }
    }
    ws.set_row_height(0, 32)?;
    ws.set_freeze_panes(1, 2)?;
    ws.autofilter(0, 0, INPUT_ROWS, (columns.len() - 1) as u16)?;
    for (i, ind) in spec.indicators.iter().enumerate() {
        let row = i as u32 + 1;
        for (j, c) in columns.iter().enumerate() {
            let col = j as u16;
            let value = match c {
                Action => Some(IndicatorValue::Text(ind.action.clone())),
                Name => Some(IndicatorValue::Text(ind.name.clone())),
                Kind => ind.kind.map(|k| IndicatorValue::Text(k.label().to_owned())),
                Nature => ind
                    .nature
                    .map(|n| IndicatorValue::Text(n.label().to_owned())),
                Unit => Some(IndicatorValue::Text(ind.unit.clone())),
                Baseline => ind.baseline.clone(),
                Target => ind.target.clone(),
                Horizon => ind
                    .horizon
                    .map(|h| IndicatorValue::Text(h.label().to_owned())),
                Result(year) => ind.results.get(year).cloned(),
                Comment => Some(IndicatorValue::Text(ind.comment.clone())),
            };
            match value {
                Some(IndicatorValue::Number(n)) => {
                    ws.write_number_with_format(row, col, n, &s.number)?;
                }
                Some(IndicatorValue::Text(t)) if !t.is_empty() => {
                    ws.write_string_with_format(row, col, crate::text::for_excel(&t), &s.input)?;
                }
                _ => {}
            }
        }
    }
    ws.protect_with_options(&protection());
    Ok(ws)
}

/// A dropdown of fixed `values`, refusing others.
fn choices(values: &[&str], title: &str, message: &str) -> XlsxResult<DataValidation> {
    DataValidation::new()
        .allow_list_strings(values)?
        .set_input_title(title)?
        .set_input_message(message)?
        .set_error_title(format!("{title} non valide"))?
        .set_error_message(format!(
            "Choisissez {}.",
            crate::text::quoted_list(values, "ou")
        ))
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use crate::referentiel::Config;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    /// The XML of the template's Indicateurs sheet (the fourth).
    fn indicators_xml() -> Result<String, Box<dyn std::error::Error>> {
        let config = Config::embedded()?;
        let partner = config.partner("MJCL").ok_or("MJCL")?;
        let spec = super::TemplateSpec {
            partner,
            actions: &[],
            indicators: &[],
            created: chrono::NaiveDateTime::default(),
        };
        let bytes = super::super::build(&spec, &config.referentiel)?;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
        let mut xml = String::new();
        zip.by_name("xl/worksheets/sheet4.xml")?
            .read_to_string(&mut xml)?;
        Ok(xml)
    }

    #[test]
    fn the_action_number_dropdown_asks_for_one_number() -> TestResult {
        let xml = indicators_xml()?;
        let start = xml.find("sqref=\"A2:A501\"").ok_or("no check on A2:A501")?;
        let check = &xml[xml[..start].rfind("<dataValidation ").ok_or("no element")?..];
        let check = &check[..check.find("</dataValidation>").ok_or("unclosed")?];
        assert!(
            check.contains("Indiquez le numéro d'une seule action"),
            "{check}"
        );
        assert!(!check.contains("Plusieurs valeurs"), "{check}");
        Ok(())
    }
}
