"""Business owner, lesson 1 (``01_the_business_case``): the revenue at risk, how many customers
the retention team can call, and the business case as a record: the success measure, who acts
on a prediction, and when.

    from dsroles.tracks.business_owner import business_case as lesson
    q = lesson.bind(seed=SEED)
    q.revenue_at_risk.check(my_revenue)
"""

from __future__ import annotations

from dsroles.checks import Part
from dsroles.checks.exercise import Exercise
from dsroles.checks.records import choice_field, record
from dsroles.checks.registry import binder
from dsroles.tracks.business_owner import data, money

QUARTER = ("2025-10-01", "2025-12-31")  # the last quarter of the history, both days included
CALLS_PER_MONTH = 200  # the retention team: 2 agents, about 100 calls each a month


def revenue_at_risk_of(seed: int) -> float:
    return money.revenue_lost(data.crm(seed), *QUARTER)


revenue_at_risk = Exercise(
    "bo.revenue_at_risk",
    competency="BO-1",
    compare=lambda v, want, c: money.check_revenue(v, want, what="your revenue at risk",
                                                   period="from 1 October to 31 December 2025"),
    expected=revenue_at_risk_of,
    context=("seed",),
    hints=[
        "Keep the rows of `crm` whose `cancel_date` falls in the quarter: on or after "
        "2025-10-01 and on or before 2025-12-31. Add up their `monthly_charges`, then count a "
        "year of them.",
        "`Series.between` keeps the dates inside both ends. The leavers' monthly charges "
        "added up are one month of lost revenue; the question asks for a year of it.",
    ],
    solution=(
        "```python\nleft = crm[crm['cancel_date'].between('2025-10-01', '2025-12-31')]\n"
        "my_revenue = 12 * left['monthly_charges'].sum()\n```"
    ),
)


def customers_on_31_december(seed: int) -> int:
    """Customers still subscribed at the end of 2025: no cancellation in the export."""
    return int(data.crm(seed)["cancel_date"].isna().sum())


def call_share_of(seed: int) -> float:
    return CALLS_PER_MONTH / customers_on_31_december(seed)


def _check_call_share(value, want, context):
    money.check_share(value, want, what="your share", abs_tol=5e-4,
                      advice="Divide the calls the team can make in a month by the customers "
                             "still subscribed on 31 December 2025 (no cancel_date), each "
                             "counted once.")


call_share = Exercise(
    "bo.call_share",
    competency="BO-1",
    compare=_check_call_share,
    expected=call_share_of,
    context=("seed",),
    hints=[
        "A customer still subscribed on 31 December has no `cancel_date` in the export: look "
        "for the missing values of that column.",
        "Divide the calls the team can make in a month by the number of customers still "
        "subscribed: the result is a share between 0 and 1.",
    ],
    solution="```python\nmy_share = CALLS_PER_MONTH / crm['cancel_date'].isna().sum()\n```",
)


MEASURES = (
    "accuracy of the model",
    "AUC of the model",
    "revenue kept minus the cost of the offers",
    "number of customers called",
    "churn rate of the whole customer base",
)
ACTORS = ("data scientist", "retention team", "ML engineer", "product engineer", "customer")
TIMINGS = (
    "early in the month after the snapshot, before the customer cancels",
    "at the end of the month in which the customer cancelled",
    "once a year, when the contract is renewed",
    "whenever the model is retrained",
)
CASE_FIELDS = ("success_measure", "who_acts", "when")
CASE = {"success_measure": MEASURES[2], "who_acts": ACTORS[1], "when": TIMINGS[0]}

WHY_MEASURE = {
    MEASURES[0]: "With 3 % of customers leaving, a model that flags nobody is 97 % accurate and "
                 "keeps no revenue at all.",
    MEASURES[1]: "AUC says how well the model ranks customers; it says nothing about money "
                 "kept or spent, and a better AUC can still lose money.",
    MEASURES[3]: "Calls are a cost, not a result: more calls is not better.",
    MEASURES[4]: "The churn rate also moves with prices and competitors, and it ignores what "
                 "the offers cost.",
}
WHY_ACTOR = {
    ACTORS[0]: "The data scientist builds and judges the model; someone else talks to the "
               "customer.",
    ACTORS[2]: "The ML engineer puts the model in production; they do not call customers.",
    ACTORS[3]: "The product engineer runs the service that produces the scores; they do not "
               "act on one.",
    ACTORS[4]: "The customer never sees the score; someone must act on it for them to stay.",
}
WHY_TIMING = {
    TIMINGS[1]: "By then the customer has left: a prediction is only worth something before "
                "the cancellation.",
    TIMINGS[2]: "Most customers are on monthly contracts, and the score is for next month.",
    TIMINGS[3]: "Retraining changes the model, not the customers' calendar: the score is about "
                "the next month.",
}

business_case = record(
    "bo.business_case",
    competency="BO-1",
    fields=CASE_FIELDS,
    what="your business case",
    expected=CASE,
    parts=[
        Part("success measure", choice_field("success_measure", MEASURES, WHY_MEASURE)),
        Part("who acts", choice_field("who_acts", ACTORS, WHY_ACTOR)),
        Part("when", choice_field("when", TIMINGS, WHY_TIMING)),
    ],
    hints=[
        "The measure should tie to money: what the campaign brings in, net of what it costs.",
        "The score is made at the end of a month, about the month after; someone has to phone "
        "the customer while they are still a customer.",
    ],
    solution=(
        "```python\nmy_case = {\n"
        f"    'success_measure': {MEASURES[2]!r},\n"
        f"    'who_acts': {ACTORS[1]!r},\n"
        f"    'when': {TIMINGS[0]!r},\n}}\n```"
    ),
)


bind = binder(__name__)
