#!/usr/bin/python3
"""Reads a laoxiao run file (HDF5), prints each plan's targets and population, re-derives
every check from the per-replicate indicator series, and draws figures.

Usage: /usr/bin/python3 analysis/plan_report.py RUN.h5... [--scenario NAME]... [--plots DIR]

- For each scenario group: population by year (mean over replicates, 5-95% range, and the
  reference projection) and the plan's targets that the simulation checks.
- Re-derivation: the mean, 5th and 95th percentiles and P(meet) of every check row are
  computed again from indicators/<id> [replicate, year]; a row that disagrees is listed and
  the exit code is 1. This is an independent reading of the file: it trusts only the raw
  series, not the summary the run wrote next to them.
- --plots DIR: one PNG per scenario with a panel per checked indicator (replicate band,
  mean, targets: binding ones filled) and a population pyramid (baseline and last year);
  for a batch (every county under one template), histograms of the indicators across places
  in the last year with the target marked.

Needs Debian's python3-h5py, python3-numpy and python3-matplotlib (scripts/setup.sh).
"""

import argparse
import math
import os
import re
import sys

import h5py
import numpy as np

RTOL = 1e-9  # the file stores doubles; re-derived values must agree to rounding
SIM_STATUSES = ("on track", "likely", "at risk", "off track")


def table(group, name):
    """A table of the file (a group of 1-D columns sharing a `row` dimension) as a record
    array; text columns hold bytes."""
    g = group[name]
    columns = [k for k in g.keys() if k != "row"]
    return np.rec.fromarrays([g[k][...] for k in columns], names=columns)


def text(v):
    return v.decode("utf-8") if isinstance(v, bytes) else str(v)


def written_tolerance(target_text):
    """Half a unit of the last decimal written ("0.48" -> 0.005); whole numbers are exact."""
    m = re.search(r"\d+(?:\.(\d+))?", target_text)
    if not m or not m.group(1):
        return 0.0
    return 0.5 * 10.0 ** (-len(m.group(1)))


def meets(v, comparator, target, tol):
    if not math.isfinite(v):
        return False
    return {
        ">=": v >= target,
        ">": v > target,
        "<=": v <= target,
        "<": v < target,
    }.get(comparator, abs(v - target) <= tol)


def close(a, b):
    if not (math.isfinite(a) and math.isfinite(b)):
        return math.isfinite(a) == math.isfinite(b)
    return abs(a - b) <= RTOL * max(1.0, abs(a), abs(b))


def is_batch(group):
    return "places" in group


def registered_factor(group, row, years):
    """Per replicate: simulated residents of the stated year (end of year) over the plan's
    stated registered people (60+ for rows per 1,000 elderly, all for rows per 1,000
    residents)."""
    y = years.index(int(group.attrs["registered_year"]))
    pop = group["population_by_single_age"][...]  # replicate, year, age, sex, state
    elderly = text(row["unit"]) == "per_1000_elderly"
    simulated = pop[:, y, 60 if elderly else 0:, :, :].sum(axis=(1, 2, 3))
    return simulated / float(group.attrs["registered_elderly" if elderly else "registered_total"])


def rederive(group):
    """Re-derives every check row (and a batch's summary) from the raw indicator series.
    Returns the number of rows compared and the disagreements as printable lines."""
    years = list(group["year"][...])
    batch = is_batch(group)
    problems = []
    compared = 0
    series_of = {}
    per_target = {}  # batch: (key, year) -> [places checked, places meeting]
    for row in table(group, "checks"):
        status = text(row["status"])
        kind = "target" if batch else text(row["kind"])
        if status in ("not modelled", "not computable"):
            continue
        compared += 1
        key, ind, year = text(row["key"]), text(row["id"]), int(row["year"])
        if ind not in series_of:
            series_of[ind] = group["indicators/" + ind][...]
        series = series_of[ind][int(row["place"])] if batch else series_of[ind]
        where = f"{text(row['place_id'])} " if batch else ""
        if batch:
            counts = per_target.setdefault((key, year), [0, 0])
            counts[0] += 1
            counts[1] += float(row["p_meet"]) >= 0.5
        v = series[:, years.index(year)]
        if not batch and "population_basis" in group["checks"] and \
                text(row["population_basis"]) == "registered":
            v = v * registered_factor(group, row, years)
        want = {"mean": float(np.mean(v)), "p05": float(np.percentile(v, 5)),
                "p95": float(np.percentile(v, 95))}
        if kind == "target":
            tol = written_tolerance(text(row["text"]))
            comp, target = text(row["comparator"]), float(row["target"])
            want["p_meet"] = float(np.mean([meets(x, comp, target, tol) for x in v]))
        for field, value in want.items():
            if not close(float(row[field]), value):
                problems.append(f"{where}{key} {year} {kind}: {field} is {float(row[field]):.10g} "
                                f"in the table, {value:.10g} from indicators/{ind}")
    for s in table(group, "summary") if batch else []:
        compared += 1
        key, year = text(s["key"]), int(s["year"])
        checked, meeting = per_target.get((key, year), [0, 0])
        if (int(s["places_checked"]), int(s["places_meeting"])) != (checked, meeting):
            problems.append(f"summary {key} {year}: {int(s['places_meeting'])} of "
                            f"{int(s['places_checked'])} places in the table, {meeting} of "
                            f"{checked} from the per-place checks")
    return compared, problems


def print_scenario(name, group):
    attrs = group.attrs
    years = group["year"][...]
    months = group["months_simulated"][...]
    reps = group["population"].shape[0]
    print(f"\n== {name} {text(attrs.get('place_name_zh', ''))}: {reps} replicate(s), "
          f"sample fraction {float(attrs.get('sample_fraction', 1.0)):g}")
    pop = group["population"][...].sum(axis=(2, 3, 4))  # [replicate, year]
    ref = group["reference/population"][...].sum(axis=(1, 2, 3))
    print(f"   {'year':>6} {'months':>6} {'population (mean)':>18} {'5%':>12} {'95%':>12} "
          f"{'reference':>12}")
    for y, year in enumerate(years):
        print(f"   {year:>6} {months[y]:>6} {pop[:, y].mean():>18.0f} "
              f"{np.percentile(pop[:, y], 5):>12.0f} {np.percentile(pop[:, y], 95):>12.0f} "
              f"{ref[y]:>12.0f}")
    if "checks" not in group:
        return
    rows = [r for r in table(group, "checks")
            if text(r["kind"]) == "target" and text(r["status"]) in SIM_STATUSES]
    if not rows:
        print("   no target of this plan is computed by the simulation")
        return
    print(f"   {'row':<36} {'indicator':<34} {'year':>4} {'binding':>7} {'target':>10} "
          f"{'mean':>10} {'P(meet)':>7}  status")
    for r in rows:
        print(f"   {text(r['key'])[:36]:<36} {text(r['id'])[:34]:<34} {int(r['year']):>4} "
              f"{'yes' if r['binding'] else 'no':>7} {text(r['comparator'])}{float(r['target']):<8g} "
              f"{float(r['mean']):>10.4g} {float(r['p_meet']):>7.2f}  {text(r['status'])}")


def print_batch(name, group):
    places = table(group, "places")
    print(f"\n== {name}: a batch of {len(places)} places, "
          f"{float(places['population_baseline'].sum()):.0f} people at the baseline")
    print(f"   {'row':<28} {'year':>4} {'places checked':>14} {'meeting':>8} {'share':>7}")
    for s in table(group, "summary"):
        print(f"   {text(s['key'])[:28]:<28} {int(s['year']):>4} {int(s['places_checked']):>14} "
              f"{int(s['places_meeting']):>8} {100 * float(s['share_meeting']):>6.1f}%")


def plot_scenario(name, group, directory):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    years = group["year"][...]
    checks = table(group, "checks") if "checks" in group else []
    ids = []
    for r in checks:
        if text(r["kind"]) == "target" and text(r["status"]) in SIM_STATUSES:
            if text(r["id"]) not in ids:
                ids.append(text(r["id"]))
    panels = len(ids) + 1
    cols = min(3, panels)
    rows = (panels + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(5 * cols, 3.6 * rows), squeeze=False)
    axes = axes.ravel()
    for ax, ind in zip(axes, ids):
        ds = group["indicators/" + ind]
        v = ds[...]
        ax.fill_between(years, np.percentile(v, 5, axis=0), np.percentile(v, 95, axis=0),
                        alpha=0.3, label="5-95% of replicates")
        ax.plot(years, v.mean(axis=0), marker="o", label="mean")
        for r in checks:
            if text(r["id"]) != ind or not math.isfinite(float(r["target"])):
                continue
            baseline = text(r["kind"]) == "baseline"
            ax.plot(int(r["year"]), float(r["target"]), linestyle="none",
                    marker="s" if baseline else "^", markersize=8,
                    markerfacecolor="grey" if baseline else ("red" if r["binding"] else "none"),
                    markeredgecolor="grey" if baseline else "red")
        ax.set_title(ind, fontsize=9)
        ax.set_ylabel(text(ds.attrs.get("units", "")))
        ax.set_xticks(years)
    # Population pyramid: baseline and last year, mean over replicates.
    ax = axes[len(ids)]
    groups = [text(g) for g in group["age_group"][...]]
    base = group["population_baseline"][...].mean(axis=0).sum(axis=2)  # [age_group, sex]
    last = group["population"][...].mean(axis=0)[-1].sum(axis=2)
    y = np.arange(len(groups))
    ax.barh(y, -base[:, 0], color="none", edgecolor="grey", label="baseline")
    ax.barh(y, base[:, 1], color="none", edgecolor="grey")
    ax.barh(y, -last[:, 0], alpha=0.5, label=f"{years[-1]} (men left, women right)")
    ax.barh(y, last[:, 1], alpha=0.5)
    ax.set_yticks(y[::2], groups[::2], fontsize=7)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{abs(x):,.0f}"))
    ax.set_title("population by age group", fontsize=9)
    ax.legend(fontsize=7)
    for ax in axes[panels:]:
        ax.axis("off")
    if ids:
        axes[0].legend(fontsize=7)
    fig.suptitle(f"{name}: targets (triangles; filled = binding), plan baselines (squares)")
    fig.tight_layout()
    path = os.path.join(directory, f"{name}.png")
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def plot_batch(name, group, directory):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    summary = table(group, "summary")
    last = {}
    for s in summary:  # the last checked year of each target row
        last[text(s["key"])] = s
    checks = table(group, "checks")
    fig, axes = plt.subplots(1, max(1, len(last)), figsize=(5 * max(1, len(last)), 3.6),
                             squeeze=False)
    for ax, (key, s) in zip(axes.ravel(), last.items()):
        year = int(s["year"])
        sel = [c for c in checks if text(c["key"]) == key and int(c["year"]) == year]
        values = np.array([float(c["mean"]) for c in sel if math.isfinite(float(c["mean"]))])
        target = float(sel[0]["target"]) if sel else float("nan")
        ax.hist(values, bins=40)
        if math.isfinite(target):
            ax.axvline(target, color="red", label=f"target {target:g}")
            ax.legend(fontsize=7)
        ax.set_title(f"{key}, {year}: {int(s['places_meeting'])} of {int(s['places_checked'])} "
                     "places meet it", fontsize=9)
        ax.set_xlabel("value (mean over replicates)")
        ax.set_ylabel("places")
    fig.tight_layout()
    path = os.path.join(directory, f"{name}.png")
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+", metavar="RUN.h5", help="HDF5 file written by laoxiao run")
    ap.add_argument("--scenario", action="append", help="only this group (repeatable)")
    ap.add_argument("--plots", metavar="DIR", help="write one PNG per scenario into DIR")
    args = ap.parse_args(argv)
    if args.plots:
        os.makedirs(args.plots, exist_ok=True)
    problems = 0
    for path in args.files:
        try:
            with h5py.File(path, "r") as f:
                if text(f.attrs.get("format", "")) != "laoxiao-run":
                    print(f"plan_report: {path} is not a laoxiao run file", file=sys.stderr)
                    return 2
                problems += report_file(f, args)
        except OSError as e:
            print(f"plan_report: cannot read {path}: {e}", file=sys.stderr)
            return 2
    return 1 if problems else 0


def report_file(f, args):
    """Prints, re-derives and plots the file's groups; returns the number of disagreements."""
    names = args.scenario or [text(n) for n in f.attrs["scenarios"]]
    # A batch is written as one group named after the batch, not one per place.
    names = [n for n in dict.fromkeys(names) if n in f] or list(f.keys())
    problems = 0
    for name in names:
        group = f[name]
        if is_batch(group):
            print_batch(name, group)
        else:
            print_scenario(name, group)
        rows, found = rederive(group) if "checks" in group else (0, [])
        if rows:
            print(f"   re-derived {rows} rows of the check tables from the indicator series: "
                  f"{len(found)} disagreement(s)")
        for line in found:
            print("   DISAGREES " + line)
        problems += len(found)
        if args.plots:
            path = (plot_batch if is_batch(group) else plot_scenario)(name, group, args.plots)
            print(f"   figure: {path}")
    return problems


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
