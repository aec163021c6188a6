"""The assessment's parts for ``publish_month(store, month, batch)``, the step of a monthly flow
that writes one month into a store folder: the months run in order, a backfill (newest first,
a month run twice) that ends with the same store, and a broken month that is refused loudly
before anything is written. The store is read back as every Parquet file under the folder,
whatever their names.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from dsroles.checks.calling import call_safely, require_function
from dsroles.checks.outcomes import Incorrect, NotAttempted
from dsroles.checks.wording import plural
from dsroles.tracks.data_engineer import exam_data, loads, references

KEY = ["customer_id", "month"]


def publish_case(seed: int) -> dict:
    """What the checks try: the months, the re-delivery, the broken batches and the store to reach."""
    return {"months": exam_data.month_batches(seed), "redelivery": exam_data.redelivery(seed),
            "broken": exam_data.broken_variants(seed), "store": references.published_store(seed)}


def _read_file(path: Path, store: Path):
    """One Parquet file, with the columns its folders name (``month=2025-04/``, a Hive
    layout such as ``to_parquet(store, partition_cols=["month"])`` writes) added back as
    text, as ``pd.read_parquet(store)`` reads them."""
    from urllib.parse import unquote

    import pandas as pd

    table = pd.read_parquet(path)
    for folder in path.relative_to(store).parent.parts:
        name, is_key, text = folder.partition("=")
        if is_key and name and name not in table.columns:
            table[unquote(name)] = unquote(text)
    return table


def read_back(store: Path):
    """Every Parquet file under ``store`` as one table (an empty one if there is none)."""
    import pandas as pd

    files = sorted(p for p in store.rglob("*.parquet") if p.is_file())
    if not files:
        raise Incorrect("nothing was written: write each month as a Parquet file in `store`.")
    try:
        return pd.concat([_read_file(p, store) for p in files], ignore_index=True)
    except Exception as exc:
        raise Incorrect(f"the store's files could not be read back ({type(exc).__name__}: {exc}): "
                        "write each month with DataFrame.to_parquet.") from None


def _run(fn, runs, case) -> object:
    with tempfile.TemporaryDirectory(prefix="dsroles-publish-") as tmp:
        for month, batch in runs:
            call_safely(fn, Path(tmp), month, batch.copy(), what="publish_month")
        return read_back(Path(tmp))


def _same(got, case, what: str) -> None:
    try:
        loads.same_store(KEY, "customer-month")(got, case["store"], what="the store")
    except Incorrect as exc:
        raise Incorrect(f"{what}: {exc}") from None


def in_order(fn, case, context) -> None:
    months = list(case["months"].items())
    _same(_run(fn, months + [case["redelivery"]], case), case,
          "after the months in order and a corrected re-delivery of the middle one")


def backfill(fn, case, context) -> None:
    months = list(case["months"].items())
    runs = months[::-1][:1] + [case["redelivery"]] + months[::-1][2:] + [case["redelivery"]]
    _same(_run(fn, runs, case), case,
          "after a backfill (newest month first, the corrected month run twice)")


def _refused(fn, store: Path, batch) -> bool:
    """Whether ``fn`` raised on ``batch`` (a placeholder is not attempted)."""
    try:
        fn(store, "2026-01", batch.copy())
    except NotImplementedError:
        raise NotAttempted("Write publish_month first, then check it.") from None
    except Exception:
        return True
    return False


def raises(fn, case, context) -> None:
    with tempfile.TemporaryDirectory(prefix="dsroles-publish-") as tmp:
        quiet = [what for what, batch in case["broken"].items()
                 if not _refused(fn, Path(tmp), batch)]
    if quiet:
        raise Incorrect(f"it returned without an error for {'; '.join(quiet)}: a month that "
                        "breaks the contract must fail the run (raise), so that the "
                        "orchestrator records the failure and nobody reads a gap as a quiet month.")


def _snapshot(store: Path) -> dict:
    return {p.relative_to(store).as_posix(): p.read_bytes() for p in store.rglob("*") if p.is_file()}


def writes_nothing(fn, case, context) -> None:
    first_month, first = next(iter(case["months"].items()))
    with tempfile.TemporaryDirectory(prefix="dsroles-publish-") as tmp:
        store = Path(tmp)
        call_safely(fn, store, first_month, first.copy(), what="publish_month")
        before = _snapshot(store)
        changed = []
        for what, batch in case["broken"].items():
            _refused(fn, store, batch)
            if _snapshot(store) != before:
                changed.append(what)
                before = _snapshot(store)
    if changed:
        raise Incorrect(f"the store changed for {plural(len(changed), 'broken month')} "
                        f"({'; '.join(changed)}): check the batch against the contract before "
                        "writing anything.")


def precheck(fn, case, context) -> None:
    require_function(fn)
