"""Do pyproject.toml and environment.yml list the same dependencies with the same ranges?"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# conda-forge names that differ from PyPI's
CONDA_NAMES = {"python-duckdb": "duckdb"}


def _split(requirement: str) -> tuple[str, str]:
    name, spec = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = meta["dependencies"] + [r for extra in meta["optional-dependencies"].values() for r in extra]
    return dict(_split(r) for r in reqs)


def conda_requirements() -> dict[str, str]:
    out = {}
    text = (ROOT / "environment.yml").read_text()
    for line in text.split("\ndependencies:\n", 1)[1].splitlines():
        m = re.match(r"^  - ([A-Za-z][^:#]*?)\s*$", line) or re.match(r"^      - ([A-Za-z][^:#]*?)\s*$", line)
        if m and m.group(1) not in ("pip",):
            name, spec = _split(m.group(1))
            out[CONDA_NAMES.get(name, name)] = spec
    out.pop("python", None)
    return out


def test_the_two_dependency_lists_agree():
    assert conda_requirements() == pyproject_requirements()


def test_every_dependency_has_a_bounded_range():
    for name, spec in pyproject_requirements().items():
        assert ">=" in spec and "<" in spec.replace("<=", ""), f"{name} needs a range like >=a,<b"


def test_the_slowest_test_files_named_to_start_first_exist():
    """tests/conftest.py's SLOW_FIRST names files that are there (a renamed file would quietly
    lose its place)."""
    import importlib.util

    tests = Path(__file__).parent
    spec = importlib.util.spec_from_file_location("tests_root_conftest", tests / "conftest.py")
    module = importlib.util.module_from_spec(spec)  # by its path: `conftest` may be another one here
    spec.loader.exec_module(module)
    assert module.SLOW_FIRST and [name for name in module.SLOW_FIRST if not (tests / name).is_file()] == []
