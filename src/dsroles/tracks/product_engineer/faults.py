"""Broken production conditions the service must survive: a missing artefact, a model file
changed after it was saved, and a model that scores far too slowly."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

SLOW_SECONDS = 4.5  # how long the slow model takes to score anything (above the 3.5 s budget)


class SlowModel:
    """A fitted model that takes ``delay`` seconds to score (a stuck dependency, a cold disk)."""

    def __init__(self, model, delay: float = SLOW_SECONDS):
        self.model = model
        self.delay = float(delay)
        self.feature_names_in_ = getattr(model, "feature_names_in_", None)
        self.classes_ = getattr(model, "classes_", None)

    def predict_proba(self, rows):
        time.sleep(self.delay)
        return self.model.predict_proba(rows)


def workspace() -> Path:
    """A fresh folder for the broken artefacts of one check (removed by ``cleanup``)."""
    return Path(tempfile.mkdtemp(prefix="pe-faults-"))


def cleanup(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def missing_artefact(where: Path) -> Path:
    """A path where the artefact should be but is not (a failed deploy, a wrong volume)."""
    return where / "artefact-never-copied"


def corrupt_artefact(source: Path, where: Path) -> Path:
    """A copy of ``source`` whose model file was changed after it was saved."""
    target = where / "artefact-tampered"
    shutil.copytree(source, target)
    model_file = target / "model.joblib"
    data = bytearray(model_file.read_bytes())
    data[len(data) // 2] ^= 0xFF
    model_file.write_bytes(bytes(data))
    return target


def slow_artefact(seed: int, where: Path) -> Path:
    """An artefact whose model takes ``SLOW_SECONDS`` to score each request."""
    from dsroles.churn import artefact
    from dsroles.tracks.product_engineer import data

    model, metadata = data.served(seed)
    target = where / "artefact-slow"
    artefact.save_model(SlowModel(model), target, metrics={}, data_hash=metadata["data_hash"],
                        threshold=metadata["threshold"], version=metadata["model_version"])
    return target
