"""Build the profile dict (see docs/competencies.md) from grade results and the self-check log."""

from __future__ import annotations

import getpass
from datetime import datetime, timezone

from dsroles import __version__


def _level(score: float, max_score: float) -> float | None:
    return round(score / max_score, 4) if max_score > 0 else None


def _latest_per_assessment(results: list[dict]) -> list[dict]:
    """One result per assessment: a later result replaces an earlier one."""
    latest: dict[str, dict] = {}
    for r in results:
        latest[str(r.get("assessment") or r.get("notebook"))] = r
    return list(latest.values())


def _empty_roles(fw) -> dict:
    return {
        role.id: {
            "title": role.title, "assessed": False, "score": 0.0, "max_score": 0.0, "level": None,
            "competencies": {
                c.id: {"title": c.title, "score": 0.0, "max_score": 0.0, "level": None,
                       "lost": [], "pending": 0, "hand_max_score": 0.0, "self_marked": None}
                for c in role.competencies
            },
        }
        for role in fw.roles
    }


def _competency_of(item: dict, fw):
    comp = fw.competency_for_item(str(item.get("grade_id")))
    if comp is None and item.get("competency"):
        try:
            comp = fw.competency(item["competency"])
        except KeyError:
            comp = None
    return comp


def _add_item(roles: dict, item: dict, fw) -> None:
    comp = _competency_of(item, fw)
    if comp is None:
        return
    entry = roles[comp.role_id]["competencies"][comp.id]
    if item.get("kind") == "manual" or item.get("points") is None:
        _add_by_hand(entry, item)  # apart from the score, as in the terminal and the feedback page
        return
    points, max_points = float(item["points"]), float(item.get("max_points") or 0.0)
    entry["score"] += points
    entry["max_score"] += max_points
    if points < max_points:
        message = item.get("message") or f"{max_points - points:g} of {max_points:g} points lost"
        lost = {"grade_id": str(item.get("grade_id")), "message": message}
        if item.get("answer_key_used"):
            lost["answer_key_used"] = True
        entry["lost"].append(lost)


def _add_by_hand(entry: dict, item: dict) -> None:
    """An answer marked by hand: its points apart; a self-mark labelled; else waiting."""
    entry["hand_max_score"] += float(item.get("max_points") or 0.0)
    if item.get("self_marked") is not None:
        entry["self_marked"] = (entry["self_marked"] or 0.0) + float(item["self_marked"])
    else:
        entry["pending"] += 1


def _totals(roles: dict) -> None:
    for role in roles.values():
        for comp in role["competencies"].values():
            comp["level"] = _level(comp["score"], comp["max_score"])
        role["score"] = sum(c["score"] for c in role["competencies"].values())
        role["max_score"] = sum(c["max_score"] for c in role["competencies"].values())
        role["assessed"] = role["max_score"] > 0
        role["level"] = _level(role["score"], role["max_score"])


def next_steps(roles: dict, focus_role: str | None = None) -> list[str]:
    """Assessed competencies below full marks: the chosen role's first, then the largest gap in
    points first (ties: the lower level, then the id)."""
    found = [(role_id != focus_role if focus_role else False, -(c["max_score"] - c["score"]), c["level"], cid)
             for role_id, role in roles.items()
             for cid, c in role["competencies"].items()
             if c["level"] is not None and c["level"] < 1.0]
    return [entry[-1] for entry in sorted(found)]


def self_check_summary(events: list[dict]) -> dict:
    """Per exercise: checks made, hints seen, solution revealed, and how it was solved."""
    by_exercise: dict[str, dict] = {}
    for e in events:
        ex = by_exercise.setdefault(e["exercise"], {
            "checks": 0, "answered": False, "hints": 0, "solution_revealed": False,
            "solved": False, "status": ""})
        kind = e.get("event")
        if kind == "hint" and isinstance(e.get("hint"), int):
            ex["hints"] = max(ex["hints"], e["hint"])
        elif kind == "solution":
            ex["solution_revealed"] = True
        elif kind == "check":
            ex["checks"] += 1
            ex["answered"] = ex["answered"] or e.get("outcome") in ("correct", "incorrect")
            if e.get("outcome") == "correct" and not ex["solved"]:
                ex["solved"] = True
                ex["status"] = ("solution revealed" if ex["solution_revealed"] else
                                f"solved after {ex['hints']} hint{'s' if ex['hints'] != 1 else ''}"
                                if ex["hints"] else "solved first try")
    for ex in by_exercise.values():
        if not ex["solved"]:
            ex["status"] = ("solution revealed" if ex["solution_revealed"] else
                            "not solved yet" if ex["answered"] else
                            "not attempted" if ex["checks"] else "hints only")
    statuses = [ex["status"] for ex in by_exercise.values()]
    return {
        "attempted": sum(1 for ex in by_exercise.values() if ex["answered"]),
        "solved_first_try": statuses.count("solved first try"),
        "solved_after_hints": sum(s.startswith("solved after") for s in statuses),
        "solution_revealed": statuses.count("solution revealed"),
        "by_exercise": dict(sorted(by_exercise.items())),
    }


def person_name(person=None) -> str:
    """Who the profile is for: ``person`` if given (a roster name), else the name the learner set
    with ``dsroles grade --name``, else the login name."""
    from dsroles.paths import learner_name

    if person is None:
        person = learner_name()
    if person is None:
        try:
            person = getpass.getuser()
        except Exception:  # no login name (some containers)
            person = "learner"
    return str(person)


def build_profile(results: list[dict], *, log_path=None, framework=None, person=None,
                  role: str | None = None, lessons: dict | None = None) -> dict:
    """The profile of one person from their grade results and their self-check log.

    ``role``: the role the learner works towards (its competencies come first in next steps);
    ``lessons``: ``{competency id: [lesson entries]}`` (what teaches it), kept for the next steps.
    """
    from dsroles.checks.log import read_log
    from dsroles.competencies import load_framework

    fw = framework or load_framework()
    roles = _empty_roles(fw)
    not_graded, answer_key_used = [], []
    for result in _latest_per_assessment(results):
        if result.get("status") != "graded":
            not_graded.append({"notebook": str(result.get("notebook")),
                               "reason": str(result.get("reason") or "unknown")})
            continue
        for item in result.get("items") or []:
            _add_item(roles, item, fw)
            if item.get("answer_key_used"):
                answer_key_used.append({"assessment": str(result.get("assessment")),
                                        "grade_id": str(item.get("grade_id"))})
    _totals(roles)
    if role is not None and role not in roles:
        raise ValueError(f"unknown role {role!r}; choose one of {', '.join(roles)}")
    steps = next_steps(roles, role)
    return {
        "person": person_name(person),
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "dsroles_version": __version__,
        "roles": roles,
        "focus_role": role,
        "next_steps": steps,
        "lessons": {cid: (lessons or {}).get(cid, []) for cid in steps},  # what teaches each next step
        "not_graded": not_graded,
        "answer_key_used": answer_key_used,  # items scored 0 because an answer cell used the answer key
        "self_checks": self_check_summary(read_log(log_path)),
    }
