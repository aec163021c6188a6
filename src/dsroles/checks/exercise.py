"""An exercise: declared once, checked in a lesson (check / hint / solution) and in a test cell.

``Exercise.evaluate`` is the single place where a value is judged; ``check`` adds the log
entry and the display, and ``dsroles.checks.testcell`` adds the assertion for nbgrader.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any, Callable

from dsroles.checks import log
from dsroles.checks.display import Feedback, show
from dsroles.checks.outcomes import (
    CORRECT, INCORRECT, NOT_ATTEMPTED, Incorrect, NotAttempted, PartResult, Result, is_placeholder,
)

Compare = Callable[[Any, Any, dict], None]  # (value, expected, context) -> None or raise Incorrect


@dataclass(frozen=True)
class Part:
    """A part of an answer that earns its own share of the points."""

    name: str
    check: Compare
    weight: float = 1.0


def _sentence(text: str) -> str:
    """Capitalise a message that starts with a word (not one that starts with a call, 'norm([])')."""
    text = text.strip()
    first = text.split(" ", 1)[0]
    return text[:1].upper() + text[1:] if first.isalpha() else text


def _accepted_names(fn: Callable) -> tuple[list[str], bool]:
    """The keyword names ``fn`` takes and whether it takes **kwargs."""
    params = inspect.signature(fn).parameters.values()
    names = [p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    return names, any(p.kind is p.VAR_KEYWORD for p in params)


def call_with_context(fn: Callable, context: dict):
    """Call ``fn`` with the context entries it names (all of them if it takes **kwargs)."""
    names, takes_all = _accepted_names(fn)
    return fn(**(context if takes_all else {k: v for k, v in context.items() if k in names}))


class Exercise:
    """One self-check exercise.

    ``expected`` is the answer, or a callable computing it from the context
    (``lambda seed: ...``); ``compare(value, expected, context)`` raises ``Incorrect``
    with a message saying what is wrong. ``parts`` (optional) split the answer for
    partial credit; ``precheck`` runs before the parts (e.g. "is it a DataFrame?").
    ``context`` names the keyword arguments every check needs (e.g. ``("seed",)``).
    ``competency`` is the id of the competency a lesson exercise practises.
    """

    def __init__(self, id: str, *, compare: Compare | None = None, expected: Any = None,
                 hints=(), solution: str = "", parts=(), precheck: Compare | None = None,
                 context=(), correct_note: str = "", not_attempted=is_placeholder,
                 competency: str = ""):
        if compare is None and not parts:
            raise ValueError(f"exercise {id}: give compare or parts")
        self.id = id
        self.compare = compare
        self.expected = expected
        self.hints = tuple(hints)
        self.solution_text = solution
        self.parts = tuple(parts)
        self.precheck = precheck
        self.context_names = tuple(context)
        self.correct_note = correct_note
        self.not_attempted = not_attempted
        self.competency = competency  # the competency a lesson exercise practises ("DE-2")
        self._hints_shown = 0
        self._expected_cache: dict = {}
        self.solved = False  # True once check() passed in this kernel: a lesson's reveal cells wait for it

    def __repr__(self) -> str:
        ctx = "".join(f", {n}=..." for n in self.context_names)
        return f"<exercise {self.id}: .check(value{ctx}), .hint(), .solution()>"

    # -- judging -------------------------------------------------------------
    def _context(self, context: dict) -> dict:
        missing = [n for n in self.context_names if n not in context]
        if missing:
            names = ", ".join(f"{n}=..." for n in missing)
            raise TypeError(f"{self.id} needs {names}: pass it to check(), "
                            f"or bind it once with .bind({names}).")
        return context

    def expected_for(self, context: dict):
        """The expected answer for this context (computed once per context)."""
        if not callable(self.expected):
            return self.expected
        try:
            key = tuple(sorted(context.items()))
            hash(key)
        except TypeError:
            return call_with_context(self.expected, context)
        if key not in self._expected_cache:
            self._expected_cache[key] = call_with_context(self.expected, context)
        return self._expected_cache[key]

    def evaluate(self, value, **context) -> Result:
        """Judge ``value``: no log, no display. Raises TypeError if context is missing."""
        context = self._context(context)
        if self.not_attempted(value):
            return Result(self.id, NOT_ATTEMPTED,
                          "Replace the placeholder with your answer, then check again.")
        expected = self.expected_for(context)
        try:
            if self.precheck is not None:
                self.precheck(value, expected, context)
            if self.parts:
                return self._evaluate_parts(value, expected, context)
            self.compare(value, expected, context)
        except NotAttempted as exc:
            return Result(self.id, NOT_ATTEMPTED, _sentence(str(exc)))
        except Incorrect as exc:
            return Result(self.id, INCORRECT, _sentence(str(exc)))
        except Exception as exc:  # a strange object broke the comparison: say so, do not crash
            return Result(self.id, INCORRECT, f"Your answer could not be checked: "
                                              f"{type(exc).__name__}: {exc}")
        return Result(self.id, CORRECT, self.correct_note, fraction=1.0)

    def _evaluate_parts(self, value, expected, context) -> Result:
        results = []
        for part in self.parts:
            try:
                part.check(value, expected, context)
                results.append(PartResult(part.name, part.weight, True))
            except Incorrect as exc:
                results.append(PartResult(part.name, part.weight, False, _sentence(str(exc))))
        total = sum(p.weight for p in results)
        earned = sum(p.weight for p in results if p.passed)
        fraction = earned / total if total else 0.0
        if earned == total:
            return Result(self.id, CORRECT, self.correct_note, 1.0, tuple(results))
        right = sum(p.passed for p in results)
        lost = " ".join(f"{_sentence(p.name)}: {p.message}" for p in results if not p.passed)
        message = f"{right} of {len(results)} parts right. {lost}"
        return Result(self.id, INCORRECT, message, fraction, tuple(results))

    # -- the learner's view ----------------------------------------------------
    def check(self, value, **context) -> None:
        """Check ``value``, record it in the log and show the verdict."""
        try:
            result = self.evaluate(value, **context)
        except TypeError as exc:
            show(Feedback("info", "Cannot check yet", str(exc)))
            return
        log.record(self.id, "check", outcome=result.outcome, fraction=result.fraction,
                   context=context)
        self.solved = self.solved or result.outcome == CORRECT
        show(feedback_for(result))

    def hint(self, n: int | None = None) -> None:
        """Show hint ``n`` (1-based), or the next one up the ladder."""
        if not self.hints:
            show(Feedback("hint", "No hint for this one", "call .solution() to see the answer."))
            return
        wanted = self._hints_shown + 1 if n is None else int(n)
        last = len(self.hints)
        number = min(max(wanted, 1), last)
        self._hints_shown = max(self._hints_shown, number)
        body = self.hints[number - 1]
        if wanted > last:
            body += f"\n\n(There are only {last} hints: that was the last one. " \
                    "Call .solution() to see the answer.)" if last > 1 else \
                    "\n\n(That is the only hint. Call .solution() to see the answer.)"
        log.record(self.id, "hint", hint=number)
        show(Feedback("hint", f"Hint {number} of {last}" if last > 1 else "Hint", body))

    def solution(self) -> None:
        """Show the solution (and record that it was revealed)."""
        log.record(self.id, "solution")
        show(Feedback("solution", "Solution", self.solution_text or "(no solution text given)"))

    def bind(self, **context) -> "BoundExercise":
        """This exercise with context filled in, so a lesson passes it once."""
        return BoundExercise(self, context)


def feedback_for(result: Result) -> Feedback:
    """The Feedback shown for a Result."""
    if result.outcome == CORRECT:
        return Feedback("correct", "Correct", result.message)
    if result.outcome == NOT_ATTEMPTED:
        return Feedback("not_attempted", "Not attempted yet", result.message)
    return Feedback("incorrect", "Incorrect", result.message)


class BoundExercise:
    """An Exercise with its context (seed, paths...) already given."""

    def __init__(self, exercise: Exercise, context: dict):
        self.exercise = exercise
        self.context = dict(context)

    @property
    def id(self) -> str:
        return self.exercise.id

    def __repr__(self) -> str:
        return f"<exercise {self.id}: .check(value), .hint(), .solution()>"

    @property
    def solved(self) -> bool:
        """True once this exercise's check passed in this kernel (a reveal cell waits for it)."""
        return self.exercise.solved

    def evaluate(self, value, **more) -> Result:
        return self.exercise.evaluate(value, **{**self.context, **more})

    def check(self, value, **more) -> None:
        self.exercise.check(value, **{**self.context, **more})

    def hint(self, n: int | None = None) -> None:
        self.exercise.hint(n)

    def solution(self) -> None:
        self.exercise.solution()
