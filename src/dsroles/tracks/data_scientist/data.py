"""The data scientist track's data, from the seed: the snapshot table, the held-out month
(December 2025, labelled by the next quarter's export, never shown in a lesson), the
logistic baseline and the reference model's test scores (cached per seed)."""

from __future__ import annotations

import functools

from dsroles.checks.models import one_thread


CONTRACTS = ("monthly", "annual", "two_year")


HELDOUT_MONTH = "2025-12"  # labelled by the next quarter's export; never shown in a lesson


def data_dir(seed: int):
    """The folder of raw sources for this seed (generated once, then reused)."""
    from dsroles.churn.data import project_data

    return project_data(int(seed))


def snapshots(seed: int):
    from dsroles.churn.data import history_tables

    return history_tables(seed).snapshots


@functools.lru_cache(maxsize=4)
def heldout_table(seed: int):
    """The December 2025 snapshot, labelled with the January 2026 cancellations."""
    from dsroles.churn import clean, ingest, pipeline
    from dsroles.churn.features import LABEL
    from dsroles.churn.pii import pseudonymise

    folder = data_dir(seed)
    table = pipeline.feature_table(folder, months=[HELDOUT_MONTH]).snapshots
    later = ingest.read_crm(folder / "next_quarter" / "crm_customers.csv")
    cancelled = clean.parse_dates(later["cancel_date"], column="cancel_date")
    left = later["customer_id"][(cancelled >= "2026-01-01") & (cancelled < "2026-02-01")]
    table[LABEL] = table["customer_key"].isin(set(pseudonymise(left))).astype("int64")
    return table


def heldout(seed: int):
    """(X, y) of the held-out month: every column of the snapshot table but the label."""
    from dsroles.churn.features import LABEL

    table = heldout_table(int(seed))
    return table.drop(columns=LABEL), table[LABEL].to_numpy()


def baseline(seed: int):
    """The logistic baseline: the numeric columns only, imputed and scaled, no categories."""
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from dsroles.churn.features import LABEL, NUMERIC

    snaps = snapshots(seed)
    model = make_pipeline(SimpleImputer(strategy="median"), StandardScaler(),
                          LogisticRegression(max_iter=1000))
    with one_thread():
        return model.fit(snaps[NUMERIC], snaps[LABEL])


@functools.lru_cache(maxsize=4)
def reference_test_scores(seed: int):
    """(y, p): the reference model, trained on the time split's training months, on its test months."""
    from dsroles.churn import train
    from dsroles.churn.features import LABEL, MODEL_FEATURES

    train_set, test_set = train.time_split(snapshots(seed))
    with one_thread():
        model = train.train(train_set)
    return test_set[LABEL].to_numpy(), model.predict_proba(test_set[MODEL_FEATURES])[:, 1]
