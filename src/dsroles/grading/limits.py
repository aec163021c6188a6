"""The limits a learner's kernel runs under while it is graded.

The grading worker passes them to the kernel launcher (`dsroles.grading.kernel`)
through one environment variable, so the kernelspec itself stays static.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, replace

ENV_VAR = "DSROLES_GRADING_LIMITS"


@dataclass(frozen=True)
class Limits:
    """Per-notebook limits; every size is in MB or KB as named."""

    cell_timeout: int = 30  # seconds a cell may run before it is interrupted
    memory_mb: int = 2048  # address space of the kernel (RLIMIT_AS)
    cpu_seconds: int = 300  # CPU time of the kernel process (RLIMIT_CPU)
    file_size_mb: int = 64  # largest file the kernel may write (RLIMIT_FSIZE)
    processes: int = 32  # processes the kernel may start (RLIMIT_NPROC or a pids cgroup)
    output_kb: int = 256  # stdout + stderr kept per cell; the rest is dropped
    notebook_seconds: int | None = None  # hard limit per notebook (default: see notebook_deadline)

    def with_timeout(self, seconds: int | None) -> "Limits":
        """Return a copy with another per-cell timeout (None keeps this one)."""
        return self if seconds is None else replace(self, cell_timeout=int(seconds))

    def to_env(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls, environ=None) -> "Limits":
        raw = (os.environ if environ is None else environ).get(ENV_VAR)
        return cls(**json.loads(raw)) if raw else cls()

    def notebook_deadline(self, code_cells: int) -> float:
        """Wall-clock seconds after which a whole grading run is killed.

        A well-behaved run takes at most one timeout (plus nbclient's iopub
        grace) per code cell; 30 s more cover kernel start-up and feedback.
        """
        if self.notebook_seconds is not None:
            return float(self.notebook_seconds)
        return 30.0 + code_cells * (self.cell_timeout + 5)
