"""The leakage lesson's claim, visible in the data: a random row split flatters the model.

The payment provider switch of September 2025 (``params.PAYMENT_PROVIDER_SWITCH``) changes a
churn driver during the year. A model trained on the months before the last three does not
know it; a random split's training rows come from both sides of the switch. Seeds 1-20:
``python benchmarks/bench_split_gap.py``.
"""

from __future__ import annotations

import numpy as np

from dsroles.churn import evaluate as E

MIN_GAP = 0.03  # the bar: mean random-split AUC minus time-split AUC


def test_random_row_splits_beat_the_time_split_by_a_clear_margin(history_tables):
    time_auc, random_aucs = E.split_aucs(history_tables.snapshots)
    assert len(random_aucs) == E.RANDOM_SPLITS
    assert np.mean(random_aucs) - time_auc >= MIN_GAP
    assert min(random_aucs) > time_auc  # not one lucky split: every random split flatters
