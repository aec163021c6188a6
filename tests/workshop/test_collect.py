"""Collecting the layouts instructors get, without grading anything."""

from __future__ import annotations

import os
import shutil
import zipfile

import pytest

from dsroles.errors import UsageError
from dsroles.workshop.collect import collect
from dsroles.workshop.roster import parse_roster, write_roster

from .helpers import ASSESSMENT, ROSTER, tree_hash


@pytest.fixture
def course(tmp_path):
    """A course folder with just what collect reads: the roster and one assessment's source."""
    from dsroles.paths import solutions_dir

    folder = tmp_path / "course"
    (folder / ".dsroles").mkdir(parents=True)
    write_roster(parse_roster(ROSTER), folder / ".dsroles" / "roster.csv")
    shutil.copytree(solutions_dir() / ASSESSMENT, folder / "source" / ASSESSMENT)
    return folder


@pytest.fixture
def notebook(course):
    return course / "source" / ASSESSMENT / f"{ASSESSMENT}.ipynb"


def filed(course):
    return sorted(p.relative_to(course / "submitted").as_posix() for p in (course / "submitted").rglob("*.ipynb"))


def test_nbgrader_exchange_layout_keeps_its_timestamp(course, notebook, tmp_path):
    inbound = tmp_path / "exchange" / "dsroles" / "inbound" / f"ben+{ASSESSMENT}+2026-11-30 09:15:00.000000 UTC"
    inbound.mkdir(parents=True)
    shutil.copyfile(notebook, inbound / f"{ASSESSMENT}.ipynb")
    report = collect(course, tmp_path / "exchange")
    assert [r[:2] for r in report.filed] == [("ben", ASSESSMENT)]
    stamp = (course / "submitted" / "ben" / ASSESSMENT / "timestamp.txt").read_text()
    assert stamp.startswith("2026-11-30 09:15:00")


def test_a_configurable_pattern(course, notebook, tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    shutil.copyfile(notebook, subs / "week3--1003.ipynb")  # cho by LMS id, after the '--'
    report = collect(course, subs, pattern=r"--(?P<learner>\d+)\.ipynb$")
    assert filed(course) == [f"cho/{ASSESSMENT}/{ASSESSMENT}.ipynb"]
    assert report.unmatched == []


def test_a_pattern_without_a_learner_group_is_refused(course, tmp_path):
    with pytest.raises(UsageError, match="learner"):
        collect(course, tmp_path, pattern=r"(?P<who>\w+)")


def test_a_zip_of_lms_downloads(course, notebook, tmp_path):
    archive = tmp_path / "downloads.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(notebook, f"mincho_1003_{ASSESSMENT}.ipynb")  # Canvas: lastfirst_id_file
        z.write(notebook, f"Dan Roe_4_assignsubmission_file_{ASSESSMENT}.ipynb")  # Moodle: Full Name_...
        z.writestr("../escape.ipynb", "{}")
    before = tree_hash(tmp_path / "downloads.zip")  # a file: its bytes and time
    report = collect(course, archive)
    assert filed(course) == [f"{w}/{ASSESSMENT}/{ASSESSMENT}.ipynb" for w in ("cho", "dan")]
    assert sorted(report.missing) == ["ana", "ben"]
    assert not (tmp_path / "escape.ipynb").exists()
    assert tree_hash(tmp_path / "downloads.zip") == before


def test_a_collected_submission_is_never_overwritten(course, notebook, tmp_path):
    subs = tmp_path / "subs" / "ana"
    subs.mkdir(parents=True)
    shutil.copyfile(notebook, subs / "work.ipynb")
    collect(course, tmp_path / "subs")
    again = collect(course, tmp_path / "subs")
    assert [r[0] for r in again.unchanged] == ["ana"] and again.filed == []
    target = course / "submitted" / "ana" / ASSESSMENT / f"{ASSESSMENT}.ipynb"
    first = target.read_bytes()
    (subs / "work.ipynb").write_text(notebook.read_text() + "\n")
    os.utime(subs / "work.ipynb", (1_000_000_000, 1_000_000_000))  # older than the collected one
    assert [r[0] for r in collect(course, tmp_path / "subs").older] == ["ana"]
    assert target.read_bytes() == first
    os.utime(subs / "work.ipynb")  # now newer: it replaces, and the old one is kept
    assert [r[0] for r in collect(course, tmp_path / "subs").replaced] == ["ana"]
    assert target.read_bytes() != first
    kept = list((course / ".dsroles" / "replaced" / "ana" / ASSESSMENT).rglob("*.ipynb"))
    assert len(kept) == 1 and kept[0].read_bytes() == first


def test_not_a_course(tmp_path):
    with pytest.raises(UsageError, match="workshop init"):
        collect(tmp_path, tmp_path)
