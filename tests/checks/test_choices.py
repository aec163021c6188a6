"""Free choices: one of several options, tolerant of case and spacing."""

from __future__ import annotations

import pytest

from dsroles.checks.choices import check_choice
from dsroles.checks.outcomes import Incorrect

OPTIONS = ("time-based split", "random split", "no split")
WHY = {"random split": "Rows from the same customer end up on both sides."}


@pytest.mark.parametrize("value", ["time-based split", "  Time-Based   Split ", "TIME-BASED SPLIT."])
def test_right_option_in_any_case_and_spacing(value):
    """Is the right option accepted whatever its case and spacing?"""
    check_choice(value, ["time-based split"], options=OPTIONS, why=WHY)


@pytest.mark.parametrize("value, message", [
    ("Random split", "'random split' is not the best choice. Rows from the same customer end up "
                     "on both sides."),
    ("no split", "'no split' is not the best choice."),
    ("k-fold", "'k-fold' is not one of the options: 'time-based split', 'random split', 'no split'."),
    (2, "your choice is an int; give one of the options as a str."),
])
def test_wrong_choices_say_why(value, message):
    """Does a wrong or unknown choice get a message that does not name the right option?"""
    with pytest.raises(Incorrect) as info:
        check_choice(value, ["time-based split"], options=OPTIONS, why=WHY)
    assert str(info.value) == message
