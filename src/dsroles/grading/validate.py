"""Check every assessment in solutions/: the solution gets full marks, the blank release
gets zero, each banked wrong answer loses marks on its items, and assessments/ is exactly
what nbgrader generate_assignment makes from solutions/.

nbgrader grades the solution at one grading seed. The solution and every banked mistake are
then replayed (``dsroles.grading.replay``) at several fixed seeds: a mistake must lose marks
on each of them, not on a lucky seed; the blank release (every answer cell as released) is
replayed at the first of them and must score nothing. ``nbgrader_bank`` also grades
the bank with nbgrader, independent mistakes sharing a notebook.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from dsroles.grading import notebook as nbk

VOLATILE_CELL_KEYS = {"execution", "collapsed", "scrolled", "jupyter", "trusted", "ExecuteTime"}
SOLUTION, BLANK = "solution gets full marks", "blank release gets zero"
DEFAULT_SEEDS = (1, 2, 3, 4, 5)  # replayed: every banked mistake must lose marks on each


@dataclass
class Check:
    assessment: str
    what: str
    ok: bool
    detail: str = ""

    def line(self) -> str:
        return f"  {'ok  ' if self.ok else 'FAIL'} {self.what}" + (f": {self.detail}" if self.detail else "")


# ------------------------------------------------------------- released version


def comparable(nb) -> dict:
    """A notebook without what changes from save to save (cell ids, execution data, UI state)."""
    cells = [{"cell_type": c.cell_type, "source": c.source,
              "metadata": {k: v for k, v in c.metadata.items() if k not in VOLATILE_CELL_KEYS},
              "outputs": c.get("outputs", [])} for c in nb.cells]
    return {"kernel": nb.metadata.get("kernelspec", {}).get("name"), "cells": cells}


def first_difference(ours, theirs) -> str:
    a, b = comparable(ours), comparable(theirs)
    if a["kernel"] != b["kernel"]:
        return f"kernel {a['kernel']!r} instead of {b['kernel']!r}"
    for index, (x, y) in enumerate(zip(a["cells"], b["cells"])):
        if x != y:
            what = next(k for k in ("cell_type", "source", "metadata", "outputs") if x[k] != y[k])
            name = y["metadata"].get("nbgrader", {}).get("grade_id") or f"#{index + 1}"
            return f"cell {index + 1} ({name}): {what} differs"
    if len(a["cells"]) != len(b["cells"]):
        return f"{len(a['cells'])} cells instead of {len(b['cells'])}"
    return ""


def compare_release(released: Path, committed: Path) -> str:
    """'' if the committed folder equals nbgrader's release; else the first difference."""
    import nbformat

    if not committed.is_dir():
        return f"{committed} is missing"
    ours = {p.relative_to(committed) for p in committed.rglob("*") if p.is_file() and ".ipynb_checkpoints" not in p.parts}
    theirs = {p.relative_to(released) for p in released.rglob("*") if p.is_file()}
    if ours != theirs:
        extra, missing = sorted(map(str, ours - theirs)), sorted(map(str, theirs - ours))
        return f"files differ (extra: {extra or 'none'}, missing: {missing or 'none'})"
    for rel in sorted(theirs):
        if rel.suffix == ".ipynb":
            diff = first_difference(nbformat.read(str(committed / rel), as_version=4),
                                    nbformat.read(str(released / rel), as_version=4))
            if diff:
                return f"{rel}: {diff}"
        elif (committed / rel).read_bytes() != (released / rel).read_bytes():
            return f"{rel}: content differs"
    return ""


def regenerate(released: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(released, target)


# ------------------------------------------------------------- grading checks


def manual_note(source) -> str:
    manual = [(nbk.grade_id(c), nbk.nbg(c).get("points", 0)) for c in source.cells if nbk.is_manual(c)]
    if not manual:
        return ""
    total = sum(p for _, p in manual)
    return f"; {len(manual)} manual item(s) ({total:g} points, marked by hand, not checked): " + \
        ", ".join(g for g, _ in manual)


def judge(assessment: str, case: str, result: dict, source) -> Check:
    """The solution's or the blank release's check, from its nbgrader result."""
    if result["status"] != "graded":
        return Check(assessment, case, False, f"not graded: {result['reason']}")
    got = f"{result['score']:g}/{result['max_score']:g}"
    if case == SOLUTION:
        lost = [f"{i['grade_id']} ({i['message']})" for i in result["items"]
                if i["kind"] == "autograded" and not i["passed"]]
        return Check(assessment, case, not lost and result["score"] == result["max_score"],
                     f"{got} autograded" + (f"; lost on {', '.join(lost)}" if lost else manual_note(source)))
    kept = [i["grade_id"] for i in result["items"] if i["kind"] == "autograded" and i["points"]]
    return Check(assessment, case, result["score"] == 0,
                 got + (f"; points given for an empty answer by {', '.join(kept)}" if kept else ""))


def judge_wrong(assessment: str, wrong, graded: dict | None, replays: list) -> Check:
    """A banked mistake's check: it loses marks on each item it names, in nbgrader's grading
    (when its group was graded) and on every replayed seed."""
    case = f"wrong answer {wrong.name!r} loses marks"
    notes, ok = [], True
    if graded is not None:
        if graded["status"] != "graded":
            return Check(assessment, case, False, f"{wrong.description} -> not graded: {graded['reason']}")
        items = {i["grade_id"]: i for i in graded["items"]}
        kept = [t for t in wrong.loses if t in items and items[t]["points"] >= items[t]["max_points"]]
        lost = sum(items[t]["max_points"] - items[t]["points"] for t in wrong.loses if t in items)
        notes.append(f"nbgrader, seed {graded['seed']}: -{lost:g} on {', '.join(wrong.loses)}"
                     + (f"; {', '.join(kept)} kept full marks" if kept else ""))
        ok = not kept
    if replays:
        broken = [r.seed for r in replays if r.problems]
        missed = [r.seed for r in replays if not r.problems and any(
            r.wrong[wrong.name].get(t, 0.0) >= r.max_points[t] for t in wrong.loses)]
        caught = len(replays) - len(missed) - len(broken)
        notes.append(f"loses marks on {caught} of {len(replays)} seeds"
                     + (f" (not on seed {', '.join(map(str, missed))}: the test lets it through there)"
                        if missed else "")
                     + (f" (seed {', '.join(map(str, broken))} could not be replayed: see the solution's check)"
                        if broken else ""))
        ok = ok and not missed and not broken
    return Check(assessment, case, ok, f"{wrong.description} -> " + "; ".join(notes))


def judge_replayed_solution(assessment: str, replays: list) -> Check:
    """The solution keeps full marks on every replayed seed."""
    short = []
    for r in replays:
        if r.problems:
            short.append(f"seed {r.seed}: " + "; ".join(r.problems.values()))
            continue
        lost = [t for t, p in r.solution.items() if p < r.max_points[t]]
        if lost:
            short.append(f"seed {r.seed}: lost on {', '.join(lost)}")
    seeds = ", ".join(str(r.seed) for r in replays)
    return Check(assessment, f"solution gets full marks on seeds {seeds} (replayed)", not short,
                 "; ".join(short))


def judge_replayed_blank(assessment: str, first) -> Check:
    """The blank release (every answer cell as released) scores nothing, replayed."""
    if first.problems:
        return Check(assessment, BLANK, False, "; ".join(first.problems.values()))
    got, total = sum((first.blank or {}).values()), sum(first.max_points.values())
    kept = [t for t, p in (first.blank or {}).items() if p]
    return Check(assessment, BLANK, first.blank is not None and not kept,
                 f"{got:g}/{total:g} (replayed at seed {first.seed})"
                 + (f"; points given for an empty answer by {', '.join(kept)}" if kept else ""))


def _answer_cells(nb) -> dict[str, str]:
    """``{grade_id: source}`` of a notebook's answer cells (as the release has them)."""
    return {nbk.grade_id(c): c.source for c in nb.cells
            if nbk.is_solution(c) and not nbk.is_grade(c) and c.cell_type == "code"}


def _replay_job(job):
    """One (assessment, seed) replay, in a worker process."""
    from dsroles.grading.replay import replay

    name, source, bank, seed, blank = job
    return name, replay(source, seed, bank, blank)


def warm_imports(sources) -> None:
    """Import, in this process, what the notebooks' cells import, so that replay workers forked
    from it start with pandas, scikit-learn and the tracks loaded instead of importing them
    again each (about 2.5 CPU-seconds a worker)."""
    import ast
    import importlib

    names = set()
    for source in sources:
        for cell in source.cells:
            if cell.cell_type != "code":
                continue
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names |= {a.name for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names.add(node.module)
                    names |= {f"{node.module}.{a.name}" for a in node.names}
    for name in sorted(names):
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a name imported from a module, not a module
            pass


def interleaved(jobs) -> list[int]:
    """The jobs' positions, one of each assessment in turn, each assessment's seeds rotated by
    its place: for 6 assessments at seeds 1-5, the first four jobs ask for four different seeds."""
    groups: dict[str, list[int]] = {}
    for index, job in enumerate(jobs):
        groups.setdefault(job[0], []).append(index)
    order = []
    for turn in range(max(map(len, groups.values()), default=0)):
        for place, group in enumerate(groups.values()):
            if turn < len(group):
                order.append(group[(turn + place) % len(group)])
    return order


class Replays:
    """Replays of ``(assessment, source, bank, seed, blank)`` jobs running in worker processes
    while the caller goes on (nbgrader grades the solutions meanwhile); ``results()`` waits.

    Workers default to twice the CPUs: much of a replay waits (a service started and asked, a
    subprocess), so a second job per CPU keeps it busy. They are forked before the caller
    starts any thread, from a process that has already imported what the notebooks import.
    """

    def __init__(self, jobs, workers: int | None = None):
        import multiprocessing
        import os

        os.environ.setdefault("MPLBACKEND", "Agg")
        self.jobs, self.pool = list(jobs), None
        workers = max(1, min(workers or 2 * (os.cpu_count() or 1), len(self.jobs) or 1))
        if workers > 1 and self.jobs:
            warm_imports({id(j[1]): j[1] for j in self.jobs}.values())
            self.pool = multiprocessing.get_context("fork").Pool(workers, maxtasksperchild=1)
            # every assessment's seeds spread over the run: a slow assessment's jobs (PE waits
            # on its servers) overlap the others, and jobs started together ask for other seeds
            self.pending = {i: self.pool.apply_async(_replay_job, (self.jobs[i],))
                            for i in interleaved(self.jobs)}

    def stop(self) -> None:
        if self.pool:
            self.pool.terminate()

    def results(self) -> dict:
        """``{assessment: [Replay per seed]}``, in the jobs' order."""
        out: dict[str, list] = {}
        try:
            done = ([self.pending[i].get() for i in range(len(self.jobs))] if self.pool
                    else map(_replay_job, self.jobs))
            for name, result in done:
                out.setdefault(name, []).append(result)
        finally:
            self.stop()
        return out


def replay_all(jobs, workers: int | None = None) -> dict:
    """``{assessment: [Replay per seed]}`` for ``(assessment, source, bank, seed, blank)`` jobs."""
    return Replays(jobs, workers).results()


def _write(nb, path: Path) -> Path:
    import nbformat

    path.parent.mkdir(parents=True)
    nbformat.write(nb, str(path))
    return path


def validate(solutions: Path, assessments: Path, banks: dict, *, names=None, regenerate_release=False,
             seed=None, timeout=None, course_dir=None, seeds=DEFAULT_SEEDS, nbgrader_bank=False,
             workers=None) -> list[Check]:
    """Run every check for the assessments in `solutions`; return the checks in order.

    ``banks`` maps an assessment to the folders of its banked wrong answers. nbgrader grades
    the solution (and, with ``nbgrader_bank``, the bank in groups of independent mistakes) at
    one grading seed; the solution and every banked mistake are also replayed at each of
    ``seeds``, and the blank release at the first (with no seeds, nbgrader grades it).
    """
    import copy

    from dsroles.grading.bank import BankError, independent_groups, load_bank
    from dsroles.grading.core import grade_notebooks
    from dsroles.grading.course import list_assessments, prepare

    checks: list[Check] = []
    graded = []  # (assessment, case, path, source, [wrong answers in it])
    jobs, bank_of, sources, built = [], {}, {}, {}

    def build(name: str) -> Path | None:
        """nbgrader's release of ``name`` (built once), or None with the failure checked."""
        if name not in built:
            try:
                built[name] = prepare(solutions, [name], course_dir) / "release" / name
            except (nbk.NotGraded, RuntimeError) as exc:
                checks.append(Check(name, "nbgrader generate_assignment builds it", False, str(exc)))
                built[name] = None
        return built[name]

    # The replays need only the source, the bank and the committed release: they start first,
    # and nbgrader builds each release meanwhile (a few seconds each, on one core).
    for name in names or list_assessments(solutions):
        try:
            sources[name] = source = nbk.read_notebook(solutions / name / f"{name}.ipynb")
        except nbk.NotGraded as exc:
            checks.append(Check(name, "nbgrader generate_assignment builds it", False, str(exc)))
            continue
        try:
            bank_of[name] = load_bank(banks.get(name, []), name, source)
        except BankError as exc:
            checks.append(Check(name, "wrong-answer bank", False, str(exc)))
            bank_of[name] = []
        blank = assessments / name / f"{name}.ipynb"
        if regenerate_release or not blank.exists():  # the release to replay is nbgrader's own
            if build(name) is None:
                del sources[name], bank_of[name]
                continue
            blank = built[name] / f"{name}.ipynb"
        released_answers = _answer_cells(nbk.read_notebook(blank, role="release"))
        jobs += [(name, source, bank_of[name], s, released_answers if i == 0 else None)
                 for i, s in enumerate(seeds)]
    running = Replays(jobs, workers)  # replays run while nbgrader builds and grades
    try:
        with tempfile.TemporaryDirectory(prefix="dsroles-validate-") as tmp:
            for name, source in sources.items():
                released = build(name)
                if released is None:  # nothing of it is judged, as when the source cannot be read
                    bank_of.pop(name)
                    continue
                if regenerate_release:
                    regenerate(released, assessments / name)
                diff = compare_release(released, assessments / name)
                checks.append(Check(
                    name, f"assessments/{name} is what nbgrader generate_assignment makes", not diff,
                    diff + ("; run `dsroles validate --regenerate` to rewrite it" if diff else "")))
                blank = assessments / name / f"{name}.ipynb"
                if not blank.exists():
                    blank = released / f"{name}.ipynb"
                folder = Path(tmp) / name
                graded.append((name, SOLUTION, _write(source, folder / "solution" / f"{name}.ipynb"), source, []))
                if not seeds:  # nothing is replayed: nbgrader grades the blank release too
                    (folder / "blank").mkdir()
                    graded.append((name, BLANK, shutil.copyfile(blank, folder / "blank" / f"{name}.ipynb"),
                                   source, []))
                if nbgrader_bank or not seeds:
                    for index, group in enumerate(independent_groups(source, bank_of[name])):
                        nb = copy.deepcopy(source)
                        for wrong in group:
                            wrong.apply(nb)
                        graded.append((name, "bank", _write(nb, folder / f"bank{index:02d}" / f"{name}.ipynb"),
                                       source, group))
            results = grade_notebooks([g[2] for g in graded], solutions_dir=solutions, seed=seed,
                                      timeout=timeout, course_dir=course_dir, workers=workers)
    except BaseException:
        running.stop()
        raise
    replays = running.results()
    in_group = {}
    for (name, case, _, source, group), result in zip(graded, results):
        if case == "bank":
            in_group.update({(name, wrong.name): result for wrong in group})
        else:
            checks.append(judge(name, case, result, source))
    for name, bank in bank_of.items():
        if replays.get(name):
            checks.append(judge_replayed_blank(name, replays[name][0]))
            checks.append(judge_replayed_solution(name, replays[name]))
        for wrong in bank:
            checks.append(judge_wrong(name, wrong, in_group.get((name, wrong.name)), replays.get(name, [])))
    order = {n: i for i, n in enumerate(dict.fromkeys(c.assessment for c in checks))}
    return sorted(checks, key=lambda c: order[c.assessment])
