#!/usr/bin/env bash
# Sweep benchmark (not a timed test): tasks per second of county-sized tasks (every county of
# Shanxi at full sample, 2 points = 242 tasks) for 1 and 2 threads and for 1, 2 and 3 MPI ranks
# of one thread each, medians of REPEATS runs, and the parallel efficiency from 1 to 2 workers.
# --full adds all of China, every county, as one sweep point against a plain `laoxiao run` of
# the same counties (about 5 minutes). Prints a table; figures go to docs/PERFORMANCE.md.
#
# Usage: scripts/bench_sweep.sh [--repeats N] [--full]
# On a machine shared with other work, the wall figures measure the share of the cores the
# benchmark got: run it alone, or at a higher priority (as root: nice -n -20 scripts/bench_sweep.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repeats=3
full=0
while [ $# -gt 0 ]; do
  case "$1" in
    --repeats) repeats="$2"; shift 2 ;;
    --full) full=1; shift ;;
    *) echo "bench_sweep.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
"$root/scripts/setup.sh"
"$root/scripts/build.sh" "$root/build" >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
# Open MPI as root needs both variables; --bind-to none leaves each rank every core it may use;
# beyond the cores, --oversubscribe.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpi="mpirun --oversubscribe --bind-to none"
sweep=benchmarks/sweeps/shanxi_two_points.toml

calc() { awk "BEGIN { print $1 }"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
# Seconds of the task phase of one run ("tasks X s" in the sweep's last line).
task_seconds() { sed -n 's/.*(checks [0-9.]* s, tasks \([0-9.]*\) s, index.*/\1/p' "$1"; }

declare -A secs
cases=("threads-1|build/laoxiao sweep $sweep --threads 1"
       "threads-2|build/laoxiao sweep $sweep --threads 2"
       "ranks-1|$mpi -np 1 build/laoxiao sweep $sweep --threads 1"
       "ranks-2|$mpi -np 2 build/laoxiao sweep $sweep --threads 1"
       "ranks-3|$mpi -np 3 build/laoxiao sweep $sweep --threads 1")
# Round by round, every case once per round: a load that drifts on a shared machine then weighs
# on every case alike.
for r in $(seq 1 "$repeats"); do
  for c in "${cases[@]}"; do
    name="${c%%|*}"
    cmd="${c#*|}"
    rm -rf "$work/out"
    # CPU seconds of the whole command, its ranks included (bash's time counts waited-for
    # children): on a shared machine the wall time shows the share of the cores it got, the
    # CPU time whether running in parallel added work.
    TIMEFORMAT='%U %S'
    # shellcheck disable=SC2086
    { time $cmd --quiet --out "$work/out" >/dev/null 2>"$work/$name.$r.err"; } 2>"$work/$name.$r.cpu"
    task_seconds "$work/$name.$r.err" >>"$work/$name.secs"
    awk '{ print $1 + $2 }' "$work/$name.$r.cpu" >>"$work/$name.cpus"
  done
done
declare -A cpus
for c in "${cases[@]}"; do
  name="${c%%|*}"
  secs[$name]="$(median <"$work/$name.secs")"
  cpus[$name]="$(median <"$work/$name.cpus")"
done
tasks=242
echo "Sweep of $tasks county-sized tasks (every Shanxi county, full sample, 2 points), medians of $repeats:"
printf "%-10s %10s %12s %14s\n" case "tasks s" "tasks/s" "CPU s (all)"
for c in "${cases[@]}"; do
  name="${c%%|*}"
  printf "%-10s %10.2f %12.1f %14.2f\n" "$name" "${secs[$name]}" "$(calc "$tasks / ${secs[$name]}")" \
    "${cpus[$name]}"
done
printf "parallel efficiency 1 -> 2 threads: %.0f%%\n" "$(calc "100 * ${secs[threads-1]} / (2 * ${secs[threads-2]})")"
printf "parallel efficiency 1 -> 2 ranks:   %.0f%%\n" "$(calc "100 * ${secs[ranks-1]} / (2 * ${secs[ranks-2]})")"
printf "CPU time 2 threads / 1 thread: %.3f, 2 ranks / 1 rank: %.3f (1 = no work added)\n" \
  "$(calc "${cpus[threads-2]} / ${cpus[threads-1]}")" "$(calc "${cpus[ranks-2]} / ${cpus[ranks-1]}")"
echo "(3 ranks on $(nproc) cores are oversubscribed: their figure shows the cost of that, not a speed-up)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

if [ "$full" -eq 1 ]; then
  # The whole command in both cases: loading, checks, simulation, files, index.
  t0=$(date +%s.%N)
  build/laoxiao run scenarios/china_counties.toml --replicates 1 --seed 1 --threads 2 --quiet \
    --out "$work/run.h5" >/dev/null
  t1=$(date +%s.%N)
  rm -rf "$work/china"
  build/laoxiao sweep benchmarks/sweeps/china_one_point.toml --threads 2 --quiet \
    --out "$work/china" >/dev/null 2>"$work/china.err"
  t2=$(date +%s.%N)
  run_s=$(calc "$t1 - $t0")
  sweep_s=$(calc "$t2 - $t1")
  echo "China, every county (2,989 places), one replicate, 2 threads:"
  printf "  laoxiao run:          %8.1f s\n" "$run_s"
  printf "  one sweep point:      %8.1f s   (%s)\n" "$sweep_s" "$(tail -1 "$work/china.err")"
  printf "  ratio sweep / run:    %8.3f (target <= 1.1)\n" "$(calc "$sweep_s / $run_s")"
fi
