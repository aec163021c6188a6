"""workshop grade refuses to run learners' code without the sandbox unless told to."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import pytest

from dsroles.errors import UsageError
from dsroles.workshop.roster import parse_roster, write_roster

from .helpers import ASSESSMENT, ROSTER


def test_no_sandbox_means_nothing_is_graded(tmp_path, monkeypatch):
    from dsroles.grading import sandbox
    from dsroles.paths import solutions_dir
    from dsroles.workshop.grade import grade_course

    course = tmp_path / "course"
    (course / ".dsroles").mkdir(parents=True)
    write_roster(parse_roster(ROSTER), course / ".dsroles" / "roster.csv")
    shutil.copytree(solutions_dir() / ASSESSMENT, course / "source" / ASSESSMENT)
    submitted = course / "submitted" / "ana" / ASSESSMENT
    submitted.mkdir(parents=True)
    shutil.copyfile(course / "source" / ASSESSMENT / f"{ASSESSMENT}.ipynb", submitted / f"{ASSESSMENT}.ipynb")
    monkeypatch.setattr(sandbox, "probe", lambda: SimpleNamespace(available=False, reason="no bwrap found"))
    with pytest.raises(UsageError, match="--allow-unsandboxed") as err:
        grade_course(course)
    assert "no bwrap found" in str(err.value)
    assert not (course / ".dsroles" / "results").exists()


def test_formgrader_command_serves_the_course(tmp_path):
    from dsroles.workshop.formgrader import command, url

    argv = command(tmp_path, 9000, "tok", allow_root=True)
    assert argv[1:4] == ["-m", "jupyter", "lab"]
    assert f"--ServerApp.root_dir={tmp_path.resolve()}" in argv and "--allow-root" in argv
    assert "--ServerApp.default_url=/formgrader" in argv
    assert "--allow-root" not in command(tmp_path, 9000, "tok", allow_root=False)
    assert url(9000, "tok") == "http://localhost:9000/formgrader?token=tok"


def test_a_scheduler_is_an_address():
    from dsroles.grading.executors import DaskExecutor, executor_for

    assert executor_for(None) is None
    assert isinstance(executor_for("tcp://10.0.0.5:8786"), DaskExecutor)
    with pytest.raises(UsageError, match="tcp://HOST:PORT"):
        executor_for("10.0.0.5")
