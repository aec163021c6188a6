"""A workshop's grading day, timed: `dsroles workshop grade` against plain sequential
`nbgrader autograde` on the same course and submissions (goal: at least 2x faster on 2 cores,
identical scores on every honestly graded submission).

    .venv/bin/python benchmarks/bench_workshop.py                  # 30 learners x DE + DS = 60 notebooks
    .venv/bin/python benchmarks/bench_workshop.py --learners 6     # a smaller class

The class hands in a mix, by learner number: the solution, a banked wrong answer (each learner a
different one), the blank release, and every fifth learner a broken file. Both graders run at the
solution's own seed, so their scores can be compared; the kit's grade runs sandboxed when it can.
Prints both wall times, the speed-up, the score check, and the overhead per notebook beyond
executing it (plain nbclient runs of the same notebooks, measured here).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("solution", "wrong", "blank", "wrong", "broken")


def roster(n: int) -> str:
    lines = ["id,name,email,team,lms_id"]
    lines += [f"l{i:03d},Learner {i:03d},l{i:03d}@example.org,team{i // 6},{5000 + i}" for i in range(n)]
    return "\n".join(lines) + "\n"


def submissions(course: Path, subs: Path, n: int, assessments: list[str]) -> dict:
    """Write the class's files as a folder per learner; {kind: count}."""
    import nbformat

    import dsroles.tracks as tracks
    from dsroles.grading.bank import load_bank

    counts: dict = {}
    for a in assessments:
        solution = course / "source" / a / f"{a}.ipynb"
        release = course / "release" / a / f"{a}.ipynb"
        bank = load_bank(Path(tracks.__file__).parent / a / "wrong_answers", a)
        for i in range(n):
            kind = KINDS[i % len(KINDS)]
            target = subs / f"l{i:03d}" / f"{a}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            if kind == "solution":
                shutil.copyfile(solution, target)
            elif kind == "blank":
                shutil.copyfile(release, target)
            elif kind == "broken":
                target.write_text(solution.read_text()[:2000])  # cut off mid-file
            else:
                nb = bank[i % len(bank)].apply(nbformat.read(solution, as_version=4))
                nbformat.write(nb, str(target))
            counts[kind] = counts.get(kind, 0) + 1
    return counts


def busy_cpu_seconds() -> float | None:
    """CPU seconds every core of this machine has spent busy since boot (None off Linux): the
    difference over a run is its CPU work, its own processes and every kernel they started."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        user, nice, system, _idle, _iowait, irq, softirq = map(int, fields[:7])
    except (OSError, ValueError, IndexError):
        return None
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def cpu_since(start: float | None) -> str:
    now = busy_cpu_seconds()
    return "n/a" if start is None or now is None else f"{now - start:.0f} CPU-s"


def nbgrader_autograde(course: Path, assessments: list[str]) -> float:
    """Plain nbgrader, one notebook after another, as an instructor runs it by hand."""
    start = time.perf_counter()
    for a in assessments:
        subprocess.run([sys.executable, "-m", "nbgrader", "autograde", a, "--force"], cwd=course,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def nbgrader_scores(course: Path) -> dict:
    from nbgrader.api import Gradebook

    from dsroles.workshop.course import COURSE_ID, gradebook_url

    with Gradebook(gradebook_url(course), COURSE_ID) as gb:
        return {(s.student.id, a.name): float(s.score) for a in gb.assignments for s in a.submissions}


def execution_times(course: Path, assessments: list[str]) -> list[float]:
    """nbclient alone on one solution, one blank and one wrong answer of each assessment."""
    import nbformat
    from nbclient import NotebookClient

    took = []
    for a in assessments:
        for learner in ("l000", "l001", "l002"):
            path = course / "submitted" / learner / a / f"{a}.ipynb"
            nb = nbformat.read(path, as_version=4)
            start = time.perf_counter()
            try:
                NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                               resources={"metadata": {"path": str(path.parent)}}).execute()
            finally:
                took.append(time.perf_counter() - start)
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--assessments", nargs="+", default=["data_engineer", "data_scientist"])
    parser.add_argument("--jobs", type=int, help="notebooks graded at once (default: CPUs)")
    parser.add_argument("--keep", metavar="DIR", help="build the class here and keep it")
    args = parser.parse_args()
    os.environ.setdefault("DSROLES_HOME", str(ROOT / ".dsroles"))
    os.environ.setdefault("MPLBACKEND", "Agg")
    from dsroles.grading import notebook as nbk
    from dsroles.grading.core import grade_notebooks
    from dsroles.workshop.collect import collect
    from dsroles.workshop.course import init_course
    from dsroles.workshop.grade import grade_course
    from dsroles.workshop.records import all_records

    root = Path(args.keep or tempfile.mkdtemp(prefix="bench-workshop-"))
    root.mkdir(parents=True, exist_ok=True)
    course, subs, plain = root / "course", root / "submissions", root / "plain"
    (root / "roster.csv").write_text(roster(args.learners))
    init_course(course, root / "roster.csv", only=args.assessments)
    counts = submissions(course, subs, args.learners, args.assessments)
    collect(course, subs)
    shutil.copytree(course, plain, ignore=shutil.ignore_patterns(".dsroles"))
    seeds = {nbk.source_seed(nbk.read_notebook(course / "source" / a / f"{a}.ipynb")) for a in args.assessments}
    assert len(seeds) == 1, f"the assessments set different seeds {seeds}"
    n = args.learners * len(args.assessments)
    print(f"class: {args.learners} learners x {', '.join(args.assessments)} = {n} notebooks {counts}; seed {seeds}")

    seed = seeds.pop()
    start = time.perf_counter()
    grade_course(course, force=True, allow_unsandboxed=True, workers=args.jobs, seed=seed)
    cold = time.perf_counter() - start
    print(f"dsroles workshop grade: {cold:7.1f} s  cold (the seed's data and the grader's course built first)")
    cpu = busy_cpu_seconds()
    theirs = nbgrader_autograde(plain, args.assessments)
    their_cpu = cpu_since(cpu)
    print(f"nbgrader autograde:     {theirs:7.1f} s  (sequential, no sandbox, data already generated)")
    start, cpu = time.perf_counter(), busy_cpu_seconds()
    report = grade_course(course, force=True, allow_unsandboxed=True, workers=args.jobs, seed=seed)
    ours, our_cpu = time.perf_counter() - start, cpu_since(cpu)
    sandboxed = bool(report.graded) and all(r.get("sandbox") for r in report.graded if r["status"] == "graded")
    print(f"dsroles workshop grade: {ours:7.1f} s  warm, --force ({len(report.not_graded)} not graded; "
          f"sandbox {'on' if sandboxed else 'OFF'})")
    print(f"speed-up:               {theirs / ours:7.2f} x  warm against nbgrader (goal: 2x); {theirs / cold:.2f} x cold")
    print(f"CPU work (whole machine): {our_cpu} warm against {their_cpu} for nbgrader; on {os.cpu_count()} cores "
          "the speed-up cannot pass the cores times nbgrader's CPU work over ours")

    records, reference = all_records(course), nbgrader_scores(plain)
    honest = {k: r["score"] for k, r in records.items() if r["status"] == "graded"}
    differ = {k: (v, reference.get(k)) for k, v in honest.items() if reference.get(k) != v}
    print(f"identical scores:       {len(honest) - len(differ)} of {len(honest)} graded submissions"
          + (f"; differ: {dict(list(differ.items())[:5])}" if differ else ""))
    sample = [course / "submitted" / lr / a / f"{a}.ipynb" for a in args.assessments for lr in ("l000", "l001", "l002")]
    executed = execution_times(plain, args.assessments)  # the same six notebooks, one at a time
    start = time.perf_counter()
    grade_notebooks(sample, solutions_dir=course / "source", course_dir=course / ".dsroles" / "grader", seed=seed,
                    workers=1, hide=[course.resolve()])
    one_by_one = (time.perf_counter() - start) / len(sample)
    per_exec = sum(executed) / len(executed)
    print(f"execution alone:        {per_exec:7.1f} s per notebook (nbclient, one at a time, mean of {len(executed)})")
    print(f"graded one at a time:   {one_by_one:7.1f} s per notebook (the kit's grader, --jobs 1, same notebooks)")
    print(f"overhead per notebook:  {one_by_one - per_exec:7.1f} s beyond executing it "
          f"(nbgrader autograde: {theirs / n - per_exec:.1f} s, its mean over the class including the broken files)")
    print(f"class folder: {root}")
    return 0 if not differ else 1


if __name__ == "__main__":
    sys.exit(main())
