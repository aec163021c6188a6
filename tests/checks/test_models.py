"""Model checks: a metric on held-out data the learner never sees, against a bar."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression

from dsroles.checks.models import check_model, format_metric
from dsroles.checks.outcomes import Incorrect, NotAttempted


def data(seed, n=300):
    rng = np.random.default_rng(seed)
    X = pd.DataFrame({"a": rng.normal(size=n), "b": rng.normal(size=n)})
    y = (X["a"] + 0.3 * rng.normal(size=n) > 0).astype(int)
    return X, y


HELD_OUT = data(1)


@pytest.fixture(scope="module")
def fitted():
    X, y = data(0)
    return LogisticRegression().fit(X, y)


def _fail(model, metric="roc_auc", bar=0.75) -> str:
    with pytest.raises(Incorrect) as info:
        check_model(model, *HELD_OUT, metric=metric, bar=bar)
    return str(info.value)


def test_good_model_passes(fitted):
    """Does a fitted model above the bar pass?"""
    check_model(fitted, *HELD_OUT, metric="roc_auc", bar=0.75)


def test_below_the_bar_says_metric_value_and_bar():
    """Does a weak model get 'AUC 0.5 is below the bar of 0.75'?"""
    X, y = data(0)
    assert _fail(DummyClassifier().fit(X, y)) == \
        "AUC 0.5 is below the bar of 0.75 on the held-out data."


def test_lower_is_better_metric(fitted):
    """Is a Brier score above its bar reported the right way round?"""
    message = _fail(fitted, metric="brier", bar=0.001)
    assert message.startswith("Brier score ") and "is above the bar of 0.001" in message


def test_unfitted_model():
    """Is an unfitted model told to fit first?"""
    assert _fail(LogisticRegression()) == "Your model is not fitted yet: call .fit(X, y) on it first."


class Cheater:
    """Claims to be perfect and to equal anything."""

    def __eq__(self, other):
        return True

    def predict_proba(self, X):
        return "perfect"


def test_object_without_predictions_and_lying_objects_fail():
    """Do objects without predict_proba, or returning junk, fail with a reason?"""
    assert "without a predict_proba() method" in _fail(object())
    assert _fail(Cheater()) == "Your model's predict_proba() did not return numbers."


def test_placeholder_is_not_attempted():
    """Is an untouched placeholder reported as not attempted?"""
    with pytest.raises(NotAttempted):
        check_model(..., *HELD_OUT, metric="roc_auc", bar=0.75)


@pytest.mark.parametrize("x, text", [(0.6123, "0.612"), (0.75, "0.75"), (1.0, "1")])
def test_format_metric(x, text):
    """Are metric values printed short?"""
    assert format_metric(x) == text


# -- a model against a baseline, in two parts ------------------------------------------------
def _parts_of(score):
    from dsroles.checks.exercise import Exercise
    from dsroles.checks.models import baseline_parts

    parts = baseline_parts(lambda model, context: score, floor=0.6, where="the held-out rows",
                           baseline="the simple baseline")
    return Exercise("demo.model_vs_baseline", parts=parts, expected=0.7)


@pytest.mark.parametrize("score, fraction, message", [
    (0.75, 1.0, None),
    (0.70, 1 / 3, "not above the simple baseline's: it ranks no better"),
    (0.55, 0.0, "is below 0.6: it ranks little better than a dummy"),
])
def test_baseline_parts_give_partial_credit(score, fraction, message):
    """A working model no better than the baseline earns the first part only, and no message
    shows the baseline's own score."""
    result = _parts_of(score).evaluate("a model")
    assert result.fraction == pytest.approx(fraction)
    if message:
        assert message in result.message and "0.7" not in result.message
