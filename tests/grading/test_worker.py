"""Reading an autograded notebook: are lost marks explained in words a learner understands?"""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

from dsroles.grading.worker import read_items

LIMITS = {"cell_timeout": 30, "memory_mb": 2048}


def _answer(grade_id, error=None):
    cell = new_code_cell("raise NotImplementedError()", metadata={"nbgrader": {
        "grade": False, "solution": True, "locked": False, "grade_id": grade_id,
        "schema_version": 3}})
    if error:
        cell.outputs = [new_output("error", ename=error, evalue="", traceback=[])]
    return cell


def _test(grade_id, ename, evalue):
    cell = new_code_cell("assert_check(...)", metadata={"nbgrader": {
        "grade": True, "solution": False, "locked": True, "grade_id": grade_id, "points": 1,
        "schema_version": 3}})
    cell.outputs = [new_output("error", ename=ename, evalue=evalue, traceback=[])]
    return cell


def test_items_after_an_unanswered_cell_say_it_is_not_answered(tmp_path):
    """Does a test whose variable was never defined point at the blank answer cell above?"""
    nb = new_notebook(cells=[
        _answer("explore_answer", "NotImplementedError"),
        _test("test_rate", "NameError", "name 'rate' is not defined"),
        _test("test_lift", "NameError", "name 'lift' is not defined"),
        _test("test_other", "AssertionError", "Your answer (3) is too low."),
    ])
    path = tmp_path / "graded.ipynb"
    nbformat.write(nb, str(path))
    items = {i["grade_id"]: i for i in read_items(path, LIMITS)}
    assert items["test_rate"]["message"] == (
        "your cell 'explore_answer' is not answered yet (it still raises NotImplementedError)")
    assert items["test_lift"]["message"] == (
        "name 'lift' is not defined: not answered yet (the answer cell 'explore_answer' above "
        "still raises NotImplementedError)")
    assert items["test_other"]["message"] == "Your answer (3) is too low."
    assert all(i["points"] == 0.0 and i["passed"] is False for i in items.values())


def test_a_name_error_without_a_blank_cell_keeps_its_own_explanation(tmp_path):
    nb = new_notebook(cells=[_test("test_rate", "NameError", "name 'rate' is not defined")])
    path = tmp_path / "graded.ipynb"
    nbformat.write(nb, str(path))
    (item,) = read_items(path, LIMITS)
    assert item["message"] == ("name 'rate' is not defined (the answer above did not define it: "
                               "did its cell fail, or was it renamed?)")
