"""Data scientist, lesson 2 (``02_leakage_and_splits``): the leaky column, what a random split
lets through, and a split by time.

    from dsroles.tracks.data_scientist import leakage_splits
    q = leakage_splits.bind(seed=SEED)
    q.leaky_column.check(my_choice)
"""

from __future__ import annotations

from dsroles.checks import declare
from dsroles.checks.exercise import Exercise
from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect
from dsroles.checks.registry import binder
from dsroles.checks.wording import plural
from dsroles.tracks.data_scientist import data, declared, splits


LEAK_OPTIONS = ("tenure_months", "monthly_charges", "tickets_month", "failed_payments_month",
                "days_since_last_session", "usage_trend", "age", "marketing_consent",
                "exit_survey_score")


leaky_column = declare.choice(
    "ds.leaky_column",
    competency="DS-2",
    options=LEAK_OPTIONS,
    expected="exit_survey_score",
    why={
        "tickets_month": "Tickets are counted up to the end of the snapshot month, so the "
                         "retention team knows them when it decides. A strong signal is not "
                         "a leak.",
        "failed_payments_month": "A failed payment in the snapshot month is known at the end "
                                 "of that month: a warning sign, not a leak.",
        "days_since_last_session": "It is measured at the end of the snapshot month from "
                                   "events before it: known at decision time.",
        "usage_trend": "It compares this month's sessions with the two months before: all "
                       "known at decision time.",
        "tenure_months": "Tenure at the snapshot date is known when the team decides.",
        "monthly_charges": "The charge billed in the snapshot month is known at decision time.",
        "age": "Age is a protected attribute kept out of the model for fairness, but it is "
               "known at decision time: not a leak.",
        "marketing_consent": "Consent is given at sign-up, long before any cancellation.",
    },
    hints=[
        "Ask of each column: *when* is it written? A leak is a value only recorded after the "
        "thing we want to predict has happened.",
        "Look at which customers have a value in each column at all: "
        "`snaps.groupby(snaps[col].notna())['churned'].mean()`.",
    ],
    solution="`'exit_survey_score'`: the survey is sent when a customer cancels, so it only "
             "exists for customers who have left or are about to. At decision time it is "
             "empty for everyone we could still keep.",
)


RANDOM_TEST_SIZE = 0.25


def _random_split(seed: int):
    from sklearn.model_selection import train_test_split

    return train_test_split(data.snapshots(seed), test_size=RANDOM_TEST_SIZE, random_state=int(seed))


def seen_share(seed: int) -> float:
    """Random split: share of the distinct test customers who also appear in training."""
    train_set, test_set = _random_split(seed)
    return float(test_set["customer_key"].drop_duplicates().isin(set(train_set["customer_key"]))
                 .mean())


def future_share(seed: int) -> float:
    """Random split: share of test rows whose customer has a LATER snapshot in training."""
    train_set, test_set = _random_split(seed)
    last = train_set.groupby("customer_key")["snapshot_month"].max()
    later = test_set["customer_key"].map(last)
    return float((later.notna() & (later > test_set["snapshot_month"])).mean())


_SPLIT_HINT = ("Split with `train_test_split(snaps, test_size=0.25, random_state=SEED)` "
               "from `sklearn.model_selection`, exactly, so that your split is the one the "
               "check makes.")


def _seen_rows(seed: int) -> float:
    train_set, test_set = _random_split(seed)
    return float(test_set["customer_key"].isin(set(train_set["customer_key"])).mean())


seen_customers = declared.number(
    "ds.seen_customers",
    competency="DS-2",
    expected=seen_share,
    abs_tol=0.002,
    what="your share",
    why="of the distinct customers in the test part, the share who also have a row in the "
        "training part, with the split made exactly as the first hint says.",
    mistakes=lambda seed: [("your share counts test rows: the question counts distinct "
                            "customers (drop the repeated keys first).", lambda: _seen_rows(seed))],
    hints=[
        "Split as the cell above does (`train_test_split` from `sklearn.model_selection`, "
        "`test_size=0.25`, `random_state=SEED`), so that your split is the one the check "
        "makes.",
        "Take the distinct `customer_key`s of the test part and ask, with `isin`, which of "
        "them are among the training part's keys. The mean of those booleans is the share.",
    ],
    solution=(
        "```python\ntrain_part, test_part = train_test_split(snaps, test_size=0.25, "
        "random_state=SEED)\ntest_keys = test_part['customer_key'].drop_duplicates()\n"
        "seen = test_keys.isin(set(train_part['customer_key'])).mean()\n```"
    ),
)


def _earlier_share(seed: int) -> float:
    train_set, test_set = _random_split(seed)
    first = test_set["customer_key"].map(train_set.groupby("customer_key")["snapshot_month"].min())
    return float((first.notna() & (first < test_set["snapshot_month"])).mean())


future_rows = declared.number(
    "ds.future_rows",
    competency="DS-2",
    expected=future_share,
    abs_tol=0.002,
    what="your share",
    why="the share of test rows whose customer has a training row from a later month.",
    mistakes=lambda seed: [("your share looks back: it counts test rows whose customer has an "
                            "EARLIER training row. The leak is a LATER one.",
                            lambda: _earlier_share(seed))],
    hints=[
        _SPLIT_HINT + " This question is about test *rows*, not customers.",
        "For each customer, find the latest month they have in the training part (group by "
        "customer, then the maximum month). Map it onto the test rows and compare it with "
        "each row's own month. Customers with no training row give NaN: they do not count.",
    ],
    solution=(
        "```python\nlast = train_part.groupby('customer_key')['snapshot_month'].max()\n"
        "later = test_part['customer_key'].map(last)\n"
        "future = (later.notna() & (later > test_part['snapshot_month'])).mean()\n```"
    ),
)


def failed_payments_by_month(snaps):
    """Per snapshot month: the share of rows with a failed payment that month, and the churn
    rate of those rows and of the others (what changed when the payment provider did)."""
    failed = snaps["failed_payments_month"] > 0
    by_month = snaps.groupby("snapshot_month")
    return by_month.apply(lambda g: _failed_summary(g, failed.loc[g.index]), include_groups=False)


def _failed_summary(rows, failed):
    import pandas as pd

    return pd.Series({"rows with a failed payment": failed.mean(),
                      "churn rate, failed payment": rows.loc[failed, "churned"].mean(),
                      "churn rate, no failed payment": rows.loc[~failed, "churned"].mean()})


def _reference_time_split(df, test_months=3):
    from dsroles.churn.train import time_split

    return time_split(df, test_months)


def _compare_split(got, want, what: str) -> None:
    import pandas as pd

    if type(got) not in (tuple, list) or len(got) != 2:
        raise Incorrect(f"{what} is {a_type(got)}; a pair (train, test) of DataFrames is expected.")
    for name, part in zip(("training", "test"), got):
        if type(part) is not pd.DataFrame:
            raise Incorrect(f"the {name} part of {what} is {a_type(part)}; a DataFrame is expected.")
        if "snapshot_month" not in part or "customer_key" not in part:
            raise Incorrect(f"the {name} part of {what} lost the key columns.")
    (train_got, test_got), (train_want, test_want) = got, want
    if set(splits.row_keys(train_got)) & set(splits.row_keys(test_got)):
        raise Incorrect(f"in {what}, some rows are in both parts.")
    if len(train_got) + len(test_got) != len(train_want) + len(test_want):
        raise Incorrect(f"in {what}, the two parts together do not hold every input row once.")
    if not len(train_got) or not len(test_got):
        raise Incorrect(f"in {what}, one part is empty.")
    if train_got["snapshot_month"].max() >= test_got["snapshot_month"].min():
        raise Incorrect(f"in {what}, the training part has a month as late as the test part's "
                        "earliest: every training month must come before every test month.")
    have, need = test_got["snapshot_month"].nunique(), test_want["snapshot_month"].nunique()
    if have != need:
        raise Incorrect(f"in {what}, the test part holds {plural(have, 'month')}; it should "
                        f"hold the last {plural(need, 'month')} present in the table.")
    if splits.row_keys(test_got) != splits.row_keys(test_want):  # pragma: no cover - implied by the above
        raise Incorrect(f"in {what}, the test part holds the wrong rows.")


def split_cases() -> list:
    """The calls a learner's split function is tried on (built when checked: pandas is heavy)."""
    from dsroles.checks.functions import Case

    five = ["2025-03", "2025-04", "2025-05", "2025-06", "2025-07"]
    return [
        Case((splits.toy_snapshots(five),), label="five months in order"),
        Case((splits.toy_snapshots(five, shuffle=1),), label="rows in no particular order"),
        Case((splits.toy_snapshots(five, shuffle=2),), {"test_months": 1}, label="one test month"),
        Case((splits.toy_snapshots(["2025-03", "2025-04", "2025-06", "2025-07"], shuffle=3),),
             {"test_months": 2}, label="a month missing"),
        Case((splits.toy_snapshots(["2025-03", "2025-04", "2025-05", "2025-07"], shuffle=5),),
             {"test_months": 2}, label="a month missing among the last ones"),
        Case((splits.toy_snapshots(["2025-11", "2025-12", "2026-01", "2026-02"], shuffle=4),),
             {"test_months": 2}, label="across a new year"),
        Case((splits.toy_snapshots(["2025-03", "2025-04", "2025-05", "2025-06"], customers=1),),
             {"test_months": 2}, label="one row per month"),
        Case((splits.toy_snapshots(five[:3]),), label="too few months", raises=ValueError),
    ]


def _check_split_function(fn, expected, context):
    from dsroles.checks.functions import check_function

    check_function(fn, _reference_time_split, split_cases(), _compare_split)


time_split = Exercise(
    "ds.time_split",
    competency="DS-2",
    compare=_check_split_function,
    hints=[
        "Find the distinct months, sort them (text like '2025-03' sorts in time order), and "
        "take the first of the last `test_months` as the cut: training is every row before "
        "the cut, test every row from it on.",
        "Rows need not be sorted, and a month may be missing: work from the sorted distinct "
        "months, not from row positions. With `test_months` or fewer months there is nothing "
        "to train on: raise a `ValueError`.",
    ],
    solution=(
        "```python\ndef split_by_time(df, test_months=3):\n"
        "    months = sorted(df['snapshot_month'].unique())\n"
        "    if len(months) <= test_months:\n"
        "        raise ValueError(f'need more than {test_months} months')\n"
        "    cut = months[-test_months]\n"
        "    return df[df['snapshot_month'] < cut], df[df['snapshot_month'] >= cut]\n```"
    ),
)


bind = binder(__name__)
