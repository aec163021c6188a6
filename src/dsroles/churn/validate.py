"""pandera schemas at the pipeline boundary: clean data passes, every defect kind fails.

``check_batch`` validates the cleaned tables of a batch together and *fails closed*: it
raises ``BatchRejected`` with every failure listed, so a bad delivery never reaches a
model. The same schemas serve the data engineer's lessons and the tests.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from dsroles.churn import params as P
from dsroles.churn.clean import UNKNOWN
from dsroles.churn.features import LABEL

_ID = pa.Check.str_matches(r"^C\d{6}$")


def _in(values, *extra):
    return pa.Check.isin(list(values) + list(extra))


CRM_SCHEMA = pa.DataFrameSchema(
    {
        "customer_id": pa.Column(str, _ID, unique=True),
        "birth_date": pa.Column("datetime64[ns]", nullable=True, checks=pa.Check.le(
            pd.Timestamp("2025-01-01") - pd.DateOffset(years=P.MIN_AGE))),
        "signup_date": pa.Column("datetime64[ns]", pa.Check.le(pd.Timestamp("2026-03-31"))),
        "region": pa.Column(str, _in(P.REGIONS, UNKNOWN)),
        "contract": pa.Column(str, _in(P.CONTRACTS)),
        "plan": pa.Column(str, _in(P.PLANS)),
        "payment_method": pa.Column(str, _in(P.PAYMENT_METHODS, UNKNOWN)),
        "monthly_charges": pa.Column(float, pa.Check.in_range(P.MIN_CHARGE, P.MAX_CHARGE)),
        "addons": pa.Column(int, pa.Check.in_range(0, 3)),
        "cancel_date": pa.Column("datetime64[ns]", nullable=True),
        P.LEAKAGE_COLUMN: pa.Column(float, pa.Check.in_range(1, 5), nullable=True),
    },
    checks=pa.Check(lambda df: df["birth_date"].isna() | (df["birth_date"] > pd.Timestamp("1925-01-01")),
                    element_wise=False, error="age over 100: a placeholder birth date?"),
    name="crm",
)

BILLING_SCHEMA = pa.DataFrameSchema(
    {
        "customer_id": pa.Column(str, _ID),
        "month": pa.Column(str, pa.Check.str_matches(r"^\d{4}-\d{2}$")),
        "amount_billed": pa.Column(float, pa.Check.in_range(P.MIN_CHARGE, P.MAX_CHARGE)),
        "failed_payments": pa.Column(int, pa.Check.ge(0)),
    },
    unique=["customer_id", "month"],
    name="billing",
)

EVENTS_SCHEMA = pa.DataFrameSchema(
    {
        "event_id": pa.Column(int, unique=True),
        "customer_id": pa.Column(str, _ID),
        "session_id": pa.Column(int),
        "ts": pa.Column("datetime64[ns]"),
        "device": pa.Column(str, _in(P.DEVICES)),
        "seconds": pa.Column(int, pa.Check.in_range(0, P.MAX_SESSION_MINUTES * 60)),
    },
    name="usage_events",
)

_PII_FREE = pa.Check(lambda df: not any(c in P.PII_COLUMNS for c in df.columns),
                     error="personal data column in the feature table")

SNAPSHOT_SCHEMA = pa.DataFrameSchema(
    {
        "customer_key": pa.Column(str, pa.Check.str_matches(r"^K[0-9a-f]{16}$")),
        "snapshot_month": pa.Column(str, pa.Check.str_matches(r"^\d{4}-\d{2}$")),
        "tenure_months": pa.Column(float, pa.Check.ge(0)),
        "monthly_charges": pa.Column(float, pa.Check.in_range(P.MIN_CHARGE, P.MAX_CHARGE)),
        "sessions": pa.Column(int, pa.Check.ge(0)),
        "minutes": pa.Column(float, pa.Check.ge(0)),
        "usage_trend": pa.Column(float, pa.Check.gt(0)),
        "tickets_month": pa.Column(int, pa.Check.ge(0)),
        "failed_payments_month": pa.Column(int, pa.Check.ge(0)),
        "contract": pa.Column(str, _in(P.CONTRACTS)),
        "plan": pa.Column(str, _in(P.PLANS)),
        "payment_method": pa.Column(str, _in(P.PAYMENT_METHODS, UNKNOWN)),
        "region": pa.Column(str, _in(P.REGIONS, UNKNOWN)),
        LABEL: pa.Column(int, pa.Check.isin([0, 1])),
    },
    checks=_PII_FREE,
    unique=["customer_key", "snapshot_month"],
    name="snapshots",
)

SCHEMAS = {"crm": CRM_SCHEMA, "billing": BILLING_SCHEMA, "events": EVENTS_SCHEMA,
           "snapshots": SNAPSHOT_SCHEMA}


class BatchRejected(Exception):
    """The batch failed validation; ``failures`` holds one row per failed check and value."""

    def __init__(self, failures: pd.DataFrame):
        self.failures = failures
        lines = [f"  {r.table}.{r.column}: {r.check} ({r.count} failing values, e.g. {r.example})"
                 for r in failures.itertuples()]
        super().__init__("the batch was rejected; nothing was passed on:\n" + "\n".join(lines))


def _plain(value) -> str:
    return repr(value.item() if hasattr(value, "item") else value)


def _summarise(table: str, err: SchemaErrors) -> pd.DataFrame:
    cases = err.failure_cases
    cases = cases.assign(column=cases["column"].fillna("(table)").astype(str),
                         check=cases["check"].astype(str))
    return (cases.groupby(["column", "check"], sort=False)
            .agg(count=("failure_case", "size"),
                 example=("failure_case", lambda s: _plain(s.iloc[0])))
            .reset_index().assign(table=table))


def failures(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Validate each named table with its schema; return every failure (empty if none)."""
    found = []
    for name, df in tables.items():
        try:
            SCHEMAS[name].validate(df, lazy=True)
        except SchemaErrors as err:
            found.append(_summarise(name, err))
    if not found:
        return pd.DataFrame(columns=["table", "column", "check", "count", "example"])
    return pd.concat(found, ignore_index=True)[["table", "column", "check", "count", "example"]]


def check_batch(tables: dict[str, pd.DataFrame]) -> None:
    """Fail closed: raise ``BatchRejected`` if any table breaks its schema."""
    found = failures(tables)
    if len(found):
        raise BatchRejected(found)
