"""Data tier: every documented defect is in the raw sources exactly where the answer key says,
and the cleaned tables have none of them."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from dsroles.churn import clean, ingest
from dsroles.churn import params as P
from dsroles.churn.defects import PLACEHOLDER_BIRTH_DATE


@pytest.fixture(scope="module")
def key(data_dir):
    return {d["id"]: d for d in json.loads((data_dir / "answer_key.json").read_text())["defects"]}


@pytest.fixture(scope="module")
def raw(data_dir):
    return ingest.load_batch(data_dir / "history")


@pytest.fixture(scope="module")
def invoices(data_dir):
    return ingest.query_billing(data_dir / "history" / "billing.sqlite", "SELECT * FROM invoices")


def rows_where(mask) -> list[int]:
    return np.flatnonzero(np.asarray(mask)).tolist()


def test_answer_key_documents_every_kind(key):
    """Does the key cover duplicates, dates, units, impossible, categories and missing values?"""
    kinds = {d["defect"] for d in key.values()}
    assert {"duplicate_customer", "mixed_date_format", "amount_in_cents", "impossible_value",
            "inconsistent_category", "missing_value", "duplicate_event"} <= kinds
    for d in key.values():
        assert d["count"] > 0 and d["description"] and d["fix"], d["id"]


def test_duplicate_customers_are_exactly_the_listed_rows(key, raw):
    assert rows_where(raw.crm["customer_id"].duplicated()) == key["D1"]["rows"]


def test_mixed_date_formats_are_exactly_the_listed_rows(key, raw):
    iso = raw.crm["signup_date"].str.match(r"^\d{4}-\d{2}-\d{2}$")
    assert rows_where(~iso) == key["D2"]["rows"]


def test_inconsistent_categories_are_exactly_the_listed_rows(key, raw):
    odd = ~raw.crm["contract"].isin(P.CONTRACTS) | ~raw.crm["payment_method"].isin(
        P.PAYMENT_METHODS + ("",))
    assert rows_where(odd) == key["D3"]["rows"]


def test_placeholder_birth_dates_are_exactly_the_listed_rows(key, raw):
    assert rows_where(raw.crm["birth_date"] == PLACEHOLDER_BIRTH_DATE) == key["D4"]["rows"]


def test_missing_values_are_exactly_the_listed_rows(key, raw):
    blank = (raw.crm["region"] == "") | (raw.crm["payment_method"] == "")
    assert rows_where(blank) == key["D5"]["rows"]


def test_amounts_in_cents_are_exactly_the_listed_invoices(key, invoices):
    too_big = invoices.loc[invoices["amount"] > P.MAX_CHARGE, "invoice_id"]
    assert sorted(too_big.tolist()) == sorted(key["D6"]["keys"])
    legacy = invoices.loc[invoices["source_system"] == "legacy", "invoice_id"]
    assert sorted(legacy.tolist()) == sorted(key["D6"]["keys"])


def test_negative_durations_are_exactly_the_listed_events(key, raw):
    assert rows_where(raw.events["seconds"] < 0) == key["D7"]["rows"]


def test_replayed_events_are_exactly_the_listed_rows(key, raw):
    assert rows_where(raw.events["event_id"].duplicated()) == key["D8"]["rows"]


def test_cleaned_tables_have_none_of_the_defects(history_tables):
    """After cleaning: one row per customer, parsed dates, canonical categories, pounds."""
    crm, events, billing = history_tables.crm, history_tables.events, history_tables.billing
    assert crm["customer_id"].is_unique
    assert pd.api.types.is_datetime64_any_dtype(crm["signup_date"])
    assert crm["signup_date"].notna().all()
    assert crm["contract"].isin(P.CONTRACTS).all()
    assert crm["payment_method"].isin(P.PAYMENT_METHODS + ("unknown",)).all()
    assert crm["region"].isin(P.REGIONS + ("unknown",)).all()
    assert (crm["birth_date"].dropna() > pd.Timestamp("1925-01-01")).all()
    assert billing["amount_billed"].between(P.MIN_CHARGE, P.MAX_CHARGE).all()
    assert events["event_id"].is_unique and (events["seconds"] >= 0).all()


def test_cleaning_recovers_the_true_signup_dates(data_dir, history_tables):
    """Are the day-first and compact dates read as the same day the simulation drew?"""
    from dsroles.churn.simulate import simulate

    truth = simulate(P.DEFAULT_SEED).customers.set_index("customer_id")["signup_date"]
    cleaned = history_tables.crm.set_index("customer_id")["signup_date"]
    assert (cleaned == truth.loc[cleaned.index]).all()


def test_an_unseen_spelling_fails_loudly():
    """Does a contract spelling no rule knows stop the pipeline instead of being guessed?"""
    with pytest.raises(clean.UnknownValue, match="contract: 1 values with an unknown spelling"):
        clean.canonical_category(pd.Series(["monthly", "biennial"]), clean.CONTRACT_SYNONYMS,
                                 column="contract")


def test_an_unknown_date_format_fails_loudly():
    with pytest.raises(clean.UnknownValue, match="'2025.01.31'"):
        clean.parse_dates(pd.Series(["2025-01-31", "2025.01.31"]), column="signup_date")
