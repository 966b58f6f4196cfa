#!/usr/bin/python3
"""Net migration by age and sex per county, 2010-2020, from the two censuses by the national
census survival ratio method (UN Manual VI, 1970, ch. III; Hamilton and Henderson 1944):

  for a cohort aged x..x+4 in 2010 (x+10..x+14 in 2020) in county c,
      r_c = [P_c,2020(x+10) / P_c,2010(x)] / [P_nat,2020(x+10) / P_nat,2010(x)]
  the county's survival ratio against the nation's, which takes out mortality (assumed the
  nation's) and the national differences of census coverage between 2010 and 2020; the nation
  (31 provinces) is taken as closed, which international migration barely changes (net
  -0.2 per 1,000 a year, UN WPP 2024). The annual net migration rate of the cohort is
  nu = ln(r_c) / 10 (net migrants per person per year, a rate on the stock: 10 years of it
  multiply the cohort by r_c), given to the age group it was in at mid-decade (x+5..x+9).
  Ages 0-4 take the rate of 5-9 (the cohort aged 0-4 in 2010 lived through ages 0-14); the
  2020 group 85+ gives the rate of 80+ (the 2010 group 75+).

Boundaries: county codes are matched between the tables. A county's own ratio is used only
where its prefecture (first four digits of the code) lists the same codes in both years;
otherwise the prefecture's rows are summed and its ratio is used (level "prefecture"), and
where the province's prefectures themselves changed, the province's (level "province").
Rows without a code, or whose codes do not appear in 2010, take the level above them.

Usage: derive_net_migration.py census2010_counties.csv census2020_counties.csv OUT.csv"""
import csv, math, re, sys
from collections import defaultdict

GROUPS = ['0', '1_4', '5_9', '10_14', '15_19', '20_24', '25_29', '30_34', '35_39', '40_44',
          '45_49', '50_54', '55_59', '60_64', '65_69', '70_74', '75_79', '80_84', '85_plus']
SEXES = ['male', 'female']
# Rates by mid-decade age group.
OUT_GROUPS = ['0-4', '5-9', '10-14', '15-19', '20-24', '25-29', '30-34', '35-39', '40-44',
              '45-49', '50-54', '55-59', '60-64', '65-69', '70-74', '75-79', '80+']


def five_year(counts):
    """19 census groups (0, 1-4, 5-9, ..., 85+) -> 18 groups 0-4, 5-9, ..., 80-84, 85+."""
    return [counts[0] + counts[1]] + counts[2:]


def load(path):
    rows = list(csv.DictReader(open(path, encoding='utf-8')))
    for r in rows:
        for s in SEXES:
            r[s] = five_year([float(r[f'{s}_{g}']) for g in GROUPS])
    return rows


def cohort_ratios(p2010, p2020):
    """Ratios for 2020 groups 10-14 .. 80-84 and 85+ (from 2010 groups 0-4 .. 70-74, 75+)."""
    out = []
    for k in range(2, 17):  # 2020 group k (10-14 .. 80-84) <- 2010 group k-2
        out.append((p2020[k], p2010[k - 2]))
    out.append((p2020[17], sum(p2010[15:18])))  # 85+ <- 75+
    return out


SUFFIX = re.compile(r'(自治县|自治旗|县|市|区|旗|特区|林区)$')


def stem(name):
    return SUFFIX.sub('', name.strip())


def match_rows(a, b):
    """2020 code -> 2010 code: the same code, else the same name stem (a county turned into a
    district keeps its name, e.g. 大足县 500225 -> 大足区 500111) unique within the province."""
    by_code = {r['code']: r for r in a}
    by_stem = defaultdict(list)
    for r in a:
        by_stem[(r['province'], stem(r['county']))].append(r)
    mapping = {}
    for r in b:
        if not r['code']:
            continue
        if r['code'] in by_code and stem(by_code[r['code']]['county']) == stem(r['county']):
            mapping[r['code']] = r['code']
            continue
        cands = by_stem.get((r['province'], stem(r['county'])), [])
        if len(cands) == 1:
            mapping[r['code']] = cands[0]['code']
        elif r['code'] in by_code:
            mapping[r['code']] = r['code']  # renamed in place
    used = defaultdict(list)
    for c20, c10 in mapping.items():
        used[c10].append(c20)
    for c10, c20s in used.items():  # one 2010 row claimed twice: neither is a clean match
        if len(c20s) > 1:
            for c in c20s:
                del mapping[c]
    claimed = set(mapping.values())
    unmapped10 = [r for r in a if r['code'] not in claimed]
    unmapped20 = [r for r in b if not r['code'] or r['code'] not in mapping]
    return mapping, unmapped10, unmapped20


# Older people rarely move: a cohort aged 50-74 at mid-decade that grew or shrank by more than
# 15 per 1,000 a year against the nation points to a boundary change (the unit gained or lost
# territory), not to migration.
OLD = [OUT_GROUPS.index(g) for g in ('50-54', '55-59', '60-64', '65-69', '70-74')]
MAX_OLD_RATE = 0.015


def plausible(nu):
    vals = [nu[s][k] for s in SEXES for k in OLD]
    if any(math.isnan(v) for v in vals):
        return False
    return abs(sum(vals) / len(vals)) <= MAX_OLD_RATE


def rates(unit, nation):
    res = {}
    for s in SEXES:
        cu = cohort_ratios(unit['2010'][s], unit['2020'][s])
        cn = cohort_ratios(nation['2010'][s], nation['2020'][s])
        nu = []
        for (u20, u10), (n20, n10) in zip(cu, cn):
            if u10 <= 0 or u20 <= 0:
                nu.append(float('nan'))
                continue
            nu.append(math.log((u20 / u10) / (n20 / n10)) / 10.0)
        res[s] = [nu[0]] + nu  # 0-4 takes 5-9
    return res


def main(path2010, path2020, dst):
    a, b = load(path2010), load(path2020)
    nation = {'2010': {s: [sum(r[s][k] for r in a) for k in range(18)] for s in SEXES},
              '2020': {s: [sum(r[s][k] for r in b) for k in range(18)] for s in SEXES}}
    mapping, unmapped10, unmapped20 = match_rows(a, b)
    by_code10 = {r['code']: r for r in a}
    # Uncoded 2020 rows (zones) take the prefix of their prefecture's coded rows.
    pref_code = {(r['province'], r['prefecture']): r['code'][:4] for r in b if r['code']}
    prov_code = {r['province']: r['code'][:2] for r in b if r['code']}
    # 三沙市 has no coded row: its islands count only at the province level.
    prefix = [r['code'][:4] if r['code'] else
              pref_code.get((r['province'], r['prefecture']), prov_code[r['province']] + '??')
              for r in b]
    # A unit without a counterpart in the other year (a merger, a split, a new zone, a renamed
    # unit) moved people between its neighbours. Such changes are mostly among the urban
    # districts (区) of a city, so they taint the districts of its prefecture; counties keep
    # their own estimate unless their old ages say otherwise (plausible()).
    taint_districts = set()
    for r in unmapped10 + unmapped20:
        p = r['code'][:4] if r['code'] else pref_code.get((r['province'], r['prefecture']), '')
        taint_districts.add(p)

    def tainted(r20, c10):
        names = (r20['county'], by_code10[c10]['county'])
        district = any(n.endswith('区') for n in names)
        for p in (r20['code'][:4], c10[:4]):
            if district and p in taint_districts:
                return True
        return False

    # Prefectures that lose or gain a mapped unit across their border cannot be summed.
    crossing = set()
    for c20, c10 in mapping.items():
        if c20[:4] != c10[:4]:
            crossing |= {c20[:4], c10[:4]}

    def total(rows):
        return {s: [sum(r[s][k] for r in rows) for k in range(18)] for s in SEXES}

    cache = {}

    def unit_rates(level, key):
        if (level, key) not in cache:
            n = 4 if level == 'prefecture' else 2
            r10 = [r for r in a if r['code'][:n] == key]
            r20 = [r for r, p in zip(b, prefix) if p[:n] == key]
            cache[(level, key)] = rates({'2010': total(r10), '2020': total(r20)}, nation)
        return cache[(level, key)]

    out = []
    counts = defaultdict(int)
    for r, pref in zip(b, prefix):
        code = r['code']
        c10 = mapping.get(code) if code else None
        level = nu = None
        if c10 and not tainted(r, c10):
            nu = rates({'2010': by_code10[c10], '2020': r}, nation)
            level = 'county' if plausible(nu) else None
        if level is None and pref not in crossing:
            nu = unit_rates('prefecture', pref)
            level = 'prefecture' if plausible(nu) else None
        if level is None:
            level, nu = 'province', unit_rates('province', pref[:2])
        counts[level] += 1
        rec = {'code': code, 'province': r['province'], 'county': r['county'], 'level': level,
               'code_2010': c10 or ''}
        for s in SEXES:
            for g, v in zip(OUT_GROUPS, nu[s]):
                rec[f'{s}_{g.replace("-", "_").replace("+", "_plus")}'] = (
                    '' if math.isnan(v) else f'{1000 * v:.3f}')
        out.append(rec)
    with open(dst, 'w', newline='', encoding='utf-8') as f:
        w = csv.DictWriter(f, fieldnames=list(out[0]))
        w.writeheader()
        w.writerows(out)
    print(dict(counts))


if __name__ == '__main__':
    main(*sys.argv[1:4])
