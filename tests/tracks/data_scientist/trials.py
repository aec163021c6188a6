"""What learners hand in for the A/B trials and the recorded experiments: trial statistics
computed the ways analysts compute them, run_experiment functions (right and slipped) and
result files written to a temporary folder."""

from __future__ import annotations

import functools
import json
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from tracks.data_scientist.learners import auc, snaps

FOLDER = Path(tempfile.mkdtemp(prefix="dsroles-ds-answers-"))


# -- lesson 4 and task 5: A/B trials ---------------------------------------------------------
def group_rates(trial):
    return trial.groupby("group")["churned"].mean()


def effect(trial):
    r = group_rates(trial)
    return float(r["control"] - r["offer"])


def chi2_p(trial, correction=False):
    from scipy.stats import chi2_contingency

    return float(chi2_contingency(pd.crosstab(trial["group"], trial["churned"]),
                                  correction=correction)[1])


def z_p(trial, pooled: bool):
    from scipy.stats import norm

    r, n = group_rates(trial), trial.groupby("group").size()
    if pooled:
        q = trial["churned"].mean()
        se = np.sqrt(q * (1 - q) * (1 / n["control"] + 1 / n["offer"]))
    else:
        se = np.sqrt(r["control"] * (1 - r["control"]) / n["control"]
                     + r["offer"] * (1 - r["offer"]) / n["offer"])
    return float(2 * norm.sf(abs(effect(trial)) / se))


def welch_p(trial):
    from scipy.stats import ttest_ind

    return float(ttest_ind(trial.loc[trial["group"] == "control", "churned"],
                           trial.loc[trial["group"] == "offer", "churned"], equal_var=False).pvalue)


def value_interval(trial, cost, *, pooled=False, money_se=True, z=1.96):
    """The value of one offer, effect x 240 - cost, ± z standard errors (in money or not)."""
    r, n = group_rates(trial), trial.groupby("group")["churned"].size()
    if pooled:
        q = trial["churned"].mean()
        se = np.sqrt(q * (1 - q) * (1 / n["control"] + 1 / n["offer"]))
    else:
        se = np.sqrt(r["control"] * (1 - r["control"]) / n["control"]
                     + r["offer"] * (1 - r["offer"]) / n["offer"])
    centre, half = effect(trial) * 240 - cost, z * se * (240 if money_se else 1)
    return [centre - half, centre + half]


def decision(interval):
    low, high = interval
    return "roll out" if low > 0 else "do not roll out" if high < 0 else "collect more data"


def lesson_trial(seed):
    from dsroles.tracks.data_scientist import ab_test

    return ab_test.ab_sample(seed)


def exam_trial(seed):
    from dsroles.tracks.data_scientist import exam_data

    return exam_data.trial(seed)


def other_decisions(trial, cost):
    right = decision(value_interval(trial, cost))
    return [d for d in ("roll out", "do not roll out", "collect more data") if d != right]


# -- experiments and records -----------------------------------------------------------------
def experiment(test_months=None, level=0.95, resamples=200, model_seed=True, shared_rng=None):
    """A run_experiment function: lesson 4's recipe by default, the assessment's with
    ``test_months=2, level=0.9, resamples=100``."""
    from dsroles.churn import evaluate

    def run_experiment(table, seed):
        y, p = _scores(_rows(table), test_months, seed if model_seed else None, table)
        if shared_rng is not None:
            interval = list(np.percentile([auc(y[i], p[i]) for i in
                                           (shared_rng.integers(0, len(y), len(y))
                                            for _ in range(resamples))],
                                          [50 - 50 * level, 50 + 50 * level]))
        else:
            interval = evaluate.bootstrap_interval(y, p, seed=seed, level=level, resamples=resamples)
        return {"seed": seed, "auc": auc(y, p), "auc_interval": interval}
    return run_experiment


def _rows(table) -> int:
    """A fingerprint of a table's rows (the check hands each call its own copy)."""
    return int(pd.util.hash_pandas_object(table[["customer_key", "snapshot_month"]], index=False).sum())


_FITS: dict = {}


def _scores(rows: int, test_months, seed, table):
    """(y, p) of the boosting model on the test months, fitted once per table (known by its
    fingerprint ``rows``), split and seed: the same numbers a fresh fit gives, faster."""
    from dsroles.churn import train
    from dsroles.churn.features import MODEL_FEATURES

    key = (rows, test_months, seed)
    if key not in _FITS:
        tr, te = train.time_split(table, *([test_months] if test_months else []))
        fit = train.train(tr, "boosting", **({} if seed is None else {"seed": seed}))
        _FITS[key] = te["churned"].to_numpy(), fit.predict_proba(te[MODEL_FEATURES])[:, 1]
    return _FITS[key]


EXAM_RECIPE = {"test_months": 2, "level": 0.9, "resamples": 100}


@functools.cache
def results(seed, exam: bool):
    return experiment(**(EXAM_RECIPE if exam else {}))(snaps(seed), seed)


def versions(key="scikit-learn", **typed):
    import sklearn

    found = {key: sklearn.__version__, "numpy": np.__version__, "pandas": pd.__version__}
    return {**found, **typed}


def record(seed, *, exam: bool, name: str, keys=versions(), rounded=False, months=True):
    """Write a results file as a learner would; return its path."""
    from dsroles.tracks.data_scientist import references

    found = dict(results(seed, exam))
    if rounded:
        found = {**found, "auc": round(found["auc"], 4)}
    content = {**found, "versions": keys}
    if exam and months:
        content["test_months"] = references.test_months(seed)
    path = FOLDER / f"{name}-seed{seed}.json"
    path.write_text(json.dumps(content, indent=2), encoding="utf-8")
    return path

