#!/usr/bin/python3
"""Writes census2010_counties.csv from the 6th-census county workbook of github.com/leiii/census
(data/census/census_county_2010_v1.xlsx; see census2010_counties.SOURCE.md).

Usage: census2010_from_xlsx.py WORKBOOK.xlsx OUT.csv
Reads the xlsx with the standard library only (zip + XML)."""
import csv, re, sys, zipfile
import xml.etree.ElementTree as ET

NS = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
GROUPS = ['0', '1_4', '5_9', '10_14', '15_19', '20_24', '25_29', '30_34', '35_39', '40_44',
          '45_49', '50_54', '55_59', '60_64', '65_69', '70_74', '75_79', '80_84', '85_plus']
# Prefecture-level cities without county-level units in 2010, listed under their own code.
NO_COUNTY = {'441900', '442000', '460200', '620200'}


def cells(path):
    z = zipfile.ZipFile(path)
    shared = [''.join(t.text or '' for t in si.iter(NS + 't'))
              for si in ET.fromstring(z.read('xl/sharedStrings.xml')).iter(NS + 'si')]
    sheet = sorted(n for n in z.namelist() if n.startswith('xl/worksheets/sheet'))[0]
    for row in ET.fromstring(z.read(sheet)).iter(NS + 'row'):
        out = {}
        for c in row.iter(NS + 'c'):
            col = 0
            for ch in re.match(r'[A-Z]+', c.get('r')).group(0):
                col = col * 26 + ord(ch) - 64
            v = c.find(NS + 'v')
            val = None if v is None else (shared[int(v.text)] if c.get('t') == 's' else v.text)
            out[col - 1] = val
        yield [out.get(i) for i in range(max(out) + 1)] if out else []


def main(src, dst):
    rows = list(cells(src))
    header = rows[0]
    assert header[19].startswith('0岁') and header[56].startswith('85岁'), 'unexpected columns'
    province = prefecture = ''
    out = []
    for r in rows[1:]:
        r = r + [None] * (57 - len(r))
        name, code = (r[0] or '').strip(), (r[1] or '').strip()
        if code.endswith('0000'):
            province = prefecture = name
            continue
        if code.endswith('00') and code not in NO_COUNTY:
            prefecture = name
            continue
        if not code:
            continue  # sub-totals (市辖区, 县) and the few uncoded units, which cannot be matched
        counts = [int(float(x)) if x not in (None, '') else 0 for x in r[19:57]]
        male, female = counts[0::2], counts[1::2]
        rec = {'code': code, 'province': province,
               'prefecture': name if code in NO_COUNTY else prefecture,
               'county': name, 'population': int(float(r[2]))}
        for g, m, f in zip(GROUPS, male, female):
            rec['male_' + g], rec['female_' + g] = m, f
        rec['age_sum_matches'] = int(sum(counts) == rec['population'])
        out.append(rec)
    with open(dst, 'w', newline='', encoding='utf-8') as f:
        w = csv.DictWriter(f, fieldnames=list(out[0]))
        w.writeheader()
        w.writerows(out)
    print(f'{len(out)} rows, {sum(r["population"] for r in out)} people, '
          f'{sum(1 - r["age_sum_matches"] for r in out)} rows whose age counts miss the total')


if __name__ == '__main__':
    main(*sys.argv[1:3])
