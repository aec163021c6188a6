"""Where grading jobs run: here in child processes (the default, `batch.run_jobs`), or on an
existing Dask distributed cluster.

    executor = executor_for("tcp://10.0.0.5:8786")       # None for "here"
    grade_notebooks(paths, executor=executor)

Each Dask task runs one job folder with `batch.run_one` (the same worker code, sandbox and
deadline as a local job) and returns how it ended; the outcome and the feedback page are read
from the job folder. The cluster's workers therefore need the course folder at the same path (a
shared file system, as nbgrader's exchange usually has) and the same Python environment with
dsroles installed. The gradebook stays on the instructor's side: only the caller writes it.
"""

from __future__ import annotations

from pathlib import Path

from dsroles.errors import UsageError


def _dask_task(job_dir: str, seconds: float) -> dict:
    from dsroles.grading.batch import run_one

    return run_one(job_dir, seconds)


class DaskExecutor:
    def __init__(self, address: str):
        self.address = address

    def client(self):
        try:
            from distributed import Client
        except ImportError:
            raise UsageError("--scheduler needs Dask distributed; install it with "
                             "pip install 'dsroles[workshop]'") from None
        try:
            return Client(self.address, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise UsageError(f"no Dask scheduler answered at {self.address} ({exc}); start one "
                             "(dask scheduler, dask worker ...) or leave out --scheduler") from None

    def run(self, jobs, progress=None) -> dict[Path, dict]:
        from distributed import as_completed

        from dsroles.grading.batch import label

        ended: dict[Path, dict] = {}
        if not jobs:
            return ended
        with self.client() as client:
            futures = {client.submit(_dask_task, str(d), float(s), pure=False): Path(d) for d, s in jobs}
            try:
                for future in as_completed(futures):
                    job_dir = futures[future]
                    try:
                        ended[job_dir] = future.result()
                    except Exception as exc:  # the task itself failed (a lost worker...)
                        ended[job_dir] = {"killed": False, "exitcode": 3, "error": f"{type(exc).__name__}: {exc}"}
                    if progress is not None:
                        progress.step(label(job_dir))
            except BaseException:
                client.cancel(list(futures))
                raise
        return ended


def executor_for(scheduler: str | None):
    """None (grade here) or the executor for a ``tcp://HOST:PORT`` Dask scheduler address."""
    if not scheduler:
        return None
    if "://" not in scheduler:
        raise UsageError(f"--scheduler {scheduler!r} is not an address; give it as tcp://HOST:PORT")
    return DaskExecutor(scheduler)
