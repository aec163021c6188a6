"""Retraining from settings (dsroles.churn.retrain): are settings read, checked and applied, and
is a rerun the same model, byte for byte and version for version?"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dsroles.churn import artefact, evaluate, pipeline, retrain
from dsroles.churn.data import project_data


@pytest.fixture(scope="module")
def folder():
    return project_data(42)


@pytest.fixture(scope="module")
def snapshots(folder):
    return pipeline.feature_table(folder).snapshots


def test_a_settings_file_changes_only_what_it_names(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text("[model]\nC = 0.2\n")
    config = retrain.load_config(path)
    assert config["model"]["C"] == 0.2
    assert config["features"] == retrain.default_config()["features"]


@pytest.mark.parametrize("text, message", [
    ("[modle]\nC = 0.2\n", "unknown section [modle]"),
    ("[model]\nc = 0.2\n", "unknown setting 'c'"),
    ("[model\n", "cannot read"),
])
def test_unusable_settings_are_refused_by_name(tmp_path, text, message):
    path = tmp_path / "s.toml"
    path.write_text(text)
    with pytest.raises(retrain.ConfigError, match=message.replace("[", r"\[")):
        retrain.load_config(path)


def test_the_threshold_is_the_business_break_even():
    assert retrain.decision_threshold(retrain.load_config()) == pytest.approx(evaluate.break_even_probability())


def test_log_counts_logs_the_named_columns_only():
    out = retrain.log_counts(pd.DataFrame({"minutes": [0.0, math.e - 1], "addons": [1, 2]}), ["minutes"])
    assert out["minutes"].tolist() == pytest.approx([0.0, 1.0]) and out["addons"].tolist() == [1, 2]


def test_a_log_scaled_column_must_be_numeric():
    with pytest.raises(retrain.ConfigError, match="numeric features"):
        retrain.build_pipeline(retrain.merge_config({"features": {"log_scaled": ["region"]}}))


def test_retraining_is_reproducible(folder, snapshots, tmp_path):
    """Same data and settings: the same model file and version; other settings: another file.
    (The version used to hold a function's memory address, and changed from run to run.)"""
    first = retrain.retrain(None, folder, tmp_path / "a", snapshots=snapshots)
    again = retrain.main(["--out", str(tmp_path / "b"), "--data", str(folder)])
    other = retrain.retrain(retrain.merge_config({"model": {"C": 0.05}}), folder, tmp_path / "c",
                            snapshots=snapshots)
    meta = {k: artefact.read_metadata(p) for k, p in
            (("a", first), ("b", tmp_path / "b"), ("c", other))}
    assert again == 0
    assert meta["a"]["model_sha256"] == meta["b"]["model_sha256"] != meta["c"]["model_sha256"]
    assert meta["a"]["model_version"] == meta["b"]["model_version"] != meta["c"]["model_version"]
    model, _ = artefact.load_model(first)  # the log step pickled by its importable name
    step = model.named_steps["prepare"].named_transformers_["numeric"].steps[0][1]
    assert step.func.__module__ == "dsroles.churn.retrain"


def test_the_command_line_says_what_is_wrong(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("[nope]\n")
    assert retrain.main(["--config", str(bad), "--out", str(tmp_path / "x"), "--seed", "42"]) == 2
    assert "unknown section [nope]" in capsys.readouterr().err


def test_a_function_in_the_pipeline_does_not_change_the_version_by_its_address():
    """Two processes hold the same function at different addresses: do they hash alike?"""
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer

    def make(scale):
        def log_counts(x):
            return x * scale
        return make_pipeline(FunctionTransformer(log_counts))

    one, other = make(1), make(2)  # same name, two function objects at two addresses
    assert repr(one) != repr(other) or " at 0x" in repr(one.get_params())
    assert artefact.training_options(one) == artefact.training_options(other)
