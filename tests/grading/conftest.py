"""The fixture assessment (files/solutions/demo_quiz) and helpers that build submissions from it.

Broken and hostile submissions are made here from the solution notebook, one small
edit each, rather than stored as near-copies.
"""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat
import pytest

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
    from dsroles.exercises import demo

    return float(demo.sample(LEARNER_SEED)["monthly_charge"].mean())


@pytest.fixture(scope="session")
def course():
    """The private course with the fixture built (under the test session's DSROLES_HOME)."""
    from dsroles.grading.course import prepare

    return prepare(SOLUTIONS, [ASSESSMENT])


@pytest.fixture(scope="session")
def blank(course):
    """The released (student) version nbgrader generated: every answer left blank."""
    from dsroles.grading.course import release_notebook

    return nbformat.read(release_notebook(course, ASSESSMENT), as_version=4)
