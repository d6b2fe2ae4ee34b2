#!/usr/bin/env python3
"""Where a `ctg consolider` run spends its time and its memory, by phase.

Runs `ctg consolider DEPOTS --sortie SORTIE -q` under `perf record` (software
clock event, DWARF call graphs, CLOCK_MONOTONIC timestamps) while sampling the
resident memory (VmRSS, VmHWM from /proc/PID/status) of ctg and of its reader
children every 20 ms on the same clock. Then names the pipeline phase of every
perf sample of the main process from the functions on its stack, and writes:

- PREFIX-phases.txt: per phase, CPU time (samples), wall-clock span, and the
  main process's largest resident size while the phase was running;
  the same for the reader children (decode) as one line;
- PREFIX-rss.tsv: the memory timeline (time, pid, role, VmRSS kB, VmHWM kB);
- PREFIX-self.txt and PREFIX-inclusive.txt: `perf report` of the main
  process (self time by function; inclusive time by function), and
  PREFIX-children-self.txt for the reader children.

Run it on an output folder already holding a run to profile a repeated run
(`--garder`), or on an empty one for a first run (the default removes it).
The ctg binary should carry line tables for readable stacks: build it with
CARGO_PROFILE_RELEASE_DEBUG=line-tables-only (see the Performances section
of README.md).

usage: profiler.py CTG DEPOTS SORTIE PREFIX [--garder] [--frequence HZ]
needs: perf (Debian: linux-perf)
"""
import argparse
import collections
import os
import shutil
import subprocess
import sys
import threading
import time

# The reading phases: the innermost marker on the stack wins (checking runs
# inside the callback of the thread that talks to a reader child).
READING = [
    ("ctg::validate::", "validation (check_read)"),
    ("ctg::consolidate::receive::arrive", "arrivée : lecture, hachage, archive"),
    ("ctg::workbook::", "lecture : réponses des lecteurs (désérialisation)"),
]
# The later steps: the outermost marker wins (a helper called by a page is
# the page's time).
STEPS = [
    ("ctg::consolidate::assemble", "assemblage (historique)"),
    ("ctg::store::queries::<impl ctg::store::Store>::snapshot", "historique : instantané précédent"),
    ("ctg::store::records::", "historique : instantané précédent"),
    ("ctg::changes::", "comparaison avec le run précédent"),
    ("Consolidation::snapshot", "instantané du run (copie)"),
    ("ctg::outputs::consolidated::", "classeur consolidé"),
    ("ctg::outputs::pages::feedback", "pages retour"),
    ("ctg::outputs::pages::dashboard", "tableau de bord"),
    ("ctg::outputs::pages::", "pages (autre)"),
    ("ctg::outputs::report::", "rapport de modifications"),
    ("ctg::publish::record", "historique : écriture"),
    ("ctg::store::", "historique : autre"),
    ("ctg::fs::", "écritures atomiques"),
    ("ctg::folder::", "dossier (scan, verrou)"),
    ("ctg::referentiel::", "configuration"),
    # rust_xlsxwriter assembles and compresses each sheet on a thread of its
    # own, whose stack starts at the thread, not at ctg's call.
    ("rust_xlsxwriter::", "classeur consolidé"),
    ("zlib_rs::deflate", "classeur consolidé"),
    ("drop_in_place", "libérations (drop)"),
]


# What the sampled instruction belongs to (self time), by its symbol.
COMPONENTS = [
    (("malloc", "free", "_int_", "sysmalloc", "unlink_chunk", "mprotect", "brk",
      "realloc", "tcache"), "allocateur (malloc/free)"),
    (("zlib_rs::deflate", "deflate"), "compression (deflate)"),
    (("zlib_rs::inflate", "inflate"), "décompression (inflate)"),
    (("quick_xml", "calamine"), "analyse XML (lecteurs)"),
    (("rust_xlsxwriter",), "rust_xlsxwriter (hors deflate)"),
    (("ctg::text::", "unicode_normalization", "strsim"), "pliage de texte, normalisation, ressemblance"),
    (("maud::",), "pages HTML (maud)"),
    (("sqlite", "rusqlite"), "SQLite"),
    (("sip::", "hash_one", "BuildHasher", "hashbrown"), "hachage (HashMap)"),
    (("btree",), "BTreeMap"),
    (("memcmp", "memmove", "memcpy", "memset", "memchr", "strlen"), "copies et comparaisons mémoire"),
    (("serde", "postcard"), "sérialisation (serde, postcard)"),
    (("sha2", "sha256"), "hachage SHA-256 (archive)"),
    (("fmt::", "core::fmt"), "formatage (fmt)"),
    (("drop_in_place",), "libération (drop)"),
]


def component_of(leaf):
    if leaf.endswith("([kernel.kallsyms])") or "[k]" in leaf or "kallsyms" in leaf:
        return "noyau (fautes de page, fichiers, ordonnanceur)"
    for markers, name in COMPONENTS:
        if any(m in leaf for m in markers):
            return name
    if "ctg::" in leaf:
        return "ctg (autres fonctions)"
    return "autre"


def kernel_cause(frames):
    """Why the main process was in the kernel: a page fault, or which call."""
    names = [f.split()[1] if len(f.split()) > 1 else f for f in frames if "kallsyms" in f]
    if any("page_fault" in n for n in names):
        return "fautes de page (mémoire touchée pour la première fois)"
    call = next((n for n in reversed(names) if n.startswith("__x64_sys_")), None)
    return f"appel système {call[len('__x64_sys_'):]}" if call else "autre (interruptions, ordonnanceur)"


def status(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            text = f.read()
    except OSError:
        return None
    values = {}
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM", "Name"):
            values[key] = rest.split()[0] if rest.split() else ""
    if "VmRSS" not in values:
        return None
    return values


def children(pid):
    out = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for t in tasks:
        try:
            with open(f"/proc/{pid}/task/{t}/children") as f:
                out.extend(int(p) for p in f.read().split())
        except OSError:
            pass
    return out


def sample(perf_pid, rows, stop):
    """Samples ctg (perf's child) and ctg's children until `stop` is set."""
    while not stop.is_set():
        now = time.monotonic()
        for ctg in children(perf_pid):
            s = status(ctg)
            if s:
                rows.append((now, ctg, "principal", int(s["VmRSS"]), int(s["VmHWM"])))
            for reader in children(ctg):
                s = status(reader)
                if s:
                    rows.append((now, reader, "lecteur", int(s["VmRSS"]), int(s["VmHWM"])))
        time.sleep(0.02)


def phase_of(stack):
    for frame in stack:
        for marker, name in READING:
            if marker in frame:
                return name
    for frame in reversed(stack):
        for marker, name in STEPS:
            if marker in frame:
                return name
    return "autre (démarrage, allocateur hors pile, noyau)"


def parse_script(text):
    """perf script output: (pid, time, [frames innermost first]) per sample."""
    samples = []
    header = None
    frames = []
    for line in text.splitlines():
        if not line.strip():
            if header:
                samples.append((header[0], header[1], frames))
            header, frames = None, []
            continue
        if not line.startswith((" ", "\t")):
            # "ctg  12345/12346  1234.567890:  ..." : pid/tid then time.
            parts = line.split()
            try:
                pid = int(parts[1].split("/")[0])
                t = float(next(p for p in parts if p.endswith(":")).rstrip(":"))
            except (IndexError, ValueError, StopIteration):
                header = None
                continue
            header = (pid, t)
        else:
            frames.append(line.strip())
    if header:
        samples.append((header[0], header[1], frames))
    return samples


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ctg")
    parser.add_argument("depots")
    parser.add_argument("sortie")
    parser.add_argument("prefix")
    parser.add_argument("--garder", action="store_true",
                        help="keep SORTIE (its history): profile a repeated run")
    parser.add_argument("--frequence", type=int, default=499)
    args = parser.parse_args()
    if not args.garder and os.path.exists(args.sortie):
        shutil.rmtree(args.sortie)
    data = args.prefix + ".data"
    cmd = ["perf", "record", "-q", "-k", "CLOCK_MONOTONIC", "-e", "cpu-clock",
           "-F", str(args.frequence), "--call-graph", "dwarf,16384", "-o", data, "--",
           args.ctg, "consolider", args.depots, "--sortie", args.sortie, "-q"]
    rows = []
    stop = threading.Event()
    start = time.monotonic()
    perf = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    sampler = threading.Thread(target=sample, args=(perf.pid, rows, stop))
    sampler.start()
    code = perf.wait()
    wall = time.monotonic() - start
    stop.set()
    sampler.join()
    if code != 0:
        sys.exit(f"perf record a échoué ({code})")

    with open(args.prefix + "-rss.tsv", "w") as f:
        f.write("t_s\tpid\trole\tvmrss_kb\tvmhwm_kb\n")
        for t, pid, role, rss, hwm in rows:
            f.write(f"{t - start:.3f}\t{pid}\t{role}\t{rss}\t{hwm}\n")

    script = subprocess.run(
        ["perf", "script", "-i", data, "-F", "comm,pid,tid,time,ip,sym,dso", "--no-inline"],
        capture_output=True, text=True, check=True).stdout
    samples = parse_script(script)
    main_pids = {pid for _, pid, role, _, _ in rows if role == "principal"}
    period = 1.0 / args.frequence

    cpu = collections.Counter()
    span = {}
    by_time = []
    readers = 0
    parts = {True: collections.Counter(), False: collections.Counter()}
    kernel = collections.Counter()
    for pid, t, frames in samples:
        parts[pid in main_pids][component_of(frames[0] if frames else "")] += 1
        if pid in main_pids and frames and "kallsyms" in frames[0]:
            kernel[kernel_cause(frames)] += 1
        if pid not in main_pids:
            readers += 1
            continue
        name = phase_of(frames)
        cpu[name] += 1
        lo, hi = span.get(name, (t, t))
        span[name] = (min(lo, t), max(hi, t))
        by_time.append((t, name))
    by_time.sort()

    # The main process's RSS while each phase was the one running: each RSS
    # sample takes the phase of the nearest perf sample of the main process.
    peak_rss = collections.Counter()
    main_rows = [(t, rss) for t, _, role, rss, _ in rows if role == "principal"]
    j = 0
    for t, rss in main_rows:
        while j + 1 < len(by_time) and by_time[j + 1][0] <= t:
            j += 1
        if by_time and abs(by_time[j][0] - t) < 0.1:
            name = by_time[j][1]
            peak_rss[name] = max(peak_rss[name], rss)
    main_hwm = max((hwm for _, _, role, _, hwm in rows if role == "principal"), default=0)
    reader_hwm = max((hwm for _, _, role, _, hwm in rows if role == "lecteur"), default=0)
    t0 = min((t for _, t, _ in samples), default=0.0)

    with open(args.prefix + "-phases.txt", "w") as f:
        f.write(f"commande : {' '.join(cmd[cmd.index('--') + 1:])}\n")
        f.write(f"durée sous perf : {wall:.2f} s ; échantillonnage {args.frequence} Hz "
                f"(cpu-clock) ; mémoire toutes les 20 ms\n")
        f.write(f"pic principal (VmHWM) : {main_hwm / 1024:.0f} Mio ; "
                f"pic d'un lecteur : {reader_hwm / 1024:.0f} Mio\n")
        total = sum(cpu.values())
        f.write(f"processus principal : {total * period:.2f} s de CPU ; "
                f"lecteurs : {readers * period:.2f} s de CPU\n\n")
        f.write(f"{'phase':<52} {'CPU s':>7} {'%':>6} {'début s':>8} {'fin s':>7} "
                f"{'RSS max Mio':>12}\n")
        for name, n in sorted(cpu.items(), key=lambda kv: -kv[1]):
            lo, hi = span[name]
            f.write(f"{name:<52} {n * period:>7.2f} {100 * n / max(total, 1):>6.1f} "
                    f"{lo - t0:>8.2f} {hi - t0:>7.2f} {peak_rss[name] / 1024:>12.0f}\n")
        f.write("\ntemps dans le noyau du processus principal, par cause :\n")
        for name, n in kernel.most_common():
            f.write(f"  {name:<50} {n * period:>7.2f} s\n")
        for is_main, title in ((True, "processus principal"), (False, "lecteurs")):
            counts = parts[is_main]
            n_all = max(sum(counts.values()), 1)
            f.write(f"\ntemps propre par composant, {title} :\n")
            for name, n in counts.most_common():
                f.write(f"  {name:<50} {n * period:>7.2f} s {100 * n / n_all:>6.1f} %\n")

    pids = ",".join(str(p) for p in sorted(main_pids))
    common = ["perf", "report", "-i", data, "--stdio", "--no-inline", "-g", "none",
              "--percentage", "relative", "--percent-limit", "0.7"]
    with open(args.prefix + "-self.txt", "w") as f:
        subprocess.run(common + ["--no-children", "--pid", pids, "--sort", "dso,sym"],
                       stdout=f, stderr=subprocess.DEVNULL, check=False)
    with open(args.prefix + "-inclusive.txt", "w") as f:
        subprocess.run(common + ["--children", "--pid", pids, "--sort", "sym"],
                       stdout=f, stderr=subprocess.DEVNULL, check=False)
    with open(args.prefix + "-children-self.txt", "w") as f:
        reader_pids = ",".join(str(p) for p in sorted(
            {pid for _, pid, role, _, _ in rows if role == "lecteur"}))
        if reader_pids:
            subprocess.run(common + ["--no-children", "--pid", reader_pids, "--sort", "dso,sym"],
                           stdout=f, stderr=subprocess.DEVNULL, check=False)
    print(open(args.prefix + "-phases.txt").read())


if __name__ == "__main__":
    main()
