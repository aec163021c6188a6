"""The ML engineer track's data, from the seed: the clean tables, the snapshot table, and a
model artefact trained with the default settings (``dsroles.churn.retrain``), made once per
seed and process in a temporary folder that is removed when the process ends."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path


def data_dir(seed: int):
    """The folder of raw sources for this seed (generated once, then reused)."""
    from dsroles.churn.data import project_data

    return project_data(int(seed))


def tables(seed: int):
    """The cleaned, validated tables and the snapshot table of the seed's history."""
    from dsroles.churn.data import history_tables

    return history_tables(seed)


def snapshots(seed: int):
    return tables(seed).snapshots


@functools.lru_cache(maxsize=1)
def scratch() -> Path:
    """A temporary folder for this process, deleted when it ends."""
    folder = Path(tempfile.mkdtemp(prefix="dsroles-mle-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@functools.lru_cache(maxsize=4)
def artefact_dir(seed: int) -> Path:
    """A model artefact of the default settings, trained on the seed's history (once)."""
    from dsroles.churn import retrain

    return retrain.retrain(None, data_dir(seed), scratch() / f"artefact-seed{int(seed)}",
                           snapshots=snapshots(seed))


@functools.lru_cache(maxsize=1)
def fixture_artefact() -> Path:
    """The artefact learners' suites load: the default settings fitted on the fixture table."""
    from dsroles.churn import artefact, retrain
    from dsroles.tracks.ml_engineer.testkit import fixture_table

    model = retrain.fit(fixture_table(), retrain.load_config())
    return artefact.save_model(model, scratch() / "fixture-artefact", metrics={},
                               data_hash="fixture_snapshots.json", threshold=retrain.decision_threshold(
                                   retrain.load_config()))


def predictor(seed: int):
    from dsroles.churn.predictor import Predictor

    return Predictor.from_artefact(artefact_dir(seed))
