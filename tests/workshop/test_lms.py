"""The LMS import files: Canvas's gradebook CSV and Moodle's CSV grade import."""

from __future__ import annotations

import csv

from dsroles.workshop.lms import write_canvas, write_moodle


def row(learner, assessment, status, total=None, most=10.0, manual_max=""):
    return {"learner_id": learner, "name": f"{learner.title()} Doe", "email": f"{learner}@x.org", "team": "t1",
            "lms_id": f"9{len(learner)}", "assessment": assessment, "status": status, "total": total,
            "max_score": most, "manual_max_score": manual_max}


ROWS = [row("ann", "data_engineer", "graded", 7.5, 10.0, 2.0), row("ann", "data_scientist", "missing"),
        row("bo", "data_engineer", "not graded: it timed out"), row("bo", "data_scientist", "graded", 3.0, 20.0)]


def read(path):
    with open(path, newline="") as handle:
        return list(csv.reader(handle))


def test_canvas(tmp_path):
    out = read(write_canvas(ROWS, tmp_path / "c.csv"))
    assert out[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                      "dsroles data engineer", "dsroles data scientist"]
    assert out[1] == ["    Points Possible", "", "", "", "", "12", "20"]
    assert out[2] == ["Ann Doe", "93", "ann", "ann@x.org", "t1", "7.5", ""]
    assert out[3] == ["Bo Doe", "92", "bo", "bo@x.org", "t1", "", "3"]  # not graded: empty, never 0


def test_moodle(tmp_path):
    out = read(write_moodle(ROWS, tmp_path / "m.csv"))
    assert out[0] == ["First name", "Last name", "ID number", "Email address",
                      "dsroles data engineer", "dsroles data scientist"]
    assert out[1] == ["Ann", "Doe", "93", "ann@x.org", "7.5", ""]
    assert out[2] == ["Bo", "Doe", "92", "bo@x.org", "", "3"]
