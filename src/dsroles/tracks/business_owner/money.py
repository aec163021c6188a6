"""The business owner track's shared parts for money and shares: the reference sums, and the
checks both the lessons and the assessment use.

Threshold answers are judged by what they earn, not by their spelling: any threshold that
earns as much as the best one of the grid (or is as accurate as the most accurate one) is
right, so ties and thresholds between grid points are accepted.
"""

from __future__ import annotations

import numpy as np

from dsroles.checks.numbers import as_number, check_number, format_number
from dsroles.checks.outcomes import Incorrect
from dsroles.checks.records import field_of
from dsroles.churn import params as P
from dsroles.tracks.business_owner import data

GRID = tuple(float(t) for t in np.round(np.arange(0.01, 0.81, 0.01), 2))  # thresholds to try
MONTHS_A_YEAR = 12


def check_share(value, want: float, *, what: str, abs_tol: float = 5e-4, advice: str = "") -> None:
    """A share between 0 and 1 close to ``want``; a percentage or a share above 1 is named."""
    got = as_number(value, what)
    if want > 0 and abs(got - 100 * want) <= max(100 * abs_tol, 0.005 * 100 * want):
        raise Incorrect(f"{what} looks like a percentage: give it as a share between 0 and 1.")
    if not 0 <= got <= 1:
        raise Incorrect(f"{what} ({format_number(got)}) is not a share between 0 and 1.")
    try:
        check_number(got, want, abs_tol=abs_tol, rel_tol=0, what=what)
    except Incorrect as exc:
        raise Incorrect(f"{exc}{' ' + advice if advice else ''}") from None


def revenue_lost(crm, start: str, end: str) -> float:
    """A year of the monthly charges of the customers who cancelled from ``start`` to ``end``
    (both days included): the recurring revenue those cancellations take away."""
    import pandas as pd

    left = crm["cancel_date"].between(pd.Timestamp(start), pd.Timestamp(end))
    return float(MONTHS_A_YEAR * crm.loc[left, "monthly_charges"].sum())


def check_revenue(value, want: float, *, what: str, period: str) -> None:
    """A revenue figure; a month's or a quarter's worth instead of a year's is named."""
    got = as_number(value, what)
    for factor, wrong in ((1, "one month of their charges"), (3, "three months of their charges")):
        if abs(got * MONTHS_A_YEAR / factor - want) <= 0.5:
            raise Incorrect(f"{what} looks like {wrong}: revenue at risk counts a year "
                            "(12 months) of the monthly charges of the customers who left.")
    if abs(got - want) > 0.5:
        raise Incorrect(f"{what} ({got:,.2f}) is "
                        f"{'too high' if got > want else 'too low'}: count each customer who "
                        f"cancelled {period} once (first and last day included), with their "
                        "monthly charges.")


def accuracy(y, p, threshold: float) -> float:
    y = np.asarray(y).astype(bool)
    return float(((np.asarray(p) >= threshold) == y).mean())


def profit(y, p, threshold: float, business) -> float:
    from dsroles.churn import evaluate

    return evaluate.expected_profit(y, p, threshold, business)


def best_profit(y, p, business) -> float:
    """The most any threshold of ``GRID`` earns."""
    return max(profit(y, p, t, business) for t in GRID)


def best_profit_threshold(y, p, business) -> float:
    """The lowest threshold of ``GRID`` that earns the most."""
    top = best_profit(y, p, business)
    return next(t for t in GRID if profit(y, p, t, business) >= top - 1e-9)


def best_accuracy_threshold(y, p) -> float:
    top = max(accuracy(y, p, t) for t in GRID)
    return next(t for t in GRID if accuracy(y, p, t) >= top - 1e-12)


def as_threshold(value, what: str) -> float:
    t = as_number(value, what)
    if not 0 < t < 1:
        raise Incorrect(f"{what} ({format_number(t)}) is not a score threshold between 0 and 1"
                        + (": give it as a share, not a percentage." if 1 <= t <= 100 else "."))
    return t


def check_profit_threshold(value, y, p, business, *, what: str, scenario: str = "") -> None:
    """A threshold that earns as much as the best one of the grid, with these figures."""
    t = as_threshold(value, what)
    top = best_profit(y, p, business)
    earned = profit(y, p, t, business)
    if earned >= top - 0.5:
        return
    if accuracy(y, p, t) >= max(accuracy(y, p, g) for g in GRID) - 1e-12:
        raise Incorrect(f"{what} is the most *accurate* threshold: it flags almost nobody, "
                        "so it earns next to nothing. Pick the one with the highest expected "
                        "profit.")
    better = [g for g in GRID if profit(y, p, g, business) >= top - 1e-9]
    side = "lower" if better[0] < t else "higher"
    raise Incorrect(f"{what} earns less than the best threshold of the grid{scenario}: a "
                    f"{side} threshold earns more. Compare the expected profit of every "
                    "threshold of the grid.")


def check_accuracy_threshold(value, y, p, *, what: str) -> None:
    """A threshold whose accuracy is as high as the most accurate one of the grid."""
    t = as_threshold(value, what)
    top = max(accuracy(y, p, g) for g in GRID)
    if accuracy(y, p, t) >= top - 1e-12:
        return
    raise Incorrect(f"{what} is not the most accurate threshold: another threshold of the "
                    "grid classifies more of the customers right (accuracy counts leavers "
                    "and stayers alike, whatever an error costs).")


def campaign_value(p, threshold: float, business, *, factor: float = 1.0, months: int = 1,
                   setup: float = 0.0) -> float:
    """Expected value of offering to every customer scored at or above ``threshold``, if each
    customer's real risk is ``factor`` times their score; over ``months`` such months, less a
    ``setup`` cost."""
    p = np.asarray(p, dtype=float)
    flagged = p[p >= threshold]
    per_month = float((factor * flagged * business.offer_acceptance_rate
                       * business.customer_lifetime_value - business.retention_offer_cost).sum())
    return months * per_month - setup


SINCE_THE_SWITCH = (P.PAYMENT_PROVIDER_SWITCH, "2025-12")  # the world the December scores describe


def drift_factor(monthly, *, before=SINCE_THE_SWITCH, after=("2026-01", "2026-02")) -> float:
    """The churn rate of the snapshot months ``after`` over that of the months ``before``
    (each pooled: all leavers over all customer-months).

    ``before`` starts with the payment provider switch of September 2025: churn was higher
    until then, and December's scores describe the world since it (their mean is close to
    the churn rate since the switch, well below 2025's), so 2026 is compared with those
    months."""
    def rate(span):
        rows = monthly[monthly["snapshot_month"].between(*span)]
        return rows["leavers"].sum() / rows["customers"].sum()
    return float(rate(after) / rate(before))


def profit_threshold_part(business, key: str = "most_profit", scenario: str = ""):
    """A part: ``record[key]`` earns as much as the best threshold, with ``business``."""
    def check(record, expected, context):
        y, p = data.test_scores(context["seed"])
        check_profit_threshold(field_of(record, key), y, p, business, what=repr(key),
                               scenario=scenario)
    return check


def accuracy_threshold_part(record, expected, context):
    """A part: ``record["best_accuracy"]`` is as accurate as the most accurate threshold."""
    y, p = data.test_scores(context["seed"])
    check_accuracy_threshold(field_of(record, "best_accuracy"), y, p, what="'best_accuracy'")
