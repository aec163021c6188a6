"""dsroles.checks.mutation: does a suite run in a subprocess against the correct code, then once
per planted bug, and is it judged by what it catches?"""

from __future__ import annotations

import sys
import textwrap

import pytest

from dsroles.checks import mutation
from dsroles.checks.mutation import Mutant, Patch, run_suite

TOY = textwrap.dedent('''
    def double(x):
        return 2 * x


    def half(x):
        return x / 2
''')
OFF_BY_ONE = Mutant("off_by_one", (Patch("dsroles_toy", "return 2 * x", "return 2 * x + 1"),))
HALF_WRONG = Mutant("half_wrong", (Patch("dsroles_toy", "return x / 2", "return x // 2"),))


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    """An importable module the mutants patch, found through PYTHONPATH by the runner too."""
    folder = tmp_path_factory.mktemp("toy")
    (folder / "dsroles_toy.py").write_text(TOY)
    sys.path.insert(0, str(folder))
    yield {"PYTHONPATH": str(folder)}
    sys.path.remove(str(folder))
    mutation.close_runners()


def suite(*tests: str) -> str:
    return "import dsroles_toy as toy\n\n" + "\n\n".join(textwrap.dedent(t) for t in tests)


def test_a_suite_is_judged_by_the_bugs_it_catches(toy):
    """Does a passing suite report which mutants made one of its tests fail?"""
    report = run_suite(suite("def test_double():\n    assert toy.double(3) == 6\n"),
                       (OFF_BY_ONE, HALF_WRONG), env=toy, preload=("pytest",))
    assert report.correct.outcome == "passed" and report.correct.tests == 1
    assert report.killed == ["off_by_one"]
    assert report.mutants["half_wrong"].outcome == "passed"


def test_a_suite_failing_on_correct_code_is_not_run_on_the_mutants(toy):
    report = run_suite(suite("def test_double():\n    assert toy.double(3) == 7\n"),
                       (OFF_BY_ONE,), env=toy)
    assert report.correct.outcome == "failed"
    assert "test_double" in report.correct.output
    assert report.mutants == {}


def test_no_test_and_an_endless_test_are_told_apart(toy):
    assert run_suite(suite(), (), env=toy).correct.outcome == "no_tests"
    endless = run_suite(suite("def test_forever():\n    while True:\n        pass\n"), (),
                        env=toy, run_timeout=1)
    assert endless.correct.outcome == "timeout"


def test_a_patch_that_no_longer_fits_is_refused():
    """Is a mutant whose text is not in the module (the code changed) an error, not a pass?"""
    gone = Mutant("gone", (Patch("m", "return 3 * x", "return x"),))
    with pytest.raises(ValueError, match="occurs 0 times"):
        gone.apply({"m": TOY})


def test_the_limits_are_cpu_time_so_a_busy_machine_fails_no_sound_suite(toy):
    """A run that sleeps past its CPU limit is not stopped at that limit (the clock allows
    WALL_FACTOR times more); a run that sleeps past the clock's allowance is."""
    from dsroles.checks.mutation_runner import WALL_FACTOR

    assert WALL_FACTOR > 1
    slow = run_suite(suite("import time\n\ndef test_slow():\n    time.sleep(1.5)\n"), (), env=toy, run_timeout=1)
    assert slow.correct.outcome == "passed"  # 1.5 s on the clock, almost no CPU: as on a busy machine
    asleep = run_suite(suite(f"import time\n\ndef test_asleep():\n    time.sleep({WALL_FACTOR + 1})\n"), (),
                       env=toy, run_timeout=1)
    assert asleep.correct.outcome == "timeout"


def test_the_whole_run_stops_when_its_cpu_budget_is_spent(toy):
    """Mutants left when the suite's runs have used the total budget are out of time, not run."""
    busy = suite("import time\n\ndef test_busy():\n    end = time.process_time() + 0.8\n"
                 "    while time.process_time() < end:\n        pass\n    assert toy.double(3) == 6\n")
    report = run_suite(busy, (OFF_BY_ONE, HALF_WRONG), env=toy, run_timeout=5, total_timeout=2.5)
    assert report.correct.outcome == "passed"
    assert [m.outcome for m in report.mutants.values()].count("timeout") >= 1, report.mutants
