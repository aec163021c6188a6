"""Judging a filed flag: the flag is read back from the store (``store.get(flag_id)``), so only
a flag that passed the store's schema reaches these checks. Each property is a part of its own:
what it is about, who owns it, the suspected cause, and the evidence."""

from __future__ import annotations

import math
from typing import Callable

from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect, NotAttempted, is_placeholder


def require_flag(value, expected, context) -> None:
    """A precheck: the value is a Flag read back from a store."""
    from dsroles.churn.flags import Flag

    if is_placeholder(value):
        raise NotAttempted("File the flag first, then check store.get(flag_id).")
    if type(value) is not Flag:
        raise Incorrect(f"your answer is {a_type(value)}; check the flag as the store gives it "
                        "back: store.get(flag_id), where flag_id = store.file(...).")


def subject_part(accepted: Callable[[str, dict], bool], advice: str) -> Callable:
    def check(flag, expected, context):
        if not accepted(flag.subject, expected):
            raise Incorrect(f"the subject is not what the flag is about: {advice}")
    return check


def same_prediction(subject: str, expected) -> bool:
    return subject == expected["subject"]


PREDICTION_ADVICE = "write 'prediction:<customer_key>@<month>' for the score you traced."


def owner_part(owners: tuple[str, ...], advice: str) -> Callable:
    def check(flag, expected, context):
        if flag.owner_role not in owners:
            raise Incorrect(f"the flag is addressed to the {flag.owner_role.replace('_', ' ')}; "
                            f"{advice}")
    return check


def cause_part(causes: tuple[str, ...], advice: str) -> Callable:
    def check(flag, expected, context):
        if flag.suspected_cause not in causes:
            raise Incorrect(f"'{flag.suspected_cause}' is not the likeliest cause: {advice}")
    return check


def number_in(evidence: dict, name: str) -> float:
    """The evidence entry ``name`` as a float; Incorrect if it is missing or not a number."""
    if name not in evidence:
        raise Incorrect(f"the evidence has no entry {name!r}.")
    value = evidence[name]
    if type(value) not in (int, float) or not math.isfinite(value):
        raise Incorrect(f"the evidence entry {name!r} should be a number.")
    return float(value)


def evidence_numbers(names: dict[str, str], tol: float) -> Callable:
    """A part: each evidence entry of ``names`` ({name: expected key}) matches the expected."""
    def check(flag, expected, context):
        wrong = [name for name, key in names.items()
                 if abs(number_in(flag.evidence, name) - expected[key]) > tol]
        if wrong:
            raise Incorrect(f"the evidence {', '.join(repr(n) for n in wrong)} does not match "
                            "what the model does: recompute it as the task says.")
    return check


def filed(store, flag_id):
    """The flag ``flag_id`` as ``store`` gives it back (a placeholder stays one)."""
    return flag_id if is_placeholder(flag_id) else store.get(flag_id)
