#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The figures of make bench (scripts/bench.sh): read OUT/<line>/<boot>/
and write OUT/report.md (also printed), OUT/bench.csv, OUT/memory.csv,
OUT/scale.csv and one SVG bar chart per line, OUT/ratios-<line>.svg
(gnuplot).  Exit status 1 when a figure the run should have produced is
missing or does not parse (make check's smoke run relies on it).

Every time is first normalised by the reference operation timed beside
it (ns / ref_ns); a ratio X/Y compares X and Y of the same round:
  C/A  module in (each policy) / module out, nokmem boot
  B/A  kernel accounting on / off: bd boot's B over ac boot's A
  B/R  the same-boot estimate: bd boot's child cgroup over its root
  D/B  module in / out with the kernel's accounting on
  Q    (C/A - 1) / (B/A - 1): the module's added cost as a share of the
       kernel's (undefined, '-', where B/A is within 2 % of 1)
Each is given as median [min-max] over rounds, and how many rounds were
above 1."""
import csv
import os
import statistics
import subprocess
import sys

out = sys.argv[1]
problems = []


def read_tsv(path, ncols):
    rows = []
    try:
        with open(path) as f:
            for n, line in enumerate(f, 1):
                p = line.split()
                if not p:
                    continue
                if len(p) != ncols:
                    problems.append(f"{path}:{n}: {len(p)} fields, not {ncols}")
                    continue
                rows.append(p)
    except OSError as e:
        problems.append(f"{path}: {e.strerror}")
    return rows


def num(s, where):
    try:
        v = float(s)
    except ValueError:
        problems.append(f"{where}: not a number: '{s}'")
        return None
    if v <= 0:
        problems.append(f"{where}: not above 0: '{s}'")
        return None
    return v


def meta(path):
    d = {}
    try:
        with open(path) as f:
            for line in f:
                k, _, v = line.rstrip("\n").partition("\t")
                d[k] = v
    except OSError as e:
        problems.append(f"{path}: {e.strerror}")
    return d


def summary(vals):
    """median [min-max] (above 1 / rounds), or None."""
    if not vals:
        return None
    return (statistics.median(vals), min(vals), max(vals),
            sum(1 for v in vals if v > 1), len(vals))


def fmt(s):
    if s is None:
        return "-"
    return f"{s[0]:.3f} [{s[1]:.2f}-{s[2]:.2f}] {s[3]}/{s[4]}"


info = meta(os.path.join(out, "meta"))
policies = info.get("policies", "").split()
lines = [r[0] for r in read_tsv(os.path.join(out, "kernels"), 3)]
kernels = {r[0]: f"{r[1]} ({r[2]})" for r in read_tsv(os.path.join(out, "kernels"), 3)}
rounds = int(info.get("rounds", "0") or 0)
report = []
csv_rows, mem_rows, scale_rows, noises = [], [], [], []
report.append(f"# kmemcg bench: {', '.join(kernels[k] for k in lines)}; policies "
              f"{' '.join(policies)}; {rounds} rounds; {info.get('accel', 'tcg')}; noise NOISE")
report.append("")
if info.get("accel") != "kvm":
    report.append("Under TCG absolute times mean little: QEMU models no caches and no "
                  "cross-CPU contention, so only ratios measured in one boot count, and a "
                  "real host's cache misses (the module's shared counters) do not show.")
else:
    report.append("Under KVM: absolute times are a real CPU's.")
report.append("")

for line in lines:
    base = os.path.join(out, line)
    # norm[(phase, policy, workload)][round] = ns / ref
    norm = {}
    for boot in ("ac", "bd"):
        for r in read_tsv(os.path.join(base, boot, "times.tsv"), 7):
            b, rnd, ph, pol, wl, ns, ref = r
            where = f"{line}/{boot}/times.tsv {wl}"
            a, c = num(ns, where), num(ref, where)
            if a and c:
                norm.setdefault((ph, pol, wl), {})[int(rnd)] = a / c
    workloads = []
    for (ph, pol, wl) in norm:
        if wl not in workloads:
            workloads.append(wl)

    def ratio(x, y):
        xs, ys = norm.get(x, {}), norm.get(y, {})
        return [xs[i] / ys[i] for i in sorted(xs) if i in ys]

    # The noise: how far apart A's rounds are, median over workloads.
    spreads = []
    for wl in workloads:
        a = list(norm.get(("A", "-", wl), {}).values())
        if len(a) > 1:
            spreads.append((max(a) - min(a)) / statistics.median(a))
    noise = f"{statistics.median(spreads) * 100:.0f} %" if spreads else "-"
    noises.append(f"{line} {noise}")
    report.append(f"## {line}: {kernels[line]}")
    report.append("")
    report.append(f"Noise: module-out rounds spread {noise} (max-min over median, "
                  "median over workloads). Cells: median [min-max] above-1/rounds.")
    report.append("")
    head = ["workload"] + [f"C/A {p}" for p in policies] + ["B/A", "B/R"] + \
        [f"D/B {p}" for p in policies] + [f"Q {p}" for p in policies]
    report.append("| " + " | ".join(head) + " |")
    report.append("|" + "---|" * len(head))
    svg_rows = []
    for wl in workloads:
        ba = ratio(("B", "-", wl), ("A", "-", wl))
        cells, svg = [wl], [wl]
        for kind, pols in (("C/A", policies), ("B/A", ["-"]), ("B/R", ["-"]),
                           ("D/B", policies), ("Q", policies)):
            for p in pols:
                if kind == "C/A":
                    v = ratio(("C", p, wl), ("A", "-", wl))
                elif kind == "B/A":
                    v = ba
                elif kind == "B/R":
                    v = ratio(("B", "-", wl), ("R", "-", wl))
                elif kind == "D/B":
                    v = ratio(("D", p, wl), ("B", "-", wl))
                else:
                    ca = ratio(("C", p, wl), ("A", "-", wl))
                    v = [(c - 1) / (b - 1) for c, b in zip(ca, ba) if abs(b - 1) >= 0.02]
                s = summary(v)
                if s is None and kind != "Q":
                    problems.append(f"{line} {wl}: no {kind} {p} figure")
                cells.append(fmt(s) if kind != "Q" or s else "-")
                if kind in ("C/A", "B/A"):
                    svg.append(f"{s[0]:.4f}" if s else "NaN")
                if s:
                    csv_rows.append([line, kernels[line], wl, p, kind,
                                     f"{s[0]:.4f}", f"{s[1]:.4f}", f"{s[2]:.4f}", s[3], s[4]])
        report.append("| " + " | ".join(cells) + " |")
        svg_rows.append(svg)
    report.append("")
    # The chart: C/A per policy and B/A, one cluster per workload.
    dat = os.path.join(out, f"ratios-{line}.dat")
    with open(dat, "w") as f:
        f.write("workload " + " ".join(f"C/A_{p}" for p in policies) + " B/A\n")
        for row in svg_rows:
            f.write(" ".join(row) + "\n")
    ncol = len(policies) + 1
    gp = (f"set terminal svg size 1000,420 dynamic font 'sans,11'\n"
          f"set output '{os.path.join(out, f'ratios-{line}.svg')}'\n"
          f"set title 'kmemcg {line} ({kernels[line]}): cost ratios, median of {rounds} rounds'\n"
          "set style data histogram\nset style histogram clustered gap 1\n"
          "set style fill solid 0.8 border -1\nset key outside right top noenhanced\n"
          "set xtics rotate by -35 noenhanced\nset ylabel 'ratio (1 = no cost)'\n"
          "set logscale y 2\nset yrange [0.5:*]\nset grid ytics\n"
          f"plot for [i=2:{ncol + 1}] '{dat}' using i:xtic(1) title columnhead(i)\n")
    try:
        subprocess.run(["gnuplot"], input=gp, text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        problems.append(f"gnuplot for {line}: {e}")

    # Memory.
    mem = read_tsv(os.path.join(base, "ac", "memory.tsv"), 2)
    if mem:
        d = dict(mem)
        if "cgroup_kernel_bytes_module0" in d and "cgroup_kernel_bytes_module1" in d:
            mem.append(["cgroup_added_by_module_bytes",
                        str(int(d["cgroup_kernel_bytes_module1"]) -
                            int(d["cgroup_kernel_bytes_module0"]))])
        report.append("| memory | value |")
        report.append("|---|---|")
        for k, v in mem:
            report.append(f"| {k} | {v} |")
            mem_rows.append([line, k, v])
        report.append("")
    else:
        problems.append(f"{line}: no memory figures")

    # Scale: per cgroup count, C/A of its workload and C against 1 cgroup's C.
    sc = {}
    times = {}
    spath = os.path.join(base, "scale", "scale.tsv")
    try:
        with open(spath) as f:
            for n, t in enumerate(f, 1):
                p = t.split()
                where = f"{spath}:{n}"
                if len(p) == 6:
                    a, c = num(p[4], where), num(p[5], where)
                    if a and c:
                        sc.setdefault((int(p[0]), p[1]), {})[int(p[2])] = a / c
                elif len(p) == 3 and p[1] in ("load_s", "unload_s"):
                    times.setdefault((int(p[0]), p[1]), []).append(float(p[2]))
                elif p:
                    problems.append(f"{where}: {len(p)} fields")
    except (OSError, ValueError) as e:
        problems.append(f"{spath}: {e}")
    counts = sorted({n for n, _ in sc})
    if counts:
        report.append("| cgroups | C/A | C/C(1 cgroup) | load s | unload s |")
        report.append("|---|---|---|---|---|")
        c1 = sc.get((counts[0], "C"), {})
        for n in counts:
            cs, as_ = sc.get((n, "C"), {}), sc.get((n, "A"), {})
            ca = summary([cs[i] / as_[i] for i in cs if i in as_])
            c1r = summary([cs[i] / c1[i] for i in cs if i in c1]) if c1 else None
            ld = statistics.median(times.get((n, "load_s"), [0]))
            ul = statistics.median(times.get((n, "unload_s"), [0]))
            if ca is None or (n, "load_s") not in times:
                problems.append(f"{line}: scale figures missing for {n} cgroups")
            report.append(f"| {n} | {fmt(ca)} | {fmt(c1r)} | {ld:.2f} | {ul:.2f} |")
            scale_rows.append([line, n, f"{ca[0]:.4f}" if ca else "",
                               f"{c1r[0]:.4f}" if c1r else "", f"{ld:.3f}", f"{ul:.3f}"])
        report.append("")
    else:
        problems.append(f"{line}: no scale figures")

for name, head, rows in (
        ("bench.csv", ["line", "kernel", "workload", "policy", "ratio", "median", "min",
                       "max", "above_1", "rounds"], csv_rows),
        ("memory.csv", ["line", "key", "value"], mem_rows),
        ("scale.csv", ["line", "cgroups", "c_over_a", "c_over_c1", "load_s", "unload_s"],
         scale_rows)):
    with open(os.path.join(out, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(head)
        w.writerows(rows)
report.append(f"Command: {info.get('command', 'make bench')}")
report[0] = report[0].replace("NOISE", ", ".join(noises) or "-")
with open(os.path.join(out, "report.md"), "w") as f:
    f.write("\n".join(report) + "\n")
print("\n".join(report))
for p in problems:
    print(f"bench: {p}", file=sys.stderr)
sys.exit(1 if problems else 0)
