"""Check a learner's function on test cases, edge cases included.

The expected result of each case comes from a reference function, run on its own copy
of the arguments; the learner's function gets another copy, so it cannot change ours.
A failure names the call it failed on; an exception raised inside the learner's
function is reported with its type, message and the line it came from.
"""

from __future__ import annotations

import copy
import reprlib
from dataclasses import dataclass, field
from typing import Callable

from dsroles.checks.calling import STUB_MESSAGE, require_function, where
from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect, NotAttempted

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


def check_function(fn, reference: Callable, cases, compare: Callable[..., None], *,
                   name: str = "your function") -> None:
    """Raise Incorrect at the first case where ``fn`` and ``reference`` disagree."""
    require_function(fn, name)
    for case in cases:
        call = case.call_text(getattr(fn, "__name__", "f"))
        try:
            got = fn(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
        except NotImplementedError:
            raise NotAttempted(STUB_MESSAGE) from None
        except Exception as exc:  # the learner's bug, reported in words
            if case.raises is not None and type(exc) is case.raises:
                continue
            raise Incorrect(f"{call} raised {type(exc).__name__}: {exc}{where(exc)}.") from None
        if case.raises is not None:
            raise Incorrect(f"{call} should raise {case.raises.__name__}; "
                            f"it returned {a_type(got)}.")
        want = reference(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
        compare(got, want, what=f"the result of {call}")
