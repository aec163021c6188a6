"""One grading job, run in its own process: nbgrader autograde + generate_feedback.

The batch (`dsroles.grading.batch`) forks a process per job and kills it (and its
kernel) if it outlives its deadline. A job folder is a throwaway nbgrader course
root::

    job.json                      what to grade (written by the batch)
    source -> <course>/source     the reused sources
    gradebook.db                  copy of the assessment's gradebook
    submitted/learner/<a>/<a>.ipynb
    autograded/..., feedback/...  written by nbgrader
    progress.json                 the cell being executed (for "kernel died in cell 7")
    kernels/<pid>.json            written by the kernel launcher (pid, cgroup)
    outcome.json                  written here at the end
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

STUDENT = "learner"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def plain(text: str) -> str:
    return ANSI.sub("", text or "").strip()


def preload() -> None:
    """Import nbgrader and friends once in the parent, so forked workers start warm."""
    import nbconvert.exporters  # noqa: F401
    import nbgrader.converters  # noqa: F401
    import nbgrader.preprocessors  # noqa: F401


def _execute_class(job_dir: Path):
    from nbgrader.preprocessors import Execute

    class TrackedExecute(Execute):
        """nbgrader's Execute that notes each cell it starts in progress.json."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.on_cell_execute = self._note

        def _note(self, cell, cell_index, **_):
            first = next((ln for ln in cell.source.splitlines() if ln.strip()), "")
            gid = cell.metadata.get("nbgrader", {}).get("grade_id")
            (job_dir / "progress.json").write_text(
                json.dumps({"index": cell_index, "grade_id": gid, "first_line": first[:80]})
            )

    return TrackedExecute


def _config(job: dict, job_dir: Path):
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.preprocessors import (
        AssignLatePenalties, CheckCellMetadata, IgnorePattern, LimitOutput, SaveAutoGrades,
    )
    from traitlets.config import Config

    from dsroles.grading.course import KERNEL_NAME

    cfg = Config()
    cfg.Autograde.autograde_preprocessors = [
        _execute_class(job_dir), IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
        SaveAutoGrades, AssignLatePenalties, CheckCellMetadata,
    ]
    cfg.Execute.timeout = job["limits"]["cell_timeout"]
    cfg.Execute.kernel_name = KERNEL_NAME
    cfg.Execute.interrupt_on_timeout = True
    cfg.Execute.raise_on_iopub_timeout = True
    cfg.Execute.iopub_timeout = 4
    cfg.Execute.shutdown_kernel = "immediate"
    cfg.LimitOutput.max_lines = 200
    cfg.HTMLExporter.template_name = "feedback"
    return cfg


def run_job(job_dir: str) -> None:
    """Grade the one submission described by ``job_dir/job.json``; write outcome.json."""
    job_dir = Path(job_dir)
    job = json.loads((job_dir / "job.json").read_text())
    with open(job_dir / "worker.log", "w") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
    os.environ.update({
        "JUPYTER_PATH": str(Path(job["course"]) / "jupyter"),
        "DSROLES_GRADING_LIMITS": json.dumps(job["limits"]),
        "DSROLES_GRADING_JOB": str(job_dir),
        "DSROLES_LOG": "off",
    })
    outcome = grade_job(job, job_dir)
    (job_dir / "outcome.json").write_text(json.dumps(outcome))


def grade_job(job: dict, job_dir: Path) -> dict:
    from nbgrader.converters import Autograde, GenerateFeedback

    from dsroles.grading.course import course_directory, nbgrader_run

    assessment = job["assessment"]
    coursedir = course_directory(
        job_dir, assignment_id=assessment, student_id=STUDENT,
        db_url=f"sqlite:///{job_dir / 'gradebook.db'}",
    )
    cfg = _config(job, job_dir)
    app = Autograde(coursedir=coursedir, config=cfg)
    app.force = True
    app.create_student = True
    graded = nbgrader_run(app)
    text = (graded.get("log") or "") + "\n" + (graded.get("error") or "")
    autograded = job_dir / "autograded" / STUDENT / assessment / f"{assessment}.ipynb"
    if not graded["success"] or not autograded.exists():
        return {"ok": False, "failure": classify_failure(text), "log": text[-4000:]}
    feedback = nbgrader_run(GenerateFeedback(coursedir=coursedir, config=cfg))
    html = job_dir / "feedback" / STUDENT / assessment / f"{assessment}.html"
    return {
        "ok": True,
        "items": read_items(autograded, job["limits"]),
        "feedback_html": str(html) if feedback["success"] and html.exists() else None,
        "log": "" if feedback["success"] else (feedback.get("log") or "")[-2000:],
    }


def classify_failure(log: str) -> str:
    """Name why nbgrader could not finish, from its log."""
    if "Timeout waiting for IOPub output" in log:
        return "unresponsive"
    if "DeadKernelError" in log or "Kernel died" in log:
        return "kernel_died"
    if "failed to validate" in log:
        return "metadata"
    return "nbgrader"


# ---------------------------------------------------------------- reading results


NOT_ANSWERED = "not answered yet (it still raises NotImplementedError)"


def error_text(output, limits: dict) -> str:
    ename, evalue = output.get("ename", ""), plain(output.get("evalue", ""))
    if ename in ("CellTimeoutError", "KeyboardInterrupt"):  # nbclient interrupts at the timeout
        return f"it ran longer than the {limits['cell_timeout']} s limit per cell and was stopped (an endless loop?)"
    if ename == "MemoryError":
        return f"it ran out of memory (the limit is {limits['memory_mb']} MB)"
    if ename == "NotImplementedError":
        return NOT_ANSWERED
    if ename == "NameError":
        return f"{evalue} (the answer above did not define it: did its cell fail, or was it renamed?)"
    if ename == "AssertionError":
        return evalue or "a test assertion failed (the test gave no message)"
    return f"{ename}: {evalue}" if evalue else ename


def cell_problem(cell, limits: dict) -> str | None:
    """The first error a cell showed (a timeout first: its KeyboardInterrupt comes before it)."""
    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    errors.sort(key=lambda o: o.get("ename") != "CellTimeoutError")
    return error_text(errors[0], limits) if errors else None


def test_message(cell, points, max_points, limits: dict) -> str | None:
    problem = cell_problem(cell, limits)
    if problem:
        return problem
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream" and output.get("name") == "stderr":
            first = next((ln for ln in plain(output.get("text", "")).splitlines() if ln.strip()), "")
            return f"the test wrote to stderr, which nbgrader scores as a failure: {first}"
    if points is not None and points < max_points:
        said = [plain(o.get("text", "")) for o in cell.get("outputs", [])
                if o.get("output_type") == "stream" and o.get("name") == "stdout"]
        detail = " ".join(s for s in said if s)
        earned = f"earned {points:g} of {max_points:g} points"
        return f"{earned}: {detail}" if detail else earned
    return None


def read_items(path: Path, limits: dict) -> list[dict]:
    """Per graded cell: points (nbgrader's determine_grade) and what failed, in words."""
    import nbformat
    from nbgrader.utils import determine_grade

    from dsroles.grading import notebook as nbk

    nb = nbformat.read(str(path), as_version=4)
    items, before = [], []  # `before`: problems in the cells since the last graded cell
    unanswered = []  # answer cells still holding their placeholder, anywhere above
    for index, cell in enumerate(nb.cells):
        if not nbk.is_grade(cell):
            if cell.cell_type == "code" and not nbk.has_tag(cell, nbk.GUARD_TAG):
                problem = cell_problem(cell, limits)
                if problem:
                    name = nbk.grade_id(cell) or f"cell {index + 1}"
                    verb = "is" if problem == NOT_ANSWERED else "failed:"
                    before.append(f"your cell {name!r} {verb} {problem}")
                    if problem == NOT_ANSWERED:
                        unanswered.append(name)
            continue
        points, max_points = determine_grade(cell)
        kind = "manual" if nbk.is_manual(cell) else "autograded"
        if kind == "manual":
            blank = points == 0
            message = "no answer written" if blank else None
            items.append(item(cell, 0.0 if blank else None, max_points, kind, False if blank else None, message))
        else:
            message = test_message(cell, points, max_points, limits)
            if message and before:
                only_blank = all(NOT_ANSWERED in b for b in before)
                message = "; ".join(before) + ("" if only_blank else "; then the test said: " + message)
            elif message and unanswered and " is not defined (" in message:
                message = (message.split(" (", 1)[0] + f": not answered yet (the answer cell "
                           f"{unanswered[-1]!r} above still raises NotImplementedError)")
            items.append(item(cell, float(points), max_points, kind, points >= max_points, message))
        before = []
    return items


def item(cell, points, max_points, kind, passed, message) -> dict:
    from dsroles.grading import notebook as nbk

    return {"grade_id": nbk.grade_id(cell), "points": points, "max_points": float(max_points),
            "kind": kind, "passed": passed, "message": message}


if __name__ == "__main__":
    run_job(sys.argv[1])
