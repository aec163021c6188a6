"""The demo exercises: seeded, fast, and each with a right answer and plausible wrong ones."""

from __future__ import annotations

import pytest
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression

from dsroles.checks import Exercise
from dsroles.checks.registry import exercises_in, get_exercise
from dsroles.checks.testing import (
    assert_check_failed, assert_check_passed, assert_check_unattempted,
)
from dsroles.tracks.start import welcome as demo

SEEDS = [0, 7, 2024]


def test_sample_is_seeded_and_has_the_defects_the_exercises_need():
    """Is sample(seed) reproducible, different per seed, with duplicates and missing charges?"""
    a, b = demo.sample(7), demo.sample(7)
    assert a.equals(b)
    assert not a.equals(demo.sample(8))
    assert a.duplicated().sum() > 0 and a["monthly_charge"].isna().sum() > 0


@pytest.mark.parametrize("name, ex", sorted(exercises_in(demo).items()))
def test_every_exercise_is_findable_by_its_id_and_has_help(name, ex):
    """Is each exercise's id 'demo.<name>', with hints and a solution?"""
    assert isinstance(ex, Exercise) and ex.id == f"demo.{name}"
    assert get_exercise(ex.id) is ex
    assert ex.hints and ex.solution_text


@pytest.mark.parametrize("seed", SEEDS)
def test_mean(seed):
    """Does the computed mean pass, and a literal from another seed fail?"""
    df = demo.sample(seed)
    assert_check_passed(demo.mean, df["monthly_charge"].mean(), seed=seed)
    other = float(demo.sample(seed + 1)["monthly_charge"].mean())
    assert_check_failed(demo.mean, other, seed=seed, contains="Your answer (")
    assert_check_failed(demo.mean, df["monthly_charge"].fillna(0).mean(), seed=seed,
                        contains="is too low.")
    assert_check_unattempted(demo.mean, ..., seed=seed)


def test_the_median_is_never_taken_for_the_mean():
    """On the seeds where the raw sample's mean and median came within the check's tolerance
    (16, 153, 442, ... of the first 3,000), and on 300 more, does the median fail the mean?"""
    for seed in [16, 153, 442, 556, 564, 687, 718, 759, 1092, 1635, *range(1, 301)]:
        charge = demo.sample(seed)["monthly_charge"]
        result = demo.mean.evaluate(float(charge.median()), seed=seed)
        assert result.outcome != "correct", f"the median passes as the mean at seed {seed}"


@pytest.mark.parametrize("seed", SEEDS)
def test_clean_partial_credit(seed):
    """Does each half-done cleaning earn the parts it got right, and an empty table almost none?"""
    df = demo.sample(seed)
    right = df.drop_duplicates().dropna(subset=["monthly_charge"])
    assert demo.clean.evaluate(right, seed=seed).fraction == 1.0
    assert demo.clean.evaluate(df.drop_duplicates(), seed=seed).fraction == pytest.approx(2 / 3)
    assert demo.clean.evaluate(df.dropna(), seed=seed).fraction == pytest.approx(2 / 3)
    empty = demo.clean.evaluate(df.iloc[:0], seed=seed)
    assert empty.fraction == pytest.approx(1 / 3)
    assert "also removed" in empty.message
    no_plan = assert_check_failed(demo.clean, right.drop(columns="plan"), seed=seed,
                                  contains="Columns: Wrong columns: missing column 'plan'.")
    assert no_plan.fraction == pytest.approx(2 / 3)
    assert_check_failed(demo.clean, right["plan"], seed=seed, contains="is a Series")


def test_normalise_edge_cases_are_named():
    """Do the empty and constant edge cases fail with the input named?"""
    def naive(values):
        lo, hi = min(values), max(values)
        return [(v - lo) / (hi - lo) for v in values]

    def no_constant(values):
        return naive(values) if values else []
    assert_check_passed(demo.normalise, demo._normalise)
    assert_check_failed(demo.normalise, naive, contains="naive([]) (empty input) raised ValueError")
    assert_check_failed(demo.normalise, no_constant,
                        contains="no_constant([4.0, 4.0, 4.0]) (constant input) raised "
                                 "ZeroDivisionError")


def test_choice():
    """Is 'Median' right and 'mean' wrong with its reason?"""
    assert_check_passed(demo.choice, " Median")
    assert_check_failed(demo.choice, "mean", contains="pull the mean towards them",
                        excludes="median")


def test_model():
    """Does a logistic regression pass the AUC bar and a dummy fail it?"""
    X, y = demo.training(3)
    assert_check_passed(demo.model, LogisticRegression(max_iter=1000).fit(X, y), seed=3)
    assert_check_failed(demo.model, DummyClassifier().fit(X, y), seed=3,
                        contains="AUC 0.5 is below the bar of 0.7")


def test_bind_gives_every_exercise_its_context():
    """Does demo.bind(seed=...) bind every exercise?"""
    q = demo.bind(seed=7)
    assert set(vars(q)) == set(exercises_in(demo))
    assert q.mean.evaluate(float(demo.sample(7)["monthly_charge"].mean())).correct


def test_model_held_out_data_is_built_once_per_seed(monkeypatch):
    """Is the held-out data fetched once per context, not at every check?"""
    calls = []
    real = demo.model.expected
    monkeypatch.setattr(demo.model, "expected", lambda seed: calls.append(seed) or real(seed))
    monkeypatch.setattr(demo.model, "_expected_cache", {})
    X, y = demo.training(5)
    fitted = LogisticRegression(max_iter=1000).fit(X, y)
    for _ in range(3):
        assert_check_passed(demo.model, fitted, seed=5)
    assert calls == [5]


def test_importing_the_checks_and_demo_loads_nothing_heavy():
    """Do `import dsroles.checks` and `dsroles.tracks.start.welcome` leave pandas, sklearn and matplotlib unloaded?"""
    import subprocess
    import sys

    code = ("import sys, dsroles.checks, dsroles.tracks.start.welcome, dsroles.team, dsroles.profile, "
            "dsroles.competencies; print(sorted({'pandas', 'numpy', 'sklearn', 'matplotlib'} "
            "& set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_clean_ids_that_lie_about_their_text_do_not_count():
    """Can customer ids made of objects whose str() lies keep the 'good rows kept' parts?"""
    class FakeId:
        """Prints as the id it wraps and equals anything."""

        def __init__(self, text):
            self.text = text

        def __str__(self):
            return self.text

        __eq__, __hash__ = (lambda self, other: True), object.__hash__

    right = demo._clean(7)
    fake = right.astype({"customer_id": object})
    fake["customer_id"] = [FakeId(t) for t in right["customer_id"]]
    result = demo.clean.evaluate(fake, seed=7)
    assert result.fraction == pytest.approx(1 / 3)
    assert "holds objects of type FakeId" in result.message
