"""'Not graded' reasons come from what happened: the worker's end, the kernel's, nbgrader's exception."""

from __future__ import annotations

import json

import pytest

from dsroles.grading import Limits
from dsroles.grading.reasons import failure_reason, interpreter_patches, kernel_end, nbgrader_error

LIMITS = Limits(cell_timeout=30)
NBGRADER_LOG = """[INFO] Overwriting files with master versions from the source directory
[ERROR] There was an error processing assignment: /x/submitted/learner/demo_quiz
[ERROR] Traceback (most recent call last):
      File "nbclient/client.py", line 1159, in output
        out = output_from_msg(msg)
    KeyError: 'metadata'
[ERROR] Please see the the above traceback for details on the specific errors on the above failures.
Traceback (most recent call last):
nbgrader.converters.base.NbGraderException: Please see the the above traceback for details."""


@pytest.fixture
def job(tmp_path):
    (tmp_path / "progress.json").write_text(json.dumps(
        {"index": 4, "grade_id": "mean_answer", "first_line": "import os", "started": 0}))
    return tmp_path


def test_nbgraders_own_exception_is_named_not_see_the_above_traceback():
    """Is the exception behind nbgrader's failure reported, not its 'see the above traceback'?"""
    assert nbgrader_error(NBGRADER_LOG) == "KeyError: 'metadata'"


@pytest.mark.parametrize("ended, words", [
    ({"killed": False, "exitcode": -9}, ["worker was killed by SIGKILL", "'mean_answer'"]),
    ({"killed": False, "exitcode": 3}, ["worker exited with status 3"]),
    ({"killed": True, "exitcode": -9}, ["stopped after 95 s", "did not stop when interrupted"]),
])
def test_a_worker_that_left_no_outcome_is_reported_as_it_ended(job, ended, words):
    """Is a worker killed by a signal reported as killed by that signal, and only a deadline kill
    as a deadline?"""
    reason = failure_reason(None, ended, job, LIMITS, 95)
    for word in words:
        assert word in reason, (word, reason)
    if not ended["killed"]:
        assert "stopped after" not in reason


@pytest.mark.parametrize("code, words", [
    (3, ["exited with status 3", "os._exit(3)"]),
    (-24, ["SIGXCPU", "CPU time"]),
    (128 + 9, ["SIGKILL"]),
    (None, ["died"]),
])
def test_how_the_kernel_ended_is_said(code, words):
    """Does the reason say how the kernel ended: its status, or the signal (bwrap's 128 + N too)?"""
    text = kernel_end(code, LIMITS)
    for word in words:
        assert word in text, (word, text)


def test_a_kernel_that_stops_answering_early_is_not_blamed_on_a_loop(job):
    """When the kernel stopped answering well under the cell limit (patched builtins, a broken
    stdout), is that said, rather than 'a loop that ignores interrupts'?"""
    early = failure_reason({"ok": False, "failure": "unresponsive", "elapsed": 2.0}, {}, job, LIMITS, 95)
    late = failure_reason({"ok": False, "failure": "unresponsive", "elapsed": 31.0}, {}, job, LIMITS, 95)
    assert "broke the kernel's own machinery" in early and "KeyboardInterrupt" not in early
    assert "KeyboardInterrupt" in late


def test_tampering_is_named(job):
    """Is a tampered notebook's reason 'changed the grading machinery (what)'?"""
    reason = failure_reason({"ok": False, "failure": "tampered", "log": "IPython event callbacks (pre_run_cell)"},
                            {}, job, LIMITS, 95)
    assert reason.startswith("the notebook changed the grading machinery (IPython event callbacks (pre_run_cell))")


def test_a_cell_that_patches_the_interpreter_is_named_not_blamed_on_a_loop(job):
    """When the hung cell replaced builtins or sys.stdout, does the reason say so instead of
    blaming a loop that ignores interrupts?"""
    source = "import builtins, sys\nbuiltins.isinstance = lambda *a: True\ndel sys.stdout.write\nx = 1"
    assert interpreter_patches(source) == ["builtins.isinstance", "sys.stdout.write"]
    assert interpreter_patches("while True:\n    pass") == []
    progress = json.loads((job / "progress.json").read_text())
    (job / "progress.json").write_text(json.dumps(dict(progress, source=source)))
    reason = failure_reason({"ok": False, "failure": "unresponsive", "elapsed": 40.0}, {}, job, LIMITS, 95)
    assert "replaces builtins.isinstance, sys.stdout.write" in reason and "KeyboardInterrupt" not in reason
