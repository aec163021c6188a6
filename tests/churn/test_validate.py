"""Data tier: the pandera schemas pass the clean batch and fail closed on each defect kind."""

from __future__ import annotations

import pandas as pd
import pytest

from dsroles.churn import clean, ingest, pipeline
from dsroles.churn import validate as V


def test_clean_history_passes_every_schema(history_tables):
    t = history_tables
    assert V.failures({"crm": t.crm, "billing": t.billing, "events": t.events,
                       "snapshots": t.snapshots}).empty


def _with(df: pd.DataFrame, column: str, value, rows=(0, 1)) -> pd.DataFrame:
    out = df.copy()
    out.loc[list(rows), column] = value
    return out


@pytest.mark.parametrize("defect, table, corrupt, failing_check", [
    ("duplicate customer", "crm", lambda t: pd.concat([t, t.head(3)], ignore_index=True),
     "field_uniqueness"),
    ("unparsed date", "crm", lambda t: t.assign(signup_date=t["signup_date"].astype(str)),
     "dtype"),
    ("inconsistent category", "crm", lambda t: _with(t, "contract", "Two Year"), "isin"),
    ("impossible birth date", "crm", lambda t: _with(t, "birth_date", pd.Timestamp("1900-01-01")),
     "age over 100"),
    ("missing region", "crm", lambda t: _with(t, "region", ""), "isin"),
    ("amount in cents", "billing", lambda t: _with(t, "amount_billed", 1399.0), "in_range"),
    ("negative duration", "events", lambda t: _with(t, "seconds", -30), "in_range"),
    ("replayed event", "events", lambda t: pd.concat([t, t.head(2)], ignore_index=True),
     "field_uniqueness"),
    ("personal data in features", "snapshots", lambda t: t.assign(email="a@example.com"),
     "personal data"),
])
def test_each_defect_kind_is_rejected(history_tables, defect, table, corrupt, failing_check):
    """Does the schema fail closed, and does its message name the failing check?"""
    bad = corrupt(getattr(history_tables, table))
    with pytest.raises(V.BatchRejected) as err:
        V.check_batch({table: bad})
    assert failing_check in str(err.value), defect
    assert "nothing was passed on" in str(err.value)


def test_raw_events_without_cleaning_are_rejected(data_dir):
    """Would the delivered events, loaded naively, be stopped at the boundary?"""
    raw = ingest.load_batch(data_dir / "history").events
    found = V.failures({"events": raw})
    assert set(found["column"]) == {"event_id", "seconds"}


def test_next_quarter_pipeline_bug_is_rejected(data_dir):
    """Does the billing migration (pence) and the renamed contract stop the batch?"""
    with pytest.raises(clean.UnknownValue, match="biennial"):
        pipeline.feature_table(data_dir, ("history", "next_quarter"))
    with pytest.raises(V.BatchRejected) as err:
        pipeline.feature_table(data_dir, ("history", "next_quarter"), unknown="keep")
    message = str(err.value)
    assert "crm.contract" in message and "billing.amount_billed" in message


def test_fresh_clean_next_quarter_passes(clean_data_dir):
    """Does a next quarter without the bug go through the same checks untouched?"""
    tables = pipeline.feature_table(clean_data_dir, ("history", "next_quarter"))
    assert tables.snapshots["snapshot_month"].max() == "2026-02"
