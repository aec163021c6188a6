"""The ML engineer assessment's answer key: the reference answers, written with the project's
own code. The checks compare with these; the solution notebook holds the same code."""

from __future__ import annotations

import numpy as np
import pandas as pd

REGIONS = ("north", "south", "east", "west", "capital")

FEATURE_TESTS = '''
import math

from dsroles.churn import online

MONTH = "2025-11"


def features(rec):
    return online.online_features(*rec, MONTH)


def test_tenure_runs_to_the_end_of_the_month(records):
    f = features(records(signup="2025-11-01", sessions=[("2025-11-02 20:00", 600)]))
    assert f["tenure_months"] == round(30 / 30.4375, 2)


def test_tickets_after_the_month_do_not_count(records):
    rec = records(tickets=["2025-09-01 09:00", "2025-11-30 23:59", "2025-12-01 00:00"])
    f = features(rec)
    assert (f["tickets_month"], f["tickets_3m"]) == (1, 2)


def test_a_customer_who_never_watched_counts_days_since_signing_up(records):
    f = features(records(signup="2025-10-01"))
    assert f["days_since_last_session"] == 61.0
    assert not math.isnan(f["days_since_last_session"])
'''

PREDICTOR_TESTS = '''
import math

import pandas as pd
import pytest

from dsroles.churn import retrain
from dsroles.churn.predictor import Predictor


def test_counts_are_log_scaled():
    out = retrain.log_counts(pd.DataFrame({"minutes": [0.0, math.e - 1], "addons": [1, 2]}),
                             ["minutes"])
    assert out["minutes"].tolist() == pytest.approx([0.0, 1.0])
    assert out["addons"].tolist() == [1, 2]


def test_a_region_missing_from_training_is_still_scored(snapshots, config, customer):
    model = retrain.fit(snapshots[snapshots["region"] != "east"], config)
    p = model.predict_proba(pd.DataFrame([dict(customer, region="east")]))[:, 1]
    assert 0 <= p[0] <= 1


def test_an_empty_batch_gives_an_empty_result(artefact_dir, snapshots):
    out = Predictor.from_artefact(artefact_dir).predict_batch(snapshots.iloc[:0])
    assert len(out) == 0
    assert list(out.columns) == ["churn_probability", "offer"]
'''


class CampaignPredictor:
    """The reference predictor of the assessment: the kit's Predictor, plus the campaign's
    output (customer_id, churn_probability, offer, model_version, and no personal data)."""

    COLUMNS = ["customer_id", "churn_probability", "offer", "model_version"]

    def __init__(self, model, metadata):
        from dsroles.churn.predictor import Predictor

        self.inner = Predictor(model, metadata)
        self.version, self.threshold = self.inner.version, self.inner.threshold

    @classmethod
    def from_artefact(cls, folder):
        from dsroles.churn import artefact

        return cls(*artefact.load_model(folder))

    def predict_batch(self, batch: pd.DataFrame) -> pd.DataFrame:
        if len(batch) == 0:
            return pd.DataFrame({c: [] for c in self.COLUMNS})
        scored = self.inner.predict_batch(batch)
        return pd.DataFrame({"customer_id": batch["customer_id"].to_numpy(),
                             "churn_probability": scored["churn_probability"].to_numpy(),
                             "offer": scored["offer"].to_numpy(),
                             "model_version": self.version})

    def predict_one(self, customer: dict) -> dict:
        return self.inner.predict_one(customer)


def _scores(model, rows) -> np.ndarray:
    return model.predict_proba(rows)[:, 1]


def check_minimum(model, rows, threshold: float | None = None):
    from dsroles.tracks.ml_engineer.exam_data import campaign_threshold

    threshold = campaign_threshold() if threshold is None else threshold
    base = rows.iloc[[0]]
    risky = base.assign(contract="monthly", tenure_months=3.0, failed_payments_month=1,
                        failed_payments_3m=2, tickets_month=2, tickets_3m=3, usage_trend=0.3,
                        sessions=2, minutes=60.0, days_since_last_session=20.0)
    safe = base.assign(contract="two_year", tenure_months=60.0, failed_payments_month=0,
                       failed_payments_3m=0, tickets_month=0, tickets_3m=0, usage_trend=1.0,
                       sessions=15, minutes=700.0, days_since_last_session=1.0)
    assert _scores(model, risky)[0] >= threshold, "a plainly risky customer is not flagged"
    assert _scores(model, safe)[0] < threshold, "a plainly safe customer is flagged"


def check_invariance(model, rows):
    before = _scores(model, rows)
    for column in ("customer_id", "name", "email"):
        changed = rows.assign(**{column: rows[column].to_numpy()[::-1]})
        assert np.allclose(before, _scores(model, changed), rtol=0, atol=1e-9), column


def check_direction(model, rows):
    scores = [_scores(model, rows.assign(failed_payments_month=k, failed_payments_3m=k))
              for k in range(4)]
    for lower, higher in zip(scores, scores[1:]):
        assert (higher >= lower - 1e-12).all(), "risk falls as failed payments rise"


def release_gate(candidate, current, holdout, regions=REGIONS) -> bool:
    """Release only a candidate that scores what the service sends, ranks and is calibrated
    about as well as the model in production, and keeps each region's scores."""
    from sklearn.metrics import brier_score_loss, roc_auc_score

    from dsroles.churn.features import MODEL_FEATURES

    X, y = holdout[MODEL_FEATURES], holdout["churned"].to_numpy()
    try:
        new = _scores(candidate, X)
    except Exception:  # noqa: BLE001 - it needs columns the service never sends
        return False
    old = _scores(current, X)
    if roc_auc_score(y, new) < roc_auc_score(y, old) - 0.03:
        return False
    if brier_score_loss(y, new) > 1.10 * brier_score_loss(y, old):
        return False
    for region in regions:
        rows = (holdout["region"] == region).to_numpy()
        if new[rows].mean() < 0.7 * old[rows].mean():
            return False
    return True


def train_model(table: pd.DataFrame, config: dict):
    """The notebook's training cell, each constant read from the settings."""
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler
    from threadpoolctl import threadpool_limits

    f, m = config["features"], config["model"]
    logged = [c for c in f["numeric"] if c in f["log_scaled"]]
    plain = [c for c in f["numeric"] if c not in f["log_scaled"]]
    rows = table[table["snapshot_month"] <= config["data"]["train_until"]]
    prepare = ColumnTransformer([
        ("logged", make_pipeline(SimpleImputer(strategy="median"), FunctionTransformer(np.log1p),
                                 StandardScaler()), logged),
        ("plain", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), plain),
        ("categorical", OneHotEncoder(handle_unknown="ignore", min_frequency=m["min_frequency"]),
         list(f["categorical"])),
    ])
    model = make_pipeline(prepare, LogisticRegression(C=m["C"], max_iter=m["max_iter"]))
    with threadpool_limits(limits=1):
        return model.fit(rows[logged + plain + list(f["categorical"])], rows["churned"])


def break_even(config: dict) -> float:
    d = config["decision"]
    return d["offer_cost"] / (d["acceptance_rate"] * d["lifetime_value"])


def retrain(settings_path, out_dir, snaps, folder):
    """Read the settings, train, save the artefact with the settings' threshold."""
    import tomllib
    from pathlib import Path

    from dsroles.churn import artefact

    config = tomllib.loads(Path(settings_path).read_text(encoding="utf-8"))
    model = train_model(snaps, config)
    return artefact.save_model(model, out_dir, metrics={}, data_dir=folder,
                               threshold=break_even(config))


def skew_report(training: pd.DataFrame, serving: pd.DataFrame) -> dict:
    """For each feature that differs on the rows both tables hold, how many rows differ."""
    from dsroles.churn.features import MODEL_FEATURES, NUMERIC

    m = training.merge(serving, on=["customer_key", "snapshot_month"], suffixes=("_t", "_s"))
    report = {}
    for feature in MODEL_FEATURES:
        a, b = m[f"{feature}_t"], m[f"{feature}_s"]
        if feature in NUMERIC:
            same = np.isclose(a.astype(float), b.astype(float), rtol=1e-6, atol=1e-6, equal_nan=True)
        else:
            same = (a.astype(str) == b.astype(str)).to_numpy()
        if not same.all():
            report[feature] = int((~same).sum())
    return report


def skew_counts(seed: int, skew: str) -> dict:
    """The reference skew report on the graded serving table of ``skew``."""
    from dsroles.tracks.ml_engineer import servings

    return skew_report(servings.training_rows(seed), servings.serving_rows(seed, skew, True))


def product_skewed(seed: int) -> list[str]:
    """The feature the product team's serving function computes differently."""
    from dsroles.tracks.ml_engineer import exam_data, servings

    return [servings.SKEWS[exam_data.product_skew(seed)][0]]
