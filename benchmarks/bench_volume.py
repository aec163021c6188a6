"""Print how pandas, DuckDB and chunked pandas aggregate ten million usage events: seconds
and peak memory.

Goal (issue 9): 10 M events aggregated in 20 s or less, within the memory budget, faster
than naive pandas, with at least 5x less peak memory, and the same result. Each contender
runs in a fresh process (``dsroles.churn.volume_scale.contest``); its peak is the process's
peak resident memory (Linux VmHWM), Python and libraries included. The goals compare DuckDB
with naive pandas; chunked pandas is printed for reference.

    python benchmarks/bench_volume.py [--events 10000000] [--memory-limit 200MB] [--budget-mb 500]

The events file is built once under DSROLES_HOME (data/seed<S>-n3000-x3/volume/) and reused.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from dsroles.churn.volume_scale import CONTENDERS


def best_of(name: str, path, args):
    """The fastest of ``args.repeat`` runs, and the median time."""
    from dsroles.churn import volume_scale

    runs = [volume_scale.contest(name, path, memory_limit=args.memory_limit, threads=args.threads)
            for _ in range(args.repeat)]
    return min(runs, key=lambda run: run.seconds), statistics.median(r.seconds for r in runs)


def goals(pandas, duckdb, same: bool, budget_mb: float) -> list[tuple[str, bool]]:
    return [
        ("DuckDB within 20 s", duckdb.seconds <= 20),
        (f"DuckDB within the {budget_mb:.0f} MB budget", duckdb.peak_mb <= budget_mb),
        ("DuckDB faster than pandas", duckdb.seconds < pandas.seconds),
        ("at least 5x less peak memory", pandas.peak_mb >= 5 * duckdb.peak_mb),
        ("the same result", same),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--memory-limit", default="200MB", help="DuckDB's memory_limit")
    parser.add_argument("--budget-mb", type=float, default=500, help="for the whole process")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--contenders", nargs="+", default=list(CONTENDERS), choices=CONTENDERS)
    args = parser.parse_args()

    import pyarrow.parquet as pq

    from dsroles.churn import volume_scale

    start = time.perf_counter()
    path = volume_scale.big_events(args.seed, args.events)
    rows = pq.ParquetFile(path).metadata.num_rows
    print(f"events    {rows:,} in {path} ({path.stat().st_size / 1e6:.0f} MB on disk; "
          f"ready in {time.perf_counter() - start:.1f} s)")
    print(f"machine   {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
          f"DuckDB memory_limit {args.memory_limit}, {args.threads} threads; best of {args.repeat}")
    results = {}
    for name in args.contenders:
        run, median = best_of(name, path, args)
        results[name] = run
        print(f"{name:<9} {run.seconds:6.2f} s (median {median:.2f})  peak {run.peak_mb:6.0f} MB  "
              f"(start-up {run.startup_mb:.0f} MB)  {len(run.result):,} rows")
    if not {"pandas", "duckdb"} <= set(results):
        return
    pandas, duckdb = results["pandas"], results["duckdb"]
    same = all(run.result.equals(pandas.result) for run in results.values())
    print(f"ratio     pandas / DuckDB: time {pandas.seconds / duckdb.seconds:.1f}x, "
          f"peak memory {pandas.peak_mb / duckdb.peak_mb:.1f}x")
    for goal, met in goals(pandas, duckdb, same, args.budget_mb):
        print(f"goal      {'met ' if met else 'MISSED'}  {goal}")


if __name__ == "__main__":
    main()
