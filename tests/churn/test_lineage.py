"""Lineage of one prediction, and reading a model: do they tell the truth about the pipeline?"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from dsroles.churn import explain, features, ingest, lineage, train
from dsroles.churn.pii import pseudonymise

LEGACY_BLIND_SQL = ingest.MONTHLY_BILLING_SQL.replace(
    "CASE WHEN source_system = 'legacy' THEN amount / 100.0 ELSE amount END", "amount")


@pytest.fixture(scope="module")
def data_dir():
    """Seed 42's sources from the data cache (generated there once)."""
    from dsroles.churn.data import project_data

    return project_data(42)


@pytest.fixture(scope="module")
def snaps(data_dir):
    from dsroles.churn import pipeline

    return pipeline.feature_table(data_dir).snapshots


@pytest.fixture(scope="module")
def key_of(data_dir):
    def key(customer_id):
        return pseudonymise(pd.Series([customer_id])).iloc[0]
    return key


def _answer_key(data_dir, defect):
    key = json.loads((data_dir / "answer_key.json").read_text())
    return next(d for d in key["defects"] if d["id"] == defect)


def _rows_to_trace(data_dir, snaps, key_of):
    """A legacy-billed customer, a duplicated one, a churner, a busy ticket writer, a newcomer."""
    import sqlite3

    con = sqlite3.connect(data_dir / "history" / "billing.sqlite")
    legacy = pd.read_sql_query("SELECT customer_id FROM invoices WHERE invoice_id = ?", con,
                               params=(_answer_key(data_dir, "D6")["keys"][0],)).iloc[0, 0]
    con.close()
    duplicated = _answer_key(data_dir, "D1")["keys"][0]
    picks = [(key_of(legacy), "2025-11"), (key_of(duplicated), "2025-06")]
    for rows in (snaps[snaps["churned"] == 1], snaps[snaps["tickets_3m"] >= 2],
                 snaps[snaps["tenure_months"] < 1.5]):
        row = rows.iloc[len(rows) // 2]
        picks.append((row["customer_key"], row["snapshot_month"]))
    return picks


def test_lineage_reproduces_every_feature_of_the_snapshot_table(data_dir, snaps, key_of):
    """Does tracing a row give, feature by feature, the value the pipeline wrote?"""
    table = snaps.set_index(features.KEY)
    for key, month in _rows_to_trace(data_dir, snaps, key_of):
        if (key, month) not in table.index:
            continue
        trail = lineage.trace(data_dir, key, month)
        want = table.loc[(key, month)]
        got = trail.features.set_index("feature")["value"]
        for name, value in got.items():
            if isinstance(value, str):
                assert value == want[name], (key, month, name)
            else:
                assert np.isclose(float(value), float(want[name]), equal_nan=True), (key, month, name)


def test_the_legacy_bill_in_pence_shows_in_the_rows_and_the_step(data_dir, key_of):
    """With a billing query that forgets the legacy system, is the pence invoice the source?"""
    invoice = _answer_key(data_dir, "D6")["keys"][0]
    import sqlite3

    con = sqlite3.connect(data_dir / "history" / "billing.sqlite")
    customer, month = con.execute("SELECT customer_id, period FROM invoices WHERE invoice_id = ?",
                                  (invoice,)).fetchone()
    con.close()
    month = max(month, "2025-03")
    good = lineage.trace(data_dir, key_of(customer), month)
    bad = lineage.trace(data_dir, key_of(customer), month, billing_sql=LEGACY_BLIND_SQL)
    value = lambda t: float(t.features.set_index("feature").at["monthly_charges", "value"])  # noqa: E731
    assert value(bad) == pytest.approx(100 * value(good))
    rows = bad.sources_of("monthly_charges")
    assert set(rows["source_system"]) == {"legacy"} and (rows["amount"] > 500).all()
    assert "amount / 100.0" not in bad.billing_sql and "amount / 100.0" in good.billing_sql
    assert bad.customer_id == customer


def test_cleaning_steps_are_visible_on_the_event_rows(data_dir, snaps, key_of):
    """Are a customer's negative events shown, marked as dropped?"""
    events = ingest.read_events(data_dir / "history" / "usage_events.parquet")
    negative = events[events["event_id"].isin(_answer_key(data_dir, "D7")["keys"])]
    rows = set(zip(snaps["customer_key"], snaps["snapshot_month"]))
    picks = [(e, key_of(c), m) for e, c, m in zip(negative["event_id"], negative["customer_id"],
                                                  features.month_of(negative["ts"]))
             if (key_of(c), m) in rows]
    event_id, key, month = picks[0]
    trail = lineage.trace(data_dir, key, month)
    shown = trail.rows[lineage.EVENTS]
    assert not shown.loc[shown["event_id"] == event_id, "kept"].any()
    assert shown["kept"].sum() < len(shown)


def test_an_unknown_key_or_a_month_without_the_customer_says_so(data_dir, snaps):
    with pytest.raises(KeyError, match="no customer has the key"):
        lineage.trace(data_dir, "K0000000000000000", "2025-11")
    first = snaps.sort_values("snapshot_month").iloc[-1]
    with pytest.raises(KeyError, match="no lineage for"):
        lineage.Lineage(first["customer_key"], "2025-11", "C1", pd.DataFrame()).sources_of("age")


@pytest.fixture(scope="module")
def model(snaps):
    return train.train(snaps[snaps["snapshot_month"] <= "2025-08"])


def test_contributions_add_up_to_the_models_log_odds(model, snaps):
    X = snaps[snaps["snapshot_month"] == "2025-11"].head(50)
    shares = explain.contributions(model, X)
    log_odds = model.decision_function(X[features.MODEL_FEATURES])
    assert np.allclose(shares.sum(axis=1), log_odds)
    assert set(shares.columns) == set(features.MODEL_FEATURES) | {"intercept"}


def test_partial_dependence_is_scikit_learns(model, snaps):
    from sklearn.inspection import partial_dependence

    X = snaps[snaps["snapshot_month"] == "2025-11"]
    ours = explain.partial_dependence(model, X, "tickets_month", [0, 1, 2])
    as_float = X[features.MODEL_FEATURES].astype({"tickets_month": float})  # sklearn refuses ints
    theirs = partial_dependence(model, as_float, ["tickets_month"],
                                custom_values={"tickets_month": [0, 1, 2]}, kind="average")
    assert np.allclose(ours.to_numpy(), theirs["average"][0])
    assert ours.is_monotonic_increasing  # a ticket is a warning sign in the reference model


def test_segment_ranking_and_model_steps_read_the_model(model, snaps):
    X = snaps[snaps["snapshot_month"] == "2025-11"]
    ranks = explain.segment_ranking(X, model.predict_proba(X[features.MODEL_FEATURES])[:, 1], "contract")
    assert ranks.index[0] == "monthly" and ranks.loc["two_year", "predicted_rank"] == 3
    assert {"observed", "observed_rank"} <= set(ranks.columns)
    steps = explain.model_steps(model)
    assert steps["estimator"].iloc[-1] == "LogisticRegression"
    assert steps["step"].str.startswith("prepare/").sum() == 3
