#!/usr/bin/python3
"""Prints the care use of runs at the start and end of the horizon, per place.

  /usr/bin/python3 analysis/care_use.py RUN.h5...

Per place (means over replicates): the share of people 60+ partially / fully dependent at the
baseline, then by year: elder-bed occupancy, residents, 托位 enrolment rate and children
enrolled, the institutional rate of dependent 特困 people and of 特困 people wanting it. Used for
the before/after figures of a change to the care model (docs/MODEL.md).

Needs Debian's python3-h5py (scripts/setup.sh).
"""
import sys

import h5py
import numpy as np


def main():
    for path in sys.argv[1:]:
        with h5py.File(path, "r") as f:
            for place in f.keys():
                g = f[place]
                if "population_baseline" not in g:
                    continue
                base = g["population_baseline"][...].mean(axis=0)  # age_group, sex, state
                groups = [x.decode() if isinstance(x, bytes) else str(x) for x in g["age_group"][...]]
                old = [i for i, lab in enumerate(groups) if int(lab.rstrip("+").split("-")[0]) >= 60]
                b = base[old].sum(axis=(0, 1))
                print(f"{place}: 60+ at baseline {b.sum():.0f}; partial {b[1] / b.sum():.4f}, "
                      f"full {b[2] / b.sum():.4f}, dependent {(b[1] + b[2]) / b.sum():.4f}")
                ind = g["indicators"]
                years = ind["year"][...]
                cols = ["elder_bed_occupancy", "childcare_enrolment_rate", "childcare_slot_occupancy",
                        "tekun_disabled_institutional_rate", "tekun_willing_institutional_rate"]
                res = g["care/residents_by_state"][...].sum(axis=2).mean(axis=0)
                kids = g["care/children_by_band"][...].sum(axis=2).mean(axis=0)
                print("  year  " + "  ".join(f"{c[:22]:>22}" for c in cols) + "  residents  children")
                for y in range(len(years)):
                    vals = []
                    for c in cols:
                        v = ind[c][:, y] if c in ind else np.array([np.nan])
                        vals.append(f"{np.nanmean(v):22.4g}" if np.isfinite(v).any() else f"{'-':>22}")
                    print(f"  {years[y]}  " + "  ".join(vals) + f"  {res[y]:9.0f}  {kids[y]:8.0f}")


if __name__ == "__main__":
    main()
