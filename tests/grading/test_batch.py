"""The hard deadline: a notebook nbgrader cannot stop is killed, with its kernel, and reported."""

from __future__ import annotations

from dsroles.grading import Limits, grade_notebooks

from .helpers import IGNORES_INTERRUPT, SOLUTIONS, answer, running, solution, write


def test_a_run_past_the_deadline_is_killed_and_not_graded(tmp_path):
    """Is a loop that outlives the whole-notebook limit killed, kernel included, while the batch goes on?"""
    hang = write(tmp_path, "hang", answer(solution(), "mean_answer", IGNORES_INTERRUPT))
    good = write(tmp_path, "good", solution())
    limits = Limits(cell_timeout=60, notebook_seconds=12)
    hung, fine = grade_notebooks([hang, good], solutions_dir=SOLUTIONS, limits=limits)
    assert hung["status"] == "not_graded"
    assert "stopped after 12 s" in hung["reason"] and "'mean_answer'" in hung["reason"]
    assert fine["status"] == "graded" and fine["score"] == fine["max_score"]
    assert running("dsroles.grading.kernel") == []
