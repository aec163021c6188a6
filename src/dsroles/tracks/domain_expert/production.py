"""The production scoring job as it ran: written before anyone knew that the legacy billing
system stores pence, its billing query sums the amounts as they are. The lessons and the
assessment trace its surprising scores back to that query."""

from __future__ import annotations

import functools

from dsroles.churn import ingest
from dsroles.tracks.domain_expert import data

BILLING_SQL_V1 = ingest.MONTHLY_BILLING_SQL.replace(
    "SUM(CASE WHEN source_system = 'legacy' THEN amount / 100.0 ELSE amount END)", "SUM(amount)")
assert BILLING_SQL_V1 != ingest.MONTHLY_BILLING_SQL, "the reference query changed: update v1"


@functools.lru_cache(maxsize=4)
def scored_month(seed: int, month: str):
    """The production job's snapshot of ``month``, scored by the production model
    (columns: the snapshot table's, then ``risk``), riskiest first."""
    from dsroles.checks.models import one_thread
    from dsroles.churn import features
    from dsroles.tracks.domain_expert import models

    clean = data.tables(seed)  # the sources as the reference pipeline cleaned them
    billing = ingest.query_billing(data.data_dir(seed) / "history" / "billing.sqlite",
                                   BILLING_SQL_V1)
    table = features.build_snapshots(clean.crm, billing, clean.events, clean.tickets, [month])
    with one_thread():
        risk = models.production_model(seed).predict_proba(table[features.MODEL_FEATURES])[:, 1]
    return (table.assign(risk=risk).sort_values("risk", ascending=False, kind="stable")
            .reset_index(drop=True))


def legacy_invoices(seed: int, customer_id: str, month: str) -> list[int]:
    """The invoice ids of a customer's month that the legacy system issued (amounts in pence)."""
    inv = data.invoices(seed)
    rows = inv[(inv["customer_id"] == customer_id) & (inv["period"] == month)
               & (inv["source_system"] == "legacy")]
    return sorted(int(i) for i in rows["invoice_id"])
