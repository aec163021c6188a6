"""`dsroles capstone` on bad input: a clear error (exit 2) that says what to do, nothing run."""

from __future__ import annotations

import json

import pytest

from dsroles.cli import main


@pytest.fixture
def notebook(tmp_path):
    from .conftest import stage_notebook

    return stage_notebook(tmp_path / "mine.ipynb", "pass")


def error_of(capsys, *argv) -> str:
    assert main(["capstone", *argv]) == 2
    return capsys.readouterr().err


def test_an_unknown_role_names_the_stages(capsys, tmp_path, notebook):
    err = error_of(capsys, "run", "--out", str(tmp_path / "r"), "--stage", f"chef={notebook}")
    assert "no stage or role called 'chef'" in err and "goal, data, model" in err


def test_a_role_with_two_stages_asks_for_the_stage(capsys, tmp_path, notebook):
    err = error_of(capsys, "run", "--out", str(tmp_path / "r"), "--stage",
                   f"business_owner={notebook}")
    assert "goal, decision" in err and "name the stage" in err


def test_a_missing_notebook(capsys, tmp_path):
    err = error_of(capsys, "run", "--out", str(tmp_path / "r"), "--stage",
                   f"data_engineer={tmp_path / 'nowhere.ipynb'}")
    assert "no notebook at" in err and "nowhere.ipynb" in err


def test_a_corrupt_notebook(capsys, tmp_path):
    broken = tmp_path / "broken.ipynb"
    broken.write_text('{"cells": [')
    err = error_of(capsys, "run", "--out", str(tmp_path / "r"), "--stage", f"model={broken}")
    assert "not a readable notebook" in err
    assert not (tmp_path / "r").exists()


def test_a_stage_option_without_a_notebook(capsys, tmp_path):
    err = error_of(capsys, "run", "--out", str(tmp_path / "r"), "--stage", "model")
    assert "STAGE=NOTEBOOK" in err


def test_an_output_folder_with_other_files(capsys, tmp_path):
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "thesis.docx").write_text("mine")
    err = error_of(capsys, "run", "--out", str(tmp_path / "r"))
    assert "already holds other files" in err and "thesis.docx" in err


def test_an_output_folder_that_holds_a_run(capsys, tmp_path):
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "run.json").write_text(json.dumps({"seed": 42, "stages": []}))
    assert "already holds a run" in error_of(capsys, "run", "--out", str(tmp_path / "r"))
    err = error_of(capsys, "run", "--out", str(tmp_path / "r"), "--seed", "7", "--from", "model")
    assert "seed 42, not 7" in err


def test_from_a_stage_that_does_not_exist(capsys, tmp_path):
    err = error_of(capsys, "run", "--out", str(tmp_path / "r"), "--from", "marketing")
    assert "--from marketing" in err


def test_grading_a_folder_that_holds_no_run(capsys, tmp_path):
    assert "no run folder" in error_of(capsys, "grade", str(tmp_path / "nowhere"))
    assert "holds no capstone run" in error_of(capsys, "grade", str(tmp_path))


def test_without_an_action_the_usage_is_shown(capsys):
    assert main(["capstone"]) == 2
    assert "dsroles capstone run" in capsys.readouterr().err


def test_a_file_that_is_not_a_team_report(tmp_path):
    from dsroles.capstone.grade import read_team_report
    from dsroles.errors import UsageError

    (tmp_path / "profile.json").write_text(json.dumps({"person": "Ana", "roles": {}}))
    with pytest.raises(UsageError, match="not a capstone team report"):
        read_team_report(tmp_path / "profile.json")
    with pytest.raises(UsageError, match="not a readable team report"):
        read_team_report(tmp_path / "missing.json")


def test_without_the_reference_notebooks_the_kit_checkout_is_named(capsys, tmp_path, monkeypatch):
    from dsroles.capstone import chain

    monkeypatch.setattr(chain, "reference_folder", lambda: tmp_path / "no-course")
    err = error_of(capsys, "run", "--out", str(tmp_path / "r"))
    assert "reference notebooks are not at" in err and "course/7_capstone" in err


def test_a_notebook_opened_in_the_lab_reads_the_default_run_and_writes_a_scratch_folder(
        tmp_path, monkeypatch):
    from dsroles.capstone import lab

    monkeypatch.setenv("DSROLES_HOME", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="dsroles capstone run --seed 5"):
        lab.folders(None, None, "model", 5)
    lab.default_run(5).mkdir(parents=True)
    (lab.default_run(5) / "run.json").write_text("{}")
    run, out = lab.folders(None, None, "model", 5)
    assert run == lab.default_run(5) and out.is_dir() and out.name == "3_model"
    assert out.parent != run, "exploring a stage must not write into the run"
    assert lab.folders(tmp_path / "r", tmp_path / "o", "model", 5) == (tmp_path / "r", tmp_path / "o")
