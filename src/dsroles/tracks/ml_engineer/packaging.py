"""How a saved artefact and a predictor class are graded.

An artefact is judged by what a service will read from it: the decision threshold, the
version, the features, and a model file that loads (its hash checked) and scores as the
model it was saved from. A predictor class is judged by its scores, its empty batch, and by
what it refuses: a model file changed after saving (a planted pickle shows whether it was
unpickled) and input that breaks the schema.
"""

from __future__ import annotations

import pickle
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from dsroles.checks.calling import call_safely, require_function
from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect
from dsroles.tracks.ml_engineer import data

MARKER = "unpickled.txt"


def _touch(path: str) -> str:
    """What the planted pickle runs when it is opened: it leaves a file behind."""
    Path(path).write_text("a changed model file was unpickled\n", encoding="utf-8")
    return "not a model"


class _Planted:
    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (_touch, (self.marker,))


def tampered_copy(artefact_dir: Path, folder: Path) -> tuple[Path, Path]:
    """A copy of the artefact whose model file was replaced after saving; and the marker path."""
    target = folder / "tampered"
    shutil.copytree(artefact_dir, target)
    marker = folder / MARKER
    (target / "model.joblib").write_bytes(pickle.dumps(_Planted(str(marker))))
    return target, marker


def read_artefact(path):
    """``(model, metadata)`` of the folder a learner saved; Incorrect if it is not an artefact."""
    from dsroles.churn import artefact

    if type(path) not in (str,) and not isinstance(path, Path):
        raise Incorrect(f"your answer is {a_type(path)}; the folder you saved the artefact in "
                        "(a path) is expected.")
    try:
        return artefact.load_model(path)
    except artefact.ArtefactError as err:
        raise Incorrect(f"the folder is not a loadable model artefact: {err}") from None


def check_threshold(meta: dict, want: float) -> None:
    got = float(meta["threshold"])
    if abs(got - want) > 5e-4:
        raise Incorrect(f"the artefact's threshold ({got:.3f}) is not the break-even probability "
                        "of the business's figures: offer cost / (acceptance rate x lifetime value).")


def check_scores_like(model, reference_model, rows) -> None:
    """The saved model scores ``rows`` exactly as the model it was saved from."""
    got = model.predict_proba(rows)[:, 1]
    want = reference_model.predict_proba(rows)[:, 1]
    if not np.allclose(got, want, rtol=0, atol=1e-9):
        raise Incorrect("the model in the artefact does not score as the model you were given: "
                        "save that fitted model, unchanged.")


def construct(cls, folder):
    """``cls.from_artefact(folder)``, its failure in words."""
    require_function(cls, "your predictor class")
    maker = getattr(cls, "from_artefact", None)
    if not callable(maker):
        raise Incorrect("your predictor class has no from_artefact(folder) classmethod.")
    return call_safely(maker, str(folder), what="from_artefact")


def refuses_tampered(cls, seed: int) -> None:
    """Loading a changed model file raises, and the file was never unpickled."""
    with tempfile.TemporaryDirectory(prefix="dsroles-tamper-") as tmp:
        folder, marker = tampered_copy(data.artefact_dir(seed), Path(tmp))
        try:
            cls.from_artefact(str(folder))
            loaded = True
        except Exception:  # noqa: BLE001 - any refusal counts, as long as nothing was unpickled
            loaded = False
        opened = marker.exists()
    if opened:
        raise Incorrect("your predictor unpickled a model file that was changed after it was "
                        "saved (unpickling runs whatever code the file holds): check the file's "
                        "SHA-256 against the metadata first (dsroles.churn.artefact.load_model).")
    if loaded:
        raise Incorrect("your predictor loaded an artefact whose model file does not match its "
                        "recorded SHA-256: it must refuse it.")


def other_libraries_copy(artefact_dir: Path, folder: Path) -> Path:
    """A copy of the artefact that says it was saved with another scikit-learn (hash intact)."""
    import json

    target = folder / "older-libraries"
    shutil.copytree(artefact_dir, target)
    meta_path = target / "metadata.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["libraries"]["scikit-learn"] = "0.20.0"
    meta_path.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return target


def notices_other_libraries(cls, seed: int) -> None:
    """Loading a model saved with other library versions warns, or refuses; never silent."""
    import warnings

    with tempfile.TemporaryDirectory(prefix="dsroles-libraries-") as tmp:
        folder = other_libraries_copy(data.artefact_dir(seed), Path(tmp))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                cls.from_artefact(str(folder))
            except Exception:  # noqa: BLE001 - refusing is a fine answer too
                return
    if not caught:
        raise Incorrect("your predictor loads a model saved with other library versions without "
                        "a word: its predictions may differ; warn (artefact.load_model does) or "
                        "refuse.")


def raises_value_error(call, what: str) -> None:
    """``call()`` must raise ValueError (pydantic's ValidationError is one)."""
    try:
        call()
    except ValueError:
        return
    except Exception as exc:  # noqa: BLE001
        raise Incorrect(f"{what} raised {type(exc).__name__}; a ValueError (a pydantic "
                        "ValidationError is one) naming the field is expected.") from None
    raise Incorrect(f"{what} was scored: check every input against the schema before scoring.")


def bad_customers(customer: dict) -> dict:
    """Inputs the schema refuses, by what is wrong with them."""
    missing = dict(customer)
    missing.pop("region")
    return {"charges in pence": dict(customer, monthly_charges=1399.0),
            "an unknown contract 'biennial'": dict(customer, contract="biennial"),
            "a missing region": missing,
            "a negative ticket count": dict(customer, tickets_month=-1)}


def check_frame_columns(frame, columns, what: str) -> None:
    if type(frame) is not pd.DataFrame:
        raise Incorrect(f"{what} returned {a_type(frame)}; a DataFrame is expected.")
    if sorted(frame.columns) != sorted(columns):
        raise Incorrect(f"{what} returned the columns {list(frame.columns)}; exactly "
                        f"{list(columns)} are expected.")
