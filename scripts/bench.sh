#!/usr/bin/env bash
# End-to-end benchmark: runs fixed scenarios with the Release build, repeats each case
# (median of REPEATS runs, default 3), prints agent-months per second per core and bytes per
# agent, and records the result as JSON in benchmarks/history/, then compares it with the
# last record of the same machine (scripts/bench_compare.py: >10% worse is a regression).
#
# Usage: scripts/bench.sh [--repeats N] [--quick] [--full] [--no-record]
#   --quick  only the two short cases
#   --full   also all of China, every county, full sample (1.41 billion people, a few minutes)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repeats=3
quick=0
full=0
record=1
while [ $# -gt 0 ]; do
  case "$1" in
    --repeats) repeats="$2"; shift 2 ;;
    --quick) quick=1; shift ;;
    --full) full=1; shift ;;
    --no-record) record=0; shift ;;
    *) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
"$root/scripts/setup.sh"
"$root/scripts/build.sh" "$root/build" >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"

# name | laoxiao run arguments
cases=(
  "china-1pct|scenarios/china.toml --sample 0.01 --replicates 1"
  "plan-counties|scenarios/yuanqu.toml scenarios/lianshui.toml scenarios/dianjiang.toml scenarios/wuzhong.toml --replicates 1"
)
if [ "$quick" -eq 0 ]; then
  cases+=("china-10pct-1thread|scenarios/china.toml --sample 0.1 --replicates 1 --threads 1")
  cases+=("china-10pct|scenarios/china.toml --sample 0.1 --replicates 1 --threads 2")
  cases+=("shanxi-counties|scenarios/shanxi_counties.toml --replicates 1 --threads 2")
fi
if [ "$full" -eq 1 ]; then
  cases+=("china-counties|scenarios/china_counties.toml --replicates 1 --threads 2")
fi

for c in "${cases[@]}"; do
  name="${c%%|*}"
  args="${c#*|}"
  for r in $(seq 1 "$repeats"); do
    # shellcheck disable=SC2086
    build/laoxiao run $args --quiet --seed 1 --out "$work/$name.h5" --stats "$work/$name.$r.json" >/dev/null
  done
done

/usr/bin/python3 "$root/scripts/bench_compare.py" --collect "$work" --repeats "$repeats" \
  --root "$root" $([ "$record" -eq 1 ] && echo --record)
