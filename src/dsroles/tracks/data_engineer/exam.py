"""The data engineer's graded assessment (``de_exam.<name>``): variants of the track's
exercises, with no hints and no solutions.

The nbgrader test cells of ``solutions/data_engineer/data_engineer.ipynb`` call these by id:

    from dsroles.checks import partial_check
    partial_check("de_exam.month_billing", month_billing, points=3, seed=seed)

Every task differs from its lesson exercise (another month, another table, another key, a
memory budget, batches and cut-offs the learner never sees), so a lesson's ``solution()``
does not answer it. Expected values come from ``references`` (the answer key), inputs from
``exam_data``; the wrong-answer bank is ``wrong_answers/`` beside this module.
"""

from __future__ import annotations

from dsroles.checks import declare
from dsroles.checks.calling import call_safely, on_cases, require_function
from dsroles.checks.exercise import Exercise, Part
from dsroles.checks.frames import check_frame, require_frame
from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect
from dsroles.checks.tables import (
    columns_and_types, columns_only, columns_then, need, one_row_per, same_values,
)
from dsroles.checks.wording import plural
from dsroles.tracks.data_engineer import exam_data, privacy, references, schemas


MEMORY_BUDGET_MB = 4.0  # Python allocations allowed while aggregating a quarter of events


month_billing = declare.frame_in_parts(
    "de_exam.month_billing",
    expected=references.month_billing_reference,
    parts=[
        Part("columns", columns_only),
        Part("one row per status", one_row_per("status", "status")),
        Part("invoices", same_values("status", "invoices", "status",
                                     advice=" Count only the invoices of that month.")),
        Part("amount in pounds", same_values("status", "amount", "status")),
    ],
)


customer_month = declare.frame_in_parts(
    "de_exam.customer_month",
    expected=references.customer_month_reference,
    parts=[
        Part("columns and types", columns_and_types),
        Part("one row per billed customer", one_row_per("customer_id", "customer")),
        Part("contract", same_values("customer_id", "contract", "customer",
                                     advice=" Use the cleaned CRM's spelling.")),
        Part("amount billed", same_values("customer_id", "amount_billed", "customer")),
        Part("sessions", same_values(
            "customer_id", "sessions", "customer",
            advice=" Count distinct sessions in the cleaned events; a customer with none has 0.")),
    ],
)


def _known(column):
    return lambda expected: expected[column] != "unknown"


def _blank(expected):
    return (expected["region"] == "unknown") | (expected["payment_method"] == "unknown")


crm_identity = declare.frame_in_parts(
    "de_exam.crm_identity",
    expected=references.crm_reference,
    parts=[
        Part("D1 duplicated customers", one_row_per("customer_id", "customer")),
        Part("D2 date formats", same_values(
            "customer_id", "signup_date", "customer",
            advice=" Parse each of the three formats explicitly; DD/MM/YYYY is day first.")),
    ],
)


crm_values = declare.frame_in_parts(
    "de_exam.crm_values",
    expected=references.crm_reference,
    parts=[
        Part("D3 category spellings", same_values("customer_id", "contract", "customer")),
        Part("D3 payment spellings", same_values("customer_id", "payment_method", "customer",
                                                 rows=_known("payment_method"))),
        Part("D4 impossible birth dates", same_values(
            "customer_id", "birth_date", "customer",
            advice=" Ages outside 18 to 100 (the 1900-01-01 placeholder) become missing.")),
        Part("D5 missing values", same_values(
            "customer_id", ["region", "payment_method"], "customer", rows=_blank,
            advice=" A blank becomes the category 'unknown'.")),
    ],
)


schema_shown = Exercise(
    "de_exam.schema_shown",
    expected=exam_data.event_batches,
    context=("seed",),
    precheck=lambda value, batches, context: schemas.as_schema(value),
    parts=[Part("clean batch passes", schemas.passes_clean),
           Part("rejects negative durations", schemas.rejects("negative"))],
)


schema_unseen = Exercise(
    "de_exam.schema_unseen",
    expected=exam_data.event_batches,
    context=("seed",),
    precheck=schemas.passes_clean,
    parts=[Part(f"rejects {name.replace('_', ' ')}", schemas.rejects(name)) for name in exam_data.HIDDEN_BATCHES],
)


def _same_table(got, want, what):
    check_frame(got, want, dtypes=False, what=what)


load_tickets = Exercise(
    "de_exam.load_tickets",
    compare=on_cases(references.load_tickets_reference, _same_table),
    expected=exam_data.ticket_load_cases,
    context=("seed",),
)


def _timestamps(series, what: str) -> dict:
    import pandas as pd

    if type(series) is not pd.Series:
        raise Incorrect(f"{what} is {a_type(series)}; a Series of timestamps indexed by "
                        "customer_id is expected.")
    if series.dtype.kind != "M":
        raise Incorrect(f"{what} holds {series.dtype} values; timestamps are expected.")
    values = series.dropna().astype("datetime64[ns]")
    return dict(zip(values.index.astype(str), values.to_numpy()))


def _same_last_seen(got, want, what):
    got, want = _timestamps(got, what), _timestamps(want, what)
    later = sum(1 for k, v in got.items() if k not in want or v > want[k])
    wrong = sum(1 for k in set(got) | set(want) if got.get(k) != want.get(k))
    if later:
        raise Incorrect(f"{what} is later than the snapshot allows for "
                        f"{plural(later, 'customer')}: it uses events from after the end of "
                        "the month, which the model will not have when it predicts.")
    if wrong:
        raise Incorrect(f"{what} is wrong for {plural(wrong, 'customer')}: it misses events "
                        "the company already had at the end of the month.")


last_seen = Exercise(
    "de_exam.last_seen",
    compare=on_cases(references.last_seen_reference, _same_last_seen),
    expected=exam_data.last_seen_cases,
    context=("seed",),
)


MONTH_DEVICE = ["month", "device"]


def _usage_parts(what: str) -> list[Part]:
    return [
        Part("columns", columns_only),
        Part("one row per month and device", one_row_per(MONTH_DEVICE, "month-device pair")),
        Part("customers and sessions", same_values(
            MONTH_DEVICE, ["customers", "sessions"], "month-device pair",
            advice=" ".join(["", *([what] if what else []), "Count distinct customers and "
                             "distinct sessions, after dropping the replayed events and the "
                             "negative durations."]))),
        Part("hours", same_values(MONTH_DEVICE, "hours", "month-device pair",
                                  advice=" Sum the seconds of the cleaned events, / 3600.")),
    ]


device_usage = declare.frame_in_parts(
    "de_exam.device_usage",
    expected=lambda seed: references.device_usage_reference(exam_data.events_path(seed)),
    parts=_usage_parts("A heartbeat log has several events per session."),
)


def _run_measured(fn, path):
    """(result, peak MB allocated in Python) of ``fn(path)``; its exceptions in words."""
    import tracemalloc

    import duckdb  # noqa: F401  imported before measuring: only the work counts
    import pyarrow.parquet  # noqa: F401

    if tracemalloc.is_tracing():
        tracemalloc.stop()
    tracemalloc.start()
    try:
        result = call_safely(fn, str(path))
        peak = tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()
    return result, peak


def _budget_cases(seed: int):
    path = exam_data.unseen_events(seed)
    return {"path": path, "expected": references.device_usage_reference(path), "runs": {}}


def _measured(fn, case):
    """``_run_measured`` once per function and case: both parts read the same run."""
    runs = case["runs"]
    if fn not in runs:
        runs.clear()
        runs[fn] = _run_measured(fn, case["path"])
    return runs[fn]


def _budget_result(fn, case, context):
    result, _ = _measured(fn, case)
    require_frame(result, "what your function returned")
    for part in _usage_parts(""):
        try:
            part.check(result, case["expected"], context)
        except Incorrect as exc:
            raise Incorrect(f"{part.name}: {exc}") from None


def _within_budget(fn, case, context):
    try:
        _budget_result(fn, case, context)
    except Incorrect:
        raise Incorrect("not measured while the table is wrong: a wrong answer earns "
                        "nothing for its memory use.") from None
    _, peak = _measured(fn, case)
    if peak > MEMORY_BUDGET_MB:
        raise Incorrect(f"your function allocated {peak:.1f} MB in Python on the unseen log; "
                        f"the budget is {MEMORY_BUDGET_MB:.0f} MB. Let DuckDB read the "
                        "Parquet file and bring back only the small result.")


usage_in_budget = Exercise(
    "de_exam.usage_in_budget",
    expected=_budget_cases,
    context=("seed",),
    precheck=lambda fn, case, context: require_function(fn),
    parts=[Part("the same table on an unseen log", _budget_result),
           Part("within the memory budget", _within_budget)],
)


def _dim_keys(value, expected, context):
    need(value, "customer_key")
    want = set(expected["customer_key"])
    got = value["customer_key"].astype(str)
    joined = int(got.isin(want).sum())
    if joined < len(want) or len(got) != len(want):
        raise Incorrect(f"{joined} of {len(got)} keys join the feature table's "
                        f"{len(want)} customer keys: use the same pseudonymisation as the "
                        "pipeline, one row per customer.")


customer_dim = declare.frame_in_parts(
    "de_exam.customer_dim",
    expected=references.customer_dim_reference,
    parts=[
        Part("no personal data", privacy.no_personal_data),
        Part("keys join the feature table", _dim_keys),
        Part("columns and attributes", columns_then(
            same_values("customer_key", ["region", "contract", "payment_method"], "customer"))),
    ],
)


month_tickets = declare.frame_in_parts(
    "de_exam.month_tickets",
    expected=references.month_tickets_reference,
    parts=[
        Part("no personal data", privacy.no_personal_data),
        Part("keys join the feature table", privacy.joins_feature_table),
        Part("the month's tickets and columns",
             columns_then(one_row_per("ticket_id", "ticket"))),
    ],
)
