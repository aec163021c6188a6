"""Grade your assessments with nbgrader and see where you stand across the six roles.

Grading copies each notebook into a private nbgrader course (your files are only
read), runs it with a different data seed from yours under time and memory limits,
and writes nbgrader's feedback HTML, results.json and your profile (profile.html)
into the output folder. Exit code 0 when every notebook was graded; 1 when any
could not be graded (the reason is printed).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dsroles.errors import UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="NOTEBOOK_OR_FOLDER",
                        help="notebooks or folders of notebooks (default: assessments/)")
    parser.add_argument("--solutions", metavar="DIR", help="nbgrader source versions (default: the kit's solutions/)")
    parser.add_argument("--out", metavar="DIR", help="output folder (default: $DSROLES_HOME/grades/<time>, also linked as latest)")
    parser.add_argument("--seed", type=int, help="grading seed (default: a new random one, never yours)")
    parser.add_argument("--timeout", type=int, metavar="SECONDS", help="limit per cell (default: 30)")
    parser.add_argument("--framework", metavar="TOML", help="competency framework (default: the packaged one)")
    parser.add_argument("--jobs", type=int, help="notebooks graded at once (default: number of CPUs)")
    parser.add_argument("--require-sandbox", action="store_true",
                        help="refuse to grade unless each notebook can run in a sandbox (bubblewrap, Linux)")


def default_paths() -> list[Path]:
    from dsroles.paths import assessments_dir

    here = Path.cwd() / "assessments"
    return [here if here.is_dir() else assessments_dir()]


def collect(paths: list[Path]) -> list[Path]:
    """The notebooks named, or found in the folders named (checkpoints skipped)."""

    found = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
            if not inside:
                raise UsageError(f"{path} holds no .ipynb notebooks; name a notebook or a folder of notebooks")
            found.extend(inside)
        elif path.exists() or path.suffix == ".ipynb":
            found.append(path)  # a missing .ipynb is reported as not graded, with the others graded
        else:
            raise UsageError(f"{path} does not exist; name a notebook or a folder of notebooks")
    return found


def load_framework(path):
    from dsroles.competencies import FrameworkError, load_framework as load

    try:
        return load(path)
    except FrameworkError as exc:
        raise UsageError(f"{exc}; fix the framework file or leave out --framework") from None


def solutions_dir(option):
    from dsroles.grading.core import default_solutions

    folder = Path(option) if option else default_solutions()
    if not folder.is_dir():
        raise UsageError(f"solutions folder {folder} does not exist; give the kit's solutions/ with --solutions")
    return folder


def run(args) -> int:
    from dsroles.grading import grade_notebooks
    from dsroles.grading.report import counted, default_out_dir, point_latest, table, write_outputs

    if args.timeout is not None and args.timeout < 1:
        raise UsageError("--timeout must be at least 1 second")
    notebooks = collect([Path(p) for p in args.paths] or default_paths())
    framework = load_framework(args.framework)
    out_dir = Path(args.out) if args.out else default_out_dir()
    from dsroles.grading.progress import Progress
    from dsroles.grading.sandbox import SandboxUnavailable

    try:
        results = grade_notebooks(
            notebooks, solutions_dir=solutions_dir(args.solutions), seed=args.seed, timeout=args.timeout,
            out_dir=out_dir, framework=framework, workers=args.jobs,
            sandbox=True if args.require_sandbox else None, progress=Progress("grading"),
        )
    except KeyboardInterrupt:
        print("\ndsroles grade: interrupted; every grading worker and kernel was stopped and nothing was written.")
        return 130
    except SandboxUnavailable as exc:
        raise UsageError(f"{exc}; nothing was graded (--require-sandbox). Grade on Linux with user "
                         "namespaces, or leave out --require-sandbox to grade with resource limits only") from None
    kept, notes = counted(results)
    print(table(kept, framework))
    for note in notes:
        print(f"note: {note}")
    written = write_outputs(results, out_dir, framework=framework)
    if not args.out:
        point_latest(out_dir)
    print(f"\nfeedback, results.json and profile.html are in {out_dir}")
    if "profile_html" in written:
        print(f"your profile: {written['profile_html']}")
    missed = [r for r in results if r["status"] != "graded"]
    if missed:
        print(f"{len(missed)} of {len(results)} notebook(s) were NOT graded; fix what each reason says and grade again.")
        return 1
    return 0
