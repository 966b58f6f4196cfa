#!/usr/bin/env bash
# Fuzzes the sweep loader (tests/fuzz/fuzz_sweep.cpp) with libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer, in the same build directory as scripts/fuzz.sh. Seeds: the bad
# sweeps of tests/bad_sweeps/ and the example sweeps; findings go to build-fuzz/findings-sweep/
# and make the script fail; add each one to tests/bad_sweeps/ once fixed.
# Usage: scripts/fuzz_sweep.sh MINUTES  (fractions allowed)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
minutes="${1:-1}"
seconds=$(/usr/bin/python3 -c "print(max(1, int(float('$minutes') * 60)))")
"$root/scripts/setup.sh"
build="$root/build-fuzz"
if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DLAOXIAO_FUZZ=ON -DLAOXIAO_WERROR=OFF -DLAOXIAO_TESTS=OFF -DLAOXIAO_BENCHMARKS=OFF \
    -DLAOXIAO_MPI=OFF >/dev/null
fi
cmake --build "$build" --target fuzz_sweep --parallel "$(nproc)" >/dev/null
# Seeds in one directory that also holds what they name (base.toml, the CSV tables).
seeds="$build/seeds-sweep"
rm -rf "$seeds"
mkdir -p "$seeds" "$build/corpus-sweep" "$build/findings-sweep"
cp "$root"/tests/bad_sweeps/* "$seeds/"
cd "$root"
set +e
LAOXIAO_FUZZ_DIR="$seeds" "$build/fuzz_sweep" "$build/corpus-sweep" "$seeds" \
  -dict=tests/fuzz/scenario.dict -max_total_time="$seconds" -max_len=16384 -timeout=20 \
  -rss_limit_mb=4096 -artifact_prefix="$build/findings-sweep/" -print_final_stats=1 \
  -close_fd_mask=3 2>"$build/fuzz-sweep.log"
status=$?
set -e
grep -E "^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)" "$build/fuzz-sweep.log" || true
if [ "$status" -ne 0 ] || [ -n "$(ls -A "$build/findings-sweep")" ]; then
  echo "fuzz_sweep: findings in $build/findings-sweep (log: $build/fuzz-sweep.log)" >&2
  tail -40 "$build/fuzz-sweep.log" >&2
  exit 1
fi
echo "fuzz_sweep: no findings in $minutes minute(s)"
