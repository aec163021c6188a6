"""Does every lesson follow the course's format, and is every notebook stored clean?"""

from __future__ import annotations

import re
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


def test_the_ds_01_widget_labels_its_bars_and_groups_in_words():
    """Issue 9: the legend said "churned" on rate bars and tenure groups read "(0.099, 9.56]"."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd

    nb = nbformat.read(ROOT / "course" / "4_data_scientist" / "01_the_role.ipynb", 4)
    source = next(c.source for c in nb.cells if "def churn_by_group" in c.source)
    rng = np.random.default_rng(1)
    snaps = pd.DataFrame({"tenure_months": rng.uniform(0.1, 100, 500), "tickets_3m": rng.integers(0, 6, 500),
                          "churned": rng.integers(0, 2, 500)})
    space = {"snaps": snaps, "pd": pd, "plt": plt}
    exec(source.split("widgets.interact(")[0].replace("import ipywidgets as widgets", ""), space)
    for column, pattern in (("tenure_months", r"^\d[\d.]* to \d[\d.]*$"), ("tickets_3m", r"^(\d|4\+)$")):
        space["churn_by_group"](column)
        ax = plt.gca()
        labels = [t.get_text() for t in ax.get_xticklabels()]
        assert all(re.match(pattern, label) for label in labels), labels
        assert "churned" not in ax.get_legend_handles_labels()[1]
        plt.close("all")
