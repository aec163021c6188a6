"""The grading function: notebooks in, one result dict per notebook out.

    results = grade_notebooks(["assessments/data_engineer/data_engineer.ipynb"])

Storage (the private nbgrader course, gradebooks, job folders) stays behind this
function; `dsroles grade`, `dsroles validate` and the tests all call it.
"""

from __future__ import annotations

import json
import secrets
import shutil
import time
from pathlib import Path

from dsroles.grading import notebook as nbk
from dsroles.grading.limits import Limits


def default_solutions() -> Path:
    from dsroles.paths import solutions_dir

    return solutions_dir()


def not_graded(notebook, assessment, reason, *, seed=None, max_score=0.0) -> dict:
    return {"notebook": str(notebook), "assessment": assessment, "status": "not_graded",
            "reason": reason, "score": 0.0, "max_score": float(max_score), "seed": seed,
            "items": [], "feedback_html": None}


class Sources:
    """The source notebooks in a solutions folder, read once each."""

    def __init__(self, solutions: Path):
        from dsroles.grading.course import list_assessments

        self.folder = Path(solutions)
        self.names = list_assessments(self.folder)
        self._cache: dict[str, object] = {}

    def notebook(self, name: str):
        if name not in self._cache:
            self._cache[name] = nbk.read_notebook(self.folder / name / f"{name}.ipynb")
        return self._cache[name]

    def max_score(self, name: str) -> float:
        cells = self.notebook(name).cells
        return float(sum(nbk.nbg(c).get("points", 0) for c in cells if nbk.is_test(c)))

    def identify(self, path: Path, nb) -> str:
        """Which assessment a notebook is: by file name, folder name, then graded cell ids."""
        for name in (path.stem, path.parent.name):
            if name in self.names:
                return name
        ids = set(nbk.graded_ids(nb))
        overlap = {n: len(ids & set(nbk.graded_ids(self.notebook(n)))) for n in self.names}
        best = max(overlap, key=overlap.get, default=None)
        if best and overlap[best]:
            return best
        known = ", ".join(self.names) or "none"
        raise nbk.NotGraded(
            f"{path.name} is not one of the assessments in {self.folder} (known: {known}); "
            "it matches none of them by file name or by its graded cells. Grade the notebooks "
            "from assessments/ under their own file names."
        )


def pick_seed(nb, seed: int | None, run_seed: int | None = None) -> int:
    """The grading seed: ``seed`` if given, else the run's seed, else a fresh one — never
    the learner's own."""
    if seed is not None:
        return int(seed)
    learner = nbk.source_seed(nb)
    if run_seed is not None and run_seed != learner:
        return run_seed
    while True:
        candidate = secrets.randbelow(2**31 - 2) + 1
        if candidate != learner:
            return candidate


def prepare_submission(path: Path, sources: Sources, seed: int | None,
                       run_seed: int | None = None):
    """Read, check and seed one submission; return (assessment, notebook) or raise NotGraded."""
    nb = nbk.read_notebook(path)
    assessment = sources.identify(path, nb)
    source = sources.notebook(assessment)
    nbk.check_structure(nb, source, path.name)
    nbk.restore_metadata(nb, source)
    chosen = pick_seed(nb, seed, run_seed)
    return assessment, chosen, nbk.inject_seed(nb, source, chosen, path.name)


def competency_lookup(framework):
    """grade_id -> competency id (or None), from the competency framework."""
    try:
        from dsroles.competencies import load_framework
    except ImportError:  # the framework is not installed yet: items stay unmapped
        return lambda grade_id: None
    if framework is None or isinstance(framework, (str, Path)):
        try:
            framework = load_framework(framework)
        except FileNotFoundError:
            return lambda grade_id: None

    def find(grade_id):
        competency = framework.competency_for_item(grade_id)
        return competency.id if competency is not None else None

    return find


def failure_reason(outcome: dict | None, killed: bool, job_dir: Path, limits: Limits, deadline: float) -> str:
    """Words for a job nbgrader could not finish, naming the cell it was running."""
    where = "a cell"
    try:
        progress = json.loads((job_dir / "progress.json").read_text())
        label = progress["grade_id"] or f"cell {progress['index'] + 1}"
        where = f"cell {label!r} (`{progress['first_line']}`)"
    except (OSError, ValueError, KeyError):
        pass
    failure = "killed" if killed or outcome is None else outcome.get("failure")
    loop = ("a loop that catches KeyboardInterrupt, or a long call that cannot be interrupted. "
            "Make the cell finish in a few seconds, run the notebook top to bottom yourself, and grade again.")
    if failure == "killed":
        return (f"grading was stopped after {deadline:.0f} s while it was running {where}: it did not "
                f"stop when interrupted at the {limits.cell_timeout} s limit per cell, probably " + loop)
    if failure == "unresponsive":
        return (f"{where} ran past the {limits.cell_timeout} s limit per cell and did not stop when "
                "interrupted, probably " + loop)
    if failure == "kernel_died":
        return (f"the Python kernel died while running {where}: the code exited the process "
                f"(os._exit, exit()), crashed, or hit a limit (memory {limits.memory_mb} MB, CPU "
                f"{limits.cpu_seconds} s, {limits.processes} processes). Run the notebook top to bottom "
                "yourself (Kernel > Restart Kernel and Run All Cells), remove the cause, and grade again.")
    if failure == "metadata":
        return ("nbgrader found its cell metadata corrupted; take a fresh copy of the assessment from "
                "assessments/, paste your answers into it, and grade again.")
    log = (outcome or {}).get("log", "").strip().splitlines()
    last = log[-1] if log else "no log"
    return f"nbgrader could not grade it ({last}); run the notebook top to bottom yourself and grade again."


class Job:
    def __init__(self, index, path, assessment, seed, nb):
        self.index, self.path, self.assessment, self.seed, self.nb = index, path, assessment, seed, nb
        self.dir: Path | None = None


def _make_job_dir(job: Job, run: Path, course: Path, limits: Limits) -> float:
    import nbformat

    from dsroles.grading.worker import STUDENT

    job.dir = run / f"{job.index:03d}"
    submitted = job.dir / "submitted" / STUDENT / job.assessment
    submitted.mkdir(parents=True)
    nbformat.write(job.nb, str(submitted / f"{job.assessment}.ipynb"))
    (job.dir / "source").symlink_to(course / "source")
    shutil.copyfile(course / "gradebooks" / f"{job.assessment}.db", job.dir / "gradebook.db")
    payload = {"assessment": job.assessment, "course": str(course), "limits": json.loads(limits.to_env())}
    (job.dir / "job.json").write_text(json.dumps(payload))
    return limits.notebook_deadline(nbk.code_cells(job.nb))


def _feedback_copy(html: str | None, path: Path, out_dir: Path | None, taken: set) -> str | None:
    if not html or out_dir is None:
        return None
    folder = Path(out_dir) / "feedback"
    folder.mkdir(parents=True, exist_ok=True)
    name, n = f"{path.stem}.html", 1
    while name in taken:
        n += 1
        name = f"{path.stem}-{n}.html"
    taken.add(name)
    return str(shutil.copyfile(html, folder / name))


def grade_notebooks(
    notebooks,
    *,
    solutions_dir=None,
    seed: int | None = None,
    limits: Limits | None = None,
    timeout: int | None = None,
    course_dir=None,
    out_dir=None,
    framework=None,
    workers: int | None = None,
    keep_jobs: bool = False,
) -> list[dict]:
    """Grade each notebook with nbgrader; return one result dict per notebook, in order.

    Never raises for a bad notebook: it gets status "not_graded" and a reason.
    `out_dir` (if given) receives the feedback HTML files; the learner's files are
    only read. `seed` fixes the grading seed (default: one fresh random seed for the whole
    run — so the data for it is generated once — never a learner's own). `timeout`
    overrides `limits.cell_timeout`.
    """
    from dsroles.grading.batch import run_jobs
    from dsroles.grading.course import default_course_dir, prepare

    limits = (limits or Limits()).with_timeout(timeout)
    sources = Sources(Path(solutions_dir) if solutions_dir else default_solutions())
    results: list[dict | None] = [None] * len(notebooks)
    jobs: list[Job] = []
    run_seed = secrets.randbelow(2**31 - 2) + 1
    for index, path in enumerate(map(Path, notebooks)):
        try:
            jobs.append(Job(index, path, *prepare_submission(path, sources, seed, run_seed)))
        except nbk.NotGraded as exc:
            results[index] = not_graded(path, _guess(path, sources), str(exc))

    course = Path(course_dir or default_course_dir())
    broken = {}
    for assessment in dict.fromkeys(job.assessment for job in jobs):
        try:
            prepare(sources.folder, [assessment], course)
        except RuntimeError as exc:
            broken[assessment] = f"the kit's assessment is broken: {exc}"
    buildable = [job for job in jobs if job.assessment not in broken]
    for job in jobs:
        if job.assessment in broken:
            results[job.index] = not_graded(job.path, job.assessment, broken[job.assessment], seed=job.seed)
    run = course / "jobs" / f"{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(3)}"
    deadlines = {job.index: _make_job_dir(job, run, course, limits) for job in buildable}
    if buildable:
        from dsroles.grading.worker import preload

        preload()
    killed = run_jobs([(job.dir, deadlines[job.index]) for job in buildable], workers)

    find = competency_lookup(framework)
    taken: set = set()
    for job in buildable:
        outcome_path = job.dir / "outcome.json"
        outcome = json.loads(outcome_path.read_text()) if outcome_path.exists() else None
        if killed.get(job.dir) or not outcome or not outcome.get("ok"):
            reason = failure_reason(outcome, killed.get(job.dir, False), job.dir, limits, deadlines[job.index])
            results[job.index] = not_graded(job.path, job.assessment, reason, seed=job.seed,
                                            max_score=sources.max_score(job.assessment))
            continue
        items = [dict(item, competency=find(item["grade_id"])) for item in outcome["items"]]
        auto = [i for i in items if i["kind"] == "autograded"]
        results[job.index] = {
            "notebook": str(job.path), "assessment": job.assessment, "status": "graded", "reason": None,
            "score": float(sum(i["points"] for i in auto)),
            "max_score": float(sum(i["max_points"] for i in auto)),
            "manual_max_score": float(sum(i["max_points"] for i in items if i["kind"] == "manual")),
            "seed": job.seed, "items": items,
            "feedback_html": _feedback_copy(outcome.get("feedback_html"), job.path, out_dir, taken),
        }
    if not keep_jobs and run.exists():
        shutil.rmtree(run, ignore_errors=True)
    return results


def _guess(path: Path, sources: Sources) -> str:
    return path.stem if path.stem in sources.names else (path.parent.name if path.parent.name in sources.names else path.stem)


def grade_notebook(path, **options) -> dict:
    """Grade one notebook (see `grade_notebooks` for the options)."""
    return grade_notebooks([path], **options)[0]
