"""The trusted client's caps: outputs past the limits are dropped, except what nbgrader scores."""

from __future__ import annotations

import pytest
from nbformat.v4 import new_code_cell

from dsroles.grading.execute import SHORT, Budget, Caps

CAPS = Caps(cell_bytes=1000, cell_outputs=3, notebook_bytes=5000, kept_chars=50)
TEST = new_code_cell("partial_check(...)", metadata={"nbgrader": {"grade": True, "solution": False,
                                                                   "grade_id": "test_x", "points": 3}})
ANSWER = new_code_cell("x = 1")


def msg(kind, **content):
    return {"msg_type": kind, "content": content, "header": {"msg_type": kind}, "parent_header": {}}


def big(kind, size=5000):
    if kind == "stream":
        return msg("stream", name="stdout", text="x" * size)
    if kind == "stderr":
        return msg("stream", name="stderr", text="e" * size)
    if kind == "error":
        return msg("error", ename="AssertionError", evalue="v" * size, traceback=["t" * size] * 50)
    return msg(kind, data={"text/plain": "1.5 " + "x" * size, "text/html": "h" * size}, metadata={},
               execution_count=1)


@pytest.mark.parametrize("kind", ["stream", "display_data", "update_display_data"])
def test_an_output_over_the_cap_is_dropped(kind):
    """Is a stream or display output over the per-cell cap dropped, the cell marked as cut?"""
    budget = Budget(CAPS)
    assert budget.fit(big(kind), ANSWER, 0) is None
    assert 0 in budget.cut


@pytest.mark.parametrize("kind, cell", [("error", ANSWER), ("stderr", ANSWER), ("execute_result", TEST)])
def test_what_nbgrader_scores_is_kept_but_cut_short(kind, cell):
    """Is an error, stderr, or a test cell's result kept over the caps (a cap never changes a
    score), with its text cut short?"""
    budget = Budget(CAPS)
    kept = budget.fit(big(kind), cell, 0)
    assert kept is not None and kept["msg_type"] == big(kind)["msg_type"]
    content = kept["content"]
    if kind == "error":
        assert len(content["evalue"]) == 50 and len(content["traceback"]) == 10
    elif kind == "stderr":
        assert content["text"] == "e" * 50 + SHORT
    else:
        assert content["data"] == {"text/plain": ("1.5 " + "x" * 5000)[:50]}


def test_rich_outputs_are_counted_per_cell_and_bytes_per_notebook():
    """Are the 4th rich output of a cell, and anything past the notebook's total, dropped?"""
    budget = Budget(CAPS)
    small = msg("display_data", data={"text/plain": "ok"}, metadata={})
    assert [budget.fit(small, ANSWER, 0) is not None for _ in range(4)] == [True, True, True, False]
    for index in range(1, 20):
        budget.fit(big("stream", 800), ANSWER, index)
    assert budget.total <= CAPS.notebook_bytes


def test_only_the_first_few_scored_outputs_are_kept_over_the_caps():
    """Past the caps, are only the first 3 errors or stderr outputs of a cell kept (the first
    decides nbgrader's score), so that forged errors cannot flood the feedback page?"""
    budget = Budget(CAPS)
    kept = [budget.fit(big("error"), ANSWER, 0) is not None for _ in range(10)]
    assert kept == [True] * 3 + [False] * 7
