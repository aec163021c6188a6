"""Print how long the churn data takes to generate, and how long the whole reference
pipeline takes on it (goal for generation: under 3 s on 2 cores).

    python benchmarks/bench_churn.py [--repeat 3] [--customers 3000] [--usage-scale 1]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--customers", type=int, default=3000)
    parser.add_argument("--usage-scale", type=int, default=1)
    args = parser.parse_args()

    from dsroles.churn import pipeline
    from dsroles.churn.generate import generate_sources

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        gen, manifest = timed(lambda: generate_sources(data, 42, args.customers,
                                                       usage_scale=args.usage_scale), args.repeat)
        rows = manifest["rows"]
        print(f"generate  {gen:6.2f} s  (median of {args.repeat}; {args.customers} customers, "
              f"{rows['history/usage_events.parquet']:,} history events)")
        run_time, run = timed(lambda: pipeline.run(data, Path(tmp) / "model"), args.repeat)
        stages = ", ".join(f"{k} {v:.2f} s" for k, v in run.timings.items())
        print(f"pipeline  {run_time:6.2f} s  (median of {args.repeat}; last run: {stages})")
        print(f"          test AUC {run.metrics['auc']:.3f}, Brier {run.metrics['brier']:.4f}")


if __name__ == "__main__":
    main()
