"""Compare a learner's table with the expected one row by row, through a key.

Each helper returns a *part* (``check(value, expected, context)``) for an exercise scored in
parts, so that each property earns its own share and its message is true on its own:

- ``one_row_per(key, what)``: one row per key, none missing, none extra (said once, here);
- ``same_values(key, columns, what)``: the values, compared only on the keys both tables
  share, so a missing row is never also reported as a wrong value; when no key matches at
  all (keys written another way, or pseudonymised with another secret), the values are
  judged as a whole, column by column, so a wrong key costs the key's part and no other;
- ``columns_and_types``, ``columns_only``, ``columns_then(part)``.

Every part reads a key or an expected column kept in the index (``groupby`` without
``reset_index``) as if it were a column. Values are read as numpy arrays or as text built
here (``frames.text_values``), so an object that redefines ``==`` cannot pass.
"""

from __future__ import annotations

from dsroles.checks.frames import check_columns, check_dtypes, text_values
from dsroles.checks.outcomes import Incorrect
from dsroles.checks.wording import plural


def _names(key) -> list[str]:
    return [key] if isinstance(key, str) else list(key)


def with_columns(frame, names):
    """``frame`` with the index levels named in ``names`` (and missing as columns) as columns."""
    levels = [n for n in frame.index.names
              if n is not None and n in names and n not in frame.columns]
    return frame.reset_index(level=levels) if levels else frame


def as_table(value, expected):
    """``value`` with its index levels moved to columns where the expected table has them."""
    return with_columns(value, list(expected.columns))


def need(frame, *columns) -> None:
    """Incorrect naming the first of ``columns`` that ``frame`` lacks."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise Incorrect(f"the column {missing[0]!r} is missing.")


def _key_text(column, name: str) -> list:
    """One key column as text; whole numbers read alike whether stored as int or float."""
    import numpy as np

    if column.dtype.kind in "iuf":
        values = column.to_numpy(dtype=float, na_value=np.nan)
        whole = np.isfinite(values) & (values == np.round(values))
        return [str(int(v)) if w else str(v) for v, w in zip(values, whole)]
    return [str(v) for v in text_values(column, name)]


def key_labels(frame, key) -> list[str]:
    """The key column(s) as one text label per row ('C100001|2025-03' for two columns)."""
    keys = _names(key)
    frame = with_columns(frame, keys)
    need(frame, *keys)
    labels = _key_text(frame[keys[0]], keys[0])
    for k in keys[1:]:
        labels = [f"{a}|{b}" for a, b in zip(labels, _key_text(frame[k], k))]
    return labels


def by_key(frame, key, column):
    """``frame[column]`` indexed by the key labels (the first row of a repeated key)."""
    frame = with_columns(frame, _names(key) + [column])
    need(frame, column)
    series = frame[column].set_axis(key_labels(frame, key))
    return series[~series.index.duplicated()]


def one_row_per(key, what: str, *, advice: str = ""):
    """A part: one row per ``key``, and exactly the expected keys (none lost, none added).

    When none of the learner's keys is an expected one, the message says so (the keys are
    written another way) instead of counting every row as both missing and extra;
    ``advice`` is added to that message.
    """
    def check(value, expected, context):
        import pandas as pd

        got = pd.Index(key_labels(value, key))
        repeated = int(got.duplicated().sum())
        if repeated:
            verb = "appears" if repeated == 1 else "appear"
            raise Incorrect(f"{plural(repeated, what)} {verb} more than once; one row per "
                            f"{what} is expected.")
        want = set(key_labels(expected, key))
        missing, extra = len(want - set(got)), len(set(got) - want)
        if want and len(got) and missing == len(want):
            raise Incorrect(f"none of your rows has the key of an expected {what}: the key "
                            f"({', '.join(_names(key))}) is written another way.{advice}")
        if missing or extra:
            found = [f"{plural(missing, what)} missing"] if missing else []
            found += [f"{plural(extra, what)} that should not be there"] if extra else []
            raise Incorrect(" and ".join(found) + f" (of {len(want):,}).")
    return check


def float_values(series):
    """A column as float64 numbers (NaN where missing or not a number)."""
    import numpy as np
    import pandas as pd

    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _datetimes(got, want):
    """The two datetime columns as naive datetime64[ns] arrays, or Incorrect saying why not."""
    if got.dtype.kind != "M":
        raise Incorrect(f"the values are {got.dtype}, not dates: parse them into datetimes.")
    if getattr(got.dtype, "tz", None) is not None and getattr(want.dtype, "tz", None) is None:
        raise Incorrect("the values carry a time zone; the source's times are local times "
                        "without one: keep them as delivered, without converting.")
    return (got.astype("datetime64[ns]").to_numpy(), want.astype("datetime64[ns]").to_numpy())


def mismatch(got, want):
    """True where two aligned Series differ (numbers with a tolerance, dates by instant)."""
    import numpy as np

    if want.dtype.kind == "M":
        g, w = _datetimes(got, want)
        return ~((np.isnat(g) & np.isnat(w)) | (g == w))
    if want.dtype.kind in "iuf":
        g, w = float_values(got), float_values(want)
        return ~((np.isnan(g) & np.isnan(w)) | np.isclose(g, w, rtol=1e-6, atol=0.005))
    g = text_values(got, str(got.name))
    w = text_values(want, str(want.name))
    return np.array([a != b for a, b in zip(g, w)], dtype=bool)


def _sorted_values(series, like):
    """``series`` sorted as ``like``'s kind of values: numbers, instants or text."""
    import numpy as np
    import pandas as pd

    if like.dtype.kind == "M":
        g, _ = _datetimes(series, like)
        return pd.Series(np.sort(g), name=series.name)
    if like.dtype.kind in "iuf":
        return pd.Series(np.sort(float_values(series)), name=series.name)
    text = text_values(series, str(series.name))
    return pd.Series(sorted(text, key=lambda t: (t is None, t or "")), name=series.name,
                     dtype=object)


def _as_a_whole(got, want, column: str, what: str) -> None:
    """Compare a column as a multiset of values: used when no key of the two tables matches."""
    if len(got) != len(want):
        raise Incorrect(f"{column!r} cannot be compared: your keys match none of the expected "
                        f"{what}s and the row counts differ. Fix the rows first.")
    bad = int(mismatch(_sorted_values(got, want), _sorted_values(want, want)).sum())
    if bad:
        raise Incorrect(f"{column!r} is wrong: compared as a whole (your keys match none of "
                        f"the expected ones), {plural(bad, 'value')} of {len(want):,} differ.")


def same_values(key, columns, what: str, *, rows=None, advice: str = "", explain=None):
    """A part: ``columns`` equal the expected ones on every key both tables share.

    ``rows(table)`` (a boolean mask) limits the comparison to some expected rows. Rows
    missing from either side are ``one_row_per``'s business: they are not counted here.
    When no key is shared, each column is compared as a whole (sorted values), so that a
    key written another way costs only the key's part. ``explain(got, want)`` receives the
    differing values (aligned Series) and returns a sentence naming the likely mistake;
    ``advice`` is said otherwise.
    """
    columns = _names(columns)

    def check(value, expected, context):
        want_rows = expected if rows is None else expected[rows(expected)]
        for column in columns:
            want = by_key(want_rows, key, column)
            got = by_key(value, key, column)
            shared = want.index.intersection(got.index, sort=False)
            if len(want) and not len(shared):
                _as_a_whole(_own_rows(value, column, rows), want, column, what)
                continue
            bad = mismatch(got.loc[shared], want.loc[shared])
            if bad.any():
                n = int(bad.sum())
                of = f"{len(want):,}" if len(shared) == len(want) else \
                    f"the {len(shared):,} your table and the expected one share"
                why = explain(got.loc[shared][bad], want.loc[shared][bad]) if explain else ""
                raise Incorrect(f"{column!r} is wrong for {plural(n, what)} of {of}."
                                f"{' ' + why if why else advice}")
    return check


def _own_rows(value, column, rows):
    """The learner's ``column``, limited by ``rows`` read on their own table when it can be."""
    value = with_columns(value, [column])
    need(value, column)
    if rows is None:
        return value[column]
    try:
        return value.loc[rows(value), column]
    except (KeyError, TypeError, ValueError):
        raise Incorrect(f"{column!r} cannot be compared: your keys match none of the expected "
                        "ones. Fix the keys first.") from None


def by_direction(high: str, low: str, mixed: str = "",
                 missing: str = "a missing value is not a number."):
    """An ``explain`` for numbers: ``high`` when all the wrong values are too high, ``low``
    when all are too low, ``mixed`` (else both) when some are each, and ``missing`` when
    some are missing."""
    def explain(got, want):
        import numpy as np

        g, w = float_values(got), float_values(want)
        if np.isnan(g).any():
            return f"{plural(int(np.isnan(g).sum()), 'value')} missing: {missing}"
        if (g > w).all():
            return f"They are too high: {high}"
        if (g < w).all():
            return f"They are too low: {low}"
        return f"Some are too high, some too low: {mixed}" if mixed else \
            f"Some are too high ({high.rstrip('.')}), some too low ({low.rstrip('.')})."
    return explain


def columns_and_types(value, expected, context) -> None:
    """A part: the expected columns, each of the expected dtype family (a category of text
    counts as text)."""
    value = as_table(value, expected)
    check_columns(value, expected)
    check_dtypes(value, expected)


def columns_only(value, expected, context) -> None:
    """A part: the expected columns (any order)."""
    check_columns(as_table(value, expected), expected)


def columns_then(part):
    """A part: the right columns, then ``part``."""
    def check(value, expected, context):
        check_columns(as_table(value, expected), expected)
        part(value, expected, context)
    return check
