"""The learner's feedback page: one offline HTML file per graded notebook, in words.

For each graded item: its points, the check's message, and the lessons to revisit for its
competency. Items marked by hand are shown apart, with the learner's answer and, since the
notebook has been graded, the mark scheme (the model answer of the source notebook), and how
to record a self-mark. No traceback, no hidden-test code, no injected cell: only the
messages of ``results.json``. nbgrader's own page is kept for instructors under
``feedback/for-instructors/``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

INSTRUCTOR_FOLDER = "for-instructors"
_SOLUTION_MARKERS = re.compile(r"^\s*#+\s*(BEGIN|END) SOLUTION\s*$", re.M)


def points(value) -> str:
    return f"{float(value):g}"


def auto_totals(result: dict) -> tuple[float, float]:
    """Points and maximum of the automatically marked items (what the terminal's table counts)."""
    auto = [i for i in result.get("items", []) if i["kind"] != "manual"]
    return sum(i["points"] or 0 for i in auto), sum(i["max_points"] for i in auto)


def hand_totals(result: dict) -> tuple[float, float | None]:
    """Maximum of the items marked by hand, and the learner's self-marks (None when none)."""
    manual = [i for i in result.get("items", []) if i["kind"] == "manual"]
    marked = [i["self_marked"] for i in manual if i.get("self_marked") is not None]
    return sum(i["max_points"] for i in manual), (sum(marked) if marked else None)


def answers_by_id(path) -> dict[str, str]:
    """The text of each graded answer cell of a notebook, by grade id (nothing if unreadable)."""
    import nbformat

    try:
        nb = nbformat.read(str(path), 4)
    except Exception:  # the learner's file moved or broke since grading: show no answer
        return {}
    found = {}
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade_id") and meta.get("solution"):
            found[meta["grade_id"]] = _SOLUTION_MARKERS.sub("", cell.source).strip()
    return found


def mark_schemes(solutions_dir, assessment: str) -> dict[str, str]:
    """The model answers of the hand-marked items of an assessment's source notebook."""
    if solutions_dir is None:
        return {}
    return answers_by_id(Path(solutions_dir) / assessment / f"{assessment}.ipynb")


def _revisit(competency: str | None, lessons: dict, here: Path) -> str:
    from dsroles.profile.page import lesson_links

    return lesson_links(lessons.get(competency or "", []), here, brief=True) or "<span class='muted'>–</span>"


def _lessons_section(result: dict, lessons: dict, here: Path) -> str:
    """For each competency with points lost: the lessons and exercises that teach it."""
    from dsroles.profile.html import esc
    from dsroles.profile.page import lesson_links

    lost = dict.fromkeys(i.get("competency") for i in result["items"]
                         if i["kind"] != "manual" and not i.get("passed") and i.get("competency"))
    rows = [f"<li><b>{esc(c)}</b>: {lesson_links(lessons[c], here)}</li>" for c in lost if lessons.get(c)]
    return ("<h2>What to revisit</h2><ul>" + "".join(rows) + "</ul>") if rows else ""


def _item_row(item: dict, lessons: dict, here: Path) -> str:
    from dsroles.profile.html import esc

    if item["kind"] == "manual":
        got, verdict = f"marked by hand ({points(item['max_points'])})", "see <a href='#by-hand'>below</a>"
    else:
        got = f"{points(item['points'] or 0)} / {points(item['max_points'])}"
        verdict = "Full marks." if item.get("passed") else esc(item.get("message") or "Points lost.")
    return (f"<tr><td><code>{esc(item['grade_id'])}</code></td><td>{esc(item.get('competency') or '–')}</td>"
            f"<td class='num'>{got}</td><td>{verdict}</td><td>{_revisit(item.get('competency'), lessons, here)}</td></tr>")


def _by_hand(result: dict, schemes: dict) -> str:
    from dsroles.profile.html import esc

    manual = [i for i in result["items"] if i["kind"] == "manual"]
    if not manual:
        return ""
    answers = answers_by_id(result["notebook"])
    parts = ["<h2 id='by-hand'>Marked by hand</h2><p>These answers are written in words: an instructor "
             "marks them. Grading alone? Compare your answer with the mark scheme, then record your "
             "mark; your profile shows it as <em>self-marked</em>.</p>"]
    for item in manual:
        gid, most = item["grade_id"], points(item["max_points"])
        state = (f"self-marked {points(item['self_marked'])} / {most}" if item.get("self_marked") is not None
                 else "no answer written" if item.get("message") == "no answer written" else "not marked yet")
        parts.append(
            f"<h3><code>{esc(gid)}</code> ({most} points): {state}</h3>"
            f"<p><b>Your answer</b></p><blockquote class='answer'>{esc(answers.get(gid) or '(empty)')}</blockquote>"
            f"<p><b>Mark scheme</b> (the model answer)</p>"
            f"<blockquote class='scheme'>{esc(schemes.get(gid) or '(not available)')}</blockquote>"
            f"<p>Record your mark: <code>dsroles grade --self-mark {esc(gid)}=POINTS</code> (0 to {most}).</p>")
    return "".join(parts)


def feedback_html(result: dict, *, lessons: dict, schemes: dict, here: Path,
                  instructor_page: str | None = None) -> str:
    """The page for one graded result (``here``: the folder it is written to, for links)."""
    from dsroles.profile.html import esc, page

    got, most = auto_totals(result)
    hand, self_marked = hand_totals(result)
    hand_line = "" if not hand else f" · {points(hand)} more points marked by hand" + (
        f" (self-marked {points(self_marked)})" if self_marked is not None else " (see below)")
    rows = "".join(_item_row(i, lessons, here) for i in result["items"])
    nbgrader = (f"<p class='muted'>For instructors: nbgrader's page, with every test cell, is "
                f"<a href='{esc(instructor_page)}'>{esc(instructor_page)}</a>.</p>" if instructor_page else "")
    body = (
        f"<p class='verdict {'ok' if got == most else 'bad'}'>{points(got)} / {points(most)} points "
        f"marked automatically{hand_line}</p>"
        f"<p class='muted'>{esc(Path(result['notebook']).name)} · graded with seed {esc(result['seed'])}</p>"
        "<table><tr><th>Item</th><th>Competency</th><th>Points</th><th>What the check said</th>"
        f"<th>Revisit</th></tr>{rows}</table>" + _lessons_section(result, lessons, here)
        + _by_hand(result, schemes) + nbgrader)
    return page(f"Feedback: {result['assessment']}", body)


def write_feedback_pages(results: list[dict], out_dir: Path, *, lessons: dict | None = None,
                         solutions_dir=None) -> list[Path]:
    """Write the learner's page for each graded result, and move nbgrader's page aside.

    Each result's ``feedback_html`` then names the learner's page, ``nbgrader_feedback_html``
    nbgrader's (run again, e.g. after a self-mark, it rewrites the pages only).
    """
    folder = Path(out_dir) / "feedback"
    written = []
    for result in results:
        if result.get("status") != "graded":
            continue
        kept = _move_aside(result, folder)
        target = Path(result.get("feedback_html") or folder / f"{Path(result['notebook']).stem}.html")
        target.parent.mkdir(parents=True, exist_ok=True)
        rel = Path(kept).relative_to(target.parent).as_posix() if kept else None
        target.write_text(feedback_html(result, lessons=lessons or {}, here=target.parent, instructor_page=rel,
                                        schemes=mark_schemes(solutions_dir, result["assessment"])), encoding="utf-8")
        result["feedback_html"] = str(target)
        written.append(target)
    return written


def _move_aside(result: dict, folder: Path) -> str | None:
    """nbgrader's page to feedback/for-instructors/<name>.nbgrader.html (once)."""
    if result.get("nbgrader_feedback_html"):
        return result["nbgrader_feedback_html"]
    page = result.get("feedback_html")
    if not page or not Path(page).is_file():
        return None
    aside = folder / INSTRUCTOR_FOLDER / f"{Path(page).stem}.nbgrader.html"
    aside.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(page, aside)
    result["nbgrader_feedback_html"] = str(aside)
    return str(aside)
