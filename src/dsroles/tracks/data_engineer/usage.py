"""The track's shared parts for usage tables (per month and device, or per customer and
month), and the memory budget of a function that builds one from a Parquet log."""

from __future__ import annotations

from dsroles.checks.exercise import Part
from dsroles.checks.frames import require_frame
from dsroles.checks.outcomes import Incorrect
from dsroles.checks.tables import by_direction, columns_only, one_row_per, same_values
from dsroles.tracks.data_engineer.memory import measure

MONTH_DEVICE = ["month", "device"]
MONTH_AS_TEXT = " Write month as the text 'YYYY-MM' (strftime(ts, '%Y-%m'))."
AS_WRITTEN = "take the month of ts as written (local time, no time-zone conversion)."
MIXED = ("check which events you keep (drop the replayed copies and the negative durations), "
         "and " + AS_WRITTEN)
HEARTBEAT = " (a heartbeat log has several events per session)"


def counts_explained(column: str, note: str = ""):
    """Why counts of distinct customers or sessions are off, by direction."""
    return by_direction(
        high=f"count distinct {column}{note}, after dropping the replayed events and the "
             "negative durations.",
        low=f"count the distinct {column} of every cleaned event of the month; " + AS_WRITTEN,
        mixed=MIXED, missing=f"a row with no {column} has 0.")


def seconds_explained(unit: str):
    return by_direction(
        high=f"sum the seconds of the cleaned events only (replayed copies and negative "
             f"durations dropped){unit}.",
        low=f"sum the seconds of every cleaned event{unit}; " + AS_WRITTEN, mixed=MIXED)


def counts_part(key, what: str, column: str):
    note = HEARTBEAT if column == "sessions" else ""
    return same_values(key, column, what, explain=counts_explained(column, note))


def total_part(key, what: str, column: str, unit: str = ""):
    return same_values(key, column, what, explain=seconds_explained(unit))


def all_of(*checks):
    """A part made of several checks, passed when each passes."""
    def check(value, expected, context):
        for one in checks:
            one(value, expected, context)
    return check


def device_parts() -> list[Part]:
    """The parts of a month-by-device usage table: columns, rows, counts, hours."""
    key, what = MONTH_DEVICE, "month-device pair"
    return [
        Part("columns", columns_only),
        Part(f"one row per {what}", one_row_per(key, what, advice=MONTH_AS_TEXT)),
        Part("customers and sessions", all_of(counts_part(key, what, "customers"),
                                              counts_part(key, what, "sessions"))),
        Part("hours", total_part(key, what, "hours", unit=", / 3600")),
    ]


# -- the budget --------------------------------------------------------------------------
def _measured(fn, case):
    """``measure(fn, path)`` once per function and case: both parts read the same run."""
    runs = case["runs"]
    if fn not in runs:
        runs.clear()
        runs[fn] = measure(fn, str(case["path"]))
    return runs[fn]


def same_table_unseen(fn, case, context):
    """A part: the function's table on the unseen log equals the reference's."""
    result = _measured(fn, case).result
    require_frame(result, "what your function returned")
    for part in device_parts():
        try:
            part.check(result, case["expected"], context)
        except Incorrect as exc:
            raise Incorrect(f"{part.name}: {exc}") from None


def within_budget(budget_mb: float):
    """A part: a right table, built holding at most ``budget_mb`` in Python and Arrow memory."""
    def check(fn, case, context):
        try:
            same_table_unseen(fn, case, context)
        except Incorrect:
            raise Incorrect("not measured while the table is wrong: a wrong answer earns "
                            "nothing for its memory use.") from None
        run = _measured(fn, case)
        if run.total_mb > budget_mb:
            raise Incorrect(
                f"your function held {run.total_mb:.1f} MB on the unseen log "
                f"({run.python_mb:.1f} MB of Python objects and arrays, {run.arrow_mb:.1f} MB "
                f"of Arrow buffers); the budget is {budget_mb:g} MB. That much memory means "
                "the events came into Python: reading the Parquet file with pandas or "
                "pyarrow, even to query the DataFrame with DuckDB afterwards, loads every "
                "event. Let DuckDB read the file (read_parquet) and return only the small "
                "result.")
    return check
