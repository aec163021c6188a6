"""A learner's pytest suite, run against the project's code and graded by the bugs it catches.

    run_tests(my_tests)                 # in a lesson: pytest's report on the correct code
    suite_exercise(id, mutants, ...)    # an exercise: a part (and its points) per mutant caught

A suite is the text of a pytest file. It runs in a subprocess, in a folder with the fixtures
of ``testkit.CONFTEST``, first against the correct code, where every test must pass, then
once against each mutant (``dsroles.checks.mutation``). A suite that fails on the correct
code, or holds no test, scores nothing.
"""

from __future__ import annotations

import ast
import functools

from dsroles.checks.exercise import Exercise, Part
from dsroles.checks.mutation import CRASHED, FAILED, NO_TESTS, PASSED, TIMEOUT, SuiteError, run_suite
from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect, is_blank_text
from dsroles.tracks.ml_engineer import data, testkit
from dsroles.tracks.ml_engineer.placeholders import is_stub_text

# Imported once by the runner before it forks a child per implementation: the heavy
# libraries and the project modules no mutant patches (online, predictor, retrain are).
PRELOAD = ("pytest", "numpy", "pandas", "joblib", "pydantic", "threadpoolctl",
           "sklearn.pipeline", "sklearn.compose", "sklearn.linear_model", "sklearn.impute",
           "sklearn.preprocessing", "dsroles.churn.features", "dsroles.churn.artefact",
           "dsroles.churn.service")
RUN_TIMEOUT = 8       # seconds for the suite against one implementation
TOTAL_TIMEOUT = 24    # seconds for the whole run (a graded cell has 30)


@functools.lru_cache(maxsize=32)
def report_for(source: str, mutants: tuple):
    """The suite's report (cached: the fixtures do not depend on the data seed)."""
    files = testkit.fixture_files(data.fixture_artefact())
    return run_suite(source, mutants, files=files, preload=PRELOAD, run_timeout=RUN_TIMEOUT,
                     total_timeout=TOTAL_TIMEOUT)


def run_tests(source: str, seed: int | None = None) -> None:
    """Run a suite on the correct code and print pytest's report (for developing it).

    ``seed`` is accepted for symmetry with the checks; the fixtures do not depend on it.
    """
    report = report_for(source, ())
    print(report.correct.output.strip() or f"(no output: {report.correct.outcome})")


def test_names(source: str) -> list[str]:
    """The test functions a suite's text defines (SyntaxError if it is not Python)."""
    tree = ast.parse(source)
    found = [n.name for n in ast.walk(tree)
             if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name.startswith("test")]
    return found


def _failures(output: str) -> str:
    """pytest's one-line summary of what failed (or the last lines of its report)."""
    lines = [ln.strip() for ln in output.splitlines()]
    failed = [ln for ln in lines if ln.startswith(("FAILED ", "ERROR "))]
    text = "; ".join(failed[:2]) if failed else " ".join(ln for ln in lines[-4:] if ln)
    return text[:500]


def _precheck(mutants):
    def precheck(source, expected, context):
        if type(source) is not str:
            raise Incorrect(f"your suite is {a_type(source)}; the text of a pytest file (a str) "
                            "is expected.")
        try:
            names = test_names(source)
        except SyntaxError as err:
            raise Incorrect(f"your suite is not valid Python (line {err.lineno}: {err.msg}).") from None
        if not names:
            raise Incorrect("your suite defines no test: pytest runs functions whose names start "
                            "with test_.")
        try:
            correct = report_for(source, tuple(mutants)).correct
        except SuiteError as err:
            raise Incorrect(str(err)) from None
        if correct.outcome == NO_TESTS:
            raise Incorrect("pytest collected no test from your suite: name the functions "
                            "test_... at the top level of the file.")
        if correct.outcome == TIMEOUT:
            raise Incorrect(f"your suite took longer than {RUN_TIMEOUT} s on the correct code: use "
                            "the small fixtures (snapshots, records) rather than the whole data.")
        if correct.outcome in (FAILED, CRASHED):
            raise Incorrect("your suite fails on the correct code, so it cannot tell a bug from "
                            f"correct code and scores nothing: {_failures(correct.output)}")
        if correct.outcome != PASSED:  # pragma: no cover - every outcome is handled above
            raise Incorrect(f"your suite did not run ({correct.outcome}).")
    return precheck


def _caught(mutant, mutants: tuple):
    def part(source, expected, context):
        report = report_for(source, mutants)
        result = report.mutants.get(mutant.name)
        if result is None or result.outcome == TIMEOUT:
            raise Incorrect(f"{mutant.survived} in time: the run was stopped after "
                            f"{RUN_TIMEOUT} s; keep each test small.")
        if result.outcome not in (FAILED, CRASHED):
            raise Incorrect(f"{mutant.survived}. Add a test with a case whose right answer you "
                            "know, and assert it.")
    return part


class SuiteExercise(Exercise):
    """An exercise whose answer is a pytest suite: a part per planted bug it catches."""

    def __init__(self, id: str, mutants, **kw):
        self.mutants = tuple(mutants)
        super().__init__(id, precheck=_precheck(self.mutants), context=("seed",),
                         not_attempted=is_blank_suite,
                         parts=[Part(m.name.replace("_", " "), _caught(m, self.mutants), 1.0)
                                for m in self.mutants],
                         **kw)


def is_blank_suite(value) -> bool:
    """A placeholder, or a suite with no code yet (comments, ``...``, nbgrader's stub)."""
    return is_blank_text(value) or (type(value) is str and is_stub_text(value))
