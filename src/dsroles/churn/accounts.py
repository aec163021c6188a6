"""Account events: how each paid subscription ended, and the failed payments before it.

The CRM export knows one date per customer, ``cancel_date``: the last day of *paid*
service, whatever the reason. The account system knows the reason. It writes one file per
batch, ``<batch>/account_events.csv`` (``write_account_events``), one row per event:

    event_id      a number, unique across batches
    customer_id   the CRM's id
    event_date    YYYY-MM-DD
    event         one of EVENTS (below)
    detail        an invoice id, a plan, a date: see EVENTS

The events, in the business's words:

- ``payment_failed``: an invoice could not be collected (the date the invoice was issued;
  detail ``invoice <id>``). Most are paid on a retry; on its own it is not an ending.
- ``lapsed``: the account closed because invoices stayed unpaid after the grace period.
- ``cancelled``: the customer cancelled.
- ``downgraded``: the customer moved to the free, advertising-funded plan (detail
  ``<plan> -> free``). The paid subscription ends; free viewing is logged by the ad
  platform, not in ``usage_events``.
- ``paused``: the customer paused the subscription (detail ``until YYYY-MM-DD``, one to three
  months later). Nothing is billed or watched while paused.
- ``closed``: a pause ran out without the customer resuming; the account closes.

For ``lapsed``, ``cancelled``, ``downgraded`` and ``paused`` the event date is the CRM's
``cancel_date``: the CRM records a pause as an ending, which is a thing a domain expert has
to know. In this toy world nobody returns once they stop paying, so every pause that ends
before the last export ends in ``closed``; the business reports that many do come back.

The events are drawn from the simulated world with a random stream of their own
(``SeedSequence([seed, STREAM])``), one draw per customer whether or not they leave, so every
other file of the generator stays byte-identical and switching drift off leaves the 2025
events unchanged.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd


FILE = "account_events.csv"
COLUMNS = ["event_id", "customer_id", "event_date", "event", "detail"]
EVENTS = ("payment_failed", "lapsed", "cancelled", "downgraded", "paused", "closed")
# The events that end a paid subscription on their date (the CRM's cancel_date).
ENDINGS = ("lapsed", "cancelled", "downgraded", "paused")
STREAM = 0xACC0  # the account events' own random stream, beside the seed

LAPSE_SHARE = 0.75  # an ending after a failed payment is a lapse this often
VOLUNTARY = {"cancelled": 0.70, "downgraded": 0.15, "paused": 0.15}
PAUSE_MONTHS = (1, 2, 3)

BATCH_END = {"history": pd.Timestamp("2025-12-31"), "next_quarter": pd.Timestamp("2026-03-31")}


def _failed_before_ending(world, months: pd.Series) -> pd.Series:
    """Per customer id: a failed payment in the month the subscription ended or the one before."""
    failed = world.monthly.loc[world.monthly["failed_payment"], ["customer_id", "month"]]
    end = months.dropna()
    before = end.map(lambda m: (pd.Period(m, freq="M") - 1).strftime("%Y-%m"))
    pairs = set(zip(failed["customer_id"], failed["month"]))
    hit = [(c, m) in pairs or (c, b) in pairs for c, m, b in zip(end.index, end, before)]
    return pd.Series(hit, index=end.index, dtype=bool).reindex(months.index, fill_value=False)


def _endings(world, rng: np.random.Generator) -> pd.DataFrame:
    """One ending per customer who stopped paying, with its kind (and a pause's end)."""
    c = world.customers.set_index("customer_id")
    n = len(c)
    # one draw of each kind per customer, in customer order: drift changes none of 2025
    u_lapse, u_kind = rng.random(n), rng.random(n)
    pause_months = rng.choice(PAUSE_MONTHS, size=n)
    plan = c["plan"].to_numpy()
    ended = c["cancel_date"].notna().to_numpy()
    months = c["cancel_date"].dt.strftime("%Y-%m").where(c["cancel_date"].notna())
    failed = _failed_before_ending(world, months).to_numpy()
    kinds = np.asarray(list(VOLUNTARY), dtype=object)
    edges = np.cumsum(list(VOLUNTARY.values()))
    voluntary = kinds[np.minimum(np.searchsorted(edges, u_kind * edges[-1], side="right"),
                                 len(kinds) - 1)]
    kind = np.where(failed & (u_lapse < LAPSE_SHARE), "lapsed", voluntary)
    out = pd.DataFrame({
        "customer_id": c.index.to_numpy(),
        "event_date": c["cancel_date"].to_numpy(),
        "event": kind,
        "plan": plan,
        "pause_months": pause_months,
    })[ended].reset_index(drop=True)
    return out


def account_events(world, seed: int) -> pd.DataFrame:
    """Every account event of the fifteen months, numbered in date order (COLUMNS)."""
    rng = np.random.default_rng(np.random.SeedSequence([int(seed), STREAM]))
    endings = _endings(world, rng)
    until = [d + pd.DateOffset(months=int(k)) for d, k in
             zip(endings["event_date"], endings["pause_months"])]
    endings["until"] = pd.DatetimeIndex(until) if len(until) else pd.DatetimeIndex([])
    detail = np.select(
        [endings["event"] == "downgraded", endings["event"] == "paused"],
        [endings["plan"] + " -> free", "until " + endings["until"].dt.strftime("%Y-%m-%d")],
        "")
    parts = [endings.assign(detail=detail)[["customer_id", "event_date", "event", "detail"]]]
    paused = endings[endings["event"] == "paused"]
    closes = paused[paused["until"] <= BATCH_END["next_quarter"]]
    parts.append(pd.DataFrame({"customer_id": closes["customer_id"], "event_date": closes["until"],
                               "event": "closed", "detail": "pause ran out"}))
    bills = world.invoices[world.invoices["status"] == "failed"]
    parts.append(pd.DataFrame({"customer_id": bills["customer_id"],
                               "event_date": pd.to_datetime(bills["issued_at"]),
                               "event": "payment_failed",
                               "detail": "invoice " + bills["invoice_id"].astype(str)}))
    events = pd.concat(parts, ignore_index=True)
    order = {e: i for i, e in enumerate(EVENTS)}
    events = (events.assign(_o=events["event"].map(order))
              .sort_values(["event_date", "customer_id", "_o"], kind="stable", ignore_index=True)
              .drop(columns="_o"))
    events.insert(0, "event_id", np.arange(1, len(events) + 1, dtype=np.int64))
    return events[COLUMNS]


def batch_of(dates: pd.Series) -> pd.Series:
    """'history' for events up to the history export's date, else 'next_quarter'."""
    return pd.Series(np.where(dates <= BATCH_END["history"], "history", "next_quarter"),
                     index=dates.index)


def write_account_events(out: str | Path, world, seed: int) -> None:
    """Write ``history/`` and ``next_quarter/account_events.csv`` (the generator's hook)."""
    events = account_events(world, seed)
    which = batch_of(events["event_date"])
    for batch in BATCH_END:
        part = events[which == batch].copy()
        part["event_date"] = part["event_date"].dt.strftime("%Y-%m-%d")
        folder = Path(out) / batch
        folder.mkdir(parents=True, exist_ok=True)
        part.to_csv(folder / FILE, index=False, lineterminator="\n")


def read_account_events(data_dir: str | Path, batches=("history",)) -> pd.DataFrame:
    """The account events of ``batches``, stacked, with ``event_date`` as a datetime."""
    from dsroles.churn.ingest import SourceError

    frames = []
    for batch in batches:
        path = Path(data_dir) / batch / FILE
        if not path.is_file():
            raise SourceError(f"{path} is missing: data generated before account events existed. "
                              "Generate it again (dsroles data) or clear the data cache.")
        frames.append(pd.read_csv(path, dtype={"customer_id": str, "event": str, "detail": str},
                                  keep_default_na=False, parse_dates=["event_date"]))
    out = pd.concat(frames, ignore_index=True)
    out["event_date"] = out["event_date"].astype("datetime64[ns]")
    return out


def ending_of(events: pd.DataFrame) -> pd.DataFrame:
    """Each customer's ending (the first of ENDINGS), indexed by customer_id."""
    ends = events[events["event"].isin(ENDINGS)]
    return ends.drop_duplicates("customer_id").set_index("customer_id")[["event_date", "event"]]
