"""The reference chain, run once per test session under papermill, shared by the capstone tests.

Tests that swap in a stage start from a copy of this run (``chain.run(..., start=STAGE)``), so
only the swapped-in notebook runs: one kernel each.
"""

from __future__ import annotations

import shutil

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

SEED = 42


@pytest.fixture(scope="session")
def reference_run(tmp_path_factory):
    """``(result, report)`` of the reference chain at seed 42."""
    from dsroles.capstone import chain, report

    out = tmp_path_factory.mktemp("capstone") / "reference"
    result = chain.run(out, seed=SEED)
    return result, report.write(result)


@pytest.fixture
def copy_of_run(reference_run, tmp_path):
    """A fresh copy of the reference run folder, to rerun from a stage."""
    target = tmp_path / "run"
    shutil.copytree(reference_run[0].run_dir, target)
    return target


def stage_notebook(path, source: str, *, parameters: bool = True):
    """Write a notebook of one code cell (after a papermill parameters cell) to ``path``."""
    book = new_notebook()
    cells = []
    if parameters:
        params = new_code_cell('seed = 42\ninput_dir = "."\noutput_dir = "."')
        params.metadata["tags"] = ["parameters"]
        cells.append(params)
    cells.append(new_code_cell(source))
    book.cells = cells
    book.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python",
                                    "name": "python3"}}
    nbformat.write(book, path)
    return path
