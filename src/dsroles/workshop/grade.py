"""`dsroles workshop grade`: grade every collected submission with the kit's grader.

Only new or changed submissions are graded (by content hash; ``force`` grades all). The
notebooks run in parallel in the sandbox, which hides the whole course folder (sources,
gradebook, the other learners' files) from learner code; without a sandbox it refuses unless
``allow_unsandboxed``. Each result becomes a record (see records.py), its feedback page is kept,
nbgrader's autograded notebook is filed under autograded/ and the scores go into the gradebook.
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


def _keep_files(course: Path, result: dict, learner: str, assessment: str) -> dict:
    """File the feedback page and nbgrader's autograded notebook; return the paths kept."""
    kept = {}
    html = result.get("feedback_html")
    if html and Path(html).is_file():
        target = private(course) / "feedback" / learner / f"{assessment}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        kept["feedback_html"] = str(shutil.copyfile(html, target))
    job = result.pop("job_dir", None)
    if job:
        from dsroles.grading.worker import STUDENT

        graded = Path(job) / "autograded" / STUDENT / assessment
        if graded.is_dir():
            target = Path(course) / "autograded" / learner / assessment
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(graded, target)
    return kept


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
            progress=progress)
    except SandboxUnavailable as exc:
        raise UsageError(f"{exc}; nothing was graded. Grade on Linux with user namespaces, or add "
                         "--allow-unsandboxed to run learners' code with resource limits only") from None
    try:
        for (learner, assessment, notebook, digest), result in zip(todo, results):
            record = dict(result, learner=learner, assessment=assessment, sha256=digest,
                          notebook=str(notebook.relative_to(course)), timestamp=_timestamp(notebook))
            record.update(_keep_files(course, record, learner, assessment) or {"feedback_html": None})
            records.write_record(course, record)
            record_scores(course, record)
            report.graded.append(record)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.rmtree(private(course) / "grader" / "jobs", ignore_errors=True)
    return report
