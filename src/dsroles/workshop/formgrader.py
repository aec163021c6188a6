"""`dsroles workshop formgrader`: nbgrader's formgrader on the course, for the manual items."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

from dsroles.workshop.course import load_course_roster


def command(course: Path, port: int, token: str, allow_root: bool | None = None) -> list[str]:
    """The Jupyter server command line that serves the course with nbgrader's formgrader."""
    argv = [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}",
            f"--ServerApp.root_dir={Path(course).resolve()}", f"--IdentityProvider.token={token}",
            "--ServerApp.default_url=/formgrader"]
    if allow_root if allow_root is not None else (hasattr(os, "geteuid") and os.geteuid() == 0):
        argv.append("--allow-root")
    return argv


def url(port: int, token: str) -> str:
    return f"http://localhost:{port}/formgrader?token={token}"


def serve(course, *, port: int = 8888, allow_root: bool | None = None) -> int:
    """Run the server in the foreground (nbgrader reads nbgrader_config.py from the course folder)."""
    course = Path(course)
    load_course_roster(course)
    token = secrets.token_hex(16)
    print(f"formgrader: {url(port, token)}\n(Ctrl-C stops it; marks are saved in {course / 'gradebook.db'})",
          flush=True)
    process = subprocess.Popen(command(course, port, token, allow_root), cwd=course)
    previous = signal.signal(signal.SIGTERM, lambda *_: process.terminate())  # the server goes with us
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        process.wait()
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
