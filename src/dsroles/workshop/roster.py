"""The class roster: a CSV with id, name, email, team and (optional) lms_id, checked line by line.

A bad roster is refused with the line number and the reason, so the instructor can fix the file
rather than discover a missing learner on the grading day.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from dsroles.errors import UsageError

REQUIRED = ("id", "name", "email", "team")
OPTIONAL = ("lms_id",)
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")  # a folder name on every system
EMAIL_PATTERN = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")
TEAM_PATTERN = re.compile(r"^[\w][\w .-]{0,63}$")


@dataclass(frozen=True)
class Learner:
    id: str
    name: str
    email: str
    team: str
    lms_id: str = ""

    @property
    def first_last(self) -> tuple[str, str]:
        first, _, last = self.name.partition(" ")
        return first, last

    @property
    def person(self) -> str:
        """What the learner's profile names: the name and the roster id (names are not unique)."""
        return f"{self.name} ({self.id})"

    def to_row(self) -> dict:
        return {"id": self.id, "name": self.name, "email": self.email, "team": self.team,
                "lms_id": self.lms_id}


def _check_row(row: dict, line: int) -> Learner:
    values = {key: (row.get(key) or "").strip() for key in REQUIRED + OPTIONAL}
    empty = [key for key in REQUIRED if not values[key]]
    if empty:
        raise UsageError(f"roster line {line}: {', '.join(empty)} is empty; every learner needs an "
                         "id, a name, an e-mail address and a team")
    if not ID_PATTERN.match(values["id"]):
        raise UsageError(f"roster line {line}: id {values['id']!r} has characters a folder name cannot "
                         "safely hold; use letters, digits, '.', '_' or '-' (starting with a letter or digit)")
    if not EMAIL_PATTERN.match(values["email"]):
        raise UsageError(f"roster line {line}: {values['email']!r} is not an e-mail address")
    if not TEAM_PATTERN.match(values["team"]):
        raise UsageError(f"roster line {line}: team {values['team']!r} has odd characters; use letters, "
                         "digits, spaces, '.', '_' or '-'")
    if any(ch in values["name"] for ch in "\t\r\n<>\"") or not values["name"].isprintable():
        raise UsageError(f"roster line {line}: the name has control characters, quotes or angle brackets; "
                         "write the learner's name as plain text")
    if values["lms_id"] and not ID_PATTERN.match(values["lms_id"]):
        raise UsageError(f"roster line {line}: lms_id {values['lms_id']!r} has odd characters; copy the "
                         "id from the LMS's gradebook export")
    return Learner(**values)


def parse_roster(text: str, where: str = "roster") -> list[Learner]:
    """The learners of a roster CSV's text; UsageError naming the line and the reason."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [key for key in REQUIRED if key not in header]
    if missing:
        raise UsageError(f"{where} line 1: the header lacks column(s) {', '.join(missing)}; the roster "
                         f"needs the columns {', '.join(REQUIRED)} (and optionally lms_id)")
    unknown = [h for h in header if h not in REQUIRED + OPTIONAL]
    if unknown:
        raise UsageError(f"{where} line 1: unknown column(s) {', '.join(unknown)}; use only "
                         f"{', '.join(REQUIRED + OPTIONAL)}")
    reader.fieldnames = header
    learners, seen_id, seen_lms = [], {}, {}
    for row in reader:
        line = reader.line_num
        if None in row:
            raise UsageError(f"{where} line {line}: more fields than the header has columns; quote a "
                             "value that holds a comma")
        if not any((v or "").strip() for v in row.values()):
            continue  # a blank line
        learner = _check_row(row, line)
        for key, seen in (("id", seen_id), ("lms_id", seen_lms)):
            value = getattr(learner, key)
            if value and value.lower() in seen:
                raise UsageError(f"{where} line {line}: {key} {value!r} is also on line {seen[value.lower()]}; "
                                 f"each learner needs their own {key}")
            if value:
                seen[value.lower()] = line
        learners.append(learner)
    if not learners:
        raise UsageError(f"{where} names no learners; add one line per learner under the header")
    return learners


def read_roster(path) -> list[Learner]:
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"roster {path} does not exist; give a CSV with the columns {', '.join(REQUIRED)}")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text; save the roster as CSV (UTF-8)") from None
    return parse_roster(text, str(path))


def write_roster(learners: list[Learner], path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(REQUIRED + OPTIONAL))
        writer.writeheader()
        writer.writerows(learner.to_row() for learner in learners)
