"""Realistic defects injected into the history export, each recorded in an answer key.

Every defect is a small function that takes the clean export table and a random
generator, changes some rows, and returns the changed table and one ``Defect`` record
naming exactly the rows (or keys) it touched. ``DEFECTS`` lists them in the order they
are applied; the answer key the generator writes is the list of their records.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from dsroles.churn import params as P

CRM = "history/crm_customers.csv"
BILLING = "history/billing.sqlite"
EVENTS = "history/usage_events.parquet"

# Variant spellings seen in the CRM (the clean data uses the keys).
CONTRACT_SPELLINGS = {
    "monthly": ["Monthly", "month-to-month", "MONTHLY"],
    "annual": ["Annual", "yearly", "12 months"],
    "two_year": ["Two Year", "2 year", "two-year"],
}
PAYMENT_SPELLINGS = {
    "card": ["Card", "credit card"],
    "direct_debit": ["Direct Debit", "DD"],
    "paypal": ["PayPal"],
    "invoice": ["Invoice"],
}
PLACEHOLDER_BIRTH_DATE = "1900-01-01"  # what the old sign-up form stored when left blank


@dataclass
class Defect:
    """One kind of defect and exactly where it is."""

    id: str
    defect: str
    source: str
    column: str
    description: str
    fix: str
    rows: list[int]  # 0-based data rows of the file (CSV data rows, Parquet rows)
    keys: list  # the identifiers of the touched records (customer, invoice or event ids)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["count"] = len(self.rows) if self.rows else len(self.keys)
        return d


def _pick(rng, n, share):
    k = max(1, int(round(n * share)))
    return np.sort(rng.choice(n, size=k, replace=False))


def mixed_date_formats(crm: pd.DataFrame, rng) -> tuple[pd.DataFrame, Defect]:
    dates = pd.to_datetime(crm["signup_date"])
    picked = _pick(rng, len(crm), 0.18)
    day_first = picked[: len(picked) * 2 // 3]
    compact = picked[len(picked) * 2 // 3:]
    crm.loc[day_first, "signup_date"] = dates[day_first].dt.strftime("%d/%m/%Y")
    crm.loc[compact, "signup_date"] = dates[compact].dt.strftime("%Y%m%d")
    return crm, Defect(
        "D2", "mixed_date_format", CRM, "signup_date",
        "Most sign-up dates are ISO (YYYY-MM-DD); rows from the shop system are DD/MM/YYYY "
        "and rows from the partner feed are YYYYMMDD.",
        "Parse each known format explicitly (day first for the slashed one) into a datetime.",
        picked.tolist(), crm.loc[picked, "customer_id"].tolist())


def inconsistent_categories(crm: pd.DataFrame, rng) -> tuple[pd.DataFrame, Defect]:
    picked = []
    for column, spellings in (("contract", CONTRACT_SPELLINGS),
                              ("payment_method", PAYMENT_SPELLINGS)):
        present = np.flatnonzero(crm[column].to_numpy() != "")
        rows = np.sort(present[_pick(rng, len(present), 0.06)])
        for r in rows:
            variants = spellings[crm.at[r, column]]
            crm.at[r, column] = variants[rng.integers(0, len(variants))]
        picked.extend(rows.tolist())
    picked = sorted(set(picked))
    return crm, Defect(
        "D3", "inconsistent_category", CRM, "contract, payment_method",
        "Contract and payment method are typed by hand in places: 'Monthly', "
        "'month-to-month', 'Two Year', 'Direct Debit', ...",
        "Map every spelling to the canonical values " + ", ".join(P.CONTRACTS) + " and "
        + ", ".join(P.PAYMENT_METHODS) + "; fail loudly on a spelling you have not seen.",
        picked, crm.loc[picked, "customer_id"].tolist())


def placeholder_birth_dates(crm: pd.DataFrame, rng) -> tuple[pd.DataFrame, Defect]:
    rows = _pick(rng, len(crm), 0.01)
    crm.loc[rows, "birth_date"] = PLACEHOLDER_BIRTH_DATE
    return crm, Defect(
        "D4", "impossible_value", CRM, "birth_date",
        f"Birth date {PLACEHOLDER_BIRTH_DATE} (an age over 120): the old form's default "
        "when the field was left blank.",
        f"Treat ages outside {P.MIN_AGE}-{P.MAX_AGE} as missing.",
        rows.tolist(), crm.loc[rows, "customer_id"].tolist())


def missing_values(crm: pd.DataFrame, rng) -> tuple[pd.DataFrame, Defect]:
    region = _pick(rng, len(crm), 0.03)
    payment = _pick(rng, len(crm), 0.02)
    crm.loc[region, "region"] = ""
    crm.loc[payment, "payment_method"] = ""
    rows = sorted(set(region.tolist()) | set(payment.tolist()))
    return crm, Defect(
        "D5", "missing_value", CRM, "region, payment_method",
        "Region and payment method are blank for some customers.",
        "Keep the customer; record the value as the category 'unknown'.",
        rows, crm.loc[rows, "customer_id"].tolist())


def duplicate_customers(crm: pd.DataFrame, rng) -> tuple[pd.DataFrame, Defect]:
    """Applied last to the CRM: the copies shift row numbers, so the key is taken after."""
    rows = _pick(rng, len(crm), 0.025)
    copies = crm.loc[rows].copy()
    copies["email"] = copies["email"].str.upper()
    copies["name"] = copies["name"].str.replace(" ", "  ", n=1)
    copies["_copy"] = 1
    out = pd.concat([crm.assign(_copy=0), copies], ignore_index=True)
    out = out.sort_values(["customer_id", "_copy"], kind="stable", ignore_index=True)
    dup_rows = np.flatnonzero(out["_copy"].to_numpy() == 1)
    return out.drop(columns="_copy"), Defect(
        "D1", "duplicate_customer", CRM, "customer_id",
        "Some customers appear twice: the second row comes from a re-import with the e-mail "
        "in capitals and an extra space in the name.",
        "Keep one row per customer_id (the first).",
        dup_rows.tolist(), out.loc[dup_rows, "customer_id"].tolist())


def legacy_cents(invoices: pd.DataFrame, rng) -> tuple[pd.DataFrame, Defect]:
    customers = invoices["customer_id"].unique()
    legacy = set(customers[_pick(rng, len(customers), 0.05)])
    mask = invoices["customer_id"].isin(legacy).to_numpy()
    invoices.loc[mask, "amount"] = np.round(invoices.loc[mask, "amount"] * 100).astype(float)
    invoices.loc[mask, "source_system"] = "legacy"
    rows = np.flatnonzero(mask)
    return invoices, Defect(
        "D6", "amount_in_cents", BILLING, "invoices.amount",
        "Invoices of customers still on the legacy billing system (source_system = 'legacy') "
        "store the amount in pence, not pounds.",
        "Divide legacy amounts by 100 (in SQL, before aggregating).",
        [], invoices.loc[rows, "invoice_id"].tolist())


def negative_durations(events: pd.DataFrame, rng) -> tuple[pd.DataFrame, Defect]:
    rows = _pick(rng, len(events), 0.002)
    events.loc[rows, "seconds"] = -events.loc[rows, "seconds"]
    return events, Defect(
        "D7", "impossible_value", EVENTS, "seconds",
        "A player bug logged some viewing durations as negative numbers.",
        "Drop events with a negative duration.",
        rows.tolist(), events.loc[rows, "event_id"].tolist())


def replayed_events(events: pd.DataFrame, rng) -> tuple[pd.DataFrame, Defect]:
    rows = _pick(rng, len(events), 0.003)
    out = pd.concat([events.assign(_copy=0), events.loc[rows].assign(_copy=1)], ignore_index=True)
    out = out.sort_values(["ts", "event_id", "_copy"], kind="stable", ignore_index=True)
    dup = np.flatnonzero(out["_copy"].to_numpy() == 1)
    return out.drop(columns="_copy"), Defect(
        "D8", "duplicate_event", EVENTS, "event_id",
        "A collector replayed part of its buffer: some events appear twice with the same event_id.",
        "Keep one row per event_id.",
        dup.tolist(), out.loc[dup, "event_id"].tolist())


# Order matters: categories are varied only where a value is present, and the
# duplicates come last so that a copy repeats whatever defects its original has.
CRM_DEFECTS = (mixed_date_formats, placeholder_birth_dates, missing_values,
               inconsistent_categories, duplicate_customers)
BILLING_DEFECTS = (legacy_cents,)
EVENT_DEFECTS = (negative_durations, replayed_events)


def inject(table: pd.DataFrame, defects, rng, key: str) -> tuple[pd.DataFrame, list[Defect]]:
    """Apply each defect function in turn; return the defective table and the records.

    A later defect may add or reorder rows (duplicates), so every record's rows are
    followed through to the final table: a copy of a defective row carries the defect
    too and is listed with it. ``key`` names the identifier column the keys come from.
    """
    table = table.reset_index(drop=True).assign(_rid=lambda t: np.arange(len(t)))
    produced = []
    for defect in defects:
        table, record = defect(table, rng)
        produced.append((record, table["_rid"].to_numpy().copy()))
    final_rid = table["_rid"].to_numpy()
    records = []
    for record, rid_then in produced:
        if record.rows and not np.array_equal(rid_then, final_rid):
            wanted = set(rid_then[record.rows].tolist())
            record.rows = np.flatnonzero(np.isin(final_rid, list(wanted))).tolist()
        if record.rows:
            record.keys = table.loc[record.rows, key].tolist()
        records.append(record)
    return table.drop(columns="_rid"), records
