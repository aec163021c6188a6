"""Fix each documented defect of the raw sources, one small function per defect kind.

The rules are the ones the answer key's ``fix`` fields describe. A value the rules do
not know (a new contract spelling, a new date format) raises ``UnknownValue`` instead of
being guessed: the pipeline fails closed and a person looks at it.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from dsroles.churn import params as P

DATE_FORMATS = (
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "%Y-%m-%d"),
    (re.compile(r"^\d{2}/\d{2}/\d{4}$"), "%d/%m/%Y"),  # day first: the shop system
    (re.compile(r"^\d{8}$"), "%Y%m%d"),  # the partner feed
)

CONTRACT_SYNONYMS = {
    "monthly": "monthly", "month_to_month": "monthly",
    "annual": "annual", "yearly": "annual", "12_months": "annual",
    "two_year": "two_year", "2_year": "two_year",
}
PAYMENT_SYNONYMS = {
    "card": "card", "credit_card": "card",
    "direct_debit": "direct_debit", "dd": "direct_debit",
    "paypal": "paypal", "invoice": "invoice",
}
UNKNOWN = "unknown"


class UnknownValue(ValueError):
    """A value no cleaning rule knows; the message lists examples and where to add a rule."""


def _key(text: pd.Series) -> pd.Series:
    return text.str.strip().str.lower().str.replace(r"[\s\-]+", "_", regex=True)


def parse_dates(text: pd.Series, *, column: str = "date") -> pd.Series:
    """Parse every known date format; empty text becomes NaT; anything else raises."""
    text = text.fillna("").astype(str).str.strip()
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    known = text == ""
    for pattern, fmt in DATE_FORMATS:
        rows = text.str.match(pattern) & ~known
        out[rows] = pd.to_datetime(text[rows], format=fmt)
        known |= rows
    if not known.all():
        examples = ", ".join(repr(v) for v in text[~known].unique()[:3])
        raise UnknownValue(f"{column}: {(~known).sum()} values in no known date format "
                           f"(e.g. {examples}); add the format to clean.DATE_FORMATS.")
    return out


def canonical_category(text: pd.Series, synonyms: dict, *, column: str,
                       unknown: str = "raise") -> pd.Series:
    """Map spellings to canonical values; blank becomes 'unknown'.

    ``unknown="raise"`` (the default) fails on a spelling not in ``synonyms``;
    ``unknown="keep"`` keeps it as typed, for looking at a suspect batch.
    """
    key = _key(text.fillna("").astype(str))
    mapped = key.map(synonyms)
    blank = key == ""
    mapped[blank] = UNKNOWN
    new = mapped.isna()
    if new.any():
        if unknown == "raise":
            examples = ", ".join(repr(v) for v in text[new].unique()[:3])
            raise UnknownValue(f"{column}: {new.sum()} values with an unknown spelling "
                               f"(e.g. {examples}); map them in clean.py or fix the source.")
        mapped[new] = key[new]
    return mapped.astype(str)


def drop_duplicate_customers(crm: pd.DataFrame, *, keep: str = "first") -> pd.DataFrame:
    return crm.drop_duplicates("customer_id", keep=keep).reset_index(drop=True)


def age_at(birth: pd.Series, when: pd.Timestamp | str) -> pd.Series:
    """Age in whole years; outside the plausible range becomes missing."""
    age = (pd.Timestamp(when) - birth).dt.days / 365.25
    return age.where(age.between(P.MIN_AGE, P.MAX_AGE)).round(1)


def clean_crm(raw: pd.DataFrame, *, unknown: str = "raise") -> pd.DataFrame:
    """From the text CRM export to one typed row per customer.

    When several exports are stacked (``ingest.load_sources``), the latest export's
    row of a customer wins, since it carries the latest cancellation.
    """
    crm = raw.copy()
    if "export" in crm:
        crm = crm.iloc[::-1]  # the newest export first, so keep="first" keeps it
    crm = drop_duplicate_customers(crm)
    if "export" in crm:
        crm = crm.drop(columns="export").sort_values("customer_id", ignore_index=True)
    birth = parse_dates(crm["birth_date"], column="birth_date")
    plausible = age_at(birth, "2025-01-01").notna()
    return pd.DataFrame({
        "customer_id": crm["customer_id"].astype(str),
        "name": crm["name"].str.split().str.join(" "),
        "email": crm["email"].str.strip().str.lower(),
        "phone": crm["phone"].str.strip(),
        "birth_date": birth.where(plausible),
        "gender": crm["gender"].astype(str),
        "region": canonical_category(crm["region"], {r: r for r in P.REGIONS},
                                     column="region", unknown=unknown),
        "signup_date": parse_dates(crm["signup_date"], column="signup_date"),
        "contract": canonical_category(crm["contract"], CONTRACT_SYNONYMS,
                                       column="contract", unknown=unknown),
        "plan": canonical_category(crm["plan"], {p: p for p in P.PLANS},
                                   column="plan", unknown=unknown),
        "addons": pd.to_numeric(crm["addons"]).astype("int64"),
        "monthly_charges": pd.to_numeric(crm["monthly_charges"]).astype(float),
        "payment_method": canonical_category(crm["payment_method"], PAYMENT_SYNONYMS,
                                             column="payment_method", unknown=unknown),
        "marketing_consent": crm["marketing_consent"].str.strip().str.lower().eq("yes"),
        "cancel_date": parse_dates(crm["cancel_date"], column="cancel_date"),
        P.LEAKAGE_COLUMN: pd.to_numeric(crm[P.LEAKAGE_COLUMN].replace("", np.nan)).astype(float),
    })


def clean_events(events: pd.DataFrame) -> pd.DataFrame:
    """Drop replayed duplicates (same event_id) and impossible negative durations."""
    out = events.drop_duplicates("event_id")
    return out[out["seconds"] >= 0].reset_index(drop=True)
