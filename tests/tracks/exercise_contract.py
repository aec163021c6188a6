"""The contract's per-exercise tests, made for one track at a time.

Each role track's ``tests/tracks/<package>/test_contract.py`` holds
``globals().update(contract_for("<package>"))``: one file per track lets pytest-xdist (which keeps a
file's tests on one worker) spread the tracks over its workers. ``tests/test_track_contract.py``
checks that every role track has that file. For each exercise of the track, lessons and
assessment: every placeholder counts as not attempted; it has a right answer and two mistakes
in ``answers.py``; the right answers pass; the mistakes fail with a message that does not give
the expected value away; an assessment exercise has no hint and no solution.
"""

from __future__ import annotations

import pytest

from dsroles.checks.outcomes import BLANK, CORRECT, INCORRECT, NOT_ATTEMPTED
from dsroles.checks.registry import exercises_of
from dsroles.tracks import role_tracks

from tracks.contract import answers_of, context_for, expected_texts, make


def _exercises(track, exam: bool | None) -> list:
    spaces = [track.namespace] * (exam is not True) + [track.exam_namespace] * (exam is not False)
    return [pytest.param(ex, id=ex.id) for ns in spaces if ns for ex in exercises_of(ns).values()]


def contract_for(package: str) -> dict:
    """The per-exercise test functions of the role track whose package is ``package``."""
    (track,) = [t for t in role_tracks() if t.package == package]
    every, exam = _exercises(track, None), _exercises(track, True)

    @pytest.mark.parametrize("exercise", every)
    @pytest.mark.parametrize("placeholder", [..., None, BLANK], ids=["ellipsis", "None", "BLANK"])
    def test_a_placeholder_is_not_attempted(exercise, placeholder):
        result = exercise.evaluate(placeholder, **context_for(exercise))
        assert result.outcome == NOT_ATTEMPTED, result.message

    @pytest.mark.parametrize("exercise", every)
    def test_the_exercise_has_right_and_wrong_examples(exercise):
        examples = answers_of(track).get(exercise.id)
        assert examples is not None, f"tests/tracks/{package}/answers.py has no {exercise.id}"
        assert len(examples.right) >= 1 and len(examples.wrong) >= 2

    @pytest.mark.parametrize("exercise", every)
    def test_the_right_answers_pass(exercise):
        context = context_for(exercise)
        for i, factory in enumerate(answers_of(track)[exercise.id].right):
            result = exercise.evaluate(make(factory, context), **context)
            assert result.outcome == CORRECT, f"right answer {i}: {result.message}"

    @pytest.mark.parametrize("exercise", every)
    def test_the_wrong_answers_fail_without_giving_the_answer_away(exercise):
        context = context_for(exercise)
        leaks = expected_texts(exercise.expected_for(context))
        for label, factory in answers_of(track)[exercise.id].wrong.items():
            result = exercise.evaluate(make(factory, context), **context)
            assert result.outcome == INCORRECT and result.fraction < 1, f"{label!r} passed"
            assert result.message.strip(), f"{label!r} failed without saying why"
            shown = [t for t in leaks if t in result.message]
            assert not shown, f"{label!r}: the message gives the expected value away: {result.message}"

    @pytest.mark.parametrize("exercise", exam)
    def test_an_assessment_exercise_has_no_hint_and_no_solution(exercise):
        assert not exercise.hints and not exercise.solution_text

    return {f.__name__: f for f in (
        test_a_placeholder_is_not_attempted, test_the_exercise_has_right_and_wrong_examples,
        test_the_right_answers_pass, test_the_wrong_answers_fail_without_giving_the_answer_away,
        test_an_assessment_exercise_has_no_hint_and_no_solution)}
