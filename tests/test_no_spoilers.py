"""Nothing in a lesson gives an answer away before the learner has checked it.

Three rules over every lesson notebook found under ``course/`` (all six tracks and the start
lesson, and any lesson added later) and over every lesson module's exercises:

1. no code cell calls ``.hint(`` or ``.solution(`` (a commented-out line is an offer, a call is
   a spoiler the profile would then report as asked for);
2. no hint contains a line of its exercise's solution code (hints are a ladder of nudges; the
   code is what ``solution()`` is for);
3. a view that shows an answer (a plot, a widget, a printed value) is a *reveal cell*: tagged
   ``reveal`` with ``metadata.dsroles.reveals`` naming the exercise (``"strongest_correlate"``).
   It must come after that exercise's ``.check(`` cell and draw only behind
   ``if q.<name>.solved:``, so Run All and a scroll down show nothing until the check passed.
   The four spoilers of issue 9 broke rule 3: DE 01 exercise 1 (the defects chart), DS 01
   exercise 2 (the correlation chart), DS 02 exercise 1 (the filled-in table above the
   exercise) and DS 04 exercise 3 (the trial-size slider) showed their answers ungated;
   ``KNOWN_REVEALS`` keeps them declared.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import nbformat
import pytest

from dsroles.checks.exercise import Exercise
from dsroles.tracks import TRACKS

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "course").glob("*/*.ipynb"))
EXERCISES = [
    ex for track in TRACKS for module in track.lesson_modules
    for ex in vars(importlib.import_module(module)).values() if isinstance(ex, Exercise)
]
KNOWN_REVEALS = {
    ("3_data_engineer", "01_the_role.ipynb"): "defects_per_source",
    ("4_data_scientist", "01_the_role.ipynb"): "strongest_correlate",
    ("4_data_scientist", "02_leakage_and_splits.ipynb"): "leaky_column",
    ("4_data_scientist", "04_ab_test_and_reproducibility.ipynb"): "ab_decision",
}


def lesson_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def code_cells(path: Path):
    return [(i, c) for i, c in enumerate(nbformat.read(path, 4).cells) if c.cell_type == "code"]


def parsed(source: str) -> ast.AST:
    """A cell's code as Python (IPython's ``%magic`` and ``!shell`` lines blanked)."""
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    return ast.parse("\n".join(lines))


def called_methods(source: str) -> set[str]:
    return {node.func.attr for node in ast.walk(parsed(source))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)}


def test_every_lesson_and_exercise_is_seen():
    assert len(LESSONS) >= sum(len(t.lessons) for t in TRACKS)
    assert len(EXERCISES) >= 50


@pytest.mark.parametrize("path", LESSONS, ids=lesson_id)
def test_no_cell_asks_for_a_hint_or_the_solution(path):
    for index, cell in code_cells(path):
        asked = called_methods(cell.source) & {"hint", "solution"}
        assert not asked, (f"cell {index} calls .{asked.pop()}() itself: leave it commented out "
                           "(# q.x.hint()) so only the learner asks")


# -- rule 2: hints hold no solution code -------------------------------------------------
def code_lines(text: str) -> list[str]:
    """The code in a markdown text: lines of fenced blocks, then each `inline` span."""
    blocks = re.findall(r"```[a-z]*\n(.*?)```", text, re.S)
    rest = re.sub(r"```.*?```", "", text, flags=re.S)
    return [line for block in blocks for line in logical_lines(block)] + re.findall(r"`([^`\n]+)`", rest)


def logical_lines(block: str) -> list[str]:
    """A code block's lines, a statement spread over brackets joined into one."""
    lines, pending = [], ""
    for line in block.splitlines():
        pending += " " + line.split("#", 1)[0].strip()
        if sum(pending.count(c) for c in "([{") <= sum(pending.count(c) for c in ")]}"):
            lines.append(pending.strip())
            pending = ""
    return lines + ([pending.strip()] if pending.strip() else [])


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("'", '"')


EXPRESSIONS = (ast.Call, ast.BinOp, ast.Compare, ast.BoolOp, ast.ListComp, ast.GeneratorExp, ast.DictComp)


def python_pieces(solution: str, shortest: int = 20) -> set[str]:
    """Every call, operation or comprehension inside the solution's Python code, squeezed
    (``crm['customer_id'].duplicated().sum()`` inside ``int(...)``)."""
    pieces = set()
    for block in re.findall(r"```[a-z]*\n(.*?)```", solution, re.S) + re.findall(r"`([^`\n]+)`", solution):
        try:
            tree = ast.parse(block)
        except SyntaxError:  # SQL, YAML or prose in backticks: the line rule covers it
            continue
        for node in ast.walk(tree):
            if isinstance(node, EXPRESSIONS) and len(squeeze(ast.unparse(node))) >= shortest:
                pieces.add(squeeze(ast.unparse(node)))
    return pieces


def answer_pieces(solution: str, shortest: int = 12) -> set[str]:
    """Each solution statement, its right-hand side, and each sizeable expression inside it,
    squeezed (imports and short ones left out)."""
    pieces = python_pieces(solution)
    for line in code_lines(solution):
        if line.startswith(("import ", "from ")):
            continue
        assigned = re.match(r"^[\w\[\]'\", .]+?\s*(?<![=!<>])=(?!=)\s*(.+)$", line)
        for piece in (line, assigned.group(1) if assigned else line):
            if len(squeeze(piece)) >= shortest:
                pieces.add(squeeze(piece))
    return pieces


def leaked(hint: str, solution: str) -> list[str]:
    text = squeeze(hint)
    return sorted(p for p in answer_pieces(solution) if p in text)


def test_the_leak_rule_catches_the_issue_example():
    """Issue 9's example: DE 02's last hint held `crm['customer_id'].duplicated().sum()`, the inside
    of its solution's `int(...)`."""
    assert leaked("`crm['customer_id'].duplicated().sum()` counts the extra rows.",
                  "```python\nmy_duplicates = int(crm['customer_id'].duplicated().sum())\n```")
    solution = "```python\nn_dupes = crm['customer_id'].duplicated().sum()\n```"
    assert leaked("Count them: `crm['customer_id'].duplicated().sum()`.", solution)
    assert leaked("`crm[\"customer_id\"].duplicated() .sum()`", solution)
    assert not leaked("A Series has a method that marks repeats; count the True values.", solution)


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda ex: ex.id)
def test_no_hint_gives_the_solution_code(exercise):
    for number, hint in enumerate(exercise.hints, 1):
        found = leaked(hint, exercise.solution_text)
        assert not found, (f"hint {number} of {exercise.id} holds solution code {found[0]!r}: "
                           "nudge towards it in words, the code belongs in solution()")


# -- rule 3: reveal cells wait for the check -----------------------------------------------
def reveal_cells(path: Path):
    for index, cell in code_cells(path):
        if "reveal" in cell.metadata.get("tags", []):
            yield index, cell, cell.metadata.get("dsroles", {}).get("reveals", "")


def check_cell(path: Path, name: str) -> int | None:
    for index, cell in code_cells(path):
        if f".{name}.check(" in cell.source:
            return index
    return None


@pytest.mark.parametrize("path", LESSONS, ids=lesson_id)
def test_reveal_cells_come_after_the_check_and_wait_for_it(path):
    for index, cell, name in reveal_cells(path):
        assert name, f"reveal cell {index} names no exercise in metadata.dsroles.reveals"
        checked = check_cell(path, name)
        assert checked is not None, f"reveal cell {index}: no cell checks {name}"
        assert checked < index, f"reveal cell {index} shows {name}'s answer before its check (cell {checked})"
        assert re.search(rf"^if \w+\.{name}\.solved:", cell.source, re.M), (
            f"reveal cell {index} must draw only behind `if q.{name}.solved:`")


@pytest.mark.parametrize("where,name", KNOWN_REVEALS.items(), ids=lambda v: str(v))
def test_the_known_spoilers_are_reveal_cells(where, name):
    path = ROOT / "course" / where[0] / where[1]
    assert name in {n for _, _, n in reveal_cells(path)}, f"{lesson_id(path)}: {name}'s view is not a reveal cell"
