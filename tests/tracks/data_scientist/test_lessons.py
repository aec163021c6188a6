"""The data scientist exercises: the reference answer passes, plausible wrong ones fail with a
message that helps without giving the answer away, and the placeholder is "not attempted"."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.dummy import DummyClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import KFold, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.tree import DecisionTreeClassifier

from dsroles.checks import Exercise
from dsroles.checks.registry import exercises_by_name, get_exercise
from dsroles.checks.testing import (
    assert_check_failed, assert_check_passed, assert_check_unattempted,
)
from dsroles.churn import evaluate, train
from dsroles.churn.features import CATEGORICAL, MODEL_FEATURES, NUMERIC
from dsroles.tracks.data_scientist import ab_test as ds_ab_test
from dsroles.tracks.data_scientist import data as ds_data
from dsroles.tracks.data_scientist import leakage_splits as ds_leakage_splits
from dsroles.tracks.data_scientist import model_evaluation as ds_model_evaluation
from dsroles.tracks.data_scientist import role as ds_role

SEED = 42
OTHER_SEED = 7
EXERCISES = sorted(exercises_by_name("ds").items())


@pytest.fixture(scope="module")
def snaps():
    return ds_data.snapshots(SEED).copy()


@pytest.fixture(scope="module")
def random_split(snaps):
    return train_test_split(snaps, test_size=0.25, random_state=SEED)


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


# -- every exercise ------------------------------------------------------------------------
@pytest.mark.parametrize("name, ex", EXERCISES)
def test_every_exercise_is_findable_by_its_short_id_and_has_help(name, ex):
    """Is each exercise 'ds.<name>', found through the short ds namespace, with hints and a solution?"""
    assert isinstance(ex, Exercise) and ex.id == f"ds.{name}"
    assert get_exercise(ex.id) is ex
    assert len(ex.hints) >= 1 and ex.solution_text


@pytest.mark.parametrize("name, ex", EXERCISES)
def test_the_placeholder_is_not_attempted(name, ex):
    """Does `...` left in place count as not attempted, never as wrong?"""
    context = {"seed": SEED} if "seed" in ex.context_names else {}
    assert_check_unattempted(ex, ..., **context)


def test_bind_gives_every_exercise_the_seed():
    """Do the lessons' bind() calls together give every exercise of the track, seeded?"""
    bound = {}
    for lesson in (ds_role, ds_leakage_splits, ds_model_evaluation, ds_ab_test):
        bound.update(vars(lesson.bind(seed=SEED)))
    assert set(bound) == {name for name, _ in EXERCISES}
    assert all(b.context == {"seed": SEED} for b in bound.values())


def test_the_heldout_month_is_december_with_labels_and_no_survey_scores(snaps):
    """Is the held-out month absent from the lessons' table, labelled, and as empty of the
    leaking column as it would be at decision time?"""
    X, y = ds_data.heldout(SEED)
    assert set(X["snapshot_month"]) == {ds_data.HELDOUT_MONTH}
    assert ds_data.HELDOUT_MONTH not in set(snaps["snapshot_month"])
    assert list(X.columns) == [c for c in snaps.columns if c != "churned"]
    assert 0.005 < y.mean() < 0.08
    assert X["exit_survey_score"].isna().all()


# -- lesson 1 ----------------------------------------------------------------------------
def test_churn_by_contract(snaps):
    rates = snaps.groupby("contract")["churned"].mean()
    assert_check_passed(ds_role.churn_by_contract, rates, seed=SEED)
    assert_check_passed(ds_role.churn_by_contract, rates.to_dict(), seed=SEED)
    shown = [f"{v:.4f}"[:5] for v in rates]
    assert_check_failed(ds_role.churn_by_contract, 100 * rates, seed=SEED,
                        contains="looks like a percentage", excludes=shown)
    assert_check_failed(ds_role.churn_by_contract, snaps.groupby("contract")["churned"].sum(),
                        seed=SEED, contains="too high", excludes=shown)
    assert_check_failed(ds_role.churn_by_contract, snaps.groupby("plan")["churned"].mean(), seed=SEED,
                        contains="contract types do not match")
    assert_check_failed(ds_role.churn_by_contract, snaps.groupby("contract")[["churned"]].mean(),
                        seed=SEED, contains="is a DataFrame")


def test_churn_by_contract_from_another_seed_fails(snaps):
    """Are numbers copied from another seed's data refused (grading reruns with another seed)?"""
    other = ds_role.churn_rates(OTHER_SEED)
    assert_check_failed(ds_role.churn_by_contract, other, seed=SEED, contains="The rate for")


def test_strongest_correlate(snaps):
    r = snaps.corr(numeric_only=True)["churned"].drop(["churned", "marketing_consent"])
    assert_check_passed(ds_role.strongest_correlate, str(r.abs().idxmax()), seed=SEED)
    runner_up = r.abs().sort_values().index[-2]
    assert runner_up not in ds_role.strongest_columns(SEED)
    assert_check_failed(ds_role.strongest_correlate, runner_up, seed=SEED,
                        contains="another numeric column correlates more strongly",
                        excludes=str(r.abs().idxmax()))
    assert_check_failed(ds_role.strongest_correlate, str(r.idxmin()), seed=SEED,
                        contains="Compare absolute values")
    assert_check_failed(ds_role.strongest_correlate, "contract", seed=SEED,
                        contains="is not one of the options")
    assert_check_failed(ds_role.strongest_correlate, r, seed=SEED, contains="is a Series")


def test_segment_size(snaps):
    nov = snaps[snaps["snapshot_month"] == "2025-11"]
    right = int(((nov["contract"] == "monthly") & (nov["tickets_3m"] >= 1)).sum())
    assert_check_passed(ds_role.segment_size, right, seed=SEED)
    every_month = int(((snaps["contract"] == "monthly") & (snaps["tickets_3m"] >= 1)).sum())
    assert_check_failed(ds_role.segment_size, every_month, seed=SEED, contains="covers every month",
                        excludes=str(right))
    this_month = int(((nov["contract"] == "monthly") & (nov["tickets_month"] >= 1)).sum())
    assert_check_failed(ds_role.segment_size, this_month, seed=SEED,
                        contains="tickets of the month only", excludes=str(right))
    assert_check_failed(ds_role.segment_size, -1, seed=SEED,
                        contains="is too low: count the November 2025 rows", excludes="-1")
    other = ds_role.segment_count(OTHER_SEED)   # copied from another seed's data
    assert other != right
    assert_check_failed(ds_role.segment_size, other, seed=SEED)


# -- lesson 2 ----------------------------------------------------------------------------
def test_leaky_column():
    assert_check_passed(ds_leakage_splits.leaky_column, " Exit_Survey_Score ")
    for wrong, reason in [("tickets_month", "A strong signal is not a leak"),
                          ("age", "protected attribute")]:
        assert_check_failed(ds_leakage_splits.leaky_column, wrong, contains=reason, excludes="exit_survey")
    assert_check_unattempted(ds_leakage_splits.leaky_column, "")


def test_seen_customers(random_split, snaps):
    train_part, test_part = random_split
    keys = test_part["customer_key"].drop_duplicates()
    assert_check_passed(ds_leakage_splits.seen_customers, keys.isin(set(train_part["customer_key"])).mean(),
                        seed=SEED)
    train_t, test_t = train.time_split(snaps)
    by_time = test_t["customer_key"].drop_duplicates().isin(set(train_t["customer_key"])).mean()
    assert_check_failed(ds_leakage_splits.seen_customers, by_time, seed=SEED, contains="is too low")
    other = train_test_split(snaps, test_size=0.25, random_state=0)
    unseeded = other[1]["customer_key"].drop_duplicates().isin(set(other[0]["customer_key"])).mean()
    if abs(unseeded - ds_leakage_splits.seen_share(SEED)) > 0.002:
        assert_check_failed(ds_leakage_splits.seen_customers, unseeded, seed=SEED)
    assert_check_failed(ds_leakage_splits.seen_customers, 100 * ds_leakage_splits.seen_share(SEED), seed=SEED,
                        contains="is too high")


def test_future_rows(random_split):
    train_part, test_part = random_split
    latest = test_part["customer_key"].map(train_part.groupby("customer_key")["snapshot_month"].max())
    right = (latest.notna() & (latest > test_part["snapshot_month"])).mean()
    assert_check_passed(ds_leakage_splits.future_rows, right, seed=SEED)
    earliest = test_part["customer_key"].map(train_part.groupby("customer_key")["snapshot_month"].min())
    assert_check_failed(ds_leakage_splits.future_rows, (earliest > test_part["snapshot_month"]).mean(), seed=SEED,
                        contains="is too low")
    per_customer = (test_part.assign(f=latest > test_part["snapshot_month"])
                    .groupby("customer_key")["f"].any().mean())
    assert_check_failed(ds_leakage_splits.future_rows, per_customer, seed=SEED, contains="is too high")


def _random(df, test_months=3):
    return tuple(train_test_split(df, test_size=0.3, random_state=0))


def _one_month_short(df, test_months=3):
    months = sorted(df["snapshot_month"].unique())
    if len(months) <= test_months:
        raise ValueError("too few months")
    cut = months[-test_months + 1] if test_months > 1 else months[-1]
    return df[df["snapshot_month"] < cut], df[df["snapshot_month"] >= cut]


def _by_position(df, test_months=3):
    months = df["snapshot_month"].nunique()
    if months <= test_months:
        raise ValueError("too few months")
    n = len(df) * test_months // months
    return df.iloc[:-n], df.iloc[-n:]


def _never_refuses(df, test_months=3):
    months = sorted(df["snapshot_month"].unique())
    cut = months[-test_months]
    return df[df["snapshot_month"] < cut], df[df["snapshot_month"] >= cut]


def _cut_in_both(df, test_months=3):
    months = sorted(df["snapshot_month"].unique())
    if len(months) <= test_months:
        raise ValueError("too few months")
    cut = months[-test_months]
    return df[df["snapshot_month"] <= cut], df[df["snapshot_month"] >= cut]


@pytest.mark.parametrize("wrong, message", [
    (_random, "every training month must come before every test month"),
    (_one_month_short, "the test part holds 2 months; it should hold the last 3 months"),
    (_by_position, "(rows in no particular order)"),
    (_never_refuses, "should raise ValueError"),
    (_cut_in_both, "some rows are in both parts"),
])
def test_time_split_wrong_versions_fail_on_a_named_case(wrong, message):
    """Does each plausible wrong split fail, naming the toy case, without showing the code?"""
    assert_check_failed(ds_leakage_splits.time_split, wrong, contains=message, excludes="months[-test_months]")


def test_time_split():
    assert_check_passed(ds_leakage_splits.time_split, train.time_split)

    def not_yet(df, test_months=3):
        raise NotImplementedError
    assert_check_unattempted(ds_leakage_splits.time_split, not_yet)
    assert_check_failed(ds_leakage_splits.time_split, "split_by_time", contains="a function is expected")

    def crashes(df, test_months=3):
        return df.groupby("month")
    assert_check_failed(ds_leakage_splits.time_split, crashes, contains="raised KeyError")


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
