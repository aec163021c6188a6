"""A real browser on the learner's lab: JupyterLab started with `make lab`'s command (from
`make -s lab-command`) on a free port, driven by Playwright in the system's chromium.

Only `make browser-test` runs these (`-m browser`; pyproject's addopts deselect them elsewhere).
Without chromium they skip, saying how to install it; Playwright never downloads a browser.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOTS = os.environ.get("DSROLES_SCREENSHOTS")  # DSROLES_SCREENSHOTS=docs/img make browser-test refreshes the docs' images
TOKEN = "browser-test"
START_SECONDS = 60



def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lab_command(port: int) -> tuple[list[str], str]:
    """`make lab`'s command (the learner's settings), on `port`, with no browser of its own."""
    line = subprocess.run(["make", "-s", "--no-print-directory", "lab-command"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    env_part, _, command = line.partition(" ")
    assert env_part.startswith("JUPYTER_CONFIG_PATH="), line
    return [*shlex.split(command), f"--port={port}", "--no-browser", f"--IdentityProvider.token={TOKEN}",
            "--ServerApp.port_retries=0"], env_part.split("=", 1)[1]


@pytest.fixture(scope="session")
def home(tmp_path_factory):
    """The learner's dsroles home for the run (generated data shared with `make test`'s)."""
    folder = tmp_path_factory.mktemp("learner-home")
    shared = ROOT / ".dsroles" / "data"
    if shared.is_dir():
        (folder / "data").symlink_to(shared, target_is_directory=True)
    return folder


@pytest.fixture(scope="session")
def lab(home, tmp_path_factory):
    """The base URL of a running learner's lab; stopped (its process group) at the end."""
    port = free_port()
    command, config_path = lab_command(port)
    env = dict(os.environ, JUPYTER_CONFIG_PATH=config_path, DSROLES_HOME=str(home),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp_path_factory.mktemp("workspaces")))
    log = (tmp_path_factory.mktemp("lab") / "lab.log").open("w")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/api/status?token={TOKEN}", server)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()


def wait_for(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the lab stopped at start (exit {server.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:
                json.load(reply)
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the lab did not answer {url} within {START_SECONDS} s")


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        pytest.skip("chromium is not installed: apt-get install -y --no-install-recommends chromium "
                    "(or set CHROMIUM to its path), then make browser-test")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chrome = p.chromium.launch(executable_path=path, args=["--no-sandbox", "--disable-gpu"])
        yield chrome
        chrome.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 820})
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def screenshot(page, name: str) -> Path | None:
    """The viewport as a small PNG into $DSROLES_SCREENSHOTS (docs/img for docs/learner-experience.md);
    nothing is written without it, so a test run leaves the checkout as it was."""
    if not SHOTS:
        page.screenshot()  # still taken: a page that cannot be drawn fails here
        return None
    folder = Path(SHOTS) if Path(SHOTS).is_absolute() else ROOT / SHOTS
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    return path
