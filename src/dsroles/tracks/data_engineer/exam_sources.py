"""The assessment's own delivery of the four raw sources, from the seed.

The CRM export and the billing database are the history's, copied. The usage log and the
support tickets are the history's too, except that in every month a few events and tickets
are moved into its **first hour** (00:xx on the 1st) and its **last hour** (23:xx on its last
day). The sources' times are local (UK) times without a time zone; these are the rows that a
time-zone conversion (local to UTC, or UTC to local) carries into the neighbouring month
whenever British Summer Time applies. The generator leaves such rows to chance (the tickets
of a month often have none); here every seed has them, so every month-based item sees that
mistake. Moving a row within its own month changes no monthly total of the reference.

Files are written once per seed under ``$DSROLES_HOME/exam/``, atomically (two graders may
build them at the same time).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from dsroles.paths import exam_cache
from dsroles.tracks.data_engineer import data

VERSION = 2          # bump when the files below change, so that old copies are not reused
EVENTS_PER_EDGE = 3  # events moved into the first hour, and as many into the last, per month
TICKETS_PER_EDGE = 2
COPIED = ("crm_customers.csv", "billing.sqlite")


def folder(seed: int) -> Path:
    """``$DSROLES_HOME/exam/de-v<VERSION>-data<generator version>-seed<seed>``: this seed's files
    for the assessment (copied from the seed's data, so a new data generator makes new ones)."""
    from dsroles.churn.generate import GENERATOR_VERSION

    return exam_cache() / f"de-v{VERSION}-data{GENERATOR_VERSION}-seed{int(seed)}"


def written_once(path: Path, write) -> Path:
    """``path``, made by ``write(tmp_path)`` unless it exists, then moved in atomically."""
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        write(tmp)
        os.replace(tmp, path)
    return path


def move_to_month_edges(table, column: str, eligible, per_edge: int, rng):
    """A copy of ``table`` where, in each month of ``column``, ``per_edge`` of the
    ``eligible`` rows (a boolean mask) open the month (00:01-00:59 on the 1st) and as many
    close it (23:01-23:59 on its last day)."""
    import numpy as np
    import pandas as pd

    out = table.copy()
    months = out[column].dt.to_period("M")
    for month in sorted(months.unique()):
        pool = out.index[(months == month).to_numpy() & np.asarray(eligible)]
        pick = rng.choice(pool, size=min(2 * per_edge, len(pool)), replace=False)
        seconds = pd.to_timedelta(rng.integers(60, 3600, size=len(pick)), unit="s")
        hour = np.where(np.arange(len(pick)) < per_edge, 0, 1)
        starts = [month.start_time if h == 0 else (month + 1).start_time - pd.Timedelta(hours=1)
                  for h in hour]
        moved = (pd.DatetimeIndex(starts) + seconds).astype(out[column].dtype)
        out.loc[pick, column] = moved.to_numpy()
    return out.sort_values(column, kind="stable", ignore_index=True)


def _billed(seed: int, month: str):
    billing = data.billing(seed)
    return set(billing.loc[billing["month"] == month, "customer_id"])


def _write_events(seed: int, month: str, path: Path) -> None:
    """The history's raw usage log with events at the month edges: only events that are
    not replayed, have a duration, and belong to a customer billed in ``month``, so that the
    assessment's month-based tables all see them."""
    import numpy as np

    from dsroles.churn import ingest

    events = ingest.read_events(data.history(seed, "usage_events.parquet"))
    eligible = (~events["event_id"].duplicated(keep=False) & (events["seconds"] >= 0)
                & events["customer_id"].isin(_billed(seed, month)))
    rng = np.random.default_rng([int(seed), 29])
    moved = move_to_month_edges(events, "ts", eligible, EVENTS_PER_EDGE, rng)
    moved.to_parquet(path, index=False, compression="zstd")


def _write_tickets(seed: int, path: Path) -> None:
    """The history's support tickets with tickets at the month edges, as JSON lines."""
    import json

    import numpy as np

    tickets = data.tickets(seed)
    rng = np.random.default_rng([int(seed), 31])
    moved = move_to_month_edges(tickets, "opened_at", np.ones(len(tickets), bool),
                                TICKETS_PER_EDGE, rng)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for rec in moved.itertuples(index=False):
            fh.write(json.dumps({"ticket_id": int(rec.ticket_id), "customer_id": rec.customer_id,
                                 "opened_at": rec.opened_at.strftime("%Y-%m-%dT%H:%M:%S"),
                                 "category": rec.category, "text": rec.text},
                                ensure_ascii=False) + "\n")


def history(seed: int, month: str) -> Path:
    """The folder of the assessment's four raw sources (``month``: the assessment's month)."""
    target = folder(seed) / "history"
    for name in COPIED:
        written_once(target / name, lambda tmp, n=name: shutil.copyfile(data.history(seed, n), tmp))
    written_once(target / "usage_events.parquet", lambda tmp: _write_events(seed, month, tmp))
    written_once(target / "support_tickets.jsonl", lambda tmp: _write_tickets(seed, tmp))
    return target
