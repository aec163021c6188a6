"""The kernel launcher used while grading: limits, then the sandbox, then ipykernel.

The private course's kernelspec runs ``python -m dsroles.grading.kernel -f {connection_file}``
in the trusted grading worker. This outer part

- applies the `Limits` from ``$DSROLES_GRADING_LIMITS`` with ``setrlimit`` (address space,
  CPU time, file size, and - for a user other than root, whom the kernel does not count -
  the number of processes); as root it joins a fresh pids cgroup (when one is writable);
- records its pid (and cgroup) in ``$DSROLES_GRADING_JOB/kernels/`` so the batch can kill
  it and everything it started;
- when the job has a sandbox (``job.json``), replaces itself with ``bwrap`` running the
  inner part (``--inside``) in fresh namespaces (see `dsroles.grading.sandbox`).

The inner part reads the guard key (and deletes its file), installs the answer-key recorder
and the tampering snapshot (`answerkey`, `guard`) before any learner code runs, caps what
each cell prints, and starts ipykernel. Without a sandbox both parts run in one process.
"""

from __future__ import annotations

import json
import os
import resource
import sys
from pathlib import Path

from dsroles.grading.limits import Limits

PIDS_CGROUP_ROOTS = (Path("/sys/fs/cgroup/pids"), Path("/sys/fs/cgroup"))
FIT_CACHE_VARIABLE = "DSROLES_FIT_CACHE"  # dsroles.churn.train's (grading imports no churn)
TRUNCATED = "\n... output truncated by dsroles grade (more than {kb} KB in one cell) ...\n"


def _set(limit: int, value: int) -> bool:
    """Set soft and hard limit (never above an existing hard limit); False if the OS refuses."""
    soft, hard = resource.getrlimit(limit)
    cap = (lambda v: v) if hard == resource.RLIM_INFINITY else (lambda v: min(v, hard))
    extra = 5 if limit == resource.RLIMIT_CPU else 0  # SIGXCPU first, SIGKILL 5 s later
    try:
        resource.setrlimit(limit, (cap(value), cap(value + extra)))
    except (ValueError, OSError):  # e.g. RLIMIT_AS on macOS
        return False
    return True


def _user_processes() -> int:
    """How many processes the real user already runs (RLIMIT_NPROC counts them all)."""
    uid, count = os.getuid(), 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                count += entry.stat().st_uid == uid
            except OSError:
                continue
    return count


def pids_cgroup_root() -> Path | None:
    """A writable cgroup hierarchy with the pids controller, or None."""
    v1, v2 = PIDS_CGROUP_ROOTS
    if (v1 / "pids.max").exists() or (v1 / "cgroup.procs").exists():
        return v1 if os.access(v1, os.W_OK) else None
    controllers = v2 / "cgroup.controllers"
    if controllers.exists() and "pids" in controllers.read_text().split() and os.access(v2, os.W_OK):
        return v2
    return None


def join_pids_cgroup(max_processes: int) -> Path | None:
    """Move this process into a new pids cgroup limited to `max_processes`."""
    root = pids_cgroup_root()
    if root is None:
        return None
    group = root / f"dsroles-grading-{os.getpid()}"
    try:
        group.mkdir()
        (group / "pids.max").write_text(str(max_processes))
        (group / "cgroup.procs").write_text(str(os.getpid()))
    except OSError:
        return None
    return group


def sweep_cgroups() -> None:
    """Remove the empty pids cgroups of grading kernels that have exited."""
    root = pids_cgroup_root()
    for group in root.glob("dsroles-grading-*") if root else ():
        pid = group.name.rsplit("-", 1)[-1]
        try:
            if not Path(f"/proc/{pid}").exists() and not (group / "cgroup.procs").read_text().split():
                group.rmdir()
        except OSError:
            continue


def apply_limits(limits: Limits) -> dict:
    """Apply `limits` to this process; return what was applied (for the record)."""
    mb = 1024 * 1024
    applied = {"pid": os.getpid(), "cgroup": None, "nproc": None, "refused": []}
    for name, limit, value in (
        ("memory", resource.RLIMIT_AS, limits.memory_mb * mb),
        ("cpu", resource.RLIMIT_CPU, limits.cpu_seconds),
        ("file size", resource.RLIMIT_FSIZE, limits.file_size_mb * mb),
        ("core", resource.RLIMIT_CORE, 0),
    ):
        if not _set(limit, value):
            applied["refused"].append(name)
    if os.getuid() == 0:
        group = join_pids_cgroup(limits.processes + 8)  # + the kernel's own threads
        applied["cgroup"] = str(group) if group else None
    elif Path("/proc").is_dir():
        applied["nproc"] = _user_processes() + limits.processes
        if not _set(resource.RLIMIT_NPROC, applied["nproc"]):
            applied["refused"].append("processes")
    return applied


def record(applied: dict) -> None:
    job = os.environ.get("DSROLES_GRADING_JOB")
    if job:
        folder = Path(job) / "kernels"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{os.getpid()}.json").write_text(json.dumps(applied))


def cap_output(stream, max_bytes: int, kb: int) -> None:
    """Wrap `stream.write` so at most `max_bytes` reach the notebook per cell."""
    original = stream.write
    state = {"used": 0, "told": False}

    def write(text):
        if state["used"] >= max_bytes:
            if not state["told"]:
                state["told"] = True
                original(TRUNCATED.format(kb=kb))
            return len(text)
        room = max_bytes - state["used"]
        state["used"] += len(text)
        return original(text[:room])

    def reset(*_args):
        state["used"], state["told"] = 0, False

    stream.write = write
    return reset


def _job() -> dict:
    job = os.environ.get("DSROLES_GRADING_JOB")
    try:
        return json.loads((Path(job) / "job.json").read_text()) if job else {}
    except (OSError, ValueError):
        return {}


def _connection_file(argv: list[str]) -> str:
    return argv[argv.index("-f") + 1] if "-f" in argv else ""


def inside(argv: list[str]) -> None:
    """Start ipykernel with the guards installed (the sandboxed side)."""
    limits = Limits.from_env()
    os.environ[FIT_CACHE_VARIABLE] = "off"  # no fit cache an answer cell could fill
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    key_file = Path(_connection_file(argv)).with_name("guard.key")
    try:
        key = key_file.read_bytes()
        key_file.unlink()
    except OSError:
        key = b""

    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize(argv)
    max_bytes = limits.output_kb * 1024
    resets = [cap_output(s, max_bytes, limits.output_kb) for s in (sys.stdout, sys.stderr)]
    for reset in resets:
        app.shell.events.register("pre_execute", reset)
    if key:
        from dsroles.grading import answerkey, guard

        answerkey.install(app.shell)
        for library in ("numpy", "pandas"):  # the set-up imports them anyway: snapshot them now
            try:
                __import__(library)
            except ImportError:
                pass

        guard.install(app.shell, key)
    app.start()


def die_with_parent() -> None:
    """SIGKILL this process (and so its sandbox) when the grading worker that started it dies."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the worker died before the line above
        os._exit(1)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--inside"]:
        inside(argv[1:])
        return
    die_with_parent()
    limits = Limits.from_env()
    record(apply_limits(limits))
    box = _job().get("sandbox")
    if not box:
        inside(argv)
        return
    from dsroles.grading.sandbox import bwrap_argv

    command = [sys.executable, "-m", "dsroles.grading.kernel", "--inside", *argv]
    job_dir = Path(os.environ["DSROLES_GRADING_JOB"])
    full = bwrap_argv(box["bwrap"], box["plan"], job_dir=job_dir, sockets=Path(_connection_file(argv)).parent,
                      cwd=Path.cwd(), command=command)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.execv(full[0], full)


if __name__ == "__main__":
    main()
