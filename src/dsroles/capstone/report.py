"""The run report: ``report.json`` and ``report.html`` in the run folder.

Per stage its status, time, key numbers and (when broken) the clause and reason; the alerts
and flags raised; the final decision; and the business outcome, the expected profit of the
team's decisions on the next quarter, beside the reference chain's.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

JSON_FILE, HTML_FILE = "report.json", "report.html"


def _read(path: Path, default):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return default


def outcomes(run_dir: Path, seed: int, complete: bool) -> dict:
    """The team's outcome (when the run is complete) and the reference chain's."""
    from dsroles.capstone import outcome

    reference = outcome.reference(seed)
    team = outcome.of_run(run_dir) if complete else None
    gap = None if team is None else round(team["profit"] - reference["profit"], 2)
    return {"team": team, "reference": reference, "difference": gap}


def build(result) -> dict:
    """The report of a ``chain.Result`` as a JSON-ready dict."""
    from dsroles.capstone.stages import folder

    run_dir = result.run_dir
    complete = result.status == "complete"
    return {
        "seed": result.seed,
        "status": result.status,
        "message": result.message(),
        "stages": [{"stage": s.stage, "role": s.role, "notebook": s.notebook, "status": s.status,
                    "seconds": s.seconds, "numbers": s.numbers,
                    "broken": s.contract.get("broken", []), "error": s.error}
                   for s in result.stages],
        "alerts": _read(folder(run_dir, "service") / "alerts.json", []),
        "flags": [{k: f.get(k) for k in ("subject", "suspected_cause", "owner_role")}
                  for f in _read(folder(run_dir, "review") / "flags.json", [])],
        "decision": _read(folder(run_dir, "decision") / "memo.json", None),
        "outcome": outcomes(run_dir, result.seed, complete),
    }


def _table(rows: list[dict], columns: list[str]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(r.get(c, '')))}</td>" for c in columns)
                   + "</tr>" for r in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def to_html(report: dict) -> str:
    stages = [{**s, "numbers": ", ".join(f"{k}={v}" for k, v in s["numbers"].items()),
               "broken": "; ".join(f"{b['clause']}: {b['reason']}" for b in s["broken"])
               or s["error"]} for s in report["stages"]]
    out = report["outcome"]
    team = out["team"] or {}
    lines = [
        "<!doctype html><meta charset='utf-8'><title>Capstone run report</title>",
        "<style>body{font-family:sans-serif;max-width:70em;margin:2em auto}"
        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;"
        "text-align:left;vertical-align:top}</style>",
        f"<h1>Capstone run, seed {report['seed']}: {html.escape(report['status'])}</h1>",
        f"<p>{html.escape(report['message'])}</p>",
        "<h2>Stages</h2>",
        _table(stages, ["stage", "role", "status", "seconds", "numbers", "broken"]),
        "<h2>Outcome: expected profit on the next quarter</h2>",
        _table([{"chain": "your team", **team}, {"chain": "reference", **out["reference"]}],
               ["chain", "decision", "threshold", "offers", "profit"]),
        "<h2>Alerts</h2>", _table(report["alerts"], ["batch", "feature", "kind", "severity", "owner"]),
        "<h2>Flags</h2>", _table(report["flags"], ["subject", "suspected_cause", "owner_role"]),
    ]
    if report["decision"]:
        lines += ["<h2>Decision memo</h2><ul>"] + [
            f"<li>{html.escape(r)}</li>" for r in report["decision"].get("reasons", [])] + ["</ul>"]
    return "\n".join(lines) + "\n"


def write(result) -> dict:
    """Build the report of ``result`` and write it as JSON and HTML into the run folder."""
    report = build(result)
    (result.run_dir / JSON_FILE).write_text(json.dumps(report, indent=1, default=str) + "\n")
    (result.run_dir / HTML_FILE).write_text(to_html(report), encoding="utf-8")
    return report
