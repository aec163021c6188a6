"""The business owner track's data, from the seed, cached per seed.

What a business owner reads is what the other roles hand over: the data engineer's clean
CRM and snapshot table, the consent file, the data scientist's reference model and its
scores, and the churn rate per month once the next quarter's export has arrived.
"""

from __future__ import annotations

import functools

from dsroles.checks.models import one_thread

TEST_MONTHS = ("2025-09", "2025-10", "2025-11")  # the time split's test months
DECEMBER = "2025-12"  # the latest snapshot: the customers the January campaign scores


def data_dir(seed: int):
    """The folder of raw sources for this seed (generated once, then reused)."""
    from dsroles.churn.data import project_data

    return project_data(int(seed))


def tables(seed: int):
    """The history's clean tables and snapshot table (``pipeline.Tables``, shared: copy to change)."""
    from dsroles.churn.data import history_tables

    return history_tables(seed)


def crm(seed: int):
    """The clean CRM of 2025: one row per customer, cancel dates up to 2025-12-31."""
    return tables(seed).crm.copy()


def snapshots(seed: int):
    return tables(seed).snapshots.copy()


@functools.lru_cache(maxsize=8)
def _consent(seed: int, batch: str):
    from dsroles.churn import consent

    return consent.read_consent(data_dir(seed) / batch / consent.CONSENT_FILE)


def consent_table(seed: int, batch: str = "history"):
    """The profiling-consent file of a batch (``dsroles.churn.consent``)."""
    return _consent(int(seed), batch).copy()


@functools.lru_cache(maxsize=4)
def _next_quarter_crm(seed: int):
    from dsroles.churn import clean, ingest

    raw = ingest.read_crm(data_dir(seed) / "next_quarter" / "crm_customers.csv")
    return clean.clean_crm(raw, unknown="keep")  # 'biennial' is the pipeline bug: kept as is


def next_quarter_crm(seed: int):
    """The next quarter's CRM export (2026-03-31), cleaned; its renamed contract type kept."""
    return _next_quarter_crm(int(seed)).copy()


@functools.lru_cache(maxsize=4)
def _test_scores(seed: int):
    from dsroles.churn import train
    from dsroles.churn.features import LABEL, MODEL_FEATURES

    train_part, test_part = train.time_split(tables(seed).snapshots)
    with one_thread():
        model = train.train(train_part)
    return test_part[LABEL].to_numpy(), model.predict_proba(test_part[MODEL_FEATURES])[:, 1]


def test_scores(seed: int):
    """(y, p): the reference model, trained before September, on September to November 2025."""
    y, p = _test_scores(int(seed))
    return y.copy(), p.copy()


@functools.lru_cache(maxsize=4)
def _december(seed: int):
    from dsroles.churn import train
    from dsroles.churn.features import MODEL_FEATURES, build_snapshots

    t = tables(seed)
    table = build_snapshots(t.crm, t.billing, t.events, t.tickets, [DECEMBER])
    with one_thread():
        model = train.train(t.snapshots)
    return table.drop(columns="churned"), model.predict_proba(table[MODEL_FEATURES])[:, 1]


def december_scores(seed: int):
    """(customers, p): December 2025's snapshot and its scores by the reference model trained on
    every labelled month of 2025: whom the January campaign would call."""
    table, p = _december(int(seed))
    return table.copy(), p.copy()


def churn_by_month(crm, months):
    """Per snapshot month: customers subscribed at its end, and how many left the month after."""
    import pandas as pd

    from dsroles.churn.features import month_end, shift_month

    rows = []
    for month in months:
        end, after = month_end(month), month_end(shift_month(month, 1))
        stays = crm["cancel_date"].isna() | (crm["cancel_date"] >= end)
        active = (crm["signup_date"] < end) & stays
        left = active & (crm["cancel_date"] < after)
        rows.append({"snapshot_month": month, "customers": int(active.sum()),
                     "leavers": int(left.sum())})
    table = pd.DataFrame(rows)
    table["churn_rate"] = table["leavers"] / table["customers"]
    return table


@functools.lru_cache(maxsize=4)
def _monthly_churn(seed: int):
    import pandas as pd

    from dsroles.churn.features import labelled_months

    history = churn_by_month(tables(seed).crm, labelled_months("2025-12"))
    later = churn_by_month(_next_quarter_crm(seed), ["2025-12", "2026-01", "2026-02"])
    return pd.concat([history, later], ignore_index=True)


def monthly_churn(seed: int):
    """Churn per snapshot month, March 2025 to February 2026: customers subscribed at the end
    of the month, and how many of them left in the month after (from December on, the next
    quarter's export tells)."""
    return _monthly_churn(int(seed)).copy()
