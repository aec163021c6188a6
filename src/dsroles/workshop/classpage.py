"""The class page: a learner x competency heat map, the score spread of each item (the items a
whole class misses point at the teaching), each team's role coverage (`dsroles.team`), and the
submissions that could not be graded, with their reasons. One offline HTML file."""

from __future__ import annotations

from pathlib import Path

from dsroles.profile.html import esc, level_colour, page, percent


def heat_map(rows: list[dict]) -> dict[str, dict[str, float]]:
    """{learner id: {competency id: level}} over every graded assessment of the learner."""
    sums: dict[str, dict[str, list[float]]] = {}
    for row in rows:
        if row["status"] != "graded":
            continue
        for item in row.get("_items", []):
            if item.get("competency") is None or item["points"] is None:
                continue
            got = sums.setdefault(row["learner_id"], {}).setdefault(item["competency"], [0.0, 0.0])
            got[0] += float(item["points"])
            got[1] += float(item["max_points"])
    return {lr: {c: round(p / m, 4) for c, (p, m) in comps.items() if m > 0} for lr, comps in sums.items()}


def item_spread(rows: list[dict]) -> list[dict]:
    """Per item: how many were graded, the mean fraction of its points, how many got full / none."""
    seen: dict[tuple[str, str], list[float]] = {}
    for row in rows:
        for item in row.get("_items", []):
            if row["status"] == "graded" and item["points"] is not None and item["max_points"]:
                seen.setdefault((row["assessment"], item["grade_id"]), []).append(
                    float(item["points"]) / float(item["max_points"]))
    out = []
    for (assessment, grade_id), fractions in seen.items():
        out.append({"assessment": assessment, "grade_id": grade_id, "n": len(fractions),
                    "mean": round(sum(fractions) / len(fractions), 4),
                    "full": sum(f >= 1.0 for f in fractions), "none": sum(f <= 0.0 for f in fractions)})
    return sorted(out, key=lambda s: (s["mean"], s["assessment"], s["grade_id"]))


def _heat_html(levels: dict, names: dict, framework) -> str:
    comps = sorted({c for per in levels.values() for c in per})
    if not comps:
        return "<p class='muted'>Nothing graded yet.</p>"
    titles = {}
    for comp in comps:
        try:
            titles[comp] = framework.competency(comp).title
        except KeyError:
            titles[comp] = comp
    head = "".join(f"<th title='{esc(titles[c])}'>{esc(c)}</th>" for c in comps)
    body = []
    for learner, per in sorted(levels.items()):
        cells = "".join(f"<td class='num' style='background:{level_colour(per.get(c))}'>{percent(per.get(c)) if c in per else '–'}</td>"
                        for c in comps)
        body.append(f"<tr><td>{esc(names.get(learner, learner))}</td>{cells}</tr>")
    return f"<table class='heat'><tr><th>Learner</th>{head}</tr>{''.join(body)}</table>"


def _spread_html(spread: list[dict]) -> str:
    rows = "".join(
        f"<tr><td>{esc(s['assessment'])}</td><td><code>{esc(s['grade_id'])}</code></td><td class='num'>{s['n']}</td>"
        f"<td class='num' style='background:{level_colour(s['mean'])}'>{percent(s['mean'])}</td>"
        f"<td class='num'>{s['full']}</td><td class='num'>{s['none']}</td></tr>" for s in spread)
    return ("<table><tr><th>Assessment</th><th>Item</th><th>Graded</th><th>Mean</th><th>Full marks</th>"
            f"<th>No marks</th></tr>{rows}</table>")


def _teams_html(course: Path, framework) -> str:
    from dsroles.team import Member, coverage
    from dsroles.workshop.course import load_course_roster
    from dsroles.workshop.feedback import learner_results, profile_for

    teams: dict[str, list] = {}
    for learner in load_course_roster(course):
        results = learner_results(course, learner.id)
        profile = profile_for(learner, results, framework)
        levels = {rid: role["level"] for rid, role in profile["roles"].items()}
        teams.setdefault(learner.team, []).append(Member(learner.person, learner.id, levels))
    parts = []
    for team, members in sorted(teams.items()):
        cover = coverage(members, framework=framework)
        rows = "".join(
            f"<tr><td>{esc(c.title)}</td><td>{esc(c.status)}</td><td class='num'>{percent(c.best)}</td>"
            f"<td>{esc(', '.join(c.covered_by) or (f'closest: {c.closest}' if c.closest else ''))}</td></tr>"
            for c in cover)
        parts.append(f"<h3>{esc(team)} ({len(members)} learners)</h3><table><tr><th>Role</th><th>Status</th>"
                     f"<th>Best</th><th>Covered by</th></tr>{rows}</table>")
    return "".join(parts)


def _not_graded_html(rows: list[dict]) -> str:
    missed = [r for r in rows if r["status"].startswith("not graded")]
    if not missed:
        return "<p>Every collected submission was graded.</p>"
    return "<ul>" + "".join(f"<li>{esc(r['name'])} ({esc(r['learner_id'])}), {esc(r['assessment'])}: "
                            f"{esc(r['status'][len('not graded: '):])}</li>" for r in missed) + "</ul>"


def with_items(course: Path, rows: list[dict]) -> list[dict]:
    """The export rows, each with its graded items (``_items``) from the records."""
    from dsroles.workshop import records

    graded = records.all_records(course)
    return [dict(r, _items=(graded.get((r["learner_id"], r["assessment"])) or {}).get("items", [])) for r in rows]


def write_class_page(course: Path, rows: list[dict], path: Path, framework) -> Path:
    rows = with_items(course, rows)
    names = {r["learner_id"]: f"{r['name']} ({r['learner_id']})" for r in rows}
    missing = sum(r["status"] == "missing" for r in rows)
    body = (f"<p>{len(names)} learners, {len(rows)} learner × assessment rows, "
            f"{missing} missing.</p>"
            "<h2>Learner × competency</h2>" + _heat_html(heat_map(rows), names, framework)
            + "<h2>Items, weakest first</h2><p>An item most of the class misses points at the teaching.</p>"
            + _spread_html(item_spread(rows))
            + "<h2>Teams: role coverage</h2>" + _teams_html(Path(course), framework)
            + "<h2>Not graded</h2>" + _not_graded_html(rows))
    path.write_text(page("Class report", body), encoding="utf-8")
    return path
