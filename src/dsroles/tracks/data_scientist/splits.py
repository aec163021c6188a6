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
