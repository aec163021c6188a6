"""Right and wrong answers to the DE-7 exercises (lesson 6 and the assessment's Task 10), for
the contract: retry policies, the blocking contract check and the month publisher."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pandas as pd

from dsroles.churn import monthly
from dsroles.churn import params as P
from dsroles.tracks.data_engineer import exam_data
from tracks.contract import Answers

EXP = dg.Backoff.EXPONENTIAL


def _policy(retries, delay, backoff=EXP, jitter=None):
    return dg.RetryPolicy(max_retries=retries, delay=delay, backoff=backoff, jitter=jitter)


# -- the blocking contract check (de.contract_check) ------------------------------------------
def check_by_failures(batch):
    found = monthly.contract_failures(batch)
    return dg.AssetCheckResult(passed=found.empty, metadata={"failures": len(found)})


def check_by_schema(batch):
    """Validate with the schema itself, lazily, and count the failure cases."""
    from pandera.errors import SchemaErrors

    try:
        monthly.MONTH_CONTRACT.validate(batch, lazy=True)
    except SchemaErrors as err:
        return dg.AssetCheckResult(passed=False, metadata={"cases": len(err.failure_cases)})
    return dg.AssetCheckResult(passed=True)


def check_by_hand(batch):
    """The two rules the next quarter breaks, written in pandas."""
    ok = batch["amount_billed"].between(P.MIN_CHARGE, P.MAX_CHARGE).all() and \
        batch["contract"].isin(P.CONTRACTS).all()
    return dg.AssetCheckResult(passed=bool(ok))


def _amounts_only(batch):
    return dg.AssetCheckResult(passed=bool(batch["amount_billed"].between(5, 60).all()))


def _contract_only(batch):
    return dg.AssetCheckResult(passed=bool(batch["contract"].isin(P.CONTRACTS).all()))


# -- the month publisher (de_exam.publish_month) ----------------------------------------------
def publish_by_file(store, month, batch):
    monthly.check_month(batch)
    batch.to_parquet(Path(store) / f"month={month}.parquet", index=False)


def publish_by_folder(store, month, batch):
    """Hive-style: one folder per month, the file inside replaced."""
    found = monthly.contract_failures(batch)
    if len(found):
        raise RuntimeError(f"contract broken for {month}")
    folder = Path(store) / f"month={month}"
    folder.mkdir(exist_ok=True)
    batch.to_parquet(folder / "part-0.parquet", index=False)


def publish_by_partitions(store, month, batch):
    """pandas' own Hive layout: the month's folder removed, then written by partition_cols
    (the files hold no month column: the folder name carries it, as pd.read_parquet(store)
    reads it)."""
    monthly.check_month(batch)
    shutil.rmtree(Path(store) / f"month={month}", ignore_errors=True)
    batch.to_parquet(store, partition_cols=["month"], index=False)


def publish_by_upsert(store, month, batch):
    """One table for the store, upserted by customer and month."""
    monthly.check_month(batch)
    path = Path(store) / "billing.parquet"
    stored = pd.read_parquet(path) if path.exists() else batch.iloc[:0]
    both = pd.concat([stored, batch], ignore_index=True)
    both.drop_duplicates(["customer_id", "month"], keep="last").to_parquet(path, index=False)


def _appends(store, month, batch):
    monthly.check_month(batch)
    path = Path(store) / "billing.parquet"
    stored = pd.read_parquet(path) if path.exists() else batch.iloc[:0]
    pd.concat([stored, batch], ignore_index=True).to_parquet(path, index=False)


def _writes_then_checks(store, month, batch):
    batch.to_parquet(Path(store) / f"month={month}.parquet", index=False)
    monthly.check_month(batch)


def _skips_quietly(store, month, batch):
    if len(monthly.contract_failures(batch)):
        return
    batch.to_parquet(Path(store) / f"month={month}.parquet", index=False)


def _keeps_first_delivery(store, month, batch):
    monthly.check_month(batch)
    path = Path(store) / f"month={month}.parquet"
    if not path.exists():
        batch.to_parquet(path, index=False)


def _outage(seed):
    return exam_data.outage(seed)


ANSWERS = {
    "de.retry_policy": Answers(
        right=(lambda: _policy(3, 0.05), lambda: _policy(2, 0.1), lambda: _policy(4, 0.01),
               lambda: _policy(3, 0.05, jitter=dg.Jitter.FULL)),
        wrong={"one retry": lambda: _policy(1, 0.05),
               "five retries": lambda: _policy(5, 0.01),
               "fixed delay": lambda: _policy(3, 0.05, backoff=None),
               "no delay": lambda: _policy(3, 0)}),
    "de.contract_check": Answers(
        right=(lambda: check_by_failures, lambda: check_by_schema, lambda: check_by_hand),
        wrong={"amounts only": lambda: _amounts_only,
               "contract types only": lambda: _contract_only,
               "passes everything": lambda: lambda batch: dg.AssetCheckResult(passed=True),
               "returns a bool": lambda: lambda batch: monthly.contract_failures(batch).empty}),
    "de_exam.retry_policy": Answers(
        right=(lambda seed: _policy(_outage(seed).transient, 0.5),
               lambda seed: _policy(_outage(seed).max_attempts - 1, 0.05),
               lambda seed: _policy(_outage(seed).transient, 1.0, jitter=dg.Jitter.PLUS_MINUS)),
        wrong={"one retry too few": lambda seed: _policy(_outage(seed).transient - 1, 0.5),
               "attempts as retries": lambda seed: _policy(_outage(seed).max_attempts, 0.5),
               "fixed delay": lambda seed: _policy(_outage(seed).transient, 0.5, backoff=None),
               "delay too long": lambda seed: _policy(_outage(seed).transient, 30.0)}),
    "de_exam.publish_month": Answers(
        right=(lambda seed: publish_by_file, lambda seed: publish_by_folder,
               lambda seed: publish_by_upsert, lambda seed: publish_by_partitions),
        wrong={"appends": lambda seed: _appends,
               "writes, then checks": lambda seed: _writes_then_checks,
               "skips quietly": lambda seed: _skips_quietly,
               "keeps the first delivery": lambda seed: _keeps_first_delivery}),
}
