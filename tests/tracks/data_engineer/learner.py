"""What a learner writes for the data engineer assessment: the solution notebook's answers as
functions of the seed, each with switches for the right alternatives (SQL or pandas, the
first or the last copy, a category dtype) and for the plausible mistakes (pence, keep=False,
a time-zone conversion, month numbers). ``answers_exam`` builds its examples from these.
"""

from __future__ import annotations

import hashlib

import pandas as pd

from dsroles.churn import features, ingest, pii
from dsroles.tracks.data_engineer import exam_data

DATE_FORMATS = [(r"\d{4}-\d{2}-\d{2}", "%Y-%m-%d"), (r"\d{2}/\d{2}/\d{4}", "%d/%m/%Y"),
                (r"\d{8}", "%Y%m%d")]
CONTRACTS = {"monthly": "monthly", "month_to_month": "monthly", "annual": "annual",
             "yearly": "annual", "12_months": "annual", "two_year": "two_year",
             "2_year": "two_year"}
PAYMENTS = {"card": "card", "credit_card": "card", "direct_debit": "direct_debit",
            "dd": "direct_debit", "paypal": "paypal", "invoice": "invoice"}
REGIONS = {r: r for r in ("north", "south", "east", "west", "capital")}
POUNDS = "CASE WHEN source_system = 'legacy' THEN amount / 100.0 ELSE amount END"


def history(seed: int):
    return exam_data.history(seed)


def billing_path(seed: int):
    return history(seed) / "billing.sqlite"


def crm(seed: int):
    return ingest.read_crm(history(seed) / "crm_customers.csv")


def events(seed: int):
    return ingest.read_events(history(seed) / "usage_events.parquet")


def tickets(seed: int):
    return ingest.read_tickets(history(seed) / "support_tickets.jsonl")


def to_utc(ts):
    """The mistake: local times read as London time and converted to UTC."""
    return ts.dt.tz_localize("Europe/London", ambiguous="NaT",
                             nonexistent="shift_forward").dt.tz_convert("UTC")


# -- task 1 and 3 -------------------------------------------------------------------------
def month_billing(seed: int, amount: str = POUNDS, where: str = "WHERE period = '{month}'"):
    month = exam_data.exam_month(seed)
    return ingest.query_billing(billing_path(seed), f"""
        SELECT status, COUNT(*) AS invoices, SUM({amount}) AS amount
        FROM invoices {where.format(month=month)} GROUP BY status""")


def month_billing_pandas(seed: int):
    """Invoices read for the month, then grouped in pandas (status left in the index)."""
    month = exam_data.exam_month(seed)
    invoices = ingest.query_billing(billing_path(seed), f"""
        SELECT status, {POUNDS} AS amount FROM invoices WHERE period = '{month}'""")
    return invoices.groupby("status").agg(invoices=("amount", "size"), amount=("amount", "sum"))


def customer_month(seed: int, *, crm_table=None, how: str = "left", utc: bool = False,
                   amount: str = POUNDS, negative: bool = False, category: bool = False,
                   sessions_dtype: str = "int64"):
    month = exam_data.exam_month(seed)
    billed = ingest.query_billing(billing_path(seed), f"""
        SELECT customer_id, SUM({amount}) AS amount_billed
        FROM invoices WHERE period = '{month}' GROUP BY customer_id""")
    good = events(seed).drop_duplicates("event_id")
    if not negative:
        good = good[good["seconds"] >= 0]
    months = (to_utc(good["ts"]) if utc else good["ts"]).dt.strftime("%Y-%m")
    sessions = good[months == month].groupby("customer_id")["session_id"].nunique()
    table = clean_crm(seed) if crm_table is None else crm_table
    out = billed.merge(table[["customer_id", "contract"]], on="customer_id", how="left")
    out["sessions"] = out["customer_id"].map(sessions).fillna(0).astype(sessions_dtype)
    if how == "inner":
        out = out[out["sessions"] > 0]
    if category:
        out = out.astype({"customer_id": "category", "contract": "category"})
    return out


# -- task 2 --------------------------------------------------------------------------------
def parse_dates(text, guess: bool = False):
    text = text.str.strip()
    if guess:
        return pd.to_datetime(text.replace("", None), format="mixed")
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    for pattern, fmt in DATE_FORMATS:
        rows = text.str.fullmatch(pattern)
        out[rows] = pd.to_datetime(text[rows], format=fmt)
    return out


def canonical(text, spellings, lower_only: bool = False, blank: str = "unknown"):
    key = text.str.strip().str.lower().str.replace(r"[\s\-]+", "_", regex=True)
    mapped = key if lower_only else key.map(spellings)
    return mapped.where(key != "", blank)


def clean_crm(seed: int, *, keep="first", year_days: float = 365.25, guess_dates: bool = False,
              lower_only: bool = False, blank: str = "unknown", dates_as_text: bool = False,
              placeholders: bool = False, category: bool = False):
    raw = crm(seed)
    one = (raw.drop_duplicates() if keep == "rows" else
           raw.drop_duplicates("customer_id", keep=keep)).reset_index(drop=True)
    birth = parse_dates(one["birth_date"])
    age = (pd.Timestamp("2025-01-01") - birth).dt.days / year_days
    out = pd.DataFrame({
        "customer_id": one["customer_id"],
        "signup_date": one["signup_date"] if dates_as_text else
        parse_dates(one["signup_date"], guess=guess_dates),
        "birth_date": birth if placeholders else birth.where(age.between(18, 100)),
        "contract": canonical(one["contract"], CONTRACTS, lower_only),
        "payment_method": canonical(one["payment_method"], PAYMENTS, lower_only, blank),
        "region": canonical(one["region"], REGIONS, lower_only, blank),
    })
    if category:
        out = out.astype({c: "category" for c in ("contract", "payment_method", "region")})
    return out


# -- task 8 --------------------------------------------------------------------------------
def customer_dim(seed: int, *, key: str = "pseudonym", extra=(), category: bool = False,
                 index: bool = False):
    table = clean_crm(seed)
    ids = table["customer_id"]
    if key == "pseudonym":
        keys = pii.pseudonymise(ids)
    elif key == "sha256":
        keys = ids.map(lambda i: hashlib.sha256(i.encode()).hexdigest())
    else:  # a hash of the e-mail address
        emails = crm(seed).drop_duplicates("customer_id").set_index("customer_id")["email"]
        keys = ids.map(lambda i: hashlib.sha256(emails[i].strip().lower().encode()).hexdigest())
    out = table.assign(customer_key=keys)[["customer_key", "region", "contract",
                                           "payment_method", *extra]]
    if category:
        out = out.astype({"region": "category", "contract": "category"})
    return out.set_index("customer_key") if index else out


def month_tickets(seed: int, *, utc: bool = False, redact: bool = True, secret=None,
                  every_month: bool = False, between: bool = False, index=None):
    month = exam_data.exam_month(seed)
    t = tickets(seed)
    if every_month:
        opened = t
    elif between:
        start, end = pd.Timestamp(f"{month}-01"), features.month_end(month)
        opened = t[(t["opened_at"] >= start) & (t["opened_at"] < end)]
    else:
        times = to_utc(t["opened_at"]) if utc else t["opened_at"]
        opened = t[times.dt.strftime("%Y-%m") == month]
    text = pii.redact(opened["text"]) if redact else opened["text"]
    out = opened.assign(customer_key=pii.pseudonymise(opened["customer_id"], secret), text=text)
    out = out.set_index(index) if index else out  # e.g. the raw customer_id left in the index
    return out[["ticket_id", "customer_key", "category", "text"]]


# -- task 7 --------------------------------------------------------------------------------
DEVICE_SQL = """
SELECT {month} AS month, device, count(DISTINCT customer_id) AS customers,
       {sessions} AS sessions, sum(seconds) / 3600.0 AS hours
FROM {source}
GROUP BY ALL
"""
CLEAN = "(SELECT DISTINCT ON (event_id) * FROM {table}) WHERE seconds >= 0"


def device_sql(month: str = "strftime(ts, '%Y-%m')", sessions: str = "count(DISTINCT session_id)",
               source: str = CLEAN.format(table="read_parquet(?)")) -> str:
    return DEVICE_SQL.format(month=month, sessions=sessions, source=source)


def usage_function(sql: str = device_sql(), read: str = "duckdb"):
    """``usage_by_device(path)``: DuckDB on the file, or the file read first ('pandas',
    'pyarrow', 'pandas_only') and then queried."""
    def usage_by_device(path):
        import duckdb

        with duckdb.connect() as con:
            if read == "duckdb":
                return con.execute(sql, [str(path)]).df()
            if read == "pyarrow":
                import pyarrow.parquet as pq

                events = pq.read_table(path)  # noqa: F841  (DuckDB finds it by name)
            else:
                events = pd.read_parquet(path)
            if read == "pandas_only":
                return pandas_usage(events)
            return con.execute(sql.replace("read_parquet(?)", "events")).df()
    return usage_by_device


def pandas_usage(events):
    """The device table from events in memory, in pandas."""
    good = events.drop_duplicates("event_id")
    good = good[good["seconds"] >= 0]
    out = (good.assign(month=good["ts"].dt.strftime("%Y-%m")).groupby(["month", "device"])
           .agg(customers=("customer_id", "nunique"), sessions=("session_id", "nunique"),
                hours=("seconds", "sum")).reset_index())
    return out.assign(hours=out["hours"] / 3600)
