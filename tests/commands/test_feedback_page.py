"""The learner's feedback page, the self-mark and the name, through `dsroles grade` (one grading run)."""

from __future__ import annotations

import json

import pytest

from dsroles.cli import main

from grading.helpers import FRAMEWORK, SOLUTIONS, answer, cell, solution, write


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """One run: a wrong mean, a broken normalise (it raises inside the hidden test), an explanation
    written; in a home of its own, so the name and the self-mark stay out of other tests."""
    folder = tmp_path_factory.mktemp("feedback")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DSROLES_HOME", str(folder / "home"))
        yield _grade(folder)


def _grade(folder):
    nb = answer(solution(), "mean_answer", 'my_mean = df["monthly_charge"].median()')
    nb = answer(nb, "normalise_answer", "def normalise(values):\n    return [v / max(values) for v in values]")
    cell(nb, "explain_answer").source = "The median only depends on the order of the values."
    write(folder / "mine", "x", nb)
    out = folder / "out"
    code = main(["grade", str(folder / "mine"), "--solutions", str(SOLUTIONS), "--framework", str(FRAMEWORK),
                 "--out", str(out), "--seed", "11", "--name", "Ada Lovelace"])
    assert code == 0
    return out


def test_the_page_speaks_in_words_and_agrees_with_the_terminal(graded):
    page = (graded / "feedback" / "demo_quiz.html").read_text()
    result = json.loads((graded / "results.json").read_text())["results"][0]
    auto = [i for i in result["items"] if i["kind"] != "manual"]
    got, most = sum(i["points"] for i in auto), sum(i["max_points"] for i in auto)
    assert f"{got:g} / {most:g} points marked automatically · 2 more points marked by hand" in page
    lost = next(i for i in auto if i["grade_id"] == "test_mean")
    assert lost["message"].split(":")[0].replace("'", "&#x27;")[:30] in page
    for leak in ("Traceback", "assert_check(", "partial_check(", "BEGIN HIDDEN TESTS", "seed = 11"):
        assert leak not in page, f"the learner's page shows {leak!r}"
    assert "for-instructors/demo_quiz.nbgrader.html" in page
    assert "Traceback" in (graded / "feedback" / "for-instructors" / "demo_quiz.nbgrader.html").read_text()


def test_the_mark_scheme_is_shown_after_grading_with_how_to_self_mark(graded):
    page = (graded / "feedback" / "demo_quiz.html").read_text()
    assert "Model answer and mark scheme (2 points)" in page
    assert "The median only depends on the order of the values." in page
    assert "dsroles grade --self-mark explain_answer=POINTS" in page
    assert "BEGIN SOLUTION" not in page


def test_a_self_mark_is_recorded_and_labelled_without_grading_again(graded, capsys, monkeypatch):
    monkeypatch.setenv("DSROLES_HOME", str(graded.parent / "home"))
    code = main(["grade", "--self-mark", "explain_answer=1.5", "--solutions", str(SOLUTIONS),
                 "--framework", str(FRAMEWORK), "--out", str(graded)])
    assert code == 0, capsys.readouterr()
    assert "self-marked 1.5 / 2" in (graded / "feedback" / "demo_quiz.html").read_text()
    profile = json.loads((graded / "profile.json").read_text())
    marked = [c for r in profile["roles"].values() for c in r["competencies"].values() if c["self_marked"]]
    assert [c["self_marked"] for c in marked] == [1.5]
    assert "self-marked (not checked by an instructor)" in (graded / "profile.html").read_text()


def test_a_self_mark_outside_the_points_or_for_an_autograded_item_is_refused(graded, capsys):
    assert main(["grade", "--self-mark", "explain_answer=3", "--solutions", str(SOLUTIONS)]) == 2
    assert "worth 0 to 2 points" in capsys.readouterr().err
    assert main(["grade", "--self-mark", "test_mean=1", "--solutions", str(SOLUTIONS)]) == 2
    assert "not an answer marked by hand" in capsys.readouterr().err


def test_the_name_is_carried_by_the_profile_and_kept(graded, monkeypatch):
    from dsroles.paths import learner_name

    monkeypatch.setenv("DSROLES_HOME", str(graded.parent / "home"))
    assert json.loads((graded / "profile.json").read_text())["person"] == "Ada Lovelace"
    assert "Skills profile: Ada Lovelace" in (graded / "profile.html").read_text()
    assert learner_name() == "Ada Lovelace"
