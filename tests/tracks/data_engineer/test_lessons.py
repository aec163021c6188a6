"""The data engineer track's exercises: the reference answer passes, plausible wrong answers
fail with a message that says what is wrong (without the answer), the placeholder is "not
attempted". The data is the default seed's, generated once into the session's DSROLES_HOME."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from dsroles.checks.registry import exercises_by_name, get_exercise
from dsroles.checks.testing import (
    assert_check_failed, assert_check_passed, assert_check_unattempted,
)
from dsroles.churn import clean, ingest, pii, validate, volume
from dsroles.tracks.data_engineer import data as de_data
from dsroles.tracks.data_engineer import data_tests as de_data_tests
from dsroles.tracks.data_engineer import ingest_clean as de_ingest_clean
from dsroles.tracks.data_engineer import pipelines as de_pipelines

SEED = 42
CTX = {"seed": SEED, "usage_scale": 1}


@pytest.fixture(scope="session")
def folder():
    return de_data.data_dir(SEED)


@pytest.fixture(scope="session")
def crm(folder):
    return ingest.read_crm(folder / "history" / "crm_customers.csv")


@pytest.fixture(scope="session")
def events(folder):
    return ingest.read_events(folder / "history" / "usage_events.parquet")


@pytest.fixture(scope="session")
def tickets(folder):
    return ingest.read_tickets(folder / "history" / "support_tickets.jsonl")


@pytest.fixture(scope="session")
def billing(folder):
    return ingest.query_billing(folder / "history" / "billing.sqlite")[de_data_tests.BILLING_COLUMNS]


def test_every_exercise_is_found_by_its_id():
    """Does every exercise of the track resolve through the registry under 'de.'?"""
    found = exercises_by_name("de")
    assert len(found) >= 10
    for name, exercise in found.items():
        assert exercise.id == f"de.{name}"
        assert get_exercise(exercise.id) is exercise


@pytest.mark.parametrize("exercise", sorted(exercises_by_name("de")))
def test_placeholder_is_not_attempted(exercise):
    """Is the untouched `...` reported as not attempted (never as wrong)?"""
    assert_check_unattempted(f"de.{exercise}", ..., **CTX)


@pytest.mark.parametrize("exercise", ["parse_date", "pseudonymise", "load_increment",
                                      "tickets_known_at"])
def test_a_function_still_raising_not_implemented_is_not_attempted(exercise):
    """Is the lessons' `raise NotImplementedError` template reported as not attempted?"""
    def template(*args):
        raise NotImplementedError

    assert_check_unattempted(f"de.{exercise}", template, **CTX)


@pytest.mark.parametrize("exercise, value, says", [
    ("billing_schema", "amount_billed between 5 and 60", "DataFrameSchema"),
    ("pseudonymise", 42, "a function is expected"),
    ("load_increment", lambda store, batch: [1, 2], "DataFrame is expected"),
    ("tickets_known_at", lambda t, m: t, "a Series of counts"),
    ("monthly_billing", [1, 2, 3], "DataFrame is expected"),
])
def test_answers_of_the_wrong_kind_get_a_clear_message(exercise, value, says):
    """Does an answer of the wrong type fail with a message naming what is expected?"""
    assert_check_failed(f"de.{exercise}", value, contains=says, **CTX)


def test_exercise_ids_are_stable_and_hints_exist():
    """Does every exercise offer at least one hint and a solution?"""
    for exercise in exercises_by_name("de").values():
        assert exercise.hints and exercise.solution_text, exercise.id


# -- lesson 1 -------------------------------------------------------------------------------
def test_defects_per_source(folder):
    """Do the answer key's totals pass, and do counting kinds or the wrong order fail?"""
    import json

    key = json.loads((folder / "answer_key.json").read_text())["defects"]
    totals = pd.DataFrame(key).groupby("source")["count"].sum()
    right = [int(totals["history/crm_customers.csv"]), int(totals["history/billing.sqlite"]),
             int(totals["history/usage_events.parquet"])]
    assert_check_passed("de.defects_per_source", right, **CTX)
    kinds = pd.DataFrame(key).groupby("source").size()
    assert_check_failed("de.defects_per_source", [int(kinds[s]) for s in totals.index],
                        contains="numbers of defect entries", **CTX)
    one_off = [right[0], right[1] + 1, right[2]]
    assert_check_failed("de.defects_per_source", one_off,
                        contains="The total for the billing database is wrong",
                        excludes=str(right[1]), **CTX)
    assert_check_failed("de.defects_per_source", right[::-1], contains="another order", **CTX)
    assert_check_failed("de.defects_per_source", right[:2], contains="too few", **CTX)


@pytest.mark.parametrize("wrong, says", [("data engineer", "enforces"),
                                         ("data scientist", "asks")])
def test_access_owner(wrong, says):
    """Is the business owner right, and does a wrong role get a reason, not the answer?"""
    assert_check_passed("de.access_owner", "Business Owner", **CTX)
    assert_check_failed("de.access_owner", wrong, contains=says, excludes="business owner", **CTX)


# -- lesson 2 -------------------------------------------------------------------------------
def test_monthly_billing_reference_passes(billing):
    """Does the reference SQL aggregate pass?"""
    assert_check_passed("de.monthly_billing", billing.copy(), **CTX)


def test_monthly_billing_in_pence_loses_the_amounts_part(folder):
    """Does forgetting the legacy pence lose exactly the amounts part?"""
    pence = ingest.query_billing(folder / "history" / "billing.sqlite", de_data_tests.PENCE_SQL)
    result = assert_check_failed("de.monthly_billing", pence[de_data_tests.BILLING_COLUMNS],
                                 contains="'amount_billed' is wrong", **CTX)
    assert result.fraction == pytest.approx(0.75)


def test_monthly_billing_per_customer_only_fails(folder):
    """Does grouping by customer only (no month) fail on rows and columns?"""
    sql = ("SELECT customer_id, SUM(amount) AS amount_billed, "
           "SUM(status = 'failed') AS failed_payments FROM invoices GROUP BY customer_id")
    per_customer = ingest.query_billing(folder / "history" / "billing.sqlite", sql)
    result = assert_check_failed("de.monthly_billing", per_customer, contains="'month'", **CTX)
    assert result.fraction == 0


def test_duplicate_customers(crm):
    """Is the count of repeated customer_ids right, and do whole-row and keep=False counts,
    and a count off by one, fail with what they counted?"""
    right = int(crm["customer_id"].duplicated().sum())
    assert_check_passed("de.duplicate_customers", right, **CTX)
    assert_check_failed("de.duplicate_customers", int(crm.duplicated().sum()),
                        contains="identical in every column", **CTX)
    assert_check_failed("de.duplicate_customers",
                        int(crm["customer_id"].duplicated(keep=False).sum()),
                        contains="counts every copy", **CTX)
    assert_check_failed("de.duplicate_customers", right + 1, contains="too high: count only",
                        excludes=str(right), **CTX)


def _parse_date_right(text):
    import re
    from datetime import datetime

    text = text.strip()
    if not text:
        return None
    for pattern, fmt in ((r"\d{4}-\d{2}-\d{2}", "%Y-%m-%d"), (r"\d{2}/\d{2}/\d{4}", "%d/%m/%Y"),
                         (r"\d{8}", "%Y%m%d")):
        if re.fullmatch(pattern, text):
            return datetime.strptime(text, fmt)
    raise ValueError(f"unknown date format {text!r}")


def _parse_date_month_first(text):
    text = text.strip()
    return pd.to_datetime(text) if text else None


def _parse_date_never_raises(text):
    try:
        return _parse_date_right(text)
    except ValueError:
        return None


def test_parse_date_reference_and_a_plain_solution_pass():
    """Do the package's reference and a plain strptime solution both pass?"""
    assert_check_passed("de.parse_date", de_ingest_clean.reference_parse_date, **CTX)
    assert_check_passed("de.parse_date", _parse_date_right, **CTX)


@pytest.mark.filterwarnings("ignore:Parsing dates:UserWarning")
@pytest.mark.parametrize("wrong, says", [
    (_parse_date_month_first, "05/03/2025"),
    (_parse_date_never_raises, "should raise ValueError"),
    (lambda text: text.strip() or None, "a str"),
])
def test_parse_date_wrong(wrong, says):
    """Do a month-first parser, a silent one and a no-op fail on the case they get wrong?"""
    assert_check_failed("de.parse_date", wrong, contains=says, **CTX)


def test_parse_date_says_when_day_and_month_are_swapped():
    """Does the check catch a parser that reads 05/03 as 3 May (and say which call)?"""
    def month_first(text):
        text = text.strip()
        if "/" in text:
            return pd.to_datetime(text, format="%m/%d/%Y")
        return _parse_date_right(text)

    assert_check_failed("de.parse_date", month_first, contains="raised", **CTX)


def test_clean_events(events):
    """Does the reference cleaning pass, and do half-done or over-eager cleanings lose parts?"""
    assert_check_passed("de.clean_events", clean.clean_events(events), **CTX)
    only_dupes = assert_check_failed("de.clean_events", events.drop_duplicates("event_id"),
                                     contains="negative duration", **CTX)
    assert only_dupes.fraction == pytest.approx(0.75)
    eager = events.drop_duplicates("event_id", keep=False)
    assert_check_failed("de.clean_events", eager[eager["seconds"] >= 0],
                        contains="good events went missing", **CTX)


# -- lesson 3 -------------------------------------------------------------------------------
def test_billing_schema_reference_passes():
    """Does the package's BILLING_SCHEMA pass every part?"""
    assert_check_passed("de.billing_schema", validate.BILLING_SCHEMA, **CTX)


def test_billing_schema_without_range_or_uniqueness_loses_parts():
    """Does a types-only schema let the bad batches through and say which?"""
    import pandera.pandas as pa

    types_only = pa.DataFrameSchema({"customer_id": pa.Column(str), "month": pa.Column(str),
                                     "amount_billed": pa.Column(float, nullable=True),
                                     "failed_payments": pa.Column(int)})
    result = assert_check_failed("de.billing_schema", types_only,
                                 contains=("legacy amounts left in pence", "billing_v2"), **CTX)
    assert result.fraction == pytest.approx(1 / 5)


def test_billing_schema_too_strict_fails_the_clean_batch():
    """Does a schema that rejects the clean history lose the 'clean batch' part?"""
    import pandera.pandas as pa

    strict = pa.DataFrameSchema({"amount_billed": pa.Column(float, pa.Check.in_range(5, 20))},
                                unique=["customer_id", "month"])
    assert_check_failed("de.billing_schema", strict, contains="rejects the clean batch", **CTX)
    assert_check_failed("de.billing_schema", {"amount_billed": "5-60"},
                        contains="DataFrameSchema", **CTX)


def test_pseudonymise_reference_passes():
    """Does the package's HMAC pseudonymisation pass?"""
    assert_check_passed("de.pseudonymise", pii.pseudonymise, **CTX)


@pytest.mark.parametrize("wrong, says", [
    (lambda ids: pd.Series(pd.factorize(ids)[0], index=ids.index).map(lambda i: f"K{i:06d}"),
     "another order"),
    (lambda ids: ids.map(lambda i: hashlib.sha256(i.encode()).hexdigest()[:16]), "sha256"),
    (lambda ids: "K" + ids.str[1:], "contains the id"),
    (lambda ids: ids.map(hash), "text"),
])
def test_pseudonymise_wrong(wrong, says):
    """Do order-dependent, unkeyed-hash, id-keeping and non-text keys fail with the reason?"""
    assert_check_failed("de.pseudonymise", wrong, contains=says, **CTX)


def _safe(tickets, keys=None):
    return tickets.assign(customer_key=keys if keys is not None else
                          pii.pseudonymise(tickets["customer_id"]),
                          text=pii.redact(tickets["text"]))[
        ["ticket_id", "customer_key", "opened_at", "category", "text"]]


def test_safe_tickets(tickets):
    """Does the redacted, pseudonymised table pass, and do raw text or other keys lose parts?"""
    assert_check_passed("de.safe_tickets", _safe(tickets), **CTX)
    raw_text = _safe(tickets).assign(text=tickets["text"])
    assert_check_failed("de.safe_tickets", raw_text, contains="e-mail", **CTX)
    other_keys = _safe(tickets, pii.pseudonymise(tickets["customer_id"], secret="another"))
    result = assert_check_failed("de.safe_tickets", other_keys, contains="would not join", **CTX)
    assert result.fraction == pytest.approx(2 / 3)
    assert_check_failed("de.safe_tickets", tickets.assign(text=pii.redact(tickets["text"])),
                        contains="customer_id", **CTX)


# -- lesson 4 -------------------------------------------------------------------------------
def test_load_increment_reference_passes():
    """Does the reference upsert pass every case?"""
    assert_check_passed("de.load_increment", de_pipelines.reference_load_increment, **CTX)


@pytest.mark.parametrize("wrong, says", [
    (lambda store, batch: pd.concat([store, batch], ignore_index=True), "loaded again"),
    (lambda store, batch: pd.concat([store, batch]).drop_duplicates(), "corrected"),
    (lambda store, batch: pd.concat([store, batch]).drop_duplicates(
        ["customer_id", "month"], keep="first"), "corrected"),
    (lambda store, batch: batch, "next month"),
])
def test_load_increment_wrong(wrong, says):
    """Do a plain append, a whole-row dedupe, keep-first and replace-all fail on their case?"""
    assert_check_failed("de.load_increment", wrong, contains=says, **CTX)


def test_tickets_known_at_compares_whole_dates_across_a_new_year():
    """Does comparing month numbers (the year ignored) fail on the snapshot of December?"""
    result = assert_check_failed(
        "de.tickets_known_at",
        lambda t, m: t[t["opened_at"].dt.month <= int(m[5:])].groupby("customer_id").size(),
        contains=("around the new year (2025-12)", "information from the future"), **CTX)
    assert result.fraction == 0


def test_monthly_billing_keys_left_in_the_index_pass(billing):
    """Does a groupby result with customer_id and month still in the index pass?"""
    assert_check_passed("de.monthly_billing", billing.set_index(["customer_id", "month"]), **CTX)


def test_monthly_billing_with_a_missing_row_loses_only_the_rows_part(billing):
    """Is a missing customer-month reported once (rows), not also as wrong amounts?"""
    result = assert_check_failed("de.monthly_billing", billing.iloc[3:], contains="3 "
                                 "customer-months missing", **CTX)
    assert result.fraction == pytest.approx(0.75)


def test_tickets_known_at_reference_passes():
    """Does the point-in-time count pass?"""
    assert_check_passed("de.tickets_known_at", de_pipelines.reference_tickets_known_at, **CTX)


@pytest.mark.parametrize("wrong, says", [
    (lambda t, m: t.groupby("customer_id").size(), "information from the future"),
    (lambda t, m: t[t["opened_at"] <= pd.Timestamp(m) + pd.offsets.MonthEnd(0)]
     .groupby("customer_id").size(), "misses tickets"),
    (lambda t, m: t[t["opened_at"].dt.strftime("%Y-%m") == m].groupby("customer_id").size(),
     "misses tickets"),
    (lambda t, m: len(t), "a Series"),
])
def test_tickets_known_at_wrong(wrong, says):
    """Do the all-history leak, the last-day cut, one month only and a plain number fail?"""
    assert_check_failed("de.tickets_known_at", wrong, contains=says, **CTX)


# -- lesson 5 -------------------------------------------------------------------------------
def test_usage_by_month(folder):
    """Does the DuckDB aggregate pass, and do count(*) sessions or un-deduplicated sums fail?"""
    path = folder / "history" / "usage_events.parquet"
    assert_check_passed("de.usage_by_month", volume.usage_duckdb(path), **CTX)
    import duckdb

    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    raw = con.execute("SELECT customer_id, strftime(ts, '%Y-%m') AS month, "
                      "count(DISTINCT session_id) AS sessions, sum(seconds) AS seconds "
                      "FROM read_parquet(?) GROUP BY ALL", [str(path)]).df()
    # the raw sums keep the replayed events and negative durations (D7, D8): wrong values, and
    # on some seeds customer-months that only a defect made
    assert_check_failed("de.usage_by_month", raw, contains="drop the replayed", **CTX)
    rows = volume.usage_duckdb(path).assign(sessions=lambda d: d["sessions"] + 1)
    result = assert_check_failed("de.usage_by_month", rows,
                                 contains="'sessions' is wrong for", **CTX)
    assert result.fraction == pytest.approx(0.75)  # the rows and the seconds keep their share


def test_usage_by_month_with_a_missing_row_loses_only_the_rows_part(folder):
    """Is a lost customer-month reported once, by the rows part, not again as wrong values?"""
    table = volume.usage_duckdb(folder / "history" / "usage_events.parquet")
    result = assert_check_failed("de.usage_by_month", table.iloc[1:], contains="1 customer-month "
                                 "missing", **CTX)
    assert result.fraction == pytest.approx(0.75)


def test_volume_lesson_runs_ten_million_events_but_make_test_a_small_file():
    """Does the lesson default to 10 M events, read from its parameters cell, while the
    Makefile's notebook run sets a small size through the environment?"""
    import json
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    cells = json.loads((root / "course/3_data_engineer/05_volume.ipynb").read_text())["cells"]
    parameters = [c for c in cells if "parameters" in c["metadata"].get("tags", [])]
    assert len(parameters) == 1, "one cell tagged 'parameters' (papermill)"
    source = "".join(parameters[0]["source"])
    assert 'os.environ.get("DSROLES_VOLUME_EVENTS", 10_000_000)' in source
    nbval = [line for line in (root / "Makefile").read_text().splitlines() if "--nbval" in line]
    sizes = [int(n) for line in nbval for n in re.findall(r"DSROLES_VOLUME_EVENTS=(\d+)", line)]
    assert sizes and all(n <= 1_000_000 for n in sizes), nbval
