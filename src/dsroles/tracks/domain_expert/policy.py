"""Kestrel's churn definition, as the business agreed it, and the account histories that try a
labelling function at its edges.

The definition: a customer scored at the end of month *m* **churns** when their paid
subscription ends during the *horizon*, the calendar month *m* + 1 (its first and last day
included): an account event ``cancelled``, ``lapsed``, ``downgraded`` (to the free plan) or
``closed`` (a pause that ran out) dated in the horizon. A ``paused`` event is not an ending:
the customer keeps the account. A ``payment_failed`` is not one either: most are paid on a
retry. Events before or after the horizon do not count.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

CHURN_EVENTS = ("cancelled", "lapsed", "downgraded", "closed")
NOT_CHURN = ("paused", "payment_failed")
HISTORY_COLUMNS = ["event_date", "event", "detail"]


def horizon(snapshot_month: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and the last day of the month after ``snapshot_month`` ("YYYY-MM")."""
    start = (pd.Period(snapshot_month, freq="M") + 1).start_time
    return start, (start + pd.offsets.MonthEnd(0)).normalize()


def prediction_date(snapshot_month: str) -> pd.Timestamp:
    """When the scores are made: the first day after the snapshot month (the horizon's start)."""
    return horizon(snapshot_month)[0]


def churn_label(history: pd.DataFrame, snapshot_month: str) -> int:
    """1 when one customer's account events hold an ending in the horizon, else 0."""
    start, end = horizon(snapshot_month)
    days = history["event_date"].dt.normalize()
    return int((history["event"].isin(CHURN_EVENTS) & (days >= start) & (days <= end)).any())


def churned_customers(events: pd.DataFrame, snapshot_month: str) -> set[str]:
    """The customer ids of an account log whose subscription ends in the horizon."""
    start, end = horizon(snapshot_month)
    days = events["event_date"].dt.normalize()
    hit = events["event"].isin(CHURN_EVENTS) & (days >= start) & (days <= end)
    return set(events.loc[hit, "customer_id"].astype(str))


def labelled_months(export_date: str, first: str = "2025-03") -> list[str]:
    """Snapshot months from ``first`` whose label is final in an export taken on ``export_date``
    (the export holds the whole horizon: its last day is on or before the export date)."""
    export = pd.Timestamp(export_date).normalize()
    months, month = [], first
    while horizon(month)[1] <= export:
        months.append(month)
        month = (pd.Period(month, freq="M") + 1).strftime("%Y-%m")
    return months


# -- edge-case histories -----------------------------------------------------------------------
@dataclass(frozen=True)
class EdgeCase:
    """One account history around a snapshot month, and what the definition says of it."""

    label: str
    part: str   # the group the assessment scores it in
    events: tuple  # (where, days, event): where is "start" or "end" of the horizon
    churns: int


def _case(label, part, churns, *events):
    return EdgeCase(label, part, tuple(events), churns)


EDGE_CASES = (
    _case("a cancellation in the middle of the horizon", "the horizon's edges", 1,
          ("start", 14, "cancelled")),
    _case("a cancellation on the horizon's last day", "the horizon's edges", 1,
          ("end", 0, "cancelled")),
    _case("a cancellation on the horizon's first day", "the horizon's edges", 1,
          ("start", 0, "cancelled")),
    _case("a cancellation the day after the horizon", "the horizon's edges", 0,
          ("end", 1, "cancelled")),
    _case("a cancellation on the snapshot month's last day", "the horizon's edges", 0,
          ("start", -1, "cancelled")),
    _case("no account events at all", "the horizon's edges", 0),
    _case("a failed payment in the horizon, paid on the retry", "failed payments and lapses", 0,
          ("start", 2, "payment_failed")),
    _case("a failed payment, then a lapse in the horizon", "failed payments and lapses", 1,
          ("start", -10, "payment_failed"), ("start", 5, "lapsed")),
    _case("a failed payment in the horizon and the lapse after it", "failed payments and lapses",
          0, ("end", -3, "payment_failed"), ("end", 11, "lapsed")),
    _case("a pause in the horizon that has not run out", "pauses", 0, ("start", 3, "paused")),
    _case("a pause that runs out in the horizon", "pauses", 1,
          ("start", -40, "paused"), ("start", 20, "closed")),
    _case("a pause, then a cancellation in the horizon", "pauses", 1,
          ("start", 2, "paused"), ("start", 9, "cancelled")),
    _case("a pause in the horizon that runs out after it", "pauses", 0,
          ("start", 10, "paused"), ("end", 30, "closed")),
    _case("a move to the free plan in the horizon", "the free plan", 1,
          ("start", 6, "downgraded")),
    _case("a move to the free plan before the prediction date", "the free plan", 0,
          ("start", -5, "downgraded")),
    _case("a move to the free plan, events listed newest first", "the free plan", 1,
          ("end", -2, "downgraded"), ("start", -20, "payment_failed")),
)
PARTS = tuple(dict.fromkeys(c.part for c in EDGE_CASES))
DETAIL = {"payment_failed": "invoice 0", "paused": "", "downgraded": "standard -> free",
          "closed": "pause ran out", "lapsed": "", "cancelled": ""}


def history_of(case: EdgeCase, snapshot_month: str) -> pd.DataFrame:
    """The case's account history for ``snapshot_month`` (columns HISTORY_COLUMNS)."""
    start, end = horizon(snapshot_month)
    rows = [{"event_date": (start if where == "start" else end) + pd.Timedelta(days=days),
             "event": event, "detail": DETAIL[event]} for where, days, event in case.events]
    out = pd.DataFrame(rows, columns=HISTORY_COLUMNS)
    out["event_date"] = out["event_date"].astype("datetime64[ns]")
    if case.label.endswith("newest first"):
        return out.iloc[::-1].reset_index(drop=True)
    return out


def edge_log(snapshot_month: str, prefix: str = "E",
             edge_cases: tuple = EDGE_CASES) -> tuple[pd.DataFrame, dict]:
    """Every edge case as one customer of an account log; and {customer_id: case}."""
    frames, cases = [], {}
    for i, case in enumerate(edge_cases, 1):
        customer = f"{prefix}{i:02d}"
        cases[customer] = case
        frames.append(history_of(case, snapshot_month).assign(customer_id=customer))
    log = pd.concat(frames, ignore_index=True)
    log.insert(0, "event_id", range(1, len(log) + 1))
    return log[["event_id", "customer_id", *HISTORY_COLUMNS]], cases
