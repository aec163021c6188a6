"""Grade the data engineer assessment's solution and its banked wrong answers at several
seeds, in this process, without nbgrader: a quick stand-in for ``dsroles validate --seeds``.

    DSROLES_HOME=.dsroles .venv/bin/python tests/tracks/data_engineer/bank_at_seeds.py 1-5
    ... bank_at_seeds.py 1-10 --only last_seen_month_number,usage_pandas_then_duckdb

For each seed the solution notebook's code cells run once, in order, in one namespace; each
wrong answer then reruns the notebook from the cell it replaces (on a copy of the namespace
taken just before that cell). The test cells are not executed: each one's check is called
with the value it names, so the points are the test cell's points times the fraction. The
solution must get full marks, and every wrong answer must lose marks on each item it names.
It prints one line per seed and case and exits 1 if any check fails.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CALL = re.compile(r'(partial_check|assert_check)\("([\w.]+)",\s*(\w+)')


def _cells():
    from dsroles.grading import notebook as nbk

    nb = nbk.read_notebook(ROOT / "solutions" / "data_engineer" / "data_engineer.ipynb")
    return [c for c in nb.cells if c.cell_type == "code"], nbk


def _tests(cells, nbk) -> dict:
    """{grade_id: (exercise id, variable, points)} of the autograded test cells."""
    found = {}
    for cell in cells:
        if nbk.is_test(cell):
            match = CALL.search(cell.source.split("### BEGIN HIDDEN TESTS")[-1])
            found[nbk.grade_id(cell)] = (match.group(2), match.group(3),
                                         float(nbk.nbg(cell)["points"]))
    return found


def _run(cells, nbk, ns: dict, start: int, replaced: dict, snapshots=None) -> dict:
    """Run the non-test code cells from ``start``; ``replaced`` maps grade_id -> code."""
    for index in range(start, len(cells)):
        cell = cells[index]
        if nbk.is_test(cell):
            continue
        if snapshots is not None:
            snapshots[nbk.grade_id(cell)] = (index, dict(ns))
        code = replaced.get(nbk.grade_id(cell), cell.source)
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                exec(compile(code, nbk.grade_id(cell), "exec"), ns)
            except Exception as exc:  # a wrong answer may crash its own cell, as in grading
                ns.setdefault("_errors", []).append(f"{nbk.grade_id(cell)}: {exc!r}")
    return ns


def _grade(tests: dict, ns: dict, seed: int) -> dict:
    """{grade_id: (points, max points, message)}."""
    from dsroles.checks.registry import get_exercise

    marks = {}
    for gid, (exercise_id, variable, points) in tests.items():
        value = ns.get(variable, ...)
        result = get_exercise(exercise_id).evaluate(value, seed=seed)
        marks[gid] = (points * result.fraction, points, result.message)
    return marks


def check_seed(seed: int, bank, only=None, verbose=False) -> list[tuple[str, bool, str]]:
    cells, nbk = _cells()
    tests = _tests(cells, nbk)
    snapshots: dict = {}
    ns = _run(cells, nbk, {"__name__": "__main__"}, 0, {"parameters": f"seed = {seed}"},
              snapshots)
    marks = _grade(tests, ns, seed)
    lost = {g: m for g, m in marks.items() if m[0] < m[1]}
    lines = [("solution", not lost, "; ".join(f"{g}: {m[2]}" for g, m in lost.items())
              or "full marks")]
    for wrong in bank:
        if only and wrong.name not in only:
            continue
        index, before = snapshots[wrong.replaces]
        ns = _run(cells, nbk, dict(before), index, {wrong.replaces: wrong.code})
        marks = _grade(tests, ns, seed)
        kept = [g for g in wrong.loses if marks[g][0] >= marks[g][1]]
        detail = ", ".join(f"{g} {marks[g][0]:g}/{marks[g][1]:g}"
                           + (f" ({marks[g][2]})" if verbose else "") for g in wrong.loses)
        detail += f"; kept full marks: {kept}" if kept else ""
        lines.append((wrong.name, not kept, detail))
    return lines


def _seeds(text: str) -> list[int]:
    seeds = []
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        seeds += list(range(int(lo), int(hi or lo) + 1))
    return seeds


def main(argv=None) -> int:
    from dsroles.grading.bank import load_bank
    from dsroles.tracks import track_for_assessment

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", type=_seeds, help="e.g. 1-5 or 1,3,8-10")
    parser.add_argument("--only", default="", help="comma-separated wrong-answer names")
    parser.add_argument("--verbose", action="store_true", help="print each lost item's message")
    args = parser.parse_args(argv)
    bank = load_bank(track_for_assessment("data_engineer").bank, "data_engineer")
    only = set(filter(None, args.only.split(",")))
    failed = 0
    for seed in args.seeds:
        for name, ok, detail in check_seed(seed, bank, only, args.verbose):
            failed += not ok
            print(f"seed {seed:>3} {'ok  ' if ok else 'FAIL'} {name}: {detail}", flush=True)
    print(f"{failed} failing check(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
