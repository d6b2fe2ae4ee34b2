#!/usr/bin/env python3
"""Summarises `heaptrack_print --print-peaks` output: for each allocation site,
its share of the peak heap, and for each call path to it, the first frames of
ctg and of the crates it calls (the rest of the stack is dropped).

usage: heaptrack-pics.py PEAKS.txt [FRAMES]
(PEAKS.txt from `heaptrack_print -f X.zst --print-peaks 1 --print-allocators 0
--print-temporary 0 --print-leaks 0 --peak-limit 25`)
"""
import re
import sys

KEEP = ("ctg::", "rust_xlsxwriter", "calamine", "postcard", "maud", "serde", "rusqlite",
        "quick_xml", "zip::", "similar", "flate2", "alloc::string", "alloc::fmt")


def main():
    lines = open(sys.argv[1]).read().splitlines()
    depth = int(sys.argv[2]) if len(sys.argv) > 2 else 6
    for l in lines:
        if l.startswith(("total runtime", "calls to", "temporary memory", "peak heap", "peak RSS")):
            print(l)
    cur = None
    entries = []
    for l in lines:
        m = re.match(r"^([\d.]+[KMG]?) (peak memory )?consumed over (\d+) calls from", l)
        if m:
            cur = {"top": bool(m.group(2)), "amt": m.group(1), "calls": m.group(3), "frames": []}
            entries.append(cur)
            continue
        if cur is None:
            continue
        s = l.strip()
        if not s or s.startswith("in /"):
            continue
        if s.startswith("at "):
            # A frame with line tables: keep it unless it is in the standard library.
            if cur["frames"]:
                name, _ = cur["frames"][-1]
                cur["frames"][-1] = (name, s[3:])
            continue
        cur["frames"].append((re.sub(r"::h[0-9a-f]{16}$", "", s), None))
    for e in entries:
        if e["top"]:
            site = e["frames"][0][0] if e["frames"] else "?"
            print(f"\n{e['amt']} at the peak, {e['calls']} calls, site {site}")
            continue
        keep = []
        for name, at in e["frames"]:
            if at is not None and not at.startswith("/rustc/"):
                keep.append(f"{name} ({at.split('/src/', 1)[-1] if '/registry/' in at else at})")
            elif at is None and any(k in name for k in KEEP):
                keep.append(name)
        print(f"  {e['amt']:>8} ({e['calls']} calls): " + " <- ".join(keep[:depth]))

if __name__ == "__main__":
    main()
