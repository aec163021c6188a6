"""The business owner assessment's answer key, computed from the seed with the churn package
and the track's shared parts."""

from __future__ import annotations

from dsroles.tracks.business_owner import access, cards, data, money
from dsroles.tracks.business_owner import exam_data as X

QUARTERS = (("2025-01-01", "2025-03-31"), ("2025-04-01", "2025-06-30"),
            ("2025-07-01", "2025-09-30"), ("2025-10-01", "2025-12-31"))


def revenue_per_quarter(seed: int) -> float:
    """Revenue at risk per quarter of 2025, on average over its four quarters."""
    crm = data.crm(seed)
    return sum(money.revenue_lost(crm, *q) for q in QUARTERS) / len(QUARTERS)


def call_share(seed: int) -> float:
    snaps = data.tables(seed).snapshots
    return X.CALLS_PER_MONTH / int((snaps["snapshot_month"] == X.CALL_MONTH).sum())


PILOT_CASE = {
    "measure": "revenue kept minus the cost of the offers, against a group that got no offer",
    "acts": "retention team",
    "deadline": "early in December 2025, before they cancel",
}


def break_even() -> float:
    from dsroles.churn import evaluate

    return evaluate.break_even_probability(X.EXAM_BUSINESS)


def thresholds(seed: int) -> dict:
    y, p = data.test_scores(seed)
    return {"most_profit": money.best_profit_threshold(y, p, X.EXAM_BUSINESS),
            "best_accuracy": money.best_accuracy_threshold(y, p)}


def profit_falls(seed: int) -> dict:
    """How much the best expected profit falls under each scenario (a positive amount)."""
    y, p = data.test_scores(seed)
    best = money.best_profit(y, p, X.EXAM_BUSINESS)
    return {k: best - money.best_profit(y, p, b) for k, b in X.SCENARIOS.items()}


PERSONAL_COLUMNS = {"support_tickets": ["customer_id", "text"], "invoices": ["customer_id"]}


def campaign_groups(seed: int) -> dict:
    return access.eligible(data.next_quarter_crm(seed), data.consent_table(seed, "next_quarter"),
                           X.CAMPAIGN_AS_OF)


def breaches(seed: int) -> set[tuple[str, str]]:
    return {(dataset, field) for dataset, field, _ in X.planted(seed)}


def confusion(seed: int) -> dict:
    from dsroles.tracks.business_owner.steer import confusion_counts

    return confusion_counts(*data.test_scores(seed), X.CONFUSION_THRESHOLD)


def gain(seed: int) -> float:
    from dsroles.tracks.business_owner.steer import share_of_leavers_in_top

    return share_of_leavers_in_top(*data.test_scores(seed), X.TOP_SHARE)


def deploy(seed: int) -> dict:
    letters = cards.exam_letters(seed)
    return {"deploy": letters["honest"], "leak": letters["leaky"],
            "protected": letters["protected"]}


def card_gaps(seed: int) -> list[str]:
    return cards.unanswered(cards.draft_card(seed))


def drift_factor(seed: int) -> float:
    """2026's churn rate over that of the months since the payment provider switch."""
    return money.drift_factor(data.monthly_churn(seed))


def drift_factor_since(seed: int, first_month: str) -> float:
    """2026's churn rate over that of the snapshot months from ``first_month`` to December 2025."""
    return money.drift_factor(data.monthly_churn(seed), before=(first_month, "2025-12"))


def quarter_value(p, factor: float) -> float:
    """The Q2 campaign: every customer whose offer pays under the drift, three months, less
    the set-up cost."""
    from dsroles.churn import evaluate

    threshold = evaluate.break_even_probability(X.EXAM_BUSINESS) / factor
    return money.campaign_value(p, threshold, X.EXAM_BUSINESS, factor=factor,
                                months=X.QUARTER_MONTHS, setup=X.SETUP_COST)


def drifted(seed: int) -> dict:
    _, p = data.december_scores(seed)
    k = drift_factor(seed)
    return {"drift_factor": k, "quarter_value": quarter_value(p, k)}


def decision(seed: int) -> dict:
    from dsroles.churn import evaluate

    value = drifted(seed)["quarter_value"]
    return {"decision": "go" if value > 0 else "no-go",
            "threshold": evaluate.break_even_probability(X.EXAM_BUSINESS) / drift_factor(seed)}
