"""Exercises: outcomes, context, partial credit, the hint ladder, solutions and display."""

from __future__ import annotations

import json

import pytest

from dsroles.checks import BLANK, Exercise, Incorrect, Part, declare
from dsroles.checks.display import Feedback
from dsroles.checks.testing import (
    assert_check_failed, assert_check_passed, assert_check_unattempted,
)


@pytest.fixture
def log_file(tmp_path, monkeypatch):
    path = tmp_path / "log.jsonl"
    monkeypatch.setenv("DSROLES_LOG", str(path))
    return path


def events(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def make_square():
    return declare.number("t.square", expected=lambda seed: float(seed * seed), abs_tol=0.01,
                          context=("seed",), hints=["Multiply.", "seed * seed"],
                          solution="`seed * seed`")


@pytest.mark.parametrize("value", [..., None, BLANK])
def test_placeholders_are_not_attempted(value):
    """Are ..., None and BLANK recognised as the untouched placeholder?"""
    result = assert_check_unattempted(make_square(), value, seed=3)
    assert result.message == "Replace the placeholder with your answer, then check again."


def test_expected_value_is_computed_from_the_context():
    """Does the expected value follow the seed passed in?"""
    ex = make_square()
    assert_check_passed(ex, 9.0, seed=3)
    assert_check_passed(ex, 16, seed=4)
    assert_check_failed(ex, 9.0, seed=4, contains="Your answer (9) is too low.")


def test_missing_context_is_a_clear_error():
    """Is forgetting seed=... reported with what to pass?"""
    with pytest.raises(TypeError, match=r"t.square needs seed=\.\.\.: pass it to check\(\)"):
        make_square().evaluate(9.0)


def test_bound_exercise_keeps_its_context():
    """Does .bind(seed=...) let a lesson pass the context once?"""
    bound = make_square().bind(seed=5)
    assert bound.evaluate(25.0).correct
    assert not bound.evaluate(24.0).correct


def test_a_crashing_comparison_is_reported_not_raised():
    """Does an object that breaks the comparison give an incorrect verdict, not a traceback?"""
    def compare(value, expected, context):
        len(value)
    ex = Exercise("t.len", compare=compare)

    class Broken:
        def __len__(self):
            raise RuntimeError("boom")
    result = assert_check_failed(ex, Broken())
    assert result.message == "Your answer could not be checked: RuntimeError: boom"


def _part(fails_with=None):
    def check(value, expected, context):
        if fails_with and fails_with in value:
            raise Incorrect(f"{fails_with} is still there.")
    return check


@pytest.mark.parametrize("value, fraction, message", [
    ("", 1.0, ""),
    ("x", 0.75, "2 of 3 parts right. Alpha: X is still there."),
    ("xy", 0.25, "1 of 3 parts right. Alpha: X is still there. Beta: Y is still there."),
])
def test_partial_credit_by_weighted_parts(value, fraction, message):
    """Do parts earn their weight, and does the message name each part lost?"""
    ex = Exercise("t.parts", parts=[Part("alpha", _part("x"), 1.0), Part("beta", _part("y"), 2.0),
                                    Part("gamma", _part(), 1.0)])
    result = ex.evaluate(value)
    assert (result.fraction, result.message) == (fraction, message)


def test_hint_ladder_climbs_and_stops_at_the_last(log_file, capsys):
    """Do hint(), hint(), hint() give hints 1, 2, then 2 again with a note; hint(1) goes back?"""
    ex = make_square()
    ex.hint()
    ex.hint()
    ex.hint()
    ex.hint(1)
    out = [line for line in capsys.readouterr().out.splitlines() if line]
    assert out[:3] == ["Hint 1 of 2: Multiply.", "Hint 2 of 2: seed * seed",
                       "Hint 2 of 2: seed * seed"]
    assert out[3].startswith("(There are only 2 hints: that was the last one. Call .solution()")
    assert out[4:] == ["Hint 1 of 2: Multiply."]
    assert [e["hint"] for e in events(log_file)] == [1, 2, 2, 1]


def test_solution_is_shown_and_logged(log_file, capsys):
    """Does .solution() show the solution text and log the request?"""
    make_square().solution()
    assert capsys.readouterr().out == "Solution: `seed * seed`\n"
    assert events(log_file)[0]["event"] == "solution"


def test_check_prints_plain_text_outside_jupyter(log_file, capsys):
    """Outside Jupyter, does check() print a plain verdict?"""
    ex = make_square()
    ex.check(8.0, seed=3)
    ex.check(..., seed=3)
    ex.check(9.0, seed=3)
    assert capsys.readouterr().out.splitlines() == [
        "Incorrect: Your answer (8) is too low.",
        "Not attempted yet: Replace the placeholder with your answer, then check again.",
        "Correct"]
    logged = events(log_file)
    assert [e["outcome"] for e in logged] == ["incorrect", "not_attempted", "correct"]
    assert logged[0]["exercise"] == "t.square" and logged[0]["context"] == {"seed": 3}
    assert logged[0]["event"] == "check" and logged[0]["source"] == "lesson"
    assert logged[0]["time"].endswith("+00:00")


def test_check_without_context_explains_instead_of_raising(log_file, capsys):
    """Does check() without seed show what to pass rather than a traceback?"""
    make_square().check(9.0)
    assert capsys.readouterr().out.startswith("Cannot check yet: t.square needs seed=...")


@pytest.mark.parametrize("kind, colour", [("correct", "#2e7d32"), ("incorrect", "#c62828")])
def test_markdown_display_is_coloured(kind, colour):
    """In Jupyter, is the verdict a coloured Markdown title?"""
    md = Feedback(kind, "Correct", "well done")._repr_markdown_()
    assert md == f'<span style="color:{colour}">**Correct**</span>: well done'


def test_exercise_without_hints():
    """Does hint() on an exercise without hints say so?"""
    ex = declare.choice("t.c", options=["a", "b"], expected="a")
    assert_check_unattempted(ex, "  ")
    assert_check_passed(ex, "A")
