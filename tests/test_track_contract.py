"""The contract every role track passes: the four new tracks are done when they pass it too.

For each registered track: its exercise ids are unique; it runs the per-exercise contract
(every placeholder counts as not attempted; its right answers pass and at least two plausible
mistakes fail with a message that does not give the expected value away; assessment exercises
have no hint and no solution: ``tests/tracks/exercise_contract.py``, one file per track under
``tests/tracks/<package>/test_contract.py``); every graded item maps to a competency of the track's role; every competency has at
least two autograded items, two banked wrong answers per item and at least one lesson
exercise; every lesson states its time, objectives and key points, and draws a plot.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import nbformat
import pytest

from dsroles.checks.registry import exercises_in, exercises_of, namespaces
from dsroles.competencies import load_framework
from dsroles.grading import notebook as nbk
from dsroles.grading.bank import load_bank
from dsroles.tracks import TRACKS, role_tracks


ROOT = Path(__file__).resolve().parents[1]
ROLE_TRACKS = role_tracks()
PLOT = re.compile(r"\bplt\.|\.plot\(|\.hist\(|\.bar\(|\.scatter\(|\.imshow\(|Display\.from_|\.figure\(")


def _track_ids(track):
    return track.package


def _exercises(track, exam: bool | None = None) -> list:
    spaces = [track.namespace] * (exam is not True) + [track.exam_namespace] * (exam is not False)
    return [ex for ns in spaces if ns for ex in exercises_of(ns).values()]


def _cases(kind):
    """(track, exercise) pairs of every role track, for parametrize."""
    exam = {"lesson": False, "exam": True, "all": None}[kind]
    return [pytest.param(t, ex, id=ex.id) for t in ROLE_TRACKS for ex in _exercises(t, exam)]


def _source(track):
    return nbk.read_notebook(ROOT / "solutions" / track.assessment / f"{track.assessment}.ipynb")


def _autograded(track) -> list[str]:
    return [nbk.grade_id(c) for c in _source(track).cells if nbk.is_test(c)]


# -- the registry ----------------------------------------------------------------------------
def test_every_role_of_the_framework_has_at_most_one_track():
    roles = Counter(t.role for t in ROLE_TRACKS)
    assert all(n == 1 for n in roles.values())
    assert set(roles) <= {r.id for r in load_framework().roles}


def test_exercise_ids_are_unique_across_every_track():
    """Is every id declared once, in a module of its own namespace?"""
    seen = Counter()
    for namespace, modules in namespaces().items():
        for module in modules:
            for ex in exercises_in(__import__(module, fromlist=["_"])).values():
                assert ex.id.rpartition(".")[0] == namespace, f"{ex.id} is declared in {module}"
                seen[ex.id] += 1
    assert [i for i, n in seen.items() if n > 1] == []


@pytest.mark.parametrize("track", TRACKS, ids=_track_ids)
def test_the_track_has_its_folders(track):
    assert (ROOT / "course" / track.folder).is_dir()
    if track.assessment:
        assert (ROOT / "solutions" / track.assessment / f"{track.assessment}.ipynb").is_file()
        assert (ROOT / "assessments" / track.assessment / f"{track.assessment}.ipynb").is_file()


# -- every exercise: in tests/tracks/<package>/test_contract.py, one file per track --------
@pytest.mark.parametrize("track", ROLE_TRACKS, ids=_track_ids)
def test_the_track_runs_the_per_exercise_contract(track):
    """Does the track have its file of per-exercise tests (placeholders, right and wrong answers,
    no hints in the assessment), so that xdist spreads the tracks over its workers?"""
    path = ROOT / "tests" / "tracks" / track.package / "test_contract.py"
    assert path.is_file(), f"{path} is missing"
    assert f'contract_for("{track.package}")' in path.read_text()


# -- the assessment and the competencies -----------------------------------------------------
@pytest.mark.parametrize("track", ROLE_TRACKS, ids=_track_ids)
def test_every_assessment_exercise_is_called_by_a_test_cell(track):
    calls = " ".join(c.source for c in _source(track).cells if nbk.is_test(c))
    unused = [ex.id for ex in _exercises(track, exam=True) if f'"{ex.id}"' not in calls]
    assert unused == []


@pytest.mark.parametrize("track", ROLE_TRACKS, ids=_track_ids)
def test_every_graded_item_maps_to_a_competency_of_the_role(track):
    fw = load_framework()
    items = [nbk.grade_id(c) for c in _source(track).cells if nbk.nbg(c).get("grade")]
    wrong = {i: getattr(fw.competency_for_item(i), "id", None) for i in items
             if getattr(fw.competency_for_item(i), "role_id", None) != track.role}
    assert wrong == {}


@pytest.mark.parametrize("track", ROLE_TRACKS, ids=_track_ids)
def test_every_competency_has_two_autograded_items_and_a_lesson_exercise(track):
    fw = load_framework()
    auto = _autograded(track)
    practised = Counter(ex.competency for ex in _exercises(track, exam=False))
    for comp in fw.role(track.role).competencies:
        assert sum(i in comp.items for i in auto) >= 2, f"{comp.id} has fewer than 2 autograded items"
        assert practised[comp.id] >= 1, f"no lesson exercise practises {comp.id}"


@pytest.mark.parametrize("track, exercise", _cases("lesson"))
def test_every_lesson_exercise_names_a_competency_of_its_role(track, exercise):
    fw = load_framework()
    assert exercise.competency in {c.id for c in fw.role(track.role).competencies}, exercise.id


@pytest.mark.parametrize("track", ROLE_TRACKS, ids=_track_ids)
def test_every_autograded_item_has_two_banked_wrong_answers(track):
    source = _source(track)
    bank = load_bank(track.bank, track.assessment, source)
    losing = Counter(item for entry in bank for item in entry.loses)
    thin = {item: losing[item] for item in _autograded(track) if losing[item] < 2}
    assert thin == {}, f"items with fewer than 2 banked wrong answers: {thin}"


# -- the lessons -----------------------------------------------------------------------------
def _lessons(track) -> list[Path]:
    return sorted((ROOT / "course" / track.folder).glob("*.ipynb"))


@pytest.mark.parametrize("track", TRACKS, ids=_track_ids)
def test_one_exercise_module_per_lesson_notebook(track):
    """Does lesson notebook k import the track's lesson module k?"""
    notebooks = _lessons(track)
    assert len(notebooks) == len(track.lessons)
    for path, lesson in zip(notebooks, track.lessons):
        code = "\n".join(c.source for c in nbformat.read(path, 4).cells if c.cell_type == "code")
        assert f"from dsroles.tracks.{track.package} import {lesson}" in code, path.name


@pytest.mark.parametrize("path", [pytest.param(p, id=f"{p.parent.name}/{p.name}")
                                  for t in ROLE_TRACKS for p in _lessons(t)])
def test_every_lesson_states_time_objectives_key_points_and_draws_a_plot(path):
    cells = nbformat.read(path, 4).cells
    markdown = [c.source for c in cells if c.cell_type == "markdown"]
    assert "**Time:**" in markdown[0], "the first cell states the expected time"
    assert "able to" in markdown[0], "the first cell lists what the learner will be able to do"
    assert "## Key points" in markdown[-1], "the last text cell holds the key points"
    code = "\n".join(c.source for c in cells if c.cell_type == "code")
    assert PLOT.search(code), "the lesson draws no plot"
