#!/usr/bin/env python3
"""What the heap holds at its peak, grouped by what allocated it.

Reads the stacks that `heaptrack_print -f X.zst -F STACKS --flamegraph-cost-type
peak` writes (one line per stack, frames root first, then the bytes it held at
the peak) and adds them up by step of the run (the outermost marker on the
stack), the consolidated workbook's share split by what inside it allocated.

usage: heaptrack-groupes.py STACKS
"""
import collections
import sys

# The step that allocated: the outermost marker on the stack (root first).
STEPS = [
    ("entry (assemble.rs)", "assemblage : copies du plan (Received::clone)"),
    ("assemble (assemble.rs)", "assemblage : copies du plan (Received::clone)"),
    ("check_read", "plan lu et validé (Submission), gardé jusqu'à la fin"),
    ("read_frame", "réponses des lecteurs en attente (isolate::read_frame)"),
    ("snapshot", "instantanés (run précédent / courant)"),
    ("compare", "comparaison"),
    ("render (feedback.rs)", "pages retour"),
    ("render (dashboard.rs)", "tableau de bord"),
    ("record (publish.rs)", "historique : écriture"),
    ("sheet (mod.rs)", "classeur consolidé : feuilles en mémoire"),
    ("save_to_buffer", "classeur consolidé : enregistrement"),
    ("write_atomic", "écritures atomiques"),
    # rust_xlsxwriter assembles each sheet's XML on a thread of its own.
    ("(packager.rs)", "classeur consolidé : enregistrement"),
    ("assemble_xml_file", "classeur consolidé : enregistrement"),
]
# Within the consolidated workbook: the innermost marker (leaf first).
DETAILS = [
    ("assemble_xml_file", "XML des feuilles (assemble_xml_file)"),
    ("shared_string", "table des chaînes partagées"),
    ("insert_cell", "cellules (Worksheet::insert_cell)"),
    ("push (table.rs)", "textes des cellules préparés par ctg (TableWriter::push)"),
    ("finish (table.rs)", "tableaux Excel (add_table, une entrée par cellule)"),
    ("(zio.rs)", "zip en mémoire (compression)"),
    ("save_to_buffer", "zip en mémoire"),
]


def group_of(frames):
    step = next((g for f in frames for m, g in STEPS if m in f), "autre")
    if step.startswith("classeur"):
        detail = next((g for f in reversed(frames) for m, g in DETAILS if m in f), "autre")
        return f"{step} : {detail}"
    return step


def main():
    by_group = collections.Counter()
    by_leaf = collections.Counter()
    total = 0
    for line in open(sys.argv[1]):
        stack, _, cost = line.rstrip("\n").rpartition(" ")
        try:
            n = int(cost)
        except ValueError:
            continue
        frames = stack.rstrip(";").split(";")
        total += n
        by_group[group_of(frames)] += n
        # The deepest frame of ctg's own code or of the crates it calls.
        own = [f for f in frames if not f.startswith(("_R", "alloc", "0x")) and ".rs)" in f
               and not any(s in f for s in ("(raw_vec", "(alloc.rs", "(vec", "(string.rs",
                                            "(boxed.rs", "(node.rs", "(map.rs", "(entry.rs",
                                            "(mem.rs", "(function.rs", "(iterator.rs"))]
        by_leaf[own[-1] if own else "?"] += n
    mib = 1 << 20
    print(f"tas au pic : {total / mib:.0f} Mio\n")
    print("par groupe :")
    for g, n in by_group.most_common():
        print(f"  {n / mib:8.1f} Mio  {100 * n / total:5.1f} %  {g}")
    print("\npar fonction (la plus profonde hors bibliothèque standard) :")
    for f, n in by_leaf.most_common(25):
        print(f"  {n / mib:8.1f} Mio  {100 * n / total:5.1f} %  {f}")


if __name__ == "__main__":
    main()
