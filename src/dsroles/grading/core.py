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


def _signal_name(number: int) -> str:
    import signal

    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def failure_reason(outcome: dict | None, ended: dict, job_dir: Path, limits: Limits, deadline: float) -> str:
    """Words for a job nbgrader could not finish, from what happened, naming the cell it was running."""
    where = "a cell"
    try:
        progress = json.loads((job_dir / "progress.json").read_text())
        label = progress["grade_id"] or f"cell {progress['index'] + 1}"
        where = f"cell {label!r} (`{progress['first_line']}`)"
    except (OSError, ValueError, KeyError):
        pass
    again = "Run the notebook top to bottom yourself (Kernel > Restart Kernel and Run All Cells), remove the cause, and grade again."
    loop = ("a loop that catches KeyboardInterrupt, or a long call that cannot be interrupted. "
            "Make the cell finish in a few seconds, run the notebook top to bottom yourself, and grade again.")
    if ended.get("killed"):
        return (f"grading was stopped after {deadline:.0f} s while it was running {where}: it did not "
                f"stop when interrupted at the {limits.cell_timeout} s limit per cell, probably " + loop)
    code = ended.get("exitcode")
    if outcome is None:
        how = (f"was killed by {_signal_name(-code)}" if isinstance(code, int) and code < 0
               else f"exited with status {code}")
        return (f"the grading worker {how} while it was running {where}, before it could score the notebook "
                "(without the sandbox, code in the notebook can signal the grader). " + again)
    failure = outcome.get("failure")
    log = (outcome.get("log") or "").strip()
    if failure == "tampered":
        return f"the notebook changed the grading machinery ({log}). Remove that code and grade again."
    elapsed = outcome.get("elapsed")
    if failure == "unresponsive" and elapsed is not None and elapsed < limits.cell_timeout:
        return (f"the kernel stopped answering {outcome['elapsed']:.0f} s into {where}, under the "
                f"{limits.cell_timeout} s limit per cell: the code broke the kernel's own machinery (patched "
                "builtins, a replaced sys.stdout or kernel object). " + again)
    if failure == "unresponsive":
        return (f"{where} ran past the {limits.cell_timeout} s limit per cell and did not stop when "
                "interrupted, probably " + loop)
    if failure == "kernel_died":
        return (f"the Python kernel died while running {where}: the code exited the process "
                f"(os._exit, exit()), crashed, or hit a limit (memory {limits.memory_mb} MB, CPU "
                f"{limits.cpu_seconds} s, {limits.processes} processes). " + again)
    if failure == "metadata":
        return ("nbgrader found its cell metadata corrupted; take a fresh copy of the assessment from "
                "assessments/, paste your answers into it, and grade again.")
    if failure == "worker_memory":
        return (f"the grading worker ran out of memory (its limit is {outcome.get('memory_mb', '?')} MB) while "
                f"handling {where}: the notebook sent more output than the grader holds. " + again)
    return f"nbgrader could not grade it: {nbgrader_error(log)}. " + again


def nbgrader_error(log: str) -> str:
    """The exception behind nbgrader's failure (the last one raised), not 'see the above traceback'."""
    import re

    lines = [re.sub(r"^\[[A-Z]+\]\s*", "", ln.strip()) for ln in log.splitlines() if ln.strip()]
    raised = [ln for ln in lines if re.match(r"^[\w.]*(Error|Exception|Exit|Interrupt)\b", ln)
              and "NbGraderException" not in ln]
    said = [ln for ln in lines if "above traceback" not in ln and not ln.startswith(("File ", "Traceback", "^"))]
    return (raised or said or ["no log"])[-1][:500]


class Job:
    def __init__(self, index, path, assessment, seed, nb):
        self.index, self.path, self.assessment, self.seed, self.nb = index, path, assessment, seed, nb
        self.dir: Path | None = None
        self.sockets: Path | None = None


def _make_job_dir(job: Job, run: Path, course: Path, limits: Limits, box: dict | None) -> float:
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
               "feedback_mb": FEEDBACK_MB}
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
) -> list[dict]:
    """Grade each notebook with nbgrader; return one result dict per notebook, in order.

    Never raises for a bad notebook: it gets status "not_graded" and a reason.
    `out_dir` (if given) receives the feedback HTML files; the learner's files are
    only read. `seed` fixes the grading seed (default: one fresh random seed for the whole
    run — so the data for it is generated once — never a learner's own). `timeout`
    overrides `limits.cell_timeout`. `sandbox`: None uses one when it can be made, True
    raises `SandboxUnavailable` when it cannot, False grades without one.
    """
    from dsroles.grading.course import default_course_dir

    limits = (limits or Limits()).with_timeout(timeout)
    sources = Sources(Path(solutions_dir) if solutions_dir else default_solutions())
    course = Path(course_dir or default_course_dir())
    box, why_not = sandbox_for(sandbox, notebooks, sources.folder, course)
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
    try:
        buildable = _build(jobs, sources, course, results, box, limits)
        deadlines = {job.index: _make_job_dir(job, run, course, limits, box) for job in buildable}
        if buildable:
            from dsroles.grading.worker import preload

            preload()
        ended = run_jobs_for(buildable, deadlines, workers)
        find = competency_lookup(framework)
        taken: set = set()
        for job in buildable:
            try:
                results[job.index] = _result(job, ended.get(job.dir, {}), deadlines[job.index], limits, sources,
                                             find, out_dir, taken)
            except Exception as exc:
                results[job.index] = not_graded(job.path, job.assessment, f"its result could not be read: "
                                                f"{type(exc).__name__}: {exc}", seed=job.seed)
    finally:
        for job in jobs:
            if job.sockets is not None:
                shutil.rmtree(job.sockets, ignore_errors=True)
        if not keep_jobs and run.exists():
            shutil.rmtree(run, ignore_errors=True)
    for result in results:
        result.update(sandbox=box is not None, sandbox_reason=why_not)
    return results


def sandbox_for(wanted: bool | None, notebooks, solutions: Path, course: Path) -> tuple[dict | None, str | None]:
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
    secrets_ = [solutions, solutions_dir(), course]
    layout = sandbox.plan([Path(p) for p in notebooks], secrets_, found)
    return {"bwrap": found.bwrap, "plan": layout.to_json()}, None


def _build(jobs, sources, course, results, box, limits) -> list:
    """Build each assessment once (and fill the sandbox's data cache); the jobs that can run."""
    from dsroles.grading.course import prepare, warm_cache

    broken = {}
    for assessment in dict.fromkeys(job.assessment for job in jobs):
        try:
            prepare(sources.folder, [assessment], course)
        except RuntimeError as exc:
            broken[assessment] = f"the kit's assessment is broken: {exc}"
    if box is not None:
        for assessment, seed_ in dict.fromkeys((j.assessment, j.seed) for j in jobs if j.assessment not in broken):
            warm_cache(sources.notebook(assessment), seed_, limits.notebook_deadline(0) + 60)
    for job in jobs:
        if job.assessment in broken:
            results[job.index] = not_graded(job.path, job.assessment, broken[job.assessment], seed=job.seed)
    return [job for job in jobs if job.assessment not in broken]


def run_jobs_for(jobs, deadlines, workers) -> dict:
    from dsroles.grading.batch import run_jobs

    return run_jobs([(job.dir, deadlines[job.index]) for job in jobs], workers)


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
