"""Keyed table comparison: each part judges one property, on the keys both tables share, so
a missing row is said once; keys in the index count as columns; keys written another way
cost the key's part alone; numbers that are off say in which direction."""

import pandas as pd
import pytest

from dsroles.checks.outcomes import Incorrect
from dsroles.checks.tables import (
    by_direction, columns_and_types, columns_only, one_row_per, same_values,
)

EXPECTED = pd.DataFrame({"month": ["2025-01", "2025-01", "2025-02"],
                         "device": ["tv", "web", "tv"],
                         "sessions": [10, 20, 30], "hours": [1.5, 2.5, 3.5]})
KEY = ["month", "device"]


def _fails(part, value, says):
    with pytest.raises(Incorrect) as err:
        part(value, EXPECTED, {})
    assert says in str(err.value), str(err.value)
    return str(err.value)


def test_the_expected_table_passes_every_part_in_any_row_and_column_order():
    shuffled = EXPECTED.iloc[::-1][["hours", "sessions", "device", "month"]]
    for part in (columns_and_types, columns_only, one_row_per(KEY, "pair"),
                 same_values(KEY, ["sessions", "hours"], "pair")):
        part(shuffled, EXPECTED, {})


def test_keys_left_in_the_index_count_as_columns():
    indexed = EXPECTED.set_index(KEY)
    for part in (columns_and_types, columns_only, one_row_per(KEY, "pair"),
                 same_values(KEY, "hours", "pair")):
        part(indexed, EXPECTED, {})


def test_a_category_of_text_and_a_nullable_integer_keep_their_families():
    variant = EXPECTED.astype({"device": "category", "sessions": "Int64"})
    columns_and_types(variant, EXPECTED, {})
    same_values(KEY, "sessions", "pair")(variant, EXPECTED, {})


def test_a_missing_row_is_said_once_by_the_rows_part():
    short = EXPECTED.iloc[1:]
    _fails(one_row_per(KEY, "pair"), short, "1 pair missing (of 3)")
    same_values(KEY, ["sessions", "hours"], "pair")(short, EXPECTED, {})  # no second penalty


def test_repeated_and_extra_keys_are_named():
    _fails(one_row_per(KEY, "pair"), pd.concat([EXPECTED, EXPECTED.iloc[:1]]),
           "1 pair appears more than once")
    extra = pd.concat([EXPECTED, EXPECTED.iloc[:1].assign(month="2025-03")])
    _fails(one_row_per(KEY, "pair"), extra, "1 pair that should not be there")


def test_keys_written_another_way_cost_the_rows_part_only():
    dated = EXPECTED.assign(month=pd.to_datetime(EXPECTED["month"]))
    message = _fails(one_row_per(KEY, "pair", advice=" Write month as 'YYYY-MM'."), dated,
                     "written another way")
    assert message.endswith("Write month as 'YYYY-MM'.")
    same_values(KEY, ["sessions", "hours"], "pair")(dated, EXPECTED, {})  # judged as a whole


def test_values_judged_as_a_whole_still_fail_when_wrong():
    dated = EXPECTED.assign(month=pd.to_datetime(EXPECTED["month"]), hours=[9.0, 2.5, 3.5])
    _fails(same_values(KEY, "hours", "pair"), dated, "compared as a whole")


def test_a_wrong_value_names_the_column_and_the_count_not_the_value():
    wrong = EXPECTED.assign(hours=[1.5, 2.5, 9.0])
    message = _fails(same_values(KEY, "hours", "pair"), wrong, "'hours' is wrong for 1 pair of 3")
    assert "3.5" not in message


def test_by_direction_says_why_a_number_is_too_high_or_too_low():
    explain = by_direction(high="drop the replays.", low="keep every event.",
                           mixed="events moved between months.")
    part = same_values(KEY, "sessions", "pair", explain=explain)
    _fails(part, EXPECTED.assign(sessions=[11, 21, 31]), "They are too high: drop the replays.")
    _fails(part, EXPECTED.assign(sessions=[9, 20, 30]), "They are too low: keep every event.")
    _fails(part, EXPECTED.assign(sessions=[9, 21, 30]), "Some are too high, some too low: events")
    _fails(part, EXPECTED.assign(sessions=[None, 20, 30]), "1 value missing")


def test_a_time_zone_on_dates_is_named():
    times = pd.to_datetime(["2025-01-01 10:00", "2025-01-02 00:00"])
    want = pd.DataFrame({"id": [1, 2], "ts": times})
    got = want.assign(ts=want["ts"].dt.tz_localize("UTC"))
    with pytest.raises(Incorrect, match="time zone"):
        same_values("id", "ts", "row")(got, want, {})
