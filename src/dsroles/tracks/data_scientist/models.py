"""The track's shared parts for model answers: score a learner's model on held-out rows it
never saw (refusing one that leans on the leak), and the bars it is held to.

The held-out rows hold about a hundred leavers, so a model's lead over the baseline there
moves by a couple of hundredths with the luck of the draw and of the model's own random
state (a boosting model with early stopping leads by 0.002 to 0.04 on one seed). So the bar
is stated and asks no margin, in two parts: an AUC of ``AUC_FLOOR`` or more (a model that
works at all), and above the numeric-only logistic baseline's. ``benchmarks/
bench_model_bar.py`` shows that competent models clear both on 20 seeds and weak ones do not.
"""

from __future__ import annotations

from dsroles.checks.models import baseline_parts, one_thread, score_model
from dsroles.checks.outcomes import Incorrect, NotAttempted, is_placeholder

AUC_FLOOR = 0.6  # a model that ranks customers at all (a dummy gets 0.5)


BRIER_SLACK = 1.10  # a calibrated model's Brier score stays within 10 % of the know-nothing one's


BASELINE = "the numeric-only logistic baseline"


def uses_leak(model, X) -> bool:
    """Do the model's scores move when only the post-cancellation column changes?"""
    import numpy as np

    from dsroles.churn.params import LEAKAGE_COLUMN

    rng = np.random.default_rng(0)
    shaken = X.copy()
    shaken[LEAKAGE_COLUMN] = rng.integers(1, 6, size=len(X)).astype(float)
    try:
        before = np.asarray(model.predict_proba(X), dtype=float)[:, 1]
        after = np.asarray(model.predict_proba(shaken), dtype=float)[:, 1]
    except Exception:  # noqa: BLE001 - judged by score_model already
        return False
    return not np.allclose(before, after, rtol=0, atol=1e-12)


def scored(model, X, y, metric: str = "roc_auc") -> float:
    """The model's metric on (X, y), the whole snapshot table of held-out rows; a model that
    cannot score that table, or leans on the leak, is refused with a message saying why."""
    if is_placeholder(model):
        raise NotAttempted("Fit your model first, then check it.")
    try:
        with one_thread():
            score = score_model(model, X, y, metric)
            leaky = uses_leak(model, X)
    except Incorrect as exc:
        if "feature names" not in str(exc):
            raise
        raise Incorrect("your model could not score the held-out table: it was fitted on other "
                        "columns. The check passes the whole snapshot table (every column but "
                        "'churned'): start your Pipeline with a ColumnTransformer that selects "
                        "the columns it uses.") from None
    if leaky:
        raise Incorrect("your model's scores change when a column that is only filled in after a "
                        "customer has cancelled changes. At decision time that column is empty: "
                        "leave it out of the model.")
    return score


def auc_parts(heldout, where: str) -> list:
    """The two parts of a model item: ``heldout(seed) -> (X, y)``; expected: the baseline's AUC."""
    def auc(model, context):
        return scored(model, *heldout(context["seed"]))

    return baseline_parts(auc, floor=AUC_FLOOR, where=where, baseline=BASELINE)


def check_brier(model, know_nothing: float, X, y, where: str) -> None:
    """The Brier score within ``BRIER_SLACK`` of forecasting the average rate for everyone."""
    ratio = scored(model, X, y, "brier") / know_nothing
    if ratio > BRIER_SLACK:
        raise Incorrect(f"your model's Brier score on {where} is {ratio:.2f} times that of "
                        "forecasting the average churn rate for everyone; the bar is "
                        f"{BRIER_SLACK:.2f} times. Its probabilities are not honest churn "
                        "probabilities: look at a reliability plot (class weights or a "
                        "rebalanced training table inflate them).")

