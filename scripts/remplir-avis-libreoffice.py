#!/usr/bin/env python3
"""Fills a committee's workbook in LibreOffice the way a coordinator does
after a COPIL, then saves it.

Opens the workbook `ctg avis` prepared (in a running LibreOffice, started by
scripts/avis-libreoffice.sh with --accept=pipe), and for each action of
DECISIONS picks the avis among the values of the « Avis » dropdown (the
list the cell's validation names, read from the workbook: a value that is
not in it stops the script) and types the committee's comment, a line
break included. Other rows are left as prepared (not examined). Saves the
result as .xlsx (Excel 2007-365, « Conserver le format actuel »).

Needs the Python that ships LibreOffice's « uno » module (/usr/bin/python3
on Debian). Usage:

    remplir-avis-libreoffice.py PIPE AVIS.xlsx SORTIE.xlsx
"""

import sys

from libreoffice_uno import XLSX, close_and_quit, connect, open_hidden, save

# (N° action, avis as the dropdown offers it, comment: a line break as a
# coordinator types it with Ctrl+Entrée).
DECISIONS = [
    (
        "MJCL-001",
        "Validée sous réserve",
        "Sous réserve d'un bilan à mi-parcours.\n"
        "Prévoir l'accueil des familles éloignées (Teulat, Marzens).",
    ),
    (
        "MJCL-002",
        "À retravailler",
        "Préciser le rôle de la mairie ; chiffrer l'encadrement.",
    ),
]

HEADER = "N° action"


def dropdown(doc, cell):
    """The values the cell's « liste déroulante » offers."""
    validation = cell.getPropertyValue("Validation")
    if validation.Type.value != "LIST":
        sys.exit("La cellule %s n'a pas de liste déroulante" % cell.AbsoluteName)
    # « $Listes.$A$1:$A$5 », or « Listes!$A$1:$A$5 » as read from Excel.
    source = validation.getFormula1().replace("!", ".").lstrip("$")
    sheet, cells = source.split(".", 1)
    values = doc.Sheets.getByName(sheet.strip("'$")).getCellRangeByName(cells)
    return [row[0] for row in values.getDataArray() if row[0]]


def main():
    pipe, prepared, out_xlsx = sys.argv[1:4]
    desktop = connect(pipe)
    doc = open_hidden(desktop, prepared)
    sheet = doc.Sheets.getByName("Avis")
    header = next(
        r for r in range(20) if sheet.getCellByPosition(0, r).getString() == HEADER
    )
    at = {}
    for col in range(30):
        name = sheet.getCellByPosition(col, header).getString()
        if name:
            at[name] = col
    rows = {}
    for r in range(header + 1, header + 200):
        number = sheet.getCellByPosition(0, r).getString()
        if number:
            rows[number] = r
    for number, avis, comment in DECISIONS:
        if number not in rows:
            sys.exit("Pas de ligne pour %s dans la feuille Avis" % number)
        cell = sheet.getCellByPosition(at["Avis"], rows[number])
        offered = dropdown(doc, cell)
        if avis not in offered:
            sys.exit("« %s » n'est pas dans la liste %s" % (avis, offered))
        cell.setString(avis)
        sheet.getCellByPosition(at["Commentaire du comité"], rows[number]).setString(
            comment
        )
    save(doc, out_xlsx, XLSX)
    close_and_quit(doc, desktop)


if __name__ == "__main__":
    main()
