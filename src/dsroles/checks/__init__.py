"""Self-checks for lessons and nbgrader test cells.

Lesson authors declare exercises in ``dsroles.exercises.<namespace>`` with the helpers of
``dsroles.checks.declare`` (number, numbers, frame, function, model, choice); learners call
``.check(value)``, ``.hint()``, ``.solution()``; test cells call ``assert_check`` or
``partial_check`` with the exercise's id. See docs/self-checks.md.
"""

from dsroles.checks.exercise import BoundExercise, Exercise, Part
from dsroles.checks.functions import Case
from dsroles.checks.outcomes import BLANK, Incorrect, NotAttempted, Result
from dsroles.checks.registry import bind_all, get_exercise
from dsroles.checks.testcell import assert_check, partial_check

__all__ = [
    "BLANK", "BoundExercise", "Case", "Exercise", "Incorrect", "NotAttempted", "Part", "Result",
    "assert_check", "bind_all", "get_exercise", "partial_check",
]
