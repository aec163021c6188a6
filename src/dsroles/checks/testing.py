"""Test hooks for our own tests: assert a check's outcome without logging or display."""

from __future__ import annotations

from dsroles.checks.outcomes import CORRECT, INCORRECT, NOT_ATTEMPTED, Result


def _evaluate(exercise, value, context) -> Result:
    from dsroles.checks.registry import get_exercise

    ex = get_exercise(exercise) if isinstance(exercise, str) else exercise
    return ex.evaluate(value, **context)


def assert_check_passed(exercise, value, **context) -> Result:
    result = _evaluate(exercise, value, context)
    assert result.outcome == CORRECT, f"expected correct, got {result.outcome}: {result.message}"
    return result


def assert_check_failed(exercise, value, *, contains: str | tuple = (), excludes=(),
                        **context) -> Result:
    """The check says incorrect, its message holds every ``contains`` text and no ``excludes``."""
    result = _evaluate(exercise, value, context)
    assert result.outcome == INCORRECT, f"expected incorrect, got {result.outcome}: {result.message}"
    for text in ([contains] if isinstance(contains, str) else contains):
        assert text in result.message, f"{text!r} not in message {result.message!r}"
    for text in ([excludes] if isinstance(excludes, str) else excludes):
        assert text not in result.message, f"{text!r} should not be in {result.message!r}"
    return result


def assert_check_unattempted(exercise, value, **context) -> Result:
    result = _evaluate(exercise, value, context)
    assert result.outcome == NOT_ATTEMPTED, \
        f"expected not attempted, got {result.outcome}: {result.message}"
    return result
