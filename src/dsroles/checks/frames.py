"""Compare a learner's DataFrame with the expected one, one property at a time.

Each step raises Incorrect with a message that names what is wrong (missing columns,
a column's dtype, "3 rows too many", which column differs) and never shows the answer.
Only a plain ``pandas.DataFrame`` is accepted, and values are compared as numpy arrays
or strings built here, so an object that redefines ``==`` cannot pass.
"""

from __future__ import annotations

from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect
from dsroles.checks.wording import plural


def safe_element_types() -> frozenset:
    """The exact types an object column may hold; any other type could redefine __str__/__eq__."""
    import datetime
    import decimal

    import numpy as np
    import pandas as pd

    from dsroles.checks.numbers import numpy_number_types

    return frozenset({str, int, float, bool, type(None), np.bool_, np.str_, decimal.Decimal,
                      datetime.date, datetime.datetime, datetime.time, datetime.timedelta,
                      pd.Timestamp, pd.Timedelta, type(pd.NA), type(pd.NaT)}) | numpy_number_types()


def _names(names) -> str:
    return ", ".join(repr(n) for n in names)


def require_frame(value, what: str = "your answer"):
    """Return ``value`` if it is a plain DataFrame with str column labels; else raise Incorrect."""
    import pandas as pd

    if type(value) is not pd.DataFrame:
        if type(value) is pd.Series:
            raise Incorrect(f"{what} is a Series; a DataFrame is expected "
                            "(did you select a single column?).")
        raise Incorrect(f"{what} is {a_type(value)}; a pandas DataFrame is expected.")
    bad = [c for c in value.columns if type(c) is not str]
    if bad:
        raise Incorrect(f"{what} has column labels that are not text: {bad[0]!r} "
                        f"({a_type(bad[0])}).")
    return value


def dtype_family(dtype) -> str:
    """Group dtypes a learner may reasonably mix up: 'text' covers object, str and string;
    a category counts as the family of its categories (a category of text is text)."""
    if str(dtype) == "category":
        return dtype_family(dtype.categories.dtype)
    kind = getattr(dtype, "kind", "O")
    name = str(dtype)
    if kind in "iu":
        return "integer"
    if kind == "f":
        return "float"
    if kind == "b":
        return "bool"
    if kind == "M" or name.startswith("datetime64"):
        return "datetime"
    if kind == "m":
        return "timedelta"
    return "text"


def check_columns(value, expected) -> None:
    """Same set of column names (order does not matter)."""
    got, want = list(value.columns), list(expected.columns)
    missing = [c for c in want if c not in got]
    extra = [c for c in got if c not in want]
    duplicated = sorted({c for c in got if got.count(c) > 1})
    problems = []
    if missing:
        problems.append(f"missing {'column' if len(missing) == 1 else 'columns'} {_names(missing)}")
    if extra:
        problems.append(f"extra {'column' if len(extra) == 1 else 'columns'} {_names(extra)}")
    if duplicated:
        problems.append(f"duplicated column names {_names(duplicated)}")
    if problems:
        raise Incorrect("Wrong columns: " + "; ".join(problems) + ".")


def check_dtypes(value, expected) -> None:
    """Each column's dtype in the same family as expected (int, float, bool, datetime, text...)."""
    wrong = [
        f"{c!r} is {value[c].dtype} but should be {dtype_family(expected[c].dtype)}"
        for c in expected.columns
        if dtype_family(value[c].dtype) != dtype_family(expected[c].dtype)
    ]
    if wrong:
        raise Incorrect("Wrong dtype: " + "; ".join(wrong) + ".")


def check_row_count(value, expected) -> None:
    """Same number of rows, reported as 'N rows too many/few'."""
    diff = len(value) - len(expected)
    if diff > 0:
        raise Incorrect(f"{plural(diff, 'row')} too many.")
    if diff < 0:
        raise Incorrect(f"{plural(-diff, 'row')} too few.")


def _safe_column(values, column: str):
    """Refuse object columns holding types we cannot compare safely."""
    if values.dtype.kind == "O":
        odd = {type(v) for v in values} - safe_element_types()
        if odd:
            name = sorted(t.__name__ for t in odd)[0]
            raise Incorrect(f"Column {column!r} holds objects of type {name}; "
                            "plain numbers, text or dates are expected.")
    return values


def text_values(column, name: str) -> list:
    """A column's values as str (None for missing), refusing element types that could lie."""
    import pandas as pd

    values = _safe_column(column.to_numpy(), name)
    return [None if pd.isna(x) else str(x) for x in values]


def _column_mismatch(got, want, abs_tol: float, rel_tol: float):
    """Boolean array: True where the two columns (numpy arrays) differ."""
    import numpy as np
    import pandas as pd

    if got.dtype.kind in "iufb" and want.dtype.kind in "iufb":
        g, w = got.astype(np.float64), want.astype(np.float64)
        both_nan = np.isnan(g) & np.isnan(w)
        return ~(both_nan | np.isclose(g, w, rtol=rel_tol, atol=abs_tol))
    g = [None if pd.isna(x) else str(x) for x in got]  # got has passed _safe_column
    w = [None if pd.isna(x) else str(x) for x in want]
    return np.array([a != b for a, b in zip(g, w)], dtype=bool)


def _sorted(frame, columns):
    return frame.sort_values(list(columns), na_position="last", kind="stable").reset_index(drop=True)


def check_values(value, expected, *, ignore_order: bool = True,
                 abs_tol: float = 1e-9, rel_tol: float = 1e-6) -> None:
    """Same values column by column (after sorting rows when order does not matter)."""
    columns = list(expected.columns)
    for c in columns:
        _safe_column(value[c].to_numpy(), c)
    got = value[columns].reset_index(drop=True)
    want = expected[columns].reset_index(drop=True)
    if ignore_order:
        got = _sorted(got.astype({c: str for c in columns if got[c].dtype.kind == "O"}), columns)
        want = _sorted(want.astype({c: str for c in columns if want[c].dtype.kind == "O"}), columns)
    for c in columns:
        bad = _column_mismatch(got[c].to_numpy(), want[c].to_numpy(), abs_tol, rel_tol)
        if bad.any():
            order = " (rows compared after sorting)" if ignore_order else ""
            raise Incorrect(
                f"Column {c!r} has wrong values in {plural(int(bad.sum()), 'row')} "
                f"of {len(want)}{order}."
            )


def check_frame(value, expected, *, dtypes: bool = True, ignore_order: bool = True,
                abs_tol: float = 1e-9, rel_tol: float = 1e-6, what: str = "your answer") -> None:
    """Raise Incorrect at the first difference: type, columns, dtypes, row count, values."""
    require_frame(value, what)
    check_columns(value, expected)
    if dtypes:
        check_dtypes(value, expected)
    check_row_count(value, expected)
    check_values(value, expected, ignore_order=ignore_order, abs_tol=abs_tol, rel_tol=rel_tol)
