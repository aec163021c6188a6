"""Features of one customer at serving time, computed from that customer's own records.

The batch pipeline (``features.build_snapshots``) computes every customer's features at once,
from whole tables. A service that scores one customer on request cannot: it gets that
customer's CRM record, their viewing sessions, tickets and bills, and nothing else.
``online_features`` computes the *same* features from those records, the same way; the two
paths must agree to the last digit, or the model is served inputs it was never trained on
(training-serving skew).

    tables = pipeline.feature_table(folder)
    rec = records_of(tables, "C100080")
    online_features(*rec, "2025-11")    # rec.customer, rec.events, rec.tickets, rec.billing

``serving_table(tables, month, customer_ids)`` runs a serving function for many customers
and returns the rows keyed as the snapshot table is, ready to compare with it.
"""

from __future__ import annotations

from typing import Callable, Mapping, NamedTuple

import numpy as np
import pandas as pd

from dsroles.churn.features import MODEL_FEATURES, month_end, shift_month

DAYS_PER_MONTH = 30.4375  # the average month: 365.25 / 12


class Records(NamedTuple):
    """One customer's records: the cleaned CRM row, and their events, tickets and bills.

    A tuple in ``online_features``'s order: ``online_features(*records, month)``.
    """

    customer: Mapping
    events: pd.DataFrame  # ts, session_id, seconds
    tickets: pd.DataFrame  # opened_at
    billing: pd.DataFrame  # month, amount_billed, failed_payments


def _in(times: np.ndarray, months) -> np.ndarray:
    """Which of ``times`` (datetime64) fall in one of ``months``."""
    inside = np.zeros(len(times), dtype=bool)
    for month in months:
        start, end = np.datetime64(f"{month}-01"), np.datetime64(month_end(month))
        inside |= (times >= start) & (times < end)
    return inside


def _sessions_in(ts: np.ndarray, session_ids: np.ndarray, months) -> int:
    """Viewing sessions in ``months``, counted month by month as the batch pipeline does."""
    return sum(len(np.unique(session_ids[_in(ts, [m])])) for m in months)


def _billed(billing: pd.DataFrame, months, column: str) -> np.ndarray:
    return billing[column].to_numpy()[np.isin(billing["month"].to_numpy(), list(months))]


def online_features(customer: Mapping, events: pd.DataFrame, tickets: pd.DataFrame,
                    billing: pd.DataFrame, month: str) -> dict:
    """The model features of one customer at the end of ``month``, from their records only.

    ``events`` (``ts``, ``session_id``, ``seconds``), ``tickets`` (``opened_at``) and
    ``billing`` (``month``, ``amount_billed``, ``failed_payments``) hold this customer's rows
    only. Nothing after the end of ``month`` is used, whatever the records hold.
    """
    end = month_end(month)
    last_three = [shift_month(month, -k) for k in range(3)]
    ts = events["ts"].to_numpy(dtype="datetime64[ns]")
    ids = events["session_id"].to_numpy()
    opened = tickets["opened_at"].to_numpy(dtype="datetime64[ns]")
    tenure_days = (end - pd.Timestamp(customer["signup_date"])).days
    sessions = _sessions_in(ts, ids, [month])
    before = _sessions_in(ts, ids, [shift_month(month, -1), shift_month(month, -2)]) / 2.0
    seconds = events["seconds"].to_numpy()[_in(ts, [month])].sum()
    seen = ts[ts < np.datetime64(end)]
    days_since = float((end - pd.Timestamp(seen.max())).days) if len(seen) else float(tenure_days)
    charges = _billed(billing, [month], "amount_billed")
    return {
        "tenure_months": float(np.round(tenure_days / DAYS_PER_MONTH, 2)),
        "monthly_charges": float(charges[0]) if len(charges) else float("nan"),
        "addons": int(customer["addons"]),
        "sessions": int(sessions),
        "minutes": float(np.round(seconds / 60, 1)),
        "usage_trend": float(np.round((sessions + 1) / (before + 1), 3)),
        "days_since_last_session": days_since,
        "tickets_month": int(_in(opened, [month]).sum()),
        "tickets_3m": int(_in(opened, last_three).sum()),
        "failed_payments_month": int(_billed(billing, [month], "failed_payments").sum()),
        "failed_payments_3m": int(_billed(billing, last_three, "failed_payments").sum()),
        "contract": str(customer["contract"]),
        "plan": str(customer["plan"]),
        "payment_method": str(customer["payment_method"]),
        "region": str(customer["region"]),
    }


class RecordStore:
    """Every customer's records, split once, so that looking one up is cheap."""

    def __init__(self, tables):
        self.crm = tables.crm.set_index("customer_id", drop=False)
        self._events = dict(tuple(tables.events[["customer_id", "ts", "session_id", "seconds"]]
                                  .groupby("customer_id")))
        self._tickets = dict(tuple(tables.tickets[["customer_id", "opened_at"]].groupby("customer_id")))
        self._billing = dict(tuple(tables.billing[["customer_id", "month", "amount_billed",
                                                   "failed_payments"]].groupby("customer_id")))
        self._empty = {"events": tables.events.iloc[:0], "tickets": tables.tickets.iloc[:0],
                       "billing": tables.billing.iloc[:0]}

    def __call__(self, customer_id: str) -> Records:
        return Records(self.crm.loc[customer_id].to_dict(),
                       self._events.get(customer_id, self._empty["events"]),
                       self._tickets.get(customer_id, self._empty["tickets"]),
                       self._billing.get(customer_id, self._empty["billing"]))


def records_of(tables, customer_id: str) -> Records:
    """One customer's records from the clean tables of ``pipeline.feature_table``."""
    return RecordStore(tables)(customer_id)


def active_customers(tables, month: str) -> list[str]:
    """The ids of the customers active at the end of ``month`` (those the snapshot holds)."""
    crm, end = tables.crm, month_end(month)
    active = (crm["signup_date"] < end) & (crm["cancel_date"].isna() | (crm["cancel_date"] >= end))
    return sorted(crm.loc[active, "customer_id"])


def serving_table(tables, month: str, customer_ids=None,
                  features_fn: Callable = online_features, *,
                  store: RecordStore | None = None) -> pd.DataFrame:
    """``features_fn`` run for each customer, keyed like the snapshot table.

    The rows carry ``customer_key`` (the pseudonymised id) and ``snapshot_month``, then the
    model features, in the order of ``customer_ids`` (every active customer when None).
    ``store`` (a ``RecordStore`` of the same tables) saves splitting the tables again.
    """
    from dsroles.churn.pii import pseudonymise

    ids = active_customers(tables, month) if customer_ids is None else list(customer_ids)
    store = store or RecordStore(tables)
    rows = []
    for cid in ids:
        rows.append(features_fn(*store(cid), month))
    out = pd.DataFrame(rows, columns=MODEL_FEATURES)
    out.insert(0, "snapshot_month", month)
    out.insert(0, "customer_key", pseudonymise(pd.Series(ids, dtype=str)).to_numpy())
    return out
