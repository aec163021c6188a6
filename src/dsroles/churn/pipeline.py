"""The whole reference pipeline, stage by stage, as the course builds it up.

    sources -> clean -> validate -> snapshots -> time split -> train -> evaluate -> artefact

``feature_table(data_dir)`` runs the data stages; ``run(data_dir, out)`` runs them all and
writes the versioned model artefact.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dsroles.churn import clean, features, ingest, validate


@dataclass
class Tables:
    crm: pd.DataFrame
    billing: pd.DataFrame
    events: pd.DataFrame
    tickets: pd.DataFrame
    snapshots: pd.DataFrame


def months_for(batches) -> list[str]:
    """The labelled snapshot months that the given batches cover."""
    last = "2026-03" if "next_quarter" in batches else "2025-12"
    return features.labelled_months(last)


def feature_table(data_dir: str | Path, batches=("history",), *, check: bool = True,
                  unknown: str = "raise", months=None) -> Tables:
    """Load, clean, (validate) and build the snapshot table for ``batches``.

    With ``check=True`` a batch that breaks a schema raises ``validate.BatchRejected``;
    ``check=False, unknown="keep"`` lets a suspect batch through for inspection.
    """
    src = ingest.load_sources(data_dir, batches)
    crm = clean.clean_crm(src.crm, unknown=unknown)
    events = clean.clean_events(src.events)
    if check:
        validate.check_batch({"crm": crm, "billing": src.billing, "events": events})
    snaps = features.build_snapshots(crm, src.billing, events, src.tickets,
                                     months or months_for(batches))
    if check:
        validate.check_batch({"snapshots": snaps})
    return Tables(crm, src.billing, events, src.tickets, snaps)


@dataclass
class Run:
    metrics: dict
    artefact: Path | None
    timings: dict = field(default_factory=dict)
    model: object = None


def run(data_dir: str | Path, out: str | Path | None = None, *, kind: str = "logistic",
        seed: int = 0) -> Run:
    """Run every stage on the history batch; save the model artefact into ``out`` if given."""
    from dsroles.churn import evaluate as ev, train  # scikit-learn: only for a run, not the tables

    timings = {}
    t = time.perf_counter()
    tables = feature_table(data_dir)
    timings["data"] = time.perf_counter() - t
    t = time.perf_counter()
    train_set, test_set = train.time_split(tables.snapshots)
    model = train.train(train_set, kind, seed=seed)
    timings["train"] = time.perf_counter() - t
    t = time.perf_counter()
    metrics = ev.evaluate(model, test_set)
    timings["evaluate"] = time.perf_counter() - t
    path = None
    if out is not None:
        from dsroles.churn import artefact

        t = time.perf_counter()
        path = artefact.save_model(model, out, metrics=metrics, data_dir=data_dir,
                                   threshold=metrics["best_threshold"])
        timings["save"] = time.perf_counter() - t
    return Run(metrics, path, timings, model)
