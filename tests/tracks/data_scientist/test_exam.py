"""The data scientist assessment's checks (``ds_exam.*``): each common mistake is caught and
named, the edge case that defines an item is in its data on every seed, and the variants a
competent analyst may choose are accepted. ``tests/test_track_contract.py`` runs every right
and wrong answer of ``answers.py``; here, what their messages say and why they fail."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dsroles.checks import Exercise
from dsroles.checks.outcomes import CORRECT, INCORRECT, Incorrect
from dsroles.checks.registry import exercises_by_name, get_exercise
from dsroles.checks.testing import assert_check_failed, assert_check_passed, assert_check_unattempted
from dsroles.churn.features import MODEL_FEATURES, NUMERIC
from dsroles.tracks.data_scientist import ab_test as ds_ab_test
from dsroles.tracks.data_scientist import abtests, evaluation, experiments, splits
from dsroles.tracks.data_scientist import data as ds_data
from dsroles.tracks.data_scientist import exam as ds_exam
from dsroles.tracks.data_scientist import exam_data as ds_exam_data
from dsroles.tracks.data_scientist import references as ds_references

from tracks.contract import make
from tracks.data_scientist import answers as A
from tracks.data_scientist import learners as L
from tracks.data_scientist import trials as T

SEED = 42
EXERCISES = sorted(exercises_by_name("ds_exam").items())
REPO = Path(__file__).resolve().parents[3]
SOLUTION = REPO / "solutions" / "data_scientist" / "data_scientist.ipynb"
TRIAL_SEEDS = range(1, 31)  # trials are cheap: no churn data behind them


def evaluate(exercise_id: str, value, seed: int = SEED):
    ex = get_exercise(exercise_id)
    return ex.evaluate(value, **({"seed": seed} if "seed" in ex.context_names else {}))


def wrong(exercise_id: str, label: str, seed: int = SEED):
    """The contract's wrong answer ``label`` to ``exercise_id``, as a learner hands it in."""
    return make(A.ANSWERS[exercise_id].wrong[label], {"seed": seed, "usage_scale": 1})


# -- every exercise ------------------------------------------------------------------------
@pytest.mark.parametrize("name, ex", EXERCISES)
def test_every_exercise_has_its_id_no_help_and_ignores_the_placeholder(name, ex):
    assert isinstance(ex, Exercise) and ex.id == f"ds_exam.{name}" and get_exercise(ex.id) is ex
    assert not ex.hints and not ex.solution_text
    assert_check_unattempted(ex, ..., **({"seed": SEED} if "seed" in ex.context_names else {}))


def test_the_solution_notebook_calls_every_exercise_and_only_these():
    cells = json.loads(SOLUTION.read_text(encoding="utf-8"))["cells"]
    used = {name for c in cells for name in re.findall(r'"ds_exam\.(\w+)"', "".join(c["source"]))}
    assert used == {name for name, _ in EXERCISES}


def test_the_heldout_months_are_2026_labelled_and_unseen():
    snaps = ds_data.snapshots(SEED)
    X, y = ds_exam_data.heldout(SEED)
    assert set(X["snapshot_month"]) == set(ds_exam_data.HELDOUT_MONTHS)
    assert not set(ds_exam_data.HELDOUT_MONTHS) & (set(snaps["snapshot_month"]) | {ds_data.HELDOUT_MONTH})
    assert list(X.columns) == [c for c in snaps.columns if c != "churned"]
    assert 0.005 < y.mean() < 0.08


# -- a named mistake gets its message --------------------------------------------------------
NAMED = [
    ("ds_exam.invoice_churn", "per customer", "Your rate is per customer"),
    ("ds_exam.invoice_churn", "invoice only", "leaves out the monthly-contract condition"),
    ("ds_exam.invoice_churn", "a percentage", "looks like a percentage"),
    ("ds_exam.failed_payment_lift", "upside down", "upside down"),
    ("ds_exam.failed_payment_lift", "a difference", "not their difference"),
    ("ds_exam.failed_payment_lift", "this month's failures", "failed payments of the snapshot month"),
    ("ds_exam.segment_size", "the lesson's month", "another month than the one asked"),
    ("ds_exam.segment_size", "every month", "covers every month"),
    ("ds_exam.gap_split", "calendar arithmetic", "a month missing just before the test months"),
    ("ds_exam.gap_split", "no gap", "holds a month from the gap or later"),
    ("ds_exam.model_inputs", "protected attributes", "change with gender or age"),
    ("ds_exam.model_inputs", "not a Pipeline", "a scikit-learn Pipeline is expected"),
    ("ds_exam.model", "the leak", "only filled in after a customer has cancelled"),
    ("ds_exam.model", "the baseline itself", "not above the numeric-only logistic baseline's"),
    ("ds_exam.model", "a full-depth tree", "below 0.6"),
    ("ds_exam.calibrated", "balanced classes", "not honest churn probabilities"),
    ("ds_exam.rolling_cv", "accuracy", "look like accuracy"),
    ("ds_exam.rolling_cv", "test month in the window", "include the test month itself"),
    ("ds_exam.rolling_cv", "expanding window", "an expanding window"),
    ("ds_exam.bootstrap_90", "a 95 % interval", "other percentiles of the right resamples"),
    ("ds_exam.bootstrap_90", "without replacement", "no width"),
    ("ds_exam.bootstrap_90", "customers resampled", "Resample rows, not customers"),
    ("ds_exam.ab_effect", "offer minus control", "wrong sign"),
    ("ds_exam.ab_effect", "relative to control", "Your effect is relative"),
    ("ds_exam.ab_pvalue", "Yates", "Yates' continuity correction"),
    ("ds_exam.ab_pvalue", "one-sided", "one-sided"),
    ("ds_exam.offer_value", "pooled standard error", "the pooled standard error"),
    ("ds_exam.offer_value", "standard error not in money", "its width is not"),
    ("ds_exam.offer_value", "the lesson's cost", "the lesson's 10.00"),
    ("ds_exam.ab_decision", "on the point estimate", "a positive estimate or a small p-value"),
    ("ds_exam.ab_decision", "on the p-value", "a positive estimate or a small p-value"),
    ("ds_exam.recorded", "typed numpy and pandas", "'numpy' as '2.1.3'"),
    ("ds_exam.recorded", "no test months", "'test_months' should list"),
    ("ds_exam.recorded", "rounded numbers", "not rounded"),
]


@pytest.mark.parametrize("exercise_id, label, message", NAMED, ids=[f"{e}-{w}" for e, w, _ in NAMED])
def test_a_common_mistake_is_named(exercise_id, label, message):
    """Does the message say what went wrong, not only that the numbers differ?"""
    result = evaluate(exercise_id, wrong(exercise_id, label))
    assert result.outcome == INCORRECT and result.fraction < 1
    assert message in result.message, result.message
    assert "differs from the expected values at" not in result.message


def test_a_wrong_number_says_why_without_repeating_it():
    result = evaluate("ds_exam.invoice_churn", 0.4071)
    assert result.message.startswith("Your rate is too high: it is the mean of churned")
    assert "0.4071" not in result.message


# -- task 2 ----------------------------------------------------------------------------------
@pytest.mark.parametrize("columns, fraction, message", [
    (MODEL_FEATURES + ["marketing_consent"], 1.0, None),
    (MODEL_FEATURES + ["exit_survey_score"], 2 / 3, "filled in only after a customer"),
    (MODEL_FEATURES + ["gender", "age"], 2.5 / 3, "includes 2 columns holding protected"),
    (NUMERIC, 2.5 / 3, "ou left out 4 columns"),
    ([c for c in ds_references.table_columns(SEED) if c != "churned"], 0.5 / 3, "or the label itself"),
])
def test_model_columns_earn_their_parts(columns, fraction, message):
    """Does each kind of column that must stay out cost its own share of the points?"""
    result = get_exercise("ds_exam.model_columns").evaluate(list(columns), seed=SEED)
    assert result.fraction == pytest.approx(fraction)
    assert message is None or message in result.message


@pytest.mark.parametrize("value, message", [
    (["tenure_months"], "keeps only 1 of the columns"),
    (["tenure_months", "nonsense"] + MODEL_FEATURES, "'nonsense' is not a column"),
    ("tenure_months, contract", "a list of column names"),
])
def test_model_columns_refuses_what_is_not_a_fair_list(value, message):
    """Can an empty-ish list, an unknown column or a text not collect the exclusion parts?"""
    assert_check_failed(ds_exam.model_columns, value, seed=SEED, contains=message)


def test_the_gap_split_cases_tell_months_present_from_calendar_months():
    """Is there a case where counting the months present and calendar arithmetic disagree
    about the gap, and one where they disagree about the test months?"""
    calendar = L.gap_by_calendar
    apart = {"train": [], "test": []}
    for case in ds_exam_data.gap_split_cases():
        if case.raises:
            continue
        got = calendar(*case.args, **case.kwargs)
        want = ds_references.gap_split_reference(*case.args, **case.kwargs)
        for i, part in enumerate(("train", "test")):
            if splits.row_keys(got[i]) != splits.row_keys(want[i]):
                apart[part].append(case.label)
    assert apart == {"train": ["a month missing just before the test months",
                               "a month missing among the test months"],
                     "test": ["a month missing among the test months"]}


def _lesson_split(df, test_months=2, gap_months=1):
    from dsroles.churn import train

    return train.time_split(df, test_months)


def _month_number_minus_one(df, test_months=2, gap_months=1):
    months = sorted(df["snapshot_month"].unique())
    first_test = months[-test_months]
    cut = f"{first_test[:5]}{int(first_test[5:]) - gap_months:02d}"  # no year arithmetic
    return df[df["snapshot_month"] < cut], df[df["snapshot_month"] >= first_test]


@pytest.mark.parametrize("wrong_split, message", [
    (_lesson_split, "holds a month from the gap or later"),
    (_month_number_minus_one, "a month missing just before the test months"),
    (L.gap_split_by_sets, None),
])
def test_gap_split(wrong_split, message):
    if message is None:
        assert_check_passed(ds_exam.gap_split, wrong_split)
    else:
        assert_check_failed(ds_exam.gap_split, wrong_split, contains=message)


# -- task 3: the model -----------------------------------------------------------------------
@pytest.mark.parametrize("name, fraction", [
    ("reference", 1.0), ("native boosting", 1.0), ("lesson 3", 1.0),
    ("numeric only", 1 / 3), ("full tree", 0.0),
])
def test_the_model_earns_its_parts(name, fraction):
    """1 point for an AUC of 0.6, 2 more above the baseline: a working model that is no
    better than the baseline gets one point, a competent one all three."""
    result = evaluate("ds_exam.model", L.fitted(name, SEED))
    assert result.fraction == pytest.approx(fraction), result.message


def test_the_model_messages_never_show_the_baseline_score():
    baseline = ds_references.baseline_auc(SEED)
    result = evaluate("ds_exam.model", L.fitted("numeric only", SEED))
    assert f"{baseline:.3f}" not in result.message and f"{baseline:.2f}" not in result.message


# -- task 4 ----------------------------------------------------------------------------------
def test_the_rolling_folds_are_the_four_months_present_before_each():
    assert [evaluation.window(SEED, m, 4) for m in ds_exam_data.CV_MONTHS[:1]] == \
        [("2025-04", "2025-05", "2025-06", "2025-07")]
    assert len(ds_references.rolling_aucs(SEED)) == len(ds_exam_data.CV_MONTHS)


def test_the_recipe_s_resamples_are_the_package_s():
    """Do the check's own resamples give the interval the answer key holds?"""
    y, p = ds_references.two_month_scores(SEED)
    aucs = evaluation.resampled_aucs(y, p, seed=SEED, resamples=ds_exam_data.INTERVAL_RESAMPLES)
    assert np.allclose(np.percentile(aucs, [5, 95]), ds_references.interval_reference(SEED), atol=1e-12)


def test_the_percentile_message_shows_only_for_the_right_resamples():
    """Right percentiles of other resamples (another unit, another generator) are told about
    their resamples, never about percentiles."""
    y, p = ds_references.two_month_scores(SEED)
    other = evaluation.resampled_aucs(y, p, seed=SEED + 1, resamples=200)
    result = assert_check_failed(ds_exam.bootstrap_90, list(np.percentile(other, [5, 95])), seed=SEED,
                                 contains="not the recipe's")
    assert "percentile" not in result.message
    assert_check_failed(ds_exam.bootstrap_90, [0.8, 0.7], seed=SEED, contains="[low, high]")


# -- task 5: the trial -----------------------------------------------------------------------
def test_the_trial_has_a_small_control_group_and_is_not_the_lesson_s():
    trial = ds_exam_data.trial(SEED)
    assert trial["group"].value_counts().to_dict() == ds_exam_data.TRIAL_GROUPS
    assert trial["customer_key"].is_unique
    assert ds_references.trial_summary(SEED)["effect"] != ds_ab_test.ab_summary(SEED)["effect"]
    assert ds_exam_data.trial(SEED).equals(trial)  # the same every time


@pytest.mark.parametrize("seed", TRIAL_SEEDS)
def test_every_trial_mistake_is_caught_and_every_test_accepted_on_every_seed(seed):
    """On each seed, are the pooled interval and the decisions made on the estimate or the
    p-value wrong, Yates' and one-sided p-values refused, and every accepted test passed?"""
    trial = ds_exam_data.trial(seed)
    for value in (T.chi2_p(trial), T.z_p(trial, pooled=False), T.welch_p(trial)):
        assert evaluate("ds_exam.ab_pvalue", value, seed).outcome == CORRECT
    for label in ("Yates", "one-sided"):
        assert evaluate("ds_exam.ab_pvalue", wrong("ds_exam.ab_pvalue", label, seed), seed).outcome == INCORRECT
    assert evaluate("ds_exam.offer_value", T.value_interval(trial, 15.0), seed).outcome == CORRECT
    for label in ("pooled standard error", "standard error not in money", "the lesson's cost"):
        result = evaluate("ds_exam.offer_value", wrong("ds_exam.offer_value", label, seed), seed)
        assert result.outcome == INCORRECT
    for label in ("on the point estimate", "on the p-value"):
        assert evaluate("ds_exam.ab_decision", wrong("ds_exam.ab_decision", label, seed), seed).outcome == INCORRECT


def test_a_trial_that_does_not_separate_the_mistakes_is_passed_over():
    """Is a candidate whose interval of the value of one offer lies wholly above zero (so the
    point estimate decides as well as the interval) refused?"""
    draws = [ds_exam_data.trial_draw(SEED, d) for d in range(30)]
    clear = [t for t in draws if abtests.value_interval(abtests.counts(t), 15.0, 240.0)[0] > 0]
    assert clear and not any(ds_exam_data.qualifies(t) for t in clear)


def test_the_decision_rule_and_the_invalid_options():
    assert_check_passed(ds_exam.ab_decision, " Collect more data. ", seed=SEED)
    assert_check_failed(ds_exam.ab_decision, "significant", seed=SEED, contains="not one of the options")


# -- task 6 ----------------------------------------------------------------------------------
def _versions(**changes):
    import sklearn

    return {**{"scikit-learn": sklearn.__version__, "numpy": np.__version__, "pandas": pd.__version__},
            **changes}


@pytest.mark.parametrize("versions", [
    _versions(), {**{k: v for k, v in _versions().items() if k != "scikit-learn"},
                  "sklearn": _versions()["scikit-learn"]},
    {" NumPy ": np.__version__, "Pandas": pd.__version__, "SKLEARN": _versions()["scikit-learn"]},
])
def test_versions_under_either_name_are_accepted(versions):
    experiments.check_versions(versions)


@pytest.mark.parametrize("versions, message", [
    (_versions(numpy="2.1.3"), "'numpy' as '2.1.3'"),
    (_versions(pandas="2.2.3"), "pandas.__version__"),
    ({**_versions(), "sklearn": "1.5.2"}, "'sklearn' as '1.5.2'"),
    ({k: v for k, v in _versions().items() if k != "pandas"}, "has no 'pandas'"),
    ({k: v for k, v in _versions().items() if k != "scikit-learn"}, "has no 'scikit-learn' (or 'sklearn')"),
    ("1.5.2", "should be an object"),
])
def test_every_recorded_version_is_checked(versions, message):
    with pytest.raises(Incorrect, match=re.escape(message)):
        experiments.check_versions(versions)


def test_experiment_that_ignores_its_seed_fails():
    unseeded = np.random.default_rng()

    def fn(snaps, seed):
        return {"seed": seed, "auc": 0.7, "auc_interval": [0.6, unseeded.random()]}

    assert_check_failed(ds_exam.experiment, fn, seed=SEED, contains="wo runs with the same seed")


def test_recorded_refuses_what_is_not_a_readable_file(tmp_path):
    assert_check_failed(ds_exam.recorded, tmp_path / "none.json", seed=SEED, contains="no file")
    (tmp_path / "broken.json").write_text("{not json")
    assert_check_failed(ds_exam.recorded, tmp_path / "broken.json", seed=SEED, contains="not readable JSON")

