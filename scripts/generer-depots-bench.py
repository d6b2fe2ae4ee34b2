#!/usr/bin/env python3
"""Partner workbooks for the benchmarks, written by openpyxl, not by ctg.

The consolider bench can run on folders that ctg's own template writer made
(benches/common) or on folders made here, so that its numbers do not depend on
files ctg itself wrote (an independent writer: other shared strings, other
styles, other zip layout, as partners' Excel files differ from ctg's).

Same shape as the template (ctg-2): a « Partenaire » sheet (label, value, help
from row 4), an « Actions » sheet and an « Indicateurs » sheet with the
template's headers on row 1 (keep them in step with src/referentiel/columns.rs), and realistic French values: actions spread over the
référentiel's objectives, lists, communes (some written the way partners type
them), dates, statuts, budgets and their financing, two indicators per action.

Deterministic: the same arguments give byte-identical files (fixed seed per
partner, fixed document dates, fixed zip entry dates).

usage: generer-depots-bench.py DOSSIER PARTENAIRES ACTIONS [--processus N]
"""
import argparse
import datetime as dt
import io
import os
import random
import re
import sys
import zipfile
from concurrent.futures import ProcessPoolExecutor

from openpyxl import Workbook

OBJECTIVES = {
    "1.1.1": "Maintenir et optimiser l'offre d'accueil (collectif et individuel) Petite Enfance",
    "1.1.2": "Prendre en compte les besoins spécifiques des familles",
    "1.1.3": "Maintenir et développer l'offre de service périscolaire et extrascolaire et "
    "poursuivre les actions qualitatives et transverses",
    "1.2.1": "Développer l'offre pour les communes rurales et pôles relais",
    "1.2.2": "Améliorer la visibilité de l'offre existante / Développer l'information et la "
    "communication envers les jeunes",
    "1.2.3": "Contribuer à structurer et mettre en œuvre un (des) Projet(s) Jeunesse / un "
    "Réseau Jeunesse",
    "1.3.1": "Créer les structures favorisant la formation et l'apprentissage pour les jeunes",
    "1.3.2": "Développer le réseau d'entreprises et la mise en relation / Accompagner les "
    "entreprises",
    "1.3.3": "Renforcer les partenariats",
    "2.1.1": "Renforcer la relation avec les parents",
    "2.1.2": "Développer la collaboration entre acteurs : Parents-ALAE-Ecole-ALSH, "
    "Enseignants-ALAE-Référent inclusion",
    "2.1.3": "Faciliter les transitions, la continuité des parcours des enfants",
    "2.2.1": "Développer les actions en lien avec la parentalité",
    "2.2.2": "Favoriser un réseau partenarial local de la parentalité / Renforcer la "
    "coordination des actions de soutien à la parentalité",
    "2.2.3": "Développer la visibilité de l'offre existante",
    "3.1.1": "Valoriser les actions de solidarités",
    "3.1.2": "Renforcer le lien, la concertation avec la population, favoriser l'implication",
    "3.1.3": "Promouvoir les nouveaux modes d'habitat (partagé, inclusif…) pour répondre aux "
    "besoins de diversification des logements",
    "3.1.4": "Développer l'interconnaissance, renforcer la coordination entre acteurs",
    "3.2.1": "Favoriser la mixité sociale, en direction des familles vulnérables",
    "3.2.2": "Favoriser l'inclusion Handicap, Développer une culture de l'accueil inclusif",
    "3.2.3": "Favoriser l'inclusion Numérique",
    "4.1.1": "Améliorer la visibilité / Valoriser l'offre auprès du grand public",
    "4.1.2": "Développer l'interconnaissance, les liens entre professionnels",
    "4.1.3": "Identifier les interlocuteurs du territoire",
    "4.2.1": "Construire les modalités de pilotage de la CTG en vue de la pérennité des réseaux",
    "4.2.2": "Développer les pratiques de mutualisations et coopération / Fédérer autour de "
    "projets communs",
    "4.2.3": "Prévoir la collecte, le partage de données, pour mutualisation, valorisation, et "
    "conduite des évaluations",
}

DOMAINS = [
    "Petite enfance", "Enfance", "Jeunesse", "Parentalité", "Éducation",
    "Animation de la vie sociale", "Accès aux droits", "Inclusion / Handicap",
    "Inclusion numérique", "Logement / Cadre de vie", "Solidarité", "Dynamique territoriale",
]

AUDIENCES = [
    "Tout public", "Petite enfance (0-3 ans)", "Enfants (3-11 ans)",
    "Préadolescents (10-12 ans)", "Adolescents (13-17 ans)", "Jeunes (16-25 ans)",
    "Familles / Parents", "Familles vulnérables", "Personnes en situation de handicap",
    "Personnes âgées", "Habitants", "Professionnels", "Élus",
]

COMMUNES = [
    "Ambres", "Azas", "Bannières", "Belcastel", "Garrigues", "Labastide-Saint-Georges",
    "Lacougotte-Cadoul", "Lavaur", "Lugan", "Marzens", "Massac-Séran", "Montcabrier",
    "Roquevidal", "Saint-Agnan", "Saint-Jean-de-Rives", "Saint-Lieux-lès-Lavaur",
    "Saint-Sulpice-la-Pointe", "Teulat", "Veilhes", "Villeneuve-lès-Lavaur",
    "Viviers-lès-Lavaur",
]

# How partners actually type some communes: the reader must forgive these.
COMMUNE_SPELLINGS = {
    "Saint-Sulpice-la-Pointe": "St Sulpice la Pointe",
    "Saint-Lieux-lès-Lavaur": "saint lieux les lavaur",
    "Villeneuve-lès-Lavaur": "Villeneuve les Lavaur",
}

STATUSES = ["À venir", "En cours", "En cours", "En cours", "Réalisée", "Reportée", "Abandonnée"]

STRUCTURES = [
    ("MJC", "MJC de {c}"), ("CRE", "Crèche « Les Petits Pas » de {c}"),
    ("RPE", "Relais Petite Enfance de {c}"), ("CCAS", "CCAS de {c}"),
    ("ALSH", "Accueil de loisirs de {c}"), ("EFS", "Espace France Services de {c}"),
    ("ASSO", "Association Familles Rurales de {c}"), ("MAIRIE", "Mairie de {c}"),
    ("LAEP", "Lieu d'accueil enfants-parents de {c}"), ("SJ", "Service Jeunesse de {c}"),
]

ACTIVITIES = [
    "Ateliers parents-enfants", "Permanences d'accès aux droits", "Animations jeunesse hors les murs",
    "Café des parents", "Accueil du mercredi", "Formation des professionnels",
    "Séjours d'été", "Chantiers jeunes", "Ateliers numériques", "Soirées débat",
    "Réunions d'information", "Accompagnement à la scolarité", "Fête de la petite enfance",
    "Groupe de parole", "Point information jeunesse", "Visites à domicile",
]

PUBLIC_PHRASES = [
    "pour les familles", "pour les adolescents", "pour les jeunes parents",
    "pour les assistantes maternelles", "pour les seniors isolés", "pour les enfants en situation de handicap",
]

DESCRIPTIONS = [
    "Un animateur se rend un mercredi sur deux dans chaque commune avec le camion d'animation "
    "(jeux, sport, ateliers vidéo). Programme construit avec les mairies.",
    "Lieu d'accueil et d'information ouvert trois demi-journées par semaine : orientation, "
    "jobs d'été, logement, santé, mobilité.",
    "Quatre soirées par an animées par une psychologue, annoncées par les écoles et les collèges.",
    "Rencontres mensuelles entre professionnels pour partager les situations et mieux orienter les familles.",
    "Ateliers hebdomadaires ouverts à tous, avec une participation libre des familles.",
]

FIRST_NAMES = ["Julien", "Camille", "Hélène", "Sophie", "Nicolas", "Léa", "Thomas", "Émilie",
               "Mathieu", "Chloé", "Pierre", "Manon"]
LAST_NAMES = ["Roques", "Azéma", "Vidal", "Cabrol", "Maurel", "Escande", "Gleizes", "Bousquet",
              "Fabre", "Cazals", "Delpech", "Sicard"]
ASSOCIATES = ["CAF du Tarn", "CCTA", "Mission Locale", "Collèges du territoire",
              "Service Jeunesse intercommunal", "CCAS", "Mairies concernées", "PMI", "LAEP"]
UNITS = [("Nombre de participants", "personnes"), ("Nombre de séances", "séances"),
         ("Nombre de familles accompagnées", "familles"), ("Taux de satisfaction", "%"),
         ("Nombre de communes touchées", "communes"), ("Nombre de jeunes accueillis", "jeunes")]

# The headers of template ctg-2 (src/referentiel/columns.rs), in its order.
ACTION_HEADERS = [
    "N° action", "Intitulé", "Objectif opérationnel", "Champ d'intervention", "Public cible",
    "Communes concernées", "Constat (besoin identifié)", "Description", "Moyens mobilisés",
    "Référent de l'action", "Partenaires associés", "Action commune avec", "Date de début",
    "Date de fin", "Statut", "Avancement (%)", "Budget prévisionnel (€)",
    "Financement CAF (€)", "Financement CCTA (€)", "Financement communes (€)",
    "Autres financements (€)", "Dispositif CAF", "Dépenses réalisées 2023 (€)",
    "Dépenses réalisées 2024 (€)", "Dépenses réalisées 2025 (€)",
    "Dépenses réalisées 2026 (€)", "Commentaires",
]
INDICATOR_HEADERS = [
    "N° action", "Indicateur", "Type", "Nature", "Unité", "Valeur de départ", "Cible",
    "Horizon de la cible", "Réalisé 2023", "Réalisé 2024", "Réalisé 2025", "Réalisé 2026",
    "Commentaire",
]
TEMPLATE_VERSION = "ctg-2"
CAF_SCHEMES = ["Prestation de service", "Bonus territoire", "Fonds publics et territoires",
               "REAAP", "Autre"]
NEEDS = [
    "Peu de solutions de garde le mercredi dans les communes rurales.",
    "Des familles isolées qui ne connaissent pas les services du territoire.",
    "Les jeunes de 13-17 ans fréquentent peu les structures existantes.",
    "Un besoin de coordination exprimé par les professionnels lors du diagnostic.",
]
MEANS = [
    "Un animateur à mi-temps, un véhicule, une salle prêtée par la mairie.",
    "Deux professionnelles formées, du matériel pédagogique.",
    "Une coordinatrice, un budget de communication.",
]

# Fixed so that the files are byte-identical from one generation to the next.
FIXED_DATE = dt.datetime(2024, 6, 1, 8, 0, 0)
ZIP_DATE = (2024, 6, 1, 8, 0, 0)
FIXED_STAMP = b"2024-06-01T08:00:00Z"


def partner_identity(p):
    """The code, name and commune of partner number `p` (0-based)."""
    prefix, pattern = STRUCTURES[p % len(STRUCTURES)]
    commune = COMMUNES[(p // len(STRUCTURES)) % len(COMMUNES)]
    return f"{prefix}{p + 1:04d}", pattern.format(c=commune), commune


def person(rng):
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def communes_cell(rng):
    if rng.random() < 0.3:
        return "Toutes"
    chosen = rng.sample(COMMUNES, rng.randint(1, 3))
    return "; ".join(COMMUNE_SPELLINGS.get(c, c) if rng.random() < 0.3 else c for c in chosen)


def workbook_bytes(p, actions):
    """The .xlsx bytes of partner number `p` with `actions` actions."""
    rng = random.Random(1000 + p)
    code, name, commune = partner_identity(p)
    wb = Workbook(write_only=True)
    wb.properties.creator = "generer-depots-bench.py"
    wb.properties.created = FIXED_DATE
    wb.properties.modified = FIXED_DATE

    ws = wb.create_sheet("Partenaire")
    ws.append(["Fiche partenaire"])
    ws.append(["Convention Territoriale Globale Tarn-Agout 2023-2026"])
    ws.append([])
    contact = person(rng)
    ws.append(["Structure", name, "Nom complet de votre structure."])
    ws.append(["Code partenaire", code, "Attribué par le coordinateur."])
    ws.append(["Référent", contact, "Personne à contacter pour ce plan d'actions."])
    ws.append(["Courriel", f"contact.{code.lower()}@exemple.fr", ""])
    ws.append(["Téléphone", f"05 63 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}", ""])
    ws.append(["Date de mise à jour", dt.datetime(2024, 5, 1 + p % 28), ""])
    ws.append(["Version du modèle", TEMPLATE_VERSION, ""])

    ws = wb.create_sheet("Actions")
    ws.append(ACTION_HEADERS)
    codes = list(OBJECTIVES)
    numbers = []
    for i in range(actions):
        number = f"{code}-{i + 1:03d}"
        numbers.append(number)
        objective = codes[(p * 7 + i) % len(codes)]
        start = dt.datetime(2023 + i % 3, 1 + (i * 5) % 12, 1 + (i * 3) % 28)
        end = dt.datetime(2026, 6 + i % 7, 30 if i % 7 != 2 else 28)
        budget = float(rng.randrange(500, 40000, 100))
        caf = round(budget * rng.choice([0.2, 0.3, 0.4, 0.5]), 2)
        ccta = round(budget * rng.choice([0.0, 0.1, 0.2, 0.3]), 2)
        towns = round(budget * rng.choice([0.0, 0.1, 0.2]), 2)
        others = round(budget - caf - ccta - towns, 2)
        spent_2023 = round(budget * rng.choice([0.2, 0.25, 0.3]), 2) if start.year == 2023 else None
        ws.append([
            number,
            f"{rng.choice(ACTIVITIES)} {rng.choice(PUBLIC_PHRASES)} ({commune}, action {i + 1})",
            f"{objective} — {OBJECTIVES[objective]}",
            "; ".join(rng.sample(DOMAINS, rng.randint(1, 2))),
            "; ".join(rng.sample(AUDIENCES, rng.randint(1, 2))),
            communes_cell(rng),
            rng.choice(NEEDS),
            rng.choice(DESCRIPTIONS),
            rng.choice(MEANS),
            person(rng),
            ", ".join(rng.sample(ASSOCIATES, rng.randint(1, 3))),
            None,
            start,
            end,
            rng.choice(STATUSES),
            float(rng.randrange(0, 101, 5)),
            budget,
            caf,
            ccta or None,
            towns or None,
            others or None,
            rng.choice(CAF_SCHEMES),
            spent_2023,
            round(budget * rng.choice([0.2, 0.3]), 2) if start.year <= 2024 else None,
            None,
            None,
            "Fréquentation à suivre avec les mairies." if rng.random() < 0.2 else None,
        ])

    ws = wb.create_sheet("Indicateurs")
    ws.append(INDICATOR_HEADERS)
    for number in numbers:
        for label, unit in rng.sample(UNITS, 2):
            target = float(rng.randint(5, 300)) if unit != "%" else 80.0
            ws.append([
                number, label, "Quantitatif", rng.choice(["Résultat", "Moyens"]), unit, 0.0,
                target, rng.choice(["Annuelle", "Fin de CTG"]),
                float(int(target * rng.uniform(0.1, 0.5))),
                float(int(target * rng.uniform(0.3, 0.9))),
                None, None,
                "Chiffres à confirmer" if rng.random() < 0.1 else None,
            ])

    raw = io.BytesIO()
    wb.save(raw)
    return fixed_zip_dates(raw.getvalue())


def fixed_zip_dates(data):
    """The same zip with every entry and the document dated at fixed times (openpyxl
    stamps the current time on both)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps « modified » with the time of saving.
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + FIXED_STAMP, content)
            dst.writestr(entry, content)
    return out.getvalue()


def write_one(job):
    folder, p, actions = job
    code, _, _ = partner_identity(p)
    path = os.path.join(folder, f"plan-actions-{code}.xlsx")
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(workbook_bytes(p, actions))
    os.replace(tmp, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dossier")
    parser.add_argument("partenaires", type=int)
    parser.add_argument("actions", type=int)
    parser.add_argument("--processus", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args()
    os.makedirs(args.dossier, exist_ok=True)
    jobs = [(args.dossier, p, args.actions) for p in range(args.partenaires)]
    if args.processus <= 1:
        for job in jobs:
            write_one(job)
    else:
        with ProcessPoolExecutor(args.processus) as pool:
            list(pool.map(write_one, jobs, chunksize=8))
    return 0


if __name__ == "__main__":
    sys.exit(main())
