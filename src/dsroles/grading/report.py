"""What `dsroles grade` shows and writes: the table per role and competency, and the files."""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

UNMAPPED = "(no competency)"


def _group(results: list[dict], framework) -> dict:
    """{role title: {competency label: [items]}} for graded results, in framework order."""
    order = {}
    if framework is not None:
        for role in framework.roles:
            for comp in role.competencies:
                order[comp.id] = (role.title, f"{comp.id} {comp.title}")
    groups: dict = {}
    for result in results:
        if result["status"] != "graded":
            continue
        for item in result["items"]:
            role, label = order.get(item.get("competency"), (result["assessment"], UNMAPPED))
            groups.setdefault(role, {}).setdefault(label, []).append(item)
    return groups


def _score(items) -> tuple[float, float]:
    """Points of the automatically marked items (the feedback page and the profile count the same)."""
    auto = [i for i in items if i["points"] is not None and i["kind"] != "manual"]
    return sum(i["points"] for i in auto), sum(i["max_points"] for i in auto)


def _by_hand(item: dict) -> str:
    """What the terminal says about an item an instructor marks."""
    head = f"{item['grade_id']} (manual, {item['max_points']:g} points)"
    if item.get("self_marked") is not None:
        return f"{head}: self-marked {item['self_marked']:g} (not checked by an instructor)"
    if item["points"] == 0 and item.get("message") == "no answer written":
        return f"{head}: no answer written"
    return (f"{head}: waiting for an instructor; grading alone, read the mark scheme in the feedback "
            f"page, then dsroles grade --self-mark {item['grade_id']}=POINTS")


def table(results: list[dict], framework=None) -> str:
    """The terminal report: score / max per role and competency, each lost mark in words."""
    lines = []
    width = 58
    for role, comps in _group(results, framework).items():
        got, most = _score([i for items in comps.values() for i in items])
        lines.append(f"{role:<{width}} {got:g} / {most:g}")
        for label, items in comps.items():
            got, most = _score(items)
            lines.append(f"  {label[:width - 2]:<{width - 2}} {got:g} / {most:g}")
            for item in items:
                if item["kind"] == "manual":
                    lines.append(f"      - {_by_hand(item)}")
                elif not item["passed"]:
                    lost = item["max_points"] - item["points"]
                    flag = " [ANSWER KEY USED]" if item.get("answer_key_used") else ""
                    lines.append(f"      - {item['grade_id']} lost {lost:g}{flag}: {item['message'] or 'failed'}")
    graded = [r for r in results if r["status"] == "graded"]
    if graded:
        lines.append("")
        for r in graded:
            lines.append(f"graded  {r['notebook']}: {_graded_line(r)}")
    for r in results:
        if r["status"] != "graded":
            lines.append(f"NOT GRADED  {r['notebook']}: {r['reason']}")
    lines.extend(sandbox_lines(results))
    return "\n".join(lines)


def _graded_line(result: dict) -> str:
    from dsroles.grading.feedback import auto_totals, hand_totals

    got, most = auto_totals(result)
    hand, marked = hand_totals(result)
    extra = f", {hand:g} more points marked by hand" if hand else ""
    extra += f", self-marked {marked:g}" if marked is not None else ""
    return f"{got:g} / {most:g} (seed {result['seed']}{extra})"


def sandbox_lines(results: list[dict]) -> list[str]:
    """What the terminal says about the sandbox: nothing when every notebook had one."""
    off = [r for r in results if r.get("sandbox") is False]
    if not off:
        return []
    return ["", f"sandbox: OFF ({off[0].get('sandbox_reason') or 'unknown'}); learner code ran with resource "
                "limits only, as the user running dsroles grade (see docs/isolation.md)"]


def sandbox_summary(results: list[dict]) -> dict:
    """results.json's top-level record of the sandbox: used or not, and why not."""
    used = bool(results) and all(r.get("sandbox") for r in results)
    reasons = [r.get("sandbox_reason") for r in results if not r.get("sandbox")]
    return {"sandbox": used, "sandbox_reason": None if used else (reasons[0] if reasons else "nothing was graded")}


def default_out_dir() -> Path:
    from dsroles.paths import grades_dir

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return grades_dir() / stamp


def counted(results: list[dict]) -> tuple[list[dict], list[str]]:
    """The results a profile counts: for an assessment graded more than once in one run,
    only the last graded copy (every result still goes into results.json). Returns the
    counted results and one note per assessment that had copies left out."""
    last = {}
    for index, result in enumerate(results):
        if result["status"] == "graded":
            last[result["assessment"]] = index
    keep = [r for i, r in enumerate(results)
            if r["status"] != "graded" or last[r["assessment"]] == i]
    notes = []
    for name, index in last.items():
        copies = sum(r["status"] == "graded" and r["assessment"] == name for r in results)
        if copies > 1:
            notes.append(f"{name} was graded {copies} times; the table and the profile count the "
                         f"last one ({results[index]['notebook']})")
    return keep, notes


def load_self_marks() -> dict[str, float]:
    """{grade id: points} the learner recorded with ``dsroles grade --self-mark``."""
    from dsroles.paths import self_marks_file

    try:
        marks = json.loads(self_marks_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): float(v) for k, v in marks.items()} if isinstance(marks, dict) else {}


def save_self_marks(marks: dict[str, float]) -> Path:
    from dsroles.paths import self_marks_file

    path = self_marks_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({**load_self_marks(), **marks}, indent=1, sort_keys=True), encoding="utf-8")
    return path


def apply_self_marks(results: list[dict], marks: dict[str, float]) -> None:
    """Label each hand-marked item the learner marked (points kept apart from the score)."""
    for result in results:
        for item in result.get("items", []):
            if item["kind"] == "manual" and item["grade_id"] in marks and item.get("message") != "no answer written":
                item["self_marked"] = min(max(marks[item["grade_id"]], 0.0), item["max_points"])


def write_outputs(results: list[dict], out_dir: Path, *, framework=None, person=None, role=None,
                  lessons=None, solutions_dir=None) -> dict[str, Path]:
    """The learner's feedback pages, results.json, profile.json and profile.html into `out_dir`
    (nbgrader's pages are already in feedback/: they move to feedback/for-instructors/)."""
    from dsroles.grading.feedback import write_feedback_pages

    out_dir.mkdir(parents=True, exist_ok=True)
    write_feedback_pages(results, out_dir, lessons=lessons, solutions_dir=solutions_dir)
    written = {"results": out_dir / "results.json"}
    payload = {"created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
               **sandbox_summary(results), "results": results}
    written["results"].write_text(json.dumps(payload, indent=1))
    try:
        from dsroles.profile import build_profile, write_profile_html
    except ImportError:  # the profile module is not installed: results and feedback still written
        return written
    profile = build_profile(counted(results)[0], framework=framework, person=person, role=role, lessons=lessons)
    written["profile_json"] = out_dir / "profile.json"
    written["profile_json"].write_text(json.dumps(profile, indent=1))
    written["profile_html"] = write_profile_html(profile, out_dir / "profile.html", framework=framework)
    return written


def point_latest(out_dir: Path) -> None:
    """Make <grades>/latest point at this run (when the run is under the grades folder)."""
    latest = out_dir.parent / "latest"
    if out_dir.parent.name != "grades":
        return
    tmp = out_dir.parent / f".latest-{os.getpid()}"
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(out_dir.name)
    os.replace(tmp, latest)
