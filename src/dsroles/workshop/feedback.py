"""`dsroles workshop feedback`: a folder per learner, ready to hand back.

    DIR/feedback/<learner>/<assessment>/<assessment>.html   nbgrader's layout (release_feedback works)
    DIR/feedback/<learner>/profile.html, profile.json       the learner's profile

The feedback page is the kit's page in words (`dsroles.grading.feedback`: points, the check's
message, lessons to revisit, the mark scheme of hand-marked items), never nbgrader's own page,
which shows the hidden test cells. That one stays with the instructor: nbgrader's
generate_feedback makes it here, from the course's autograded/ notebook and gradebook (so the
marks given by hand in formgrader are on it), as
``DIR/.dsroles/feedback/<learner>/<assessment>/<assessment>.html``.

Each profile names the learner by roster name and id (``person``) and carries a ``learner``
entry (id, name, team), so a class graded on one machine is still one profile per learner.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from dsroles.workshop import records
from dsroles.workshop.course import COURSE_ID, gradebook_url, load_course_roster, private

INSTRUCTOR_PAGES = "feedback"  # in the course's private folder: nbgrader's pages, hidden tests shown


def learner_results(course: Path, learner: str) -> list[dict]:
    return [r for (who, _), r in sorted(records.all_records(course).items()) if who == learner]


def profile_for(learner, results: list[dict], framework=None, lessons: dict | None = None) -> dict:
    from dsroles.profile import build_profile

    # the instructor's machine holds no learner's self-check log (and its own must not leak in)
    profile = build_profile(results, log_path=os.devnull, framework=framework, person=learner.person,
                            lessons=lessons)
    profile["learner"] = {"id": learner.id, "name": learner.name, "team": learner.team}
    return profile


def _page(course: Path, folder: Path, result: dict, lessons: dict) -> None:
    from dsroles.grading.feedback import feedback_html, mark_schemes

    target = folder / result["assessment"] / f"{result['assessment']}.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(feedback_html(result, lessons=lessons, here=target.parent,
                                    schemes=mark_schemes(course / "source", result["assessment"])), encoding="utf-8")


def instructor_page(course: Path, learner: str, assessment: str) -> Path:
    return private(course) / INSTRUCTOR_PAGES / learner / assessment / f"{assessment}.html"


def write_instructor_page(course: Path, learner: str, assessment: str) -> str | None:
    """nbgrader generate_feedback for one graded submission, into the private folder; None when
    made, else what nbgrader said (the kit's page for the learner does not depend on it)."""
    from nbgrader.converters import GenerateFeedback

    from dsroles.grading.course import course_directory, nbgrader_run

    page = instructor_page(course, learner, assessment)
    page.unlink(missing_ok=True)  # never an old page, with the marks as they were
    coursedir = course_directory(course, assignment_id=assessment, student_id=learner, db_url=gradebook_url(course),
                                 feedback_directory=str(page.parents[2].relative_to(course)))
    coursedir.course_id = COURSE_ID
    app = GenerateFeedback(coursedir=coursedir)
    app.force = True  # marks given by hand change the gradebook, not the notebook
    outcome = nbgrader_run(app)
    if outcome["success"] and page.is_file():
        return None
    return ((outcome.get("log") or "") + (outcome.get("error") or ""))[-2000:] or "nbgrader made no page"


def write_feedback(course, *, framework=None, lessons: dict | None = None) -> dict[str, Path]:
    """Write every learner's folder; return {learner id: folder} for those with results.
    ``lessons``: {competency id: lessons} for the pages' "revisit" links (see `dsroles grade`)."""
    from dsroles.competencies import load_framework
    from dsroles.profile import write_profile_html

    course = Path(course)
    framework = framework or load_framework()
    written = {}
    for learner in load_course_roster(course):
        results = learner_results(course, learner.id)
        if not results:
            continue
        folder = course / "feedback" / learner.id
        folder.mkdir(parents=True, exist_ok=True)
        for result in results:
            if result["status"] == "graded":
                _page(course, folder, result, lessons or {})
                problem = write_instructor_page(course, learner.id, result["assessment"])
                if problem:
                    print(f"note: nbgrader's own page for {learner.id} / {result['assessment']} was not made "
                          f"(the learner's page was): {problem.strip().splitlines()[-1]}")
        profile = profile_for(learner, results, framework, lessons)
        (folder / "profile.json").write_text(json.dumps(profile, indent=1))
        write_profile_html(profile, folder / "profile.html", framework=framework)
        written[learner.id] = folder
    return written
