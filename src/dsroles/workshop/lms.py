"""Gradebook files an LMS imports: Canvas's gradebook CSV and Moodle's "CSV file" grade import.

Canvas: the columns Student, ID (the Canvas user id: the roster's lms_id), SIS User ID, SIS Login
ID and Section, then one column per assessment, and a "Points Possible" row. Moodle: First name,
Last name, ID number, Email address, then one column per assessment (map "Email address" to the
user's email in the import form). A learner with nothing graded for an assessment gets an empty
cell, never a 0: the instructor decides what a missing or ungradable notebook is worth.
"""

from __future__ import annotations

import csv
from pathlib import Path


def _title(assessment: str) -> str:
    return f"dsroles {assessment.replace('_', ' ')}"


def _by_learner(rows: list[dict]):
    learners: dict[str, dict] = {}
    assessed: dict[str, float] = {}
    for row in rows:
        entry = learners.setdefault(row["learner_id"], {"row": row, "scores": {}})
        if row["status"] == "graded":
            entry["scores"][row["assessment"]] = row["total"]
            most = float(row["max_score"]) + float(row.get("manual_max_score") or 0.0)
            assessed[row["assessment"]] = max(assessed.get(row["assessment"], 0.0), most)
        else:
            assessed.setdefault(row["assessment"], 0.0)
    return learners, assessed


def _fmt(value) -> str:
    return "" if value in (None, "") else f"{float(value):g}"


def write_canvas(rows: list[dict], path: Path) -> Path:
    learners, assessed = _by_learner(rows)
    names = sorted(assessed)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *map(_title, names)])
        writer.writerow(["    Points Possible", "", "", "", "", *(_fmt(assessed[n] or "") for n in names)])
        for learner_id, entry in learners.items():
            row = entry["row"]
            writer.writerow([row["name"], row["lms_id"], learner_id, row["email"], row["team"],
                             *(_fmt(entry["scores"].get(n)) for n in names)])
    return path


def write_moodle(rows: list[dict], path: Path) -> Path:
    learners, assessed = _by_learner(rows)
    names = sorted(assessed)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["First name", "Last name", "ID number", "Email address", *map(_title, names)])
        for learner_id, entry in learners.items():
            row = entry["row"]
            first, _, last = row["name"].partition(" ")
            writer.writerow([first, last, row["lms_id"] or learner_id, row["email"],
                             *(_fmt(entry["scores"].get(n)) for n in names)])
    return path
