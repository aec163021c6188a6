"""Grade a learner's pytest suite by the planted bugs (mutants) it catches.

    report = run_suite(tests_source, mutants, files={"conftest.py": ...}, preload=[...])
    report.correct.outcome        # "passed" is required: a suite failing on correct code scores 0
    report.killed                 # names of the mutants on which the suite failed

The suite runs in a subprocess (``python -m dsroles.checks.mutation_runner``), never in the
caller's interpreter: first against the correct code, then once per mutant. A ``Mutant`` is a
set of ``Patch`` es, each replacing one exact piece of a module's source; the runner imports
the heavy libraries once, then forks a child per implementation that installs the patched
modules under their real names and runs ``pytest.main``. So the learner's tests import the
code exactly as they do in a lesson (``from dsroles.churn import online``).

Limits: every child has ``run_timeout`` seconds (an alarm ends it) and the whole run
``total_timeout``; pytest's plugin autoloading is off (installed plugins would slow every
run and change its behaviour), BLAS uses one thread, nothing is written outside a temporary
folder that is deleted afterwards.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from dsroles.checks.mutation_runner import WALL_FACTOR

TEST_FILE = "test_suite.py"
PASSED, FAILED, NO_TESTS, TIMEOUT, CRASHED = "passed", "failed", "no_tests", "timeout", "crashed"


@dataclass(frozen=True)
class Patch:
    """Replace the one occurrence of ``old`` in the source of ``module`` by ``new``."""

    module: str
    old: str
    new: str


@dataclass(frozen=True)
class Mutant:
    """A planted bug: its name, what it does (for instructors), and what a survivor means."""

    name: str
    patches: tuple[Patch, ...]
    description: str = ""
    survived: str = ""  # the learner's message when no test catches it: the area, not the bug

    def apply(self, sources: dict[str, str]) -> dict[str, str]:
        """``{module: source}`` with this mutant's patches applied (ValueError if one does not fit)."""
        out = dict(sources)
        for patch in self.patches:
            text = out[patch.module]
            found = text.count(patch.old)
            if found != 1:
                raise ValueError(f"mutant {self.name}: the text to replace occurs {found} times "
                                 f"in {patch.module}, not once: update the mutant with the code.")
            out[patch.module] = text.replace(patch.old, patch.new)
        return out


@dataclass
class RunResult:
    """How the suite did against one implementation."""

    name: str
    outcome: str          # passed, failed, no_tests, timeout or crashed
    tests: int = 0        # collected
    failed: int = 0
    seconds: float = 0.0
    output: str = ""      # the end of pytest's report


@dataclass
class SuiteReport:
    correct: RunResult
    mutants: dict[str, RunResult] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def killed(self) -> list[str]:
        """Mutants the suite caught: at least one test failed (or errored) on them."""
        return [n for n, r in self.mutants.items() if r.outcome in (FAILED, CRASHED)]


class SuiteError(RuntimeError):
    """The runner itself could not run (not the learner's tests failing): the message says why."""


def module_sources(mutants) -> dict[str, str]:
    """The current source of every module the mutants patch."""
    import importlib.util

    out = {}
    for name in sorted({p.module for m in mutants for p in m.patches}):
        spec = importlib.util.find_spec(name)
        out[name] = Path(spec.origin).read_text(encoding="utf-8")
    return out


def _environment(extra: dict | None) -> dict:
    env = dict(os.environ)
    env.update({"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "PYTHONDONTWRITEBYTECODE": "1",
                "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                "DSROLES_LOG": "off", "PYTHONHASHSEED": "0"})
    env.update(extra or {})
    return env


def _write_files(folder: Path, files: dict) -> None:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            (shutil.copytree if content.is_dir() else shutil.copy)(content, path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


class Runner:
    """A runner subprocess that has imported ``preload`` once and runs suite after suite.

    Each run forks fresh children from it, so one suite cannot affect the next; the runner
    itself never runs a learner's code. It ends when this process closes its input (at exit,
    or when a run outlives its deadline and it is killed).
    """

    def __init__(self, preload, env: dict):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dsroles.checks.mutation_runner", "--serve"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env=env, text=True, bufsize=1)
        self.send({"preload": list(preload)})

    def send(self, message: dict) -> None:
        self.process.stdin.write(json.dumps(message) + "\n")
        self.process.stdin.flush()

    def answer(self, timeout: float) -> bool:
        """Wait for the runner's next line; False when it does not come in time."""
        import selectors

        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            if not selector.select(timeout):
                return False
        return bool(self.process.stdout.readline())

    def run(self, folder: Path, timeout: float) -> bool:
        self.send({"folder": str(folder)})
        return self.answer(timeout)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


_RUNNERS: dict = {}


def _runner(preload: tuple, env: dict) -> Runner:
    key = (preload, tuple(sorted(env.items())))
    found = _RUNNERS.get(key)
    if found is None or found.process.poll() is not None:
        if not _RUNNERS:
            atexit.register(close_runners)
        found = _RUNNERS[key] = Runner(preload, env)
    return found


def close_runners() -> None:
    """End every runner this process started."""
    while _RUNNERS:
        _RUNNERS.popitem()[1].close()


def _run_plan(folder: Path, preload: tuple, env: dict, timeout: float) -> str:
    """Run the plan in ``folder``; '' when it finished, else why not."""
    if not hasattr(os, "fork"):  # no fork: a fresh runner for this suite alone
        try:
            done = subprocess.run([sys.executable, "-m", "dsroles.checks.mutation_runner", "plan.json"],
                                  cwd=folder, env=env, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return "it ran out of time"
        return "" if done.returncode == 0 else f"it stopped: {(done.stderr or '').strip()[-600:]}"
    runner = _runner(preload, env)
    try:
        finished = runner.run(folder, timeout)
    except BaseException:  # interrupted (a cell's time limit): its state is unknown
        _RUNNERS.pop(next(k for k, v in _RUNNERS.items() if v is runner), None)
        runner.close()
        raise
    if not finished:
        _RUNNERS.pop(next(k for k, v in _RUNNERS.items() if v is runner), None)
        runner.close()
        return "it ran out of time"
    return ""


def run_suite(tests_source: str, mutants=(), *, files: dict | None = None, preload=(),
              env: dict | None = None, run_timeout: float = 10.0,
              total_timeout: float = 25.0) -> SuiteReport:
    """Run ``tests_source`` (a pytest file) against the correct code, then each mutant.

    ``files`` are written beside the tests (``conftest.py``, fixture data; a ``Path`` value is
    copied). ``preload`` names modules the runner imports once, before it forks (never one a
    mutant patches). The mutants are skipped when the suite does not pass on correct code.
    ``run_timeout`` (one implementation) and ``total_timeout`` (all of them) are CPU seconds:
    a busy machine fails no sound suite; code that sleeps has ``WALL_FACTOR`` times as long.
    """
    start = time.perf_counter()
    implementations = [{"name": "correct", "sources": {}}]
    originals = module_sources(mutants)
    for mutant in mutants:
        changed = mutant.apply(originals)
        implementations.append({"name": mutant.name, "sources": {
            k: v for k, v in changed.items() if v != originals[k]}})
    with tempfile.TemporaryDirectory(prefix="dsroles-suite-") as tmp:
        folder = Path(tmp)
        _write_files(folder, {TEST_FILE: tests_source, "pytest.ini": "[pytest]\n", **(files or {})})
        plan = {"test_file": TEST_FILE, "preload": list(preload), "run_timeout": run_timeout,
                "deadline": total_timeout - 1.0, "implementations": implementations}
        (folder / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
        # the runner keeps the runs within total_timeout CPU seconds; the clock allows more
        why = _run_plan(folder, tuple(preload), _environment(env), WALL_FACTOR * total_timeout)
        results = _read_results(folder, implementations)
    if not results:
        raise SuiteError(f"the test runner could not run the suite: {why or 'no result'}")
    correct = results.pop("correct")
    return SuiteReport(correct, results, round(time.perf_counter() - start, 2))


def _read_results(folder: Path, implementations) -> dict[str, RunResult]:
    out = {}
    for impl in implementations:
        path = folder / f"result-{impl['name']}.json"
        if path.is_file():
            out[impl["name"]] = RunResult(**json.loads(path.read_text(encoding="utf-8")))
    if "correct" not in out:
        return {}
    if out["correct"].outcome == PASSED:  # a mutant the runner never reached ran out of time
        for impl in implementations[1:]:
            out.setdefault(impl["name"], RunResult(impl["name"], TIMEOUT))
    return out
