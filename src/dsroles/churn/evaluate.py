"""Evaluate a churn model honestly: ranking (AUC), calibration, and money.

``expected_profit`` puts the business parameters on a decision threshold: every customer
scored at or above it gets a retention offer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score

from dsroles.churn import params as P
from dsroles.churn.features import LABEL


def expected_profit(y, scores, threshold: float, business: P.BusinessParams = P.BUSINESS) -> float:
    """Expected profit of offering the retention discount to everyone scored >= threshold."""
    y = np.asarray(y).astype(bool)
    flagged = np.asarray(scores) >= threshold
    return float(flagged[y].sum() * business.value_of_flagging(True)
                 + flagged[~y].sum() * business.value_of_flagging(False))


def profit_curve(y, scores, business: P.BusinessParams = P.BUSINESS,
                 thresholds=None) -> pd.DataFrame:
    """Expected profit and number of offers for a grid of thresholds."""
    thresholds = np.round(np.linspace(0.0, 0.5, 51), 3) if thresholds is None else thresholds
    scores = np.asarray(scores)
    return pd.DataFrame({
        "threshold": thresholds,
        "offers": [int((scores >= t).sum()) for t in thresholds],
        "profit": [expected_profit(y, scores, t, business) for t in thresholds],
    })


def break_even_probability(business: P.BusinessParams = P.BUSINESS) -> float:
    """The churn probability above which an offer pays for itself on average."""
    return business.retention_offer_cost / (
        business.offer_acceptance_rate * business.customer_lifetime_value)


def calibration_table(y, scores, bins: int = 10) -> pd.DataFrame:
    """Mean predicted probability against the observed churn rate, per score decile."""
    df = pd.DataFrame({"y": np.asarray(y), "p": np.asarray(scores)})
    df["bin"] = pd.qcut(df["p"].rank(method="first"), bins, labels=False)
    return (df.groupby("bin").agg(predicted=("p", "mean"), observed=("y", "mean"), n=("y", "size"))
            .reset_index(drop=True))


def evaluate(model, test: pd.DataFrame, features=None,
             business: P.BusinessParams = P.BUSINESS) -> dict:
    """AUC, Brier score, log loss, calibration and the profit-maximising threshold."""
    features = features or list(model.feature_names_in_)
    y = test[LABEL].to_numpy()
    p = model.predict_proba(test[features])[:, 1]
    curve = profit_curve(y, p, business)
    best = curve.loc[curve["profit"].idxmax()]
    return {
        "rows": int(len(y)),
        "positives": int(y.sum()),
        "base_rate": float(y.mean()),
        "auc": float(roc_auc_score(y, p)),
        "brier": float(brier_score_loss(y, p)),
        "log_loss": float(log_loss(y, p, labels=[0, 1])),
        "best_threshold": float(best["threshold"]),
        "best_profit": float(best["profit"]),
        "profit_at_break_even": expected_profit(y, p, break_even_probability(business), business),
        "calibration": calibration_table(y, p).round(4).to_dict(orient="list"),
    }


def resampled_aucs(y, p, *, resamples: int = 200, seed: int = 0) -> np.ndarray:
    """The AUC of each of ``resamples`` bootstrap resamples of the rows, drawn as a loop of
    ``rng.integers(0, n, n)`` calls (so the resamples are the ones that loop with
    ``roc_auc_score`` gives) but scored all at once: the AUC is the Mann-Whitney statistic,
    ``(rank sum of the churners - n1 (n1 + 1) / 2) / (n1 n0)`` with tied scores given their
    average rank, which is what ``roc_auc_score`` computes (to about 1e-12), thirty times faster.
    """
    from scipy.stats import rankdata

    y, p = np.asarray(y).astype(bool), np.asarray(p, dtype=float)
    rng = np.random.default_rng(seed)
    rows = np.stack([rng.integers(0, len(y), len(y)) for _ in range(resamples)])
    labels = y[rows]
    positives = labels.sum(axis=1)
    negatives = len(y) - positives
    if (positives == 0).any() or (negatives == 0).any():
        raise ValueError("a resample holds one class only: the AUC is not defined for it")
    ranks = rankdata(p[rows], axis=1)
    rank_sum = np.where(labels, ranks, 0.0).sum(axis=1)
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def bootstrap_interval(y, p, *, resamples: int = 200, seed: int = 0,
                       level: float = 0.95) -> list[float]:
    """Percentile bootstrap interval of the AUC: resample the rows with replacement.

    Seeded: the same ``seed`` gives the same interval. ``level`` 0.95 takes the 2.5th and
    97.5th percentiles of the resampled AUCs; 0.90 the 5th and 95th.
    """
    aucs = resampled_aucs(y, p, resamples=resamples, seed=seed)
    tail = 100 * (1 - level) / 2
    return [float(x) for x in np.percentile(aucs, [tail, 100 - tail])]


RANDOM_SPLITS = 5  # the leakage lesson's way: the mean AUC of five random row splits


def split_aucs(snaps: pd.DataFrame, *, splits: int = RANDOM_SPLITS,
               test_size: float = 0.25) -> tuple[float, list[float]]:
    """The reference model's test AUC on the forward time split (``train.time_split``), and
    on ``splits`` random row splits (``random_state`` 0, 1, ...). The gap between the mean
    of the second and the first is what a random split flatters the model by."""
    from sklearn.model_selection import train_test_split

    from dsroles.churn.train import time_split, train

    def auc(train_part, test_part):
        model = train(train_part)
        scores = model.predict_proba(test_part[list(model.feature_names_in_)])[:, 1]
        return float(roc_auc_score(test_part[LABEL], scores))

    time_auc = auc(*time_split(snaps))
    random_aucs = [auc(*train_test_split(snaps, test_size=test_size, random_state=s))
                   for s in range(splits)]
    return time_auc, random_aucs
