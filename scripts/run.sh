#!/usr/bin/env bash
# The main job: sets up, builds (Release) and runs the built-in default scenarios, writing
# HDF5 under out/. Extra arguments go to `laoxiao run` (e.g. --replicates 20).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh" "$root/build" >/dev/null
mkdir -p "$root/out"
cd "$root"
build/laoxiao run scenarios/yuanqu.toml scenarios/wuzhong.toml scenarios/lianshui.toml \
  scenarios/dianjiang.toml --replicates 20 --out out/plans.h5 "$@"
build/laoxiao run scenarios/china.toml --sample 0.01 --replicates 2 --out out/china.h5 "$@"
