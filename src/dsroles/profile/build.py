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
                       "lost": [], "pending": 0}
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
    if item.get("points") is None:  # a manual answer not marked yet
        entry["pending"] += 1
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


def _totals(roles: dict) -> None:
    for role in roles.values():
        for comp in role["competencies"].values():
            comp["level"] = _level(comp["score"], comp["max_score"])
        role["score"] = sum(c["score"] for c in role["competencies"].values())
        role["max_score"] = sum(c["max_score"] for c in role["competencies"].values())
        role["assessed"] = role["max_score"] > 0
        role["level"] = _level(role["score"], role["max_score"])


def next_steps(roles: dict) -> list[str]:
    """Assessed competencies below full marks, weakest first (ties by id)."""
    found = [(c["level"], cid) for role in roles.values()
             for cid, c in role["competencies"].items()
             if c["level"] is not None and c["level"] < 1.0]
    return [cid for _, cid in sorted(found)]


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


def build_profile(results: list[dict], *, log_path=None, framework=None, person=None) -> dict:
    """The profile of one person from their grade results and their self-check log."""
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
    if person is None:
        try:
            person = getpass.getuser()
        except Exception:  # no login name (some containers)
            person = "learner"
    return {
        "person": str(person),
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "dsroles_version": __version__,
        "roles": roles,
        "next_steps": next_steps(roles),
        "not_graded": not_graded,
        "answer_key_used": answer_key_used,  # items scored 0 because an answer cell used the answer key
        "self_checks": self_check_summary(read_log(log_path)),
    }
