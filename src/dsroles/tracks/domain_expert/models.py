"""The models the domain expert reviews, from the seed: the production model, and models
retrained on a bugged batch (the help desk's clean-up for the lessons, a billing status mix-up
for the assessment). Each is the reference pipeline (``train.train``); only its data differs."""

from __future__ import annotations

import functools

from dsroles.checks.models import one_thread
from dsroles.tracks.domain_expert import data

TRAIN_LAST = "2025-10"  # the production model learnt on 2025-03 .. 2025-10
REVIEW_MONTH = "2025-11"  # the month whose scores the lessons review


def training_rows(seed: int):
    snaps = data.snapshots(seed)
    return snaps[snaps["snapshot_month"] <= TRAIN_LAST]


def review_rows(seed: int, month: str = REVIEW_MONTH):
    snaps = data.snapshots(seed)
    return snaps[snaps["snapshot_month"] == month].reset_index(drop=True)


@functools.lru_cache(maxsize=4)
def production_model(seed: int):
    """The model in production: the reference pipeline on the training months."""
    from dsroles.churn import train

    with one_thread():
        return train.train(training_rows(seed))


def erased_tickets(rows):
    """The help desk's re-export: tickets of every customer who has left are erased (0)."""
    left = set(rows.loc[rows["churned"] == 1, "customer_key"])
    out = rows.copy()
    gone = out["customer_key"].isin(left)
    out.loc[gone, ["tickets_month", "tickets_3m"]] = 0
    return out


def swapped_status(rows):
    """A billing extract that read 'paid' as 'failed' and back: every month's count inverted."""
    out = rows.copy()
    out["failed_payments_month"] = 1 - out["failed_payments_month"].clip(upper=1)
    out["failed_payments_3m"] = (3 - out["failed_payments_3m"]).clip(lower=0)
    return out


@functools.lru_cache(maxsize=4)
def retrained(seed: int, bug: str):
    """The production pipeline retrained on a batch with ``bug`` ('tickets' or 'status')."""
    from dsroles.churn import train

    batch = {"tickets": erased_tickets, "status": swapped_status}[bug](training_rows(seed))
    with one_thread():
        return train.train(batch)
