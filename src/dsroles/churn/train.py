"""Train the churn model: a scikit-learn Pipeline on a time-based split.

The same customers appear in many monthly snapshots, and the model will score *future*
months. So the test set is the last months, never a random sample of rows: a random
split mixes a customer's past and future and flatters the model.
"""

from __future__ import annotations

import copy
import hashlib
import os
from collections import OrderedDict

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler
from threadpoolctl import threadpool_limits

from dsroles.churn.features import CATEGORICAL, LABEL, MODEL_FEATURES, NUMERIC

# Heavy-tailed counts are easier for a linear model on a log scale.
LOG_SCALED = ["tenure_months", "minutes", "sessions", "days_since_last_session", "usage_trend"]


def time_split(df: pd.DataFrame, test_months: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Train on every month before the last ``test_months``, test on those last months."""
    months = sorted(df["snapshot_month"].unique())
    if len(months) <= test_months:
        raise ValueError(f"need more than {test_months} months to split, got {len(months)}")
    cut = months[-test_months]
    return df[df["snapshot_month"] < cut].copy(), df[df["snapshot_month"] >= cut].copy()


def build_model(kind: str = "logistic", *, numeric=None, categorical=None,
                seed: int = 0) -> Pipeline:
    """An unfitted Pipeline: impute, log-scale counts, scale, one-hot, then the classifier."""
    numeric = list(NUMERIC if numeric is None else numeric)
    categorical = list(CATEGORICAL if categorical is None else categorical)
    logged = [c for c in numeric if c in LOG_SCALED]
    plain = [c for c in numeric if c not in LOG_SCALED]
    numeric_steps = lambda log: Pipeline([  # noqa: E731
        ("impute", SimpleImputer(strategy="median", add_indicator=True)),
        *([("log", FunctionTransformer(np.log1p, feature_names_out="one-to-one"))] if log else []),
        ("scale", StandardScaler()),
    ])
    prep = ColumnTransformer([
        ("logged", numeric_steps(True), logged),
        ("numeric", numeric_steps(False), plain),
        ("categorical", OneHotEncoder(handle_unknown="ignore", min_frequency=10), categorical),
    ])
    if kind == "logistic":
        clf = LogisticRegression(C=0.5, max_iter=2000)
    elif kind == "boosting":
        clf = HistGradientBoostingClassifier(learning_rate=0.05, max_iter=150, max_leaf_nodes=15,
                                             l2_regularization=1.0, random_state=seed)
    else:
        raise ValueError(f"unknown model kind {kind!r}; use 'logistic' or 'boosting'")
    return Pipeline([("prepare", prep), ("classify", clf)])


FITS_KEPT = 16  # the last fits kept in memory: a check often fits the same model again
# A grading kernel sets this to "off" before any learner code runs (dsroles.grading.kernel):
# a model planted in the cache by an answer cell would then be what a hidden test's reference
# fits. Decided once, at import: turning the cache on later means replacing ``_fits``, a change
# of this module the grading guard sees.
FIT_CACHE_VARIABLE = "DSROLES_FIT_CACHE"
_fits: OrderedDict | None = None if os.environ.get(FIT_CACHE_VARIABLE) == "off" else OrderedDict()


def _fit_key(df: pd.DataFrame, columns: list, kind: str, seed: int) -> tuple:
    """What a fit depends on: the kind, the seed, the columns in order with their types, and
    every value row by row (a 64-bit hash per row, digested in order)."""
    table = df[columns]
    rows = pd.util.hash_pandas_object(table, index=False).to_numpy()
    return (kind, seed, tuple(columns), tuple(map(str, table.dtypes)), len(table),
            hashlib.blake2b(rows.tobytes(), digest_size=16).hexdigest())


def train(df: pd.DataFrame, kind: str = "logistic", *, features=None, seed: int = 0) -> Pipeline:
    """Fit ``build_model(kind)`` on the snapshot table ``df`` (its ``churned`` label).

    The same fit asked again (same kind, seed, columns and values) is a copy of the one kept:
    a fit is deterministic, and a check or a lesson often repeats one. The caller owns what it
    gets; changing it never changes what is kept."""
    features = list(MODEL_FEATURES if features is None else features)
    try:
        key = None if _fits is None else _fit_key(df, features + [LABEL], kind, seed)
    except (TypeError, ValueError):  # values that cannot be hashed: fit, keep nothing
        key = None
    if key is not None and key in _fits:
        _fits.move_to_end(key)
        return copy.deepcopy(_fits[key])
    numeric = [c for c in features if c not in CATEGORICAL]
    categorical = [c for c in features if c in CATEGORICAL]
    model = build_model(kind, numeric=numeric, categorical=categorical, seed=seed)
    # Tables of a few thousand rows fit fastest on one thread: several BLAS threads on a
    # small, busy machine mostly wait for each other.
    with threadpool_limits(limits=1):
        model.fit(df[features], df[LABEL].to_numpy())
    if key is not None:
        _fits[key] = copy.deepcopy(model)
        while len(_fits) > FITS_KEPT:
            _fits.popitem(last=False)
    return model
