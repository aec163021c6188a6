"""Check a fitted model by a metric on held-out data the learner never sees.

The held-out data comes from a provider, a callable the exercise declares, called with
the exercise's context (``provider(seed=...) -> (X, y)``, once per context). The model's predictions are
read into numpy arrays here and scored with scikit-learn here.
"""

from __future__ import annotations

from dataclasses import dataclass
from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect, NotAttempted, is_placeholder


@dataclass(frozen=True)
class Metric:
    """A metric by name: its label, its sklearn.metrics function, and how it is read."""

    label: str
    function: str  # the name of the function in sklearn.metrics (imported only when scoring)
    proba: bool
    higher_is_better: bool = True

    def score(self, y_true, y_pred) -> float:
        from sklearn import metrics

        return float(getattr(metrics, self.function)(y_true, y_pred))


METRICS = {
    "roc_auc": Metric("AUC", "roc_auc_score", proba=True),
    "average_precision": Metric("average precision", "average_precision_score", proba=True),
    "brier": Metric("Brier score", "brier_score_loss", proba=True, higher_is_better=False),
    "log_loss": Metric("log loss", "log_loss", proba=True, higher_is_better=False),
    "accuracy": Metric("accuracy", "accuracy_score", proba=False),
    "f1": Metric("F1", "f1_score", proba=False),
    "r2": Metric("R²", "r2_score", proba=False),
    "mae": Metric("MAE", "mean_absolute_error", proba=False, higher_is_better=False),
}


def format_metric(x: float) -> str:
    """0.6123 -> '0.612', 0.75 -> '0.75'."""
    return f"{x:.3f}".rstrip("0").rstrip(".")


def one_thread():
    """A context: fit and predict on one BLAS thread (small tables: faster, and the same fit)."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def metric_names() -> list[str]:
    return sorted(METRICS)


def _predictions(model, X, proba: bool):
    """The model's predictions on X as a float array; problems raised as Incorrect."""
    import numpy as np

    method = "predict_proba" if proba else "predict"
    predict = getattr(model, method, None)
    if not callable(predict):
        raise Incorrect(f"Your model is {a_type(model)} without a {method}() method; "
                        "a fitted scikit-learn estimator or Pipeline is expected.")
    try:
        raw = predict(X)
    except Exception as exc:  # NotFittedError, wrong columns, ...
        if type(exc).__name__ == "NotFittedError":
            raise Incorrect("Your model is not fitted yet: call .fit(X, y) on it first.") from None
        raise Incorrect(f"Your model's {method}() failed on the held-out data: "
                        f"{type(exc).__name__}: {exc}") from None
    try:
        values = np.array(raw, dtype=np.float64)
    except (TypeError, ValueError):
        raise Incorrect(f"Your model's {method}() did not return numbers.") from None
    if proba:
        if values.ndim != 2 or values.shape[1] != 2:
            raise Incorrect(f"Your model's predict_proba() returned shape {values.shape}; "
                            "one column per class of a binary target is expected.")
        values = values[:, 1]
    if values.shape != (len(X),):
        raise Incorrect(f"Your model returned {values.size} predictions for {len(X)} rows.")
    if not np.isfinite(values).all():
        raise Incorrect("Your model's predictions contain NaN or infinite values.")
    return values


def score_model(model, X, y, metric: str) -> float:
    """The metric of ``model`` on (X, y), computed on our side."""
    spec = METRICS[metric]
    return spec.score(y, _predictions(model, X, spec.proba))


def check_model(model, X, y, *, metric: str, bar: float) -> None:
    """Raise Incorrect unless the model's metric on the held-out (X, y) reaches the bar."""
    if is_placeholder(model):
        raise NotAttempted("Fit your model first, then check it.")
    spec = METRICS[metric]
    got = score_model(model, X, y, metric)
    if spec.higher_is_better and got < bar:
        raise Incorrect(f"{spec.label} {format_metric(got)} is below the bar of "
                        f"{format_metric(bar)} on the held-out data.")
    if not spec.higher_is_better and got > bar:
        raise Incorrect(f"{spec.label} {format_metric(got)} is above the bar of "
                        f"{format_metric(bar)} on the held-out data (lower is better).")


def baseline_parts(score, *, floor: float, where: str, baseline: str, label: str = "AUC",
                   weights: tuple[float, float] = (1.0, 2.0)) -> list:
    """Two parts for a model compared with a baseline on held-out data, for partial credit.

    The exercise's expected value is the baseline's metric there (higher is better);
    ``score(model, context)`` gives the model's, raising Incorrect if it cannot. The first
    part (``weights[0]``) wants the model's metric at ``floor`` or more (a model that works
    at all), the second (``weights[1]``) above the baseline's. On a small held-out set a
    competent model's lead over a baseline moves with the luck of the draw, so no margin is
    asked on top; no message shows the baseline's own score.
    """
    from dsroles.checks.exercise import Part

    def works(model, base, context):
        if score(model, context) < floor:
            raise Incorrect(f"your model's {label} on {where} is below {floor}: it ranks little "
                            "better than a dummy model that gives everyone the same score.")

    def beats(model, base, context):
        if score(model, context) <= base:
            raise Incorrect(f"your model's {label} on {where} is not above {baseline}'s: it "
                            "ranks no better.")

    return [Part(f"{label} of {floor} or more", works, weights[0]),
            Part("above the baseline", beats, weights[1])]
