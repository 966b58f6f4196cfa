#!/usr/bin/python3
"""Derives the built-in disability prevalence by age band and sex ([demography.disability]).

  /usr/bin/python3 analysis/derive_disability_prevalence.py [scenarios/data/census2020_age_sex.csv]

Rule (scenarios/data/CARE-SOURCES.md section 1.6): for each level (partial = 半失能, full = 失能)

    logit p(band, sex) = logit s(band) + c + e * (x(band) - x(85+)) + d * [sex = female]

where s(band) is the CLHLS 2018 age gradient (China CDC Weekly 2023 Table 2: mild + moderate
for partial, severe for full; 60-64 derived from the frailty ratio as before) and x(band) the
band's mean age (62, 69.5, 79.5, 88.5). The constants are solved on the 2020 census population
aged 60+ by sex and 5-year age (Table 1-5):
  full     e = 0; c so that 2.34% of people 60+ are fully dependent (7th census 生活不能自理,
           Guo et al., BMC Geriatrics 2022, doi:10.1186/s12877-022-03412-w); d so that the crude
           female/male ratio at 65+ is 2.79/1.63 (CLHLS 2018 severe, same Table 2).
  partial  c and e so that partial + full is 10.03% at 60+ (CHARLS 2015, any ADL limitation,
           weighted) and 42.28% at 85+ (CLHLS 2018 any impairment, 85+); d so that the crude
           female/male ratio of partial dependence at 65+ is (3.22+6.48)/(2.81+5.04) (CLHLS 2018).
The crude sex ratios include the older age of women; fitting them on the census age structure
by sex leaves the sex effect within age. Prints the four arrays for scenarios/defaults.toml.
"""
import csv
import math
import sys

BANDS = [(60, 64), (65, 74), (75, 84), (85, 200)]
SHAPE = {
    "partial": [0.01472, 0.0319, 0.0834, 0.3193],
    "full": [0.00268, 0.0058, 0.0140, 0.1035],
}
MEAN_AGE = [62.0, 69.5, 79.5, 88.5]
FULL_60PLUS = 0.0234
ANY_60PLUS = 0.1003
ANY_85PLUS = 0.4228
FEMALE_MALE_65PLUS = {"partial": (3.22 + 6.48) / (2.81 + 5.04), "full": 2.79 / 1.63}


def logit(p):
    return math.log(p / (1 - p))


def logistic(x):
    return 1 / (1 + math.exp(-x))


def read_census(path):
    pop = {}  # (lo, sex) -> people
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            g = row["age_group"]
            lo = int(g.rstrip("+").split("-")[0])
            if lo >= 60:
                pop[(lo, 0)] = float(row["male"])
                pop[(lo, 1)] = float(row["female"])
    w = [[0.0, 0.0] for _ in BANDS]
    for (lo, sex), n in pop.items():
        for b, (a, z) in enumerate(BANDS):
            if a <= lo <= z:
                w[b][sex] += n
    return w


def prevalence(shape, c, e, d):
    return [[logistic(logit(s) + c + e * (MEAN_AGE[b] - MEAN_AGE[3]) + d * sex) for sex in (0, 1)]
            for b, s in enumerate(shape)]


def share(p, w, bands, sexes=(0, 1)):
    num = sum(p[b][s] * w[b][s] for b in bands for s in sexes)
    den = sum(w[b][s] for b in bands for s in sexes)
    return num / den


def newton(residual, x):
    """Solves residual(x) = 0 (a few unknowns) by Newton with a forward-difference Jacobian."""
    n = len(x)
    for _ in range(100):
        f0 = residual(x)
        if max(abs(v) for v in f0) < 1e-14:
            return x
        h = 1e-7
        jac = []
        for k in range(n):
            xk = list(x)
            xk[k] += h
            fk = residual(xk)
            jac.append([(fk[i] - f0[i]) / h for i in range(n)])  # column k
        # Gauss-Jordan on J dx = f0 (J[i][k] = jac[k][i]).
        a = [[jac[k][i] for k in range(n)] + [f0[i]] for i in range(n)]
        for col in range(n):
            piv = max(range(col, n), key=lambda r: abs(a[r][col]))
            a[col], a[piv] = a[piv], a[col]
            for r in range(n):
                if r != col:
                    m = a[r][col] / a[col][col]
                    a[r] = [a[r][j] - m * a[col][j] for j in range(n + 1)]
        x = [x[k] - a[k][n] / a[k][k] for k in range(n)]
    raise RuntimeError("no convergence")


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "scenarios/data/census2020_age_sex.csv"
    w = read_census(path)
    old = range(1, 4)  # 65+

    def ratio(p):
        return share(p, w, old, (1,)) / share(p, w, old, (0,))

    c, d = newton(lambda x: [share(prevalence(SHAPE["full"], x[0], 0, x[1]), w, range(4)) - FULL_60PLUS,
                             ratio(prevalence(SHAPE["full"], x[0], 0, x[1])) - FEMALE_MALE_65PLUS["full"]],
                  [0.0, 0.0])
    full = prevalence(SHAPE["full"], c, 0, d)
    print(f"# full: c = {c:.4f} (odds x{math.exp(c):.3f}), female odds ratio {math.exp(d):.3f}")

    def any_of(p):
        return [[p[b][s] + full[b][s] for s in (0, 1)] for b in range(4)]

    def res(x):
        p = prevalence(SHAPE["partial"], x[0], x[1], x[2])
        return [share(any_of(p), w, range(4)) - ANY_60PLUS, share(any_of(p), w, [3]) - ANY_85PLUS,
                ratio(p) - FEMALE_MALE_65PLUS["partial"]]

    cp, ep, dp = newton(res, [0.0, 0.0, 0.0])
    partial = prevalence(SHAPE["partial"], cp, ep, dp)
    print(f"# partial: c = {cp:.4f}, e = {ep:.4f} per year, female odds ratio {math.exp(dp):.3f}")
    for level, p in (("partial", partial), ("full", full)):
        for sex, name in ((0, "male"), (1, "female")):
            vals = ", ".join(f"{p[b][sex]:.5f}" for b in range(4))
            print(f"{name}_{level}_prevalence = [{vals}]")
        print(f"#   {level} by band (both sexes): "
              + ", ".join(f"{share(p, w, [b]):.4f}" for b in range(4))
              + f"; 60+ {share(p, w, range(4)):.4f}; 65+ {share(p, w, old):.4f}")
    anyp = any_of(partial)
    print(f"# any dependence by band: " + ", ".join(f"{share(anyp, w, [b]):.4f}" for b in range(4))
          + f"; 60+ {share(anyp, w, range(4)):.4f}; 65+ {share(anyp, w, old):.4f}"
          + f" (male {share(anyp, w, old, (0,)):.4f}, female {share(anyp, w, old, (1,)):.4f})")


if __name__ == "__main__":
    main()
