"""Domain expert, lesson 3 (``03_results_against_the_business``): read a model's explanations
(coefficients, permutation importance, partial dependence, segment rankings), find the result
that contradicts the business in a retrained model, and flag it with its evidence.

    from dsroles.tracks.domain_expert import results as lesson
    q = lesson.bind(seed=SEED)
    q.pd_tickets.check(my_pd)
"""

from __future__ import annotations

from dsroles.checks import declare
from dsroles.checks.exercise import Exercise, Part
from dsroles.checks.models import one_thread
from dsroles.checks.registry import binder
from dsroles.churn.features import NUMERIC
from dsroles.tracks.domain_expert import flagging, models
from dsroles.tracks.domain_expert.flagging import filed  # noqa: F401 (for the notebook)

TICKET_VALUES = (0, 1, 2, 3)


def retrained_pd(seed: int, feature: str = "tickets_month", values=TICKET_VALUES) -> list[float]:
    """The retrained model's mean risk over the review month with ``feature`` set to each value."""
    from dsroles.churn import explain

    with one_thread():
        return explain.partial_dependence(models.retrained(seed, "tickets"),
                                          models.review_rows(seed), feature, values).tolist()


pd_tickets = declare.numbers(
    "pde.pd_tickets",
    competency="PDE-3",
    expected=retrained_pd,
    abs_tol=2e-4,
    context=("seed",),
    hints=[
        "Partial dependence: set `tickets_month` to 0 for *every* row of `review`, score all "
        "rows with the retrained model, take the mean; then the same with 1, 2 and 3.",
        "`DataFrame.assign` gives a copy with one column replaced: score that copy with "
        "`predict_proba` (column 1 is churn) and average, once for each of the four values. "
        "With `sklearn.inspection.partial_dependence` instead, turn the column into floats "
        "first and give the four values as `custom_values`.",
    ],
    solution=(
        "```python\nmy_pd = [suspect.predict_proba(review.assign(tickets_month=v))[:, 1].mean()\n"
        "         for v in (0, 1, 2, 3)]\n```"
    ),
)


contradiction = declare.choice(
    "pde.contradiction",
    competency="PDE-3",
    options=tuple(NUMERIC),
    expected=("tickets_month", "tickets_3m"),
    why={
        "tenure_months": "Risk falling with tenure is what the business sees: loyal customers "
                         "stay.",
        "monthly_charges": "A dearer bill raising risk a little is what the business expects.",
        "sessions": "More viewing going with less risk is what the business expects.",
        "minutes": "More viewing going with less risk is what the business expects.",
        "failed_payments_month": "A failed payment raising risk is what the business expects.",
        "failed_payments_3m": "Look at this feature's month-only sibling first: the two share "
                              "the effect of a failed payment between them.",
        "days_since_last_session": "Risk rising when a customer stops watching is what the "
                                   "business expects.",
        "usage_trend": "Risk falling as viewing picks up is what the business expects.",
        "addons": "Compare the two models on a feature whose effect the business knows well.",
    },
    hints=["Compare the two models' partial dependence, feature by feature, with what the "
           "retention team tells you about customers who contact support."],
    solution="`'tickets_month'` (or `'tickets_3m'`): in the retrained model, every support "
             "ticket makes a customer look safer. The help desk's tickets are a warning sign.",
)


def _subject(subject: str, expected) -> bool:
    return subject in ("feature:tickets_month", "feature:tickets_3m")


ticket_flag = Exercise(
    "pde.ticket_flag",
    competency="PDE-3",
    expected=lambda seed: dict(zip(("at_0", "at_3"), retrained_pd(seed, values=(0, 3)))),
    context=("seed",),
    precheck=flagging.require_flag,
    parts=[
        Part("subject", flagging.subject_part(
            _subject, "name the feature whose effect is wrong, as 'feature:<column>'.")),
        Part("owner", flagging.owner_part(
            ("data_scientist",), "who decides whether a retrained model ships, and retrains "
                                 "it?")),
        Part("cause", flagging.cause_part(
            ("data_defect", "pipeline_bug"), "the model learnt faithfully from what it was "
            "given; ask what was wrong with the batch it was given.")),
        Part("evidence", flagging.evidence_numbers({"risk_at_0": "at_0", "risk_at_3": "at_3"},
                                                   tol=2e-4)),
    ],
    hints=["`store.file(subject=..., seen=..., evidence={'risk_at_0': ..., 'risk_at_3': ...}, "
           "suspected_cause=..., owner_role=...)` returns the flag's id; check "
           "`store.get(flag_id)`."],
    solution=(
        "```python\nflag_id = store.file(\n"
        "    subject='feature:tickets_month',\n"
        "    seen='In the retrained model, risk falls as support tickets rise.',\n"
        "    evidence={'risk_at_0': my_pd[0], 'risk_at_3': my_pd[3]},\n"
        "    suspected_cause='data_defect',\n    owner_role='data_scientist')\n```"
    ),
)


bind = binder(__name__)
