"""A retention-offer A/B test: a seeded sample, and the numbers a data scientist reads from it.

In January 2026 Kestrel's retention team ran a trial before offering the discount to
everyone: customers the churn model scored at or above the break-even probability were
split at random into a ``control`` group (no offer) and an ``offer`` group, and whether each
cancelled in February was recorded. ``trial(seed)`` returns that sample, one row per
customer. The offer works as the business figures assume: a customer who would have left
accepts it with probability ``offer_acceptance_rate`` and stays.

``summarise(df)`` gives the effect (control churn rate minus offer churn rate), the
two-sided p-value of a two-proportion z-test, a 95 % interval for the effect, the value of
one offer with its interval, and the decision the interval supports (``decide``).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from dsroles.churn import params as P

TRIAL_CUSTOMERS = 1200  # both groups together
GROUPS = ("control", "offer")
DECISIONS = ("roll out", "do not roll out", "collect more data")


def trial(seed: int, customers: int = TRIAL_CUSTOMERS,
          business: P.BusinessParams = P.BUSINESS) -> pd.DataFrame:
    """The trial sample: ``customer_key``, ``group``, ``score`` (the model's, at assignment),
    ``churned`` (cancelled in the month after). Same seed, same sample."""
    if customers < 4:
        raise ValueError(f"a trial needs at least 4 customers, got {customers}")
    rng = np.random.default_rng([int(seed), 20260101])  # its own stream, apart from the churn data
    # Scores of customers at or above the break-even probability (about 0.12), calibrated.
    score = 0.12 + 0.6 * rng.beta(1.3, 6.0, customers)
    group = rng.permutation(np.repeat(GROUPS, [customers // 2, customers - customers // 2]))
    would_leave = rng.random(customers) < score
    kept = (group == "offer") & (rng.random(customers) < business.offer_acceptance_rate)
    return pd.DataFrame({
        "customer_key": [f"T{int(seed) % 1000:03d}{i:05d}" for i in range(customers)],
        "group": group.astype(str),
        "score": score.round(3),
        "churned": (would_leave & ~kept).astype("int64"),
    })


def _normal_quantile(p: float) -> float:
    from scipy.stats import norm

    return float(norm.ppf(p))


def two_proportion_p_value(left_1: int, n_1: int, left_2: int, n_2: int) -> float:
    """Two-sided p-value of the pooled two-proportion z-test (= chi-square, no correction)."""
    from scipy.stats import norm

    pooled = (left_1 + left_2) / (n_1 + n_2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n_1 + 1 / n_2))
    if se == 0:
        return 1.0
    z = (left_1 / n_1 - left_2 / n_2) / se
    return float(2 * norm.sf(abs(z)))


def decide(value_low: float, value_high: float) -> str:
    """The decision an interval for the value of one offer supports."""
    if value_low > 0:
        return "roll out"
    if value_high < 0:
        return "do not roll out"
    return "collect more data"


def summarise(df: pd.DataFrame, business: P.BusinessParams = P.BUSINESS,
              level: float = 0.95) -> dict:
    """Churn rates, effect, p-value, interval, value per offer and the decision."""
    counts = df.groupby("group")["churned"].agg(["sum", "size"])
    missing = [g for g in GROUPS if g not in counts.index]
    if missing:
        raise ValueError(f"the trial has no {missing[0]!r} group; groups are {list(GROUPS)}")
    (left_c, n_c), (left_o, n_o) = (counts.loc[g].astype(int) for g in GROUPS)
    rate_c, rate_o = left_c / n_c, left_o / n_o
    effect = rate_c - rate_o
    se = math.sqrt(rate_c * (1 - rate_c) / n_c + rate_o * (1 - rate_o) / n_o)
    z = _normal_quantile(0.5 + level / 2)
    low, high = effect - z * se, effect + z * se
    ltv, cost = business.customer_lifetime_value, business.retention_offer_cost
    value = (effect * ltv - cost, low * ltv - cost, high * ltv - cost)
    return {
        "customers": {"control": int(n_c), "offer": int(n_o)},
        "churn_rate": {"control": float(rate_c), "offer": float(rate_o)},
        "effect": float(effect),
        "p_value": two_proportion_p_value(int(left_c), int(n_c), int(left_o), int(n_o)),
        "effect_interval": [float(low), float(high)],
        "value_per_offer": float(value[0]),
        "value_interval": [float(value[1]), float(value[2])],
        "decision": decide(value[1], value[2]),
    }
