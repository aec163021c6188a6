"""Do the package's imports point one way? tracks -> checks -> (nothing of ours but errors and
paths); commands -> everything; nothing imports the command line; a track never imports another.

Every import is read with ast, function-local ones included (the package imports heavy modules
inside functions)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
FOUNDATION = {"dsroles", "dsroles.errors", "dsroles.paths"}
# layer -> the layers its modules may import (besides their own and the foundation)
ALLOWED = {
    "checks": set(),
    "churn": set(),
    "competencies": set(),
    "tracks": {"checks", "churn"},
    "grading": {"competencies", "profile"},
    "profile": {"competencies", "checks", "grading"},
    "team": {"competencies", "profile"},
    "workshop": {"competencies", "grading", "profile", "team"},
    "capstone": {"churn"},
    "commands": {"checks", "churn", "tracks", "grading", "profile", "team", "competencies", "workshop",
                 "capstone"},
    "cli": {"commands"},
    "__main__": {"cli"},
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> str | None:
    """The layer of a module (or of a name imported from it); None for the foundation."""
    parts = module.split(".")
    if parts[0] != "dsroles" or len(parts) == 1 or ".".join(parts[:2]) in FOUNDATION:
        return None
    return parts[1] if parts[1] in ALLOWED else None  # dsroles.ROLES, dsroles.__version__


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
            out |= {f"{node.module}.{a.name}" for a in node.names}
    return {m for m in out if m.split(".")[0] == "dsroles"}


MODULES = sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p))
def test_imports_point_one_way(path):
    me = _module_name(path)
    mine = _layer(me)
    if mine is None:
        assert all(_layer(m) is None for m in _imports(path)), "the foundation imports nothing of ours"
        return
    wrong = []
    for target in _imports(path):
        theirs = _layer(target)
        if theirs is None or theirs == mine:
            if mine == "tracks" and theirs == "tracks":
                own, other = me.split(".")[:3], target.split(".")[:3]
                if len(other) == 3 and other != own:
                    wrong.append(f"{target} (another track: share it through dsroles.checks)")
            continue
        if theirs not in ALLOWED.get(mine, set()):
            wrong.append(target)
    assert wrong == [], f"{me} imports {wrong}"


def test_the_layers_cover_every_module():
    """Is every module of the package in a layer with rules (or in the foundation)?"""
    tops = {_module_name(p).split(".")[1] for p in MODULES if "." in _module_name(p)}
    assert tops - {"errors", "paths"} <= set(ALLOWED)
