"""Is the seed-coverage table of docs/competencies.md in step with competencies.toml?

Every responsibility the source text gives a role is a row naming the competencies that cover
it, or "not covered" with the reason; every competency of the framework appears in the table.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dsroles.competencies import load_framework

DOC = Path(__file__).resolve().parents[1] / "docs" / "competencies.md"
ID = re.compile(r"\b[A-Z]{2,3}-\d+\b")


def _rows(heading_start: str) -> list[list[str]]:
    text = DOC.read_text(encoding="utf-8")
    section = text.split(heading_start, 1)[1].split("\n## ", 1)[0]
    rows = [[c.strip() for c in line.strip().strip("|").split("|")]
            for line in section.splitlines() if line.startswith("|")]
    return [r for r in rows if r and not set(r[0]) <= set("- ")]


@pytest.fixture(scope="module")
def rows():
    table = _rows("## Seed coverage")
    return [r for r in table if len(r) == 3 and r[0] not in ("role", "competency")]


@pytest.fixture(scope="module")
def extras():
    return [r for r in _rows("## Seed coverage") if len(r) == 2 and r[0] != "competency"]


def test_every_role_has_responsibilities(rows):
    codes = {r.code for r in load_framework().roles}
    assert {r[0] for r in rows} == codes


def test_every_cited_competency_exists_and_belongs_to_a_role_in_the_row(rows, extras):
    fw = load_framework()
    known = {c.id for c in fw.competencies}
    cited = [i for r in rows if not r[2].startswith("not covered") for i in ID.findall(r[2])]
    assert [i for i in cited + [r[0] for r in extras] if i not in known] == []
    for role, _, cover in rows:
        if not cover.startswith("not covered"):
            assert any(i.startswith(role + "-") for i in ID.findall(cover)), (role, cover)


def test_every_competency_appears_in_the_table(rows, extras):
    fw = load_framework()
    cited = {i for r in rows for i in ID.findall(r[2])} | {r[0] for r in extras}
    assert [c.id for c in fw.competencies if c.id not in cited] == []


def test_an_uncovered_responsibility_says_why(rows):
    for role, duty, cover in rows:
        if cover.startswith("not covered"):
            assert re.match(r"not covered: \S.{20,}", cover), (role, duty)
        else:
            assert ID.fullmatch(cover.split(",")[0].strip()), (role, duty, cover)
