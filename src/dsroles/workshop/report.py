"""`dsroles workshop report`: the export CSV, the LMS import files and the class page.

The export has one row per learner x assessment: ``status`` is ``graded``, ``not graded: <reason>``
or ``missing`` (never a 0 for a notebook that could not be graded), with the autograded score,
the manual points once marked in formgrader, one column per competency (``competency:<id>``,
points) and one per item (``item:<grade_id>``, points).
"""

from __future__ import annotations

import csv
from pathlib import Path

from dsroles.workshop import records
from dsroles.workshop.course import load_course_roster

BASE = ["learner_id", "name", "email", "team", "lms_id", "assessment", "status", "score", "max_score",
        "manual_score", "manual_max_score", "total"]
NOT_YET = "not graded: collected but not graded yet (run dsroles workshop grade)"


def _assessed(course: Path, graded: dict) -> list[str]:
    """The assessments of this workshop: the ones anybody handed in."""
    return sorted({a for _, a, _ in records.submissions(course)} | {a for _, a in graded})


def _graded_row(record: dict, marks: dict) -> dict:
    row = {"status": "graded", "score": record["score"], "max_score": record["max_score"]}
    manual_max = record.get("manual_max_score") or 0.0
    manual = [marks[i["grade_id"]] for i in record["items"] if i["kind"] == "manual" and i["grade_id"] in marks]
    row["manual_max_score"] = manual_max if manual_max else ""
    row["manual_score"] = sum(manual) if manual else ""
    row["total"] = record["score"] + (sum(manual) if manual else 0.0)
    for item in record["items"]:
        points = marks.get(item["grade_id"], item["points"]) if item["kind"] == "manual" else item["points"]
        row[f"item:{item['grade_id']}"] = "" if points is None else points
        if item.get("competency") and points is not None:
            key = f"competency:{item['competency']}"
            row[key] = row.get(key, 0.0) + float(points)
    return row


def export_rows(course) -> list[dict]:
    """One dict per learner x assessment (see the module's doc for the columns)."""
    from dsroles.workshop.gradebook import manual_scores

    course = Path(course)
    graded = records.all_records(course)
    marks = manual_scores(course)
    handed_in = {(lr, a) for lr, a, _ in records.submissions(course)}
    rows = []
    for learner in load_course_roster(course):
        for assessment in _assessed(course, graded):
            row = {"learner_id": learner.id, "name": learner.name, "email": learner.email, "team": learner.team,
                   "lms_id": learner.lms_id, "assessment": assessment}
            record = graded.get((learner.id, assessment))
            if record is None:
                row["status"] = NOT_YET if (learner.id, assessment) in handed_in else "missing"
            elif record["status"] != "graded":
                row["status"] = f"not graded: {record['reason']}"
                row["max_score"] = record.get("max_score") or ""
            else:
                row.update(_graded_row(record, marks.get((learner.id, assessment), {})))
            rows.append(row)
    return rows


def columns(rows: list[dict]) -> list[str]:
    extra = sorted({k for row in rows for k in row} - set(BASE))
    return BASE + [k for k in extra if k.startswith("competency:")] + [k for k in extra if k.startswith("item:")]


def write_csv(rows: list[dict], path: Path, fields: list[str]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_reports(course, out_dir=None, *, framework=None) -> dict[str, Path]:
    """grades.csv, lms_canvas.csv, lms_moodle.csv and class.html in `out_dir` (default DIR/reports)."""
    from dsroles.competencies import load_framework
    from dsroles.workshop.classpage import write_class_page
    from dsroles.workshop.lms import write_canvas, write_moodle

    course = Path(course)
    out = Path(out_dir) if out_dir else course / "reports"
    out.mkdir(parents=True, exist_ok=True)
    framework = framework or load_framework()
    rows = export_rows(course)
    return {
        "export": write_csv(rows, out / "grades.csv", columns(rows)),
        "canvas": write_canvas(rows, out / "lms_canvas.csv"),
        "moodle": write_moodle(rows, out / "lms_moodle.csv"),
        "class_page": write_class_page(course, rows, out / "class.html", framework),
    }
