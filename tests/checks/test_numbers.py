"""Number checks: tolerances, NaN, wrong types, and objects that lie about equality."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dsroles.checks.numbers import as_number, check_number, check_numbers
from dsroles.checks.outcomes import Incorrect


class AlwaysEqual:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


class LyingFloat(float):
    def __eq__(self, other):
        return True

    def __float__(self):
        return 12.5

    def __abs__(self):
        return 0.0

    __hash__ = float.__hash__


class LyingInt(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


class LyingArray(np.ndarray):
    def __eq__(self, other):
        return np.ones(self.shape, dtype=bool)


@pytest.mark.parametrize("value", [12.5, 12.5000000001, np.float64(12.5), np.float32(12.5),
                                   np.array(12.5), 12.504])
def test_accepts_plain_numbers_within_tolerance(value):
    """Are plain and numpy numbers within tolerance accepted?"""
    check_number(value, 12.5, abs_tol=0.005)


@pytest.mark.parametrize("value, message", [
    (13.0, "your answer (13) is too high."),
    (12.0, "your answer (12) is too low."),
    (float("nan"), "your answer is NaN (not a number): a missing value probably got into the calculation."),
    (float("inf"), "your answer is infinite: look for a division by zero."),
    ("12.5", "your answer is a str ('12.5'); a number is expected, not text."),
    (True, "your answer is True (a bool); a number is expected."),
    (np.bool_(True), "your answer is True (a bool); a number is expected."),
    ([12.5], "your answer is a list; a number (int or float) is expected."),
    (pd.Series([12.5]), "your answer is a Series; a single number is expected (did you forget to reduce it"),
    (np.array([12.5]), "your answer is an array of shape (1,); a single number is expected"),
])
def test_wrong_numbers_get_a_message_that_says_what_is_wrong(value, message):
    """Does each wrong number get a message naming the problem?"""
    with pytest.raises(Incorrect) as info:
        check_number(value, 12.5, abs_tol=0.005)
    assert str(info.value).startswith(message)


def test_message_does_not_reveal_the_expected_value():
    """Does a wrong answer's message keep the expected value to itself?"""
    with pytest.raises(Incorrect) as info:
        check_number(99.0, 12.5)
    assert "12.5" not in str(info.value)


@pytest.mark.parametrize("liar", [AlwaysEqual(), LyingFloat(1.0), LyingInt(3),
                                  np.array(1.0).view(LyingArray)])
def test_lying_objects_do_not_pass(liar):
    """Can an object whose __eq__ always says True (or a float subclass) pass a number check?"""
    with pytest.raises(Incorrect) as info:
        check_number(liar, 12.5)
    assert "expected" in str(info.value)


def test_float_subclass_is_named_as_such():
    """Is the learner told why a float subclass is refused?"""
    with pytest.raises(Incorrect, match="of type LyingFloat, derived from float"):
        as_number(LyingFloat(12.5))


def test_nan_expected_accepts_nan():
    """When the right answer is NaN, is NaN accepted?"""
    check_number(float("nan"), float("nan"))


@pytest.mark.parametrize("value, message", [
    ([0.0, 0.5], "has 1 value too few"),
    ([0.0, 0.5, 1.0, 1.0], "has 1 value too many"),
    ([0.0, float("nan"), 1.0], "has NaN at position 1"),
    ([0.0, 0.4, 1.0], "differs from the expected values at 1 of 3 positions (the first is position 1)"),
    ("abc", "is a str; a list, array or Series of numbers is expected"),
    (np.array([["a"]]), "has shape (1, 1)"),
    ([0.0, AlwaysEqual(), 1.0], "element 1 of your answer is an AlwaysEqual"),
])
def test_sequences_of_numbers(value, message):
    """Do sequence checks name the count, the NaN or the first wrong position?"""
    with pytest.raises(Incorrect) as info:
        check_numbers(value, [0.0, 0.5, 1.0])
    assert message in str(info.value)


@pytest.mark.parametrize("value", [[0, 0.5, 1], (0.0, 0.5, 1.0), np.array([0.0, 0.5, 1.0]),
                                   pd.Series([0.0, 0.5, 1.0])])
def test_sequences_accept_lists_arrays_and_series(value):
    """Are lists, tuples, arrays and Series of the right numbers accepted?"""
    check_numbers(value, [0.0, 0.5, 1.0])


class SpoofedFloat64(np.float64):
    """A numpy subclass that pretends to live in numpy."""

    __module__ = "numpy"

    def __eq__(self, other):
        return True

    __hash__ = np.float64.__hash__


def test_numpy_subclass_claiming_to_be_numpy_is_refused():
    """Can a float64 subclass that sets __module__ = 'numpy' pass?"""
    with pytest.raises(Incorrect, match="derived from float"):
        check_number(SpoofedFloat64(12.5), 12.5)


def test_nullable_series_with_missing_values():
    """Is a nullable Float64 Series read with NA as NaN?"""
    with pytest.raises(Incorrect, match="has NaN at position 1"):
        check_numbers(pd.Series([0.0, None, 1.0], dtype="Float64"), [0.0, 0.5, 1.0])


# -- naming the mistake behind a wrong number ------------------------------------------------
def _raised(fn, *args, **kwargs) -> str:
    with pytest.raises(Incorrect) as info:
        fn(*args, **kwargs)
    return str(info.value)


def test_a_wrong_number_matching_a_mistake_gets_its_message():
    """Is the first matching mistake named, a lazy one computed only when reached?"""
    calls = []

    def costly():
        calls.append(1)
        return 99.0

    mistakes = [("you used the median.", 11.0), ("you summed.", costly)]
    assert _raised(check_number, 11.0, 12.5, mistakes=mistakes) == "you used the median."
    assert calls == []
    assert _raised(check_number, 99.0, 12.5, mistakes=mistakes) == "you summed."
    assert calls == [1]


def test_a_mistake_that_cannot_be_computed_is_passed_over():
    def broken():
        raise ValueError("no data")

    message = _raised(check_number, 13.0, 12.5, mistakes=[("never.", broken), ("never.", "text")])
    assert message == "your answer (13) is too high."


def test_why_follows_too_high_and_show_hides_the_number():
    """Does ``why`` explain the plain verdict, and ``show=False`` keep the number out?"""
    assert _raised(check_number, 13.0, 12.5, why="the mean of the charges.") == \
        "your answer (13) is too high: the mean of the charges."
    assert _raised(check_number, 12.9, 12.5, show=False, what="your mean") == "your mean is too high."


def test_sequences_name_their_mistakes_and_label_their_positions():
    want = [0.7, 0.8, 0.9]
    assert _raised(check_numbers, [0.9, 0.8, 0.7], want, mistakes=[("reversed.", want[::-1])]) == \
        "reversed."
    assert _raised(check_numbers, [0.7, 0.5, 0.6], want, labels=["May", "June", "July"],
                   why="one per month.") == \
        "your answer differs from the expected values for June and July (2 of 3): one per month."


@pytest.mark.parametrize("got, want, close", [
    (1.0, 1.0 + 1e-12, True), ([1.0, 2.0], [1.0, 2.0], True), ([1.0, 2.0], [1.0], False),
    (np.array([1.0, 2.5]), [1.0, 2.0], False), (3.0, [3.0], True),
])
def test_close_to(got, want, close):
    from dsroles.checks.numbers import close_to

    assert close_to(got, want) is close
