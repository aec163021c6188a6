"""The nbgrader test-cell API: the same checks as the lessons, as assertions.

    assert_check("demo.mean", answer, seed=seed)          # AssertionError(message) unless correct
    partial_check("demo.clean", df, points=3, seed=seed)  # float points earned; AssertionError if 0

Nothing reaches stderr (nbgrader gives 0 to a test cell that writes to stderr): warnings
and stray stderr output are silenced while the check runs.
"""

from __future__ import annotations

import contextlib
import io
import warnings

from dsroles.checks import log
from dsroles.checks.outcomes import CORRECT, NOT_ATTEMPTED, Result
from dsroles.checks.registry import get_exercise


@contextlib.contextmanager
def quiet():
    """Silence warnings and stderr for the duration."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with contextlib.redirect_stderr(io.StringIO()):
            yield


def run_check(exercise_id: str, value, context: dict) -> Result:
    """Evaluate and log one test-cell check, quietly."""
    with quiet():
        result = get_exercise(exercise_id).evaluate(value, **context)
        log.record(exercise_id, "check", outcome=result.outcome, fraction=result.fraction,
                   context=context, source="test_cell")
    return result


def _failure(result: Result) -> str:
    prefix = "Not attempted: " if result.outcome == NOT_ATTEMPTED else ""
    return f"{prefix}{result.message}"


def assert_check(exercise_id: str, value, **context) -> None:
    """Return None if ``value`` is correct; else raise AssertionError saying what is wrong."""
    result = run_check(exercise_id, value, context)
    if result.outcome != CORRECT:
        raise AssertionError(_failure(result))


def partial_check(exercise_id: str, value, *, points: float, **context) -> float:
    """Points earned (``points`` x the fraction of parts right); AssertionError if none.

    When some parts are wrong, what is wrong is printed (stdout) and the points returned.
    """
    result = run_check(exercise_id, value, context)
    earned = round(float(points) * result.fraction, 6)
    if earned <= 0:
        raise AssertionError(_failure(result))
    if result.outcome != CORRECT:
        print(result.message)
    return earned
