"""The data scientist assessment's checks (``ds_exam.*``): the reference answer passes, plausible
wrong ones fail with a message that says what is wrong, and the lessons' answers do not carry
over."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sklearn
from scipy.stats import chi2_contingency
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from dsroles.checks import Exercise
from dsroles.checks.registry import exercises_by_name, get_exercise
from dsroles.checks.testing import (
    assert_check_failed, assert_check_passed, assert_check_unattempted,
)
from dsroles.churn import train
from dsroles.churn.features import MODEL_FEATURES, NUMERIC
from dsroles.churn import evaluate
from dsroles.tracks.data_scientist import ab_test as ds_ab_test
from dsroles.tracks.data_scientist import data as ds_data
from dsroles.tracks.data_scientist import exam as ds_exam
from dsroles.tracks.data_scientist import exam_data as ds_exam_data
from dsroles.tracks.data_scientist import references as ds_references
from dsroles.tracks.data_scientist import role as ds_role

SEED = 42
EXERCISES = sorted(exercises_by_name("ds_exam").items())
REPO = Path(__file__).resolve().parents[3]
SOLUTION = REPO / "solutions" / "data_scientist" / "data_scientist.ipynb"


@pytest.fixture(scope="module")
def snaps():
    return ds_data.snapshots(SEED).copy()


@pytest.fixture(scope="module")
def model(snaps):
    return train.train(snaps)


# -- every exercise ------------------------------------------------------------------------
@pytest.mark.parametrize("name, ex", EXERCISES)
def test_every_exercise_has_its_id_help_and_ignores_the_placeholder(name, ex):
    """Is each exercise 'ds_exam.<name>', with no hint and no solution to give away, and is
    `...` not attempted?"""
    assert isinstance(ex, Exercise) and ex.id == f"ds_exam.{name}" and get_exercise(ex.id) is ex
    assert not ex.hints and not ex.solution_text
    assert_check_unattempted(ex, ..., **({"seed": SEED} if "seed" in ex.context_names else {}))


def test_the_solution_notebook_calls_every_exercise_and_only_these():
    """Do the assessment's test cells use each ds_exam exercise, and no id that does not exist?"""
    cells = json.loads(SOLUTION.read_text(encoding="utf-8"))["cells"]
    used = {name for c in cells for name in re.findall(r'"ds_exam\.(\w+)"', "".join(c["source"]))}
    assert used == {name for name, _ in EXERCISES}


def test_the_heldout_months_are_2026_labelled_and_unseen(snaps):
    """Are the held-out months absent from the table and from the lessons' held-out month?"""
    X, y = ds_exam_data.heldout(SEED)
    assert set(X["snapshot_month"]) == set(ds_exam_data.HELDOUT_MONTHS)
    assert not set(ds_exam_data.HELDOUT_MONTHS) & (set(snaps["snapshot_month"]) | {ds_data.HELDOUT_MONTH})
    assert list(X.columns) == [c for c in snaps.columns if c != "churned"]
    assert 0.005 < y.mean() < 0.08


# -- task 1 ----------------------------------------------------------------------------------
def test_explore(snaps):
    monthly_invoice = (snaps["contract"] == "monthly") & (snaps["payment_method"] == "invoice")
    rate = snaps.loc[monthly_invoice, "churned"].mean()
    assert_check_passed(ds_exam.invoice_churn, rate, seed=SEED)
    assert_check_failed(ds_exam.invoice_churn, 100 * rate, seed=SEED, contains="looks like a percentage")
    assert_check_failed(ds_exam.invoice_churn, snaps.loc[snaps["payment_method"] == "invoice", "churned"]
                        .mean(), seed=SEED, contains="too low")
    failed = snaps["failed_payments_3m"] >= 1
    with_, without = snaps.loc[failed, "churned"].mean(), snaps.loc[~failed, "churned"].mean()
    assert_check_passed(ds_exam.failed_payment_lift, with_ / without, seed=SEED)
    assert_check_failed(ds_exam.failed_payment_lift, without / with_, seed=SEED, contains="upside down")
    assert_check_failed(ds_exam.failed_payment_lift, with_ - without, seed=SEED,
                        contains="not their difference")
    october = snaps[snaps["snapshot_month"] == "2025-10"]
    in_segment = (october["payment_method"] == "invoice") & (october["failed_payments_3m"] >= 1)
    segment = int(in_segment.sum())
    assert_check_passed(ds_exam.segment_size, segment, seed=SEED)
    assert_check_failed(ds_exam.segment_size, ds_role.segment_count(SEED), seed=SEED)  # the lesson's segment


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


def _lesson_split(df, test_months=2, gap_months=1):
    return train.time_split(df, test_months)


def _never_refuses(df, test_months=2, gap_months=1):
    months = sorted(df["snapshot_month"].unique())
    keep = months[:max(len(months) - test_months - gap_months, 0)]
    return df[df["snapshot_month"].isin(keep)], df[df["snapshot_month"].isin(months[-test_months:])]


def _calendar_minus_one(df, test_months=2, gap_months=1):
    months = sorted(df["snapshot_month"].unique())
    first_test = months[-test_months]
    cut = f"{first_test[:5]}{int(first_test[5:]) - gap_months:02d}"  # breaks across a new year
    return df[df["snapshot_month"] < cut], df[df["snapshot_month"] >= first_test]


@pytest.mark.parametrize("wrong, message", [
    (_lesson_split, "holds a month from the gap or later"),
    (_never_refuses, "should raise ValueError"),
    (_calendar_minus_one, "across a new year"),
])
def test_gap_split(wrong, message):
    assert_check_passed(ds_exam.gap_split, ds_references.gap_split_reference)
    assert_check_failed(ds_exam.gap_split, wrong, contains=message)


# -- task 3 and 4c: the model ----------------------------------------------------------------
def test_model_reference_passes_every_model_check(model):
    for ex in (ds_exam.model_inputs, ds_exam.model, ds_exam.calibrated):
        assert_check_passed(ex, model, seed=SEED)


def test_model_wrong_answers(snaps):
    leaky = train.train(snaps, features=MODEL_FEATURES + ["exit_survey_score"])
    for ex in (ds_exam.model_inputs, ds_exam.model, ds_exam.calibrated):
        assert_check_failed(ex, leaky, seed=SEED, contains="only filled in after a customer")
    protected = train.build_model(numeric=NUMERIC + ["age"], categorical=["contract", "gender"])
    protected.fit(snaps, snaps["churned"])
    assert_check_failed(ds_exam.model_inputs, protected, seed=SEED, contains="gender or age")
    bare = LogisticRegression().fit(snaps[["tenure_months", "sessions"]], snaps["churned"])
    assert_check_failed(ds_exam.model_inputs, bare, seed=SEED, contains="a scikit-learn Pipeline")
    numeric_only = train.train(snaps, features=["tenure_months", "monthly_charges"])
    assert_check_failed(ds_exam.model, numeric_only, seed=SEED, contains="the logistic baseline's")
    balanced = train.build_model().set_params(classify__class_weight="balanced")
    balanced.fit(snaps[MODEL_FEATURES], snaps["churned"])
    assert_check_passed(ds_exam.model, balanced, seed=SEED)  # it ranks as well...
    assert_check_failed(ds_exam.calibrated, balanced, seed=SEED, contains="not honest")  # ...but lies


# -- task 4 ----------------------------------------------------------------------------------
def test_rolling_cv(snaps):
    right = ds_references.rolling_aucs(SEED)
    assert_check_passed(ds_exam.rolling_cv, right, seed=SEED)
    expanding = []
    for month in ds_exam_data.CV_MONTHS:
        fitted = train.train(snaps[snaps["snapshot_month"] < month])
        test = snaps[snaps["snapshot_month"] == month]
        p = fitted.predict_proba(test[MODEL_FEATURES])[:, 1]
        expanding.append(roc_auc_score(test["churned"], p))
    assert_check_failed(ds_exam.rolling_cv, expanding, seed=SEED, contains="position")
    assert_check_failed(ds_exam.rolling_cv, right[:3], seed=SEED, contains="1 value too few")


def test_bootstrap_90():
    y, p = ds_references.two_month_scores(SEED)
    assert_check_passed(ds_exam.bootstrap_90, ds_references.interval_reference(SEED), seed=SEED)
    rng = np.random.default_rng(SEED)
    draws = (rng.integers(0, len(y), len(y)) for _ in range(200))
    aucs = [roc_auc_score(y[i], p[i]) for i in draws]
    assert_check_passed(ds_exam.bootstrap_90, np.percentile(aucs, [5, 95]), seed=SEED)
    assert_check_failed(ds_exam.bootstrap_90, np.percentile(aucs, [2.5, 97.5]), seed=SEED,
                        contains="which percentiles leave 5 %")
    y3, p3 = ds_data.reference_test_scores(SEED)  # the lesson's three test months
    assert_check_failed(ds_exam.bootstrap_90, evaluate.bootstrap_interval(y3, p3, seed=SEED, level=0.9),
                        seed=SEED)
    assert_check_failed(ds_exam.bootstrap_90, [0.8, 0.7], seed=SEED, contains="[low, high]")


# -- task 5 ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def trial():
    return ds_exam_data.trial(SEED)


def test_the_trial_is_not_the_lessons(trial):
    """Is the assessment's trial another sample than lesson 4's, with another effect?"""
    assert len(trial) == ds_exam_data.TRIAL_CUSTOMERS != len(ds_ab_test.ab_sample(SEED))
    assert ds_references.trial_summary(SEED)["effect"] != ds_ab_test.ab_summary(SEED)["effect"]


def test_ab_answers(trial):
    rates = trial.groupby("group")["churned"].mean()
    effect = rates["control"] - rates["offer"]
    assert_check_passed(ds_exam.ab_effect, effect, seed=SEED)
    assert_check_failed(ds_exam.ab_effect, -effect, seed=SEED, contains="wrong sign")
    table = pd.crosstab(trial["group"], trial["churned"])
    p = chi2_contingency(table, correction=False)[1]
    assert_check_passed(ds_exam.ab_pvalue, p, seed=SEED)
    assert_check_failed(ds_exam.ab_pvalue, p / 2, seed=SEED, contains="one-sided")
    assert_check_failed(ds_exam.ab_pvalue, chi2_contingency(table)[1], seed=SEED, contains="Yates")
    summary = ds_references.trial_summary(SEED)
    assert_check_passed(ds_exam.offer_value, summary["value_interval"], seed=SEED)
    assert_check_failed(ds_exam.offer_value, [v + 5 for v in summary["value_interval"]], seed=SEED,
                        contains="differs from the expected values")  # the lesson's 10.00


@pytest.mark.parametrize("seed", [SEED, 3])  # seed 42 supports rolling out, seed 3 more data
def test_ab_decision_follows_the_value_at_the_new_cost(seed):
    right = ds_references.trial_summary(seed)["decision"]
    assert right == {SEED: "roll out", 3: "collect more data"}[seed]
    assert_check_passed(ds_exam.ab_decision, right.upper(), seed=seed)
    other = "do not roll out"
    assert_check_failed(ds_exam.ab_decision, other, seed=seed, contains="£15 an offer")
    assert_check_failed(ds_exam.ab_decision, "significant", seed=seed, contains="not one of the options")


# -- task 6 ----------------------------------------------------------------------------------
def _experiment_with(**changes):
    def run_experiment(snaps, seed):
        train_part, test_part = train.time_split(snaps, changes.get("test_months", 2))
        fitted = train.train(train_part, "boosting", seed=changes.get("model_seed", seed))
        y = test_part["churned"].to_numpy()
        p = fitted.predict_proba(test_part[MODEL_FEATURES])[:, 1]
        return {"seed": seed, "auc": roc_auc_score(y, p),
                "auc_interval": evaluate.bootstrap_interval(y, p, seed=seed, level=0.9, resamples=100)}
    return run_experiment


@pytest.mark.parametrize("changes, message", [
    ({}, None),
    ({"model_seed": 0}, "differ from the recipe's"),
    ({"test_months": 3}, "differ from the recipe's"),
])
def test_experiment(changes, message):
    fn = _experiment_with(**changes)
    if message is None:
        assert_check_passed(ds_exam.experiment, fn, seed=SEED)
    else:
        assert_check_failed(ds_exam.experiment, fn, seed=SEED, contains=message)


def test_experiment_that_ignores_its_seed_fails():
    unseeded = np.random.default_rng()

    def fn(snaps, seed):
        return {"seed": seed, "auc": 0.7, "auc_interval": [0.6, unseeded.random()]}

    assert_check_failed(ds_exam.experiment, fn, seed=SEED, contains="wo runs with the same seed")


def test_recorded(tmp_path):
    record = {**ds_references.seed_experiment(SEED), "test_months": ds_references.test_months(SEED),
              "versions": {"scikit-learn": sklearn.__version__, "numpy": np.__version__,
                           "pandas": pd.__version__}}
    path = tmp_path / "results.json"
    path.write_text(json.dumps(record))
    assert_check_passed(ds_exam.recorded, path, seed=SEED)
    path.write_text(json.dumps({k: v for k, v in record.items() if k != "test_months"}))
    assert_check_failed(ds_exam.recorded, path, seed=SEED, contains="'test_months'")
    typed = {**record["versions"], "scikit-learn": "1.5.2"}
    path.write_text(json.dumps({**record, "versions": typed}))
    assert_check_failed(ds_exam.recorded, path, seed=SEED, contains="sklearn.__version__")
    assert_check_failed(ds_exam.recorded, tmp_path / "none.json", seed=SEED, contains="no file")
