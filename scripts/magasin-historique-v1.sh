#!/usr/bin/env bash
# Rebuilds the golden history store tests/fixtures/historique-v1/ (the
# `.ctg/` of a shared folder and the ctg.toml it was written with) with the
# ctg of a given commit: by default the tag historique-v1, the version whose
# store format the fixture freezes.
#
#   1. the commit is checked out into a temporary worktree and built there
#      (or the binary given in $CTG is used: it must come from that commit);
#   2. `ctg init` prepares a shared folder, whose partner list is cut down to
#      the four partners of the scenario;
#   3. the partner workbooks are made from the commit's sample-workbooks/ by
#      a small Python script (openpyxl), each version saved with fixed
#      timestamps inside the zip so that its bytes, hence its hash, do not
#      depend on the day it was made;
#   4. three consolidations run, each with its date forced by the hidden
#      option --aujourdhui and every file's modification time set by
#      `touch -d` (in UTC), so that the history is the same at every build;
#   5. the database is checkpointed and left in the classic journal mode
#      (no -wal or -shm file), and .ctg/ (historique.sqlite, archive/) and
#      ctg.toml are copied into the fixture folder.
#
# The scenario is described run by run in tests/fixtures/historique-v1/README.md.
# The outputs of the commands tests/golden_store.rs checks are written to a
# scratch folder (printed at the end) for comparison with attendu/: they are
# never copied there, because the expected outputs are checked by hand.
#
# Usage: scripts/magasin-historique-v1.sh [COMMIT] [DOSSIER_CIBLE]
#   COMMIT         default: historique-v1
#   DOSSIER_CIBLE  default: tests/fixtures/historique-v1 of this checkout
# Environment: CTG (an already built binary of COMMIT, to skip the build),
#   CARGO_TARGET_DIR (where to build; default: a temporary folder),
#   PYTHON (default: python3, with openpyxl installed).
# Needs git, cargo, python3 with openpyxl, GNU touch.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
commit="${1:-historique-v1}"
target="${2:-$root/tests/fixtures/historique-v1}"
python="${PYTHON:-python3}"

# Every time below (touch -d, file modification times read back by ctg) is
# read in UTC, whatever the machine's zone.
export TZ=UTC

if ! "$python" -c "import openpyxl" 2>/dev/null; then
    echo "openpyxl est nécessaire : pip install openpyxl" >&2
    exit 1
fi

work="$(mktemp -d)"
src="$work/src"
cleanup() {
    if [ -d "$src" ]; then
        git -C "$root" worktree remove --force "$src" >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

sha="$(git -C "$root" rev-parse --verify "$commit^{commit}")"
git -C "$root" worktree add --quiet --detach "$src" "$sha"

if [ -n "${CTG:-}" ]; then
    ctg="$CTG"
    echo "Binaire fourni : $ctg (il doit avoir été compilé depuis $sha)."
else
    export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$work/target}"
    echo "Compilation de ctg à $sha…"
    cargo build --release --quiet --manifest-path "$src/Cargo.toml"
    ctg="$CARGO_TARGET_DIR/release/ctg"
fi

# ------------------------------------------------------------------ workbooks

cat >"$work/classeurs.py" <<'PY'
"""Makes the partner workbook versions of the scenario, and trims ctg.toml.

classeurs.py config CTG_TOML
classeurs.py workbooks SAMPLES_DIR OUT_DIR
"""
import datetime
import os
import re
import sys
import zipfile

import openpyxl

# Every zip entry and the document properties get this time: a workbook's
# bytes depend only on its content.
FIXED = (2024, 1, 1, 0, 0, 0)
PARTNERS = ("MJCL", "EFS", "CCTA", "SJ")


def trim_config(path):
    """Keeps only the [[partenaire]] blocks of the scenario's partners."""
    text = open(path, encoding="utf-8").read()
    blocks = re.split(r"(?m)^(?=\[\[partenaire\]\]\n)", text)
    kept = []
    for block in blocks:
        m = re.match(r'\[\[partenaire\]\]\ncode = "([^"]+)"', block)
        if m is None or m.group(1) in PARTNERS:
            kept.append(block)
    open(path, "w", encoding="utf-8").write("".join(kept))


def save(wb, path):
    """Saves, then rewrites the zip with fixed times: openpyxl stamps the
    save time on the document properties and on every zip entry."""
    stamp = datetime.datetime(*FIXED)
    wb.properties.created = stamp
    wb.properties.lastModifiedBy = None
    tmp = path + ".tmp"
    wb.save(tmp)
    with zipfile.ZipFile(tmp) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>2024-01-01T00:00:00Z\g<2>",
                    data,
                )
            entry = zipfile.ZipInfo(info.filename, FIXED)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, data)
    os.remove(tmp)


def row_of(ws, number):
    """The row whose column A holds an action number."""
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == number:
            return row[0].row
    raise KeyError(number)


def column(ws, header):
    """The column (1-based) of a header in row 1."""
    for cell in ws[1]:
        if cell.value == header:
            return cell.column
    raise KeyError(header)


def set_field(ws, number, header, value):
    ws.cell(row_of(ws, number), column(ws, header)).value = value


def set_update_date(wb, date):
    ws = wb["Partenaire"]
    for row in ws.iter_rows(min_col=1, max_col=2):
        if row[0].value == "Date de mise à jour":
            row[1].value = date
            row[1].number_format = "DD/MM/YYYY"
            return
    raise KeyError("Date de mise à jour")


def indicator_rows(wb, number):
    ws = wb["Indicateurs"]
    return [r[0] for r in ws.iter_rows(min_col=1, max_col=1) if r[0].value == number]


def workbooks(samples, out):
    load = lambda name: openpyxl.load_workbook(f"{samples}/plan-actions-{name}.xlsx")

    # MJCL, version 2 (run 2): the passerelle ALSH–MJC moves from row
    # MJCL-003 to the first free row, MJCL-008 (its content cut and pasted,
    # the pre-filled numbers left in place), with its progress updated; the
    # summer 2024 trip is done.
    wb = load("MJCL")
    ws = wb["Actions"]
    old, new = row_of(ws, "MJCL-003"), row_of(ws, "MJCL-008")
    for col in range(2, ws.max_column + 1):
        ws.cell(new, col).value = ws.cell(old, col).value
        ws.cell(new, col).number_format = ws.cell(old, col).number_format
        ws.cell(old, col).value = None
    set_field(ws, "MJCL-008", "Avancement (%)", 75)
    set_field(ws, "MJCL-006", "Statut", "Réalisée")
    set_field(ws, "MJCL-006", "Avancement (%)", 100)
    for cell in indicator_rows(wb, "MJCL-003"):
        cell.value = "MJCL-008"
    ind = wb["Indicateurs"]
    for cell in indicator_rows(wb, "MJCL-006"):
        ind.cell(cell.row, column(ind, "Réalisé 2024")).value = 22
    set_update_date(wb, datetime.datetime(2024, 10, 2))
    save(wb, f"{out}/MJCL-v2.xlsx")

    # MJCL, version 3 (run 3): the same workbook, cut short by an
    # interrupted copy (the first 4 KiB only).
    data = open(f"{out}/MJCL-v2.xlsx", "rb").read()
    open(f"{out}/MJCL-v3-tronque.xlsx", "wb").write(data[:4096])

    # EFS, version 2 (run 2): the rural permanences cost more, the communes
    # pay the difference.
    wb = load("EFS")
    ws = wb["Actions"]
    set_field(ws, "EFS-003", "Budget prévisionnel (€)", 9500)
    set_field(ws, "EFS-003", "Financement communes (€)", 4500)
    set_update_date(wb, datetime.datetime(2024, 9, 30))
    save(wb, f"{out}/EFS-v2.xlsx")

    # CCTA, version 2 (run 3): the habitat information action (CCTA-005) is
    # dropped, row and indicator emptied; the parenting catalogue is done.
    wb = load("CCTA")
    ws = wb["Actions"]
    r = row_of(ws, "CCTA-005")
    for col in range(2, ws.max_column + 1):
        ws.cell(r, col).value = None
    ind = wb["Indicateurs"]
    for cell in indicator_rows(wb, "CCTA-005"):
        for col in range(1, ind.max_column + 1):
            ind.cell(cell.row, col).value = None
    set_field(ws, "CCTA-002", "Statut", "Réalisée")
    set_field(ws, "CCTA-002", "Avancement (%)", 100)
    set_update_date(wb, datetime.datetime(2025, 1, 15))
    save(wb, f"{out}/CCTA-v2.xlsx")


if __name__ == "__main__":
    if sys.argv[1] == "config":
        trim_config(sys.argv[2])
    else:
        workbooks(sys.argv[2], sys.argv[3])
PY

versions="$work/versions"
mkdir -p "$versions"
samples="$src/sample-workbooks"
for p in MJCL EFS CCTA SJ; do
    cp "$samples/plan-actions-$p.xlsx" "$versions/$p-v1.xlsx"
done
"$python" "$work/classeurs.py" workbooks "$samples" "$versions"

# ------------------------------------------------------------------ the runs

folder="$work/dossier"
"$ctg" init "$folder" >/dev/null
"$python" "$work/classeurs.py" config "$folder/ctg.toml"

# deposit VERSION NAME "DATE": puts a version in depots/ under the partner's
# file name, received (modified) at DATE.
deposit() {
    cp "$versions/$1" "$folder/depots/$2"
    touch -d "$3" "$folder/depots/$2"
}

consolidate() { # consolidate AAAA-MM-JJ
    echo "Consolidation du $1…"
    "$ctg" consolider "$folder" --aujourdhui "$1" --silencieux >"$work/consolider-$1.txt"
}

# Run 1, 17/06/2024: MJCL, EFS, CCTA send their first workbook; SJ nothing.
deposit MJCL-v1.xlsx plan-actions-MJCL.xlsx "2024-06-12 10:30:00"
deposit EFS-v1.xlsx plan-actions-EFS.xlsx "2024-06-10 16:45:00"
deposit CCTA-v1.xlsx plan-actions-CCTA.xlsx "2024-06-14 09:00:00"
consolidate 2024-06-17

# Run 2, 07/10/2024: MJCL renumbers MJCL-003 → MJCL-008 and closes MJCL-006;
# EFS raises the budget of EFS-003; SJ sends its first workbook; CCTA's file
# is untouched.
deposit MJCL-v2.xlsx plan-actions-MJCL.xlsx "2024-10-02 11:20:00"
deposit EFS-v2.xlsx plan-actions-EFS.xlsx "2024-09-30 14:10:00"
deposit SJ-v1.xlsx plan-actions-SJ.xlsx "2024-10-04 09:40:00"
consolidate 2024-10-07

# Run 3, 20/01/2025: MJCL's workbook arrives truncated (version 2 stands in);
# CCTA removes CCTA-005 and closes CCTA-002; EFS and SJ are untouched.
deposit MJCL-v3-tronque.xlsx plan-actions-MJCL.xlsx "2025-01-16 17:55:00"
deposit CCTA-v2.xlsx plan-actions-CCTA.xlsx "2025-01-15 10:05:00"
consolidate 2025-01-20

# ------------------------------------------------------------------ the fixture

# Fold the WAL into the database and leave the classic journal, so that the
# fixture is one self-contained file.
"$python" - "$folder/.ctg/historique.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
mode = db.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
db.close()
assert mode == "delete", mode
PY
for leftover in historique.sqlite-wal historique.sqlite-shm historique.sqlite-journal; do
    if [ -e "$folder/.ctg/$leftover" ]; then
        echo "Fichier $leftover resté dans .ctg/ : magasin non autonome." >&2
        exit 1
    fi
done

mkdir -p "$target"
rm -rf "$target/.ctg" "$target/ctg.toml"
mkdir -p "$target/.ctg/archive"
cp "$folder/.ctg/historique.sqlite" "$target/.ctg/"
cp "$folder/.ctg/archive/"* "$target/.ctg/archive/"
cp "$folder/ctg.toml" "$target/"
chmod 644 "$target/.ctg/historique.sqlite" "$target/.ctg/archive/"* "$target/ctg.toml"

# ------------------------------------------------------------------ outputs to review

# The outputs tests/golden_store.rs compares, computed on a copy of the
# fixture, the copy's path replaced with DOSSIER. They go to a scratch
# folder, to be compared with attendu/ by a person, never copied blindly.
review="$(mktemp -d "${TMPDIR:-/tmp}/historique-v1-sorties.XXXXXX")"
copy="$work/copie"
mkdir -p "$copy"
cp -r "$target/.ctg" "$target/ctg.toml" "$copy/"
show() { # show NAME ARGS…
    local name="$1"
    shift
    "$ctg" "$@" 2>"$review/$name.stderr" | sed "s|$copy|DOSSIER|g" >"$review/$name" || true
}
mjcl_v1="$(sha256sum "$versions/MJCL-v1.xlsx" | cut -d' ' -f1)"
mjcl_v2="$(sha256sum "$versions/MJCL-v2.xlsx" | cut -d' ' -f1)"
show historique.txt historique "$copy"
show historique-action-MJCL-003.txt historique "$copy" --action MJCL-003
show historique-action-MJCL-008.txt historique "$copy" --action MJCL-008
show historique-action-CCTA-005.txt historique "$copy" --action CCTA-005
show historique-partenaire-MJCL.txt historique "$copy" --partenaire MJCL
show rapport-depuis-run-1.txt rapport "$copy" --depuis-run 1
show rapport-depuis-run-1.json rapport "$copy" --depuis-run 1 --format json
show comparer-MJCL-v1-v2.txt comparer --aujourdhui 2025-01-20 \
    "$copy/.ctg/archive/$mjcl_v1.xlsx" "$copy/.ctg/archive/$mjcl_v2.xlsx"
for log in "$work"/consolider-*.txt; do
    sed "s|$folder|DOSSIER|g" "$log" >"$review/${log##*/}"
done
find "$review" -name '*.stderr' -empty -delete

echo
echo "Magasin écrit dans $target :"
(cd "$target" && find .ctg ctg.toml -type f -printf '  %p  %s octets\n' | sort)
du -sh --apparent-size "$target/.ctg" "$target/ctg.toml"
echo "Sorties des commandes à comparer avec $target/attendu/ : $review"
