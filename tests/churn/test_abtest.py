"""The retention-offer trial: a seeded sample, the test statistics, and the decision rule."""

from __future__ import annotations

import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from dsroles.churn import abtest
from dsroles.churn.params import BUSINESS


def test_same_seed_same_sample_other_seed_other_sample():
    a, b = abtest.trial(42), abtest.trial(42)
    assert a.equals(b)
    assert not a.equals(abtest.trial(43))


def test_groups_are_equal_halves_of_customers_scored_above_break_even():
    df = abtest.trial(7)
    assert list(df.columns) == ["customer_key", "group", "score", "churned"]
    assert df["group"].value_counts().to_dict() == {"control": 600, "offer": 600}
    assert df["customer_key"].is_unique
    assert df["score"].min() >= 0.12 and df["score"].max() < 0.75
    assert set(df["churned"]) <= {0, 1}


def test_the_offer_works_as_the_business_figures_assume():
    """Directional, on a large trial: churn falls by about acceptance x the mean score."""
    df = abtest.trial(1, customers=60_000)
    r = abtest.summarise(df)
    expected = BUSINESS.offer_acceptance_rate * df["score"].mean()
    assert r["effect"] == pytest.approx(expected, abs=0.01)
    assert r["p_value"] < 1e-6


@pytest.mark.parametrize("seed", [0, 42])
def test_summary_agrees_with_scipy_and_the_definitions(seed):
    df = abtest.trial(seed)
    r = abtest.summarise(df)
    table = pd.crosstab(df["group"], df["churned"])
    assert r["p_value"] == pytest.approx(chi2_contingency(table, correction=False)[1], rel=1e-9)
    rates = df.groupby("group")["churned"].mean()
    assert r["effect"] == pytest.approx(rates["control"] - rates["offer"])
    low, high = r["effect_interval"]
    assert low < r["effect"] < high
    assert r["value_interval"][0] == pytest.approx(low * 240 - 10)
    assert r["decision"] == abtest.decide(*r["value_interval"])


@pytest.mark.parametrize("low, high, decision", [
    (0.5, 20.0, "roll out"),
    (-20.0, -0.5, "do not roll out"),
    (-3.0, 17.0, "collect more data"),
    (0.0, 5.0, "collect more data"),
])
def test_decide(low, high, decision):
    assert abtest.decide(low, high) == decision


def test_bad_input_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="at least 4 customers"):
        abtest.trial(0, customers=2)
    only_control = abtest.trial(0).assign(group="control")
    with pytest.raises(ValueError, match="no 'offer' group"):
        abtest.summarise(only_control)
