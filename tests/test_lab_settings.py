"""The learner's lab settings (jupyter/learner/), checked without a browser (tests/browser does that)."""

from __future__ import annotations

import fnmatch
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEARNER = ROOT / "jupyter" / "learner"


def server_config() -> dict:
    return json.loads((LEARNER / "jupyter_server_config.json").read_text())


def test_the_lab_opens_on_a_lesson_that_exists():
    url = server_config()["LabApp"]["default_url"]
    assert url.startswith("/lab/tree/")
    assert (ROOT / url.removeprefix("/lab/tree/")).is_file(), url


def test_solutions_banks_and_answer_keys_are_hidden_and_lessons_are_not():
    globs = server_config()["ContentsManager"]["hide_globs"]
    hidden = lambda name: any(fnmatch.fnmatch(name, g) for g in globs)  # noqa: E731
    assert hidden("solutions") and hidden("wrong_answers") and hidden("references.py")
    assert not any(hidden(p.name) for p in (ROOT / "course").rglob("*.ipynb"))
    assert not hidden("assessments") and not hidden("course")


def test_nbgrader_authoring_and_its_server_extensions_are_off():
    extensions = server_config()["ServerApp"]["jpserver_extensions"]
    assert {k for k, on in extensions.items() if k.startswith("nbgrader") and not on} == {
        "nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.validate_assignment",
        "nbgrader.server_extensions.assignment_list", "nbgrader.server_extensions.course_list"}
    page = json.loads((LEARNER / "labconfig" / "page_config.json").read_text())
    assert page["disabledExtensions"]["@jupyter/nbgrader"] is True


def test_the_screenshots_stay_small():
    shots = sorted((ROOT / "docs" / "img").glob("*.png"))
    assert shots, "tests/browser saves the screenshots docs/learner-experience.md describes"
    assert all(p.stat().st_size < 200_000 for p in shots), [(p.name, p.stat().st_size) for p in shots]
