"""The data engineer's graded assessment (``de_exam.<name>``): variants of the track's
exercises, with no hints and no solutions.

The nbgrader test cells of ``solutions/data_engineer/data_engineer.ipynb`` call these by id:

    from dsroles.checks import partial_check
    partial_check("de_exam.month_billing", month_billing, points=3, seed=seed)

Every task differs from its lesson exercise (another month, another table, another key, a
memory budget, batches and cut-offs the learner never sees), so a lesson's ``solution()``
does not answer it. Expected values come from ``references`` (the answer key), inputs from
``exam_data``; the wrong-answer bank is ``wrong_answers/`` beside this module.

Fairness rules every item keeps: a part compares values only on the keys both tables share
(missing or extra rows are one part's business, said once); a key written another way costs
the key's part alone; a category of text counts as text, any integer or datetime width as
its kind, column order, row order and the index do not matter; and the case that defines
the item (a month's first and last hour, a new year, a re-delivery) is in its data on every
seed.
"""

from __future__ import annotations

from dsroles.checks import declare
from dsroles.checks.calling import on_cases, require_function
from dsroles.checks.exercise import Exercise, Part
from dsroles.checks.tables import (
    by_direction, columns_and_types, columns_only, columns_then, one_row_per, same_values,
)
from dsroles.tracks.data_engineer import (
    billing, crm, exam_data, exam_flow, exam_items, loads, privacy, references, retries, schemas,
    usage,
)

MEMORY_BUDGET_MB = 4.0  # Python and Arrow memory allowed while aggregating a quarter of events


month_billing = declare.frame_in_parts(
    "de_exam.month_billing",
    expected=references.month_billing_reference,
    parts=[
        Part("columns", columns_only),
        Part("one row per status", one_row_per("status", "status")),
        Part("invoices", same_values("status", "invoices", "status", explain=by_direction(
            high="count only the invoices of that month (its period).",
            low="count every invoice of that month, whatever its source system."))),
        Part("amount in pounds", billing.amounts_in_pounds("status", "amount", "status")),
    ],
)


customer_month = declare.frame_in_parts(
    "de_exam.customer_month",
    expected=references.customer_month_reference,
    parts=[
        Part("columns and types", columns_and_types),
        Part("one row per billed customer", exam_items.billed_customers),
        Part("contract", same_values("customer_id", "contract", "customer",
                                     explain=exam_items.contract_explained)),
        Part("amount billed", billing.amounts_in_pounds("customer_id", "amount_billed",
                                                           "customer")),
        Part("sessions", same_values("customer_id", "sessions", "customer",
                                     explain=usage.counts_explained("sessions"))),
    ],
)


crm_identity = declare.frame_in_parts(
    "de_exam.crm_identity",
    expected=references.crm_reference,
    parts=[
        Part("D1 duplicated customers", crm.one_customer_each),
        Part("D2 date formats", crm.signup_dates),
    ],
)


crm_values = declare.frame_in_parts(
    "de_exam.crm_values",
    expected=references.crm_reference,
    parts=[
        Part("D3 category spellings", crm.spelling("contract")),
        Part("D3 payment spellings", crm.spelling(
            "payment_method", rows=lambda table: table["payment_method"] != "unknown")),
        Part("D4 impossible birth dates", crm.birth_dates),
        Part("D5 missing values", crm.missing_values),
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
    parts=[Part(f"rejects {name.replace('_', ' ')}", schemas.rejects(name))
           for name in exam_data.HIDDEN_BATCHES],
)


load_tickets = Exercise(
    "de_exam.load_tickets",
    compare=on_cases(references.load_tickets_reference, loads.same_store("ticket_id", "ticket")),
    expected=exam_data.ticket_load_cases,
    context=("seed",),
)


last_seen = Exercise(
    "de_exam.last_seen",
    compare=on_cases(references.last_seen_reference, exam_items.same_last_seen),
    expected=exam_data.last_seen_cases,
    context=("seed",),
)


device_usage = declare.frame_in_parts(
    "de_exam.device_usage",
    expected=lambda seed: references.device_usage_reference(exam_data.events_path(seed)),
    parts=usage.device_parts(),
)


def _budget_cases(seed: int):
    path = exam_data.unseen_events(seed)
    return {"path": path, "expected": references.device_usage_reference(path), "runs": {}}


usage_in_budget = Exercise(
    "de_exam.usage_in_budget",
    expected=_budget_cases,
    context=("seed",),
    precheck=lambda fn, case, context: require_function(fn),
    parts=[Part("the same table on an unseen log", usage.same_table_unseen),
           Part("within the memory budget", usage.within_budget(MEMORY_BUDGET_MB))],
)


customer_dim = declare.frame_in_parts(
    "de_exam.customer_dim",
    expected=references.customer_dim_reference,
    parts=[
        Part("no personal data", privacy.no_personal_data),
        Part("keys join the feature table", exam_items.dim_keys),
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
        Part("the month's tickets and columns", columns_then(exam_items.month_tickets_rows)),
    ],
)


retry_policy = Exercise(
    "de_exam.retry_policy",
    expected=exam_data.outage,
    context=("seed",),
    precheck=retries.as_policy,
    parts=[Part("gets through the transient failures", retries.survives),
           Part("gives up on a source that never answers", retries.gives_up),
           Part("backs off exponentially, within the budget", retries.backs_off)],
)


publish_month = Exercise(
    "de_exam.publish_month",
    expected=exam_flow.publish_case,
    context=("seed",),
    precheck=exam_flow.precheck,
    parts=[Part("the months in order", exam_flow.in_order),
           Part("a backfill gives the same store", exam_flow.backfill),
           Part("a broken month fails the run", exam_flow.raises),
           Part("a broken month writes nothing", exam_flow.writes_nothing)],
)
