"""Does every banked wrong answer of the data scientist assessment lose marks on every seed,
and does the solution keep full marks? A quick check in one process, until
``dsroles validate --seeds`` does it with real kernels:

    DSROLES_HOME=.dsroles python tests/tracks/data_scientist/bank_seeds.py 1-5 6-10

For each seed, the solution notebook's code cells run in order in one namespace (its
``seed = 42`` cell set to the seed), and each test cell's points are read as nbgrader reads
them (the number a partial check returns; full points if it raises nothing; none if it
raises). Each wrong answer then runs from the namespace as it was before the cell it
replaces, followed by the test cells of that cell's block; as ``dsroles validate`` judges,
every item it names must lose marks. Prints one line per seed and the wrong answers that
kept full marks on an item somewhere; exit code 1 if any did, or if the solution lost any.
"""

from __future__ import annotations

import ast
import contextlib
import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
ASSESSMENT = "data_scientist"


def run(code: str, ns: dict):
    """Execute a cell; return the value of its last expression, as a notebook shows it."""
    tree = ast.parse(code)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<cell>", "exec"), ns)  # noqa: S102 - our own notebook
    return eval(compile(ast.Expression(last.value), "<cell>", "eval"), ns) if last else None


def points(code: str, ns: dict, most: float) -> float:
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            value = run(code, ns)
    except Exception:  # noqa: BLE001 - a failing test cell scores nothing
        return 0.0
    return min(float(value), most) if isinstance(value, (int, float)) else most


def blocks(source):
    """[(answer grade_id or None, code, [(test grade_id, code, points)])] in notebook order."""
    from dsroles.grading import notebook as nbk

    out = []
    for cell in source.cells:
        if cell.cell_type != "code":
            continue
        if nbk.is_test(cell):
            out[-1][2].append((nbk.grade_id(cell), cell.source, float(nbk.nbg(cell)["points"])))
        else:
            answer = nbk.grade_id(cell) if nbk.is_solution(cell) else None
            out.append((answer, cell.source, []))
    return out


def grade(source, bank, seed: int) -> tuple[dict, dict]:
    """({test: points} of the solution, {wrong answer: {test: (points, most)}}) at ``seed``."""
    ns: dict = {}
    before: dict[str, dict] = {}
    solution: dict[str, float] = {}
    steps = blocks(source)
    for answer, code, tests in steps:
        if answer:
            before[answer] = dict(ns)
        run(code.replace("seed = 42", f"seed = {seed}") if not answer and "seed = 42" in code
            else code, ns)
        solution.update({t: points(c, ns, most) for t, c, most in tests})
    tests_of = {answer: tests for answer, _, tests in steps if answer}
    wrong = {}
    for entry in bank:
        ns2 = dict(before[entry.replaces])
        try:
            run(entry.code, ns2)
        except Exception:  # noqa: BLE001 - then every test of its block scores nothing
            ns2 = {}
        wrong[entry.name] = {t: (points(c, ns2, most), most) for t, c, most in tests_of[entry.replaces]
                             if t in entry.loses}
    return solution, wrong


def seeds_of(args) -> list[int]:
    out = []
    for arg in args or ["1-5"]:
        first, _, last = arg.partition("-")
        out += list(range(int(first), int(last or first) + 1))
    return out


def main(args) -> int:
    os.environ.setdefault("MPLBACKEND", "Agg")
    from dsroles.grading import notebook as nbk
    from dsroles.grading.bank import load_bank
    from dsroles.tracks import track_for_assessment

    source = nbk.read_notebook(ROOT / "solutions" / ASSESSMENT / f"{ASSESSMENT}.ipynb")
    bank = load_bank(track_for_assessment(ASSESSMENT).bank, ASSESSMENT, source)
    kept: dict[str, list[int]] = {}
    short = 0
    for seed in seeds_of(args):
        with contextlib.redirect_stdout(io.StringIO()):  # the cells' own prints
            solution, wrong = grade(source, bank, seed)
        lost = {t: p for t, p in solution.items()
                if p < max(most for _, _, tests in blocks(source) for g, _, most in tests if g == t)}
        short += bool(lost)
        for name, tests in wrong.items():
            full = sorted(t for t, (p, most) in tests.items() if p >= most)
            if full:  # as validate judges: every item the entry names must lose marks
                kept.setdefault(name, []).append((seed, full))
        print(f"seed {seed}: solution {sum(solution.values()):g} points"
              + (f", short on {sorted(lost)}" if lost else "")
              + f"; {sum(1 for t in wrong.values() if all(p < m for p, m in t.values()))} of "
              f"{len(wrong)} wrong answers lose marks on every item they name", flush=True)
    for name, where in sorted(kept.items()):
        print(f"  KEPT full marks: {name} on " + ", ".join(f"seed {s} ({', '.join(t)})"
                                                         for s, t in where))
    return 1 if kept or short else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
