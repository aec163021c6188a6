"""The versioned model artefact: round trip, metadata, and refusing what cannot be trusted."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from dsroles.churn import artefact
from dsroles.churn.features import MODEL_FEATURES


@pytest.fixture
def saved(trained, tmp_path):
    """A private copy of the trained artefact that a test may damage."""
    folder = tmp_path / "artefact"
    shutil.copytree(trained.artefact, folder)
    return folder


def test_round_trip_gives_identical_predictions(trained, history_tables):
    """Does the loaded model score every row exactly as the model that was saved?"""
    model, metadata = artefact.load_model(trained.artefact)
    rows = history_tables.snapshots[MODEL_FEATURES]
    np.testing.assert_array_equal(model.predict_proba(rows), trained.model.predict_proba(rows))
    assert metadata["threshold"] == trained.metrics["best_threshold"]


def test_metadata_describes_the_model(trained, data_dir):
    """Does metadata.json hold the version, data hash, metrics, features and library versions?"""
    metadata = json.loads((trained.artefact / artefact.METADATA_FILE).read_text())
    assert metadata["format_version"] == artefact.FORMAT_VERSION
    assert metadata["model_version"].startswith("churn-")
    assert metadata["data_hash"] == artefact.hash_data_folder(data_dir)
    assert metadata["model_sha256"] == artefact.sha256_file(trained.artefact / "model.joblib")
    assert metadata["features"] == MODEL_FEATURES
    assert metadata["metrics"]["auc"] == pytest.approx(trained.metrics["auc"])
    assert "calibration" not in metadata["metrics"]  # tables stay out of the metadata
    assert {"python", "scikit-learn", "pandas", "numpy", "dsroles"} <= set(metadata["libraries"])
    assert metadata["created"].endswith("+00:00")


def test_version_follows_data_and_options(trained, tmp_path):
    """Do the same data and options give the same version, and other data another one?"""
    same = artefact.save_model(trained.model, tmp_path / "a", metrics=trained.metrics,
                               data_hash=json.loads((trained.artefact / "metadata.json")
                                                    .read_text())["data_hash"], threshold=0.1)
    other = artefact.save_model(trained.model, tmp_path / "b", metrics={}, data_hash="0" * 64,
                                threshold=0.1)
    named = artefact.save_model(trained.model, tmp_path / "c", metrics={}, threshold=0.1,
                                version="2.1.0")
    version = lambda p: artefact.read_metadata(p)["model_version"]  # noqa: E731
    assert version(same) == version(trained.artefact)
    assert version(other) != version(trained.artefact)
    assert version(named) == "2.1.0"


def test_data_hash_changes_with_the_data(data_dir, clean_data_dir):
    """Do two different data folders get different hashes, and one folder always the same?"""
    assert artefact.hash_data_folder(data_dir) == artefact.hash_data_folder(data_dir)
    assert artefact.hash_data_folder(data_dir) != artefact.hash_data_folder(clean_data_dir)


def test_tampered_model_file_is_refused(saved):
    """Is a model file changed after saving refused before it is unpickled?"""
    with (saved / "model.joblib").open("ab") as fh:
        fh.write(b"\x00")
    with pytest.raises(artefact.ArtefactError, match="changed after it was saved"):
        artefact.load_model(saved)


def test_saving_again_replaces_the_artefact(trained, saved):
    """Does saving into an existing artefact folder replace it whole (and stay loadable)?"""
    artefact.save_model(trained.model, saved, metrics={}, threshold=0.2, version="again")
    model, metadata = artefact.load_model(saved)
    assert metadata["model_version"] == "again" and metadata["threshold"] == 0.2


@pytest.mark.parametrize("damage, message", [
    (lambda p: shutil.rmtree(p), "does not exist"),
    (lambda p: (p / "metadata.json").unlink(), "metadata.json is missing"),
    (lambda p: (p / "metadata.json").write_text("{not json"), "not readable JSON"),
    (lambda p: (p / "model.joblib").unlink(), "no model file"),
    (lambda p: (p / "metadata.json").write_text(json.dumps({"format": "other"})), "does not describe"),
])
def test_missing_or_corrupt_artefact_gives_a_clear_error(saved, damage, message):
    """Does a missing or broken artefact say what is wrong and what to do?"""
    damage(saved)
    with pytest.raises(artefact.ArtefactError, match=message) as caught:
        artefact.load_model(saved)
    assert "save" in str(caught.value).lower() or "train" in str(caught.value).lower()


def test_corrupt_model_file_with_matching_hash_gives_a_clear_error(saved):
    """Is a model file that is not a pickle reported as damaged, not as a traceback?"""
    (saved / "model.joblib").write_bytes(b"not a pickle")
    meta = json.loads((saved / "metadata.json").read_text())
    meta["model_sha256"] = artefact.sha256_file(saved / "model.joblib")
    (saved / "metadata.json").write_text(json.dumps(meta))
    with pytest.raises(artefact.ArtefactError, match="could not be loaded"):
        artefact.load_model(saved)


def test_other_library_versions_warn(saved):
    """Does loading warn, naming the library, when it was saved with another version?"""
    meta = json.loads((saved / "metadata.json").read_text())
    meta["libraries"]["scikit-learn"] = "0.0.1"
    (saved / "metadata.json").write_text(json.dumps(meta))
    with pytest.warns(artefact.LibraryVersionWarning, match=r"scikit-learn 0\.0\.1 ->"):
        model, _ = artefact.load_model(saved)
    assert hasattr(model, "predict_proba")


@pytest.mark.parametrize("threshold", [-0.1, 1.5])
def test_threshold_must_be_a_probability(trained, tmp_path, threshold):
    """Is a threshold outside [0, 1] refused when saving?"""
    with pytest.raises(artefact.ArtefactError, match="between 0 and 1"):
        artefact.save_model(trained.model, tmp_path / "x", metrics={}, threshold=threshold)


def test_a_folder_with_other_files_is_not_overwritten(trained, tmp_path):
    """Does saving refuse to wipe a folder that holds someone else's files?"""
    (tmp_path / "notes.txt").write_text("keep me")
    with pytest.raises(artefact.ArtefactError, match="already holds other files"):
        artefact.save_model(trained.model, tmp_path, metrics={}, threshold=0.1)
    assert (tmp_path / "notes.txt").read_text() == "keep me"


def test_data_hash_without_a_manifest_covers_the_files(tmp_path):
    """Does a folder with no manifest get a hash of its files, which changes when one does?"""
    (tmp_path / "a.csv").write_text("x\n1\n")
    before = artefact.hash_data_folder(tmp_path)
    (tmp_path / "a.csv").write_text("x\n2\n")
    assert artefact.hash_data_folder(tmp_path) != before
    with pytest.raises(artefact.ArtefactError, match="does not exist"):
        artefact.hash_data_folder(tmp_path / "nowhere")
