"""The private nbgrader course behind `dsroles grade`, created once and reused.

Layout (under ``$DSROLES_HOME/grading/course``)::

    jupyter/kernels/dsroles-grading/kernel.json   the limited kernel (see kernel.py)
    source/<assessment>/                          copy of solutions/<assessment>/
    release/<assessment>/                         nbgrader generate_assignment output
    gradebooks/<assessment>.db                    gradebook holding that assessment
    state/<assessment>.json                       fingerprint of the source it was built from
    .lock                                         one process prepares at a time

An assessment is rebuilt only when its source files change. Each grading job
copies the assessment's gradebook, so several notebooks can be graded at once
without two processes writing one SQLite file.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

KERNEL_NAME = "dsroles-grading"
COURSE_ID = "dsroles"
FORMAT_VERSION = 1  # bump when the layout or the way sources are built changes


def default_course_dir() -> Path:
    from dsroles.paths import grading_course

    return grading_course()


def fingerprint(folder: Path) -> str:
    digest = hashlib.sha256(f"v{FORMAT_VERSION}".encode())
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if ".ipynb_checkpoints" in path.parts or "__pycache__" in path.parts:
            continue
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@contextlib.contextmanager
def locked(course: Path):
    course.mkdir(parents=True, exist_ok=True)
    with open(course / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_kernelspec(course: Path) -> Path:
    folder = course / "jupyter" / "kernels" / KERNEL_NAME
    folder.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "dsroles.grading.kernel", "-f", "{connection_file}"],
        "display_name": "Python 3 (dsroles grading, limited)",
        "language": "python",
        "interrupt_mode": "message",  # over the control channel: a signal cannot reach a sandboxed kernel
        "env": {
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "MALLOC_ARENA_MAX": "2", "PYDEVD_DISABLE_FILE_VALIDATION": "1", "DSROLES_LOG": "off",
        },
    }
    path = folder / "kernel.json"
    text = json.dumps(spec, indent=1)
    if not path.exists() or path.read_text() != text:
        path.write_text(text)
    return path


def course_directory(root: Path, **traits):
    from nbgrader.coursedir import CourseDirectory

    return CourseDirectory(root=str(root), course_id=COURSE_ID, **traits)


def nbgrader_run(app) -> dict:
    """Start an nbgrader converter, capturing its log; return nbgrader's success dict.

    nbgrader's ``capture_log`` catches everything, Ctrl-C included, and reports it as a failed
    run: a Ctrl-C is raised again here, or it would be taken for a broken assessment."""
    from nbgrader.utils import capture_log

    start, interrupted = app.start, []

    def start_noting_ctrl_c():
        try:
            return start()
        except KeyboardInterrupt:
            interrupted.append(True)
            raise

    app.start = start_noting_ctrl_c
    outcome = capture_log(app)
    if interrupted:
        raise KeyboardInterrupt
    return outcome


@contextlib.contextmanager
def venv_on_path():
    old = os.environ.get("PATH", "")
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), old])
    try:
        yield
    finally:
        os.environ["PATH"] = old


def build_assessment(course: Path, solutions: Path, assessment: str) -> None:
    """Copy the source in and run nbgrader generate_assignment into a fresh gradebook."""
    from nbgrader.converters import GenerateAssignment

    source = course / "source" / assessment
    if source.exists():
        shutil.rmtree(source)
    shutil.copytree(solutions / assessment, source,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    db = course / "gradebooks" / f"{assessment}.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    db.unlink(missing_ok=True)
    coursedir = course_directory(course, assignment_id=assessment, db_url=f"sqlite:///{db}")
    app = GenerateAssignment(coursedir=coursedir)
    app.force = True
    app.create_assignment = True
    with venv_on_path():  # a new gradebook runs the `alembic` command of this environment
        outcome = nbgrader_run(app)
    if not outcome["success"]:
        raise RuntimeError(
            f"nbgrader generate_assignment failed for solutions/{assessment}; the source notebook "
            f"needs fixing:\n{outcome.get('log', '')}\n{outcome.get('error', '')}"
        )


def prepare(solutions: Path, assessments: list[str], course: Path | None = None) -> Path:
    """Make sure the private course holds an up-to-date build of each assessment; return it."""
    course = Path(course or default_course_dir())
    with locked(course):
        write_kernelspec(course)
        for assessment in sorted(set(assessments)):
            stamp = course / "state" / f"{assessment}.json"
            want = fingerprint(solutions / assessment)
            db = course / "gradebooks" / f"{assessment}.db"
            if stamp.exists() and db.exists() and json.loads(stamp.read_text()).get("fingerprint") == want:
                continue
            build_assessment(course, solutions, assessment)
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.write_text(json.dumps({"fingerprint": want, "solutions": str(solutions)}))
    return course


CACHE_WRITERS = ("dsroles.churn", "exam_data")  # what a set-up cell imports to read generated data


def warm_cache(source, seed: int):
    """Start running the source notebook's set-up cells (the kit's own code) for `seed`,
    unsandboxed, so the data they generate lands in the shared cache once; sandboxed kernels only
    read it (their own writes go to an overlay of their job). Returns the process (None: nothing
    to run); wait for it before the kernels start. Best effort: a failure here is met again, and
    reported, when the notebook itself runs."""
    import subprocess

    from dsroles.grading.cells import code_cells, first_answer
    from dsroles.grading.notebook import has_tag

    cells = code_cells(source)
    setup = [c.source for c in cells[:first_answer(cells)]
             if not c.is_test and not has_tag(source.cells[c.index], "parameters")
             and not c.source.lstrip().startswith(("%", "!"))]
    if not any(module in cell for cell in setup for module in CACHE_WRITERS):
        return None  # the set-up reads no generated data: nothing to warm
    code = f"seed = {int(seed)}\n" + "\n".join(setup)
    env = dict(os.environ, DSROLES_LOG="off", MPLBACKEND="Agg")
    try:
        return subprocess.Popen([sys.executable, "-c", code], env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        return None


def wait_for(processes, timeout: float) -> None:
    """Wait for the warm-up processes (killing any still running after `timeout` seconds in all)."""
    import subprocess
    import time

    end = time.monotonic() + timeout
    for process in processes:
        try:
            process.wait(timeout=max(0.1, end - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def list_assessments(solutions: Path) -> list[str]:
    """Assessments in a solutions folder: sub-folders holding <name>/<name>.ipynb."""
    solutions = Path(solutions)
    if not solutions.is_dir():
        return []
    return sorted(d.name for d in solutions.iterdir() if (d / f"{d.name}.ipynb").is_file())


def release_notebook(course: Path, assessment: str) -> Path:
    """The student version nbgrader generated for `assessment` (after `prepare`)."""
    return Path(course) / "release" / assessment / f"{assessment}.ipynb"
