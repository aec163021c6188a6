"""Put team members' profiles together: which of the six roles are covered, and by whom.

A team must have all six roles covered, by whoever (one person may hold several). A role is
covered when someone is at or above --level (default 70%), thin when the best is below that
but at least 40%, and uncovered otherwise; for each gap the member closest to it is named.
"""

from __future__ import annotations

from pathlib import Path

from dsroles import team
from dsroles.capstone.grade import read_team_report, summary
from dsroles.errors import UsageError


def add_arguments(parser) -> None:
    parser.add_argument("profiles", nargs="+", metavar="PROFILE.json",
                        help="profile files written by dsroles grade, one per member")
    parser.add_argument("--level", type=float, default=team.DEFAULT_LEVEL,
                        help="level (0-1) at which a member covers a role (default 0.7)")
    parser.add_argument("--html", metavar="PATH", help="also write the team page (HTML) here")
    parser.add_argument("--capstone", metavar="TEAM_REPORT.json", action="append", default=[],
                        help="also show a capstone team report (written by dsroles capstone grade)")


def run(args) -> int:
    if not 0.0 < args.level <= 1.0:
        raise UsageError(f"--level {args.level} is outside (0, 1]; give a fraction such as 0.7.")
    members = team.load_members(args.profiles)
    cover = team.coverage(members, level=args.level)
    capstones = [read_team_report(path) for path in args.capstone]  # refused before anything is printed
    print(team.render_text(members, cover, args.level))
    for report in capstones:
        print("\n" + summary(report))
    if args.html:
        path = Path(args.html)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(team.render_html(members, cover, args.level), encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {path} ({exc.strerror or exc}); "
                         "choose a writable --html path.") from None
        print(f"\nTeam page: {path}")
    return 0
