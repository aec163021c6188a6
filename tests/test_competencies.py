"""The competency framework: the packaged file, its validation, and its coverage rules."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from dsroles import ROLES
from dsroles.competencies import (
    FRAMEWORK_FILE, FrameworkError, coverage_problems, graded_items, load_framework,
    parse_framework,
)

REPO = Path(__file__).resolve().parents[1]
ISSUE_4 = {
    "DE": ["Ingest heterogeneous sources", "Clean", "Test the data",
           "Build a maintainable pipeline", "Handle volume", "Keep PII out"],
    "DS": ["Explore", "Catch leakage", "Build a model", "Evaluate honestly", "Use statistics",
           "Make experiments reproducible"],
}


@pytest.fixture(scope="module")
def fw():
    return load_framework()


@pytest.fixture
def raw():
    return tomllib.loads(FRAMEWORK_FILE.read_text())


def test_packaged_framework_has_the_six_roles_in_order(fw):
    """Does the packaged file hold the six roles, each with 4 to 7 competencies?"""
    assert [r.id for r in fw.roles] == list(ROLES)
    assert [r.code for r in fw.roles] == ["BO", "PDE", "DE", "DS", "MLE", "PE"]
    assert all(4 <= len(r.competencies) <= 7 for r in fw.roles)
    assert all(c.can_do and c.title for c in fw.competencies)


@pytest.mark.parametrize("code", sorted(ISSUE_4))
def test_data_engineer_and_scientist_competencies_are_issue_4s(fw, code):
    """Are DE-1..6 and DS-1..6 exactly the competencies issue 4 lists (DE-7 came with issue 14)?"""
    role = next(r for r in fw.roles if r.code == code)
    assert [(c.id, c.title) for c in role.competencies[:6]] == \
        [(f"{code}-{i}", t) for i, t in enumerate(ISSUE_4[code], 1)]


def test_lookups(fw):
    """Do role(), competency() and the item lookups find what they should?"""
    assert fw.role("data_engineer").title == "Data Engineer"
    assert fw.competency("DS-2").role_id == "data_scientist"
    assert fw.competency_for_item("no-such-item") is None
    assert fw.role_for_item("no-such-item") is None
    with pytest.raises(KeyError):
        fw.competency("XX-1")


def test_item_lookup_on_a_framework_with_items(raw):
    """Does an item map to its competency and role?"""
    raw["roles"][2]["competencies"][1]["items"] = ["de_clean_dates", "de_clean_units"]
    fw = parse_framework(raw)
    assert fw.competency_for_item("de_clean_units").id == "DE-2"
    assert fw.role_for_item("de_clean_dates").id == "data_engineer"
    de_2 = {k: v for k, v in fw.items.items() if v == "DE-2"}
    assert de_2 == {"de_clean_dates": "DE-2", "de_clean_units": "DE-2"}


def _problems(raw) -> str:
    with pytest.raises(FrameworkError) as info:
        parse_framework(raw)
    return str(info.value)


def test_duplicate_ids_and_items_are_rejected(raw):
    """Are a repeated competency id and an item mapped twice both reported?"""
    raw["roles"][0]["competencies"][1]["id"] = "BO-1"
    raw["roles"][2]["competencies"][0]["items"] = ["x"]
    raw["roles"][3]["competencies"][0]["items"] = ["x"]
    message = _problems(raw)
    assert "2 problem(s)" in message
    assert "competency id 'BO-1' appears more than once" in message
    assert "item (grade_id) 'x' appears more than once" in message


def test_prefix_must_match_the_role_code(raw):
    """Is DS-7 under the data engineer rejected?"""
    raw["roles"][2]["competencies"][0]["id"] = "DS-7"
    assert "role data_engineer, competency DS-7: id must look like DE-<number>" in _problems(raw)


@pytest.mark.parametrize("keep", [3, 8])
def test_four_to_seven_competencies_per_role(raw, keep):
    """Are 3 or 8 competencies for a role rejected?"""
    comps = raw["roles"][4]["competencies"]
    raw["roles"][4]["competencies"] = (comps * 2)[:keep]
    for i, c in enumerate(raw["roles"][4]["competencies"], 1):
        c = dict(c, id=f"MLE-{i}")
        raw["roles"][4]["competencies"][i - 1] = c
    assert f"role ml_engineer: has {keep} competencies; 4 to 7 are required" in _problems(raw)


def test_missing_text_and_unknown_role(raw):
    """Are an empty title and an unknown role id reported?"""
    raw["roles"][1]["competencies"][0]["title"] = " "
    raw["roles"][5]["id"] = "devops"
    message = _problems(raw)
    assert "competency PDE-1: 'title' must be non-empty text" in message
    assert "role devops: unknown role id" in message


def test_load_reports_bad_files(tmp_path):
    """Are a missing file and invalid TOML reported as FrameworkError?"""
    with pytest.raises(FrameworkError, match="does not exist"):
        load_framework(tmp_path / "none.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[[roles]\n")
    with pytest.raises(FrameworkError, match="is not valid TOML"):
        load_framework(bad)


def _notebook(path: Path, grade_ids: list[str]) -> None:
    cells = [{"cell_type": "code", "source": "", "metadata": {"nbgrader": {
        "grade": True, "grade_id": g, "points": 1, "solution": False}}, "outputs": [],
        "execution_count": None} for g in grade_ids]
    cells.append({"cell_type": "code", "source": "", "outputs": [], "execution_count": None,
                  "metadata": {"nbgrader": {"grade": False, "grade_id": "answer", "solution": True}}})
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                "nbformat_minor": 5}))


def test_coverage_rules_on_a_fixture_track(raw, tmp_path):
    """Are an unmapped item, an item of another role and a thin competency all reported?"""
    de = raw["roles"][2]["competencies"] = raw["roles"][2]["competencies"][:6]
    for i, c in enumerate(de):
        c["items"] = [f"de{i}a", f"de{i}b"]
    de[5]["items"] = ["de5a"]
    raw["roles"][3]["competencies"][0]["items"] = ["ds0"]
    fw = parse_framework(raw)
    ids = [f"de{i}{x}" for i in range(5) for x in "ab"] + ["de5a", "stray", "ds0"]
    _notebook(tmp_path / "data_engineer" / "data_engineer.ipynb", ids)
    assert graded_items(tmp_path / "data_engineer" / "data_engineer.ipynb") == ids
    assert coverage_problems(fw, tmp_path) == [
        "data_engineer.ipynb: item 'stray' maps to no competency",
        "data_engineer.ipynb: item 'ds0' maps to DS-1, a competency of another role",
        "data_engineer: competency DE-6 has 1 graded item(s); at least 2 are required",
    ]


def test_the_real_tracks_follow_the_coverage_rules(fw):
    """Does every graded item in solutions/ map to its role, with 2+ items per competency?"""
    assert coverage_problems(fw, REPO / "solutions") == []
