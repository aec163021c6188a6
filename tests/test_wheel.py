"""Can dsroles installed from its wheel (not editable, no checkout beside it) grade a solution?

The wheel is built from this checkout and installed with pip into a fresh virtualenv; only the
third-party dependencies are borrowed from the test environment (a .pth file), so nothing is
downloaded. The kit's solutions/ and assessments/ must come from inside the wheel.
"""

from __future__ import annotations

import json
import shutil
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(python of a fresh venv with the wheel installed, a folder outside the checkout)."""
    tmp = tmp_path_factory.mktemp("wheel")
    build = tmp / "build"
    shutil.copytree(ROOT, build, ignore=shutil.ignore_patterns(
        ".git", ".venv", ".dsroles", "data", "build", "dist", "*.egg-info", "__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--wheel-dir", str(tmp / "dist"), str(build)],
                   check=True, capture_output=True)
    wheel = next((tmp / "dist").glob("dsroles-*.whl"))
    env_dir = tmp / "venv"
    venv.create(env_dir, with_pip=False)  # this pip installs into it (--python): no ensurepip, 5 s
    python = env_dir / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                    "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True)
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    Path(purelib, "borrowed-dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    outside = tmp / "learner"
    outside.mkdir()
    return python, outside, wheel


def test_the_wheel_holds_the_kit(installed):
    """Are the assessments' sources, releases and wrong-answer banks inside the wheel?"""
    import zipfile

    names = zipfile.ZipFile(installed[2]).namelist()
    for assessment in ("data_engineer", "data_scientist"):
        assert f"dsroles/kit/solutions/{assessment}/{assessment}.ipynb" in names
        assert f"dsroles/kit/assessments/{assessment}/{assessment}.ipynb" in names
    assert any(n.startswith("dsroles/tracks/data_engineer/wrong_answers/") for n in names)
    assert "dsroles/competencies.toml" in names


@pytest.mark.slow
def test_an_installed_dsroles_grades_a_solution(installed, tmp_path):
    """Run from a folder with no checkout, does `dsroles grade` give a solution full marks?"""
    python, outside, _ = installed
    notebook = outside / "business_owner.ipynb"  # the cheapest assessment to grade
    shutil.copyfile(ROOT / "solutions" / "business_owner" / "business_owner.ipynb", notebook)
    where = subprocess.run([str(python), "-c", "import dsroles, dsroles.paths as p; "
                            "print(dsroles.__file__); print(p.solutions_dir())"],
                           cwd=outside, check=True, capture_output=True, text=True).stdout.split()
    assert str(ROOT) not in where[0] and where[1].endswith("dsroles/kit/solutions")
    from dsroles.paths import data_cache

    home = tmp_path / "home"
    home.mkdir()
    (home / "data").symlink_to(data_cache(), target_is_directory=True)  # the session's data: not made again
    run = subprocess.run([str(python), "-m", "dsroles", "grade", str(notebook), "--seed", "42",
                          "--out", str(tmp_path / "out")], cwd=outside, capture_output=True, text=True,
                         env={"PATH": f"/usr/bin:/bin:{Path(sys.executable).parent}",  # alembic, borrowed
                              "DSROLES_HOME": str(home)}, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    result = json.loads((tmp_path / "out" / "results.json").read_text())["results"][0]
    assert result["status"] == "graded" and result["score"] == result["max_score"] > 0
