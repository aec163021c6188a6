"""Replay an assessment's source notebook in this process, at several seeds, cheaply.

``dsroles validate --seeds`` asks, for each seed: does the solution keep full marks, and does
each banked wrong answer lose marks on the items it names? Grading every case with nbgrader
would take minutes per seed. Here the set-up cells run once per seed, and each case runs only
the cells its tests need (``dsroles.grading.cells``), on a copy of the set-up's variables.

Points follow nbgrader's ``determine_grade``: an exception scores 0, a number returned by the
cell's last expression is partial credit, anything else is full marks. Only the kit's own
notebooks and banks are replayed: this runs their code in this process, unsandboxed, so it is
never used on a learner's submission.
"""

from __future__ import annotations

import ast
import contextlib
import copy
import io
import warnings
from dataclasses import dataclass, field

from dsroles.grading import cells as C


@dataclass
class Replay:
    """What one seed gave: points per test for the solution and for each wrong answer."""

    seed: int
    max_points: dict[str, float]
    solution: dict[str, float] = field(default_factory=dict)
    wrong: dict[str, dict[str, float]] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)  # case -> why it could not be replayed


def _main_namespace(variables: dict | None = None) -> dict:
    """The namespace of a fresh ``__main__`` module, as a notebook's cells have: classes a cell
    defines are found by their module (pydantic, pickle), and ``display`` is there."""
    import sys
    import types

    module = types.ModuleType("__main__")
    module.__dict__.update({"__builtins__": __builtins__, "display": lambda *a, **k: None})
    module.__dict__.update(variables or {})
    sys.modules["__main__"] = module
    return module.__dict__


def run_source(source: str, namespace: dict):
    """Run a cell's source; return the value of its last expression (None if it has none)."""
    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<cell>", "exec"), namespace)  # noqa: S102 - the kit's own notebook
    if last is not None:
        return eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)  # noqa: S307
    return None


def _points(result, max_points: float) -> float:
    """nbgrader's partial credit: a number the cell returned, else full marks."""
    if result is None or isinstance(result, bool):
        return max_points
    try:
        value = float(result)
    except (TypeError, ValueError):
        return max_points
    return min(max(value, 0.0), max_points)


def _copy(namespace: dict) -> dict:
    """A copy of the set-up's variables that a case can change freely (modules are shared)."""
    out = {}
    for name, value in namespace.items():
        try:
            out[name] = copy.deepcopy(value)
        except Exception:  # modules, generators, locks: shared, as they are read-only here
            out[name] = value
    return out


@contextlib.contextmanager
def _silenced():
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), \
            contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        yield


def _run_tests(cells: list[C.Cell], tests: list[int], start: int, namespace: dict,
               max_points: dict, seed: int) -> dict[str, float]:
    """Points of each test in ``tests`` (positions), running only the cells they need."""
    plan = sorted({i for t in tests for i in C.needed(cells, t, start)})
    scores: dict[str, float] = {}
    for i in plan:
        cell = cells[i]
        namespace["seed"] = seed  # as the injected guard before every test cell does
        try:
            with _silenced():
                result = run_source(cell.source, namespace)
        except Exception:  # noqa: BLE001 - a failing cell scores 0 for a test, nothing for others
            if cell.is_test:
                scores[cell.grade_id] = 0.0
            continue
        if cell.is_test:
            scores[cell.grade_id] = _points(result, max_points[cell.grade_id])
    return {cells[t].grade_id: scores.get(cells[t].grade_id, 0.0) for t in tests}


def replay(source, seed: int, bank=()) -> Replay:
    """Replay the solution and each wrong answer of ``bank`` at ``seed``.

    The cells run as ``__main__`` (a fresh module per case, put in ``sys.modules`` as a
    notebook's kernel has it); the caller's own ``__main__`` is put back at the end.
    """
    import sys

    caller = sys.modules.get("__main__")
    try:
        return _replay(source, seed, bank)
    finally:
        if caller is not None:
            sys.modules["__main__"] = caller


def _replay(source, seed: int, bank) -> Replay:
    from dsroles.grading import notebook as nbk

    nb = nbk.inject_seed(copy.deepcopy(source), source, seed, "replay")
    max_points = {nbk.grade_id(c): float(nbk.nbg(c).get("points", 0)) for c in nb.cells if nbk.is_test(c)}
    out = Replay(seed, max_points)
    cells = C.code_cells(nb)
    start = C.first_answer(cells)
    setup = _main_namespace()
    try:
        with _silenced():
            for cell in cells[:start]:
                run_source(cell.source, setup)
    except Exception as exc:  # noqa: BLE001
        out.problems["set-up"] = f"the set-up cells failed at seed {seed}: {type(exc).__name__}: {exc}"
        return out
    tests = [i for i, c in enumerate(cells) if c.is_test]
    out.solution = _run_tests(cells, tests, start, _main_namespace(_copy(setup)), max_points, seed)
    for entry in bank:
        changed = C.code_cells(nb, {entry.replaces: entry.code})
        targets = [i for i, c in enumerate(changed) if c.is_test and c.grade_id in entry.loses]
        out.wrong[entry.name] = _run_tests(changed, targets, start, _main_namespace(_copy(setup)),
                                           max_points, seed)
    return out
