"""Run a learner's FastAPI app for real: under uvicorn, in a process of its own, on a free
loopback port, with its logs captured, for a bounded time.

    with serving(create_app, artefact_dir, env={"CHURN_API_KEY": key}) as service:
        response = service.client.post("/predict", json=..., headers=...)
        lines = service.log_lines()

The learner's ``create_app`` is called in a child forked from this process (the notebook's
kernel while grading), so it is the very function the notebook defined: nothing is pickled
or imported again. The child writes everything it prints or logs into one file, binds no
port itself (uvicorn serves a socket bound here, on 127.0.0.1, port chosen by the OS), and is
stopped with SIGTERM, then SIGKILL, when the block ends. It needs one extra process and one
loopback port (docs/product-engineer.md says what grading needs).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

STARTUP_SECONDS = 20.0  # the app must answer its first request within this
REQUEST_SECONDS = 10.0  # any one request the checks send
STOP_SECONDS = 1.5  # after SIGTERM, before SIGKILL (uvicorn gives up on open connections after 1 s)
APP_FAILED = 3  # the child's exit status when create_app raised


class ServiceFailed(Exception):
    """The app did not start or died; the message says why, in words, with its last log lines."""


@dataclass
class Service:
    """A running service: its base URL, an httpx client for it, and its log file."""

    url: str
    pid: int
    log_path: Path
    client: object = field(repr=False, default=None)

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def log_lines(self) -> list[str]:
        return self.log_text().splitlines()

    def alive(self) -> bool:
        try:
            done, _ = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            return False
        return done == 0


def free_socket() -> socket.socket:
    """A TCP socket bound to a free port on the loopback interface, listening.

    TCP_NODELAY is set here because the connections uvicorn accepts from a socket it is given
    inherit it: without it, a kept-alive connection waits about 40 ms on every reply (Nagle's
    algorithm against the client's delayed acknowledgement), 0.04 s instead of 0.001 s a request.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    return sock


def _route_output_to(path: Path) -> None:
    """In the child: stdout, stderr and every logging stream go to the log file."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    stream = open(fd, "w", buffering=1, encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    sys.stdout = sys.stderr = sys.__stdout__ = sys.__stderr__ = stream
    root = logging.getLogger()
    for handler in list(root.handlers):  # a test runner's capture handlers: as in a fresh process
        if type(handler) not in (logging.StreamHandler, logging.FileHandler):
            root.removeHandler(handler)
    loggers = [root] + [logging.getLogger(name) for name in logging.root.manager.loggerDict]
    for logger in loggers:
        for handler in getattr(logger, "handlers", ()):
            if isinstance(handler, logging.StreamHandler) and not isinstance(handler, logging.FileHandler):
                handler.setStream(stream)


class _Module:
    """A stand-in module whose namespace is a dict of globals."""


def _module_is_its_globals(fn) -> None:
    """In the child: make ``sys.modules[fn.__module__]`` the namespace ``fn`` was defined in.

    In a notebook the two are the same (``__main__``); code run with ``exec`` into a dict (the
    validator's replay) has its own, and pydantic looks model names up in the module.
    """
    namespace, name = getattr(fn, "__globals__", None), getattr(fn, "__module__", None)
    module = sys.modules.get(name) if name else None
    if isinstance(namespace, dict) and name and getattr(module, "__dict__", None) is not namespace:
        stand_in = _Module()
        stand_in.__dict__ = namespace
        sys.modules[name] = stand_in


def _child(create_app, args, env: dict, sock: socket.socket, log_path: Path) -> int:
    """Build the app and serve it until SIGTERM; the exit status to leave with."""
    os.setpgrp()
    _module_is_its_globals(create_app)
    _route_output_to(log_path)
    for name in (signal.SIGINT, signal.SIGTERM):
        signal.signal(name, signal.SIG_DFL)
    os.environ.update(env)
    try:
        app = create_app(*args)
        if app is None or app is Ellipsis:
            raise NotImplementedError("create_app returned a placeholder, not an app")
    except BaseException:  # noqa: BLE001 - the learner's failure, written to the log
        import traceback

        traceback.print_exc()
        return APP_FAILED
    import uvicorn

    config = uvicorn.Config(app, log_level="info", access_log=True, lifespan="on",
                            timeout_graceful_shutdown=1, loop="asyncio", http="h11")
    uvicorn.Server(config).run(sockets=[sock])
    return 0


def _fork() -> int:
    with warnings.catch_warnings():  # Python 3.12+ warns about fork() with threads running
        warnings.simplefilter("ignore", DeprecationWarning)
        return os.fork()


def _stop(pid: int) -> None:
    for sig, wait in ((signal.SIGTERM, STOP_SECONDS), (signal.SIGKILL, STOP_SECONDS)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, sig)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                return
            if done:
                return
            time.sleep(0.02)


def _tail(path: Path, lines: int = 6) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    return "\n".join(text[-lines:])


def _wait_until_up(service: Service, startup: float) -> None:
    import httpx

    deadline = time.monotonic() + startup
    while time.monotonic() < deadline:
        if not service.alive():
            tail = _tail(service.log_path)
            raise ServiceFailed("the service stopped before it answered a request"
                                + (f"; its last log lines:\n{tail}" if tail else "."))
        try:
            service.client.get("/health", timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise ServiceFailed(f"the service did not answer within {startup:.0f} s of starting.")


@contextlib.contextmanager
def serving(create_app, *args, env: dict | None = None, startup: float = STARTUP_SECONDS,
            timeout: float = REQUEST_SECONDS):
    """Serve ``create_app(*args)`` under uvicorn on a free loopback port; yield a ``Service``.

    ``env`` is added to the child's environment before ``create_app`` is called. Raises
    ``ServiceFailed`` when the app does not start. The child is always stopped on exit.
    """
    import httpx

    log = Path(tempfile.mkstemp(prefix="pe-service-", suffix=".log")[1])
    sock = free_socket()
    port = sock.getsockname()[1]
    sys.stdout.flush()
    sys.stderr.flush()
    pid = _fork()
    if pid == 0:  # the child: never returns into the caller's code
        status = 1
        try:
            status = _child(create_app, args, dict(env or {}), sock, log)
        finally:
            os._exit(status)
    sock.close()
    url = f"http://127.0.0.1:{port}"
    client = httpx.Client(base_url=url, timeout=timeout, trust_env=False)
    service = Service(url, pid, log, client)
    try:
        _wait_until_up(service, startup)
        yield service
    finally:
        client.close()
        _stop(pid)
        with contextlib.suppress(OSError):
            log.unlink()
