"""Domain expert, lesson 1 (``01_the_target``): what counts as churn at Kestrel, the prediction
date and horizon, a labelling function tried on edge-case histories, and what the pipeline's
label gets wrong.

    from dsroles.tracks.domain_expert import target as lesson
    q = lesson.bind(seed=SEED)
    q.churn_label.check(churn_label)
"""

from __future__ import annotations

from dsroles.checks import Case, declare
from dsroles.checks.calling import on_cases
from dsroles.checks.exercise import Exercise
from dsroles.checks.functions import check_function
from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect
from dsroles.checks.registry import binder
from dsroles.tracks.domain_expert import data, policy


def as_day(value, what: str):
    """A pandas Timestamp at midnight from a Timestamp, a date or a numpy datetime64."""
    import datetime

    import numpy as np
    import pandas as pd

    if type(value) in (pd.Timestamp, datetime.date, datetime.datetime, np.datetime64):
        day = pd.Timestamp(value)
        if day.tz is not None:
            day = day.tz_localize(None)
        if day != day.normalize():
            raise Incorrect(f"{what} has a time of day ({day.time()}); give the day itself, "
                            "at midnight: the horizon is made of whole days.")
        return day
    raise Incorrect(f"{what} is {a_type(value)}; a pandas Timestamp is expected.")


def _compare_horizon(got, want, what: str) -> None:
    if type(got) not in (tuple, list) or len(got) != 2:
        raise Incorrect(f"{what} is {a_type(got)}; a pair (first day, last day) is expected.")
    first, last = (as_day(v, f"the {n} day in {what}") for v, n in zip(got, ("first", "last")))
    if first != want[0]:
        raise Incorrect(f"in {what}, the first day is not the first day of the month after the "
                        "snapshot month.")
    if last != want[1]:
        raise Incorrect(f"in {what}, the last day is not the last day of the horizon's month "
                        "(a month has 28 to 31 days: let pandas count them).")


HORIZON_CASES = (
    Case(("2025-06",), label="a 31-day horizon"),
    Case(("2025-03",), label="a 30-day horizon"),
    Case(("2025-12",), label="across the new year"),
    Case(("2026-01",), label="February"),
    Case(("2024-01",), label="February of a leap year"),
)


def _check_horizon(fn, expected, context):
    check_function(fn, policy.horizon, HORIZON_CASES, _compare_horizon)


horizon = Exercise(
    "pde.horizon",
    competency="PDE-1",
    compare=_check_horizon,
    hints=[
        "`pd.Period(month, freq='M') + 1` is the next month; `.start_time` is its first "
        "instant.",
        "pandas has a month-end offset (`pd.offsets.MonthEnd`): added to the first day, it "
        "gives the last day of that month. Try your function on '2025-12' and '2026-01' "
        "before you check it.",
    ],
    solution=(
        "```python\ndef horizon(snapshot_month):\n"
        "    first = (pd.Period(snapshot_month, freq='M') + 1).start_time\n"
        "    last = first + pd.offsets.MonthEnd(0)\n"
        "    return first, last\n```"
    ),
)


def as_label(value, what: str) -> int:
    """0 or 1 from a bool, an int or a numpy bool/int; Incorrect for anything else."""
    import numpy as np

    if type(value) in (bool, np.bool_):
        return int(bool(value))
    if type(value) is int or type(value) in (np.int64, np.int32, np.int8):
        if int(value) in (0, 1):
            return int(value)
        raise Incorrect(f"{what} is {int(value)}; a label is 0 or 1.")
    raise Incorrect(f"{what} is {a_type(value)}; 0 or 1 (or True/False) is expected.")


def compare_label(got, want, what: str) -> None:
    if as_label(got, what) != want:
        raise Incorrect("your function says churn; Kestrel's definition does not." if not want
                        else "your function says not churn; Kestrel's definition counts it as "
                             "churn.")


LABEL_MONTHS = ("2025-06", "2025-12", "2026-01")


def label_cases() -> list[Case]:
    return [Case((policy.history_of(c, m), m), label=f"{c.label}, snapshot {m}")
            for m in LABEL_MONTHS for c in policy.EDGE_CASES]


churn_label = Exercise(
    "pde.churn_label",
    competency="PDE-1",
    compare=on_cases(policy.churn_label, compare_label),
    expected=label_cases,
    hints=[
        "Three questions for each event: is it an ending (cancelled, lapsed, downgraded, "
        "closed)? Is its date on or after the horizon's first day? On or before its last day?",
        "Ask your `horizon` function for the month's first and last day. Combine the ending "
        "test (`isin`) and the date window (`between`) into one mask: the customer churned if"
        " any row passes.",
    ],
    solution=(
        "```python\nENDINGS = ['cancelled', 'lapsed', 'downgraded', 'closed']\n\n"
        "def churn_label(history, snapshot_month):\n"
        "    first, last = horizon(snapshot_month)\n"
        "    ending = history['event'].isin(ENDINGS)\n"
        "    in_horizon = history['event_date'].between(first, last)\n"
        "    return int((ending & in_horizon).any())\n```"
    ),
)


def pipeline_overcount(seed: int) -> int:
    """Snapshot rows the pipeline labels 1 whose horizon holds no ending of the definition."""
    snaps = data.snapshots(seed)
    churned = snaps[snaps["churned"] == 1]
    events = data.account_events(seed)
    histories = {k: h for k, h in events.groupby("customer_key")}
    empty = events.iloc[:0]
    return sum(policy.churn_label(histories.get(k, empty), m) == 0
               for k, m in zip(churned["customer_key"], churned["snapshot_month"]))


label_gap = declare.number(
    "pde.label_gap",
    competency="PDE-1",
    expected=pipeline_overcount,
    context=("seed",),
    hints=[
        "Only the rows with `churned == 1` can be over-counted. For each of them, take that "
        "customer's account history and ask your `churn_label`.",
        "Grouping `events` by `customer_key` gives each customer's history; a dict built from"
        " the groups finds one by its key. Count the churned rows for which your "
        "`churn_label` says 0.",
    ],
    solution=(
        "```python\nhistories = dict(list(events.groupby('customer_key')))\n"
        "churned = snaps[snaps['churned'] == 1]\n"
        "overcount = sum(churn_label(histories[k], m) == 0\n"
        "                for k, m in zip(churned['customer_key'], churned['snapshot_month']))\n```"
    ),
)


offer_cannot_help = declare.choice(
    "pde.offer_cannot_help",
    competency="PDE-1",
    options=("cancelled", "lapsed", "downgraded", "closed"),
    expected="lapsed",
    why={
        "cancelled": "A customer who decides to leave is who the offer is made for: a lower "
                     "price is often what changes their mind.",
        "downgraded": "Moving to the free plan is a decision about price: a discount on the "
                      "paid plan is a fair answer to it.",
        "closed": "A paused customer who does not come back is still deciding; a well-timed "
                  "offer before the pause runs out can bring them back.",
    },
    hints=["Which ending is not the customer's decision at all?"],
    solution="`'lapsed'`: the account closed because payments failed and were not made good in "
             "the grace period. The fix is a reminder and a way to update the card (the "
             "payments team's work), not a discount. That is why the business may one day want "
             "lapses predicted by a model of their own.",
)


bind = binder(__name__)
