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

import os
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.lang import DisposedException

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

# Actions sheet, rows 2 to 4 (numbers MJCL-001 to 003 are already there).
# Columns: B Intitulé, C Objectif, D Champ, E Public, F Communes,
# G Description, H Référent, I Partenaires, J Début, K Fin, L Statut,
# M Avancement, N Budget, O CAF, P CCTA, Q Communes, R Autres, S Commentaires.
ACTIONS = [
    {
        "B": "Ateliers parents-enfants du mercredi",
        "C": OBJECTIF_221,
        "D": "Parentalité",
        "E": "Familles / Parents",
        "F": "Lavaur; Saint-Sulpice-la-Pointe",
        "G": "Un mercredi par mois, ateliers jeux et cuisine animés par une éducatrice.",
        "H": "Camille Azéma",
        "I": "LAEP, RPE",
        "J": "2024-01-10",
        "K": "2025-12-31",
        "L": "En cours",
        "M": 40,
        "N": 5000,
        "O": 2000,
        "P": 1500,
        "Q": 500,
        "R": 1000,
    },
    {
        "B": "Accueil jeunes du vendredi soir à Teulat",
        "C": OBJECTIF_121,
        "D": "Jeunesse",
        "E": "Adolescents (13-17 ans)",
        "F": "Teulat",
        "G": "Ouverture de la salle des fêtes aux 13-17 ans le vendredi de 18 h à 21 h.",
        "H": "Julien Roques",
        "I": "Mairie de Teulat",
        "J": "2023-09-08",
        "K": "2026-07-03",
        "L": "En cours",
        "M": 70,
        "N": 8000,
        "O": 3000,
        "P": 3000,
        "Q": 2000,
    },
    {
        "B": "Forum des activités jeunesse",
        "C": OBJECTIF_411,
        "D": "Dynamique territoriale",
        "E": "Tout public",
        "F": "Toutes",
        "G": "Stands des associations et services jeunesse le jour du forum des associations.",
        "H": "Julien Roques",
        "J": "2024-09-14",
        "K": "2024-09-14",
        "L": "À venir",
        "M": 0,
        "N": 1200.5,
        "P": 1200.5,
        "S": "Lieu à confirmer avec la mairie de Lavaur.",
    },
]

# Indicateurs sheet, rows 2 and 3. Columns: A N° action, B Indicateur,
# C Type, D Unité, E Départ, F Cible, G 2023, H 2024.
INDICATEURS = [
    {
        "A": "MJCL-001",
        "B": "Nombre de familles participantes",
        "C": "Quantitatif",
        "D": "familles",
        "E": 0,
        "F": 40,
        "H": 18,
    },
    {
        "A": "MJCL-002",
        "B": "Nombre de jeunes accueillis",
        "C": "Quantitatif",
        "D": "jeunes",
        "E": 0,
        "F": 30,
        "G": 12,
        "H": 21,
    },
]


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    for _ in range(240):
        try:
            return resolver.resolve(
                "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe
            )
        except NoConnectException:
            time.sleep(0.5)
    sys.exit("LibreOffice ne répond pas sur le canal %s" % pipe)


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


def fill(sheet, row, values):
    for col, value in values.items():
        type_into(sheet.getCellRangeByName("%s%d" % (col, row)), value)


def main():
    pipe, template, out_xlsx, out_ods = sys.argv[1:5]
    ctx = connect(pipe)
    desktop = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.frame.Desktop", ctx
    )
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(os.path.abspath(template)),
        "_blank",
        0,
        (prop("Hidden", True),),
    )
    if doc is None:
        sys.exit("LibreOffice n'a pas pu ouvrir %s" % template)
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
    doc.storeToURL(
        uno.systemPathToFileUrl(os.path.abspath(out_xlsx)),
        (prop("FilterName", "Calc MS Excel 2007 XML"),),
    )
    doc.storeToURL(
        uno.systemPathToFileUrl(os.path.abspath(out_ods)),
        (prop("FilterName", "calc8"),),
    )
    doc.close(True)
    try:
        desktop.terminate()
    except DisposedException:
        pass


if __name__ == "__main__":
    main()
