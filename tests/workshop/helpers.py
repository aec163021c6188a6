"""Shared pieces of the workshop tests: a roster and a messy folder of submissions."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import nbformat

ASSESSMENT = "business_owner"  # the cheapest assessment to grade
ROSTER = """id,name,email,team,lms_id
ana,Ana Silva,ana@example.org,red,1001
ben,Ben Okafor,ben@example.org,red,1002
cho,Cho Min,cho@example.org,blue,1003
dan,Dan Roe,dan@example.org,blue,1004
"""
OLD = 1_000_000_000  # an mtime long ago: the older of two duplicates


def write_roster(folder: Path, text: str = ROSTER) -> Path:
    path = folder / "roster.csv"
    path.write_text(text)
    return path


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
            digest.update(str(path.stat().st_mtime_ns).encode())
    return digest.hexdigest()


def wrong_answer():
    """The first banked mistake of the business owner assessment."""
    import dsroles.tracks.business_owner as track
    from dsroles.grading.bank import load_bank

    return load_bank(Path(track.__file__).parent / "wrong_answers", ASSESSMENT)[0]


def messy_submissions(subs: Path, solution: Path, release: Path, other: Path) -> None:
    """ana: the solution in a folder of her own, and the blank of another assessment under this
    one's name (a Moodle-style file name); ben: a broken file (an LMS name with his Canvas id); cho:
    a banked wrong answer and an older blank copy (a duplicate); dan: nothing. Plus a note that is
    no notebook and a notebook of nobody on the roster."""
    a = ASSESSMENT
    (subs / "ana").mkdir(parents=True)
    shutil.copyfile(solution, subs / "ana" / "my_work.ipynb")
    shutil.copyfile(other, subs / f"Ana Silva_77_assignsubmission_file_{a}.ipynb")
    (subs / f"okaforben_1002_{a}.ipynb").write_text("{ this is not json")
    nbformat.write(wrong_answer().apply(nbformat.read(solution, as_version=4)), str(subs / f"cho_{a}_v2.ipynb"))
    shutil.copyfile(release, subs / f"cho_{a}.ipynb")
    os.utime(subs / f"cho_{a}.ipynb", (OLD, OLD))
    (subs / "readme.txt").write_text("notes")
    shutil.copyfile(release, subs / f"zed_{a}.ipynb")
