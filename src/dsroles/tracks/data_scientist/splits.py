"""The track's shared parts for split answers: tiny snapshot tables to try a split function
on, and the rows of a part as keys."""

from __future__ import annotations

import functools


@functools.cache
def _toy_table_class():
    """A DataFrame that names itself briefly in a check's message (its copies are plain)."""
    import pandas as pd

    class ToyTable(pd.DataFrame):
        def __repr__(self) -> str:
            return f"<table: {self['snapshot_month'].nunique()} months, {len(self)} rows>"

    return ToyTable


def toy_snapshots(months, customers: int = 3, *, shuffle: int | None = None):
    """A tiny snapshot table: ``customers`` customers in each of ``months``."""
    rows = [{"customer_key": f"K{c:02d}", "snapshot_month": m, "tickets_month": (c + i) % 3,
             "churned": int((c + i) % 4 == 0)}
            for i, m in enumerate(months) for c in range(customers)]
    df = _toy_table_class()(rows)
    return df if shuffle is None else _toy_table_class()(df.sample(frac=1.0, random_state=shuffle))


def row_keys(part) -> list[str]:
    return sorted(part["customer_key"].astype(str) + "|" + part["snapshot_month"].astype(str))


def compare_gap_split(got, want, what: str) -> None:
    """A split with a gap against the reference's, month by month, then row by row."""
    import pandas as pd

    from dsroles.checks.numbers import a_type
    from dsroles.checks.outcomes import Incorrect
    from dsroles.checks.wording import plural

    if type(got) not in (tuple, list) or len(got) != 2:
        raise Incorrect(f"{what} is {a_type(got)}; a pair (train, test) of DataFrames is expected.")
    for name, part in zip(("training", "test"), got):
        if type(part) is not pd.DataFrame or "snapshot_month" not in part:
            raise Incorrect(f"the {name} part of {what} is not a DataFrame with the "
                            "snapshot_month column.")
    for name, part, need in zip(("training", "test"), got, want):
        have, months = set(part["snapshot_month"]), set(need["snapshot_month"])
        if name == "training" and have - months:
            raise Incorrect(f"in {what}, the training part holds a month from the gap or later: "
                            "the gap is the months present just before the test months, "
                            "whatever their dates, and it stays out of both parts.")
        if name == "training" and months - have:
            raise Incorrect(f"in {what}, the training part misses a month before the gap.")
        if name == "test" and have != months:
            raise Incorrect(f"in {what}, the test part holds {plural(len(have), 'month')}; it "
                            f"should hold the last {plural(len(months), 'month')} present in "
                            "the table (count the months present, not calendar months), and "
                            "nothing from the gap.")
        if row_keys(part) != row_keys(need):
            raise Incorrect(f"in {what}, the {name} part does not hold every row of its months "
                            "once.")
