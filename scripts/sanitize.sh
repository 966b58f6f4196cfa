#!/usr/bin/env bash
# Builds laoxiao with sanitizers and runs tests under them (a sanitizer report makes the process
# exit non-zero, which fails the test that triggered it).
#   scripts/sanitize.sh address   AddressSanitizer + UndefinedBehaviorSanitizer + LeakSanitizer
#                                 (build-asan/): the unit, statistical and validation tests
#   scripts/sanitize.sh thread    ThreadSanitizer (build-tsan/): the threaded paths, i.e. the unit
#                                 tests (engine blocks and replicates on 1 and 2 threads) and the
#                                 command-line runs compared across thread counts (places,
#                                 replicates and blocks in parallel; a sweep's task slots)
# Any further arguments go to ctest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kind="${1:?usage: scripts/sanitize.sh address|thread [ctest args...]}"
shift
threaded_cli_tests='^(Cli\.(ThreadCountDoesNotChangeAnyDatasetByte|BatchOfCountiesIsIdenticalForAnyThreadCount|IdenticalRunsGiveIdenticalFiles)|Sweep\.DatasetsAreIdenticalForAnyThreadAndRankCount)$'
case "$kind" in
  address)
    build="$root/build-asan"
    sanitize="address,undefined"
    export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:detect_stack_use_after_return=1"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
    ;;
  thread)
    build="$root/build-tsan"
    sanitize="thread"
    # Parallel loops run on std::thread in this build (core/parallel.hpp); the suppressions
    # only cover accesses inside oneTBB's headers.
    export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$root/tests/tsan.supp"
    ;;
  *)
    echo "scripts/sanitize.sh: unknown sanitizer '$kind' (address or thread)" >&2
    exit 2
    ;;
esac
"$root/scripts/setup.sh"
generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
if [ ! -f "$build/CMakeCache.txt" ]; then
  # -O1: sanitized code at -O2 takes much longer to compile for little gain in run time here.
  cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" -DCMAKE_C_FLAGS_DEBUG="-O1 -g1" \
    -DLAOXIAO_SANITIZE="$sanitize" -DLAOXIAO_WERROR=ON -DLAOXIAO_BENCHMARKS=OFF \
    -DLAOXIAO_MPI=OFF >/dev/null
fi
cd "$build"
if [ "$kind" = address ]; then
  cmake --build . --parallel "$(nproc)" --target laoxiao unit_tests statistical_tests validation_tests
  ctest --output-on-failure --timeout 1800 -j "$(nproc)" -L 'unit|statistical|validation' "$@"
else
  cmake --build . --parallel "$(nproc)" --target laoxiao unit_tests validation_tests
  ctest --output-on-failure --timeout 1800 -j "$(nproc)" -L unit "$@"
  ctest --output-on-failure --timeout 1800 -j "$(nproc)" -R "$threaded_cli_tests" "$@"
fi
