"""Data scientist, lesson 3 (``03_model_and_evaluation``): a model that beats the baseline on
a month no lesson shows, calibration, cross-validation by time, a bootstrap interval and the
profit at the break-even threshold.

    from dsroles.tracks.data_scientist import model_evaluation
    q = model_evaluation.bind(seed=SEED)
    q.model.check(my_model)
"""

from __future__ import annotations

import functools

from dsroles.checks.exercise import Exercise
from dsroles.checks.numbers import check_numbers
from dsroles.checks.registry import binder
from dsroles.tracks.data_scientist import data, declared, evaluation, models


CV_MONTHS = ("2025-09", "2025-10", "2025-11")  # the test month of each time fold


BOOTSTRAP_RESAMPLES = 200


@functools.lru_cache(maxsize=4)
def baseline_auc(seed: int) -> float:
    """AUC of the logistic baseline on the held-out month."""
    from sklearn.metrics import roc_auc_score

    from dsroles.churn.features import NUMERIC

    X, y = data.heldout(seed)
    return float(roc_auc_score(y, data.baseline(seed).predict_proba(X[NUMERIC])[:, 1]))


HELDOUT_WHERE = "the held-out month"


model = Exercise(
    "ds.model",
    competency="DS-3",
    expected=baseline_auc,
    context=("seed",),
    precheck=lambda m, _, ctx: models.scored(m, *data.heldout(ctx["seed"])),
    parts=models.auc_parts(data.heldout, HELDOUT_WHERE),
    correct_note="it ranks the held-out month's customers better than the baseline.",
    hints=[
        "The check gives your model the whole snapshot table of the held-out month (every "
        "column but `churned`), so start your Pipeline with a ColumnTransformer that picks "
        "its columns: numeric ones imputed and scaled, categorical ones one-hot encoded.",
        "The contract type matters a lot, and counts like minutes are heavy-tailed "
        "(`FunctionTransformer(np.log1p)` helps a linear model). Train on every labelled "
        "history month, and leave `exit_survey_score` out.",
    ],
    solution=(
        "```python\ndef make_my_model():\n"
        "    prepare = ColumnTransformer([\n"
        "        ('numeric', make_pipeline(SimpleImputer(strategy='median'), StandardScaler()),\n"
        "         features.NUMERIC),\n"
        "        ('categorical', OneHotEncoder(handle_unknown='ignore'), features.CATEGORICAL),\n"
        "    ])\n"
        "    return make_pipeline(prepare, LogisticRegression(max_iter=1000))\n```\n\n"
        "`train.build_model()` is the course's own version, with counts on a log scale."
    ),
)


def know_nothing_brier(seed: int) -> float:
    """Brier score on the held-out month of forecasting the training churn rate for everyone."""
    import numpy as np
    from sklearn.metrics import brier_score_loss

    _, y = data.heldout(seed)
    rate = float(data.snapshots(seed)["churned"].mean())
    return float(brier_score_loss(y, np.full(len(y), rate)))


calibration = Exercise(
    "ds.calibration",
    competency="DS-4",
    compare=lambda m, want, ctx: models.check_brier(m, want, *data.heldout(ctx["seed"]),
                                                    HELDOUT_WHERE),
    expected=know_nothing_brier,
    context=("seed",),
    hints=[
        "The Brier score is the mean of (probability - outcome)². Anything that pushes the "
        "probabilities away from the real churn rate (reweighting the classes, predicting "
        "hard 0/1 labels) makes it worse.",
        "A plain logistic regression is close to calibrated on data like its training data "
        "(its average prediction matches the churn rate it learned from). Reweighting the "
        "classes to balance them ranks as well, but inflates every probability.",
    ],
    solution=(
        "A logistic regression Pipeline like exercise 1's solution passes: fitted without "
        "`class_weight`, its probabilities follow the churn rate it was trained on. Check it "
        "with `q.calibration.check(my_model)`."
    ),
)


def fold_aucs(seed: int) -> list[float]:
    """Time-based CV: for each test month, train on every month before it; AUC per fold."""
    return evaluation.fold_aucs(int(seed), CV_MONTHS, None)


def _check_folds(value, want, context):
    value = evaluation.by_month(value, CV_MONTHS)  # a dict keyed by month is read by its keys
    check_numbers(value, want, abs_tol=evaluation.FOLD_TOLERANCE, rel_tol=0, what="your AUCs",
                  labels=CV_MONTHS,
                  mistakes=evaluation.fold_mistakes(int(context["seed"]), CV_MONTHS, None),
                  why="for each test month, train on every month before it and score that "
                      "month only.")


time_cv = Exercise(
    "ds.time_cv",
    competency="DS-4",
    compare=_check_folds,
    expected=fold_aucs,
    context=("seed",),
    hints=[
        "Three folds, one per test month (2025-09, 2025-10, 2025-11). For each, train "
        "`train.train(...)` on every snapshot *before* that month, and score that month only.",
        "For each test month: the training rows are those strictly before it, the test rows "
        "those of that month. Train, score the test rows on the model features with "
        "`predict_proba`, and compute `roc_auc_score`. Keep the three AUCs in month order.",
    ],
    solution=(
        "```python\nfold_auc = []\nfor month in ['2025-09', '2025-10', '2025-11']:\n"
        "    before = snaps[snaps['snapshot_month'] < month]\n"
        "    test = snaps[snaps['snapshot_month'] == month]\n"
        "    fitted = train.train(before)\n"
        "    p = fitted.predict_proba(test[features.MODEL_FEATURES])[:, 1]\n"
        "    fold_auc.append(roc_auc_score(test['churned'], p))\n```"
    ),
)


def reference_interval(seed: int) -> list[float]:
    from dsroles.churn import evaluate

    y, p = data.reference_test_scores(seed)
    return evaluate.bootstrap_interval(y, p, seed=seed)


def _check_interval(value, expected, context):
    evaluation.check_bootstrap(value, expected, *data.reference_test_scores(context["seed"]),
                               seed=int(context["seed"]), level=0.95,
                               resamples=BOOTSTRAP_RESAMPLES)


bootstrap_ci = Exercise(
    "ds.bootstrap_ci",
    competency="DS-4",
    compare=_check_interval,
    expected=reference_interval,
    context=("seed",),
    hints=[
        f"Repeat {BOOTSTRAP_RESAMPLES} times: draw len(y) row numbers with replacement "
        "(`rng.integers(0, n, n)`), compute the AUC on those rows. The interval is the 2.5th "
        "and 97.5th percentiles of the AUCs.",
        "Resample the *test* rows (labels and scores together, `y[i]`, `p[i]`) of the "
        "reference model trained on the time split's training months. `np.percentile` with "
        "the two percentiles gives the interval.",
    ],
    solution=(
        "```python\nrng = np.random.default_rng(SEED)\naucs = []\n"
        f"for _ in range({BOOTSTRAP_RESAMPLES}):\n    i = rng.integers(0, len(y_test), len(y_test))\n"
        "    aucs.append(roc_auc_score(y_test[i], p_test[i]))\n"
        "interval = np.percentile(aucs, [2.5, 97.5])\n```"
    ),
)


def profit_at_break_even(seed: int) -> float:
    from dsroles.churn import evaluate

    y, p = data.reference_test_scores(seed)
    return evaluate.expected_profit(y, p, evaluate.break_even_probability())


def profit_mistakes(seed: int) -> list:
    from dataclasses import replace

    from dsroles.churn import evaluate
    from dsroles.churn.params import BUSINESS

    y, p = data.reference_test_scores(seed)
    return [
        ("your profit uses a threshold of 0.5: offers pay from the break-even probability up.",
         lambda: evaluate.expected_profit(y, p, 0.5)),
        ("your profit leaves out the cost of the offers.",
         lambda: evaluate.expected_profit(y, p, evaluate.break_even_probability(),
                                          replace(BUSINESS, retention_offer_cost=0.0))),
        ("your profit counts every flagged leaver as kept: only 35 % accept the offer.",
         lambda: evaluate.expected_profit(y, p, evaluate.break_even_probability(),
                                          replace(BUSINESS, offer_acceptance_rate=1.0))),
    ]


profit = declared.number(
    "ds.profit",
    competency="DS-4",
    expected=profit_at_break_even,
    abs_tol=0.5,
    what="your profit",
    why="offer to every test row scored at or above the break-even probability: a flagged "
        "leaver is worth 0.35 x 240 - 10, a flagged stayer costs 10.",
    mistakes=profit_mistakes,
    hints=[
        "The break-even probability is cost / (acceptance rate x lifetime value). Every "
        "customer scored at or above it gets an offer.",
        "An offer to a customer who would have churned is worth 0.35 x 240 - 10; an offer to "
        "one who would have stayed costs 10. Count both kinds among the flagged test rows, or"
        " look in `evaluate` for a function that does this for a threshold.",
    ],
    solution=(
        "```python\nthreshold = evaluate.break_even_probability()   # 10 / (0.35 * 240)\n"
        "my_profit = evaluate.expected_profit(y_test, p_test, threshold)\n```"
    ),
)


bind = binder(__name__)
