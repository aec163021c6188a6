"""Data engineer, lesson 4 (``04_pipelines``): an incremental load you can run twice, and a
feature that knows only what was known at the snapshot.

    from dsroles.tracks.data_engineer import pipelines
    q = pipelines.bind(seed=SEED)
    q.load_increment.check(load_increment)
"""

from __future__ import annotations

from dsroles.checks.calling import call_safely, on_cases, require_function
from dsroles.checks.exercise import Exercise
from dsroles.checks.functions import Case
from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect
from dsroles.checks.registry import binder
from dsroles.checks.wording import plural
from dsroles.tracks.data_engineer import data, loads
from dsroles.tracks.data_engineer.data import BILLING_COLUMNS

KEY = ["customer_id", "month"]


def reference_load_increment(store, batch):
    """Add a monthly billing batch to the store: a re-delivered customer-month replaces the old row."""
    import pandas as pd

    out = pd.concat([store, batch], ignore_index=True)
    out = out.drop_duplicates(["customer_id", "month"], keep="last")
    return out.sort_values(["customer_id", "month"], ignore_index=True)


def increment_cases() -> list[tuple[str, object, object]]:
    """(label, store, batch) triples the incremental-load function is tried on."""
    import pandas as pd

    def table(rows):
        return pd.DataFrame(rows, columns=BILLING_COLUMNS).astype(
            {"amount_billed": float, "failed_payments": "int64"})

    jan = table([("C100001", "2025-01", 13.99, 0), ("C100002", "2025-01", 8.99, 1)])
    feb = table([("C100001", "2025-02", 13.99, 0), ("C100002", "2025-02", 8.99, 0),
                 ("C100003", "2025-02", 19.99, 0)])
    fixed = feb.copy()
    fixed.loc[1, ["amount_billed", "failed_payments"]] = [12.49, 1]
    both = reference_load_increment(jan, feb)
    return [
        ("the first load, into an empty store", table([]), jan),
        ("the next month", jan, feb),
        ("the same batch loaded again", both, feb),
        ("a corrected re-delivery of February", both, fixed),
    ]


def _increment_cases() -> list[Case]:
    return [Case((store, batch), label=label) for label, store, batch in increment_cases()]


load_increment = Exercise(
    "de.load_increment",
    competency="DE-4",
    compare=on_cases(reference_load_increment, loads.same_store(KEY, "customer-month")),
    expected=_increment_cases,
    hints=[
        "Append the batch, then keep one row per (customer_id, month). Which copy should "
        "win when a month is delivered again with a correction?",
        "`pd.concat([store, batch])` then `.drop_duplicates(['customer_id', 'month'], "
        "keep='last')`: the newest delivery wins, and loading a batch twice changes nothing.",
    ],
    solution=(
        "```python\ndef load_increment(store, batch):\n"
        "    out = pd.concat([store, batch], ignore_index=True)\n"
        "    out = out.drop_duplicates(['customer_id', 'month'], keep='last')\n"
        "    return out.sort_values(['customer_id', 'month'], ignore_index=True)\n```"
    ),
)


def reference_tickets_known_at(tickets, month: str):
    """Tickets per customer opened before the end of ``month`` (what was known then)."""
    from dsroles.churn.features import month_end

    known = tickets[tickets["opened_at"] < month_end(month)]
    return known.groupby("customer_id").size()


def _counts(series, what: str) -> dict:
    import pandas as pd

    if type(series) is not pd.Series:
        raise Incorrect(f"{what} is {a_type(series)}; a Series of counts indexed by "
                        "customer_id is expected.")
    try:
        values = pd.to_numeric(series).fillna(0).astype("int64")
    except (TypeError, ValueError):
        raise Incorrect(f"{what} holds values that are not counts.") from None
    return {str(k): int(v) for k, v in values.items() if v}


def _tickets(rows):
    import pandas as pd

    customers, times = zip(*rows)
    return pd.DataFrame({
        "ticket_id": range(1, len(rows) + 1), "customer_id": list(customers),
        "opened_at": pd.to_datetime(list(times), format="ISO8601"),
        "category": (["billing", "technical", "account", "content"] * len(rows))[:len(rows)],
    })


def _boundary_tickets():
    return _tickets([("C100001", "2025-09-03 10:00"), ("C100001", "2025-09-30 21:15"),
                     ("C100002", "2025-10-01 00:00"), ("C100002", "2025-08-31 23:59:59"),
                     ("C100003", "2025-11-12 08:30")])


def _new_year_tickets():
    """Tickets on both sides of a new year, where month numbers start again at 1."""
    return _tickets([("C100004", "2025-12-31 23:59:59"), ("C100004", "2026-01-01 00:00"),
                     ("C100005", "2024-12-31 23:45"), ("C100005", "2025-01-15 09:00"),
                     ("C100006", "2025-11-20 19:30"), ("C100006", "2026-02-03 20:00")])


def _check_known_at(fn, _, context):
    require_function(fn)
    real = data.tickets(context["seed"])[["ticket_id", "customer_id", "opened_at", "category"]]
    cases = [("tickets around the end of September", _boundary_tickets(), "2025-09"),
             ("tickets around the new year", _new_year_tickets(), "2025-12"),
             ("tickets around the new year", _new_year_tickets(), "2026-01"),
             ("the history, snapshot 2025-06", real, "2025-06"),
             ("the history, snapshot 2025-11", real, "2025-11")]
    for label, tickets, month in cases:
        what = f"the result for {label}"
        want = _counts(reference_tickets_known_at(tickets, month), what)
        got = _counts(call_safely(fn, tickets.copy(), month), what)
        wrong = sorted(k for k in set(got) | set(want) if got.get(k, 0) != want.get(k, 0))
        if wrong:
            extra = sum(got.values()) - sum(want.values())
            why = (" It counts tickets opened after the snapshot: information from the future."
                   if extra > 0 else
                   " It misses tickets the company already had at the end of the month."
                   if extra < 0 else "")
            raise Incorrect(f"{what} ({month}) has the wrong count for "
                            f"{plural(len(wrong), 'customer')}.{why}")


tickets_known_at = Exercise(
    "de.tickets_known_at",
    competency="DE-4",
    compare=_check_known_at,
    context=("seed",),
    hints=[
        "A snapshot at the end of month m may use only tickets opened *before* the first "
        "moment of month m + 1. Watch the last day of the month: 2025-09-30 21:15 is still "
        "September.",
        "`features.month_end(month)` is the first instant of the next month: keep the tickets"
        " opened strictly before it, then count them per customer.",
    ],
    solution=(
        "```python\nfrom dsroles.churn.features import month_end\n\n"
        "def tickets_known_at(tickets, month):\n"
        "    known = tickets[tickets['opened_at'] < month_end(month)]\n"
        "    return known.groupby('customer_id').size()\n```"
    ),
)


bind = binder(__name__)
