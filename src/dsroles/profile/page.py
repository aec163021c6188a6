"""The profile as one offline HTML page: radar chart, table per role, next steps, self-checks."""

from __future__ import annotations

import os
from pathlib import Path

from dsroles.profile.html import esc, level_colour, page, percent, radar_chart

SHOWN_NEXT = 5  # next steps listed in full; the rest are named in one line


def lesson_links(entries: list[dict], here: Path | None, *, brief: bool = False) -> str:
    """Links to the lessons (and their exercises) that teach a competency, relative to ``here``
    (``brief``: the lesson titles only)."""
    links = []
    for entry in entries:
        href = entry.get("path")
        if href and here is not None:
            href = Path(os.path.relpath(href, here)).as_posix()
        name = esc(entry.get("title") or entry["notebook"])
        label = f"<a href='{esc(href)}'>{name}</a>" if href else name
        if brief:
            links.append(label)
            continue
        exercises = ", ".join(f"<code>{esc(x)}</code>" for x in entry.get("exercises", []))
        links.append(f"{label} <span class='muted'>({esc(entry['notebook'])})</span>"
                     + (f": exercises {exercises}" if exercises else ""))
    return "; ".join(links)


def _by_hand(c: dict) -> str:
    if not c.get("hand_max_score"):
        return ""
    marked = c.get("self_marked")
    text = (f"{marked:g} / {c['hand_max_score']:g} self-marked (not checked by an instructor)" if marked is not None
            else f"{c['hand_max_score']:g} points marked by hand: waiting for a mark")
    return f"<p class='muted'>{text}</p>"


def _role_table(role: dict) -> str:
    rows = []
    for cid, c in role["competencies"].items():
        lost = "".join(f"<li><code>{esc(x['grade_id'])}</code>"
                       f"{' <strong>(answer key used)</strong>' if x.get('answer_key_used') else ''}: {esc(x['message'])}</li>"
                       for x in c["lost"])
        pending = _by_hand(c)
        score = f"{c['score']:g} / {c['max_score']:g}" if c["max_score"] else "–"
        rows.append(
            f"<tr><td>{esc(cid)}</td><td>{esc(c['title'])}</td><td class='num'>{score}</td>"
            f"<td class='num' style='background:{level_colour(c['level'])}'>{percent(c['level'])}</td>"
            f"<td>{'<ul>' + lost + '</ul>' if lost else ''}{pending}</td></tr>")
    head = f"<h2>{esc(role['title'])} — {percent(role['level'])}</h2>"
    return (head + "<table><tr><th>Competency</th><th>Title</th><th>Score</th><th>Level</th>"
            "<th>Marks lost</th></tr>" + "".join(rows) + "</table>")


def _next_steps(profile: dict, framework, here: Path | None) -> str:
    if not profile["next_steps"]:
        return "<p>Nothing to work on among the assessed competencies: every item got full marks.</p>"
    comps = {cid: c for r in profile["roles"].values() for cid, c in r["competencies"].items()}
    items = []
    for cid in profile["next_steps"][:SHOWN_NEXT]:
        c = comps[cid]
        gap = f"{c['max_score'] - c['score']:g} of {c['max_score']:g} points to gain"
        try:
            comp = framework.competency(cid)
            text = f"<b>{esc(cid)} {esc(comp.title)}</b> ({percent(c['level'])}, {gap}): {esc(comp.can_do)}"
        except KeyError:
            text = f"<b>{esc(cid)}</b> ({percent(c['level'])}, {gap})"
        links = lesson_links(profile.get("lessons", {}).get(cid, []), here)
        items.append(f"<li>{text}" + (f"<br>Revisit: {links}" if links else "") + "</li>")
    rest = profile["next_steps"][SHOWN_NEXT:]
    more = f"<p class='muted'>Then: {esc(', '.join(rest))}.</p>" if rest else ""
    focus = profile.get("focus_role")
    intro = (f"<p>Largest gap first, the {esc(profile['roles'][focus]['title'])} role's competencies first.</p>"
             if focus else "<p>Largest gap first (in points).</p>")
    return intro + "<ol>" + "".join(items) + "</ol>" + more


def _self_checks(summary: dict) -> str:
    if not summary.get("by_exercise"):
        return "<p class='muted'>No self-checks recorded yet.</p>"
    rows = "".join(
        f"<tr><td><code>{esc(ex)}</code></td><td class='num'>{d['checks']}</td>"
        f"<td class='num'>{d['hints']}</td><td>{esc(d['status'])}</td></tr>"
        for ex, d in summary["by_exercise"].items())
    return (f"<p>{summary['attempted']} exercises checked: {summary['solved_first_try']} solved "
            f"first try, {summary['solved_after_hints']} solved after hints, "
            f"{summary['solution_revealed']} with the solution revealed.</p>"
            "<table><tr><th>Exercise</th><th>Checks</th><th>Hints seen</th><th>Result</th></tr>"
            + rows + "</table>")


def profile_body(profile: dict, framework=None, here: Path | None = None) -> str:
    from dsroles.competencies import load_framework

    fw = framework or load_framework()
    roles = profile["roles"]
    chart = radar_chart([r["title"] for r in roles.values()], [r["level"] for r in roles.values()])
    not_graded = "".join(f"<li>{esc(x['notebook'])}: not graded: {esc(x['reason'])}</li>"
                         for x in profile.get("not_graded", []))
    return (
        f"<p class='muted'>{esc(profile['person'])} · {esc(profile['created'])} · "
        f"dsroles {esc(profile['dsroles_version'])}</p>"
        f"<img alt='Radar chart of the six role levels' src='{chart}'>"
        + (f"<h2>Not graded</h2><ul>{not_graded}</ul>" if not_graded else "")
        + "<h2>Work on next</h2>" + _next_steps(profile, fw, here)
        + "".join(_role_table(r) for r in roles.values())
        + "<h2>Self-checks in the lessons</h2>" + _self_checks(profile["self_checks"])
    )


def write_profile_html(profile: dict, path, *, framework=None) -> Path:
    """Write the profile as one self-contained HTML file; return its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    html = page(f"Skills profile: {profile['person']}", profile_body(profile, framework, path.parent))
    path.write_text(html, encoding="utf-8")
    return path
