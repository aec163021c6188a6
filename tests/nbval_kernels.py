"""A pytest plugin for `make test-notebooks` (``-p tests.nbval_kernels``): nbval's kernels talk
over unix sockets (ZMQ's IPC transport) in a folder of their own, not over TCP ports.

jupyter_client picks a kernel's five TCP ports by binding and releasing them; with pytest-xdist
starting kernels side by side, another process can take a port before the kernel binds it, and
the kernel dies at start ("Kernel died before replying to kernel_info": it happened once in CI,
on a lesson that runs fine; nbmake #129 is the same race). Unix sockets have no such race. The
grader's own kernels use the same transport (dsroles.grading.execute).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import nbval.kernel
from jupyter_client.manager import KernelManager

_SOCKETS = Path(tempfile.mkdtemp(prefix="nbval-"))  # short: a unix socket path is short


class IPCKernelManager(KernelManager):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.transport = "ipc"
        self.ip = str(Path(tempfile.mkdtemp(dir=_SOCKETS)) / "k")


nbval.kernel.KernelManager = IPCKernelManager  # what nbval's start_new_kernel makes


def pytest_unconfigure(config):
    shutil.rmtree(_SOCKETS, ignore_errors=True)
