"""Compare a learner's table with the expected one row by row, through a key.

Each helper returns a *part* (``check(value, expected, context)``) for an exercise scored in
parts, so that each property earns its own share and its message is true on its own:

- ``one_row_per(key, what)``: one row per key, none missing, none extra (said once, here);
- ``same_values(key, columns, what)``: the values, compared only on the keys both tables
  share, so a missing row is never also reported as a wrong value;
- ``columns_and_types``, ``columns_only``, ``columns_then(part)``.

Values are read as numpy arrays or as text built here (``frames.text_values``), so an
object that redefines ``==`` cannot pass.
"""

from __future__ import annotations

from dsroles.checks.frames import check_columns, check_dtypes, text_values
from dsroles.checks.outcomes import Incorrect
from dsroles.checks.wording import plural


def need(frame, *columns) -> None:
    """Incorrect naming the first of ``columns`` that ``frame`` lacks."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise Incorrect(f"the column {missing[0]!r} is missing.")


def _key_text(column, name: str) -> list:
    """One key column as text; whole numbers read alike whether stored as int or float."""
    import numpy as np

    if column.dtype.kind in "iuf":
        values = column.to_numpy(dtype=float)
        whole = np.isfinite(values) & (values == np.round(values))
        return [str(int(v)) if w else str(v) for v, w in zip(values, whole)]
    return [str(v) for v in text_values(column, name)]


def key_labels(frame, key) -> list[str]:
    """The key column(s) as one text label per row ('C100001|2025-03' for two columns)."""
    keys = [key] if isinstance(key, str) else list(key)
    need(frame, *keys)
    labels = _key_text(frame[keys[0]], keys[0])
    for k in keys[1:]:
        labels = [f"{a}|{b}" for a, b in zip(labels, _key_text(frame[k], k))]
    return labels


def by_key(frame, key, column):
    """``frame[column]`` indexed by the key labels (the first row of a repeated key)."""
    need(frame, column)
    series = frame[column].set_axis(key_labels(frame, key))
    return series[~series.index.duplicated()]


def one_row_per(key, what: str):
    """A part: one row per ``key``, and exactly the expected keys (none lost, none added)."""
    def check(value, expected, context):
        import pandas as pd

        got = pd.Index(key_labels(value, key))
        repeated = int(got.duplicated().sum())
        if repeated:
            raise Incorrect(f"{plural(repeated, what)} appear more than once; one row per "
                            f"{what} is expected.")
        want = set(key_labels(expected, key))
        missing, extra = len(want - set(got)), len(set(got) - want)
        if missing or extra:
            found = [f"{plural(missing, what)} missing"] if missing else []
            found += [f"{plural(extra, what)} that should not be there"] if extra else []
            raise Incorrect(" and ".join(found) + f" (of {len(want):,}).")
    return check


def mismatch(got, want):
    """True where two aligned Series differ (numbers with a tolerance, dates by instant)."""
    import numpy as np
    import pandas as pd

    if want.dtype.kind == "M":
        if got.dtype.kind != "M":
            raise Incorrect(f"the values are {got.dtype}, not dates: parse them into datetimes.")
        g = got.astype("datetime64[ns]").to_numpy()
        w = want.astype("datetime64[ns]").to_numpy()
        return ~((np.isnat(g) & np.isnat(w)) | (g == w))
    if want.dtype.kind in "iuf":
        g = pd.to_numeric(got, errors="coerce").to_numpy(dtype=float)
        w = want.to_numpy(dtype=float)
        return ~((np.isnan(g) & np.isnan(w)) | np.isclose(g, w, rtol=1e-6, atol=0.005))
    g = text_values(got, str(got.name))
    w = text_values(want, str(want.name))
    return np.array([a != b for a, b in zip(g, w)], dtype=bool)


def same_values(key, columns, what: str, *, rows=None, advice: str = ""):
    """A part: ``columns`` equal the expected ones on every key both tables share.

    ``rows(expected)`` (a boolean mask) limits the comparison to some expected rows. Rows
    missing from either side are ``one_row_per``'s business: they are not counted here.
    """
    columns = [columns] if isinstance(columns, str) else list(columns)

    def check(value, expected, context):
        want_rows = expected if rows is None else expected[rows(expected)]
        for column in columns:
            want = by_key(want_rows, key, column)
            got = by_key(value, key, column)
            shared = want.index.intersection(got.index, sort=False)
            if len(want) and not len(shared):
                raise Incorrect(f"{column!r} cannot be compared: none of your rows has the "
                                f"key of an expected {what}. Fix the rows first.")
            bad = int(mismatch(got.loc[shared], want.loc[shared]).sum())
            if bad:
                of = f"{len(want):,}" if len(shared) == len(want) else \
                    f"the {len(shared):,} your table and the expected one share"
                raise Incorrect(f"{column!r} is wrong for {plural(bad, what)} of {of}.{advice}")
    return check


def columns_and_types(value, expected, context) -> None:
    """A part: the expected columns, each of the expected dtype family."""
    check_columns(value, expected)
    check_dtypes(value, expected)


def columns_only(value, expected, context) -> None:
    """A part: the expected columns (any order)."""
    check_columns(value, expected)


def columns_then(part):
    """A part: the right columns, then ``part``."""
    def check(value, expected, context):
        check_columns(value, expected)
        part(value, expected, context)
    return check
