"""The guard and the answer-key recorder, in a fresh IPython shell of their own (a subprocess, so
that their patches never reach this test process): what each change is reported as."""

from __future__ import annotations

import json
import subprocess
import sys

from dsroles.grading.execute import answer_key_uses, guard_problem

SHELL = r'''
import json, sys
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
from dsroles.grading import answerkey, guard
answerkey.install(shell)
import numpy, pandas
guard.install(shell, b"key")
reports = []
guard._state["publish"] = lambda data, metadata: reports.append(data[guard.MIME])
def run(code):
    shell.run_cell(code, store_history=True)
run("seed = 3")
run(guard.guard_source(3, "aa"))
for n, answer in enumerate(json.loads(sys.argv[1])):
    run(answer)
    run(guard.guard_source(3, f"b{n}"))
print(json.dumps(reports))
'''


def guard_reports(*answers: str) -> list[dict]:
    """The reports of the guard before any answer, then after each answer in turn (one shell)."""
    done = subprocess.run([sys.executable, "-c", SHELL, json.dumps(answers)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


CHANGES = [
    ("get_ipython().events.register('pre_run_cell', lambda *a: None)", "IPython event callbacks (pre_run_cell)"),
    ("get_ipython().input_transformers_cleanup.append(lambda lines: lines)", "input_transformers_cleanup"),
    ("get_ipython().ast_node_interactivity = 'none'", "the shell's ast_node_interactivity"),
    ("import builtins; builtins.round = lambda x, n=0: x", "builtins (round)"),
    ("import dsroles.checks.testcell as t; t.partial_check = lambda *a, **k: 3",
     "namespace dsroles.checks.testcell (partial_check)"),
    ("import pandas; pandas.DataFrame.equals = lambda self, other: True", "class pandas.DataFrame (equals)"),
    ("from dsroles.checks.exercise import Exercise; Exercise.evaluate = lambda *a, **k: None",
     "class dsroles.checks.exercise.Exercise (evaluate)"),
    ("import sys; sys.settrace(lambda *a: None)", "sys.settrace"),
    ("import dsroles.churn.evaluate as e; e.expected_profit = lambda *a, **k: 0.0",  # what references use
     "namespace dsroles.churn.evaluate (expected_profit)"),
    ("import collections, dsroles.churn.train as t; t._fits = collections.OrderedDict()",
     "namespace dsroles.churn.train (_fits)"),
]


def test_a_change_to_the_machinery_is_reported_by_name():
    """Does the guard after each answer cell that changes a hook, a check, a builtin or pandas
    name that change, while the guard before them all reported nothing?"""
    before, *after = guard_reports(*(answer for answer, _ in CHANGES))
    assert before["report"]["changed"] == []
    for (answer, changed), report in zip(CHANGES, after):
        assert any(changed in c for c in report["report"]["changed"]), (answer, report["report"]["changed"])


def test_honest_code_changes_nothing():
    """Does an answer that imports, plots, defines and prints leave the guard clean?"""
    honest = ("import math, numpy as np, pandas as pd\nimport matplotlib\nmatplotlib.use('Agg')\n"
              "import matplotlib.pyplot as plt\nplt.plot([1, 2]); plt.close('all')\n"
              "def f(x):\n    return x + 1\nprint(pd.DataFrame({'a': [1]}).equals(pd.DataFrame({'a': [1]})))\n"
              "from dsroles.churn import onnx_export\nonnx_export.register_log1p()")  # once per process
    _, after = guard_reports(honest)
    assert after["report"] == {"changed": [], "answer_key": []}


def test_answer_key_uses_are_recorded_with_their_cell():
    """Are an expected value and a solution reveal recorded with the count of the cell that ran them?"""
    _, after = guard_reports("from dsroles.tracks.start import welcome\nwelcome.mean.expected(3)\n"
                             "welcome.mean.solution()")
    assert sorted(after["report"]["answer_key"]) == [[3, "demo.mean.solution()"],
                                                      [3, "the expected value of demo.mean"]]


def test_the_trusted_side_needs_one_signed_report_per_guard_and_maps_uses_to_answer_cells():
    """Is a missing report, or a change, a problem; and is an answer cell's use told from a test's?"""
    from nbformat.v4 import new_code_cell, new_notebook

    answer = new_code_cell("x", execution_count=3, metadata={"nbgrader": {"solution": True, "grade": False}})
    test = new_code_cell("t", execution_count=5, metadata={"nbgrader": {"grade": True, "solution": False,
                                                                         "locked": True, "points": 1}})
    report = {"changed": [], "answer_key": [[3, "references.f()"], [5, "the expected value of demo.mean"]]}
    verdicts = {"guards": [1], "reports": {1: {"report": report, "problem": None}},
                "executed": new_notebook(cells=[answer, new_code_cell("g", execution_count=4), test])}
    assert guard_problem(verdicts) is None
    assert answer_key_uses(verdicts) == {0: ["references.f()"]}
    assert "never reported" in guard_problem({"guards": [1], "reports": {}})
    changed = {"guards": [1], "reports": {1: {"report": {"changed": ["builtins (round)"]}, "problem": None}}}
    assert guard_problem(changed) == "builtins (round)"
    shrunk = {"guards": [1, 2], "reports": {1: {"report": report}, 2: {"report": {"changed": [], "answer_key": []}}}}
    assert guard_problem(shrunk) == "the record of answer-key uses was edited"
