"""The data scientist assessment's inputs, from the seed: the held-out months, the second A/B
trial and the calls a split function is tried on.

The assessment notebook's locked cells use ``trial``; everything else is for hidden tests.
"""

from __future__ import annotations

import functools
import math

from dsroles.checks.functions import Case
from dsroles.tracks.data_scientist import splits


SEGMENT_MONTH = "2025-10"


HELDOUT_MONTHS = ("2026-01", "2026-02")  # a clean next-quarter export; no lesson scores on them


CV_MONTHS = ("2025-08", "2025-09", "2025-10", "2025-11")


CV_WINDOW = 4  # each fold trains on the 4 months just before its test month


TEST_MONTHS = 2  # the evaluation and the experiment test on the last two labelled months


INTERVAL_LEVEL = 0.90


INTERVAL_RESAMPLES = 200  # lesson 3's recipe


TRIAL_GROUPS = {"control": 1000, "offer": 2000}  # a small control group keeps offers flowing


TRIAL_CUSTOMERS = sum(TRIAL_GROUPS.values())


OFFER_COST = 15.0  # the offer now comes with a free month: dearer than the lesson's 10.00


TRIAL_DRAWS = 200  # candidate trials tried per seed (about three in four qualify)


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
    """The second retention trial: 1,000 customers in ``control``, 2,000 offered it.

    Each seed gets the first of its candidate trials on which every mistake the items
    name gives another answer than the right one (``qualifies``), so that each is caught
    on every seed, not by luck.
    """
    return _trial(int(seed)).copy()


@functools.lru_cache(maxsize=8)
def _trial(seed: int):
    for draw in range(TRIAL_DRAWS):
        candidate = trial_draw(seed, draw)
        if qualifies(candidate):
            return candidate
    raise RuntimeError(f"no candidate trial for seed {seed} qualifies")  # pragma: no cover


def trial_draw(seed: int, draw: int):
    """A random trial: ``abtest.trial`` on a stream of its own, control cut to its size."""
    from dsroles.churn import abtest

    full = abtest.trial(2**32 * (draw + 1) + seed, customers=2 * max(TRIAL_GROUPS.values()))
    keep = full.groupby("group").cumcount() < full["group"].map(TRIAL_GROUPS)
    return full[keep].reset_index(drop=True)


def qualifies(trial) -> bool:
    """Do the right answers and the named mistakes of task 5 come apart on this trial?

    The effect is clearly significant but the value of one offer's interval holds zero well
    inside it (so neither the p-value nor the point estimate decides), and every p-value and
    interval a mistake gives is well away from every accepted one.
    """
    from dsroles.tracks.data_scientist import abtests

    business = exam_business()
    c = abtests.counts(trial)
    low, high = abtests.value_interval(c, OFFER_COST, business.customer_lifetime_value)
    accepted = abtests.accepted_p_values(trial).values()
    wrong = [p for _, p in abtests.p_value_mistakes(trial)]
    p_apart = all(abs(math.log(w / a)) > math.log(1.05) for w in wrong for a in accepted)
    mistakes = abtests.value_mistakes(c, OFFER_COST, business.customer_lifetime_value,
                                      business.offer_acceptance_rate)
    v_apart = all(max(abs(m[0] - low), abs(m[1] - high)) > 3 * abtests.VALUE_TOLERANCE
                  for _, m in mistakes)
    return low < -1 and high > 1 and max(accepted) < 0.01 and p_apart and v_apart


def gap_split_cases() -> list:
    """The calls a gap split is tried on. Months missing just before and among the test
    months make counting months present differ from calendar arithmetic."""
    five = ["2025-03", "2025-04", "2025-05", "2025-06", "2025-07"]
    toy = splits.toy_snapshots
    return [
        Case((toy(five),), label="five months in order"),
        Case((toy(five, shuffle=1),), label="rows in no particular order"),
        Case((toy(five, shuffle=2),), {"test_months": 1, "gap_months": 2}, label="a wider gap"),
        Case((toy(five, shuffle=3),), {"gap_months": 0}, label="no gap"),
        Case((toy(["2025-03", "2025-05", "2025-06", "2025-07", "2025-08"], shuffle=4),),
             label="a month missing early on"),
        Case((toy(["2025-02", "2025-03", "2025-04", "2025-05", "2025-07", "2025-08"], shuffle=6),),
             label="a month missing just before the test months"),
        Case((toy(["2025-02", "2025-03", "2025-04", "2025-05", "2025-07"], shuffle=7),),
             label="a month missing among the test months"),
        Case((toy(["2025-10", "2025-11", "2025-12", "2026-01", "2026-02"], shuffle=5),),
             label="across a new year"),
        Case((toy(five[:3]),), label="too few months", raises=ValueError),
    ]
