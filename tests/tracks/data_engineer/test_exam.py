"""The data engineer assessment's exercises (``de_exam.*``): each mistake loses its own part
and no other (parts scored independently), with a message that names it; the case that
defines an item is in its data (a month's first and last hour, a new year, Arrow memory);
placeholders are "not attempted"; a lesson's answer does not answer the assessment. The
right and wrong answers are the contract's (``answers_exam``). No nbgrader here:
``dsroles validate data_engineer`` grades the notebook itself and replays the banked mistakes
at several seeds."""

from __future__ import annotations

import filecmp

import pandas as pd
import pyarrow.parquet as pq
import pytest

from dsroles.checks.registry import exercises_by_name, get_exercise
from dsroles.checks.testing import (
    assert_check_failed, assert_check_passed, assert_check_unattempted,
)
from dsroles.tracks.data_engineer import data as de_data
from dsroles.tracks.data_engineer import data_tests as de_data_tests
from dsroles.tracks.data_engineer import exam_data as de_exam_data
from dsroles.tracks.data_engineer import exam_sources, memory
from dsroles.tracks.data_engineer import pipelines as de_pipelines
from dsroles.tracks.data_engineer import schemas as de_schemas

from tracks.data_engineer.answers_exam import ANSWERS, GOOD_SCHEMA

SEED = 42
CTX = {"seed": SEED}


def _wrong(exercise: str, label: str):
    """The result of the contract's wrong answer ``label`` to ``de_exam.<exercise>``."""
    return get_exercise(f"de_exam.{exercise}").evaluate(
        ANSWERS[f"de_exam.{exercise}"].wrong[label](SEED), **CTX)


def test_every_exercise_is_found_by_its_id():
    """Does every assessment exercise resolve through the registry under 'de_exam.'?"""
    found = exercises_by_name("de_exam")
    assert len(found) == 14
    for name, exercise in found.items():
        assert exercise.id == f"de_exam.{name}"
        assert get_exercise(exercise.id) is exercise


@pytest.mark.parametrize("exercise", sorted(exercises_by_name("de_exam")))
def test_placeholder_is_not_attempted(exercise):
    """Is the untouched `...` reported as not attempted (never as wrong)?"""
    assert_check_unattempted(f"de_exam.{exercise}", ..., **CTX)


@pytest.mark.parametrize("exercise", ["load_tickets", "last_seen", "usage_in_budget"])
def test_the_nbgrader_stub_is_not_attempted(exercise):
    """Is nbgrader's `raise NotImplementedError()` stub reported as not attempted?"""
    def stub(*args):
        raise NotImplementedError()

    assert_check_unattempted(f"de_exam.{exercise}", stub, **CTX)


# -- the data the items are judged on ----------------------------------------------------------
def _summer_at_an_edge(month: str) -> bool:
    """Does British Summer Time apply on the first day of ``month`` or of the next?"""
    first = pd.Timestamp(f"{month}-01 00:30")
    starts = [first, first + pd.offsets.MonthBegin(1)]
    return any(s.tz_localize("Europe/London").utcoffset() != pd.Timedelta(0) for s in starts)


def test_the_month_comes_from_the_seed_and_a_time_zone_conversion_shows_in_it():
    """Does another seed usually ask about another month, always one whose first or last
    hour a conversion to UTC moves?"""
    months = {de_exam_data.exam_month(s) for s in range(20)}
    assert len(months) == 8 and min(months) == "2025-03" and max(months) == "2025-10"
    assert all(_summer_at_an_edge(m) for m in months)


def _edges(times):
    first = (times.dt.day == 1) & (times.dt.hour == 0)
    last = ((times + pd.Timedelta(days=1)).dt.day == 1) & (times.dt.hour == 23)
    return times.dt.strftime("%Y-%m"), first, last


@pytest.mark.parametrize("table, column, least", [
    ("events", "ts", exam_sources.EVENTS_PER_EDGE),
    ("tickets", "opened_at", exam_sources.TICKETS_PER_EDGE)])
def test_every_month_of_the_delivery_has_rows_in_its_first_and_last_hour(table, column, least):
    """Does each month of the assessment's events and tickets open and close with rows?"""
    times = getattr(de_exam_data, table)(SEED)[column]
    month, first, last = _edges(times)
    for edge in (first, last):
        assert month[edge].value_counts().reindex(month.unique(), fill_value=0).min() >= least


def test_the_delivery_moves_rows_only_within_their_month():
    """Are the CRM and billing copied unchanged, and do the events keep every event, each in
    its own month, with its customer, session and duration?"""
    folder = de_exam_data.history(SEED)
    for name in exam_sources.COPIED:
        assert filecmp.cmp(folder / name, de_data.history(SEED, name), shallow=False)
    ours = pd.read_parquet(folder / "usage_events.parquet").sort_values(
        ["event_id", "ts"], ignore_index=True)
    theirs = pd.read_parquet(de_data.history(SEED, "usage_events.parquet")).sort_values(
        ["event_id", "ts"], ignore_index=True)
    same = ["event_id", "customer_id", "session_id", "device", "seconds"]
    pd.testing.assert_frame_equal(ours[same], theirs[same])
    assert (ours["ts"].dt.to_period("M") == theirs["ts"].dt.to_period("M")).all()
    assert (ours["ts"] != theirs["ts"]).sum() == 2 * exam_sources.EVENTS_PER_EDGE * 12


def test_every_hidden_batch_breaks_exactly_one_rule():
    """Is each defective batch rejected by the full schema, and the clean one passed?"""
    batches = de_exam_data.event_batches(SEED)
    assert set(batches) == {"clean", "negative", *de_exam_data.HIDDEN_BATCHES}
    assert de_schemas.validate_batch(GOOD_SCHEMA, batches["clean"].frame) is None
    for name, (what, batch) in batches.items():
        if name != "clean":
            assert de_schemas.validate_batch(GOOD_SCHEMA, batch) is not None, what


def test_the_unseen_log_has_the_history_defects():
    """Does the unseen log hold replayed events and negative durations, written once?"""
    path = de_exam_data.unseen_events(SEED)
    events = pd.read_parquet(path)
    assert events["event_id"].duplicated().sum() > 0 and (events["seconds"] < 0).sum() > 0
    assert de_exam_data.unseen_events(SEED) == path


def test_heartbeats_keep_sessions_replays_and_months():
    """Do the heartbeats of a session add up to its seconds, stay in its month, replay with
    it, and keep a negative duration negative?"""
    events = pd.DataFrame({
        "event_id": [1, 2, 2, 3], "customer_id": ["C100001", "C100002", "C100002", "C100003"],
        "session_id": [1, 2, 2, 3],
        "ts": pd.to_datetime(["2025-03-31 23:50:00", "2025-04-02 10:00:00",
                              "2025-04-02 10:00:00", "2025-04-03 08:00:00"]),
        "device": ["tv", "web", "web", "tv"], "seconds": [3001, 600, 600, -120],
    })
    beats = de_exam_data.heartbeats(events, 3)
    assert len(beats) == 12
    assert beats.groupby("session_id")["seconds"].sum().to_dict() == {1: 3001, 2: 1200, 3: -360}
    assert beats["event_id"].duplicated().sum() == 3
    assert (beats.loc[beats["session_id"] == 1, "ts"] < pd.Timestamp("2025-04-01")).all()
    assert (beats.loc[beats["session_id"] == 3, "seconds"] < 0).all()


def test_the_memory_meter_sees_arrow_tables_and_not_duckdb():
    """Does the meter count a pyarrow table read from the log, and hardly anything for a
    DuckDB query that returns a small result?"""
    import duckdb

    path = str(de_exam_data.unseen_events(SEED))
    read = memory.measure(pq.read_table, path)
    assert read.arrow_mb > 4 and read.python_mb < 1
    with duckdb.connect() as con:
        small = memory.measure(lambda p: con.execute(
            "SELECT count(*) AS n FROM read_parquet(?)", [p]).df(), path)
    assert small.total_mb < 1 and len(small.result) == 1


# -- each mistake costs its own part, and says what it is -------------------------------------
MISTAKES = [
    ("month_billing", "pence left in", 3 / 4, "legacy invoices store pence"),
    ("month_billing", "every month", 2 / 4, "count only the invoices of that month"),
    ("customer_month", "raw CRM", 3 / 5, "join the cleaned CRM"),
    ("customer_month", "inner join", 4 / 5, "(a left join)"),
    ("customer_month", "local time converted to UTC", 4 / 5, "no time-zone conversion"),
    ("customer_month", "pence left in", 4 / 5, "100 times too high"),
    ("customer_month", "negative durations kept", 4 / 5, "They are too high"),
    ("customer_month", "sessions as float", 4 / 5, "'sessions' is float64 but should be integer"),
    ("crm_identity", "keep neither copy", 1 / 2, "with a re-imported copy are missing"),
    ("crm_identity", "whole-row duplicates only", 1 / 2, "appear more than once"),
    ("crm_identity", "dates guessed by pandas", 1 / 2, "read month first"),
    ("crm_identity", "dates left as text", 1 / 2, "not dates"),
    ("crm_values", "lower case only", 2 / 4, "map every spelling on purpose"),
    ("crm_values", "placeholder kept", 3 / 4, "the 1900-01-01 placeholder is kept"),
    ("crm_values", "age in 365-day years", 3 / 4, "younger than 18 on 2025-01-01"),
    ("crm_values", "blanks left blank", 3 / 4, "a blank becomes 'unknown'"),
    ("schema_shown", "types only", 1 / 2, "negative durations"),
    ("schema_unseen", "the shown defect only", 1 / 5, "a device nobody has mapped"),
    ("schema_unseen", "too strict", 0, "rejects the clean batch"),
    ("load_tickets", "appends", 0, "loaded again after a retry"),
    ("load_tickets", "keeps the old row", 0, "the newest delivery's row"),
    ("last_seen", "month numbers", 0, "around the new year"),
    ("last_seen", "in UTC", 0, "with a time zone"),
    ("last_seen", "end included", 0, "later than the snapshot allows for 1 customer"),
    ("last_seen", "cut at the month's start", 0, "misses events"),
    ("device_usage", "heartbeats counted", 3 / 4, "several events per session"),
    ("device_usage", "month in UTC", 2 / 4, "no time-zone conversion"),
    ("device_usage", "month as a date", 3 / 4, "Write month as the text 'YYYY-MM'"),
    ("usage_in_budget", "pandas, then DuckDB", 1 / 2, "MB of Arrow buffers"),
    ("usage_in_budget", "pyarrow, then DuckDB", 1 / 2, "the budget is 4 MB"),
    ("usage_in_budget", "raw events", 0, "Not measured while the table is wrong"),
    ("customer_dim", "hashed e-mail", 2 / 3, "not keys of the feature table"),
    ("customer_dim", "birth date kept", 1 / 3, "'birth_date' is personal data"),
    ("month_tickets", "opened_at in UTC", 2 / 3, "first or last hour of a month"),
    ("month_tickets", "every month", 2 / 3, "that should not be there"),
    ("month_tickets", "text not redacted", 2 / 3, "e-mail address"),
    ("month_tickets", "another secret", 2 / 3, "would not join the snapshots"),
]


@pytest.mark.parametrize("exercise, label, fraction, says", MISTAKES,
                         ids=[f"{m[0]}-{m[1]}" for m in MISTAKES])
def test_a_mistake_loses_its_own_share_and_says_what_it_is(exercise, label, fraction, says):
    """Does the mistake cost exactly the parts it gets wrong, with a message naming it?"""
    result = _wrong(exercise, label)
    assert result.fraction == pytest.approx(fraction), result.message
    assert says in result.message


def test_a_category_dtype_counts_as_text():
    """Does a customer-month table with category columns keep every part (DE task 3)?"""
    right = ANSWERS["de_exam.customer_month"].right[1](SEED)
    assert right["contract"].dtype == "category"
    assert_check_passed("de_exam.customer_month", right, **CTX)


# -- a lesson's answer does not answer the assessment -----------------------------------------
def test_month_billing_of_the_lesson_fails():
    """Does the lesson's customer-month billing table fail the assessment's variant?"""
    result = get_exercise("de_exam.month_billing").evaluate(de_data.billing(SEED), **CTX)
    assert result.fraction == 0


def test_load_tickets_of_the_lesson_fails():
    """Does the lesson's billing upsert (keyed on customer and month) fail on tickets?"""
    assert_check_failed("de_exam.load_tickets", de_pipelines.reference_load_increment,
                        contains="raised", **CTX)


def test_month_tickets_of_the_lesson_fails():
    """Does the lesson's table of every ticket lose the rows part (other months)?"""
    lesson = de_data_tests._safe_tickets(SEED).drop(columns="opened_at")
    assert_check_failed("de_exam.month_tickets", lesson, contains="should not be there", **CTX)
