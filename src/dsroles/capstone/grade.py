"""A team's capstone score: every hand-over against its contract, the outcome against the reference.

Each of the seven hand-overs is worth ``STAGE_POINTS``, shared equally among its contract's
clauses (a stage that never ran meets none). The outcome is worth ``OUTCOME_POINTS``: all of
them when the team's expected profit on the next quarter is at least the reference chain's,
less in proportion to the shortfall, none at ``OUTCOME_SCALE`` or more below it.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from dsroles.capstone import contracts
from dsroles.capstone.stages import STAGES
from dsroles.errors import UsageError

STAGE_POINTS = 10.0
OUTCOME_POINTS = 30.0
OUTCOME_SCALE = 500.0  # GBP of shortfall that costs every outcome point
FORMAT = "dsroles-capstone-team"
TEAM_FILE = "team_report.json"


def read_run(run_dir: str | Path) -> dict:
    """The run file of ``run_dir``; UsageError when the folder holds no capstone run."""
    from dsroles.capstone.chain import RUN_FILE

    folder = Path(run_dir)
    if not folder.is_dir():
        raise UsageError(f"no run folder at {folder}; give the --out folder of a capstone run")
    try:
        run = json.loads((folder / RUN_FILE).read_text())
    except (OSError, ValueError):
        raise UsageError(f"{folder} holds no capstone run ({RUN_FILE} is missing or damaged); "
                         f"run `dsroles capstone run --out {folder}` first") from None
    if not isinstance(run, dict) or not isinstance(run.get("seed"), int):
        raise UsageError(f"{folder / RUN_FILE} does not describe a capstone run; run the chain again")
    return run


def outcome_points(team: float | None, reference: float) -> float:
    if team is None:
        return 0.0
    shortfall = max(0.0, reference - team)
    return round(OUTCOME_POINTS * max(0.0, 1.0 - shortfall / OUTCOME_SCALE), 2)


def grade(run_dir: str | Path, *, team: str = "") -> dict:
    """The team report of the run in ``run_dir`` (a dict; see ``write``)."""
    from dsroles.capstone import outcome

    run_dir = Path(run_dir)
    run = read_run(run_dir)
    handover = contracts.Handover(run_dir)
    used = {r.get("stage"): r.get("notebook", "") for r in run.get("stages", []) if isinstance(r, dict)}
    rows, complete = [], True
    for stage in STAGES:
        verdict = contracts.check(stage.name, run_dir, handover)
        total = len(contracts.CONTRACTS[stage.name].clauses)
        points = round(STAGE_POINTS * len(verdict.met) / total, 2)
        complete = complete and verdict.ok
        rows.append({"stage": stage.name, "role": stage.role, "notebook": used.get(stage.name, ""),
                     "points": points,
                     "max": STAGE_POINTS, **verdict.to_dict()})
    reference = outcome.reference(run["seed"])
    mine = outcome.of_run(run_dir) if complete else None
    got = outcome_points(mine and mine["profit"], reference["profit"])
    score = round(sum(r["points"] for r in rows) + got, 2)
    return {"format": FORMAT, "team": team, "seed": run["seed"],
            "graded": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "score": score, "max": STAGE_POINTS * len(STAGES) + OUTCOME_POINTS,
            "stages": rows,
            "outcome": {"team": mine, "reference": reference, "points": got,
                        "max": OUTCOME_POINTS}}


def write(report: dict, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=1) + "\n")
    return path


def read_team_report(path: str | Path) -> dict:
    """A team report written by ``dsroles capstone grade``; UsageError when it is not one."""
    path = Path(path)
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        raise UsageError(f"{path} is not a readable team report; write one with "
                         f"`dsroles capstone grade RUN_DIR`") from None
    if not isinstance(report, dict) or report.get("format") != FORMAT:
        raise UsageError(f"{path} is not a capstone team report (format {FORMAT}); write one "
                         f"with `dsroles capstone grade RUN_DIR`")
    return report


def summary(report: dict) -> str:
    """A few lines for the team page: the score, and each hand-over that broke a clause."""
    name = f" ({report['team']})" if report.get("team") else ""
    lines = [f"Capstone{name}: {report['score']:g} / {report['max']:g} "
             f"(outcome {report['outcome']['points']:g} / {report['outcome']['max']:g})"]
    lines += [f"  {row['stage']} ({row['role']}): broke " + ", ".join(b["clause"] for b in row["broken"])
              for row in report["stages"] if row["broken"]]
    return "\n".join(lines)
