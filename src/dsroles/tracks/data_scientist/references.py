"""The data scientist assessment's reference answers, computed from the seed with the churn
package's own code: the answer key the exam's checks compare with."""

from __future__ import annotations

import functools

from dsroles.checks.models import one_thread
from dsroles.tracks.data_scientist import data, evaluation, exam_data


def invoice_rate(seed: int) -> float:
    """Churn rate of the snapshot rows of monthly-contract customers who pay by invoice."""
    s = data.snapshots(seed)
    rows = (s["contract"] == "monthly") & (s["payment_method"] == "invoice")
    return float(s.loc[rows, "churned"].mean())


def failed_payment_lift(seed: int) -> float:
    """Churn rate with a failed payment in the last 3 months, divided by the rate without."""
    s = data.snapshots(seed)
    failed = s["failed_payments_3m"] >= 1
    return float(s.loc[failed, "churned"].mean() / s.loc[~failed, "churned"].mean())


def segment_count(seed: int) -> int:
    """October 2025 snapshot: customers paying by invoice with a failed payment in 3 months."""
    s = data.snapshots(seed)
    month = s[s["snapshot_month"] == exam_data.SEGMENT_MONTH]
    return int(((month["payment_method"] == "invoice") & (month["failed_payments_3m"] >= 1)).sum())


def table_columns(seed: int) -> list[str]:
    return [str(c) for c in data.snapshots(seed).columns]


def usable_columns() -> list[str]:
    from dsroles.churn.features import MODEL_FEATURES

    return list(MODEL_FEATURES)


def gap_split_reference(df, test_months: int = 2, gap_months: int = 1):
    """Test on the last ``test_months`` months present; drop the ``gap_months`` before them."""
    months = sorted(df["snapshot_month"].unique())
    if len(months) <= test_months + gap_months:
        raise ValueError(f"need more than {test_months + gap_months} months, got {len(months)}")
    cut = months[-(test_months + gap_months)]
    test = months[-test_months:]
    return df[df["snapshot_month"] < cut], df[df["snapshot_month"].isin(test)]


@functools.lru_cache(maxsize=4)
def baseline_auc(seed: int) -> float:
    """AUC of the lesson's logistic baseline (numeric columns only) on the held-out months."""
    from sklearn.metrics import roc_auc_score

    from dsroles.churn.features import NUMERIC

    X, y = exam_data.heldout(seed)
    with one_thread():
        return float(roc_auc_score(y, data.baseline(int(seed)).predict_proba(X[NUMERIC])[:, 1]))


def know_nothing_brier(seed: int) -> float:
    """Brier score on the held-out months of forecasting the training churn rate for everyone."""
    import numpy as np
    from sklearn.metrics import brier_score_loss

    _, y = exam_data.heldout(seed)
    return float(brier_score_loss(y, np.full(len(y), float(data.snapshots(seed)["churned"].mean()))))


def rolling_aucs(seed: int) -> list[float]:
    """For each CV month: the reference model trained on the 4 months present before it; its AUC."""
    return evaluation.fold_aucs(int(seed), exam_data.CV_MONTHS, exam_data.CV_WINDOW)


@functools.lru_cache(maxsize=4)
def two_month_scores(seed: int):
    """(y, p): the reference model trained before the last two months, on those two months."""
    from dsroles.churn import train
    from dsroles.churn.features import LABEL, MODEL_FEATURES

    train_part, test_part = train.time_split(data.snapshots(seed), exam_data.TEST_MONTHS)
    with one_thread():
        fitted = train.train(train_part)
    return test_part[LABEL].to_numpy(), fitted.predict_proba(test_part[MODEL_FEATURES])[:, 1]


def interval_reference(seed: int) -> list[float]:
    from dsroles.churn import evaluate

    y, p = two_month_scores(seed)
    return evaluate.bootstrap_interval(y, p, seed=int(seed), level=exam_data.INTERVAL_LEVEL,
                                       resamples=exam_data.INTERVAL_RESAMPLES)


@functools.lru_cache(maxsize=8)
def trial_summary(seed: int) -> dict:
    from dsroles.churn import abtest

    return abtest.summarise(exam_data.trial(seed), business=exam_data.exam_business())


def experiment_reference(snaps, seed: int) -> dict:
    """Boosting model (seeded) trained before the last two months, its AUC there, a seeded
    90 % bootstrap interval."""
    from sklearn.metrics import roc_auc_score

    from dsroles.churn import evaluate, train
    from dsroles.churn.features import LABEL, MODEL_FEATURES

    train_part, test_part = train.time_split(snaps, exam_data.TEST_MONTHS)
    with one_thread():
        fitted = train.train(train_part, "boosting", seed=seed)
    y = test_part[LABEL].to_numpy()
    p = fitted.predict_proba(test_part[MODEL_FEATURES])[:, 1]
    return {"seed": int(seed), "auc": float(roc_auc_score(y, p)),
            "auc_interval": evaluate.bootstrap_interval(
                y, p, seed=seed, level=exam_data.INTERVAL_LEVEL,
                resamples=exam_data.EXPERIMENT_RESAMPLES)}


@functools.lru_cache(maxsize=8)
def seed_experiment(seed: int) -> dict:
    return experiment_reference(data.snapshots(seed), seed)


def test_months(seed: int) -> list[str]:
    return sorted(data.snapshots(seed)["snapshot_month"].unique())[-exam_data.TEST_MONTHS:]
