"""`dsroles workshop grade`: grade every collected submission with the kit's grader.

Only new or changed submissions are graded (by content hash; ``force`` grades all). The
notebooks run in parallel in the sandbox, which hides the whole course folder (sources,
gradebook, the other learners' files) from learner code; without a sandbox it refuses unless
``allow_unsandboxed``. Each result becomes a record (see records.py), nbgrader's autograded
notebook is filed under autograded/ and the scores go into the gradebook. nbgrader's own feedback
page is made later, by ``workshop feedback`` (feedback.py), from that notebook and the gradebook,
so it shows the marks given by hand too, and grading spends nothing on it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from dsroles.errors import UsageError
from dsroles.workshop import records
from dsroles.workshop.course import load_course_roster, private


@dataclass
class GradeReport:
    graded: list[dict] = field(default_factory=list)  # records written this run
    skipped: list[tuple[str, str]] = field(default_factory=list)  # unchanged since graded

    @property
    def not_graded(self) -> list[dict]:
        return [r for r in self.graded if r["status"] != "graded"]


def to_grade(course: Path, force: bool) -> tuple[list[tuple[str, str, Path, str]], list[tuple[str, str]]]:
    """(learner, assessment, notebook, hash) to grade, and (learner, assessment) left as they are."""
    todo, same = [], []
    for learner, assessment, notebook in records.submissions(course):
        digest = records.content_hash(notebook)
        old = records.read_record(course, learner, assessment)
        if not force and old is not None and old.get("sha256") == digest:
            same.append((learner, assessment))
        else:
            todo.append((learner, assessment, notebook, digest))
    return todo, same


def _file_autograded(course: Path, result: dict, learner: str, assessment: str) -> None:
    """File nbgrader's autograded notebook as autograded/<learner>/<assessment>/ (formgrader's
    and generate_feedback's input); a submission not graded leaves no stale one behind."""
    from dsroles.grading.worker import STUDENT

    target = Path(course) / "autograded" / learner / assessment
    shutil.rmtree(target, ignore_errors=True)
    job = result.pop("job_dir", None)
    graded = Path(job) / "autograded" / STUDENT / assessment if job else None
    if graded is not None and graded.is_dir() and result["status"] == "graded":
        shutil.copytree(graded, target)


def _timestamp(notebook: Path) -> str | None:
    stamp = notebook.parent / "timestamp.txt"
    return stamp.read_text().strip() if stamp.is_file() else None


def grade_course(course, *, force: bool = False, allow_unsandboxed: bool = False, workers: int | None = None,
                 timeout: int | None = None, executor=None, progress=None, seed: int | None = None) -> GradeReport:
    """Grade the course's new and changed submissions; write records and the gradebook."""
    from dsroles.grading.core import grade_notebooks
    from dsroles.grading.sandbox import SandboxUnavailable
    from dsroles.workshop.gradebook import record_scores

    course = Path(course)
    load_course_roster(course)  # a workshop course, or a clear error
    todo, same = to_grade(course, force)
    report = GradeReport(skipped=same)
    if not todo:
        return report
    scratch = private(course) / "scratch"
    try:
        results = grade_notebooks(
            [nb for _, _, nb, _ in todo], solutions_dir=course / "source", course_dir=private(course) / "grader",
            out_dir=scratch, workers=workers, timeout=timeout, keep_jobs=True, seed=seed,
            sandbox=None if allow_unsandboxed else True, hide=[course.resolve()], executor=executor,
            progress=progress, nbgrader_feedback=False)
    except SandboxUnavailable as exc:
        raise UsageError(f"{exc}; nothing was graded. Grade on Linux with user namespaces, or add "
                         "--allow-unsandboxed to run learners' code with resource limits only") from None
    try:
        for (learner, assessment, notebook, digest), result in zip(todo, results):
            record = dict(result, learner=learner, assessment=assessment, sha256=digest,
                          notebook=str(notebook.relative_to(course)), timestamp=_timestamp(notebook))
            _file_autograded(course, record, learner, assessment)
            record["feedback_html"] = None  # the kit's page is written by `workshop feedback`
            records.write_record(course, record)
            record_scores(course, record)
            report.graded.append(record)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.rmtree(private(course) / "grader" / "jobs", ignore_errors=True)
    return report
