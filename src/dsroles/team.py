"""Put team members' profiles together: which of the six roles are covered, and by whom.

A team must have all six roles covered, by whoever (one person may hold several). A role is
covered when someone is at or above --level (default 70%), thin when the best is below that
but at least 40%, and uncovered otherwise; for each gap the member closest to it is named.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from dsroles import ROLES
from dsroles.errors import UsageError

DEFAULT_LEVEL = 0.7
THIN_FLOOR = 0.4
COVERED, THIN, UNCOVERED = "covered", "thin", "uncovered"
RULE = "A data-science team must have all six roles covered; one person may cover several."


@dataclass(frozen=True)
class Member:
    name: str
    source: str
    levels: dict  # role id -> level in [0, 1] or None (not assessed)


@dataclass(frozen=True)
class RoleCoverage:
    role_id: str
    title: str
    code: str
    status: str
    best: float | None
    covered_by: tuple[str, ...]
    closest: str | None  # who could grow into a gap
    closest_level: float | None


def _usage(message: str) -> UsageError:
    return UsageError(message)


def _level_of(value, where: str):
    if value is None:
        return None
    if type(value) not in (int, float) or not 0.0 <= float(value) <= 1.0:
        raise _usage(f"{where}: level {value!r} is not a number between 0 and 1; "
                     "is this file a profile written by dsroles grade?")
    return float(value)


def load_member(path) -> Member:
    """Read one profile JSON; UsageError with what is wrong for anything else."""
    path = Path(path)
    if not path.is_file():
        raise _usage(f"{path}: no such file. Give the profile JSON files written by "
                     "dsroles grade (e.g. profile.json).")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise _usage(f"{path} is not a text file; give a profile JSON file.") from None
    except json.JSONDecodeError as exc:
        raise _usage(f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: "
                     f"{exc.msg}); give a profile JSON written by dsroles grade.") from None
    roles = data.get("roles") if isinstance(data, dict) else None
    person = data.get("person") if isinstance(data, dict) else None
    if not isinstance(roles, dict) or not isinstance(person, str) or not person.strip():
        raise _usage(f"{path} is not a profile: it needs a 'person' name and 'roles' levels "
                     "(the profile JSON written by dsroles grade).")
    if not set(roles) & set(ROLES):
        raise _usage(f"{path} is not a profile: none of its roles is one of {', '.join(ROLES)}.")
    levels = {}
    for role_id in ROLES:
        entry = roles.get(role_id)
        if entry is not None and not isinstance(entry, dict):
            raise _usage(f"{path}: role {role_id!r} is not a table of scores.")
        levels[role_id] = _level_of((entry or {}).get("level"), f"{path}, role {role_id}")
    return Member(person.strip(), str(path), levels)


def load_members(paths) -> list[Member]:
    members = [load_member(p) for p in paths]
    seen: dict[str, str] = {}
    for m in members:
        if m.name in seen:
            raise _usage(f"two profiles are for the same person {m.name!r} ({seen[m.name]} and "
                         f"{m.source}); give each member's profile once. Two learners on one machine: each sets "
                         "their name once with dsroles grade --name, then grades again.")
        seen[m.name] = m.source
    return members


def _roles_covered(member: Member, level: float) -> int:
    return sum(1 for v in member.levels.values() if v is not None and v >= level)


def coverage(members: list[Member], *, level: float = DEFAULT_LEVEL, framework=None):
    """One RoleCoverage per role, in the framework's order."""
    from dsroles.competencies import load_framework

    fw = framework or load_framework()
    out = []
    for role in fw.roles:
        levels = {m.name: m.levels.get(role.id) for m in members}
        assessed = {n: v for n, v in levels.items() if v is not None}
        best = max(assessed.values()) if assessed else None
        covered_by = tuple(sorted(n for n, v in assessed.items() if v >= level))
        status = COVERED if covered_by else THIN if best is not None and best >= THIN_FLOOR \
            else UNCOVERED
        closest = closest_level = None
        if not covered_by and members:
            # Highest level first; on a tie (or nobody assessed) whoever covers fewest roles.
            pick = min(members, key=lambda m: (-(levels[m.name] if levels[m.name] is not None
                                                 else -1.0),
                                               _roles_covered(m, level), m.name))
            closest, closest_level = pick.name, levels[pick.name]
        out.append(RoleCoverage(role.id, role.title, role.code, status, best, covered_by,
                                closest, closest_level))
    return out


def verdict(cover: list[RoleCoverage]) -> tuple[bool, str]:
    gaps = [c for c in cover if c.status != COVERED]
    if not gaps:
        return True, f"Complete: all {len(cover)} roles are covered."
    names = ", ".join(f"{c.title} ({c.status})" for c in gaps)
    return False, f"Incomplete: {len(gaps)} of {len(cover)} roles not covered: {names}."


def _pct(v) -> str:
    return "–" if v is None else f"{100 * v:.0f}%"


def _gap_line(c: RoleCoverage) -> str:
    if c.status == COVERED:
        return f"{c.title}: covered by {', '.join(c.covered_by)}"
    if c.closest is None:
        return f"{c.title}: {c.status}; the team has no members"
    if c.closest_level is None:
        return (f"{c.title}: {c.status}; nobody has been assessed in it. {c.closest} covers "
                f"the fewest roles so far and could take it on (start with its track).")
    return f"{c.title}: {c.status}; closest: {c.closest} at {_pct(c.closest_level)}"


def render_text(members: list[Member], cover: list[RoleCoverage], level: float) -> str:
    width = max([len("member")] + [len(m.name) for m in members]) + 2
    codes = [c.code for c in cover]
    lines = [f"Team of {len(members)}: a role is covered at {_pct(level)} or above, "
             f"thin from {_pct(THIN_FLOOR)}.", ""]
    lines.append("member".ljust(width) + "".join(code.rjust(10) for code in codes))
    for m in members:
        lines.append(m.name.ljust(width) + "".join(_pct(m.levels.get(c.role_id)).rjust(10)
                                                   for c in cover))
    lines.append("role".ljust(width) + "".join(c.status.rjust(10) for c in cover))
    lines.append("")
    lines += [f"  {c.code:<4} {_gap_line(c)}" for c in cover]
    ok, text = verdict(cover)
    lines += ["", RULE, ("OK  " if ok else "GAP ") + text]
    return "\n".join(lines)


def render_html(members: list[Member], cover: list[RoleCoverage], level: float) -> str:
    from dsroles.profile.html import esc, level_colour, page

    head = "<tr><th>Member</th>" + "".join(
        f"<th title='{esc(c.title)}'>{esc(c.code)}</th>" for c in cover) + "</tr>"
    rows = "".join(
        f"<tr><td>{esc(m.name)}</td>" + "".join(
            f"<td class='num' style='background:{level_colour(m.levels.get(c.role_id))}'>"
            f"{_pct(m.levels.get(c.role_id))}</td>" for c in cover) + "</tr>"
        for m in members)
    status_colour = {COVERED: "#cdebd0", THIN: "#fbe7b5", UNCOVERED: "#f6c9c9"}
    status = "<tr><th>Role</th>" + "".join(
        f"<td style='background:{status_colour[c.status]}'><b>{esc(c.status)}</b></td>"
        for c in cover) + "</tr>"
    ok, text = verdict(cover)
    gaps = "".join(f"<li><b>{esc(c.code)}</b> {esc(_gap_line(c))}</li>" for c in cover)
    body = (f"<p>{len(members)} members. A role is <b>covered</b> when someone is at "
            f"{_pct(level)} or above, <b>thin</b> when the best is from {_pct(THIN_FLOOR)}, "
            f"<b>uncovered</b> below that or when nobody has been assessed.</p>"
            f"<p class='verdict {'ok' if ok else 'bad'}'>{esc(text)}</p><p>{esc(RULE)}</p>"
            f"<table>{head}{rows}{status}</table><h2>Roles</h2><ul>{gaps}</ul>")
    return page("Team coverage of the six roles", body)
