#!/usr/bin/env bash
# Regenerates everything in sample-workbooks/ (or the folder given):
#   1. the example generator writes the nine partner workbooks (.xlsx,
#      byte-identical at every run);
#   2. LibreOffice saves two clean ones again, as .ods (LAEP) and as legacy
#      .xls (RPE), and their .xlsx source is removed, so that the folder
#      holds one file per partner.
# The LibreOffice-saved files differ in bytes at each run (LibreOffice stamps
# the save date), not in content. The list of conversions must match
# CONVERSIONS in examples/samples/data.rs.
#
# Usage: scripts/samples.sh [DOSSIER]   (default: sample-workbooks)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/sample-workbooks}"
soffice="${SOFFICE:-soffice}"

work="$(mktemp -d)"
profile="$(mktemp -d)"
trap 'rm -rf "$work" "$profile"' EXIT

cd "$root"
cargo run --quiet --example samples -- "$work/classeurs" >/dev/null

# LibreOffice's notice about Java (not installed, not needed) is dropped.
quiet_lo() { grep -v "javaldx" >&2 || true; }

convert() { # convert FILE FORMAT
    "$soffice" --headless --norestore "-env:UserInstallation=file://$profile" \
        --convert-to "$2" --outdir "$work/classeurs" "$work/classeurs/$1" \
        >/dev/null 2> >(quiet_lo)
    local converted="$work/classeurs/${1%.xlsx}.$2"
    if [ ! -s "$converted" ]; then
        echo "LibreOffice n'a pas produit ${converted##*/}" >&2
        exit 1
    fi
    rm "$work/classeurs/$1"
}
convert plan-actions-LAEP.xlsx ods
convert plan-actions-RPE.xlsx xls

mkdir -p "$out"
rm -f "$out"/*.xlsx "$out"/*.ods "$out"/*.xls
cp "$work/classeurs/"* "$out/"
ls -l "$out"
