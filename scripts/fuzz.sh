#!/usr/bin/env bash
# Fuzzes every input format with libFuzzer (clang, AddressSanitizer, UndefinedBehaviorSanitizer):
#   scenario   scenario files: loading, extends, validation, compilation (tests/fuzz/fuzz_scenario.cpp)
#   overrides  --set KEY=VALUE lines applied to a scenario (tests/fuzz/fuzz_overrides.cpp)
#   csv        census tables: the CSV reader, census sums, the baseline they make (fuzz_csv.cpp)
#   sweep      sweep files: keys, designs, points and the first point's overrides (fuzz_sweep.cpp)
# Each format runs MINUTES; findings are written to build-fuzz/findings/<format>/ and make the
# script fail; add each one to tests/bad_inputs/ (or tests/fuzz/corpus/<format>/) once fixed.
#
# A new format needs three things: tests/fuzz/fuzz_<format>.cpp, its name in
# the foreach of LAOXIAO_FUZZ in CMakeLists.txt, and a seeds_<format> function below that fills
# the seed directory it is given. Nothing else changes.
#
# Usage: scripts/fuzz.sh MINUTES [FORMAT...]   (fractions allowed, e.g. 1 or 0.5; all formats
#        when none is named). CI runs scripts/fuzz.sh 1: one minute per format.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
minutes="${1:-1}"
shift || true
formats=("$@")
[ ${#formats[@]} -gt 0 ] || formats=(scenario overrides csv sweep)
seconds=$(/usr/bin/python3 -c "print(max(1, int(float('$minutes') * 60)))")
"$root/scripts/setup.sh"
build="$root/build-fuzz"
if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DLAOXIAO_FUZZ=ON -DLAOXIAO_WERROR=OFF -DLAOXIAO_TESTS=OFF -DLAOXIAO_BENCHMARKS=OFF \
    -DLAOXIAO_MPI=OFF >/dev/null
fi
targets=()
for f in "${formats[@]}"; do targets+=("fuzz_$f"); done
cmake --build "$build" --target "${targets[@]}" --parallel "$(nproc)" >/dev/null

# The directory every target takes as where its input stands: the bad-input corpus and the
# scenarios with what they extend and read (base.toml, shanxi.toml, templates/, data/). Its
# census table keeps only the rows the plans use (Shanxi's and the four plan places'), so that a
# batch over it expands to about 130 places, not 2,989, and each execution stays fast.
workdir="$build/work"
rm -rf "$workdir"
mkdir -p "$workdir/data"
cp "$root"/tests/bad_inputs/*.toml "$workdir/"
cp "$root"/scenarios/*.toml "$workdir/"
cp -r "$root/scenarios/templates" "$workdir/"
cp "$root"/scenarios/data/*.csv "$workdir/data/"
awk -F, 'NR == 1 || $2 == "山西省" || $1 ~ /^(320826|500231|6403)/' \
  "$root/scenarios/data/census2020_counties.csv" >"$workdir/data/census2020_counties.csv"

# Seeds of each format, into the directory $1; tests/fuzz/corpus/<format>/ holds past findings.
seeds_scenario() { cp "$workdir"/*.toml "$1/"; }
seeds_overrides() {
  # The corpus cases given with arguments (NAME.args: --set K=V, --seed S, ...), one override
  # per line, and one override of every kind of value.
  /usr/bin/python3 - "$root/tests/bad_inputs" "$1" <<'EOF'
import pathlib, shlex, sys
src, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
options = {"--seed": "run.seed", "--replicates": "run.replicates", "--sample": "run.sample"}
for args in sorted(src.glob("*.args")):
    words, lines = shlex.split(args.read_text()), []
    for flag, value in zip(words, words[1:]):
        if flag == "--set":
            lines.append(value)
        elif flag in options:
            lines.append(options[flag] + "=" + value)
    (dst / (args.stem + ".txt")).write_text("\n".join(lines))
for i, line in enumerate(["run.sample=0.5", "demography.fertility.target_tfr=1.1",
                          "place.name_zh=\"测试\"", "baseline.date=\"2015-06\"",
                          "capacity.stock[0].places=10", "run.seed=9223372036854775807",
                          "demography.mortality.scale=2.5\nhorizon.end_year=2030"]):
    (dst / f"kind_{i}.txt").write_text(line)
EOF
}
seeds_csv() {
  # The first rows of the shipped census table and the other data tables.
  head -n 4 "$workdir/data/census2020_counties.csv" >"$1/counties_head.csv"
  cp "$workdir"/data/*.csv "$1/"
}
seeds_sweep() {
  # The bad sweeps with what they name (their base scenarios and tables): the seed directory is
  # also where the sweep target's input stands.
  cp "$root"/tests/bad_sweeps/* "$1/"
}

cd "$root"
status=0
for f in "${formats[@]}"; do
  seeds="$build/seeds/$f"
  rm -rf "$seeds"
  mkdir -p "$seeds" "$build/corpus/$f" "$build/findings/$f"
  "seeds_$f" "$seeds"
  [ -d "tests/fuzz/corpus/$f" ] && cp tests/fuzz/corpus/"$f"/* "$seeds/" 2>/dev/null || true
  dict=()
  [ -f "tests/fuzz/$f.dict" ] && dict=(-dict="tests/fuzz/$f.dict")
  dir="$workdir"
  if [ "$f" = sweep ]; then
    dir="$seeds"
    dict=(-dict=tests/fuzz/scenario.dict)  # sweep files are TOML with the scenario's keys
  fi
  set +e
  LAOXIAO_FUZZ_DIR="$dir" "$build/fuzz_$f" "$build/corpus/$f" "$seeds" "${dict[@]}" \
    -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=4096 \
    -artifact_prefix="$build/findings/$f/" -print_final_stats=1 -close_fd_mask=3 \
    2>"$build/fuzz-$f.log"
  code=$?
  set -e
  # A sanitizer report that does not stop the target (UBSan recovers from some) is a finding too.
  if grep -q "runtime error:" "$build/fuzz-$f.log"; then
    grep -m 3 "runtime error:" "$build/fuzz-$f.log" >&2
    code=1
  fi
  echo "fuzz.sh: $f: $(grep -E '^stat::number_of_executed_units' "$build/fuzz-$f.log" |
    awk '{print $2}') executions in ${seconds} s, $(ls "$build/corpus/$f" | wc -l) corpus inputs"
  if [ $code -ne 0 ]; then
    echo "fuzz.sh: $f: the fuzzer found a problem (see $build/fuzz-$f.log and" \
      "$build/findings/$f/)" >&2
    status=1
  fi
done
[ $status -eq 0 ] && echo "fuzz.sh: no crash, hang or sanitizer report in ${seconds} s per format"
exit $status
