"""The data engineer assessment's inputs, from the seed: the exam month, its delivery of the
raw sources (``exam_sources``), the heartbeat logs, the batches a schema is tried on and the
calls a function is tried on.

The assessment notebook's locked cells use ``exam_month``, ``history``, ``events_path`` and
``shown_batches``; everything else here is for the hidden tests.
"""

from __future__ import annotations

import functools
from pathlib import Path

from dsroles.checks.functions import Case
from dsroles.tracks.data_engineer import data, exam_sources
from dsroles.tracks.data_engineer.schemas import Batch


HEARTBEATS = 2  # the volume task's log: each viewing session logged as 2 heartbeat events


def exam_month(seed: int) -> str:
    """The month the assessment asks about: one of 2025-03 ... 2025-10, from the seed.

    Each of these months starts or ends in British Summer Time, so a time-zone conversion
    moves some of its rows into a neighbouring month (in 2025-11 it would move none)."""
    return f"2025-{3 + int(seed) % 8:02d}"


def history(seed: int) -> Path:
    """The folder of this seed's raw sources for the assessment (see ``exam_sources``)."""
    return exam_sources.history(seed, exam_month(seed))


@functools.lru_cache(maxsize=2)
def events(seed: int):
    """The assessment's usage events, cleaned (replays and negative durations dropped)."""
    from dsroles.churn import clean, ingest

    return clean.clean_events(ingest.read_events(history(seed) / "usage_events.parquet"))


@functools.lru_cache(maxsize=2)
def tickets(seed: int):
    """The assessment's support tickets, as ``ingest.read_tickets`` reads them."""
    from dsroles.churn import ingest

    return ingest.read_tickets(history(seed) / "support_tickets.jsonl")


def heartbeats(events, k: int = HEARTBEATS):
    """Each session event of ``events`` as ``k`` heartbeat events whose seconds add up.

    A heartbeat's id is ``event_id * k + part``, so a replayed session replays its
    heartbeats exactly; a negative duration stays negative in every heartbeat.
    """
    import numpy as np

    beats = events.loc[events.index.repeat(k)].reset_index(drop=True)
    part = np.tile(np.arange(k), len(events))
    seconds = beats["seconds"].to_numpy()
    base = seconds // k
    beats["seconds"] = np.where(seconds < 0, seconds,
                                base + np.where(part == 0, seconds - base * k, 0))
    start = beats["ts"].to_numpy()
    later = start + (part * np.maximum(base, 0)).astype("timedelta64[s]")
    month_end = (start.astype("datetime64[M]") + 1).astype(start.dtype) - np.timedelta64(1, "s")
    beats["ts"] = np.minimum(later, month_end)  # a heartbeat stays in its session's month
    beats["event_id"] = beats["event_id"].to_numpy() * k + part
    return beats.sort_values("ts", kind="stable", ignore_index=True)


def _exam_file(seed: int, name: str, make) -> Path:
    """``exam_sources.folder(seed) / name``, the Parquet file of ``make()``, written once."""
    return exam_sources.written_once(
        exam_sources.folder(seed) / name,
        lambda tmp: make().to_parquet(tmp, index=False, compression="zstd"))


def events_path(seed: int):
    """The assessment's usage log with heartbeat logging: the raw events (replays, negative
    durations, events in the first and last hour of a month and all), each session as
    ``HEARTBEATS`` events."""
    def make():
        from dsroles.churn import ingest

        return heartbeats(ingest.read_events(history(seed) / "usage_events.parquet"))

    return _exam_file(seed, "heartbeats-history.parquet", make)


SCHEMA_SAMPLE = 20_000  # events in each batch the schema is tried on


def event_batches(seed: int) -> dict:
    """The cleaned usage events as a clean batch and six defective deliveries.

    ``{name: Batch(what is wrong, DataFrame)}``; the notebook shows ``SHOWN_BATCHES``, the other
    five are the hidden tests.
    """
    import numpy as np
    import pandas as pd

    from dsroles.churn import params as P

    clean = data.events_clean(seed).iloc[:SCHEMA_SAMPLE].reset_index(drop=True)
    rng = np.random.default_rng([int(seed), 17])
    rows = np.sort(rng.choice(len(clean), size=8, replace=False))

    def spoilt(column, values):
        batch = clean.copy()
        batch.loc[rows, column] = values
        return batch

    return {
        "clean": Batch("the clean events", clean),
        "negative": Batch("negative durations", spoilt("seconds", -clean.loc[rows, "seconds"] - 1)),
        "replayed": Batch("events replayed by a collector",
                          pd.concat([clean, clean.iloc[rows]], ignore_index=True)),
        "new_device": Batch("a device nobody has mapped ('console')", spoilt("device", "console")),
        "endless": Batch("sessions of 13 hours (a player that never stopped)",
                         spoilt("seconds", int(P.MAX_SESSION_MINUTES * 60) + 3600)),
        "bare_ids": Batch("customer ids without their 'C'", spoilt(
            "customer_id", clean.loc[rows, "customer_id"].str[1:].to_numpy())),
        "no_time": Batch("events with no timestamp", spoilt("ts", pd.NaT)),
    }


HIDDEN_BATCHES = ("replayed", "new_device", "endless", "bare_ids", "no_time")
SHOWN_BATCHES = ("clean", "negative")


def shown_batches(seed: int) -> dict:
    """The two batches the notebook shows: ``{"clean": DataFrame, "negative": DataFrame}``."""
    batches = event_batches(seed)
    return {name: batches[name].frame for name in SHOWN_BATCHES}


def unseen_events(seed: int):
    """The next quarter's heartbeat log as a collector delivered it: some events replayed
    (identical copies), some durations negative. Never shown in the notebook."""
    def make():
        import numpy as np
        import pandas as pd

        from dsroles.churn import ingest

        events = ingest.read_events(data.data_dir(seed) / "next_quarter" / "usage_events.parquet")
        rng = np.random.default_rng([int(seed), 23])
        negative = rng.choice(len(events), size=150, replace=False)
        events.loc[negative, "seconds"] = -events.loc[negative, "seconds"] - 1
        replayed = events.iloc[np.sort(rng.choice(len(events), size=1000, replace=False))]
        return heartbeats(pd.concat([events, replayed], ignore_index=True))

    return _exam_file(seed, "heartbeats-unseen.parquet", make)


def ticket_load_cases(seed: int) -> list[Case]:
    """The loads the learner's function is tried on (none of them shown in the notebook)."""
    from dsroles.churn.features import month_of, shift_month
    from dsroles.tracks.data_engineer.references import load_tickets_reference

    delivered = tickets(seed)
    month = shift_month(exam_month(seed), 1)
    opened = month_of(delivered["opened_at"])
    before, batch = delivered[opened < month], delivered[opened == month].reset_index(drop=True)
    loaded = load_tickets_reference(before, batch)
    fixed = batch.copy()
    fixed.loc[:2, "category"] = fixed.loc[:2, "category"].map(
        {"billing": "account", "account": "billing", "content": "technical",
         "technical": "content"})
    return [
        Case((delivered.iloc[:0], batch), label="the first load, into an empty store"),
        Case((before, batch), label=f"the tickets of {month}"),
        Case((loaded, batch), label=f"the tickets of {month} loaded again after a retry"),
        Case((loaded, fixed),
             label=f"the tickets of {month} re-delivered with three categories corrected"),
    ]


def _edge_events(rows):
    import pandas as pd

    customers, times = zip(*rows)
    n = len(rows)
    return pd.DataFrame({
        "event_id": range(1, n + 1), "customer_id": list(customers),
        "session_id": range(1, n + 1), "ts": pd.to_datetime(list(times), format="ISO8601"),
        "device": (["tv", "web", "mobile"] * n)[:n], "seconds": [60 * (k + 5) for k in range(n)],
    })


def month_edge_events():
    """Events in the first and last second of September 2025 (British Summer Time)."""
    return _edge_events([("C100001", "2025-09-02 10:00"), ("C100001", "2025-09-30 23:59:59"),
                         ("C100002", "2025-10-01 00:00"), ("C100002", "2025-08-31 21:15"),
                         ("C100003", "2025-10-12 08:30")])


def new_year_events():
    """Events on both sides of a new year, where month numbers start again at 1."""
    return _edge_events([("C100004", "2025-12-31 23:59:59"), ("C100004", "2026-01-01 00:00"),
                         ("C100005", "2024-12-31 23:45"), ("C100005", "2025-01-15 09:00"),
                         ("C100006", "2025-11-20 19:30"), ("C100006", "2026-02-03 20:00"),
                         ("C100007", "2026-01-31 23:10"), ("C100007", "2025-06-30 18:00")])


@functools.lru_cache(maxsize=1)
def _history_and_next_quarter(seed: int):
    import pandas as pd

    from dsroles.churn import clean, ingest

    quarter = ingest.read_events(data.data_dir(seed) / "next_quarter" / "usage_events.parquet")
    return pd.concat([events(seed), clean.clean_events(quarter)], ignore_index=True)


def last_seen_cases(seed: int) -> list[Case]:
    """Snapshots at the edges of a month and across a new year, then on the real logs."""
    from dsroles.churn.features import shift_month

    month = shift_month(exam_month(seed), 1)
    both = _history_and_next_quarter(seed)
    return [
        Case((month_edge_events(), "2025-09"), label="events around the end of September"),
        Case((new_year_events(), "2025-12"), label="events around the new year, snapshot 2025-12"),
        Case((new_year_events(), "2026-01"), label="events around the new year, snapshot 2026-01"),
        Case((events(seed), month), label=f"the history, snapshot {month}"),
        Case((both, "2026-01"), label="the history and the next quarter, snapshot 2026-01"),
    ]


def outage(seed: int):
    """What the billing source does in the assessment, and what the team allows (from the seed):
    it fails its first 2 to 4 reads; a month must be given up after at most 4 to 7 reads in all;
    the waits of one month must add up to at most 20, 40 or 60 seconds."""
    from dsroles.tracks.data_engineer.retries import Outage

    transient = 2 + int(seed) % 3
    return Outage(transient=transient, max_attempts=transient + 2 + int(seed) % 2,
                  wait_budget=20.0 * (1 + int(seed) % 3))


def publish_months(seed: int) -> list[str]:
    """The three consecutive months of the history the publishing task stores (from the seed)."""
    first = 2 + int(seed) % 8
    return [f"2025-{m:02d}" for m in range(first, first + 3)]


PUBLISH_SHARE = 4  # the publishing task keeps one customer in 4 (the checks stay quick)


@functools.lru_cache(maxsize=2)
def _month_batches(seed: int) -> dict:
    from dsroles.churn import monthly

    source = monthly.MonthlySource(data.data_dir(seed))
    batches = {m: source.read(m) for m in publish_months(seed) + ["2026-01"]}
    ids = sorted(set().union(*(b["customer_id"] for b in batches.values())))[::PUBLISH_SHARE]
    return {m: b[b["customer_id"].isin(ids)].reset_index(drop=True) for m, b in batches.items()}


def month_batches(seed: int) -> dict:
    """``{month: batch}`` for the publishing task's months, one customer in ``PUBLISH_SHARE``
    (copies: the learner may edit them)."""
    batches = _month_batches(seed)
    return {m: batches[m].copy() for m in publish_months(seed)}


def broken_batch(seed: int):
    """January 2026 as billing_v2 delivered it: amounts in pence, contract type 'biennial'."""
    return _month_batches(seed)["2026-01"].copy()


def redelivery(seed: int):
    """The middle month delivered again, with the failed payments the billing team corrected
    (from the seed): its stored rows must be replaced, not added to."""
    import numpy as np

    month = publish_months(seed)[1]
    batch = _month_batches(seed)[month].copy()
    rng = np.random.default_rng([int(seed), 15])
    rows = rng.choice(len(batch), size=25, replace=False)
    batch.loc[rows, "failed_payments"] += 1
    return month, batch


def broken_variants(seed: int) -> dict:
    """``{what: batch}``: the broken month as delivered, with only its pence, and with only its
    renamed contract type; each must be refused."""
    delivered = broken_batch(seed)
    return {
        "January 2026 as billing_v2 delivered it": delivered,
        "a month with amounts in pence only": delivered.assign(
            contract=delivered["contract"].replace({"biennial": "two_year"})),
        "a month with the contract type 'biennial' only": delivered.assign(
            amount_billed=delivered["amount_billed"] / 100),
    }
