"""The domain expert assessment's reference answers, computed from the seed with the churn
package and the track's reference code: the answer key the exam's checks compare with."""

from __future__ import annotations

import functools

import numpy as np

from dsroles.checks.functions import Case
from dsroles.checks.models import one_thread
from dsroles.tracks.domain_expert import data, dictionary, exam_data, policy, rules

TRIAGE = {
    "A": ("pipeline bug", "data engineer"),
    "B": ("covariate drift", "business owner"),
    "C": ("concept drift", "data scientist"),
    "D": ("pipeline bug", "data engineer"),
    "E": ("no change", "nobody"),
}


@functools.lru_cache(maxsize=4)
def churn_cases(seed: int) -> list[dict]:
    """The logs a churn labeller is tried on: each edge-case log, and the real log of a month,
    with the customers each part of the item is about and the right answer for them."""
    out = []
    for month, log, cases in exam_data.edge_logs():
        want = policy.churned_customers(log, month)
        for customer, case in cases.items():
            out.append({"log": log, "month": month, "customer": customer, "part": case.part,
                        "label": case.label, "churns": customer in want})
    return out


def real_log_case(seed: int) -> tuple:
    """(the account log, the month, the churners by Kestrel's definition)."""
    log = exam_data.account_log(seed).drop(columns="customer_key")
    month = exam_data.label_month(seed)
    return log, month, policy.churned_customers(log, month)


def labelled_cases() -> list[Case]:
    return [Case((d,), label=f"an export taken on {d}") for d in exam_data.EXPORT_DATES]


PRICE_TABLES = ("the 2025 invoices", "the 2026 invoices as delivered", "the 2026 invoices in pounds",
                "invoices at the edges of the 2026 price list")
SESSION_TABLES = ("the 2025 events", "sessions at the edges")


@functools.lru_cache(maxsize=4)
def price_cases(seed: int) -> list[rules.RuleCase]:
    inv, plans = data.invoices(seed), data.plans(seed)
    later, later_plans = data.invoices(seed, "next_quarter"), data.plans(seed, "next_quarter")
    in_pounds = later.assign(amount=later["amount"] / 100)
    edges = rules.price_edges(later_plans)
    flagged = [rules.defect_rows(inv, data.defect(seed, "D6"), "invoice_id"),
               np.ones(len(later), dtype=bool), np.zeros(len(later), dtype=bool),
               rules.invalid_amount(edges, later_plans).to_numpy()]
    tables = [(inv, plans), (later, later_plans), (in_pounds, later_plans), (edges, later_plans)]
    return [rules.RuleCase(label, args, mask, "invoice")
            for label, args, mask in zip(PRICE_TABLES, tables, flagged)]


@functools.lru_cache(maxsize=4)
def session_cases(seed: int) -> list[rules.RuleCase]:
    events, edges = data.events_raw(seed), rules.session_edges()
    flagged = [rules.defect_rows(events, data.defect(seed, "D7")),
               rules.impossible_session(edges).to_numpy()]
    return [rules.RuleCase(label, (table,), mask, "event")
            for label, table, mask in zip(SESSION_TABLES, (events, edges), flagged)]


def usable(seed: int | None = None) -> dict:
    return dictionary.expected_usable(exam_data.USABLE_FIELDS)


@functools.lru_cache(maxsize=4)
def pd_values(seed: int) -> dict:
    """The suspect model's partial dependence on each feature of PD_GRIDS, over the review month."""
    from dsroles.churn import explain

    model, rows = exam_data.suspect_model(seed), exam_data.review_rows(seed)
    with one_thread():
        return {f: explain.partial_dependence(model, rows, f, grid).tolist()
                for f, grid in exam_data.PD_GRIDS.items()}


@functools.lru_cache(maxsize=4)
def shift_evidence(seed: int) -> dict:
    from dsroles.churn.features import MODEL_FEATURES

    history, delivered = data.snapshots(seed), data.quarter(seed)
    fixed = data.repaired(delivered)
    with one_thread():
        scores = exam_data.production_model(seed).predict_proba(fixed[MODEL_FEATURES])[:, 1]
    south = ((fixed["region"] == "south") & (fixed["contract"] == "monthly")).to_numpy()
    churned = fixed["churned"].to_numpy()  # observed over predicted, as monitor's 'ratio'
    return {
        "biennial_share": float((delivered["contract"] == "biennial").mean()),
        "charges_ratio": float(delivered["monthly_charges"].median()
                               / history["monthly_charges"].median()),
        "south_monthly_ratio": float(churned[south].mean() / scores[south].mean()),
        "elsewhere_ratio": float(churned[~south].mean() / scores[~south].mean()),
    }


@functools.lru_cache(maxsize=4)
def trace(seed: int) -> dict:
    from dsroles.tracks.domain_expert import production, tracing

    month, key = exam_data.trace_month(seed), exam_data.complaint(seed)
    run = production.scored_month(seed, month)
    used = float(run.loc[run["customer_key"] == key, "monthly_charges"].iloc[0])
    ref = data.snapshots(seed)
    true = float(ref.loc[(ref["customer_key"] == key) & (ref["snapshot_month"] == month),
                         "monthly_charges"].iloc[0])
    customer = tracing.customer_id_of(seed, key)
    return {"feature": "monthly_charges",
            "invoice_ids": production.legacy_invoices(seed, customer, month),
            "value_used": used, "value_true": true, "technique": "LogisticRegression",
            "subject": f"prediction:{key}@{month}",
            "customers_hit": len(tracing.inflated(seed, month))}
