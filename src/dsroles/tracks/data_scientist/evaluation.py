"""The track's shared parts for evaluation answers: cross-validation folds by time and
bootstrap intervals, with the values that common mistakes give so that a message can name
the mistake rather than only the positions that differ.

A fold is the reference model (``train.train``) fitted on some months and scored on one
month; folds are cached per seed, and the folds only a mistake uses are fitted only when an
answer is wrong.
"""

from __future__ import annotations

import functools

from dsroles.checks.models import one_thread
from dsroles.tracks.data_scientist import data


FOLD_TOLERANCE = 1e-4  # a fold's AUC: the recipe gives the same model whatever the row order,
# while a window one month longer or shorter can move the AUC by as little as 0.0025


@functools.lru_cache(maxsize=64)
def fold_scores(seed: int, test_month: str, window: tuple[str, ...]):
    """(y, p) of ``test_month``: the reference model trained on the ``window`` months."""
    from dsroles.churn import train
    from dsroles.churn.features import LABEL, MODEL_FEATURES

    snaps = data.snapshots(seed)
    test = snaps[snaps["snapshot_month"] == test_month]
    with one_thread():
        fitted = train.train(snaps[snaps["snapshot_month"].isin(window)])
    return test[LABEL].to_numpy(), fitted.predict_proba(test[MODEL_FEATURES])[:, 1]


def months_of(seed: int) -> list[str]:
    return sorted(data.snapshots(seed)["snapshot_month"].unique())


def window(seed: int, month: str, before: int | None, *, with_test: bool = False) -> tuple:
    """The ``before`` months present just before ``month`` (all of them if None)."""
    months = months_of(seed)
    i = months.index(month)
    start = 0 if before is None else max(i - before, 0)
    return tuple(months[start:i + 1 if with_test else i])


def fold_aucs(seed: int, test_months, before: int | None, *, with_test: bool = False,
              score=None) -> list[float]:
    """One AUC (or ``score(y, p)``) per test month, each fold trained on its window."""
    from sklearn.metrics import roc_auc_score

    score = score or roc_auc_score
    return [float(score(*fold_scores(seed, m, window(seed, m, before, with_test=with_test))))
            for m in test_months]


def _accuracy(y, p) -> float:
    return float(((p > 0.5).astype(int) == y).mean())


def _hard_auc(y, p) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, (p > 0.5).astype(int)))


ACCURACY = ("your values look like accuracy (the share of right 0/1 predictions, high whenever "
            "few customers churn), not AUC: score predict_proba(...)[:, 1] with roc_auc_score.")
HARD_LABELS = ("your AUCs come from 0/1 predictions (predict), which throw the ranking away: "
               "pass predict_proba(...)[:, 1] to roc_auc_score.")
WITH_TEST = ("your training windows include the test month itself, so each model has seen the "
             "rows it is scored on: train on months before the test month only.")


def fold_mistakes(seed: int, test_months, before: int | None) -> list:
    """The fold AUCs that common mistakes give (lazily: fitted only when needed)."""
    f = functools.partial(fold_aucs, seed, test_months)
    found = [(ACCURACY, lambda: f(before, score=_accuracy)),
             (HARD_LABELS, lambda: f(before, score=_hard_auc)),
             ("your AUCs are not in month order: give them in the order of the test months.",
              lambda: f(before)[::-1]),
             (WITH_TEST, lambda: f(before, with_test=True))]
    if before is not None:
        found += [(WITH_TEST, lambda: f(before - 1, with_test=True)),
                  ("each of your folds trains on every month before its test month (an expanding "
                   "window): train on the four months just before it only.", lambda: f(None))]
        found += [(f"your windows hold {n} months: take exactly the {before} months before each "
                   "test month.", lambda n=n: f(n)) for n in (before - 1, before + 1)]
    return found


# -- bootstrap intervals ---------------------------------------------------------------------
def resampled_aucs(y, p, *, seed: int, resamples: int):
    """The AUCs of the recipe's resamples: one generator from ``seed``, rows with replacement
    (computed once per labels, scores, seed and count: every wrong interval needs them)."""
    import hashlib

    import numpy as np

    y, p = np.asarray(y), np.asarray(p, dtype=float)
    key = (hashlib.sha1(y.tobytes() + b"|" + p.tobytes()).hexdigest(), int(seed), int(resamples))
    if key not in _RESAMPLED:
        if len(_RESAMPLED) >= 8:
            _RESAMPLED.pop(next(iter(_RESAMPLED)))
        _RESAMPLED[key] = _draw(y, p, seed=seed, resamples=resamples)
    return _RESAMPLED[key].copy()


_RESAMPLED: dict = {}  # (labels and scores, seed, resamples) -> AUCs, the oldest dropped first


def _draw(y, p, *, seed: int, resamples: int):
    from dsroles.churn.evaluate import resampled_aucs

    return resampled_aucs(y, p, seed=seed, resamples=resamples)


OTHER_PERCENTILES = ((5, 95), (2.5, 97.5), (0.5, 99.5), (10, 90), (1, 99), (0.05, 0.95),
                     (0.025, 0.975))


def percentile_mistakes(aucs, level: float) -> list:
    """The intervals that the recipe's resamples give with other percentiles than ``level``'s."""
    import numpy as np

    tail = 100 * (1 - level) / 2
    message = (f"your interval takes other percentiles of the right resamples: a {100 * level:g} % "
               f"interval leaves {tail:g} % of the resampled AUCs out on each side (and "
               "np.percentile takes percents, np.quantile shares).")
    return [(message, list(np.percentile(aucs, list(q)))) for q in OTHER_PERCENTILES
            if abs(q[0] - tail) > 1e-9]


INTERVAL_TOLERANCE = 1e-6  # at each end: the recipe gives the same resamples, to the digit
ROUNDED = 5e-5  # an end rounded to 4 decimals, as the track's other AUCs may be


def by_month(value, months):
    """A learner's per-month numbers as a list in ``months``' order: a dict or a Series keyed
    by those months (``{"2025-08": auc, ...}``) is read by its keys, whatever their order;
    any other dict by its values, in order; anything else as it is."""
    import pandas as pd

    if type(value) is dict or type(value) is pd.Series:
        keys = [str(k) for k in value.keys()]
        if sorted(keys) == sorted(months) and len(set(keys)) == len(keys):
            found = dict(zip(keys, value.values if type(value) is pd.Series else value.values()))
            return [found[m] for m in months]
        if type(value) is dict:
            return list(value.values())
    return value


def percentile_spans(aucs, level: float) -> list[tuple[float, float]]:
    """For each end, the span of the resampled AUCs that a percentile of ``level`` may take
    however it is defined: np.percentile's methods ('linear', 'nearest', 'lower', 'hazen',
    ...) and a sorted list read by position (``sorted(aucs)[int(0.05 * n)]``) all land
    between the two order statistics around the tail's position."""
    import math

    import numpy as np

    a, n = np.sort(np.asarray(aucs, dtype=float)), len(aucs)
    spans = []
    for q in ((1 - level) / 2, (1 + level) / 2):
        first = min(max(math.floor(q * n - 1 + 1e-9), 0), n - 1)
        last = min(max(math.ceil(q * n - 1e-9), 0), n - 1)
        spans.append((float(a[first]), float(a[last])))
    return spans


def _within(got, spans, tol: float) -> bool:
    return all(low - tol <= g <= high + tol for g, (low, high) in zip(got, spans))


def check_bootstrap(value, want, y, p, *, seed: int, level: float, resamples: int) -> None:
    """A percentile bootstrap interval of the AUC of (y, p), made by the recipe.

    Other percentiles of the same resamples are named; any other difference is about the
    resamples (their unit, replacement, generator or number), never the percentiles.
    """
    from sklearn.metrics import roc_auc_score

    from dsroles.checks.numbers import as_numbers, named_mistake
    from dsroles.checks.outcomes import Incorrect

    got = [float(x) for x in as_numbers(value, "your interval")]
    if len(got) != 2 or got[0] > got[1]:
        raise Incorrect("give the interval as two numbers, [low, high].")
    if all(abs(g - w) <= INTERVAL_TOLERANCE for g, w in zip(got, want)):
        return
    aucs = resampled_aucs(y, p, seed=seed, resamples=resamples)
    spans = percentile_spans(aucs, level)
    if _within(got, spans, ROUNDED + INTERVAL_TOLERANCE):
        return  # the recipe's resamples, another definition of the percentile (or 4 decimals)
    if _within(got, spans, 5e-4 + INTERVAL_TOLERANCE):
        raise Incorrect("your interval looks rounded too coarsely: give its ends unrounded (or "
                        "to 4 decimals at least), so that they can be told from another "
                        "bootstrap's.")
    named = named_mistake(got, percentile_mistakes(aucs, level), abs_tol=1e-6, rel_tol=0)
    if named:
        raise Incorrect(named)
    if got[1] - got[0] < 1e-9:
        raise Incorrect("your interval has no width, as if every resample were the test rows "
                        "themselves: draw the row numbers with replacement.")
    if not got[0] <= roc_auc_score(y, p) <= got[1]:
        raise Incorrect("your interval does not contain the AUC it is about: resample the two "
                        "test months' rows (y_test and p_test, together).")
    raise Incorrect(f"your resamples are not the recipe's: one generator "
                    f"np.random.default_rng(seed), then {resamples} times draw n row numbers "
                    "with replacement (rng.integers(0, n, n)) from the n test rows and compute "
                    "one AUC per draw. Resample rows, not customers or months.")
