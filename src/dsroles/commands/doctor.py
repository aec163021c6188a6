"""Check this machine is ready for the course, before the day: Python, packages, the kernel,
data generation, the dsroles folder, the grading sandbox and free disk.

Each failed check says how to fix it. Exit code 0 when the machine is ready, 1 when not (a
missing sandbox is only a warning: grading then runs with resource limits alone).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

OK, WARN, FAIL = "ok", "warning", "FAIL"
DISK_NEEDED_GB = 2.0


@dataclass(frozen=True)
class Check:
    name: str
    status: str
    detail: str
    fix: str = ""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--skip-data", action="store_true", help="leave out the data generation check (the slowest)")


def check_python(version=None, required: str | None = None) -> Check:
    from packaging.specifiers import SpecifierSet

    version = version or sys.version_info
    text = ".".join(map(str, tuple(version)[:3]))
    if required is None:
        from importlib.metadata import metadata

        required = metadata("dsroles").get("Requires-Python") or ""
    if text in SpecifierSet(required):
        return Check("Python", OK, f"{text} ({required})")
    return Check("Python", FAIL, f"{text} does not satisfy {required}",
                 f"install Python {required} (e.g. conda env create -f environment.yml) and reinstall the kit")


def check_packages(requirements=None, version_of=None) -> Check:
    from importlib.metadata import PackageNotFoundError, requires, version
    from packaging.requirements import Requirement

    version_of = version_of or version
    wrong = []
    for text in requirements if requirements is not None else (requires("dsroles") or []):
        req = Requirement(text)
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue  # an optional extra's package, or another platform's
        try:
            have = version_of(req.name)
        except PackageNotFoundError:
            wrong.append(f"{req.name} is missing (needs {req.specifier})")
            continue
        if req.specifier and not req.specifier.contains(have, prereleases=True):
            wrong.append(f"{req.name} {have} is outside {req.specifier}")
    if not wrong:
        return Check("packages", OK, "every dependency is installed within pyproject's ranges")
    return Check("packages", FAIL, "; ".join(wrong),
                 "reinstall the kit in a fresh environment: pip install -e . (or conda env create -f environment.yml)")


def check_kernel(find=None, run=None) -> Check:
    """A 'python3' Jupyter kernel exists and its Python imports dsroles."""
    fix = ("register this environment's kernel: python -m ipykernel install --user --name python3 "
           "(run it with the Python that has dsroles installed)")
    try:
        if find is None:
            from jupyter_client.kernelspec import KernelSpecManager

            find = lambda: KernelSpecManager().get_kernel_spec("python3").argv  # noqa: E731
        argv = find()
    except Exception as exc:
        return Check("kernel", FAIL, f"no python3 kernel: {type(exc).__name__}", fix)
    python = argv[0] if argv else ""
    if python in ("python", f"python{sys.version_info[0]}", "python{}.{}".format(*sys.version_info[:2])):
        python = sys.executable  # what jupyter_client runs for these names
    run = run or (lambda cmd: subprocess.run(cmd, capture_output=True, timeout=60).returncode)
    try:
        code = run([python, "-c", "import dsroles"])
    except (OSError, subprocess.TimeoutExpired) as exc:
        code, python = 1, f"{python} ({type(exc).__name__})"
    if code == 0:
        return Check("kernel", OK, f"python3 runs {python}, which imports dsroles")
    return Check("kernel", FAIL, f"the python3 kernel runs {python}, which cannot import dsroles", fix)


def check_data(generate=None) -> Check:
    """The churn project's data generates at the default size (into a scratch folder)."""
    if generate is None:
        from dsroles.churn.generate import generate_sources

        generate = generate_sources
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="dsroles-doctor-") as tmp:
        try:
            generate(Path(tmp) / "data")
        except Exception as exc:
            return Check("data", FAIL, f"generating the project data failed: {type(exc).__name__}: {exc}",
                         "reinstall the kit (pip install -e .); if it persists, report the message above")
    return Check("data", OK, f"generated at the default size in {time.monotonic() - started:.1f} s")


def check_home(folder=None) -> Check:
    from dsroles.paths import HOME_VARIABLE, home

    folder = Path(folder or home())
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-"):
            pass
    except OSError as exc:
        return Check("dsroles folder", FAIL, f"cannot write to {folder}: {exc.strerror or exc}",
                     f"make {folder} writable, or set {HOME_VARIABLE} to a folder you may write to")
    return Check("dsroles folder", OK, f"{folder} is writable")


def check_sandbox(probe=None) -> Check:
    if probe is None:
        from dsroles.grading.sandbox import probe
    found = probe()
    if found.available:
        return Check("sandbox", OK, f"bubblewrap works ({found.source})")
    return Check("sandbox", WARN, f"no grading sandbox: {found.reason}",
                 "grading still works, with resource limits only; on Linux enable unprivileged user "
                 "namespaces (see docs/isolation.md)")


def check_disk(free_bytes=None, folder=None) -> Check:
    from dsroles.paths import home

    if free_bytes is None:
        probe = Path(folder or home())
        while not probe.exists():
            probe = probe.parent
        free_bytes = shutil.disk_usage(probe).free
    free = free_bytes / 1024**3
    if free >= DISK_NEEDED_GB:
        return Check("disk", OK, f"{free:.1f} GB free")
    return Check("disk", FAIL, f"only {free:.1f} GB free; the course needs about {DISK_NEEDED_GB:g} GB",
                 "free some space, or set DSROLES_HOME to a disk with room")


def checks(skip_data: bool = False) -> list[Check]:
    found = [check_python(), check_packages(), check_kernel(), check_home(), check_sandbox(), check_disk()]
    if not skip_data:
        found.insert(3, check_data())
    return found


def run(args) -> int:
    results = checks(skip_data=args.skip_data)
    for c in results:
        print(f"[{c.status:^7}] {c.name:<15} {c.detail}")
        if c.fix and c.status != OK:
            print(f"{'':10}{'':15} fix: {c.fix}")
    ready = all(c.status != FAIL for c in results)
    print("\nthis machine is ready for the course." if ready else "\nthis machine is NOT ready: fix what each FAIL says.")
    return 0 if ready else 1
