"""Measure the memory a learner's function holds while it runs.

Two meters, read together: ``tracemalloc`` sees Python objects and numpy arrays; Arrow's
memory pool sees the buffers of a table read by pandas' Parquet reader or by pyarrow, which
``tracemalloc`` does not see (``pd.read_parquet`` followed by a DuckDB query on the
DataFrame allocates almost nothing that tracemalloc counts). DuckDB's own working memory is
counted by neither: what is measured is whether the events became a table in Python.

For the Arrow side the default pool is swapped, for the call, for a proxy with its own
statistics (``pyarrow.proxy_memory_pool``); its peak is the call's peak. Allocations that
bypass the proxy still show in the default pool's peak, when the call raised it.
"""

from __future__ import annotations

from dataclasses import dataclass

from dsroles.checks.calling import call_safely

_PROXIES: list = []  # a buffer allocated through a proxy pool frees through it: keep them all


@dataclass(frozen=True)
class Measured:
    """A function's result and the peak memory it held: Python (and numpy), Arrow."""

    result: object
    python_mb: float
    arrow_mb: float

    @property
    def total_mb(self) -> float:
        return self.python_mb + self.arrow_mb


def _arrow_peak(proxy, base, bytes_before: int, max_before) -> int:
    peak = proxy.max_memory() or 0
    max_after = base.max_memory()
    if max_before is not None and max_after is not None and max_after > max_before:
        peak = max(peak, max_after - bytes_before)
    return peak


def measure(fn, *args) -> Measured:
    """``fn(*args)`` through ``call_safely`` (its exceptions in words), with its peak memory."""
    import tracemalloc

    import duckdb  # noqa: F401  imported before measuring: only the work counts
    import pyarrow as pa
    import pyarrow.parquet  # noqa: F401

    base = pa.default_memory_pool()
    proxy = pa.proxy_memory_pool(base)
    _PROXIES.append(proxy)
    bytes_before, max_before = base.bytes_allocated(), base.max_memory()
    if tracemalloc.is_tracing():
        tracemalloc.stop()
    pa.set_memory_pool(proxy)
    tracemalloc.start()
    try:
        result = call_safely(fn, *args)
        python_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        pa.set_memory_pool(base)
    arrow_peak = _arrow_peak(proxy, base, bytes_before, max_before)
    return Measured(result, python_peak / 1e6, arrow_peak / 1e6)
