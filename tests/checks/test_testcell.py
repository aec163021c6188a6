"""The nbgrader test-cell API: assert_check / partial_check over the same checks as the lessons."""

from __future__ import annotations

import json
import sys
import warnings

import nbformat
import pytest
from nbclient import NotebookClient

from dsroles.checks import assert_check, get_exercise, partial_check
from dsroles.tracks.start import welcome as demo

SEED = 7


@pytest.fixture
def log_file(tmp_path, monkeypatch):
    path = tmp_path / "log.jsonl"
    monkeypatch.setenv("DSROLES_LOG", str(path))
    return path


def test_assert_check_passes_silently_and_logs(log_file, capsys):
    """Does a correct answer return None, print nothing and log a test-cell check?"""
    right = float(demo.sample(SEED)["monthly_charge"].mean())
    assert assert_check("demo.mean", right, seed=SEED) is None
    assert capsys.readouterr() == ("", "")
    entry = json.loads(log_file.read_text())
    assert (entry["exercise"], entry["outcome"], entry["source"]) == \
        ("demo.mean", "correct", "test_cell")


@pytest.mark.parametrize("value, message", [
    (..., "Not attempted: Replace the placeholder with your answer, then check again."),
    ("14", "Your answer is a str ('14'); a number is expected, not text."),
])
def test_assert_check_raises_the_checks_message(log_file, value, message):
    """Does a wrong or blank answer raise AssertionError with the lesson's message?"""
    with pytest.raises(AssertionError) as info:
        assert_check("demo.mean", value, seed=SEED)
    assert str(info.value) == message
    assert demo.mean.evaluate(value, seed=SEED).message in message


def test_partial_check_returns_points_and_prints_what_was_lost(log_file, capsys):
    """Does partial credit give points x fraction and say on stdout which part was lost?"""
    df = demo.sample(SEED)
    assert partial_check("demo.clean", demo._clean(SEED), points=3, seed=SEED) == 3.0
    assert partial_check("demo.clean", df.drop_duplicates(), points=3, seed=SEED) == 2.0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith("2 of 3 parts right. Missing charges: ")
    assert out.rstrip().endswith("have a missing monthly_charge.")


def test_partial_check_with_nothing_right_raises(log_file):
    """Does zero earned raise AssertionError (so nbgrader gives 0 with the reason)?"""
    with pytest.raises(AssertionError, match="is a list; a pandas DataFrame is expected"):
        partial_check("demo.clean", [1, 2], points=3, seed=SEED)


def test_nothing_reaches_stderr_even_if_the_learner_function_warns(log_file, capsys):
    """Are warnings and stderr writes inside a checked function kept off stderr?"""
    def normalise(values):
        warnings.warn("careful", UserWarning)
        print("noise", file=sys.stderr)
        return demo._normalise(values)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # would turn a leaked warning into an exception
        assert_check("demo.normalise", normalise)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("exercise_id, message", [
    ("mean", "'mean' is not an exercise id; ids look like 'demo.mean'."),
    ("nowhere.mean", "no exercise namespace 'nowhere'"),
    ("demo.nothing", "no exercise 'demo.nothing' in namespace 'demo'."),
    ("demo.sample", "no exercise 'demo.sample' in namespace 'demo'."),
])
def test_unknown_exercise_ids(exercise_id, message):
    """Is a wrong exercise id reported clearly?"""
    with pytest.raises(LookupError) as info:
        get_exercise(exercise_id)
    assert message in str(info.value)


NOTEBOOK_CELLS = [
    "from dsroles.tracks.start import welcome as demo\nfrom dsroles.checks import assert_check, partial_check\n"
    "seed = 11\ndf = demo.sample(seed)",
    "partial_check('demo.clean', df.drop_duplicates(), points=3, seed=seed)",
    "assert_check('demo.mean', df['monthly_charge'].mean(), seed=seed)",
    "q = demo.bind(seed=seed)\nq.mean.check(3.0)\nq.mean.hint()",
]


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in NOTEBOOK_CELLS])
    home = tmp_path_factory.mktemp("kernel-home")
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    import os
    old = os.environ.get("DSROLES_LOG")
    os.environ["DSROLES_LOG"] = str(home / "log.jsonl")
    try:
        NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    finally:
        if old is None:
            os.environ.pop("DSROLES_LOG")
        else:
            os.environ["DSROLES_LOG"] = old
    return nb, home / "log.jsonl"


def test_in_a_kernel_partial_credit_is_the_cell_result_without_stderr(executed):
    """In a real kernel, is partial credit the execute_result nbgrader reads, with no stderr?"""
    nb, _ = executed
    outputs = nb.cells[1].outputs
    assert not any(o.output_type == "stream" and o.name == "stderr" for o in outputs)
    result = [o for o in outputs if o.output_type == "execute_result"]
    assert result[0].data["text/plain"] == "2.0"
    assert nb.cells[2].outputs == []


def test_in_a_kernel_feedback_is_coloured_markdown(executed):
    """In Jupyter, are verdicts and hints shown as coloured Markdown (with plain text too)?"""
    nb, log_path = executed
    shown = [o for o in nb.cells[3].outputs if o.output_type == "display_data"]
    assert shown[0].data["text/markdown"].startswith('<span style="color:#c62828">**Incorrect**</span>')
    assert shown[0].data["text/plain"] == "Incorrect: Your answer (3) is too low."
    assert shown[1].data["text/plain"].startswith("Hint 1 of 2")
    kinds = [json.loads(x)["event"] for x in log_path.read_text().splitlines()]
    assert kinds == ["check", "check", "check", "hint"]
