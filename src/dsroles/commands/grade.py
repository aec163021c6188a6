"""Grade your assessments with nbgrader and see where you stand across the six roles.

Grading copies each notebook into a private nbgrader course (your files are only
read), runs it with a different data seed from yours under time and memory limits,
and writes a feedback page per notebook (in words; nbgrader's own page is kept for
instructors), results.json and your profile (profile.html) into the output folder.
Exit code 0 when every notebook was graded; 1 when any could not be graded (the
reason is printed).

Answers marked by hand: the feedback page shows the mark scheme once graded; grading
alone, record your own mark with --self-mark ITEM=POINTS (the profile labels it).
--name sets the name your profiles carry, once (kept in your dsroles home).
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
    parser.add_argument("--name", help="your name on the profile (kept for later runs; default: the name set before, "
                                       "else your login name)")
    parser.add_argument("--role", help="the role you work towards: its competencies come first in 'Work on next' "
                                       "(e.g. data_engineer)")
    parser.add_argument("--self-mark", action="append", default=[], metavar="ITEM=POINTS",
                        help="record your mark for an answer marked by hand (after reading the mark scheme in the "
                             "feedback page); the latest profile is rebuilt and nothing is graded")
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


def lessons_by_competency() -> dict[str, list[dict]]:
    """{competency id: [{notebook, path, title, exercises}]}: the lessons whose exercises practise it."""
    import importlib

    from dsroles.checks.exercise import Exercise
    from dsroles.paths import kit_folder
    from dsroles.tracks import TRACKS

    found: dict[str, list[dict]] = {}
    course = kit_folder("course")
    for track in TRACKS:
        notebooks = sorted((course / track.folder).glob("[0-9]*.ipynb"))
        for index, module in enumerate(track.lesson_modules):
            exercises = [ex for ex in vars(importlib.import_module(module)).values() if isinstance(ex, Exercise)]
            notebook = notebooks[index] if index < len(notebooks) else None
            for comp in dict.fromkeys(ex.competency for ex in exercises if ex.competency):
                found.setdefault(comp, []).append({
                    "notebook": f"course/{track.folder}/{notebook.name}" if notebook else module,
                    "path": str(notebook) if notebook else None, "title": _title(notebook),
                    "exercises": [ex.id for ex in exercises if ex.competency == comp]})
    return found


def _title(notebook: Path | None) -> str | None:
    """A lesson's first heading ('# The data engineer: ...'), or None."""
    if notebook is None:
        return None
    import json

    try:
        first = json.loads(notebook.read_text(encoding="utf-8"))["cells"][0]["source"]
    except (OSError, ValueError, KeyError, IndexError):
        return None
    text = "".join(first).strip().splitlines()[0] if first else ""
    return text.lstrip("# ").strip() or None


def check_role(role, framework):
    if role is None:
        return None
    from dsroles.competencies import load_framework

    ids = [r.id for r in (framework or load_framework()).roles]
    if role not in ids:
        raise UsageError(f"--role {role} is not a role; choose one of {', '.join(ids)}")
    return role


def parse_self_marks(pairs: list[str], solutions: Path) -> dict[str, float]:
    """ITEM=POINTS pairs, each an answer marked by hand in the kit's assessments, within its points."""
    from dsroles.grading.course import list_assessments
    from dsroles.grading.notebook import grade_id, nbg, read_notebook

    most = {}
    for name in list_assessments(solutions):
        for cell in read_notebook(solutions / name / f"{name}.ipynb").cells:
            meta = nbg(cell)
            if meta.get("grade") and meta.get("solution"):
                most[grade_id(cell)] = float(meta.get("points", 0))
    marks = {}
    for pair in pairs:
        item, _, value = pair.partition("=")
        if item not in most:
            raise UsageError(f"--self-mark {pair}: {item!r} is not an answer marked by hand; the feedback "
                             "page names them (e.g. --self-mark de_production_answer=2)")
        try:
            points = float(value)
        except ValueError:
            raise UsageError(f"--self-mark {pair}: give the points as a number, ITEM=POINTS") from None
        if not 0 <= points <= most[item]:
            raise UsageError(f"--self-mark {pair}: {item} is worth 0 to {most[item]:g} points")
        marks[item] = points
    return marks


def record_self_marks(args, framework) -> int:
    """Save the self-marks, then rebuild the latest run's pages and profile (nothing is graded)."""
    import json

    from dsroles.grading.report import apply_self_marks, load_self_marks, save_self_marks, write_outputs
    from dsroles.paths import grades_dir

    folder = solutions_dir(args.solutions)
    saved = save_self_marks(parse_self_marks(args.self_mark, folder))
    print(f"self-marks saved in {saved}; the profile labels them as self-marked")
    latest = Path(args.out) if args.out else grades_dir() / "latest"
    try:
        results = json.loads((latest / "results.json").read_text())["results"]
    except (OSError, ValueError, KeyError):
        print(f"no graded run in {latest} yet: the marks count from your next dsroles grade")
        return 0
    apply_self_marks(results, load_self_marks())
    written = write_outputs(results, latest.resolve(), framework=framework, role=check_role(args.role, framework),
                            lessons=lessons_by_competency(), solutions_dir=folder)
    print(f"your profile: {written.get('profile_html', latest)}")
    return 0


def run(args) -> int:
    from dsroles.grading import grade_notebooks
    from dsroles.grading.report import (
        apply_self_marks, counted, default_out_dir, load_self_marks, point_latest, table, write_outputs,
    )
    from dsroles.paths import save_learner_name

    if args.timeout is not None and args.timeout < 1:
        raise UsageError("--timeout must be at least 1 second")
    framework = load_framework(args.framework)
    role = check_role(args.role, framework)
    if args.name is not None:
        if not args.name.strip():
            raise UsageError("--name is empty; give the name your profile should carry")
        print(f"your name, {args.name.strip()!r}, is kept in {save_learner_name(args.name)}")
    if args.self_mark:
        return record_self_marks(args, framework)
    notebooks = collect([Path(p) for p in args.paths] or default_paths())
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
    apply_self_marks(results, load_self_marks())
    kept, notes = counted(results)
    print(table(kept, framework))
    for note in notes:
        print(f"note: {note}")
    written = write_outputs(results, out_dir, framework=framework, role=role, lessons=lessons_by_competency(),
                            solutions_dir=solutions_dir(args.solutions))
    if not args.out:
        point_latest(out_dir)
    print(f"\nfeedback pages, results.json and profile.html are in {out_dir}")
    if "profile_html" in written:
        print(f"your profile: {written['profile_html']}")
    missed = [r for r in results if r["status"] != "graded"]
    if missed:
        print(f"{len(missed)} of {len(results)} notebook(s) were NOT graded; fix what each reason says and grade again.")
        return 1
    return 0
