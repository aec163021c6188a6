"""The grading function: notebooks in, one result dict per notebook out.

    results = grade_notebooks(["assessments/data_engineer/data_engineer.ipynb"])

Storage (the private nbgrader course, gradebooks, job folders) stays behind this
function; `dsroles grade`, `dsroles validate` and the tests all call it.
"""

from __future__ import annotations

import json
import secrets
import shutil
import tempfile
import time
from pathlib import Path

from dsroles.grading import notebook as nbk
from dsroles.grading.limits import Limits
from dsroles.grading.reasons import failure_reason


WORKER_MEMORY_MB = 3072  # address space of a grading worker (nbgrader, the client, the feedback page)
FEEDBACK_MB = 5  # the largest feedback page written


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
    nbk.check_size(nb, path.name)
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


class Job:
    def __init__(self, index, path, assessment, seed, nb):
        self.index, self.path, self.assessment, self.seed, self.nb = index, path, assessment, seed, nb
        self.dir: Path | None = None
        self.sockets: Path | None = None


def _make_job_dir(job: Job, run: Path, course: Path, limits: Limits, box: dict | None,
                  nbgrader_feedback: bool = True) -> float:
    import nbformat

    from dsroles.grading.worker import STUDENT

    job.dir = run / f"{job.index:03d}"
    submitted = job.dir / "submitted" / STUDENT / job.assessment
    submitted.mkdir(parents=True)
    nbformat.write(job.nb, str(submitted / f"{job.assessment}.ipynb"))
    (job.dir / "source").symlink_to(course / "source")
    shutil.copyfile(course / "gradebooks" / f"{job.assessment}.db", job.dir / "gradebook.db")
    job.sockets = Path(tempfile.mkdtemp(prefix="dsroles-"))  # short: unix socket paths are short
    payload = {"assessment": job.assessment, "course": str(course), "limits": json.loads(limits.to_env()),
               "sockets": str(job.sockets), "sandbox": box, "worker_memory_mb": WORKER_MEMORY_MB,
               "feedback_mb": FEEDBACK_MB, "nbgrader_feedback": nbgrader_feedback}
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
    sandbox: bool | None = None,
    hide=(),
    executor=None,
    progress=None,
    nbgrader_feedback: bool = True,
) -> list[dict]:
    """Grade each notebook with nbgrader; return one result dict per notebook, in order.

    Never raises for a bad notebook: it gets status "not_graded" and a reason.
    `out_dir` (if given) receives the feedback HTML files; the learner's files are
    only read. `seed` fixes the grading seed (default: one fresh random seed for the whole
    run — so the data for it is generated once — never a learner's own). `timeout`
    overrides `limits.cell_timeout`. `sandbox`: None uses one when it can be made, True
    raises `SandboxUnavailable` when it cannot, False grades without one. `hide`: more folders
    the sandbox hides from learner code (e.g. an instructor's course folder). `executor`: where
    the jobs run (see `dsroles.grading.batch`; default local processes). `progress`: a callable
    told of each notebook as it ends (see `dsroles.grading.progress`). With `keep_jobs`, each
    result names its job folder (``job_dir``). Without `nbgrader_feedback`, nbgrader's own
    feedback page is not made (about 0.5 s a notebook): a workshop makes it later, from the
    course's gradebook, once the hand-marked items are marked.
    """
    from dsroles.grading.course import default_course_dir

    limits = (limits or Limits()).with_timeout(timeout)
    sources = Sources(Path(solutions_dir) if solutions_dir else default_solutions())
    course = Path(course_dir or default_course_dir())
    box, why_not = sandbox_for(sandbox, notebooks, sources.folder, course, hide)
    results: list[dict | None] = [None] * len(notebooks)
    jobs: list[Job] = []
    run_seed = secrets.randbelow(2**31 - 2) + 1
    for index, path in enumerate(map(Path, notebooks)):
        try:
            jobs.append(Job(index, path, *prepare_submission(path, sources, seed, run_seed)))
        except nbk.NotGraded as exc:
            results[index] = not_graded(path, _guess(path, sources), str(exc))
        except Exception as exc:  # anything else about one notebook is that notebook's problem
            results[index] = not_graded(path, _guess(path, sources), f"it could not be read: {type(exc).__name__}: {exc}")
    run = course / "jobs" / f"{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(3)}"
    warming: list = []
    try:
        buildable, warming = _build(jobs, sources, course, results, box)
        deadlines = {}
        for job in list(buildable):
            try:
                deadlines[job.index] = _make_job_dir(job, run, course, limits, box, nbgrader_feedback)
            except Exception as exc:  # e.g. a notebook nbformat cannot write back
                buildable.remove(job)
                results[job.index] = not_graded(job.path, job.assessment, "its grading job could not be set up: "
                                                f"{type(exc).__name__}: {exc}", seed=job.seed)
        if buildable:
            from dsroles.grading.course import wait_for
            from dsroles.grading.worker import preload

            preload()  # while the data cache warms up in other processes
            wait_for(warming, limits.notebook_deadline(0) + 60)
        ended = run_jobs_for(buildable, deadlines, workers, executor, progress)
        find = competency_lookup(framework)
        taken: set = set()
        for job in buildable:
            try:
                results[job.index] = _result(job, ended.get(job.dir, {}), deadlines[job.index], limits, sources,
                                             find, out_dir, taken)
                if keep_jobs:
                    results[job.index]["job_dir"] = str(job.dir)
            except Exception as exc:
                results[job.index] = not_graded(job.path, job.assessment, f"its result could not be read: "
                                                f"{type(exc).__name__}: {exc}", seed=job.seed)
    finally:
        for process in warming:
            if process.poll() is None:
                process.kill()
        for job in jobs:
            if job.sockets is not None:
                shutil.rmtree(job.sockets, ignore_errors=True)
        if not keep_jobs and run.exists():
            shutil.rmtree(run, ignore_errors=True)
    for result in results:
        result.update(sandbox=box is not None, sandbox_reason=why_not)
    return results


def sandbox_for(wanted: bool | None, notebooks, solutions: Path, course: Path, hide=()) -> tuple[dict | None, str | None]:
    """The run's sandbox settings for job.json (None without one) and why there is none."""
    from dsroles.grading import sandbox
    from dsroles.paths import solutions_dir

    if wanted is False:
        return None, "turned off for this run"
    found = sandbox.probe()
    if not found.available:
        if wanted:
            raise sandbox.SandboxUnavailable(f"no sandbox can be made here: {found.reason}")
        return None, found.reason
    secrets_ = [solutions, solutions_dir(), course, *map(Path, hide)]
    layout = sandbox.plan([Path(p) for p in notebooks], secrets_, found)
    return {"bwrap": found.bwrap, "plan": layout.to_json()}, None


def _build(jobs, sources, course, results, box) -> tuple[list, list]:
    """Build each assessment once, start filling the sandbox's data cache; the jobs that can run
    and the warm-up processes to wait for."""
    from dsroles.grading.course import prepare, warm_cache

    broken = {}
    for assessment in dict.fromkeys(job.assessment for job in jobs):
        try:
            prepare(sources.folder, [assessment], course)
        except RuntimeError as exc:
            broken[assessment] = f"the kit's assessment is broken: {exc}"
    from dsroles.paths import data_cache

    warming = []
    if box is not None:
        for assessment, seed_ in dict.fromkeys((j.assessment, j.seed) for j in jobs if j.assessment not in broken):
            if not any(data_cache().glob(f"seed{seed_}-*")):  # the seed's data is not generated yet
                warming.append(warm_cache(sources.notebook(assessment), seed_))
    for job in jobs:
        if job.assessment in broken:
            results[job.index] = not_graded(job.path, job.assessment, broken[job.assessment], seed=job.seed)
    return [job for job in jobs if job.assessment not in broken], [w for w in warming if w is not None]


def run_jobs_for(jobs, deadlines, workers, executor=None, progress=None) -> dict:
    from dsroles.grading.batch import run_jobs

    return run_jobs([(job.dir, deadlines[job.index]) for job in jobs], workers, executor=executor, progress=progress)


def _result(job, ended, deadline, limits, sources, find, out_dir, taken) -> dict:
    outcome_path = job.dir / "outcome.json"
    outcome = json.loads(outcome_path.read_text()) if outcome_path.exists() else None
    if ended.get("killed") or not outcome or not outcome.get("ok"):
        reason = failure_reason(outcome, ended, job.dir, limits, deadline)
        return not_graded(job.path, job.assessment, reason, seed=job.seed, max_score=sources.max_score(job.assessment))
    items = [dict(item, competency=find(item["grade_id"])) for item in outcome["items"]]
    auto = [i for i in items if i["kind"] == "autograded"]
    return {
        "notebook": str(job.path), "assessment": job.assessment, "status": "graded", "reason": None,
        "score": float(sum(i["points"] for i in auto)),
        "max_score": float(sum(i["max_points"] for i in auto)),
        "manual_max_score": float(sum(i["max_points"] for i in items if i["kind"] == "manual")),
        "seed": job.seed, "items": items,
        "answer_key_used": any(i.get("answer_key_used") for i in items),
        "feedback_html": _feedback_copy(outcome.get("feedback_html"), job.path, out_dir, taken),
        "note": outcome.get("log") or None,
    }


def _guess(path: Path, sources: Sources) -> str:
    return path.stem if path.stem in sources.names else (path.parent.name if path.parent.name in sources.names else path.stem)


def grade_notebook(path, **options) -> dict:
    """Grade one notebook (see `grade_notebooks` for the options)."""
    return grade_notebooks([path], **options)[0]
