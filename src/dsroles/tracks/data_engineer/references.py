"""The data engineer assessment's reference answers, computed from the seed with the churn
package's own code: the answer key the exam's checks compare with."""

from __future__ import annotations

import functools

from dsroles.tracks.data_engineer import data, exam_data


CRM_COLUMNS = ["customer_id", "signup_date", "birth_date", "contract", "payment_method", "region"]


DIM_COLUMNS = ["customer_key", "region", "contract", "payment_method"]


TICKET_COLUMNS = ["ticket_id", "customer_key", "category", "text"]


DEVICE_USAGE_COLUMNS = ["month", "device", "customers", "sessions", "hours"]


MONTH_BILLING_SQL = """
SELECT status,
       COUNT(*) AS invoices,
       SUM(CASE WHEN source_system = 'legacy' THEN amount / 100.0 ELSE amount END) AS amount
FROM invoices
WHERE period = '{month}'
GROUP BY status
ORDER BY status
"""


@functools.lru_cache(maxsize=2)
def crm_clean(seed: int):
    from dsroles.churn import clean

    return clean.clean_crm(data.crm_raw(seed))


def month_billing_reference(seed: int):
    """Invoices and pounds billed per status (paid, failed) in the exam month, in SQL."""
    from dsroles.churn import ingest

    sql = MONTH_BILLING_SQL.format(month=exam_data.exam_month(seed))
    return ingest.query_billing(data.history(seed, "billing.sqlite"), sql)


def _in_month(table, column: str, month: str):
    """The rows of ``table`` whose timestamp ``column`` falls in ``month``."""
    import pandas as pd

    from dsroles.churn.features import month_end

    return table[(table[column] >= pd.Timestamp(f"{month}-01"))
                 & (table[column] < month_end(month))]


def customer_month_reference(seed: int):
    """One row per customer billed in the exam month: contract, amount billed, sessions."""
    month = exam_data.exam_month(seed)
    billing = data.billing(seed)
    billed = billing.loc[billing["month"] == month, ["customer_id", "amount_billed"]]
    sessions = _in_month(exam_data.events(seed), "ts", month).groupby("customer_id")[
        "session_id"].nunique()
    out = billed.merge(crm_clean(seed)[["customer_id", "contract"]], on="customer_id",
                       how="left")
    out["sessions"] = out["customer_id"].map(sessions).fillna(0).astype("int64")
    return out[["customer_id", "contract", "amount_billed", "sessions"]].reset_index(drop=True)


def crm_reference(seed: int):
    return crm_clean(seed)[CRM_COLUMNS]


def load_tickets_reference(store, batch):
    """Add a batch of tickets to the store: a re-delivered ticket_id replaces the old row."""
    import pandas as pd

    out = pd.concat([store, batch], ignore_index=True)
    out = out.drop_duplicates("ticket_id", keep="last")
    return out.sort_values("ticket_id", ignore_index=True)


def last_seen_reference(events, month: str):
    """Each customer's last event before the end of ``month``: what the snapshot may know."""
    from dsroles.churn.features import month_end

    known = events[events["ts"] < month_end(month)]
    return known.groupby("customer_id")["ts"].max()


def device_usage_reference(path):
    """Active customers, sessions and hours per month and device, by pandas on every event."""
    import pandas as pd

    from dsroles.churn.clean import clean_events

    events = clean_events(pd.read_parquet(path))
    month = events["ts"].to_numpy().astype("datetime64[M]")  # faster than strftime per row
    out = (events.assign(month=month).groupby(["month", "device"])
           .agg(customers=("customer_id", "nunique"), sessions=("session_id", "nunique"),
                hours=("seconds", "sum"))
           .reset_index())
    out["month"] = out["month"].dt.strftime("%Y-%m")
    out["hours"] = out["hours"] / 3600.0
    return out.astype({"month": str, "device": str})[DEVICE_USAGE_COLUMNS]


def customer_dim_reference(seed: int):
    from dsroles.churn import pii

    crm = crm_clean(seed)
    return crm.assign(customer_key=pii.pseudonymise(crm["customer_id"]))[DIM_COLUMNS]


def month_tickets_reference(seed: int):
    """The exam month's tickets: pseudonymised key, category and redacted text."""
    from dsroles.churn import pii
    from dsroles.churn.features import month_of

    t = exam_data.tickets(seed)
    t = t[month_of(t["opened_at"]) == exam_data.exam_month(seed)]
    return t.assign(customer_key=pii.pseudonymise(t["customer_id"]),
                    text=pii.redact(t["text"]))[TICKET_COLUMNS].reset_index(drop=True)


def published_store(seed: int):
    """The store after the publishing task's months, the middle one re-delivered: one row per
    customer and month, the re-delivery's rows in place of the first delivery's."""
    import pandas as pd

    months = exam_data.month_batches(seed)
    month, batch = exam_data.redelivery(seed)
    months[month] = batch
    table = pd.concat(months.values(), ignore_index=True)
    return table.sort_values(["customer_id", "month"], ignore_index=True)
