#!/usr/bin/python3
"""Runs plan scenarios under both capacity readings and prints every check row's basis.

  /usr/bin/python3 analysis/plan_bases.py [--laoxiao build/laoxiao] [--replicates 4] PLAN.toml...

For each scenario: `laoxiao run SCENARIO --capacity funded|promised`, then the HDF5 check table
(<place>/checks) is read. Prints, per plan, the number of rows by basis (computed, assumed,
exogenous; computed rows the model cannot compute, e.g. for want of a bed count, are counted
apart) and of targets counted as checks under each reading, then a Markdown table of the
modelled rows (key, kind, year, as written, basis and status under each reading) and the list
of the exogenous rows. docs/PLANS.md carries its output.

Needs Debian's python3-h5py (scripts/setup.sh).
"""
import argparse
import collections
import math
import os
import subprocess
import sys
import tempfile

import h5py

READINGS = ("funded", "promised")


def table(g):
    """A column-group table as a list of dicts."""
    cols = {k: g[k][...] for k in g.keys()}
    n = len(next(iter(cols.values())))
    return [{k: (v[i].decode() if isinstance(v[i], bytes) else v[i]) for k, v in cols.items()}
            for i in range(n)]


def run_of(laoxiao, scenario, reading, replicates, out):
    """The place's name, check rows, derived figures and places by kind and year."""
    cmd = [laoxiao, "run", scenario, "--capacity", reading, "--replicates", str(replicates),
           "--quiet", "--out", out]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    with h5py.File(out, "r") as f:
        (name,) = [k for k in f.keys() if isinstance(f[k], h5py.Group) and "checks" in f[k]]
        g = f[name]
        rows = table(g["checks"])
        derived = table(g["derived"]) if "derived" in g else []
        places = {}
        if "care" in g:
            c = g["care"]
            p = c["places"][0]  # replicate 0: capacity is deterministic
            years = [int(y) for y in c["year"][...]]
            for k, kind in enumerate(x.decode() for x in c["kind"][...]):
                total = p[:, k].sum(axis=(1, 2))
                nursing = p[:, k, :, 1].sum(axis=1)
                if total.any():
                    places[kind] = (years, total, nursing)
    return name, rows, derived, places


def ident(r):
    """A check row's identity: the two readings' tables are sorted by status, not by row."""
    return r["key"], r["kind"], int(r["year"])


def is_check(r):
    return r["kind"] == "target" and r["basis"] == "computed" and math.isfinite(r["p_meet"])


def counts(rows):
    c = collections.Counter(r["basis"] for r in rows)
    blind = sum(1 for r in rows if r["basis"] == "computed" and r["status"] == "not computable")
    return (c["computed"], blind, c["assumed"], c["exogenous"],
            sum(1 for r in rows if is_check(r)))


def print_capacity(capacity):
    """Places open on 31 December under each reading (nursing-type beds in brackets)."""
    lines = []
    for reading in READINGS:
        for kind, (years, total, nursing) in capacity[reading].items():
            cells = [f"{t:.0f}" + (f" ({n:.0f})" if kind == "elder_bed" else "")
                     for t, n in zip(total, nursing)]
            lines.append((reading, kind, years, cells))
    if not lines:
        print("Capacity: none under either reading.\n")
        return
    years = lines[0][2]
    print("Places open on 31 December (elder beds: nursing-type in brackets):\n")
    print("| reading | places | " + " | ".join(str(y) for y in years) + " |")
    print("|---|---|" + "---|" * len(years))
    for reading, kind, _, cells in lines:
        print(f"| {reading} | {kind} | " + " | ".join(cells) + " |")
    for reading in READINGS:
        missing = [k for k in ("elder_bed", "childcare_slot") if k not in capacity[reading]]
        if missing:
            print(f"\n{reading}: no {' and no '.join(missing)} (the indicators that need them "
                  f"are not computable)")
    print()


def print_derived(derived):
    """Derived capacity entries, facts and baselines with their rules; the reading rules of
    targets as lists of rows."""
    by_rule = collections.defaultdict(list)
    items = []
    for d in derived:
        if ".targets[" in d["where"]:
            for part in d["rule"].split("; "):
                rule = part.split(": the plan's last year")[0]
                by_rule[rule].append(d["key"].split("/")[0])
        else:
            src = ", ".join(x for x in d["from"].split("\n") if x)
            value = "" if math.isnan(d["value"]) else f" = {d['value']:g}"
            items.append(f"- `{d['key']}`{value} ({d['where'].split('[')[0]}"
                         + (f"; from {src}" if src else "") + f"): {d['rule']}")
    if not items and not by_rule:
        return
    print("Derived figures (not stated in the document) and their rules:\n")
    for i in items:
        print(i)
    for rule, keys in sorted(by_rule.items()):
        print(f"- targets, {rule}: " + ", ".join(f"`{k}`" for k in keys))
    print()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--laoxiao", default="build/laoxiao")
    ap.add_argument("--replicates", type=int, default=4)
    ap.add_argument("scenarios", nargs="+")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for scenario in a.scenarios:
            by, capacity = {}, {}
            name = derived = None
            for reading in READINGS:
                name, rows, derived, places = run_of(a.laoxiao, scenario, reading, a.replicates,
                                                     os.path.join(tmp, reading + ".h5"))
                by[reading], capacity[reading] = rows, places
            print(f"### {name} (`{os.path.basename(scenario)}`)\n")
            print_capacity(capacity)
            print_derived(derived)
            for reading in READINGS:
                c, blind, s, e, n = counts(by[reading])
                print(f"- {reading}: {len(by[reading])} rows: {c} computed ({blind} of them not "
                      f"computable), {s} assumed, {e} exogenous; {n} targets counted as checks")
            print()
            promised = {ident(r): r for r in by["promised"]}
            modelled = [r for r in by["funded"]
                        if r["basis"] != "exogenous" or promised[ident(r)]["basis"] != "exogenous"]
            modelled.sort(key=lambda r: (r["key"], int(r["year"]), r["kind"]))
            if modelled:
                print("| row | kind | year | as written | funded: basis | status "
                      "| promised: basis | status |")
                print("|---|---|---|---|---|---|---|---|")
                for r in modelled:
                    p = promised[ident(r)]
                    f_basis = r["basis"] + (f" ({r['assumed_from']})" if r["assumed_from"] else "")
                    p_basis = p["basis"] + (f" ({p['assumed_from']})" if p["assumed_from"] else "")
                    text = r["text"].replace("|", "\\|")
                    print(f"| `{r['key']}` | {r['kind']} | {r['year']} | {text} | {f_basis} "
                          f"| {r['status']} | {p_basis} | {p['status']} |")
                print()
            exo = sorted({r["key"] for r in by["funded"] if r["basis"] == "exogenous"})
            if exo:
                print(f"Exogenous (not modelled) under both readings, {len(exo)} indicators: "
                      + ", ".join(f"`{k}`" for k in exo) + ".\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
