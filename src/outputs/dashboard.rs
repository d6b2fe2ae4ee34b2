//! The status page `sortie/tableau-de-bord.html`: where every partner
//! stands, the totals of the plan d'actions, and every anomaly to follow up,
//! for the coordinator.

use std::fmt::Write;

use super::html::{self, escape};
use crate::consolidate::{Consolidation, PartnerEntry, PartnerState};
use crate::finding::{Finding, Severity};
use crate::referentiel::Config;
use crate::text::{count, euros};

/// Partner states as counted in the headline, in the order shown.
const STATE_TOTALS: [(&str, &str, &str); 6] = [
    ("a_jour", "partenaire à jour", "partenaires à jour"),
    (
        "avec_erreurs",
        "partenaire avec erreurs",
        "partenaires avec erreurs",
    ),
    (
        "version_precedente",
        "fichier illisible, version précédente utilisée",
        "fichiers illisibles, version précédente utilisée",
    ),
    (
        "illisible",
        "fichier illisible sans version utilisable",
        "fichiers illisibles sans version utilisable",
    ),
    (
        "jamais_depose",
        "partenaire n'a jamais déposé",
        "partenaires n'ont jamais déposé",
    ),
    (
        "retire",
        "fichier retiré du dossier",
        "fichiers retirés du dossier",
    ),
];

/// Renders the status page of a consolidation.
pub fn render(c: &Consolidation, config: &Config) -> String {
    let convention = &config.referentiel.convention;
    let mut body = String::new();
    let _ = writeln!(body, "<h1>{}</h1>", escape(&convention.name));
    let _ = writeln!(
        body,
        "<p class=\"meta\">Tableau de bord de la consolidation — {} et {}. Mis à jour le {}.</p>",
        escape(&convention.territory),
        escape(&convention.caf),
        html::datetime(c.generated_at)
    );
    headline(&mut body, c);
    budget(&mut body, c, config);
    partners(&mut body, c);
    anomalies(&mut body, c);
    orphans(&mut body, c);
    html::page(&format!("Tableau de bord — {}", convention.name), &body)
}

fn headline(out: &mut String, c: &Consolidation) {
    let findings = c.findings();
    let severity = |s: Severity| findings.iter().filter(|(_, f)| f.severity == s).count();
    let _ = writeln!(out, "<h2>En bref</h2>\n<ul class=\"cards\">");
    for (code, singular, plural) in STATE_TOTALS {
        let n = c.partners.iter().filter(|p| p.state.code() == code).count();
        if n > 0 {
            card(out, n, singular, plural);
        }
    }
    if !c.orphans.is_empty() {
        card(
            out,
            c.orphans.len(),
            "fichier sans partenaire",
            "fichiers sans partenaire",
        );
    }
    card(
        out,
        c.actions().len(),
        "action acceptée",
        "actions acceptées",
    );
    card(out, c.indicators().len(), "indicateur", "indicateurs");
    card(
        out,
        severity(Severity::Error),
        "erreur à corriger",
        "erreurs à corriger",
    );
    card(
        out,
        severity(Severity::Warning),
        "avertissement",
        "avertissements",
    );
    let _ = writeln!(out, "</ul>");
}

fn card(out: &mut String, n: usize, singular: &str, plural: &str) {
    let text = count(n, singular, plural);
    let words = text.split_once(' ').map_or("", |(_, w)| w);
    let _ = writeln!(out, "<li><strong>{n}</strong> {words}</li>");
}

fn budget(out: &mut String, c: &Consolidation, config: &Config) {
    let actions = c.actions();
    let total: f64 = actions.iter().filter_map(|(_, a)| a.budget).sum();
    let _ = writeln!(out, "<h2>Budget des actions acceptées</h2>");
    let _ = writeln!(
        out,
        "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Financeur</th><th scope=\"col\" class=\"num\">Montant</th></tr></thead>\n<tbody>"
    );
    for funder in &config.referentiel.funders {
        let amount: f64 = actions
            .iter()
            .filter_map(|(_, a)| a.funding.get(&funder.code))
            .sum();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td></tr>",
            escape(&funder.label),
            euros(amount)
        );
    }
    let _ = writeln!(
        out,
        "</tbody>\n<tfoot><tr><th scope=\"row\">Budget prévisionnel total</th><td class=\"num\"><strong>{}</strong></td></tr></tfoot>\n</table></div>",
        euros(total)
    );
}

fn needs_attention(p: &PartnerEntry) -> bool {
    p.state != PartnerState::UpToDate
}

fn partners(out: &mut String, c: &Consolidation) {
    let _ = writeln!(out, "<h2>Partenaires</h2>");
    let attention = c.partners.iter().filter(|p| needs_attention(p)).count();
    let _ = writeln!(
        out,
        "<p>{} ; {}. Les lignes marquées d'un trait rouge à gauche sont à suivre.</p>",
        count(c.partners.len(), "partenaire", "partenaires"),
        count(
            attention,
            "demande votre attention",
            "demandent votre attention"
        )
    );
    let _ = writeln!(
        out,
        "<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">Code</th><th scope=\"col\">Structure</th><th scope=\"col\">État</th>\
         <th scope=\"col\">Fichier</th><th scope=\"col\">Enregistré le</th><th scope=\"col\" class=\"num\">Actions</th>\
         <th scope=\"col\" class=\"num\">Erreurs</th><th scope=\"col\" class=\"num\">Avertissements</th></tr></thead>\n<tbody>"
    );
    // `Consolidation::partners` is kept sorted by code.
    for p in &c.partners {
        let class = if needs_attention(p) {
            " class=\"attention\""
        } else {
            ""
        };
        let (file, received) = p.current.as_ref().map_or_else(
            || ("—".to_owned(), "—".to_owned()),
            |r| (escape(&r.rel), html::datetime(r.modified)),
        );
        let _ = writeln!(
            out,
            "<tr{class}><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{file}</td><td>{received}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&p.code),
            escape(&p.name),
            html::state_badge(p.state),
            p.actions().len(),
            p.count(Severity::Error),
            p.count(Severity::Warning)
        );
    }
    let _ = writeln!(out, "</tbody>\n</table></div>");
}

fn anomalies(out: &mut String, c: &Consolidation) {
    let _ = writeln!(out, "<h2>Anomalies</h2>");
    let with_findings: Vec<&PartnerEntry> = c
        .partners
        .iter()
        .filter(|p| !p.findings.is_empty())
        .collect();
    if with_findings.is_empty() {
        let _ = writeln!(
            out,
            "<p>Aucune anomalie dans les fichiers des partenaires.</p>"
        );
        return;
    }
    let _ = writeln!(
        out,
        "<p class=\"hint\">Cliquez sur un partenaire pour afficher le détail de ses anomalies, fichier par fichier.</p>"
    );
    for p in with_findings {
        let _ = writeln!(
            out,
            "<details>\n<summary>{} — {} : {}, {}</summary>",
            escape(&p.code),
            escape(&p.name),
            count(p.count(Severity::Error), "erreur", "erreurs"),
            count(
                p.count(Severity::Warning),
                "avertissement",
                "avertissements"
            )
        );
        findings_by_file(out, &p.findings);
        let _ = writeln!(out, "</details>");
    }
}

/// Findings grouped by file, files in the order they first appear.
fn findings_by_file(out: &mut String, findings: &[Finding]) {
    let mut files: Vec<&str> = Vec::new();
    for f in findings {
        if !files.contains(&f.file.as_str()) {
            files.push(&f.file);
        }
    }
    for file in files {
        let _ = writeln!(
            out,
            "<div class=\"table-wrap\"><table>\n<caption>Fichier « {} »</caption>\n<thead><tr><th scope=\"col\">Gravité</th>\
             <th scope=\"col\">Cellule</th><th scope=\"col\">Problème et correction</th></tr></thead>\n<tbody>",
            escape(file)
        );
        for f in findings.iter().filter(|f| f.file == file) {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                html::severity_badge(f.severity),
                html::place(f),
                html::finding_text(f)
            );
        }
        let _ = writeln!(out, "</tbody>\n</table></div>");
    }
}

fn orphans(out: &mut String, c: &Consolidation) {
    if c.orphans.is_empty() {
        return;
    }
    let _ = writeln!(out, "<h2>Fichiers sans partenaire</h2>");
    let _ = writeln!(
        out,
        "<p>ctg n'a pas pu rattacher ces fichiers à un partenaire : ils ne sont pas pris en compte. \
         Vérifiez qu'il s'agit bien d'un classeur établi à partir du modèle, avec le code partenaire renseigné \
         dans la feuille « Partenaire », ou retirez-les du dossier « depots ».</p>"
    );
    for o in &c.orphans {
        let _ = writeln!(
            out,
            "<details>\n<summary>{} — enregistré le {} : {}</summary>",
            escape(&o.rel),
            html::datetime(o.modified),
            count(o.submission.findings.len(), "anomalie", "anomalies")
        );
        findings_by_file(out, &o.submission.findings);
        let _ = writeln!(out, "</details>");
    }
}
