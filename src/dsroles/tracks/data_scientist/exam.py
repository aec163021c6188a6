"""The data scientist's graded assessment (``ds_exam.<name>``): variants of the track's
exercises, with no hints and no solutions.

    from dsroles.checks import assert_check
    assert_check("ds_exam.invoice_churn", references.invoice_rate, seed=seed)

Each is a variant of a lesson exercise, so a lesson's solution does not answer it: another
segment and question, a split with a gap, a model scored on two months of 2026 no lesson
touches, a rolling-window cross-validation, a 90 % interval on two test months, a bigger A/B
trial with a dearer offer, and a seeded experiment recorded with the months it was measured
on. Expected values come from ``references`` (the answer key), inputs from ``exam_data``;
the comparisons and the mistakes they name live in the track's shared parts.
"""

from __future__ import annotations

from dsroles.checks import Part
from dsroles.checks.calling import require_function
from dsroles.checks.exercise import Exercise
from dsroles.checks.functions import check_function
from dsroles.checks.models import one_thread
from dsroles.checks.numbers import a_type, check_numbers
from dsroles.checks.outcomes import Incorrect, is_blank_text
from dsroles.checks.wording import plural
from dsroles.tracks.data_scientist import (
    abtests, evaluation, exam_data, experiments, models, references, segments, splits,
)

# -- task 1: explore -------------------------------------------------------------------------
invoice_churn = Exercise(
    "ds_exam.invoice_churn",
    compare=lambda value, want, ctx: segments.check_share(value, want, ctx["seed"]),
    expected=references.invoice_rate,
    context=("seed",),
)


failed_payment_lift = Exercise(
    "ds_exam.failed_payment_lift",
    compare=lambda value, want, ctx: segments.check_lift(value, want, ctx["seed"]),
    expected=references.failed_payment_lift,
    context=("seed",),
)


segment_size = Exercise(
    "ds_exam.segment_size",
    compare=lambda value, want, ctx: segments.check_segment(value, want, ctx["seed"],
                                                            exam_data.SEGMENT_MONTH),
    expected=references.segment_count,
    context=("seed",),
)


# -- task 2: keep the future out -------------------------------------------------------------
def _precheck_columns(value, columns, context):
    if type(value) not in (list, tuple) or any(type(c) is not str for c in value):
        raise Incorrect(f"your answer is {a_type(value)}; a list of column names (str) is "
                        "expected.")
    unknown = [c for c in value if c not in columns]
    if unknown:
        raise Incorrect(f"{', '.join(repr(c) for c in unknown[:3])} "
                        f"{'is not a column' if len(unknown) == 1 else 'are not columns'} of "
                        "the snapshot table.")
    kept = sum(c in value for c in references.usable_columns())
    if kept < len(references.usable_columns()) // 2:
        raise Incorrect(f"your list keeps only {kept} of the columns a model may use: a model "
                        "needs the signals known at decision time, not just a safe few.")


def _excludes(names, reason: str):
    def part(value, columns, context):
        found = [c for c in names if c in value]
        if found:
            raise Incorrect(f"your list includes {plural(len(found), 'column')} {reason}.")
    return part


def _complete(value, columns, context):
    missing = [c for c in references.usable_columns() if c not in value]
    if missing:
        raise Incorrect(f"you left out {plural(len(missing), 'column')} known at decision time "
                        "that a model may use.")


model_columns = Exercise(
    "ds_exam.model_columns",
    expected=references.table_columns,
    context=("seed",),
    precheck=_precheck_columns,
    parts=[
        Part("the leak", _excludes(["exit_survey_score"], "filled in only after a customer has "
                                   "cancelled"), 1.0),
        Part("keys and label", _excludes(["customer_key", "snapshot_month", "churned"],
                                         "that identify a row, or the label itself"), 1.0),
        Part("protected attributes", _excludes(["gender", "age"], "holding protected attributes, "
                                               "kept for fairness checks, never as inputs"), 0.5),
        Part("the signals", _complete, 0.5),
    ],
)


gap_split = Exercise(
    "ds_exam.gap_split",
    compare=lambda fn, _, ctx: check_function(fn, references.gap_split_reference,
                                              exam_data.gap_split_cases(),
                                              splits.compare_gap_split),
)


# -- task 3: a model for months nobody has seen ----------------------------------------------
HELDOUT_WHERE = "the held-out months"


def _check_inputs(model, expected, context):
    import numpy as np
    from sklearn.pipeline import Pipeline

    from dsroles.churn.features import PROTECTED

    if not isinstance(model, Pipeline):
        raise Incorrect(f"your model is {a_type(model)}; a scikit-learn Pipeline is expected "
                        "(the column preparation and the classifier in one object).")
    X, y = exam_data.heldout(context["seed"])
    models.scored(model, X, y)
    order = np.random.default_rng(1).permutation(len(X))  # protected columns shuffled
    shuffled = X.assign(**{c: X[c].to_numpy()[order] for c in PROTECTED})
    with one_thread():
        before = model.predict_proba(X)[:, 1]
        after = model.predict_proba(shuffled)[:, 1]
    if not np.allclose(before, after, rtol=0, atol=1e-12):
        raise Incorrect("your model's scores change with gender or age: protected attributes "
                        "stay out of the model's inputs.")


model_inputs = Exercise(
    "ds_exam.model_inputs",
    compare=_check_inputs,
    context=("seed",),
)


model = Exercise(
    "ds_exam.model",
    expected=references.baseline_auc,
    context=("seed",),
    precheck=lambda m, _, ctx: models.scored(m, *exam_data.heldout(ctx["seed"])),
    parts=models.auc_parts(exam_data.heldout, HELDOUT_WHERE),
    correct_note="it ranks the held-out months' customers better than the baseline.",
)


calibrated = Exercise(
    "ds_exam.calibrated",
    compare=lambda m, want, ctx: models.check_brier(m, want, *exam_data.heldout(ctx["seed"]),
                                                    HELDOUT_WHERE),
    expected=references.know_nothing_brier,
    context=("seed",),
)


# -- task 4: evaluate honestly ---------------------------------------------------------------
def _check_rolling(value, want, context):
    value = evaluation.by_month(value, exam_data.CV_MONTHS)  # a dict keyed by month is read by its keys
    check_numbers(value, want, abs_tol=evaluation.FOLD_TOLERANCE, rel_tol=0, what="your AUCs",
                  labels=exam_data.CV_MONTHS,
                  mistakes=evaluation.fold_mistakes(context["seed"], exam_data.CV_MONTHS,
                                                    exam_data.CV_WINDOW),
                  why="for each test month, train train.train on exactly the four months "
                      "present before it and score that month with roc_auc_score on "
                      "predict_proba(...)[:, 1].")


rolling_cv = Exercise(
    "ds_exam.rolling_cv",
    compare=_check_rolling,
    expected=references.rolling_aucs,
    context=("seed",),
)


bootstrap_90 = Exercise(
    "ds_exam.bootstrap_90",
    compare=lambda value, want, ctx: evaluation.check_bootstrap(
        value, want, *references.two_month_scores(ctx["seed"]), seed=ctx["seed"],
        level=exam_data.INTERVAL_LEVEL, resamples=exam_data.INTERVAL_RESAMPLES),
    expected=references.interval_reference,
    context=("seed",),
)


# -- task 5: a second retention-offer trial --------------------------------------------------
def _counts(context) -> abtests.Counts:
    return abtests.counts(exam_data.trial(context["seed"]))


ab_effect = Exercise(
    "ds_exam.ab_effect",
    compare=lambda value, want, ctx: abtests.check_effect(value, want, _counts(ctx)),
    expected=lambda seed: references.trial_summary(seed)["effect"],
    context=("seed",),
)


ab_pvalue = Exercise(
    "ds_exam.ab_pvalue",
    compare=lambda value, _, ctx: abtests.check_p_value(value, exam_data.trial(ctx["seed"])),
    expected=lambda seed: references.trial_summary(seed)["p_value"],
    context=("seed",),
)


def _check_value(value, want, context):
    business = exam_data.exam_business()
    abtests.check_value_interval(value, want, c=_counts(context), cost=business.retention_offer_cost,
                                 ltv=business.customer_lifetime_value,
                                 acceptance=business.offer_acceptance_rate)


offer_value = Exercise(
    "ds_exam.offer_value",
    compare=_check_value,
    expected=lambda seed: references.trial_summary(seed)["value_interval"],
    context=("seed",),
)


ab_decision = Exercise(
    "ds_exam.ab_decision",
    compare=lambda value, want, ctx: abtests.check_decision(
        value, want, cost_text=f"£{exam_data.OFFER_COST:.0f}"),
    expected=lambda seed: references.trial_summary(seed)["decision"],
    context=("seed",),
    not_attempted=is_blank_text,
)


# -- task 6: a seeded experiment, recorded ---------------------------------------------------
def _check_experiment(fn, expected, context):
    require_function(fn)
    seed = int(context["seed"])
    runs = [experiments.results_of(fn, seed, s) for s in (seed, seed, seed + 1)]
    problems = [
        (not experiments.same_numbers(runs[0], runs[1]),
         "two runs with the same seed gave different numbers: a random step does not get the "
         "seed."),
        (experiments.same_numbers(runs[0], runs[2]),
         "a run with another seed gave the same numbers: the seed argument is not used."),
        (runs[0]["seed"] != seed, "the result's 'seed' is not the seed the experiment ran with."),
        (not experiments.same_numbers(runs[0], references.seed_experiment(seed), tol=1e-6),
         "the numbers differ from the recipe's: the boosting model trained before the last two "
         "months, its AUC on those two months, a 90 % bootstrap interval of 100 resamples."),
    ]
    for broken, message in problems:
        if broken:
            raise Incorrect(message)


experiment = Exercise(
    "ds_exam.experiment",
    compare=_check_experiment,
    context=("seed",),
)


def _check_record(path, expected, context):
    import json
    from pathlib import Path

    experiments.check_record(path, expected, context)
    months = json.loads(Path(path).read_text(encoding="utf-8")).get("test_months")
    if months != references.test_months(context["seed"]):
        raise Incorrect("'test_months' should list the months the AUC was measured on, as "
                        "'YYYY-MM' text in time order.")


recorded = Exercise(
    "ds_exam.recorded",
    compare=_check_record,
    expected=lambda seed: references.seed_experiment(int(seed)),
    context=("seed",),
)
