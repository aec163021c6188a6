"""Run the capstone: the whole team's pipeline, one role's notebook feeding the next.

  dsroles capstone run [--seed S] [--out DIR] [--stage ROLE=NOTEBOOK ...] [--from STAGE]
  dsroles capstone grade RUN_DIR [--team NAME] [--report FILE]

`run` executes the seven stage notebooks of course/7_capstone with papermill, checks every
hand-over against its contract before the next stage starts, stops at the first broken one,
and writes report.json and report.html into the run folder. `--stage` swaps in your own
notebook for a stage (goal, data, model, release, service, review, decision; a role name
works where the role has one stage). `--from` reruns an earlier run folder from that stage.
`grade` scores a run: each hand-over against its contract, plus the business outcome
against the reference chain, and writes a team report (team_report.json).
"""

from __future__ import annotations

import sys
from pathlib import Path

from dsroles.errors import UsageError


def add_arguments(parser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    run = sub.add_parser("run", help="run the chain of stage notebooks")
    run.add_argument("--seed", type=int, default=42, help="the project's seed (default 42)")
    run.add_argument("--out", help="the run folder (default $DSROLES_HOME/capstone/seed<S>, "
                                   "which the stage notebooks read when opened in the lab)")
    run.add_argument("--stage", action="append", default=[], metavar="ROLE=NOTEBOOK",
                     help="use NOTEBOOK for a stage (repeat for several)")
    run.add_argument("--from", dest="start", metavar="STAGE",
                     help="rerun the run in --out from this stage, reusing the earlier stages")
    grade = sub.add_parser("grade", help="score a run and write the team report")
    grade.add_argument("run_dir", metavar="RUN_DIR")
    grade.add_argument("--team", default="", help="the team's name for the report")
    grade.add_argument("--report", help="where to write the team report "
                                        "(default RUN_DIR/team_report.json)")


def _overrides(pairs: list[str]) -> dict[str, str]:
    found = {}
    for pair in pairs:
        key, sep, path = pair.partition("=")
        if not sep or not key.strip() or not path.strip():
            raise UsageError(f"--stage {pair!r}: write STAGE=NOTEBOOK, e.g. --stage model=mine.ipynb")
        found[key.strip()] = path.strip()
    return found


def _print_stage(record) -> None:
    line = f"  {record.stage:<9} {record.role:<17} {record.status:<8} {record.seconds:6.1f} s"
    if record.status == "broken":
        first = record.contract["broken"][0]
        line += f"  clause '{first['clause']}': {first['reason']}"
    elif record.status == "failed":
        line += f"  {record.error}"
    print(line, flush=True)


def _run(args) -> int:
    from dsroles.capstone import chain, lab, report

    if args.seed < 0:
        raise UsageError(f"--seed {args.seed}: give a whole number 0 or above")
    out = Path(args.out) if args.out else lab.default_run(args.seed)
    print(f"capstone run, seed {args.seed}, into {out.resolve()}")
    result = chain.run(out, seed=args.seed, notebooks=_overrides(args.stage),
                       start=args.start, on_stage=_print_stage)
    written = report.write(result)
    print(f"{result.status}: {result.message()}")
    out = written["outcome"]
    if out["team"] is not None:
        print(f"expected profit on the next quarter: {out['team']['profit']:,.2f} "
              f"(reference chain {out['reference']['profit']:,.2f})")
    print(f"report: {result.run_dir / report.HTML_FILE}")
    return 0 if result.status == "complete" else 1


def _grade(args) -> int:
    from dsroles.capstone import grade

    team_report = grade.grade(args.run_dir, team=args.team)
    path = grade.write(team_report, args.report or Path(args.run_dir) / grade.TEAM_FILE)
    for row in team_report["stages"]:
        broken = "; ".join(b["clause"] for b in row["broken"])
        print(f"  {row['stage']:<9} {row['points']:5.1f} / {row['max']:.0f}"
              + (f"  broken: {broken}" if broken else ""))
    out = team_report["outcome"]
    print(f"  outcome   {out['points']:5.1f} / {out['max']:.0f}")
    print(f"score {team_report['score']} / {team_report['max']:.0f}; team report: {path}")
    return 0


def run(args) -> int:
    if args.action == "run":
        return _run(args)
    if args.action == "grade":
        return _grade(args)
    print(__doc__, file=sys.stderr)
    return 2
