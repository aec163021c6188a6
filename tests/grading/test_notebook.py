"""Reading submissions, checking their nbgrader cells, and swapping in the grading seed."""

from __future__ import annotations

import json

import pytest

from dsroles.grading import notebook as nbk

from .helpers import answer, cell, drop, duplicate, solution


@pytest.mark.parametrize("text, words", [
    ("", ["is empty", "save it"]),
    ('{"cells": [', ["not valid JSON", "line 1", "checkpoint"]),
    ('{"a": 1}', ["not a Jupyter notebook"]),
    ('{"cells": "nope", "nbformat": 4, "nbformat_minor": 5, "metadata": {}}', ["not a valid notebook"]),
])
def test_a_broken_file_gets_a_reason(tmp_path, text, words):
    """Does each kind of unreadable file name what is wrong and what to do?"""
    path = tmp_path / "demo_quiz.ipynb"
    path.write_text(text)
    with pytest.raises(nbk.NotGraded) as caught:
        nbk.read_notebook(path)
    for word in words:
        assert word in str(caught.value)


def test_a_huge_file_is_not_read(tmp_path, monkeypatch):
    """Is a notebook over the size limit refused with how to shrink it, without reading it?"""
    path = tmp_path / "demo_quiz.ipynb"
    path.write_text("{}" + " " * 2 * 1024**2)
    monkeypatch.setattr(nbk, "MAX_NOTEBOOK_MB", 1)
    with pytest.raises(nbk.NotGraded, match="is over 1 MB .*Clear Outputs of All Cells"):
        nbk.read_notebook(path)


def test_at_most_the_limit_and_one_byte_is_read(tmp_path):
    """Does reading stop one byte past the limit, however big the file?"""
    path = tmp_path / "big.ipynb"
    path.write_bytes(b"x" * 5000)
    assert len(nbk.read_bytes(path, 1000)) == 1001


def _fifo(path):
    import os

    os.mkfifo(path)


def _link_to(target):
    return lambda path: path.symlink_to(target)


@pytest.mark.parametrize("make, kind", [
    (_fifo, "a FIFO"),
    (_link_to("/dev/zero"), "a device"),
    (lambda path: path.mkdir(), "a directory"),
    (lambda path: (path.parent / "d").mkdir() or path.symlink_to(path.parent / "d"), "a directory"),
])
def test_only_regular_files_are_read(tmp_path, make, kind):
    """Is a FIFO, a device, a directory or a symlink to one refused at once as not a regular file?"""
    path = tmp_path / "demo_quiz.ipynb"
    make(path)
    with pytest.raises(nbk.NotGraded, match=f"not a regular file \\(it is {kind}"):
        nbk.read_notebook(path)


def test_a_symlink_to_a_regular_notebook_is_read(tmp_path):
    """Is a symlink to a saved notebook read like the notebook itself?"""
    import nbformat

    real = tmp_path / "real.ipynb"
    nbformat.write(solution(), str(real))
    (tmp_path / "demo_quiz.ipynb").symlink_to(real)
    assert len(nbk.read_notebook(tmp_path / "demo_quiz.ipynb").cells) == len(solution().cells)


def test_cells_over_the_source_limit_are_refused(monkeypatch):
    """Is a notebook whose cells hold more text than the limit refused (it bounds the feedback page)?"""
    monkeypatch.setattr(nbk, "MAX_SOURCE_MB", 0.001)
    with pytest.raises(nbk.NotGraded, match="MB of code and text"):
        nbk.check_size(solution(), "demo_quiz.ipynb")


def test_a_missing_file_is_named(tmp_path):
    """Is a path that does not exist reported with the path?"""
    with pytest.raises(nbk.NotGraded, match="does not exist"):
        nbk.read_notebook(tmp_path / "gone.ipynb")


@pytest.mark.parametrize("edit, words", [
    (lambda nb: drop(nb, "test_clean"), ["'test_clean'", "deleted"]),
    (lambda nb: drop(nb, "explain_answer"), ["'explain_answer'", "deleted"]),
    (lambda nb: duplicate(nb, "mean_answer"), ["'mean_answer'", "more than once"]),
])
def test_missing_or_duplicated_cells_are_refused(edit, words):
    """Are deleted graded cells and duplicated nbgrader ids caught before nbgrader runs?"""
    with pytest.raises(nbk.NotGraded) as caught:
        nbk.check_structure(edit(solution()), solution(), "demo_quiz.ipynb")
    for word in words:
        assert word in str(caught.value)


def test_a_deleted_answer_cell_is_not_refused():
    """Is a deleted (ungraded) answer cell left to fail its test rather than refused?"""
    nbk.check_structure(drop(solution(), "mean_answer"), solution(), "demo_quiz.ipynb")


def test_metadata_comes_back_from_the_source():
    """Can a submission not turn an answer cell into a graded one worth 100 points?"""
    nb = solution()
    cell(nb, "mean_answer").metadata["nbgrader"].update(grade=True, points=100)
    cell(nb, "setup").metadata["nbgrader"] = {"grade": True, "grade_id": "bogus", "points": 5, "solution": False}
    nbk.restore_metadata(nb, solution())
    assert cell(nb, "mean_answer").metadata["nbgrader"] == cell(solution(), "mean_answer").metadata["nbgrader"]
    assert "bogus" not in nbk.graded_ids(nb)


def test_the_grading_seed_is_injected_and_set_again_before_each_test():
    """Is there a papermill injected-parameters cell after `parameters`, and the seed again before tests?"""
    nb = nbk.inject_seed(solution(), solution(), 1234, "demo_quiz.ipynb")
    params = next(i for i, c in enumerate(nb.cells) if nbk.has_tag(c, "parameters"))
    injected = nb.cells[params + 1]
    assert nbk.has_tag(injected, "injected-parameters") and "seed = 1234" in injected.source
    assert nbk.grade_id(injected) is None  # a new cell: nbgrader keeps it (it restores locked cells only)
    for index, c in enumerate(nb.cells):
        if nbk.is_test(c):
            guard = nb.cells[index - 1]
            assert nbk.has_tag(guard, nbk.GUARD_TAG) and "seed = 1234" in guard.source
    assert json.loads(json.dumps(nb))  # still a plain notebook


def test_a_missing_parameters_cell_is_refused():
    """Without its parameters cell, is the notebook refused rather than run with the learner's seed?"""
    nb = solution()
    nb.cells = [c for c in nb.cells if not nbk.has_tag(c, "parameters")]
    with pytest.raises(nbk.NotGraded, match="'parameters' cell"):
        nbk.inject_seed(nb, solution(), 5, "demo_quiz.ipynb")


def test_a_source_without_parameters_cell_blames_the_kit():
    """If the source itself has no parameters cell, does the reason say the kit is at fault?"""
    source = solution()
    cell(source, "parameters").metadata["tags"] = []
    with pytest.raises(nbk.NotGraded, match="fault in the kit"):
        nbk.inject_seed(solution(), source, 5, "demo_quiz.ipynb")


def test_the_parameters_cell_is_found_by_id_when_its_tag_was_removed():
    """Is the parameters cell found by its grade_id if the learner removed the tag?"""
    nb = solution()
    cell(nb, "parameters").metadata["tags"] = []
    assert nbk.parameters_index(nb, solution()) == nb.cells.index(cell(nb, "parameters"))


def test_the_learner_seed_is_read():
    """Is the seed the parameters cell sets read as a number?"""
    assert nbk.source_seed(solution()) == 7
    assert nbk.source_seed(answer(solution(), "parameters", "seed = int('3')")) is None
