#!/usr/bin/env bash
# The main job: sets up, builds (Release) and runs the built-in scenarios, writing HDF5 under
# out/ and printing each plan's check table:
#   - the four county/city plans (垣曲, 吴忠, 涟水, 垫江), full population, 20 replicates;
#   - the Shanxi provincial plan (山西), a 10% sample, 5 replicates;
#   - China, a 1% sample, 2 replicates (demography only);
# then draws one figure per scenario into out/figures/ (analysis/plan_report.py).
# Extra arguments go to every `laoxiao run` (e.g. --seed 7).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh" "$root/build" >/dev/null
mkdir -p "$root/out"
cd "$root"
build/laoxiao run scenarios/yuanqu.toml scenarios/wuzhong.toml scenarios/lianshui.toml \
  scenarios/dianjiang.toml --replicates 20 --out out/plans.h5 "$@"
build/laoxiao run scenarios/shanxi.toml --sample 0.1 --replicates 5 --out out/shanxi.h5 "$@"
build/laoxiao run scenarios/china.toml --sample 0.01 --replicates 2 --out out/china.h5 "$@"
for f in scenarios/yuanqu.toml scenarios/wuzhong.toml scenarios/lianshui.toml \
  scenarios/dianjiang.toml scenarios/shanxi.toml; do
  build/laoxiao audit "$f"
done
# Figures, and an independent re-derivation of every check from the replicate series.
/usr/bin/python3 analysis/plan_report.py out/plans.h5 out/shanxi.h5 out/china.h5 \
  --plots out/figures | grep -E "^== |re-derived|DISAGREES|figure:"
