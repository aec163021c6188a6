"""The data scientist exercises (lessons 1 and 2 here, 3 and 4 in ``test_lessons_3_4.py``): the
reference answer passes, plausible wrong ones fail with a message that helps without giving the
answer away, and the placeholder is "not attempted"."""

from __future__ import annotations

import pytest
from sklearn.model_selection import train_test_split

from dsroles.checks import Exercise
from dsroles.checks.registry import exercises_by_name, get_exercise
from dsroles.checks.testing import (
    assert_check_failed, assert_check_passed, assert_check_unattempted,
)
from dsroles.churn import train
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
