"""The data engineer track's data, from the seed: the raw sources and the tables every
lesson and the assessment compare with (cached per seed)."""

from __future__ import annotations

import functools


BILLING_COLUMNS = ["customer_id", "month", "amount_billed", "failed_payments"]


def data_dir(seed: int, usage_scale: int = 1):
    """The folder of raw sources for this seed (generated once, then reused)."""
    from dsroles.churn.data import project_data

    return project_data(int(seed), usage_scale=int(usage_scale))


def history(seed: int, name: str):
    return data_dir(seed) / "history" / name


@functools.lru_cache(maxsize=4)
def billing(seed: int):
    from dsroles.churn import ingest

    return ingest.query_billing(history(seed, "billing.sqlite"))[BILLING_COLUMNS]


@functools.lru_cache(maxsize=4)
def crm_raw(seed: int):
    from dsroles.churn import ingest

    return ingest.read_crm(history(seed, "crm_customers.csv"))


@functools.lru_cache(maxsize=2)
def events_clean(seed: int):
    from dsroles.churn import clean, ingest

    return clean.clean_events(ingest.read_events(history(seed, "usage_events.parquet")))


@functools.lru_cache(maxsize=2)
def tickets(seed: int):
    from dsroles.churn import ingest

    return ingest.read_tickets(history(seed, "support_tickets.jsonl"))
