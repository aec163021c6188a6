"""Read the raw sources, each with the tool it is meant for.

- the CRM export is a CSV: read every column as text, exactly as delivered;
- billing lives in SQLite: aggregate it *in SQL* to one row per customer and month,
  rather than pulling every invoice into pandas;
- usage events are Parquet: read only the columns needed;
- support tickets are JSON lines.

``load_batch(folder)`` reads one export folder; ``load_sources(data_dir, batches)``
reads several (history, then next quarter) as one incremental load.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

BATCHES = ("history", "next_quarter")

# Legacy billing stored pence; every other system stores pounds. Fixing it here, in the
# query, means no wrong amount ever reaches pandas.
MONTHLY_BILLING_SQL = """
SELECT customer_id,
       period                                   AS month,
       SUM(CASE WHEN source_system = 'legacy' THEN amount / 100.0 ELSE amount END)
                                                AS amount_billed,
       SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END)
                                                AS failed_payments,
       COUNT(*)                                 AS invoices
FROM invoices
GROUP BY customer_id, period
ORDER BY customer_id, period
"""


class SourceError(Exception):
    """A source file is missing or unreadable; the message says which and what to do."""


@dataclass
class Sources:
    """The raw sources of one or more batches, read but not cleaned."""

    crm: pd.DataFrame  # text columns, as delivered (with duplicates)
    billing: pd.DataFrame  # one row per customer and month, aggregated in SQL
    events: pd.DataFrame  # usage events
    tickets: pd.DataFrame  # support tickets


def _require(path: Path) -> Path:
    if not path.is_file():
        raise SourceError(
            f"{path} is missing. Generate the data with `dsroles data --out {path.parent.parent}` "
            "or check the folder you passed."
        )
    return path


def read_crm(path: str | Path) -> pd.DataFrame:
    """The CRM export, every column as text; empty cells become empty strings."""
    return pd.read_csv(_require(Path(path)), dtype=str, keep_default_na=False)


def query_billing(path: str | Path, sql: str = MONTHLY_BILLING_SQL) -> pd.DataFrame:
    """Run ``sql`` on the billing database (read-only) and return the result."""
    uri = f"file:{_require(Path(path)).as_posix()}?mode=ro"
    with sqlite3.connect(uri, uri=True) as con:
        return pd.read_sql_query(sql, con)


def read_events(path: str | Path, columns=None) -> pd.DataFrame:
    return pd.read_parquet(_require(Path(path)), columns=columns)


def read_tickets(path: str | Path) -> pd.DataFrame:
    path = _require(Path(path))
    with path.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    df = pd.DataFrame.from_records(
        records, columns=["ticket_id", "customer_id", "opened_at", "category", "text"])
    df["opened_at"] = pd.to_datetime(df["opened_at"])
    return df


def load_batch(folder: str | Path) -> Sources:
    folder = Path(folder)
    if not folder.is_dir():
        raise SourceError(f"{folder} is not a folder of raw sources. Generate them with "
                          f"`dsroles data --out {folder.parent}`.")
    return Sources(
        crm=read_crm(folder / "crm_customers.csv"),
        billing=query_billing(folder / "billing.sqlite"),
        events=read_events(folder / "usage_events.parquet"),
        tickets=read_tickets(folder / "support_tickets.jsonl"),
    )


def load_sources(data_dir: str | Path, batches=("history",)) -> Sources:
    """Read several batches as one incremental load.

    Events, invoices and tickets are appended. The CRM exports are stacked newest
    last, so that ``clean.clean_crm`` (which keeps the *last* export's row of a
    customer when it is told ``prefer="last_export"``) sees the latest record.
    """
    data_dir = Path(data_dir)
    unknown = [b for b in batches if b not in BATCHES]
    if unknown:
        raise SourceError(f"unknown batch {unknown[0]!r}; choose from {', '.join(BATCHES)}")
    parts = [load_batch(data_dir / b) for b in batches]
    crm = pd.concat([p.crm.assign(export=b) for p, b in zip(parts, batches)], ignore_index=True)
    return Sources(
        crm=crm,
        billing=pd.concat([p.billing for p in parts], ignore_index=True),
        events=pd.concat([p.events for p in parts], ignore_index=True),
        tickets=pd.concat([p.tickets for p in parts], ignore_index=True),
    )
