"""Decisions handed in as small structured records: a dict of named fields, or a set of ids.

A record answer is a plain ``dict`` whose keys the task names (``{"deploy": "A", ...}``).
``require_record`` is the precheck (the right keys, nothing else); each field is then judged
by a part of its own (``choice_field``, ``number_field``), so that every field earns its share
and its message is about that field alone. ``id_set`` reads a list of ids handed in as a list,
tuple, set, Series or a DataFrame's id column, as plain text.
"""

from __future__ import annotations

from dsroles.checks.choices import check_choice
from dsroles.checks.numbers import a_type, check_number
from dsroles.checks.outcomes import Incorrect, NotAttempted, is_blank_text, is_placeholder
from dsroles.checks.wording import plural


def is_blank_record(value) -> bool:
    """A placeholder, or a dict whose every field is still a placeholder (``{"a": ...}``)."""
    if is_placeholder(value):
        return True
    return type(value) is dict and bool(value) and all(is_blank_text(v) for v in value.values())


def _keys(names) -> str:
    return ", ".join(repr(k) for k in names)


def require_record(value, fields, what: str = "your record") -> dict:
    """``value`` if it is a plain dict with exactly ``fields`` as keys; else Incorrect."""
    if type(value) is not dict:
        raise Incorrect(f"{what} is {a_type(value)}; a dict with the keys {_keys(fields)} is "
                        "expected.")
    missing = [k for k in fields if k not in value]
    extra = [k for k in value if k not in fields]
    if missing or extra:
        found = [f"missing {_keys(missing)}"] if missing else []
        found += [f"unexpected {_keys(extra)}"] if extra else []
        raise Incorrect(f"{what} has the wrong keys: {'; '.join(found)}. Keep exactly these "
                        f"keys: {_keys(fields)}.")
    return value


def field_of(record: dict, key: str):
    """The value of one field; a field still holding its placeholder is 'not answered yet'."""
    value = record[key]
    if is_blank_text(value):
        raise Incorrect(f"{key!r} is not answered yet.")
    return value


def choice_field(key: str, options, why=None):
    """A part: the record's ``key`` holds the expected option (``expected[key]``)."""
    def check(record, expected, context):
        check_choice(field_of(record, key), expected[key], options=options, why=why,
                     what=f"{key!r}")
    return check


def number_field(key: str, *, abs_tol: float = 1e-9, rel_tol: float = 1e-6):
    """A part: the record's ``key`` holds a number close to ``expected[key]``."""
    def check(record, expected, context):
        check_number(field_of(record, key), expected[key], abs_tol=abs_tol, rel_tol=rel_tol,
                     what=f"{key!r}")
    return check


def plain_text(x) -> str | None:
    """``x`` as a plain str when it is text (a str or numpy's ``str_``, which numpy's set
    functions and arrays of labels hand back), else None; no other subclass of str counts."""
    import numpy as np

    return str(x) if type(x) in (str, np.str_) else None


def id_set(value, column: str, what: str = "your answer") -> set[str]:
    """The ids in ``value`` (list, tuple, set, Series, or a DataFrame with ``column``) as text.

    Refuses anything else, elements that are not text or whole numbers, and repeats.
    """
    import numpy as np
    import pandas as pd

    if is_placeholder(value):
        raise NotAttempted("Replace the placeholder with your answer, then check again.")
    kind = type(value)
    if kind is pd.DataFrame:
        if column not in value.columns:
            raise Incorrect(f"{what} is a DataFrame without a {column!r} column.")
        items = value[column].tolist()
    elif kind is pd.Series:
        items = value.tolist()
    elif kind in (list, tuple, set, frozenset):
        items = list(value)
    elif kind is np.ndarray and value.ndim == 1:
        items = value.tolist()
    else:
        raise Incorrect(f"{what} is {a_type(value)}; a list (or Series) of {column} values is "
                        "expected.")
    odd = [x for x in items if type(x) not in (str, int, np.str_)]
    if odd:
        raise Incorrect(f"{what} holds {a_type(odd[0])} values; {column} values are text.")
    ids = [str(x) for x in items]
    repeated = len(ids) - len(set(ids))
    if repeated:
        raise Incorrect(f"{what} lists {plural(repeated, 'id')} more than once: list each "
                        "customer once.")
    return set(ids)


def record(id: str, *, fields, parts, what: str = "your record", **kw):
    """An exercise whose answer is a record with exactly ``fields``, scored part by part; a
    record whose fields are all still placeholders is not attempted yet."""
    from dsroles.checks.exercise import Exercise

    fields = tuple(fields)
    return Exercise(id, precheck=lambda value, want, context: require_record(value, fields, what),
                    parts=parts, not_attempted=is_blank_record, **kw)
