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
    blank: dict[str, float] | None = None  # every test, with every answer cell as released
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


def _run(cells: list[C.Cell], plan, namespace: dict, max_points: dict, seed: int,
         scores: dict, snapshots: dict | None = None) -> None:
    """Run the cells at positions ``plan`` in order; note each test's points in ``scores``.

    With ``snapshots``, a copy of the namespace is kept before each position it names.
    """
    for i in plan:
        cell = cells[i]
        if snapshots is not None and i in snapshots:
            snapshots[i] = _copy(namespace)
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


def _plan(cells: list[C.Cell], tests, start: int) -> list[int]:
    """The positions of every cell the tests at positions ``tests`` need, in order."""
    return sorted({i for t in tests for i in C.needed(cells, t, start)})


def replay(source, seed: int, bank=(), blank: dict | None = None) -> Replay:
    """Replay the solution and each wrong answer of ``bank`` at ``seed``; with ``blank``
    (``{grade_id: the released answer cell's code}``), the blank release too.

    The cells run as ``__main__`` (a fresh module per case, put in ``sys.modules`` as a
    notebook's kernel has it); the caller's own ``__main__`` is put back at the end.
    """
    import sys

    caller = sys.modules.get("__main__")
    try:
        return _replay(source, seed, bank, blank)
    finally:
        if caller is not None:
            sys.modules["__main__"] = caller


def _replay(source, seed: int, bank, blank) -> Replay:
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
    plan = _plan(cells, tests, start)
    position = {c.grade_id: i for i, c in enumerate(cells) if c.grade_id}
    # the namespace just before each replaced answer cell: a mistake replays from there
    snapshots = {position[e.replaces]: None for e in bank if e.replaces in position}
    namespace = _main_namespace(_copy(setup))
    _run(cells, plan, namespace, max_points, seed, out.solution, snapshots)
    out.solution = {cells[t].grade_id: out.solution.get(cells[t].grade_id, 0.0) for t in tests}
    case = dict(nb=nb, start=start, plan=plan, position=position, snapshots=snapshots,
                setup=setup, max_points=max_points, seed=seed)
    for entry in bank:
        out.wrong[entry.name] = _replay_case({entry.replaces: entry.code}, set(entry.loses), **case)
    if blank is not None:
        out.blank = _replay_case(blank, set(max_points), **case)
    return out


def _replay_case(replace: dict, loses: set, *, nb, start, plan, position, snapshots, setup,
                 max_points, seed) -> dict:
    """The points of the tests in ``loses`` with the answer cells ``replace`` names changed:
    from the solution's namespace just before the first replaced cell, run it and what the
    tests need after it, and any earlier cell the new code needs that the solution never ran."""
    changed = C.code_cells(nb, replace)
    targets = [i for i, c in enumerate(changed) if c.is_test and c.grade_id in loses]
    needed = _plan(changed, targets, start)
    at = min((position[g] for g in replace if g in position), default=start)
    before = snapshots.get(at)
    if before is None:  # no snapshot there: start from the set-up
        before, ran = setup, set()
    else:
        ran = {i for i in plan if i < at}
    steps = [i for i in needed if i >= at or i not in ran]
    scores: dict[str, float] = {}
    _run(changed, steps, _main_namespace(_copy(before)), max_points, seed, scores)
    return {changed[t].grade_id: scores.get(changed[t].grade_id, 0.0) for t in targets}
