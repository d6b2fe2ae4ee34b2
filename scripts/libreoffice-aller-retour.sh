#!/usr/bin/env bash
# LibreOffice round trip of the partner template; writes the fixtures
# tests/fixtures/modele-rempli-libreoffice.xlsx and .ods used by
# tests/libreoffice.rs.
#
#   a. `ctg modele` writes the MJC de Lavaur template;
#   b. checks on the unfilled template: LibreOffice converts it to PDF
#      (exit 0, PDF not empty) and openpyxl loads it (its warnings, if any,
#      are printed);
#   c. in a headless LibreOffice, scripts/remplir-modele-libreoffice.py
#      types 3 actions and 2 indicators into the template's cells, as a
#      partner would, and saves the result as .xlsx and as .ods.
#
# Needs: soffice (LibreOffice), a Python with LibreOffice's « uno » module
# (PYTHON_UNO, default /usr/bin/python3) and a Python with openpyxl (PYTHON,
# default python3). Observations are recorded in tests/fixtures/README.md.
#
# Usage: scripts/libreoffice-aller-retour.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
fixtures="$root/tests/fixtures"
python_uno="${PYTHON_UNO:-/usr/bin/python3}"
python="${PYTHON:-python3}"

# shellcheck source=scripts/libreoffice-uno.sh
. "$root/scripts/libreoffice-uno.sh"

scratch_dir

cd "$root"
template="$work/modele-MJCL.xlsx"

echo "a. Modèle vierge"
cargo run --quiet -- modele --code MJCL --partenaire "MJC de Lavaur" -o "$template"

echo "b. Modèle vierge : conversion PDF par LibreOffice"
"$soffice" --headless --norestore "-env:UserInstallation=file://$work/profil-pdf" \
    --convert-to pdf --outdir "$work/pdf" "$template" 2> >(quiet_lo)
test -s "$work/pdf/modele-MJCL.pdf"
echo "   PDF : $(stat -c %s "$work/pdf/modele-MJCL.pdf") octets, code de sortie 0"

echo "b. Modèle vierge : lecture par openpyxl"
"$python" - "$template" <<'PY'
import sys
import warnings

import openpyxl

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    wb = openpyxl.load_workbook(sys.argv[1])
print("   openpyxl %s : feuilles %s" % (openpyxl.__version__, wb.sheetnames))
for ws in wb.worksheets:
    print("   %-14s état=%-7s protégée=%s validations=%d" % (
        ws.title, ws.sheet_state, ws.protection.sheet,
        len(ws.data_validations.dataValidation)))
if caught:
    for w in caught:
        print("   AVERTISSEMENT openpyxl : %s" % w.message)
    sys.exit(1)
print("   aucun avertissement")
PY

echo "c. Remplissage dans LibreOffice et enregistrement en .xlsx et .ods"
pipe="ctg_aller_retour_$$"
start_libreoffice "$work/profil-uno" "$pipe"
"$python_uno" scripts/remplir-modele-libreoffice.py "$pipe" "$template" \
    "$work/rempli.xlsx" "$work/rempli.ods"
wait_libreoffice

test -s "$work/rempli.xlsx" && test -s "$work/rempli.ods"
mkdir -p "$fixtures"
cp "$work/rempli.xlsx" "$fixtures/modele-rempli-libreoffice.xlsx"
cp "$work/rempli.ods" "$fixtures/modele-rempli-libreoffice.ods"
ls -l "$fixtures"/modele-rempli-libreoffice.*
