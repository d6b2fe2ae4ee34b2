#!/usr/bin/env bash
# Checks the open-data export with the reference validator: consolidates the
# sample workbooks, exports them with `ctg exporter` (and --excel-fr), then
# runs `frictionless validate datapackage.json` (types, required fields,
# enums, primary and foreign keys). Run by .ci/run; needs `frictionless`
# (pip install frictionless).
#
# Usage: scripts/valider-donnees-ouvertes.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$root"
cargo build --quiet --locked
ctg="${CARGO_TARGET_DIR:-$root/target}/debug/ctg"

"$ctg" consolider sample-workbooks --sortie "$work/resultats" -q >/dev/null
"$ctg" exporter "$work/resultats" -o "$work/donnees" --excel-fr
cd "$work/donnees"
frictionless validate datapackage.json
