#!/usr/bin/env bash
# Documented check (not run by CI, which has no LibreOffice): the
# consolidated workbook opens in LibreOffice and in openpyxl, and its charts
# are native charts.
#
#   1. consolidates sample-workbooks/ into a temporary folder;
#   2. LibreOffice converts the workbook to PDF and to .ods headless: a file
#      Excel or LibreOffice would have to repair fails the conversion or
#      comes out empty;
#   3. openpyxl loads it and lists its sheets and charts (warnings printed).
#
# Needs: soffice (LibreOffice), python3 with openpyxl.
# Usage: scripts/verifier-classeur-consolide.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
soffice="${SOFFICE:-soffice}"
work="$(mktemp -d)"
profile="$(mktemp -d)"
trap 'rm -rf "$work" "$profile"' EXIT

cd "$root"
cargo run --quiet --release -- consolider sample-workbooks --sortie "$work/sortie" -q >/dev/null
workbook="$work/sortie/plan-actions-consolide.xlsx"

for format in pdf ods; do
    "$soffice" --headless --norestore "-env:UserInstallation=file://$profile" \
        --convert-to "$format" --outdir "$work" "$workbook" >/dev/null 2>&1
    converted="$work/plan-actions-consolide.$format"
    if [ ! -s "$converted" ]; then
        echo "LibreOffice n'a pas pu convertir le classeur consolidé en $format" >&2
        exit 1
    fi
    echo "LibreOffice : conversion en $format réussie ($(stat -c %s "$converted") octets)"
done

python3 - "$workbook" <<'PY'
import sys, warnings, openpyxl
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    wb = openpyxl.load_workbook(sys.argv[1])
for w in caught:
    print("openpyxl, avertissement :", w.message)
print("openpyxl : feuilles", ", ".join(wb.sheetnames))
charts = wb["Synthèse"]._charts
print("openpyxl : graphiques natifs dans Synthèse :", len(charts))
if len(charts) < 3:
    sys.exit("moins de trois graphiques natifs")
PY
