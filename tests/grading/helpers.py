"""Helpers for the grading tests: the fixture assessment (files/solutions/demo_quiz) and small
edits that build submissions from its solution notebook, one edit each, rather than stored
near-copies."""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat

FILES = Path(__file__).parent / "files"
SOLUTIONS = FILES / "solutions"
ASSESSMENTS = FILES / "assessments"
WRONG_ANSWERS = FILES / "wrong_answers"
FRAMEWORK = FILES / "framework.toml"
ASSESSMENT = "demo_quiz"
SOLUTION = SOLUTIONS / ASSESSMENT / f"{ASSESSMENT}.ipynb"
LEARNER_SEED = 7  # what the parameters cell of the fixture sets


def solution():
    return nbformat.read(SOLUTION, as_version=4)


def cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def answer(nb, grade_id: str, code: str):
    """The notebook with the answer cell `grade_id` holding `code`."""
    cell(nb, grade_id).source = code
    return nb


def drop(nb, grade_id: str):
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != grade_id]
    return nb


def duplicate(nb, grade_id: str):
    index = nb.cells.index(cell(nb, grade_id))
    twin = copy.deepcopy(nb.cells[index])
    twin["id"] = twin["id"] + "-copy"
    nb.cells.insert(index + 1, twin)
    return nb


def write(folder: Path, case: str, content) -> Path:
    """Save a submission as <folder>/<case>/demo_quiz.ipynb (a notebook node or raw text)."""
    path = folder / case / f"{ASSESSMENT}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content)
    else:
        nbformat.write(content, str(path))
    return path


def learner_mean() -> float:
    """The right mean for the learner's own seed: typing it in is the hard-coded answer."""
    from dsroles.tracks.start import welcome as demo

    return float(demo.sample(LEARNER_SEED)["monthly_charge"].mean())



def running(word: str, mark: str | None = None) -> list[int]:
    """pids of processes whose command line holds `word` and that belong to this test
    session (same DSROLES_HOME), so that grading runs elsewhere on the machine do not count.
    With `mark` ("NAME=value"), only those whose environment holds it: one command's own
    processes, apart from those of the session's other tests."""
    import os

    mine = (mark or f"DSROLES_HOME={os.environ.get('DSROLES_HOME', '')}").encode()
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if word in (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode() and \
                        mine in (proc / "environ").read_bytes().split(b"\0"):
                    found.append(int(proc.name))
            except OSError:
                continue
    return found


def environment(pid: int) -> dict[str, str]:
    """A process's environment (empty if it has ended)."""
    try:
        pairs = (Path(f"/proc/{pid}/environ").read_bytes().decode(errors="replace").split("\0"))
    except OSError:
        return {}
    return dict(p.split("=", 1) for p in pairs if "=" in p)


IGNORES_INTERRUPT = """import time
while True:
    try:
        time.sleep(0.05)
    except KeyboardInterrupt:
        pass"""
