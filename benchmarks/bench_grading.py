"""How long grading one learner's six assessments takes (goal: at most 20 s on 2 cores).

    .venv/bin/python benchmarks/bench_grading.py

Grades the role assessments' solutions from solutions/, topped up to six notebooks with
copies of the test fixture (tests/grading/files/solutions/demo_quiz) until all six roles
have one, and says so. Prints the time cold (the private course is built first) and warm (reused, the
usual case), and the parts that dominate: nbgrader's import in the grading process,
a first check in a fresh interpreter, and each notebook's worker time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "grading" / "files" / "solutions"


def notebooks(tmp: Path) -> tuple[Path, list[Path], str]:
    """The role assessments' solutions that exist, topped up to six with fixture copies."""
    import shutil

    from dsroles import ROLES
    from dsroles.grading.course import list_assessments

    real = ROOT / "solutions"
    have = [r for r in ROLES if r in list_assessments(real)]
    combined = tmp / "solutions"
    for role in have:
        shutil.copytree(real / role, combined / role)
    shutil.copytree(FIXTURE / "demo_quiz", combined / "demo_quiz")
    paths = [combined / r / f"{r}.ipynb" for r in have]
    for n in range(6 - len(have)):
        path = tmp / f"copy{n}" / "demo_quiz.ipynb"
        path.parent.mkdir(parents=True)
        path.write_bytes((FIXTURE / "demo_quiz" / "demo_quiz.ipynb").read_bytes())
        paths.append(path)
    what = f"{len(have)} role assessment(s) ({', '.join(have) or 'none'})"
    if len(have) < 6:
        what += f" and {6 - len(have)} copies of the fixture demo_quiz (the other roles have no assessment yet)"
    return combined, paths, what


def import_seconds(statement: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", statement], check=True)
    return time.perf_counter() - start


def worker_seconds(run_dir: Path) -> list[float]:
    times = []
    for job in sorted(run_dir.iterdir()):
        log, outcome = job / "worker.log", job / "outcome.json"
        if log.exists() and outcome.exists():
            times.append(outcome.stat().st_mtime - log.stat().st_mtime)
    return times


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DSROLES_HOME"] = str(Path(tmp) / "home")
        from dsroles.grading import grade_notebooks
        from dsroles.grading.course import default_course_dir

        solutions, paths, what = notebooks(Path(tmp))
        print(f"grading {what}; {os.cpu_count()} CPU(s)")
        start = time.perf_counter()
        results = grade_notebooks(paths, solutions_dir=solutions, keep_jobs=True)
        cold = time.perf_counter() - start
        scores = " ".join(f"{r['score']:g}/{r['max_score']:g}" if r["status"] == "graded" else "NOT GRADED"
                          for r in results)
        print(f"  cold, in one process (builds the private course first): {cold:5.1f} s   scores {scores}")
        start = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "dsroles"), "grade", *map(str, paths), "--solutions",
                        str(solutions), "--out", str(Path(tmp) / "out")], check=False, capture_output=True)
        warm = time.perf_counter() - start
        print(f"  warm, `dsroles grade` as a learner runs it (course reused): {warm:5.1f} s")
        runs = sorted((default_course_dir() / "jobs").iterdir())
        per_job = worker_seconds(runs[-1])
        print(f"  per notebook, worker (autograde + feedback, 2 at a time): "
              f"{min(per_job):.1f}-{max(per_job):.1f} s")
        print(f"  python + nbgrader import (once per batch, before forking): "
              f"{import_seconds('import nbgrader.converters, nbconvert.exporters'):.1f} s")
        check = ("from dsroles.tracks.start import welcome as demo; from dsroles.checks import assert_check; "
                 "assert_check('demo.mean', float(demo.sample(1)['monthly_charge'].mean()), seed=1)")
        print(f"  python + one check, as a kernel runs it (pandas imported): {import_seconds(check):.1f} s")
        print(f"goal <= 20 s for six: {'met' if warm <= 20 else 'NOT met'} ({warm:.1f} s with `dsroles grade`)")


if __name__ == "__main__":
    main()
