"""Replaying an assessment in-process at several seeds (dsroles.grading.replay): the same
points as nbgrader, only the cells each case needs, and a mistake caught seed by seed."""

from __future__ import annotations

import pytest

from dsroles.grading.bank import independent_groups, load_bank
from dsroles.grading.notebook import read_notebook
from dsroles.grading.replay import replay

from .helpers import ASSESSMENT, SOLUTION, WRONG_ANSWERS

SEED = 13


@pytest.fixture(scope="module")
def source():
    return read_notebook(SOLUTION)


@pytest.fixture(scope="module")
def bank(source):
    return load_bank(WRONG_ANSWERS / ASSESSMENT, ASSESSMENT, source)


def test_the_solution_keeps_full_marks_and_each_mistake_loses_on_its_items(source, bank):
    """Does the fixture's solution get every point, and each banked mistake lose on what it names?"""
    result = replay(source, SEED, bank)
    assert result.problems == {}
    assert result.solution == result.max_points
    for entry in bank:
        lost = [t for t in entry.loses if result.wrong[entry.name][t] < result.max_points[t]]
        assert lost == list(entry.loses), entry.name


def test_a_broken_set_up_is_reported_not_scored(source, bank):
    """Is a set-up cell that fails reported as a problem, with no points claimed for anything?"""
    import copy

    broken = copy.deepcopy(source)
    broken.cells[next(i for i, c in enumerate(broken.cells) if c.cell_type == "code"
                      and "parameters" not in c.metadata.get("tags", []))].source = "1 / 0"
    result = replay(broken, SEED, bank)
    assert "ZeroDivisionError" in result.problems["set-up"]
    assert result.solution == {} and result.wrong == {}


@pytest.mark.slow
def test_replay_gives_nbgrader_s_points(source, bank, tmp_path):
    """Graded with nbgrader (independent mistakes sharing a notebook) at one seed, does every
    test of every case get the points the replay gives it at that seed?"""
    import copy

    import nbformat

    from dsroles.grading import grade_notebooks
    from dsroles.grading.bank import affected

    groups = independent_groups(source, bank)
    assert len(groups) < len(bank)  # some mistakes did share a notebook
    paths = []
    for index, group in enumerate(groups):
        nb = copy.deepcopy(source)
        for entry in group:
            entry.apply(nb)
        path = tmp_path / f"g{index}" / f"{ASSESSMENT}.ipynb"
        path.parent.mkdir()
        nbformat.write(nb, str(path))
        paths.append(path)
    results = grade_notebooks(paths, solutions_dir=SOLUTION.parents[1], seed=SEED)
    replayed = replay(source, SEED, bank)
    for group, result in zip(groups, results):
        assert result["status"] == "graded", result["reason"]
        points = {i["grade_id"]: i["points"] for i in result["items"] if i["kind"] == "autograded"}
        for entry in group:
            for test in affected(source, entry) & set(replayed.wrong[entry.name]):
                assert points[test] == pytest.approx(replayed.wrong[entry.name][test]), (entry.name, test)


def test_the_blank_release_scores_nothing_and_a_lax_test_is_caught(source):
    """Replayed with every answer cell as released, does each test score 0, and does a test
    that passes anything give its points away?"""
    import copy

    from dsroles.grading.validate import _answer_cells, judge_replayed_blank

    from .helpers import ASSESSMENTS

    released = _answer_cells(read_notebook(ASSESSMENTS / ASSESSMENT / f"{ASSESSMENT}.ipynb"))
    assert released and all("NotImplementedError" in code or "..." in code for code in released.values())
    result = replay(source, SEED, blank=released)
    assert result.blank == dict.fromkeys(result.max_points, 0.0)
    assert judge_replayed_blank(ASSESSMENT, result).ok
    lax = copy.deepcopy(source)
    next(c for c in lax.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "test_mean").source = "pass"
    check = judge_replayed_blank(ASSESSMENT, replay(lax, SEED, blank=released))
    assert not check.ok and "points given for an empty answer by test_mean" in check.detail
