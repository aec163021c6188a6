"""The track's shared comparison for a load function's result (a store after a load): the
expected columns, one row per key, the expected keys, then the values on the keys both
tables hold. Each step names its mistake: a row loaded twice, a row lost, an old row kept.
"""

from __future__ import annotations

from dsroles.checks.frames import check_columns, require_frame
from dsroles.checks.outcomes import Incorrect
from dsroles.checks.tables import as_table, by_key, key_labels, mismatch
from dsroles.checks.wording import plural


def _rows(got, want, key, what: str) -> None:
    import pandas as pd

    labels = pd.Index(key_labels(got, key))
    repeated = int(labels.duplicated().sum())
    if repeated:
        verb = "appears" if repeated == 1 else "appear"
        raise Incorrect(f"{plural(repeated, what)} {verb} more than once: a load must not add "
                        f"a row whose key is already stored (one row per {what}; an upsert "
                        "replaces it).")
    expected = set(key_labels(want, key))
    missing, extra = len(expected - set(labels)), len(set(labels) - expected)
    if missing:
        raise Incorrect(f"{plural(missing, what)} missing (of {len(expected):,}): every stored "
                        "row and every row of the batch should be in the result.")
    if extra:
        raise Incorrect(f"{plural(extra, what)} that should not be there.")


def _values(got, want, key, what: str) -> None:
    keys = [key] if isinstance(key, str) else list(key)
    for column in [c for c in want.columns if c not in keys]:
        g, w = by_key(got, key, column), by_key(want, key, column)
        bad = int(mismatch(g.loc[w.index], w).sum())
        if bad:
            raise Incorrect(f"{column!r} is wrong for {plural(bad, what)}: when a {what} is "
                            "delivered again, the newest delivery's row should replace the "
                            "stored one.")


def same_store(key, noun: str):
    """``compare(got, want, what=...)`` for ``checks.calling.on_cases``: ``noun`` names a
    row ('ticket', 'customer-month')."""
    def compare(got, want, what: str = "the result"):
        require_frame(got, what)
        got = as_table(got, want)
        check_columns(got, want)
        _rows(got, want, key, noun)
        _values(got, want, key, noun)
    return compare
