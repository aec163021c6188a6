"""The data scientist assessment's inputs, from the seed: the held-out months, the second A/B
trial and the calls a split function is tried on.

The assessment notebook's locked cells use ``trial``; everything else is for hidden tests.
"""

from __future__ import annotations

import functools

from dsroles.checks.functions import Case
from dsroles.tracks.data_scientist import splits


SEGMENT_MONTH = "2025-10"


HELDOUT_MONTHS = ("2026-01", "2026-02")  # a clean next-quarter export; no lesson scores on them


CV_MONTHS = ("2025-08", "2025-09", "2025-10", "2025-11")


CV_WINDOW = 4  # each fold trains on the 4 months just before its test month


TEST_MONTHS = 2  # the evaluation and the experiment test on the last two labelled months


INTERVAL_LEVEL = 0.90


TRIAL_CUSTOMERS = 3000


OFFER_COST = 15.0  # the offer now comes with a free month: dearer than the lesson's 10.00


EXPERIMENT_RESAMPLES = 100  # the experiment's bootstrap: enough to show the seed's effect, fast


@functools.lru_cache(maxsize=4)
def heldout_table(seed: int):
    """January and February 2026, labelled, from the seed's drift-free next-quarter export.

    The export is generated in a temporary folder and dropped once the table is built:
    grading uses a new seed for every notebook, and a cached copy of each would pile up.
    """
    import tempfile

    from dsroles.churn import pipeline
    from dsroles.churn.data import project_data

    with tempfile.TemporaryDirectory(prefix="dsroles-heldout-") as tmp:
        folder = project_data(int(seed), drift=False, root=tmp)  # the same 2025, a clean 2026
        return pipeline.feature_table(folder, ("history", "next_quarter"),
                                      months=list(HELDOUT_MONTHS)).snapshots


def heldout(seed: int):
    """(X, y) of the held-out months: every column of the snapshot table but the label."""
    from dsroles.churn.features import LABEL

    table = heldout_table(int(seed))
    return table.drop(columns=LABEL), table[LABEL].to_numpy()


def exam_business():
    from dataclasses import replace

    from dsroles.churn.params import BUSINESS

    return replace(BUSINESS, retention_offer_cost=OFFER_COST)


def trial(seed: int):
    """The second retention trial: 3,000 customers (``abtest.trial`` with this seed)."""
    from dsroles.churn import abtest

    return abtest.trial(int(seed), customers=TRIAL_CUSTOMERS)


def gap_split_cases() -> list:
    five = ["2025-03", "2025-04", "2025-05", "2025-06", "2025-07"]
    toy = splits.toy_snapshots
    return [
        Case((toy(five),), label="five months in order"),
        Case((toy(five, shuffle=1),), label="rows in no particular order"),
        Case((toy(five, shuffle=2),), {"test_months": 1, "gap_months": 2}, label="a wider gap"),
        Case((toy(five, shuffle=3),), {"gap_months": 0}, label="no gap"),
        Case((toy(["2025-03", "2025-05", "2025-06", "2025-07", "2025-08"], shuffle=4),),
             label="a month missing"),
        Case((toy(["2025-10", "2025-11", "2025-12", "2026-01", "2026-02"], shuffle=5),),
             label="across a new year"),
        Case((toy(five[:3]),), label="too few months", raises=ValueError),
    ]
