"""Answers built from the assessment's own source: the solution's answer cells are the right
answers, and each banked mistake (``wrong_answers/*.toml``) is a wrong one, run the way the
notebook runs them (the set-up cell, then the answer cell, in one namespace)."""

from __future__ import annotations

import contextlib
import functools
import io
import re
from pathlib import Path

from dsroles.grading import notebook as nbk
from dsroles.grading.bank import load_bank
from dsroles.tracks import track_for_assessment

ROOT = Path(__file__).resolve().parents[3]
ASSESSMENT = "product_engineer"
CALL = re.compile(r'partial_check\("(?P<id>[\w.]+)", (?P<value>.+?), points=')


@functools.lru_cache(maxsize=1)
def source():
    return nbk.read_notebook(ROOT / "solutions" / ASSESSMENT / f"{ASSESSMENT}.ipynb")


def cell(grade_id: str) -> str:
    text = next(c.source for c in source().cells if nbk.grade_id(c) == grade_id)
    return "\n".join(line for line in text.splitlines() if "### " not in line)


@functools.lru_cache(maxsize=1)
def bank():
    return {e.name: e for e in load_bank(track_for_assessment(ASSESSMENT).bank, ASSESSMENT, source())}


@functools.lru_cache(maxsize=4)
def _setup(seed: int) -> dict:
    namespace = {"__name__": "__main__", "seed": seed}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(cell("pe_setup"), namespace)  # noqa: S102 - the kit's own notebook
        exec(cell("pe_setup_batches"), namespace)  # noqa: S102
    return namespace


def run(seed: int, answer_id: str, code: str | None = None) -> dict:
    """The set-up's namespace with one answer cell (or a replacement for it) run in it."""
    namespace = dict(_setup(seed))
    exec(code if code is not None else cell(answer_id), namespace)  # noqa: S102
    return namespace


def tests() -> dict[str, tuple[str, str, str]]:
    """``{exercise id: (test grade_id, answer grade_id, value expression)}``."""
    cells = source().cells
    out = {}
    for i, c in enumerate(cells):
        m = CALL.search(c.source) if nbk.is_test(c) else None
        if m:
            answer = next(nbk.grade_id(a) for a in reversed(cells[:i]) if nbk.is_solution(a) and a.cell_type == "code")
            out[m["id"]] = (nbk.grade_id(c), answer, m["value"])
    return out


def right(exercise_id: str):
    _, answer, value = tests()[exercise_id]
    return lambda seed=42: eval(value, run(seed, answer))  # noqa: S307


def wrong(exercise_id: str, most: int = 2) -> dict:
    """The first ``most`` banked mistakes that lose marks on the exercise's test (two are what
    the contract asks; ``dsroles validate`` replays them all)."""
    test, answer, value = tests()[exercise_id]
    entries = [e for e in bank().values() if test in e.loses][:most]
    return {e.description: (lambda seed=42, e=e: eval(value, run(seed, e.replaces, e.code)))  # noqa: S307
            for e in entries}


def alternative(exercise_id: str, code: str):
    """A right answer written another way: ``code`` replaces the answer cell."""
    _, answer, value = tests()[exercise_id]
    return lambda seed=42: eval(value, run(seed, answer, code))  # noqa: S307
