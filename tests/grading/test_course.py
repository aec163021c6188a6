"""The private nbgrader course: built once, reused, rebuilt when the source changes."""

from __future__ import annotations

import json
import shutil

from dsroles.grading.course import KERNEL_NAME, list_assessments, prepare, release_notebook

from .helpers import ASSESSMENT, SOLUTIONS


def test_the_course_is_reused_until_the_source_changes(tmp_path):
    """Is generate_assignment skipped on a second run and redone after an edit to the source?"""
    solutions = tmp_path / "solutions"
    shutil.copytree(SOLUTIONS, solutions)
    course = tmp_path / "course"
    prepare(solutions, [ASSESSMENT], course)
    db = course / "gradebooks" / f"{ASSESSMENT}.db"
    built = db.stat().st_mtime_ns
    prepare(solutions, [ASSESSMENT], course)
    assert db.stat().st_mtime_ns == built
    source = solutions / ASSESSMENT / f"{ASSESSMENT}.ipynb"
    source.write_text(source.read_text().replace("# Demo quiz", "# Demo quiz, edited"))
    prepare(solutions, [ASSESSMENT], course)
    assert db.stat().st_mtime_ns != built
    assert "Demo quiz, edited" in release_notebook(course, ASSESSMENT).read_text()


def test_the_kernelspec_starts_the_limited_launcher(course):
    """Does the private kernelspec run dsroles.grading.kernel (not a bare ipykernel)?"""
    spec = json.loads((course / "jupyter" / "kernels" / KERNEL_NAME / "kernel.json").read_text())
    assert spec["argv"][1:3] == ["-m", "dsroles.grading.kernel"]
    assert spec["env"]["DSROLES_LOG"] == "off"


def test_assessments_are_folders_holding_their_own_notebook(tmp_path):
    """Are only <name>/<name>.ipynb folders listed as assessments?"""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "a.ipynb").write_text("{}")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "other.ipynb").write_text("{}")
    assert list_assessments(tmp_path) == ["a"]
    assert list_assessments(tmp_path / "missing") == []


def test_the_data_warm_up_runs_set_up_cells_that_read_generated_data_only(tmp_path):
    """Does the warm-up run the source's set-up cells with the run's seed when they import the
    data generators, and skip a set-up that needs no generated data (the fixture's)?"""
    from nbformat.v4 import new_code_cell, new_notebook

    from dsroles.grading.course import wait_for, warm_cache

    from .helpers import solution

    assert warm_cache(solution(), 5) is None
    marker = tmp_path / "seed.txt"
    setup = new_code_cell(f"import dsroles.churn\nopen({str(marker)!r}, 'w').write(str(seed))")
    answer = new_code_cell("x = 1", metadata={"nbgrader": {"solution": True, "grade": False, "grade_id": "a"}})
    process = warm_cache(new_notebook(cells=[setup, answer]), 1234)
    wait_for([process], 60)
    assert marker.read_text() == "1234"


def test_ctrl_c_inside_an_nbgrader_converter_is_not_taken_for_its_failure():
    """nbgrader's capture_log catches everything: a Ctrl-C while the grader's course is built
    used to come back as "the kit's assessment is broken". It must stay a Ctrl-C, while a real
    failure is still nbgrader's failed run."""
    import logging

    import pytest

    from dsroles.grading.course import nbgrader_run

    class Converter:
        log = logging.getLogger("dsroles-test-converter")

        def __init__(self, error):
            self.error = error

        def start(self):
            raise self.error

    with pytest.raises(KeyboardInterrupt):
        nbgrader_run(Converter(KeyboardInterrupt()))
    failed = nbgrader_run(Converter(ValueError("a bad cell")))
    assert failed["success"] is False and "a bad cell" in failed["error"]
