"""The customer the checks send to tell the artefact's threshold from one half (row 3 of
``data.customers``): it must exist on every seed, whatever the threshold."""

from __future__ import annotations

import pandas as pd
import pytest

from dsroles.tracks.product_engineer import data

SEED = 42


def score_of(row) -> float:
    return float(data.expected_scores(SEED, pd.DataFrame([row]))[0])


def test_the_at_risk_customer_lies_between_the_threshold_and_one_half():
    threshold = float(data.served(SEED)[1]["threshold"])
    row = data.customers(SEED, 4).iloc[3]
    low, high = sorted((threshold, 0.5))
    assert low + 0.02 <= score_of(row) <= high - 0.02


def test_a_threshold_next_to_one_half_still_gives_a_customer_above_it(monkeypatch):
    """At seed 16 the threshold is 0.50: nobody lies between; the lowest score above is taken."""
    model, metadata = data.served(SEED)
    monkeypatch.setattr(data, "served", lambda seed: (model, {**metadata, "threshold": 0.49}))
    scores = data.expected_scores(SEED, data.snapshots(SEED))
    assert score_of(data.at_risk_customer(SEED)) == pytest.approx(scores[scores >= 0.51].min())
