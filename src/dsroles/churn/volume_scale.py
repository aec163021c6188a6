"""Volume for real: a large usage-events file, and each aggregation measured in its own process.

- ``big_events(seed, events)`` returns a Parquet file of about ``events`` usage events,
  built once from the generated heartbeat log (``project_data(seed, usage_scale=3)``) and
  cached beside it. Above the log's own size, DuckDB writes ``k`` copies of it in one
  ``COPY ... TO`` over a cross join: copy ``i`` gets its own customers (``C123456-i``),
  sessions and event ids, and keeps every defect (replayed events, negative durations), so
  its usage table is the generated one, repeated per copy. Below it, whole customers are
  kept (one in ``m``), so a small file is a faithful sample.
- ``contest(name, path)`` runs one contender (``pandas``, ``duckdb``, ``chunked``) in a
  fresh Python process and returns its result with the seconds it took and its peak
  resident memory (Linux ``VmHWM``: everything the process held, Python, pandas, Arrow and
  DuckDB alike).

The generator's own output is never changed: the large file is derived from it.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

SOURCE_SCALE = 3  # the heartbeat log the lesson already uses (about 790,000 events)
CONTENDERS = ("pandas", "duckdb", "chunked")

COPIES_SQL = """
COPY (
    SELECT e.event_id + c.i * {event_step} AS event_id,
           CASE WHEN c.i = 0 THEN e.customer_id ELSE e.customer_id || '-' || c.i END AS customer_id,
           e.session_id + c.i * {session_step} AS session_id,
           e.ts, e.device, e.seconds
    FROM read_parquet(?) AS e CROSS JOIN range({copies}) AS c(i)
) TO '{target}' (FORMAT parquet, COMPRESSION zstd)
"""

SAMPLE_SQL = """
COPY (
    SELECT * FROM read_parquet(?)
    WHERE CAST(substr(customer_id, 2) AS BIGINT) % {keep_one_in} = 0
) TO '{target}' (FORMAT parquet, COMPRESSION zstd)
"""


def plan(source_rows: int, events: int) -> tuple[int, int]:
    """``(copies, keep_one_in)`` that bring a log of ``source_rows`` to about ``events``."""
    if events <= 0:
        raise ValueError(f"events must be a positive number, got {events!r}")
    if events >= source_rows:
        return max(1, round(events / source_rows)), 1
    return 1, max(1, math.ceil(source_rows / events))


def big_events(seed: int, events: int, *, root: str | Path | None = None) -> Path:
    """A Parquet file of about ``events`` usage events for ``seed``, built once, then reused."""
    from dsroles.churn.data import project_data

    source = project_data(seed, usage_scale=SOURCE_SCALE, root=root) / "history" / "usage_events.parquet"
    target = source.parent.parent / "volume" / f"usage_events-{int(events)}.parquet"
    if _is_complete(target):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".parquet", dir=target.parent)
    os.close(handle)
    try:
        write_events(source, Path(tmp), int(events))
        os.replace(tmp, target)  # atomic: a reader never sees half a file
    finally:
        Path(tmp).unlink(missing_ok=True)
    return target


def _is_complete(path: Path) -> bool:
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(path).metadata.num_rows > 0
    except (OSError, ValueError):
        return False


def write_events(source, target, events: int) -> None:
    """Write to ``target`` about ``events`` events made from the events file ``source``."""
    import duckdb

    source, target = Path(source), Path(target)
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute("SET preserve_insertion_order = false")  # lets DuckDB stream the copy
        rows, max_event, max_session = con.execute(
            "SELECT count(*), max(event_id), max(session_id) FROM read_parquet(?)",
            [source.as_posix()]).fetchone()
        copies, keep_one_in = plan(rows, events)
        if keep_one_in > 1:
            sql = SAMPLE_SQL.format(keep_one_in=keep_one_in, target=_quoted(target))
        else:
            sql = COPIES_SQL.format(event_step=int(max_event), session_step=int(max_session),
                                    copies=copies, target=_quoted(target))
        con.execute(sql, [source.as_posix()])
    finally:
        con.close()


def _quoted(path: Path) -> str:
    return path.as_posix().replace("'", "''")


@dataclass(frozen=True)
class Run:
    """One contender's result, its time (the work only, not Python's start-up), its peak memory."""

    name: str
    result: object  # the usage table, a pandas DataFrame
    seconds: float
    peak_mb: float  # the process's peak resident memory, start-up included
    startup_mb: float  # what the process held before the work: Python and the imports


def contest(name: str, path, *, memory_limit: str = "200MB", threads: int = 2) -> Run:
    """Run contender ``name`` on the events at ``path`` in a fresh process, and measure it."""
    import pandas as pd

    if name not in CONTENDERS:
        raise ValueError(f"unknown contender {name!r}: choose one of {', '.join(CONTENDERS)}")
    with tempfile.TemporaryDirectory(prefix="dsroles-volume-") as tmp:
        out = Path(tmp) / "result.parquet"
        command = [sys.executable, "-m", __name__, name, str(path), str(out),
                   "--memory-limit", memory_limit, "--threads", str(threads)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            lines = done.stderr.strip().splitlines() or ["no message"]
            last = next((line for line in reversed(lines) if "Error" in line or "Exception" in line),
                        lines[-1])
            raise RuntimeError(f"the {name} run failed (exit {done.returncode}): {last}")
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        result = pd.read_parquet(out)
    return Run(name, result, figures["seconds"], figures["peak_mb"], figures["startup_mb"])


def _peak_mb() -> float:
    """This process's peak resident memory, in MB.

    Linux's ``VmHWM`` is the high-water mark of this program's own memory. ``ru_maxrss`` is
    the fallback elsewhere; on Linux it would also count the parent's memory at the moment
    of the fork, which inflates a small contender started from a large notebook.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _main(argv: list[str]) -> None:
    import argparse

    from dsroles.churn import volume

    parser = argparse.ArgumentParser(description="Run one usage aggregation and measure it.")
    parser.add_argument("contender", choices=CONTENDERS)
    parser.add_argument("events")
    parser.add_argument("out")
    parser.add_argument("--memory-limit", default="200MB")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    import duckdb  # noqa: F401  imported before the work: only the work is timed
    import pandas  # noqa: F401
    import pyarrow.parquet  # noqa: F401

    startup = _peak_mb()
    if args.contender == "pandas":
        result, seconds = volume.timed(volume.usage_pandas, args.events)
    elif args.contender == "chunked":
        result, seconds = volume.timed(volume.usage_chunked, args.events)
    else:
        result, seconds = volume.timed(volume.usage_duckdb, args.events,
                                       threads=args.threads, memory_limit=args.memory_limit)
    peak = _peak_mb()
    result.to_parquet(args.out, index=False)
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "startup_mb": startup}))


if __name__ == "__main__":
    _main(sys.argv[1:])
