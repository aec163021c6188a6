"""The domain expert track's data, from the seed: the raw sources, the snapshot table, the
account log with each customer's key, and the answer key (cached per seed)."""

from __future__ import annotations

import functools
import json


def data_dir(seed: int):
    """The folder of raw sources for this seed (generated once, then reused)."""
    from dsroles.churn.data import project_data

    return project_data(int(seed))


def tables(seed: int):
    """The reference pipeline's tables of the history: cleaned sources and the snapshots."""
    from dsroles.churn.data import history_tables

    return history_tables(seed)


def snapshots(seed: int):
    """The reference pipeline's snapshot table of the history (2025-03 to 2025-11)."""
    return tables(seed).snapshots


@functools.lru_cache(maxsize=4)
def account_events(seed: int):
    """Both batches' account events, with the pseudonymised ``customer_key`` of each row."""
    from dsroles.churn import accounts
    from dsroles.churn.pii import pseudonymise

    events = accounts.read_account_events(data_dir(seed), ("history", "next_quarter"))
    events.insert(2, "customer_key", pseudonymise(events["customer_id"]))
    return events


@functools.lru_cache(maxsize=4)
def answer_key(seed: int) -> dict:
    return json.loads((data_dir(seed) / "answer_key.json").read_text())


def defect(seed: int, defect_id: str) -> dict:
    """One entry of the answer key's defects (``"D6"``)."""
    return next(d for d in answer_key(seed)["defects"] if d["id"] == defect_id)


@functools.lru_cache(maxsize=2)
def invoices(seed: int, batch: str = "history"):
    """Every invoice of a batch, as stored (legacy amounts in pence)."""
    from dsroles.churn import ingest

    return ingest.query_billing(data_dir(seed) / batch / "billing.sqlite",
                                "SELECT * FROM invoices ORDER BY invoice_id")


@functools.lru_cache(maxsize=2)
def plans(seed: int, batch: str = "history"):
    """The batch's price list (table ``plans``)."""
    from dsroles.churn import ingest

    return ingest.query_billing(data_dir(seed) / batch / "billing.sqlite", "SELECT * FROM plans")


@functools.lru_cache(maxsize=2)
def crm_raw(seed: int):
    from dsroles.churn import ingest

    return ingest.read_crm(data_dir(seed) / "history" / "crm_customers.csv")


@functools.lru_cache(maxsize=2)
def events_raw(seed: int):
    from dsroles.churn import ingest

    return ingest.read_events(data_dir(seed) / "history" / "usage_events.parquet")


QUARTER_MONTHS = ("2026-01", "2026-02")  # the next quarter's labelled snapshot months


@functools.lru_cache(maxsize=2)
def quarter(seed: int):
    """The next quarter's labelled snapshots (2026-01 and 2026-02) as the batch arrived:
    built without validation and with unknown spellings kept, so the defects stay visible."""
    from dsroles.churn import pipeline

    return pipeline.feature_table(data_dir(seed), ("history", "next_quarter"), check=False,
                                  unknown="keep", months=list(QUARTER_MONTHS)).snapshots


def repaired(table):
    """What the data engineer's fix gives: billing_v2 pence in pounds, 'biennial' as 'two_year'."""
    return table.assign(monthly_charges=table["monthly_charges"] / 100,
                        contract=table["contract"].replace({"biennial": "two_year"}))
