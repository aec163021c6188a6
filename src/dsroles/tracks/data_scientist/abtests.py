"""The track's shared parts for A/B test answers: a trial's statistics, the values that common
mistakes give, and the checks of the effect, the p-value, the value of one offer and the
decision (the lesson's trial and the assessment's use the same ones).

A p-value is accepted from any of the usual two-sided tests of two proportions (the z-test
with the pooled or the unpooled standard error, chi-square without Yates' correction, which
is the pooled z-test, and a Student or Welch t-test on the 0/1 column): with thousands of
customers they agree, and none of them is a mistake. The interval of the effect takes the
unpooled standard error: pooling assumes the two rates are equal, which a test may assume
and an interval around their difference may not.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from dsroles.checks.numbers import as_number, as_numbers, check_number, named_mistake
from dsroles.checks.outcomes import Incorrect

Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal


@dataclass(frozen=True)
class Counts:
    """Customers and leavers per group of a trial."""

    n_control: int
    n_offer: int
    left_control: int
    left_offer: int

    @property
    def rates(self) -> tuple[float, float]:
        return self.left_control / self.n_control, self.left_offer / self.n_offer

    @property
    def effect(self) -> float:
        control, offer = self.rates
        return control - offer

    def se(self, pooled: bool = False) -> float:
        """The standard error of the effect; ``pooled`` as a test under 'no effect' takes it."""
        if pooled:
            p = (self.left_control + self.left_offer) / (self.n_control + self.n_offer)
            return math.sqrt(p * (1 - p) * (1 / self.n_control + 1 / self.n_offer))
        control, offer = self.rates
        return math.sqrt(control * (1 - control) / self.n_control + offer * (1 - offer) / self.n_offer)


def counts(trial) -> Counts:
    """The counts of a trial table (``group``, ``churned``)."""
    g = trial.groupby("group")["churned"]
    n, left = g.size(), g.sum()
    return Counts(int(n["control"]), int(n["offer"]), int(left["control"]), int(left["offer"]))


# -- p-values --------------------------------------------------------------------------------
def _z_p(effect: float, se: float) -> float:
    from scipy.stats import norm

    return 1.0 if se == 0 else float(2 * norm.sf(abs(effect / se)))


def _t_p(trial, equal_var: bool) -> float:
    from scipy.stats import ttest_ind

    control = trial.loc[trial["group"] == "control", "churned"].to_numpy(dtype=float)
    offer = trial.loc[trial["group"] == "offer", "churned"].to_numpy(dtype=float)
    return float(ttest_ind(control, offer, equal_var=equal_var).pvalue)


def accepted_p_values(trial) -> dict[str, float]:
    """Two-sided p-values of the tests a competent analyst may choose, by name."""
    c = counts(trial)
    return {"pooled z-test": _z_p(c.effect, c.se(pooled=True)),
            "unpooled z-test": _z_p(c.effect, c.se()),
            "Student t-test": _t_p(trial, True),
            "Welch t-test": _t_p(trial, False)}


def yates_p_value(trial) -> float:
    import pandas as pd
    from scipy.stats import chi2_contingency

    return float(chi2_contingency(pd.crosstab(trial["group"], trial["churned"]), correction=True)[1])


YATES = ("that is the p-value with Yates' continuity correction, chi2_contingency's default: "
         "pass correction=False.")
ONE_SIDED = ("that looks like a one-sided p-value: the question is whether the groups differ in "
             "either direction, so take the two-sided one.")
P_TOLERANCE = 0.02  # relative: these p-values can be tiny


def p_value_mistakes(trial) -> list[tuple[str, float]]:
    return [(YATES, yates_p_value(trial))] + \
        [(ONE_SIDED, p / 2) for p in accepted_p_values(trial).values()]


def check_p_value(value, trial) -> None:
    """Accept any accepted test's p-value (within 2 %); name Yates' and one-sided ones."""
    got = as_number(value, "your p-value")
    if not 0 <= got <= 1:
        raise Incorrect("your p-value is not a probability between 0 and 1.")
    if any(math.isclose(got, p, rel_tol=P_TOLERANCE, abs_tol=1e-300)
           for p in accepted_p_values(trial).values()):
        return
    named = named_mistake(got, p_value_mistakes(trial), rel_tol=P_TOLERANCE, abs_tol=1e-300)
    if not named and any(got == round(p, d) for p in accepted_p_values(trial).values()
                         for d in range(1, 7)):
        named = ("your p-value looks rounded to a few decimals, which loses it: a p-value can be "
                 "far below 0.0001. Give it as the test returns it, unrounded.")
    raise Incorrect(named or "your p-value is none of the two-sided tests of two churn rates: a "
                    "two-proportion z-test (or chi-square without Yates' correction) on the "
                    "counts of churned and stayed per group.")


# -- the effect ------------------------------------------------------------------------------
def check_effect(value, expected, c: Counts) -> None:
    """The control group's churn rate minus the offer group's; common slips named."""
    got = as_number(value, "your effect")
    if abs(got + expected) < 1e-6 and abs(expected) > 1e-6:
        raise Incorrect("your effect has the wrong sign: give the control group's churn rate "
                        "minus the offer group's (positive when the offer keeps customers).")
    if abs(got) > 1:
        raise Incorrect("your effect is larger than 1: give it as a difference of two shares "
                        "between 0 and 1, not in percentage points.")
    mistakes = [("your effect is relative (divided by the control group's rate): give the plain "
                 "difference of the two churn rates.", c.effect / c.rates[0])]
    check_number(got, expected, abs_tol=1e-6, rel_tol=0, what="your effect", show=False,
                 mistakes=mistakes,
                 why="it is the churn rate (share of rows with churned == 1) of the control "
                     "group minus that of the offer group.")


# -- the value of one offer ------------------------------------------------------------------
def value_interval(c: Counts, cost: float, ltv: float, *, pooled: bool = False,
                   z: float = Z95) -> list[float]:
    """The interval of the value of one offer: both ends of the effect's interval in money."""
    half = z * c.se(pooled)
    return [(c.effect - half) * ltv - cost, (c.effect + half) * ltv - cost]


def value_mistakes(c: Counts, cost: float, ltv: float, acceptance: float) -> list[tuple[str, list]]:
    """The intervals common mistakes give, each with the sentence that names it."""
    half, centre = Z95 * c.se(), c.effect * ltv - cost
    return [
        ("your interval uses the pooled standard error: that one assumes no effect, as a test "
         "does. An interval around the effect takes the unpooled sqrt(pc(1-pc)/nc + po(1-po)/no).",
         value_interval(c, cost, ltv, pooled=True)),
        ("your interval's centre is in money but its width is not: multiply the standard "
         "error by the lifetime value too (turn both ends of the effect's interval into money).",
         [centre - half, centre + half]),
        ("your interval is the effect's, a difference of two shares: turn both ends into the "
         "value of one offer (end x lifetime value - cost).",
         [c.effect - half, c.effect + half]),
        ("your interval prices the offer at the lesson's 10.00: this offer costs more.",
         value_interval(c, 10.0, ltv)),
        ("your interval leaves out the cost of the offer.", value_interval(c, 0.0, ltv)),
        ("your interval counts the acceptance rate again: the trial's effect already includes "
         "the customers who turned the offer down, so the value is effect x lifetime value - cost.",
         [(c.effect - half) * acceptance * ltv - cost, (c.effect + half) * acceptance * ltv - cost]),
        ("that is a 90 % interval (± 1.645 standard errors): a 95 % one takes ± 1.96.",
         value_interval(c, cost, ltv, z=1.6448536269514722)),
        ("that is a 99 % interval (± 2.576 standard errors): a 95 % one takes ± 1.96.",
         value_interval(c, cost, ltv, z=2.5758293035489004)),
        ("your interval takes the effect upside down (offer minus control): the offer keeps "
         "customers when control churns more.",
         [(-c.effect - half) * ltv - cost, (-c.effect + half) * ltv - cost]),
    ]


VALUE_TOLERANCE = 0.05  # in money, at each end


def check_value_interval(value, expected, *, c: Counts, cost: float, ltv: float,
                         acceptance: float) -> None:
    got = [float(x) for x in as_numbers(value, "your interval")]
    if len(got) != 2:
        raise Incorrect(f"your interval has {len(got)} numbers; give two, [low, high].")
    if got[0] > got[1]:
        raise Incorrect("your interval's low end is above its high end: give [low, high].")
    if all(abs(g - w) <= VALUE_TOLERANCE for g, w in zip(got, expected)):
        return
    named = named_mistake(got, value_mistakes(c, cost, ltv, acceptance), abs_tol=VALUE_TOLERANCE,
                          rel_tol=0)
    if named:
        raise Incorrect(named)
    centre_off = abs(sum(got) / 2 - sum(expected) / 2) > VALUE_TOLERANCE
    raise Incorrect("the centre of your interval is off: it is the effect x lifetime value - the "
                    "offer's cost." if centre_off else
                    "your interval is centred right but its width is off: ± 1.96 unpooled "
                    "standard errors of the effect, times the lifetime value.")


# -- the decision ----------------------------------------------------------------------------
DECISION_REASONS = {
    "roll out": "rolling out needs the whole interval of the value of one offer above zero; a "
                "positive estimate or a small p-value does not show that. Where is the low end "
                "of the interval?",
    "do not roll out": "stopping needs the whole interval of the value of one offer below zero; "
                       "a negative estimate does not show that. Where is the high end of the "
                       "interval?",
    "collect more data": "more data is for an interval of the value of one offer that has zero "
                         "inside it. Does this one?",
}


def check_decision(value, expected, *, cost_text: str, advice: str = "") -> None:
    """One of the three decisions; a wrong one is told what it would need."""
    from dsroles.checks.choices import check_choice, normalise_choice
    from dsroles.churn.abtest import DECISIONS

    check_choice(value, DECISIONS, options=DECISIONS, what="your decision")
    picked = normalise_choice(value)
    if picked != expected:
        raise Incorrect(f"{value.strip()!r} is not what this trial supports at {cost_text} an "
                        f"offer: {DECISION_REASONS[picked]}" + (f" {advice}" if advice else ""))
