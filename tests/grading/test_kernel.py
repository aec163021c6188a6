"""The limited grading kernel: limits travel in one variable, are applied, and cap output."""

from __future__ import annotations

import signal
import subprocess
import sys

from dsroles.grading.kernel import cap_output
from dsroles.grading.limits import ENV_VAR, Limits


def test_limits_travel_through_the_environment():
    """Do the limits survive the trip to the kernel unchanged?"""
    limits = Limits(cell_timeout=5, memory_mb=700, processes=3, output_kb=1)
    assert Limits.from_env({ENV_VAR: limits.to_env()}) == limits
    assert Limits.from_env({}) == Limits()


def test_the_notebook_deadline_covers_every_cell_timing_out():
    """Is the hard limit per notebook above one timeout per code cell, unless set?"""
    assert Limits(cell_timeout=10).notebook_deadline(4) > 4 * 10
    assert Limits(notebook_seconds=6).notebook_deadline(40) == 6


def test_memory_and_file_size_limits_bind():
    """After apply_limits, does a 1 GB allocation fail and a big file stop at the limit?"""
    code = (
        "from dsroles.grading.kernel import apply_limits\n"
        "from dsroles.grading.limits import Limits\n"
        "apply_limits(Limits(memory_mb=600, file_size_mb=1, processes=50))\n"
        "try:\n    bytearray(1024**3)\nexcept MemoryError:\n    print('memory-limited')\n"
        "import os, tempfile\n"
        "with tempfile.TemporaryDirectory() as d:\n"
        "    try:\n        open(os.path.join(d, 'x'), 'wb').write(bytes(2 * 1024**2))\n"
        "    except OSError as e:\n        print('file-limited', e.strerror)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "memory-limited" in out.stdout, out.stderr
    assert "file-limited File too large" in out.stdout, out.stderr


def test_the_cpu_limit_kills_a_spinning_process():
    """Is a process that burns more CPU than its limit stopped by SIGXCPU?"""
    code = (
        "from dsroles.grading.kernel import apply_limits\n"
        "from dsroles.grading.limits import Limits\n"
        "apply_limits(Limits(cpu_seconds=1))\n"
        "while True:\n    pass\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert out.returncode == -signal.SIGXCPU


class Stream:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text
        return len(text)


def test_output_is_capped_per_cell_and_reset_between_cells():
    """Is output past the cap dropped with one notice, and counted afresh for the next cell?"""
    stream = Stream()
    reset = cap_output(stream, 10, kb=0)
    for _ in range(5):
        stream.write("abcdef")
    assert stream.text.startswith("abcdefabcd") and stream.text.count("output truncated") == 1
    reset()
    stream.text = ""
    stream.write("xyz")
    assert stream.text == "xyz"


def test_the_kernel_turns_off_the_fit_cache_that_the_project_reads():
    """Does the grading kernel name the variable dsroles.churn.train decides its fit cache by?
    (grading imports nothing of churn; tests/grading/test_attacks.py's planted_fit shows the
    cache is off in a graded notebook)"""
    from dsroles.churn import train
    from dsroles.grading import kernel

    assert kernel.FIT_CACHE_VARIABLE == train.FIT_CACHE_VARIABLE
