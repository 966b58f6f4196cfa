#!/usr/bin/env bash
# Fuzzes the scenario loader and validator with libFuzzer (clang, AddressSanitizer,
# UndefinedBehaviorSanitizer). Seeds: tests/bad_inputs/ and scenarios/. Findings are written to
# build-fuzz/findings/ and make the script fail; add each one to tests/bad_inputs/ once fixed.
# Usage: scripts/fuzz.sh MINUTES  (fractions allowed, e.g. 1 or 0.5)
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
cmake --build "$build" --target fuzz_scenario --parallel "$(nproc)" >/dev/null
mkdir -p "$build/corpus" "$build/findings"
# Seeds: the bad-input corpus and the scenarios, in one directory that also holds what they
# extend and read (base.toml, shanxi.toml, templates/, data/). Its census table keeps only the
# rows the plans use (Shanxi's and the four plan places'), so that a batch over it expands to
# about 130 places, not 2,989, and each execution stays fast.
seeds="$build/seeds"
rm -rf "$seeds"
mkdir -p "$seeds/data"
cp "$root"/tests/bad_inputs/*.toml "$seeds/"
cp "$root"/scenarios/*.toml "$seeds/"
cp -r "$root/scenarios/templates" "$seeds/"
cp "$root"/scenarios/data/*.csv "$seeds/data/"
awk -F, 'NR == 1 || $2 == "山西省" || $1 ~ /^(320826|500231|6403)/' \
  "$root/scenarios/data/census2020_counties.csv" >"$seeds/data/census2020_counties.csv"
cd "$root"
set +e
LAOXIAO_FUZZ_DIR="$seeds" "$build/fuzz_scenario" "$build/corpus" "$seeds" \
  -dict=tests/fuzz/scenario.dict -max_total_time="$seconds" -max_len=65536 -timeout=20 \
  -rss_limit_mb=4096 -artifact_prefix="$build/findings/" -print_final_stats=1 \
  -close_fd_mask=3 2>"$build/fuzz.log"
status=$?
set -e
grep -E "^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)" "$build/fuzz.log" || true
if [ $status -ne 0 ]; then
  echo "fuzz.sh: the fuzzer found a problem (see $build/fuzz.log and $build/findings/)" >&2
  exit 1
fi
echo "fuzz.sh: no crash, hang or sanitizer report in ${seconds} s"
