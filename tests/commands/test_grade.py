"""`dsroles grade`: the table, the output folder, the exit code, and the learner's files untouched."""

from __future__ import annotations

import hashlib
import json
import os

from dsroles.cli import main

from grading.helpers import FRAMEWORK, SOLUTIONS, answer, solution, write


def snapshot(folder):
    return {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_grade_reports_lost_marks_and_not_graded_files_without_touching_them(tmp_path, capsys):
    """Does `dsroles grade` print each lost mark in words, write its files, exit 1 for a broken file,
    and leave the learner's files byte for byte and time for time as they were?"""
    learner = tmp_path / "assessments"
    write(learner, "wrong", answer(solution(), "mean_answer", 'my_mean = df["monthly_charge"].median()'))
    (learner / "broken.ipynb").write_text('{"cells": [')
    before = snapshot(learner)
    out = tmp_path / "out"
    code = main(["grade", str(learner), "--solutions", str(SOLUTIONS), "--framework", str(FRAMEWORK),
                 "--out", str(out), "--timeout", "20"])
    printed = capsys.readouterr().out
    assert code == 1
    assert snapshot(learner) == before
    assert "Data Scientist" in printed and "DS-1 Summarise a column" in printed
    assert "test_mean lost 1: Your answer" in printed
    assert "NOT GRADED" in printed and "broken.ipynb is not valid JSON" in printed
    assert "1 of 2 notebook(s) were NOT graded" in printed
    results = json.loads((out / "results.json").read_text())["results"]
    assert [r["status"] for r in results] == ["not_graded", "graded"]  # sorted paths: broken first
    assert (out / "profile.html").exists() and json.loads((out / "profile.json").read_text())["not_graded"]
    assert sorted(p.name for p in (out / "feedback").iterdir()) == ["demo_quiz.html", "for-instructors"]
    assert [p.name for p in (out / "feedback" / "for-instructors").iterdir()] == ["demo_quiz.nbgrader.html"]


def test_grade_exits_0_and_keeps_the_seed_asked_for(tmp_path, capsys):
    """With every notebook graded, is the exit code 0, the seed the one given, and `latest` linked?"""
    notebook = write(tmp_path, "mine", solution())
    code = main(["grade", str(notebook), "--solutions", str(SOLUTIONS), "--seed", "4242",
                 "--framework", str(FRAMEWORK)])
    assert code == 0, capsys.readouterr().out
    latest = os.path.join(os.environ["DSROLES_HOME"], "grades", "latest")
    result = json.loads(open(os.path.join(latest, "results.json")).read())["results"][0]
    assert (result["seed"], result["score"]) == (4242, 7.0)


def test_bad_arguments_are_usage_errors(tmp_path, capsys):
    """Do a missing path, an empty folder and a bad timeout exit 2 with what to do?"""
    assert main(["grade", str(tmp_path / "nowhere")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["grade", str(tmp_path)]) == 2
    assert "holds no .ipynb notebooks" in capsys.readouterr().err
    assert main(["grade", str(tmp_path), "--timeout", "0"]) == 2
    assert "--timeout must be at least 1" in capsys.readouterr().err


def _no_sandbox(monkeypatch):
    from dsroles.grading import sandbox

    monkeypatch.setattr(sandbox, "probe", lambda: sandbox.Probe(False, reason="user namespaces are off (test)"))


def test_require_sandbox_refuses_where_none_can_be_made(tmp_path, capsys, monkeypatch):
    """With --require-sandbox and no sandbox, does grade refuse (exit 2) and grade nothing?"""
    _no_sandbox(monkeypatch)
    notebook = write(tmp_path, "mine", solution())
    out = tmp_path / "out"
    code = main(["grade", str(notebook), "--solutions", str(SOLUTIONS), "--out", str(out), "--require-sandbox"])
    assert code == 2
    err = capsys.readouterr().err
    assert "user namespaces are off (test)" in err and "--require-sandbox" in err
    assert not (out / "results.json").exists()


def test_without_a_sandbox_grading_goes_on_and_says_so(tmp_path, capsys, monkeypatch):
    """Without a sandbox (and without --require-sandbox), is the notebook graded, with
    "sandbox": false and why in results.json and a line in the terminal?"""
    _no_sandbox(monkeypatch)
    notebook = write(tmp_path, "mine", solution())
    out = tmp_path / "out"
    code = main(["grade", str(notebook), "--solutions", str(SOLUTIONS), "--framework", str(FRAMEWORK),
                 "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "sandbox: OFF (user namespaces are off (test))" in printed
    saved = json.loads((out / "results.json").read_text())
    assert (saved["sandbox"], saved["sandbox_reason"]) == (False, "user namespaces are off (test)")
    assert saved["results"][0]["sandbox"] is False and saved["results"][0]["score"] == 7.0
