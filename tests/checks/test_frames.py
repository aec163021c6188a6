"""DataFrame checks: columns, dtypes, row counts and values, with useful messages."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dsroles.checks.frames import check_frame
from dsroles.checks.outcomes import Incorrect


@pytest.fixture
def expected():
    return pd.DataFrame({"customer_id": ["a", "b", "c", "d"], "plan": ["basic"] * 4,
                         "tenure_months": np.array([1, 2, 3, 4], dtype="int64"),
                         "monthly_charge": [8.99, 12.49, 15.99, 19.99]})


def _fail(value, expected, **kw) -> str:
    with pytest.raises(Incorrect) as info:
        check_frame(value, expected, **kw)
    return str(info.value)


def test_the_same_frame_in_another_row_and_column_order_passes(expected):
    """Do row order, column order and the index not matter by default?"""
    shuffled = expected.iloc[[2, 0, 3, 1], ::-1].set_index(pd.Index([9, 8, 7, 6]))
    check_frame(shuffled, expected)


def test_object_strings_match_pandas_strings(expected):
    """Is an object column of str accepted where pandas would make a str column?"""
    check_frame(expected.astype({"plan": object, "customer_id": object}), expected)


def test_missing_and_extra_columns_are_named(expected):
    """Does a wrong column set name the missing and the extra columns?"""
    value = expected.drop(columns=["plan", "tenure_months"]).assign(email="x")
    assert _fail(value, expected) == ("Wrong columns: missing columns 'plan', 'tenure_months'; "
                                      "extra column 'email'.")


def test_wrong_dtype_is_named_per_column(expected):
    """Does a wrong dtype name the column, its dtype and the kind expected?"""
    value = expected.astype({"tenure_months": "float64", "monthly_charge": str})
    message = _fail(value, expected)
    assert message.startswith("Wrong dtype: 'tenure_months' is float64 but should be integer; "
                              "'monthly_charge' is ")
    assert message.endswith("but should be float.")


@pytest.mark.parametrize("rows, message", [
    ([0, 1, 2, 3, 0, 1, 2], "3 rows too many."),
    ([0, 1, 2, 3, 3], "1 row too many."),
    ([0], "3 rows too few."),
])
def test_row_count_is_reported_as_too_many_or_too_few(expected, rows, message):
    """Does a wrong row count say how many rows too many or too few?"""
    assert _fail(expected.iloc[rows], expected) == message


def test_wrong_values_name_the_column_and_count_without_the_answer(expected):
    """Does a wrong value name the column and how many rows, and not the right value?"""
    value = expected.copy()
    value.loc[1, "monthly_charge"] = 1249.0
    message = _fail(value, expected, ignore_order=False)
    assert message == "Column 'monthly_charge' has wrong values in 1 row of 4."
    assert "12.49" not in message


def test_a_series_is_refused_with_a_hint(expected):
    """Is a Series (one selected column) refused with a reason?"""
    assert "is a Series; a DataFrame is expected" in _fail(expected["plan"], expected)


class LyingFrame(pd.DataFrame):
    def equals(self, other):
        return True

    def __eq__(self, other):
        return True


class AlwaysEqual:
    def __eq__(self, other):
        return True

    def __lt__(self, other):
        return False

    __hash__ = object.__hash__

    def __str__(self):
        return "basic"


def test_a_lying_dataframe_subclass_does_not_pass(expected):
    """Can a DataFrame subclass whose equals/__eq__ always say True pass?"""
    assert "LyingFrame; a pandas DataFrame is expected" in _fail(LyingFrame(expected.iloc[:1]),
                                                                 expected)


def test_lying_objects_inside_a_column_do_not_pass(expected):
    """Can an object column of always-equal objects pass?"""
    value = expected.astype({"plan": object})
    value["plan"] = [AlwaysEqual() for _ in range(4)]
    assert _fail(value, expected) == ("Column 'plan' holds objects of type AlwaysEqual; "
                                      "plain numbers, text or dates are expected.")


def test_nan_in_the_same_places_is_equal(expected):
    """Are NaNs in the same places treated as equal?"""
    with_nan = expected.assign(monthly_charge=[8.99, np.nan, 15.99, np.nan])
    check_frame(with_nan.copy(), with_nan)


class SpoofedText:
    """Claims to be a pandas object and prints as the right value."""

    __module__ = "pandas"

    def __init__(self, text):
        self.text = text

    def __str__(self):
        return self.text

    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


def test_objects_that_pretend_to_be_pandas_do_not_pass(expected):
    """Can objects with a spoofed module and a lying __str__ pass a value check?"""
    value = expected.astype({"plan": object})
    value["plan"] = [SpoofedText("basic") for _ in range(4)]
    assert "holds objects of type SpoofedText" in _fail(value, expected)


def test_nullable_integer_column_matches_int64(expected):
    """Is an Int64 (nullable) column accepted where int64 is expected?"""
    check_frame(expected.astype({"tenure_months": "Int64"}), expected)


def test_a_category_counts_as_the_family_of_its_categories():
    """Is a category of text 'text' and a category of integers 'integer' (DE task 3)?"""
    import pandas as pd

    from dsroles.checks.frames import check_dtypes, dtype_family

    assert dtype_family(pd.Series(["a", "b"], dtype="category").dtype) == "text"
    assert dtype_family(pd.Series([1, 2], dtype="category").dtype) == "integer"
    want = pd.DataFrame({"contract": ["monthly", "annual"]})
    check_dtypes(want.astype("category"), want)
