"""The end-to-end business outcome: the expected profit of the team's decisions on the next quarter.

A ``go`` makes the retention offer to every consenting customer scored at or above the memo's
threshold; its outcome is ``evaluate.expected_profit`` of those offers against what the
customers really did (the next quarter's labels). A ``no-go`` makes no offer: outcome 0.

``reference(seed)`` is the reference chain's outcome, computed in this process from the same
package functions the reference notebooks call (``tests/capstone`` checks the two agree).
"""

from __future__ import annotations

import functools
from pathlib import Path

from dsroles.churn import params as P


def profit(decision: str, threshold: float, y, p, business: P.BusinessParams) -> float:
    from dsroles.churn import evaluate

    return evaluate.expected_profit(y, p, threshold, business) if decision == "go" else 0.0


def business_of(decision: dict) -> P.BusinessParams:
    b = decision["business"]
    return P.BusinessParams(retention_offer_cost=float(b["retention_offer_cost"]),
                            customer_lifetime_value=float(b["customer_lifetime_value"]),
                            offer_acceptance_rate=float(b["offer_acceptance_rate"]))


def of_run(run_dir: str | Path) -> dict:
    """The outcome of a finished run (its memo, scores and the quarter's labels)."""
    from dsroles.capstone.contracts import Handover
    from dsroles.capstone.downstream import eligible_scores

    h = Handover(run_dir)
    memo = h.json("decision", "memo.json")
    table = eligible_scores(h, memo["threshold"])
    business = business_of(h.json("goal", "decision.json"))
    value = profit(memo["decision"], memo["threshold"], table["churned"],
                   table["churn_probability"], business)
    return {"decision": memo["decision"], "threshold": memo["threshold"],
            "offers": memo["offers"], "profit": round(value, 2)}


def repair(delivered):
    """The data engineer's fix of the next quarter: billing_v2's pence in pounds, the CRM's
    renamed contract type under its old name."""
    from dsroles.churn.generate import RENAMED_CONTRACT

    old, new = RENAMED_CONTRACT
    return delivered.assign(monthly_charges=(delivered["monthly_charges"] / 100).round(2),
                            contract=delivered["contract"].replace({new: old}))


@functools.lru_cache(maxsize=4)
def reference(seed: int) -> dict:
    """The reference chain's outcome for ``seed``: logistic model, break-even threshold, go
    when the campaign's expected value is positive."""
    from dsroles.churn import evaluate, features, pipeline, train
    from dsroles.churn.data import history_tables, project_data

    history = history_tables(int(seed)).snapshots.drop(columns=[P.LEAKAGE_COLUMN])
    train_set, _ = train.time_split(history)
    model = train.train(train_set)
    threshold = evaluate.break_even_probability(P.BUSINESS)
    delivered = pipeline.feature_table(project_data(int(seed)), ("history", "next_quarter"),
                                       check=False, unknown="keep",
                                       months=list(P.NEXT_QUARTER_MONTHS[:2])).snapshots
    quarter = repair(delivered)
    quarter = quarter[quarter["marketing_consent"].astype(bool)]
    p = model.predict_proba(quarter[features.MODEL_FEATURES])[:, 1]
    flagged = p[p >= threshold]
    expected = float((flagged * P.BUSINESS.offer_acceptance_rate * P.BUSINESS.customer_lifetime_value
                      - P.BUSINESS.retention_offer_cost).sum())
    decision = "go" if expected > 0 else "no-go"
    return {"decision": decision, "threshold": threshold, "offers": int(len(flagged)),
            "profit": round(profit(decision, threshold, quarter[features.LABEL], p, P.BUSINESS), 2)}
