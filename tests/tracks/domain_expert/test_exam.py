"""The domain expert assessment's checks (``pde_exam.*``): scored in independent parts, the edge
cases on every seed, the lessons' answers not carrying over, and messages that say what is wrong
without the answer."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dsroles.checks.registry import exercises_by_name
from dsroles.checks.testing import assert_check_failed, assert_check_passed
from dsroles.tracks.domain_expert import exam, exam_data, policy, references

from tracks.domain_expert import answers

SEED = 42
SOLUTION = Path(__file__).resolve().parents[3] / "solutions" / "domain_expert" / "domain_expert.ipynb"


def test_the_solution_notebook_calls_every_exercise_and_only_these():
    cells = json.loads(SOLUTION.read_text(encoding="utf-8"))["cells"]
    used = {n for c in cells for n in re.findall(r'"pde_exam\.(\w+)"', "".join(c["source"]))}
    assert used == set(exercises_by_name("pde_exam"))


@pytest.mark.parametrize("seed", range(12))
def test_the_seed_picks_months_the_data_can_answer(seed):
    """Is the traced month one the production job ran and the history labels, and the labelling
    month one whose horizon the exports hold?"""
    assert "2025-07" <= exam_data.trace_month(seed) <= "2025-11"
    assert exam_data.label_month(seed) in policy.labelled_months("2026-03-31")


def test_the_export_dates_include_the_edges():
    dates = set(exam_data.EXPORT_DATES)
    assert {"2025-12-30", "2025-12-31", "2026-02-28", "2025-04-29"} <= dates
    assert policy.labelled_months("2025-04-29") == [] and policy.labelled_months("2025-04-30") == ["2025-03"]
    assert policy.labelled_months("2025-12-30")[-1] == "2025-10"


def test_a_labeller_that_counts_pauses_loses_only_the_pause_part():
    result = exam.churned_customers.evaluate(answers.churned_counting(answers.ENDINGS + ["paused"]), seed=SEED)
    lost = [p.name for p in result.parts if not p.passed]
    assert lost == ["pauses", "the real account log"]
    assert "a pause in the horizon that has not run out" in result.message


def test_the_lessons_labeller_does_not_answer_the_assessment():
    """A one-customer labeller (lesson 1) returns 0 or 1, not the customers of a log."""
    assert_check_failed(exam.churned_customers, answers.label, seed=SEED, contains="customer_id")


def test_a_price_list_typed_in_fails_only_where_the_prices_changed():
    result = exam.price_rule.evaluate(answers.invalid_amount_2025, seed=SEED)
    lost = {p.name for p in result.parts if not p.passed}
    assert lost == {"the 2026 invoices in pounds", "invoices at the edges of the 2026 price list"}
    assert 0 < result.fraction < 1


def test_the_2026_tables_are_what_the_parts_say():
    cases = {c.label: c for c in references.price_cases(SEED)}
    delivered, in_pounds = cases["the 2026 invoices as delivered"], cases["the 2026 invoices in pounds"]
    assert delivered.flagged.all() and not in_pounds.flagged.any()
    assert (delivered.args[1]["monthly_price"] > cases["the 2025 invoices"].args[1]["monthly_price"]).all()


def test_the_assessments_model_hides_another_bug_than_the_lessons():
    pd_values = references.pd_values(SEED)
    tickets, failed = pd_values["tickets_month"], pd_values["failed_payments_month"]
    assert tickets == sorted(tickets) and failed[1] < failed[0]
    lesson_flag = answers.ticket_flag(SEED)
    assert_check_failed(exam.contradiction_flag, lesson_flag, seed=SEED, contains="The subject is not")


def test_the_evidence_parts_are_scored_one_by_one():
    wrong = {**answers.evidence(SEED), "biennial_share": 0.5}
    result = assert_check_failed(exam.shift_evidence, wrong, seed=SEED, contains="'biennial_share' is too high")
    assert result.fraction == pytest.approx(0.75)


def test_triage_names_the_wrong_observation_not_its_kind():
    wrong = {**answers.TRIAGE, "C": ("covariate drift", "data scientist")}
    result = assert_check_failed(exam.triage, wrong, contains="observation C",
                                 excludes=("concept drift", "data scientist"))
    assert result.fraction == pytest.approx(0.8)
    assert_check_failed(exam.triage, {**answers.TRIAGE, "E": "no change"}, contains="a pair (kind, owner)")


def test_the_trace_needs_the_reference_value_and_the_estimator():
    assert_check_passed(exam.trace, answers.traced(SEED, technique="LogisticRegression "), seed=SEED)
    result = assert_check_failed(exam.trace, answers.traced(SEED, technique="sklearn"), seed=SEED,
                                 contains="its class name")
    assert result.fraction == pytest.approx(0.75)
    assert_check_failed(exam.trace, {"feature": "monthly_charges"}, seed=SEED, contains="missing 'invoice_ids'")


def test_a_legacy_flag_needs_the_count_of_customers_hit():
    ref = references.trace(SEED)
    flag = answers.exam_flag(SEED, evidence={"invoice_ids": ref["invoice_ids"], "customers_hit": 1})
    assert_check_failed(exam.legacy_flag, flag, seed=SEED, contains="'customers_hit'")
