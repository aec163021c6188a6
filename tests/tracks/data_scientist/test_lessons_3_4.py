"""The data scientist exercises of lessons 3 and 4 (model and evaluation, A/B test and
reproducibility): the reference answer passes, plausible wrong ones fail with a message that
names the mistake without giving the answer away."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.dummy import DummyClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import KFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.tree import DecisionTreeClassifier

from dsroles.checks.testing import assert_check_failed, assert_check_passed
from dsroles.churn import evaluate, train
from dsroles.churn.features import CATEGORICAL, MODEL_FEATURES, NUMERIC
from dsroles.tracks.data_scientist import ab_test as ds_ab_test
from dsroles.tracks.data_scientist import data as ds_data
from dsroles.tracks.data_scientist import model_evaluation as ds_model_evaluation

SEED = 42


@pytest.fixture(scope="module")
def snaps():
    return ds_data.snapshots(SEED).copy()


@pytest.fixture(scope="module")
def test_scores(snaps):
    train_set, test_set = train.time_split(snaps)
    model = train.train(train_set)
    return test_set["churned"].to_numpy(), model.predict_proba(test_set[MODEL_FEATURES])[:, 1]


@pytest.fixture(scope="module")
def reference_model(snaps):
    return train.build_model().fit(snaps[MODEL_FEATURES], snaps["churned"])


def on_table(classifier, columns):
    """A Pipeline that picks ``columns`` from the whole snapshot table, then ``classifier``."""
    return make_pipeline(ColumnTransformer([("pick", "passthrough", list(columns))]), classifier)


# -- lesson 3 ----------------------------------------------------------------------------
def test_model_reference_and_a_simple_pipeline_pass(reference_model, snaps):
    assert_check_passed(ds_model_evaluation.model, reference_model, seed=SEED)
    simple = make_pipeline(
        ColumnTransformer([
            ("numeric", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), NUMERIC),
            ("categorical", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
        ]),
        LogisticRegression(max_iter=1000))
    assert_check_passed(ds_model_evaluation.model, simple.fit(snaps[MODEL_FEATURES], snaps["churned"]), seed=SEED)


def test_model_wrong_answers(snaps):
    y = snaps["churned"]
    leaky = train.train(snaps, features=MODEL_FEATURES + ["exit_survey_score"])
    assert_check_failed(ds_model_evaluation.model, leaky, seed=SEED, contains="only filled in after a customer")
    dummy = on_table(DummyClassifier(strategy="prior"), NUMERIC).fit(snaps, y)
    result = assert_check_failed(ds_model_evaluation.model, dummy, seed=SEED,
                                 contains="little better than a dummy")
    assert result.fraction == 0
    baseline = make_pipeline(ColumnTransformer([("n", SimpleImputer(strategy="median"), NUMERIC)]),
                             StandardScaler(), LogisticRegression(max_iter=1000)).fit(snaps, y)
    result = assert_check_failed(ds_model_evaluation.model, baseline, seed=SEED,
                                 contains="not above the numeric-only logistic baseline's")
    assert result.fraction == pytest.approx(1 / 3)  # it works, but is no better than the baseline
    bare = LogisticRegression(max_iter=1000).fit(snaps[["tickets_month"]], y)
    assert_check_failed(ds_model_evaluation.model, bare, seed=SEED, contains="start your Pipeline with a ColumnTransformer")
    assert_check_failed(ds_model_evaluation.model, train.build_model(), seed=SEED, contains="not fitted")


def test_calibration(reference_model, snaps):
    assert_check_passed(ds_model_evaluation.calibration, reference_model, seed=SEED)
    balanced = train.build_model().set_params(classify__class_weight="balanced")
    balanced.fit(snaps[MODEL_FEATURES], snaps["churned"])
    assert_check_failed(ds_model_evaluation.calibration, balanced, seed=SEED, contains="times that of forecasting")
    tree = on_table(DecisionTreeClassifier(random_state=0), NUMERIC).fit(snaps, snaps["churned"])
    assert_check_failed(ds_model_evaluation.calibration, tree, seed=SEED, contains="look at a reliability plot")


def test_time_cv(snaps):
    right = []
    for month in ds_model_evaluation.CV_MONTHS:
        before, test = snaps[snaps["snapshot_month"] < month], snaps[snaps["snapshot_month"] == month]
        fitted = train.train(before)
        right.append(roc_auc_score(test["churned"], fitted.predict_proba(test[MODEL_FEATURES])[:, 1]))
    assert_check_passed(ds_model_evaluation.time_cv, right, seed=SEED)
    assert_check_passed(ds_model_evaluation.time_cv, np.array(right), seed=SEED)
    assert_check_failed(ds_model_evaluation.time_cv, right[::-1], seed=SEED, contains="not in month order")
    shuffled = []
    for fit_rows, test_rows in KFold(3, shuffle=True, random_state=SEED).split(snaps):
        fitted = train.train(snaps.iloc[fit_rows])
        test = snaps.iloc[test_rows]
        shuffled.append(roc_auc_score(test["churned"], fitted.predict_proba(test[MODEL_FEATURES])[:, 1]))
    assert_check_failed(ds_model_evaluation.time_cv, shuffled, seed=SEED,
                        contains=["differs from the expected values for 2025-09, 2025-10 and 2025-11",
                                  "train on every month before it"])
    assert_check_failed(ds_model_evaluation.time_cv, right[:2], seed=SEED, contains="1 value too few")


def _resampled(y, p, seed=SEED, n=ds_model_evaluation.BOOTSTRAP_RESAMPLES):
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        i = rng.integers(0, len(y), len(y))
        out.append(roc_auc_score(y[i], p[i]))
    return np.array(out)


def test_bootstrap_ci(test_scores):
    y, p = test_scores
    aucs = _resampled(y, p)
    assert_check_passed(ds_model_evaluation.bootstrap_ci, np.percentile(aucs, [2.5, 97.5]), seed=SEED)
    assert_check_passed(ds_model_evaluation.bootstrap_ci, list(np.percentile(aucs, [2.5, 97.5])), seed=SEED)
    assert_check_failed(ds_model_evaluation.bootstrap_ci, np.percentile(aucs, [5, 95]), seed=SEED,
                        contains="other percentiles of the right resamples")
    other = _resampled(y, p, seed=SEED + 1)  # right percentiles, other resamples
    assert_check_failed(ds_model_evaluation.bootstrap_ci, np.percentile(other, [2.5, 97.5]), seed=SEED,
                        contains="not the recipe's", excludes="percentile")
    auc = roc_auc_score(y, p)
    assert_check_failed(ds_model_evaluation.bootstrap_ci, np.percentile(aucs, [97.5, 2.5]), seed=SEED,
                        contains="[low, high]")
    assert_check_failed(ds_model_evaluation.bootstrap_ci, [auc + 0.01, auc + 0.08], seed=SEED,
                        contains="does not contain the AUC it is about")
    assert_check_failed(ds_model_evaluation.bootstrap_ci, [auc, auc], seed=SEED, contains="no width")
    assert_check_failed(ds_model_evaluation.bootstrap_ci, float(aucs.std()), seed=SEED, contains="a list, array or Series")


def test_profit(test_scores):
    y, p = test_scores
    right = evaluate.expected_profit(y, p, evaluate.break_even_probability())
    assert_check_passed(ds_model_evaluation.profit, right, seed=SEED)
    assert_check_failed(ds_model_evaluation.profit, evaluate.expected_profit(y, p, 0.5), seed=SEED,
                        contains="a threshold of 0.5", excludes=f"{right:g}")
    flagged = p >= evaluate.break_even_probability()
    no_acceptance = float(flagged[y == 1].sum() * (240 - 10) - flagged[y == 0].sum() * 10)
    assert_check_failed(ds_model_evaluation.profit, no_acceptance, seed=SEED,
                        contains="only 35 % accept")
    assert_check_failed(ds_model_evaluation.profit, right - 100, seed=SEED,
                        contains="is too low: offer to every test row", excludes=f"{right - 100:g}")


# -- lesson 4 ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def trial():
    return ds_ab_test.ab_sample(SEED)


def test_ab_effect(trial):
    rates = trial.groupby("group")["churned"].mean()
    effect = rates["control"] - rates["offer"]
    assert_check_passed(ds_ab_test.ab_effect, effect, seed=SEED)
    assert_check_failed(ds_ab_test.ab_effect, -effect, seed=SEED, contains="wrong sign")
    assert_check_failed(ds_ab_test.ab_effect, 100 * effect, seed=SEED, contains="percentage points")
    assert_check_failed(ds_ab_test.ab_effect, rates["control"] / rates["offer"] - 1, seed=SEED,
                        contains="is too high")


def test_ab_pvalue(trial):
    from scipy.stats import chi2_contingency, ttest_ind

    table = pd_crosstab(trial)
    right = chi2_contingency(table, correction=False)[1]
    assert_check_passed(ds_ab_test.ab_pvalue, right, seed=SEED)
    welch = ttest_ind(trial.loc[trial["group"] == "control", "churned"],
                      trial.loc[trial["group"] == "offer", "churned"], equal_var=False).pvalue
    assert_check_passed(ds_ab_test.ab_pvalue, float(welch), seed=SEED)
    assert_check_failed(ds_ab_test.ab_pvalue, right / 2, seed=SEED, contains="one-sided")
    assert_check_failed(ds_ab_test.ab_pvalue, chi2_contingency(table)[1], seed=SEED, contains="Yates")
    assert_check_failed(ds_ab_test.ab_pvalue, 1 - right, seed=SEED,
                        contains="none of the two-sided tests")


def pd_crosstab(trial):
    import pandas as pd

    return pd.crosstab(trial["group"], trial["churned"])


@pytest.mark.parametrize("seed", [SEED, 4])
def test_ab_decision_follows_the_interval_of_the_value(seed):
    """Is the rule's decision right, and every other decision wrong with a reason?"""
    from dsroles.churn.abtest import DECISIONS

    right = ds_ab_test.ab_summary(seed)["decision"]
    assert_check_passed(ds_ab_test.ab_decision, right.upper(), seed=seed)
    for wrong in DECISIONS:
        if wrong != right:
            assert_check_failed(ds_ab_test.ab_decision, wrong, seed=seed, contains="interval",
                                excludes=f"'{right}'")
    assert_check_failed(ds_ab_test.ab_decision, "ship it", seed=seed, contains="not one of the options")


def test_the_two_trials_above_lead_to_different_decisions():
    """Do the seeds used above cover two outcomes (so the decision is computed, not guessed)?"""
    assert ds_ab_test.ab_summary(SEED)["decision"] != ds_ab_test.ab_summary(4)["decision"]


def _fake_experiment(results):
    """A run_experiment that returns ``results(seed)`` without training anything."""
    return lambda snaps, seed: results(seed)


def test_experiment_messages():
    """The real recipe and its slips are run by the contract's answers; here, each message."""
    unseeded = np.random.default_rng()
    assert_check_failed(ds_ab_test.experiment,
                        _fake_experiment(lambda seed: {"seed": seed, "auc": unseeded.random(),
                                                       "auc_interval": [0.6, 0.8]}),
                        seed=SEED, contains="Two runs with the same seed gave different numbers")
    assert_check_failed(ds_ab_test.experiment,
                        _fake_experiment(lambda seed: {"seed": seed, "auc": 0.7, "auc_interval": [0.6, 0.8]}),
                        seed=SEED, contains="the seed argument is not used")
    assert_check_failed(ds_ab_test.experiment,
                        _fake_experiment(lambda seed: {"seed": 0, "auc": 0.7 + seed / 1e6,
                                                       "auc_interval": [0.6, 0.8]}),
                        seed=SEED, contains="The result's 'seed' is not the seed")
    assert_check_failed(ds_ab_test.experiment,
                        _fake_experiment(lambda seed: {"seed": seed, "auc": 0.7 + seed / 1e6,
                                                       "auc_interval": [0.6, 0.8]}),
                        seed=SEED, contains="The numbers differ from the recipe")
    assert_check_failed(ds_ab_test.experiment, lambda s, seed: [0.7, 0.8], seed=SEED,
                        contains="returned a list; a dict is expected")


def _write_record(path, record):
    import json

    path.write_text(json.dumps(record))
    return path


def test_recorded(tmp_path):
    import sklearn

    results = ds_ab_test._experiment(SEED)
    versions = {"scikit-learn": sklearn.__version__, "numpy": np.__version__,
                "pandas": __import__("pandas").__version__}
    good = _write_record(tmp_path / "good.json", {**results, "versions": versions})
    assert_check_passed(ds_ab_test.recorded, good, seed=SEED)
    assert_check_passed(ds_ab_test.recorded, str(good), seed=SEED)
    assert_check_failed(ds_ab_test.recorded, _write_record(tmp_path / "bare.json", results), seed=SEED,
                        contains="has no 'versions'")
    typed = _write_record(tmp_path / "typed.json",
                          {**results, "versions": {**versions, "scikit-learn": "1.0"}})
    assert_check_failed(ds_ab_test.recorded, typed, seed=SEED, contains="rather than typing it")
    rounded = _write_record(tmp_path / "rounded.json",
                            {**results, "auc": round(results["auc"], 2), "versions": versions})
    assert_check_failed(ds_ab_test.recorded, rounded, seed=SEED, contains="A rerun of the experiment")
    (tmp_path / "broken.json").write_text("{not json")
    assert_check_failed(ds_ab_test.recorded, tmp_path / "broken.json", seed=SEED, contains="not readable JSON")
    assert_check_failed(ds_ab_test.recorded, tmp_path / "missing.json", seed=SEED, contains="There is no file")
    assert_check_failed(ds_ab_test.recorded, results, seed=SEED, contains="the path of the file")
