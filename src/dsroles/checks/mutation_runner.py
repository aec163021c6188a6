"""The subprocess side of ``dsroles.checks.mutation``: run one pytest suite per implementation.

    python -m dsroles.checks.mutation_runner plan.json     (in the folder holding the suite)

Imports the plan's ``preload`` modules once, then for each implementation forks a child that
installs its patched modules (their source given in the plan) under their real names, runs
``pytest.main`` on the suite with its output in a file, and writes ``result-<name>.json``.
The first implementation is the correct code; when the suite does not pass on it, the rest
are not run. Where ``os.fork`` does not exist, each child is a fresh interpreter instead.

    python -m dsroles.checks.mutation_runner --serve

keeps running instead: it reads ``{"preload": [...]}``, imports those modules once, then for
each ``{"folder": ...}`` line runs that folder's plan and answers ``done``; it ends when its
input closes.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

try:
    import resource
except ImportError:  # Windows: no CPU limit, each run is a fresh interpreter on a clock
    resource = None

OUTPUT_TAIL = 3000  # characters of pytest's report kept per run
# Limits are CPU seconds, so a busy machine (a class graded on two cores) does not fail a
# sound suite; the clock allows WALL_FACTOR times as much, for code that sleeps instead.
WALL_FACTOR = 3


class Counter:
    """A pytest plugin that counts collected and failed tests."""

    def __init__(self):
        self.tests = 0
        self.failed = 0

    def pytest_collection_modifyitems(self, items):
        self.tests = len(items)

    def pytest_runtest_logreport(self, report):
        if report.failed:
            self.failed += 1


def install(sources: dict) -> None:
    """Import each patched module from its given source, under its own name."""
    for name, source in sources.items():
        if name in sys.modules:
            raise RuntimeError(f"{name} was imported before its mutant was installed; "
                               f"take it out of the preload list.")
        spec = importlib.util.find_spec(name)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        exec(compile(source, spec.origin, "exec"), module.__dict__)  # noqa: S102 - the kit's code
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(importlib.import_module(parent), child, module)


def run_one(impl: dict, plan: dict) -> int:
    """In the child: install the implementation, run the suite, write its result; the exit code."""
    import pytest

    started = time.perf_counter()
    name = impl["name"]
    log = Path(f"output-{name}.txt")
    counter = Counter()
    with log.open("w", encoding="utf-8") as out:
        os.dup2(out.fileno(), 1)
        os.dup2(out.fileno(), 2)
        sys.stdout = sys.stderr = out
        try:
            install(impl["sources"])
            code = int(pytest.main(["-q", "-x", "-p", "no:cacheprovider", "--tb=short",
                                    "--no-header", plan["test_file"]], plugins=[counter]))
        except BaseException as exc:  # noqa: BLE001 - anything that stops the run is a crash
            print(f"\nthe run stopped: {type(exc).__name__}: {exc}", file=out)
            code = 3
        out.flush()
    if code == 0:
        outcome = "passed"
    elif code == 5:
        outcome = "no_tests"
    elif code == 1:
        outcome = "failed"
    else:
        outcome = "crashed"
    text = log.read_text(encoding="utf-8", errors="replace")
    Path(f"result-{name}.json").write_text(json.dumps({
        "name": name, "outcome": outcome, "tests": counter.tests, "failed": counter.failed,
        "seconds": round(time.perf_counter() - started, 3), "output": text[-OUTPUT_TAIL:]}))
    return code


def _timed_out(name: str, seconds: float) -> None:
    Path(f"result-{name}.json").write_text(json.dumps({
        "name": name, "outcome": "timeout", "seconds": round(seconds, 3),
        "output": f"the run took longer than {seconds:.0f} s and was stopped"}))


def limit_child(seconds: float) -> None:
    """In a child: at most ``seconds`` of CPU time (a loop is stopped however busy the machine
    is), and WALL_FACTOR times that on the clock (a test that sleeps is stopped too)."""
    cpu = max(1, math.ceil(seconds))
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    except (AttributeError, ValueError, OSError):  # no resource module, or a lower hard limit
        pass
    signal.alarm(max(1, math.ceil(WALL_FACTOR * seconds)))


def children_cpu() -> float:
    """CPU seconds used so far by the children this process has waited for."""
    if resource is None:
        return 0.0
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run_forked(impl: dict, plan: dict) -> None:
    pid = os.fork()
    if pid == 0:  # the child
        limit_child(plan["run_timeout"])
        try:
            run_one(impl, plan)
        finally:
            os._exit(0)  # the result is in its file; never run the parent's code on
    started = time.perf_counter()
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status) or not Path(f"result-{impl['name']}.json").is_file():
        _timed_out(impl["name"], time.perf_counter() - started)


def run_fresh(impl: dict, plan: dict) -> None:
    """Without fork: the same child as a fresh interpreter."""
    started = time.perf_counter()
    try:
        subprocess.run([sys.executable, "-m", "dsroles.checks.mutation_runner", "plan.json",
                        "--only", impl["name"]], timeout=plan["run_timeout"], check=False)
    except subprocess.TimeoutExpired:
        _timed_out(impl["name"], time.perf_counter() - started)


def _import_pytest_plugins() -> None:
    """Import pytest's own plugins once, here, rather than in every child (0.5 s each)."""
    from _pytest.config import default_plugins

    for name in default_plugins:
        try:
            importlib.import_module(f"_pytest.{name}")
        except ImportError:  # a plugin of another pytest version: pytest.main does without it
            pass


def run_plan(plan: dict) -> None:
    """Run the suite on each implementation in turn (in the plan's folder, the cwd), while the
    runs' CPU time stays within the plan's deadline; the ones left are not run (out of time)."""
    run = run_forked if hasattr(os, "fork") else run_fresh
    spent = children_cpu()
    for impl in plan["implementations"]:
        if children_cpu() - spent > plan["deadline"]:
            break
        run(impl, plan)
        result = json.loads(Path(f"result-{impl['name']}.json").read_text(encoding="utf-8"))
        if impl["name"] == "correct" and result["outcome"] != "passed":
            break


def serve() -> int:
    """Preload once, then run the plan of each folder named on stdin; answer 'done' each time."""
    first = json.loads(sys.stdin.readline() or "{}")
    for name in first.get("preload", []):
        importlib.import_module(name)
    _import_pytest_plugins()
    home = os.getcwd()
    for line in sys.stdin:
        folder = json.loads(line)["folder"]
        os.chdir(folder)
        try:
            run_plan(json.loads(Path("plan.json").read_text(encoding="utf-8")))
        finally:
            os.chdir(home)
        sys.stdout.write("done\n")
        sys.stdout.flush()
    return 0


def main(argv: list[str]) -> int:
    if argv == ["--serve"]:
        return serve()
    plan = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    if len(argv) == 3 and argv[1] == "--only":
        impl = next(i for i in plan["implementations"] if i["name"] == argv[2])
        return run_one(impl, plan)
    signal.alarm(max(1, math.ceil(WALL_FACTOR * plan["deadline"])))  # never outlive the caller's wait
    for name in plan["preload"]:
        importlib.import_module(name)
    _import_pytest_plugins()
    run_plan(plan)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
