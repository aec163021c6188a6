"""dsroles team: the members x roles matrix, coverage verdicts, gaps, and bad input."""

from __future__ import annotations

import json
import re

import pytest

from dsroles import ROLES
from dsroles.cli import main
from dsroles.team import COVERED, THIN, UNCOVERED, Member, coverage, verdict


def levels(**given):
    return {r: given.get(r) for r in ROLES}


def write_profile(folder, person, **given):
    roles = {r: {"title": r, "assessed": v is not None, "score": 0.0, "max_score": 0.0,
                 "level": v, "competencies": {}} for r, v in levels(**given).items()}
    path = folder / f"{person}.json"
    path.write_text(json.dumps({"person": person, "created": "2026-01-01T00:00:00+00:00",
                                "dsroles_version": "0.1.0", "roles": roles, "next_steps": [],
                                "not_graded": [], "self_checks": {}}))
    return str(path)


ALL = {r: 0.8 for r in ROLES}


def test_covered_thin_uncovered_and_who_is_closest():
    """Is each role covered (>= level), thin (>= 0.4) or uncovered, with the closest member named?"""
    members = [Member("ann", "a", levels(business_owner=0.7, data_engineer=0.5, ml_engineer=0.2)),
               Member("bob", "b", levels(data_engineer=0.65, data_scientist=0.9,
                                         ml_engineer=0.35))]
    cover = {c.role_id: c for c in coverage(members, level=0.7)}
    assert {r: c.status for r, c in cover.items()} == {
        "business_owner": COVERED, "domain_expert": UNCOVERED, "data_engineer": THIN,
        "data_scientist": COVERED, "ml_engineer": UNCOVERED, "product_engineer": UNCOVERED}
    assert cover["business_owner"].covered_by == ("ann",)
    assert (cover["data_engineer"].closest, cover["data_engineer"].closest_level) == ("bob", 0.65)
    assert (cover["ml_engineer"].closest, cover["ml_engineer"].best) == ("bob", 0.35)
    # Nobody assessed: whoever covers fewest roles (a tie here, so by name).
    assert (cover["domain_expert"].closest, cover["domain_expert"].closest_level) == ("ann", None)
    ok, text = verdict(list(cover.values()))
    assert not ok
    assert text.startswith("Incomplete: 4 of 6 roles not covered: Problem Domain Expert "
                           "(uncovered), Data Engineer (thin)")


def test_level_option_moves_the_line():
    """Does a lower level turn a thin role into a covered one?"""
    members = [Member("ann", "a", levels(data_engineer=0.5))]
    de = next(c for c in coverage(members, level=0.5) if c.role_id == "data_engineer")
    assert de.status == COVERED


def test_one_person_may_cover_all_six():
    """Is a one-person team that covers all six roles complete?"""
    ok, text = verdict(coverage([Member("solo", "s", dict(ALL))]))
    assert ok and text == "Complete: all 6 roles are covered."


def test_cli_prints_matrix_gaps_rule_and_verdict(tmp_path, capsys):
    """Does the command print the matrix, each gap with its candidate, the rule and the verdict?"""
    a = write_profile(tmp_path, "ann", business_owner=0.8, data_engineer=0.5)
    b = write_profile(tmp_path, "bob", data_scientist=0.9)
    page = tmp_path / "out" / "team.html"
    assert main(["team", a, b, "--html", str(page)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^ann\s+80%\s+–\s+50%\s+–\s+–\s+–$", out, re.M)
    assert re.search(r"^role\s+covered\s+uncovered\s+thin\s+covered\s+uncovered\s+uncovered$",
                     out, re.M)
    assert "DE   Data Engineer: thin; closest: ann at 50%" in out
    assert "A data-science team must have all six roles covered; one person may cover several." in out
    assert "GAP Incomplete: 4 of 6 roles not covered" in out
    html = page.read_text()
    assert "Incomplete: 4 of 6 roles not covered" in html and "class='verdict bad'" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "background:#" in html  # the heat map colours


def test_cli_complete_team(tmp_path, capsys):
    """Does a team covering all roles get the OK verdict?"""
    assert main(["team", write_profile(tmp_path, "solo", **ALL)]) == 0
    assert "OK  Complete: all 6 roles are covered." in capsys.readouterr().out


def _error(args, capsys) -> str:
    assert main(["team", *args]) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return captured.err


def test_bad_input_gets_a_clear_message(tmp_path, capsys):
    """Are a missing file, bad JSON, a non-profile, duplicates and a bad level explained?"""
    good = write_profile(tmp_path, "ann", business_owner=0.8)
    (tmp_path / "bad.json").write_text("{not json")
    (tmp_path / "list.json").write_text("[1, 2]")
    (tmp_path / "results.json").write_text(json.dumps({"person": "x", "roles": {"a": {}}}))
    (tmp_path / "level.json").write_text(json.dumps(
        {"person": "y", "roles": {"data_engineer": {"level": "high"}}}))
    (tmp_path / "copy.json").write_text((tmp_path / "ann.json").read_text())
    cases = [
        ([str(tmp_path / "none.json")], "none.json: no such file. Give the profile JSON files"),
        ([str(tmp_path / "bad.json")], "bad.json is not valid JSON (line 1, column 2"),
        ([str(tmp_path / "list.json")], "list.json is not a profile: it needs a 'person' name"),
        ([str(tmp_path / "results.json")], "results.json is not a profile: none of its roles"),
        ([str(tmp_path / "level.json")], "role data_engineer: level 'high' is not a number"),
        ([good, str(tmp_path / "copy.json")], "two profiles are for the same person 'ann'"),
        ([good, "--level", "1.5"], "--level 1.5 is outside (0, 1]"),
    ]
    for args, message in cases:
        err = _error(args, capsys)
        assert err.startswith("dsroles team: error: ") and message in err, (args, err)
