#!/usr/bin/python3
"""Compares two laoxiao run files dataset by dataset, by name and value.

    /usr/bin/python3 analysis/compare_runs.py A.h5 B.h5 [--ignore REGEX ...] [--quiet]

Names are compared independently of the file layout version: a dimension scale kept in a
group's ``dims/`` subgroup (format 1) and one kept in the group itself (format 2) have the same
name, and a compound table (format 1) is compared field by field with a group of columns
(format 2). Values must be identical (NaN equals NaN; strings as text). Exit code 0 when every
dataset present in both files holds the same values and no dataset is missing from either,
1 otherwise (each difference is listed), 2 on unusable arguments.
"""
import argparse
import re
import sys

import h5py
import numpy as np


def _text(values):
    out = []
    for v in np.asarray(values).ravel():
        out.append(v.decode("utf-8") if isinstance(v, bytes) else str(v))
    return np.array(out, dtype=object)


def _collect(path):
    """Logical name -> numpy array (or object array of text)."""
    items = {}
    scales = set()

    def visit(name, obj):
        if not isinstance(obj, h5py.Dataset):
            return
        parts = [p for p in name.split("/") if p != "dims"]
        logical = "/".join(parts)
        is_scale = obj.attrs.get("CLASS", b"") in (b"DIMENSION_SCALE", "DIMENSION_SCALE")
        if obj.dtype.names:  # compound table (format 1): one entry per field
            data = obj[...]
            for field in obj.dtype.names:
                column = data[field]
                kind = obj.dtype[field]
                if h5py.check_string_dtype(kind) is not None or kind.kind in "OSU":
                    column = _text(column)
                items[logical + "/" + field] = column
            return
        data = obj[...]
        if h5py.check_string_dtype(obj.dtype) is not None or obj.dtype.kind in "OSU":
            data = _text(data)
        items[logical] = data
        if is_scale:
            scales.add(logical)

    with h5py.File(path, "r") as f:
        f.visititems(visit)
    return items, scales


def _equal(a, b):
    if a.shape != b.shape:
        return False, "shape %s against %s" % (a.shape, b.shape)
    if a.dtype == object or b.dtype == object:
        same = np.array_equal(a.astype(object), b.astype(object))
        return same, "" if same else "text differs"
    a64 = np.asarray(a, dtype=np.float64)
    b64 = np.asarray(b, dtype=np.float64)
    same = np.array_equal(a64, b64, equal_nan=True)
    if same:
        return True, ""
    diff = np.abs(np.nan_to_num(a64 - b64, nan=np.inf))
    return False, "%d of %d values differ, largest difference %g" % (
        int(np.count_nonzero(~((a64 == b64) | (np.isnan(a64) & np.isnan(b64))))),
        a64.size,
        float(np.max(diff)),
    )


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("a")
    p.add_argument("b")
    p.add_argument("--ignore", action="append", default=[],
                   help="regular expression of logical names to leave out (repeatable)")
    p.add_argument("--quiet", action="store_true", help="print only the summary line")
    args = p.parse_args(argv)
    ignore = [re.compile(r) for r in args.ignore]
    a, scales_a = _collect(args.a)
    b, scales_b = _collect(args.b)

    def kept(name):
        return not any(r.search(name) for r in ignore)

    # A coordinate repeated in a subgroup (format 2 repeats scales where they are used) is the
    # same coordinate: compare it with the one of the enclosing group when only that exists.
    def find(name, items, scales):
        if name in items:
            return name
        parts = name.split("/")
        for cut in range(len(parts) - 2, -1, -1):
            alt = "/".join(parts[:cut] + parts[-1:])
            if alt in items and alt in scales:
                return alt
        return None

    compared = same = 0
    problems = []
    for name in sorted(set(a) | set(b)):
        if not kept(name):
            continue
        na = find(name, a, scales_a)
        nb = find(name, b, scales_b)
        if na is None or nb is None:
            if name in scales_a or name in scales_b:
                continue  # a repeated coordinate whose original is compared
            problems.append("%s: only in %s" % (name, args.b if na is None else args.a))
            continue
        compared += 1
        ok, why = _equal(a[na], b[nb])
        if ok:
            same += 1
        else:
            problems.append("%s: %s" % (name, why))
    if not args.quiet:
        for line in problems:
            print(line)
    print("compared %d datasets: %d identical, %d problem(s)" % (compared, same, len(problems)))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
