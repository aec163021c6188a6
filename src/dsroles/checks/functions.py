"""Check a learner's function on test cases, edge cases included.

The expected result of each case comes from a reference function, run on its own copy
of the arguments; the learner's function gets another copy, so it cannot change ours.
A failure names the call it failed on; an exception raised inside the learner's
function is reported with its type, message and the line it came from.
"""

from __future__ import annotations

import copy
import reprlib
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable

from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect, NotAttempted, is_placeholder

_short = reprlib.Repr()
_short.maxlist = _short.maxtuple = 6
_short.maxstring = 40
_short.maxother = 40


@dataclass(frozen=True)
class Case:
    """One call to try: its arguments, an optional label ('empty input') and expected exception."""

    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    label: str | None = None
    raises: type[BaseException] | None = None

    def call_text(self, name: str) -> str:
        parts = [_short.repr(a) for a in self.args]
        parts += [f"{k}={_short.repr(v)}" for k, v in self.kwargs.items()]
        text = f"{name}({', '.join(parts)})"
        return f"{text} ({self.label})" if self.label else text


def _where(exc: BaseException) -> str:
    """' (line 3: return total / len(xs))' for the innermost frame, if there is one."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return ""
    last = frames[-1]
    line = (last.line or "").strip()
    return f" (line {last.lineno}: {line})" if line else f" (line {last.lineno})"


def check_function(fn, reference: Callable, cases, compare: Callable[..., None], *,
                   name: str = "your function") -> None:
    """Raise Incorrect at the first case where ``fn`` and ``reference`` disagree."""
    if is_placeholder(fn):
        raise NotAttempted("Write the function first, then check it.")
    if not callable(fn):
        raise Incorrect(f"{name} is {a_type(fn)}; a function is expected.")
    for case in cases:
        call = case.call_text(getattr(fn, "__name__", "f") if callable(fn) else name)
        try:
            got = fn(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
        except NotImplementedError:
            raise NotAttempted("The function still raises NotImplementedError: "
                               "replace that line with your code.") from None
        except Exception as exc:  # the learner's bug, reported in words
            if case.raises is not None and type(exc) is case.raises:
                continue
            raise Incorrect(f"{call} raised {type(exc).__name__}: {exc}{_where(exc)}.") from None
        if case.raises is not None:
            raise Incorrect(f"{call} should raise {case.raises.__name__}; "
                            f"it returned {a_type(got)}.")
        want = reference(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
        compare(got, want, what=f"the result of {call}")
