"""A lesson exercise whose answer is one number, declared as ``declare.number`` would, but
whose wrong answers are told why and, when a common mistake explains the number, which one;
the learner's number is never repeated back (a near miss would show the answer's first
digits)."""

from __future__ import annotations

from dsroles.checks.exercise import Exercise
from dsroles.checks.numbers import check_number


def number(id: str, *, expected, abs_tol: float, why: str, mistakes=None,
           what: str = "your answer", **kw) -> Exercise:
    """``mistakes(seed)`` lists (message, value or function) pairs; ``why`` says what the
    number is, for a wrong answer that matches none of them."""
    def compare(value, want, context):
        found = mistakes(int(context["seed"])) if mistakes else ()
        check_number(value, want, abs_tol=abs_tol, what=what, mistakes=found, why=why,
                     show=False)
    return Exercise(id, compare=compare, expected=expected, context=("seed",), **kw)
