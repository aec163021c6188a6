"""The roster is refused with the line and the reason."""

from __future__ import annotations

import pytest

from dsroles.errors import UsageError
from dsroles.workshop.roster import parse_roster

from .helpers import ROSTER

HEADER = "id,name,email,team,lms_id\n"


def test_a_good_roster():
    learners = parse_roster(ROSTER)
    assert [lr.id for lr in learners] == ["ana", "ben", "cho", "dan"]
    assert learners[0].team == "red" and learners[0].lms_id == "1001" and learners[0].person == "Ana Silva (ana)"


def test_lms_id_is_optional():
    assert parse_roster("id,name,email,team\nx1,X Y,x@y.org,t\n")[0].lms_id == ""


@pytest.mark.parametrize("text, line, words", [
    ("id,name,team\nx,X,t\n", 1, "email"),
    (HEADER.replace("lms_id", "grade") + "x,X,x@y.org,t,1\n", 1, "unknown column"),
    (HEADER + "ana,A,a@x.org,t,\nana,B,b@x.org,t,\n", 3, "also on line 2"),
    (HEADER + "ana,A,a@x.org,t,1\nbob,B,b@x.org,t,1\n", 3, "lms_id"),
    (HEADER + "an a,A,a@x.org,t,\n", 2, "characters"),
    (HEADER + "../x,A,a@x.org,t,\n", 2, "characters"),
    (HEADER + "ana,A,not-an-address,t,\n", 2, "e-mail"),
    (HEADER + "ana,,a@x.org,t,\n", 2, "name"),
    (HEADER + "ana,<script>,a@x.org,t,\n", 2, "angle brackets"),
    (HEADER + "ana,A,a@x.org,t;drop,\n", 2, "team"),
    (HEADER + "ana,A,a@x.org,t,1,extra\n", 2, "more fields"),
    (HEADER, 0, "no learners"),
])
def test_a_bad_roster_is_refused_with_line_and_reason(text, line, words):
    with pytest.raises(UsageError) as err:
        parse_roster(text)
    message = str(err.value)
    assert words in message
    if line:
        assert f"line {line}:" in message
