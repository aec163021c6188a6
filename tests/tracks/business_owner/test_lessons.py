"""The business owner lessons: each notebook checks its own module's exercises, and each
exercise's solution, typed into its lesson, passes there (the lesson's variables are the ones
the checks expect)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import nbformat
import pytest

from dsroles.checks.registry import exercises_in
from dsroles.checks.testing import assert_check_failed, assert_check_passed
from dsroles.tracks import TRACKS

TRACK = next(t for t in TRACKS if t.package == "business_owner")
FOLDER = Path(__file__).resolve().parents[3] / "course" / TRACK.folder
LESSONS = list(zip(sorted(FOLDER.glob("*.ipynb")), TRACK.lessons))
CHECK = re.compile(r"q\.(\w+)\.check\((\w+)\)")
SEED = 42


def _module(name):
    return __import__(TRACK.module(name), fromlist=["_"])


def _code_cells(path):
    return [c.source for c in nbformat.read(path, 4).cells if c.cell_type == "code"]


def _solution_code(exercise) -> str:
    return re.search(r"```python\n(.*?)```", exercise.solution_text, re.S).group(1)


@pytest.mark.parametrize("path, lesson", LESSONS, ids=[p.name for p, _ in LESSONS])
def test_each_lesson_checks_every_exercise_of_its_module_once(path, lesson):
    """Does the notebook call .check() once for each exercise its module declares, and no other?"""
    calls = [name for source in _code_cells(path) for name, _ in CHECK.findall(source)]
    declared = sorted(exercises_in(_module(lesson)))
    assert sorted(calls) == declared


@pytest.mark.parametrize("path, lesson", LESSONS, ids=[p.name for p, _ in LESSONS])
def test_the_solutions_pass_in_their_lesson(path, lesson, monkeypatch):
    """Run the lesson's code with each exercise's solution typed in after its cell: does every
    check then say correct?"""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    monkeypatch.setenv("DSROLES_LOG", "off")
    namespace: dict = {}
    answered = {}
    with contextlib.redirect_stdout(io.StringIO()):
        for source in _code_cells(path):
            exec(compile(source, str(path), "exec"), namespace)  # noqa: S102 - our own lesson
            for name, variable in CHECK.findall(source):
                exercise = getattr(_module(lesson), name)
                exec(compile(_solution_code(exercise), f"{name} solution", "exec"), namespace)  # noqa: S102
                answered[name] = namespace[variable]
            plt.close("all")
    for name, value in answered.items():
        assert_check_passed(getattr(_module(lesson), name), value, seed=SEED)


# -- messages that must say what is wrong ------------------------------------------------------
def test_a_flag_value_that_spares_stayers_the_offer_cost_is_named():
    from dsroles.tracks.business_owner import decisions

    def wrong(p, offer_cost=10.0, acceptance=0.35, lifetime_value=240.0):
        return p * (acceptance * lifetime_value - offer_cost)

    assert_check_failed(decisions.flag_value, wrong, contains="paid for whoever receives it")


def test_an_empty_function_body_is_not_attempted():
    from dsroles.checks.testing import assert_check_unattempted
    from dsroles.tracks.business_owner import decisions

    def value_of_flagging(p, offer_cost=10.0, acceptance=0.35, lifetime_value=240.0):
        ...

    assert_check_unattempted(decisions.flag_value, value_of_flagging)


def test_an_empty_register_is_not_attempted_and_a_half_filled_one_is_judged():
    from dsroles.checks.testing import assert_check_unattempted
    from dsroles.tracks.business_owner import data_access, register

    table = register.skeleton()
    assert_check_unattempted(data_access.access_register, table)
    table["lawful_basis"] = ["contract", "contract", "legitimate interests", "consent"]
    result = data_access.access_register.evaluate(table)
    assert 0 < result.fraction < 1 and "retention" in result.message.lower()


def test_the_campaign_list_refuses_an_empty_list_and_names_silence():
    from dsroles.tracks.business_owner import access, data, data_access

    assert data_access.campaign_list.evaluate([], seed=SEED).fraction == 0
    groups = access.eligible(data.crm(SEED), data.consent_table(SEED), data_access.AS_OF)
    silent = groups["targets"] | (groups["never_answered"] - groups["left"] - groups["no_marketing"])
    assert_check_failed(data_access.campaign_list, sorted(silent), seed=SEED,
                        contains="silence is not consent")


def test_the_most_accurate_threshold_given_for_the_most_profit_is_named():
    from dsroles.tracks.business_owner import data, decisions, money

    y, p = data.test_scores(SEED)
    accurate = money.best_accuracy_threshold(y, p)
    assert_check_failed(decisions.thresholds, {"most_profit": accurate, "best_accuracy": accurate},
                        seed=SEED, contains="most *accurate* threshold")
