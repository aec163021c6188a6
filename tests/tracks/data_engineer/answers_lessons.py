"""Right and wrong answers to the data engineer lessons' exercises (``de.*``), for the
contract: the lesson's solution and the alternatives a learner writes, and the mistakes the
lessons warn about."""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import datetime

import numpy as np
import pandas as pd
import pandera.pandas as pa

from dsroles.churn import clean, features, ingest, pii, validate, volume
from dsroles.tracks.data_engineer import data, data_tests, ingest_clean, pipelines
from tracks.contract import Answers
from tracks.data_engineer.learner import POUNDS, to_utc

FORMATS = ((r"\d{4}-\d{2}-\d{2}", "%Y-%m-%d"), (r"\d{2}/\d{2}/\d{4}", "%d/%m/%Y"),
           (r"\d{8}", "%Y%m%d"))


def _entries(seed, add):
    import json

    key = json.loads((data.data_dir(seed) / "answer_key.json").read_text())["defects"]
    totals = pd.DataFrame(key).groupby("source")["count"].agg(add)
    return [int(totals[f"history/{f}"]) for f in
            ("crm_customers.csv", "billing.sqlite", "usage_events.parquet")]


def _billing(seed, sql=ingest.MONTHLY_BILLING_SQL):
    return ingest.query_billing(data.history(seed, "billing.sqlite"), sql)[data.BILLING_COLUMNS]


def _billing_in_pandas(seed):
    """Every invoice read, then grouped in pandas: keys left in the index."""
    invoices = ingest.query_billing(data.history(seed, "billing.sqlite"), f"""
        SELECT customer_id, period AS month, {POUNDS} AS amount_billed,
               status = 'failed' AS failed FROM invoices""")
    return invoices.groupby(["customer_id", "month"]).agg(
        amount_billed=("amount_billed", "sum"), failed_payments=("failed", "sum"))


def parse_date(text, month_first=False):
    text = text.strip()
    if not text:
        return None
    for pattern, fmt in FORMATS:
        if re.fullmatch(pattern, text):
            return datetime.strptime(text, fmt.replace("%d/%m", "%m/%d") if month_first else fmt)
    raise ValueError(f"unknown date format {text!r}")


def _never_raises(text):
    try:
        return parse_date(text)
    except ValueError:
        return None


def _events(seed, usage_scale=1):
    return ingest.read_events(data.data_dir(seed, usage_scale) / "history" / "usage_events.parquet")


def _hmac_keys(ids):
    return ids.map(
        lambda i: "K" + hmac.new(b"my-secret", i.encode(), hashlib.sha256).hexdigest()[:16])


def _safe(seed, **changes):
    t = data.tickets(seed)
    out = t.assign(customer_key=pii.pseudonymise(t["customer_id"]), text=pii.redact(t["text"]))
    return out.assign(**{k: v(t) for k, v in changes.items()})[
        ["ticket_id", "customer_key", "opened_at", "category", "text"]]


KEY = ["customer_id", "month"]


def _upsert_by_anti_join(store, batch):
    old = store.merge(batch[KEY], on=KEY, how="left", indicator=True)
    return pd.concat([old[old["_merge"] == "left_only"].drop(columns="_merge"), batch])


def _known_by_text(tickets, month):
    return tickets[features.month_of(tickets["opened_at"]) <= month].groupby("customer_id").size()


def _path(seed, usage_scale):
    return data.data_dir(seed, usage_scale) / "history" / "usage_events.parquet"


def _usage_sql(seed, usage_scale, month="strftime(ts, '%Y-%m')", source=None):
    import duckdb

    source = source or "(SELECT DISTINCT ON (event_id) * FROM read_parquet(?)) WHERE seconds >= 0"
    with duckdb.connect() as con:
        return con.execute(f"""SELECT customer_id, {month} AS month,
            count(DISTINCT session_id) AS sessions, sum(seconds) AS seconds
            FROM {source} GROUP BY ALL""", [str(_path(seed, usage_scale))]).df()


TYPES_ONLY = pa.DataFrameSchema({"customer_id": pa.Column(str), "month": pa.Column(str),
                                 "amount_billed": pa.Column(float, nullable=True),
                                 "failed_payments": pa.Column(int)})
MY_SCHEMA = pa.DataFrameSchema({
    "customer_id": pa.Column(str, pa.Check.str_matches(r"^C\d{6}$")),
    "month": pa.Column(str, pa.Check.str_matches(r"^\d{4}-\d{2}$")),
    "amount_billed": pa.Column(float, pa.Check.in_range(5, 60)),
    "failed_payments": pa.Column(int, pa.Check.ge(0))}, unique=["customer_id", "month"])


ANSWERS = {
    "de.defects_per_source": Answers(
        right=(lambda seed: _entries(seed, "sum"), lambda seed: tuple(_entries(seed, "sum")),
               lambda seed: np.array(_entries(seed, "sum"))),
        wrong={"reversed": lambda seed: _entries(seed, "sum")[::-1],
               "entries, not counts": lambda seed: _entries(seed, "size"),
               "two sources": lambda seed: _entries(seed, "sum")[:2]}),
    "de.access_owner": Answers(
        right=(lambda: "business owner", lambda: " Business Owner"),
        wrong={"data engineer": lambda: "data engineer",
               "data scientist": lambda: "data scientist"}),
    "de.monthly_billing": Answers(
        right=(_billing, _billing_in_pandas),
        wrong={"pence left in": lambda seed: _billing(seed, data_tests.PENCE_SQL),
               "per customer only": lambda seed: ingest.query_billing(
                   data.history(seed, "billing.sqlite"), "SELECT customer_id, SUM(amount) AS "
                   "amount_billed, SUM(status = 'failed') AS failed_payments FROM invoices "
                   "GROUP BY customer_id"),
               "every invoice counted as failed": lambda seed: _billing(seed, f"""
                   SELECT customer_id, period AS month, SUM({POUNDS}) AS amount_billed,
                          COUNT(*) AS failed_payments
                   FROM invoices GROUP BY customer_id, period""")}),
    "de.duplicate_customers": Answers(
        right=(lambda seed: int(data.crm_raw(seed)["customer_id"].duplicated().sum()),
               lambda seed: np.int64(data.crm_raw(seed)["customer_id"].duplicated().sum())),
        wrong={"whole rows": lambda seed: int(data.crm_raw(seed).duplicated().sum()),
               "every copy": lambda seed: int(data.crm_raw(seed)["customer_id"].duplicated(
                   keep=False).sum())}),
    "de.parse_date": Answers(
        right=(lambda: ingest_clean.reference_parse_date, lambda: parse_date),
        wrong={"month first": lambda: lambda t: parse_date(t, month_first=True),
               "never raises": lambda: _never_raises,
               "no parsing": lambda: lambda text: text.strip() or None}),
    "de.clean_events": Answers(
        right=(lambda seed: clean.clean_events(_events(seed)),
               lambda seed: _events(seed).query("seconds >= 0").drop_duplicates(
                   "event_id", keep="last")),
        wrong={"replays only": lambda seed: _events(seed).drop_duplicates("event_id"),
               "every copy dropped": lambda seed: _events(seed).drop_duplicates(
                   "event_id", keep=False).query("seconds >= 0")}),
    "de.billing_schema": Answers(
        right=(lambda: validate.BILLING_SCHEMA, lambda: MY_SCHEMA),
        wrong={"types only": lambda: TYPES_ONLY,
               "too strict": lambda: MY_SCHEMA.update_column(
                   "amount_billed", checks=pa.Check.in_range(5, 20)),
               "not a schema": lambda: {"amount_billed": "5-60"}}),
    "de.pseudonymise": Answers(
        right=(lambda: pii.pseudonymise, lambda: _hmac_keys),
        wrong={"order-dependent": lambda: lambda ids: pd.Series(
                   pd.factorize(ids)[0], index=ids.index).map(lambda i: f"K{i:06d}"),
               "plain sha256": lambda: lambda ids: ids.map(
                   lambda i: hashlib.sha256(i.encode()).hexdigest()[:16]),
               "the id kept": lambda: lambda ids: "K" + ids.str[1:]}),
    "de.safe_tickets": Answers(
        right=(lambda seed: _safe(seed),
               lambda seed: _safe(seed).astype({"category": "category"})),
        wrong={"raw text": lambda seed: _safe(seed, text=lambda t: t["text"]),
               "another secret": lambda seed: _safe(seed, customer_key=lambda t: pii.pseudonymise(
                   t["customer_id"], secret="another")),
               "customer_id kept": lambda seed: data.tickets(seed).assign(
                   text=pii.redact(data.tickets(seed)["text"]))}),
    "de.load_increment": Answers(
        right=(lambda: pipelines.reference_load_increment, lambda: _upsert_by_anti_join),
        wrong={"appends": lambda: lambda s, b: pd.concat([s, b], ignore_index=True),
               "whole-row duplicates": lambda: lambda s, b: pd.concat([s, b]).drop_duplicates(),
               "keeps the old row": lambda: lambda s, b: pd.concat([s, b]).drop_duplicates(
                   KEY, keep="first"),
               "batch only": lambda: lambda s, b: b}),
    "de.tickets_known_at": Answers(
        right=(lambda: pipelines.reference_tickets_known_at, lambda: _known_by_text),
        wrong={"every ticket": lambda: lambda t, m: t.groupby("customer_id").size(),
               "last day cut at midnight": lambda: lambda t, m: t[
                   t["opened_at"] <= pd.Timestamp(m) + pd.offsets.MonthEnd(0)]
               .groupby("customer_id").size(),
               "month numbers": lambda: lambda t, m: t[t["opened_at"].dt.month <= int(m[5:])]
               .groupby("customer_id").size(),
               "in UTC": lambda: lambda t, m: t[to_utc(t["opened_at"]).dt.strftime("%Y-%m") <= m]
               .groupby("customer_id").size()}),
    "de.usage_by_month": Answers(
        right=(lambda seed, usage_scale: volume.usage_duckdb(_path(seed, usage_scale)),
               lambda seed, usage_scale: volume.usage_pandas(_path(seed, usage_scale)),
               _usage_sql),
        wrong={"raw events": lambda seed, usage_scale: _usage_sql(
                   seed, usage_scale, source="read_parquet(?)"),
               "month in UTC": lambda seed, usage_scale: _usage_sql(
                   seed, usage_scale,
                   month="strftime(timezone('UTC', timezone('Europe/London', ts)), '%Y-%m')"),
               "one session too many": lambda seed, usage_scale: volume.usage_duckdb(
                   _path(seed, usage_scale)).assign(sessions=lambda d: d["sessions"] + 1)}),
}
