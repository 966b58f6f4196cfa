#!/usr/bin/python3
"""Prints the derived demographic defaults of scenarios/defaults.toml and scenarios/china.toml
with the figures they come from (DEMOGRAPHY-SOURCES.md, sections e-h).

Usage: derive_demography_defaults.py WPP2024_CHECKOUT [SCENARIOS_DATA_DIR]
WPP2024_CHECKOUT is a checkout of github.com/PPgp/wpp2024 (commit 2da7768); the China rows of
data-raw/{mxM5,mxF5,tfr,tfrprojMed,births}.txt and data/migprojAge5dt.rda (read with Rscript)
are used."""
import csv, math, os, subprocess, sys

wpp = sys.argv[1]
data = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(os.path.abspath(__file__))
CHINA = '156'


def row(name, key=None):
    with open(os.path.join(wpp, 'data-raw', name + '.txt'), encoding='utf-8') as f:
        r = list(csv.reader(f, delimiter='\t'))
    out = [dict(zip(r[0], x)) for x in r[1:] if x[0] == CHINA]
    return out if key else out[0]


def fmt(v, p=6):
    return '[' + ', '.join(f'{x:.{p}g}' for x in v) + ']'


# (e) Mortality improvement: annual rate of decline of m(x) from 2005-2010 to 2015-2020.
print('# (e) mortality improvement r(x) = ln(m_2005-2010 / m_2015-2020) / 10')
for sex, name in (('male', 'mxM5'), ('female', 'mxF5')):
    rows = row(name, key=True)
    r = [math.log(float(x['2005-2010']) / float(x['2015-2020'])) / 10 for x in rows]
    print(f'{sex}_improvement = {fmt(r, 4)}  # ages {[x["age"] for x in rows]}')

# (f) TFR path by calendar year, 2015-2050: estimates to 2023, medium variant from 2024.
tfr = row('tfr')
proj = row('tfrprojMed')
path = [float(tfr[str(y)]) for y in range(2015, 2024)] + [float(proj[str(y)]) for y in
                                                          range(2024, 2051)]
print('\n# (f) path_first_year = 2015')
print(f'path_tfr = {fmt(path, 5)}')

# (g) Cohort births 1950-2020 (thousands -> persons).
births = row('births')
b = [round(float(births[str(y)]) * 1000) for y in range(1950, 2021)]
print('\n# (g) cohort_births_first_year = 1950')
print('cohort_births = [' + ', '.join(str(x) for x in b) + ']')

# (h) Census fertility level constants.
def census(path):
    with open(path, encoding='utf-8') as f:
        return list(csv.DictReader(f))


rows = census(os.path.join(data, 'census2020_counties.csv'))
asfr_groups = ['15_19', '20_24', '25_29', '30_34', '35_39', '40_44', '45_49']
asfr = [0.00481, 0.04796, 0.09776, 0.07022, 0.03011, 0.00744, 0.00170]
m0 = {'male': 0.00617945, 'female': 0.00523073}
male_share = 111.3 / 211.3
s0 = sum(w * (1 - math.exp(-m0[s])) / m0[s] for s, w in (('male', male_share),
                                                            ('female', 1 - male_share)))


def expected_births(r):
    return sum(a * float(r[f'female_{g}']) for a, g in zip(asfr, asfr_groups))


P0 = sum(float(r['male_0']) + float(r['female_0']) for r in rows)
P14 = sum(float(r['male_1_4']) + float(r['female_1_4']) for r in rows)
B = sum(expected_births(r) for r in rows)
u0 = 1 - P0 / (s0 * B)
c14 = P14 / B
print(f'\n# (h) national: age 0 {P0:.0f}, ages 1-4 {P14:.0f}, births of the census year by the '
      f'default ASFR {B:.0f}, survival of the year\'s births to the census S0 {s0:.6f}')
print(f'census_age0_undercount = {u0:.5f}')
print(f'census_children_1_4_per_birth = {c14:.5f}')
# Between-county spread of the census-year level around the 1-4 level (method of moments):
# rho0 = P0 / E0, rho14 = (P14 / B) / c14, Var(rho0 / rho14) = tau^2 + E[1 / (E0 rho14)].
ratios, poisson, weights = [], [], []
for r in rows:
    Bc = expected_births(r)
    p0 = float(r['male_0']) + float(r['female_0'])
    p14 = float(r['male_1_4']) + float(r['female_1_4'])
    if Bc < 50 or p14 <= 0:
        continue
    E0 = Bc * s0 * (1 - u0)
    rho14 = p14 / Bc / c14
    ratios.append(p0 / E0 / rho14)
    poisson.append(1 / (E0 * rho14))
n = len(ratios)
mean = sum(ratios) / n
var = sum((x - mean) ** 2 for x in ratios) / (n - 1)
tau2 = var - sum(poisson) / n
print(f'# {n} counties with >= 50 expected births: mean of rho0/rho14 {mean:.4f}, variance '
      f'{var:.5f}, of which Poisson {sum(poisson) / n:.5f}; tau^2 = {tau2:.5f}')
print(f'census_prior_births = {1 / tau2:.1f}  # = 1 / tau^2')

# (i) National net international migration by age and sex, 2020-2025, per 1,000 a year.
script = ('e<-new.env(); load("%s", envir=e); x<-as.data.frame(e$migprojAge5dt); '
          'y<-x[x$country_code==156 & x$period=="2020-2025",]; '
          'write.table(y[,c("age","migM","migF")], sep="\\t", quote=FALSE, row.names=FALSE)'
          % os.path.join(wpp, 'data', 'migprojAge5dt.rda'))
out = subprocess.run(['Rscript', '-e', script], capture_output=True, text=True, check=True).stdout
mig = [l.split('\t') for l in out.strip().splitlines()[1:]]
nat = census(os.path.join(data, 'census2020_age_sex.csv'))
pop = {r['age_group']: (float(r['male']), float(r['female'])) for r in nat}
pop['0-4'] = tuple(pop['0'][i] + pop['1-4'][i] for i in range(2)) if '0' in pop else pop['0-4']
groups = [m[0] for m in mig]
rm = [1e6 * float(m[1]) / 5 / pop[g][0] for m, g in zip(mig, groups)]
rf = [1e6 * float(m[2]) / 5 / pop[g][1] for m, g in zip(mig, groups)]
print('\n# (i) China, WPP 2024 medium net migration 2020-2025 (thousands per 5 years) / 5 / '
      'census population of the group')
print(f'age_groups = {groups}')
print(f'net_rate_male = {fmt(rm, 3)}')
print(f'net_rate_female = {fmt(rf, 3)}')
