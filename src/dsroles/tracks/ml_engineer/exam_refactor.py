"""The assessment's refactoring task (MLE-4), graded by behaviour: the refactored training
function scores as the notebook's cell did, each setting takes effect, and one call retrains
reproducibly (the same settings give the same model file, other settings another one)."""

from __future__ import annotations

import copy
import functools
import json
import tempfile
from pathlib import Path

import numpy as np

from dsroles.checks import Part
from dsroles.checks.calling import call_safely, require_function
from dsroles.checks.exercise import Exercise
from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect
from dsroles.tracks.ml_engineer import data, exam_data, references
from dsroles.tracks.ml_engineer.placeholders import is_stub

TOLERANCE = 1e-5  # the same steps in another order differ in the 7th decimal, no more

CHANGES = {
    "a stronger penalty (C = 0.05)": ("model", "C", 0.05),
    "no log-scaled column": ("features", "log_scaled", []),
    "a later training window (train_until = 2025-10)": ("data", "train_until", "2025-10"),
    "no region among the categories": ("features", "categorical", ["contract", "plan", "payment_method"]),
}


def changed(label: str | None) -> dict:
    """The notebook's settings, with one change (None: as they are)."""
    config = exam_data.settings()
    if label is not None:
        section, key, value = CHANGES[label]
        config[section][key] = copy.deepcopy(value)
    return config


def scored_rows(seed: int):
    snaps = data.snapshots(seed)
    return snaps[snaps["snapshot_month"] == "2025-11"].reset_index(drop=True)


def scores(model, seed: int, what: str) -> np.ndarray:
    if not hasattr(model, "predict_proba"):
        raise Incorrect(f"{what} returned {a_type(model)}; a fitted model (a Pipeline) is expected.")
    return np.asarray(call_safely(model.predict_proba, scored_rows(seed), what=f"{what}'s model"))[:, 1]


@functools.lru_cache(maxsize=16)
def reference_scores(seed: int, label: str | None) -> np.ndarray:
    model = references.train_model(data.snapshots(seed), changed(label))
    return model.predict_proba(scored_rows(seed))[:, 1]


def _compare(fn, seed: int, label: str | None) -> bool:
    model = call_safely(fn, data.snapshots(seed).copy(), changed(label), what="train_model")
    return np.allclose(scores(model, seed, "train_model"), reference_scores(seed, label),
                       rtol=0, atol=TOLERANCE)


def _check_equal(fn, expected, context):
    require_function(fn, "train_model")
    if not _compare(fn, int(context["seed"]), None):
        raise Incorrect("with the notebook's settings, your train_model does not score as the "
                        "notebook's model: keep its steps, its columns and its training months.")


refactor_equal = Exercise("mle_exam.refactor_equal", compare=_check_equal, context=("seed",),
                          not_attempted=is_stub)


def _takes_effect(label: str):
    def part(fn, expected, context):
        if not _compare(fn, int(context["seed"]), label):
            section, key, _ = CHANGES[label]
            raise Incorrect(f"with {label}, your model does not score as the notebook's code "
                            f"would with that setting: read [{section}] {key} from config instead "
                            "of a constant.")
    return part


config_effect = Exercise(
    "mle_exam.config_effect",
    context=("seed",),
    not_attempted=is_stub,
    precheck=lambda fn, expected, context: require_function(fn, "train_model"),
    parts=[Part(label, _takes_effect(label)) for label in CHANGES],
)


def _settings_text(config: dict) -> str:
    """TOML for ``config`` (strings, numbers and lists only)."""
    lines = []
    for section, values in config.items():
        lines.append(f"[{section}]")
        lines += [f"{key} = {json.dumps(value)}" for key, value in values.items()]
    return "\n".join(lines) + "\n"


@functools.lru_cache(maxsize=8)
def _retrained(fn, seed: int) -> dict:
    """Metadata of three runs of ``fn``: the notebook's settings twice, then C = 0.05."""
    from dsroles.churn import artefact

    runs = {}
    with tempfile.TemporaryDirectory(prefix="dsroles-retrain-") as tmp:
        for run, label in (("first", None), ("again", None),
                           ("changed", "a stronger penalty (C = 0.05)")):
            path = Path(tmp) / f"{run}.toml"
            path.write_text(_settings_text(changed(label)), encoding="utf-8")
            out = Path(tmp) / run
            call_safely(fn, str(path), str(out), what="retrain")
            try:
                model, meta = artefact.load_model(out)
            except artefact.ArtefactError as err:
                raise Incorrect(f"retrain did not leave a loadable artefact in out_dir: {err}") from None
            runs[run] = {"meta": meta, "scores": scores(model, seed, "retrain")}
    return runs


def _identical(fn, expected, context):
    runs = _retrained(fn, int(context["seed"]))
    if runs["first"]["meta"]["model_sha256"] != runs["again"]["meta"]["model_sha256"]:
        raise Incorrect("two runs with the same data and settings wrote different model files: "
                        "something in training is not fixed (a random state, a thread count).")
    if runs["first"]["meta"]["model_version"] != runs["again"]["meta"]["model_version"]:
        raise Incorrect("two identical runs got different model versions: derive the version "
                        "from the data and the settings, not from the time.")


def _change_shows(fn, expected, context):
    runs = _retrained(fn, int(context["seed"]))
    if runs["first"]["meta"]["model_sha256"] == runs["changed"]["meta"]["model_sha256"]:
        raise Incorrect("a run with another C wrote the same model file: retrain does not train "
                        "from the settings file it is given.")


def _carries(fn, expected, context):
    runs = _retrained(fn, int(context["seed"]))
    seed = int(context["seed"])
    if abs(float(runs["first"]["meta"]["threshold"]) - references.break_even(changed(None))) > 5e-4:
        raise Incorrect("the artefact's threshold is not the break-even probability of the "
                        "settings' [decision] figures.")
    if not np.allclose(runs["first"]["scores"], reference_scores(seed, None), rtol=0, atol=TOLERANCE):
        raise Incorrect("the model retrain saved does not score as train_model with those settings.")


retrain_reproducible = Exercise(
    "mle_exam.retrain_reproducible",
    context=("seed",),
    not_attempted=is_stub,
    precheck=lambda fn, expected, context: (require_function(fn, "retrain"),
                                            _retrained(fn, int(context["seed"]))),
    parts=[Part("identical reruns", _identical), Part("a change of settings", _change_shows),
           Part("the threshold and the model", _carries)],
)
