"""One home for lessons and `dsroles grade`, however they are started."""

from __future__ import annotations

from pathlib import Path

from dsroles import paths


def test_the_variable_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("DSROLES_HOME", str(tmp_path / "mine"))
    monkeypatch.chdir(paths.checkout_root())
    assert paths.home() == tmp_path / "mine"


def test_inside_the_kit_the_kit_home_outside_the_user_home(monkeypatch, tmp_path):
    """A lesson's kernel (cwd course/<track>) and a shell in the kit share <kit>/.dsroles;
    anywhere else it is ~/.dsroles."""
    kit = paths.checkout_root()
    assert kit is not None, "the tests run from the source checkout"
    monkeypatch.delenv("DSROLES_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    for inside in (kit, kit / "course" / "0_start"):
        monkeypatch.chdir(inside)
        assert paths.home() == kit / ".dsroles"
    monkeypatch.chdir(tmp_path)
    assert paths.home() == Path(tmp_path, ".dsroles")


def test_the_name_is_kept_once_in_the_home(monkeypatch, tmp_path):
    monkeypatch.setenv("DSROLES_HOME", str(tmp_path))
    assert paths.learner_name() is None
    paths.save_learner_name("  Ada Lovelace ")
    assert paths.learner_name() == "Ada Lovelace"
