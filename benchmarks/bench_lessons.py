"""Print how long each lesson notebook takes to run top to bottom from a clean kernel, with the
data already cached (goal: 10 s or less per lesson, on 2 cores).

    python benchmarks/bench_lessons.py [course/3_data_engineer ...] [--repeat 1]

Each notebook runs twice in a fresh kernel: once to fill the data cache (not counted), then
``--repeat`` times timed. Kernel start-up is counted; it is what a learner waits for too.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_S = 10.0


def run(path: Path) -> float:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute(stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folders", nargs="*", type=Path, help="course folders (default: all)")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    os.environ.setdefault("DSROLES_HOME", str(ROOT / ".dsroles"))
    os.environ.setdefault("MPLBACKEND", "Agg")
    folders = [f.resolve() for f in args.folders] or sorted(p for p in (ROOT / "course").iterdir() if p.is_dir())
    slow = 0
    print(f"{'lesson':60s} {'seconds':>8s}")
    for folder in folders:
        for path in sorted(folder.glob("*.ipynb")):
            run(path)  # fills the data cache
            took = statistics.median(run(path) for _ in range(args.repeat))
            slow += took > GOAL_S
            flag = "" if took <= GOAL_S else f"  over the {GOAL_S:.0f} s goal"
            print(f"{str(path.relative_to(ROOT)):60s} {took:8.1f}{flag}", flush=True)
    print(f"\n{slow} lesson(s) over {GOAL_S:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
