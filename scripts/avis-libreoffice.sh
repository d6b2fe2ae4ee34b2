#!/usr/bin/env bash
# Rebuilds the fixture tests/fixtures/avis-copil-libreoffice.xlsx: a
# committee's workbook prepared by `ctg avis`, filled in LibreOffice as a
# coordinator does, and saved by LibreOffice as .xlsx. Used by
# tests/it/copil.rs (described in tests/fixtures/README.md).
#
#   a. `ctg init` makes a shared folder whose plan is the partner fixture
#      modele-rempli-libreoffice.xlsx (MJCL-001 to MJCL-003), consolidated;
#   b. `ctg avis --instance COPIL --date 2024-07-04` prepares
#      coordination/avis-2024-07-04-COPIL.xlsx;
#   c. in a headless LibreOffice, scripts/remplir-avis-libreoffice.py picks
#      two avis in the « Avis » dropdown, types the comments (accents, a
#      line break) and saves the workbook as .xlsx.
#
# Needs: soffice (LibreOffice) and a Python with LibreOffice's « uno »
# module (PYTHON_UNO, default /usr/bin/python3); CTG, a built ctg (default:
# `cargo run`).
#
# Usage: scripts/avis-libreoffice.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
fixtures="$root/tests/fixtures"
python_uno="${PYTHON_UNO:-/usr/bin/python3}"

# shellcheck source=scripts/libreoffice-uno.sh
. "$root/scripts/libreoffice-uno.sh"

scratch_dir

cd "$root"
ctg() {
    if [ -n "${CTG:-}" ]; then "$CTG" "$@"; else cargo run --quiet -- "$@"; fi
}

echo "a. Dossier partagé, plan de la MJC de Lavaur (3 actions), consolidé"
folder="$work/dossier"
ctg init "$folder" >/dev/null
cp "$fixtures/modele-rempli-libreoffice.xlsx" "$folder/depots/"
ctg consolider "$folder" -q

echo "b. Classeur des avis du COPIL du 04/07/2024"
ctg avis "$folder" --instance COPIL --date 2024-07-04
prepared="$folder/coordination/avis-2024-07-04-COPIL.xlsx"

echo "c. Avis saisis dans LibreOffice, enregistrés en .xlsx"
pipe="ctg_avis_$$"
start_libreoffice "$work/profil-uno" "$pipe"
"$python_uno" scripts/remplir-avis-libreoffice.py "$pipe" "$prepared" "$work/avis.xlsx"
wait_libreoffice

test -s "$work/avis.xlsx"
cp "$work/avis.xlsx" "$fixtures/avis-copil-libreoffice.xlsx"
ls -l "$fixtures/avis-copil-libreoffice.xlsx"
