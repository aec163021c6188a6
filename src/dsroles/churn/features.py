"""Monthly snapshots: one row per customer active at the end of a month, with the label.

A snapshot at the end of month *m* may only use what was known then: usage events and
tickets before the month ended, invoices up to month *m*, the customer's static
attributes. The label ``churned`` is 1 when the customer cancels during month *m + 1*.
Because the same customers appear month after month, model evaluation must split by
time (see ``train.time_split``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dsroles.churn import params as P
from dsroles.churn.clean import age_at
from dsroles.churn.pii import pseudonymise

KEY = ["customer_key", "snapshot_month"]
NUMERIC = ["tenure_months", "monthly_charges", "addons", "sessions", "minutes", "usage_trend",
           "days_since_last_session", "tickets_month", "tickets_3m", "failed_payments_month",
           "failed_payments_3m"]
CATEGORICAL = ["contract", "plan", "payment_method", "region"]
MODEL_FEATURES = NUMERIC + CATEGORICAL
# Kept in the table for fairness checks and for the leakage lesson, never as model input:
PROTECTED = ["gender", "age"]
LABEL = "churned"


def month_of(ts: pd.Series) -> pd.Series:
    return ts.dt.strftime("%Y-%m")


def month_end(month: str) -> pd.Timestamp:
    return pd.Timestamp(f"{month}-01") + pd.offsets.MonthBegin(1)


def shift_month(month: str, k: int) -> str:
    return (pd.Period(month, freq="M") + k).strftime("%Y-%m")


def monthly_usage(events: pd.DataFrame) -> pd.DataFrame:
    """Sessions, minutes watched and the last event per customer and month."""
    grouped = events.assign(month=month_of(events["ts"])).groupby(["customer_id", "month"])
    return grouped.agg(sessions=("session_id", "nunique"), seconds=("seconds", "sum"),
                       last_seen=("ts", "max")).reset_index()


def monthly_tickets(tickets: pd.DataFrame) -> pd.DataFrame:
    return (tickets.assign(month=month_of(tickets["opened_at"]))
            .groupby(["customer_id", "month"]).size().rename("tickets").reset_index())


def _window(table: pd.DataFrame, month: str, column: str, months: int) -> pd.Series:
    """Sum of ``column`` per customer over ``month`` and the months before it."""
    wanted = [shift_month(month, -k) for k in range(months)]
    return table[table["month"].isin(wanted)].groupby("customer_id")[column].sum()


def _in_month(table: pd.DataFrame, month: str, column: str) -> pd.Series:
    return table[table["month"] == month].set_index("customer_id")[column]


def snapshot(crm: pd.DataFrame, billing: pd.DataFrame, usage: pd.DataFrame,
             tickets: pd.DataFrame, month: str, *, secret: str | None = None) -> pd.DataFrame:
    """The point-in-time snapshot at the end of ``month`` (label included when known)."""
    end = month_end(month)
    active = crm[(crm["signup_date"] < end) & (crm["cancel_date"].isna() | (crm["cancel_date"] >= end))]
    c = active.set_index("customer_id")
    ids = c.index
    sessions = _in_month(usage, month, "sessions").reindex(ids, fill_value=0)
    prev = (_window(usage, shift_month(month, -1), "sessions", 2).reindex(ids, fill_value=0) / 2.0)
    seen = usage[usage["month"] <= month].groupby("customer_id")["last_seen"].max().reindex(ids)
    tenure_days = (end - c["signup_date"]).dt.days
    out = pd.DataFrame({
        "customer_key": pseudonymise(pd.Series(ids, index=ids), secret),
        "snapshot_month": month,
        "tenure_months": (tenure_days / 30.4375).round(2),
        "monthly_charges": _in_month(billing, month, "amount_billed").reindex(ids),
        "addons": c["addons"],
        "sessions": sessions.astype("int64"),
        "minutes": (_in_month(usage, month, "seconds").reindex(ids, fill_value=0) / 60).round(1),
        "usage_trend": ((sessions + 1) / (prev + 1)).round(3),
        "days_since_last_session": (end - seen).dt.days.fillna(tenure_days).astype(float),
        "tickets_month": _in_month(tickets, month, "tickets").reindex(ids, fill_value=0),
        "tickets_3m": _window(tickets, month, "tickets", 3).reindex(ids, fill_value=0),
        "failed_payments_month": _in_month(billing, month, "failed_payments").reindex(ids, fill_value=0),
        "failed_payments_3m": _window(billing, month, "failed_payments", 3).reindex(ids, fill_value=0),
        "contract": c["contract"],
        "plan": c["plan"],
        "payment_method": c["payment_method"],
        "region": c["region"],
        "gender": c["gender"],
        "age": age_at(c["birth_date"], end),
        "marketing_consent": c["marketing_consent"],
        P.LEAKAGE_COLUMN: c[P.LEAKAGE_COLUMN],
    })
    next_end = month_end(shift_month(month, 1))
    out[LABEL] = (c["cancel_date"] < next_end).astype("int64")
    return out.reset_index(drop=True)


def build_snapshots(crm: pd.DataFrame, billing: pd.DataFrame, events: pd.DataFrame,
                    tickets: pd.DataFrame, months, *, secret: str | None = None) -> pd.DataFrame:
    """Snapshots for every month in ``months``, stacked, keyed by (customer_key, snapshot_month).

    ``crm`` is the cleaned CRM, ``billing`` the monthly SQL aggregate, ``events`` the cleaned
    usage events and ``tickets`` the raw tickets.
    """
    usage = monthly_usage(events)
    ticket_counts = monthly_tickets(tickets)
    frames = [snapshot(crm, billing, usage, ticket_counts, m, secret=secret) for m in months]
    out = pd.concat(frames, ignore_index=True)
    for column in ("tickets_month", "tickets_3m", "failed_payments_month", "failed_payments_3m",
                   "addons"):
        out[column] = out[column].astype("int64")
    return out


def labelled_months(last_export_month: str, first: str = "2025-03") -> list[str]:
    """Months whose next month is fully covered by an export ending in ``last_export_month``.

    Snapshots start in March 2025: January and February serve as the usage history
    that the first trend needs.
    """
    months = []
    m = first
    while shift_month(m, 1) <= last_export_month:
        months.append(m)
        m = shift_month(m, 1)
    return months


def snapshot_arrays(df: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """The model inputs and the label of a snapshot table."""
    return df[MODEL_FEATURES], df[LABEL].to_numpy()
