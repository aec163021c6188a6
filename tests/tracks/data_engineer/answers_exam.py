"""Right and wrong answers to the data engineer assessment (``de_exam.*``), for the contract.

Right answers include the alternatives a competent learner writes (pandas instead of SQL,
the last copy instead of the first, a category dtype, a key left in the index); wrong ones
include the mistakes issue 7 names (keep=False, a time-zone conversion before the month,
month numbers that ignore the year, a Parquet file read whole before DuckDB sees it).
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from dsroles.churn import features
from dsroles.tracks.data_engineer import references
from tracks.contract import Answers
from tracks.data_engineer import learner as L

GOOD_SCHEMA = pa.DataFrameSchema({
    "event_id": pa.Column(int, unique=True),
    "customer_id": pa.Column(str, pa.Check.str_matches(r"^C\d{6}$")),
    "session_id": pa.Column(int),
    "ts": pa.Column("datetime64[us]"),
    "device": pa.Column(str, pa.Check.isin(["tv", "mobile", "web"])),
    "seconds": pa.Column(int, pa.Check.in_range(0, 36_000)),
})
TYPES_ONLY = pa.DataFrameSchema({c: pa.Column(t) for c, t in [
    ("event_id", int), ("customer_id", str), ("session_id", int), ("ts", "datetime64[us]"),
    ("device", str), ("seconds", int)]})


class EventsModel(pa.DataFrameModel):
    """The same contract, written as a class."""

    event_id: int = pa.Field(unique=True)
    customer_id: str = pa.Field(str_matches=r"^C\d{6}$")
    session_id: int
    ts: pa.typing.DateTime = pa.Field(nullable=False)
    device: str = pa.Field(isin=["tv", "mobile", "web"])
    seconds: int = pa.Field(ge=0, le=600 * 60)


def upsert_by_anti_join(store, batch):
    kept = store[~store["ticket_id"].isin(batch["ticket_id"])]
    return pd.concat([kept, batch], ignore_index=True)


def last_seen_by_text(events, month):
    return events[features.month_of(events["ts"]) <= month].groupby("customer_id")["ts"].max()


def last_seen_by_period(events, month):
    known = events[events["ts"] <= pd.Period(month, freq="M").end_time]
    return known.groupby("customer_id")["ts"].max()


def last_seen_month_number(events, month):
    known = events[events["ts"].dt.month <= int(month[5:])]
    return known.groupby("customer_id")["ts"].max()


def last_seen_in_utc(events, month):
    utc = L.to_utc(events["ts"])
    known = events.assign(ts=utc)[utc < features.month_end(month).tz_localize("UTC")]
    return known.groupby("customer_id")["ts"].max()


def _reference_usage(seed):
    from dsroles.tracks.data_engineer import exam_data

    return references.device_usage_reference(exam_data.events_path(seed))


def _on_history(fn):
    """A device-usage table: ``fn`` run on the assessment's heartbeat log."""
    from dsroles.tracks.data_engineer import exam_data

    return lambda seed: fn(exam_data.events_path(seed))


ANSWERS = {
    "de_exam.month_billing": Answers(
        right=(L.month_billing, L.month_billing_pandas,
               lambda seed: L.month_billing(seed).astype({"status": "category"}),
               lambda seed: L.month_billing(seed, amount=f"ROUND({L.POUNDS}, 2)")),
        wrong={"pence left in": lambda seed: L.month_billing(seed, amount="amount"),
               "every month": lambda seed: L.month_billing(seed, where=""),
               "another month": lambda seed: L.month_billing(
                   seed, where="WHERE period = '2025-02'")}),
    "de_exam.customer_month": Answers(
        right=(L.customer_month, lambda seed: L.customer_month(seed, category=True),
               lambda seed: L.customer_month(seed, sessions_dtype="Int64"),
               lambda seed: L.customer_month(seed, sessions_dtype="int32").round(
                   {"amount_billed": 2}).set_index("customer_id")),
        wrong={"raw CRM": lambda seed: L.customer_month(seed, crm_table=L.crm(seed)),
               "inner join": lambda seed: L.customer_month(seed, how="inner"),
               "local time converted to UTC": lambda seed: L.customer_month(seed, utc=True),
               "pence left in": lambda seed: L.customer_month(seed, amount="amount"),
               "paid invoices only": lambda seed: L.customer_month(
                   seed, amount=f"CASE WHEN status = 'paid' THEN {L.POUNDS} ELSE 0 END"),
               "negative durations kept": lambda seed: L.customer_month(seed, negative=True),
               "sessions as float": lambda seed: L.customer_month(seed, sessions_dtype="float")}),
    "de_exam.crm_identity": Answers(
        right=(L.clean_crm, lambda seed: L.clean_crm(seed, keep="last"),
               lambda seed: L.clean_crm(seed, category=True),
               lambda seed: references.crm_reference(seed).astype(
                   {"signup_date": "datetime64[us]"}).set_index("customer_id")),
        wrong={"whole-row duplicates only": lambda seed: L.clean_crm(seed, keep="rows"),
               "keep neither copy": lambda seed: L.clean_crm(seed, keep=False),
               "dates guessed by pandas": lambda seed: L.clean_crm(seed, guess_dates=True),
               "dates left as text": lambda seed: L.clean_crm(seed, dates_as_text=True)}),
    "de_exam.crm_values": Answers(
        right=(L.clean_crm, lambda seed: L.clean_crm(seed, keep="last"),
               lambda seed: L.clean_crm(seed, category=True)),
        wrong={"lower case only": lambda seed: L.clean_crm(seed, lower_only=True),
               "placeholder kept": lambda seed: L.clean_crm(seed, placeholders=True),
               "age in 365-day years": lambda seed: L.clean_crm(seed, year_days=365),
               "blanks left blank": lambda seed: L.clean_crm(seed, blank="")}),
    "de_exam.schema_shown": Answers(
        right=(lambda seed: GOOD_SCHEMA, lambda seed: EventsModel),
        wrong={"types only": lambda seed: TYPES_ONLY, "not a schema": lambda seed: "seconds >= 0"}),
    "de_exam.schema_unseen": Answers(
        right=(lambda seed: GOOD_SCHEMA, lambda seed: EventsModel),
        wrong={"the shown defect only": lambda seed: TYPES_ONLY.update_column(
                   "seconds", checks=pa.Check.ge(0)),
               "too strict": lambda seed: GOOD_SCHEMA.update_column("customer_id", unique=True)}),
    "de_exam.load_tickets": Answers(
        right=(lambda seed: references.load_tickets_reference,
               lambda seed: upsert_by_anti_join,
               lambda seed: lambda s, b: b.set_index("ticket_id").combine_first(
                   s.set_index("ticket_id"))),
        wrong={"appends": lambda seed: lambda s, b: pd.concat([s, b], ignore_index=True),
               "keeps the old row": lambda seed: lambda s, b: pd.concat([s, b]).drop_duplicates(
                   "ticket_id", keep="first"),
               "whole-row duplicates": lambda seed: lambda s, b: pd.concat(
                   [s, b]).drop_duplicates()}),
    "de_exam.last_seen": Answers(
        right=(lambda seed: references.last_seen_reference, lambda seed: last_seen_by_text,
               lambda seed: last_seen_by_period,
               lambda seed: lambda e, m: e[e["ts"].dt.to_period("M") <= pd.Period(m, "M")]
               .groupby("customer_id")["ts"].max().rename("last_seen")),
        wrong={"every event": lambda seed: lambda e, m: e.groupby("customer_id")["ts"].max(),
               "first event": lambda seed: lambda e, m: e[e["ts"] < features.month_end(m)]
               .groupby("customer_id")["ts"].min(),
               "end included": lambda seed: lambda e, m: e[e["ts"] <= features.month_end(m)]
               .groupby("customer_id")["ts"].max(),
               "month numbers": lambda seed: last_seen_month_number,
               "in UTC": lambda seed: last_seen_in_utc,
               "cut at the month's start": lambda seed: lambda e, m: e[
                   e["ts"] < pd.Timestamp(f"{m}-01")].groupby("customer_id")["ts"].max()}),
    "de_exam.device_usage": Answers(
        right=(_on_history(L.usage_function()), _reference_usage,
               _on_history(L.usage_function(read="pandas_only")),
               lambda seed: _reference_usage(seed).astype({"device": "category"}),
               lambda seed: _reference_usage(seed).round({"hours": 2})),
        wrong={"heartbeats counted": _on_history(L.usage_function(
                   L.device_sql(sessions="count(*)"))),
               "raw events": _on_history(L.usage_function(L.device_sql(source="read_parquet(?)"))),
               "month in UTC": _on_history(L.usage_function(L.device_sql(
                   month="strftime(timezone('UTC', timezone('Europe/London', ts)), '%Y-%m')"))),
               "month as a date": _on_history(L.usage_function(L.device_sql(
                   month="date_trunc('month', ts)")))}),
    "de_exam.usage_in_budget": Answers(
        right=(lambda seed: L.usage_function(),),
        wrong={"pandas, then DuckDB": lambda seed: L.usage_function(read="pandas"),
               "pyarrow, then DuckDB": lambda seed: L.usage_function(read="pyarrow"),
               "pandas alone": lambda seed: L.usage_function(read="pandas_only"),
               "raw events": lambda seed: L.usage_function(
                   L.device_sql(source="read_parquet(?)"))}),
    "de_exam.customer_dim": Answers(
        right=(L.customer_dim, lambda seed: L.customer_dim(seed, category=True),
               lambda seed: L.customer_dim(seed, index=True)),
        wrong={"customer_id kept as the index": lambda seed: L.customer_dim(seed).set_axis(
                   L.clean_crm(seed)["customer_id"]),"plain hash": lambda seed: L.customer_dim(seed, key="sha256"),
               "hashed e-mail": lambda seed: L.customer_dim(seed, key="email"),
               "birth date kept": lambda seed: L.customer_dim(seed, extra=("birth_date",))}),
    "de_exam.month_tickets": Answers(
        right=(L.month_tickets, lambda seed: L.month_tickets(seed, between=True),
               lambda seed: L.month_tickets(seed).set_index("ticket_id")),
        wrong={"customer_id kept as the index": lambda seed: L.month_tickets(seed, index="customer_id"),"every month": lambda seed: L.month_tickets(seed, every_month=True),
               "text not redacted": lambda seed: L.month_tickets(seed, redact=False),
               "another secret": lambda seed: L.month_tickets(seed, secret="mine"),
               "opened_at in UTC": lambda seed: L.month_tickets(seed, utc=True)}),
}
