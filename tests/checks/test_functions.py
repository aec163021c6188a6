"""Function checks: test cases, edge cases named in the message, learner exceptions reported."""

from __future__ import annotations

import pytest

from dsroles.checks.functions import Case, check_function
from dsroles.checks.numbers import check_numbers
from dsroles.checks.outcomes import Incorrect, NotAttempted


def reference(values):
    if not values:
        return []
    lo, hi = min(values), max(values)
    return [0.0] * len(values) if hi == lo else [(v - lo) / (hi - lo) for v in values]


CASES = [Case(([1.0, 2.0, 3.0],)), Case(([],), label="empty input"),
         Case(([4.0, 4.0],), label="constant input")]


def _fail(fn, cases=CASES) -> str:
    with pytest.raises(Incorrect) as info:
        check_function(fn, reference, cases, check_numbers)
    return str(info.value)


def no_edge_cases(values):
    lo, hi = min(values), max(values)
    return [(v - lo) / (hi - lo) for v in values]


def no_constant_case(values):
    if not values:
        return []
    lo, hi = min(values), max(values)
    return [(v - lo) / (hi - lo) for v in values]


def test_reference_passes():
    """Does a correct function pass every case?"""
    check_function(reference, reference, CASES, check_numbers)


def test_exception_names_the_failing_input_and_the_error():
    """Does an exception inside the learner's function name the input, the error and the line?"""
    message = _fail(no_edge_cases)
    assert message.startswith("no_edge_cases([]) (empty input) raised ValueError: ")
    assert "lo, hi = min(values), max(values)" in message


def test_constant_input_failure_names_the_edge_case():
    """Is the constant-input edge case named when it fails?"""
    assert _fail(no_constant_case).startswith(
        "no_constant_case([4.0, 4.0]) (constant input) raised ZeroDivisionError")


def test_wrong_result_names_the_call_and_what_differs():
    """Does a wrong result say which call and what is wrong with the result?"""
    message = _fail(lambda values: [v / max(values) for v in values] if values else [])
    assert message == ("the result of <lambda>([1.0, 2.0, 3.0]) differs from the expected values "
                       "at 2 of 3 positions (the first is position 0).")


def test_learner_cannot_change_the_reference_inputs():
    """Does a function that empties its input list leave our next case intact?"""
    def mutating(values):
        out = reference(list(values))
        values.clear()
        return out
    check_function(mutating, reference, CASES, check_numbers)


@pytest.mark.parametrize("fn", [..., None])
def test_placeholder_is_not_attempted(fn):
    """Is an untouched placeholder reported as not attempted?"""
    with pytest.raises(NotAttempted):
        check_function(fn, reference, CASES, check_numbers)


def test_not_implemented_is_not_attempted():
    """Is a function that still raises NotImplementedError reported as not attempted?"""
    def normalise(values):
        raise NotImplementedError()
    with pytest.raises(NotAttempted, match="NotImplementedError"):
        check_function(normalise, reference, CASES, check_numbers)


def test_not_a_function():
    """Is a value that is not callable refused with its type?"""
    assert _fail([0.0, 0.5, 1.0]) == "your function is a list; a function is expected."


def test_expected_exception_case():
    """Does a case that must raise fail when the function returns instead?"""
    def strict(values):
        if any(v < 0 for v in values):
            raise ValueError("negative")
        return reference(values)
    cases = [Case(([-1.0],), label="negative input", raises=ValueError)]
    check_function(strict, reference, cases, check_numbers)
    assert _fail(reference, cases) == ("reference([-1.0]) (negative input) should raise "
                                       "ValueError; it returned a list.")
