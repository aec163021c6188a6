"""Domain expert, lesson 5 (``05_trace_a_prediction``): follow a surprising production score
back through the lineage to the source rows and the step that made it, count who else it hit,
and file the flag for the role that owns the fix.

    from dsroles.tracks.domain_expert import tracing as lesson
    q = lesson.bind(seed=SEED)
    q.legacy_invoices.check(my_invoices)
"""

from __future__ import annotations

import functools

from dsroles.checks import declare
from dsroles.checks.exercise import Exercise, Part
from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect
from dsroles.checks.registry import binder
from dsroles.churn.features import MODEL_FEATURES
from dsroles.tracks.domain_expert import data, flagging, production
from dsroles.tracks.domain_expert.flagging import filed  # noqa: F401 (for the notebook)

MONTH = "2025-11"


def inflated(seed: int, month: str = MONTH):
    """The production run's rows whose monthly_charges differ from the reference pipeline's."""
    run = production.scored_month(seed, month)
    ref = data.snapshots(seed)
    ref = ref[ref["snapshot_month"] == month].set_index("customer_key")["monthly_charges"]
    differs = (run["monthly_charges"] - run["customer_key"].map(ref)).abs() > 0.005
    return run[differs.to_numpy()]


@functools.lru_cache(maxsize=8)
def complaint(seed: int, month: str = MONTH) -> str:
    """The customer the retention team asks about: of those hit, the keenest viewer."""
    hit = inflated(seed, month)
    pick = hit.sort_values(["sessions", "tenure_months", "customer_key"],
                           ascending=[False, False, True], kind="stable")
    return str(pick["customer_key"].iloc[0])


def customer_id_of(seed: int, key: str) -> str:
    from dsroles.churn.lineage import customer_id_for

    return customer_id_for(data.crm_raw(seed), key)


driver = declare.choice(
    "pde.driver",
    competency="PDE-5",
    options=tuple(MODEL_FEATURES),
    expected="monthly_charges",
    why={f: "Compare that feature's share of the log-odds with the others: another one is "
            "far larger." for f in MODEL_FEATURES if f != "monthly_charges"},
    hints=["`explain.contributions(model, row)` gives each feature's share of the customer's "
           "log-odds; sort it."],
    solution="`'monthly_charges'`: its share of the log-odds dwarfs every other feature's.",
)


def complaint_invoices(seed: int) -> list[int]:
    return production.legacy_invoices(seed, customer_id_of(seed, complaint(seed)), MONTH)


def _check_ids(value, want, context):
    import numpy as np

    if type(value) not in (list, tuple, set) or any(
            type(v) not in (int, np.int64) for v in value):
        raise Incorrect(f"your answer is {a_type(value)}; a list of invoice ids (whole "
                        "numbers) is expected.")
    got = {int(v) for v in value}
    if got - set(want):
        raise Incorrect("your list holds invoices that did not make this month's charge: "
                        "only the month's own invoices count.")
    if set(want) - got:
        raise Incorrect("your list misses an invoice behind this month's charge.")


legacy_invoices = Exercise(
    "pde.legacy_invoices",
    competency="PDE-5",
    compare=_check_ids,
    expected=complaint_invoices,
    context=("seed",),
    hints=["The lineage `trail` can tell which source rows a column was built from: ask it about"
           " `monthly_charges`. Their `invoice_id` column, as a list of ints, is the answer."],
    solution="```python\nmy_invoices = [int(i) for i in "
             "trail.sources_of('monthly_charges')['invoice_id']]\n```",
)


inflated_count = declare.number(
    "pde.inflated_count",
    competency="PDE-5",
    expected=lambda seed: len(inflated(seed)),
    abs_tol=0.5,
    context=("seed",),
    hints=["Put the production run and the reference snapshot of the same month side by side "
           "by `customer_key`, and count the customers whose `monthly_charges` differ."],
    solution=(
        "```python\nref = snaps[snaps['snapshot_month'] == '2025-11'].set_index('customer_key')"
        "['monthly_charges']\nmy_count = int(((run['monthly_charges'] - "
        "run['customer_key'].map(ref)).abs() > 0.005).sum())\n```"
    ),
)


def _invoice_evidence(flag, want, context):
    ids = flag.evidence.get("invoice_ids")
    if type(ids) is not list or not all(type(i) is int for i in ids):
        raise Incorrect("the evidence needs 'invoice_ids': the list of invoice ids you traced.")
    if set(ids) != set(want["invoice_ids"]):
        raise Incorrect("the evidence's 'invoice_ids' are not the invoices behind this "
                        "customer's charge.")


def flag_expected(seed: int) -> dict:
    return {"subject": f"prediction:{complaint(seed)}@{MONTH}",
            "invoice_ids": complaint_invoices(seed)}


legacy_flag = Exercise(
    "pde.legacy_flag",
    competency="PDE-5",
    expected=flag_expected,
    context=("seed",),
    precheck=flagging.require_flag,
    parts=[
        Part("subject", flagging.subject_part(flagging.same_prediction,
                                              flagging.PREDICTION_ADVICE)),
        Part("owner", flagging.owner_part(
            ("data_engineer",), "who owns the query that builds the features?")),
        Part("cause", flagging.cause_part(
            ("pipeline_bug",), "the billing database says what it always said; which step "
            "read it wrongly?")),
        Part("evidence", _invoice_evidence),
    ],
    hints=["Subject `f'prediction:{key}@2025-11'`, evidence `{'invoice_ids': my_invoices, ...}` "
           "(add the charge the job used and the right one), and the owner of the feature "
           "query."],
    solution=(
        "```python\nflag_id = store.file(\n    subject=f'prediction:{key}@2025-11',\n"
        "    seen='A loyal, keen viewer is scored near 1: monthly_charges is 100 times too high.',\n"
        "    evidence={'invoice_ids': my_invoices, 'monthly_charges_used': used,\n"
        "              'monthly_charges_true': used / 100, 'customers_hit': my_count},\n"
        "    suspected_cause='pipeline_bug',\n    owner_role='data_engineer')\n```"
    ),
)


bind = binder(__name__)
