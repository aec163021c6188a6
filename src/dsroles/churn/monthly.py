"""The pipeline one month at a time: the parts an orchestrator schedules, retries and backfills.

Nothing here knows about an orchestrator. A month's batch is that month's billing (aggregated
in SQL, as ``ingest`` does) with each customer's contract from the cleaned CRM export that covers the
month. ``MONTH_CONTRACT`` is the data contract a batch must keep before anything downstream is
written; ``write_month`` stores one month as one file, so running a month again (a backfill)
replaces it and the store ends the same whatever the order.

    source = MonthlySource(data_dir, fail_first={"2025-11": 2})
    batch = source.read("2025-11")      # raises SourceUnavailable twice, then answers
    check_month(batch)                  # raises validate.BatchRejected on a broken contract
    write_month(store, "2025-11", batch)
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from dsroles.churn import clean, ingest
from dsroles.churn import params as P
from dsroles.churn import validate

MONTH_COLUMNS = ["customer_id", "month", "contract", "amount_billed", "failed_payments"]

# The billing contract of ``validate`` plus the CRM's contract type, checked on every month.
MONTH_CONTRACT = validate.BILLING_SCHEMA.add_columns(
    {"contract": pa.Column(str, pa.Check.isin(list(P.CONTRACTS)))}).set_name("month")


class SourceUnavailable(ConnectionError):
    """The source did not answer this time (a transient failure: trying again may work)."""


def batch_for(month: str) -> str:
    """The export folder that holds ``month``: the history to 2025-12, then the next quarter."""
    return "history" if month <= "2025-12" else "next_quarter"


class MonthlySource:
    """Reads one month's batch from the raw sources; ``fail_first={month: k}`` makes the first
    ``k`` reads of that month raise ``SourceUnavailable`` (``k`` may exceed any retry budget:
    a source that never comes back). ``reads`` counts the attempts per month."""

    def __init__(self, data_dir: str | Path, fail_first: dict[str, int] | None = None):
        self.data_dir = Path(data_dir)
        self.fail_first = dict(fail_first or {})
        self.reads: dict[str, int] = {}
        self._tables: dict[str, pd.DataFrame] = {}

    def _table(self, batch: str) -> pd.DataFrame:
        if batch not in self._tables:
            folder = self.data_dir / batch
            billing = ingest.query_billing(folder / "billing.sqlite")
            crm = clean.clean_crm(ingest.read_crm(folder / "crm_customers.csv"), unknown="keep")
            contracts = crm[["customer_id", "contract"]]
            table = billing.merge(contracts, on="customer_id", how="left")
            self._tables[batch] = table.astype({"amount_billed": float, "failed_payments": "int64"})
        return self._tables[batch]

    def read(self, month: str) -> pd.DataFrame:
        self.reads[month] = self.reads.get(month, 0) + 1
        if self.reads[month] <= self.fail_first.get(month, 0):
            raise SourceUnavailable(f"the billing source did not answer for {month} "
                                    f"(attempt {self.reads[month]})")
        table = self._table(batch_for(month))
        return table[table["month"] == month][MONTH_COLUMNS].reset_index(drop=True)


def flaky_months(months, seed: int, *, most: int = 2, share: float = 0.4) -> dict[str, int]:
    """A deterministic ``fail_first`` from the seed: about ``share`` of the months fail their
    first 1..``most`` reads."""
    import numpy as np

    rng = np.random.default_rng([int(seed), 14])
    return {m: int(rng.integers(1, most + 1)) for m in months if rng.random() < share}


def contract_failures(batch: pd.DataFrame) -> pd.DataFrame:
    """Every way ``batch`` breaks ``MONTH_CONTRACT`` (empty if it keeps it)."""
    from pandera.errors import SchemaErrors

    try:
        MONTH_CONTRACT.validate(batch, lazy=True)
    except SchemaErrors as err:
        return validate._summarise("month", err)[["table", "column", "check", "count", "example"]]
    return pd.DataFrame(columns=["table", "column", "check", "count", "example"])


def check_month(batch: pd.DataFrame) -> None:
    """Fail closed: raise ``validate.BatchRejected`` if the month breaks its contract."""
    found = contract_failures(batch)
    if len(found):
        raise validate.BatchRejected(found)


def month_file(store: str | Path, month: str) -> Path:
    return Path(store) / f"month={month}.parquet"


def write_month(store: str | Path, month: str, batch: pd.DataFrame) -> Path:
    """Store one month as one file (replacing any earlier run of that month)."""
    path = month_file(store, month)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    batch.sort_values(["customer_id"], ignore_index=True).to_parquet(tmp, index=False)
    tmp.replace(path)
    return path


def read_store(store: str | Path) -> pd.DataFrame:
    """Every stored month as one table, sorted by customer and month."""
    files = sorted(Path(store).glob("month=*.parquet"))
    if not files:
        return pd.DataFrame(columns=MONTH_COLUMNS)
    table = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
    return table.sort_values(["customer_id", "month"], ignore_index=True)
