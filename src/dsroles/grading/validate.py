"""Check every assessment in solutions/: the solution gets full marks, the blank release
gets zero, each banked wrong answer loses marks on its items, and assessments/ is exactly
what nbgrader generate_assignment makes from solutions/.

`--regenerate` rewrites assessments/ from solutions/ (for authors), then checks.
Exit code 0 when every check passes, 1 otherwise.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from dsroles.grading import notebook as nbk

VOLATILE_CELL_KEYS = {"execution", "collapsed", "scrolled", "jupyter", "trusted", "ExecuteTime"}


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


def judge(assessment: str, case: str, result: dict, source, wrong=None) -> Check:
    """One check from one graded submission."""
    if result["status"] != "graded":
        return Check(assessment, case, False, f"not graded: {result['reason']}")
    got = f"{result['score']:g}/{result['max_score']:g}"
    if case == "solution gets full marks":
        lost = [f"{i['grade_id']} ({i['message']})" for i in result["items"]
                if i["kind"] == "autograded" and not i["passed"]]
        return Check(assessment, case, not lost and result["score"] == result["max_score"],
                     f"{got} autograded" + (f"; lost on {', '.join(lost)}" if lost else manual_note(source)))
    if case == "blank release gets zero":
        kept = [i["grade_id"] for i in result["items"] if i["kind"] == "autograded" and i["points"]]
        return Check(assessment, case, result["score"] == 0,
                     got + (f"; points given for an empty answer by {', '.join(kept)}" if kept else ""))
    items = {i["grade_id"]: i for i in result["items"]}
    kept = [t for t in wrong.loses if items.get(t) and items[t]["points"] >= items[t]["max_points"]]
    detail = f"{wrong.description} -> {got}"
    if kept:
        detail += f"; {', '.join(kept)} kept full marks: the test lets this mistake through"
    return Check(assessment, case, not kept, detail)


def validate(solutions: Path, assessments: Path, banks: dict, *, names=None, regenerate_release=False,
             seed=None, timeout=None, course_dir=None) -> list[Check]:
    """Run every check for the assessments in `solutions`; return the checks in order.

    ``banks`` maps an assessment to the folders of its banked wrong answers.
    """
    import nbformat

    from dsroles.grading.bank import BankError, load_bank
    from dsroles.grading.core import grade_notebooks
    from dsroles.grading.course import list_assessments, prepare

    checks: list[Check] = []
    cases = []  # (assessment, case name, path, source, wrong)
    with tempfile.TemporaryDirectory(prefix="dsroles-validate-") as tmp:
        for name in names or list_assessments(solutions):
            source_path = solutions / name / f"{name}.ipynb"
            try:
                source = nbk.read_notebook(source_path)
                course = prepare(solutions, [name], course_dir)
            except (nbk.NotGraded, RuntimeError) as exc:
                checks.append(Check(name, "nbgrader generate_assignment builds it", False, str(exc)))
                continue
            released = course / "release" / name
            if regenerate_release:
                regenerate(released, assessments / name)
            diff = compare_release(released, assessments / name)
            checks.append(Check(name, f"assessments/{name} is what nbgrader generate_assignment makes", not diff,
                                diff + ("; run `dsroles validate --regenerate` to rewrite it" if diff else "")))
            blank = assessments / name / f"{name}.ipynb"
            if not blank.exists():
                blank = released / f"{name}.ipynb"
            try:
                bank_entries = load_bank(banks.get(name, []), name, source)
            except BankError as exc:
                checks.append(Check(name, "wrong-answer bank", False, str(exc)))
                bank_entries = []
            subs = [("solution gets full marks", source, None), ("blank release gets zero", None, None)]
            subs += [(f"wrong answer {w.name!r} loses marks", w.apply(nbformat.read(str(source_path), 4)), w)
                     for w in bank_entries]
            for index, (case, nb, wrong) in enumerate(subs):
                path = Path(tmp) / name / f"{index:02d}" / f"{name}.ipynb"
                path.parent.mkdir(parents=True)
                if nb is None:
                    shutil.copyfile(blank, path)
                else:
                    nbformat.write(nb, str(path))
                cases.append((name, case, path, source, wrong))
        results = grade_notebooks([c[2] for c in cases], solutions_dir=solutions, seed=seed,
                                  timeout=timeout, course_dir=course_dir)
    for (name, case, _, source, wrong), result in zip(cases, results):
        checks.append(judge(name, case, result, source, wrong))
    order = {n: i for i, n in enumerate(dict.fromkeys(c.assessment for c in checks))}
    return sorted(checks, key=lambda c: order[c.assessment])
