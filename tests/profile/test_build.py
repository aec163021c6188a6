"""Building a profile from hand-made grade results and a hand-made self-check log."""

from __future__ import annotations

import json

import pytest

from dsroles.profile import build_profile, self_check_summary


def item(grade_id, competency, points, max_points, message=None, kind="autograded"):
    return {"grade_id": grade_id, "competency": competency, "points": points,
            "max_points": max_points, "kind": kind, "passed": None if points is None else
            points == max_points, "message": message}


def result(assessment, items, status="graded", reason=None):
    return {"notebook": f"{assessment}.ipynb", "assessment": assessment, "status": status,
            "reason": reason, "score": sum(i["points"] or 0 for i in items),
            "max_score": sum(i["max_points"] for i in items), "seed": 1, "items": items,
            "feedback_html": None}


RESULTS = [
    result("data_engineer", [
        item("de_ingest", "DE-1", 2, 2),
        item("de_clean", "DE-2", 1, 4, "Column 'plan' has wrong values in 3 rows of 50."),
        item("de_schema", "DE-3", 0, 2),
        item("de_pii_note", "DE-6", None, 3, kind="manual"),
    ]),
    result("data_scientist", [item("ds_explore", "DS-1", 3, 3)]),
    result("ml_engineer", [], status="not_graded", reason="invalid JSON"),
]


@pytest.fixture
def profile(tmp_path):
    return build_profile(RESULTS, log_path=tmp_path / "none.jsonl", person="ann")


def test_role_and_competency_numbers(profile):
    """Are scores, max scores and levels summed per competency and per role?"""
    de = profile["roles"]["data_engineer"]
    assert (de["score"], de["max_score"], de["level"], de["assessed"]) == (3.0, 8.0, 0.375, True)
    assert de["competencies"]["DE-2"] | {"lost": None} == {
        "title": "Clean", "score": 1.0, "max_score": 4.0, "level": 0.25, "lost": None,
        "pending": 0, "hand_max_score": 0.0, "self_marked": None}
    assert de["competencies"]["DE-2"]["lost"] == [
        {"grade_id": "de_clean", "message": "Column 'plan' has wrong values in 3 rows of 50."}]
    assert de["competencies"]["DE-3"]["lost"] == [
        {"grade_id": "de_schema", "message": "2 of 2 points lost"}]
    assert profile["roles"]["data_scientist"]["level"] == 1.0


def test_unmarked_manual_items_and_unassessed_roles(profile):
    """Is an unmarked manual answer left out of the score, and an unassessed role null?"""
    de6 = profile["roles"]["data_engineer"]["competencies"]["DE-6"]
    assert (de6["max_score"], de6["level"], de6["pending"], de6["hand_max_score"]) == (0.0, None, 1, 3.0)
    bo = profile["roles"]["business_owner"]
    assert (bo["assessed"], bo["level"], bo["max_score"]) == (False, None, 0.0)


def test_next_steps_largest_gap_first_and_not_graded(profile):
    """Are next steps the assessed competencies below full marks, the largest gap in points first
    (DE-2 lost 3 of 4, DE-3 lost 2 of 2)?"""
    assert profile["next_steps"] == ["DE-2", "DE-3"]
    assert profile["not_graded"] == [{"notebook": "ml_engineer.ipynb", "reason": "invalid JSON"}]


def test_profile_is_json_and_has_the_interface_keys(profile):
    """Does the profile have the keys of interfaces.md and survive JSON?"""
    assert set(profile) == {"person", "created", "dsroles_version", "roles", "focus_role", "next_steps",
                            "lessons", "not_graded", "answer_key_used", "self_checks"}
    assert json.loads(json.dumps(profile)) == profile
    assert profile["person"] == "ann"


def test_a_later_result_for_the_same_assessment_replaces_the_earlier(tmp_path):
    """When an assessment is graded twice, does the later result count?"""
    again = result("data_engineer", [item("de_schema", "DE-3", 2, 2)])
    p = build_profile(RESULTS + [again], log_path=tmp_path / "none.jsonl", person="ann")
    assert p["roles"]["data_engineer"]["level"] == 1.0


def event(ex, kind, outcome=None, hint=None):
    return {"exercise": ex, "event": kind, "outcome": outcome, "hint": hint}


LOG = [
    event("a.first", "check", "correct"),
    event("a.hinted", "check", "incorrect"), event("a.hinted", "hint", hint=1),
    event("a.hinted", "hint", hint=2), event("a.hinted", "check", "correct"),
    event("a.hinted", "hint", hint=3),  # after solving: does not change the status
    event("a.revealed", "check", "incorrect"), event("a.revealed", "solution"),
    event("a.revealed", "check", "correct"),
    event("a.stuck", "check", "not_attempted"), event("a.stuck", "check", "incorrect"),
    event("a.peek", "hint", hint=1),
    event("a.blank", "check", "not_attempted"),
]


def test_self_check_summary_from_the_log():
    """Does the log give 'solved after 2 hints', 'solution revealed' and the counts?"""
    s = self_check_summary(LOG)
    status = {k: v["status"] for k, v in s["by_exercise"].items()}
    assert status == {"a.first": "solved first try", "a.hinted": "solved after 2 hints",
                      "a.revealed": "solution revealed", "a.stuck": "not solved yet",
                      "a.peek": "hints only", "a.blank": "not attempted"}
    assert (s["attempted"], s["solved_first_try"], s["solved_after_hints"],
            s["solution_revealed"]) == (4, 1, 1, 1)
    assert s["by_exercise"]["a.stuck"]["checks"] == 2


def test_build_profile_reads_the_log_file(tmp_path):
    """Does build_profile read the self-check log it is given?"""
    path = tmp_path / "log.jsonl"
    path.write_text("".join(json.dumps(e) + "\n" for e in LOG))
    p = build_profile([], log_path=path, person="bo")
    assert p["self_checks"]["by_exercise"]["a.hinted"]["status"] == "solved after 2 hints"
    assert all(not r["assessed"] for r in p["roles"].values())
    assert p["next_steps"] == []


def test_an_item_scored_0_for_using_the_answer_key_is_flagged_in_the_profile(tmp_path):
    """Is an item flagged answer_key_used listed as such, in its competency and at the top level?"""
    from dsroles.profile import write_profile_html

    flagged = dict(item("de_clean", "DE-2", 0.0, 4, "scored 0: an answer cell used the answer key"),
                   answer_key_used=True)
    built = build_profile([result("data_engineer", [flagged])], log_path=tmp_path / "none.jsonl", person="ann")
    assert built["answer_key_used"] == [{"assessment": "data_engineer", "grade_id": "de_clean"}]
    lost = built["roles"]["data_engineer"]["competencies"]["DE-2"]["lost"]
    assert lost == [{"grade_id": "de_clean", "message": "scored 0: an answer cell used the answer key",
                     "answer_key_used": True}]
    page = write_profile_html(built, tmp_path / "profile.html").read_text()
    assert "(answer key used)" in page


def test_a_blank_hand_marked_answer_stays_out_of_the_score_as_in_the_terminal(tmp_path):
    """The terminal counts autograded points only: a blank manual answer (0 points) must not add
    its maximum to the profile's score either (issue 9: DE-3 '0 / 8' against '0 / 5')."""
    blank = dict(item("de_note", "DE-3", 0.0, 3, "no answer written", kind="manual"))
    p = build_profile([result("data_engineer", [item("de_schema", "DE-3", 0, 2), blank])],
                      log_path=tmp_path / "none.jsonl", person="ann")
    de3 = p["roles"]["data_engineer"]["competencies"]["DE-3"]
    assert (de3["score"], de3["max_score"], de3["hand_max_score"]) == (0.0, 2.0, 3.0)


def test_a_self_mark_is_labelled_and_kept_apart(tmp_path):
    marked = dict(item("de_pii_note", "DE-6", None, 3, kind="manual"), self_marked=2.0)
    p = build_profile([result("data_engineer", [item("de_ingest", "DE-1", 2, 2), marked])],
                      log_path=tmp_path / "none.jsonl", person="ann")
    de6 = p["roles"]["data_engineer"]["competencies"]["DE-6"]
    assert (de6["self_marked"], de6["pending"], de6["max_score"]) == (2.0, 0, 0.0)


def test_the_chosen_role_comes_first_and_each_next_step_carries_its_lessons(tmp_path):
    lessons = {"DS-1": [{"notebook": "course/4_data_scientist/01_the_role.ipynb", "exercises": ["ds.x"]}]}
    results = [result("data_engineer", [item("de_clean", "DE-2", 0, 4)]),
               result("data_scientist", [item("ds_explore", "DS-1", 2, 3)])]
    p = build_profile(results, log_path=tmp_path / "none.jsonl", person="ann", role="data_scientist",
                      lessons=lessons)
    assert p["next_steps"] == ["DS-1", "DE-2"]
    assert p["lessons"] == {"DS-1": lessons["DS-1"], "DE-2": []}
    assert build_profile(results, log_path=tmp_path / "none.jsonl", person="ann")["next_steps"] == ["DE-2", "DS-1"]


def test_the_name_set_once_is_the_profiles_person(tmp_path, monkeypatch):
    from dsroles.paths import save_learner_name

    monkeypatch.setenv("DSROLES_HOME", str(tmp_path))
    save_learner_name("Grace Hopper")
    assert build_profile([], log_path=tmp_path / "none.jsonl")["person"] == "Grace Hopper"
    assert build_profile([], log_path=tmp_path / "none.jsonl", person="roster name")["person"] == "roster name"
