"""Product engineer, lesson 3 (``03_monitor``): drift on each incoming batch, alerts with
thresholds, and the role that owns each alert.

    from dsroles.tracks.product_engineer import monitor as lesson
    q = lesson.bind(seed=SEED)
    q.january_charges_psi.check(my_psi)
"""

from __future__ import annotations

from dsroles.checks import declare
from dsroles.checks.registry import binder
from dsroles.tracks.product_engineer import data


def january_psi(seed: int) -> float:
    from dsroles.churn import monitor

    january = data.incoming_batches(seed)["2026-01"]
    return monitor.psi_numeric(data.reference_table(seed)["monthly_charges"], january["monthly_charges"])


january_charges_psi = declare.number(
    "pe.january_charges_psi",
    competency="PE-5",
    expected=january_psi,
    rel_tol=1e-6,
    context=("seed",),
    hints=["Compare January's `monthly_charges` with the reference's, not with the history "
           "as a whole, and not the other way round: the bins come from the reference.",
           "`monitor.psi_numeric` takes the reference values first and the new values second; "
           "January's batch is in `batches` under its month."],
    solution="```python\nmy_psi = monitor.psi_numeric(reference['monthly_charges'],\n"
             "                             batches['2026-01']['monthly_charges'])\n```",
)

OWNERS = ("data_engineer", "domain_expert", "data_scientist", "ml_engineer", "product_engineer")

contract_owner = declare.choice(
    "pe.contract_owner",
    competency="PE-5",
    options=OWNERS,
    expected="data_engineer",
    why={"domain_expert": "a value the model never saw ('biennial') is not a change in the "
                          "customers: it is the feed that changed. Who owns the feed?",
         "data_scientist": "retraining on 'biennial' would teach the model a spelling, not a "
                           "behaviour: the feed must be fixed first.",
         "ml_engineer": "the model is fine; its input broke upstream.",
         "product_engineer": "you raise the alert; someone else owns the fix."},
    hints=["Look at February's contract values: which one did the reference never have?",
           "A renamed category is a broken contract between the CRM and the pipeline."],
    solution="`'data_engineer'`: a renamed category is a schema change in the feed.",
)


bind = binder(__name__)
