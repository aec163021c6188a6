"""The self-check log: where it is, what it holds, and that it never breaks a lesson."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from dsroles.checks import log


def test_default_path_is_in_dsroles_home(monkeypatch, tmp_path):
    """Is the log $DSROLES_HOME/selfcheck-log.jsonl unless DSROLES_LOG says otherwise?"""
    monkeypatch.delenv("DSROLES_LOG", raising=False)
    monkeypatch.setenv("DSROLES_HOME", str(tmp_path))
    assert log.log_path() == tmp_path / "selfcheck-log.jsonl"
    monkeypatch.setenv("DSROLES_LOG", str(tmp_path / "other.jsonl"))
    assert log.log_path() == tmp_path / "other.jsonl"
    monkeypatch.setenv("DSROLES_LOG", "off")
    assert log.log_path() is None


def test_off_writes_nothing(monkeypatch, tmp_path):
    """With DSROLES_LOG=off, is nothing written?"""
    monkeypatch.setenv("DSROLES_LOG", "off")
    monkeypatch.setenv("DSROLES_HOME", str(tmp_path))
    log.record("t.x", "check", outcome="correct")
    assert list(tmp_path.iterdir()) == []


def test_record_appends_json_lines(monkeypatch, tmp_path):
    """Does each event become one JSON line with time, exercise, event, outcome and hint?"""
    path = tmp_path / "sub" / "log.jsonl"
    monkeypatch.setenv("DSROLES_LOG", str(path))
    log.record("t.x", "hint", hint=2)
    log.record("t.x", "check", outcome="incorrect", fraction=0.0, context={"seed": 1, "df": object()})
    lines = [json.loads(x) for x in path.read_text().splitlines()]
    assert [(e["event"], e["outcome"], e["hint"]) for e in lines] == \
        [("hint", None, 2), ("check", "incorrect", None)]
    assert lines[1]["context"] == {"seed": 1}
    assert log.read_log(path) == lines


def test_unwritable_log_warns_once_and_goes_on(monkeypatch, tmp_path):
    """When the log path cannot be written (its folder is a file), is there one warning only?"""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("DSROLES_LOG", str(blocker / "log.jsonl"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        entry = log.record("t.x", "check", outcome="correct")
        log.record("t.x", "hint", hint=1)
    assert entry["outcome"] == "correct"
    messages = [str(w.message) for w in caught]
    assert len(messages) == 1
    assert "cannot write the self-check log" in messages[0] and "DSROLES_HOME" in messages[0]


def test_check_still_shows_its_verdict_when_the_log_is_unwritable(monkeypatch, tmp_path, capsys):
    """Does a lesson's check() still work when the log cannot be written?"""
    from dsroles.tracks.start import welcome as demo

    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("DSROLES_LOG", str(blocker / "log.jsonl"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        demo.choice.check("median")
    assert capsys.readouterr().out == "Correct\n"


def test_read_log_skips_broken_lines(tmp_path):
    """Does a truncated or foreign line in the log get skipped rather than crash the profile?"""
    path = tmp_path / "log.jsonl"
    path.write_text('{"exercise": "a.b", "event": "check"}\n{"exerc\n[1, 2]\n\n')
    assert log.read_log(path) == [{"exercise": "a.b", "event": "check"}]
    assert log.read_log(Path(tmp_path / "missing.jsonl")) == []
