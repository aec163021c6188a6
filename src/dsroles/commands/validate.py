"""Check every assessment in solutions/: the solution gets full marks, the blank release
gets zero, each banked wrong answer loses marks on its items on every one of several seeds,
and assessments/ is exactly what nbgrader generate_assignment makes from solutions/.

`--regenerate` rewrites assessments/ from solutions/ (for authors), then checks.
Exit code 0 when every check passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dsroles.errors import UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("names", nargs="*", metavar="ASSESSMENT", help="assessments to check (default: all)")
    parser.add_argument("--solutions", metavar="DIR", help="nbgrader source versions (default: the kit's solutions/)")
    parser.add_argument("--assessments", metavar="DIR", help="released versions (default: the kit's assessments/)")
    parser.add_argument("--wrong-answers", metavar="DIR", action="append", default=[],
                        help="more banked wrong answers, in DIR/<assessment>/*.toml, checked beside "
                             "the kit's own (repeatable)")
    parser.add_argument("--regenerate", action="store_true", help="rewrite assessments/ from solutions/ first")
    parser.add_argument("--seed", type=int, help="nbgrader's grading seed (default: a new random one)")
    parser.add_argument("--seeds", type=_seeds, default=None, metavar="S1,S2,...",
                        help="seeds at which the solution and every banked mistake are replayed "
                             "(default: 1,2,3,4,5; 'none' to skip, which grades the bank with nbgrader)")
    parser.add_argument("--nbgrader-bank", action="store_true",
                        help="also grade the bank with nbgrader (independent mistakes share a notebook)")
    parser.add_argument("--jobs", type=int, help="processes at once (default: number of CPUs)")
    parser.add_argument("--timeout", type=int, metavar="SECONDS", help="limit per cell (default: 30)")


def _seeds(text: str) -> tuple[int, ...]:
    if text.strip().lower() == "none":
        return ()
    try:
        seeds = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seeds like 1,2,3 (or none), got {text!r}") from None
    if not seeds:
        raise argparse.ArgumentTypeError("give at least one seed, or none")
    return seeds


def banks(extra_dirs) -> dict[str, list[Path]]:
    """Each assessment's wrong-answer folders: the kit's (its track's), then each extra DIR's."""
    from dsroles.tracks import banks as kit_banks

    found: dict[str, list[Path]] = {name: [folder] for name, folder in kit_banks().items()}
    for extra in map(Path, extra_dirs):
        if not extra.is_dir():
            raise UsageError(f"--wrong-answers {extra} is not a folder; give a folder holding "
                             "<assessment>/<name>.toml files")
        for folder in sorted(p for p in extra.iterdir() if p.is_dir()):
            found.setdefault(folder.name, []).append(folder)
    return found


def run(args) -> int:
    from dsroles.grading.course import list_assessments
    from dsroles.grading.validate import DEFAULT_SEEDS, validate
    from dsroles.paths import assessments_dir, solutions_dir

    solutions = Path(args.solutions) if args.solutions else solutions_dir()
    assessments = Path(args.assessments) if args.assessments else assessments_dir()
    if not solutions.is_dir():
        raise UsageError(f"solutions folder {solutions} does not exist; give it with --solutions")
    known = list_assessments(solutions)
    unknown = [n for n in args.names if n not in known]
    if unknown:
        raise UsageError(f"no assessment {', '.join(unknown)} in {solutions}; known: {', '.join(known) or 'none'}")
    if not known:
        print(f"no assessments in {solutions} (folders <name>/<name>.ipynb): nothing to validate")
        return 0
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    from dsroles.grading.progress import Progress, showing

    with showing(Progress("grading")):
        checks = validate(solutions, assessments, banks(args.wrong_answers), names=args.names or None,
                          regenerate_release=args.regenerate, seed=args.seed, timeout=args.timeout,
                          seeds=DEFAULT_SEEDS if args.seeds is None else args.seeds,
                          nbgrader_bank=args.nbgrader_bank, workers=args.jobs)
    current = None
    for check in checks:
        if check.assessment != current:
            current = check.assessment
            print(current)
        print(check.line())
    failed = [c for c in checks if not c.ok]
    print(f"\n{len(checks) - len(failed)} of {len(checks)} checks passed"
          + (f"; {len(failed)} FAILED (see FAIL above)" if failed else ""))
    return 1 if failed else 0
