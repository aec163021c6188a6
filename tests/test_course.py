"""Does every lesson follow the course's format, and is every notebook stored clean?"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "course").glob("*/*.ipynb"))
ALL_NOTEBOOKS = LESSONS + sorted((ROOT / "solutions").glob("*/*.ipynb")) + sorted(
    (ROOT / "assessments").glob("*/*.ipynb"))


def test_there_are_lessons():
    assert len(LESSONS) >= 4


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_lesson_opens_with_objectives_and_time_and_ends_with_key_points(path):
    markdown = [c.source for c in nbformat.read(path, 4).cells if c.cell_type == "markdown"]
    assert "**Time:**" in markdown[0], "the first cell states the expected time"
    assert "able to" in markdown[0], "the first cell lists what the learner will be able to do"
    assert "## Key points" in markdown[-1], "the last text cell holds the key points"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_notebook_is_stored_clean(path):
    """No outputs or execution counts: diffs read like code and no stale answer is shipped."""
    nb = nbformat.read(path, 4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, cell.source[:60]
