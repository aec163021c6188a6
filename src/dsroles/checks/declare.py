"""Declare exercises as data: one call per exercise, by the kind of answer it expects.

    mean = number("demo.mean", expected=lambda seed: ..., abs_tol=0.01,
                  hints=["...", "..."], solution="```python\\n...\\n```", context=("seed",))
"""

from __future__ import annotations

from typing import Callable

from dsroles.checks.choices import check_choice
from dsroles.checks.exercise import Exercise
from dsroles.checks.frames import check_frame, require_frame
from dsroles.checks.functions import Case, check_function
from dsroles.checks.models import check_model, metric_names
from dsroles.checks.numbers import check_number, check_numbers
from dsroles.checks.outcomes import is_blank_text


def number(id: str, *, expected, abs_tol: float = 1e-9, rel_tol: float = 1e-6, **kw) -> Exercise:
    """A single number, within ``abs_tol`` or ``rel_tol`` of the expected one."""
    def compare(value, want, context):
        check_number(value, want, abs_tol=abs_tol, rel_tol=rel_tol)
    return Exercise(id, compare=compare, expected=expected, **kw)


def numbers(id: str, *, expected, abs_tol: float = 1e-9, rel_tol: float = 1e-6,
            **kw) -> Exercise:
    """A sequence of numbers (list, array or Series), element by element."""
    def compare(value, want, context):
        check_numbers(value, want, abs_tol=abs_tol, rel_tol=rel_tol)
    return Exercise(id, compare=compare, expected=expected, **kw)


def frame(id: str, *, expected, dtypes: bool = True, ignore_order: bool = True,
          abs_tol: float = 1e-9, rel_tol: float = 1e-6, **kw) -> Exercise:
    """A DataFrame: columns, dtypes, row count and values (unless ``parts`` split it)."""
    def compare(value, want, context):
        check_frame(value, want, dtypes=dtypes, ignore_order=ignore_order,
                    abs_tol=abs_tol, rel_tol=rel_tol)
    return Exercise(id, compare=compare, expected=expected, **kw)


def frame_in_parts(id: str, *, expected, parts, context=("seed",), **kw) -> Exercise:
    """A DataFrame scored part by part (partial credit); anything else is refused first."""
    return Exercise(id, expected=expected, context=context, parts=parts,
                    precheck=lambda value, want, ctx: require_frame(value), **kw)


def function(id: str, *, reference: Callable, cases, compare_results=check_numbers,
             **kw) -> Exercise:
    """A function, tried on ``cases`` (``Case`` objects) against a reference implementation."""
    cases = tuple(c if isinstance(c, Case) else Case(args=tuple(c)) for c in cases)

    def compare(value, want, context):
        check_function(value, reference, cases, compare_results)
    return Exercise(id, compare=compare, **kw)


def model(id: str, *, provider: Callable, metric: str, bar: float, **kw) -> Exercise:
    """A fitted model whose ``metric`` on held-out data from ``provider(**context)`` reaches ``bar``."""
    if metric not in metric_names():
        raise ValueError(f"exercise {id}: unknown metric {metric!r}; use one of {metric_names()}")

    def compare(value, held_out, context):
        X, y = held_out
        check_model(value, X, y, metric=metric, bar=bar)
    # The provider is the exercise's "expected": called with the context, cached per context.
    return Exercise(id, compare=compare, expected=provider, **kw)


def choice(id: str, *, options, expected, why=None, **kw) -> Exercise:
    """One of ``options``; ``expected`` is the right one (or a list of right ones)."""
    options = tuple(options)
    wanted = [expected] if isinstance(expected, str) else list(expected)
    unknown = [w for w in wanted if w not in options]
    if unknown:
        raise ValueError(f"exercise {id}: expected {unknown} not among the options")

    def compare(value, want, context):
        check_choice(value, wanted, options=options, why=why)
    return Exercise(id, compare=compare, not_attempted=is_blank_text, **kw)
