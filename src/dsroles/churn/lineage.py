"""Lineage of one prediction: from a ``(customer_key, snapshot_month)`` row of the snapshot
table back to the raw source rows and the steps that made each of its features.

    from dsroles.churn import lineage

    trail = lineage.trace(data_dir, "K3f0c...", "2025-11")
    trail.features                       # one row per feature: value, source, step
    trail.sources_of("monthly_charges")  # the raw invoice rows behind it, as delivered
    trail.billing_sql                    # the SQL that aggregated them

``trace`` re-runs the reference pipeline's own code (``clean``, the billing SQL, ``features``)
on this one customer's raw rows, so every value it shows is the value the pipeline made, and
``billing_sql=`` replays another version of the billing query (a production job that was
written before the legacy system's pence were known, say). Turning the key back into the
CRM's ``customer_id`` needs the pseudonymisation secret: lineage is for the roles allowed to
see it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from dsroles.churn import clean, features, ingest
from dsroles.churn.pii import pseudonymise

CRM, INVOICES, EVENTS, TICKETS = "crm", "invoices", "usage_events", "support_tickets"
FILES = {CRM: "crm_customers.csv", INVOICES: "billing.sqlite", EVENTS: "usage_events.parquet",
         TICKETS: "support_tickets.jsonl"}

# feature -> (source, months of it used: 0 = the snapshot month only, k = k more before, None:
# everything up to the month's end, "row" = the customer's CRM row), the transformation step.
STEPS = {
    "tenure_months": (CRM, "row", "signup_date parsed (clean.parse_dates: three formats); "
                                  "days from sign-up to the month's end / 30.4375"),
    "monthly_charges": (INVOICES, 0, "the month's invoices summed by the billing SQL "
                                     "(see billing_sql)"),
    "addons": (CRM, "row", "addons read as a whole number"),
    "sessions": (EVENTS, 0, "events cleaned (replayed event_id and negative seconds dropped); "
                            "distinct session_id in the month"),
    "minutes": (EVENTS, 0, "events cleaned; seconds summed in the month / 60"),
    "usage_trend": (EVENTS, 2, "(sessions this month + 1) / (mean sessions of the two months "
                               "before + 1)"),
    "days_since_last_session": (EVENTS, None, "days from the last cleaned event before the "
                                              "month's end to the month's end (tenure if none)"),
    "tickets_month": (TICKETS, 0, "tickets opened in the month, counted"),
    "tickets_3m": (TICKETS, 2, "tickets opened in the month and the two before, counted"),
    "failed_payments_month": (INVOICES, 0, "invoices of the month with status 'failed', counted "
                                           "by the billing SQL"),
    "failed_payments_3m": (INVOICES, 2, "failed invoices of the month and the two before"),
    "contract": (CRM, "row", "spelling mapped to monthly / annual / two_year "
                             "(clean.canonical_category)"),
    "plan": (CRM, "row", "spelling mapped to basic / standard / premium"),
    "payment_method": (CRM, "row", "spelling mapped to a method; blank -> 'unknown'"),
    "region": (CRM, "row", "spelling mapped to a region; blank -> 'unknown'"),
    features.LABEL: (CRM, "row", "1 when cancel_date falls in the month after the snapshot"),
}


def _months(month: str, back) -> list[str] | None:
    if back is None or back == "row":
        return None
    return [features.shift_month(month, -k) for k in range(back + 1)]


@dataclass
class Lineage:
    """Where one snapshot row came from (see the module docstring)."""

    customer_key: str
    snapshot_month: str
    customer_id: str
    features: pd.DataFrame  # feature, value, source, rows, step
    rows: dict = field(repr=False, default_factory=dict)  # source -> its raw rows, as delivered
    billing_sql: str = ingest.MONTHLY_BILLING_SQL

    def sources_of(self, feature: str) -> pd.DataFrame:
        """The raw rows behind ``feature`` (with the file's own ids and row numbers)."""
        if feature not in STEPS:
            raise KeyError(f"no lineage for {feature!r}; traced features: {', '.join(STEPS)}")
        source, back, _ = STEPS[feature]
        table = self.rows[source]
        months = _months(self.snapshot_month, back)
        if source == CRM:
            return table
        if months is not None:
            return table[table["month"].isin(months)]
        return table[table["month"] <= self.snapshot_month]


def customer_id_for(crm: pd.DataFrame, customer_key: str, secret: str | None = None) -> str:
    """The CRM id behind a pseudonymised key; KeyError if no customer has it."""
    ids = pd.Series(crm["customer_id"].unique())
    found = ids[pseudonymise(ids, secret).to_numpy() == customer_key]
    if found.empty:
        raise KeyError(f"no customer has the key {customer_key!r} (another seed, or another "
                       "pseudonymisation secret?)")
    return str(found.iloc[0])


def _crm_rows(data_dir: Path, batches) -> pd.DataFrame:
    parts = []
    for batch in batches:
        raw = ingest.read_crm(data_dir / batch / FILES[CRM])
        parts.append(raw.assign(export=batch, file_row=np.arange(len(raw))))
    return pd.concat(parts, ignore_index=True)


def _invoice_rows(data_dir: Path, batches, customer_id: str) -> pd.DataFrame:
    parts = []
    for batch in batches:
        path = data_dir / batch / FILES[INVOICES]
        with sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True) as con:
            parts.append(pd.read_sql_query("SELECT * FROM invoices WHERE customer_id = ? "
                                           "ORDER BY period, invoice_id", con, params=(customer_id,)))
        con.close()
    return pd.concat(parts, ignore_index=True).assign(month=lambda t: t["period"])


def billing_from(invoices: pd.DataFrame, sql: str) -> pd.DataFrame:
    """Run a billing query on these invoice rows only (an in-memory copy of the table)."""
    con = sqlite3.connect(":memory:")
    try:
        columns = [c for c in invoices.columns if c != "month"]
        invoices[columns].to_sql("invoices", con, index=False)
        return pd.read_sql_query(sql, con)
    finally:
        con.close()


def _event_rows(data_dir: Path, batches, customer_id: str) -> pd.DataFrame:
    parts = []
    for batch in batches:
        events = ingest.read_events(data_dir / batch / FILES[EVENTS])
        rows = np.flatnonzero(events["customer_id"].to_numpy() == customer_id)
        parts.append(events.iloc[rows].assign(export=batch, file_row=rows))
    out = pd.concat(parts, ignore_index=True)
    kept = ~out.duplicated("event_id") & (out["seconds"] >= 0)
    return out.assign(month=features.month_of(out["ts"]), kept=kept)


def _ticket_rows(data_dir: Path, batches, customer_id: str) -> pd.DataFrame:
    parts = [ingest.read_tickets(data_dir / b / FILES[TICKETS]) for b in batches]
    out = pd.concat(parts, ignore_index=True)
    out = out[out["customer_id"] == customer_id].reset_index(drop=True)
    return out.assign(month=features.month_of(out["opened_at"]))


def _describe(source: str, rows: pd.DataFrame) -> str:
    """'invoice_id 812, 3907' / 'CRM file rows 17' / 'no rows': the ids of the rows used."""
    if rows.empty:
        return "no rows"
    if source == CRM:
        return "CRM file rows " + ", ".join(f"{r}" for r in rows["file_row"])
    column = {INVOICES: "invoice_id", EVENTS: "event_id", TICKETS: "ticket_id"}[source]
    ids = [str(v) for v in rows[column]]
    return f"{column} " + (", ".join(ids) if len(ids) <= 6 else
                           ", ".join(ids[:5]) + f" ... ({len(ids)} rows)")


def trace(data_dir: str | Path, customer_key: str, snapshot_month: str, *,
          billing_sql: str = ingest.MONTHLY_BILLING_SQL, secret: str | None = None,
          batches=("history",)) -> Lineage:
    """The lineage of the snapshot row ``(customer_key, snapshot_month)``.

    ``batches`` are the exports to read (add ``"next_quarter"`` for a 2026 snapshot or a
    label that needs it); ``billing_sql`` is the billing query the traced pipeline ran.
    """
    data_dir = Path(data_dir)
    crm_all = _crm_rows(data_dir, batches)
    customer_id = customer_id_for(crm_all, customer_key, secret)
    crm = crm_all[crm_all["customer_id"] == customer_id].reset_index(drop=True)
    invoices = _invoice_rows(data_dir, batches, customer_id)
    events = _event_rows(data_dir, batches, customer_id)
    tickets = _ticket_rows(data_dir, batches, customer_id)

    clean_crm = clean.clean_crm(crm.drop(columns="file_row"), unknown="keep")
    kept = events[events["kept"]].drop(columns=["export", "file_row", "month", "kept"])
    row = features.snapshot(clean_crm, billing_from(invoices, billing_sql),
                            features.monthly_usage(kept), features.monthly_tickets(tickets),
                            snapshot_month, secret=secret)
    if row.empty:
        raise KeyError(f"customer {customer_key!r} has no snapshot in {snapshot_month}: not a "
                       "customer at the end of that month")
    rows = {CRM: crm, INVOICES: invoices, EVENTS: events, TICKETS: tickets}
    trail = Lineage(customer_key, snapshot_month, customer_id, pd.DataFrame(), rows, billing_sql)
    table = []
    for name, (source, _, step) in STEPS.items():
        used = trail.sources_of(name)
        if source == EVENTS:
            used = used[used["kept"]]
        table.append({"feature": name, "value": row.at[0, name], "source": FILES[source],
                      "rows": _describe(source, used), "step": step})
    trail.features = pd.DataFrame(table)
    return trail
