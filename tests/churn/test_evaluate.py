"""The bootstrap's AUCs: the same numbers as scoring each resample with scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from dsroles.churn.evaluate import bootstrap_interval, resampled_aucs


def _loop(y, p, seed, resamples):
    rng = np.random.default_rng(seed)
    return np.array([roc_auc_score(y[i], p[i])
                     for i in (rng.integers(0, len(y), len(y)) for _ in range(resamples))])


@pytest.mark.parametrize("n", [501, 2000])
def test_resampled_aucs_equal_roc_auc_score_on_the_same_resamples_with_ties(n):
    rng = np.random.default_rng(n)
    y = rng.random(n) < 0.15
    p = np.round(rng.random(n) * 0.6 + 0.4 * y, 2)  # rounded: many tied scores
    got = resampled_aucs(y, p, seed=7, resamples=50)
    assert np.abs(got - _loop(y, p, 7, 50)).max() < 1e-12
    assert not np.allclose(got, resampled_aucs(y, p, seed=8, resamples=50))


def test_bootstrap_interval_is_seeded_and_brackets_the_auc():
    rng = np.random.default_rng(3)
    y = rng.random(1500) < 0.2
    p = rng.random(1500) + 0.3 * y
    low, high = bootstrap_interval(y, p, seed=1)
    assert low < roc_auc_score(y, p) < high
    assert bootstrap_interval(y, p, seed=1) == [low, high]


def test_a_resample_with_one_class_is_refused():
    with pytest.raises(ValueError, match="one class"):
        resampled_aucs(np.array([True, False]), np.array([0.2, 0.4]), seed=0, resamples=20)
