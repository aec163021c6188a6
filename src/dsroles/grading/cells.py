"""Which cells of a notebook a test cell needs: names each cell defines and uses, read with ast.

``needed(cells, target)`` walks back from a test cell and keeps every earlier cell that
defines a name something kept still uses: the cells to run to reproduce that test. The same
walk says which tests an answer cell can affect, so that independent wrong answers can share
one graded notebook. Cells that are not plain Python (magics) count as defining and using
nothing, so nothing is skipped because of them by mistake: they are reported by the replay.
"""

from __future__ import annotations

import ast
import builtins
import functools
from dataclasses import dataclass

BUILTINS = frozenset(dir(builtins))
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


@dataclass(frozen=True)
class Cell:
    """A code cell: its position, source, grade_id, kind and the names it binds and reads."""

    index: int
    source: str
    grade_id: str | None
    is_test: bool
    is_answer: bool
    defines: frozenset
    uses: frozenset


def _bound_at_top(tree: ast.Module) -> set[str]:
    """Names a module binds at its top level (not inside functions, classes or lambdas)."""
    names: set[str] = set()

    def visit(node):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            return
        if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            return
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                names.add((alias.asname or alias.name).split(".")[0])
        for child in ast.iter_child_nodes(node):
            visit(child)

    for statement in tree.body:
        visit(statement)
    return names


@functools.lru_cache(maxsize=4096)  # a replay asks again for each case: parse each source once
def names_of(source: str) -> tuple[frozenset, frozenset]:
    """(defines, uses) of a cell's source; two empty sets when it is not plain Python.

    A name the cell imports itself is not among its uses: it needs no earlier cell for it.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return frozenset(), frozenset()
    uses = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    uses |= {n.target.id for n in ast.walk(tree)  # x += 1 reads x first
             if isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name)}
    imported = {(a.asname or a.name).split(".")[0] for n in ast.walk(tree)
                if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}
    return frozenset(_bound_at_top(tree)), frozenset(uses - BUILTINS - imported)


def code_cells(nb, replace: dict | None = None) -> list[Cell]:
    """The notebook's code cells, with ``replace`` ({grade_id: source}) swapped in."""
    from dsroles.grading import notebook as nbk

    replace = replace or {}
    cells = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        gid = nbk.grade_id(cell)
        source = replace.get(gid, cell.source) if gid else cell.source
        defines, uses = names_of(source)
        cells.append(Cell(index, source, gid, nbk.is_test(cell),
                          nbk.is_solution(cell) and not nbk.is_grade(cell), defines, uses))
    return cells


def first_answer(cells: list[Cell]) -> int:
    """Position (in ``cells``) of the first answer cell: the cells before it are the set-up."""
    return next((i for i, c in enumerate(cells) if c.is_answer), len(cells))


def needed(cells: list[Cell], target: int, start: int = 0) -> list[int]:
    """Positions of the cells in ``cells[start:target + 1]`` that ``cells[target]`` needs, in order."""
    keep = [target]
    wanted = set(cells[target].uses)
    for i in range(target - 1, start - 1, -1):
        cell = cells[i]
        if cell.defines & wanted:
            keep.append(i)
            wanted = (wanted - cell.defines) | cell.uses
    return sorted(keep)


def affected_tests(cells: list[Cell], answer_ids, start: int = 0) -> set[str]:
    """grade_ids of the test cells whose result can depend on any of the answer cells named."""
    answer_ids = set(answer_ids)
    out = set()
    for i, cell in enumerate(cells):
        if cell.is_test and any(cells[j].grade_id in answer_ids for j in needed(cells, i, start)):
            out.add(cell.grade_id)
    return out
