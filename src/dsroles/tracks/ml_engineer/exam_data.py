"""The ML engineer assessment's inputs, from the seed: the model to package, the campaign's
batch, the rows behavioural tests run on, the release to gate, the settings of the notebook
code to refactor, and the product team's serving function.

The assessment notebook's locked cells use these; the hidden tests use them too.
"""

from __future__ import annotations

import functools

import numpy as np

from dsroles.tracks.ml_engineer import behaviours, data, servings
from dsroles.tracks.ml_engineer.suites import run_tests  # noqa: F401 - the notebook tries suites with it

OFFER_COST = 12.0                 # this campaign's offer: dearer than the lessons' 10.00
VERSION = "churn-2026-01"         # the version the release manager gave this model
TRAIN_UNTIL = "2025-08"           # the notebook's training months end here
CAMPAIGN_ROWS = 300
FIND_SKEW_POOL = ("days_by_calendar_date", "trend_three_months", "tenure_30_day_months")
GRADED_SKEWS = ("charges_in_pence", "contract_as_typed", "failed_this_month_only")
EXAM_GATE = behaviours.EXAM_GATE
MONTH = servings.MONTH

SETTINGS = f'''# The churn model's settings, as the data scientist's notebook had them.
[data]
train_until = "{TRAIN_UNTIL}"     # train on every labelled month up to this one

[features]
numeric = ["tenure_months", "monthly_charges", "addons", "sessions", "minutes", "usage_trend",
           "days_since_last_session", "tickets_month", "tickets_3m", "failed_payments_month",
           "failed_payments_3m"]
categorical = ["contract", "plan", "payment_method", "region"]
log_scaled = ["tenure_months", "minutes", "sessions", "days_since_last_session", "usage_trend"]

[model]
C = 0.5
max_iter = 2000
min_frequency = 10

[decision]
offer_cost = {OFFER_COST}
acceptance_rate = 0.35
lifetime_value = 240.0
'''


def settings() -> dict:
    import tomllib

    return tomllib.loads(SETTINGS)


def campaign_threshold() -> float:
    """The break-even probability of this campaign's figures."""
    from dataclasses import replace

    from dsroles.churn import evaluate
    from dsroles.churn.params import BUSINESS

    return evaluate.break_even_probability(replace(BUSINESS, retention_offer_cost=OFFER_COST))


@functools.lru_cache(maxsize=4)
def handed_over(seed: int):
    """The model to package: the default Pipeline fitted on the notebook's training months."""
    from dsroles.churn import retrain

    snaps = data.snapshots(seed)
    return retrain.fit(snaps[snaps["snapshot_month"] <= TRAIN_UNTIL], retrain.load_config())


def test_rows(seed: int):
    snaps = data.snapshots(seed)
    return snaps[snaps["snapshot_month"] > TRAIN_UNTIL].reset_index(drop=True)


def artefact_dir(seed: int):
    """A saved artefact for the predictor to load (the default settings, the seed's data)."""
    return data.artefact_dir(seed)


def campaign_batch(seed: int):
    """300 customers of November 2025 as the CRM sends them: id, name, e-mail, features."""
    return behaviours.identified_rows(int(seed), CAMPAIGN_ROWS, int(seed) + 1)


def behaviour_rows(seed: int):
    return behaviours.behaviour_rows(seed)


def gate_holdout(seed: int):
    return behaviours.holdout(seed, EXAM_GATE)


def gate_models(seed: int):
    """(current, {name: candidate}): the model in production and the candidates to gate."""
    return behaviours.gate_models(int(seed), EXAM_GATE)


def practice_release(seed: int):
    """(current, candidate): the model in production and one candidate, to try a gate on."""
    current, candidates = gate_models(seed)
    return current, candidates["good"]


def product_skew(seed: int) -> str:
    """Which skew the product team's serving function has, for this seed."""
    return str(np.random.default_rng(int(seed) + 7).choice(FIND_SKEW_POOL))


def product_serving(seed: int):
    """The product team's serving function: online_features with one feature skewed."""
    return servings.SKEWS[product_skew(seed)][1]


def served_customers(seed: int) -> list[str]:
    return servings.served_customers(seed)


def training_rows(seed: int):
    return servings.training_rows(seed)
