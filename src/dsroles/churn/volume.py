"""Aggregate usage events per customer and month, two ways, with the same result.

- ``usage_pandas(path)`` reads every event into memory, cleans it with the reference
  cleaning (``clean.clean_events``) and groups it in pandas;
- ``usage_duckdb(path)`` asks DuckDB to do the same on the Parquet file itself, so the
  events never become a pandas table: only the small monthly result does;
- ``usage_chunked(path)`` stays in pandas but reads the file one batch at a time.

All three return the columns ``customer_id, month, sessions, seconds``, one row per customer
and month, sorted, with integer counts. ``timed(fn, *args)`` runs one and measures it.
"""

from __future__ import annotations

import time
from pathlib import Path

COLUMNS = ["customer_id", "month", "sessions", "seconds"]
EVENT_COLUMNS = ["event_id", "customer_id", "session_id", "ts", "seconds"]  # what pandas reads

# The replayed duplicates are dropped (one row per event_id) and the negative durations
# left out *before* aggregating, as clean.clean_events does in pandas (a replay is an exact
# copy of its event, so the order of the two steps does not matter). To keep the
# memory low at tens of millions of events, the de-duplication works on numbers only
# (event, session, month, seconds: no text), the seconds are added up per session, and the
# customer of each session is joined in at the end, when there are a few times fewer rows.
# (A session belongs to one customer, as the player logs it.)
USAGE_SQL = """
WITH events AS (
    SELECT event_id, any_value(session_id) AS session_id,
           any_value(date_trunc('month', ts)) AS month, any_value(seconds) AS seconds
    FROM read_parquet($path)
    WHERE seconds >= 0
    GROUP BY event_id                          -- one row per event_id: replays count once
),
per_session AS (
    SELECT session_id, month, sum(seconds) AS seconds
    FROM events
    GROUP BY session_id, month
),
customer_of AS (
    SELECT DISTINCT session_id, customer_id FROM read_parquet($path)
)
SELECT customer_id,
       strftime(month, '%Y-%m')      AS month,
       count(*)                      AS sessions,
       sum(seconds)::BIGINT          AS seconds
FROM per_session JOIN customer_of USING (session_id)
GROUP BY customer_id, month
ORDER BY customer_id, month
"""


def _path(path) -> str:
    from dsroles.churn.ingest import SourceError

    path = Path(path)
    if not path.is_file():
        raise SourceError(f"{path} is missing. Generate the data with "
                          "dsroles.churn.data.project_data(seed, usage_scale=K) first.")
    return path.as_posix()


def _tidy(df):
    out = df[COLUMNS].sort_values(["customer_id", "month"], ignore_index=True)
    return out.astype({"customer_id": str, "month": str, "sessions": "int64", "seconds": "int64"})


def usage_pandas(path) -> "pd.DataFrame":  # noqa: F821
    """Sessions and seconds watched per customer and month, computed in memory with pandas."""
    import pandas as pd

    from dsroles.churn.clean import clean_events

    events = clean_events(pd.read_parquet(_path(path), columns=EVENT_COLUMNS))
    month = events["ts"].dt.to_period("M").astype(str)
    out = (events.assign(month=month).groupby(["customer_id", "month"])
           .agg(sessions=("session_id", "nunique"), seconds=("seconds", "sum")).reset_index())
    return _tidy(out)


def usage_chunked(path, *, batch_size: int = 1_000_000) -> "pd.DataFrame":  # noqa: F821
    """The same table with pandas, one batch of ``batch_size`` events at a time.

    Only a batch and the per-session partial sums are held at once. Sums combine by adding,
    distinct counts do not (a session can straddle two batches), so each batch is reduced to
    one row per customer, month and session, and sessions are counted at the end. A replay
    whose original sits in an earlier batch is caught by a bitmap of the event ids seen.
    """
    import pandas as pd
    import pyarrow.parquet as pq

    file = pq.ParquetFile(_path(path))
    seen = _EventIds(file)
    keys = ["customer_id", "month", "session_id"]
    parts = []
    for batch in file.iter_batches(batch_size=batch_size, columns=EVENT_COLUMNS):
        chunk = batch.to_pandas().drop_duplicates("event_id")
        chunk = chunk[seen.first_time(chunk["event_id"].to_numpy()) & (chunk["seconds"] >= 0).to_numpy()]
        chunk = chunk.assign(month=chunk["ts"].dt.to_period("M").astype(str))
        parts.append(chunk.groupby(keys, as_index=False)["seconds"].sum())
    if not parts:
        return _tidy(pd.DataFrame(columns=COLUMNS))
    sessions = pd.concat(parts, ignore_index=True).groupby(keys, as_index=False)["seconds"].sum()
    out = (sessions.groupby(["customer_id", "month"])
           .agg(sessions=("session_id", "size"), seconds=("seconds", "sum")).reset_index())
    return _tidy(out)


class _EventIds:
    """Which event ids have been seen: one byte per possible id, from the file's statistics."""

    def __init__(self, file):
        import numpy as np
        import pyarrow.compute as pc

        column = file.schema_arrow.get_field_index("event_id")
        stats = [file.metadata.row_group(i).column(column).statistics
                 for i in range(file.metadata.num_row_groups)]
        if stats and all(s is not None and s.has_min_max for s in stats):
            low, high = min(s.min for s in stats), max(s.max for s in stats)
        else:  # no statistics: read the one column to find the range
            bounds = pc.min_max(file.read(columns=["event_id"])["event_id"]).as_py()
            low, high = bounds["min"] or 0, bounds["max"] or 0
        if low < 0:
            raise ValueError(f"event ids must not be negative to be tracked in batches, found {low}")
        self._seen = np.zeros(int(high) + 1, dtype=bool)

    def first_time(self, ids):
        """A mask: True where the id has not been seen in an earlier call; then marks them."""
        fresh = ~self._seen[ids]
        self._seen[ids] = True
        return fresh


def usage_duckdb(path, *, threads: int | None = None,
                 memory_limit: str | None = None) -> "pd.DataFrame":  # noqa: F821
    """The same table, computed by DuckDB straight from the Parquet file.

    ``threads`` and ``memory_limit`` (e.g. ``"500MB"``) set DuckDB's budget; above it,
    DuckDB spills to a temporary folder (removed afterwards, never the notebook's folder)
    and, if even that is not enough, stops with an OutOfMemoryException that says so.
    """
    import tempfile

    import duckdb

    source = _path(path)
    with tempfile.TemporaryDirectory(prefix="dsroles-duckdb-") as spill:
        return _tidy(_query(duckdb.connect(), source, spill, threads, memory_limit))


def _query(con, source: str, spill: str, threads, memory_limit):
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute("SET temp_directory = ?", [spill])
        if threads is not None:
            con.execute(f"SET threads = {int(threads)}")
        if memory_limit is not None:
            con.execute("SET memory_limit = ?", [str(memory_limit)])
        return con.execute(USAGE_SQL, {"path": source}).df()
    finally:
        con.close()


def timed(fn, *args, **kwargs):
    """``(result, seconds)``: run ``fn`` once and measure its wall-clock time."""
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start
