//! The results campaign for the terminal (`ctg evaluation`): where each
//! partner stands, then every cell still to fill, kind by kind.

use std::fmt::Write;

use super::history::table;
use crate::evaluation::{Campaign, GapKind};
use crate::outputs::pages::charts::percent;
use crate::text::count;

/// The campaign in words and tables.
pub fn text(campaign: &Campaign) -> String {
    let year = campaign.year;
    let expected: usize = campaign.partners.iter().map(|p| p.expected).sum();
    let received: usize = campaign.partners.iter().map(|p| p.received).sum();
    let mut out = format!(
        "Campagne de résultats {year} : {} sur {}.\n\n",
        count(received, "résultat reçu", "résultats reçus"),
        count(expected, "attendu", "attendus")
    );
    let rows = campaign
        .partners
        .iter()
        .map(|p| {
            let mut row = vec![
                p.code.clone(),
                format!("{}/{}", p.received, p.expected),
                p.median.map(percent).unwrap_or_else(|| "—".to_owned()),
            ];
            row.extend(GapKind::ALL.map(|k| p.of_kind(k).count().to_string()));
            row
        })
        .collect();
    out.push_str(&table(
        &[
            "Partenaire",
            "Résultats",
            "Taux médian",
            "Résultats manquants",
            "Sans indicateur",
            "Sans cible ou départ",
            "Dépenses manquantes",
        ],
        &[false, true, true, true, true, true, true],
        rows,
    ));
    if campaign.is_complete() {
        let _ = writeln!(out, "\nRien ne manque pour l'évaluation {year}.");
        return out;
    }
    for kind in GapKind::ALL {
        let rows: Vec<Vec<String>> = campaign
            .gaps(kind)
            .flat_map(|g| {
                g.cells.iter().map(|cell| {
                    vec![
                        g.partner.clone(),
                        g.action.clone(),
                        g.indicator.clone().unwrap_or_else(|| g.title.clone()),
                        cell.field.clone(),
                        cell.cell.to_string(),
                    ]
                })
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\n{} ({}) — {}",
            kind.title(),
            count(rows.len(), "cellule", "cellules"),
            kind.ask(year)
        );
        out.push_str(&table(
            &[
                "Partenaire",
                "Action",
                "Indicateur ou intitulé",
                "À saisir",
                "Cellule",
            ],
            &[false; 5],
            rows,
        ));
    }
    out
}
