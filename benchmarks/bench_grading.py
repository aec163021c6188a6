"""How long grading one learner's six assessments takes (goal: at most 20 s on 2 cores), and
what the sandbox costs (goal: at most 0.3 s more per notebook).

    .venv/bin/python benchmarks/bench_grading.py              # both parts
    .venv/bin/python benchmarks/bench_grading.py --sandbox    # only the sandbox's cost

Grades the role assessments' solutions from solutions/, topped up to six notebooks with
copies of the test fixture (tests/grading/files/solutions/demo_quiz) until all six roles
have one, and says so. Prints the time cold (the private course is built first) and warm (reused, the
usual case), and the parts that dominate: nbgrader's import in the grading process,
a first check in a fresh interpreter, and each notebook's worker time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "grading" / "files" / "solutions"


def notebooks(tmp: Path) -> tuple[Path, list[Path], str]:
    """The role assessments' solutions that exist, topped up to six with fixture copies."""
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


def timed(paths, solutions, sandbox: bool, workers: int, seed: int = 4242) -> tuple[float, list[dict]]:
    from dsroles.grading import grade_notebooks

    start = time.perf_counter()
    results = grade_notebooks(paths, solutions_dir=solutions, sandbox=sandbox, workers=workers, seed=seed)
    return time.perf_counter() - start, results


def scores(results) -> str:
    return " ".join(f"{r['score']:g}/{r['max_score']:g}" if r["status"] == "graded" else "NOT GRADED"
                    for r in results)


def kernel_start(course: Path, box: dict | None, tmp: Path, index: int) -> float:
    """Seconds from launching the grading kernel (as a worker does) to its first reply."""
    import json

    from jupyter_client import KernelManager

    from dsroles.grading.course import KERNEL_NAME
    from dsroles.grading.limits import Limits

    job, sockets = tmp / f"job{index}", Path(tempfile.mkdtemp(prefix="dsroles-"))
    (job / "work").mkdir(parents=True)
    (job / "job.json").write_text(json.dumps({"sandbox": box, "limits": json.loads(Limits().to_env())}))
    (sockets / "guard.key").write_bytes(b"k" * 32)
    os.environ.update(DSROLES_GRADING_JOB=str(job), JUPYTER_PATH=str(course / "jupyter"))
    km = KernelManager(kernel_name=KERNEL_NAME, connection_file=str(sockets / "kernel.json"))
    if box:
        km.transport, km.ip = "ipc", str(sockets / "k")
    start = time.perf_counter()
    km.start_kernel(cwd=str(job / "work"))
    client = km.client()
    client.start_channels()
    client.wait_for_ready(timeout=120)
    seconds = time.perf_counter() - start
    client.stop_channels()
    km.shutdown_kernel(now=True)
    shutil.rmtree(sockets, ignore_errors=True)
    return seconds


def sandbox_cost(rounds: int = 3, copies: int = 4) -> None:
    """The sandbox's extra time per notebook (fixture copies, one at a time, alternating on and
    off so machine load hits both alike), then the real assessments' solutions with and without."""
    from dsroles.grading.course import list_assessments, prepare
    from dsroles.grading.sandbox import probe

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DSROLES_HOME"] = str(Path(tmp) / "home")
        found = probe()
        print(f"sandbox: {found.bwrap} ({found.source}); overlay: {found.overlay}" if found.available
              else f"sandbox: none ({found.reason})")
        paths = []
        for n in range(copies):
            path = Path(tmp) / f"copy{n}" / "demo_quiz.ipynb"
            path.parent.mkdir(parents=True)
            shutil.copyfile(FIXTURE / "demo_quiz" / "demo_quiz.ipynb", path)
            paths.append(path)
        course = prepare(FIXTURE, ["demo_quiz"])
        from dsroles.grading.core import sandbox_for

        box, _ = sandbox_for(None, paths, FIXTURE, course)
        starts = {True: [], False: []}
        for index in range(2 * rounds + 2):
            starts[index % 2 == 1].append(kernel_start(course, box if index % 2 else None, Path(tmp), index))
        on, off = min(starts[True][1:]), min(starts[False][1:])
        print(f"  kernel start to first reply, best of {rounds}: {off:.2f} s without, {on:.2f} s in the sandbox: "
              f"{on - off:+.2f} s per notebook (goal <= +0.30 s)")
        timed(paths[:1], FIXTURE, True, 1)  # warm the disk cache and the course
        totals = {True: [], False: []}
        for _ in range(rounds):
            for box in (False, True):
                seconds, results = timed(paths, FIXTURE, box, 1)
                totals[box].append(seconds / copies)
        on, off = min(totals[True]), min(totals[False])
        print(f"  fixture, whole runs of {copies} one at a time, best of {rounds}: {off:.2f} s per notebook "
              f"without, {on:.2f} s with the sandbox: {on - off:+.2f} s (the run's share of planning the "
              "sandbox included; the fixture needs no data warm-up)")
        real = ROOT / "solutions"
        for name in list_assessments(real):
            notebook = real / name / f"{name}.ipynb"
            prepare(real, [name])
            timed([notebook], real, False, 1)  # the run seed's data generated once for both
            row = []
            for box in (False, True):
                seconds, results = timed([notebook], real, box, 1)
                row.append(f"{'with' if box else 'without'} {seconds:5.1f} s ({scores(results)})")
            print(f"  {name} solution: " + ", ".join(row))


if __name__ == "__main__":
    if "--sandbox" not in sys.argv[1:]:
        main()
    sandbox_cost()
