"""Domain expert, lesson 2 (``02_what_the_data_means``): the data dictionary, business rules
written as executable checks and tried against the answer key's defect rows, and why the
exit survey score cannot be a feature.

    from dsroles.tracks.domain_expert import meaning as lesson
    q = lesson.bind(seed=SEED)
    q.price_rule.check(invalid_amount)
"""

from __future__ import annotations

import functools

from dsroles.checks import declare
from dsroles.checks.exercise import Exercise
from dsroles.checks.registry import binder
from dsroles.tracks.domain_expert import data, dictionary, mappings, rules

LESSON_FIELDS = ("signup_date", "plan", "invoices.amount", "invoices.status",
                 "support_tickets.category", "cancel_date", "exit_survey_score", "birth_date")


recorded = Exercise(
    "pde.recorded",
    competency="PDE-2",
    compare=dictionary.check_recorded,
    expected=dictionary.expected_recorded(LESSON_FIELDS),
    not_attempted=mappings.untouched,
    hints=[
        "Think of the customer's life: the sign-up form, then every month of the subscription "
        "(bills, viewing, tickets), the day they leave, and what the business asks them once "
        "they have gone.",
        "Only two of the fields are not known while the customer is still subscribed.",
    ],
    solution="```python\nmy_recorded = " + repr(dictionary.expected_recorded(LESSON_FIELDS))
             .replace(", '", ",\n    '") + "\n```",
)


@functools.lru_cache(maxsize=4)
def price_cases(seed: int) -> list:
    inv, plans = data.invoices(seed), data.plans(seed)
    edges = rules.price_edges(plans)
    return [
        rules.RuleCase("the 2025 invoices", (inv, plans),
                       rules.defect_rows(inv, data.defect(seed, "D6"), "invoice_id"), "invoice"),
        rules.RuleCase("invoices at the edges of the price list", (edges, plans),
                       rules.invalid_amount(edges, plans).to_numpy(), "invoice"),
    ]


price_rule = Exercise(
    "pde.price_rule",
    competency="PDE-2",
    compare=rules.rule_check("invalid_amount"),
    expected=price_cases,
    context=("seed",),
    hints=[
        "List every amount Kestrel can bill: each plan's `monthly_price` plus 0, 1, 2 or 3 "
        "add-ons at 3.50. An invoice is suspect when its amount is not in that list.",
        "Money in floating point: 13.99 + 3.50 is 17.490000000000002. Round both sides to "
        "pence (`Series.round`) before you compare; `isin` then tells which amounts are on "
        "the price list, and `~` turns that round.",
    ],
    solution=(
        "```python\ndef invalid_amount(invoices, plans):\n"
        "    prices = {round(p + k * 3.50, 2) for p in plans['monthly_price'] for k in range(4)}\n"
        "    return ~invoices['amount'].round(2).isin(prices)\n```"
    ),
)


@functools.lru_cache(maxsize=4)
def age_cases(seed: int) -> list:
    crm, edges = data.crm_raw(seed), rules.age_edges()
    return [
        rules.RuleCase("the CRM export", (crm,),
                       rules.defect_rows(crm, data.defect(seed, "D4")), "CRM row"),
        rules.RuleCase("birth dates at the edges", (edges,),
                       rules.impossible_age(edges).to_numpy(), "CRM row"),
    ]


age_rule = Exercise(
    "pde.age_rule",
    competency="PDE-2",
    compare=rules.rule_check("impossible_age"),
    expected=age_cases,
    context=("seed",),
    hints=[
        "Parse `birth_date` (ISO text, blank when not given) with `pd.to_datetime`. Compare "
        "with 2025-01-01 minus 100 years (`pd.DateOffset` takes a number of years) and with "
        "2025-01-01 itself.",
        "A blank birth date is missing, not impossible: turn the empty strings into missing "
        "values before parsing, so that they become NaT. Every comparison with NaT is False, "
        "which is what you want.",
    ],
    solution=(
        "```python\ndef impossible_age(crm):\n"
        "    day = pd.Timestamp('2025-01-01')\n"
        "    birth = pd.to_datetime(crm['birth_date'].replace('', None))\n"
        "    return (birth < day - pd.DateOffset(years=100)) | (birth > day)\n```"
    ),
)


survey_sent = declare.choice(
    "pde.survey_sent",
    competency="PDE-2",
    options=("at sign-up", "every month", "when the customer cancels", "once a year"),
    expected="when the customer cancels",
    why={
        "at sign-up": "Then every customer would have a score, stayers included. Look at who "
                      "has one.",
        "every month": "Then the score would change from month to month and every active "
                       "customer would have one.",
        "once a year": "Then customers who joined long ago and stayed would have scores too.",
    },
    hints=["Count the scores among customers with and without a `cancel_date`."],
    solution="`'when the customer cancels'`: the exit survey goes out with the cancellation "
             "e-mail. A score therefore means 'this customer has left'.",
)


def response_rate(seed: int) -> float:
    """Share of the CRM's customers with a cancel date who answered the exit survey."""
    crm = data.crm_raw(seed).drop_duplicates("customer_id")
    left = crm[crm["cancel_date"] != ""]
    return float((left["exit_survey_score"] != "").mean())


survey_response = declare.number(
    "pde.survey_response",
    competency="PDE-2",
    expected=response_rate,
    abs_tol=5e-4,
    context=("seed",),
    hints=[
        "One row per customer first (`drop_duplicates('customer_id')`): the export repeats some. "
        "Then keep the customers whose `cancel_date` is not blank.",
        "Blank cells are empty strings in this CSV (read as text), not NaN: compare with the "
        "empty string. The mean of the resulting booleans is the share.",
    ],
    solution=(
        "```python\none = crm.drop_duplicates('customer_id')\n"
        "left = one[one['cancel_date'] != '']\n"
        "response = (left['exit_survey_score'] != '').mean()\n```"
    ),
)


bind = binder(__name__)
