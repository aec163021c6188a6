"""Business owner, lesson 2 (``02_price_a_decision``): the expected value of flagging one
customer, the threshold that earns the most against the most accurate one, and how the best
threshold moves when the acceptance rate or the offer cost is not what was assumed.

    from dsroles.tracks.business_owner import decisions as lesson
    q = lesson.bind(seed=SEED)
    q.flag_value.check(value_of_flagging)
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from dsroles.checks import Case, Part
from dsroles.checks.calling import require_function
from dsroles.checks.exercise import Exercise
from dsroles.checks.functions import check_function
from dsroles.checks.numbers import check_number, check_numbers
from dsroles.checks.outcomes import Incorrect, NotAttempted
from dsroles.checks.records import field_of, record
from dsroles.checks.registry import binder
from dsroles.churn.params import BUSINESS
from dsroles.tracks.business_owner import data, money


def test_scores(seed: int):
    """(y, p): the data scientist's reference model on September to November 2025."""
    return data.test_scores(seed)


def value_of_flagging(p, offer_cost=10.0, acceptance=0.35, lifetime_value=240.0):
    """Expected value of an offer to a customer who leaves with probability ``p``."""
    return p * acceptance * lifetime_value - offer_cost


FLAG_CASES = (
    Case((0.2,), label="a customer with a 20 % risk, the lesson's figures"),
    Case((0.0,), label="a customer sure to stay"),
    Case((1.0,), label="a customer sure to leave"),
    Case((0.3,), {"offer_cost": 15.0}, label="a dearer offer"),
    Case((0.3,), {"acceptance": 0.2, "lifetime_value": 300.0}, label="other figures"),
    Case((np.array([0.05, 0.12, 0.5]),), label="an array of three customers"),
)


def _compare_values(got, want, what):
    if np.ndim(want):
        check_numbers(got, want, abs_tol=1e-6, what=what)
    else:
        check_number(got, want, abs_tol=1e-6, what=what)


def _check_flag_value(fn, expected, context):
    require_function(fn)
    try:
        at_zero = fn(0.0)
    except Exception:  # noqa: BLE001 - check_function names the failing call in words
        at_zero = Ellipsis
    if at_zero is None:
        raise NotAttempted("value_of_flagging returns nothing yet: write its body (a `return` "
                           "line), then check again.")
    if type(at_zero) in (int, float, np.float64) and at_zero == 0.0:
        raise Incorrect("by your function, flagging a customer sure to stay costs nothing; but "
                        "the offer is paid for whoever receives it. Subtract the whole offer "
                        "cost, not p times it.")
    check_function(fn, value_of_flagging, FLAG_CASES, _compare_values,
                   name="value_of_flagging")


flag_value = Exercise(
    "bo.flag_value",
    competency="BO-2",
    compare=_check_flag_value,
    hints=[
        "An offer costs `offer_cost` whoever receives it. Only a customer who would have left "
        "can be kept: that happens with probability `p`, and then they accept with probability "
        "`acceptance`, which is worth `lifetime_value`.",
        "Write it as expected gain minus cost: the chance of leaving, times the chance of "
        "accepting, times the lifetime value, less the offer's cost. Use only `*` and `-`, so"
        " the same function works for one number and for a NumPy array.",
    ],
    solution=(
        "```python\ndef value_of_flagging(p, offer_cost=10.0, acceptance=0.35, "
        "lifetime_value=240.0):\n    return p * acceptance * lifetime_value - offer_cost\n```"
    ),
)


thresholds = record(
    "bo.thresholds",
    competency="BO-2",
    fields=("most_profit", "best_accuracy"),
    what="your thresholds",
    expected=lambda seed: {"most_profit": money.best_profit_threshold(*data.test_scores(seed),
                                                                      BUSINESS),
                           "best_accuracy": money.best_accuracy_threshold(*data.test_scores(seed))},
    context=("seed",),
    parts=[Part("most profit", money.profit_threshold_part(BUSINESS)),
           Part("best accuracy", money.accuracy_threshold_part)],
    hints=[
        "A customer is classified right when their flag (score at or above `t`) agrees with "
        "whether they left. The mean of that agreement over the test rows is the accuracy of "
        "threshold `t`. Then each answer is the threshold of the row where its column is "
        "largest.",
        "Fill the accuracy column with one value per threshold (a list comprehension over the"
        " thresholds). Then `idxmax()` on a column gives the label of the row where it is "
        "largest: read that row's threshold.",
    ],
    solution=(
        "```python\ntable['accuracy'] = [((p_test >= t) == (y_test == 1)).mean() "
        "for t in table['threshold']]\nmy_thresholds = {\n"
        "    'most_profit': table.loc[table['profit'].idxmax(), 'threshold'],\n"
        "    'best_accuracy': table.loc[table['accuracy'].idxmax(), 'threshold'],\n}\n```"
    ),
)


LOW_ACCEPTANCE = 0.25
DEAR_OFFER = 15.0
SCENARIOS = {
    "low_acceptance": replace(BUSINESS, offer_acceptance_rate=LOW_ACCEPTANCE),
    "dear_offer": replace(BUSINESS, retention_offer_cost=DEAR_OFFER),
}
WHAT_IF = {"low_acceptance": f" if only {LOW_ACCEPTANCE:.0%} accept",
           "dear_offer": f" if an offer costs {DEAR_OFFER:.2f}"}


def _scenario_part(key: str):
    def check(record, expected, context):
        y, p = data.test_scores(context["seed"])
        t = money.as_threshold(field_of(record, key), repr(key))
        unchanged = money.profit(y, p, t, BUSINESS) >= money.best_profit(y, p, BUSINESS) - 0.5
        if unchanged and money.profit(y, p, t, SCENARIOS[key]) < \
                money.best_profit(y, p, SCENARIOS[key]) - 0.5:
            raise Incorrect(f"{key!r} is the best threshold with the original figures; "
                            f"recompute the profit of every threshold{WHAT_IF[key]}.")
        money.check_profit_threshold(t, y, p, SCENARIOS[key], what=repr(key),
                                     scenario=WHAT_IF[key])
    return check


sensitivity = record(
    "bo.sensitivity",
    competency="BO-2",
    fields=SCENARIOS,
    what="your thresholds",
    expected=lambda seed: {k: money.best_profit_threshold(*data.test_scores(seed), b)
                           for k, b in SCENARIOS.items()},
    context=("seed",),
    parts=[Part(k.replace("_", " "), _scenario_part(k)) for k in SCENARIOS],
    hints=[
        "Change one figure at a time: `dataclasses.replace` gives a copy of `BUSINESS` with "
        "one field changed (the acceptance rate, then the offer's cost). Then find the best "
        "threshold again.",
        "`evaluate.profit_curve(y_test, p_test, business=..., thresholds=grid)` gives the "
        "profit of every threshold; take the threshold of its largest profit.",
    ],
    solution=(
        "```python\ndef best(business):\n"
        "    curve = evaluate.profit_curve(y_test, p_test, business=business, thresholds=grid)\n"
        "    return curve.loc[curve['profit'].idxmax(), 'threshold']\n\n"
        "my_sensitivity = {\n"
        "    'low_acceptance': best(replace(BUSINESS, offer_acceptance_rate=0.25)),\n"
        "    'dear_offer': best(replace(BUSINESS, retention_offer_cost=15.0)),\n}\n```"
    ),
)


bind = binder(__name__)
