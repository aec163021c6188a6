"""The domain expert lessons' checks: the edge cases are built in, the rules agree with the answer
key, the planted contradictions and shifts are there on the lessons' seed, and the messages say
what is wrong."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dsroles.checks.testing import assert_check_failed, assert_check_passed
from dsroles.churn import explain, ingest
from dsroles.churn.flags import FlagStore
from dsroles.tracks.domain_expert import (
    data, meaning, models, policy, production, results, rules, shifts, target, tracing,
)

from tracks.domain_expert import answers

SEED = 42


def test_the_edge_cases_hold_every_rule_of_the_definition():
    """Does every event kind appear, each part hold both outcomes, and the horizon's edges sit
    on its first day, its last day and the days just outside it?"""
    kinds = {event for case in policy.EDGE_CASES for _, _, event in case.events}
    assert kinds == set(policy.CHURN_EVENTS) | set(policy.NOT_CHURN)
    for part in policy.PARTS:
        assert {c.churns for c in policy.EDGE_CASES if c.part == part} == {0, 1}, part
    edges = {(where, days) for c in policy.EDGE_CASES for where, days, _ in c.events}
    assert {("start", 0), ("start", -1), ("end", 0), ("end", 1)} <= edges
    assert all(policy.churn_label(policy.history_of(c, m), m) == c.churns
               for c in policy.EDGE_CASES for m in target.LABEL_MONTHS)


@pytest.mark.parametrize("month, first, last", [
    ("2025-12", "2026-01-01", "2026-01-31"), ("2026-01", "2026-02-01", "2026-02-28"),
    ("2024-01", "2024-02-01", "2024-02-29"), ("2025-03", "2025-04-01", "2025-04-30")])
def test_the_horizon_is_the_next_calendar_month(month, first, last):
    assert policy.horizon(month) == (pd.Timestamp(first), pd.Timestamp(last))


def test_a_label_that_counts_pauses_is_told_which_history_it_got_wrong():
    result = assert_check_failed(target.churn_label, answers.label_counting(answers.ENDINGS + ["paused"]),
                                 contains="a pause in the horizon that has not run out")
    assert "says churn" in result.message
    assert_check_failed(target.horizon, lambda m: (policy.horizon(m)[0], "2025-07-31"),
                        contains="a pandas Timestamp is expected")


def test_the_pipeline_over_counts_exactly_the_pauses():
    """Are the rows the pipeline labels churned, and the definition does not, the pauses?"""
    from dsroles.churn import accounts
    from dsroles.churn.pii import pseudonymise

    events = data.account_events(SEED)
    ending = accounts.ending_of(events)
    ending.index = pseudonymise(pd.Series(ending.index)).to_numpy()
    churned = data.snapshots(SEED).query("churned == 1")
    pauses = int((churned["customer_key"].map(ending["event"]) == "paused").sum())
    assert target.pipeline_overcount(SEED) == pauses > 20


@pytest.mark.parametrize("rule, defect, table", [
    (rules.invalid_amount, "D6", lambda: (data.invoices(SEED), data.plans(SEED))),
    (rules.impossible_age, "D4", lambda: (data.crm_raw(SEED),)),
    (rules.impossible_session, "D7", lambda: (data.events_raw(SEED),)),
])
def test_each_reference_rule_flags_exactly_the_answer_keys_rows(rule, defect, table):
    args = table()
    key = "invoice_id" if defect == "D6" else None
    assert np.array_equal(rule(*args).to_numpy(), rules.defect_rows(args[0], data.defect(SEED, defect), key))


def test_the_edge_tables_need_rounding_and_both_bounds():
    plans = data.plans(SEED)
    edges = rules.price_edges(plans)
    unrounded = answers.invalid_amount_unrounded(edges, plans)
    assert unrounded.sum() > rules.invalid_amount(edges, plans).sum()  # 19.490000000000002 is a price
    assert list(rules.impossible_session(rules.session_edges())) == [False, False, False, True, True, True,
                                                                     False, True]
    assert_check_failed(meaning.price_rule, answers.invalid_amount_unrounded, seed=SEED,
                        contains="invoices that break no rule")
    assert_check_failed(meaning.age_rule, answers.age_18_to_100, seed=SEED, contains="CRM rows that break no rule")


def test_a_dictionary_with_an_unknown_moment_lists_the_moments():
    bad = {**answers.RECORDED, "plan": "monthly"}
    assert_check_failed(meaning.recorded, bad, contains="is not one of 'at sign-up'")


@pytest.fixture(scope="module")
def review():
    return models.review_rows(SEED)


@pytest.mark.parametrize("bug, feature, grid", [("tickets", "tickets_month", [0, 1, 2, 3]),
                                                ("status", "failed_payments_month", [0, 1])])
def test_the_retrained_model_contradicts_the_business_and_production_does_not(review, bug, feature, grid):
    """Does risk fall as the feature rises in the retrained model, and rise in production?"""
    bugged = explain.partial_dependence(models.retrained(SEED, bug), review, feature, grid)
    healthy = explain.partial_dependence(models.production_model(SEED), review, feature, grid)
    assert bugged.is_monotonic_decreasing and bugged.iloc[-1] < 0.6 * bugged.iloc[0]
    assert healthy.is_monotonic_increasing and healthy.iloc[-1] > healthy.iloc[0]


def test_a_flag_must_come_back_from_the_store():
    assert_check_failed(results.ticket_flag, {"subject": "feature:tickets_month"}, seed=SEED,
                        contains="store.get(flag_id)")
    store = FlagStore(":memory:")
    assert results.filed(store, ...) is ...
    with pytest.raises(KeyError):
        results.filed(store, 3)


def test_the_quarter_shows_the_three_documented_changes():
    """Is the bug a major drift in two features, the price rise 2.00 a customer, and the
    competitor's segment the most under-predicted?"""
    assert shifts.major_features(SEED) == ["contract", "monthly_charges"]
    assert shifts.price_change(SEED) == pytest.approx(2.0)
    table = shifts.segment_table(SEED)
    assert tuple(table.iloc[0][["region", "contract"]]) == ("south", "monthly")
    assert shifts.south_monthly_ratio(SEED) > 2


def test_the_production_query_differs_from_the_reference_only_by_the_legacy_fix():
    v1, ref = production.BILLING_SQL_V1.split("\n"), ingest.MONTHLY_BILLING_SQL.split("\n")
    different = [(a, b) for a, b in zip(v1, ref) if a != b]
    assert len(v1) == len(ref) and len(different) == 1 and "legacy" in different[0][1]


def test_the_complaint_is_a_legacy_customer_at_the_top_of_the_list():
    run = production.scored_month(SEED, tracing.MONTH)
    row = run[run["customer_key"] == tracing.complaint(SEED)].iloc[0]
    assert row["risk"] > 0.9 and row["monthly_charges"] > 100
    invoices = data.invoices(SEED).set_index("invoice_id").loc[tracing.complaint_invoices(SEED)]
    assert set(invoices["source_system"]) == {"legacy"}
    assert len(tracing.inflated(SEED)) > 50
    assert_check_passed(tracing.legacy_invoices, tracing.complaint_invoices(SEED), seed=SEED)
