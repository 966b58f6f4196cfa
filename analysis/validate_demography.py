#!/usr/bin/python3
"""The national projection against published figures it was not fitted to.

Usage: validate_demography.py RUN.h5 [--scenario china] [--check] [--markdown]

Reads the expected values (the `reference/` group) of a run of scenarios/china.toml and prints,
year by year, the model beside UN WPP 2024 (estimates to 2023, medium variant after) and the
official figures (NBS annual population figures, NHC life expectancy), with the gaps. The
figures and where each was read are in analysis/validation_china.csv. Nothing here feeds back
into the model: its inputs are the 2020 census, WPP 2024 mortality rates and TFR path, the
census long form's age pattern of fertility, WPP 2024 net international migration.

Definitions: NBS counts people on 31 December including the 2,000,000 active military, whom the
census tables (and so the model) leave out; the model's mid-year population is the mean of two
31 December counts; the model's life expectancy is the period figure of its expected deaths and
exposure (pooled both sexes), WPP's and NHC's their own.

--markdown: the tables as Markdown (docs/VALIDATION.md).
--check: exit 1 when a gap is beyond what a broken projection would show (births or deaths
20%, population 3%, people aged 60+ or 65+ 6%, life expectancy 1.5 years): a guard against
gross errors, not a calibration.
"""
import argparse
import csv
import math
import os
import sys

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
MILITARY = 2_000_000
BOUNDS = {'births': 0.20, 'deaths': 0.20, 'population': 0.03, 'elderly': 0.06, 'e0': 1.5}


def published():
    with open(os.path.join(HERE, 'validation_china.csv'), encoding='utf-8') as f:
        rows = list(csv.DictReader(f))
    out = {}
    for r in rows:
        out[(r['source'], r['quantity'], int(r['year']), r['sex'], r['age'])] = float(r['value'])
    return out, rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('run')
    ap.add_argument('--scenario', default='china')
    ap.add_argument('--check', action='store_true')
    ap.add_argument('--markdown', action='store_true')
    a = ap.parse_args()
    try:
        f = h5py.File(a.run, 'r')
        g = f[a.scenario]
        ref = g['reference']
    except (OSError, KeyError) as e:
        print(f'cannot read {a.run}: {e}', file=sys.stderr)
        return 2
    years = [int(y) for y in g['year'][:]]
    months = g['months_simulated'][:]
    pop = ref['population_by_single_age'][:]  # year, age, sex, state
    births = ref['births'][:].sum(axis=1)
    deaths = ref['deaths'][:].sum(axis=(1, 2, 3))
    e0 = ref['life_expectancy'][:]  # year, (male, female, both)
    end_total = pop.sum(axis=(1, 2, 3))
    end_by_sex = pop.sum(axis=(1, 3))
    end60 = pop[:, 60:].sum(axis=(1, 2, 3))
    end65 = pop[:, 65:].sum(axis=(1, 2, 3))
    base = ref['population_baseline'][:].sum(axis=2)  # age_group, sex
    base_total = base.sum()
    base60 = base[12:].sum()
    base65 = base[13:].sum()
    groups = [x.decode() for x in g['age_group'][:]]
    pub, _ = published()
    failures = []

    def gap(model, other, kind, label):
        rel = model / other - 1
        if a.check and abs(rel) > BOUNDS[kind]:
            failures.append(f'{label}: {100 * rel:+.1f}%')
        return f'{100 * rel:+6.1f}%'

    md = a.markdown

    def table(header, rows, widths):
        if md:
            print('| ' + ' | '.join(header) + ' |')
            print('|' + '|'.join('---' if i < 2 else '---:' for i in range(len(header))) + '|')
            for r in rows:
                print('| ' + ' | '.join(r) + ' |')
        else:
            print(' '.join(f'{h:>{w}}' if i != 1 else f'{h:<{w}}' for i, (h, w) in
                           enumerate(zip(header, widths))))
            for r in rows:
                print(' '.join(f'{c:>{w}}' if i != 1 else f'{c:<{w}}' for i, (c, w) in
                               enumerate(zip(r, widths))))

    def num(v, e0=False):
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return ''
        return f'{v:,.2f}' if e0 else f'{v:,.0f}'

    print(f'== {a.scenario}: the expected values of the projection (reference/) against '
          f'published figures (analysis/validation_china.csv)')
    print('\n-- the baseline (census 2020-11-01, 31 provinces without the military) against WPP 2024, '
          '1 July 2020\n')
    rows = []
    for k, grp in enumerate(groups):
        for s, sex in enumerate(('male', 'female')):
            w = pub.get(('WPP2024', 'population_1_july', 2020, sex, grp))
            if w:
                rows.append([grp, sex, num(base[k, s]), num(w), f'{100 * (base[k, s] / w - 1):+.1f}%'])
    w2020 = sum(v for (src, q, y, sx, ag), v in pub.items()
                if src == 'WPP2024' and q == 'population_1_july' and y == 2020 and ag)
    rows.append(['all', 'both', num(base_total), num(w2020), f'{100 * (base_total / w2020 - 1):+.1f}%'])
    table(['age', 'sex', 'census', 'WPP 2024', 'census/WPP-1'], rows, [7, 7, 15, 15, 13])

    print('\n-- by year (full calendar years; NBS figures on 31 December include 2,000,000 '
          'military, shown beside the model plus them)\n')
    rows = []
    for i, y in enumerate(years):
        if months[i] != 12:
            continue
        lines = []
        wb, nb = pub.get(('WPP2024', 'births', y, 'both', '')), pub.get(('NBS', 'births', y, 'both', ''))
        lines.append(('births', births[i], wb, nb, 'births'))
        wd, nd = pub.get(('WPP2024', 'deaths', y, 'both', '')), pub.get(('NBS', 'deaths', y, 'both', ''))
        lines.append(('deaths', deaths[i], wd, nd, 'deaths'))
        mid = 0.5 * (end_total[i] + end_total[i - 1]) if i > 0 else math.nan
        wp = sum(pub.get(('WPP2024', 'population_1_july', y, sx, ''), 0) for sx in ('male', 'female'))
        lines.append(('population 1 July', mid, wp or None, None, 'population'))
        np_ = pub.get(('NBS', 'population_31_december', y, 'both', ''))
        lines.append(('population 31 Dec (+military)', end_total[i] + MILITARY, None, np_, 'population'))
        for label, arr, basev, age in (('aged 60+ 31 Dec', end60, base60, '60+'),
                                       ('aged 65+ 31 Dec', end65, base65, '65+')):
            n = pub.get(('NBS', 'population_31_december', y, 'both', age))
            lines.append((label, arr[i], None, n, 'elderly'))
            prev = arr[i - 1] if i > 0 else basev
            # The first full year's growth runs from the census date (14 months).
            nprev = pub.get(('NBS', 'population_31_december', y - 1, 'both', age),
                            pub.get(('NBS', 'population_census', y - 1, 'both', age)))
            lines.append(('  growth in the year' if i > 1 else '  growth since the census', arr[i] - prev, None,
                          (n - nprev) if (n and nprev) else None, None))
        for sex, k in (('both', 2), ('male', 0), ('female', 1)):
            we = pub.get(('WPP2024', 'life_expectancy', y, sex, ''))
            ne = pub.get(('NHC', 'life_expectancy', y, sex, ''))
            lines.append((f'life expectancy ({sex})', e0[i, k], we, ne, 'e0'))
        for label, model, w, n, kind in lines:
            e = kind == 'e0'
            ws, ns = num(w, e) if w else '', num(n, e) if n else ''
            if kind == 'e0':
                wg = f'{model - w:+7.2f}y' if w else ''
                ng = f'{model - n:+7.2f}y' if n else ''
                if a.check and n and abs(model - n) > BOUNDS['e0']:
                    failures.append(f'{y} {label}: {model - n:+.2f} years')
            elif kind is None:
                wg = ''
                ng = f'{model - n:+,.0f}' if n else ''
            else:
                wg = gap(model, w, kind, f'{y} {label} vs WPP') if w and not math.isnan(model) else ''
                ng = gap(model, n, kind, f'{y} {label} vs NBS') if n else ''
            rows.append([str(y), label.strip() if md else label, num(model, e), ws, wg.strip(), ns,
                         ng.strip()])
    table(['year', 'quantity', 'model', 'WPP 2024', 'gap', 'official', 'gap'], rows,
          [5, 29, 15, 15, 8, 15, 11])
    if failures:
        print('\nbeyond the gross-error bounds:\n  ' + '\n  '.join(failures))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
