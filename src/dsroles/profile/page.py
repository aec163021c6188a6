"""The profile as one offline HTML page: radar chart, table per role, next steps, self-checks."""

from __future__ import annotations

from pathlib import Path

from dsroles.profile.html import esc, level_colour, page, percent, radar_chart


def _role_table(role: dict) -> str:
    rows = []
    for cid, c in role["competencies"].items():
        lost = "".join(f"<li><code>{esc(x['grade_id'])}</code>"
                       f"{' <strong>(answer key used)</strong>' if x.get('answer_key_used') else ''}: {esc(x['message'])}</li>"
                       for x in c["lost"])
        pending = f"<p class='muted'>{c['pending']} answer(s) waiting for marking</p>" \
            if c.get("pending") else ""
        score = f"{c['score']:g} / {c['max_score']:g}" if c["max_score"] else "–"
        rows.append(
            f"<tr><td>{esc(cid)}</td><td>{esc(c['title'])}</td><td class='num'>{score}</td>"
            f"<td class='num' style='background:{level_colour(c['level'])}'>{percent(c['level'])}</td>"
            f"<td>{'<ul>' + lost + '</ul>' if lost else ''}{pending}</td></tr>")
    head = f"<h2>{esc(role['title'])} — {percent(role['level'])}</h2>"
    return (head + "<table><tr><th>Competency</th><th>Title</th><th>Score</th><th>Level</th>"
            "<th>Marks lost</th></tr>" + "".join(rows) + "</table>")


def _next_steps(profile: dict, framework) -> str:
    if not profile["next_steps"]:
        return "<p>Nothing to work on among the assessed competencies: every item got full marks.</p>"
    items = []
    for cid in profile["next_steps"]:
        level = next(r["competencies"][cid]["level"] for r in profile["roles"].values()
                     if cid in r["competencies"])
        try:
            comp = framework.competency(cid)
            text = f"<b>{esc(cid)} {esc(comp.title)}</b> ({percent(level)}): {esc(comp.can_do)}"
        except KeyError:
            text = f"<b>{esc(cid)}</b> ({percent(level)})"
        items.append(f"<li>{text}</li>")
    return "<ol>" + "".join(items) + "</ol>"


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


def profile_body(profile: dict, framework=None) -> str:
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
        + "<h2>Work on next</h2>" + _next_steps(profile, fw)
        + "".join(_role_table(r) for r in roles.values())
        + "<h2>Self-checks in the lessons</h2>" + _self_checks(profile["self_checks"])
    )


def write_profile_html(profile: dict, path, *, framework=None) -> Path:
    """Write the profile as one self-contained HTML file; return its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    html = page(f"Skills profile: {profile['person']}", profile_body(profile, framework))
    path.write_text(html, encoding="utf-8")
    return path
