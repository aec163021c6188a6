"""Data engineer, lesson 5 (``05_volume``): aggregate millions of events in DuckDB.

    from dsroles.tracks.data_engineer import volume
    q = volume.bind(seed=SEED, usage_scale=K)
    q.usage_by_month.check(my_usage)
"""

from __future__ import annotations

from dsroles.checks import declare
from dsroles.checks.exercise import Part
from dsroles.checks.registry import binder
from dsroles.checks.tables import columns_only, one_row_per
from dsroles.tracks.data_engineer import data, usage


def usage_reference(seed: int, usage_scale: int = 1):
    """Sessions and seconds per customer and month of the history, by the pandas reference."""
    from dsroles.churn import volume

    return volume.usage_pandas(data.data_dir(seed, usage_scale) / "history" / "usage_events.parquet")


CUSTOMER_MONTH = ["customer_id", "month"]


usage_by_month = declare.frame_in_parts(
    "de.usage_by_month",
    competency="DE-5",
    expected=usage_reference,
    context=("seed", "usage_scale"),
    parts=[
        Part("columns", columns_only),
        Part("one row per customer and month", one_row_per(
            CUSTOMER_MONTH, "customer-month", advice=usage.MONTH_AS_TEXT)),
        Part("sessions", usage.counts_part(CUSTOMER_MONTH, "customer-month", "sessions")),
        Part("seconds", usage.total_part(CUSTOMER_MONTH, "customer-month", "seconds")),
    ],
    hints=[
        "In SQL: drop the replayed copies first (SELECT DISTINCT ON (event_id) * FROM "
        "read_parquet(?)), keep seconds >= 0, then GROUP BY customer_id and the month "
        "strftime(ts, '%Y-%m').",
        "A heartbeat log has many events per session: count sessions with "
        "count(DISTINCT session_id), not count(*). Sum the seconds.",
    ],
    solution=(
        "```python\nsql = '''\nSELECT customer_id, strftime(ts, '%Y-%m') AS month,\n"
        "       count(DISTINCT session_id) AS sessions, sum(seconds) AS seconds\n"
        "FROM (SELECT DISTINCT ON (event_id) * FROM read_parquet(?))\n"
        "WHERE seconds >= 0\nGROUP BY customer_id, month\n'''\n"
        "my_usage = duckdb.execute(sql, [str(events_path)]).df()\n```"
    ),
)


bind = binder(__name__)
