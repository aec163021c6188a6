"""dsroles doctor: each check passes here and fails, with its fix, under a faked condition."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from types import SimpleNamespace

import pytest

from dsroles.commands import doctor


def test_python():
    assert doctor.check_python((3, 11, 7), ">=3.11").status == doctor.OK
    failed = doctor.check_python((3, 9, 1), ">=3.11")
    assert failed.status == doctor.FAIL and "3.9.1" in failed.detail and failed.fix


def test_packages():
    versions = {"numpy": "2.1.0", "pandas": "2.2.0"}

    def version_of(name):
        if name not in versions:
            raise PackageNotFoundError(name)
        return versions[name]

    reqs = ["numpy>=2.0,<3", "pandas>=3.0,<4", "duckdb>=1.1", "nbval>=0.11; extra == 'dev'"]
    failed = doctor.check_packages(reqs, version_of)
    assert failed.status == doctor.FAIL and failed.fix
    assert "pandas 2.2.0 is outside" in failed.detail and "duckdb is missing" in failed.detail
    assert "numpy" not in failed.detail and "nbval" not in failed.detail
    assert doctor.check_packages(["numpy>=2.0,<3"], version_of).status == doctor.OK


def test_kernel():
    assert doctor.check_kernel(lambda: ["python", "-m", "ipykernel"], lambda cmd: 0).status == doctor.OK
    failed = doctor.check_kernel(lambda: ["/old/python", "-m", "ipykernel"], lambda cmd: 1)
    assert failed.status == doctor.FAIL and "/old/python" in failed.detail and "ipykernel install" in failed.fix

    def no_kernel():
        raise KeyError("python3")

    assert doctor.check_kernel(no_kernel).status == doctor.FAIL


def test_data():
    assert doctor.check_data(lambda out: out.mkdir()).status == doctor.OK

    def broken(out):
        raise ValueError("bad seed")

    failed = doctor.check_data(broken)
    assert failed.status == doctor.FAIL and "bad seed" in failed.detail and failed.fix


def test_home(tmp_path):
    assert doctor.check_home(tmp_path / "home").status == doctor.OK
    blocker = tmp_path / "file"
    blocker.write_text("")
    failed = doctor.check_home(blocker / "home")  # a folder cannot be made under a file
    assert failed.status == doctor.FAIL and "DSROLES_HOME" in failed.fix


def test_sandbox_missing_is_a_warning():
    found = doctor.check_sandbox(lambda: SimpleNamespace(available=False, reason="no bwrap found"))
    assert found.status == doctor.WARN and "no bwrap" in found.detail and found.fix
    assert doctor.check_sandbox(lambda: SimpleNamespace(available=True, source="bwrap")).status == doctor.OK


def test_disk():
    assert doctor.check_disk(10 * 1024**3).status == doctor.OK
    failed = doctor.check_disk(100 * 1024**2)
    assert failed.status == doctor.FAIL and "0.1 GB" in failed.detail and failed.fix


@pytest.mark.parametrize("statuses, code", [((doctor.OK, doctor.WARN), 0), ((doctor.OK, doctor.FAIL), 1)])
def test_exit_status_says_whether_ready(monkeypatch, capsys, statuses, code):
    fake = [doctor.Check(f"c{i}", s, "detail", "do this") for i, s in enumerate(statuses)]
    monkeypatch.setattr(doctor, "checks", lambda skip_data=False: fake)
    assert doctor.run(SimpleNamespace(skip_data=True)) == code
    out = capsys.readouterr().out
    assert "fix: do this" in out
