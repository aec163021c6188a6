"""Call a learner's function safely: their exception becomes words, never a crash.

    require_function(fn)                 # placeholder -> NotAttempted; not callable -> Incorrect
    result = call_safely(fn, store, batch)
    check = on_cases(reference, compare) # a comparison for function answers, case by case

Every argument is deep-copied before the call, so the learner's function cannot change the
checker's data, and the reference runs on its own copy.
"""

from __future__ import annotations

import copy
import traceback
from typing import Callable

from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect, NotAttempted, is_placeholder
from dsroles.checks.wording import lower_first

STUB_MESSAGE = "The function still raises NotImplementedError: replace that line with your code."


def where(exc: BaseException) -> str:
    """' (line 3: return total / len(xs))' for the innermost frame, if there is one."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return ""
    last = frames[-1]
    line = (last.line or "").strip()
    return f" (line {last.lineno}: {line})" if line else f" (line {last.lineno})"


def require_function(fn, what: str = "your answer") -> None:
    """NotAttempted for a placeholder, Incorrect for anything that cannot be called."""
    if is_placeholder(fn):
        raise NotAttempted("Write the function first, then check it.")
    if not callable(fn):
        raise Incorrect(f"{what} is {a_type(fn)}; a function is expected.")


def call_safely(fn, *args, what: str = "your function", **kwargs):
    """``fn(*args, **kwargs)`` on copies; its exceptions as NotAttempted / Incorrect."""
    try:
        return fn(*copy.deepcopy(args), **copy.deepcopy(kwargs))
    except NotImplementedError:
        raise NotAttempted(STUB_MESSAGE) from None
    except Exception as exc:  # the learner's bug, reported in words
        raise Incorrect(f"{what} raised {type(exc).__name__}: {exc}{where(exc)}.") from None


def on_cases(reference: Callable, compare: Callable):
    """A comparison for a function answer: ``fn`` against ``reference`` on each ``Case``.

    ``expected`` (from the exercise) is the list of cases; the first case where the two
    disagree is named by its label. ``compare(got, want, what=...)`` raises Incorrect.
    """
    def check(fn, cases, context):
        require_function(fn)
        for case in cases:
            want = reference(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
            got = call_safely(fn, *case.args, **case.kwargs)
            try:
                compare(got, want, what="the result")
            except Incorrect as exc:
                raise Incorrect(f"for {case.label}: {lower_first(str(exc))}") from None
    return check
