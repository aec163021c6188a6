"""The business owner assessment: its notebook calls every exercise, its inputs hold the edge
cases its items are about on every seed, and its checks name the mistakes they catch."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dsroles.checks.registry import exercises_by_name
from dsroles.checks.testing import assert_check_failed, assert_check_passed
from dsroles.tracks.business_owner import access, cards, data, exam, exam_data, references, register

SEED = 42
SEEDS = (1, 2, 3, 4, 5)
SOLUTION = Path(__file__).resolve().parents[3] / "solutions" / "business_owner" / "business_owner.ipynb"


def test_the_solution_notebook_calls_every_exercise_and_only_these():
    """Do the assessment's test cells use each bo_exam exercise, and no id that does not exist?"""
    cells = json.loads(SOLUTION.read_text(encoding="utf-8"))["cells"]
    used = {n for c in cells for n in re.findall(r'"bo_exam\.(\w+)"', "".join(c["source"]))}
    assert used == set(exercises_by_name("bo_exam"))


# -- inputs that change with the seed --------------------------------------------------------
def test_the_draft_register_breaks_the_policy_exactly_where_planted():
    """Does the draft follow the policy everywhere but in the planted breaches?"""
    draft = exam_data.draft_register(SEED)
    found = set()
    for row in draft.to_dict(orient="records"):
        want = register.expected_entry(exam_data.EXAM_DATASETS[row["dataset"]])
        for field, problem in zip(("lawful_basis", "users", "retention_months"),
                                  register.PROBLEMS.values()):
            if problem(row, want):
                found.add((row["dataset"], field))
    assert found == references.breaches(SEED) and len(found) == exam_data.PLANTED


def test_the_planted_breaches_and_the_card_letters_change_with_the_seed():
    """Would a list of breaches or a letter typed in from seed 42 fail on the grading seeds?"""
    assert all(references.breaches(s) != references.breaches(SEED) for s in SEEDS)
    letters = {tuple(sorted(cards.exam_letters(s).items())) for s in (SEED, *SEEDS)}
    assert len(letters) >= 3
    fields = {f for s in SEEDS for _, f in references.breaches(s)}
    assert fields == {"lawful_basis", "users", "retention_months"}


def test_the_draft_card_leaves_questions_out_and_answers_one_with_an_empty_text():
    """Is the defining edge case (an answer that is an empty text) in the draft card?"""
    card = exam_data.draft_card(SEED)
    empty = [q for q, text in card.items() if q in cards.ESSENTIAL and not text.strip()]
    missing = [q for q in cards.ESSENTIAL if q not in card]
    assert len(empty) == 1 and len(missing) == 3
    assert sum(q in cards.NOT_NEEDED for q in card) == 2
    assert set(references.card_gaps(SEED)) == set(empty) | set(missing)


def test_every_consent_trap_is_among_the_customers_who_could_be_called():
    """Among current customers with marketing consent, are there silent ones and withdrawals,
    in the history, and new withdrawals in the next quarter?"""
    groups = references.campaign_groups(SEED)
    reachable = groups["customers"] - groups["left"] - groups["no_marketing"]
    assert reachable & groups["never_answered"] and reachable & groups["withdrawn"]
    before = access.eligible(data.next_quarter_crm(SEED), data.consent_table(SEED, "history"),
                             exam_data.CAMPAIGN_AS_OF)
    assert (before["targets"] - groups["targets"]) & groups["withdrawn"]


def test_the_call_month_is_far_from_today():
    """Would dividing by today's customers miss the end of June by more than the tolerance?"""
    today = int(data.crm(SEED)["cancel_date"].isna().sum())
    june = exam_data.CALLS_PER_MONTH / references.call_share(SEED)
    assert abs(exam_data.CALLS_PER_MONTH / today - exam_data.CALLS_PER_MONTH / june) > 0.001


# -- messages ----------------------------------------------------------------------------------
def test_the_lessons_break_even_is_named():
    assert_check_failed(exam.break_even, 10 / (0.35 * 240), contains="lessons' figures")


@pytest.mark.parametrize("rounded", [0.12, 0.13])
def test_a_break_even_rounded_to_two_decimals_is_named_as_rounded(rounded):
    """0.125 rounded to 0.12 was told it used the lessons' figures (0.119): it is named as a
    rounding now, either way it was rounded."""
    assert_check_failed(exam.break_even, rounded, contains="rounded to two decimals",
                        excludes="lessons' figures")


def test_a_drift_factor_of_one_is_named_and_the_value_judged_on_its_own():
    """Is the value judged with the learner's own factor, so a slip costs one part only?"""
    _, p = data.december_scores(SEED)
    result = assert_check_failed(exam.drifted, {"drift_factor": 1.0,
                                                "quarter_value": references.quarter_value(p, 1.0)},
                                 seed=SEED, contains="churn has not moved")
    assert result.fraction == pytest.approx(0.5)


def test_a_drift_factor_against_all_of_2025_is_named():
    """Churn was higher before the provider switch: a factor against the whole year is named."""
    _, p = data.december_scores(SEED)
    k = references.drift_factor_since(SEED, "2025-03")
    assert abs(k - references.drift_factor(SEED)) > 0.1
    result = assert_check_failed(exam.drifted, {"drift_factor": k,
                                                "quarter_value": references.quarter_value(p, k)},
                                 seed=SEED, contains="provider switch")
    assert result.fraction == pytest.approx(0.5)


def test_a_compliant_retention_flagged_as_a_breach_is_a_false_alarm():
    draft = exam_data.draft_register(SEED)
    at_max = [(r.dataset, "retention_months") for r in draft.itertuples()
              if r.retention_months == exam_data.register.KINDS[
                  exam_data.EXAM_DATASETS[r.dataset]["kind"]]["max_months"]]
    result = assert_check_failed(exam.register_review, sorted(references.breaches(SEED)) + at_max,
                                 seed=SEED, contains="follow the policy")
    assert result.fraction == pytest.approx(0.75)


def test_the_deploy_letters_are_judged_one_by_one():
    right = references.deploy(SEED)
    assert_check_passed(exam.deploy, right, seed=SEED)
    swapped = {**right, "leak": right["protected"], "protected": right["leak"]}
    result = assert_check_failed(exam.deploy, swapped, seed=SEED, contains="is not the card that")
    assert result.fraction == pytest.approx(1 / 3)


def test_the_campaign_task_says_a_cancellation_on_the_export_day_has_left():
    """Some seeds hold customers who cancelled on 2026-03-31 itself: the check counts them as
    gone, so the task must say so ('still subscribed on 2026-03-31' reads either way)."""
    crm_q = data.next_quarter_crm(1)
    assert (crm_q["cancel_date"] == exam_data.CAMPAIGN_AS_OF).any()
    cells = json.loads(SOLUTION.read_text(encoding="utf-8"))["cells"]
    text = " ".join(" ".join("".join(c["source"]).split()) for c in cells
                    if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "bo_q_campaign")
    assert "cancelled on that day has left" in text
