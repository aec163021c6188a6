"""The kit's record of each graded submission: ``DIR/.dsroles/results/<learner>/<assessment>.json``.

A record is the grader's result dict plus the submission's content hash (so an unchanged
submission is not graded again), the learner's roster id and where its feedback page is kept.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from dsroles.workshop.course import private


def results_dir(course: Path) -> Path:
    return private(course) / "results"


def record_path(course: Path, learner: str, assessment: str) -> Path:
    return results_dir(course) / learner / f"{assessment}.json"


def submission_path(course: Path, learner: str, assessment: str) -> Path:
    return Path(course) / "submitted" / learner / assessment / f"{assessment}.ipynb"


def content_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_record(course: Path, learner: str, assessment: str) -> dict | None:
    path = record_path(course, learner, assessment)
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def write_record(course: Path, record: dict) -> Path:
    path = record_path(course, record["learner"], record["assessment"])
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(record, indent=1))
    tmp.replace(path)
    return path


def submissions(course: Path) -> list[tuple[str, str, Path]]:
    """(learner, assessment, notebook) for every collected submission."""
    root = Path(course) / "submitted"
    if not root.is_dir():
        return []
    return sorted((nb.parent.parent.name, nb.parent.name, nb)
                  for nb in root.glob("*/*/*.ipynb") if nb.stem == nb.parent.name)


def all_records(course: Path) -> dict[tuple[str, str], dict]:
    out = {}
    for learner, assessment, _ in submissions(course):
        record = read_record(course, learner, assessment)
        if record is not None:
            out[(learner, assessment)] = record
    return out
