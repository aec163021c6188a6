"""The data scientist's graded assessment (``ds_exam.<name>``): variants of the track's
exercises, with no hints and no solutions.

    from dsroles.checks import assert_check
    assert_check("ds_exam.invoice_churn", references.invoice_rate, seed=seed)

Each is a variant of a lesson exercise, so a lesson's solution does not answer it: another
segment and question, a split with a gap, a model scored on two months of 2026 no lesson
touches, a rolling-window cross-validation, a 90 % interval on two test months, a bigger A/B
trial with a dearer offer, and a seeded experiment recorded with the months it was measured
on. Expected values come from ``references`` (the answer key), inputs from ``exam_data``.
"""

from __future__ import annotations

from dsroles.checks import Part, declare
from dsroles.checks.choices import check_choice, normalise_choice
from dsroles.checks.calling import require_function
from dsroles.checks.exercise import Exercise
from dsroles.checks.functions import check_function
from dsroles.checks.models import format_metric, one_thread, score_model
from dsroles.checks.numbers import a_type, as_number, as_numbers, check_number, format_number
from dsroles.checks.outcomes import Incorrect, NotAttempted, is_blank_text, is_placeholder
from dsroles.checks.wording import plural
from dsroles.tracks.data_scientist import abtests, exam_data, experiments, models, references, splits


AUC_MARGIN = 0.03  # a model must beat the logistic baseline by this much on the held-out months
BRIER_SLACK = 1.10  # ... and its Brier score stay within 10 % of the know-nothing forecast's


def _check_share(value, want, context):
    got = as_number(value, "your rate")
    if want > 0 and abs(got - 100 * want) <= 0.005 * 100 * want:
        raise Incorrect("your rate looks like a percentage: give it as a share between 0 and 1.")
    check_number(got, want, abs_tol=1e-4, rel_tol=0.005, what="your rate")


invoice_churn = Exercise(
    "ds_exam.invoice_churn",
    compare=_check_share,
    expected=references.invoice_rate,
    context=("seed",),
)


def _check_lift(value, want, context):
    got = as_number(value, "your lift")
    if got > 0 and abs(1 / got - want) <= 0.005 * want:
        raise Incorrect("your lift is upside down: divide the rate of the rows WITH a failed "
                        "payment by the rate of the rows without.")
    if got < 1 < want:
        raise Incorrect(f"your lift ({format_number(got)}) is below 1, as if a failed payment "
                        "made churn less likely: a lift is a ratio of two churn rates, not "
                        "their difference.")
    check_number(got, want, rel_tol=0.005, what="your lift")


failed_payment_lift = Exercise(
    "ds_exam.failed_payment_lift",
    compare=_check_lift,
    expected=references.failed_payment_lift,
    context=("seed",),
)


segment_size = declare.number(
    "ds_exam.segment_size",
    expected=references.segment_count,
    abs_tol=0.5,
    context=("seed",),
)


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


def _compare_gap_split(got, want, what: str) -> None:
    import pandas as pd

    if type(got) not in (tuple, list) or len(got) != 2:
        raise Incorrect(f"{what} is {a_type(got)}; a pair (train, test) of DataFrames is expected.")
    for name, part in zip(("training", "test"), got):
        if type(part) is not pd.DataFrame or "snapshot_month" not in part:
            raise Incorrect(f"the {name} part of {what} is not a DataFrame with the "
                            "snapshot_month column.")
    for name, part, need in zip(("training", "test"), got, want):
        have, months = set(part["snapshot_month"]), set(need["snapshot_month"])
        if name == "training" and have - months:
            raise Incorrect(f"in {what}, the training part holds a month from the gap or later: "
                            "leave the gap months before the test months out of both parts.")
        if name == "training" and months - have:
            raise Incorrect(f"in {what}, the training part misses a month before the gap.")
        if name == "test" and have != months:
            raise Incorrect(f"in {what}, the test part holds {plural(len(have), 'month')}; it "
                            f"should hold the last {plural(len(months), 'month')} present in "
                            "the table, and nothing from the gap.")
        if splits.row_keys(part) != splits.row_keys(need):
            raise Incorrect(f"in {what}, the {name} part does not hold every row of its months "
                            "once.")


def _check_gap_split(fn, expected, context):
    check_function(fn, references.gap_split_reference, exam_data.gap_split_cases(), _compare_gap_split)


gap_split = Exercise(
    "ds_exam.gap_split",
    compare=_check_gap_split,
)


def _shuffled(X, columns):
    """X with each of ``columns`` shuffled (a fixed permutation): their link to a row broken."""
    import numpy as np

    order = np.random.default_rng(1).permutation(len(X))
    return X.assign(**{c: X[c].to_numpy()[order] for c in columns})


def _scored(model, seed: int, metric: str = "roc_auc") -> float:
    """The model's metric on the held-out months; a model leaning on the leak is refused."""
    if is_placeholder(model):
        raise NotAttempted("Fit your model first, then check it.")
    X, y = exam_data.heldout(seed)
    with one_thread():
        score = score_model(model, X, y, metric)
        if models.uses_leak(model, X):
            raise Incorrect("your model's scores change when a column that is only filled in "
                            "after a customer has cancelled changes: leave it out.")
    return score


def _check_inputs(model, expected, context):
    import numpy as np
    from sklearn.pipeline import Pipeline

    from dsroles.churn.features import PROTECTED

    if not is_placeholder(model) and not isinstance(model, Pipeline):
        raise Incorrect(f"your model is {a_type(model)}; a scikit-learn Pipeline is expected "
                        "(the column preparation and the classifier in one object).")
    _scored(model, context["seed"])
    X, _ = exam_data.heldout(context["seed"])
    with one_thread():
        before = model.predict_proba(X)[:, 1]
        after = model.predict_proba(_shuffled(X, PROTECTED))[:, 1]
    if not np.allclose(before, after, rtol=0, atol=1e-12):
        raise Incorrect("your model's scores change with gender or age: protected attributes "
                        "stay out of the model's inputs.")


model_inputs = Exercise(
    "ds_exam.model_inputs",
    compare=_check_inputs,
    context=("seed",),
)


def _check_heldout(model, expected, context):
    auc = _scored(model, context["seed"])
    bar = expected + AUC_MARGIN
    if auc < bar:
        raise Incorrect(f"AUC {format_metric(auc)} on the held-out months: the bar is "
                        f"{format_metric(bar)}, the logistic baseline's "
                        f"{format_metric(expected)} + {AUC_MARGIN}"
                        + (" (no better than a dummy model)." if auc <= 0.5 + AUC_MARGIN
                           else "."))


model = Exercise(
    "ds_exam.model",
    compare=_check_heldout,
    expected=references.baseline_auc,
    context=("seed",),
    correct_note="it ranks the held-out months' customers clearly better than the baseline.",
)


def _check_brier(model, expected, context):
    brier = _scored(model, context["seed"], "brier")
    bar = expected * BRIER_SLACK
    if brier > bar:
        raise Incorrect(f"Brier score {format_metric(brier)} on the held-out months, above the "
                        f"bar of {format_metric(bar)} (the know-nothing forecast's "
                        f"{format_metric(expected)}, + 10 %): the probabilities are not honest "
                        "churn probabilities.")


calibrated = Exercise(
    "ds_exam.calibrated",
    compare=_check_brier,
    expected=references.know_nothing_brier,
    context=("seed",),
)


rolling_cv = declare.numbers(
    "ds_exam.rolling_cv",
    expected=references.rolling_aucs,
    abs_tol=0.003,
    context=("seed",),
)


def _check_interval(value, want, context):
    got = [float(x) for x in as_numbers(value, "your interval")]
    if len(got) != 2 or got[0] > got[1]:
        raise Incorrect("give the interval as two numbers, [low, high].")
    ratio = (got[1] - got[0]) / (want[1] - want[0])
    if ratio > 1.05:
        raise Incorrect(f"your interval is {ratio:.2f} times as wide as a 90 % interval of these "
                        "resamples: which percentiles leave 5 % on each side?")
    if ratio < 0.95:
        raise Incorrect("your interval is too narrow for a 90 % interval of these resamples.")
    for name, g, w in (("low", got[0], want[0]), ("high", got[1], want[1])):
        if abs(g - w) > 0.002:
            raise Incorrect(f"the {name} end ({g:.3f}) is {'too high' if g > w else 'too low'}: "
                            "score the model trained before the last two months on those two "
                            "months, and resample exactly as the recipe says.")


bootstrap_90 = Exercise(
    "ds_exam.bootstrap_90",
    compare=_check_interval,
    expected=references.interval_reference,
    context=("seed",),
)


ab_effect = Exercise(
    "ds_exam.ab_effect",
    compare=abtests.check_effect,
    expected=lambda seed: references.trial_summary(seed)["effect"],
    context=("seed",),
)


def _check_p(value, want, context):
    got = as_number(value, "your p-value")
    if not 0 <= got <= 1:
        raise Incorrect(f"your p-value ({format_number(got)}) is not a probability.")
    if abs(got - want) <= 0.02 * want:  # relative: this trial's p-values are tiny
        return
    if abs(got - want / 2) <= 0.01 * want:
        raise Incorrect("that is a one-sided p-value; the question asks whether the groups "
                        "differ in either direction.")
    direction = "too high" if got > want else "too low"
    raise Incorrect(f"your p-value ({format_number(got)}) is {direction}: a two-proportion "
                    "z-test (chi-square without Yates' correction) on the counts of churned and "
                    "stayed per group.")


ab_pvalue = Exercise(
    "ds_exam.ab_pvalue",
    compare=_check_p,
    expected=lambda seed: references.trial_summary(seed)["p_value"],
    context=("seed",),
)


offer_value = declare.numbers(
    "ds_exam.offer_value",
    expected=lambda seed: references.trial_summary(seed)["value_interval"],
    abs_tol=0.05,
    context=("seed",),
)


def _check_decision(value, want, context):
    from dsroles.churn.abtest import DECISIONS

    check_choice(value, DECISIONS, options=DECISIONS, what="your decision")
    if normalise_choice(value) != want:
        raise Incorrect(f"{value.strip()!r} is not what this trial supports at £{exam_data.OFFER_COST:.0f} "
                        "an offer: look at where the interval of the value of one offer lies "
                        "with respect to zero, at both ends.")


ab_decision = Exercise(
    "ds_exam.ab_decision",
    compare=_check_decision,
    expected=lambda seed: references.trial_summary(seed)["decision"],
    context=("seed",),
    not_attempted=is_blank_text,
)


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
