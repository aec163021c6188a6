"""Print the capstone chain's time, stage by stage (each stage: a kernel started by papermill,
the notebook run, its hand-over checked), and the in-process reference outcome's time.

    python benchmarks/bench_capstone.py [--seed 42] [--repeat 1]

The project data of the seed is generated first (cached in $DSROLES_HOME/data), so the
figures are the chain's own, as in ``make test`` where the data cache is shared.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()

    from dsroles.capstone import chain, outcome
    from dsroles.churn.data import project_data

    project_data(args.seed)
    per_stage: dict[str, list[float]] = {}
    totals = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            result = chain.run(Path(tmp) / "run", seed=args.seed)
            totals.append(time.perf_counter() - t)
            if result.status != "complete":
                raise SystemExit(f"the reference chain did not complete: {result.message()}")
            for record in result.stages:
                per_stage.setdefault(f"{record.stage} ({record.role})", []).append(record.seconds)
    for name, seconds in per_stage.items():
        print(f"{name:<30} {statistics.median(seconds):6.2f} s")
    print(f"{'whole chain (with checks)':<30} {statistics.median(totals):6.2f} s  "
          f"(median of {args.repeat}, seed {args.seed})")
    t = time.perf_counter()
    outcome.reference(args.seed)
    print(f"{'reference outcome in process':<30} {time.perf_counter() - t:6.2f} s")


if __name__ == "__main__":
    main()
