"""Run grading jobs in child processes, a few at a time, each under a hard deadline.

A child is forked (so it starts with nbgrader already imported when the parent
has it), becomes its own session, and runs `worker.run_job`. When a child
outlives its deadline it is killed together with its kernel and everything the
kernel started (the kernel's process group, its sandbox, and its pids cgroup when there
is one). Ctrl-C or an error in the batch kills every worker and kernel before it goes on
up. Each job's end is recorded as it happened: finished, killed at the deadline, or the
worker's own exit status or signal.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sys
import time
from multiprocessing.connection import wait
from pathlib import Path

from dsroles.grading.kernel import sweep_cgroups

POLL_SECONDS = 0.5  # the longest a batch waits before it looks at its jobs again


def _child(job_dir: str) -> None:
    os.setsid()
    code = 0
    try:
        from dsroles.grading.worker import run_job

        run_job(job_dir)
    except BaseException as exc:  # the parent reads the outcome file, never a traceback on screen
        code = 3
        try:
            Path(job_dir, "outcome.json").write_text(
                json.dumps({"ok": False, "failure": "worker", "log": f"{type(exc).__name__}: {exc}"}))
        except BaseException:
            pass
    finally:
        os._exit(code)


def kill_kernels(job_dir: Path) -> None:
    """Kill every kernel a job started, with its process group and cgroup; remove the cgroup."""
    for record in (job_dir / "kernels").glob("*.json"):
        try:
            info = json.loads(record.read_text())
        except (OSError, ValueError):
            continue
        try:
            os.killpg(info["pid"], signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        group = info.get("cgroup")
        if group:
            _empty_cgroup(Path(group))


def _empty_cgroup(group: Path) -> None:
    for _ in range(50):
        try:
            pids = [int(p) for p in (group / "cgroup.procs").read_text().split()]
        except OSError:
            return
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            group.rmdir()
            return
        except OSError:
            time.sleep(0.05)


def _context():
    """fork on Linux (workers start with nbgrader imported); spawn elsewhere (fork is unsafe on macOS)."""
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def run_jobs(jobs: list[tuple[Path, float]], workers: int | None = None, *, executor=None,
             progress=None) -> dict[Path, dict]:
    """Run (job_dir, deadline_seconds) jobs; return {job_dir: {"killed": bool, "exitcode": int}}.

    ``killed`` is True when the batch killed the worker at its deadline; ``exitcode`` is the
    worker's exit status (negative: the signal that ended it). ``executor``: None runs the jobs
    here in child processes; an executor from `dsroles.grading.executors` (e.g. a Dask cluster)
    runs each job elsewhere through the same `run_one`. ``progress`` (see
    `dsroles.grading.progress`) is told as each job ends.
    """
    if progress is None:
        from dsroles.grading.progress import current

        progress = current()
    if progress is not None:
        progress.start(len(jobs))
    try:
        if executor is not None:
            return executor.run(jobs, progress)
        return _run_here(jobs, workers, progress)
    finally:
        if progress is not None:
            progress.close()


def label(job_dir: Path) -> str:
    """What the progress bar names for a job: its assessment."""
    try:
        return json.loads((Path(job_dir) / "job.json").read_text())["assessment"]
    except (OSError, ValueError, KeyError):
        return Path(job_dir).name


def _run_here(jobs, workers, progress) -> dict[Path, dict]:
    ctx = _context()
    workers = max(1, workers or os.cpu_count() or 1)
    pending, running, ended = list(jobs), {}, {}
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        while pending or running:
            while pending and len(running) < workers:
                job_dir, seconds = pending.pop(0)
                process = ctx.Process(target=_child, args=(str(job_dir),))
                process.start()
                running[process.sentinel] = (process, Path(job_dir), time.monotonic() + seconds)
            next_deadline = min(d for _, _, d in running.values())
            # a sentinel can miss its end: a process forked meanwhile by another thread (a
            # replay pool making a worker) may hold the pipe's other end; so look every POLL s
            ready = wait(list(running), timeout=min(POLL_SECONDS, max(0.0, next_deadline - time.monotonic())))
            now = time.monotonic()
            for sentinel in list(running):
                process, job_dir, deadline = running[sentinel]
                if sentinel in ready or not process.is_alive():
                    process.join()
                    ended[job_dir] = {"killed": False, "exitcode": process.exitcode}
                elif now >= deadline:
                    process.kill()
                    process.join()
                    ended[job_dir] = {"killed": True, "exitcode": process.exitcode}
                else:
                    continue
                kill_kernels(job_dir)
                del running[sentinel]
                if progress is not None:
                    progress.step(label(job_dir))
    finally:  # Ctrl-C or an error: nothing of this batch may outlive it
        for process, job_dir, _ in running.values():
            process.kill()
            process.join()
            kill_kernels(job_dir)
        sweep_cgroups()
    return ended


def run_one(job_dir: str, seconds: float) -> dict:
    """Run one job in a new process of its own (not a fork) under its deadline; kill it and its
    kernels when it outlives it. For executors whose workers cannot fork children (a Dask worker
    is a daemon process); the job itself runs through the same `_child` as a local batch."""
    import subprocess

    command = [sys.executable, "-c", f"from dsroles.grading.batch import _child; _child({str(job_dir)!r})"]
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL)
    killed = False
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        killed = True
    finally:
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                process.kill()
            process.wait()
        kill_kernels(Path(job_dir))
    return {"killed": killed, "exitcode": process.returncode}
