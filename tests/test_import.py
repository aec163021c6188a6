"""Does `import dsroles` stay instant and side-effect free?"""

from __future__ import annotations

import json
import os
import subprocess
import sys


def _run(code: str, env: dict) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, check=True).stdout


def test_import_is_fast_and_loads_nothing_heavy(tmp_path):
    code = (
        "import json, sys, time; t = time.perf_counter(); import dsroles; "
        "print(json.dumps({'seconds': time.perf_counter() - t, 'modules': sorted(sys.modules)}))"
    )
    env = os.environ | {"DSROLES_HOME": str(tmp_path / "home"), "HOME": str(tmp_path)}
    best = min((json.loads(_run(code, env)) for _ in range(3)), key=lambda r: r["seconds"])
    assert best["seconds"] < 0.5
    heavy = {"pandas", "numpy", "sklearn", "nbgrader", "matplotlib", "fastapi"}
    assert not heavy & set(best["modules"])


def test_import_writes_nothing(tmp_path):
    env = os.environ | {"DSROLES_HOME": str(tmp_path / "home"), "HOME": str(tmp_path)}
    before = sorted(p.name for p in tmp_path.iterdir())
    _run("import dsroles, dsroles.churn, dsroles.cli", env)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
