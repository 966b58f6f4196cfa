#!/usr/bin/python3
"""Collects end-to-end benchmark runs into a history record and compares records.

  bench_compare.py --collect DIR --repeats N --root ROOT [--record]
      Reads DIR/<case>.<k>.json (laoxiao run --stats), takes medians over the repeats,
      prints a table, writes benchmarks/history/<date>-<commit>-<machine>.json (with
      --record) and compares with the previous record of the same machine.
  bench_compare.py OLD.json NEW.json
      Compares two records.

A case regresses when agent-months per second per core falls, or wall time, store bytes per
agent or peak memory rise, by more than 10%. Exit code 1 on a regression.
"""
import argparse
import datetime
import glob
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys

THRESHOLD = 0.10
# metric -> +1 if larger is better, -1 if smaller is better
METRICS = {
    "person_months_per_s_per_core": +1,
    "wall_seconds": -1,
    "store_bytes_per_agent": -1,
    "peak_rss_bytes": -1,
}


def machine():
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem_gib = 0
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    mem_gib = round(int(line.split()[1]) / 1024 / 1024)
    except OSError:
        pass
    cores = os.cpu_count()
    ident = hashlib.sha256(f"{cpu}|{cores}|{mem_gib}".encode()).hexdigest()[:12]
    return {"id": ident, "cpu": cpu, "cores": cores, "memory_gib": mem_gib}


def run(cmd, cwd):
    try:
        return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def collect(directory, repeats):
    cases = {}
    for path in sorted(glob.glob(os.path.join(directory, "*.json"))):
        name = os.path.basename(path).rsplit(".", 2)[0]
        with open(path) as f:
            cases.setdefault(name, []).append(json.load(f))
    out = {}
    for name, runs in cases.items():
        rec = {"repeats": len(runs), "threads": runs[0]["threads"],
               "agents_initial": runs[0]["agents_initial"], "agent_months": runs[0]["agent_months"]}
        for m in METRICS:
            rec[m] = statistics.median(r[m] for r in runs)
        rec["runs"] = [{m: r[m] for m in METRICS} for r in runs]
        out[name] = rec
    return out


def compare(old, new):
    """Returns (lines, regressions)."""
    lines, regressions = [], []
    for name, rec in new["cases"].items():
        base = old["cases"].get(name)
        if not base:
            continue
        for m, sign in METRICS.items():
            a, b = base.get(m), rec.get(m)
            if not a or b is None:
                continue
            ratio = b / a
            worse = (ratio < 1 - THRESHOLD) if sign > 0 else (ratio > 1 + THRESHOLD)
            lines.append(f"  {name:22s} {m:30s} {a:14.4g} -> {b:14.4g}  x{ratio:5.2f}"
                         + ("  REGRESSION" if worse else ""))
            if worse:
                regressions.append(f"{name} {m}")
    return lines, regressions


def print_table(cases):
    print(f"{'case':22s} {'threads':>7s} {'agent-months/s/core':>20s} {'ns/agent-month':>15s} "
          f"{'bytes/agent':>12s} {'peak MB':>9s} {'wall s':>8s}")
    for name, r in cases.items():
        pm = r["person_months_per_s_per_core"]
        print(f"{name:22s} {r['threads']:7d} {pm:20.4g} {1e9 / pm:15.2f} "
              f"{r['store_bytes_per_agent']:12.2f} {r['peak_rss_bytes'] / 1e6:9.1f} "
              f"{r['wall_seconds']:8.2f}")
    print("(medians over repeats; bytes/agent = population store incl. reserve; "
          "peak MB = process peak resident memory)")
    one, two = cases.get("china-10pct-1thread"), cases.get("china-10pct")
    if one and two:
        print(f"1 -> 2 threads speed-up on china-10pct (141 million agents): "
              f"{one['wall_seconds'] / two['wall_seconds']:.2f}x (wall time, medians)")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("old", nargs="?")
    ap.add_argument("new", nargs="?")
    ap.add_argument("--collect")
    ap.add_argument("--repeats", type=int, default=0)
    ap.add_argument("--root", default=".")
    ap.add_argument("--record", action="store_true")
    a = ap.parse_args()

    if not a.collect:
        if not (a.old and a.new):
            ap.error("give OLD.json NEW.json, or --collect DIR")
        with open(a.old) as f:
            old = json.load(f)
        with open(a.new) as f:
            new = json.load(f)
        lines, reg = compare(old, new)
        print("\n".join(lines))
        print("regressions: " + (", ".join(reg) if reg else "none"))
        return 1 if reg else 0

    mach = machine()
    record = {
        "commit": run(["git", "rev-parse", "--short=12", "HEAD"], a.root) or "unknown",
        "dirty": bool(run(["git", "status", "--porcelain", "--untracked-files=no"], a.root)),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": mach,
        "compiler": run(["c++", "--version"], a.root).splitlines()[0] if run(["c++", "--version"], a.root) else "",
        "cases": collect(a.collect, a.repeats),
    }
    print_table(record["cases"])
    history = os.path.join(a.root, "benchmarks", "history")
    previous = []
    for path in sorted(glob.glob(os.path.join(history, "*.json"))):
        with open(path) as f:
            rec = json.load(f)
        if rec.get("machine", {}).get("id") == mach["id"]:
            previous.append((rec["date"], path, rec))
    status = 0
    if previous:
        _, path, old = max(previous)
        lines, reg = compare(old, record)
        print(f"\ncompared with {os.path.basename(path)} (same machine {mach['id']}):")
        print("\n".join(lines))
        print("regressions: " + (", ".join(reg) if reg else "none"))
        status = 1 if reg else 0
    else:
        print(f"\nno earlier record for machine {mach['id']}")
    if a.record:
        os.makedirs(history, exist_ok=True)
        name = f"{record['date'][:19].replace(':', '')}-{record['commit']}-{mach['id']}.json"
        with open(os.path.join(history, name), "w") as f:
            json.dump(record, f, indent=2)
            f.write("\n")
        print(f"recorded benchmarks/history/{name}")
    return status


if __name__ == "__main__":
    sys.exit(main())
