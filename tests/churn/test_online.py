"""Serving features of one customer (dsroles.churn.online): do they equal the batch pipeline's
snapshot rows, and do they use nothing after the snapshot month?"""

from __future__ import annotations

import math

import numpy as np
import pytest

from dsroles.churn import online, pipeline
from dsroles.churn.data import project_data
from dsroles.churn.features import MODEL_FEATURES, NUMERIC
from dsroles.tracks.ml_engineer.testkit import records


@pytest.fixture(scope="module")
def tables():
    return pipeline.feature_table(project_data(42))


@pytest.mark.parametrize("month", ["2025-03", "2025-11"])
def test_serving_equals_training_on_the_same_customers(tables, month):
    """For 150 active customers, is every feature exactly the snapshot table's value?"""
    ids = online.active_customers(tables, month)
    sample = list(np.random.default_rng(0).choice(ids, 150, replace=False))
    served = online.serving_table(tables, month, sample)
    training = tables.snapshots[tables.snapshots["snapshot_month"] == month]
    both = training.merge(served, on=["customer_key", "snapshot_month"], suffixes=("", "_s"))
    assert len(both) == 150
    for feature in MODEL_FEATURES:
        a, b = both[feature], both[f"{feature}_s"]
        same = a.to_numpy() == b.to_numpy() if feature not in NUMERIC else np.isclose(a, b, rtol=0, atol=0)
        assert same.all(), feature


def test_the_active_customers_are_the_snapshot_rows(tables):
    month = "2025-07"
    assert len(online.active_customers(tables, month)) == (tables.snapshots["snapshot_month"] == month).sum()


def test_a_hand_made_customer():
    """Do units, windows and the fallback for a customer without sessions hold?"""
    rec = records(signup="2025-06-10",
                  sessions=[("2025-11-03 20:00", 5400), ("2025-11-20 21:30", 1800), ("2025-10-14 19:00", 3600),
                            ("2025-12-02 10:00", 600)],
                  tickets=["2025-09-01 00:00", "2025-11-30 23:59", "2025-12-01 00:00"],
                  bills=[("2025-11", 13.99, 1), ("2025-09", 13.99, 1), ("2025-08", 13.99, 1)])
    f = online.online_features(*rec, "2025-11")
    assert (f["sessions"], f["minutes"], f["usage_trend"]) == (2, 120.0, 2.0)
    assert f["days_since_last_session"] == 10.0  # the December session is after the month
    assert (f["tickets_month"], f["tickets_3m"]) == (1, 2)
    assert (f["failed_payments_month"], f["failed_payments_3m"]) == (1, 2)
    assert f["tenure_months"] == round(174 / 30.4375, 2)
    never = online.online_features(*records(signup="2025-10-01"), "2025-11")
    assert never["days_since_last_session"] == 61.0 and math.isnan(never["monthly_charges"])
