"""The report of `dsroles grade`: the table per role and competency, and the files written."""

from __future__ import annotations

import json

from dsroles.competencies import load_framework
from dsroles.grading.report import point_latest, table, write_outputs

from .helpers import FRAMEWORK

GRADED = {
    "notebook": "a/demo_quiz.ipynb", "assessment": "demo_quiz", "status": "graded", "reason": None,
    "score": 1.0, "max_score": 3.0, "manual_max_score": 2.0, "seed": 11, "feedback_html": None,
    "items": [
        {"grade_id": "test_mean", "competency": "DS-1", "points": 1.0, "max_points": 1.0,
         "kind": "autograded", "passed": True, "message": None},
        {"grade_id": "test_extra", "competency": None, "points": 0.0, "max_points": 2.0,
         "kind": "autograded", "passed": False, "message": "Your answer (3) is too low."},
        {"grade_id": "explain_answer", "competency": "DS-4", "points": None, "max_points": 2.0,
         "kind": "manual", "passed": None, "message": None},
    ],
}
NOT_GRADED = {"notebook": "b/x.ipynb", "assessment": "x", "status": "not_graded",
              "reason": "x.ipynb is not valid JSON", "score": 0.0, "max_score": 0.0, "seed": None,
              "items": [], "feedback_html": None}


def test_the_table_groups_by_role_and_competency_and_says_what_was_lost():
    """Are mapped items under their role and competency, unmapped ones under the assessment,
    manual ones waiting, and not-graded notebooks listed with their reason?"""
    text = table([GRADED, NOT_GRADED], load_framework(FRAMEWORK))
    lines = text.splitlines()
    assert lines[0].startswith("Data Scientist") and lines[0].endswith("1 / 1")
    assert any(line.strip().startswith("DS-1 Summarise a column") for line in lines)
    assert "explain_answer (manual, 2 points): waiting for an instructor" in text
    assert any(line.startswith("demo_quiz") and line.endswith("0 / 2") for line in lines)
    assert "test_extra lost 2: Your answer (3) is too low." in text
    assert "graded  a/demo_quiz.ipynb: 1 / 3 (seed 11, 2 more points marked by hand)" in text
    assert "NOT GRADED  b/x.ipynb: x.ipynb is not valid JSON" in text


def test_outputs_are_written_and_latest_points_at_them(tmp_path):
    """Are results.json, profile.json and profile.html written, and grades/latest linked?"""
    out = tmp_path / "grades" / "20260101-000000"
    written = write_outputs([GRADED, NOT_GRADED], out, framework=load_framework(FRAMEWORK), person="ada")
    assert json.loads(written["results"].read_text())["results"][1]["status"] == "not_graded"
    profile = json.loads(written["profile_json"].read_text())
    assert profile["person"] == "ada" and profile["not_graded"][0]["notebook"] == "b/x.ipynb"
    assert written["profile_html"].exists()
    point_latest(out)
    assert (tmp_path / "grades" / "latest").resolve() == out.resolve()


def test_an_assessment_graded_twice_counts_once():
    """Does grading two copies of one assessment count the last copy, not the sum?"""
    from dsroles.grading.report import counted

    first = {"notebook": "a/demo_quiz.ipynb", "assessment": "demo_quiz", "status": "graded"}
    broken = {"notebook": "c/x.ipynb", "assessment": None, "status": "not_graded"}
    second = {"notebook": "b/demo_quiz.ipynb", "assessment": "demo_quiz", "status": "graded"}
    kept, notes = counted([first, broken, second])
    assert kept == [broken, second]
    assert notes == ["demo_quiz was graded 2 times; the table and the profile count the last "
                     "one (b/demo_quiz.ipynb)"]
    assert counted([first]) == ([first], [])


def test_an_item_scored_0_for_the_answer_key_is_flagged_in_the_table():
    """Does the terminal table flag a mark lost for using the answer key?"""
    import copy

    result = copy.deepcopy(GRADED)
    result["items"][1].update(answer_key_used=True, message="scored 0: an answer cell used the answer key (x)")
    text = table([result], load_framework(FRAMEWORK))
    assert "test_extra lost 2 [ANSWER KEY USED]: scored 0: an answer cell used the answer key" in text


def test_the_sandbox_is_recorded_and_its_absence_said():
    """Does results.json say whether the sandbox was used (and why not), and the table say OFF only then?"""
    from dsroles.grading.report import sandbox_summary

    on = dict(GRADED, sandbox=True, sandbox_reason=None)
    off = dict(GRADED, sandbox=False, sandbox_reason="bwrap cannot create namespaces here")
    assert sandbox_summary([on]) == {"sandbox": True, "sandbox_reason": None}
    assert sandbox_summary([off]) == {"sandbox": False, "sandbox_reason": "bwrap cannot create namespaces here"}
    assert "sandbox: OFF" not in table([on])
    assert "sandbox: OFF (bwrap cannot create namespaces here)" in table([off])
