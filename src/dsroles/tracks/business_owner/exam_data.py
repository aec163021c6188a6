"""The business owner assessment's inputs, from the seed: the figures the tasks state, the
tables the locked cells load, the draft register, the model cards and the draft card.

The assessment notebook's locked cells import this module only; the answer key is
``references``.
"""

from __future__ import annotations

from dataclasses import replace

from dsroles.churn.params import BUSINESS
from dsroles.tracks.business_owner import cards, data, register

# The offer now comes with a free month: dearer, and half the customers who would leave accept
# it. (At 0.40 the offer paid from a score of 0.156 on, so high on the stale model's test months
# that at seed 2 the most profitable threshold was also the most accurate one: task 2b could not
# tell the two apart. At 0.50 they differ on seeds 1-20.)
EXAM_BUSINESS = replace(BUSINESS, retention_offer_cost=15.0, offer_acceptance_rate=0.50)
SCENARIOS = {  # what if an assumption is wrong (task 2c)
    "acceptance_0_30": replace(EXAM_BUSINESS, offer_acceptance_rate=0.30),
    "cost_18": replace(EXAM_BUSINESS, retention_offer_cost=18.0),
}

CALLS_PER_MONTH = 180  # four agents, 45 calls each
CALL_MONTH = "2025-06"
CONFUSION_THRESHOLD = 0.13  # the break-even probability of the exam's figures, rounded up
TOP_SHARE = 0.20
QUARTER_MONTHS = 3
SETUP_COST = 1000.0  # the dialler licence and the agents' training, for the quarter
CAMPAIGN_AS_OF = "2026-03-31"  # the Q2 campaign is chosen from the next quarter's export

# The register to review (task 3c): four datasets, their kind and who needs them.
EXAM_DATASETS = {
    "usage_events": {"kind": "raw", "users": ("data_engineer",),
                     "purpose": "run the player; viewing counts for the model",
                     "holds": "one row per viewing session: customer id, device, time, seconds"},
    "feature_store": {"kind": "pseudonymised", "users": register.ANALYSTS,
                      "purpose": "train and test the churn model",
                      "holds": "monthly features per pseudonymised customer key; gender and "
                               "age for fairness checks"},
    "monitoring_table": {"kind": "pseudonymised", "users": register.ANALYSTS,
                         "purpose": "watch the model's scores and results for drift",
                         "holds": "score and outcome per pseudonymised customer key and month"},
    "offer_list": {"kind": "targeting", "users": ("product_engineer", "retention_team"),
                   "purpose": "this month's customers to call with an offer",
                   "holds": "customer id, phone number, score"},
}
# Ways a draft entry can break the policy: (dataset, field, the draft's wrong value).
PLANTABLE = (
    ("usage_events", "lawful_basis", "consent"),
    ("usage_events", "users", ["data_engineer", "data_scientist"]),
    ("usage_events", "retention_months", 60),
    ("feature_store", "lawful_basis", "contract"),
    ("feature_store", "users", list(register.ANALYSTS) + ["retention_team"]),
    ("feature_store", "retention_months", 48),
    ("monitoring_table", "lawful_basis", "consent"),
    ("monitoring_table", "users", ["data_engineer", "data_scientist", "ml_engineer"]),
    ("monitoring_table", "retention_months", 120),
    ("offer_list", "lawful_basis", "legitimate interests"),
    ("offer_list", "users", ["product_engineer", "retention_team", "data_scientist"]),
    ("offer_list", "retention_months", 24),
)
PLANTED = 4


def snapshots(seed: int):
    """The snapshot table of 2025 (one row per customer and month, with ``churned``)."""
    return data.snapshots(seed)


def crm(seed: int):
    """The clean CRM of 2025."""
    return data.crm(seed)


def test_scores(seed: int):
    """(y, p): the reference model on September to November 2025."""
    return data.test_scores(seed)


def december_scores(seed: int):
    """(customers, p): December 2025's snapshot and the reference model's scores."""
    return data.december_scores(seed)


def monthly_churn(seed: int):
    """Churn per snapshot month, March 2025 to February 2026."""
    return data.monthly_churn(seed)


def next_quarter_crm(seed: int):
    """The CRM export of 2026-03-31, cleaned."""
    return data.next_quarter_crm(seed)


def consent_table(seed: int, batch: str):
    """The profiling-consent file of ``batch`` (``"history"`` or ``"next_quarter"``)."""
    return data.consent_table(seed, batch)


def source_samples(seed: int, rows: int = 3) -> dict:
    """The first rows of the raw support-ticket export and of the billing invoices."""
    from dsroles.churn import ingest

    folder = data.data_dir(seed) / "history"
    return {"support_tickets": ingest.read_tickets(folder / "support_tickets.jsonl").head(rows),
            "invoices": ingest.query_billing(folder / "billing.sqlite",
                                             f"SELECT * FROM invoices LIMIT {int(rows)}")}


def planted(seed: int) -> list[tuple]:
    """The draft register's breaches of the policy on this seed: (dataset, field, value)."""
    import numpy as np

    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 2028]))
    return [PLANTABLE[i] for i in sorted(rng.choice(len(PLANTABLE), PLANTED, replace=False))]


def draft_register(seed: int):
    """The register the team drafted: right but for the ``planted`` breaches."""
    import pandas as pd

    rows = []
    for name, spec in EXAM_DATASETS.items():
        want = register.expected_entry(spec)
        rows.append({"dataset": name, "purpose": spec["purpose"], "holds": spec["holds"],
                     "lawful_basis": want["lawful_basis"], "users": sorted(want["users"]),
                     "retention_months": want["max_months"]})
    table = pd.DataFrame(rows)
    for dataset, column, value in planted(seed):
        row = table.index[table["dataset"] == dataset][0]
        table.at[row, column] = value
    return table


def model_cards(seed: int):
    """Three model cards for the churn model, side by side (letters by seed)."""
    return cards.as_table(cards.exam_cards(seed))


def draft_card(seed: int) -> dict:
    return cards.draft_card(seed)


CARD_QUESTIONS = cards.QUESTIONS
