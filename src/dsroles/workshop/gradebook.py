"""The nbgrader gradebook of a workshop course: autograded scores in, marks given by hand out.

Scores go in through nbgrader's own `Gradebook` API, so formgrader shows every submission with
its autograded items filled in and its manual items waiting to be marked. A notebook that could
not be graded gets no submission there (a 0 would look like an honest zero); the kit's report
lists it as "not graded" with the reason.
"""

from __future__ import annotations

from pathlib import Path

from dsroles.workshop.course import COURSE_ID, gradebook_url


def record_scores(course: Path, record: dict) -> None:
    """Put one graded record's item scores into the gradebook (replacing an older submission)."""
    from nbgrader.api import Gradebook, MissingEntry
    from nbgrader.utils import parse_utc

    import warnings

    learner, assessment = record["learner"], record["assessment"]
    with Gradebook(gradebook_url(course), COURSE_ID) as gb, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nbgrader's add_submission trips SQLAlchemy's autoflush warnings
        try:
            gb.remove_submission(assessment, learner)
        except MissingEntry:
            pass
        if record["status"] != "graded":
            return
        stamp = record.get("timestamp")
        gb.add_submission(assessment, learner, **({"timestamp": parse_utc(stamp)} if stamp else {}))
        for item in record["items"]:
            try:
                grade = gb.find_grade(item["grade_id"], assessment, assessment, learner)
            except MissingEntry:
                continue  # an item the instructor's source no longer has
            if item["kind"] == "autograded" or item["points"] is not None:
                grade.auto_score = float(item["points"] or 0.0)
        gb.db.commit()


def manual_scores(course: Path) -> dict[tuple[str, str], dict[str, float | None]]:
    """{(learner, assessment): {grade_id: manual score or None}} for manual items marked so far."""
    from nbgrader.api import Gradebook

    out: dict = {}
    with Gradebook(gradebook_url(course), COURSE_ID) as gb:
        for assignment in gb.assignments:
            for submission in assignment.submissions:
                marks = out.setdefault((submission.student.id, assignment.name), {})
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        if grade.manual_score is not None:
                            marks[grade.name] = float(grade.manual_score)
    return out


def autograded_scores(course: Path) -> dict[tuple[str, str], float]:
    """{(learner, assessment): autograded score} as the gradebook holds it."""
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(gradebook_url(course), COURSE_ID) as gb:
        for assignment in gb.assignments:
            for submission in assignment.submissions:
                out[(submission.student.id, assignment.name)] = float(
                    sum(g.auto_score or 0.0 for nb in submission.notebooks for g in nb.grades))
    return out
