"""Model tier: the documented AUC band, the leakage trap and the value of a threshold."""

from __future__ import annotations

import numpy as np
import pytest

from dsroles.churn import evaluate as E
from dsroles.churn import features as F
from dsroles.churn import params as P
from dsroles.churn import train as T

# docs/churn-project.md documents these bands for the default data (seed 42, 3000 customers)
GOOD_BAND = (0.72, 0.82)


@pytest.fixture(scope="module")
def split(history_tables):
    return T.time_split(history_tables.snapshots)


def test_time_split_puts_the_last_months_in_test(split):
    train, test = split
    assert train["snapshot_month"].max() < test["snapshot_month"].min()
    assert test["snapshot_month"].nunique() == 3


def test_reference_model_lands_in_the_documented_band(trained):
    assert GOOD_BAND[0] <= trained.metrics["auc"] <= GOOD_BAND[1]
    assert trained.metrics["brier"] < trained.metrics["base_rate"] * (1 - trained.metrics["base_rate"])


def test_leakage_column_makes_the_model_suspiciously_good(split, trained):
    """Directional: adding the post-cancellation column must lift AUC far above the band."""
    train, test = split
    leaky = T.train(train, features=F.MODEL_FEATURES + [P.LEAKAGE_COLUMN])
    auc = E.evaluate(leaky, test)["auc"]
    assert auc > GOOD_BAND[1] + 0.05
    assert auc > trained.metrics["auc"] + 0.08


def test_careless_model_visibly_misses_the_band(split):
    """A model on the contract type alone ranks customers much worse."""
    train, test = split
    assert E.evaluate(T.train(train, features=["contract"]), test)["auc"] < GOOD_BAND[0]


def test_model_beats_a_dummy_that_ignores_the_customer(split, trained):
    train, test = split
    assert trained.metrics["auc"] > 0.5 + 0.2


def _stopped_watching(rows):
    """The same customers, had they not watched at all this month."""
    prev = (rows["sessions"] + 1) / rows["usage_trend"] - 1
    return rows.assign(sessions=0, minutes=0.0, usage_trend=(1 / (prev + 1)).round(3),
                       days_since_last_session=rows["days_since_last_session"].clip(lower=31))


def _failed_payment(rows):
    return rows.assign(failed_payments_month=rows["failed_payments_month"] + 1,
                       failed_payments_3m=rows["failed_payments_3m"] + 1)


@pytest.mark.parametrize("change", [_stopped_watching, _failed_payment])
def test_warning_signs_raise_the_risk(split, trained, change):
    """Directional: a customer who stops watching, or whose payment fails, must look riskier."""
    _, test = split
    rows = test[test["sessions"] > 0].head(200)
    before = trained.model.predict_proba(rows[F.MODEL_FEATURES])[:, 1]
    after = trained.model.predict_proba(change(rows)[F.MODEL_FEATURES])[:, 1]
    assert (after > before).mean() > 0.95


def test_profit_is_best_near_the_break_even_probability(trained):
    """Does acting at cost / (acceptance x lifetime value) make money, and no threshold far
    below it pay better than the best one?"""
    assert 0.05 <= trained.metrics["best_threshold"] <= 0.3
    assert trained.metrics["profit_at_break_even"] > 0
    assert trained.metrics["best_profit"] >= trained.metrics["profit_at_break_even"]


def test_expected_profit_by_hand():
    y = np.array([1, 0, 1, 0])
    p = np.array([0.9, 0.8, 0.1, 0.05])
    b = P.BusinessParams(retention_offer_cost=10, customer_lifetime_value=200,
                         offer_acceptance_rate=0.5)
    # two offers: one to a churner (0.5 * 200 - 10 = 90), one wasted (-10)
    assert E.expected_profit(y, p, 0.5, b) == pytest.approx(80.0)
    assert E.expected_profit(y, p, 0.95, b) == 0.0


def test_a_fit_asked_again_is_an_equal_copy_and_any_change_fits_afresh(split):
    """train() keeps recent fits: the same table gives the same model (a copy the caller may
    change), and a table one value apart, another seed or kind is fitted again."""
    train, test = split
    first = T.train(train, seed=3)
    again = T.train(train, seed=3)
    assert again is not first
    np.testing.assert_array_equal(first.predict_proba(test[F.MODEL_FEATURES]),
                                  again.predict_proba(test[F.MODEL_FEATURES]))
    again.named_steps["classify"].coef_[:] = 0.0  # the caller's copy: what is kept is untouched
    third = T.train(train, seed=3)
    np.testing.assert_array_equal(first.predict_proba(test[F.MODEL_FEATURES]),
                                  third.predict_proba(test[F.MODEL_FEATURES]))
    changed = train.copy()
    changed.loc[changed.index[0], "tenure_months"] += 100
    other = T.train(changed, seed=3)
    assert not np.array_equal(other.named_steps["classify"].coef_, first.named_steps["classify"].coef_)
    shuffled = T.train(train.iloc[::-1], seed=3)  # same rows, another order: another key
    assert T._fit_key(train, F.MODEL_FEATURES + [F.LABEL], "logistic", 3) != \
        T._fit_key(train.iloc[::-1], F.MODEL_FEATURES + [F.LABEL], "logistic", 3)
    assert shuffled is not first
