"""The predictor (dsroles.churn.predictor): one schema for both entry points, the artefact's
version and threshold, an empty batch, and a changed model file refused before it is opened."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from pydantic import ValidationError

from dsroles.churn import artefact, pipeline, retrain
from dsroles.churn.data import project_data
from dsroles.churn.features import MODEL_FEATURES
from dsroles.churn.predictor import Predictor


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    snaps = pipeline.feature_table(project_data(42)).snapshots
    return retrain.retrain(None, project_data(42), tmp_path_factory.mktemp("p") / "model", snapshots=snaps), snaps


@pytest.fixture(scope="module")
def month(saved):
    snaps = saved[1]
    return snaps[snaps["snapshot_month"] == "2025-11"].head(50)


def customer_of(row) -> dict:
    return {k: (v.item() if hasattr(v, "item") else v) for k, v in row[MODEL_FEATURES].items()}


def test_batch_and_single_agree_with_the_model(saved, month):
    p = Predictor.from_artefact(saved[0])
    batch = p.predict_batch(month)
    assert list(batch.columns) == ["churn_probability", "offer"] and list(batch.index) == list(month.index)
    assert np.allclose(batch["churn_probability"], p.model.predict_proba(month[MODEL_FEATURES])[:, 1])
    assert (batch["offer"] == (batch["churn_probability"] >= p.threshold)).all()
    one = p.predict_one(customer_of(month.iloc[0]))
    assert one == {"churn_probability": pytest.approx(batch["churn_probability"].iloc[0]),
                   "offer": bool(batch["offer"].iloc[0]), "model_version": p.version}


def test_an_empty_batch_is_a_normal_batch(saved, month):
    out = Predictor.from_artefact(saved[0]).predict_batch(month.iloc[:0])
    assert len(out) == 0 and list(out.columns) == ["churn_probability", "offer"]


@pytest.mark.parametrize("change", [{"monthly_charges": 1399.0}, {"contract": "biennial"},
                                    {"sessions": -1}, {"email": "a@b.c"}])
def test_invalid_input_is_refused_by_name(saved, month, change):
    p = Predictor.from_artefact(saved[0])
    with pytest.raises(ValidationError, match=next(iter(change))):
        p.predict_one({**customer_of(month.iloc[0]), **change})
    if "email" not in change:
        with pytest.raises(ValidationError):
            p.predict_batch(month.assign(**change))


def test_a_changed_model_file_is_refused(saved, tmp_path):
    changed = tmp_path / "changed"
    shutil.copytree(saved[0], changed)
    with open(changed / "model.joblib", "ab") as fh:
        fh.write(b"\0")
    with pytest.raises(artefact.ArtefactError, match="was not loaded"):
        Predictor.from_artefact(changed)
