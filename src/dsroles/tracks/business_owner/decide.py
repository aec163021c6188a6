"""Business owner, lesson 5 (``05_decide_and_explain``): the expected value of the January
campaign, the same under the drifted churn rate the next quarter's export shows, and the
go / no-go decision with the threshold it needs.

    from dsroles.tracks.business_owner import decide as lesson
    q = lesson.bind(seed=SEED)
    q.campaign_value.check(my_value)
"""

from __future__ import annotations

from dsroles.checks import Part
from dsroles.checks.exercise import Exercise
from dsroles.checks.numbers import as_number
from dsroles.checks.outcomes import Incorrect
from dsroles.checks.records import choice_field, field_of, record
from dsroles.checks.registry import binder
from dsroles.churn.params import BUSINESS
from dsroles.tracks.business_owner import data, money

THRESHOLD = 0.12
DECISIONS = ("go", "no-go")


def monthly_churn(seed: int):
    """Churn per snapshot month, March 2025 to February 2026 (``data.monthly_churn``)."""
    return data.monthly_churn(seed)


def december_scores(seed: int):
    """(customers, p): December 2025's customers and their scores (``data.december_scores``)."""
    return data.december_scores(seed)


def factor_of(seed: int, first_month: str = money.SINCE_THE_SWITCH[0]) -> float:
    """2026's churn rate over that of the snapshot months from ``first_month`` (the provider
    switch, unless told) to December 2025."""
    return money.drift_factor(data.monthly_churn(seed), before=(first_month, "2025-12"))


def campaign_value_of(seed: int, factor: float = 1.0) -> float:
    _, p = data.december_scores(seed)
    return money.campaign_value(p, THRESHOLD, BUSINESS, factor=factor)


def check_value(value, want: float, *, what: str, plain: float | None = None,
                whole_year: float | None = None, advice: str) -> None:
    """A money figure within 1.00 of ``want``; the figure without the drift, and the one
    with a factor against all of 2025, are named."""
    got = as_number(value, what)
    if abs(got - want) <= 1.0:
        return
    if plain is not None and abs(got - plain) <= 1.0:
        raise Incorrect(f"{what} is the value as if churn had not moved: scale every score "
                        "by the drift factor before pricing it.")
    if whole_year is not None and abs(got - whole_year) <= 1.0:
        raise Incorrect(f"{what} uses a drift factor against all of 2025: churn was higher "
                        "before the payment provider switch of September 2025, and December's "
                        "scores describe the months since it. Compare 2026 with September to "
                        "December 2025.")
    raise Incorrect(f"{what} ({got:,.2f}) is {'too high' if got > want else 'too low'}: {advice}")


campaign_value = Exercise(
    "bo.campaign_value",
    competency="BO-5",
    compare=lambda v, want, c: check_value(
        v, want, what="your campaign value",
        advice="add up p x 0.35 x 240 - 10 over the customers scored at or above 0.12."),
    expected=campaign_value_of,
    context=("seed",),
    hints=[
        "Each offered customer is worth their score times 0.35 x 240, less the 10.00 the offer "
        "costs (lesson 2). Add that up over the customers with `p_dec >= 0.12`.",
        "Select the scores at or above 0.12 first. Then apply the per-customer value to that "
        "whole array and add it up: NumPy does the arithmetic for every element at once.",
    ],
    solution=("```python\nflagged = p_dec[p_dec >= 0.12]\n"
              "my_value = (flagged * 0.35 * 240 - 10).sum()\n```"),
)


drifted_value = Exercise(
    "bo.drifted_value",
    competency="BO-5",
    compare=lambda v, want, c: check_value(
        v, want, what="your drifted value", plain=campaign_value_of(c["seed"]),
        whole_year=campaign_value_of(c["seed"], factor_of(c["seed"], first_month="2025-03")),
        advice="the drift factor is the churn rate of the 2026 snapshot months over that of "
               "the months since the payment provider switch, September to December 2025 "
               "(each all leavers over all customers); multiply every score by it."),
    expected=lambda seed: campaign_value_of(seed, factor_of(seed)),
    context=("seed",),
    hints=[
        "The drift factor: rows of `monthly` from 2026 give the new rate (their leavers over "
        "their customers), rows from September to December 2025 the old one. Divide.",
        "Take the rows from '2026-01' on, and those from '2025-09' to '2025-12' (text months "
        "compare in time order; `.between` includes both ends). Each period's rate is its total "
        "leavers over its total customers, and the factor is the new rate over the old. "
        "Multiply each flagged score by the factor before valuing it as in the previous "
        "exercise.",
    ],
    solution=(
        "```python\nnew = monthly[monthly['snapshot_month'] >= '2026-01']\n"
        "old = monthly[monthly['snapshot_month'].between('2025-09', '2025-12')]\n"
        "k = (new['leavers'].sum() / new['customers'].sum()) / "
        "(old['leavers'].sum() / old['customers'].sum())\n"
        "my_drifted_value = (k * flagged * 0.35 * 240 - 10).sum()\n```"
    ),
)


def decision_of(seed: int, business=BUSINESS, *, months: int = 1, setup: float = 0.0,
                threshold: float = THRESHOLD) -> dict:
    from dsroles.churn import evaluate

    k = factor_of(seed)
    _, p = data.december_scores(seed)
    value = money.campaign_value(p, threshold, business, factor=k, months=months, setup=setup)
    return {"decision": "go" if value > 0 else "no-go",
            "threshold": evaluate.break_even_probability(business) / k}


def threshold_part(business=BUSINESS):
    """A part: the threshold from which an offer pays under the drift (within 0.01)."""
    from dsroles.churn import evaluate

    def check(record, expected, context):
        t = money.as_threshold(field_of(record, "threshold"), "'threshold'")
        want = expected["threshold"]
        if abs(t - want) <= 0.01:
            return
        if abs(t - evaluate.break_even_probability(business)) < 0.006:
            raise Incorrect("'threshold' is the break-even probability as if churn had not "
                            "moved: the scores now under-state the risk by the drift factor, "
                            "so an offer pays from a lower score on.")
        raise Incorrect(f"'threshold' ({t:.3f}) is {'too high' if t > want else 'too low'}: an "
                        "offer pays when the drift factor times the score reaches the "
                        "break-even probability.")
    return check


decision = record(
    "bo.decision",
    competency="BO-5",
    fields=("decision", "threshold"),
    what="your decision",
    expected=decision_of,
    context=("seed",),
    parts=[
        Part("decision", choice_field("decision", DECISIONS, {
            "no-go": "Look at the sign of the campaign's value under the drift.",
            "go": "Look at the sign of the campaign's value under the drift."})),
        Part("threshold", threshold_part()),
    ],
    hints=[
        "Go when the campaign's expected value under the drift is above zero.",
        "An offer pays when k x p x 0.35 x 240 is at least 10: solve for p.",
    ],
    solution=("```python\nmy_decision = {'decision': 'go' if my_drifted_value > 0 else "
              "'no-go',\n               'threshold': 10 / (0.35 * 240) / k}\n```"),
)


bind = binder(__name__)
