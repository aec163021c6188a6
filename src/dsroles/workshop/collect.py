"""`dsroles workshop collect`: file what learners handed in as nbgrader's submitted/ folder.

It reads three layouts (mixed freely, from a folder or a zip):

- a folder per learner: ``<learner>/<anything>.ipynb`` (or ``<learner>/<assessment>/...``);
- LMS downloads in one flat folder: ``<learner>_<anything>_<assessment>.ipynb`` and the like,
  with ``--pattern`` a regular expression naming the groups ``learner`` (and ``assessment``);
- nbgrader's exchange: ``inbound/<learner>+<assessment>+<timestamp>/<notebook>.ipynb``.

A learner is recognised by roster id, LMS id or name; an assessment by name and by its graded cells
(a notebook of another assessment under this one's name is filed as what it is, and reported). Each
is filed as ``submitted/<learner>/<assessment>/<assessment>.ipynb`` with nbgrader's timestamp.txt.
The submissions given are only read; a collected submission is never overwritten (a newer one moves
it to ``.dsroles/replaced/``).
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from dsroles.errors import UsageError

TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f %Z"  # nbgrader's
DEFAULT_PATTERN = r"^(?P<learner>[^_]+)_"
EXCHANGE = re.compile(r"^(?P<learner>[^+]+)\+(?P<assessment>[^+]+)\+(?P<timestamp>[^+]+)(\+.*)?$")
SKIPPED = ("__MACOSX", ".ipynb_checkpoints", ".DS_Store")


@dataclass
class Candidate:
    path: Path  # where the file is read from
    shown: str  # the path inside the submissions, for the report
    when: datetime
    learner: str | None = None
    assessment: str | None = None
    named: str | None = None  # the assessment its name says
    broken: bool = False


@dataclass
class CollectReport:
    filed: list[tuple[str, str, str]] = field(default_factory=list)  # learner, assessment, file
    unchanged: list[tuple[str, str, str]] = field(default_factory=list)
    replaced: list[tuple[str, str, str]] = field(default_factory=list)
    older: list[tuple[str, str, str]] = field(default_factory=list)  # older than the collected one
    duplicates: list[tuple[str, str, str, str]] = field(default_factory=list)  # l, a, dropped, kept
    wrong_assessment: list[tuple[str, str, str, str]] = field(default_factory=list)  # l, file, named, is
    unmatched: list[tuple[str, str]] = field(default_factory=list)  # file, why
    missing: list[str] = field(default_factory=list)  # learners with nothing submitted

    def rows(self) -> list[tuple[str, str, str, str]]:
        """(what, learner, assessment, detail) for the printed table."""
        out = [("filed", l, a, f) for l, a, f in self.filed]
        out += [("already collected", l, a, f) for l, a, f in self.unchanged]
        out += [("replaced older copy", l, a, f) for l, a, f in self.replaced]
        out += [("not filed: older", l, a, f"{f} is older than the one already collected") for l, a, f in self.older]
        out += [("duplicate", l, a, f"{d} ignored: the newest, {k}, counts") for l, a, d, k in self.duplicates]
        out += [("other assessment", l, is_, f"{f} is named {named} but holds {is_}'s cells; filed as {is_}")
                for l, f, named, is_ in self.wrong_assessment]
        out += [("unmatched", "", "", f"{f}: {why}") for f, why in self.unmatched]
        out += [("missing", l, "", "nothing submitted") for l in self.missing]
        return out


def learner_keys(learners) -> dict[str, str]:
    """Every way a file name may name a learner (lower case) -> roster id."""
    keys = {}
    for learner in learners:
        words = re.findall(r"[a-z0-9]+", learner.name.lower())
        for key in (learner.id, learner.lms_id, "".join(words), "".join(words[::-1]), "-".join(words),
                    "_".join(words), " ".join(words)):
            if key:
                keys.setdefault(key.lower(), learner.id)
    return keys


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)


def _parse_time(text: str, fallback: datetime) -> datetime:
    try:
        from nbgrader.utils import parse_utc

        return parse_utc(text).replace(tzinfo=timezone.utc)
    except Exception:
        return fallback


def unpack(source: Path, into: Path) -> Path:
    """The folder to read: `source` itself, or a zip's safe entries extracted with their dates."""
    if source.is_dir():
        return source
    if not zipfile.is_zipfile(source):
        raise UsageError(f"{source} is neither a folder nor a zip file; give the folder or zip of submissions")
    import os
    import time

    with zipfile.ZipFile(source) as archive:
        for info in archive.infolist():
            parts = Path(info.filename).parts
            if info.is_dir() or info.filename.startswith("/") or ".." in parts:
                continue
            target = into.joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
            stamp = time.mktime(info.date_time + (0, 0, -1))
            os.utime(target, (stamp, stamp))
    return into


def _named_assessment(parts: tuple[str, ...], names: list[str]) -> str | None:
    text = "/".join(parts).lower()
    for name in sorted(names, key=len, reverse=True):
        if name in text:
            return name
    return None


def _whose(rel: Path, keys: dict, pattern: re.Pattern) -> tuple[str | None, str | None, str | None]:
    """(learner id, assessment named by the layout, exchange timestamp) from a file's place."""
    for part in rel.parts[:-1]:
        found = EXCHANGE.match(part)
        if found and found["learner"].lower() in keys:
            return keys[found["learner"].lower()], found["assessment"], found["timestamp"]
    if len(rel.parts) > 1 and rel.parts[0].lower() in keys:
        return keys[rel.parts[0].lower()], None, None
    found = pattern.search(rel.name)
    if found and (found.groupdict().get("learner") or "").lower() in keys:
        return keys[found["learner"].lower()], found.groupdict().get("assessment"), None
    for token in re.split(r"[_\-\s.]+", rel.stem.lower()):
        if token in keys:
            return keys[token], None, None
    return None, None, None


def _content_assessment(path: Path, sources) -> tuple[str | None, bool]:
    """(the assessment a notebook's graded cells belong to, whether it could not be read)."""
    from dsroles.grading import notebook as nbk

    try:
        nb = nbk.read_notebook(path)
    except Exception:
        return None, True
    ids = set(nbk.graded_ids(nb))
    overlap = {n: len(ids & set(nbk.graded_ids(sources.notebook(n)))) for n in sources.names}
    best = max(overlap, key=overlap.get, default=None)
    return (best if best and overlap[best] else None), False


def find_candidates(root: Path, learners, names, sources, pattern: str | None, report: CollectReport):
    keys, regex = learner_keys(learners), re.compile(pattern or DEFAULT_PATTERN)
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root)
        if any(part in SKIPPED or part.startswith(".") for part in rel.parts):
            continue
        if path.suffix != ".ipynb":
            report.unmatched.append((str(rel), "not a notebook (.ipynb)"))
            continue
        learner, named, stamp = _whose(rel, keys, regex)
        if learner is None:
            report.unmatched.append((str(rel), "no roster id, LMS id or name in its path; rename it or "
                                               "give --pattern"))
            continue
        named = named if named in names else _named_assessment(rel.parts, names)
        is_, broken = _content_assessment(path, sources)
        when = _parse_time(stamp, _mtime(path)) if stamp else _mtime(path)
        cand = Candidate(path, str(rel), when, learner, is_ or named, named, broken)
        if cand.assessment is None:
            why = ("not a readable notebook, and its name names no assessment" if broken else
                   "not one of the course's assessments by name or by its graded cells")
            report.unmatched.append((str(rel), why))
            continue
        if named and is_ and named != is_:
            report.wrong_assessment.append((learner, str(rel), named, is_))
        found.append(cand)
    return found


def newest_each(found: list[Candidate], report: CollectReport) -> list[Candidate]:
    groups: dict[tuple[str, str], list[Candidate]] = {}
    for cand in found:
        groups.setdefault((cand.learner, cand.assessment), []).append(cand)
    kept = []
    for (learner, assessment), cands in sorted(groups.items()):
        cands.sort(key=lambda c: (c.when, c.shown))
        kept.append(cands[-1])
        for dropped in cands[:-1]:
            report.duplicates.append((learner, assessment, dropped.shown, cands[-1].shown))
    return kept


def file_one(course: Path, cand: Candidate, report: CollectReport) -> None:
    folder = course / "submitted" / cand.learner / cand.assessment
    target = folder / f"{cand.assessment}.ipynb"
    row = (cand.learner, cand.assessment, cand.shown)
    if target.exists():
        if target.read_bytes() == cand.path.read_bytes():
            report.unchanged.append(row)
            return
        stamp_file = folder / "timestamp.txt"
        before = _parse_time(stamp_file.read_text().strip(), _mtime(target)) if stamp_file.exists() else _mtime(target)
        if cand.when <= before:
            report.older.append(row)
            return
        keep = course / ".dsroles" / "replaced" / cand.learner / cand.assessment / before.strftime("%Y%m%d-%H%M%S")
        keep.mkdir(parents=True, exist_ok=True)
        for item in folder.iterdir():
            shutil.move(str(item), keep / item.name)
        report.replaced.append(row)
    else:
        report.filed.append(row)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cand.path, target)
    (folder / "timestamp.txt").write_text(cand.when.strftime(TIMESTAMP_FORMAT))


def collect(course, submissions, *, pattern: str | None = None) -> CollectReport:
    """File `submissions` (a folder or zip) into the course's submitted/ folder; the report."""
    from dsroles.grading.core import Sources
    from dsroles.workshop.course import assessments, load_course_roster

    course, submissions = Path(course), Path(submissions)
    learners = load_course_roster(course)
    if not submissions.exists():
        raise UsageError(f"{submissions} does not exist; give the folder or zip of submissions")
    if pattern is not None:
        try:
            if "learner" not in re.compile(pattern).groupindex:
                raise UsageError(f"--pattern {pattern!r} has no (?P<learner>...) group; name the part of the "
                                 "file name that holds the learner")
        except re.error as exc:
            raise UsageError(f"--pattern {pattern!r} is not a regular expression ({exc})") from None
    report = CollectReport()
    sources = Sources(course / "source")
    with tempfile.TemporaryDirectory(prefix="dsroles-collect-") as tmp:
        root = unpack(submissions, Path(tmp))
        found = find_candidates(root, learners, assessments(course), sources, pattern, report)
        for cand in newest_each(found, report):
            file_one(course, cand, report)
    have = {p.name for p in (course / "submitted").iterdir()} if (course / "submitted").is_dir() else set()
    report.missing = [lr.id for lr in learners if lr.id not in have]
    return report
