"""The data engineer assessment's exercises (``de_exam.*``): the reference answer passes, the
mistakes a learner makes fail with a message that says what is wrong, placeholders are "not
attempted", and a lesson's answer does not answer the assessment's variant. No nbgrader here:
``dsroles validate data_engineer`` grades the notebook itself."""

from __future__ import annotations

import hashlib

import pandas as pd
import pandera.pandas as pa
import pytest

from dsroles.checks.registry import exercises_by_name, get_exercise
from dsroles.checks.testing import (
    assert_check_failed, assert_check_passed, assert_check_unattempted,
)
from dsroles.churn import features, ingest, pii
from dsroles.tracks.data_engineer import data as de_data
from dsroles.tracks.data_engineer import data_tests as de_data_tests
from dsroles.tracks.data_engineer import exam_data as de_exam_data
from dsroles.tracks.data_engineer import pipelines as de_pipelines
from dsroles.tracks.data_engineer import references as de_references
from dsroles.tracks.data_engineer import schemas as de_schemas

SEED = 42
CTX = {"seed": SEED}


@pytest.fixture(scope="session")
def folder():
    return de_data.data_dir(SEED)


@pytest.fixture(scope="session")
def month():
    return de_exam_data.exam_month(SEED)


def _fraction(exercise, value) -> float:
    return get_exercise(f"de_exam.{exercise}").evaluate(value, **CTX).fraction


def test_every_exercise_is_found_by_its_id():
    """Does every assessment exercise resolve through the registry under 'de_exam.'?"""
    found = exercises_by_name("de_exam")
    assert len(found) == 12
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


def test_the_month_comes_from_the_seed():
    """Does another seed usually ask about another month, always within the labelled history?"""
    months = {de_exam_data.exam_month(s) for s in range(20)}
    assert len(months) == 9 and min(months) == "2025-03" and max(months) == "2025-11"


# -- DE-1 -------------------------------------------------------------------------------------
def _month_billing(folder, month, amount="CASE WHEN source_system = 'legacy' "
                                         "THEN amount / 100.0 ELSE amount END",
                   where="WHERE period = '{month}'"):
    return ingest.query_billing(folder / "history" / "billing.sqlite", f"""
        SELECT status, COUNT(*) AS invoices, SUM({amount}) AS amount
        FROM invoices {where.format(month=month)} GROUP BY status""")


def test_month_billing_reference_passes(folder, month):
    """Does the SQL aggregate for the month, with the pence fixed, pass?"""
    assert_check_passed("de_exam.month_billing", _month_billing(folder, month), **CTX)


@pytest.mark.parametrize("mistake, says, fraction", [
    ({"amount": "amount"}, "'amount' is wrong for 2 statuses", 0.75),
    ({"where": ""}, "Count only the invoices of that month", 0.5),
    ({"where": "WHERE period = '2025-02'"}, "'invoices' is wrong", 0.5),
])
def test_month_billing_mistakes(folder, month, mistake, says, fraction):
    """Do the pence, the whole year and another month each lose the parts they get wrong?"""
    result = assert_check_failed("de_exam.month_billing", _month_billing(folder, month, **mistake),
                                 contains=says, **CTX)
    assert result.fraction == pytest.approx(fraction)


def test_month_billing_of_the_lesson_fails(folder):
    """Does the lesson's customer-month billing table fail the assessment's variant?"""
    assert _fraction("month_billing", de_data.billing(SEED)) == 0


def test_customer_month_reference_passes():
    """Does the reference join pass?"""
    assert_check_passed("de_exam.customer_month", de_references.customer_month_reference(SEED), **CTX)


def test_customer_month_mistakes(folder, month):
    """Do the raw CRM (duplicates, spellings), an inner join and a float count lose marks?"""
    right = de_references.customer_month_reference(SEED)
    raw = de_data.crm_raw(SEED)[["customer_id", "contract"]]
    with_raw_crm = right.drop(columns="contract").merge(raw, on="customer_id", how="left")
    assert_check_failed("de_exam.customer_month", with_raw_crm,
                        contains=("appear more than once", "cleaned CRM"), **CTX)
    inner = right[right["sessions"] > 0]
    assert_check_failed("de_exam.customer_month", inner, contains="customers missing", **CTX)
    floats = right.astype({"sessions": float})
    result = assert_check_failed("de_exam.customer_month", floats,
                                 contains="'sessions' is float64 but should be integer", **CTX)
    assert result.fraction == pytest.approx(0.8)
    counted = right.assign(sessions=right["sessions"] + (right.index % 7 == 0))
    assert_check_failed("de_exam.customer_month", counted, contains="distinct sessions", **CTX)


# -- DE-2 -------------------------------------------------------------------------------------
def test_crm_reference_passes_both_items():
    """Does the reference cleaning pass both cleaning items?"""
    right = de_references.crm_reference(SEED)
    assert_check_passed("de_exam.crm_identity", right.copy(), **CTX)
    assert_check_passed("de_exam.crm_values", right.copy(), **CTX)


def test_crm_defects_are_scored_by_kind():
    """Does each defect kind left in lose its own part, naming the defect?"""
    right = de_references.crm_reference(SEED)
    raw = de_data.crm_raw(SEED).drop_duplicates("customer_id").reset_index(drop=True)
    with_duplicates = pd.concat([right, right.iloc[:5]], ignore_index=True)
    r = assert_check_failed("de_exam.crm_identity", with_duplicates,
                            contains="D1 duplicated customers: 5 customers appear", **CTX)
    assert r.fraction == 0.5
    month_first = right.assign(signup_date=pd.to_datetime(raw["signup_date"], format="mixed"))
    assert_check_failed("de_exam.crm_identity", month_first, contains="DD/MM/YYYY is day first",
                        **CTX)
    as_text = right.assign(signup_date=raw["signup_date"])
    assert_check_failed("de_exam.crm_identity", as_text, contains="not dates", **CTX)
    spelled = right.assign(contract=raw["contract"].str.lower())
    r = assert_check_failed("de_exam.crm_values", spelled, contains="D3 category spellings",
                            **CTX)
    assert r.fraction == 0.75
    placeholders = right.assign(birth_date=pd.to_datetime(raw["birth_date"].replace("", None)))
    assert_check_failed("de_exam.crm_values", placeholders, contains="1900-01-01", **CTX)
    blanks = right.assign(region=right["region"].replace("unknown", ""))
    assert_check_failed("de_exam.crm_values", blanks, contains="D5 missing values", **CTX)


# -- DE-3 -------------------------------------------------------------------------------------
GOOD_SCHEMA = pa.DataFrameSchema({
    "event_id": pa.Column(int, unique=True),
    "customer_id": pa.Column(str, pa.Check.str_matches(r"^C\d{6}$")),
    "session_id": pa.Column(int),
    "ts": pa.Column("datetime64[us]"),
    "device": pa.Column(str, pa.Check.isin(["tv", "mobile", "web"])),
    "seconds": pa.Column(int, pa.Check.in_range(0, 36_000)),
})


def test_events_schema_reference_passes_both_items():
    """Does a schema stating the whole contract pass the shown and the unseen batches?"""
    assert_check_passed("de_exam.schema_shown", GOOD_SCHEMA, **CTX)
    assert_check_passed("de_exam.schema_unseen", GOOD_SCHEMA, **CTX)


def test_every_hidden_batch_breaks_exactly_one_rule():
    """Is each defective batch rejected by the full schema, and the clean one passed?"""
    batches = de_exam_data.event_batches(SEED)
    assert set(batches) == {"clean", "negative", *de_exam_data.HIDDEN_BATCHES}
    assert de_schemas.validate_batch(GOOD_SCHEMA, batches["clean"][1]) is None
    for name, (what, batch) in batches.items():
        if name != "clean":
            assert de_schemas.validate_batch(GOOD_SCHEMA, batch) is not None, what


def test_events_schema_mistakes():
    """Do a types-only schema, one fitted to the shown defect and one too strict lose marks?"""
    types_only = pa.DataFrameSchema({c: pa.Column(t) for c, t in [
        ("event_id", int), ("customer_id", str), ("session_id", int), ("ts", "datetime64[us]"),
        ("device", str), ("seconds", int)]})
    assert_check_failed("de_exam.schema_shown", types_only, contains="negative durations", **CTX)
    shown_only = types_only.update_column("seconds", checks=pa.Check.ge(0))
    assert_check_passed("de_exam.schema_shown", shown_only, **CTX)
    result = assert_check_failed("de_exam.schema_unseen", shown_only,
                                 contains="a device nobody has mapped", **CTX)
    assert result.fraction == pytest.approx(0.2)  # only the missing timestamps (not nullable)
    too_strict = GOOD_SCHEMA.update_column("customer_id", unique=True)
    assert_check_failed("de_exam.schema_unseen", too_strict, contains="rejects the clean batch",
                        **CTX)
    assert_check_failed("de_exam.schema_shown", "seconds >= 0", contains="DataFrameSchema", **CTX)


# -- DE-4 -------------------------------------------------------------------------------------
def test_load_tickets():
    """Does an upsert on ticket_id pass, and do appending, keeping the old row or whole-row
    deduplication fail on the load they get wrong?"""
    assert_check_passed("de_exam.load_tickets", de_references.load_tickets_reference, **CTX)
    wrong = {
        "loaded again after a retry": lambda s, b: pd.concat([s, b], ignore_index=True),
        "three categories corrected": lambda s, b: pd.concat([s, b]).drop_duplicates(
            "ticket_id", keep="first"),
        "re-delivered": lambda s, b: pd.concat([s, b]).drop_duplicates(),
    }
    for says, fn in wrong.items():
        assert_check_failed("de_exam.load_tickets", fn, contains=says, **CTX)


def test_load_tickets_of_the_lesson_fails():
    """Does the lesson's billing upsert (keyed on customer and month) fail on tickets?"""
    assert_check_failed("de_exam.load_tickets", de_pipelines.reference_load_increment, contains="raised",
                        **CTX)


def test_last_seen():
    """Does the point-in-time cut pass, and do the leaks and the early cut fail with the reason?"""
    assert_check_passed("de_exam.last_seen", de_references.last_seen_reference, **CTX)
    assert_check_failed("de_exam.last_seen",
                        lambda e, m: e.groupby("customer_id")["ts"].max(),
                        contains="events from after the end of the month", **CTX)
    assert_check_failed("de_exam.last_seen",
                        lambda e, m: e[e["ts"] <= features.month_end(m)].groupby(
                            "customer_id")["ts"].max(),
                        contains="later than the snapshot allows for 1 customer", **CTX)
    assert_check_failed("de_exam.last_seen",
                        lambda e, m: e[e["ts"] < pd.Timestamp(f"{m}-01")].groupby(
                            "customer_id")["ts"].max(),
                        contains="misses events", **CTX)
    assert_check_failed("de_exam.last_seen",
                        lambda e, m: e.groupby("customer_id")["seconds"].max(),
                        contains="timestamps are expected", **CTX)


# -- DE-5 -------------------------------------------------------------------------------------
DUCKDB_SQL = """
SELECT strftime(ts, '%Y-%m') AS month, device, count(DISTINCT customer_id) AS customers,
       count(DISTINCT session_id) AS sessions, sum(seconds) / 3600.0 AS hours
FROM (SELECT DISTINCT ON (event_id) * FROM read_parquet(?)) WHERE seconds >= 0
GROUP BY month, device
"""


def _duckdb_usage(path, sql=DUCKDB_SQL):
    import duckdb

    with duckdb.connect() as con:
        return con.execute(sql, [str(path)]).df()


def _pandas_usage(path):
    return de_references.device_usage_reference(path)


def test_device_usage_in_duckdb_equals_the_pandas_reference():
    """Does the DuckDB answer on the heartbeat log pass, and is it the pandas reference?"""
    assert_check_passed("de_exam.device_usage", _duckdb_usage(de_exam_data.events_path(SEED)), **CTX)


def test_device_usage_counting_heartbeats_loses_the_counts():
    """Does count(*) as sessions (heartbeats counted) lose the counts part, with the reason?"""
    counted = _duckdb_usage(de_exam_data.events_path(SEED), DUCKDB_SQL.replace(
        "count(DISTINCT session_id)", "count(*)"))
    result = assert_check_failed("de_exam.device_usage", counted,
                                 contains="several events per session", **CTX)
    assert result.fraction == pytest.approx(0.75)


def test_usage_in_budget():
    """Does the DuckDB function pass on the unseen log, the pandas one fail on memory alone,
    and a wrong query earn nothing?"""
    assert_check_passed("de_exam.usage_in_budget", _duckdb_usage, **CTX)
    result = assert_check_failed("de_exam.usage_in_budget", _pandas_usage,
                                 contains="the budget is 4 MB", **CTX)
    assert result.fraction == 0.5
    raw = DUCKDB_SQL.replace("(SELECT DISTINCT ON (event_id) * FROM read_parquet(?)) "
                             "WHERE seconds >= 0", "read_parquet(?)")
    result = assert_check_failed("de_exam.usage_in_budget", lambda p: _duckdb_usage(p, raw),
                                 contains=("on an unseen log: ", "Not measured"), **CTX)
    assert result.fraction == 0


def test_the_unseen_log_has_the_history_defects(tmp_path):
    """Does the unseen log hold replayed events and negative durations, written once?"""
    path = de_exam_data.unseen_events(SEED)
    events = pd.read_parquet(path)
    assert events["event_id"].duplicated().sum() > 0 and (events["seconds"] < 0).sum() > 0
    assert de_exam_data.unseen_events(SEED) == path


# -- DE-6 -------------------------------------------------------------------------------------
def test_customer_dim():
    """Do the feature table's pseudonyms pass, and do a plain hash or a birth date lose marks?"""
    right = de_references.customer_dim_reference(SEED)
    assert_check_passed("de_exam.customer_dim", right, **CTX)
    ids = de_references.crm_reference(SEED)["customer_id"]
    plain = right.assign(customer_key=ids.map(lambda i: hashlib.sha256(i.encode()).hexdigest()))
    assert_check_failed("de_exam.customer_dim", plain, contains="0 of", **CTX)
    births = right.assign(birth_date=de_references.crm_reference(SEED)["birth_date"])
    assert_check_failed("de_exam.customer_dim", births, contains="'birth_date' is personal data",
                        **CTX)
    with_ids = right.assign(customer_id=ids)
    assert_check_failed("de_exam.customer_dim", with_ids, contains="raw customer_id", **CTX)


def test_month_tickets(month):
    """Does the month's redacted table pass, and do the lesson's answer (every month) and an
    unredacted text fail?"""
    assert_check_passed("de_exam.month_tickets", de_references.month_tickets_reference(SEED), **CTX)
    lesson = de_data_tests._safe_tickets(SEED).drop(columns="opened_at")
    assert_check_failed("de_exam.month_tickets", lesson, contains="should not be there", **CTX)
    tickets = de_data.tickets(SEED)
    opened = tickets[features.month_of(tickets["opened_at"]) == month]
    unredacted = opened.assign(customer_key=pii.pseudonymise(opened["customer_id"]))[
        de_references.TICKET_COLUMNS]
    assert_check_failed("de_exam.month_tickets", unredacted, contains="e-mail address", **CTX)
    other_secret = opened.assign(customer_key=pii.pseudonymise(opened["customer_id"], "mine"),
                                 text=pii.redact(opened["text"]))[de_references.TICKET_COLUMNS]
    assert_check_failed("de_exam.month_tickets", other_secret, contains="would not join", **CTX)


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
