"""Does `dsroles data` generate the sources, and refuse bad arguments with a clear message?"""

from __future__ import annotations

import json
import os

import pytest

from dsroles.cli import main


def test_generates_into_a_new_folder(tmp_path, capsys):
    assert main(["data", "--seed", "3", "--customers", "120", "--out", str(tmp_path / "d")]) == 0
    manifest = json.loads((tmp_path / "d" / "manifest.json").read_text())
    assert manifest["seed"] == 3 and manifest["customers"] == 120
    assert "history/crm_customers.csv" in capsys.readouterr().out


@pytest.mark.parametrize("argv, message", [
    (["--customers", "-5"], "customers must be a whole number of at least 50, got -5"),
    (["--customers", "0"], "customers must be"),
    (["--seed", "-1"], "seed must be a whole number >= 0"),
    (["--usage-scale", "0"], "usage_scale must be a whole number from 1 to 1000"),
    (["--seed", "abc"], "argument --seed: expected a whole number, got 'abc'"),
    (["--colour", "blue"], "unrecognized arguments: --colour blue"),
])
def test_bad_arguments_give_a_message_not_a_traceback(tmp_path, capsys, argv, message):
    code = main(["data", "--out", str(tmp_path / "d"), *argv])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert not (tmp_path / "d").exists()


def test_missing_out_is_explained(capsys):
    assert main(["data"]) == 2
    assert "the following arguments are required: --out" in capsys.readouterr().err


def test_a_file_in_the_way_is_explained(tmp_path, capsys):
    (tmp_path / "f").write_text("x")
    assert main(["data", "--customers", "100", "--out", str(tmp_path / "f")]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err


def test_a_folder_with_other_files_is_not_overwritten(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["data", "--customers", "100", "--out", str(tmp_path)]) == 2
    assert "already holds other files" in capsys.readouterr().err
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_an_unwritable_folder_is_explained(tmp_path, capsys, monkeypatch):
    """The tests run as root, who may write anywhere: so the permission answer is faked."""
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    assert main(["data", "--customers", "100", "--out", str(tmp_path / "d")]) == 2
    assert f"cannot write to {tmp_path}; choose a folder you may write to" in capsys.readouterr().err
    assert not (tmp_path / "d").exists()


def test_an_impossible_path_is_explained(tmp_path, capsys):
    """Even as root: a path below a file cannot be created."""
    (tmp_path / "f").write_text("x")
    assert main(["data", "--customers", "100", "--out", str(tmp_path / "f" / "d")]) == 2
    err = capsys.readouterr().err
    assert "could not write the data" in err or "cannot write" in err
    assert "Traceback" not in err


def test_no_command_prints_help(capsys):
    assert main([]) == 2
    assert "data" in capsys.readouterr().out
