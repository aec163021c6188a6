"""The domain expert assessment's inputs, from the seed: the month the retention team asks about,
the models under review, the next quarter's tables and the production run.

The assessment notebook's locked cells use ``account_log``, ``snapshots``, ``quarter``,
``production_model``, ``suspect_model``, ``production_run``, ``trace_month``, ``complaint`` and
the constants; everything else here is for the hidden tests.
"""

from __future__ import annotations

from dsroles.tracks.domain_expert import data, models, policy, production

BILLING_SQL_V1 = production.BILLING_SQL_V1  # the production job's billing query, as it ran
REVIEW_MONTH = models.REVIEW_MONTH       # the suspect model is reviewed on this month's snapshot
QUARTER_MONTHS = data.QUARTER_MONTHS     # the next quarter's labelled months
LABEL_MONTHS = ("2025-06", "2025-12", "2026-01")  # the edge-case logs are tried around these
PD_GRIDS = {"tickets_month": [0, 1, 2], "failed_payments_month": [0, 1],
            "days_since_last_session": [0, 10, 30]}
USABLE_FIELDS = ("gender", "signup_date", "cancel_date", "exit_survey_score", "invoices.status",
                 "usage_events.seconds", "support_tickets.text", "invoices.source_system")
EXPORT_DATES = ("2025-12-31", "2025-12-30", "2026-03-31", "2026-02-28", "2025-04-30",
                "2025-04-29", "2026-01-01")


def trace_month(seed: int) -> str:
    """The production run the retention team asks about: one of 2025-07 ... 2025-11."""
    return f"2025-{7 + int(seed) % 5:02d}"


def label_month(seed: int) -> str:
    """The month whose real churners the labelling function must find: 2025-03 ... 2025-11."""
    return f"2025-{3 + int(seed) % 9:02d}"


def account_log(seed: int):
    """Both exports' account events (customer_id, and the pseudonymised customer_key)."""
    return data.account_events(seed).copy()


def snapshots(seed: int):
    return data.snapshots(seed).copy()


def quarter(seed: int):
    """January and February 2026 as delivered (no validation, unknown spellings kept)."""
    return data.quarter(seed).copy()


def production_model(seed: int):
    return models.production_model(seed)


def suspect_model(seed: int):
    """Version 3: the production pipeline retrained on the new payment provider's extract."""
    return models.retrained(seed, "status")


def review_rows(seed: int):
    return models.review_rows(seed).copy()


def production_run(seed: int):
    """The production job's run of ``trace_month(seed)``, riskiest first."""
    return production.scored_month(seed, trace_month(seed)).copy()


def complaint(seed: int) -> str:
    """The customer the retention team asks about in the assessment's month."""
    from dsroles.tracks.domain_expert import tracing

    return tracing.complaint(seed, trace_month(seed))


def invoices(seed: int, batch: str = "history"):
    return data.invoices(seed, batch).copy()


def plans(seed: int, batch: str = "history"):
    return data.plans(seed, batch).copy()


def events(seed: int):
    return data.events_raw(seed).copy()


# a whole log holds more than a year: a labeller that compares the month's number and not its
# year ("event_date.dt.month == 1" for the horizon of 2025-12) counts this one
YEAR_BEFORE = policy.EdgeCase("a cancellation in the same month a year before the horizon",
                              "the horizon's edges", (("start", -351, "cancelled"),), 0)


def edge_logs():
    """The edge-case account logs, one per month of LABEL_MONTHS: [(month, log, cases)]."""
    return [(m, *policy.edge_log(m, prefix=f"E{i}", edge_cases=policy.EDGE_CASES + (YEAR_BEFORE,)))
            for i, m in enumerate(LABEL_MONTHS)]
