"""The ``dsroles`` command: a thin parser over the package's functions.

Each sub-command is a module of ``dsroles.commands``, which provides
``add_arguments(parser)`` and ``run(args) -> int``; heavy imports happen inside ``run`` only.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from dsroles import __version__
from dsroles.errors import UsageError

# name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "data": ("dsroles.commands.data", "generate the churn project's raw data"),
    "team": ("dsroles.commands.team", "put team members' profiles together: which roles are covered"),
    "grade": ("dsroles.commands.grade", "grade your assessments with nbgrader; write feedback and your profile"),
    "validate": ("dsroles.commands.validate", "check solutions get full marks, blanks zero, wrong answers lose marks"),
    "workshop": ("dsroles.commands.workshop", "run a workshop: nbgrader course, collect, grade, feedback, class report"),
    "capstone": ("dsroles.commands.capstone", "run the team's capstone chain of stage notebooks; grade a run"),
    "doctor": ("dsroles.commands.doctor", "check this machine is ready for the course"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dsroles",
        description="The data-science team roles course and self-assessment kit.",
    )
    parser.add_argument("--version", action="version", version=f"dsroles {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        module = importlib.import_module(module_name)
        p = sub.add_parser(name, help=help_text, description=module.__doc__)
        module.add_arguments(p)
        p.set_defaults(_module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (tests call this directly)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed its message (or --help / --version)
        return int(exc.code or 0)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return int(args._module.run(args) or 0)
    except UsageError as exc:
        print(f"dsroles {args.command}: error: {exc}", file=sys.stderr)
        return 2


def entrypoint() -> None:
    sys.exit(main(sys.argv[1:]))
