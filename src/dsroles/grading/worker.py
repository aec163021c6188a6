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


def _config(job: dict, job_dir: Path, execute):
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.preprocessors import (
        AssignLatePenalties, CheckCellMetadata, IgnorePattern, LimitOutput, SaveAutoGrades,
    )
    from traitlets.config import Config

    from dsroles.grading.course import KERNEL_NAME

    cfg = Config()
    cfg.Autograde.autograde_preprocessors = [
        execute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
        SaveAutoGrades, AssignLatePenalties, CheckCellMetadata,
    ]
    cfg.Execute.timeout = job["limits"]["cell_timeout"]
    cfg.Execute.kernel_name = KERNEL_NAME
    cfg.Execute.interrupt_on_timeout = True
    cfg.Execute.raise_on_iopub_timeout = True
    cfg.Execute.iopub_timeout = 4
    cfg.Execute.shutdown_kernel = "immediate"
    cfg.LimitOutput.max_lines = 200
    cfg.LimitOutput.max_traceback = 40
    cfg.HTMLExporter.template_name = "feedback"
    return cfg


def limit_memory(mb: int | None) -> None:
    """A soft address-space limit on this worker: `mb`, or 1 GB more than it already maps when a
    big parent made that larger (the kernel it starts sets its own limit)."""
    import resource

    if mb:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        try:
            mapped = int(Path("/proc/self/statm").read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            mapped = 0
        value = max(mb * 1024**2, mapped + 1024**3)
        try:
            resource.setrlimit(resource.RLIMIT_AS, (value if hard == resource.RLIM_INFINITY else min(value, hard), hard))
        except (ValueError, OSError):
            pass


def run_job(job_dir: str) -> None:
    """Grade the one submission described by ``job_dir/job.json``; write outcome.json."""
    job_dir = Path(job_dir)
    job = json.loads((job_dir / "job.json").read_text())
    with open(job_dir / "worker.log", "w") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
    limit_memory(job.get("worker_memory_mb"))
    os.environ.update({
        "JUPYTER_RUNTIME_DIR": job["sockets"],
        "JUPYTER_PATH": str(Path(job["course"]) / "jupyter"),
        "DSROLES_GRADING_LIMITS": json.dumps(job["limits"]),
        "DSROLES_GRADING_JOB": str(job_dir),
        "DSROLES_LOG": "off",
    })
    outcome = grade_job(job, job_dir)
    (job_dir / "outcome.json").write_text(json.dumps(outcome))


def grade_job(job: dict, job_dir: Path) -> dict:
    import secrets

    from nbgrader.converters import Autograde, GenerateFeedback

    from dsroles.grading import execute
    from dsroles.grading.course import course_directory, nbgrader_run

    assessment = job["assessment"]
    coursedir = course_directory(
        job_dir, assignment_id=assessment, student_id=STUDENT,
        db_url=f"sqlite:///{job_dir / 'gradebook.db'}",
    )
    key = secrets.token_bytes(32)
    key_file = Path(job["sockets"]) / "guard.key"
    key_file.write_bytes(key)
    verdicts: dict = {}
    caps = execute.Caps(cell_bytes=job["limits"]["output_kb"] * 1024)
    execute_class = execute.execute_class(job_dir, key, caps, verdicts, Path(job["sockets"]), bool(job.get("sandbox")))
    cfg = _config(job, job_dir, execute_class)
    app = Autograde(coursedir=coursedir, config=cfg)
    app.force = True
    app.create_student = True
    graded = nbgrader_run(app)
    key_file.unlink(missing_ok=True)
    text = (graded.get("log") or "") + "\n" + (graded.get("error") or "")
    autograded = job_dir / "autograded" / STUDENT / assessment / f"{assessment}.ipynb"
    if not graded["success"] or not autograded.exists():
        return {"ok": False, "failure": classify_failure(text), "log": text[-4000:],
                "elapsed": _elapsed(job_dir), "memory_mb": job.get("worker_memory_mb"),
                "kernel_exit": verdicts.get("kernel_exit")}
    problem = execute.guard_problem(verdicts)
    if problem:
        return {"ok": False, "failure": "tampered", "log": problem}
    items = read_items(autograded, job["limits"])
    flag_answer_key(items, verdicts)
    if not job.get("nbgrader_feedback", True):
        return {"ok": True, "items": items, "feedback_html": None, "log": ""}
    feedback = nbgrader_run(GenerateFeedback(coursedir=coursedir, config=cfg))
    html = job_dir / "feedback" / STUDENT / assessment / f"{assessment}.html"
    note = "" if feedback["success"] else (feedback.get("log") or "")[-2000:]
    if html.exists() and html.stat().st_size > job.get("feedback_mb", 5) * 1024**2:
        note = f"the feedback page was {html.stat().st_size / 1024**2:.1f} MB, over the {job.get('feedback_mb', 5)} MB limit: left out"
        html.unlink()
    return {
        "ok": True,
        "items": items,
        "feedback_html": str(html) if feedback["success"] and html.exists() else None,
        "log": note,
    }


def _elapsed(job_dir: Path) -> float | None:
    """Seconds since the cell being run started (None if unknown)."""
    import time

    try:
        return time.time() - json.loads((job_dir / "progress.json").read_text())["started"] - 4  # - iopub wait
    except (OSError, ValueError, KeyError):
        return None


def flag_answer_key(items: list[dict], verdicts: dict) -> None:
    """Items whose test depends on a cell that used the answer key score 0, flagged."""
    from dsroles.grading.cells import code_cells, needed
    from dsroles.grading.execute import answer_key_uses

    uses = answer_key_uses(verdicts)
    if not uses:
        return
    cells = code_cells(verdicts["executed"])
    hits: dict[str, list[str]] = {}
    for position, cell in enumerate(cells):
        if not cell.is_test:
            continue
        start = max((p for p in range(position) if cells[p].is_test), default=-1) + 1
        above = set(range(start, position))  # the cells since the previous test, names read or not
        for p in sorted(set(needed(cells, position)) | above):
            for what in uses.get(cells[p].index, []):
                hits.setdefault(cell.grade_id, []).append(what)
    for item in items:
        used = hits.get(item["grade_id"])
        if used and item["kind"] == "autograded":
            item.update(points=0.0, passed=False, answer_key_used=True,
                        message="scored 0: an answer cell used the answer key (" + ", ".join(dict.fromkeys(used)) + ")")


def classify_failure(log: str) -> str:
    """Name why nbgrader could not finish, from its log."""
    if "Timeout waiting for IOPub output" in log:
        return "unresponsive"
    if "DeadKernelError" in log or "Kernel died" in log:
        return "kernel_died"
    if "failed to validate" in log:
        return "metadata"
    if "MemoryError" in log:
        return "worker_memory"
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
            "kind": kind, "passed": passed, "message": message, "answer_key_used": False}


if __name__ == "__main__":
    run_job(sys.argv[1])
