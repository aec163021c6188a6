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

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

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


def run_suite(tests_source: str, mutants=(), *, files: dict | None = None, preload=(),
              env: dict | None = None, run_timeout: float = 10.0,
              total_timeout: float = 25.0) -> SuiteReport:
    """Run ``tests_source`` (a pytest file) against the correct code, then each mutant.

    ``files`` are written beside the tests (``conftest.py``, fixture data; a ``Path`` value is
    copied). ``preload`` names modules the runner imports once before forking (never one a
    mutant patches). The mutants are skipped when the suite does not pass on correct code.
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
        try:
            done = subprocess.run([sys.executable, "-m", "dsroles.checks.mutation_runner", "plan.json"],
                                  cwd=folder, env=_environment(env), capture_output=True, text=True,
                                  timeout=total_timeout)
        except subprocess.TimeoutExpired:
            done = None
        results = _read_results(folder, implementations)
    if not results:
        why = ("it ran out of time" if done is None else
               f"it stopped with code {done.returncode}: {(done.stderr or '').strip()[-600:]}")
        raise SuiteError(f"the test runner could not run the suite: {why}")
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


def report_dict(report: SuiteReport) -> dict:
    """The report as plain data (for a log or a test)."""
    return {"correct": asdict(report.correct), "seconds": report.seconds,
            "mutants": {k: asdict(v) for k, v in report.mutants.items()}}
