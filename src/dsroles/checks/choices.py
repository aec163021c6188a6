"""Free choices: one of several options, compared without caring about case or spacing."""

from __future__ import annotations

import re

from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect


def normalise_choice(text: str) -> str:
    """'  Time-Based  split ' -> 'time-based split'."""
    return re.sub(r"\s+", " ", text.strip().strip(".").strip()).casefold()


def check_choice(value, expected, *, options, why=None, what: str = "your choice") -> None:
    """Raise Incorrect unless ``value`` is one of the ``expected`` options.

    ``options`` lists every option the learner may pick; ``why`` maps a wrong option to a
    sentence that says what is wrong with it (never which option is right).
    """
    if type(value) is not str:
        raise Incorrect(f"{what} is {a_type(value)}; give one of the options as a str.")
    wanted = {normalise_choice(o) for o in ([expected] if isinstance(expected, str) else expected)}
    known = {normalise_choice(o): o for o in options}
    picked = normalise_choice(value)
    if picked not in known:
        listing = ", ".join(repr(o) for o in options)
        raise Incorrect(f"{value!r} is not one of the options: {listing}.")
    if picked in wanted:
        return
    reasons = {normalise_choice(k): v for k, v in (why or {}).items()}
    reason = reasons.get(picked)
    raise Incorrect(f"{known[picked]!r} is not the best choice." + (f" {reason}" if reason else ""))
