"""The versioned model artefact: the fitted model plus everything needed to trust it later.

``save_model(model, out, metrics=..., data_dir=..., threshold=...)`` writes a folder::

    out/
      model.joblib     the fitted scikit-learn Pipeline (joblib, i.e. a pickle)
      metadata.json    format and model version, created time, data hash, features,
                       decision threshold, compact metrics, library versions, and the
                       SHA-256 of model.joblib

``load_model(out)`` checks the SHA-256 *before* unpickling (a pickle runs code when it is
loaded, so a changed file is refused, never opened), warns when the libraries differ from
the ones the model was saved with, and returns ``(model, metadata)``.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import shutil
import tempfile
import warnings
from datetime import datetime, timezone
from pathlib import Path

FORMAT = "dsroles-churn-model"
FORMAT_VERSION = 1
MODEL_FILE = "model.joblib"
METADATA_FILE = "metadata.json"
LIBRARIES = ("scikit-learn", "pandas", "numpy", "scipy", "joblib", "dsroles")


class ArtefactError(Exception):
    """The artefact folder is missing, incomplete, changed or unreadable (the message says which)."""


class LibraryVersionWarning(UserWarning):
    """The model was saved with other library versions than the ones running now."""


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def library_versions() -> dict:
    """The versions of Python and of the libraries a pickled model depends on."""
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = None
    return found


def hash_data_folder(data_dir: str | Path) -> str:
    """One SHA-256 for a data folder: over its manifest's file hashes, else over its files."""
    folder = Path(data_dir)
    if not folder.is_dir():
        raise ArtefactError(f"data folder {folder} does not exist; pass the folder the model "
                            f"was trained on, or data_hash=... instead")
    manifest = folder / "manifest.json"
    try:
        entries = json.loads(manifest.read_text())["sha256"]
    except (OSError, ValueError, KeyError, TypeError):
        entries = {p.relative_to(folder).as_posix(): sha256_file(p)
                   for p in sorted(folder.rglob("*")) if p.is_file()}
    text = json.dumps(entries, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def compact_metrics(metrics: dict) -> dict:
    """The single-number metrics (AUC, Brier, threshold, profit...); tables are dropped."""
    out = {}
    for key, value in (metrics or {}).items():
        if hasattr(value, "item"):  # numpy scalars
            value = value.item()
        if isinstance(value, (bool, int, float, str)) or value is None:
            out[str(key)] = value
    return out


def training_options(model) -> dict:
    """The final estimator in short, and a SHA-256 over every hyper-parameter of the model."""
    final = model.steps[-1][1] if hasattr(model, "steps") else model
    params = model.get_params(deep=True) if hasattr(model, "get_params") else {}
    text = _without_addresses(json.dumps({k: repr(v) for k, v in params.items()}, sort_keys=True))
    return {"estimator": _without_addresses(" ".join(repr(final).split())),
            "params_sha256": hashlib.sha256(text.encode()).hexdigest()}


def _without_addresses(text: str) -> str:
    """A repr without memory addresses (``<function f at 0x7f...>``): the same in every process."""
    return re.sub(r" at 0x[0-9a-fA-F]+", "", text)


def model_version(data_sha: str | None, options: dict, features: list[str]) -> str:
    """A version derived from what determines the model: data, training options, features.

    The same data and options give the same version; any change gives another one.
    """
    text = json.dumps({"data": data_sha, "options": options, "features": features},
                      sort_keys=True)
    return "churn-" + hashlib.sha256(text.encode()).hexdigest()[:12]


def _feature_names(model) -> list[str]:
    if hasattr(model, "feature_names_in_"):
        return [str(c) for c in model.feature_names_in_]
    from dsroles.churn.features import MODEL_FEATURES

    return list(MODEL_FEATURES)


def _prepare_folder(out: Path) -> None:
    """Refuse to overwrite a folder that holds anything but an earlier artefact."""
    if out.exists() and not out.is_dir():
        raise ArtefactError(f"{out} is a file; give a folder path for the model artefact")
    if out.is_dir():
        ours = {MODEL_FILE, METADATA_FILE}
        others = [p.name for p in out.iterdir() if p.name not in ours]
        if others:
            raise ArtefactError(f"{out} already holds other files ({', '.join(sorted(others)[:3])}); "
                                f"choose an empty or new folder for the model artefact")


def save_model(model, out: str | Path, *, metrics: dict, data_dir: str | Path | None = None,
               data_hash: str | None = None, threshold: float, version: str | None = None) -> Path:
    """Write ``model`` and its ``metadata.json`` into the folder ``out``; return ``out``.

    The data hash comes from ``data_hash`` or is computed from ``data_dir``. The model
    version is ``version`` if given, else derived from the data hash, the training
    options and the features. An earlier artefact in ``out`` is replaced whole.
    """
    import joblib

    from dsroles.churn.features import CATEGORICAL, LABEL

    if not 0.0 <= float(threshold) <= 1.0:
        raise ArtefactError(f"threshold must be a probability between 0 and 1, got {threshold!r}")
    out = Path(out)
    _prepare_folder(out)
    if data_hash is None and data_dir is not None:
        data_hash = hash_data_folder(data_dir)
    names = _feature_names(model)
    options = training_options(model)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        joblib.dump(model, tmp / MODEL_FILE)
        metadata = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "model_version": version or model_version(data_hash, options, names),
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "model_file": MODEL_FILE,
            "model_sha256": sha256_file(tmp / MODEL_FILE),
            "data_hash": data_hash,
            "features": names,
            "categorical_features": [c for c in names if c in CATEGORICAL],
            "label": LABEL,
            "threshold": float(threshold),
            "metrics": compact_metrics(metrics),
            "training": options,
            "libraries": library_versions(),
        }
        (tmp / METADATA_FILE).write_text(json.dumps(metadata, indent=1) + "\n")
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def read_metadata(path: str | Path) -> dict:
    """The artefact's metadata, checked for the fields ``load_model`` relies on."""
    folder = Path(path)
    if not folder.is_dir():
        raise ArtefactError(f"no model artefact at {folder}: the folder does not exist. "
                            f"Train and save one with dsroles.churn.pipeline.run(data_dir, out).")
    meta_path = folder / METADATA_FILE
    if not meta_path.is_file():
        raise ArtefactError(f"{folder} is not a model artefact: {METADATA_FILE} is missing. "
                            f"Save the model with dsroles.churn.artefact.save_model.")
    try:
        metadata = json.loads(meta_path.read_text())
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise ArtefactError(f"{meta_path} is not readable JSON ({err}); the artefact is damaged: "
                            f"save the model again.") from None
    if not isinstance(metadata, dict) or metadata.get("format") != FORMAT:
        raise ArtefactError(f"{meta_path} does not describe a {FORMAT} artefact; "
                            f"save the model with dsroles.churn.artefact.save_model.")
    if metadata.get("format_version") != FORMAT_VERSION:
        raise ArtefactError(f"{meta_path} has format version {metadata.get('format_version')!r}; "
                            f"this dsroles reads version {FORMAT_VERSION}: save the model again "
                            f"with this version of dsroles.")
    missing = [k for k in ("model_sha256", "model_version", "features", "threshold", "libraries")
               if k not in metadata]
    if missing:
        raise ArtefactError(f"{meta_path} lacks {', '.join(missing)}; the artefact is incomplete: "
                            f"save the model again.")
    return metadata


def version_differences(saved: dict, running: dict | None = None) -> dict:
    """``{library: (saved, running)}`` for every library whose version differs."""
    running = running or library_versions()
    return {name: (saved.get(name), running.get(name)) for name in running
            if name in saved and saved.get(name) != running.get(name)}


def load_model(path: str | Path):
    """``(model, metadata)`` from an artefact folder, after checking the model file's SHA-256.

    Raises ``ArtefactError`` for a missing, incomplete, changed or unreadable artefact;
    warns with ``LibraryVersionWarning`` when the libraries differ from the saved ones.
    """
    import joblib

    folder = Path(path)
    metadata = read_metadata(folder)
    model_path = folder / metadata.get("model_file", MODEL_FILE)
    if not model_path.is_file():
        raise ArtefactError(f"{folder} has no model file {model_path.name}; the artefact is "
                            f"incomplete: save the model again.")
    actual = sha256_file(model_path)
    if actual != metadata["model_sha256"]:
        raise ArtefactError(
            f"{model_path} was changed after it was saved: its SHA-256 is {actual[:16]}..., "
            f"metadata.json records {str(metadata['model_sha256'])[:16]}.... It was not loaded "
            f"(unpickling an unknown file can run any code). Save the model again from a "
            f"trusted training run.")
    differences = version_differences(metadata["libraries"])
    if differences:
        listed = ", ".join(f"{k} {a} -> {b}" for k, (a, b) in differences.items())
        warnings.warn(f"model {metadata['model_version']} was saved with other library versions "
                      f"({listed}); predictions may differ. Retrain it, or install the saved "
                      f"versions.", LibraryVersionWarning, stacklevel=2)
    try:
        with warnings.catch_warnings():
            if differences:  # said once above, in plain words
                warnings.filterwarnings("ignore", message=".*unpickle estimator.*")
            model = joblib.load(model_path)
    except Exception as err:  # noqa: BLE001 - any unpickling failure means the same thing
        raise ArtefactError(f"{model_path} could not be loaded ({type(err).__name__}: {err}); "
                            f"the file is damaged or was written by an incompatible library: "
                            f"save the model again.") from None
    if not hasattr(model, "predict_proba"):
        raise ArtefactError(f"{model_path} holds a {type(model).__name__}, not a classifier "
                            f"with predict_proba; save the fitted churn Pipeline.")
    return model, metadata
