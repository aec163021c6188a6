"""A workshop from roster to class page, on the cheapest assessment: init, collect a messy folder,
grade (each notebook once for the whole module), feedback, report."""

from __future__ import annotations

import csv
import json
import shutil

import pytest

from dsroles.cli import main

from .helpers import ASSESSMENT, messy_submissions, tree_hash, write_roster

OTHER = "domain_expert"  # the assessment handed in under the business owner's name


@pytest.fixture(scope="module")
def workshop(tmp_path_factory):
    from dsroles.paths import solutions_dir

    root = tmp_path_factory.mktemp("workshop")
    course, subs = root / "course", root / "submissions"
    roster = write_roster(root)
    assert main(["workshop", "init", str(course), "--roster", str(roster),
                 "--assessments", ASSESSMENT, OTHER]) == 0
    messy_submissions(subs, solutions_dir() / ASSESSMENT / f"{ASSESSMENT}.ipynb",
                      course / "release" / ASSESSMENT / f"{ASSESSMENT}.ipynb",
                      course / "release" / OTHER / f"{OTHER}.ipynb")
    before = tree_hash(subs)
    from dsroles.workshop.collect import collect
    from dsroles.workshop.grade import grade_course

    collected = collect(course, subs)
    graded = grade_course(course, allow_unsandboxed=True, seed=42)
    regraded = grade_course(course, allow_unsandboxed=True, seed=42)
    assert main(["workshop", "feedback", str(course)]) == 0
    assert main(["workshop", "report", str(course)]) == 0
    return {"course": course, "subs": subs, "before": before, "collected": collected,
            "graded": graded, "regraded": regraded, "roster": roster}


def rows(course):
    with open(course / "reports" / "grades.csv", newline="") as handle:
        return {(r["learner_id"], r["assessment"]): r for r in csv.DictReader(handle)}


def test_init_is_a_real_nbgrader_course_and_safe_to_repeat(workshop, capsys):
    from nbgrader.api import Gradebook

    from dsroles.workshop.course import COURSE_ID, gradebook_url

    course = workshop["course"]
    assert (course / "nbgrader_config.py").is_file()
    assert (course / "source" / ASSESSMENT / f"{ASSESSMENT}.ipynb").is_file()
    with Gradebook(gradebook_url(course), COURSE_ID) as gb:
        assert sorted(a.name for a in gb.assignments) == sorted([ASSESSMENT, OTHER])
        assert sorted(s.id for s in gb.students) == ["ana", "ben", "cho", "dan"]
        assert gb.find_student("ben").lms_user_id == "1002"
    assert main(["workshop", "init", str(course), "--roster", str(workshop["roster"]),
                 "--assessments", ASSESSMENT, OTHER]) == 0
    assert "0 assessment(s) released" in capsys.readouterr().out


def test_collect_reports_the_mess(workshop):
    report, course = workshop["collected"], workshop["course"]
    assert report.missing == ["dan"]
    assert [(d[0], d[1]) for d in report.duplicates] == [("cho", ASSESSMENT)]
    assert report.duplicates[0][3] == f"cho_{ASSESSMENT}_v2.ipynb"  # the newest counts
    assert [(w[0], w[2], w[3]) for w in report.wrong_assessment] == [("ana", ASSESSMENT, OTHER)]
    unmatched = {f for f, _ in report.unmatched}
    assert unmatched == {"readme.txt", f"zed_{ASSESSMENT}.ipynb"}
    filed = sorted((lr, a) for lr, a, _ in report.filed)
    assert filed == [("ana", ASSESSMENT), ("ana", OTHER), ("ben", ASSESSMENT), ("cho", ASSESSMENT)]
    assert (course / "submitted" / "cho" / ASSESSMENT / "timestamp.txt").read_text().endswith("UTC")


def test_the_submissions_folder_is_untouched(workshop):
    assert tree_hash(workshop["subs"]) == workshop["before"]


def test_regrading_skips_unchanged_submissions(workshop):
    assert len(workshop["graded"].graded) == 4
    assert workshop["regraded"].graded == []
    assert len(workshop["regraded"].skipped) == 4


def test_the_export_csv(workshop):
    found = rows(workshop["course"])
    assert len(found) == 8  # 4 learners x 2 assessments
    ana = found[("ana", ASSESSMENT)]
    assert ana["status"] == "graded" and float(ana["score"]) == float(ana["max_score"]) > 0
    assert found[("ana", OTHER)]["status"] == "graded" and float(found[("ana", OTHER)]["score"]) == 0
    cho = found[("cho", ASSESSMENT)]
    assert cho["status"] == "graded" and 0 < float(cho["score"]) < float(cho["max_score"])
    ben = found[("ben", ASSESSMENT)]
    assert ben["status"].startswith("not graded: ") and "JSON" in ben["status"]
    assert ben["score"] == "" and ben["total"] == ""  # not a 0
    assert found[("dan", ASSESSMENT)]["status"] == "missing"
    assert found[("ben", OTHER)]["status"] == "missing"
    lost = [k for k, v in cho.items() if k.startswith("item:") and v != "" and v != ana[k]]
    assert lost and all(k.startswith("item:bo_") for k in lost)
    assert any(k.startswith("competency:") for k in ana)


def test_the_lms_files(workshop):
    reports = workshop["course"] / "reports"
    with open(reports / "lms_canvas.csv", newline="") as handle:
        canvas = list(csv.reader(handle))
    assert canvas[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert canvas[1][0].strip() == "Points Possible"
    by_id = {row[2]: row for row in canvas[2:]}
    column = canvas[0].index("dsroles business owner")
    assert by_id["ben"][column] == "" and by_id["dan"][column] == ""
    assert by_id["ana"][1] == "1001" and float(by_id["ana"][column]) > 0


def test_the_gradebook_holds_the_autograded_scores(workshop):
    from dsroles.workshop.gradebook import autograded_scores

    found = rows(workshop["course"])
    scores = autograded_scores(workshop["course"])
    graded = {k: float(r["score"]) for k, r in found.items() if r["status"] == "graded"}
    assert scores == graded
    assert ("ben", ASSESSMENT) not in scores  # not graded: no submission, so no 0 in nbgrader's export
    assert (workshop["course"] / "autograded" / "cho" / ASSESSMENT / f"{ASSESSMENT}.ipynb").is_file()


def test_the_heat_map(workshop):
    from dsroles.workshop.classpage import heat_map, with_items
    from dsroles.workshop.report import export_rows

    course = workshop["course"]
    levels = heat_map(with_items(course, export_rows(course)))
    assert set(levels) == {"ana", "cho"}  # ben was not graded, dan handed nothing in
    bo = [c for c in levels["cho"] if c.startswith("BO-")]
    assert bo and all(levels["ana"][c] == 1.0 for c in bo)
    assert all(levels["ana"][c] == 0.0 for c in levels["ana"] if c.startswith("PDE-"))
    assert sorted(v < 1.0 for v in (levels["cho"][c] for c in bo)).count(True) >= 1
    page = (course / "reports" / "class.html").read_text()
    assert "Ana Silva (ana)" in page and "not valid JSON" in page and "red (2 learners)" in page


def test_feedback_folders_carry_the_roster_identity(workshop):
    folder = workshop["course"] / "feedback" / "ana"
    profile = json.loads((folder / "profile.json").read_text())
    assert profile["person"] == "Ana Silva (ana)"
    assert profile["learner"] == {"id": "ana", "name": "Ana Silva", "team": "red"}
    page = (folder / ASSESSMENT / f"{ASSESSMENT}.html").read_text()
    assert "marked automatically" in page  # the kit's page in words
    assert "partial_check" not in page and "BEGIN HIDDEN" not in page  # never nbgrader's page with the hidden tests
    assert (folder / "profile.html").is_file()


def test_a_changed_submission_is_graded_again(workshop, tmp_path):
    from dsroles.workshop.grade import to_grade

    course = tmp_path / "copy"
    shutil.copytree(workshop["course"], course)
    notebook = course / "submitted" / "cho" / ASSESSMENT / f"{ASSESSMENT}.ipynb"
    notebook.write_text(notebook.read_text().replace('"cells"', '"cells"', 1) + "\n")
    todo, same = to_grade(course, force=False)
    assert [(lr, a) for lr, a, _, _ in todo] == [("cho", ASSESSMENT)]
    assert len(to_grade(course, force=True)[0]) == 4


def test_nbgrader_pages_stay_with_the_instructor_and_carry_the_marks_given_by_hand(workshop, tmp_path):
    """nbgrader's own page (hidden tests shown) is made by `feedback`, from the gradebook: one per
    graded submission, in the private folder only, with a mark given in formgrader on it."""
    from nbgrader.api import Gradebook

    from dsroles.workshop.course import COURSE_ID, gradebook_url
    from dsroles.workshop.feedback import instructor_page, write_feedback
    from dsroles.workshop.records import all_records

    course = tmp_path / "copy"
    shutil.copytree(workshop["course"], course)
    kept = all_records(course)
    graded = sorted(k for k, r in kept.items() if r["status"] == "graded")
    assert graded and len(graded) < len(kept)
    for (learner, assessment), record in kept.items():
        page = instructor_page(course, learner, assessment)
        assert page.is_file() == (record["status"] == "graded"), (learner, assessment)
    learner, assessment = next(k for k in graded if k[1] == ASSESSMENT)
    page = instructor_page(course, learner, assessment).read_text()
    assert "BEGIN HIDDEN" in page and "3.25" not in page
    handed_back = list((course / "feedback").rglob("*.html"))
    assert handed_back and all("BEGIN HIDDEN" not in p.read_text() for p in handed_back)
    with Gradebook(gradebook_url(course), COURSE_ID) as gb:
        gb.find_grade("bo_memo_answer", assessment, assessment, learner).manual_score = 3.25
        gb.db.commit()
    write_feedback(course)
    assert "3.25" in instructor_page(course, learner, assessment).read_text()
