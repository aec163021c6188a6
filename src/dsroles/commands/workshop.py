"""Run a workshop: make a real nbgrader course from a roster (init), file what learners hand in
(collect), grade it in parallel in the sandbox (grade), write a folder per learner to hand back
(feedback), and the grades CSV, LMS import files and class page (report); formgrader opens
nbgrader's formgrader for manual items. Each action takes the course folder DIR; see
docs/workshop.md for the grading day step by step.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dsroles.errors import UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = sub.add_parser("init", help="make the nbgrader course: config, sources, gradebook, releases")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--roster", required=True, metavar="CSV", help="columns id, name, email, team (and lms_id)")
    p.add_argument("--solutions", metavar="DIR", help="nbgrader source versions (default: the kit's solutions/)")
    p.add_argument("--assessments", nargs="+", metavar="NAME", help="only these assessments (default: all)")
    p = sub.add_parser("collect", help="file submissions as submitted/<learner>/<assessment>/")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("submissions", metavar="SUBMISSIONS", help="a folder or a zip of what learners handed in")
    p.add_argument("--pattern", metavar="REGEX",
                   help="file names of LMS downloads: a regular expression with a (?P<learner>...) group "
                        "and optionally (?P<assessment>...) (default: the learner before the first '_')")
    p = sub.add_parser("grade", help="grade new and changed submissions; fill the gradebook")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--force", action="store_true", help="grade every submission again")
    p.add_argument("--allow-unsandboxed", action="store_true",
                   help="grade without the sandbox when none can be made (resource limits only)")
    p.add_argument("--jobs", type=int, help="notebooks graded at once here (default: number of CPUs)")
    p.add_argument("--timeout", type=int, metavar="SECONDS", help="limit per cell (default: 30)")
    p.add_argument("--seed", type=int, help="grading seed (default: a new random one per run)")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="grade on this Dask distributed cluster")
    p = sub.add_parser("feedback", help="a folder per learner: feedback pages and profile")
    p.add_argument("dir", metavar="DIR")
    p = sub.add_parser("report", help="grades.csv, LMS import files and the class page")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--out", metavar="DIR", help="where to write them (default: DIR/reports)")
    p = sub.add_parser("formgrader", help="open nbgrader's formgrader on the course for manual items")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--port", type=int, default=8888)
    p.add_argument("--allow-root", action="store_true", default=None, help="let Jupyter run as root")


def _table(rows, header) -> str:
    rows = [tuple(str(v) for v in r) for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    line = lambda r: "  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip()  # noqa: E731
    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def _init(args) -> int:
    from dsroles.workshop.course import init_course

    report = init_course(Path(args.dir), Path(args.roster), solutions=args.solutions, only=args.assessments)
    print(f"course {args.dir}: {len(report.assessments_added)} assessment(s) released "
          f"({', '.join(report.assessments_added) or 'none new'}), {len(report.assessments_kept)} already there; "
          f"{len(report.learners_added)} learner(s) added, {len(report.learners_kept)} already there.")
    if report.learners_not_in_roster:
        print(f"note: the gradebook also has {', '.join(report.learners_not_in_roster)}, not in this roster "
              "(kept, with any marks they have)")
    return 0


def _collect(args) -> int:
    from dsroles.workshop.collect import collect

    report = collect(Path(args.dir), Path(args.submissions), pattern=args.pattern)
    print(_table(report.rows(), ("what", "learner", "assessment", "detail")))
    print(f"\n{len(report.filed) + len(report.replaced)} filed, {len(report.unchanged)} already collected, "
          f"{len(report.duplicates)} duplicate(s), {len(report.unmatched)} unmatched, "
          f"{len(report.missing)} learner(s) with nothing submitted.")
    return 0


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _grade(args) -> int:
    from dsroles.grading.executors import executor_for
    from dsroles.grading.progress import Progress
    from dsroles.workshop.grade import grade_course

    if args.timeout is not None and args.timeout < 1:
        raise UsageError("--timeout must be at least 1 second")
    try:
        report = grade_course(Path(args.dir), force=args.force, allow_unsandboxed=args.allow_unsandboxed,
                              workers=args.jobs, timeout=args.timeout, executor=executor_for(args.scheduler),
                              progress=Progress("grading"), seed=args.seed)
    except KeyboardInterrupt:
        print("\ndsroles workshop grade: interrupted; nothing more was recorded.")
        return 130
    rows = [(r["learner"], r["assessment"], r["status"].replace("_", " "),
             f"{r['score']:g} / {r['max_score']:g}" if r["status"] == "graded" else _short(r["reason"]))
            for r in report.graded]
    if rows:
        print(_table(rows, ("learner", "assessment", "status", "score or reason")))
    for r in report.not_graded:
        print(f"NOT GRADED  {r['learner']} {r['assessment']}: {r['reason']}")
    print(f"\n{len(report.graded)} submission(s) processed this run ({len(report.not_graded)} NOT graded), "
          f"{len(report.skipped)} unchanged since last graded (--force grades them again).")
    if report.graded and report.graded[0].get("sandbox") is False:
        print(f"sandbox: OFF ({report.graded[0].get('sandbox_reason')}); learner code ran with resource limits only")
    return 1 if report.not_graded else 0


def _feedback(args) -> int:
    from dsroles.commands.grade import lessons_by_competency
    from dsroles.workshop.feedback import write_feedback

    written = write_feedback(Path(args.dir), lessons=lessons_by_competency())
    print(f"{len(written)} learner folder(s) in {Path(args.dir) / 'feedback'} (feedback pages, profile.html, profile.json)")
    return 0


def _report(args) -> int:
    from dsroles.workshop.report import write_reports

    for what, path in write_reports(Path(args.dir), args.out).items():
        print(f"{what:<11} {path}")
    return 0


def _formgrader(args) -> int:
    from dsroles.workshop.formgrader import serve

    return serve(Path(args.dir), port=args.port, allow_root=args.allow_root)


def run(args) -> int:
    actions = {"init": _init, "collect": _collect, "grade": _grade, "feedback": _feedback,
               "report": _report, "formgrader": _formgrader}
    return actions[args.action](args)
