"""The profile page: one offline HTML file with the radar chart, tables and self-checks."""

from __future__ import annotations

import re

import pytest

from dsroles.profile import build_profile, write_profile_html

RESULTS = [{"notebook": "de.ipynb", "assessment": "data_engineer", "status": "graded",
            "reason": None, "score": 1, "max_score": 3, "seed": 1, "feedback_html": None,
            "items": [{"grade_id": "de_clean", "competency": "DE-2", "points": 1.0,
                       "max_points": 3.0, "kind": "autograded", "passed": False,
                       "message": "3 rows too many <script>"}]},
           {"notebook": "ds.ipynb", "assessment": "data_scientist", "status": "not_graded",
            "reason": "kernel died", "score": 0, "max_score": 0, "seed": None, "items": [],
            "feedback_html": None}]


@pytest.fixture(scope="module")
def html(tmp_path_factory):
    folder = tmp_path_factory.mktemp("profile")
    log = folder / "log.jsonl"
    log.write_text('{"exercise": "demo.mean", "event": "hint", "hint": 1}\n'
                   '{"exercise": "demo.mean", "event": "hint", "hint": 2}\n'
                   '{"exercise": "demo.mean", "event": "check", "outcome": "correct"}\n')
    lessons = {"DE-2": [{"notebook": "course/3_data_engineer/02_ingest_and_clean.ipynb",
                         "path": str(folder / "course" / "02_ingest_and_clean.ipynb"),
                         "title": "Ingest and clean", "exercises": ["de.clean_events"]}]}
    profile = build_profile(RESULTS, log_path=log, person="Ann <A&B>", lessons=lessons)
    path = write_profile_html(profile, folder / "out" / "profile.html")
    return path.read_text(encoding="utf-8")


def test_page_is_self_contained(html):
    """Does the page fetch nothing (no http(s) src or href), with the chart inline?"""
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.I)
    assert "<link" not in html and "<script" not in html
    assert re.search(r"<img alt='Radar chart[^']*' src='data:image/png;base64,[A-Za-z0-9+/=]{500,}'>",
                     html)


def test_page_shows_levels_lost_marks_next_steps_and_hints(html):
    """Does the page hold the role levels, the lost mark's message, next steps and hint use?"""
    assert "Data Engineer — 33%" in html
    assert "3 rows too many &lt;script&gt;" in html
    assert "<b>DE-2 Clean</b> (33%, 2 of 3 points to gain)" in html
    assert "solved after 2 hints" in html
    assert "ds.ipynb: not graded: kernel died" in html
    assert "Ann &lt;A&amp;B&gt;" in html


def test_a_next_step_links_the_lesson_and_exercises_that_teach_it(html):
    """The link is relative to the page's folder, so it works wherever the grades folder is."""
    assert "Revisit: <a href='../course/02_ingest_and_clean.ipynb'>Ingest and clean</a>" in html
    assert "exercises <code>de.clean_events</code>" in html
