"""Retrain the churn model from a settings file, reproducibly, with one command.

    python -m dsroles.churn.retrain --config my.toml --out models/churn --seed 42

The data scientist's notebook kept its settings as constants in cells; here they live in a
TOML file (``retrain.toml`` beside this module holds the defaults, and a file of your own may
give only what it changes). Training and serving share the small functions below:
``log_counts`` is a step *inside* the fitted Pipeline, so the artefact carries it to the
service, and ``decision_threshold`` turns the business owner's figures into the threshold
the artefact records.

The same data and the same settings give the same model file, byte for byte, and so the same
SHA-256 and model version: ``retrain`` fits on one thread, and nothing in it is random.
"""

from __future__ import annotations

import argparse
import copy
import sys
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd

DEFAULTS_FILE = Path(__file__).with_name("retrain.toml")


class ConfigError(ValueError):
    """A settings file that cannot be used; the message names the setting and what to do."""


def default_config() -> dict:
    """The default settings, read from ``retrain.toml``."""
    return tomllib.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))


def merge_config(changes: dict, base: dict | None = None) -> dict:
    """``base`` (the defaults) with ``changes`` applied; an unknown setting is refused."""
    merged = copy.deepcopy(default_config() if base is None else base)
    for section, values in changes.items():
        if section not in merged or not isinstance(values, dict):
            raise ConfigError(f"unknown section [{section}]; the sections are "
                              f"{', '.join(f'[{s}]' for s in merged)}.")
        unknown = [k for k in values if k not in merged[section]]
        if unknown:
            raise ConfigError(f"unknown setting {unknown[0]!r} in [{section}]; it takes "
                              f"{', '.join(merged[section])}.")
        merged[section].update(copy.deepcopy(values))
    return merged


def load_config(path: str | Path | None = None) -> dict:
    """The settings of a TOML file (missing settings take their defaults); None: the defaults."""
    if path is None:
        return default_config()
    try:
        changes = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"cannot read the settings file {path}: {err}") from None
    return merge_config(changes)


def decision_threshold(config: dict) -> float:
    """The break-even churn probability of the business's figures: offer at or above it."""
    d = config["decision"]
    return float(d["offer_cost"]) / (float(d["acceptance_rate"]) * float(d["lifetime_value"]))


def model_features(config: dict) -> list[str]:
    f = config["features"]
    return list(f["numeric"]) + list(f["categorical"])


def log_counts(X: pd.DataFrame, columns=()) -> pd.DataFrame:
    """``X`` with each of ``columns`` replaced by log(1 + value); the other columns as they are."""
    out = X.copy()
    for column in columns:
        out[column] = np.log1p(out[column].astype(float))
    return out


def build_pipeline(config: dict):
    """The unfitted Pipeline the settings describe: log-scale, impute, scale, one-hot, classify."""
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline, make_pipeline
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

    f, m = config["features"], config["model"]
    unknown = [c for c in f["log_scaled"] if c not in f["numeric"]]
    if unknown:
        raise ConfigError(f"[features] log_scaled names {unknown[0]!r}, which is not among the "
                          f"numeric features; log-scale numeric columns only.")
    numeric = make_pipeline(
        FunctionTransformer(log_counts, kw_args={"columns": list(f["log_scaled"])},
                            feature_names_out="one-to-one"),
        SimpleImputer(strategy="median", add_indicator=True),
        StandardScaler())
    prepare = ColumnTransformer([  # selects the columns by name: other columns are ignored
        ("numeric", numeric, list(f["numeric"])),
        ("categorical", OneHotEncoder(handle_unknown="ignore", min_frequency=m["min_frequency"]),
         list(f["categorical"])),
    ])
    return Pipeline([
        ("prepare", prepare),
        ("classify", LogisticRegression(C=m["C"], max_iter=m["max_iter"])),
    ])


def fit(table: pd.DataFrame, config: dict):
    """``build_pipeline(config)`` fitted on a snapshot table (its ``churned`` label), one thread."""
    from threadpoolctl import threadpool_limits

    from dsroles.churn.features import LABEL

    features = model_features(config)
    with threadpool_limits(limits=1):
        return build_pipeline(config).fit(table[features], table[LABEL].to_numpy())


def retrain(config: dict | str | Path | None, data_dir: str | Path, out: str | Path, *,
            snapshots: pd.DataFrame | None = None) -> Path:
    """Train on the data folder's history as the settings say, evaluate, save the artefact.

    Trains on every labelled month but the last ``test_months``, evaluates on those, and
    writes the artefact (model, version, features, threshold, metrics) into ``out``.
    ``snapshots`` saves rebuilding the folder's snapshot table when the caller has it.
    """
    from dsroles.churn import artefact, evaluate, pipeline, train

    config = config if isinstance(config, dict) else load_config(config)
    if snapshots is None:
        snapshots = pipeline.feature_table(data_dir).snapshots
    train_part, test_part = train.time_split(snapshots, int(config["data"]["test_months"]))
    model = fit(train_part, config)
    metrics = evaluate.evaluate(model, test_part, model_features(config))
    return artefact.save_model(model, out, metrics=metrics, data_dir=data_dir,
                               threshold=decision_threshold(config))


def main(argv: list[str] | None = None) -> int:
    """Retrain from the command line; print the model version and SHA-256."""
    from dsroles.churn.artefact import ArtefactError, read_metadata

    parser = argparse.ArgumentParser(prog="python -m dsroles.churn.retrain",
                                     description="Retrain the churn model from a settings file.")
    parser.add_argument("--config", help="a TOML settings file (default: the packaged defaults)")
    parser.add_argument("--out", required=True, help="the folder to write the model artefact to")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--data", help="a folder of raw sources (dsroles data --out ...)")
    source.add_argument("--seed", type=int, default=42, help="the course data of this seed")
    args = parser.parse_args(argv)
    try:
        if args.data is None:
            from dsroles.churn.data import project_data

            args.data = project_data(args.seed)
        out = retrain(args.config, args.data, args.out)
    except (ConfigError, ArtefactError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    meta = read_metadata(out)
    print(f"{meta['model_version']} sha256 {meta['model_sha256']} threshold {meta['threshold']:.4f}"
          f" AUC {meta['metrics']['auc']:.3f} -> {out}")
    return 0


if __name__ == "__main__":
    # Run the imported module's main, not this __main__ copy: the Pipeline must pickle
    # log_counts as dsroles.churn.retrain.log_counts, which a service can import.
    from dsroles.churn import retrain as _module

    sys.exit(_module.main())
