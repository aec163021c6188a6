"""The track's shared parts for A/B test answers."""

from __future__ import annotations

from dsroles.checks.numbers import as_number, format_number
from dsroles.checks.outcomes import Incorrect


def check_effect(value, expected, context):
    got = as_number(value, "your effect")
    if abs(got + expected) < 1e-6 and abs(expected) > 1e-6:
        raise Incorrect("your effect has the wrong sign: give the control group's churn rate "
                        "minus the offer group's (positive when the offer keeps customers).")
    if abs(got) > 1:
        raise Incorrect("your effect is larger than 1: give it as a difference of two shares "
                        "between 0 and 1, not in percentage points.")
    if abs(got - expected) > 1e-6:
        raise Incorrect(f"your effect ({format_number(got)}) is "
                        f"{'too high' if got > expected else 'too low'}: it is the churn rate "
                        "(share of rows with churned == 1) of the control group minus that of "
                        "the offer group.")
