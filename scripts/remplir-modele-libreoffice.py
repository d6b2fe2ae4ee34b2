#!/usr/bin/env python3
"""Fills a ctg template in LibreOffice the way a partner does, then saves it.

Opens the template in a running LibreOffice (started by
scripts/libreoffice-aller-retour.sh with --accept=pipe), types the partner's
details, 3 actions and 2 indicators into the cells the template prepared
(objective and status as the dropdowns write them, dates and amounts typed
as values), and saves the result as .xlsx (Excel 2007-365 format, what a
partner chooses with « Conserver le format actuel ») and as .ods.

Needs the Python that ships LibreOffice's « uno » module (/usr/bin/python3
on Debian). Usage:

    remplir-modele-libreoffice.py PIPE MODELE.xlsx SORTIE.xlsx SORTIE.ods
"""

import sys

from libreoffice_uno import ODS, XLSX, close_and_quit, connect, open_hidden, save

OBJECTIF_221 = "2.2.1 — Développer les actions en lien avec la parentalité"
OBJECTIF_121 = "1.2.1 — Développer l'offre pour les communes rurales et pôles relais"
OBJECTIF_411 = "4.1.1 — Améliorer la visibilité / Valoriser l'offre auprès du grand public"

# Partenaire sheet: column B, rows of the template.
PARTENAIRE = {
    "B6": "Julien Roques",
    "B7": "jeunesse@mjc-lavaur.exemple.fr",
    "B8": "05 63 00 41 10",
    "B9": "2024-06-03",
}

# Actions sheet, rows 2 to 4 (numbers MJCL-001 to 003 are already there),
# by column header: the columns are found in the template's header row, so
# that columns added by a newer template leave these values where they go.
ACTIONS = [
    {
        "Intitulé": "Ateliers parents-enfants du mercredi",
        "Objectif opérationnel": OBJECTIF_221,
        "Champ d'intervention": "Parentalité",
        "Public cible": "Familles / Parents",
        "Communes concernées": "Lavaur; Saint-Sulpice-la-Pointe",
        "Description": "Un mercredi par mois, ateliers jeux et cuisine animés par une éducatrice.",
        "Référent de l'action": "Camille Azéma",
        "Partenaires associés": "LAEP, RPE",
        "Date de début": "2024-01-10",
        "Date de fin": "2025-12-31",
        "Statut": "En cours",
        "Avancement (%)": 40,
        "Budget prévisionnel (€)": 5000,
        "Financement CAF (€)": 2000,
        "Financement CCTA (€)": 1500,
        "Financement communes (€)": 500,
        "Autres financements (€)": 1000,
    },
    {
        "Intitulé": "Accueil jeunes du vendredi soir à Teulat",
        "Objectif opérationnel": OBJECTIF_121,
        "Champ d'intervention": "Jeunesse",
        "Public cible": "Adolescents (13-17 ans)",
        "Communes concernées": "Teulat",
        "Description": "Ouverture de la salle des fêtes aux 13-17 ans le vendredi de 18 h à 21 h.",
        "Référent de l'action": "Julien Roques",
        "Partenaires associés": "Mairie de Teulat",
        "Date de début": "2023-09-08",
        "Date de fin": "2026-07-03",
        "Statut": "En cours",
        "Avancement (%)": 70,
        "Budget prévisionnel (€)": 8000,
        "Financement CAF (€)": 3000,
        "Financement CCTA (€)": 3000,
        "Financement communes (€)": 2000,
    },
    {
        "Intitulé": "Forum des activités jeunesse",
        "Objectif opérationnel": OBJECTIF_411,
        "Champ d'intervention": "Dynamique territoriale",
        "Public cible": "Tout public",
        "Communes concernées": "Toutes",
        "Description": "Stands des associations et services jeunesse le jour du forum des associations.",
        "Référent de l'action": "Julien Roques",
        "Date de début": "2024-09-14",
        "Date de fin": "2024-09-14",
        "Statut": "À venir",
        "Avancement (%)": 0,
        "Budget prévisionnel (€)": 1200.5,
        "Financement CCTA (€)": 1200.5,
        "Commentaires": "Lieu à confirmer avec la mairie de Lavaur.",
    },
]

# Indicateurs sheet, rows 2 and 3, by column header.
INDICATEURS = [
    {
        "N° action": "MJCL-001",
        "Indicateur": "Nombre de familles participantes",
        "Type": "Quantitatif",
        "Unité": "familles",
        "Valeur de départ": 0,
        "Cible": 40,
        "Réalisé 2024": 18,
    },
    {
        "N° action": "MJCL-002",
        "Indicateur": "Nombre de jeunes accueillis",
        "Type": "Quantitatif",
        "Unité": "jeunes",
        "Valeur de départ": 0,
        "Cible": 30,
        "Réalisé 2023": 12,
        "Réalisé 2024": 21,
    },
]


def type_into(cell, value):
    """Types a value: text as text; numbers and ISO dates as typed input,
    which LibreOffice turns into numbers and dates."""
    if isinstance(value, str) and not (len(value) == 10 and value[4] == "-"):
        cell.setString(value)
        return
    cell.setFormula(str(value))
    # A date or number typed must land as a value, not as text.
    if cell.getType().value != "VALUE":
        sys.exit("« %s » n'a pas été compris comme une valeur" % value)


def columns(sheet):
    """The 0-based column of each header of the sheet's first row."""
    found = {}
    for col in range(200):
        header = sheet.getCellByPosition(col, 0).getString()
        if header:
            found[header] = col
    return found


def fill(sheet, row, values):
    """Types `values` (header → value) into the 1-based `row`."""
    at = columns(sheet)
    for header, value in values.items():
        if header not in at:
            sys.exit("Pas de colonne « %s » dans la feuille %s" % (header, sheet.Name))
        type_into(sheet.getCellByPosition(at[header], row - 1), value)


def main():
    pipe, template, out_xlsx, out_ods = sys.argv[1:5]
    desktop = connect(pipe)
    doc = open_hidden(desktop, template)
    sheets = doc.Sheets
    partner = sheets.getByName("Partenaire")
    for ref, value in PARTENAIRE.items():
        type_into(partner.getCellRangeByName(ref), value)
    actions = sheets.getByName("Actions")
    for i, values in enumerate(ACTIONS):
        fill(actions, i + 2, values)
    indicators = sheets.getByName("Indicateurs")
    for i, values in enumerate(INDICATEURS):
        fill(indicators, i + 2, values)
    save(doc, out_xlsx, XLSX)
    save(doc, out_ods, ODS)
    close_and_quit(doc, desktop)


if __name__ == "__main__":
    main()
