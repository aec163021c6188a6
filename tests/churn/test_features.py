"""Data tier: the snapshot table is point-in-time correct, PII-free and agrees with the
behavioural model that generated it."""

from __future__ import annotations

import pandas as pd
import pytest

from dsroles.churn import features as F
from dsroles.churn import params as P
from dsroles.churn.pii import find_pii, pseudonymise


@pytest.fixture(scope="module")
def truth():
    from dsroles.churn.simulate import simulate

    return simulate(P.DEFAULT_SEED)


@pytest.fixture(scope="module")
def joined(truth, history_tables):
    m = truth.monthly[truth.monthly["active_at_end"]].copy()
    m["customer_key"] = pseudonymise(m["customer_id"])
    return history_tables.snapshots.merge(
        m, left_on=["customer_key", "snapshot_month"], right_on=["customer_key", "month"],
        how="left", indicator=True, suffixes=("", "_true"))


def test_snapshots_are_exactly_the_active_customers(joined, truth, history_tables):
    """Is every snapshot row a customer active at that month's end, and none missing?"""
    assert (joined["_merge"] == "both").all()
    months = history_tables.snapshots["snapshot_month"].unique()
    active = truth.monthly[truth.monthly["active_at_end"] & truth.monthly["month"].isin(months)]
    assert len(active) == len(history_tables.snapshots)


def test_label_is_churn_in_the_next_month(joined):
    assert (joined["churned"] == joined["churn_next_month"].astype(int)).all()


def test_features_recover_what_happened(joined):
    """Do tickets, failed payments and charges equal the simulated month's values?"""
    assert (joined["tickets_month"] == joined["tickets"]).all()
    assert (joined["failed_payments_month"] == joined["failed_payment"].astype(int)).all()
    assert (joined["monthly_charges"] - joined["charge"]).abs().max() < 1e-9
    # sessions differ only where a negative-duration event was (rightly) dropped
    assert (joined["sessions"] == joined["sessions_true"]).mean() > 0.97
    assert (joined["sessions"] <= joined["sessions_true"]).all()


def test_no_information_from_after_the_snapshot(data_dir, history_tables):
    """Does a snapshot stay the same when every event after its month is thrown away?"""
    t = history_tables
    month = "2025-06"
    cutoff = F.month_end(month)
    early = F.build_snapshots(t.crm, t.billing[t.billing["month"] <= month],
                              t.events[t.events["ts"] < cutoff],
                              t.tickets[t.tickets["opened_at"] < cutoff], [month])
    full = t.snapshots[t.snapshots["snapshot_month"] == month].reset_index(drop=True)
    model_inputs = F.MODEL_FEATURES + ["customer_key"]
    pd.testing.assert_frame_equal(early[model_inputs], full[model_inputs])


def test_no_personal_data_reaches_the_feature_table(history_tables):
    assert find_pii(history_tables.snapshots) == []
    assert not set(P.PII_COLUMNS) & set(history_tables.snapshots.columns)


def test_find_pii_sees_personal_data():
    """Would the PII scan notice an e-mail, a phone number and a name column?"""
    df = pd.DataFrame({"name": ["Ada Lovelace"], "note": ["mail ada@example.com"],
                       "contact": ["07700 900123"]})
    found = " ".join(find_pii(df))
    assert "'name' is personal data" in found
    assert "'note' holds 1 values that look like an e-mail address" in found
    assert "'contact' holds 1 values that look like a phone number" in found


def test_pseudonymised_keys_are_stable_and_secret_dependent():
    ids = pd.Series(["C100001", "C100002", "C100001"])
    keys = pseudonymise(ids)
    assert keys[0] == keys[2] != keys[1]
    assert keys.str.match(r"^K[0-9a-f]{16}$").all()
    assert (pseudonymise(ids, "another secret") != keys).all()


def test_snapshot_table_runs_twice_to_the_same_result(data_dir, history_tables):
    """Is the pipeline deterministic (run twice, identical output)?"""
    from dsroles.churn import pipeline

    again = pipeline.feature_table(data_dir).snapshots
    pd.testing.assert_frame_equal(again, history_tables.snapshots)
